"""Exactly once with real processes: SIGKILL at every step, and five runners racing over 50 posts.

`tipqueue publish-due` and `tipqueue run` run as subprocesses against the loopback fake Instagram
(sandbox backend: the REAL instagrapi client) on SQLite and on PostgreSQL. The kill comes from
the CLI's test seam TIPQUEUE_TEST_KILL_AT, so it lands at a precise step:

* after_claim     - the post is claimed, nothing was sent;
* after_upload    - the image reached Instagram, configure was never sent;
* after_configure - the media is live, the store was not told.

Every test runs on both Instagram backends: instagrapi against the sandbox fake, and the official
API (the Graph fake, images fetched from `tipqueue web`), where "upload" is creating the media
container and "configure" is media_publish.
"""

from __future__ import annotations

import signal
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from tipqueue.instagram.fake.server import FakeInstagram
from tipqueue.posts.models import PostStatus
from tipqueue.scheduler.store import Store

from tests.scheduler.test_publish_kit import (
    ACCOUNT,
    BACKENDS,
    INSTAGRAM_BACKENDS,
    captions_on_instagram,
    database_url,
    expire_leases,
    graph_workspace,
    make_post,
    open_store,
    run_cli,
    start_cli,
    write_sandbox_workspace,
)


@dataclass
class Setup:
    fake: FakeInstagram
    store: Store
    url: str
    workspace: Path
    folder: Path
    upload: str = r"^/rupload_igphoto/"
    configure: str = r"/configure/"
    race: int = 50  # posts in the racing test

    def add_due(self, count: int) -> list[str]:
        now = datetime.now(UTC)
        ids = [f"tip-{i:02d}" for i in range(1, count + 1)]
        self.store.add_posts(
            [make_post(self.folder, pid, at=now - timedelta(minutes=1)) for pid in ids], now=now
        )
        return ids

    def assert_each_published_once(self, ids: list[str]) -> None:
        posts = [self.store.get_post(pid) for pid in ids]
        assert [p.status for p in posts] == [PostStatus.PUBLISHED] * len(ids), [
            (p.id, p.status, p.last_error) for p in posts if p.status is not PostStatus.PUBLISHED
        ]
        counts = Counter(captions_on_instagram(self.fake))
        assert sorted(counts) == sorted(p.caption for p in posts)
        assert set(counts.values()) == {1}, "a post went out twice"
        live = {m["caption"]: m["media_id"] for m in self.fake.media_list()}
        assert all(live[p.caption] == p.media_id for p in posts)


@pytest.fixture(params=INSTAGRAM_BACKENDS)
def instagram(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(params=BACKENDS)
def setup(request: pytest.FixtureRequest, tmp_path: Path, instagram: str) -> Iterator[Setup]:
    urls = database_url(request.param, tmp_path)
    url = next(urls)
    workspace = tmp_path / "ws"
    if instagram == "graph":
        store = open_store(url)
        fake, _, stop = graph_workspace(workspace, url)
        try:
            # 24 posts race on the graph backend: each costs six requests and an image fetch.
            yield Setup(fake, store, url, workspace, tmp_path / "posts", r"/media$", r"/media_publish$", 24)
        finally:
            stop()
            store.close()
        for _ in urls:
            pass
        return
    with FakeInstagram(username=ACCOUNT, hang_seconds=0.5) as fake:
        write_sandbox_workspace(workspace, fake, url)
        store = open_store(url)
        try:
            yield Setup(fake, store, url, workspace, tmp_path / "posts")
        finally:
            store.close()
    for _ in urls:
        pass


@pytest.mark.parametrize("step", ["after_claim", "after_upload", "after_configure"])
def test_sigkill_at_every_step_then_another_run_publishes_each_post_once(setup: Setup, step: str) -> None:
    ids = setup.add_due(2)
    killed = run_cli(setup.workspace, "publish-due", TIPQUEUE_TEST_KILL_AT=step)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    first = setup.store.get_post(ids[0])
    assert first.status is PostStatus.PUBLISHING
    assert len(captions_on_instagram(setup.fake)) == (1 if step == "after_configure" else 0)
    if step == "after_upload":
        assert setup.fake.requests_to(setup.upload) and not setup.fake.requests_to(setup.configure)

    # Before the lease runs out a new run leaves the dead runner's post alone ...
    run_cli(setup.workspace, "publish-due")
    assert setup.store.get_post(ids[0]).status is PostStatus.PUBLISHING
    # ... after it, the post is reconciled (found live, or sent once).
    assert expire_leases(setup.url) == 1
    again = run_cli(setup.workspace, "publish-due")
    assert again.returncode == 0, again.stdout + again.stderr
    setup.assert_each_published_once(ids)
    expected = "recovered" if step == "after_configure" else "published"
    assert any(line.split()[1:3] == [expected, ids[0]] for line in again.stdout.splitlines()), again.stdout


def test_four_cron_runs_and_a_daemon_over_50_due_posts_publish_each_exactly_once(setup: Setup) -> None:
    ids = setup.add_due(setup.race)
    daemon = start_cli(setup.workspace, "run", "--no-replies")
    crons = [start_cli(setup.workspace, "publish-due") for _ in range(4)]
    try:
        outputs = [c.communicate(timeout=120) for c in crons]
        assert [c.returncode for c in crons] == [0, 0, 0, 0], outputs
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if all(p.status is PostStatus.PUBLISHED for p in setup.store.get_posts(ids)):
                break
            time.sleep(0.2)
    finally:
        daemon.send_signal(signal.SIGTERM)
        _, daemon_err = daemon.communicate(timeout=30)
    assert daemon.returncode == 0, daemon_err
    assert "stopped" in daemon_err
    setup.assert_each_published_once(ids)
    # Every post was published by exactly one runner, as its history says.
    publishers = {next(e.runner for e in setup.store.history(pid) if e.event == "published") for pid in ids}
    assert len(publishers) >= 2  # they really raced


def test_sigterm_to_the_daemon_with_nothing_to_do_exits_cleanly(setup: Setup) -> None:
    daemon = start_cli(setup.workspace, "run")
    assert daemon.stderr is not None
    line = daemon.stderr.readline()
    assert "started" in line and "collect-replies" in line, line
    daemon.send_signal(signal.SIGTERM)
    _, rest = daemon.communicate(timeout=30)
    assert daemon.returncode == 0 and "stopped" in rest
