"""Reply collection through the real instagrapi client against the fake, which pages like the
recordings of real Instagram: headload cursors, ~20 a page, a ranked first page with pinned
comments, random pks, tail-paged threads, payloads with and without child_comment_count."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tipqueue.config.errors import Rejected
from tipqueue.posts.models import ReplyKind

BASE = 1_770_000_000


def _publish(account: Any, jpegs: list[Path]) -> str:
    return str(account.publish_photo(jpegs[0], "Which gadget do you love?", alt_text="cta card").media_id)


@pytest.fixture
def busy_post(sandbox_account: Any, fake_instagram: Any, jpegs: list[Path]) -> tuple[str, list[str]]:
    """A post with 120 comments (6 pages), 2 pinned, and threads of 1, 12 and 25 replies."""
    media_id = _publish(sandbox_account, jpegs)
    ids = fake_instagram.add_comments(
        media_id,
        [{"text": f"comment {i}", "username": f"reader{i}", "created_at": BASE + 60 * i} for i in range(120)],
    )
    fake_instagram.pin_comment(media_id, ids[3])
    fake_instagram.pin_comment(media_id, ids[77])
    for parent, n in ((ids[0], 1), (ids[10], 12), (ids[119], 25)):
        fake_instagram.add_comments(
            media_id,
            [
                {
                    "text": f"reply {j} to {parent}",
                    "username": "r",
                    "reply_to": parent,
                    "created_at": BASE + 9000 + j,
                }
                for j in range(n)
            ],
        )
    fake_instagram.requests.clear()
    return media_id, ids


def _texts(page: Any, kind: ReplyKind) -> set[str]:
    return {r.text for r in page.replies if r.kind is kind}


def test_every_comment_and_reply_over_headload_pages_and_tail_threads(
    sandbox_account: Any, fake_instagram: Any, busy_post: tuple[str, list[str]]
) -> None:
    media_id, ids = busy_post

    page = sandbox_account.comments(media_id, cursor=None)

    assert sorted(r.platform_id for r in page.replies if r.kind is ReplyKind.COMMENT) == sorted(ids)
    assert len(_texts(page, ReplyKind.REPLY)) == 38
    assert len({r.platform_id for r in page.replies}) == len(page.replies) == 158
    pages = fake_instagram.requests_to(r"/comments/$")
    assert len(pages) == 6  # 120 comments, 20 a page, followed through next_min_id
    assert all("min_id" in r.query for r in pages[1:])
    threads = fake_instagram.requests_to("inline_child_comments")
    assert sum(1 for r in threads if "max_id" in r.query) == 1 + 2  # 12 and 25 replies, 10 a window


def test_nothing_new_costs_one_request(
    sandbox_account: Any, fake_instagram: Any, busy_post: tuple[str, list[str]]
) -> None:
    media_id, _ = busy_post
    cursor = sandbox_account.comments(media_id, cursor=None).cursor
    fake_instagram.requests.clear()

    again = sandbox_account.comments(media_id, cursor=cursor)

    assert again.replies == () and again.requests == 1 == len(fake_instagram.requests)
    assert again.cursor == cursor


def test_new_comments_with_lower_pks_and_late_replies_are_found(
    sandbox_account: Any, fake_instagram: Any, busy_post: tuple[str, list[str]]
) -> None:
    media_id, ids = busy_post
    cursor = sandbox_account.comments(media_id, cursor=None).cursor
    highest = max(int(i) for i in ids)
    late = BASE + 20_000
    new = fake_instagram.add_comments(
        media_id,
        [{"text": f"late {i}", "username": "n", "created_at": late + i, "likes": 0} for i in range(30)],
    )
    fake_instagram.add_comments(
        media_id,
        [
            {
                "text": "late reply to an old one",
                "username": "x",
                "reply_to": ids[50],
                "created_at": late + 99,
            },
            {
                "text": "another in a long thread",
                "username": "y",
                "reply_to": ids[119],
                "created_at": late + 98,
            },
        ],
    )
    assert any(int(pk) < highest for pk in new)  # pks say nothing about time

    page = sandbox_account.comments(media_id, cursor=cursor)

    assert {f"late {i}" for i in range(30)} <= _texts(page, ReplyKind.COMMENT)
    assert {"late reply to an old one", "another in a long thread"} <= _texts(page, ReplyKind.REPLY)
    fake_instagram.requests.clear()
    quiet = sandbox_account.comments(media_id, cursor=page.cursor)
    assert quiet.replies == () and quiet.requests == 1


def test_new_comments_only_stop_the_walk_by_creation_time(
    sandbox_account: Any, fake_instagram: Any, busy_post: tuple[str, list[str]]
) -> None:
    media_id, _ = busy_post
    cursor = sandbox_account.comments(media_id, cursor=None).cursor
    fake_instagram.add_comments(
        media_id,
        [
            {"text": f"new {i}", "username": "n", "created_at": BASE + 30_000 + i, "likes": 0}
            for i in range(3)
        ],
    )
    fake_instagram.requests.clear()

    page = sandbox_account.comments(media_id, cursor=cursor)

    assert {"new 0", "new 1", "new 2"} <= _texts(page, ReplyKind.COMMENT)
    assert page.requests <= 3  # the ranked page, then newest-first pages until older than the overlap


def test_payloads_without_child_comment_count_still_get_every_reply(
    sandbox_account: Any, fake_instagram: Any, jpegs: list[Path]
) -> None:
    fake_instagram.child_counts = False
    media_id = _publish(sandbox_account, jpegs)
    ids = fake_instagram.add_comments(
        media_id, [{"text": f"c{i}", "username": "u", "created_at": BASE + i} for i in range(45)]
    )
    fake_instagram.add_comments(
        media_id,
        [
            {"text": f"r{j}", "username": "v", "reply_to": ids[j % 3], "created_at": BASE + 100 + j}
            for j in range(27)
        ],
    )
    raw = sandbox_account.client.private_request(f"media/{media_id}/comments/")
    assert all("child_comment_count" not in c for c in raw["comments"])

    first = sandbox_account.comments(media_id, cursor=None)
    fake_instagram.add_comments(media_id, [{"text": "quiet reply", "username": "w", "reply_to": ids[30]}])
    second = sandbox_account.comments(media_id, cursor=first.cursor)

    assert {f"r{j}" for j in range(27)} == _texts(first, ReplyKind.REPLY)
    assert "quiet reply" in _texts(second, ReplyKind.REPLY)


def test_threads_that_open_at_the_newest_reply_are_read_through_the_head(
    sandbox_account: Any, fake_instagram: Any, jpegs: list[Path]
) -> None:
    fake_instagram.reply_window = "newest"
    media_id = _publish(sandbox_account, jpegs)
    (top,) = fake_instagram.add_comments(media_id, [{"text": "top", "username": "u", "created_at": BASE}])
    fake_instagram.add_comments(
        media_id,
        [{"text": f"r{j}", "username": "v", "reply_to": top, "created_at": BASE + j} for j in range(23)],
    )

    page = sandbox_account.comments(media_id, cursor=None)

    assert _texts(page, ReplyKind.REPLY) == {f"r{j}" for j in range(23)}
    assert sum(1 for r in fake_instagram.requests_to("inline_child_comments") if "min_id" in r.query) == 2


def test_instagrapi_walks_the_headload_pages_but_not_the_thread_tails(
    sandbox_account: Any, busy_post: tuple[str, list[str]]
) -> None:
    media_id, ids = busy_post
    client = sandbox_account.client
    assert len({c.pk for c in client.media_comments(media_id, amount=0)}) == 120
    assert len(client.media_comment_replies(media_id, ids[119])) == 10  # head only: 10 of 25


def test_all_comments_reads_everything(sandbox_account: Any, busy_post: tuple[str, list[str]]) -> None:
    media_id, _ = busy_post
    page = sandbox_account.all_comments(media_id)
    assert len(page.replies) == 158 and page.cursor is None


def test_damaged_cursor_is_refused_and_an_old_one_starts_over(
    sandbox_account: Any, busy_post: tuple[str, list[str]]
) -> None:
    with pytest.raises(Rejected, match="collect from scratch"):
        sandbox_account.comments(busy_post[0], cursor="not-a-cursor")
    assert len(sandbox_account.comments(busy_post[0], cursor="c1.eyJ0b3AiOjB9").replies) == 158


def test_direct_messages_from_inbox_general_folder_and_requests(
    sandbox_account: Any, fake_instagram: Any
) -> None:
    fake_instagram.inbox_page_size = 5
    for i in range(12):
        fake_instagram.add_direct_message(
            f"request {i}", f"stranger{i}", at=BASE + 7200 * i, folder="pending"
        )
    fake_instagram.add_direct_message("My gua sha is the best", "reader1", at=BASE + 50)
    fake_instagram.add_direct_message("From the general folder", "client1", at=BASE + 60, folder="general")
    for j in range(30):  # a long conversation: more than one page of messages
        fake_instagram.add_direct_message(f"chat {j}", "chatty", at=BASE + 100 + j)
    first = sandbox_account.direct_messages(cursor=None)
    fake_instagram.add_direct_message("LED mask for me", "stranger3", at=BASE + 100_000, folder="pending")

    second = sandbox_account.direct_messages(cursor=first.cursor)
    third = sandbox_account.direct_messages(cursor=second.cursor)

    texts = {r.text for r in first.replies}
    assert {f"request {i}" for i in range(12)} <= texts and {f"chat {j}" for j in range(30)} <= texts
    assert {"My gua sha is the best", "From the general folder"} <= texts and len(texts) == 44
    assert all(r.kind is ReplyKind.DM for r in first.replies)
    assert "LED mask for me" in {r.text for r in second.replies}
    assert third.replies == () and third.requests == 3  # one page of each box


def test_mentions_page_through_a_backlog(sandbox_account: Any, fake_instagram: Any) -> None:
    for i in range(40):
        fake_instagram.add_usertag(f"Loving my device #{i} @clinic", f"fan{i}", at=BASE + 600 * i)
    first = sandbox_account.mentions(cursor=None)
    fake_instagram.add_usertag("Ice roller every morning @clinic", "fan99", at=BASE + 50_000)
    second = sandbox_account.mentions(cursor=first.cursor)

    assert len({r.platform_id for r in first.replies}) == 40
    assert len(fake_instagram.requests_to("usertags")) >= 3  # 18 a page
    seen = {r.platform_id for r in first.replies}
    assert [r.text for r in second.replies if r.platform_id not in seen] == [
        "Ice roller every morning @clinic"
    ]
    assert second.requests == 1  # the first page already reaches past the overlap window


def test_the_control_api_puts_a_message_request_in_the_pending_inbox(
    sandbox_account: Any, fake_instagram: Any
) -> None:
    import json
    import urllib.request

    request = urllib.request.Request(
        fake_instagram.base_url + "/__fake__/direct",
        data=json.dumps(
            {"text": "Is the LED mask worth it?", "username": "stranger", "folder": "pending"}
        ).encode(),
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=5):  # loopback only
        pass

    page = sandbox_account.direct_messages(cursor=None)

    assert [(r.text, r.username) for r in page.replies] == [("Is the LED mask worth it?", "stranger")]
    assert len(fake_instagram.requests_to("pending_inbox")) == 1
