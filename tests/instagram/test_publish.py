"""Publishing through the real instagrapi client: photo, carousel, story, first comment, delete,
and the recent media the publish engine reconciles against."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tipqueue.config.errors import Rejected
from tipqueue.instagram.protocols import Publisher, ReplySource


def test_account_implements_both_protocols(sandbox_account: Any) -> None:
    assert isinstance(sandbox_account, Publisher)
    assert isinstance(sandbox_account, ReplySource)
    assert "session" not in repr(sandbox_account)


def test_photo_is_published_with_its_caption_and_alt_text(
    sandbox_account: Any, fake_instagram: Any, jpegs: list[Path]
) -> None:
    caption = "Tip 1/8: relax your forehead.\n\n#skincare #dermatology"
    media = sandbox_account.publish_photo(jpegs[0], caption, alt_text="Quote card: relax your forehead")

    (configure,) = fake_instagram.requests_to(r"/media/configure/$")
    assert configure.form["caption"] == caption
    assert configure.form["custom_accessibility_caption"] == "Quote card: relax your forehead"
    (upload,) = fake_instagram.requests_to(r"^/rupload_igphoto/")
    assert upload.body[:2] == b"\xff\xd8"  # the JPEG itself
    (listed,) = fake_instagram.media_list()
    assert listed["media_id"] == media.media_id and listed["kind"] == "photo"
    assert listed["alt_texts"] == ["Quote card: relax your forehead"]
    assert media.caption == caption and media.code == listed["code"]
    assert media.taken_at.tzinfo is not None


def test_publishing_sends_configure_exactly_once_and_no_web_fallback(
    sandbox_account: Any, fake_instagram: Any, jpegs: list[Path]
) -> None:
    sandbox_account.publish_photo(jpegs[0], "once", alt_text="x")

    assert [r.path for r in fake_instagram.requests[1:]][-1] == "/api/v1/media/configure/"
    assert len(fake_instagram.requests_to("configure")) == 1
    assert all(r.host in ("i.instagram.com", "b.i.instagram.com") for r in fake_instagram.requests)


def test_three_slide_carousel_sends_one_alt_text_per_slide(
    sandbox_account: Any, fake_instagram: Any, jpegs: list[Path]
) -> None:
    alts = ["Slide one: cover", "Slide two: the tip", "Slide three: ask us"]
    media = sandbox_account.publish_carousel(jpegs, "A carousel", alt_texts=alts)

    uploads = fake_instagram.requests_to(r"^/rupload_igphoto/")
    assert len(uploads) == 3
    assert all(json.loads(u.headers["X-Instagram-Rupload-Params"])["is_sidecar"] == "1" for u in uploads)
    (configure,) = fake_instagram.requests_to(r"/configure_sidecar/$")
    children = configure.form["children_metadata"]
    assert [c["custom_accessibility_caption"] for c in children] == alts
    (listed,) = fake_instagram.media_list()
    assert listed["kind"] == "carousel" and listed["alt_texts"] == alts
    assert listed["media_id"] == media.media_id


@pytest.mark.parametrize(("count", "alts"), [(1, 1), (3, 2)])
def test_carousel_of_the_wrong_shape_is_refused_before_any_request(
    sandbox_account: Any, fake_instagram: Any, jpegs: list[Path], count: int, alts: int
) -> None:
    before = len(fake_instagram.requests)
    with pytest.raises(Rejected):
        sandbox_account.publish_carousel(jpegs[:count], "x", alt_texts=["a"] * alts)
    assert len(fake_instagram.requests) == before


def test_missing_image_is_refused_with_the_path(sandbox_account: Any, tmp_path: Path) -> None:
    with pytest.raises(Rejected, match=r"gone\.jpg does not exist"):
        sandbox_account.publish_photo(tmp_path / "gone.jpg", "x")


def test_story_is_published(sandbox_account: Any, fake_instagram: Any, jpegs: list[Path]) -> None:
    media = sandbox_account.publish_story(jpegs[1], alt_text="story card")

    (configure,) = fake_instagram.requests_to(r"/configure_to_story/$")
    assert configure.form["custom_accessibility_caption"] == "story card"
    (listed,) = fake_instagram.media_list()
    assert listed["kind"] == "story" and listed["media_id"] == media.media_id
    assert sandbox_account.recent_media() == []  # stories are not feed media


def test_recent_media_lists_newest_first_with_captions(
    sandbox_account: Any, fake_instagram: Any, jpegs: list[Path]
) -> None:
    first = sandbox_account.publish_photo(jpegs[0], "first", alt_text="a")
    second = sandbox_account.publish_photo(jpegs[1], "second", alt_text="b")

    recent = sandbox_account.recent_media(limit=5)

    assert [(m.media_id, m.caption) for m in recent] == [
        (second.media_id, "second"),
        (first.media_id, "first"),
    ]
    assert sandbox_account.recent_media(limit=1) == recent[:1]


def test_first_comment_and_delete(sandbox_account: Any, fake_instagram: Any, jpegs: list[Path]) -> None:
    media = sandbox_account.publish_photo(jpegs[0], "with a first comment", alt_text="a")

    comment_id = sandbox_account.comment(media.media_id, "#skincare #gadgets")
    page = sandbox_account.comments(media.media_id, cursor=None)
    assert [(r.platform_id, r.text, r.username) for r in page.replies] == [
        (comment_id, "#skincare #gadgets", "clinic")
    ]

    sandbox_account.delete(media.media_id)
    assert fake_instagram.media_list()[0]["deleted"] is True
    with pytest.raises(Rejected, match="unavailable"):
        sandbox_account.delete(media.media_id)


def test_instagrapi_own_photo_upload_works_against_the_fake_without_sleeping(
    sandbox_account: Any, fake_instagram: Any, jpegs: list[Path]
) -> None:
    media = sandbox_account.client.photo_upload(
        jpegs[0], "via instagrapi", extra_data={"custom_accessibility_caption": "y"}
    )

    assert fake_instagram.media_list()[0]["caption"] == "via instagrapi"
    assert str(media.pk) == fake_instagram.media_list()[0]["pk"]
