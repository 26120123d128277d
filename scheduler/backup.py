"""Backing up and restoring the store: `tipqueue db backup FILE` and `tipqueue db restore FILE`.

SQLite: the backup is SQLite's online backup of one read snapshot, so it holds every change
committed before it began, including those still in the write-ahead log (a plain file copy misses
them), while the daemon, cron and the dashboard go on writing. It is written beside its name,
checked, and renamed into place: a FILE that exists is always a whole backup.

A restore checks that FILE is a tipqueue store at a revision this tipqueue knows, refuses (unless
``force``) when the store is open in another process or holds changes made after the backup was
taken, migrates a copy to the current revision, keeps the store it replaces as a ``.bak`` file and
renames the copy into place.

PostgreSQL: ``pg_dump`` makes the backup (custom format; the store's schema alone when the URL
sets a ``search_path``); restoring is ``pg_restore`` into a stopped deployment, which
:func:`pg_restore_command` spells out (docs/operations.md has the whole procedure).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shlex
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from tipqueue.config.errors import InputError, StoreError
from tipqueue.scheduler import db
from tipqueue.scheduler.store import HEAD_REVISION, MIGRATIONS_DIR, Store, normalise_url

#: Tables whose newest time says when the store last changed.
_CHANGE_TIMES = (
    ("posts", "updated_at"),
    ("post_events", "at"),
    ("replies", "collected_at"),
    ("alerts", "at"),
    ("cursors", "updated_at"),
)
#: Byte of the ``-shm`` file every SQLite connection to a WAL database holds a shared lock on
#: (SQLite's "dead man switch": WALINDEX_LOCK_OFFSET 120 + 8 lock bytes).
_SHM_DMS_BYTE = 128


@dataclass(frozen=True)
class Summary:
    """What a store file holds, as the backup and restore commands report it."""

    revision: str | None
    posts: int
    replies: int
    last_change: datetime | None

    def describe(self) -> str:
        when = self.last_change.strftime("%Y-%m-%d %H:%M:%S UTC") if self.last_change else "never"
        return f"revision {self.revision}, {self.posts} posts, {self.replies} replies, last change {when}"


@dataclass(frozen=True)
class BackupResult:
    source: str
    target: Path
    summary: Summary | None
    size: int
    seconds: float


@dataclass(frozen=True)
class RestoreResult:
    store: Path
    backup: Path
    previous: Path | None
    summary: Summary
    migrated_from: str | None


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite store URL (None for PostgreSQL)."""
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() != "sqlite":
        return None
    return Path(parsed.database or "").expanduser().resolve()


