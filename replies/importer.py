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
import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tipqueue.config.errors import InputError, NotFoundError, StoreError
from tipqueue.posts.models import GadgetMention, Reply, ReplyKind
from tipqueue.replies.context import Thread, walk_threads
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


def _seen_key(pid: str) -> int:
    """A compact key for counting repeats of an id within a file (8 bytes, not the whole id)."""
    return int.from_bytes(hashlib.blake2b(pid.encode("utf-8"), digest_size=8).digest(), "big")


@dataclass
class _Reading:
    """What reading a file found besides the replies: its format and counts."""

    format: str
    read: int = 0
    empty: int = 0
    #: ids of the rows other rows answer (what inference must remember)
    parents: set[str] = dataclass_field(default_factory=set)


def _format_of(path: Path, fmt: str | None) -> str:
    chosen = fmt or detect_format(path, _head(path)[:2048])
    if chosen not in FORMATS:
        raise InputError(f"format {chosen!r} is not supported; use one of {', '.join(FORMATS)}")
    return chosen


def iter_replies(
    path: Path, reading: _Reading, *, now: datetime, post_id: str | None = None
) -> Iterator[Reply]:
    """The replies of a file one at a time (no gadgets yet), checking each row; ``reading``
    collects the counts. Bad rows raise InputError naming the line."""
    name = path.name
    chosen = reading.format
    rows = {"json": _rows_json, "jsonl": _rows_jsonl, "csv": _rows_csv}[chosen](path)
    seen: dict[int, int] = {}
    label = "line" if chosen != "json" else "item"
    for row in rows:
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
        key = _seen_key(pid)
        count = seen.get(key, 0) + 1
        seen[key] = count
        if count > 1:  # the same words, person and time again in this file: keep each
            pid = f"{pid}:{count}"
        if parent is not None:
            reading.parents.add(parent)
        yield Reply(
            platform_id=pid,
            text=body,
            kind=ReplyKind.IMPORTED,
            post_id=post or None,
            parent_id=parent,
            username=username,
            user_id=_clean(_user_id(data), "user_id", where),
            created_at=created,
            collected_at=now,
        )


def read_replies(
    path: Path, *, now: datetime, post_id: str | None = None, fmt: str | None = None
) -> tuple[list[Reply], str, int]:
    """Parse a file into replies (no gadgets yet); returns (replies, format, rows without text)."""
    reading = _Reading(_format_of(path, fmt))
    replies = list(iter_replies(path, reading, now=now, post_id=post_id))
    return replies, reading.format, reading.empty


def post_topics(store: Store, post_ids: Iterable[str | None]) -> dict[str, str]:
    """The captions of the stored posts among ``post_ids`` (what a thread is about)."""
    topics: dict[str, str] = {}
    for post_id in post_ids:
        if post_id:
            with contextlib.suppress(NotFoundError):
                topics[post_id] = store.get_post(post_id).caption
    return topics


def _batches(replies: Iterable[Reply], size: int) -> Iterator[list[Reply]]:
    batch: list[Reply] = []
    for reply in replies:
        batch.append(reply)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _infer(
    store: Store, matcher: GadgetMatcher, after_id: int, parents: set[str]
) -> dict[str, tuple[GadgetMention, ...]]:
    """Gadgets that the replies stored after ``after_id`` mean without naming them ("mine broke"),
    from the comment they answer, the reader's earlier reply or the post's topic; streamed from
    the store thread by thread, so memory holds one reply at a time, not the import."""
    stream = store.iter_replies(after_id=after_id, by_thread=True)
    topics: dict[str, str] = {}

    def threads() -> Iterator[Thread]:
        for post_id, group in itertools.groupby(stream, key=lambda r: r.post_id or ""):
            if post_id and post_id not in topics:
                topics.update(post_topics(store, [post_id]))
            yield Thread(post_id, topics.get(post_id, ""), group)

    inferred: dict[str, tuple[GadgetMention, ...]] = {}
    for reply, mentions in walk_threads(threads(), matcher, own=lambda r: r.mentions, parents=parents):
        if mentions and not reply.mentions:
            inferred[reply.platform_id] = mentions
    return inferred


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

    The whole file is checked first (nothing is stored when a row is bad); then it is read
    again and stored in batches, finding gadgets batch by batch, so memory stays bounded
    whatever the size of the file (a JSON document is the exception: it is parsed whole; use
    JSON Lines or CSV for big files). Should the database refuse a batch, the error says how
    many replies were stored; importing again finishes the rest.

    ``post_id`` (for rows that name no post) must be a stored post: NotFoundError otherwise, and
    nothing is stored (a typo would file the replies under a post that does not exist).
    """
    if post_id is not None:
        store.get_post(post_id)
    matcher = matcher or default_matcher()
    chosen = _format_of(path, fmt)
    check = _Reading(chosen)
    for _reply in iter_replies(path, check, now=now, post_id=post_id):
        pass
    total = check.read - check.empty
    reading = _Reading(chosen)
    added = with_gadgets = filed = done = 0
    # Bulk creation of many small objects: the cyclic garbage collector would rescan every reply
    # made so far again and again (none of them form cycles), so it rests until the import ends.
    collecting = gc.isenabled()
    gc.disable()
    try:
        after_id = store.last_reply_id()
        for batch in _batches(iter_replies(path, reading, now=now, post_id=post_id), BATCH):
            done += len(batch)
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
                try:
                    added += store.add_replies(batch)
                except StoreError as exc:
                    raise StoreError(
                        f"{exc}; {added:,} of the file's {total:,} replies were stored before it; "
                        "import the file again to store the rest"
                    ) from None
            if progress is not None:
                progress(done, total, path.name)
        if added:
            inferred = _infer(store, matcher, after_id, reading.parents)
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
        read=reading.read,
        added=added,
        duplicates=total - added,
        skipped_empty=reading.empty,
        with_gadgets=with_gadgets,
        filed=filed,
    )
