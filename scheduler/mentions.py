"""The gadgets of stored replies as rows (``reply_mentions``), written with the replies.

``replies.mentions`` keeps each reply's gadgets as JSON, which only Python can count; this table
holds the same mentions one per row, with the reply's reader and time beside them, numbered in
the order they were written (``seq``), so the leaderboard (replies.board) adds up only the rows
written since it last counted. The store writes the rows in the transaction that writes the
replies (:meth:`Store.add_reply_rows`, :meth:`Store.set_reply_mentions`); a trigger removes a
deleted reply's rows. Writers take their numbers under the lock of the one ``mentions_state``
row, so rows become visible in the order of their numbers: a reader that has counted up to n
never later finds a row below n it has not counted.

``mentions_state.replies`` counts the replies whose rows are written. A write that went round
the store (SQL by hand, a restore) leaves it behind ``replies_state.total``; :func:`in_step`
tells, and :func:`rebuild` makes the rows again from the stored mentions, batch by batch.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, delete, func, select, text, update
from sqlalchemy.engine import Connection
from tipqueue.posts.models import GadgetMention
from tipqueue.scheduler import db

if TYPE_CHECKING:
    from tipqueue.scheduler.store import Store

BATCH = 5000
#: A rebuild of at least this many replies analyses the table afterwards.
ANALYSED = 10_000


def reader_of(user_id: str | None, username: str | None, platform_id: str) -> str:
    """Who wrote a reply, as the leaderboard counts readers: the user id, else the username in
    lower case, else the reply itself (an anonymous reply is one reader)."""
    if user_id:
        return "id:" + user_id
    if username:
        return "u:" + username.lower()
    return "r:" + platform_id


_COLUMNS = (
    "ord", "reply_id", "gadget", "category", "brand", "stance", "inferred", "relayed", "cue", "reader", "seen_at", "seq"
)  # fmt: skip
_Row = tuple[Any, ...]  # a row in _COLUMNS order, without its seq
#: The columns' types on PostgreSQL, in _COLUMNS order.
_PG_TYPES = (
    "bigint",
    "bigint",
    "text",
    "text",
    "text",
    "text",
    "bool",
    "bool",
    "text",
    "text",
    "timestamptz",
    "bigint",
)


def fields_of(mentions: Sequence[GadgetMention]) -> list[tuple[Any, ...]]:
    """The columns of the rows of ``mentions`` that come from the mentions themselves (gadget
    to cue, in :data:`_COLUMNS` order): the same for every reply naming them."""
    if len(mentions) >= db.MENTION_SLOTS:
        mentions = mentions[: db.MENTION_SLOTS - 1]  # no reply of a few thousand characters names more
    return [
        (m.gadget, m.category, m.brand or None, m.stance.value, m.inferred, m.relayed, m.cue)
        for m in mentions
    ]


def rows_of(reply_id: int, reader: str, seen_at: Any, fields: Sequence[tuple[Any, ...]]) -> list[_Row]:
    """The rows of one reply's mentions from their :func:`fields_of` (``seq`` is added by
    :func:`_insert`); ``seen_at`` as given (a time, or what the driver writes for one)."""
    base = reply_id * db.MENTION_SLOTS
    return [(base + position, reply_id, *f, reader, seen_at) for position, f in enumerate(fields)]


def _rows(
    reply_id: int, reader: str, seen_at: datetime | None, mentions: Sequence[GadgetMention]
) -> list[_Row]:
    """The rows of one reply's mentions (``seq`` is added by :func:`_insert`)."""
    return rows_of(reply_id, reader, seen_at, fields_of(mentions))


def _insert(
    conn: Connection, rows: list[_Row], *, replies: int = 0, removed: bool = False, ready: bool = False
) -> None:
    """Insert ``rows`` numbered after every row written before (the state row's lock, taken by
    the UPDATE, is held until the transaction ends); count ``replies`` and a removal.

    The rows go to the driver as they are (an import writes hundreds of thousands: SQLAlchemy's
    per-value processing cost more than the insert), times as the store's UTC columns hold them
    (``ready``: ``seen_at`` is that already)."""
    s = db.mentions_state
    if not rows and not replies and not removed:
        return
    conn.execute(
        update(s)
        .where(s.c.id == 1)
        .values(seq=s.c.seq + len(rows), replies=s.c.replies + replies, removals=s.c.removals + int(removed))
    )
    if not rows:
        return
    last = int(conn.execute(select(s.c.seq).where(s.c.id == 1)).scalar_one())
    first = last - len(rows) + 1
    names = ", ".join(_COLUMNS)
    if conn.dialect.name != "sqlite":
        # one array per column (unnest, binary: text arrays are escaped value by value in
        # Python): a short statement, where a statement per row was a round of the pipeline each
        arrays = ", ".join(f"%b::{kind}[]" for kind in _PG_TYPES)
        statement = f"INSERT INTO reply_mentions ({names}) SELECT * FROM unnest({arrays})"
        for i in range(0, len(rows), BATCH):
            chunk = rows[i : i + BATCH]
            columns = [list(column) for column in zip(*chunk, strict=True)]
            columns.append(list(range(first + i, first + i + len(chunk))))
            conn.exec_driver_sql(statement, tuple(columns))
        return
    statement = f"INSERT INTO reply_mentions ({names}) VALUES ({', '.join('?' * len(_COLUMNS))})"
    for i in range(0, len(rows), BATCH):
        chunk = rows[i : i + BATCH]
        if not ready:  # naive UTC text, as UTCDateTime writes it (booleans bind as 1 and 0)
            values = [(*row[:10], _sqlite_time(row[10]), first + i + n) for n, row in enumerate(chunk)]
        else:
            values = [(*row, first + i + n) for n, row in enumerate(chunk)]
        conn.exec_driver_sql(statement, values)


