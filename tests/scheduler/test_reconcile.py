"""Reconciliation: is this post already on Instagram? (not by caption alone)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tipqueue.posts.models import Post, PostKind, PostStatus, PublishedMedia
from tipqueue.scheduler.reconcile import Shape, find_published, look_for

T = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PHOTO = Shape(media_type=1, slides=1, aspect=0.8)


def post(**kw: object) -> Post:
    base = Post(
        id="p",
        kind=PostKind.TIP,
        series_label="1/1",
        quote="q",
        caption="Relax your jaw before you reach for a cream.",
        status=PostStatus.PUBLISHING,
        account="clinic",
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def media(n: int, *, caption: str = "", at: datetime = T, **kw: object) -> PublishedMedia:
    fields: dict[str, object] = {
        "media_type": 1,
        "slides": 1,
        "width": 1080,
        "height": 1350,
        "ids": (f"{n}_42",),
        "caption_missing": not caption,
    }
    fields.update(kw)
    return PublishedMedia(f"{n}_42", f"C{n}", at, caption, **fields)  # type: ignore[arg-type]


def test_caption_match_within_the_window() -> None:
    found = find_published(
        post(), [media(1, caption="Relax your jaw before you reach for a cream.")], since=T
    )
    assert found is not None and found.media_id == "1_42"


def test_live_with_caption_null_is_found_by_time_type_and_shape() -> None:
    recent = [media(2, caption="someone else's post"), media(1)]
    found = find_published(post(), recent, since=T - timedelta(minutes=1), until=T, shape=PHOTO)
    assert found is not None and found.media_id == "1_42"


def test_a_captionless_media_is_not_taken_when_it_could_be_another_posts() -> None:
    recent = [media(1)]
    assert find_published(post(), recent, since=T, shape=PHOTO, captionless_ok=False) is None
    assert find_published(post(), recent, since=T, shape=PHOTO, taken={"1_42"}) is None
    assert find_published(post(), [media(1), media(2)], since=T, shape=PHOTO) is None  # ambiguous


def test_shape_rules_out_other_media() -> None:
    carousel = Shape(media_type=8, slides=3, aspect=0.8)
    assert find_published(post(), [media(1)], since=T, shape=carousel) is None  # a photo, not ours
    assert find_published(post(), [media(1, media_type=8, slides=2)], since=T, shape=carousel) is None
    square = media(1, width=1080, height=1080)
    assert find_published(post(), [square], since=T, shape=PHOTO) is None
    assert find_published(post(), [media(1, media_type=8, slides=3)], since=T, shape=carousel) is not None


def test_outside_the_attempt_window_is_not_ours_unless_an_id_says_so() -> None:
    old = media(1, at=T - timedelta(hours=1))
    assert find_published(post(), [old], since=T, shape=PHOTO) is None
    by_id = replace(old, ids=("1_42", "1700000000123"))
    found = find_published(post(sent_ids=("1700000000123",)), [by_id], since=T, shape=PHOTO)
    assert found is not None


def test_a_lagging_feed_is_read_again_with_doubling_waits_then_given_up(tmp_path: Path) -> None:
    class Feed:
        account = "clinic"
        reads = 0

        def recent_media(self, *, limit: int = 20) -> list[PublishedMedia]:
            self.reads += 1
            return [media(1)] if self.reads >= 3 else []

    waits: list[float] = []
    feed = Feed()
    found = look_for(
        feed,  # type: ignore[arg-type]
        post(),
        since=T,
        until=lambda: T,
        shape=PHOTO,
        taken=(),
        polls=5,
        wait_seconds=2.0,
        sleep=waits.append,
    )
    assert found is not None and feed.reads == 3 and waits == [2.0, 4.0]
    never = Feed()
    never.reads = -100
    waits.clear()
    args = {"since": T, "until": lambda: T, "shape": PHOTO, "taken": (), "polls": 5, "wait_seconds": 2.0}
    assert look_for(never, post(), sleep=waits.append, **args) is None  # type: ignore[arg-type]
    assert never.reads == -95 and waits == [2.0, 4.0, 8.0, 16.0]  # bounded: about 30 s in all
