"""Rehearsing a day on the sandbox: `publish-due --now` and `run --now --speed`, real processes,
the real instagrapi client against the fake Instagram; refused for a real account."""

from __future__ import annotations

import signal
import threading
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
    start_cli,
    write_sandbox_workspace,
)

#: A day a week ahead at 09:00 UTC (the sandbox account's zone is UTC).
DAY = (datetime.now(UTC) + timedelta(days=7)).replace(hour=9, minute=0, second=0, microsecond=0)


@pytest.fixture
def fake() -> Iterator[FakeInstagram]:
    with FakeInstagram(username=ACCOUNT, hang_seconds=0.5) as f:
        yield f


@pytest.fixture
def ws(tmp_path: Path, fake: FakeInstagram) -> Path:
    workspace = tmp_path / "ws"
    write_sandbox_workspace(workspace, fake, f"sqlite:///{workspace / 'tipqueue.db'}")
    with open_store(f"sqlite:///{workspace / 'tipqueue.db'}") as store:
        posts = [make_post(workspace / "posts", f"tip-0{n}", at=DAY + timedelta(hours=n)) for n in (0, 9)]
        store.add_posts(posts, now=datetime.now(UTC))
    return workspace


def stored(ws: Path, post_id: str):  # type: ignore[no-untyped-def]
    with open_store(f"sqlite:///{ws / 'tipqueue.db'}") as store:
        return store.get_post(post_id)


def test_publish_due_now_rehearses_a_morning_a_week_ahead(ws: Path, fake: FakeInstagram) -> None:
    early = run_cli(ws, "publish-due", "--now", DAY.strftime("%Y-%m-%d 08:59"))
    assert early.returncode == 0 and early.stdout == "" and captions_on_instagram(fake) == []
    morning = run_cli(ws, "publish-due", "--now", DAY.strftime("%Y-%m-%d 09:01"))
    assert morning.returncode == 0, morning.stderr
    assert "1 published" in morning.stdout and "tip-00" in morning.stdout
    post = stored(ws, "tip-00")
    assert post.status is PostStatus.PUBLISHED
    assert post.published_at is not None and DAY < post.published_at < DAY + timedelta(minutes=2)
    assert post.permalink is not None and post.permalink.startswith(fake.base_url + "/p/")
    assert stored(ws, "tip-09").status is PostStatus.SCHEDULED  # its time has not come in the rehearsal
    assert len(captions_on_instagram(fake)) == 1


def test_a_real_account_refuses_the_rehearsal_with_one_line(ws: Path, fake: FakeInstagram) -> None:
    toml = ws / "tipqueue.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('backend = "sandbox"', 'backend = "instagrapi"'))
    for args in (["publish-due", "--now", "2030-01-01 09:00"], ["run", "--now", "2030-01-01 09:00"]):
        result = run_cli(ws, *args)
        assert result.returncode == 2, result.stdout + result.stderr
        assert result.stderr.count("\n") == 1 and "--now rehearses against the sandbox only" in result.stderr
        assert "account 'clinic'" in result.stderr
    assert stored(ws, "tip-00").status is PostStatus.SCHEDULED and fake.requests == []


def test_run_now_with_speed_publishes_at_the_rehearsed_slot(ws: Path, fake: FakeInstagram) -> None:
    """The daemon's clock starts 30 s before the slot and runs 60x: the post goes out within a second."""
    start = (DAY - timedelta(seconds=30)).isoformat()
    process = start_cli(ws, "run", "--no-replies", "--now", start, "--speed", "60")
    watchdog = threading.Timer(30, process.send_signal, args=(signal.SIGTERM,))  # never hang the suite
    watchdog.start()
    try:
        assert process.stderr is not None
        for line in process.stderr:  # the daemon logs each post it publishes
            if "published" in line and "tip-00" in line:
                break
    finally:
        watchdog.cancel()
        process.send_signal(signal.SIGTERM)
        out, _ = process.communicate(timeout=30)
    assert process.returncode == 0
    assert "1 published" in out
    assert [c.split(":")[0] for c in captions_on_instagram(fake)] == ["Tip tip-00"]