def _sqlite_time(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def record_rows(conn: Connection, rows: list[_Row], *, replies: int) -> None:
    """Write the mention rows (made by :func:`rows_of`, times as the driver writes them) of
    ``replies`` newly stored replies, inside the transaction that stored them."""
    _insert(conn, rows, replies=replies, ready=True)


def _of_replies(conn: Connection, reply_ids: Sequence[int]) -> int:
    """Delete the rows of the replies ``reply_ids``, each a range of the primary key (``ord``
    starts with the reply id), in one statement run for every reply; how many were deleted."""
    if not reply_ids:
        return 0
    m = db.reply_mentions
    statement = delete(m).where(m.c.ord.between(bindparam("low"), bindparam("high")))
    slots = db.MENTION_SLOTS
    ranges = [{"low": i * slots, "high": (i + 1) * slots - 1} for i in reply_ids]
    return int(conn.execute(statement, ranges).rowcount or 0)


def replace(conn: Connection, mentions: Mapping[str, Sequence[GadgetMention]]) -> dict[str, int]:
    """Write the mention rows of stored replies again (their gadgets were found anew); the row
    id of each stored reply among them. Called before the replies' ``mentions`` are updated:
    only replies whose stored mentions name a gadget have rows to delete (what an import infers
    from context is mostly for replies that named none, and a statement per reply cost more than
    the rest of the write).

    The replies are read from the driver's plain rows, the time as the database holds it (an
    import infers gadgets for tens of thousands of replies: SQLAlchemy's time processing of
    each, and turning it back into the text SQLite stores, cost as much as the writes)."""
    sqlite = conn.dialect.name == "sqlite"
    query = (
        "SELECT id, platform_id, user_id, username, COALESCE(created_at, collected_at), "
        "CAST(mentions AS TEXT) <> '[]' FROM replies WHERE platform_id "
    )
    ids = list(mentions)
    stored: dict[str, int] = {}
    step = 900 if sqlite else 5000  # within SQLite's bound-parameter limit
    for i in range(0, len(ids), step):
        chunk = ids[i : i + step]
        if sqlite:
            found = conn.exec_driver_sql(query + f"IN ({', '.join('?' * len(chunk))})", tuple(chunk)).all()
        else:
            found = conn.exec_driver_sql(query + "= ANY(%b::text[])", (chunk,)).all()
        if not found:
            continue
        gone = _of_replies(conn, [row[0] for row in found if row[5]])
        rows: list[_Row] = []
        for reply_id, platform_id, user_id, username, seen, _ in found:
            stored[platform_id] = reply_id
            seen_at = _as_stored(seen) if sqlite else seen
            rows += rows_of(
                reply_id, reader_of(user_id, username, platform_id), seen_at, fields_of(mentions[platform_id])
            )
        # gadgets found for a reply that named none (what an import infers from context) only
        # add rows; replacing rows is a removal
        _insert(conn, rows, removed=bool(gone), ready=True)
    return stored


def _as_stored(value: str | None) -> str | None:
    """A time SQLite holds as the store writes it (naive UTC text with microseconds); one written
    by hand in another form is made so."""
    if value is None or (len(value) == 26 and value[10] == " "):
        return value
    return _sqlite_time(db.stored_utc(value))


@dataclass(frozen=True)
class State:
    seq: int  # the last row number given out
    removals: int
    in_step: bool  # every stored reply has its rows (nothing was written round the store)
    lexicon: str | None


def state(store: Store) -> State:
    s, t = db.mentions_state, db.replies_state
    total = select(t.c.total).where(t.c.id == 1).scalar_subquery()
    with store._tx() as conn:  # one round trip: every request asks
        query = select(s.c.seq, s.c.removals, s.c.replies, s.c.lexicon, total.label("total"))
        row = conn.execute(query.where(s.c.id == 1)).first()
    if row is None:
        return State(0, 0, False, None)
    return State(int(row.seq), int(row.removals), int(row.replies) == int(row.total or 0), row.lexicon)


def in_step(store: Store) -> bool:
    """Whether every stored reply has its mention rows (nothing was written round the store)."""
    return state(store).in_step


#: The columns :func:`rows_since` yields, in this order.
ROW = ("seq", "reply_id", "ord", "gadget", "category", "brand", "stance", "relayed", "reader", "seen_at")


_SELECTED = (
    "m.seq, m.reply_id, m.ord, m.gadget, m.category, m.brand, m.stance, m.relayed, m.reader, m.seen_at"
)


def rows_since(
    store: Store, seq: int, *, until: int, batch: int = 20_000, post_id: str | None = None
) -> Iterator[tuple[Any, ...]]:
    """The mention rows numbered after ``seq`` up to ``until``, in number order, read ``batch``
    numbers at a time (a row is a plain tuple in :data:`ROW` order; ``seen_at`` as the database
    gives it back); with ``post_id``, only those of replies to that post.

    Each read is a bounded range of ``seq``, not "after n, the first ``batch``": with a LIMIT
    PostgreSQL (whose statistics may predate the rows, written after the last ANALYZE) read and
    sorted every row after n for each batch (11 s for 600,000 rows instead of 3)."""
    if post_id is not None and seq == 0:
        yield from _rows_of_post(store, post_id, until=until, batch=batch)
        return
    joined = "" if post_id is None else " JOIN replies r ON r.id = m.reply_id"
    mine = "" if post_id is None else " AND r.post_id = :post"
    if post_id is not None and store.dialect == "postgresql":
        # each row of the range looks its reply up by id (OFFSET 0 keeps the subquery from being
        # flattened into a join): with fresh statistics PostgreSQL otherwise hashed every reply
        # of the post for each batch (20,000 rows read for a range of 600)
        joined = " CROSS JOIN LATERAL (SELECT 1 FROM replies r WHERE r.id = m.reply_id AND r.post_id = :post OFFSET 0) r"
        mine = ""
    query = (
        f"SELECT {_SELECTED} FROM reply_mentions m{joined} "
        f"WHERE m.seq > :after AND m.seq <= :upto{mine} ORDER BY m.seq"
    )
    last = seq
    while last < until:
        upto = min(until, last + batch)
        with store._tx() as conn:
            yield from _fetch(conn, query, {"after": last, "upto": upto, "post": post_id})
        last = upto


def _fetch(conn: Connection, query: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    """The rows of ``query`` (``:name`` parameters) as the driver's plain tuples: a board counted
    from the first row reads hundreds of thousands, and SQLAlchemy's rows cost a fifth of it."""
    if conn.dialect.name != "sqlite":  # psycopg names its parameters %(name)s
        query = re.sub(r":(\w+)", r"%(\1)s", query)
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(query, params)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def _rows_of_post(store: Store, post_id: str, *, until: int, batch: int) -> Iterator[tuple[Any, ...]]:
    """Every mention row numbered up to ``until`` of the replies to ``post_id``, reply by reply
    (ranges of reply ids on the post's index, each reply's rows a range of the primary key): a
    post's first board reads that post's rows, not every row of the store."""
    slots = db.MENTION_SLOTS
    query = (
        f"SELECT {_SELECTED} FROM replies r JOIN reply_mentions m "
        f"ON m.ord BETWEEN r.id * {slots} AND r.id * {slots} + {slots - 1} "
        "WHERE r.post_id = :post AND r.id > :after AND r.id <= :upto AND m.ord BETWEEN :low AND :high "
        "ORDER BY m.ord"
    )
    r = db.replies
    with store._tx() as conn:
        high = int(conn.execute(select(func.max(r.c.id)).where(r.c.post_id == post_id)).scalar() or 0)
    last = 0
    while last < high:
        upto = min(high, last + batch)
        with store._tx() as conn:
            # the batch's rows as a range of the primary key too, whichever join the planner
            # picks (with statistics from before the rows were written, PostgreSQL read the whole
            # table per batch); rows numbered after ``until`` are left out here, not in SQL (a
            # condition on seq drew it to the seq index: every row up to ``until`` per batch)
            low, high_ord = (last + 1) * slots, (upto + 1) * slots - 1
            params = {"post": post_id, "after": last, "upto": upto, "low": low, "high": high_ord}
            rows = _fetch(conn, query, params)
        yield from (row for row in rows if row[0] <= until)
        last = upto


def counted_replies(store: Store, post_id: str, *, up_to_id: int) -> tuple[int, int, int]:
    """(the replies to ``post_id`` with a row id up to ``up_to_id``, those after it, the highest
    row id stored): a reply filed under the post later (an import naming the post of replies
    stored without one) raises the first without adding mention rows."""
    r = db.replies
    mine = select(func.count()).where(r.c.post_id == post_id)
    with store._tx() as conn:
        before = int(conn.execute(mine.where(r.c.id <= up_to_id)).scalar_one()) if up_to_id else 0
        after = int(conn.execute(mine.where(r.c.id > up_to_id)).scalar_one())
        high = int(conn.execute(select(func.max(r.c.id))).scalar() or 0)
    return before, after, high


def lexicon_of(store: Store) -> str | None:
    """The fingerprint of the lexicon the stored mentions were found with (None: not known)."""
    s = db.mentions_state
    with store._tx() as conn:
        value = conn.execute(select(s.c.lexicon).where(s.c.id == 1)).scalar()
    return None if value is None else str(value)


def set_lexicon(store: Store, fingerprint: str) -> None:
    s = db.mentions_state
    with store._tx(write=True) as conn:
        conn.execute(update(s).where(s.c.id == 1).values(lexicon=fingerprint))


def rebuild(store: Store, *, progress: Callable[[int, int], None] | None = None) -> int:
    """Make every reply's mention rows again from its stored mentions; how many replies.

    Batch by batch in id order, each in its own transaction, so replies stored meanwhile keep
    their own rows and writers never wait long."""
    r, m, s, t = db.replies, db.reply_mentions, db.mentions_state, db.replies_state
    with store._tx() as conn:
        last = int(conn.execute(select(func.max(r.c.id))).scalar() or 0)
        total = int(conn.execute(select(t.c.total).where(t.c.id == 1)).scalar() or 0)
    done = start = 0
    while start < last:
        with store._tx(write=True) as conn:
            query = (
                select(
                    r.c.id,
                    r.c.platform_id,
                    r.c.user_id,
                    r.c.username,
                    r.c.created_at,
                    r.c.collected_at,
                    r.c.mentions,
                )
                .where(r.c.id > start)
                .order_by(r.c.id)
                .limit(BATCH)
            )
            batch = conn.execute(query).all()
            end = int(batch[-1].id) if batch else last
            first_ord, last_ord = (start + 1) * db.MENTION_SLOTS, (end + 1) * db.MENTION_SLOTS - 1
            gone = conn.execute(delete(m).where(m.c.ord.between(first_ord, last_ord))).rowcount
            rows: list[_Row] = []
            for row in batch:
                if row.mentions:
                    reader = reader_of(row.user_id, row.username, row.platform_id)
                    rows += _rows(row.id, reader, row.created_at or row.collected_at, _mentions(row.mentions))
            _insert(conn, rows, removed=bool(gone))
        done += len(batch)
        start = end
        if progress is not None:
            progress(min(done, total), total)
    with store._tx(write=True) as conn:
        # counted as a removal whatever was found: rows written round the store may have gone
        # without one, and a board kept from them must be counted again
        total_now = select(t.c.total).where(t.c.id == 1).scalar_subquery()
        conn.execute(update(s).where(s.c.id == 1).values(replies=total_now, removals=s.c.removals + 1))
        if done >= ANALYSED:  # the planner's statistics, for the rows just written
            conn.execute(text("ANALYZE reply_mentions"))
    return done


def _mentions(stored: Any) -> tuple[GadgetMention, ...]:
    from tipqueue.posts.models import Stance

    return tuple(
        GadgetMention(
            gadget=g["gadget"],
            category=g["category"],
            stance=Stance(g["stance"]),
            matched=g.get("matched", ""),
            brand=g.get("brand"),
            inferred=bool(g.get("inferred", False)),
            relayed=bool(g.get("relayed", False)),
            cue=str(g.get("cue", "")),
        )
        for g in (stored or ())
    )


def texts(store: Store, reply_ids: Sequence[int]) -> dict[int, str]:
    """The texts of the stored replies with these row ids (the leaderboard's quotes)."""
    r = db.replies
    ids = sorted(set(reply_ids))
    found: dict[int, str] = {}
    with store._tx() as conn:
        for i in range(0, len(ids), 900):
            query = select(r.c.id, r.c.text).where(r.c.id.in_(ids[i : i + 900]))
            found.update({int(reply_id): str(body) for reply_id, body in conn.execute(query)})
    return found


def parent_ids(store: Store) -> set[str]:
    """The platform ids stored replies answer (what a reply can take its gadget from)."""
    r = db.replies
    with store._tx() as conn:
        query = select(r.c.parent_id).where(r.c.parent_id.is_not(None)).distinct()
        return {str(p) for p in conn.execute(query).scalars()}
