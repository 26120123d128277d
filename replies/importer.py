"""Import replies gathered elsewhere: JSON, JSON Lines, CSV and instaloader's comment JSON.

The formats, the fields a row may have and how a row's platform id is made are in
import_rows.py. Importing is idempotent: a reply stored already is skipped (and, when the
import names a post, replies stored before without one are filed under it).

The file is read and checked completely before anything is stored, and it is read once: the
checked rows wait in a temporary file (in memory while it is small), from which they are stored
in batches, finding the gadgets of each, so memory stays bounded whatever the size of the file
(a JSON document is the exception: it is parsed whole; use JSON Lines or CSV for big files). A big
file's gadgets are found by worker processes (see extraction.py) from the moment it is being read,
and by this process too while it stores (see import_spool.py for how the two share the work).
"""

from __future__ import annotations

import contextlib
import gc
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tipqueue.config.errors import NotFoundError, StoreError
from tipqueue.posts.models import GadgetMention, Reply
from tipqueue.replies.context import Thread, walk_threads
from tipqueue.replies.extraction import Extractor, default_workers
from tipqueue.replies.gadgets import GadgetMatcher, default_matcher
from tipqueue.replies.import_rows import (
    FORMATS,
    ID_FIELDS,
    PARENT_FIELDS,
    POST_FIELDS,
    TEXT_FIELDS,
    TIME_FIELDS,
    USER_FIELDS,
    Reading,
    Row,
    detect_format,
    format_of,
    parse_time,
    platform_id_for,
    reply_of,
    rows,
    stored_row,
)
from tipqueue.replies.import_spool import Blocks, Checked

if TYPE_CHECKING:
    from tipqueue.scheduler.replies_store import ReplyRow
    from tipqueue.scheduler.store import Store

__all__ = [
    "FORMATS",
    "ID_FIELDS",
    "PARENT_FIELDS",
    "POST_FIELDS",
    "TEXT_FIELDS",
    "TIME_FIELDS",
    "USER_FIELDS",
    "ImportReport",
    "detect_format",
    "import_replies",
    "iter_replies",
    "parse_time",
    "platform_id_for",
    "post_topics",
    "read_replies",
]

#: Replies handed to the store at once (one transaction each).
BATCH = 20_000
#: Rows per block handed to gadget extraction, and blocks waiting for each worker to take them.
BLOCK = 2_000
AHEAD = 6
#: A file with more rows than this has its gadgets found by worker processes.
PARALLEL_ROWS = 10_000
#: Checked rows kept in memory before the temporary file holding them moves to disk.
SPOOL_MEMORY = 32 * 1024 * 1024

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


def iter_replies(
    path: Path, reading: Reading, *, now: datetime, post_id: str | None = None
) -> Iterator[Reply]:
    """The replies of a file one at a time (no gadgets yet), checking each row; ``reading``
    collects the counts. Bad rows raise InputError naming the line."""
    for row in rows(path, reading, post_id=post_id):
        yield reply_of(row, now)


def read_replies(
    path: Path, *, now: datetime, post_id: str | None = None, fmt: str | None = None
) -> tuple[list[Reply], str, int]:
    """Parse a file into replies (no gadgets yet); returns (replies, format, rows without text)."""
    reading = Reading(format_of(path, fmt))
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


def _chunks(items: Iterable[Row], size: int) -> Iterator[list[Row]]:
    iterator = iter(items)
    while block := list(itertools.islice(iterator, size)):
        yield block


