"""`tipqueue db backup` / `db restore` and refusing store files that are not stores, with real processes.

The daemon (`tipqueue run`) publishes to the loopback fake Instagram through the real instagrapi
client while `tipqueue db backup` runs in another process; the backup must hold every change
committed before it began and restore to exactly that store.
"""

from __future__ import annotations

import signal
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from tipqueue.instagram.fake.server import FakeInstagram
from tipqueue.posts.models import PostStatus
from tipqueue.scheduler.store import HEAD_REVISION, Store

from tests.scheduler.test_publish_kit import (
    ACCOUNT,
    PG_URL,
    make_post,
    open_store,
    pg_schema_url,
    run_cli,
    start_cli,
    write_sandbox_workspace,
)


def _events(path: Path) -> list[tuple[int, str, str]]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return [tuple(r) for r in conn.execute("SELECT id, post_id, event FROM post_events ORDER BY id")]
    finally:
        conn.close()


def _statuses(path: Path) -> dict[str, str]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return dict(conn.execute("SELECT id, status FROM posts").fetchall())
    finally:
        conn.close()


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "tipqueue.toml").write_text(
        f'default_account = "{ACCOUNT}"\n\n[accounts.{ACCOUNT}]\nusername = "clinic"\n', encoding="utf-8"
    )
    return ws


@pytest.mark.parametrize(
    ("content", "says"),
    [(b"", "is an empty file (0 bytes)"), (b"id,caption\n1,hello\n", "is not a SQLite database")],
    ids=["zero-bytes", "csv"],
)
def test_a_store_file_that_is_not_a_store_is_refused_and_left_alone(
    workspace: Path, content: bytes, says: str
) -> None:
    store = workspace / "tipqueue.db"
    store.write_bytes(content)
    for args in (["status"], ["queue", "list"], ["db", "upgrade"]):
        done = run_cli(workspace, *args)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
        assert says in lines[0] and str(store) in lines[0]
        assert "tipqueue db restore" in lines[0] and "remove the file" in lines[0]
    assert store.read_bytes() == content
    assert sorted(p.name for p in workspace.iterdir()) == ["tipqueue.db", "tipqueue.toml"]


def test_a_missing_store_is_still_created_and_never_left_empty(workspace: Path) -> None:
    done = run_cli(workspace, "status")
    assert done.returncode == 0, done.stderr
    store = workspace / "tipqueue.db"
    assert store.read_bytes()[:16] == b"SQLite format 3\x00"
    assert not [p for p in workspace.iterdir() if p.name.endswith(".new")]
    assert run_cli(workspace, "status").returncode == 0


