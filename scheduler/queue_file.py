"""The queue as a file: `queue export` writes CSV or JSON, `queue import` applies one.

An import reads and checks the whole file first (every row: id, status, account, times, limits,
states), then writes it all in one store transaction, so a bad row changes nothing. The cost is
linear in the rows: the posts a file names are looked up in one query per chunk, the times
already taken on each account are read once and kept sorted, and each pinned time is checked
against its neighbours only.

A CSV cell that a spreadsheet would run as a formula is exported with a leading apostrophe;
importing takes off exactly that apostrophe and no other (a caption that itself starts with
``'=`` is exported as ``''=`` and comes back unchanged).
"""

from __future__ import annotations

import bisect
import csv
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from tipqueue.config.errors import ConflictError, InputError, LimitError
from tipqueue.config.limits import check_import_rows
from tipqueue.config.settings import Settings
from tipqueue.posts import ids as posts_ids
from tipqueue.posts.folder import atomic_write
from tipqueue.posts.models import EDITABLE_STATUSES, MediaKind, Post, PostKind, PostStatus, Slide
from tipqueue.scheduler.preflight import preflight_all
from tipqueue.scheduler.queue import (
    CANCELLABLE,
    HOLDS_TIME,
    MOVABLE,
    _state_message,
    list_queue,
    local_time,
    post_record,
    sync_accounts,
)
from tipqueue.scheduler.slots import check_pinned_time, next_free_slots
from tipqueue.scheduler.store import PostChange, Store
from tipqueue.scheduler.times import parse_at

EXPORT_FORMAT = 1

_CSV_FIELDS = (
    "id",
    "handle",
    "account",
    "status",
    "scheduled_at",
    "local_time",
    "pinned",
    "kind",
    "series_label",
    "media_kind",
    "caption",
    "hashtags",
    "alt_text",
    "first_comment",
    "quote",
    "slides",
    "article_slug",
    "position",
    "collect_replies",
    "source_dir",
    "attempts",
    "last_error",
    "media_id",
    "permalink",
    "published_at",
)
_RISKY = ("=", "+", "-", "@", "\t", "\r")
#: The furthest ahead a post can be scheduled by import.
_FURTHEST = timedelta(days=3653)


# --- the formula guard ---


def _needs_guard(text: str) -> bool:
    """A spreadsheet would run it as a formula, or it already looks like a guarded cell."""
    return text.lstrip("'").startswith(_RISKY)


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = (
            json.dumps(value, ensure_ascii=False) if value and isinstance(value[0], dict) else " ".join(value)
        )
    text = str(value)
    return "'" + text if _needs_guard(text) else text  # a spreadsheet must not run it as a formula


def _unguard(cell: str) -> str:
    """The cell as it was before :func:`_csv_cell` guarded it (only that apostrophe comes off)."""
    return cell[1:] if cell.startswith("'") and _needs_guard(cell[1:]) else cell


# --- export ---


def export_queue(
    store: Store,
    settings: Settings,
    path: Path,
    *,
    fmt: Literal["csv", "json"] | None = None,
    include_all: bool = True,
    now: datetime,
) -> int:
    """Write the queue to CSV or JSON (by ``fmt`` or the file's extension); return the count."""
    kind = fmt or (
        "csv" if path.suffix.lower() == ".csv" else "json" if path.suffix.lower() == ".json" else None
    )
    if kind is None:
        raise InputError(f"{path.name}: cannot tell the format; name it .csv or .json, or pass --format")
    posts = list_queue(store, include_all=include_all)
    records = [post_record(p, settings) for p in posts]
    if kind == "json":
        body = json.dumps(
            {"format": EXPORT_FORMAT, "exported_at": now.astimezone(UTC).isoformat(), "posts": records},
            indent=2,
            ensure_ascii=False,
        )
        atomic_write(path, body + "\n")
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=_CSV_FIELDS, lineterminator="\n")
        writer.writeheader()
        for record in records:
            writer.writerow({k: _csv_cell(record[k]) for k in _CSV_FIELDS})
        atomic_write(path, buffer.getvalue())
    return len(records)


# --- reading a file ---


