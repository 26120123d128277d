"""`tipqueue publish-due` as cron runs it: quiet and light when nothing is due, exit codes, dry run."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from tipqueue.instagram.fake.server import FakeInstagram
from tipqueue.posts.models import PostStatus

from tests.scheduler.test_publish_kit import (
    ACCOUNT,
    captions_on_instagram,
    make_post,
    open_store,
    run_cli,
    write_sandbox_workspace,
)


@pytest.fixture
def fake() -> Iterator[FakeInstagram]:
    with FakeInstagram(username=ACCOUNT, hang_seconds=0.5) as f:
        yield f


@pytest.fixture
def ws(tmp_path: Path, fake: FakeInstagram) -> Path:
    workspace = tmp_path / "ws"
    url = f"sqlite:///{workspace / 'tipqueue.db'}"
    write_sandbox_workspace(workspace, fake, url)
    open_store(url).close()
    return workspace


def add_due(ws: Path, *ids: str, minutes_ago: float = 1) -> None:
    store = open_store(f"sqlite:///{ws / 'tipqueue.db'}")
    now = datetime.now(UTC)
    store.add_posts(
        [make_post(ws / "posts", i, at=now - timedelta(minutes=minutes_ago)) for i in ids], now=now
    )
    store.close()


def status(ws: Path, post_id: str) -> PostStatus:
    store = open_store(f"sqlite:///{ws / 'tipqueue.db'}")
    try:
        return store.get_post(post_id).status
    finally:
        store.close()


def test_due_posts_are_published_with_one_line_each_and_exit_0(ws: Path, fake: FakeInstagram) -> None:
    add_due(ws, "tip-01", "tip-02")
    result = run_cli(ws, "publish-due")
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if " tip-0" in line]
    assert len(lines) == 2 and all(" published " in line for line in lines)
    assert len(captions_on_instagram(fake)) == 2
    assert "2 published, 0 to retry, 0 need attention" in result.stdout


def test_a_post_that_needs_attention_makes_the_run_exit_1(ws: Path, fake: FakeInstagram) -> None:
    add_due(ws, "tip-01")
    fake.fail_next(r"/media/configure/$", "rejected")
    result = run_cli(ws, "publish-due")
    assert result.returncode == 1
    assert "needs_attention" in result.stdout and "right format" in result.stdout
    assert status(ws, "tip-01") is PostStatus.NEEDS_ATTENTION


def test_a_transient_failure_exits_1_and_keeps_the_post_for_a_retry(ws: Path, fake: FakeInstagram) -> None:
    add_due(ws, "tip-01")
    fake.fail_next(r"/media/configure/$", "please_wait")  # refused: nothing was published
    result = run_cli(ws, "publish-due")
    assert result.returncode == 1 and " retry " in result.stdout
    assert status(ws, "tip-01") is PostStatus.FAILED


def test_dry_run_lists_what_is_due_and_changes_nothing(ws: Path, fake: FakeInstagram) -> None:
    add_due(ws, "tip-01")
    result = run_cli(ws, "publish-due", "--dry-run")
    assert result.returncode == 0
    assert "would_publish" in result.stdout and "tip-01" in result.stdout
    assert status(ws, "tip-01") is PostStatus.SCHEDULED and fake.requests == []


@pytest.mark.parametrize(
    ("args", "env", "needle"),
    [
        (["publish-due", "--account", "nope"], {}, "unknown account 'nope'"),
        (["publish-due", "--bogus"], {}, "No such option"),
        (["publish-due"], {"TIPQUEUE_PUBLISH__MAX_ATTEMPTS": "0"}, "publish.max_attempts"),
        (["publish-due"], {"TIPQUEUE_TEST_KILL_AT": "sometime"}, "TIPQUEUE_TEST_KILL_AT"),
    ],
    ids=["unknown-account", "unknown-option", "bad-setting", "bad-test-seam"],
)
def test_usage_and_settings_errors_exit_2_with_one_line(
    ws: Path, args: list[str], env: dict[str, str], needle: str
) -> None:
    add_due(ws, "tip-01")  # something is due, so the seam check is reached
    result = run_cli(ws, *args, **env)
    assert result.returncode == 2, result.stdout + result.stderr
    assert needle in result.stderr and "Traceback" not in result.stderr
    assert status(ws, "tip-01") is PostStatus.SCHEDULED


def test_status_shows_posts_in_publishing_with_their_holder_and_lease_end(
    ws: Path, fake: FakeInstagram
) -> None:
    import json

    add_due(ws, "tip-01")
    killed = run_cli(ws, "publish-due", TIPQUEUE_TEST_KILL_AT="after_configure")  # died holding it
    assert killed.returncode != 0
    shown = run_cli(ws, "status")
    line = next(x for x in shown.stdout.splitlines() if x.startswith("publishing tip-01"))
    assert (
        "held by cron@" in line and "until 20" in line and "configure sent, answer not yet recorded" in line
    )
    as_json = json.loads(run_cli(ws, "status", "--json").stdout)
    (held,) = as_json["publishing"]
    assert held["id"] == "tip-01" and held["holder"].startswith("cron@") and held["outcome_unknown"]
    assert datetime.fromisoformat(held["lease_expires_at"]) > datetime.now(UTC)
