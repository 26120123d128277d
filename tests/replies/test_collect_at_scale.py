"""A busy post collected through the REAL instagrapi client against the fake paging like real
Instagram, stored in SQLite and PostgreSQL: 1,000 comments with random pks over 50 pages, 200
replies in threads paged through their tails, pinned comments, then 30 new comments whose pks
lie below the highest seen and late replies to old comments. Every one is stored exactly once."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from tipqueue.posts.models import Post, PostKind, PostStatus, ReplyKind
from tipqueue.replies.collect import collect_replies, verify_replies
from tipqueue.scheduler.store import Store

BASE = 1_760_000_000
THREADS = (1, 2, 3, 5, 8, 10, 11, 12, 15, 18, 20, 21, 24, 25, 25)  # 200 replies; 10 a window


@pytest.fixture
def any_store(db_url: str) -> Iterator[Store]:
    store = Store.open(db_url)
    yield store
    store.close()


@pytest.fixture(params=[True, False], ids=["with-child-counts", "without-child-counts"])
def busy(
    request: pytest.FixtureRequest, sandbox_account: Any, fake_instagram: Any, tmp_path: Path
) -> tuple[str, list[str]]:
    """The CTA media with 1,000 comments (3 pinned) and 200 replies in 15 threads."""
    fake_instagram.child_counts = request.param
    image = tmp_path / "cta.jpg"
    Image.new("RGB", (540, 675), (200, 80, 60)).save(image, "JPEG", quality=80)
    media_id = str(
        sandbox_account.publish_photo(image, "Which gadget do you swear by?", alt_text="cta").media_id
    )
    rng = random.Random(1000)
    ids = fake_instagram.add_comments(
        media_id,
        [
            {"text": f"comment {i}", "username": f"reader{i}", "created_at": BASE + 60 * i}
            for i in range(1000)
        ],
    )
    for pinned in (ids[5], ids[500], ids[990]):
        fake_instagram.pin_comment(media_id, pinned)
    parents = rng.sample(ids, len(THREADS))
    for parent, size in zip(parents, THREADS, strict=True):
        fake_instagram.add_comments(
            media_id,
            [
                {
                    "text": f"reply {j}",
                    "username": "r",
                    "reply_to": parent,
                    "created_at": BASE + 60_000 + 17 * j,
                }
                for j in range(size)
            ],
        )
    return media_id, ids


def _cta(store: Store, media_id: str, now: datetime) -> None:
    post = Post(
        id="gadgets-08",
        kind=PostKind.CTA,
        series_label="8/8",
        quote="Which gadget do you swear by?",
        caption="Which gadget do you swear by? Tell us below.",
        status=PostStatus.PUBLISHED,
        collect_replies=True,
        media_id=media_id,
        published_at=now,
    )
    store.add_posts([post], now=now)


def _stored(store: Store) -> list[Any]:
    return store.list_replies(post_id="gadgets-08")


def test_every_comment_and_reply_is_stored_exactly_once_across_runs(
    any_store: Store, now: datetime, sandbox_account: Any, fake_instagram: Any, busy: tuple[str, list[str]]
) -> None:
    media_id, ids = busy
    _cta(any_store, media_id, now)
    fake_instagram.requests.clear()

    first = collect_replies(any_store, sandbox_account, now=now)

    assert first.added == 1200 and len(_stored(any_store)) == 1200
    assert len(fake_instagram.requests_to(r"/comments/$")) == 50  # 20 a page, through next_min_id
    tail_pages = [r for r in fake_instagram.requests_to("inline_child_comments") if "max_id" in r.query]
    assert len(tail_pages) == 1 + 1 + 1 + 1 + 1 + 2 + 2 + 2 + 2  # threads over 10 replies: 11..25

    highest = max(int(i) for i in ids)
    late = BASE + 100_000
    new = fake_instagram.add_comments(
        media_id, [{"text": f"late {i}", "username": f"late{i}", "created_at": late + i} for i in range(30)]
    )
    assert sum(1 for pk in new if int(pk) < highest) >= 25  # random pks: most land below the highest
    old_parents = [ids[3], ids[5], ids[640]]  # an old comment, a pinned one, one deep in the pages
    fake_instagram.add_comments(
        media_id,
        [
            {"text": f"late reply {k}", "username": "lr", "reply_to": p, "created_at": late + 50 + k}
            for k, p in enumerate(old_parents)
        ],
    )

    second = collect_replies(any_store, sandbox_account, now=now + timedelta(hours=1))

    stored = _stored(any_store)
    assert second.added == 33 and len(stored) == 1233
    assert len({r.platform_id for r in stored}) == 1233
    replies = [r for r in stored if r.kind is ReplyKind.REPLY]
    assert len(replies) == 203 and {r.parent_id for r in replies if r.text.startswith("late reply")} == set(
        old_parents
    )
    assert {f"late {i}" for i in range(30)} <= {r.text for r in stored}

    fake_instagram.requests.clear()
    quiet = collect_replies(any_store, sandbox_account, now=now + timedelta(hours=2))
    assert (quiet.added, quiet.requests) == (0, 1) and len(fake_instagram.requests) == 1

    (check,) = verify_replies(any_store, sandbox_account, now=now + timedelta(hours=3))
    assert (check.remote, check.stored, check.missing, check.gone, check.edited) == (1233, 1233, (), (), ())
    assert len(_stored(any_store)) == 1233
