"""The store's replies: writing them (with their mention rows), finding which are stored, reading.

:class:`RepliesStore` is the replies part of :class:`~tipqueue.scheduler.store.Store` (which
inherits it; it shares the store's transactions). Nothing outside the store sees a row: rows
become :class:`~tipqueue.posts.models.Reply` here.

Writing goes to the database driver without SQLAlchemy's per-value processing, which cost more
than the insert itself on an import of a million replies: the values are made here as the
columns hold them (times as naive UTC text on SQLite, aware on PostgreSQL; the mentions as the
JSON text SQLAlchemy's JSON type would write). On SQLite the write transaction holds the
database's write lock from its BEGIN, so the rows a batch stored are the ones with ids above the
largest before it; on PostgreSQL the insert returns them.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Collection, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Row, func, select
from tipqueue.config.errors import InputError, NotFoundError
from tipqueue.posts.models import GadgetMention, Reply, ReplyKind, Stance, ThreadReply
from tipqueue.scheduler import db, planner
from tipqueue.scheduler import mentions as mentions_table

#: A reply as :meth:`RepliesStore.add_reply_rows` takes it: platform id, post id, parent id,
#: kind (its value), username, user id, text, written at, collected at (aware times or None).
ReplyRow = tuple[
    str, str | None, str | None, str, str | None, str | None, str, datetime | None, datetime | None
]
_COLUMNS = (
    "platform_id", "post_id", "parent_id", "kind", "username", "user_id", "text", "created_at", "collected_at",
    "mentions",
)  # fmt: skip
#: The columns' types on PostgreSQL, in :data:`_COLUMNS` order, and the rows per INSERT there.
_PG_TYPES = ("text",) * 7 + ("timestamptz", "timestamptz", "json")
_PG_ROWS = 5000
#: Platform ids per lookup (within SQLite's bound-parameter limit).
_LOOKUP = 900
#: SQLite's page cache while a batch is written, KiB (see :func:`_page_cache`).
_BATCH_CACHE_KIB = 64 * 1024
#: Distinct mention tuples whose JSON and rows are kept (an import names the same few gadgets
#: with the same stances again and again).
_ENCODED_CACHE = 8192
_encoded: dict[tuple[GadgetMention, ...], tuple[str, list[tuple[Any, ...]]]] = {}


def _mentions_json(mentions: Sequence[GadgetMention]) -> list[dict[str, Any]]:
    return [
        {"gadget": m.gadget, "category": m.category, "stance": m.stance.value, "matched": m.matched}
        | ({"brand": m.brand} if m.brand is not None else {})
        | ({"inferred": True} if m.inferred else {})
        | ({"relayed": True} if m.relayed else {})
        | ({"cue": m.cue} if m.cue else {})
        for m in mentions
    ]


def _encode(mentions: tuple[GadgetMention, ...]) -> tuple[str, list[tuple[Any, ...]]]:
    """The ``mentions`` column's JSON text for ``mentions`` and their mention-row fields."""
    found = _encoded.get(mentions)
    if found is None:
        # the text SQLAlchemy's JSON type writes (json.dumps with its default separators)
        found = (json.dumps(_mentions_json(mentions)), mentions_table.fields_of(mentions))
        if len(_encoded) >= _ENCODED_CACHE:
            _encoded.clear()
        _encoded[mentions] = found
    return found


def _mention_tuple(items: Sequence[Mapping[str, Any]] | None) -> tuple[GadgetMention, ...]:
    return tuple(
        GadgetMention(
            gadget=g["gadget"],
            category=g["category"],
            stance=Stance(g["stance"]),
            matched=g["matched"],
            brand=g.get("brand"),
            inferred=bool(g.get("inferred", False)),
            relayed=bool(g.get("relayed", False)),
            cue=str(g.get("cue", "")),
        )
        for g in (items or ())
    )


def _reply(row: Row[Any]) -> Reply:
    m = row._mapping
    return Reply(
        platform_id=m["platform_id"],
        text=m["text"],
        kind=ReplyKind(m["kind"]),
        post_id=m["post_id"],
        parent_id=m["parent_id"],
        username=m["username"],
        user_id=m["user_id"],
        created_at=m["created_at"],
        collected_at=m["collected_at"],
        mentions=_mention_tuple(m["mentions"]),
    )


