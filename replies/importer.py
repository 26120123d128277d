"""Import replies gathered elsewhere: JSON, JSON Lines, CSV and instaloader's comment JSON.

Every row needs a text (``text``, or ``comment`` / ``message`` / ``body``); ``username``,
``created_at``, ``id``, ``post`` and ``parent_id`` are optional. instaloader's
``*_comments.json`` (objects with ``owner`` and ``answers``) is recognised by its shape.

Importing is idempotent. A row's platform id is its Instagram comment id when it has one (a long
number, so an imported comment and the same comment collected later are one reply); otherwise a
hash of its id or content, numbered when the same content appears more than once in a file
(``--post`` is not part of it: the same file imported with and without it stores each reply
once, and replies stored without a post are then filed under it). The file is read and checked
completely before anything is stored.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tipqueue.config.errors import InputError, NotFoundError
from tipqueue.posts.models import Reply, ReplyKind
from tipqueue.replies.context import inferred_mentions
from tipqueue.replies.gadgets import GadgetMatcher, default_matcher

if TYPE_CHECKING:
    from tipqueue.scheduler.store import Store

FORMATS = ("json", "jsonl", "csv")
TEXT_FIELDS = ("text", "comment", "message", "body", "content")
USER_FIELDS = ("username", "user", "author", "owner", "from", "handle")
TIME_FIELDS = ("created_at", "timestamp", "date", "time", "created_time", "created")
ID_FIELDS = ("id", "pk", "comment_id", "platform_id")
POST_FIELDS = ("post", "post_id")
PARENT_FIELDS = ("parent_id", "reply_to", "parent")
_INSTAGRAM_PK = re.compile(r"^\d{15,}$")
_UNIX_TIME = re.compile(r"\d{9,13}(\.\d+)?")
#: Batches handed to the store at once (one transaction each) when importing.
BATCH = 20_000

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class ImportReport:
    """What an import did: rows read, new replies stored, and what was skipped."""

    path: Path
    format: str
    read: int
    added: int
    duplicates: int
    skipped_empty: int
    with_gadgets: int
    #: replies stored earlier without a post, now filed under ``post_id``
    filed: int = 0


@dataclass
class _Row:
    line: int
    data: Mapping[str, Any]
    parent: str | None = None


def detect_format(path: Path, head: str) -> str:
    """The format of a file from its suffix, else from its first characters."""
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix in (".csv", ".tsv"):
        return "csv"
    stripped = head.lstrip()
    if suffix == ".json" or stripped.startswith("["):
        if stripped.startswith("{") and "\n" in stripped.strip() and _looks_like_lines(stripped):
            return "jsonl"
        return "json"
    if stripped.startswith("{"):
        return "jsonl" if _looks_like_lines(stripped) else "json"
    return "csv"


def _looks_like_lines(text: str) -> bool:
    first = text.strip().splitlines()[0]
    try:
        json.loads(first)
    except ValueError:
        return False
    return True


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path} does not exist; give the path of a .json, .jsonl or .csv file") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder; give the path of a .json, .jsonl or .csv file") from None
    except OSError as exc:
        raise InputError(f"cannot read {path} ({exc.strerror}); check its permissions") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path.name} is not UTF-8 text (byte {exc.start}); save it as UTF-8 (Excel: CSV UTF-8)"
        ) from None


def _first(data: Mapping[str, Any], names: Iterable[str]) -> Any:
    for name in names:
        if name in data and data[name] not in (None, ""):
            return data[name]
    return None


def _rows_json(text: str, name: str) -> Iterator[_Row]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    if isinstance(data, dict):
        for key in ("comments", "replies", "data", "items", "results"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
        else:
            data = [data]
    if not isinstance(data, list):
        raise InputError(f"{name} holds a JSON {type(data).__name__}; give a list of objects with a 'text'")
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise InputError(f'{name}: item {number} is not an object; each reply must be {{"text": ...}}')
        yield _Row(number, item)
        # instaloader nests the replies to a comment under "answers"
        answers = item.get("answers")
        if isinstance(answers, list):
            parent = _first(item, ID_FIELDS)
            for answer in answers:
                if isinstance(answer, dict):
                    yield _Row(number, answer, str(parent) if parent is not None else None)


def _rows_jsonl(text: str, name: str) -> Iterator[_Row]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{name}: line {number} is not valid JSON ({exc.msg}); fix or remove it"
            ) from None
        if not isinstance(item, dict):
            raise InputError(
                f'{name}: line {number} is not a JSON object; write one {{"text": ...}} per line'
            )
        yield _Row(number, item)


def _rows_csv(text: str, name: str) -> Iterator[_Row]:
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample else csv.excel
    except csv.Error:
        dialect = csv.excel
    csv.field_size_limit(16 * 1024 * 1024)
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    fields = [f.strip().lower() for f in (reader.fieldnames or [])]
    if not any(f in TEXT_FIELDS for f in fields):
        shown = ", ".join(fields[:8]) or "none"
        raise InputError(
            f"{name} has no 'text' column (columns: {shown}); add a header row with a text column"
        )
    reader.fieldnames = fields
    try:
        for row in reader:
            yield _Row(reader.line_num, {k: v for k, v in row.items() if k is not None})
    except csv.Error as exc:
        raise InputError(f"{name}: line {reader.line_num} is not valid CSV ({exc}); fix that line") from None


def parse_time(value: Any, where: str) -> datetime | None:
    """A time from a file: ISO 8601, 'YYYY-MM-DD HH:MM[:SS]' or Unix seconds; naive means UTC."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InputError(f"{where}: created_at {value!r} is not a time; use ISO 8601 or Unix seconds")
    if isinstance(value, int | float) or (isinstance(value, str) and _UNIX_TIME.fullmatch(value)):
        seconds = float(value)
        if seconds > 1e11:  # milliseconds
            seconds /= 1000
        try:
            return datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            raise InputError(f"{where}: created_at {value!r} is out of range; use Unix seconds") from None
    if isinstance(value, str):
        text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise InputError(
                f"{where}: created_at {value!r} is not a time; use ISO 8601 (2025-03-01T09:30:00Z) or Unix seconds"
            ) from None
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    raise InputError(f"{where}: created_at {value!r} is not a time; use ISO 8601 or Unix seconds")


