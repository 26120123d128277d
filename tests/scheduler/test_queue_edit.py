"""Editing a queued post's caption, hashtags, alt text and first comment (SQLite and PostgreSQL).

An edit passes the pre-flight limits before one guarded update; bad input changes nothing.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from tipqueue.config.errors import ConflictError, InputError, LimitError, NotFoundError
from tipqueue.config.settings import Settings
from tipqueue.posts.models import MediaKind, PostStatus, Slide
from tipqueue.scheduler import queue
from tipqueue.scheduler.store import Store

from tests.scheduler.test_store_kit import NOW, make_post

WHEN = NOW + timedelta(days=1)


def snapshot(store: Store) -> list[Any]:
    return [(p, [(e.event, e.detail) for e in store.history(p.id)]) for p in store.list_posts()]


@pytest.fixture
def stored(queue_store: Store) -> Store:
    queue_store.add_posts([make_post("p", scheduled_at=WHEN)], now=NOW)
    return queue_store


def test_an_edit_changes_the_fields_given_and_is_recorded(stored: Store, settings: Settings) -> None:
    edited = queue.edit_post(
        stored,
        settings,
        "p",
        now=NOW,
        caption="  Relax your brow.\r\nThen breathe. #skincare  ",
        hashtags=["#skincare", "Spf", "spf", " "],
        alt_text="A cream-coloured card reading: relax your brow",
        first_comment="More tips on our blog.",
    )
    again = stored.get_post("p")
    assert again == edited
    assert again.caption == "Relax your brow.\nThen breathe. #skincare"
    assert again.hashtags == ("skincare", "Spf")  # '#' dropped, each tag once
    assert again.first_comment == "More tips on our blog."
    # the alt text Instagram gets is the slide's, so the slide carries the new text too
    assert again.alt_text == again.slides[0].alt_text == "A cream-coloured card reading: relax your brow"
    assert (again.status, again.scheduled_at) == (PostStatus.SCHEDULED, WHEN)
    last = stored.history("p")[-1]
    assert last.event == "edited"
    for field in ("caption", "hashtags", "alt_text", "first_comment"):
        assert f"{field} edited" in str(last.detail)

    removed = queue.edit_post(stored, settings, "p", now=NOW, first_comment="", hashtags=[])
    assert removed.first_comment is None and removed.hashtags == ()


def test_giving_what_is_stored_writes_nothing(stored: Store, settings: Settings) -> None:
    post = stored.get_post("p")
    before = snapshot(stored)
    same = queue.edit_post(stored, settings, "p", now=NOW, caption=post.caption, hashtags=list(post.hashtags))
    assert same == post
    assert snapshot(stored) == before


def test_a_carousel_takes_one_alt_text_per_image(queue_store: Store, settings: Settings) -> None:
    slides = tuple(Slide(text=f"s{n}", alt_text=f"old {n}") for n in (1, 2, 3))
    post = make_post("c", scheduled_at=WHEN, slides=slides)
    queue_store.add_posts([replace(post, media_kind=MediaKind.CAROUSEL)], now=NOW)
    edited = queue.edit_post(queue_store, settings, "c", now=NOW, alt_text=["one", "two", "three"])
    assert [s.alt_text for s in edited.slides] == ["one", "two", "three"]
    before = snapshot(queue_store)
    with pytest.raises(InputError, match="has 3 image\\(s\\) but 2 alt texts"):
        queue.edit_post(queue_store, settings, "c", now=NOW, alt_text=["one", "two"])
    assert snapshot(queue_store) == before


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"caption": "x" * 2201}, LimitError, "characters with its hashtags, Instagram allows 2200"),
        ({"caption": " \n "}, InputError, "caption of post p would be empty"),
        ({"hashtags": ["a", "b", "c", "d", "e"]}, LimitError, "6 hashtags, the limit is 5"),
        ({"hashtags": ["skin care"]}, InputError, "hashtag 'skin care' is not one word"),
        ({"hashtags": "skincare"}, InputError, "must be a list of tags"),
        ({"alt_text": "a" * 1001}, LimitError, "alt text has 1001 characters"),
        ({"first_comment": "y" * 2201}, LimitError, "first comment has 2201 characters"),
        ({}, InputError, "nothing to change on post p"),
    ],
)
def test_bad_edits_change_nothing(
    stored: Store, settings: Settings, changes: dict[str, Any], error: type[Exception], message: str
) -> None:
    before = snapshot(stored)
    with pytest.raises(error, match=message) as caught:
        queue.edit_post(stored, settings, "p", now=NOW, **changes)
    assert snapshot(stored) == before
    # the person is editing the queued post itself: post.json no longer feeds it
    assert "post.json" not in str(caught.value)


def test_only_posts_not_yet_published_can_be_edited(stored: Store, settings: Settings) -> None:
    stored.add_posts([make_post("live", scheduled_at=NOW - timedelta(hours=1))], now=NOW - timedelta(hours=2))
    stored.claim("live", runner="r", now=NOW, lease_seconds=60)
    with pytest.raises(ConflictError, match="post live is publishing and cannot be edited"):
        queue.edit_post(stored, settings, "live", now=NOW, caption="new")
    stored.mark_published("live", runner="r", media_id="m", permalink=None, published_at=NOW, now=NOW)
    queue.cancel(stored, ["p"], now=NOW)
    before = snapshot(stored)
    for post_id, status in (("live", "published"), ("p", "cancelled")):
        with pytest.raises(ConflictError, match=f"post {post_id} is {status} and cannot be edited"):
            queue.edit_post(stored, settings, post_id, now=NOW, caption="new")
    with pytest.raises(NotFoundError, match="no post with id 'nope'"):
        queue.edit_post(stored, settings, "nope", now=NOW, caption="new")
    assert snapshot(stored) == before
