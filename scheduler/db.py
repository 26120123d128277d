"""The store's tables (SQLAlchemy Core), shared by the Store and the Alembic migrations.

Every time is stored in UTC. On PostgreSQL the columns are ``timestamptz``; SQLite has no time
zone type, so :class:`UTCDateTime` writes naive UTC there and reads it back as aware UTC. Nothing
outside the store sees a row: :mod:`scheduler.store` turns them into ``posts.models`` types.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.types import TypeDecorator
from tipqueue.config.errors import InputError

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)

#: The posts still in the queue (the partial indexes' condition, written exactly as the queries
#: write it: SQLite uses a partial index only when the query repeats its condition).
OPEN_POSTS = "status NOT IN ('published', 'cancelled')"
OPEN = text(OPEN_POSTS)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every database; naive datetimes are refused."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value.isoformat()} given to the store; pass an aware time")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        return stored_utc(value)


def stored_utc(value: Any) -> datetime | None:
    """A time column's value as the driver gives it (naive UTC text on SQLite, an aware time on
    PostgreSQL) as an aware UTC time."""
    if value is None:
        return None
    if isinstance(value, str):  # SQLite's text (or rows written by hand)
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]
    return value.astimezone(UTC)  # type: ignore[no-any-return]


accounts = Table(
    "accounts",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("username", String(64), nullable=False),
    Column("timezone", String(64), nullable=False),
    Column("paused", Boolean, nullable=False, default=False),
    Column("pause_reason", Text),
    Column("paused_at", UTCDateTime),
    Column("created_at", UTCDateTime, nullable=False),
)

posts = Table(
    "posts",
    metadata,
    Column("id", String(128), primary_key=True),
    Column("account", String(64), ForeignKey("accounts.name"), nullable=True),
    Column("kind", String(16), nullable=False),
    Column("series_label", String(32), nullable=False, default=""),
    Column("quote", Text, nullable=False, default=""),
    Column("caption", Text, nullable=False),
    Column("caption_fingerprint", String(64), nullable=False),
    Column("hashtags", JSON, nullable=False),
    Column("alt_text", Text, nullable=False, default=""),
    Column("first_comment", Text),
    Column("slides", JSON, nullable=False),
    Column("media_kind", String(16), nullable=False),
    Column("article_slug", String(128), nullable=False, default=""),
    Column("position", Integer, nullable=False, default=0),
    Column("collect_replies", Boolean, nullable=False, default=False),
    Column("source_dir", Text),
    # queue state
    Column("status", String(24), nullable=False),
    Column("scheduled_at", UTCDateTime),
    # When the publisher should next look at this post: scheduled_at for scheduled posts,
    # next_attempt_at for failed ones, lease_expires_at for publishing ones; NULL otherwise.
    # One indexed column keeps "what is due?" a single range scan at any queue size.
    Column("due_at", UTCDateTime),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", UTCDateTime),
    Column("last_error", Text),
    Column("claimed_at", UTCDateTime),
    Column("claimed_by", String(128)),
    Column("lease_expires_at", UTCDateTime),
    Column("media_id", String(64)),
    Column("permalink", Text),
    Column("published_at", UTCDateTime),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    # added by revision 0002: a post pinned with --at keeps its time when the queue is shuffled
    Column("pinned", Boolean, nullable=False, default=False),
    # added by revision 0005: the short handle staff type ("FMG-3"), unique per store
    Column("handle", String(24)),
    # added by revision 0006: the point of no return was passed (sent_at), and whether the
    # outcome is still unknown; only the store's publishing methods write these
    Column("sent_at", UTCDateTime),
    Column("outcome_unknown", Boolean, nullable=False, default=False),
    Column("sent_ids", JSON),
    # since revision 0008: due posts in claim order, counted from the index alone; only rows
    # with a due_at (never the history)
    Index(
        "ix_posts_due_at_id",
        "due_at",
        "id",
        "status",
        "account",
        sqlite_where=text("due_at IS NOT NULL"),
        postgresql_where=text("due_at IS NOT NULL"),
    ),
    Index("ix_posts_scheduled_at_id", "scheduled_at", "id"),
    Index("ix_posts_status_scheduled_at_id", "status", "scheduled_at", "id"),  # (.., id) since 0007
    # added by revision 0007: the calendar and per-account lists read (account, time, id) ranges;
    # the open posts (neither published nor cancelled) have their own partial indexes, so paging
    # through the queue never walks the history
    # (revision 0008 adds the status to each entry: a day's counts per status read the index alone)
    Index("ix_posts_account_scheduled_at_id_status", "account", "scheduled_at", "id", "status"),
    Index("ix_posts_open_scheduled_at_id", "scheduled_at", "id", sqlite_where=OPEN, postgresql_where=OPEN),
    Index(
        "ix_posts_open_account_scheduled_at_id",
        "account",
        "scheduled_at",
        "id",
        sqlite_where=OPEN,
        postgresql_where=OPEN,
    ),
    Index("ix_posts_caption_fingerprint", "caption_fingerprint"),
    Index("ix_posts_handle", "handle", unique=True),
)

#: Added by revision 0003b_i14b: each article series' code for the posts' short handles.
series = Table(
    "series",
    metadata,
    Column("article_slug", String(128), primary_key=True),
    Column("code", String(16), nullable=False, unique=True),
    Column("top", Integer, nullable=False, default=0),
)

post_events = Table(
    "post_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("post_id", String(128), ForeignKey("posts.id", ondelete="CASCADE"), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("event", String(48), nullable=False),
    Column("detail", Text),
    Column("runner", String(128)),
    Index("ix_post_events_post_id_id", "post_id", "id"),
)

replies = Table(
    "replies",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("platform_id", String(128), nullable=False, unique=True),
    Column("post_id", String(128)),
    Column("parent_id", String(128)),
    Column("kind", String(16), nullable=False),
    Column("username", String(128)),
    Column("user_id", String(64)),
    Column("text", Text, nullable=False),
    Column("created_at", UTCDateTime),
    Column("collected_at", UTCDateTime),
    Column("mentions", JSON, nullable=False),
    Index("ix_replies_post_id_id", "post_id", "id"),  # (post_id, id) since revision 0007
    Index("ix_replies_collected_at", "collected_at"),  # added by revision 0004 (retention)
)

cursors = Table(
    "cursors",
    metadata,
    Column("scope", String(256), primary_key=True),
    Column("cursor", Text),
    Column("updated_at", UTCDateTime, nullable=False),
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UTCDateTime, nullable=False),
    Column("level", String(16), nullable=False),
    Column("message", Text, nullable=False),
    Column("account", String(64)),
    Column("post_id", String(128)),
    # added by revision 0003b_i14b: when a person dismissed it (status and the dashboard hide it)
    Column("dismissed_at", UTCDateTime),
    Index("ix_alerts_at", "at"),
)

# added by revision 0004: a reviewer's sign-off of a post's compliance flags
signoffs = Table(
    "signoffs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("post_id", String(128), ForeignKey("posts.id", ondelete="CASCADE"), nullable=False),
    Column("reviewer", String(128), nullable=False),
    Column("role", String(128), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("accepted", JSON, nullable=False),
    Column("note", Text),
    Index("ix_signoffs_post_id_id", "post_id", "id"),
)


# --- the SQLite file itself ---

_FIX = "restore a backup with `tipqueue db restore BACKUP`, or remove the file to start a new empty store"


def sqlite_file_problem(path: Path) -> str | None:
    """What makes ``path`` unusable as a SQLite store (None when it is a SQLite file or absent).

    The file is never opened directly: closing any descriptor of a database file drops every
    POSIX lock this process holds on it, which would corrupt the store under a connection this
    process already has open (SQLite's own connections share and defer their descriptors).
    """
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    if path.is_dir():
        return f"the store {path} is a folder, not a database file"
    if st.st_size == 0:
        return f"the store {path} is an empty file (0 bytes), not a tipqueue store"
    try:
        conn = sqlite3.connect(path, timeout=30)
        try:
            conn.execute("PRAGMA schema_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc) or "malformed" in str(exc):
            return f"the store {path} is not a SQLite database ({exc})"
        return None  # locked, unreadable...: the store's own opening says what is wrong
    return None


def prepare_sqlite_file(path: Path) -> None:
    """Check an existing store file, or create a new one that is never seen empty.

    SQLite would treat a 0-byte or foreign file as a new database (and tipqueue would migrate it
    into an empty store, losing whatever the file was meant to hold), so both are refused. A new
    store is made beside its name in WAL mode and linked into place, so a process opening the
    path meanwhile sees either no file or a SQLite file, never the 0 bytes ``connect`` starts with.
    """
    problem = sqlite_file_problem(path)
    if problem is not None:
        raise InputError(f"{problem}; {_FIX}")
    if path.exists():
        return
    tmp = path.with_name(f".{path.name}.{os.getpid()}.new")
    try:
        conn = sqlite3.connect(tmp)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
        finally:
            conn.close()
        os.link(tmp, path)
    except FileExistsError:
        pass  # another process created it first: use theirs
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + "-wal"), tmp.with_name(tmp.name + "-shm")):
            leftover.unlink(missing_ok=True)


# added by revision 0007: posts per (account, status), kept by triggers on posts. SQLite keeps one
# row per group; PostgreSQL appends signed deltas that the store folds (so sum ``n`` per group).
# An account of NULL is counted under ''.
post_counts = Table(
    "post_counts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("account", String(64), nullable=False),
    Column("status", String(24), nullable=False),
    Column("n", BigInteger, nullable=False),
)

# added by revision 0007: one row (id 1); ``version`` goes up with every write to replies (a
# trigger's), ``total`` is how many replies are stored.
replies_state = Table(
    "replies_state",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("version", BigInteger, nullable=False),
    Column("total", BigInteger, nullable=False),
)

# added by revision 0009: the gadgets each stored reply names, one row per mention (what
# ``replies.mentions`` holds, in rows the leaderboard can read without the replies). ``ord`` is
# ``reply_id * MENTION_SLOTS + position``: the mention's place in stored order; ``seq`` the
# order rows were written in (a later batch has higher numbers). ``reader`` is the reply's
# reader (user id, else username in lower case, else the reply itself) and ``seen_at`` when it
# was written (else collected).
MENTION_SLOTS = 1024
reply_mentions = Table(
    "reply_mentions",
    metadata,
    Column("ord", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False),
    Column("reply_id", Integer, nullable=False),
    Column("gadget", String(200), nullable=False),
    Column("category", String(200), nullable=False),
    Column("brand", String(200)),
    Column("stance", String(16), nullable=False),
    Column("inferred", Boolean, nullable=False),
    Column("relayed", Boolean, nullable=False),
    Column("cue", String(200), nullable=False),
    Column("reader", String(200), nullable=False),
    Column("seen_at", UTCDateTime),
    Column("seq", BigInteger, nullable=False),
    Index("ix_reply_mentions_seq", "seq"),
)

# added by revision 0009: one row (id 1). ``replies`` is how many stored replies have their
# mentions in ``reply_mentions`` (a write that went round the store leaves it behind
# ``replies_state.total``: the rows are made again); ``seq`` the last ``seq`` given out;
# ``removals`` goes up whenever rows are deleted or replaced (a count kept from the rows added
# since is then wrong); ``lexicon`` the fingerprint of the lexicon the mentions were found with.
mentions_state = Table(
    "mentions_state",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("replies", BigInteger, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("removals", BigInteger, nullable=False),
    Column("lexicon", String(64)),
)
