"""The daemon: publishes on time, runs the jobs it is handed, stops without losing the post in flight.

The engine's "now" is a fake clock that runs at real speed from T0; waits are short and bounded.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from tipqueue.posts.models import PostStatus, PublishedMedia
from tipqueue.scheduler.daemon import DaemonJob, DaemonReport, JobContext, run_daemon
from tipqueue.scheduler.store import Store

from tests.scheduler.test_publish_kit import ACCOUNT, T0, FakePublisher, make_post, make_settings, open_store


def moving_clock() -> Callable[[], datetime]:
    """T0, then real seconds added: lets the daemon wait for a due time without a real date."""
    start = time.monotonic()
    return lambda: T0 + timedelta(seconds=time.monotonic() - start)


def wait_until(check: Callable[[], bool], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return check()


class DaemonThread:
    def __init__(self, url: str, settings: object, pub: FakePublisher, **kw: object) -> None:
        self.stop = threading.Event()
        self.report: DaemonReport | None = None
        self.error: BaseException | None = None

        def target() -> None:
            try:
                self.report = run_daemon(
                    lambda: Store.open(url),
                    lambda: {ACCOUNT: pub},
                    settings=settings,  # type: ignore[arg-type]
                    stop_event=self.stop,
                    **kw,  # type: ignore[arg-type]
                )
            except BaseException as exc:  # pragma: no cover - surfaced by join()
                self.error = exc

        self.thread = threading.Thread(target=target, daemon=True)
        self.thread.start()

    def join(self) -> DaemonReport:
        self.stop.set()
        self.thread.join(timeout=15)
        assert not self.thread.is_alive(), "the daemon did not stop within 15 s"
        assert self.error is None, self.error
        assert self.report is not None
        return self.report


@pytest.fixture
def url(tmp_path: Path) -> Iterator[str]:
    u = f"sqlite:///{tmp_path / 'tipqueue.db'}"
    open_store(u).close()
    yield u


def test_daemon_publishes_due_and_missed_posts_at_start_and_runs_its_jobs(tmp_path: Path, url: str) -> None:
    store = Store.open(url)
    store.add_posts(
        [
            make_post(tmp_path / "p", "due-now", at=T0 - timedelta(minutes=5)),
            make_post(tmp_path / "p", "missed-long-ago", at=T0 - timedelta(hours=5)),
        ],
        now=T0 - timedelta(days=1),
    )
    pub = FakePublisher()
    contexts: list[JobContext] = []
    daemon = DaemonThread(
        url,
        make_settings(tmp_path, url),
        pub,
        clock=moving_clock(),
        jobs={"collect-replies": DaemonJob(contexts.append, every=timedelta(hours=1))},
    )
    try:
        assert wait_until(lambda: store.get_post("due-now").status is PostStatus.PUBLISHED)
        assert wait_until(lambda: len(contexts) == 1)
    finally:
        report = daemon.join()
    assert store.get_post("missed-long-ago").status is PostStatus.NEEDS_ATTENTION
    assert len(pub.sent) == 1 and report.published == 1
    assert contexts[0].publishers[ACCOUNT] is pub and contexts[0].now >= T0
    store.close()


def test_daemon_wakes_at_the_next_due_time_not_at_the_next_minute(tmp_path: Path, url: str) -> None:
    store = Store.open(url)
    store.add_posts([make_post(tmp_path / "p", "soon", at=T0 + timedelta(seconds=1.5))], now=T0)
    pub = FakePublisher()
    clock = moving_clock()
    daemon = DaemonThread(url, make_settings(tmp_path, url), pub, clock=clock)
    try:
        # The safety net ticks once a minute; only the due-time wake-up can publish it this soon.
        assert wait_until(lambda: store.get_post("soon").status is PostStatus.PUBLISHED, seconds=8)
    finally:
        daemon.join()
    published_at = store.get_post("soon").published_at
    assert published_at is not None and published_at >= T0 + timedelta(seconds=1.5)
    store.close()


class SlowPublisher(FakePublisher):
    """Holds the first upload until released, to stop the daemon while a post is in flight."""

    def __init__(self) -> None:
        super().__init__()
        self.entered = threading.Event()
        self.release = threading.Event()

    def publish_photo(
        self, image: Path, caption: str, *, alt_text: str = "", on_send: Any = None
    ) -> PublishedMedia:
        self.entered.set()
        assert self.release.wait(10)
        return super().publish_photo(image, caption, alt_text=alt_text, on_send=on_send)


def test_stopping_finishes_the_post_in_flight_and_starts_nothing_new(tmp_path: Path, url: str) -> None:
    store = Store.open(url)
    store.add_posts([make_post(tmp_path / "p", f"p{i}", at=T0) for i in range(3)], now=T0)
    pub = SlowPublisher()
    daemon = DaemonThread(url, make_settings(tmp_path, url), pub, clock=moving_clock())
    assert pub.entered.wait(10)
    daemon.stop.set()  # as SIGTERM does
    pub.release.set()
    daemon.join()
    statuses = [store.get_post(f"p{i}").status for i in range(3)]
    assert statuses == [PostStatus.PUBLISHED, PostStatus.SCHEDULED, PostStatus.SCHEDULED]
    store.close()


def test_a_failing_job_does_not_stop_the_daemon(tmp_path: Path, url: str) -> None:
    from tipqueue.config.errors import TransientError

    calls: list[int] = []

    def flaky(ctx: JobContext) -> None:
        calls.append(1)
        raise TransientError("Instagram answered 500 while collecting replies")

    daemon = DaemonThread(
        url,
        make_settings(tmp_path, url),
        FakePublisher(),
        clock=moving_clock(),
        jobs={"collect": DaemonJob(flaky, every=timedelta(seconds=0.3))},
    )
    try:
        assert wait_until(lambda: len(calls) >= 2)
    finally:
        report = daemon.join()
    assert report.job_errors["collect"] >= 2 and report.publish_passes >= 1


def test_the_reply_job_wired_by_tipqueue_run_collects_comments_through_the_real_client(
    tmp_path: Path,
) -> None:
    from dataclasses import replace as replace_post

    from tipqueue.instagram.connect import connector
    from tipqueue.instagram.fake.server import FakeInstagram
    from tipqueue.scheduler.publish import LazyPublishers, publish_due

    from tests.scheduler.test_publish_kit import write_sandbox_workspace
    from tipqueue.cli.publish import _reply_jobs

    url = f"sqlite:///{tmp_path / 'tipqueue.db'}"
    with FakeInstagram(username=ACCOUNT) as fake:
        settings = write_sandbox_workspace(tmp_path / "ws", fake, url)
        store = open_store(url)
        now = datetime.now(UTC)
        cta = replace_post(make_post(tmp_path / "p", "cta", at=now), collect_replies=True)
        store.add_posts([cta], now=now)
        publishers = LazyPublishers([ACCOUNT], connector(settings))
        publish_due(store, publishers, now=now, settings=settings, runner_id="t")
        media_id = store.get_post("cta").media_id
        assert media_id is not None
        fake.add_comments(media_id, [{"text": "My Foreo changed my skin", "username": "ann"}])
        collect = _reply_jobs(settings)["collect-replies"]
        collect(JobContext(store=store, publishers=publishers, settings=settings, now=now))
        collect(JobContext(store=store, publishers=publishers, settings=settings, now=now))  # nothing new
        replies = store.list_replies(post_id="cta")
        assert [r.text for r in replies] == ["My Foreo changed my skin"]
        store.close()


def test_the_reply_job_logs_why_a_collection_failed(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A call-to-action post deleted on Instagram: the daemon's log says so, not just errors=1."""
    from dataclasses import replace as replace_post

    from tipqueue.instagram.connect import connector
    from tipqueue.instagram.fake.server import FakeInstagram
    from tipqueue.scheduler.publish import LazyPublishers, publish_due

    from tests.scheduler.test_publish_kit import write_sandbox_workspace
    from tipqueue.cli.publish import _reply_jobs

    url = f"sqlite:///{tmp_path / 'tipqueue.db'}"
    with FakeInstagram(username=ACCOUNT) as fake:
        settings = write_sandbox_workspace(tmp_path / "ws", fake, url)
        store = open_store(url)
        now = datetime.now(UTC)
        store.add_posts(
            [replace_post(make_post(tmp_path / "p", "cta", at=now), collect_replies=True)], now=now
        )
        publishers = LazyPublishers([ACCOUNT], connector(settings))
        publish_due(store, publishers, now=now, settings=settings, runner_id="t")
        media_id = store.get_post("cta").media_id
        assert media_id is not None
        publishers[ACCOUNT].delete(media_id)
        with caplog.at_level("INFO", logger="tipqueue.daemon"):
            _reply_jobs(settings)["collect-replies"](
                JobContext(store=store, publishers=publishers, settings=settings, now=now)
            )
        store.close()
    failures = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(failures) == 1
    assert "comments:cta" in failures[0] and "not found" in failures[0].lower()