class _Decoded(dict[str, tuple[GadgetMention, ...]]):
    """The mentions of a ``mentions`` column's JSON text, decoded once per distinct text (an
    import's replies name the same few gadgets with the same stances again and again)."""

    def __missing__(self, code: str) -> tuple[GadgetMention, ...]:
        if len(self) >= _ENCODED_CACHE:
            self.clear()
        found = self[code] = _mention_tuple(json.loads(code))
        return found


class _StoredTime:
    """:func:`~tipqueue.scheduler.db.stored_utc`, the same value given again (replies collected
    together) converted once."""

    def __init__(self) -> None:
        self._last: Any = None
        self._last_time: datetime | None = None

    def __call__(self, value: Any) -> datetime | None:
        if value is None:
            return None
        if value == self._last and type(value) is type(self._last):
            return self._last_time
        moment = db.stored_utc(value)
        self._last, self._last_time = value, moment
        return moment


def row_of(reply: Reply) -> ReplyRow:
    """``reply`` as :meth:`RepliesStore.add_reply_rows` takes it."""
    return (
        reply.platform_id,
        reply.post_id,
        reply.parent_id,
        reply.kind.value,
        reply.username,
        reply.user_id,
        reply.text,
        reply.created_at,
        reply.collected_at,
    )


class _Times:
    """Aware times as the driver writes them into a UTC column: naive UTC text on SQLite (as
    SQLAlchemy's DateTime stores it), UTC on PostgreSQL; the same time given again is converted once."""

    def __init__(self, sqlite: bool) -> None:
        self._sqlite = sqlite
        self._last: datetime | None = None
        self._last_value: Any = None

    def __call__(self, value: datetime | None) -> Any:
        if value is None:
            return None
        if value is self._last:
            return self._last_value
        utc = value
        if value.tzinfo is not UTC:
            if value.tzinfo is None or value.utcoffset() is None:
                raise ValueError(f"time {value.isoformat()} has no time zone; pass an aware datetime")
            utc = value.astimezone(UTC)
        # "2025-03-01 09:30:00.000000+00:00" without its offset
        out = utc.isoformat(" ", "microseconds")[:-6] if self._sqlite else utc
        self._last, self._last_value = value, out
        return out


@contextlib.contextmanager
def _page_cache(conn: Connection) -> Iterator[None]:
    """SQLite: a page cache that holds the pages one batch changes (every leaf of the platform-id
    index, at a million replies), for the batch's transaction. In the default 2 MiB they spilled
    to the WAL whenever they outgrew it, and the same pages were written again and again: half
    the insert's cost at a million stored replies. Set back to what it was afterwards."""
    if conn.dialect.name != "sqlite":
        yield
        return
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size = -{_BATCH_CACHE_KIB}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(before or -2000)}")


def _insert_sqlite(conn: Connection, values: list[tuple[Any, ...]]) -> list[tuple[int, str]]:
    """Insert ``values`` (replies not stored yet are stored, the rest skipped); (id, platform id)
    of those stored. The write transaction's BEGIN IMMEDIATE holds the write lock, so no other
    writer adds rows meanwhile: the new rows are the ones above the largest id before."""
    before = int(conn.exec_driver_sql("SELECT COALESCE(MAX(id), 0) FROM replies").scalar_one())
    marks = ", ".join("?" * len(_COLUMNS))
    conn.exec_driver_sql(
        f"INSERT INTO replies ({', '.join(_COLUMNS)}) VALUES ({marks}) ON CONFLICT (platform_id) DO NOTHING",
        values,
    )
    new = conn.exec_driver_sql("SELECT id, platform_id FROM replies WHERE id > ? ORDER BY id", (before,))
    return [(int(reply_id), str(platform_id)) for reply_id, platform_id in new]


def _insert_postgresql(conn: Connection, values: list[tuple[Any, ...]]) -> list[tuple[int, str]]:
    """As :func:`_insert_sqlite`, on PostgreSQL: RETURNING names the rows this statement stored
    (not those a concurrent writer stored first). Each column goes as one array (``unnest``),
    in the binary format: a short statement with ten parameters (one VALUES row per reply made
    the driver parse thousands of placeholders every time, and text arrays are escaped value
    by value in Python)."""
    stored: list[tuple[int, str]] = []
    arrays = ", ".join(f"%b::{kind}[]" for kind in _PG_TYPES)
    names = ", ".join(_COLUMNS)
    statement = (
        f"INSERT INTO replies ({names}) SELECT {names} FROM unnest({arrays}) WITH ORDINALITY "
        f"AS given ({names}, n) ORDER BY n ON CONFLICT (platform_id) DO NOTHING RETURNING id, platform_id"
    )
    for i in range(0, len(values), _PG_ROWS):
        columns = [list(column) for column in zip(*values[i : i + _PG_ROWS], strict=True)]
        result = conn.exec_driver_sql(statement, tuple(columns))
        stored += [(int(reply_id), str(platform_id)) for reply_id, platform_id in result]
    return stored


