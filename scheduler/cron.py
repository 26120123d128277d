"""The cron tick's first question, answered with the bare database driver: is there anything to do?

`tipqueue publish-due` runs every minute and almost always finds nothing due. :func:`nothing_to_do`
answers True only when a full pass would certainly do nothing, so the command can exit before
SQLAlchemy, pydantic, instagrapi or the Graph client load. It mirrors what a pass looks at:

* posts the store's ``due_posts`` would return (scheduled, failed or publishing with ``due_at``
  passed, on an account that is not paused: expired claims are reconciled there);
* posts waiting for a sign-off (the compliance gate releases or expires them on every pass);
* a store that is not at :data:`HEAD_REVISION` (the full path migrates it first);
* graph accounts whose token wants a refresh or an alert.

One statement (indexed on ``due_at`` and ``status``) over sqlite3, or over libpq for PostgreSQL.
libpq is called through ctypes, the same library psycopg-binary ships: importing psycopg itself
costs about four bare interpreter starts, more than the whole budget of the tick. When libpq
cannot be loaded, psycopg is used. Any doubt (another schema, no file yet, a connection or
query error) answers False: the caller takes the full path, which reports any real problem.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from tipqueue.scheduler.revision import HEAD_REVISION

if TYPE_CHECKING:
    from tipqueue.config.quick import CronView


_DUE = ("scheduled", "failed", "publishing")  # scheduler.store._DUE_STATUSES
_WAITING = "needs_approval"


def nothing_to_do(view: CronView, now: datetime, *, account: str | None = None) -> bool:
    """True when a publish pass at ``now`` would certainly do nothing (see the module doc)."""
    if not view.checked or (account is not None and account not in view.accounts):
        return False
    graph = [(name, token) for name, (backend, token) in view.accounts.items() if backend == "graph"]
    if graph:
        from pathlib import Path

        from tipqueue.instagram.graph.token import needs_care, token_path

        sessions = Path(view.workspace) / "sessions"
        if any(needs_care(token_path(sessions, name, ref), now) for name, ref in graph):
            return False
    return nothing_due(view.db_url, now, account=account)


def nothing_due(db_url: str, now: datetime, *, account: str | None = None) -> bool:
    """True when the store at ``db_url`` certainly has nothing for a pass at ``now``."""
    for prefix in ("sqlite:///", "sqlite+pysqlite:///"):
        if db_url.startswith(prefix):
            return _sqlite(db_url[len(prefix) :], now, account)
    for prefix in ("postgresql+psycopg://", "postgresql://"):
        if db_url.startswith(prefix):
            return _postgresql("postgresql://" + db_url[len(prefix) :], now, account)
    return False


def _statement(mark: str, account: str | None) -> str:
    """The one query: parameters are the time, then (with ``account``) the account twice.

    ``mark`` is the placeholder style: ``?`` (sqlite3) or ``$`` (libpq's $1, $2, ...).
    """
    marks = ["?"] * 3 if mark == "?" else ["$1::timestamptz", "$2", "$3"]
    states = ",".join(f"'{s}'" for s in _DUE)
    due = (
        f"SELECT 1 FROM posts WHERE due_at <= {marks[0]} AND status IN ({states})"
        + (f" AND account = {marks[1]}" if account is not None else "")
        + " AND account IN (SELECT name FROM accounts WHERE NOT paused)"
    )
    waiting = f"SELECT 1 FROM posts WHERE status = '{_WAITING}'" + (
        f" AND account = {marks[2]}" if account is not None else ""
    )
    return (
        "SELECT (SELECT count(*) FROM alembic_version), (SELECT max(version_num) FROM alembic_version), "
        f"EXISTS ({due}) OR EXISTS ({waiting})"
    )


def _answer(row: tuple[object, ...] | None) -> bool:
    if row is None:
        return False
    count, revision, anything = row
    return str(count) == "1" and revision == HEAD_REVISION and str(anything).lower() in ("0", "f", "false")


def _sqlite(database: str, now: datetime, account: str | None) -> bool:
    import sqlite3
    from urllib.parse import quote, unquote

    path = unquote(database.split("?", 1)[0])
    if not path or path == ":memory:" or not os.path.isfile(path):
        return False
    stamp = now.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")  # as the store writes
    args = [stamp] + ([account] * 2 if account is not None else [])
    try:
        conn = sqlite3.connect(f"file:{quote(os.path.abspath(path))}?mode=ro", uri=True, timeout=5)
        try:
            return _answer(conn.execute(_statement("?", account), args).fetchone())
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def _postgresql(url: str, now: datetime, account: str | None) -> bool:
    if "connect_timeout=" not in url:
        url += ("&" if "?" in url else "?") + "connect_timeout=10"
    args = [now.astimezone(UTC).isoformat()] + ([account] * 2 if account is not None else [])
    try:
        from tipqueue.scheduler.libpq import one_row
    except OSError:  # no libpq to be found: psycopg finds its own
        return _psycopg(url, now, account)
    try:
        return _answer(one_row(url, _statement("$", account), args))
    except OSError:
        return False


def _psycopg(url: str, now: datetime, account: str | None) -> bool:
    import psycopg

    args = [now.astimezone(UTC)] + ([account] * 2 if account is not None else [])
    query = _statement("?", account).replace("?", "%s")  # psycopg's placeholders
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            row = conn.execute(query, args).fetchone()
    except psycopg.Error:
        return False
    return _answer(None if row is None else tuple(row))
