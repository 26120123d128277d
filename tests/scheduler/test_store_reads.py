"""Reads bounded by what they show: pages of the queue, kept counts, the day's count, the
replies version, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, timedelta, timezone

import pytest
from tipqueue.config.errors import InputError
from tipqueue.posts.models import GadgetMention, PostStatus, Reply, ReplyKind, Stance
from tipqueue.scheduler.paging import Key, decode, encode, page_posts
from tipqueue.scheduler.queue import OPEN_STATUSES, queue_page
from tipqueue.scheduler.store import Store

from tests.scheduler.test_store_kit import ACCOUNT, NOW, make_post


def _fill(store: Store) -> list[str]:
    """Posts at shared and distinct times, a published history, cancelled ones, drafts without a
    time; returns the open posts' ids in queue order."""
    store.ensure_account(ACCOUNT, username="clinic.demo", timezone="America/Los_Angeles", now=NOW)
    posts = []
    for n in range(12):
        at = NOW + timedelta(hours=n // 2)  # two posts at each time: ties broken by id
        posts.append(make_post(f"open-{n:02d}", scheduled_at=at))
    for n in range(5):
        posts.append(
            make_post(f"old-{n}", status=PostStatus.PUBLISHED, scheduled_at=NOW - timedelta(days=n + 1))
        )
    posts.append(make_post("gone", status=PostStatus.CANCELLED, scheduled_at=NOW + timedelta(minutes=5)))
    for n in range(3):
        posts.append(make_post(f"draft-{n}", status=PostStatus.DRAFT, scheduled_at=None))
    store.add_posts(posts, now=NOW - timedelta(days=9))
    return [f"open-{n:02d}" for n in range(12)] + [f"draft-{n}" for n in range(3)]


def test_pages_of_the_queue_follow_each_other_without_gaps_or_repeats(store: Store) -> None:
    expected = _fill(store)
    seen: list[str] = []
    start = None
    pages = 0
    while True:
        page = page_posts(store, statuses=OPEN_STATUSES, limit=4, start=start)
        seen += [p.id for p in page.posts]
        pages += 1
        if page.next is None:
            break
        start = decode(page.cursor or "")
    assert seen == expected  # time order, ties by id, posts without a time last
    assert pages == 4
    # the whole queue, history included, pages the same way and agrees with the full list
    everything = [p.id for p in store.list_posts()]
    assert [p.id for p in page_posts(store, limit=1000).posts] == everything


def test_queue_list_from_a_post_starts_there(store: Store) -> None:
    _fill(store)
    page = queue_page(store, limit=3, start="open-05")
    assert [p.id for p in page.posts] == ["open-05", "open-06", "open-07"]
    assert page.next is not None and page.next.id == "open-08"
    last = queue_page(store, limit=10, start="draft-1")
    assert [p.id for p in last.posts] == ["draft-1", "draft-2"] and last.next is None


def test_a_cursor_not_made_by_the_server_is_refused_in_one_line() -> None:
    assert decode(encode(Key(NOW, "a/b"))) == Key(NOW, "a/b")
    for bad in ("nonsense", "W10", encode(Key(None, "x"))[:-3] + "!!"):
        with pytest.raises(InputError, match="is not one this server gave"):
            decode(bad)


def test_kept_counts_follow_every_kind_of_write(store: Store) -> None:
    _fill(store)
    assert store.count_posts(account=ACCOUNT) == {
        PostStatus.SCHEDULED: 12,
        PostStatus.PUBLISHED: 5,
        PostStatus.CANCELLED: 1,
        PostStatus.DRAFT: 3,
    }
    store.update_post("open-00", now=NOW, event="cancelled", status=PostStatus.CANCELLED)
    store.update_post("draft-0", now=NOW, event="approved", status=PostStatus.APPROVED)
    store.update_post("draft-1", now=NOW, event="edited", caption="Only the text changes. #skincare")
    claim = store.claim("open-01", runner="r1", now=NOW + timedelta(minutes=1), lease_seconds=60)
    assert claim is not None
    counts = store.count_posts(account=ACCOUNT)
    assert counts[PostStatus.SCHEDULED] == 10 and counts[PostStatus.CANCELLED] == 2
    assert counts[PostStatus.PUBLISHING] == 1 and counts[PostStatus.APPROVED] == 1
    assert counts[PostStatus.DRAFT] == 2
    assert store.count_status(PostStatus.PUBLISHING) == 1
    # the counts agree with the posts themselves
    actual: dict[PostStatus, int] = {}
    for post in store.list_posts():
        actual[post.status] = actual.get(post.status, 0) + 1
    assert store.count_posts() == actual


def test_many_count_deltas_fold_into_the_same_counts(store: Store) -> None:
    """PostgreSQL appends a delta per statement; past a few hundred they are folded."""
    _fill(store)
    for _ in range(150):  # 300 status changes: scheduled <-> approved
        store.update_post("open-03", now=NOW, event="e", status=PostStatus.APPROVED)
        store.update_post("open-03", now=NOW, event="e", status=PostStatus.SCHEDULED)
    first = store.count_posts(account=ACCOUNT)
    assert first[PostStatus.SCHEDULED] == 12 and PostStatus.APPROVED not in first
    assert store.count_posts(account=ACCOUNT) == first  # after the fold
    from sqlalchemy import text

    with store._tx() as conn:
        rows = conn.execute(text("SELECT count(*) FROM post_counts")).scalar_one()
    assert rows <= 10


def test_the_days_count_is_the_accounts_local_day(store: Store) -> None:
    store.ensure_account(ACCOUNT, username="clinic.demo", timezone="America/Los_Angeles", now=NOW)
    # NOW is 04:00 in Los Angeles on 2 March: 07:59 UTC on the 2nd is the day before there
    times = [NOW - timedelta(hours=4, minutes=1), NOW, NOW + timedelta(hours=19), NOW + timedelta(hours=21)]
    posts = [make_post(f"p{n}", scheduled_at=at) for n, at in enumerate(times)]
    store.add_posts(posts, now=NOW)
    store.update_post("p1", now=NOW, event="e", status=PostStatus.PUBLISHED)
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("America/Los_Angeles")
    day = NOW.astimezone(zone).date()
    counts = store.count_window(
        account=ACCOUNT,
        since=datetime.combine(day, time.min, zone),
        until=datetime.combine(day + timedelta(days=1), time.min, zone),
    )
    assert counts == {PostStatus.PUBLISHED: 1, PostStatus.SCHEDULED: 1}  # p1 and p2; p3 is the 3rd there


def _reply(n: int) -> Reply:
    return Reply(platform_id=f"c{n}", text=f"I love my gua sha {n}", kind=ReplyKind.COMMENT, username=f"u{n}")


def test_the_replies_version_moves_with_every_write_and_the_total_is_kept(store: Store) -> None:
    version, total = store.replies_state()
    assert total == 0
    store.add_replies([_reply(n) for n in range(5)])
    v1, total = store.replies_state()
    assert v1 > version and total == 5 == store.count_replies()
    assert store.add_replies([_reply(1)]) == 0  # nothing new: the version may not claim a change
    store.set_reply_mentions({"c1": ()})
    v2, _ = store.replies_state()
    assert v2 > v1
    # pages by the last reply shown: newest first, no gaps
    first = store.list_replies(newest_first=True, limit=2)
    second = store.list_replies(newest_first=True, limit=2, after=first[-1].platform_id)
    assert [r.platform_id for r in first + second] == ["c4", "c3", "c2", "c1"]
    assert [r.platform_id for r in store.iter_replies(batch=2)] == [f"c{n}" for n in range(5)]


def test_streamed_replies_read_back_exactly_what_a_page_of_them_gives(store: Store) -> None:
    """The export's stream (the driver's rows, decoded by the store) and a listed page agree on
    every field: times in UTC whatever zone they were given in, each gadget with its stance and
    cue, the post filter and the "names a gadget" filter."""
    paris = timezone(timedelta(hours=1))
    roller = GadgetMention(
        gadget="Jade roller", category="facial-roller", stance=Stance.RECOMMENDS, matched="jade roller",
        brand=None, inferred=True, relayed=True, cue="swears by",
    )  # fmt: skip
    replies = [
        Reply(
            platform_id=f"s{n}",
            text=f"reply {n}",
            kind=ReplyKind.IMPORTED if n % 2 else ReplyKind.COMMENT,
            post_id="p1" if n < 3 else "p2",
            parent_id="s0" if n else None,
            username=f"u{n}",
            user_id=str(n) if n % 3 else None,
            created_at=(NOW - timedelta(minutes=n)).astimezone(paris) if n != 4 else None,
            collected_at=NOW,
            mentions=(roller,) if n in (1, 4) else (),
        )
        for n in range(5)
    ]
    store.add_replies(replies)
    listed = store.list_replies()
    assert list(store.iter_replies(batch=2)) == listed
    assert listed[1].created_at == NOW - timedelta(minutes=1) and listed[1].created_at.tzinfo is UTC
    assert listed[1].mentions == (roller,)
    assert [r.platform_id for r in store.iter_replies(post_id="p2")] == ["s3", "s4"]
    assert [r.platform_id for r in store.iter_replies(naming=True)] == ["s1", "s4"]
    assert [r.platform_id for r in store.iter_replies(post_id="p1", naming=True, after_id=0)] == ["s1"]
