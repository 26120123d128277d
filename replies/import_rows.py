"""Reading a replies file into checked rows: JSON, JSON Lines, CSV and instaloader's comment JSON.

Every row needs a text (``text``, or ``comment`` / ``message`` / ``body``); ``username``,
``created_at``, ``id``, ``post`` and ``parent_id`` are optional. instaloader's
``*_comments.json`` (objects with ``owner`` and ``answers``) is recognised by its shape. A bad
row raises InputError naming its line.

A checked row is a :data:`Row` tuple of plain values (no objects), so a big file's rows can wait
in a temporary file between the check and the import (see importer.py). Its platform id is its
Instagram comment id when it has one (a long number, so an imported comment and the same comment
collected later are one reply); otherwise a hash of its id or content, numbered when the same
content appears more than once in a file (``--post`` is not part of it: the same file imported
with and without it stores each reply once).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tipqueue.config.errors import InputError
from tipqueue.posts.models import Reply, ReplyKind

if TYPE_CHECKING:
    from tipqueue.scheduler.replies_store import ReplyRow

FORMATS = ("json", "jsonl", "csv")
TEXT_FIELDS = ("text", "comment", "message", "body", "content")
USER_FIELDS = ("username", "user", "author", "owner", "from", "handle")
TIME_FIELDS = ("created_at", "timestamp", "date", "time", "created_time", "created")
ID_FIELDS = ("id", "pk", "comment_id", "platform_id")
POST_FIELDS = ("post", "post_id")
PARENT_FIELDS = ("parent_id", "reply_to", "parent")
_INSTAGRAM_PK = re.compile(r"^\d{15,}$")
_UNIX_TIME = re.compile(r"\d{9,13}(\.\d+)?")


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


def _open_text(path: Path) -> io.TextIOWrapper:
    """The file as UTF-8 text, read as it is consumed (a big file never sits in memory whole)."""
    try:
        raw = path.open("rb")
    except FileNotFoundError:
        raise InputError(f"{path} does not exist; give the path of a .json, .jsonl or .csv file") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder; give the path of a .json, .jsonl or .csv file") from None
    except OSError as exc:
        raise InputError(f"cannot read {path} ({exc.strerror}); check its permissions") from None
    return io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")


def _not_utf8(name: str, where: str) -> InputError:
    return InputError(f"{name} is not UTF-8 text ({where}); save it as UTF-8 (Excel: CSV UTF-8)")


def _head(path: Path) -> str:
    with _open_text(path) as handle:
        try:
            return handle.read(4096)
        except UnicodeDecodeError as exc:
            raise _not_utf8(path.name, f"byte {exc.start}") from None


def _first(data: Mapping[str, Any], names: Iterable[str]) -> Any:
    for name in names:
        if name in data and data[name] not in (None, ""):
            return data[name]
    return None


def _rows_json(path: Path) -> Iterator[_Row]:
    """A JSON document is read whole (its structure needs all of it); JSON Lines streams."""
    name = path.name
    with _open_text(path) as handle:
        try:
            data = json.load(handle)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
            ) from None
        except RecursionError:
            raise InputError(
                f"{name} nests too deeply to be a list of replies; give a list of objects"
            ) from None
        except UnicodeDecodeError as exc:
            raise _not_utf8(name, f"byte {exc.start} of a block") from None
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


def _rows_jsonl(path: Path) -> Iterator[_Row]:
    name = path.name
    with _open_text(path) as handle:
        number = 0
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(
                        f"{name}: line {number} is not valid JSON ({exc.msg}); fix or remove it"
                    ) from None
                except RecursionError:
                    raise InputError(
                        f"{name}: line {number} nests too deeply; write one flat object per line"
                    ) from None
                if not isinstance(item, dict):
                    raise InputError(
                        f'{name}: line {number} is not a JSON object; write one {{"text": ...}} per line'
                    )
                yield _Row(number, item)
        except UnicodeDecodeError:
            raise _not_utf8(name, f"after line {number}") from None


def _rows_csv(path: Path) -> Iterator[_Row]:
    name = path.name
    sample = _head(path)
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample else csv.excel
    except csv.Error:
        dialect = csv.excel
    csv.field_size_limit(16 * 1024 * 1024)
    with _open_text(path) as handle:
        reader = csv.DictReader(handle, dialect=dialect, strict=True)
        try:
            fields = [f.strip().lower() for f in (reader.fieldnames or [])]
            if not any(f in TEXT_FIELDS for f in fields):
                shown = ", ".join(fields[:8]) or "none"
                raise InputError(
                    f"{name} has no 'text' column (columns: {shown}); add a header row with a text column"
                )
            reader.fieldnames = fields
            for row in reader:
                yield _Row(reader.line_num, {k: v for k, v in row.items() if k is not None and v is not None})
        except csv.Error as exc:
            raise InputError(
                f"{name}: line {reader.line_num} is not valid CSV ({exc}); fix that line"
            ) from None
        except UnicodeDecodeError:
            raise _not_utf8(name, f"after line {reader.line_num}") from None


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


#: Longest values the store keeps (its columns); a longer one is refused, never cut short.
_MAX_CHARS = {"username": 128, "user_id": 64, "post": 128, "parent_id": 128, "id": 100}


def _clean(value: Any, field: str, where: str) -> str | None:
    """A short text field of a row: text or a number, NUL dropped (as the store does), bounded."""
    if value is None:
        return None
    if isinstance(value, dict | list):
        raise InputError(f"{where}: {field} is a JSON {type(value).__name__}, not text; give it as text")
    text = str(value).replace("\x00", "").strip()
    if len(text) > _MAX_CHARS[field]:
        raise InputError(
            f"{where}: {field} {text[:30]!r}... is longer than {_MAX_CHARS[field]} characters; shorten it"
        )
    return text or None


def _body(data: Mapping[str, Any], where: str) -> str:
    value = _first(data, TEXT_FIELDS)
    if value is None:
        if not any(f in data for f in TEXT_FIELDS):
            raise InputError(f"{where} has no 'text' field; give each reply a text")
        return ""
    if isinstance(value, dict) and isinstance(value.get("text"), str):
        value = value["text"]  # {"text": {"text": ...}}: a nested message object
    if isinstance(value, dict | list | bool):
        raise InputError(
            f"{where}: the text is a JSON {type(value).__name__}, not words; give each reply's text as a string"
        )
    return str(value).replace("\x00", "")


class SeenIds:
    """Counts the platform ids of one file, to number repeats: 8 bytes a row in an open-addressing
    table (a dict of a million ids would hold about 80 MB), plus a dict for the ids seen twice."""

    def __init__(self) -> None:
        self._table = array("Q", bytes(8 * 1024))
        self._mask = 1023
        self._used = 0
        self._repeats: dict[int, int] = {}

    def count(self, pid: str) -> int:
        """How many times ``pid`` has been seen, this time included."""
        key = int.from_bytes(hashlib.blake2b(pid.encode("utf-8"), digest_size=8).digest(), "big")
        key = key or 1  # 0 marks an empty slot
        table = self._table
        mask = self._mask
        slot = key & mask
        while True:
            held = table[slot]
            if held == key:
                count = self._repeats.get(key, 1) + 1
                self._repeats[key] = count
                return count
            if held == 0:
                break
            slot = (slot + 1) & mask
        table[slot] = key
        self._used += 1
        if self._used * 2 > mask:
            self._grow()
        return 1

    def _grow(self) -> None:
        old = self._table
        size = 2 * len(old)
        self._table = table = array("Q", bytes(8 * size))
        self._mask = mask = size - 1
        for key in old:
            if key:
                slot = key & mask
                while table[slot]:
                    slot = (slot + 1) & mask
                table[slot] = key


@dataclass
class Reading:
    """What reading a file found besides the rows: its format and counts."""

    format: str
    read: int = 0
    empty: int = 0
    #: ids of the rows other rows answer (what inference must remember)
    parents: set[str] = dataclass_field(default_factory=set)


def format_of(path: Path, fmt: str | None) -> str:
    """``fmt`` if given, else the format of the file at ``path``; InputError if not one we read."""
    chosen = fmt or detect_format(path, _head(path)[:2048])
    if chosen not in FORMATS:
        raise InputError(f"format {chosen!r} is not supported; use one of {', '.join(FORMATS)}")
    return chosen


#: A checked row: platform id, text, post id, parent id, username, user id, and the time it was
#: written as microseconds since 1970 (UTC), or None.
Row = tuple[str, str, str | None, str | None, str | None, str | None, int | None]
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def rows(path: Path, reading: Reading, *, post_id: str | None = None) -> Iterator[Row]:
    """The checked rows of a file, one at a time; ``reading`` collects the counts. A bad row
    raises InputError naming the line. ``post_id`` files rows that name no post."""
    name = path.name
    chosen = reading.format
    source = {"json": _rows_json, "jsonl": _rows_jsonl, "csv": _rows_csv}[chosen](path)
    seen = SeenIds()
    label = "line" if chosen != "json" else "item"
    for row in source:
        reading.read += 1
        data = row.data
        where = f"{name}: {label} {row.line}"
        body = _body(data, where)
        if not body.strip():
            reading.empty += 1
            continue
        username = _clean(_username(_first(data, USER_FIELDS)), "username", where)
        created = parse_time(_first(data, TIME_FIELDS), where)
        own_post = _clean(_first(data, POST_FIELDS), "post", where)
        post = own_post if own_post is not None else post_id
        parent = _clean(row.parent or _first(data, PARENT_FIELDS), "parent_id", where)
        raw_id = _clean(_first(data, ID_FIELDS), "id", where)
        # the id depends on the row alone, never on --post: the same file imported with and
        # without it is the same replies
        pid = platform_id_for(raw_id, username=username, text=body, created_at=created, post=own_post)
        count = seen.count(pid)
        if count > 1:  # the same words, person and time again in this file: keep each
            pid = f"{pid}:{count}"
        if parent is not None:
            reading.parents.add(parent)
        yield (
            pid,
            body,
            post or None,
            parent,
            username,
            _clean(_user_id(data), "user_id", where),
            None if created is None else (created - _EPOCH) // _MICROSECOND,
        )


def reply_of(row: Row, now: datetime) -> Reply:
    """The reply a checked row stands for (no gadgets yet), collected at ``now``."""
    pid, text, post, parent, username, user_id, micros = row
    return Reply(
        platform_id=pid,
        text=text,
        kind=ReplyKind.IMPORTED,
        post_id=post,
        parent_id=parent,
        username=username,
        user_id=user_id,
        created_at=None if micros is None else _EPOCH + timedelta(microseconds=micros),
        collected_at=now,
    )


_IMPORTED = ReplyKind.IMPORTED.value


def stored_row(row: Row, now: datetime) -> ReplyRow:
    """What :func:`reply_of` makes of a checked row, as the store writes it
    (:meth:`~tipqueue.scheduler.store.Store.add_reply_rows`), without making the Reply."""
    pid, text, post, parent, username, user_id, micros = row
    created = None if micros is None else _EPOCH + timedelta(microseconds=micros)
    return (pid, post, parent, _IMPORTED, username, user_id, text, created, now)
