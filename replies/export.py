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
import math
import os
import re
import secrets
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from tipqueue.config.errors import InputError
from tipqueue.posts.models import GadgetMention, Reply, ReplyKind, Stance

if TYPE_CHECKING:
    from tipqueue.replies.lexicon import Lexicon
    from tipqueue.scheduler.store import Store

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
    "found",
    "cues",
)

Rollup = Literal["gadget", "brand", "category"]
ROLLUPS: tuple[Rollup, ...] = ("gadget", "brand", "category")

# The counts in ranking order: people who recommend, people, people who dislike, replies.
_COUNTS = ("recommends", "people", "dislikes", "mentions", "relayed")
_TAIL = ("first_seen", "last_seen", "sample")
_NAMED_BY: dict[Rollup, tuple[str, ...]] = {
    "gadget": ("gadget", "category", "brand"),
    "brand": ("brand", "category", "includes"),
    "category": ("category", "includes"),
}


def leaderboard_columns(by: str = "gadget") -> tuple[str, ...]:
    """The leaderboard's columns for one roll-up: the row's name column is named after ``by``."""
    return ("rank", *_NAMED_BY[check_rollup(by)], *_COUNTS, *_TAIL)


def check_rollup(by: str) -> Rollup:
    """``by`` if it is a roll-up the leaderboard knows; a one-line InputError otherwise."""
    if by not in ROLLUPS:
        raise InputError(f"cannot roll the leaderboard up by {by!r}; use --by gadget, brand or category")
    return by


LEADERBOARD_COLUMNS = leaderboard_columns("gadget")


@dataclass(frozen=True)
class GadgetRow:
    """One line of the leaderboard: a gadget, or a brand or category with its gadgets rolled up.

    ``people``, ``recommends`` and ``dislikes`` count distinct readers; each reader has one stance
    per row (see :func:`rank_gadgets`), so ``recommends + dislikes <= people``.
    """

    gadget: str  # the row's name: the gadget, the brand or the category label (see ``by``)
    category: str  # the category label; a brand spanning several lists them, most named first
    brand: str | None
    mentions: int  # replies naming it (a reply naming two of a brand's gadgets counts once)
    people: int  # distinct readers naming it
    recommends: int  # readers whose stance on it is "recommends"
    dislikes: int  # readers whose stance on it is "dislikes"
    first_seen: datetime | None
    last_seen: datetime | None
    sample: str  # a quote, preferably from a reply that recommends it
    by: Rollup = "gadget"
    includes: tuple[str, ...] = ()  # the gadgets rolled up into the row, most people first
    #: readers who only report someone else's verdict ("my sister swears by it"); not counted in
    #: recommends or dislikes
    relayed: int = 0

    def as_dict(self) -> dict[str, Any]:
        """The row under its column names (the name column is called after ``by``)."""
        values: dict[str, Any] = {
            "category": self.category,
            "brand": self.brand,
            "includes": list(self.includes),
            "recommends": self.recommends,
            "people": self.people,
            "dislikes": self.dislikes,
            "mentions": self.mentions,
            "relayed": self.relayed,
            "first_seen": self.first_seen.isoformat() if self.first_seen else None,
            "last_seen": self.last_seen.isoformat() if self.last_seen else None,
            "sample": self.sample,
        }
        values[self.by] = self.gadget  # the name column, also when it is called "brand" or "category"
        return {column: values[column] for column in leaderboard_columns(self.by)[1:]}


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


def _row_name(mention: GadgetMention, by: Rollup) -> str:
    if by == "brand":
        return mention.brand or mention.gadget  # a generic "Gua sha" has no brand: its own row
    if by == "category":
        return mention.category
    return mention.gadget


