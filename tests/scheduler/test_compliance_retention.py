"""Retention of collected replies: exactly the replies older than keep_days go, on both databases."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from tipqueue.config.settings import load_settings
from tipqueue.posts.models import Reply, ReplyKind
from tipqueue.scheduler.review import retention, retention_jobs, retention_line
from tipqueue.scheduler.signoffs import prune_replies
from tipqueue.scheduler.store import Store

from tests.scheduler.test_publish_kit import BACKENDS, T0, database_url, open_store


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    urls = database_url(request.param, tmp_path)
    opened = open_store(next(urls))
    try:
        yield opened
    finally:
        opened.close()
        for _ in urls:
            pass


def reply(pid: str, *, collected_days_ago: float | None, written_days_ago: float | None = None) -> Reply:
    return Reply(
        platform_id=pid,
        text=f"reply {pid}",
        kind=ReplyKind.COMMENT,
        username=f"user_{pid}",
        collected_at=None if collected_days_ago is None else T0 - timedelta(days=collected_days_ago),
        created_at=None if written_days_ago is None else T0 - timedelta(days=written_days_ago),
    )


def stored(store: Store) -> set[str]:
    return {r.platform_id for r in store.list_replies()}


def test_deletes_exactly_what_is_older_than_the_limit(store: Store) -> None:
    store.add_replies(
        [
            reply("fresh", collected_days_ago=1),
            reply("edge-inside", collected_days_ago=30 - 1 / 86400),  # one second younger than 30 days
            reply("edge-exact", collected_days_ago=30),  # exactly 30 days: not older, kept
            reply("old", collected_days_ago=30 + 1 / 86400),
            reply("ancient", collected_days_ago=400),
            reply("only-written", collected_days_ago=None, written_days_ago=90),
            reply("no-dates", collected_days_ago=None),
        ]
    )
    counted = prune_replies(store, keep_days=30, now=T0, dry_run=True)
    assert counted.deleted == 3 and stored(store) >= {"old", "ancient", "only-written"}
    done = prune_replies(store, keep_days=30, now=T0)
    assert done.deleted == 3
    assert done.cutoff == T0 - timedelta(days=30)
    assert stored(store) == {"fresh", "edge-inside", "edge-exact", "no-dates"}
    assert prune_replies(store, keep_days=30, now=T0).deleted == 0  # nothing more to do


def test_the_setting_drives_it_and_unset_keeps_everything(store: Store, tmp_path: Path) -> None:
    store.add_replies([reply("old", collected_days_ago=100), reply("new", collected_days_ago=2)])
    keep_all = load_settings(tmp_path, environ={})
    assert retention(store, keep_all, now=T0) is None
    assert retention_jobs(keep_all) == {}
    assert "kept until deleted" in retention_line(keep_all)
    assert stored(store) == {"old", "new"}
    limited = load_settings(tmp_path, overrides={"replies": {"keep_days": 90}}, environ={})
    assert (
        retention_line(limited)
        == "retention: replies older than 90 days are deleted ([replies] keep_days = 90)"
    )
    job = retention_jobs(limited)["reply-retention"]
    assert job.every == timedelta(days=1)  # the daemon runs it daily

    class Ctx:
        pass

    ctx = Ctx()
    ctx.store, ctx.settings, ctx.now = store, limited, T0  # type: ignore[attr-defined]
    job.func(ctx)  # type: ignore[arg-type]
    assert stored(store) == {"new"}


def test_the_command_prunes_and_the_export_states_its_retention(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from tests.scheduler.test_publish_kit import run_cli

    workspace = tmp_path / "ws"
    workspace.mkdir()
    url = f"sqlite:///{workspace / 'tipqueue.db'}"
    (workspace / "tipqueue.toml").write_text(
        f'database_url = "{url}"\n\n[accounts.clinic]\nusername = "clinic.demo"\n\n[replies]\nkeep_days = 30\n',
        encoding="utf-8",
    )
    store = open_store(url)
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    store.add_replies(
        [
            Reply(platform_id="old", text="old one", username="a", collected_at=now - timedelta(days=31)),
            Reply(platform_id="new", text="new one", username="b", collected_at=now - timedelta(days=1)),
        ]
    )
    store.close()
    dry = run_cli(workspace, "compliance", "prune-replies", "--dry-run")
    assert dry.returncode == 0 and dry.stdout.startswith("would delete 1 reply collected before")
    done = run_cli(workspace, "compliance", "prune-replies")
    assert done.returncode == 0 and done.stdout.startswith("deleted 1 reply"), done.stderr
    out = workspace / "replies.xlsx"
    exported = run_cli(workspace, "replies", "export", "--format", "xlsx", "--output", str(out))
    assert exported.returncode == 0, exported.stderr
    assert "retention: replies older than 30 days are deleted" in exported.stdout
    book = load_workbook(out, read_only=True)
    assert [row[0] for row in book["Retention"].iter_rows(min_row=2, values_only=True)] == [
        "retention: replies older than 30 days are deleted ([replies] keep_days = 30)"
    ]
    assert len(list(book["Replies"].iter_rows(min_row=2))) == 1


def test_the_daemon_runs_retention_on_its_own(tmp_path: Path) -> None:
    import signal
    import time
    from datetime import UTC, datetime

    from tipqueue.instagram.fake.server import FakeInstagram

    from tests.scheduler.test_publish_kit import ACCOUNT, start_cli, write_sandbox_workspace

    workspace = tmp_path / "ws"
    url = f"sqlite:///{workspace / 'tipqueue.db'}"
    with FakeInstagram(username=ACCOUNT) as fake:
        write_sandbox_workspace(workspace, fake, url)
        with (workspace / "tipqueue.toml").open("a", encoding="utf-8") as fh:
            fh.write("\n[replies]\nkeep_days = 30\n")
        store = open_store(url)
        now = datetime.now(UTC)
        store.add_replies(
            [
                Reply(platform_id="old", text="old", username="a", collected_at=now - timedelta(days=40)),
                Reply(platform_id="new", text="new", username="b", collected_at=now - timedelta(days=2)),
            ]
        )
        daemon = start_cli(workspace, "run", "--no-replies")
        try:
            assert daemon.stderr is not None
            started = daemon.stderr.readline()
            assert "reply-retention" in started, started
            deadline = time.monotonic() + 30
            while stored(store) != {"new"} and time.monotonic() < deadline:
                time.sleep(0.2)
            assert stored(store) == {"new"}
        finally:
            daemon.send_signal(signal.SIGTERM)
            _, rest = daemon.communicate(timeout=30)
            store.close()
        assert daemon.returncode == 0
        assert "retention      deleted=1" in rest
