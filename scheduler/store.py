"""The one database: posts and their queue state, history, accounts, replies, cursors, alerts.

SQLite by default (WAL, foreign keys on, a busy timeout so cron runs, the daemon and the
dashboard can share the file); PostgreSQL when ``database_url`` says so, for several publishers
on several machines. Every public method is its own transaction, except reads made inside
:meth:`Store.snapshot`, which share one. Rows become ``posts.models``
dataclasses here; no SQLAlchemy object leaves this module. All times are aware UTC.

Claiming a due post is one compare-and-set ``UPDATE ... WHERE id = ? AND <still claimable>``;
on PostgreSQL the row is first locked with ``FOR UPDATE SKIP LOCKED`` so racing runners never
wait on each other. A claim holds a lease: a post left in ``publishing`` past its lease (the
runner died) becomes due again, and the next claim records that it took an expired claim over.

The replies' part of the Store is in replies_store.py (:class:`Store` inherits it).
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import heapq
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Row,
    and_,
    create_engine,
    event,
    func,
    inspect,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from tipqueue.config.errors import ConflictError, InputError, NotFoundError, StoreError
from tipqueue.config.settings import hide_url_password
from tipqueue.posts.models import (
    AccountState,
    Alert,
    Claim,
    Event,
    MediaKind,
    Post,
    PostKind,
    PostStatus,
    Slide,
    caption_fingerprint,
    compose_caption,
)
from tipqueue.scheduler import db, handles, planner
from tipqueue.scheduler.replies_store import RepliesStore
from tipqueue.scheduler.revision import HEAD_REVISION as HEAD_REVISION

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_PG_MIGRATION_LOCK = 7_341_001  # advisory lock id: one migrating process at a time
_CHUNK = 500

#: Status lists of at most this many statuses are read one status at a time (see list_posts).
_PER_STATUS = 4
#: Count deltas (PostgreSQL) read before they are folded into one row per (account, status).
_FOLD_AT = 256
#: The statuses of posts still in the queue; the partial indexes cover exactly these.
OPEN_STATUSES = frozenset(set(PostStatus) - {PostStatus.PUBLISHED, PostStatus.CANCELLED})
_DUE_STATUSES = (PostStatus.SCHEDULED, PostStatus.FAILED, PostStatus.PUBLISHING)
#: The store and read connection of the :meth:`Store.snapshot` this thread (or task) is in.
_PINNED: contextvars.ContextVar[tuple[Store, Connection] | None] = contextvars.ContextVar(
    "tipqueue_store_snapshot", default=None
)
#: Post fields only the publishing methods below write: no edit, move, import or API change may
#: clear the record that a configure request was sent, or the lease of a claim.
_SEND_STATE = frozenset({"lease_expires_at", "sent_at", "outcome_unknown", "sent_ids"})
#: Post fields update_post may change (``id`` never changes).
_UPDATABLE = frozenset(f.name for f in dataclasses.fields(Post)) - {"id", "handle"} - _SEND_STATE


@dataclass(frozen=True)
class PostChange:
    """One change for :meth:`Store.update_posts`: which post, what changes, the history event.

    ``expect``: the statuses the post must be in, checked atomically (ConflictError otherwise).
    """

    post_id: str
    event: str
    changes: Mapping[str, Any]
    expect: Collection[PostStatus] | None = None
    detail: str | None = None


def _utc(value: datetime, what: str = "time") -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} {value.isoformat()} has no time zone; pass an aware datetime")
    return value.astimezone(UTC)


def _due_at(
    status: str,
    scheduled_at: datetime | None,
    next_attempt_at: datetime | None,
    lease_expires_at: datetime | None,
) -> datetime | None:
    if status == PostStatus.SCHEDULED:
        return scheduled_at
    if status == PostStatus.FAILED:
        return next_attempt_at
    if status == PostStatus.PUBLISHING:
        return lease_expires_at
    return None


def _limited(query: Any, limit: int | None) -> Any:
    return query if limit is None else query.limit(limit)


def _time_key(post: Post) -> tuple[datetime, str]:
    assert post.scheduled_at is not None
    return (post.scheduled_at, post.id)


def _slides_json(slides: Sequence[Slide]) -> list[dict[str, Any]]:
    return [
        {"text": s.text, "alt_text": s.alt_text, "image": str(s.image) if s.image else None} for s in slides
    ]


def _column_value(name: str, value: Any) -> Any:
    """A Post field value as its column stores it."""
    if name in ("kind", "status", "media_kind"):
        return None if value is None else str(getattr(value, "value", value))
    if name in ("hashtags", "sent_ids"):
        return list(value)
    if name == "slides":
        return _slides_json(value)
    if name == "source_dir":
        return None if value is None else str(value)
    if isinstance(value, datetime):
        return _utc(value, name)
    return value


def _post_row(post: Post, now: datetime) -> dict[str, Any]:
    row = {f.name: _column_value(f.name, getattr(post, f.name)) for f in dataclasses.fields(Post)}
    row["caption_fingerprint"] = caption_fingerprint(post.published_caption)
    row["lease_expires_at"] = None
    row["sent_at"], row["outcome_unknown"], row["sent_ids"] = None, False, []  # a new post was never sent
    row["due_at"] = _due_at(row["status"], row["scheduled_at"], row["next_attempt_at"], None)
    row["created_at"] = now
    row["updated_at"] = now
    return row


def _post(row: Row[Any]) -> Post:
    m = row._mapping
    return Post(
        id=m["id"],
        kind=PostKind(m["kind"]),
        series_label=m["series_label"],
        quote=m["quote"],
        caption=m["caption"],
        hashtags=tuple(m["hashtags"] or ()),
        alt_text=m["alt_text"],
        first_comment=m["first_comment"],
        slides=tuple(
            Slide(text=s["text"], alt_text=s["alt_text"], image=Path(s["image"]) if s.get("image") else None)
            for s in (m["slides"] or ())
        ),
        media_kind=MediaKind(m["media_kind"]),
        account=m["account"],
        status=PostStatus(m["status"]),
        scheduled_at=m["scheduled_at"],
        article_slug=m["article_slug"],
        position=m["position"],
        collect_replies=bool(m["collect_replies"]),
        media_id=m["media_id"],
        permalink=m["permalink"],
        published_at=m["published_at"],
        attempts=m["attempts"],
        next_attempt_at=m["next_attempt_at"],
        last_error=m["last_error"],
        claimed_at=m["claimed_at"],
        claimed_by=m["claimed_by"],
        source_dir=Path(m["source_dir"]) if m["source_dir"] else None,
        pinned=bool(m["pinned"]),
        handle=m["handle"] or "",
        lease_expires_at=m["lease_expires_at"],
        sent_at=m["sent_at"],
        outcome_unknown=bool(m["outcome_unknown"]),
        sent_ids=tuple(m["sent_ids"] or ()),
    )


def _account(row: Row[Any]) -> AccountState:
    m = row._mapping
    return AccountState(
        name=m["name"],
        username=m["username"],
        timezone=m["timezone"],
        paused=bool(m["paused"]),
        pause_reason=m["pause_reason"],
        paused_at=m["paused_at"],
    )


def _shown(value: Any) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")
    text_value = str(getattr(value, "value", value))
    return text_value if len(text_value) <= 40 else text_value[:37] + "..."


def _describe_changes(before: Mapping[str, Any], changes: Mapping[str, Any]) -> str | None:
    parts: list[str] = []
    for key, new in changes.items():
        old = before.get(key)
        if key in ("caption", "quote", "alt_text", "slides", "first_comment", "hashtags"):
            parts.append(f"{key} edited")
        elif old != new:
            parts.append(
                f"{key}: {_shown(old) if old is not None else '-'} -> {_shown(new) if new is not None else '-'}"
            )
    return "; ".join(parts) or None


def normalise_url(url: str) -> str:
    """``postgresql://`` means psycopg 3 (the driver tipqueue ships with)."""
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


