"""Collection through the REAL instagrapi client against the loopback fake Instagram."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from tipqueue.config.errors import AuthRequired, InputError, RateLimited
from tipqueue.posts.models import Post, PostKind, PostStatus, ReplyKind, ReplyPage, Stance
from tipqueue.replies.collect import collect_replies
from tipqueue.scheduler.store import Store

BASE = 1_741_000_000


def _published(store: Store, now: datetime, post_id: str, media_id: str, *, cta: bool) -> Post:
    post = Post(
        id=post_id,
        kind=PostKind.CTA if cta else PostKind.TIP,
        series_label="8/8" if cta else "1/8",
        quote="Which home gadget do you swear by?",
        caption="Which home gadget do you swear by? Tell us in the comments.",
        status=PostStatus.PUBLISHED,
        collect_replies=cta,
        media_id=media_id,
        published_at=now,
    )
    store.add_posts([post], now=now)
    return post


@pytest.fixture
def cta_media(sandbox_account: Any, fake_instagram: Any, tmp_path: Path) -> tuple[str, str]:
    """Two media on the fake: the CTA post and an ordinary tip, each with reader comments."""
    image = tmp_path / "card.jpg"
    Image.new("RGB", (540, 675), (200, 80, 60)).save(image, "JPEG", quality=80)
    cta = sandbox_account.publish_photo(image, "Which home gadget do you swear by?", alt_text="cta")
    tip = sandbox_account.publish_photo(image, "Tip 1/8: relax your forehead", alt_text="tip")
    ids = fake_instagram.add_comments(
        cta.media_id,
        [
            {"text": "I love my NuFace mini!", "username": "amy", "created_at": BASE},
            {"text": "I returned my Foreo", "username": "bob", "created_at": BASE + 60},
            {"text": "great article", "username": "cat", "created_at": BASE + 120},
        ],
    )
    fake_instagram.add_comments(
        cta.media_id,
        [
            {
                "text": "same, jade roller every morning 😍",
                "username": "dan",
                "reply_to": ids[0],
                "created_at": BASE + 180,
            }
        ],
    )
    fake_instagram.add_comments(
        tip.media_id, [{"text": "Clarisonic forever", "username": "eve", "created_at": BASE}]
    )
    return cta.media_id, tip.media_id


def test_collects_the_cta_post_then_only_what_is_new(
    store: Store, now: datetime, sandbox_account: Any, fake_instagram: Any, cta_media: tuple[str, str]
) -> None:
    cta_id, tip_id = cta_media
    _published(store, now, "gadgets-08", cta_id, cta=True)
    _published(store, now, "gadgets-01", tip_id, cta=False)

    first = collect_replies(store, sandbox_account, now=now)

    assert (first.fetched, first.added) == (4, 4)
    stored = {r.text: r for r in store.list_replies()}
    assert set(stored) == {
        "I love my NuFace mini!",
        "I returned my Foreo",
        "great article",
        "same, jade roller every morning 😍",
    }
    assert stored["I love my NuFace mini!"].mentions[0].gadget == "NuFace Mini"
    assert stored["I returned my Foreo"].mentions[0].stance is Stance.DISLIKES
    reply = stored["same, jade roller every morning 😍"]
    assert reply.kind is ReplyKind.REPLY and reply.post_id == "gadgets-08"
    assert reply.gadgets == ("Facial roller",)
    assert all(r.collected_at == now for r in stored.values())

    fake_instagram.requests.clear()
    second = collect_replies(store, sandbox_account, now=now + timedelta(hours=1))
    assert (second.fetched, second.added) == (0, 0)
    assert second.requests == 1 == len(fake_instagram.requests)  # one request per post, nothing else

    fake_instagram.add_comments(
        cta_id, [{"text": "ZIIP is a gimmick", "username": "fay", "created_at": BASE + 999}]
    )
    third = collect_replies(store, sandbox_account, now=now + timedelta(hours=2))
    assert third.added == 1
    assert [m.stance for m in store.list_replies()[-1].mentions] == [Stance.DISLIKES]
    assert len(store.list_replies()) == 5


def test_all_posts_and_direct_messages(
    store: Store, now: datetime, sandbox_account: Any, fake_instagram: Any, cta_media: tuple[str, str]
) -> None:
    cta_id, tip_id = cta_media
    _published(store, now, "gadgets-08", cta_id, cta=True)
    _published(store, now, "gadgets-01", tip_id, cta=False)
    fake_instagram.add_direct_message("my dermaflash is the best", "gia", at=BASE + 5)

    report = collect_replies(store, sandbox_account, now=now, all_posts=True, dms=True, mentions=True)

    assert {s.scope for s in report.scopes} == {
        "comments:gadgets-08",
        "comments:gadgets-01",
        "dms:clinic",
        "mentions:clinic",
    }
    texts = {r.text: r for r in store.list_replies()}
    assert texts["Clarisonic forever"].post_id == "gadgets-01"
    assert texts["my dermaflash is the best"].kind is ReplyKind.DM
    assert texts["my dermaflash is the best"].gadgets == ("Dermaflash",)


def test_one_post_by_id_and_an_unpublished_post_is_refused(
    store: Store, now: datetime, sandbox_account: Any, cta_media: tuple[str, str]
) -> None:
    _, tip_id = cta_media
    _published(store, now, "gadgets-01", tip_id, cta=False)
    report = collect_replies(store, sandbox_account, now=now, post_id="gadgets-01")
    assert report.added == 1
    draft = Post(id="draft-1", kind=PostKind.TIP, series_label="2/8", quote="q", caption="c")
    store.add_posts([draft], now=now)
    with pytest.raises(InputError, match="draft-1"):
        collect_replies(store, sandbox_account, now=now, post_id="draft-1")


def test_a_rate_limit_keeps_the_cursor_and_the_next_run_catches_up(
    store: Store, now: datetime, sandbox_account: Any, fake_instagram: Any, cta_media: tuple[str, str]
) -> None:
    cta_id, _ = cta_media
    _published(store, now, "gadgets-08", cta_id, cta=True)
    fake_instagram.fail_next(r"/comments/$", "429")

    failed = collect_replies(store, sandbox_account, now=now)

    assert failed.added == 0 and len(failed.errors) == 1
    assert store.get_cursor("comments:gadgets-08") is None
    assert collect_replies(store, sandbox_account, now=now).added == 4


class _Source:
    """A ReplySource that raises what it is told to (for errors the fake cannot stage cheaply)."""

    account = "clinic"

    def __init__(self, error: Exception) -> None:
        self.error = error

    def comments(self, media_id: str, *, cursor: str | None) -> ReplyPage:
        raise self.error

    def direct_messages(self, *, cursor: str | None) -> ReplyPage:
        raise self.error

    def mentions(self, *, cursor: str | None) -> ReplyPage:
        raise self.error


def test_session_problems_stop_the_run(store: Store, now: datetime) -> None:
    _published(store, now, "gadgets-08", "1_1", cta=True)
    with pytest.raises(AuthRequired):
        collect_replies(store, _Source(AuthRequired("session expired; run `tipqueue login`")), now=now)
    report = collect_replies(store, _Source(RateLimited("slow down", retry_after=60)), now=now)
    assert report.errors[0].scope == "comments:gadgets-08"


def test_no_cta_post_collects_nothing(store: Store, now: datetime) -> None:
    _published(store, now, "gadgets-01", "1_1", cta=False)
    assert collect_replies(store, _Source(AssertionError("not called")), now=now).scopes == ()


def test_a_reply_in_a_later_run_takes_the_gadget_of_the_comment_it_answers(
    store: Store, now: datetime, sandbox_account: Any, fake_instagram: Any, cta_media: tuple[str, str]
) -> None:
    cta_id, _tip = cta_media
    _published(store, now, "gadgets-08", cta_id, cta=True)
    collect_replies(store, sandbox_account, now=now)
    amy = next(r for r in store.list_replies() if r.text == "I love my NuFace mini!")

    # the answer comes in a later run; the comment it answers was stored by the first one
    fake_instagram.add_comments(
        cta_id,
        [
            {
                "text": "mine broke after a year",
                "username": "gus",
                "reply_to": amy.platform_id,
                "created_at": BASE + 500,
            }
        ],
    )
    later = collect_replies(store, sandbox_account, now=now + timedelta(hours=1))

    assert later.added == 1
    (reply,) = [r for r in store.list_replies() if r.text == "mine broke after a year"]
    assert reply.gadgets == ("NuFace Mini",)
    assert reply.mentions[0].inferred
    assert later.with_gadgets == 1
