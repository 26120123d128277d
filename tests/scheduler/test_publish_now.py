"""Publish now and share next: through the engine's claim (real instagrapi against the fake
Instagram), never a side door, and the queue's rules still hold."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from tipqueue.config.errors import ConflictError, TipqueueError
from tipqueue.instagram.connect import connector
from tipqueue.instagram.fake.server import FakeInstagram
from tipqueue.posts.models import PostStatus
from tipqueue.scheduler.publish import LazyPublishers, Outcome
from tipqueue.scheduler.publish_now import publish_now, share_next
from tipqueue.scheduler.store import Store

from tests.scheduler.test_publish_kit import (
    ACCOUNT,
    captions_on_instagram,
    make_post,
    open_store,
    run_cli,
    write_sandbox_workspace,
)

#: Monday 1 June 2026, 08:00 UTC; slots "daily 09:00" in UTC (write_sandbox_workspace's account).
NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def fake() -> Iterator[FakeInstagram]:
    with FakeInstagram(username=ACCOUNT, hang_seconds=0.5) as f:
        yield f


@pytest.fixture
def ws(tmp_path: Path, fake: FakeInstagram) -> Path:
    workspace = tmp_path / "ws"
    write_sandbox_workspace(workspace, fake, f"sqlite:///{workspace / 'tipqueue.db'}")
    text = (workspace / "tipqueue.toml").read_text(encoding="utf-8")
    text = text.replace(
        'backend = "sandbox"', 'backend = "sandbox"\nslots = ["daily 09:00,18:00"]\ndaily_cap = 2'
    )
    (workspace / "tipqueue.toml").write_text(text, encoding="utf-8")
    open_store(f"sqlite:///{workspace / 'tipqueue.db'}").close()
    return workspace


def settings_of(ws: Path):  # type: ignore[no-untyped-def]
    from tipqueue.config.settings import load_settings

    return load_settings(ws, environ={})


def store_of(ws: Path) -> Store:
    return open_store(f"sqlite:///{ws / 'tipqueue.db'}")


def now_for(ws: Path, store: Store, ref: str, at: datetime = NOW):  # type: ignore[no-untyped-def]
    settings = settings_of(ws)
    return publish_now(
        store,
        settings,
        ref,
        publishers=LazyPublishers([ACCOUNT], connector(settings)),
        clock=lambda: at,
        runner_id="now@test",
    )


def test_publish_now_sends_a_post_due_tomorrow_once_through_the_claim(ws: Path, fake: FakeInstagram) -> None:
    with store_of(ws) as store:
        store.add_posts([make_post(ws / "posts", "tip-01", at=NOW + timedelta(days=1))], now=NOW)
        handle = store.get_post("tip-01").handle
        result = now_for(ws, store, handle.lower())
        assert result.outcome is not None and result.outcome.outcome is Outcome.PUBLISHED
        assert result.post.status is PostStatus.PUBLISHED and result.post.published_at == NOW
        events = [e.event for e in store.history("tip-01")]
        assert events == ["added", "publish now", "claimed", "sending", "published"]
        with pytest.raises(ConflictError, match="already live"):
            now_for(ws, store, handle)
    assert len(captions_on_instagram(fake)) == 1


def test_a_failed_post_whose_attempt_went_live_is_recorded_not_sent_again(
    ws: Path, fake: FakeInstagram
) -> None:
    """The reconcile step of the engine runs for publish now too: no double post."""
    with store_of(ws) as store:
        post = make_post(ws / "posts", "tip-02", at=NOW - timedelta(minutes=5))
        store.add_posts([post], now=NOW - timedelta(minutes=10))
        claimed = store.claim("tip-02", runner="cron@a", now=NOW - timedelta(minutes=4), lease_seconds=600)
        assert claimed is not None
        # the earlier attempt reached Instagram, but its runner only saw a dropped connection
        sent_at = (NOW - timedelta(minutes=4)).timestamp()
        fake.clock = lambda: sent_at  # Instagram stamps the media with the attempt's time
        fake.fail_next(r"/media/configure/", "drop_after_configure")
        settings = settings_of(ws)
        with pytest.raises(TipqueueError):
            connector(settings)(ACCOUNT).publish_photo(post.slides[0].image, post.published_caption)  # type: ignore[arg-type]
        assert len(captions_on_instagram(fake)) == 1  # it went live all the same
        store.mark_failed(
            "tip-02",
            runner="cron@a",
            error="outcome unknown: connection dropped",
            next_attempt_at=NOW + timedelta(hours=1),
            now=NOW - timedelta(minutes=3),
        )
        result = now_for(ws, store, "tip-02")
        assert result.outcome is not None and result.outcome.outcome is Outcome.RECOVERED
    assert len(captions_on_instagram(fake)) == 1


def test_publish_now_keeps_the_daily_cap_and_a_paused_account(ws: Path, fake: FakeInstagram) -> None:
    with store_of(ws) as store:
        store.add_posts(
            [
                make_post(ws / "posts", "a", at=NOW + timedelta(hours=1)),
                make_post(ws / "posts", "b", at=NOW + timedelta(hours=10)),
                make_post(ws / "posts", "c", at=NOW + timedelta(days=1)),
            ],
            now=NOW,
        )
        with pytest.raises(ConflictError, match=r"already has 2 post\(s\) today, its daily cap \(2\)"):
            now_for(ws, store, "c")
        store.set_paused(ACCOUNT, True, reason="challenge", now=NOW)
        with pytest.raises(ConflictError, match="account clinic is paused"):
            now_for(ws, store, "a")
        draft = replace(make_post(ws / "posts", "d"), status=PostStatus.DRAFT, scheduled_at=None)
        store.add_posts([draft], now=NOW)
        with pytest.raises(ConflictError, match="approve it first"):
            now_for(ws, store, "d")
        assert store.get_post("c").status is PostStatus.SCHEDULED  # nothing changed
    assert captions_on_instagram(fake) == []


def test_share_next_puts_the_post_first_and_moves_the_others_one_place_later(ws: Path) -> None:
    with store_of(ws) as store:
        times = [NOW + timedelta(hours=1), NOW + timedelta(hours=10), NOW + timedelta(days=1, hours=1)]
        store.add_posts(
            [make_post(ws / "posts", f"p{n}", at=t) for n, t in enumerate(times, start=1)], now=NOW
        )
        result = share_next(store, settings_of(ws), "p3", now=NOW)
        assert result.post.scheduled_at == times[0]
        assert [(p.id, p.scheduled_at) for p in result.shifted] == [("p1", times[1]), ("p2", times[2])]
        assert [e.event for e in store.history("p1")][-1] == "made room"
        again = share_next(store, settings_of(ws), "p3", now=NOW)  # already next: nothing moves
        assert again.shifted == [] and again.post.scheduled_at == times[0]


def test_share_next_takes_a_free_slot_before_the_queue(ws: Path) -> None:
    with store_of(ws) as store:
        later = NOW + timedelta(days=2, hours=1)
        store.add_posts(
            [
                make_post(ws / "posts", "p1", at=later),
                make_post(ws / "posts", "p2", at=later + timedelta(days=1)),
            ],
            now=NOW,
        )
        result = share_next(store, settings_of(ws), "p2", now=NOW)
        assert result.post.scheduled_at == NOW + timedelta(hours=1)  # today 09:00 was free
        assert result.shifted == []


def test_the_cli_publishes_a_post_now_by_its_handle(ws: Path, fake: FakeInstagram) -> None:
    with store_of(ws) as store:
        store.add_posts(
            [make_post(ws / "posts", "tip-09", at=datetime.now(UTC) + timedelta(days=3))],
            now=datetime.now(UTC),
        )
        handle = store.get_post("tip-09").handle
    result = run_cli(ws, "queue", "publish-now", handle)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"published {handle} now: ")
    assert len(captions_on_instagram(fake)) == 1
    again = run_cli(ws, "queue", "publish-now", handle)
    assert again.returncode == 1 and "already live" in again.stderr