class Store(RepliesStore):
    """The tipqueue database. Open with :meth:`Store.open`; close when done."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self.dialect: str = engine.dialect.name
        self.url: str = engine.url.render_as_string(hide_password=True)

    # --- opening, migrations ---

    @classmethod
    def open(cls, url: str, *, upgrade: bool = True) -> Store:
        """Open (and by default migrate) the database at ``url``: sqlite:///... or postgresql://..."""
        url = normalise_url(url)
        try:
            parsed = make_url(url)
        except Exception:
            raise InputError(
                f"{hide_url_password(url)!r} is not a database URL; use 'sqlite:///path/to/tipqueue.db' or "
                "'postgresql://user@host/dbname'"
            ) from None
        backend = parsed.get_backend_name()
        if backend == "sqlite":
            database = parsed.database or ""
            if database in ("", ":memory:"):
                raise InputError("an in-memory SQLite store is not shared between runs; give a file path")
            folder = Path(database).expanduser().resolve().parent
            if not folder.is_dir():
                raise InputError(
                    f"the folder of the database {database!r} does not exist; create it or run `tipqueue init`"
                )
            db.prepare_sqlite_file(Path(database).expanduser())
            engine = create_engine(parsed, connect_args={"timeout": 30})
            _configure_sqlite(engine)
        elif backend == "postgresql":
            # prepare_threshold=None: psycopg never prepares a statement server-side, so no
            # query runs on a generic plan made when a table was empty (the duplicate check of
            # add_posts once took 439 ms at 40k posts that way); each execution is planned with
            # its own values
            engine = create_engine(parsed, pool_pre_ping=True, connect_args={"prepare_threshold": None})
            _configure_postgresql(engine)
        else:
            raise InputError(f"unsupported database {backend!r}; use sqlite:/// or postgresql://")
        store = cls(engine)
        try:
            if upgrade:
                store.upgrade()
            else:
                current = store.revision()
                if current != HEAD_REVISION:
                    raise StoreError(
                        f"the database is at revision {current or 'none'} but tipqueue needs {HEAD_REVISION}; "
                        "run `tipqueue db upgrade`"
                    )
            store.refresh_stats()
        except BaseException:
            engine.dispose()
            raise
        return store

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def revision(self) -> str | None:
        """The Alembic revision the database is at (None for an empty database)."""
        with self._tx() as conn:
            return self._revision(conn)

    @staticmethod
    def _revision(conn: Connection) -> str | None:
        if not inspect(conn).has_table("alembic_version"):
            return None
        value = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return None if value is None else str(value)

    def upgrade(self, revision: str = "head") -> str | None:
        """Apply migrations up to ``revision`` in one locked transaction; return the new revision."""
        with self._tx(write=True) as conn:
            if self.dialect == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
            current = self._revision(conn)
            if revision == "head" and current == HEAD_REVISION:
                return current
            from alembic import command
            from alembic.config import Config

            cfg = Config()
            cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
            cfg.attributes["connection"] = conn
            try:
                command.upgrade(cfg, revision)
            except Exception as exc:
                if "Can't locate revision" in str(exc):
                    raise StoreError(
                        f"the database is at revision {current!r}, which this tipqueue does not know; "
                        "upgrade tipqueue"
                    ) from None
                raise
            new = self._revision(conn)
            if new != current:
                planner.analyse(conn)  # a migration can add indexes the planner knows nothing of
            return new

    def refresh_stats(self, *, force: bool = False) -> list[str]:
        """Analyse the tables whose planner statistics are missing or stale (``force``: all of
        them); returns the tables analysed. Cheap when nothing is stale: two counts the
        triggers keep and the analysed sizes."""
        with self._tx() as conn:
            stale = list(planner.TABLES) if force else planner.stale_tables(conn)
        if stale and self.dialect == "postgresql":
            # VACUUM runs outside any transaction; it also marks the pages all-visible, so the
            # covering indexes answer counts without visiting the table
            with self._tx(autocommit=True) as conn:
                planner.vacuum_analyse(conn, stale)
        elif stale:
            with self._tx(write=True) as conn:
                planner.analyse(conn, stale)
        return stale

    # --- transactions ---

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads made inside share one connection and one read transaction: what a page or the
        status summary shows comes from one state of the store, and costs one pool checkout and
        one BEGIN/COMMIT instead of one per read (a round trip each on PostgreSQL). Writes
        inside still run in their own transactions. Nested snapshots join the outer one.
        (PostgreSQL: a REPEATABLE READ transaction, set with its BEGIN; a read-only one never
        fails to serialise.)"""
        current = _PINNED.get()
        if current is not None and current[0] is self:
            yield
            return
        with self._tx(repeatable=True) as conn:
            token = _PINNED.set((self, conn))
            try:
                yield
            finally:
                _PINNED.reset(token)

    @contextlib.contextmanager
    def _tx(
        self, *, write: bool = False, autocommit: bool = False, repeatable: bool = False
    ) -> Iterator[Connection]:
        pinned = _PINNED.get()
        if pinned is not None and pinned[0] is self and not write and not autocommit:
            yield pinned[1]
            return
        try:
            with self._engine.connect() as conn:
                if autocommit:  # each statement on its own (PostgreSQL's VACUUM needs it)
                    yield conn.execution_options(isolation_level="AUTOCOMMIT")
                    return
                if write:
                    conn.execution_options(tipqueue_write=True)
                if repeatable and self.dialect == "postgresql":
                    conn.execution_options(isolation_level="REPEATABLE READ")
                with conn.begin():
                    yield conn
        except OperationalError as exc:
            first = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise StoreError(
                f"the database at {self.url} cannot be used ({first}); check database_url "
                "and that the database is running, then try again"
            ) from None
        except DBAPIError as exc:
            first = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise StoreError(f"the database refused the change ({first}); nothing was written") from None

    # --- accounts ---

    def ensure_account(self, name: str, *, username: str, timezone: str, now: datetime | None = None) -> None:
        """Create the account, or update its username and zone; its paused state is kept."""
        t = db.accounts
        stamp = _utc(now) if now else datetime.now(UTC)
        with self._tx(write=True) as conn:
            found = conn.execute(select(t.c.username, t.c.timezone).where(t.c.name == name)).first()
            if found is None:
                conn.execute(
                    t.insert().values(
                        name=name, username=username, timezone=timezone, paused=False, created_at=stamp
                    )
                )
            elif (found.username, found.timezone) != (username, timezone):
                conn.execute(t.update().where(t.c.name == name).values(username=username, timezone=timezone))

    def account_state(self, name: str) -> AccountState:
        with self._tx() as conn:
            row = conn.execute(select(db.accounts).where(db.accounts.c.name == name)).first()
        if row is None:
            raise NotFoundError(f"no account {name!r} in the store; queue a post for it or check the name")
        return _account(row)

    def list_accounts(self) -> list[AccountState]:
        with self._tx() as conn:
            rows = conn.execute(select(db.accounts).order_by(db.accounts.c.name)).all()
        return [_account(r) for r in rows]

    def set_paused(self, name: str, paused: bool, *, reason: str | None, now: datetime) -> None:
        """Pause or resume publishing for an account; recorded as an alert so `status` shows it."""
        now = _utc(now)
        t = db.accounts
        with self._tx(write=True) as conn:
            result = conn.execute(
                t.update()
                .where(t.c.name == name)
                .values(
                    paused=paused,
                    pause_reason=reason if paused else None,
                    paused_at=now if paused else None,
                )
            )
            if result.rowcount == 0:
                raise NotFoundError(f"no account {name!r} in the store; check the name in tipqueue.toml")
            message = (
                f"account {name} paused" + (f": {reason}" if reason else "")
                if paused
                else f"account {name} resumed"
            )
            conn.execute(
                db.alerts.insert().values(
                    at=now, level="warning" if paused else "info", message=message, account=name, post_id=None
                )
            )

    # --- posts ---

    def add_posts(self, posts: Sequence[Post], *, now: datetime) -> list[Post]:
        """Store new posts (all or nothing); an id already stored raises ConflictError naming it."""
        return self.write(add=posts, now=now)

    def get_post(self, post_id: str) -> Post:
        """The post with this id or handle (``FMG-3``, ``fmg3``)."""
        return self.get_posts([post_id])[0]

    @staticmethod
    def _matching(refs: Sequence[str]) -> ColumnElement[bool]:
        p = db.posts
        wanted = [h for h in (handles.normalise(r) for r in refs) if h is not None]
        by_id = p.c.id.in_(list(refs))
        return or_(by_id, p.c.handle.in_(wanted)) if wanted else by_id

    def resolve(self, refs: Sequence[str]) -> list[str]:
        """The ids of the posts these ids or handles name, in order; NotFoundError names an unknown one."""
        return [post.id for post in self.get_posts(refs)]

    def stored_ids(self, post_ids: Sequence[str]) -> set[str]:
        """Which of these post ids are already stored (in any status)."""
        found: set[str] = set()
        with self._tx() as conn:
            for i in range(0, len(post_ids), _CHUNK):
                chunk = list(post_ids[i : i + _CHUNK])
                found.update(conn.execute(select(db.posts.c.id).where(db.posts.c.id.in_(chunk))).scalars())
        return found

    def find_posts(self, refs: Sequence[str]) -> dict[str, Post]:
        """The stored posts these ids or handles name, by the ref given; unknown refs are left out.

        One indexed query per chunk, for bulk paths (an import names every post of its file).
        An id wins over a handle spelled the same, as in :meth:`get_posts`.
        """
        by_id: dict[str, Post] = {}
        by_handle: dict[str, Post] = {}
        refs = list(dict.fromkeys(refs))
        with self._tx() as conn:
            for i in range(0, len(refs), _CHUNK):
                for row in conn.execute(select(db.posts).where(self._matching(refs[i : i + _CHUNK]))):
                    post = _post(row)
                    by_id[post.id] = post
                    if post.handle:
                        by_handle[post.handle] = post
        found: dict[str, Post] = {}
        for ref in refs:
            match = by_id.get(ref) or by_handle.get(handles.normalise(ref) or "")
            if match is not None:
                found[ref] = match
        return found

    def get_posts(self, post_ids: Sequence[str]) -> list[Post]:
        """Several posts (by id or handle) in the order given; NotFoundError names the first unknown one.

        An id wins over a handle that happens to be spelled the same.
        """
        found = self.find_posts(post_ids)
        for pid in post_ids:
            if pid not in found:
                raise NotFoundError(f"no post with id {pid!r}; see `tipqueue queue list --all`")
        return [found[pid] for pid in post_ids]

    def list_posts(
        self,
        *,
        statuses: Collection[PostStatus] | None = None,
        account: str | None = None,
        after: datetime | None = None,
        before: datetime | None = None,
        limit: int | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        scheduled: bool | None = None,
        newest_first: bool = False,
    ) -> list[Post]:
        """Posts ordered by scheduled time (unscheduled last), then id (``newest_first``: the
        latest scheduled first, and only posts with a time).

        ``after``/``before`` bound the scheduled time (``after`` exclusive, ``before`` inclusive);
        ``since``/``until`` bound it as a half-open range [since, until), as a calendar reads a
        week. ``scheduled``: True only posts with a time, False only posts without one.
        """
        p = db.posts
        base = select(p)
        if account is not None:
            base = base.where(p.c.account == account)
        if after is not None:
            base = base.where(p.c.scheduled_at > _utc(after))
        if before is not None:
            base = base.where(p.c.scheduled_at <= _utc(before))
        if since is not None:
            base = base.where(p.c.scheduled_at >= _utc(since))
        if until is not None:
            base = base.where(p.c.scheduled_at < _utc(until))
        bounded = any(x is not None for x in (after, before, since, until))
        timed = scheduled is not False
        untimed = scheduled is False or (scheduled is None and not bounded and not newest_first)
        # One query per status when there are a few: each is an index range on (status, time,
        # id) in the order wanted, merged here. A single ``status IN (...)`` ordered by time
        # tempts SQLite to walk the time index of the whole table hoping to meet the few rows.
        groups: list[Any] = []
        wanted = None if statuses is None else {PostStatus(x) for x in statuses}
        if wanted is None or wanted == OPEN_STATUSES or len(wanted) > _PER_STATUS:
            groups.append(self._status_filter(base, wanted))
        else:
            groups.extend(base.where(p.c.status == x.value) for x in sorted(wanted))
        # one statement per part: a UNION ALL of the parts, tried to save PostgreSQL round
        # trips, doubled status's CPU time (18-23 ms against 10-12 at 1M posts) to build it
        out: list[Post] = []
        with self._tx() as conn:
            if timed:
                order = (
                    (p.c.scheduled_at.desc(), p.c.id.desc()) if newest_first else (p.c.scheduled_at, p.c.id)
                )
                found = [
                    [
                        _post(r)
                        for r in conn.execute(
                            _limited(g.where(p.c.scheduled_at.is_not(None)).order_by(*order), limit)
                        )
                    ]
                    for g in groups
                ]
                out.extend(heapq.merge(*found, key=_time_key, reverse=newest_first))
            if untimed and (limit is None or len(out) < limit):
                left = None if limit is None else limit - len(out)
                # ordered by (time, id), all times NULL: the order of the (.., time, id) indexes,
                # read as it is; PostgreSQL does not take "time IS NULL" as fixing the time, so
                # "ORDER BY id" alone sorted every match (an account's 20,000 drafts: 236 ms)
                found = [
                    [
                        _post(r)
                        for r in conn.execute(
                            _limited(
                                g.where(p.c.scheduled_at.is_(None)).order_by(p.c.scheduled_at, p.c.id), left
                            )
                        )
                    ]
                    for g in groups
                ]
                out.extend(heapq.merge(*found, key=lambda post: post.id))
        return out if limit is None else out[:limit]

    @staticmethod
    def _status_filter(query: Any, statuses: Collection[PostStatus] | None) -> Any:
        """``status IN (...)``; the open statuses as the partial indexes' own condition."""
        if statuses is None:
            return query
        wanted = {PostStatus(s) for s in statuses}
        if wanted == OPEN_STATUSES:
            return query.where(db.OPEN)
        return query.where(db.posts.c.status.in_(sorted(s.value for s in wanted)))

    def count_posts(self, *, account: str | None = None) -> dict[PostStatus, int]:
        """How many posts are in each status (statuses with none are left out).

        Read from ``post_counts``, which triggers keep (no post is read); on PostgreSQL the
        signed deltas of many writes are folded into one row per group once they pile up.
        """
        c = db.post_counts
        query = select(c.c.status, func.sum(c.c.n), func.count()).group_by(c.c.status)
        if account is not None:
            query = query.where(c.c.account == account)
        with self._tx() as conn:
            rows = conn.execute(query).all()
        if self.dialect == "postgresql" and sum(int(r[2]) for r in rows) > _FOLD_AT:
            self._fold_counts(account)
        return {PostStatus(s): int(n) for s, n, _ in rows if n}

    def _fold_counts(self, account: str | None) -> None:
        """Replace the account's count deltas by one row per status (PostgreSQL).

        Rows are only ever inserted or deleted, never updated: a fold running beside writers
        (or another fold) sums exactly the rows it deleted, so no delta is lost or counted twice.
        """
        where = "WHERE account = :a " if account is not None else ""
        with self._tx(write=True) as conn:
            conn.execute(
                text(
                    f"WITH gone AS (DELETE FROM post_counts {where}RETURNING account, status, n) "
                    "INSERT INTO post_counts (account, status, n) SELECT account, status, SUM(n) FROM gone "
                    "GROUP BY account, status HAVING SUM(n) <> 0"
                ),
                {"a": account} if account is not None else {},
            )

    def count_window(
        self,
        *,
        account: str,
        since: datetime,
        until: datetime,
        statuses: Collection[PostStatus] | None = None,
    ) -> dict[PostStatus, int]:
        """How many of the account's posts are scheduled in [since, until), per status: one
        indexed aggregate over that time range (the account's day for the daily cap)."""
        counts = self.count_windows([account], since=since, until=until, statuses=statuses)
        return counts.get(account, {})

    def count_windows(
        self,
        accounts: Collection[str],
        *,
        since: datetime,
        until: datetime,
        statuses: Collection[PostStatus] | None = None,
    ) -> dict[str, dict[PostStatus, int]]:
        """:meth:`count_window` for several accounts sharing the range, in one query."""
        p = db.posts
        query = (
            select(p.c.account, p.c.status, func.count())
            .where(
                p.c.account.in_(sorted(accounts)),
                p.c.scheduled_at >= _utc(since),
                p.c.scheduled_at < _utc(until),
            )
            .group_by(p.c.account, p.c.status)
        )
        query = self._status_filter(query, statuses)
        out: dict[str, dict[PostStatus, int]] = {}
        with self._tx() as conn:
            for account, status, n in conn.execute(query):
                out.setdefault(account, {})[PostStatus(status)] = int(n)
        return out

    def next_scheduled(self, accounts: Collection[str], *, after: datetime) -> dict[str, Post]:
        """Each account's next scheduled post after ``after`` (accounts with none left out): one
        index seek per account (a subquery correlated with the accounts), the posts then read by
        id, all in one small statement: one round trip to PostgreSQL, and a plan made in well
        under a millisecond (a UNION ALL of one full SELECT per account took 14 ms to plan at
        25 accounts)."""
        p, a = db.posts, db.accounts
        names = sorted(accounts)
        if not names:
            return {}
        ahead = p.alias("ahead")
        first = (
            select(ahead.c.id)
            .where(
                ahead.c.account == a.c.name,
                ahead.c.status == PostStatus.SCHEDULED.value,
                ahead.c.scheduled_at > _utc(after),
            )
            .order_by(ahead.c.scheduled_at, ahead.c.id)
            .limit(1)
            .correlate(a)
            .scalar_subquery()
        )
        query = select(p).where(p.c.id.in_(select(first).where(a.c.name.in_(names))))
        with self._tx() as conn:
            return {row.account: _post(row) for row in conn.execute(query)}

    def count_posts_per_account(self) -> dict[str, dict[PostStatus, int]]:
        """:meth:`count_posts` of every account at once (posts without an account under '')."""
        c = db.post_counts
        query = select(c.c.account, c.c.status, func.sum(c.c.n), func.count()).group_by(
            c.c.account, c.c.status
        )
        with self._tx() as conn:
            rows = conn.execute(query).all()
        if self.dialect == "postgresql" and sum(int(r[3]) for r in rows) > _FOLD_AT:
            self._fold_counts(None)
        out: dict[str, dict[PostStatus, int]] = {}
        for account, status, n, _ in rows:
            if n:
                out.setdefault(account, {})[PostStatus(status)] = int(n)
        return out

    def count_status(self, status: PostStatus) -> int:
        """How many posts are in ``status`` (all accounts), from the kept counts."""
        return self.count_posts().get(status, 0)

    def update_post(
        self,
        post_id: str,
        *,
        now: datetime,
        event: str,
        expect: Collection[PostStatus] | None = None,
        detail: str | None = None,
        **changes: Any,
    ) -> Post:
        """Change fields of a post and record ``event`` in its history.

        ``expect``: statuses the post must be in (checked atomically), else ConflictError.
        """
        change = PostChange(post_id, event, changes, expect=expect, detail=detail)
        return self.write(changes=[change], now=now)[0]

    def update_posts(self, changes: Sequence[PostChange], *, now: datetime) -> list[Post]:
        """Apply several changes in one transaction: all of them, or (on any error) none."""
        return self.write(changes=changes, now=now)

    def write(
        self, *, add: Sequence[Post] = (), changes: Sequence[PostChange] = (), now: datetime
    ) -> list[Post]:
        """Add posts and change others in ONE transaction; returns the added, then the changed posts."""
        now = _utc(now)
        for change in changes:
            unknown = set(change.changes) - _UPDATABLE
            if unknown:
                raise InputError(f"cannot change {', '.join(sorted(unknown))} of a post")
        p, e = db.posts, db.post_events
        with self._tx(write=True) as conn:
            results: list[Post] = []
            if add:
                results.extend(self._insert(conn, add, now))
            for change in changes:
                query = select(p).where(p.c.id == change.post_id)
                if self.dialect == "postgresql":
                    query = query.with_for_update()
                row = conn.execute(query).first()
                if row is None:
                    raise NotFoundError(
                        f"no post with id {change.post_id!r}; see `tipqueue queue list --all`"
                    )
                before = dict(row._mapping)
                if change.expect is not None and before["status"] not in {str(s) for s in change.expect}:
                    allowed = ", ".join(sorted(str(s) for s in change.expect))
                    raise ConflictError(
                        f"post {change.post_id} is {before['status']}; this needs it to be {allowed}"
                    )
                values = {k: _column_value(k, v) for k, v in change.changes.items()}
                if "caption" in values or "hashtags" in values:
                    # the fingerprint is of what Instagram receives: caption and hashtags together
                    published = compose_caption(
                        values.get("caption", before["caption"]),
                        list(values.get("hashtags", before["hashtags"]) or ()),
                    )
                    values["caption_fingerprint"] = caption_fingerprint(published)
                if "account" in values and values["account"] is not None:
                    self._check_accounts(conn, {values["account"]})
                merged = before | values
                values["due_at"] = _due_at(
                    merged["status"],
                    merged["scheduled_at"],
                    merged["next_attempt_at"],
                    merged["lease_expires_at"],
                )
                values["updated_at"] = now
                done = conn.execute(
                    update(p).where(p.c.id == change.post_id, p.c.status == before["status"]).values(**values)
                )
                if done.rowcount != 1:
                    raise ConflictError(f"post {change.post_id} changed while it was being edited; try again")
                conn.execute(
                    e.insert().values(
                        post_id=change.post_id,
                        at=now,
                        event=change.event,
                        detail=change.detail or _describe_changes(before, values | {}),
                        runner=None,
                    )
                )
                new_row = conn.execute(select(p).where(p.c.id == change.post_id)).one()
                results.append(_post(new_row))
        if len(add) >= planner.LARGE_WRITE:
            self.refresh_stats()  # a large import may have left the statistics far behind
        return results

    def _check_accounts(self, conn: Connection, names: set[str]) -> None:
        a = db.accounts
        known = set(conn.execute(select(a.c.name).where(a.c.name.in_(sorted(names)))).scalars())
        missing = sorted(names - known)
        if missing:
            raise NotFoundError(
                f"account {missing[0]!r} is not in the store; add [accounts.{missing[0]}] to tipqueue.toml "
                "and queue through `tipqueue queue add`"
            )

    def _insert(self, conn: Connection, posts: Sequence[Post], now: datetime) -> list[Post]:
        p, e = db.posts, db.post_events
        ids = [post.id for post in posts]
        seen: set[str] = set()
        for pid in ids:
            if pid in seen:
                raise ConflictError(f"post id {pid!r} appears twice in what was given; give each post once")
            seen.add(pid)
        for i in range(0, len(ids), _CHUNK):
            clash = conn.execute(select(p.c.id).where(p.c.id.in_(ids[i : i + _CHUNK])).limit(1)).scalar()
            if clash is not None:
                raise ConflictError(
                    f"post {clash!r} is already in the queue; move it with `tipqueue queue move {clash} --at TIME`"
                    " or cancel it first"
                )
        self._check_accounts(conn, {post.account for post in posts if post.account})
        rows = [_post_row(post, now) for post in posts]
        given = self._handles(conn, posts)
        for row in rows:
            row["handle"] = given[row["id"]]
        conn.execute(p.insert(), rows)
        conn.execute(
            e.insert(),
            [
                {
                    "post_id": row["id"],
                    "at": now,
                    "event": "added",
                    "detail": f"status {row['status']}"
                    + (f", at {_shown(row['scheduled_at'])}" if row["scheduled_at"] else ""),
                    "runner": None,
                }
                for row in rows
            ],
        )
        return [
            dataclasses.replace(post, scheduled_at=row["scheduled_at"], handle=row["handle"])
            for post, row in zip(posts, rows, strict=True)
        ]

    def _handles(self, conn: Connection, posts: Sequence[Post]) -> dict[str, str]:
        """Handles for posts about to be inserted, in the transaction that inserts them.

        Index lookups only (the series table, the unique handle index), so queueing stays cheap
        in a store of a million posts. Two PostgreSQL writers picking the same handle at once:
        the unique index refuses the second transaction, which changes nothing.
        """
        s, p = db.series, db.posts
        slugs = sorted({post.article_slug for post in posts})
        known: dict[str, handles.Series] = {}
        for i in range(0, len(slugs), _CHUNK):
            for row in conn.execute(select(s).where(s.c.article_slug.in_(slugs[i : i + _CHUNK]))):
                known[row.article_slug] = handles.Series(row.code, row.top)
        before = {slug: entry.top for slug, entry in known.items()}
        suggested = sorted(
            {
                f"{known[post.article_slug].code}-{max(post.position, 1)}"
                for post in posts
                if post.article_slug in known
            }
        )
        taken: set[str] = set()
        for i in range(0, len(suggested), _CHUNK):
            taken.update(
                conn.execute(select(p.c.handle).where(p.c.handle.in_(suggested[i : i + _CHUNK]))).scalars()
            )

        # the stored codes sharing the new series' initials, read once: a batch of many series
        # with the same initials would otherwise ask the database once per code it tries
        stored_codes: set[str] = set()
        for initials in sorted(
            {handles.initials_of(post.article_slug) for post in posts if post.article_slug not in known}
        ):
            stored_codes.update(
                conn.execute(select(s.c.code).where(s.c.code.startswith(initials, autoescape=True))).scalars()
            )

        def code_taken(code: str) -> bool:
            return code in stored_codes

        given = handles.assign(
            ((post.id, post.article_slug, post.position) for post in posts),
            series=known,
            code_taken=code_taken,
            handle_taken=taken,
        )
        for slug, entry in known.items():
            if slug not in before:
                conn.execute(s.insert().values(article_slug=slug, code=entry.code, top=entry.top))
            elif entry.top != before[slug]:
                conn.execute(update(s).where(s.c.article_slug == slug).values(top=entry.top))
        return given

    # --- publishing primitives ---

    def _unpaused_accounts(self) -> Any:
        a = db.accounts
        return select(a.c.name).where(a.c.paused.is_(False)).scalar_subquery()

    def _claimable(self, now: datetime) -> ColumnElement[bool]:
        p = db.posts
        return and_(
            or_(
                and_(p.c.status == PostStatus.SCHEDULED.value, p.c.scheduled_at <= now),
                and_(p.c.status == PostStatus.FAILED.value, p.c.next_attempt_at <= now),
                and_(p.c.status == PostStatus.PUBLISHING.value, p.c.lease_expires_at <= now),
            ),
            p.c.account.in_(self._unpaused_accounts()),
        )

    def recorded_media(self, account: str, *, except_post: str) -> set[str]:
        """Media ids the store recorded for the account's other published posts (reconciliation
        must never take one of them for another post)."""
        p = db.posts
        query = select(p.c.media_id).where(
            p.c.account == account,
            p.c.id != except_post,
            p.c.status == PostStatus.PUBLISHED.value,
            p.c.media_id.is_not(None),
        )
        with self._tx() as conn:
            return {str(m) for m in conn.execute(query).scalars()}

    def other_sends_since(self, account: str, *, except_post: str, since: datetime) -> int:
        """How many OTHER posts of the account passed the point of no return since ``since`` and
        have no media recorded: any of them could own a captionless media seen in the feed."""
        p = db.posts
        query = (
            select(func.count())
            .select_from(p)
            .where(
                p.c.account == account,
                p.c.id != except_post,
                p.c.sent_at.is_not(None),
                p.c.updated_at >= _utc(since),
                or_(p.c.status != PostStatus.PUBLISHED.value, p.c.media_id.is_(None)),
            )
        )
        with self._tx() as conn:
            return int(conn.execute(query).scalar_one())

    def due_posts(self, now: datetime, *, account: str | None = None, limit: int = 100) -> list[Post]:
        """Posts a runner should claim now, oldest due first; paused accounts left out.

        Scheduled posts whose time has come, failed ones whose retry time has come, and
        publishing ones whose claim lease has expired (their runner died; reconcile first).
        """
        now = _utc(now)
        p = db.posts
        query = (
            select(p)
            .where(
                p.c.due_at <= now,
                p.c.status.in_([s.value for s in _DUE_STATUSES]),
                p.c.account.in_(self._unpaused_accounts()),
            )
            .order_by(p.c.due_at, p.c.id)
            .limit(limit)
        )
        if account is not None:
            query = query.where(p.c.account == account)
        with self._tx() as conn:
            return [_post(r) for r in conn.execute(query)]

    def count_due(self, now: datetime, *, limit: int = 1000) -> int:
        """How many posts :meth:`due_posts` would return, counting at most ``limit`` (an index
        range on ``due_at``, no post read)."""
        now = _utc(now)
        p = db.posts
        due = (
            select(p.c.id)
            .where(
                p.c.due_at <= now,
                p.c.status.in_([s.value for s in _DUE_STATUSES]),
                p.c.account.in_(self._unpaused_accounts()),
            )
            .limit(limit)
            .subquery()
        )
        with self._tx() as conn:
            return int(conn.execute(select(func.count()).select_from(due)).scalar_one())

    def claim(self, post_id: str, *, runner: str, now: datetime, lease_seconds: int) -> Claim | None:
        """Atomically take a due post for publishing; None when it is not (or no longer) claimable.

        Sets status publishing, claimed_at, claimed_by, attempts + 1 and a lease of
        ``lease_seconds``. Returns the post as claimed AND as it was at claim time, read under the
        same lock (SQLite: the write lock of BEGIN IMMEDIATE; PostgreSQL: ``FOR UPDATE``), so the
        runner decides whether to reconcile from the row it took, never from an older list. The
        history records whether an expired claim was taken over.
        """
        now = _utc(now)
        p = db.posts
        lease_end = now + timedelta(seconds=lease_seconds)
        with self._tx(write=True) as conn:
            query = select(p).where(p.c.id == post_id, self._claimable(now))
            if self.dialect == "postgresql":
                query = query.with_for_update(skip_locked=True)
            row = conn.execute(query).first()
            if row is None:
                return None
            before = _post(row)
            done = conn.execute(
                update(p)
                .where(p.c.id == post_id, p.c.status == before.status.value, p.c.attempts == before.attempts)
                .values(
                    status=PostStatus.PUBLISHING.value,
                    claimed_at=now,
                    claimed_by=runner,
                    attempts=p.c.attempts + 1,
                    lease_expires_at=lease_end,
                    due_at=lease_end,
                    updated_at=now,
                )
            )
            if done.rowcount != 1:
                return None
            claimed = _post(conn.execute(select(p).where(p.c.id == post_id)).one())
            detail = f"attempt {claimed.attempts}"
            if before.status is PostStatus.PUBLISHING:
                detail += f"; took over the expired claim of {before.claimed_by}: reconcile before sending"
            elif before.outcome_unknown:
                detail += "; an earlier attempt may be live: reconcile before sending"
            conn.execute(
                db.post_events.insert().values(
                    post_id=post_id, at=now, event="claimed", detail=detail, runner=runner
                )
            )
            return Claim(post=claimed, before=before)

    def mark_sending(self, post_id: str, *, runner: str, now: datetime, ids: Sequence[str] = ()) -> Post:
        """Record that this runner is about to pass the point of no return (the configure request).

        Only the claim holder, while its lease lasts, may do so (ConflictError otherwise: the
        caller must not send). From here on the outcome is unknown until a later write says what
        happened; whoever claims the post next reconciles it first.
        """
        now = _utc(now)
        p = db.posts
        with self._tx(write=True) as conn:
            row = conn.execute(select(p.c.sent_at, p.c.sent_ids).where(p.c.id == post_id)).first()
            if row is None:
                raise NotFoundError(f"no post with id {post_id!r}; see `tipqueue queue list --all`")
            known = list(row.sent_ids or ())
            merged = known + [i for i in ids if i and i not in known]
            done = conn.execute(
                update(p)
                .where(
                    p.c.id == post_id,
                    p.c.status == PostStatus.PUBLISHING.value,
                    p.c.claimed_by == runner,
                    p.c.lease_expires_at > now,
                )
                .values(
                    sent_at=row.sent_at if row.sent_at is not None else now,
                    outcome_unknown=True,
                    sent_ids=merged,
                    updated_at=now,
                )
            )
            if done.rowcount != 1:
                raise ConflictError(
                    f"post {post_id} is no longer held by {runner} (its claim ran out or was taken over); "
                    "not sending it"
                )
            conn.execute(
                db.post_events.insert().values(
                    post_id=post_id,
                    at=now,
                    event="sending",
                    detail="configure request about to be sent" + (f" (ids {', '.join(ids)})" if ids else ""),
                    runner=runner,
                )
            )
            return _post(conn.execute(select(p).where(p.c.id == post_id)).one())

    def _finish(
        self,
        post_id: str,
        *,
        runner: str | None,
        now: datetime,
        event_name: str,
        detail: str | None,
        values: dict[str, Any],
        from_statuses: Collection[PostStatus],
        event_runner: str | None = None,
    ) -> Post:
        p = db.posts
        now = _utc(now)
        with self._tx(write=True) as conn:
            cond: list[ColumnElement[bool]] = [
                p.c.id == post_id,
                p.c.status.in_([s.value for s in from_statuses]),
            ]
            if runner is not None:
                cond.append(p.c.claimed_by == runner)
            done = conn.execute(update(p).where(*cond).values(**values, updated_at=now))
            if done.rowcount != 1:
                row = conn.execute(select(p.c.status, p.c.claimed_by).where(p.c.id == post_id)).first()
                if row is None:
                    raise NotFoundError(f"no post with id {post_id!r}; see `tipqueue queue list --all`")
                holder = f" (claimed by {row.claimed_by})" if row.claimed_by else ""
                raise ConflictError(
                    f"post {post_id} is {row.status}{holder}, so {runner or 'this'} cannot mark it {event_name}; "
                    "another runner may have taken it over"
                )
            conn.execute(
                db.post_events.insert().values(
                    post_id=post_id, at=now, event=event_name, detail=detail, runner=runner or event_runner
                )
            )
            return _post(conn.execute(select(p).where(p.c.id == post_id)).one())

    def mark_published(
        self,
        post_id: str,
        *,
        runner: str,
        media_id: str,
        permalink: str | None,
        published_at: datetime,
        now: datetime,
    ) -> Post:
        """The post is live: only the runner holding the claim may say so."""
        return self._finish(
            post_id,
            runner=runner,
            now=now,
            event_name="published",
            detail=f"media {media_id}" + (f" {permalink}" if permalink else ""),
            values={
                "status": PostStatus.PUBLISHED.value,
                "media_id": media_id,
                "permalink": permalink,
                "published_at": _utc(published_at),
                "last_error": None,
                "lease_expires_at": None,
                "due_at": None,
                "outcome_unknown": False,
            },
            from_statuses=(PostStatus.PUBLISHING,),
        )

    def record_live(
        self,
        post_id: str,
        *,
        runner: str | None,
        media_id: str,
        permalink: str | None,
        published_at: datetime,
        now: datetime,
        detail: str,
    ) -> Post:
        """Instagram said this post is live as ``media_id``, whatever the store says now.

        For a runner whose claim was taken over while its configure request was in flight, and
        for a person's ``queue confirm-live``: the post becomes published (from any status but
        published) and its outcome is known. ConflictError if it is already published.
        """
        froms = [s for s in PostStatus if s is not PostStatus.PUBLISHED]
        return self._finish(
            post_id,
            runner=None,
            now=now,
            event_name="published",
            detail="; ".join(
                x for x in (f"media {media_id}" if media_id else "", permalink or "", detail) if x
            ),
            values={
                "status": PostStatus.PUBLISHED.value,
                "media_id": media_id or None,
                "permalink": permalink,
                "published_at": _utc(published_at),
                "last_error": None,
                "lease_expires_at": None,
                "due_at": None,
                "outcome_unknown": False,
            },
            from_statuses=froms,
            event_runner=runner,
        )

    def authorise_resend(self, post_id: str, *, at: datetime, now: datetime, by: str) -> Post:
        """A person checked the profile and says an attempt whose outcome was unknown is NOT live.

        The post is scheduled at ``at`` and may be sent again (it is still reconciled first).
        """
        return self._finish(
            post_id,
            runner=None,
            now=now,
            event_name="resend",
            detail=f"{by} checked the profile: the earlier attempt is not live; send again at {_shown(_utc(at))}",
            values={
                "status": PostStatus.SCHEDULED.value,
                "scheduled_at": _utc(at),
                "next_attempt_at": None,
                "last_error": None,
                "lease_expires_at": None,
                "due_at": _utc(at),
                "outcome_unknown": False,
            },
            from_statuses=(PostStatus.NEEDS_ATTENTION, PostStatus.FAILED, PostStatus.SCHEDULED),
        )

    def mark_failed(
        self,
        post_id: str,
        *,
        runner: str,
        error: str,
        next_attempt_at: datetime,
        now: datetime,
        outcome_unknown: bool | None = None,
    ) -> Post:
        """A transient failure: due again at ``next_attempt_at``.

        ``outcome_unknown``: True when the configure request may have taken effect, False when
        Instagram's answer says it did not; None keeps what the store knows.
        """
        retry = _utc(next_attempt_at)
        return self._finish(
            post_id,
            runner=runner,
            now=now,
            event_name="failed",
            detail=f"{error}; retry at {_shown(retry)}",
            values={
                "status": PostStatus.FAILED.value,
                "last_error": error,
                "next_attempt_at": retry,
                "lease_expires_at": None,
                "due_at": retry,
            }
            | ({} if outcome_unknown is None else {"outcome_unknown": outcome_unknown}),
            from_statuses=(PostStatus.PUBLISHING,),
        )

    def mark_needs_attention(
        self,
        post_id: str,
        *,
        runner: str | None,
        reason: str,
        now: datetime,
        outcome_unknown: bool | None = None,
    ) -> Post:
        """A person must look at this post. With a runner, only the claim holder may say so.

        ``outcome_unknown`` as for :meth:`mark_failed` (None keeps what the store knows).
        """
        froms: Collection[PostStatus] = (
            (PostStatus.PUBLISHING,)
            if runner is not None
            else (
                PostStatus.DRAFT,
                PostStatus.APPROVED,
                PostStatus.SCHEDULED,
                PostStatus.PUBLISHING,
                PostStatus.FAILED,
            )
        )
        return self._finish(
            post_id,
            runner=runner,
            now=now,
            event_name="needs_attention",
            detail=reason,
            values={
                "status": PostStatus.NEEDS_ATTENTION.value,
                "last_error": reason,
                "lease_expires_at": None,
                "due_at": None,
            }
            | ({} if outcome_unknown is None else {"outcome_unknown": outcome_unknown}),
            from_statuses=froms,
        )

    def history(self, post_id: str) -> list[Event]:
        """Every change of the post (by id or handle), oldest first."""
        post_id = self.resolve([post_id])[0]
        e = db.post_events
        with self._tx() as conn:
            rows = conn.execute(select(e).where(e.c.post_id == post_id).order_by(e.c.id)).all()
        return [
            Event(post_id=r.post_id, at=r.at, event=r.event, detail=r.detail, runner=r.runner) for r in rows
        ]

    # --- cursors (the replies: replies_store.py) ---

    def get_cursor(self, scope: str) -> str | None:
        c = db.cursors
        with self._tx() as conn:
            value = conn.execute(select(c.c.cursor).where(c.c.scope == scope)).scalar()
        return None if value is None else str(value)

    def set_cursor(self, scope: str, cursor: str | None, *, now: datetime) -> None:
        c = db.cursors
        now = _utc(now)
        with self._tx(write=True) as conn:
            done = conn.execute(update(c).where(c.c.scope == scope).values(cursor=cursor, updated_at=now))
            if done.rowcount == 0:
                conn.execute(c.insert().values(scope=scope, cursor=cursor, updated_at=now))

    # --- alerts ---

    def add_alert(
        self, *, account: str | None, post_id: str | None, level: str, message: str, now: datetime
    ) -> None:
        with self._tx(write=True) as conn:
            conn.execute(
                db.alerts.insert().values(
                    at=_utc(now), level=level, message=message, account=account, post_id=post_id
                )
            )

    def list_alerts(self, *, limit: int = 20, include_dismissed: bool = True) -> list[Alert]:
        """The newest alerts first (``include_dismissed=False``: only those nobody dismissed)."""
        a = db.alerts
        query = select(a).order_by(a.c.at.desc(), a.c.id.desc()).limit(limit)
        if not include_dismissed:
            query = query.where(a.c.dismissed_at.is_(None))
        with self._tx() as conn:
            rows = conn.execute(query).all()
        return [
            Alert(
                at=r.at,
                level=r.level,
                message=r.message,
                account=r.account,
                post_id=r.post_id,
                id=r.id,
                dismissed_at=r.dismissed_at,
            )
            for r in rows
        ]

    def dismiss_alerts(self, ids: Collection[int] | None, *, now: datetime) -> int:
        """Dismiss these alerts (None: every open one); return how many were open and now are not.

        An unknown number raises NotFoundError and dismisses nothing.
        """
        a = db.alerts
        now = _utc(now)
        with self._tx(write=True) as conn:
            target: ColumnElement[bool] = a.c.dismissed_at.is_(None)
            if ids is not None:
                wanted = sorted(set(ids))
                known = set(conn.execute(select(a.c.id).where(a.c.id.in_(wanted))).scalars())
                missing = [i for i in wanted if i not in known]
                if missing:
                    raise NotFoundError(
                        f"no alert number {missing[0]}; `tipqueue alerts` lists the open ones with their numbers"
                    )
                target = and_(target, a.c.id.in_(wanted))
            done = conn.execute(update(a).where(target).values(dismissed_at=now))
            return int(done.rowcount)


def _configure_sqlite(engine: Engine) -> None:
    """WAL, foreign keys, a busy timeout; write transactions take the lock up front (BEGIN IMMEDIATE).

    pysqlite's own transaction handling is turned off so SQLAlchemy's BEGIN is the one that runs:
    a write that first reads and then upgrades its lock could otherwise fail with "database is
    locked" when another process writes in between.
    """

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("tipqueue_write")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _configure_postgresql(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET TIME ZONE 'UTC'")
        dbapi_connection.commit()
