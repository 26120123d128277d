"""The dashboard's names the lexicon lacks, kept over a window of the latest replies that is moved
on by each import (replies.recent_names), list the same names as reading the latest replies again."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from tipqueue.posts.models import Reply, ReplyKind
from tipqueue.replies import recent_names
from tipqueue.replies.discovery import unknown_names
from tipqueue.replies.gadgets import default_matcher
from tipqueue.scheduler.signoffs import prune_replies
from tipqueue.scheduler.store import Store

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
TEXTS = (
    "I love my QykSonic Zoe brush, so gentle",
    "the pore vacuum by Blipsy gave me a hickey",
    "Remington Reveal FC1000 was fine",
    "my Glowra Luma mask broke after a week",
    "NuFace mini every morning",
)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = Store.open(db_url)
    yield opened
    opened.close()


def _batch(first: int, count: int, *, days_ago: int = 0) -> list[Reply]:
    when = T0 - timedelta(days=days_ago)
    return [
        Reply(
            f"c{n}",
            TEXTS[n % len(TEXTS)] + ("" if n % 3 else f" (and the Veltro V{n} wand)"),
            ReplyKind.COMMENT,
            "post-1",
            username=f"reader{n % 7}",
            created_at=when + timedelta(minutes=n),
            collected_at=when + timedelta(minutes=n),
        )
        for n in range(first, first + count)
    ]


def test_the_window_lists_what_a_full_read_of_the_latest_replies_lists(store: Store) -> None:
    matcher = default_matcher()
    window = recent_names.Window(matcher, size=25)

    def full() -> list[object]:
        latest = store.list_replies(newest_first=True, limit=25)
        return unknown_names(latest, matcher, samples=1)

    store.add_replies(_batch(0, 10, days_ago=30))
    assert window.names(store) == full()
    store.add_replies(_batch(10, 12))  # the window is not full yet
    assert window.names(store) == full()
    store.add_replies(_batch(22, 9))  # older replies leave the window
    moved = window.names(store)
    assert moved == full()
    assert any(name.name.startswith("Veltro V3") for name in moved)  # only in the newest replies
    # replies removed (retention): the window is read again and no longer counts them
    pruned = prune_replies(store, keep_days=7, now=T0 + timedelta(days=1))
    assert pruned.deleted == 10
    store.add_replies(_batch(31, 3))
    assert window.names(store) == full()