def test_a_backup_taken_while_the_daemon_publishes_restores_every_committed_change(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    db_file = tmp_path / "tipqueue.db"
    url = f"sqlite:///{db_file}"
    with FakeInstagram(username=ACCOUNT, hang_seconds=0.5) as fake:
        write_sandbox_workspace(workspace, fake, url)
        store = open_store(url)
        now = datetime.now(UTC)
        ids = [f"tip-{i:02d}" for i in range(1, 31)]
        store.add_posts(
            [make_post(tmp_path / "posts", pid, at=now - timedelta(minutes=1)) for pid in ids], now=now
        )
        fake.delay_next(r"/configure/", 0.15, times=len(ids))  # a daemon busy for a few seconds
        daemon = start_cli(workspace, "run", "--no-replies")
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                published = [p for p in store.get_posts(ids) if p.status is PostStatus.PUBLISHED]
                if len(published) >= 5:
                    break
                time.sleep(0.05)
            before = _events(db_file)  # committed before the backup starts
            done = run_cli(workspace, "db", "backup", str(tmp_path / "backup.db"))
            after = _events(db_file)
            assert done.returncode == 0, done.stderr
            assert "backed up" in done.stdout and f"revision {HEAD_REVISION}, 30 posts" in done.stdout
            in_backup = _events(tmp_path / "backup.db")
            # the daemon was still writing: the backup is a snapshot between the two reads
            assert len(after) > len(before), "the daemon finished before the backup; slow it down more"
            assert before == in_backup[: len(before)] and in_backup == after[: len(in_backup)]
            assert not (tmp_path / "backup.db-wal").exists()
            assert (tmp_path / "backup.db").stat().st_mode & 0o777 == 0o600
            # a restore while the daemon has the store open is refused, and changes nothing
            refused = run_cli(workspace, "db", "restore", str(tmp_path / "backup.db"))
            assert refused.returncode == 2 and "open in another process" in refused.stderr, refused.stderr
        finally:
            daemon.send_signal(signal.SIGTERM)
            _, err = daemon.communicate(timeout=60)
            store.close()
        assert daemon.returncode == 0, err
    final_events, final_statuses = _events(db_file), _statuses(db_file)
    assert len(final_events) > len(in_backup)

    # the store moved on after the backup: restoring is refused unless forced
    newer = run_cli(workspace, "db", "restore", str(tmp_path / "backup.db"))
    assert newer.returncode == 2 and "changes made after the backup" in newer.stderr, newer.stderr
    assert _events(db_file) == final_events
    done = run_cli(workspace, "db", "restore", "--force", str(tmp_path / "backup.db"))
    assert done.returncode == 0, done.stderr
    assert _events(db_file) == in_backup
    backups = list(tmp_path.glob("tipqueue.db.*.bak"))
    assert len(backups) == 1 and str(backups[0]) in done.stdout
    assert _events(backups[0]) == final_events and _statuses(backups[0]) == final_statuses
    # the restored store is a working store: the daemon's unfinished posts publish from it
    restored = Store.open(url)
    try:
        published_in_backup = {pid for pid, st in _statuses(db_file).items() if st == "published"}
        assert published_in_backup and published_in_backup < set(ids)
    finally:
        restored.close()


def test_restore_refuses_files_that_are_not_tipqueue_backups(workspace: Path, tmp_path: Path) -> None:
    assert run_cli(workspace, "status").returncode == 0
    store = workspace / "tipqueue.db"
    original = store.read_bytes()
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    future = tmp_path / "future.db"
    assert run_cli(workspace, "db", "backup", str(future)).returncode == 0
    conn = sqlite3.connect(future)
    conn.execute("UPDATE alembic_version SET version_num = '0099'")
    conn.commit()
    conn.close()
    (tmp_path / "empty.db").write_bytes(b"")
    cases = {
        tmp_path / "missing.db": "does not exist",
        tmp_path / "empty.db": "is an empty file",
        other: "not a tipqueue store",
        future: "revision 0099, which this tipqueue does not know",
    }
    for path, says in cases.items():
        done = run_cli(workspace, "db", "restore", "--force", str(path))
        assert done.returncode == 2, (path, done.stderr)
        assert len(done.stderr.strip().splitlines()) == 1 and says in done.stderr, done.stderr
        assert str(path) in done.stderr
    assert store.read_bytes() == original
    assert not list(workspace.glob("*.bak"))


def test_backup_refuses_to_overwrite_without_force(workspace: Path, tmp_path: Path) -> None:
    assert run_cli(workspace, "status").returncode == 0
    target = tmp_path / "b.db"
    target.write_text("keep me", encoding="utf-8")
    done = run_cli(workspace, "db", "backup", str(target))
    assert done.returncode == 2 and "already exists" in done.stderr and "--force" in done.stderr
    assert target.read_text(encoding="utf-8") == "keep me"
    done = run_cli(workspace, "db", "backup", "--force", str(target))
    assert done.returncode == 0, done.stderr
    assert target.read_bytes()[:16] == b"SQLite format 3\x00"


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason="TIPQUEUE_TEST_DATABASE_URL is not set")
def test_postgresql_backup_runs_pg_dump_and_pg_restore_brings_the_store_back(
    workspace: Path, tmp_path: Path
) -> None:
    import shutil
    import subprocess

    from tipqueue.scheduler.backup import pg_restore_command

    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("pg_dump / pg_restore are not installed (apt-get install postgresql-client)")
    assert PG_URL is not None
    urls = pg_schema_url(PG_URL)
    url = next(urls)
    try:
        store = open_store(url)
        now = datetime.now(UTC)
        store.add_posts(
            [make_post(tmp_path / "posts", f"pg-{i}", at=now + timedelta(days=1)) for i in range(3)], now=now
        )
        dump = tmp_path / "pg.dump"
        done = run_cli(workspace, "--database-url", url, "db", "backup", str(dump))
        assert done.returncode == 0, done.stderr
        assert dump.read_bytes()[:5] == b"PGDMP" and dump.stat().st_mode & 0o777 == 0o600
        with store._tx(write=True) as conn:  # lose a post, as a mistaken delete would
            from sqlalchemy import delete
            from tipqueue.scheduler import db

            conn.execute(delete(db.posts).where(db.posts.c.id == "pg-1"))
        store.close()
        refused = run_cli(workspace, "--database-url", url, "db", "restore", str(dump))
        assert refused.returncode == 2 and "pg_restore" in refused.stderr
        command = pg_restore_command(url, dump)
        assert "--single-transaction" in command and "--schema=" in command
        restored = subprocess.run(command, shell=True, capture_output=True, text=True, check=False)
        assert restored.returncode == 0, restored.stderr
        again = Store.open(url)
        try:
            assert sorted(p.id for p in again.get_posts([f"pg-{i}" for i in range(3)])) == [
                "pg-0",
                "pg-1",
                "pg-2",
            ]
        finally:
            again.close()
    finally:
        for _ in urls:
            pass


def test_a_zero_byte_store_is_brought_back_by_restoring_a_backup(workspace: Path, tmp_path: Path) -> None:
    assert run_cli(workspace, "status").returncode == 0
    assert run_cli(workspace, "db", "backup", str(tmp_path / "good.db")).returncode == 0
    store = workspace / "tipqueue.db"
    store.write_bytes(b"")  # the disk filled up, or a copy went wrong
    assert run_cli(workspace, "status").returncode == 2
    done = run_cli(workspace, "db", "restore", str(tmp_path / "good.db"))
    assert done.returncode == 0, done.stderr
    assert run_cli(workspace, "status").returncode == 0
    kept = list(workspace.glob("tipqueue.db.*.bak"))
    assert len(kept) == 1 and kept[0].read_bytes() == b""
