"""Every fault the fake Instagram can inject ends in its documented state, with nothing lost.

Real instagrapi client (sandbox backend, through instagram.connect) against the loopback fake,
and the official-API backend (GraphAccount over httpx) against the loopback Graph fake with
`tipqueue web` hosting the images; real store on SQLite and PostgreSQL. Retryable faults are
followed by a pass at the retry time, which must publish the post exactly once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from tipqueue.config.settings import Settings
from tipqueue.instagram.connect import connector
from tipqueue.instagram.fake.server import FakeInstagram
from tipqueue.posts.models import PostStatus
from tipqueue.scheduler.publish import LazyPublishers, Outcome, PublishReport, publish_due
from tipqueue.scheduler.store import Store

from tests.scheduler.test_publish_kit import (
    ACCOUNT,
    BACKENDS,
    INSTAGRAM_BACKENDS,
    captions_on_instagram,
    database_url,
    graph_workspace,
    make_post,
    open_store,
    write_sandbox_workspace,
)

CONFIGURE = r"/media/configure/$"
UPLOAD = r"^/rupload_igphoto/"


@dataclass
class Sandbox:
    fake: Any
    store: Store
    settings: Settings
    folder: Path
    waits: list[float] = field(default_factory=list)

    def run(self, now: datetime) -> PublishReport:
        publishers = LazyPublishers([ACCOUNT], connector(self.settings))
        return publish_due(
            self.store,
            publishers,
            now=now,
            settings=self.settings,
            runner_id="test",
            sleep=self.waits.append,
        )


@contextmanager
def _graph(db: str, tmp_path: Path) -> Iterator[Sandbox]:
    urls = database_url(db, tmp_path)
    url = next(urls)
    store = open_store(url)
    fake, settings, stop = graph_workspace(tmp_path / "ws", url, backoff_seconds=30, max_attempts=4)
    try:
        yield Sandbox(fake, store, settings, tmp_path / "posts")
    finally:
        stop()
        store.close()
    for _ in urls:
        pass


@contextmanager
def _instagrapi(db: str, tmp_path: Path) -> Iterator[Sandbox]:
    urls = database_url(db, tmp_path)
    url = next(urls)
    with FakeInstagram(username=ACCOUNT, hang_seconds=0.5) as fake:
        settings = write_sandbox_workspace(tmp_path / "ws", fake, url, backoff_seconds=30, max_attempts=4)
        store = open_store(url)
        try:
            yield Sandbox(fake, store, settings, tmp_path / "posts")
        finally:
            store.close()
    for _ in urls:
        pass


@pytest.fixture(params=BACKENDS)
def graph_sandbox(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Sandbox]:
    with _graph(request.param, tmp_path) as made:
        yield made


@pytest.fixture(params=BACKENDS)
def sandbox(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Sandbox]:
    with _instagrapi(request.param, tmp_path) as made:
        yield made


@pytest.fixture(params=INSTAGRAM_BACKENDS)
def either(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Sandbox]:
    """The SQLite sandbox of each Instagram backend in turn (expectations that do not depend on it)."""
    make = _graph if request.param == "graph" else _instagrapi
    with make("sqlite", tmp_path) as made:
        yield made


# fault, path, state after the first pass, whether the account ends paused, what the reason says
CASES = [
    ("429", CONFIGURE, PostStatus.FAILED, False, "rate-limiting"),
    ("please_wait", UPLOAD, PostStatus.FAILED, False, "Please wait"),
    # the answer to configure was lost and the post is not in the feed: never re-sent by a machine
    ("500", CONFIGURE, PostStatus.NEEDS_ATTENTION, False, "may be live: check the profile"),
    ("timeout", CONFIGURE, PostStatus.NEEDS_ATTENTION, False, "may be live: check the profile"),
    ("login_required", CONFIGURE, PostStatus.PUBLISHED, False, None),
    ("drop_after_configure", CONFIGURE, PostStatus.PUBLISHED, False, None),
    ("challenge", CONFIGURE, PostStatus.NEEDS_ATTENTION, True, "challenge"),
    ("feedback", CONFIGURE, PostStatus.NEEDS_ATTENTION, True, "feedback_required"),
    ("rejected", CONFIGURE, PostStatus.NEEDS_ATTENTION, False, "right format"),
]


@pytest.mark.parametrize(("fault", "path", "first", "paused", "reason"), CASES, ids=[c[0] for c in CASES])
def test_injected_fault_ends_in_its_documented_state_and_nothing_is_lost(
    sandbox: Sandbox,
    fault: str,
    path: str,
    first: PostStatus,
    paused: bool,
    reason: str | None,
) -> None:
    check_fault(sandbox, fault, path, first, paused, reason)


PUBLISH = r"/media_publish$"
CONTAINER = r"/media$"
# The graph backend's faults (Graph error bodies with codes and subcodes, or no answer at all).
GRAPH_CASES = [
    ("rate", PUBLISH, PostStatus.FAILED, False, "too many calls"),
    ("quota", PUBLISH, PostStatus.FAILED, False, "publishing limit"),
    ("not_ready", PUBLISH, PostStatus.FAILED, False, "not ready"),
    ("container_error", CONTAINER, PostStatus.FAILED, False, "2207003"),
    ("container_expired", CONTAINER, PostStatus.FAILED, False, "expired"),
    ("500", PUBLISH, PostStatus.PUBLISHED, False, None),  # not live: the container is published once more
    ("500_after_publish", PUBLISH, PostStatus.PUBLISHED, False, None),  # live: found, not resent
    ("timeout", PUBLISH, PostStatus.PUBLISHED, False, None),
    ("drop_after_publish", PUBLISH, PostStatus.PUBLISHED, False, None),
    ("token_expired", PUBLISH, PostStatus.NEEDS_ATTENTION, True, "tipqueue login clinic"),
    ("spam", PUBLISH, PostStatus.NEEDS_ATTENTION, True, "suspects spam"),
    ("restricted", PUBLISH, PostStatus.NEEDS_ATTENTION, True, "checkpointed"),
    ("aspect", PUBLISH, PostStatus.NEEDS_ATTENTION, False, "aspect ratio"),
]


@pytest.mark.parametrize(
    ("fault", "path", "first", "paused", "reason"), GRAPH_CASES, ids=[c[0] for c in GRAPH_CASES]
)
def test_graph_fault_ends_in_its_documented_state_and_nothing_is_lost(
    graph_sandbox: Sandbox, fault: str, path: str, first: PostStatus, paused: bool, reason: str | None
) -> None:
    check_fault(graph_sandbox, fault, path, first, paused, reason)


def check_fault(
    sandbox: Sandbox, fault: str, path: str, first: PostStatus, paused: bool, reason: str | None
) -> None:
    now = datetime.now(UTC)
    post = make_post(sandbox.folder, "tip-01", at=now - timedelta(minutes=1))
    sandbox.store.add_posts([post], now=now - timedelta(hours=1))
    sandbox.fake.fail_next(path, fault)

    sandbox.run(now)
    after = sandbox.store.get_post("tip-01")
    assert after.status is first, after.last_error
    assert sandbox.store.account_state(ACCOUNT).paused is paused
    if reason is not None:
        assert reason.lower() in (after.last_error or "").lower()

    if first is PostStatus.FAILED:
        assert after.next_attempt_at is not None and after.next_attempt_at > now
        assert captions_on_instagram(sandbox.fake) == []
        report = sandbox.run(after.next_attempt_at + timedelta(seconds=1))
        assert report.outcomes[0].outcome is Outcome.PUBLISHED
        after = sandbox.store.get_post("tip-01")
    if "may be live" in (reason or ""):
        # The feed was read again with backoff (no real waiting in tests) before giving up.
        assert sandbox.waits == [2.0, 4.0, 8.0, 16.0]
        assert after.outcome_unknown
    if after.status is PostStatus.PUBLISHED:
        # Exactly one media with this caption, and it is the one the store recorded.
        assert captions_on_instagram(sandbox.fake) == [post.caption]
        assert after.media_id == sandbox.fake.media_list()[0]["media_id"]
    else:
        assert captions_on_instagram(sandbox.fake) == []


def test_rate_limit_waits_as_long_as_instagram_says(sandbox: Sandbox) -> None:
    now = datetime.now(UTC)
    sandbox.store.add_posts([make_post(sandbox.folder, "a", at=now)], now=now)
    sandbox.fake.fail_next(
        CONFIGURE, "429"
    )  # "Please wait a few minutes" (no Retry-After header: none is ever recorded)
    sandbox.run(now)
    retry = sandbox.store.get_post("a").next_attempt_at
    assert retry is not None and retry - now >= timedelta(seconds=60)


def test_carousel_with_alt_text_per_slide_reaches_instagram(either: Sandbox) -> None:
    from tipqueue.posts.models import MediaKind

    sandbox = either
    now = datetime.now(UTC)
    sandbox.store.add_posts(
        [make_post(sandbox.folder, "car", at=now, kind=MediaKind.CAROUSEL, slides=3)], now=now
    )
    sandbox.run(now)
    (media,) = sandbox.fake.media_list()
    assert media["kind"] == "carousel"
    assert media["alt_texts"] == ["alt car 1", "alt car 2", "alt car 3"]
    # a sandbox post links to the sandbox's own page for it, never to instagram.com
    assert sandbox.store.get_post("car").permalink == f"{sandbox.fake.base_url}/p/{media['code']}/"


def test_first_comment_goes_under_the_new_post(sandbox: Sandbox, tmp_path: Path) -> None:
    now = datetime.now(UTC)
    settings = write_sandbox_workspace(
        tmp_path / "ws", sandbox.fake, sandbox.settings.db_url, first_comment=True
    )
    sandbox.settings = settings
    sandbox.store.add_posts(
        [make_post(sandbox.folder, "fc", at=now, first_comment="#skincare #jaw")], now=now
    )
    sandbox.run(now)
    (media,) = sandbox.fake.media_list()
    assert media["comment_count"] == 1
