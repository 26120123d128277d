"""The gadget leaderboard and the exports staff hand on: CSV, XLSX and JSON Lines.

CSV is written for Excel: UTF-8 with a byte-order mark, and any cell that starts with
``= + - @``, a tab or a carriage return is prefixed with an apostrophe so a spreadsheet shows it
as text instead of running it as a formula. XLSX cells are written as typed text, never formulas.

``anonymize`` replaces usernames, user ids, reply ids and @handles in the text by stable keyed
pseudonyms (HMAC-SHA256 with a key kept in the workspace), so the same reader has the same
pseudonym in every export made with that key, and the real name appears nowhere in the file.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import json
import os
import re
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from config.errors import InputError
from posts.models import Reply, Stance

if TYPE_CHECKING:
    from replies.lexicon import Lexicon
    from scheduler.store import Store

EXPORT_FORMATS = ("csv", "xlsx", "jsonl")
KEY_FILE = ".tipqueue-anonymize.key"
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
_HANDLE = re.compile(r"@([A-Za-z0-9._]{1,30})")
SAMPLE_CHARS = 200

REPLY_COLUMNS = (
    "platform_id",
    "post_id",
    "kind",
    "parent_id",
    "username",
    "created_at",
    "collected_at",
    "text",
    "gadgets",
    "categories",
    "stances",
)
LEADERBOARD_COLUMNS = (
    "rank",
    "gadget",
    "category",
    "brand",
    "mentions",
    "people",
    "recommends",
    "dislikes",
    "first_seen",
    "last_seen",
    "sample",
)


@dataclass(frozen=True)
class GadgetRow:
    """One line of the leaderboard."""

    gadget: str
    category: str
    brand: str | None
    mentions: int  # replies naming it
    people: int  # distinct readers naming it
    recommends: int
    dislikes: int
    first_seen: datetime | None
    last_seen: datetime | None
    sample: str  # a quote, preferably from a reply that recommends it

    def as_dict(self) -> dict[str, Any]:
        return {
            "gadget": self.gadget,
            "category": self.category,
            "brand": self.brand,
            "mentions": self.mentions,
            "people": self.people,
            "recommends": self.recommends,
            "dislikes": self.dislikes,
            "first_seen": self.first_seen.isoformat() if self.first_seen else None,
            "last_seen": self.last_seen.isoformat() if self.last_seen else None,
            "sample": self.sample,
        }


def _when(reply: Reply) -> datetime | None:
    return reply.created_at or reply.collected_at


def _person(reply: Reply) -> str:
    if reply.user_id:
        return "id:" + reply.user_id
    if reply.username:
        return "u:" + reply.username.lower()
    return "r:" + reply.platform_id


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SAMPLE_CHARS else flat[: SAMPLE_CHARS - 1].rstrip() + "…"


def rank_gadgets(replies: Iterable[Reply]) -> list[GadgetRow]:
    """The leaderboard of the gadgets named in ``replies`` (their stored mentions)."""
    stats: dict[str, dict[str, Any]] = {}
    for reply in replies:
        when = _when(reply)
        person = _person(reply)
        for mention in {m.gadget: m for m in reply.mentions}.values():
            row = stats.get(mention.gadget)
            if row is None:
                row = stats[mention.gadget] = {
                    "category": mention.category,
                    "brand": mention.brand,
                    "mentions": 0,
                    "people": set(),
                    "recommends": 0,
                    "dislikes": 0,
                    "first": None,
                    "last": None,
                    "sample": None,
                    "fallback": None,
                }
            row["mentions"] += 1
            row["people"].add(person)
            if mention.stance is Stance.RECOMMENDS:
                row["recommends"] += 1
                if row["sample"] is None:
                    row["sample"] = reply.text
            elif mention.stance is Stance.DISLIKES:
                row["dislikes"] += 1
            if row["fallback"] is None:
                row["fallback"] = reply.text
            if when is not None:
                row["first"] = when if row["first"] is None or when < row["first"] else row["first"]
                row["last"] = when if row["last"] is None or when > row["last"] else row["last"]
    rows = [
        GadgetRow(
            gadget=name,
            category=s["category"],
            brand=s["brand"],
            mentions=s["mentions"],
            people=len(s["people"]),
            recommends=s["recommends"],
            dislikes=s["dislikes"],
            first_seen=s["first"],
            last_seen=s["last"],
            sample=_quote(s["sample"] or s["fallback"] or ""),
        )
        for name, s in stats.items()
    ]
    rows.sort(key=lambda r: (-r.people, -r.recommends, -r.mentions, r.dislikes, r.gadget.lower()))
    return rows


def leaderboard(
    store: Store, lexicon: Lexicon | None = None, *, post_id: str | None = None
) -> list[GadgetRow]:
    """The leaderboard over stored replies.

    With ``lexicon`` the gadgets are found again with it (for a lexicon edited since the replies
    were stored), without changing what is stored.
    """
    replies: Sequence[Reply] = store.list_replies(post_id=post_id)
    if lexicon is not None:
        from replies.gadgets import GadgetMatcher

        replies = GadgetMatcher(lexicon).annotate(replies)
    return rank_gadgets(replies)


# --- pseudonyms ------------------------------------------------------------------------------


def anonymization_key(workspace: Path) -> bytes:
    """The workspace's pseudonym key, created (owner-only permissions) on first use."""
    path = workspace / KEY_FILE
    if path.is_file():
        text = path.read_text(encoding="ascii").strip()
        try:
            key = bytes.fromhex(text)
        except ValueError:
            raise InputError(
                f"{path.name} is damaged; delete it to make a new key (pseudonyms will change)"
            ) from None
        if len(key) < 16:
            raise InputError(f"{path.name} holds a key shorter than 16 bytes; delete it to make a new one")
        return key
    key = secrets.token_bytes(32)
    workspace.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key.hex() + "\n")
    return key