@dataclass
class _Tally:
    """One row's counts. Readers are small ints (``people`` in :func:`rank_gadgets`) and an
    opinion is one int, the reply's number times two plus one if it recommends: a million
    replies by a few hundred thousand readers fit in some 100 MB."""

    name: str
    brand: str | None = None
    mentions: int = 0
    categories: Counter[str] = field(default_factory=Counter)
    members: dict[str, set[int]] = field(default_factory=dict)  # gadget -> readers naming it
    #: reader -> their latest reply recommending (odd) or disliking (even) something in the row
    opinions: dict[int, int] = field(default_factory=dict)
    relays: set[int] = field(default_factory=set)  # readers reporting only others' verdicts
    first: datetime | None = None
    last: datetime | None = None
    sample: str | None = None
    fallback: str | None = None

    def add(
        self, reply: Reply, mentions: Sequence[GadgetMention], person: int, number: int, times: array[float]
    ) -> None:
        """Count ``reply`` (the ``number``-th, written at ``times[number]``) by reader ``person``."""
        self.mentions += 1
        for mention in mentions:
            self.members.setdefault(mention.gadget, set()).add(person)
            self.categories[mention.category] += 1
            self.brand = self.brand or mention.brand
        stances = {m.stance for m in mentions if not m.relayed}
        if any(m.relayed and m.stance is not Stance.MENTIONS for m in mentions):
            self.relays.add(person)
        # One reply, one stance per row; a reply that recommends one of a brand's gadgets and
        # dislikes another counts as recommending the brand.
        stance = next((s for s in (Stance.RECOMMENDS, Stance.DISLIKES) if s in stances), Stance.MENTIONS)
        if stance is not Stance.MENTIONS:
            known = self.opinions.get(person)
            # the reader's latest opinion counts: by the time written, then the later reply
            if known is None or times[number] >= times[known >> 1]:
                self.opinions[person] = 2 * number + (stance is Stance.RECOMMENDS)
        if stance is Stance.RECOMMENDS and self.sample is None:
            self.sample = reply.text
        if self.fallback is None:
            self.fallback = reply.text
        when = _when(reply)
        if when is not None:
            self.first = when if self.first is None or when < self.first else self.first
            self.last = when if self.last is None or when > self.last else self.last

    def row(self, by: Rollup) -> GadgetRow:
        people = set().union(*self.members.values())
        recommends = sum(code & 1 for code in self.opinions.values())
        members = sorted(self.members, key=lambda g: (-len(self.members[g]), g.casefold()))
        return GadgetRow(
            gadget=self.name,
            category="; ".join(c for c, _ in self.categories.most_common()),
            brand=None if by == "category" else self.brand,
            mentions=self.mentions,
            people=len(people),
            recommends=recommends,
            dislikes=len(self.opinions) - recommends,
            first_seen=self.first,
            last_seen=self.last,
            sample=_quote(self.sample or self.fallback or ""),
            by=by,
            includes=tuple(members) if by != "gadget" else (),
            relayed=len(self.relays - set(self.opinions)),
        )


def ranking_key(row: GadgetRow) -> tuple[int, int, int, int, str]:
    """The leaderboard order.

    First the readers who name it without disliking it (the replies answer "what is your favourite
    gadget?", so naming one is a vote even without a cue word such as "love"), then those who
    explicitly recommend it, then fewer who dislike it, then more replies, then the name.
    """
    backers = row.people - row.dislikes
    return (-backers, -row.recommends, row.dislikes, -row.mentions, row.gadget.casefold())


def rank_gadgets(replies: Iterable[Reply], *, by: str = "gadget") -> list[GadgetRow]:
    """The leaderboard of the gadgets named in ``replies`` (their stored mentions).

    ``by="brand"`` rolls a brand's gadgets into one row (a gadget without a brand keeps its own
    row); ``by="category"`` rolls every gadget of a kind into one. Readers are counted once per
    row however many of its gadgets or replies they name. Each reader has one stance per row: their
    latest reply that recommends or dislikes something in the row decides (a reply doing both
    counts as recommending); a reader who only mentions it counts for neither. Rows are ranked
    by :func:`ranking_key`.
    """
    rollup = check_rollup(by)
    tallies: dict[str, _Tally] = {}
    people: dict[str, int] = {}  # each reader once, as a small int
    times = array("d")  # when each reply was written (-inf: not known, before any known time)
    for index, reply in enumerate(replies):
        when = _when(reply)
        times.append(when.timestamp() if when is not None else -math.inf)
        if not reply.mentions:
            continue
        key = _person(reply)
        person = people.get(key)
        if person is None:
            person = people[key] = len(people)
        grouped: dict[str, list[GadgetMention]] = {}
        for mention in reply.mentions:
            grouped.setdefault(_row_name(mention, rollup).casefold(), []).append(mention)
        for name, mentions in grouped.items():
            tally = tallies.get(name)
            if tally is None:
                tally = tallies[name] = _Tally(name=_row_name(mentions[0], rollup))
            tally.add(reply, mentions, person, index, times)
    return sorted((tally.row(rollup) for tally in tallies.values()), key=ranking_key)


