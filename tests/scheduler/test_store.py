"""The store on SQLite and PostgreSQL: posts, history, claiming, replies, cursors, alerts."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select, text
from tipqueue.config.errors import ConflictError, InputError, NotFoundError
from tipqueue.posts.models import GadgetMention, PostStatus, Reply, ReplyKind, Slide, Stance
from tipqueue.scheduler import db
from tipqueue.scheduler.store import Store

from tests.scheduler.test_store_kit import ACCOUNT, NOW, make_post


def test_post_round_trips_with_every_field(queue_store: Store, tmp_path: Path) -> None:
    image = tmp_path / "card-1.jpg"
    post = replace(
        make_post("facial-01", scheduled_at=datetime(2026, 3, 9, 9, 0, tzinfo=timezone(timedelta(hours=-7)))),
        slides=(Slide("a", "alt a", image), Slide("b", "alt b", None)),
        first_comment="more tips inside",
        collect_replies=True,
        pinned=True,
        source_dir=tmp_path,
    )
    queue_store.add_posts([post], now=NOW)
    got = queue_store.get_post("facial-01")
    assert got == replace(post, scheduled_at=datetime(2026, 3, 9, 16, 0, tzinfo=UTC), handle=got.handle)
    assert got.handle == "F-1"  # the series code of "facial" and the post's number
    assert got.scheduled_at is not None and got.scheduled_at.tzinfo == UTC


def test_adding_a_stored_id_conflicts_and_writes_nothing(queue_store: Store) -> None:
    queue_store.add_posts([make_post("a", scheduled_at=NOW + timedelta(days=1))], now=NOW)
    with pytest.raises(ConflictError, match="'a' is already in the queue"):
        queue_store.add_posts([make_post("b"), make_post("a")], now=NOW)
    assert [p.id for p in queue_store.list_posts()] == ["a"]


def test_an_unreadable_database_url_never_shows_its_password() -> None:
    with pytest.raises(InputError) as caught:
        Store.open("postgresql://clinic:hunter2secret@127.0.0.1:notaport/tipqueue")
    assert "hunter2secret" not in str(caught.value)
    assert "clinic:***@127.0.0.1:notaport" in str(caught.value)


def test_unknown_post_is_a_clear_not_found(queue_store: Store) -> None:
    with pytest.raises(NotFoundError, match="no post with id 'nope'; see `tipqueue queue list --all`"):
        queue_store.get_post("nope")


def test_list_orders_by_time_then_id_and_filters(queue_store: Store) -> None:
    queue_store.add_posts(
        [
            make_post("c", scheduled_at=NOW + timedelta(hours=2)),
            make_post("b", scheduled_at=NOW + timedelta(hours=1)),
            make_post("a", scheduled_at=NOW + timedelta(hours=2)),
            make_post("d", status=PostStatus.APPROVED),
        ],
        now=NOW,
    )
    assert [p.id for p in queue_store.list_posts()] == ["b", "a", "c", "d"]
    assert [p.id for p in queue_store.list_posts(statuses={PostStatus.SCHEDULED}, limit=2)] == ["b", "a"]
    assert [p.id for p in queue_store.list_posts(after=NOW + timedelta(hours=1))] == ["a", "c"]


def test_due_posts_cover_scheduled_retries_and_expired_claims(queue_store: Store) -> None:
    s = queue_store
    s.add_posts(
        [
            make_post("due", scheduled_at=NOW - timedelta(minutes=1)),
            make_post("later", scheduled_at=NOW + timedelta(minutes=1)),
            make_post("stale", scheduled_at=NOW - timedelta(hours=2)),
            make_post("retry", scheduled_at=NOW - timedelta(hours=3)),
        ],
        now=NOW - timedelta(hours=4),
    )
    assert s.claim("stale", runner="r1", now=NOW - timedelta(hours=1), lease_seconds=600) is not None
    assert s.claim("retry", runner="r1", now=NOW - timedelta(hours=2), lease_seconds=600) is not None
    s.mark_failed("retry", runner="r1", error="429", next_attempt_at=NOW, now=NOW - timedelta(hours=2))
    assert [p.id for p in s.due_posts(NOW)] == ["stale", "due", "retry"]
    assert [p.id for p in s.due_posts(NOW, limit=1)] == ["stale"]


def test_paused_accounts_have_nothing_due_and_cannot_be_claimed(queue_store: Store) -> None:
    queue_store.add_posts([make_post("due", scheduled_at=NOW - timedelta(minutes=1))], now=NOW)
    queue_store.set_paused(ACCOUNT, True, reason="challenge", now=NOW)
    assert queue_store.due_posts(NOW) == []
    assert queue_store.claim("due", runner="r1", now=NOW, lease_seconds=60) is None
    assert queue_store.account_state(ACCOUNT).pause_reason == "challenge"
    assert "paused: challenge" in queue_store.list_alerts()[0].message
    queue_store.set_paused(ACCOUNT, False, reason=None, now=NOW)
    assert [p.id for p in queue_store.due_posts(NOW)] == ["due"]


def test_claim_is_won_once_and_an_expired_lease_is_taken_over(queue_store: Store) -> None:
    s = queue_store
    s.add_posts([make_post("p", scheduled_at=NOW)], now=NOW)
    won = s.claim("p", runner="r1", now=NOW, lease_seconds=600)
    assert won is not None and won.before.status is PostStatus.SCHEDULED
    won = won.post
    assert won.status is PostStatus.PUBLISHING and won.attempts == 1
    assert s.claim("p", runner="r2", now=NOW + timedelta(seconds=599), lease_seconds=600) is None
    taken_claim = s.claim("p", runner="r2", now=NOW + timedelta(seconds=600), lease_seconds=600)
    assert taken_claim is not None and taken_claim.before.claimed_by == "r1"
    taken = taken_claim.post
    assert taken.claimed_by == "r2" and taken.attempts == 2
    with pytest.raises(ConflictError, match="claimed by r2"):
        s.mark_published("p", runner="r1", media_id="m1", permalink=None, published_at=NOW, now=NOW)
    done = s.mark_published(
        "p", runner="r2", media_id="m2", permalink="https://x/p/", published_at=NOW, now=NOW
    )
    assert (done.status, done.media_id) == (PostStatus.PUBLISHED, "m2")
    events = [(e.event, e.runner) for e in s.history("p")]
    assert events == [("added", None), ("claimed", "r1"), ("claimed", "r2"), ("published", "r2")]
    assert "reconcile" in (s.history("p")[2].detail or "")
    assert s.due_posts(NOW + timedelta(days=1)) == []


def test_failed_then_needs_attention(queue_store: Store) -> None:
    s = queue_store
    s.add_posts([make_post("p", scheduled_at=NOW)], now=NOW)
    s.claim("p", runner="r1", now=NOW, lease_seconds=60)
    failed = s.mark_failed(
        "p", runner="r1", error="please wait", next_attempt_at=NOW + timedelta(minutes=5), now=NOW
    )
    assert failed.status is PostStatus.FAILED and failed.last_error == "please wait"
    assert s.due_posts(NOW + timedelta(minutes=4)) == []
    assert s.claim("p", runner="r1", now=NOW + timedelta(minutes=4), lease_seconds=60) is None
    assert s.claim("p", runner="r1", now=NOW + timedelta(minutes=5), lease_seconds=60) is not None
    flagged = s.mark_needs_attention("p", runner="r1", reason="challenge", now=NOW + timedelta(minutes=6))
    assert flagged.status is PostStatus.NEEDS_ATTENTION
    assert s.due_posts(NOW + timedelta(days=1)) == []


def test_update_checks_the_expected_state_atomically(queue_store: Store) -> None:
    s = queue_store
    s.add_posts([make_post("p", scheduled_at=NOW + timedelta(hours=1))], now=NOW)
    moved = s.update_post(
        "p", now=NOW, event="moved", expect={PostStatus.SCHEDULED}, scheduled_at=NOW + timedelta(hours=5)
    )
    assert moved.scheduled_at == NOW + timedelta(hours=5)
    assert s.history("p")[-1].event == "moved" and "scheduled_at" in (s.history("p")[-1].detail or "")
    with pytest.raises(ConflictError, match="post p is scheduled; this needs it to be draft"):
        s.update_post("p", now=NOW, event="x", expect={PostStatus.DRAFT}, caption="changed")
    assert s.get_post("p").caption == "Tip p. #skincare"


def test_naive_times_are_refused(queue_store: Store) -> None:
    with pytest.raises(ValueError, match="no time zone"):
        queue_store.due_posts(datetime(2026, 1, 1))


def test_replies_are_deduplicated_and_keep_their_mentions(queue_store: Store) -> None:
    s = queue_store
    base = Reply(platform_id="c1", text="My LED mask!", post_id="p", username="ann", created_at=NOW)
    assert s.add_replies([base, replace(base, platform_id="c2", kind=ReplyKind.REPLY), base]) == 2
    assert s.add_replies([base, replace(base, platform_id="c3", kind=ReplyKind.DM, post_id=None)]) == 1
    mention = GadgetMention(gadget="LED mask", category="light", stance=Stance.RECOMMENDS, matched="LED mask")
    s.set_reply_mentions({"c1": [mention]})
    got = s.list_replies(post_id="p")
    assert [r.platform_id for r in got] == ["c1", "c2"]
    assert got[0].mentions == (mention,) and got[0].created_at == NOW
    assert [r.platform_id for r in s.list_replies(kinds={ReplyKind.DM})] == ["c3"]


def test_gadgets_found_anew_are_counted_at_the_replys_time_whatever_form_it_was_written_in(
    queue_store: Store,
) -> None:
    s = queue_store
    s.add_replies(
        [
            Reply(platform_id="c1", text="mine broke", username="Ann", created_at=NOW),
            Reply(platform_id="c2", text="love it", user_id="42", collected_at=NOW + timedelta(hours=2)),
        ]
    )
    with s._tx(write=True) as conn:  # a time written by hand, in another form than the store's
        conn.execute(
            text("UPDATE replies SET created_at = :t WHERE platform_id = 'c1'"),
            {"t": "2026-03-01T10:00:00+01:00"},
        )
    mention = GadgetMention(
        gadget="LED mask", category="light", stance=Stance.DISLIKES, matched="mine", inferred=True
    )
    s.set_reply_mentions({"c1": [mention], "c2": [mention], "not-stored": [mention]})
    with s._tx() as conn:
        m = db.reply_mentions
        rows = conn.execute(select(m.c.reader, m.c.seen_at, m.c.gadget).order_by(m.c.ord)).all()
    assert [(r.reader, r.seen_at, r.gadget) for r in rows] == [
        ("u:ann", datetime(2026, 3, 1, 9, 0, tzinfo=UTC), "LED mask"),
        ("id:42", NOW + timedelta(hours=2), "LED mask"),  # no time written: when it was collected
    ]
    assert [r.mentions for r in s.list_replies()] == [(mention,), (mention,)]
    if s.dialect == "sqlite":  # stored as the store writes times, so they compare as text
        with s._tx() as conn:
            held = conn.exec_driver_sql("SELECT seen_at FROM reply_mentions ORDER BY ord").scalars().all()
        assert held == ["2026-03-01 09:00:00.000000", "2026-03-02 14:00:00.000000"]


def test_stored_replies_naming_tells_an_import_what_to_skip(queue_store: Store) -> None:
    s = queue_store
    mention = GadgetMention(gadget="LED mask", category="light", stance=Stance.RECOMMENDS, matched="LED mask")
    s.add_replies(
        [
            Reply(platform_id="c1", text="My LED mask!", mentions=(mention,)),
            Reply(platform_id="c2", text="hi"),
        ]
    )
    many = [f"x{n}" for n in range(2000)]  # more ids than one query may bind on SQLite
    assert s.stored_replies_naming(["c1", "c2", "c9", "c1", *many]) == {"c1": True, "c2": False}
    assert s.stored_replies_naming([]) == {}


def test_replies_page_newest_first_without_reading_the_rest(queue_store: Store) -> None:
    s = queue_store
    s.add_replies(
        [
            Reply(platform_id=f"c{n:02d}", text=f"reply {n}", post_id="p" if n % 2 else "q", created_at=NOW)
            for n in range(1, 12)
        ]
    )
    stored = [r.platform_id for r in s.list_replies()]
    assert stored == [f"c{n:02d}" for n in range(1, 12)]  # the default order is unchanged
    newest = [r.platform_id for r in s.list_replies(newest_first=True, limit=4)]
    assert newest == stored[::-1][:4]
    second = [r.platform_id for r in s.list_replies(newest_first=True, limit=4, offset=4)]
    assert second == stored[::-1][4:8]
    assert [r.platform_id for r in s.list_replies(offset=9)] == stored[9:]
    assert [r.platform_id for r in s.list_replies(post_id="q", limit=2, offset=1)] == ["c04", "c06"]
    assert s.list_replies(limit=3, offset=20) == []
    assert (s.count_replies(), s.count_replies(post_id="p"), s.count_replies(kinds={ReplyKind.DM})) == (
        11,
        6,
        0,
    )
    with pytest.raises(InputError, match="offset -1 is negative"):
        s.list_replies(offset=-1)


def test_cursors_and_alerts(queue_store: Store) -> None:
    s = queue_store
    assert s.get_cursor("comments:p") is None
    s.set_cursor("comments:p", "abc", now=NOW)
    s.set_cursor("comments:p", "def", now=NOW)
    assert s.get_cursor("comments:p") == "def"
    s.add_alert(account=ACCOUNT, post_id=None, level="info", message="older", now=NOW)
    s.add_alert(account=ACCOUNT, post_id="p", level="error", message="newer", now=NOW + timedelta(minutes=1))
    assert [a.message for a in s.list_alerts()] == ["newer", "older"]


CLAIMER = """
import sys
from datetime import datetime
from tipqueue.scheduler.store import Store
url, runner, now = sys.argv[1], sys.argv[2], datetime.fromisoformat(sys.argv[3])
store = Store.open(url)
won = []
for _ in range(3):
    for post in store.due_posts(now, limit=100):
        if store.claim(post.id, runner=runner, now=now, lease_seconds=600):
            won.append(post.id)
print(",".join(won))
"""


def test_concurrent_processes_never_claim_the_same_post(queue_store: Store, db_url: str) -> None:
    posts = [make_post(f"p{n:02d}", scheduled_at=NOW - timedelta(minutes=n)) for n in range(30)]
    queue_store.add_posts(posts, now=NOW - timedelta(hours=1))
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CLAIMER, db_url, f"runner{i}", NOW.isoformat()],
            stdout=subprocess.PIPE,
            text=True,
        )
        for i in range(3)
    ]
    claimed: list[str] = []
    for proc in procs:
        out, _ = proc.communicate(timeout=60)
        assert proc.returncode == 0
        claimed.extend(x for x in out.strip().split(",") if x)
    assert sorted(claimed) == sorted(p.id for p in posts)  # every post once, none twice
    assert all(p.attempts == 1 for p in queue_store.list_posts())