@dataclass(frozen=True)
class ImportResult:
    added: list[Post]
    changed: list[Post]
    unchanged: int
    skipped: list[str]  # finished posts (published/cancelled) not in the store: not imported


def _read_text(path: Path) -> str:
    if not path.is_file():
        raise InputError(f"{path} does not exist; give a file written by `tipqueue queue export`")
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path.name} is not UTF-8 text (byte {exc.start}); save it as UTF-8 (Excel: CSV UTF-8) "
            "or export it again"
        ) from None


def _read_csv(text: str, name: str) -> list[dict[str, Any]]:
    csv.field_size_limit(16 * 1024 * 1024)
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    records: list[dict[str, Any]] = []
    try:
        fields = reader.fieldnames or []
        if fields and "id" not in fields:
            raise InputError(f"{name} has no 'id' column; start from `tipqueue queue export FILE.csv`")
        for row in reader:
            record: dict[str, Any] = {}
            for key, cell in row.items():
                if key is None or cell is None:  # cells past the header, or a short row's missing ones
                    continue
                value = _unguard(cell)
                record[key] = value if value != "" else None
            records.append(record)
    except csv.Error as exc:
        raise InputError(f"{name}: line {reader.line_num} is not valid CSV ({exc}); fix that line") from None
    return records


def _read_records(path: Path) -> list[dict[str, Any]]:
    text = _read_text(path)
    if path.suffix.lower() == ".csv":
        return _read_csv(text, path.name)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path.name} is not valid JSON ({exc}); fix it or export again") from None
    except RecursionError:
        raise InputError(f"{path.name} nests too deeply to be a queue export; export again") from None
    posts = data.get("posts") if isinstance(data, dict) else data
    if not isinstance(posts, list) or not all(isinstance(p, dict) for p in posts):
        raise InputError(f'{path.name} must hold a list of posts (or {{"posts": [...]}}); export again')
    return posts


# --- reading a record ---


def check_post_id(value: Any, where: str) -> str:
    """A post id from an import file: text (a number is read as text), then the one id check."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InputError(f"{where}: the id {str(value)[:40]!r} is not text; give each post a text id")
    return posts_ids.check_post_id(str(value), where)


def _text(record: Mapping[str, Any], key: str, where: str) -> str | None:
    """A text field: a string (numbers are read as text), never an object or a list, no NUL."""
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, dict | list | bool):
        raise InputError(f"{where}: {key} is a JSON {type(value).__name__}, not text; give the {key} as text")
    text = str(value)
    if "\x00" in text:
        raise InputError(f"{where}: {key} holds a NUL character; remove it")
    return text


def _as_bool(value: Any, where: str) -> bool:
    if isinstance(value, bool) or value is None:
        return bool(value)
    text = str(value).strip().lower()
    if text in ("true", "1", "yes"):
        return True
    if text in ("false", "0", "no", ""):
        return False
    raise InputError(f"{where}: {str(value)[:40]!r} is not true or false")


def _as_int(value: Any, key: str, where: str) -> int:
    if value is None or value == "":
        return 0
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise InputError(f"{where}: {key} {value!r} is not a whole number")
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        raise InputError(f"{where}: {key} {str(value)[:40]!r} is not a whole number; write e.g. 3") from None
    if not 0 <= number <= 1_000_000:
        raise InputError(f"{where}: {key} {number} is out of range; give 0 to 1000000")
    return number


def _as_list(value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        raise InputError(f"{where}: a JSON object was given where a list was expected")
    text = str(value).strip()
    if text.startswith("["):
        try:
            loaded = json.loads(text)
        except (json.JSONDecodeError, RecursionError):
            raise InputError(f"{where}: {text[:40]!r} is not a JSON list") from None
        if isinstance(loaded, list):
            return loaded
    return text.split()


def _wall(text: str) -> str:
    """'2026-05-04 09:00 BST' and '2026-05-04 09:00' name the same wall time in the account's zone."""
    return re.sub(r"\s+[A-Z]{2,5}$", "", text.strip())


def _shown(instant: datetime, zone: str) -> str:
    try:
        return local_time(instant, zone)
    except (OverflowError, ValueError):
        return instant.isoformat()