def leaderboard(
    store: Store,
    lexicon: Lexicon | None = None,
    *,
    post_id: str | None = None,
    by: str = "gadget",
) -> list[GadgetRow]:
    """The leaderboard over stored replies, per gadget (default), brand or category.

    With ``lexicon`` the gadgets are found again with it (for a lexicon edited since the replies
    were stored), without changing what is stored. An unknown ``post_id`` raises NotFoundError
    (rather than an empty board that looks like no reader named anything).
    """
    check_rollup(by)
    if post_id is not None:
        store.get_post(post_id)  # NotFoundError naming the id and where to look it up
    # read in batches by id: memory holds the tallies and one batch, not every reply
    replies: Iterable[Reply] = store.iter_replies(post_id=post_id, naming=lexicon is None)
    if lexicon is not None:
        from tipqueue.replies.gadgets import GadgetMatcher

        matcher = GadgetMatcher(lexicon)
        replies = (reply for page in _pages(replies, 5000) for reply in matcher.annotate(page))
    return rank_gadgets(replies, by=by)


def _pages(items: Iterable[Reply], size: int) -> Iterator[list[Reply]]:
    page: list[Reply] = []
    for item in items:
        page.append(item)
        if len(page) == size:
            yield page
            page = []
    if page:
        yield page


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
        "found": "; ".join(_how_found(m) for m in mentions),
        "cues": "; ".join(m.cue for m in mentions),
    }


def _how_found(mention: GadgetMention) -> str:
    """ "named" or "inferred" (from the comment answered, the thread or the post), "+ relayed"
    when the verdict is someone else's that the reader reports."""
    how = "inferred" if mention.inferred else "named"
    return how + " relayed" if mention.relayed else how


def _csv_reply_rows(replies: Iterable[Reply], anonymizer: _Anonymizer | None) -> Iterator[list[str]]:
    """The CSV cells of each reply, as :func:`safe_cell` of :func:`reply_record` would give them,
    built straight into a list (the export's hot loop: no dict, no call per cell)."""
    dangerous = _DANGEROUS
    kinds: dict[ReplyKind, str] = {kind: safe_cell(kind.value) for kind in ReplyKind}
    last_collected: datetime | None = None
    last_collected_text = ""
    for reply in replies:
        username = reply.username
        text = reply.text
        platform_id: str | None = reply.platform_id
        parent_id = reply.parent_id
        if anonymizer is not None:
            username = anonymizer.user(username)
            text = anonymizer.text(text)
            platform_id = anonymizer.ident(platform_id)
            parent_id = anonymizer.ident(parent_id)
        created = reply.created_at
        collected = reply.collected_at
        # Many replies share the moment they were collected; an equal UTC time reads the same.
        if collected is None:
            collected_text = ""
        elif collected.tzinfo is UTC and last_collected is not None and collected == last_collected:
            collected_text = last_collected_text
        else:
            collected_text = collected.isoformat()
            last_collected, last_collected_text = (
                (collected, collected_text) if collected.tzinfo is UTC else (None, "")
            )
        mentions = reply.mentions
        if mentions:
            gadgets = "; ".join([m.gadget for m in mentions])
            categories = "; ".join([m.category for m in mentions])
            stances = "; ".join([m.stance.value for m in mentions])
            found = "; ".join([_how_found(m) for m in mentions])
            cues = "; ".join([m.cue for m in mentions])
        else:
            gadgets = categories = stances = found = cues = ""
        post_id = reply.post_id
        yield [
            ""
            if platform_id is None
            else "'" + platform_id
            if platform_id.startswith(dangerous)
            else platform_id,
            "" if post_id is None else "'" + post_id if post_id.startswith(dangerous) else post_id,
            kinds[reply.kind],
            "" if parent_id is None else "'" + parent_id if parent_id.startswith(dangerous) else parent_id,
            "" if username is None else "'" + username if username.startswith(dangerous) else username,
            "" if created is None else created.isoformat(),  # starts with the year: never a formula
            collected_text,
            "'" + text if text.startswith(dangerous) else text,
            "'" + gadgets if gadgets.startswith(dangerous) else gadgets,
            "'" + categories if categories.startswith(dangerous) else categories,
            "'" + stances if stances.startswith(dangerous) else stances,
            found,
            "'" + cues if cues.startswith(dangerous) else cues,
        ]


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