def _username(value: Any) -> str | None:
    if isinstance(value, dict):  # instaloader's owner object
        value = value.get("username")
    if value is None:
        return None
    text = str(value).strip().lstrip("@")
    return text or None


def _user_id(data: Mapping[str, Any]) -> str | None:
    owner = data.get("owner")
    if isinstance(owner, dict) and owner.get("id") is not None:
        return str(owner["id"])
    value = data.get("user_id")
    return str(value) if value not in (None, "") else None


def _digest(*parts: str | None) -> str:
    joined = "\x1f".join([p or "" for p in parts])
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:24]


def platform_id_for(
    raw_id: Any, *, username: str | None, text: str, created_at: datetime | None, post: str | None
) -> str:
    """The stable id an imported row is stored under (see the module notes)."""
    if raw_id is not None and str(raw_id).strip():
        ident = str(raw_id).strip()
        if _INSTAGRAM_PK.match(ident):
            return ident
        return "imp:" + _digest("id", ident, username, text)
    stamp = created_at.isoformat() if created_at else None
    return "imp:" + _digest("row", username, stamp, text, post)


def read_replies(
    path: Path, *, now: datetime, post_id: str | None = None, fmt: str | None = None
) -> tuple[list[Reply], str, int]:
    """Parse a file into replies (no gadgets yet); returns (replies, format, rows without text)."""
    text = _read_text(path)
    chosen = fmt or detect_format(path, text[:2048])
    if chosen not in FORMATS:
        raise InputError(f"format {chosen!r} is not supported; use one of {', '.join(FORMATS)}")
    name = path.name
    rows = {"json": _rows_json, "jsonl": _rows_jsonl, "csv": _rows_csv}[chosen](text, name)
    replies: list[Reply] = []
    seen: dict[str, int] = {}
    empty = 0
    for row in rows:
        data = row.data
        where = f"{name}: {'line' if chosen != 'json' else 'item'} {row.line}"
        body = _first(data, TEXT_FIELDS)
        if body is None:
            if not any(f in data for f in TEXT_FIELDS):
                raise InputError(f"{where} has no 'text' field; give each reply a text")
            body = ""
        else:
            body = str(body)
        if not body.strip():
            empty += 1
            continue
        username = _username(_first(data, USER_FIELDS))
        created = parse_time(_first(data, TIME_FIELDS), where)
        own_post = _first(data, POST_FIELDS)
        own_post = str(own_post).strip() if own_post is not None else None
        post = own_post if own_post is not None else post_id
        parent = row.parent or _first(data, PARENT_FIELDS)
        # the id depends on the row alone, never on --post: the same file imported with and
        # without it is the same replies
        pid = platform_id_for(
            _first(data, ID_FIELDS), username=username, text=body, created_at=created, post=own_post
        )
        count = seen.get(pid, 0) + 1
        seen[pid] = count
        if count > 1:  # the same words, person and time again in this file: keep each
            pid = f"{pid}:{count}"
        replies.append(
            Reply(
                platform_id=pid,
                text=body,
                kind=ReplyKind.IMPORTED,
                post_id=post or None,
                parent_id=str(parent) if parent not in (None, "") else None,
                username=username,
                user_id=_user_id(data),
                created_at=created,
                collected_at=now,
            )
        )
    return replies, chosen, empty