def pseudonym(value: str, key: bytes, *, prefix: str = "reader") -> str:
    """A stable pseudonym for a username (case-insensitive) under ``key``."""
    digest = hmac.new(key, value.strip().lstrip("@").lower().encode("utf-8"), hashlib.sha256).hexdigest()
    return f"{prefix}-{digest[:12]}"


class _Anonymizer:
    def __init__(self, key: bytes) -> None:
        self.key = key

    def user(self, name: str | None) -> str | None:
        return pseudonym(name, self.key) if name else None

    def ident(self, value: str | None) -> str | None:
        return pseudonym(value, self.key, prefix="id") if value else None

    def text(self, text: str) -> str:
        return _HANDLE.sub(lambda m: "@" + pseudonym(m.group(1), self.key), text)


# --- rows ------------------------------------------------------------------------------------


def reply_record(reply: Reply, anonymizer: _Anonymizer | None = None) -> dict[str, Any]:
    """A reply as an export row (plain values; times as ISO 8601 UTC)."""
    mentions = reply.mentions
    username = reply.username
    text = reply.text
    platform_id: str | None = reply.platform_id
    parent_id = reply.parent_id
    if anonymizer is not None:
        username = anonymizer.user(username)
        text = anonymizer.text(text)
        platform_id = anonymizer.ident(platform_id)
        parent_id = anonymizer.ident(parent_id)
    return {
        "platform_id": platform_id,
        "post_id": reply.post_id,
        "kind": reply.kind.value,
        "parent_id": parent_id,
        "username": username,
        "created_at": reply.created_at.isoformat() if reply.created_at else None,
        "collected_at": reply.collected_at.isoformat() if reply.collected_at else None,
        "text": text,
        "gadgets": "; ".join(m.gadget for m in mentions),
        "categories": "; ".join(m.category for m in mentions),
        "stances": "; ".join(m.stance.value for m in mentions),
    }


