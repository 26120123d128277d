"""Results computed from the stored replies, kept until the replies change.

Ranking a million replies from scratch takes seconds (the whole store's leaderboard is counted
incrementally instead, see replies.board, so after a change it costs what changed); the dashboard asks for the leaderboard on every page
view. The store's ``replies_state`` version goes up with every write to the replies (a
trigger's, whichever code writes), so a result computed at version v is current while the
version is still v: one indexed read of one row per request decides.

While one request recomputes after a change, concurrent requests for the same result get the
previous one (current a moment ago) instead of queueing behind it or computing it again; a
request with nothing cached computes (or waits for the one computing). When computing took
longer than ``WAIT_S`` last time (a million replies: a minute), the request that finds the
replies changed gets the previous result too, and the new one is computed in the background,
so no page waits for a ranking while there is one to show. Up to ``KEEP`` results are kept,
least recently used first out.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from tipqueue.replies.export import GadgetRow
    from tipqueue.scheduler.store import Store

T = TypeVar("T")
KEEP = 64
#: A result that took longer than this to compute is recomputed in the background.
WAIT_S = 1.0

_guard = threading.Lock()
_kept: OrderedDict[tuple[Hashable, ...], tuple[int, Any]] = OrderedDict()
_computing: dict[tuple[Hashable, ...], threading.Lock] = {}
_took: dict[tuple[Hashable, ...], float] = {}


def by_version(
    store: Store, what: Hashable, compute: Callable[[], T], *, slow: Callable[[], bool] | None = None
) -> T:
    """``compute()``'s result for ``what`` over the stored replies, computed again only after
    the replies changed.

    ``slow`` says whether computing now will be slow (default: whether it was last time)."""
    key = (store.url, what)
    version = store.replies_state()[0]
    with _guard:
        hit = _kept.get(key)
        if hit is not None:
            _kept.move_to_end(key)
            if hit[0] == version:
                return hit[1]  # type: ignore[no-any-return]
        lock = _computing.setdefault(key, threading.Lock())
        took = _took.get(key, 0.0)
    slow_now = (slow() if slow is not None else took > WAIT_S) if hit is not None else False
    if hit is not None and slow_now:
        if lock.acquire(blocking=False):
            threading.Thread(target=_refresh, args=(store, key, compute, lock), daemon=True).start()
        return hit[1]  # type: ignore[no-any-return]
    if not lock.acquire(blocking=hit is None):
        return hit[1]  # type: ignore[index,no-any-return]
    try:
        with _guard:
            again = _kept.get(key)
        if again is not None and again[0] >= version:
            return again[1]  # type: ignore[no-any-return]
        return _compute(store, key, compute)
    finally:
        lock.release()


def _compute(store: Store, key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    # the version is read before the replies: a write landing meanwhile gives a result newer
    # than its version says, which the next request computes again (never an older one)
    version = store.replies_state()[0]
    started = time.perf_counter()
    value = compute()
    with _guard:
        _took[key] = time.perf_counter() - started
        _kept[key] = (version, value)
        _kept.move_to_end(key)
        while len(_kept) > KEEP:
            _kept.popitem(last=False)
    return value


def _refresh(
    store: Store, key: tuple[Hashable, ...], compute: Callable[[], object], lock: threading.Lock
) -> None:
    try:
        _compute(store, key, compute)
    except Exception:
        with _guard:
            _took.pop(key, None)
    finally:
        lock.release()


def forget() -> None:
    """Drop every kept result (for tests that rebuild a database in place)."""
    from tipqueue.replies import board, counting, recent_names

    with _guard:
        _kept.clear()
        _took.clear()
    board.forget()
    counting.forget()
    recent_names.forget()


def current_leaderboard(
    store: Store, *, by: str = "gadget", post_id: str | None = None, wait: bool = True
) -> list[GadgetRow]:
    """The leaderboard over the stored replies (see :func:`replies.export.leaderboard`), ranked
    again only when the replies changed since it was last ranked.

    The whole store's board adds up only the gadgets written since it was last ranked
    (replies.board); when it must be counted from the first row, or the mention rows made
    after an upgrade, that is done in the background (replies.counting): ``wait=False`` gets
    the board counted before (empty the first time) unless the count ends within a second of
    its start.
    One post's board is kept the same way, from that post's rows."""
    from tipqueue.replies import board, counting
    from tipqueue.replies.export import check_rollup

    check_rollup(by)
    if post_id is None:
        kept = board.board_of(store, by)
        job = counting.counting(store, by)
        if job is not None and not job.wait(by, None if wait else WAIT_S):
            return kept.ranked
        # adding what an import wrote takes milliseconds: only a count from the first row (after
        # a removal, a lexicon change) is left to the background
        return by_version(
            store,
            ("leaderboard", by, None),
            lambda: kept.update(store),
            slow=lambda: kept.full_took > WAIT_S and kept.recounts(store),
        )
    post_id = store.resolve([post_id])[0]
    mine = board.board_of(store, by, post_id)
    return by_version(
        store,
        ("leaderboard", by, post_id),
        lambda: mine.update(store),
        slow=lambda: mine.full_took > WAIT_S and mine.recounts(store),
    )