def _settle_time_columns(
    record: Mapping[str, Any], existing: Post | None, zone: str, where: str
) -> Mapping[str, Any]:
    """An exported row gives the time twice: scheduled_at (UTC) and local_time (the account's zone).

    Someone editing the file changes one of them; that one wins. Without this, an edited
    local_time was silently ignored because the untouched scheduled_at came first. Both changed
    and disagreeing is refused rather than guessed.
    """
    raw, local = record.get("scheduled_at"), record.get("local_time")
    if raw in (None, "") or local in (None, ""):
        return record
    try:
        instant = datetime.fromisoformat(str(raw))
    except ValueError:
        return record  # _record_time reports the unreadable time
    if instant.tzinfo is None or _wall(_shown(instant, zone)) == _wall(str(local)):
        return record
    stored = existing.scheduled_at if existing is not None else None
    if stored is None:
        return record  # nothing to compare with: scheduled_at wins, as documented
    if instant == stored:
        return {**record, "scheduled_at": ""}  # only local_time was edited
    if _wall(str(local)) == _wall(_shown(stored, zone)):
        return record  # only scheduled_at was edited
    raise InputError(
        f"{where}: scheduled_at {raw} is {_shown(instant, zone)} but local_time says {local}; "
        "edit one of them and clear the other"
    )


def _record_time(record: Mapping[str, Any], zone: str, now: datetime, where: str) -> datetime | None:
    raw = record.get("scheduled_at")
    column = "scheduled_at"
    if raw in (None, ""):
        local = record.get("local_time")
        if local in (None, ""):
            return None
        column = "local_time"
        raw = _wall(str(local))  # "2026-05-04 09:00 BST" as exported
    try:
        moment = parse_at(str(raw), zone, now=now)
    except InputError as exc:
        raise InputError(f"{where}: {exc}") from None
    except (ValueError, OverflowError):  # a date the calendar does not have (2027-02-30)
        raise InputError(
            f"{where}: {column} {str(raw)[:40]!r} is not a real time; write YYYY-MM-DD HH:MM with a real date"
        ) from None
    if moment > now + _FURTHEST:  # year 9999: no slot, spacing or day arithmetic can reach past it
        raise InputError(
            f"{where}: {column} {str(raw)[:40]!r} is more than {_FURTHEST.days // 365} years ahead; give a nearer time"
        )
    return moment


def _record_post(record: Mapping[str, Any], where: str) -> Post:
    try:
        kind = PostKind(record.get("kind") or "tip")
        media_kind = MediaKind(record.get("media_kind") or "photo")
    except (ValueError, TypeError):
        raise InputError(
            f"{where}: kind {str(record.get('kind'))[:20]!r} / media_kind {str(record.get('media_kind'))[:20]!r} "
            "is unknown; use cover/tip/cta and photo/carousel/story"
        ) from None
    caption = _text(record, "caption", where)
    if not caption:
        raise InputError(f"{where}: the caption is missing; every new post needs one")
    slides = []
    for s in _as_list(record.get("slides"), where):
        if not isinstance(s, dict):
            continue
        image = _text(s, "image", f"{where} slide")
        slides.append(
            Slide(
                text=_text(s, "text", f"{where} slide") or "",
                alt_text=_text(s, "alt_text", f"{where} slide") or "",
                image=Path(image) if image else None,
            )
        )
    source_dir = _text(record, "source_dir", where)
    return Post(
        id=str(record["id"]),
        kind=kind,
        series_label=_text(record, "series_label", where) or "",
        quote=_text(record, "quote", where) or "",
        caption=caption,
        hashtags=_hashtags(record, where),
        alt_text=_text(record, "alt_text", where) or "",
        first_comment=_text(record, "first_comment", where) or None,
        slides=tuple(slides),
        media_kind=media_kind,
        article_slug=_text(record, "article_slug", where) or "",
        position=_as_int(record.get("position"), "position", where),
        collect_replies=_as_bool(record.get("collect_replies"), where),
        source_dir=Path(source_dir) if source_dir else None,
    )


def _hashtags(record: Mapping[str, Any], where: str) -> tuple[str, ...]:
    tags = []
    for tag in _as_list(record.get("hashtags"), where):
        if isinstance(tag, dict | list) or "\x00" in str(tag):
            raise InputError(f"{where}: hashtag {str(tag)[:30]!r} is not a word; write words like skincare")
        tags.append(str(tag).lstrip("#"))
    return tuple(tags)