def _infer(
    store: Store, matcher: GadgetMatcher, after_id: int, parents: set[str]
) -> dict[str, tuple[GadgetMention, ...]]:
    """Gadgets that the replies stored after ``after_id`` mean without naming them ("mine broke"),
    from the comment they answer, the reader's earlier reply or the post's topic; streamed from
    the store thread by thread, so memory holds one reply at a time, not the import."""
    stream = store.iter_thread_replies(after_id=after_id)
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
    workers: int | None = None,
) -> ImportReport:
    """Read ``path``, find the gadgets in each reply, store the new ones; safe to run twice.

    The whole file is checked first (nothing is stored when a row is bad), then stored in
    batches (see the module notes). Should the database refuse a batch, the error says how many
    replies were stored; importing again finishes the rest. ``workers``: processes finding the
    gadgets of a file of more than :data:`PARALLEL_ROWS` rows (default: one fewer than the cores,
    see :func:`~tipqueue.replies.extraction.default_workers`; 0 finds them in this process).

    ``post_id`` (for rows that name no post) must be a stored post: NotFoundError otherwise, and
    nothing is stored (a typo would file the replies under a post that does not exist).
    """
    if post_id is not None:
        store.get_post(post_id)
    matcher = matcher or default_matcher()
    reading = Reading(format_of(path, fmt))
    workers = default_workers() if workers is None else workers
    added = with_gadgets = filed = done = 0
    refers = False  # some reply naming no gadget refers back to one: context may tell which

    def check(block: list[Row]) -> Checked:
        # Rows stored by an earlier import are not extracted again: their stored mentions say
        # whether they name a gadget, so the report reads the same as the first time.
        stored = store.stored_replies_naming([row[0] for row in block])
        new = [row for row in block if row[0] not in stored] if stored else block
        to_file = (
            [row[0] for row in block if row[0] in stored and row[2] == post_id] if stored and post_id else []
        )
        return new, stored, to_file

    # Bulk creation of many small objects: the cyclic garbage collector would rescan every reply
    # made so far again and again (none of them form cycles), so it rests until the import ends.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with Extractor(matcher) as extractor, Blocks(extractor, SPOOL_MEMORY, AHEAD) as blocks:
            # 1. check the whole file, keeping its blocks in a spool; a big file's gadgets are
            # being found by the workers meanwhile (see import_spool.py)
            for block in _chunks(rows(path, reading, post_id=post_id), BLOCK):
                if workers and reading.read > PARALLEL_ROWS:
                    extractor.start(workers)
                    workers = 0  # tried once, whether or not processes could start
                blocks.add(check(block))
            total = reading.read - reading.empty
            # 2. store them in batches, in order, the rest of the gadgets being found meanwhile
            after_id = store.last_reply_id()
            batch: list[ReplyRow] = []
            found_in: list[tuple[GadgetMention, ...]] = []
            for (new, stored, to_file), found in blocks:
                done += len(new) + len(stored)
                if stored:
                    with_gadgets += sum(stored.values())
                    if to_file and post_id is not None:
                        # imported before without --post: file them under it now, once
                        filed += store.file_replies_under(to_file, post_id)
                refers = refers or found.refers
                batch += [stored_row(row, now) for row in new]
                found_in += found.mentions
                with_gadgets += sum(1 for mentions in found.mentions if mentions)
                if len(batch) >= BATCH:
                    added += _store(store, batch, found_in, added, total)
                    batch, found_in = [], []
                    if progress is not None:
                        progress(done, total, path.name)
            if batch:
                added += _store(store, batch, found_in, added, total)
                if progress is not None:
                    progress(done, total, path.name)
        if added and refers:
            inferred = _infer(store, matcher, after_id, reading.parents)
            if inferred:
                store.set_reply_mentions(inferred)
                with_gadgets += len(inferred)
        if added:
            store.refresh_stats()  # once, not after every batch: the planner's view of the replies
    finally:
        if collecting:
            gc.enable()
    if progress is not None and total == 0:
        progress(0, 0, path.name)
    return ImportReport(
        path=path,
        format=reading.format,
        read=reading.read,
        added=added,
        duplicates=total - added,
        skipped_empty=reading.empty,
        with_gadgets=with_gadgets,
        filed=filed,
    )


def _store(
    store: Store, batch: list[ReplyRow], mentions: list[tuple[GadgetMention, ...]], added: int, total: int
) -> int:
    if not batch:
        return 0
    try:
        return store.add_reply_rows(batch, mentions, refresh_stats=False)
    except StoreError as exc:
        raise StoreError(
            f"{exc}; {added:,} of the file's {total:,} replies were stored before it; "
            "import the file again to store the rest"
        ) from None
