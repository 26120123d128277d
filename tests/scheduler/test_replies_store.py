"""Writing replies straight to the driver (replies_store.py): what is read back is what was given."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from tipqueue.posts.models import GadgetMention, Reply, ReplyKind, Stance
from tipqueue.scheduler import mentions
from tipqueue.scheduler.store import Store

from tests.scheduler.test_store_kit import NOW

LED = GadgetMention(
    gadget="LED mask",
    category="light",
    stance=Stance.DISLIKES,
    matched="led mask",
    brand="CurrentBody",
    relayed=True,
    cue="returned",
)
ROLLER = GadgetMention(gadget="Jade roller", category="roller", stance=Stance.MENTIONS, matched="jade roller")


def test_a_reply_reads_back_as_written_with_its_times_and_gadgets(store: Store) -> None:
    berlin = timezone(timedelta(hours=2))
    written = Reply(
        platform_id="c1",
        text="My sister returned her LED mask\x00; the jade roller stays",
        kind=ReplyKind.IMPORTED,
        post_id="p",
        parent_id="c0",
        username="Ann",
        user_id="42",
        created_at=datetime(2025, 3, 1, 11, 30, 5, 123456, tzinfo=berlin),
        collected_at=NOW,
        mentions=(LED, ROLLER),
    )
    assert store.add_replies([written, Reply(platform_id="c2", text="thanks!", collected_at=NOW)]) == 2
    first, second = store.list_replies()
    assert first.created_at == datetime(2025, 3, 1, 9, 30, 5, 123456, tzinfo=UTC)
    assert first.created_at is not None and first.created_at.tzinfo is not None
    assert first.text == "My sister returned her LED mask; the jade roller stays"  # NUL dropped
    assert (first.post_id, first.parent_id, first.username, first.user_id) == ("p", "c0", "Ann", "42")
    assert first.kind is ReplyKind.IMPORTED and first.collected_at == NOW
    assert first.mentions == (LED, ROLLER)
    assert second.mentions == () and second.created_at is None and second.kind is ReplyKind.COMMENT
    assert store.stored_replies_naming(["c1", "c2"]) == {"c1": True, "c2": False}
    # the leaderboard's rows: one per mention, the reader by user id, seen when written
    got = list(mentions.rows_since(store, 0, until=mentions.state(store).seq))
    assert [(row[3], row[4], row[5], row[6], row[7], row[8]) for row in got] == [
        ("LED mask", "light", "CurrentBody", "dislikes", True, "id:42"),
        ("Jade roller", "roller", None, "mentions", False, "id:42"),
    ]
    seen = got[0][9]
    seen = datetime.fromisoformat(seen) if isinstance(seen, str) else seen
    assert seen.replace(tzinfo=seen.tzinfo or UTC) == datetime(2025, 3, 1, 9, 30, 5, 123456, tzinfo=UTC)
    assert mentions.in_step(store)


def test_a_batch_stores_only_what_is_new_and_counts_it(store: Store) -> None:
    store.add_replies([Reply(platform_id="old", text="my LED mask", username="Bo", mentions=(LED,))])
    batch = [
        Reply(platform_id="new", text="jade roller", username="Cy", collected_at=NOW, mentions=(ROLLER,)),
        Reply(platform_id="old", text="again", mentions=(ROLLER,)),  # stored before: kept as it was
        Reply(platform_id="new", text="twice in one batch", mentions=(LED,)),  # the first one wins
        Reply(platform_id="plain", text="thanks"),
    ]
    assert store.add_replies(batch) == 2
    stored = {r.platform_id: r for r in store.list_replies()}
    assert [r.platform_id for r in store.list_replies()] == ["old", "new", "plain"]
    assert stored["old"].text == "my LED mask" and stored["old"].mentions == (LED,)
    assert stored["new"].text == "jade roller" and stored["new"].mentions == (ROLLER,)
    readers = [(row[3], row[8]) for row in mentions.rows_since(store, 0, until=mentions.state(store).seq)]
    assert readers == [("LED mask", "u:bo"), ("Jade roller", "u:cy")]
    assert store.count_replies() == 3 and mentions.in_step(store)
    assert store.add_replies(batch) == 0


def test_a_naive_time_is_refused_and_nothing_is_stored(store: Store) -> None:
    with pytest.raises(ValueError, match="no time zone"):
        store.add_replies([Reply(platform_id="c1", text="hi", created_at=datetime(2025, 3, 1, 9, 30))])
    assert store.count_replies() == 0