def _write_csv_rows(path: Path, columns: Sequence[str], rows: Iterable[list[str]]) -> None:
    """Like :func:`_write_csv` for rows already made of safe cells."""
    # The same bytes as encoding="utf-8-sig", whose encoder is Python code called once per row.
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("\ufeff")
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        writer.writerow(columns)
        writer.writerows(rows)


def _write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


#: Columns holding times: real Excel dates in the export's zone (named in the header).
_TIME_COLUMNS = frozenset({"created_at", "collected_at", "first_seen", "last_seen"})
_EXCEL_TIME = "yyyy-mm-dd hh:mm"
_MAX_WIDTH = 60


def _excel_time(value: Any, zone: tzinfo) -> datetime | None:
    """An ISO 8601 text or datetime as a naive datetime in ``zone`` (Excel has no time zones)."""
    if value in (None, ""):
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone).replace(tzinfo=None)


def _xlsx_lines(
    columns: Sequence[str], rows: Iterable[dict[str, Any]], zone: tzinfo, widths: list[int]
) -> Iterator[list[Any]]:
    """The cell values of each row (times as Excel dates, no characters XML cannot hold),
    widening ``widths`` to fit them."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    for row in rows:
        line: list[Any] = []
        for i, name in enumerate(columns):
            value = row.get(name)
            if name in _TIME_COLUMNS:
                value = _excel_time(value, zone)
                widths[i] = max(widths[i], 18)
            elif isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
                longest = max((len(part) for part in value.splitlines()), default=0)
                widths[i] = max(widths[i], min(longest + 2, _MAX_WIDTH))
            elif value is not None:
                widths[i] = max(widths[i], len(str(value)) + 2)
            line.append(value)
        yield line


def _xlsx_sheet(
    book: Any,
    title: str,
    columns: Sequence[str],
    rows: Iterable[dict[str, Any]] | Callable[[], Iterable[dict[str, Any]]],
    *,
    zone: tzinfo = UTC,
) -> int:
    """One sheet that opens like a spreadsheet: a bold, frozen header with an autofilter,
    columns sized to their content, times as real dates in ``zone`` (the header names it), and
    text that starts with "=" kept as text, never run as a formula.

    ``rows`` as a function giving a fresh stream each time: read twice (the widths and the
    filter's range come before the first row), never held in memory; else held as a list."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    zone_name = str(zone)
    names = [f"{n} ({zone_name})" if n in _TIME_COLUMNS else n for n in columns]
    widths = [len(n) + 2 for n in names]
    if callable(rows):
        count = sum(1 for _ in _xlsx_lines(columns, rows(), zone, widths))
        values: Iterable[list[Any]] = _xlsx_lines(columns, rows(), zone, [0] * len(columns))
    else:
        values = list(_xlsx_lines(columns, rows, zone, widths))
        count = len(values)
    sheet = book.create_sheet(title)
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    bold = Font(bold=True)
    header = []
    for name in names:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for line in values:
        cells = []
        for value in line:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text, even when it starts with "=": never a formula
            elif isinstance(value, datetime):
                cell.number_format = _EXCEL_TIME
            cells.append(cell)
        sheet.append(cells)
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


def _leaderboard_records(rows: Sequence[GadgetRow], *, flat: bool = True) -> list[dict[str, Any]]:
    """Rows numbered in ranking order; ``flat`` joins the included gadgets for a spreadsheet cell."""
    records = []
    for number, row in enumerate(rows, start=1):
        record = {"rank": number, **row.as_dict()}
        if flat and "includes" in record:
            record["includes"] = "; ".join(record["includes"])
        records.append(record)
    return records


def _columns(rows: Sequence[GadgetRow]) -> tuple[str, ...]:
    return leaderboard_columns(rows[0].by if rows else "gadget")


#: Replies to write: a sequence, or a function giving a fresh stream of them each time it is
#: called (an export reads the store that way, once per pass, never holding every reply).
Replies = Sequence[Reply] | Callable[[], Iterable[Reply]]


def _counted(rows: Iterable[Any], counter: list[int]) -> Iterator[Any]:
    for row in rows:
        counter[0] += 1
        yield row


def write_replies(
    replies: Replies,
    path: Path,
    fmt: str,
    *,
    anonymize: bool = False,
    key: bytes | None = None,
    rows: Sequence[GadgetRow] | None = None,
    by: str = "gadget",
    retention: str | None = None,
    zone: tzinfo = UTC,
) -> int:
    """Write replies (and, in XLSX, a Leaderboard sheet first) to ``path``; returns replies written.

    ``retention``: how long the source replies are kept, written to an XLSX "Retention" sheet.

    The XLSX Leaderboard sheet is ``rows`` if given, else the replies ranked ``by`` gadget, brand
    or category. XLSX times are dates in ``zone`` (the account's); CSV and JSON Lines keep UTC.
    CSV and JSON Lines read the replies once, XLSX three times (ranking, column widths, rows).
    """
    check_rollup(by)
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"export format {fmt!r} is not supported; use one of {', '.join(EXPORT_FORMATS)}")
    if anonymize and not key:
        raise InputError("anonymize needs a key; the CLI keeps one in the workspace")
    anonymizer = _Anonymizer(key) if anonymize and key else None
    stream: Callable[[], Iterable[Reply]] = replies if callable(replies) else (lambda: replies)
    if fmt == "csv":

        def csv_file(target: Path) -> int:
            counter = [0]
            _write_csv_rows(target, REPLY_COLUMNS, _counted(_csv_reply_rows(stream(), anonymizer), counter))
            return counter[0]  # one row per reply

        return _atomic(path, csv_file)
    if fmt == "jsonl":
        return _atomic(path, lambda p: _write_jsonl(p, (reply_record(r, anonymizer) for r in stream())))

    def xlsx(target: Path) -> int:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        board = list(rows if rows is not None else rank_gadgets(stream(), by=by))
        if anonymizer is not None:
            board = [replace(row, sample=anonymizer.text(row.sample)) for row in board]
        _xlsx_sheet(book, "Leaderboard", _columns(board), _leaderboard_records(board), zone=zone)
        count = _xlsx_sheet(
            book, "Replies", REPLY_COLUMNS, lambda: (reply_record(r, anonymizer) for r in stream()), zone=zone
        )
        if retention is not None:
            _xlsx_sheet(book, "Retention", ("retention",), [{"retention": retention}])
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
    by: str = "gadget",
    retention: str | None = None,
    zone: tzinfo = UTC,
) -> int:
    """Export the stored replies with the gadgets found in each; returns how many were written.

    The replies stream from the store a page at a time (memory does not grow with their number).
    ``by`` is the roll-up of the XLSX Leaderboard sheet (gadget, brand or category). An unknown
    ``post_id`` raises NotFoundError and writes nothing.
    """
    if post_id is not None:
        store.get_post(post_id)  # NotFoundError naming the id and where to look it up
    return write_replies(
        lambda: store.iter_replies(post_id=post_id),
        path,
        fmt,
        anonymize=anonymize,
        key=key,
        by=by,
        retention=retention,
        zone=zone,
    )


def export_leaderboard(rows: Sequence[GadgetRow], path: Path, fmt: str, *, zone: tzinfo = UTC) -> int:
    """Write the leaderboard itself as CSV, XLSX or JSON Lines, in the rows' order; returns rows written.

    The columns follow the rows' roll-up (:func:`leaderboard_columns`).
    """
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"export format {fmt!r} is not supported; use one of {', '.join(EXPORT_FORMATS)}")
    columns = _columns(rows)
    if fmt == "csv":
        return _atomic(path, lambda p: _write_csv(p, columns, _leaderboard_records(rows)))
    if fmt == "jsonl":
        return _atomic(path, lambda p: _write_jsonl(p, _leaderboard_records(rows, flat=False)))

    def xlsx(target: Path) -> int:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        count = _xlsx_sheet(book, "Leaderboard", columns, _leaderboard_records(rows), zone=zone)
        book.save(target)
        return count

    return _atomic(path, xlsx)
