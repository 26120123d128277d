"""Reply collection: 250 comments over 3 pages with child replies, incremental cursors that cost
one request when nothing is new, direct messages and mentions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tipqueue.config.errors import Rejected
from tipqueue.posts.models import ReplyKind


@pytest.fixture
def busy_post(sandbox_account: Any, fake_instagram: Any, jpegs: list[Path]) -> tuple[str, list[str]]:
    """A published post with 250 reader comments; comments 0, 10 and 249 have replies."""
    media = sandbox_account.publish_photo(jpegs[0], "Which gadget do you love?", alt_text="cta card")
    base = 1_770_000_000
    ids = fake_instagram.add_comments(
        media.media_id,
        [{"text": f"comment {i}", "username": f"reader{i}", "created_at": base + i} for i in range(250)],
    )
    fake_instagram.add_comments(
        media.media_id,
        [
            {"text": "reply to oldest", "username": "a", "reply_to": ids[0], "created_at": base + 300},
            {"text": "another to oldest", "username": "b", "reply_to": ids[0], "created_at": base + 301},
            {"text": "reply to 10", "username": "c", "reply_to": ids[10], "created_at": base + 302},
            {"text": "reply to newest", "username": "d", "reply_to": ids[249], "created_at": base + 303},
        ],
    )
    fake_instagram.requests.clear()
    return media.media_id, ids


def test_250_comments_over_3_pages_with_their_replies(
    sandbox_account: Any, fake_instagram: Any, busy_post: tuple[str, list[str]]
) -> None:
    media_id, ids = busy_post

    page = sandbox_account.comments(media_id, cursor=None)

    comments = [r for r in page.replies if r.kind is ReplyKind.COMMENT]
    replies = [r for r in page.replies if r.kind is ReplyKind.REPLY]
    assert sorted(r.platform_id for r in comments) == sorted(ids)
    assert len({r.platform_id for r in page.replies}) == 254
    assert {(r.text, r.parent_id) for r in replies} == {
        ("reply to oldest", ids[0]),
        ("another to oldest", ids[0]),
        ("reply to 10", ids[10]),
        ("reply to newest", ids[249]),
    }
    assert len(fake_instagram.requests_to(r"/comments/$")) == 3  # 100 + 100 + 50
    assert len(fake_instagram.requests_to("inline_child_comments")) == 3
    assert page.requests == 6 == len(fake_instagram.requests)
    assert comments[0].username == "reader0" and comments[0].created_at is not None


def test_nothing_new_since_the_cursor_costs_exactly_one_request(
    sandbox_account: Any, fake_instagram: Any, busy_post: tuple[str, list[str]]
) -> None:
    media_id, _ = busy_post
    cursor = sandbox_account.comments(media_id, cursor=None).cursor
    fake_instagram.requests.clear()

    again = sandbox_account.comments(media_id, cursor=cursor)

    assert again.replies == () and again.requests == 1 and len(fake_instagram.requests) == 1
    assert again.cursor == cursor


def test_new_comments_and_new_replies_to_old_comments_appear_next_time(
    sandbox_account: Any, fake_instagram: Any, busy_post: tuple[str, list[str]]
) -> None:
    media_id, ids = busy_post
    cursor = sandbox_account.comments(media_id, cursor=None).cursor
    (new_top,) = fake_instagram.add_comments(media_id, [{"text": "my LED mask!", "username": "newbie"}])
    fake_instagram.add_comments(
        media_id,
        [
            {"text": "late reply to an old one", "username": "late", "reply_to": ids[10]},
            {"text": "reply to the new one", "username": "x", "reply_to": new_top},
        ],
    )

    page = sandbox_account.comments(media_id, cursor=cursor)

    assert sorted((r.kind.value, r.text, r.parent_id) for r in page.replies) == [
        ("comment", "my LED mask!", None),
        ("reply", "late reply to an old one", ids[10]),
        ("reply", "reply to the new one", new_top),
    ]
    fake_instagram.requests.clear()
    quiet = sandbox_account.comments(media_id, cursor=page.cursor)
    assert quiet.replies == () and quiet.requests == 1


def test_only_new_top_comments_stop_paging_at_known_ones(
    sandbox_account: Any, fake_instagram: Any, busy_post: tuple[str, list[str]]
) -> None:
    media_id, _ = busy_post
    cursor = sandbox_account.comments(media_id, cursor=None).cursor
    fake_instagram.add_comments(media_id, [{"text": f"new {i}", "username": "n"} for i in range(3)])
    fake_instagram.requests.clear()

    page = sandbox_account.comments(media_id, cursor=cursor)

    assert sorted(r.text for r in page.replies) == ["new 0", "new 1", "new 2"]
    assert page.requests == 1  # the first page held all of them and reached known comments


def test_damaged_cursor_is_refused(sandbox_account: Any, busy_post: tuple[str, list[str]]) -> None:
    with pytest.raises(Rejected, match="collect from scratch"):
        sandbox_account.comments(busy_post[0], cursor="not-a-cursor")


def test_instagrapi_reads_the_fake_comment_pages_too(
    sandbox_account: Any, busy_post: tuple[str, list[str]]
) -> None:
    comments = sandbox_account.client.media_comments(busy_post[0], amount=0)
    assert len({c.pk for c in comments}) == 250


def test_direct_messages_are_incremental(sandbox_account: Any, fake_instagram: Any) -> None:
    fake_instagram.add_direct_message("My gua sha is the best", "reader1", at=1_770_000_000)
    first = sandbox_account.direct_messages(cursor=None)
    fake_instagram.add_direct_message("Also a jade roller", "reader1", at=1_770_000_100)
    fake_instagram.add_direct_message("LED mask for me", "reader2", at=1_770_000_200)

    second = sandbox_account.direct_messages(cursor=first.cursor)
    third = sandbox_account.direct_messages(cursor=second.cursor)

    assert [(r.kind, r.text, r.username) for r in first.replies] == [
        (ReplyKind.DM, "My gua sha is the best", "reader1")
    ]
    assert [r.text for r in second.replies] == ["Also a jade roller", "LED mask for me"]
    assert third.replies == () and third.requests == 1


def test_mentions_are_incremental(sandbox_account: Any, fake_instagram: Any) -> None:
    fake_instagram.add_usertag("Loving my microcurrent device @clinic", "fan1")
    first = sandbox_account.mentions(cursor=None)
    fake_instagram.add_usertag("Ice roller every morning @clinic", "fan2")
    second = sandbox_account.mentions(cursor=first.cursor)

    assert [(r.kind, r.username) for r in first.replies] == [(ReplyKind.MENTION, "fan1")]
    assert [r.text for r in second.replies] == ["Ice roller every morning @clinic"]
    assert second.requests == 1