def known_revisions() -> list[str]:
    """Every revision this tipqueue's migrations know, oldest first."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory(str(MIGRATIONS_DIR))
    return [r.revision for r in reversed(list(scripts.walk_revisions("base", "heads")))]


# --- reading a store file without changing it ---


@contextlib.contextmanager
def _read_only(path: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        yield conn
    finally:
        conn.close()


def _summary(conn: sqlite3.Connection) -> Summary:
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    revision = None
    if "alembic_version" in tables:
        found = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = None if found is None else str(found[0])
    times = [
        conn.execute(f"SELECT max({column}) FROM {table}").fetchone()[0]
        for table, column in _CHANGE_TIMES
        if table in tables
    ]
    stamps = [datetime.fromisoformat(str(t)).replace(tzinfo=UTC) for t in times if t]

    def count(table: str) -> int:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]) if table in tables else 0

    return Summary(revision, count("posts"), count("replies"), max(stamps, default=None))


def _check_store_file(path: Path, what: str) -> Summary:
    """The summary of a tipqueue SQLite store at ``path``; InputError naming what is wrong."""
    if not path.is_file():
        raise InputError(f"{what} {path} does not exist; give the file `tipqueue db backup` wrote")
    problem = db.sqlite_file_problem(path)
    if problem is not None:
        raise InputError(f"{problem.replace('the store', what, 1)}; give a file made by `tipqueue db backup`")
    try:
        with _read_only(path) as conn:
            check = conn.execute("PRAGMA quick_check").fetchone()
            if check is None or check[0] != "ok":
                raise InputError(
                    f"{what} {path} is damaged (SQLite's check says {check[0] if check else 'nothing'!r}); "
                    "use another backup"
                )
            summary = _summary(conn)
    except sqlite3.DatabaseError as exc:
        raise InputError(f"{what} {path} cannot be read as a database ({exc}); use another backup") from None
    if summary.revision is None:
        raise InputError(
            f"{what} {path} is a SQLite database but not a tipqueue store; give a tipqueue backup"
        )
    if summary.revision not in known_revisions():
        raise InputError(
            f"{what} {path} is at revision {summary.revision}, which this tipqueue does not know "
            f"(it knows up to {HEAD_REVISION}); upgrade tipqueue, then restore"
        )
    return summary


def in_use(path: Path) -> bool:
    """True when another process has the SQLite store at ``path`` open (a daemon, the dashboard).

    Every connection to a WAL database holds a shared lock on one byte of its ``-shm`` file for as
    long as it is open; this asks for that byte exclusively, without waiting, and lets go at once.
    Call it only from a process that has not opened the store itself (closing the descriptor
    would drop that process's own SQLite locks).
    """
    shm = path.with_name(path.name + "-shm")
    try:
        fd = os.open(shm, os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _SHM_DMS_BYTE)
    except OSError:
        return True
    else:
        fcntl.lockf(fd, fcntl.LOCK_UN, 1, _SHM_DMS_BYTE)
        return False
    finally:
        os.close(fd)


# --- backup ---


def _copy_sqlite(source: Path, target: Path) -> None:
    """SQLite's online backup of ``source`` into a new self-contained file ``target`` (one step,
    so the copy is one read snapshot however busy the source is)."""
    src = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True, timeout=30)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst, pages=-1)
            dst.execute("PRAGMA journal_mode=DELETE")  # one file, no -wal beside it
        finally:
            dst.close()
    finally:
        src.close()
    with target.open("rb") as fh:
        os.fsync(fh.fileno())


def _temp_beside(path: Path, label: str) -> Path:
    return path.with_name(f".{path.name}.{label}-{os.getpid()}.tmp")


def backup(url: str, target: Path, *, force: bool = False) -> BackupResult:
    """Back up the store at ``url`` into ``target`` (SQLite: online backup; PostgreSQL: pg_dump)."""
    target = target.expanduser()
    if target.is_dir():
        raise InputError(
            f"{target} is a folder; give the backup a file name, e.g. {target / 'tipqueue-backup.db'}"
        )
    if not target.parent.is_dir():
        raise InputError(f"the folder {target.parent} does not exist; create it first")
    if target.exists() and not force:
        raise InputError(f"{target} already exists; choose another name or pass --force to replace it")
    source = sqlite_path(url)
    if source is None:
        return _pg_dump(url, target)
    if not source.is_file():
        raise InputError(f"there is no store at {source} to back up; check database_url or the workspace")
    if source == target.resolve():
        raise InputError(f"{target} is the store itself; give the backup another name")
    problem = db.sqlite_file_problem(source)
    if problem is not None:
        raise InputError(f"{problem}; there is nothing to back up")
    started = time.perf_counter()
    tmp = _temp_beside(target, "backup")
    try:
        try:
            _copy_sqlite(source, tmp)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"the store {source} could not be read ({exc}); nothing was written") from None
        os.chmod(tmp, 0o600)  # the store holds readers' names and replies
        summary = _check_store_file(tmp, "the backup")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return BackupResult(str(source), target, summary, target.stat().st_size, time.perf_counter() - started)


# --- restore ---


def restore(url: str, backup_file: Path, *, force: bool = False) -> RestoreResult:
    """Replace the SQLite store at ``url`` by ``backup_file`` (see the module's description)."""
    backup_file = backup_file.expanduser().resolve()
    store = sqlite_path(url)
    if store is None:
        raise InputError(
            "the store is on PostgreSQL: restore it with pg_restore while tipqueue is stopped: "
            f"{pg_restore_command(url, backup_file)} (see docs/operations.md)"
        )
    summary = _check_store_file(backup_file, "the backup")
    if backup_file == store:
        raise InputError(f"{backup_file} is the store itself; give a backup file")
    if not store.parent.is_dir():
        raise InputError(f"the folder {store.parent} does not exist; create it or check database_url")
    current: Summary | None = None
    if store.exists() and db.sqlite_file_problem(store) is None:
        if in_use(store) and not force:
            raise InputError(
                f"the store {store} is open in another process (`tipqueue run`, `tipqueue web` or a cron "
                "run); stop them and try again, or pass --force"
            )
        with _read_only(store) as conn:
            current = _summary(conn)
        newer = current.last_change and (
            summary.last_change is None or current.last_change > summary.last_change
        )
        if newer and not force:
            raise InputError(
                f"the store {store} has changes made after the backup was taken "
                f"(store: {current.describe()}; backup: {summary.describe()}); restoring would lose them: "
                "pass --force to restore anyway (the store is kept as a .bak file)"
            )
    tmp = _temp_beside(store, "restore")
    previous: Path | None = None
    try:
        _copy_sqlite(backup_file, tmp)
        Store.open(f"sqlite:///{tmp}", upgrade=True).close()  # an older backup is migrated first
        conn = sqlite3.connect(tmp)
        try:
            conn.execute("PRAGMA journal_mode=DELETE")  # everything in the one file before the rename
        finally:
            conn.close()
        with tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        if store.exists():
            stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
            previous = store.with_name(f"{store.name}.{stamp}.bak")
            if db.sqlite_file_problem(store) is None:
                _copy_sqlite(store, previous)  # includes what sits in its write-ahead log
            else:
                shutil.copy2(store, previous)
        for sidecar in ("-wal", "-shm", "-journal"):
            store.with_name(store.name + sidecar).unlink(missing_ok=True)
        os.replace(tmp, store)
    finally:
        for leftover in (tmp, *(tmp.with_name(tmp.name + s) for s in ("-wal", "-shm", "-journal"))):
            leftover.unlink(missing_ok=True)
    migrated = summary.revision if summary.revision != HEAD_REVISION else None
    return RestoreResult(store, backup_file, previous, summary, migrated)


# --- PostgreSQL ---


def _libpq(url: str) -> tuple[str, dict[str, str], str | None]:
    """The libpq URL (no password), the environment carrying the password, the schema if any."""
    parsed: URL = make_url(normalise_url(url))
    env: dict[str, str] = {}
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    schema = None
    options = parsed.query.get("options")
    for option in [options] if isinstance(options, str) else list(options or ()):
        for word in shlex.split(option):
            if word.startswith("-csearch_path="):
                schema = word.split("=", 1)[1].split(",")[0].strip().strip('"')
    plain = parsed.set(drivername="postgresql", password=None, query={})
    return plain.render_as_string(hide_password=False), env, schema


def pg_restore_command(url: str, backup_file: Path) -> str:
    libpq, _, schema = _libpq(url)
    parts = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction"]
    if schema:
        parts.append(f"--schema={schema}")
    parts += [f"--dbname={libpq}", str(backup_file)]
    return shlex.join(parts)


def _pg_dump(url: str, target: Path) -> BackupResult:
    libpq, env, schema = _libpq(url)
    program = shutil.which("pg_dump")
    shown = libpq  # the password is never in it
    if program is None:
        raise InputError(
            "the store is on PostgreSQL and pg_dump is not installed here; install the PostgreSQL client "
            f"(apt-get install postgresql-client) or run on the database host: pg_dump --format=custom "
            f"--file={shlex.quote(str(target))} {'--schema=' + schema + ' ' if schema else ''}{libpq}"
        )
    tmp = _temp_beside(target, "backup")
    args = [program, "--format=custom", "--no-owner", f"--file={tmp}"]
    if schema:
        args.append(f"--schema={schema}")
    args.append(f"--dbname={libpq}")
    started = time.perf_counter()
    try:
        done = subprocess.run(args, env={**os.environ, **env}, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            first = (done.stderr.strip().splitlines() or ["no message"])[0]
            raise StoreError(f"pg_dump of {shown} failed ({first}); nothing was written")
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return BackupResult(shown, target, None, target.stat().st_size, time.perf_counter() - started)
