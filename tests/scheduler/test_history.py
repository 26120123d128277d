"""A post's history reads as sentences in the account's zone, never as field diffs in UTC."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from tipqueue.config.settings import Settings
from tipqueue.scheduler import queue
from tipqueue.scheduler.history import sentence
from tipqueue.scheduler.store import Store

from tests.scheduler.test_store_kit import NOW, make_post

LA = ZoneInfo("America/Los_Angeles")


def lines(store: Store, post_id: str) -> list[str]:
    handles = {p.id: p.ref for p in store.list_posts()}
    return [sentence(e, LA, handles) for e in store.history(post_id)]


def test_every_change_reads_as_a_sentence_in_the_accounts_zone(
    queue_store: Store, settings: Settings
) -> None:
    first, second = NOW + timedelta(days=1), NOW + timedelta(days=2)  # 2026-03-03 and 04, 12:00 UTC
    queue_store.add_posts([make_post("a", scheduled_at=first), make_post("b", scheduled_at=second)], now=NOW)
    queue.move(queue_store, settings, "a", "2026-03-10 09:00", now=NOW)
    queue.edit_post(queue_store, settings, "a", now=NOW, caption="New words", hashtags=["glow"])
    queue.swap(queue_store, settings, "a", "b", now=NOW)
    claimed = queue_store.claim("a", runner="cron@host", now=second, lease_seconds=600)
    assert claimed is not None
    queue_store.mark_failed(
        "a",
        runner="cron@host",
        error="Instagram said 500",
        next_attempt_at=second + timedelta(minutes=5),
        now=second,
    )
    queue.cancel(queue_store, ["a"], now=NOW)
    said = lines(queue_store, "a")
    assert said == [
        "Queued for Tue 3 Mar 04:00",
        "Moved to Tue 10 Mar 09:00",
        "Caption and hashtags edited",
        "Swapped times with F-2",
        "Publishing started by cron@host (attempt 1)",
        "Failed: Instagram said 500; retrying Wed 4 Mar 04:05",
        "Cancelled",
    ]
    assert not any("->" in line or "Z" in line.split()[-1] or "scheduled_at" in line for line in said)