class RepliesStore:
    """The replies part of the Store (see the module notes); :class:`Store` provides
    :meth:`_tx` and :meth:`refresh_stats`."""

    dialect: str

    def _tx(
        self, *, write: bool = False, autocommit: bool = False, repeatable: bool = False
    ) -> contextlib.AbstractContextManager[Connection]:
        raise NotImplementedError  # Store's

    def refresh_stats(self, *, force: bool = False) -> list[str]:
        raise NotImplementedError  # Store's

    # --- writing ---

    def add_replies(self, replies: Sequence[Reply]) -> int:
        """Insert the replies not stored yet (deduplicated by platform_id); return how many were new."""
        return self.add_reply_rows([row_of(x) for x in replies], [tuple(x.mentions) for x in replies])

    def add_reply_rows(
        self,
        rows: Sequence[ReplyRow],
        mentions: Sequence[tuple[GadgetMention, ...]],
        *,
        refresh_stats: bool = True,
    ) -> int:
        """:meth:`add_replies` for replies given as :data:`ReplyRow` tuples, ``mentions[i]`` the
        gadgets of ``rows[i]`` (an import's replies, without making a Reply of each); how many
        were new. Their mention rows are written in the same transaction. ``refresh_stats``:
        refresh the planner's statistics after a large write (an import does it once, at its end)."""
        if not rows:
            return 0
        first: dict[str, int] = {}
        for index, row in enumerate(rows):
            first.setdefault(row[0], index)
        sqlite = self.dialect == "sqlite"
        # one converter per column: each remembers the last time it converted, and the replies of
        # one import share the moment they were collected
        written, collected_at = _Times(sqlite), _Times(sqlite)
        values: list[tuple[Any, ...]] = []
        encoded: list[tuple[str, list[tuple[Any, ...]]] | None] = []
        for index in first.values() if len(first) < len(rows) else range(len(rows)):
            pid, post, parent, kind, username, user_id, body, created, collected = rows[index]
            found = mentions[index]
            code = _encode(found) if found else None
            encoded.append(code)
            values.append(
                (
                    pid,
                    post,
                    parent,
                    kind,
                    username,
                    user_id,
                    # NUL is dropped on both databases alike (PostgreSQL refuses it in text, SQLite kept it)
                    body.replace("\x00", "") if "\x00" in body else body,
                    written(created),
                    collected_at(collected),
                    "[]" if code is None else code[0],
                )
            )
        place = {value[0]: n for n, value in enumerate(values)}
        with self._tx(write=True) as conn, _page_cache(conn):
            stored = _insert_sqlite(conn, values) if sqlite else _insert_postgresql(conn, values)
            mention_rows: list[tuple[Any, ...]] = []
            for reply_id, platform_id in stored:
                n = place[platform_id]
                code = encoded[n]
                if code is not None:
                    value = values[n]
                    reader = mentions_table.reader_of(value[5], value[4], platform_id)
                    seen = value[7] if value[7] is not None else value[8]
                    mention_rows += mentions_table.rows_of(reply_id, reader, seen, code[1])
            mentions_table.record_rows(conn, mention_rows, replies=len(stored))
        if refresh_stats and len(stored) >= planner.LARGE_WRITE:
            self.refresh_stats()
        return len(stored)

    def file_replies_under(self, platform_ids: Collection[str], post_id: str) -> int:
        """Give the stored replies among ``platform_ids`` that have no post ``post_id``; how many."""
        if not platform_ids:
            return 0
        r = db.replies
        changed = 0
        with self._tx(write=True) as conn:
            ids = list(platform_ids)
            for i in range(0, len(ids), _LOOKUP):
                result = conn.execute(
                    r.update()
                    .where(r.c.platform_id.in_(ids[i : i + _LOOKUP]), r.c.post_id.is_(None))
                    .values(post_id=post_id)
                )
                changed += result.rowcount or 0
        return changed

    def set_reply_mentions(self, mentions: Mapping[str, Sequence[GadgetMention]]) -> None:
        """Store the gadgets found in replies (platform_id -> mentions), replacing earlier ones.

        The JSON goes to the driver as text, one statement for all (SQLAlchemy's JSON processing
        per reply cost more than the update)."""
        if not mentions:
            return
        with self._tx(write=True) as conn:
            # first: it reads which replies named a gadget, and gives their row ids
            ids = mentions_table.replace(conn, mentions)
            pairs = [
                (ids[pid], _encode(tuple(ms))[0] if ms else "[]")
                for pid, ms in mentions.items()
                if pid in ids
            ]
            if self.dialect == "sqlite":
                statement = "UPDATE replies SET mentions = ? WHERE id = ?"
                conn.exec_driver_sql(statement, [(code, reply_id) for reply_id, code in pairs])
                return
            statement = (
                "UPDATE replies SET mentions = given.mentions FROM unnest(%b::bigint[], %b::json[]) "
                "AS given (id, mentions) WHERE replies.id = given.id"
            )
            for i in range(0, len(pairs), _PG_ROWS):
                chunk = pairs[i : i + _PG_ROWS]
                conn.exec_driver_sql(statement, ([p for p, _ in chunk], [c for _, c in chunk]))

    # --- reading ---

    def stored_replies_naming(self, platform_ids: Collection[str]) -> dict[str, bool]:
        """Which of ``platform_ids`` are stored already, each with whether its stored reply names a
        gadget (so an import can skip them before finding gadgets in them again)."""
        found: dict[str, bool] = {}
        ids = list(dict.fromkeys(platform_ids))
        if not ids:
            return found
        # the mentions compared as text in the database ('[]': none), not parsed here
        query = "SELECT platform_id, CAST(mentions AS TEXT) <> '[]' FROM replies WHERE platform_id "
        with self._tx() as conn:
            if self.dialect == "postgresql":
                for platform_id, names in conn.exec_driver_sql(query + "= ANY(%b::text[])", (ids,)):
                    found[platform_id] = bool(names)
                return found
            for i in range(0, len(ids), _LOOKUP):
                chunk = ids[i : i + _LOOKUP]
                statement = query + f"IN ({', '.join('?' * len(chunk))})"
                for platform_id, names in conn.exec_driver_sql(statement, tuple(chunk)):
                    found[platform_id] = bool(names)
        return found

    def list_replies(
        self,
        *,
        post_id: str | None = None,
        kinds: Collection[ReplyKind] | None = None,
        limit: int | None = None,
        offset: int = 0,
        newest_first: bool = False,
        after: str | None = None,
    ) -> list[Reply]:
        """Stored replies in the order they were stored (``newest_first``: the latest stored first).

        ``limit``/``offset`` page through them in that order without reading the rest, for
        dashboards over many replies; by default every matching reply is returned. ``after``:
        the platform id of the last reply of the previous page; the page starts right after it
        (an index seek, however deep the page; NotFoundError when no reply has that id).
        """
        if limit is not None and limit < 0:
            raise InputError(f"limit {limit} is negative; give 0 or more replies to list")
        if offset < 0:
            raise InputError(f"offset {offset} is negative; give 0 to start at the first reply")
        r = db.replies
        query = select(r).order_by(r.c.id.desc() if newest_first else r.c.id)
        query = self._reply_filter(query, post_id, kinds)
        if after is not None:
            with self._tx() as conn:
                mark = conn.execute(select(r.c.id).where(r.c.platform_id == after)).scalar()
            if mark is None:
                raise NotFoundError(f"no stored reply {after!r} to continue after; start from the first page")
            query = query.where(r.c.id < mark if newest_first else r.c.id > mark)
        if limit is not None:
            query = query.limit(limit)
        if offset:
            query = query.offset(offset)
        with self._tx() as conn:
            return [_reply(row) for row in conn.execute(query)]

    def last_reply_id(self) -> int:
        """The row id of the newest stored reply (0 when there is none)."""
        with self._tx() as conn:
            return int(conn.execute(select(func.max(db.replies.c.id))).scalar() or 0)

    def count_replies(self, *, post_id: str | None = None, kinds: Collection[ReplyKind] | None = None) -> int:
        """How many replies :meth:`list_replies` would return without a limit (all of them: the
        total the triggers keep, without counting rows)."""
        if post_id is None and kinds is None:
            return self.replies_state()[1]
        r = db.replies
        query = self._reply_filter(select(func.count()).select_from(r), post_id, kinds)
        with self._tx() as conn:
            return int(conn.execute(query).scalar_one())

    @staticmethod
    def _reply_filter(query: Any, post_id: str | None, kinds: Collection[ReplyKind] | None) -> Any:
        r = db.replies
        if post_id is not None:
            query = query.where(r.c.post_id == post_id)
        if kinds is not None:
            query = query.where(r.c.kind.in_([k.value for k in kinds]))
        return query

    def replies_state(self) -> tuple[int, int]:
        """(version, total): the version goes up with every write to the stored replies, so a
        result computed from them (the leaderboard) is current while the version is the same."""
        s = db.replies_state
        with self._tx() as conn:
            row = conn.execute(select(s.c.version, s.c.total).where(s.c.id == 1)).first()
        return (0, 0) if row is None else (int(row.version), int(row.total))

    def iter_replies(
        self,
        *,
        post_id: str | None = None,
        after_id: int = 0,
        naming: bool = False,
        batch: int = 2000,
    ) -> Iterator[Reply]:
        """Stored replies (to ``post_id`` when given) streamed ``batch`` at a time, so a million of
        them never sit in memory at once.

        In stored order (as :meth:`list_replies`), read in batches by id, each in its own short
        transaction. ``after_id``: only replies stored after the one with that row id (see
        :meth:`last_reply_id`). ``naming``: only replies that name a gadget.
        """
        # The driver's plain rows, decoded here (each distinct mentions text and time once):
        # SQLAlchemy's JSON and time processing and its row objects cost more than the rest of
        # a CSV export of 100,000 replies.
        postgresql = self.dialect == "postgresql"
        mark = "%s" if postgresql else "?"
        where = [f"id > {mark}"]
        if post_id is not None:
            where.append(f"post_id = {mark}")
        if naming:
            where.append("CAST(mentions AS TEXT) <> '[]'")
        query = (
            "SELECT id, platform_id, post_id, parent_id, kind, username, user_id, text, created_at, "
            f"collected_at, CAST(mentions AS TEXT) FROM replies WHERE {' AND '.join(where)} "
            f"ORDER BY id LIMIT {int(batch)}"
        )
        decoded = _Decoded()
        kinds = {kind.value: kind for kind in ReplyKind}
        moment = _StoredTime()
        last = after_id
        while True:
            params: tuple[Any, ...] = (last,) if post_id is None else (last, post_id)
            with self._tx() as conn:
                rows = conn.exec_driver_sql(query, params).all()
            if not rows:
                return
            last = int(rows[-1][0])
            for _id, pid, post, parent, kind, username, user_id, text, created, collected, code in rows:
                yield Reply(
                    platform_id=pid,
                    text=text,
                    kind=kinds[kind],
                    post_id=post,
                    parent_id=parent,
                    username=username,
                    user_id=user_id,
                    created_at=moment(created),
                    collected_at=moment(collected),
                    mentions=() if code == "[]" else decoded[code],
                )
            if len(rows) < batch:
                return

    def iter_thread_replies(self, *, after_id: int = 0, batch: int = 2000) -> Iterator[ThreadReply]:
        """The replies stored after the one with row id ``after_id``, thread by thread: by post,
        then in the order they were written (no time first), then platform id; one streamed read
        (a server-side cursor on PostgreSQL), ``batch`` rows at a time.

        Only what reading a reply in its thread needs, from the driver's plain rows: on an import
        of a million replies, SQLAlchemy's JSON and time processing and a full ``Reply`` per row
        cost three times the walk through the threads itself."""
        postgresql = self.dialect == "postgresql"
        tie = 'platform_id COLLATE "C"' if postgresql else "platform_id"
        query = (
            "SELECT platform_id, post_id, parent_id, username, user_id, text, CAST(mentions AS TEXT) "
            f"FROM replies WHERE id > {'%s' if postgresql else '?'} "
            f"ORDER BY post_id NULLS FIRST, created_at NULLS FIRST, {tie}"
        )
        decoded = _Decoded()
        with self._tx() as conn:
            driver = conn.connection.driver_connection
            assert driver is not None
            cursor = driver.cursor("tipqueue_threads") if postgresql else driver.cursor()
            if postgresql:
                cursor.itersize = batch
            try:
                cursor.execute(query, (after_id,))
                while rows := cursor.fetchmany(batch):
                    for platform_id, post, parent, username, user_id, text, code in rows:
                        found = () if code == "[]" else decoded[code]
                        yield ThreadReply(platform_id, post, parent, username, user_id, text, found)
            finally:
                cursor.close()