def _same_time(record: Mapping[str, Any], existing: Post, zone: str) -> bool:
    """The record keeps the stored time (as exported), so it is not parsed (it may be past)."""
    raw = record.get("scheduled_at")
    if raw not in (None, ""):
        return existing.scheduled_at is not None and str(raw) == existing.scheduled_at.isoformat()
    local = record.get("local_time")
    if local in (None, ""):
        return True  # no time given: keep it
    return str(local) == local_time(existing.scheduled_at, zone)


# --- the times taken on an account ---


class _Taken:
    """The times taken on one account (the store's, then the file's), sorted, with their posts.

    A pinned time is checked against the times near it only (its local day and the minimum
    spacing either side): the same answer as checking every time, at a bisect's cost.
    """

    def __init__(self, store: Store, account: str, settings: Settings, now: datetime) -> None:
        _, self.acct = settings.account(account)
        posts = store.list_posts(statuses=HOLDS_TIME, account=account, after=now - timedelta(days=2))
        self._items = sorted((p.scheduled_at, p.id) for p in posts if p.scheduled_at is not None)
        self._spacing = timedelta(minutes=self.acct.min_spacing_minutes)
        self._window = max(self._spacing, timedelta(hours=50))  # a local day is at most 25 hours

    def check(self, at: datetime, *, exclude: str | None = None) -> None:
        low = bisect.bisect_left(self._items, (at - self._window, ""))
        high = bisect.bisect_right(self._items, (at + self._window, "\U0010ffff"))
        near = [t for t, pid in self._items[low:high] if pid != exclude]
        check_pinned_time(
            at, self.acct.timezone, occupied=near, daily_cap=self.acct.daily_cap, min_spacing=self._spacing
        )

    def add(self, at: datetime, pid: str) -> None:
        bisect.insort(self._items, (at, pid))

    def fill(self, count: int, now: datetime) -> list[datetime]:
        return next_free_slots(
            self.acct.slots,
            self.acct.timezone,
            after=now,
            count=count,
            occupied=[t for t, _ in self._items],
            daily_cap=self.acct.daily_cap,
            min_spacing=self._spacing,
        )


# --- import ---