def safe_cell(value: Any) -> str:
    """A CSV cell a spreadsheet shows as text: formula-looking values get a leading apostrophe."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(_DANGEROUS):
        return "'" + text
    return text


def _write_csv(path: Path, columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([safe_cell(row.get(c)) for c in columns])
            count += 1
    return count


def _write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


def _xlsx_sheet(book: Any, title: str, columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> int:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    sheet = book.create_sheet(title)
    bold = Font(bold=True)
    header = []
    for name in columns:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in rows:
        cells = []
        for name in columns:
            value = row.get(name)
            if isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
                cell.data_type = "s"  # text, even when it starts with "=": never a formula
            else:
                cell = WriteOnlyCell(sheet, value=value)
            cells.append(cell)
        sheet.append(cells)
        count += 1
    return count


def _atomic(path: Path, write: Callable[[Path], int]) -> int:
    if path.is_dir():
        raise InputError(f"{path} is a folder; give a file name for the export, e.g. replies.csv")
    if not path.parent.exists():
        raise InputError(f"folder {path.parent} does not exist; create it or choose another path")
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        count = write(temp)
        os.replace(temp, path)
    finally:
        if temp.exists():
            temp.unlink()
    return count


def _leaderboard_records(rows: Sequence[GadgetRow]) -> list[dict[str, Any]]:
    return [{"rank": n, **row.as_dict()} for n, row in enumerate(rows, start=1)]


def write_replies(
    replies: Sequence[Reply],
    path: Path,
    fmt: str,
    *,
    anonymize: bool = False,
    key: bytes | None = None,
    rows: Sequence[GadgetRow] | None = None,
) -> int:
    """Write replies (and, in XLSX, a Leaderboard sheet first) to ``path``; returns replies written."""
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"export format {fmt!r} is not supported; use one of {', '.join(EXPORT_FORMATS)}")
    if anonymize and not key:
        raise InputError("anonymize needs a key; the CLI keeps one in the workspace")
    anonymizer = _Anonymizer(key) if anonymize and key else None
    records = (reply_record(r, anonymizer) for r in replies)
    if fmt == "csv":
        return _atomic(path, lambda p: _write_csv(p, REPLY_COLUMNS, records))
    if fmt == "jsonl":
        return _atomic(path, lambda p: _write_jsonl(p, records))

    def xlsx(target: Path) -> int:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        board = list(rows if rows is not None else rank_gadgets(replies))
        if anonymizer is not None:
            board = [replace(row, sample=anonymizer.text(row.sample)) for row in board]
        _xlsx_sheet(book, "Leaderboard", LEADERBOARD_COLUMNS, _leaderboard_records(board))
        count = _xlsx_sheet(book, "Replies", REPLY_COLUMNS, records)
        book.save(target)
        return count

    return _atomic(path, xlsx)


def export_replies(
    store: Store,
    path: Path,
    fmt: str,
    *,
    anonymize: bool = False,
    key: bytes | None = None,
    post_id: str | None = None,
) -> int:
    """Export the stored replies with the gadgets found in each; returns how many were written."""
    return write_replies(store.list_replies(post_id=post_id), path, fmt, anonymize=anonymize, key=key)


def export_leaderboard(rows: Sequence[GadgetRow], path: Path, fmt: str) -> int:
    """Write the leaderboard itself as CSV, XLSX or JSON Lines; returns rows written."""
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"export format {fmt!r} is not supported; use one of {', '.join(EXPORT_FORMATS)}")
    records = _leaderboard_records(rows)
    if fmt == "csv":
        return _atomic(path, lambda p: _write_csv(p, LEADERBOARD_COLUMNS, records))
    if fmt == "jsonl":
        return _atomic(path, lambda p: _write_jsonl(p, records))

    def xlsx(target: Path) -> int:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        count = _xlsx_sheet(book, "Leaderboard", LEADERBOARD_COLUMNS, records)
        book.save(target)
        return count

    return _atomic(path, xlsx)
