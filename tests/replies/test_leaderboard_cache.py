"""The leaderboard a request sees: ranked once per replies version, never stale after a write
when ranking is quick, and never making a page wait when it is slow."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event
from tipqueue.posts.models import GadgetMention, Reply, ReplyKind, Stance
from tipqueue.replies import leaderboard as cache
from tipqueue.replies.export import leaderboard
from tipqueue.replies.leaderboard import by_version, current_leaderboard
from tipqueue.scheduler.store import Store


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    cache.forget()
    yield
    cache.forget()


def _naming(n: int, gadget: str) -> Reply:
    mention = GadgetMention(gadget, "microcurrent", Stance.RECOMMENDS, gadget.lower(), brand="NuFace")
    return Reply(
        f"c{n}", f"I love my {gadget}", ReplyKind.COMMENT, None, username=f"reader{n}", mentions=(mention,)
    )


def _reply_reads(store: Store) -> tuple[list[str], Any]:
    seen: list[str] = []

    def record(_c: Any, _cur: Any, statement: str, *_rest: Any) -> None:
        if "FROM replies" in statement and "replies_state" not in statement:
            seen.append(statement)

    event.listen(store._engine, "before_cursor_execute", record)
    return seen, record


def test_the_board_is_ranked_once_and_again_after_any_reply_write(store: Store) -> None:
    store.add_replies([_naming(1, "NuFace Mini"), _naming(2, "NuFace Mini"), _naming(3, "NuFace Trinity")])
    first = current_leaderboard(store)
    assert [(r.gadget, r.people) for r in first] == [("NuFace Mini", 2), ("NuFace Trinity", 1)]
    seen, record = _reply_reads(store)
    try:
        assert current_leaderboard(store) == first
        assert seen == []  # nothing changed: only the version was read, no reply
        store.add_replies([_naming(4, "NuFace Trinity"), _naming(5, "NuFace Trinity")])
        after_add = current_leaderboard(store)
        assert seen  # the replies changed: ranked again
    finally:
        event.remove(store._engine, "before_cursor_execute", record)
    assert [(r.gadget, r.people) for r in after_add] == [("NuFace Trinity", 3), ("NuFace Mini", 2)]
    assert after_add == leaderboard(store)
    store.set_reply_mentions({"c4": (), "c5": ()})  # a lexicon change re-found fewer gadgets
    assert [(r.gadget, r.people) for r in current_leaderboard(store)] == [
        ("NuFace Mini", 2),
        ("NuFace Trinity", 1),
    ]
    by_brand = current_leaderboard(store, by="brand")
    assert [(r.gadget, r.people) for r in by_brand] == [("NuFace", 3)]


def test_a_slow_ranking_is_redone_in_the_background_while_pages_get_the_last_one(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "WAIT_S", 0.05)
    started = threading.Event()
    release = threading.Event()
    calls: list[int] = []

    def slow_count() -> int:
        calls.append(1)
        if len(calls) > 1:
            started.set()
            release.wait(10)
        else:
            time.sleep(0.1)  # the first ranking is slow: later ones go to the background
        return store.count_replies()

    assert by_version(store, "count", slow_count) == 0
    store.add_replies([_naming(1, "NuFace Mini")])
    begun = time.perf_counter()
    assert by_version(store, "count", slow_count) == 0  # the last result, at once
    assert time.perf_counter() - begun < 1
    assert started.wait(5)  # ... while the new one is being ranked
    assert by_version(store, "count", slow_count) == 0 and len(calls) == 2  # not ranked twice
    release.set()
    for _ in range(100):
        if by_version(store, "count", slow_count) == 1:
            break
        time.sleep(0.05)
    assert by_version(store, "count", slow_count) == 1 and len(calls) == 2