def import_queue(store: Store, settings: Settings, path: Path, *, now: datetime) -> ImportResult:
    """Apply a CSV/JSON queue file: new ids are added, known ids are moved/cancelled/edited.

    Everything is checked first (times, accounts, limits, states); then one transaction writes
    it all. Re-importing an unchanged export changes nothing.
    """
    records = _read_records(path)
    check_import_rows(len(records), path, settings.limits.import_rows)
    is_csv = path.suffix.lower() == ".csv"
    first = 2 if is_csv else 1
    label = "line" if is_csv else "record"
    for number, record in enumerate(records, start=first):
        if not record.get("id"):
            raise InputError(f"{path.name} {label} {number}: the id is missing")
    sync_accounts(store, settings, now=now)
    known = store.find_posts([str(r["id"]) for r in records if isinstance(r["id"], str | int)])
    taken: dict[str, _Taken] = {}

    def taken_on(account: str) -> _Taken:
        if account not in taken:
            taken[account] = _Taken(store, account, settings, now)
        return taken[account]

    add: list[Post] = []
    changes: list[PostChange] = []
    skipped: list[str] = []
    unchanged = 0
    seen: set[str] = set()
    pending_fill: list[tuple[int, Post]] = []
    to_check: list[Post] = []
    for number, record in enumerate(records, start=first):
        where = f"{path.name} {label} {number}"
        pid = check_post_id(record["id"], where)
        existing = known.get(pid)
        if existing is not None:
            pid = existing.id  # a row may name the post by its handle
        if pid in seen:
            raise InputError(f"{where}: post {pid} appears twice; keep one row per post")
        seen.add(pid)
        try:
            status = PostStatus(record.get("status") or (existing.status if existing else "scheduled"))
        except (ValueError, TypeError):
            raise InputError(
                f"{where}: status {str(record.get('status'))[:30]!r} is unknown; use draft, approved, scheduled "
                "or cancelled"
            ) from None
        account_name = _text(record, "account", where) or (existing.account if existing else None)
        try:
            name, acct = settings.account(account_name)
        except Exception as exc:
            raise InputError(f"{where}: {exc}") from None
        record = dict(_settle_time_columns(record, existing, acct.timezone, where))
        if existing is None:
            if status in (PostStatus.PUBLISHED, PostStatus.CANCELLED):
                skipped.append(pid)
                continue
            if status not in (PostStatus.DRAFT, PostStatus.APPROVED, PostStatus.SCHEDULED):
                raise InputError(
                    f"{where}: a new post cannot start as {status.value}; use draft, approved or scheduled"
                )
            post = replace(_record_post({**record, "id": pid}, where), account=name)
            pinned = _as_bool(record.get("pinned"), where)
            when = _record_time(record, acct.timezone, now, where) if status is PostStatus.SCHEDULED else None
            if status is PostStatus.SCHEDULED:
                to_check.append(post)
                if when is None:
                    pending_fill.append((len(add), post))
                else:
                    try:
                        taken_on(name).check(when)
                    except InputError as exc:
                        raise InputError(f"{where}: {exc}") from None
                    taken_on(name).add(when, pid)
            add.append(replace(post, status=status, scheduled_at=when, pinned=pinned and when is not None))
            continue
        # a post the store knows: apply what differs
        values: dict[str, Any] = {}
        if status is not existing.status:
            if status is PostStatus.CANCELLED and existing.status in CANCELLABLE:
                values["status"] = PostStatus.CANCELLED
            elif status is PostStatus.SCHEDULED and existing.status in MOVABLE:
                values["status"] = PostStatus.SCHEDULED
            else:
                raise ConflictError(
                    f"{where}: post {pid} is {existing.status.value} in the queue; it cannot become "
                    f"{status.value} by import"
                )
        when = (
            None
            if _same_time(record, existing, acct.timezone)
            else _record_time(record, acct.timezone, now, where)
        )
        if when is not None and when != existing.scheduled_at:
            if existing.status not in MOVABLE:
                raise ConflictError(f"{where}: {_state_message(existing, 'moved')}")
            try:
                taken_on(name).check(when, exclude=pid)
            except InputError as exc:
                raise InputError(f"{where}: {exc}") from None
            taken_on(name).add(when, pid)
            values["scheduled_at"] = when
            values["pinned"] = True
            values["status"] = PostStatus.SCHEDULED
            values["next_attempt_at"] = None
        for key in ("caption", "alt_text", "first_comment"):
            if key in record:
                text = _text(record, key, where)
                if (text or "") != (getattr(existing, key) or ""):
                    values[key] = text or ("" if key != "first_comment" else None)
        if "hashtags" in record:
            tags = _hashtags(record, where)
            if tags != existing.hashtags:
                values["hashtags"] = tags
        if not values:
            unchanged += 1
            continue
        if any(k in values for k in ("caption", "alt_text", "first_comment", "hashtags")):
            if existing.status not in EDITABLE_STATUSES:
                raise ConflictError(f"{where}: {_state_message(existing, 'edited')}")
            to_check.append(replace(existing, **values))
        changes.append(PostChange(pid, "imported", values, expect={existing.status}))
    try:
        preflight_all(
            to_check, hashtag_limit=settings.hashtag_limit, check_media=False, fix_in="the import file"
        )
        preflight_all([p for p in to_check if p.slides], hashtag_limit=settings.hashtag_limit)
    except LimitError as exc:  # a row over Instagram's limits is bad input in the file (exit 2)
        raise InputError(f"{path.name}: {exc}") from None
    by_account: dict[str, list[int]] = {}
    for index, post in pending_fill:
        by_account.setdefault(str(post.account), []).append(index)
    for name, indexes in by_account.items():
        times = taken_on(name).fill(len(indexes), now)
        for index, moment in zip(indexes, times, strict=True):
            add[index] = replace(add[index], scheduled_at=moment)
    written = store.write(add=add, changes=changes, now=now)
    return ImportResult(
        added=written[: len(add)], changed=written[len(add) :], unchanged=unchanged, skipped=skipped
    )