def post_topics(store: Store, post_ids: Iterable[str | None]) -> dict[str, str]:
    """The captions of the stored posts among ``post_ids`` (what a thread is about)."""
    topics: dict[str, str] = {}
    for post_id in post_ids:
        if post_id:
            with contextlib.suppress(NotFoundError):
                topics[post_id] = store.get_post(post_id).caption
    return topics


def import_replies(
    store: Store,
    path: Path,
    *,
    now: datetime,
    post_id: str | None = None,
    fmt: str | None = None,
    matcher: GadgetMatcher | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Read ``path``, find the gadgets in each reply, store the new ones; safe to run twice.

    ``post_id`` (for rows that name no post) must be a stored post: NotFoundError otherwise, and
    nothing is stored (a typo would file the replies under a post that does not exist).
    """
    if post_id is not None:
        store.get_post(post_id)
    matcher = matcher or default_matcher()
    # Bulk creation of many small objects: the cyclic garbage collector would rescan every reply
    # made so far again and again (none of them form cycles), so it rests until the import ends.
    collecting = gc.isenabled()
    gc.disable()
    try:
        replies, chosen, empty = read_replies(path, now=now, post_id=post_id, fmt=fmt)
        total = len(replies)
        added = 0
        with_gadgets = 0
        filed = 0
        fresh: list[Reply] = []
        for start in range(0, total, BATCH):
            batch = replies[start : start + BATCH]
            # Rows stored by an earlier import are not extracted again: their stored mentions
            # say whether they name a gadget, so the report reads the same as the first time.
            stored = store.stored_replies_naming([r.platform_id for r in batch])
            if stored:
                with_gadgets += sum(stored.values())
                if post_id is not None:
                    # imported before without --post: file them under it now, once
                    filed += store.file_replies_under(
                        [r.platform_id for r in batch if r.platform_id in stored and r.post_id == post_id],
                        post_id,
                    )
                batch = [r for r in batch if r.platform_id not in stored]
            batch = matcher.annotate(batch)
            with_gadgets += sum(1 for r in batch if r.mentions)
            if batch:
                added += store.add_replies(batch)
                fresh.extend(batch)
            if progress is not None:
                progress(min(start + BATCH, total), total, path.name)
        # Replies that name nothing but mean a gadget ("mine broke") take it from the comment
        # they answer, the reader's earlier reply, or the post's topic.
        inferred = inferred_mentions(fresh, matcher, post_topics(store, {r.post_id for r in fresh}))
        if inferred:
            store.set_reply_mentions(inferred)
            with_gadgets += len(inferred)
    finally:
        if collecting:
            gc.enable()
    if progress is not None and total == 0:
        progress(0, 0, path.name)
    return ImportReport(
        path=path,
        format=chosen,
        read=total + empty,
        added=added,
        duplicates=total - added,
        skipped_empty=empty,
        with_gadgets=with_gadgets,
        filed=filed,
    )
