"""The whole store's leaderboard counted in the background when that takes a while, so no
dashboard page waits for it.

Two things cost time in proportion to the store rather than to what changed: making the
mention rows of replies stored before revision 0009 (or written round the store), a minute at
a million replies, and counting a board from the first row (the first board of a process,
a few seconds at a million). :func:`counting` starts a thread per store that does both for
the roll-ups asked for, one after the other; meanwhile the page shows the board counted before
(none, the first time) and :func:`notice` says how far the count is. `tipqueue web` starts it
when the server starts, so the count is usually done before the first page asks.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tipqueue.replies import board
from tipqueue.scheduler import mentions

if TYPE_CHECKING:
    from tipqueue.scheduler.store import Store

#: A board counted from the first row faster than this last time is counted by the request.
SLOW_S = 1.0


@dataclass
class Counting:
    """The count under way for one store: what it does now and how far it got."""

    phase: str = "rows"  # "rows": making the mention rows; "count": adding them up
    done: int = 0
    total: int = 0
    error: str | None = None
    wanted: list[str] = field(default_factory=list)  # roll-ups to count, in the order asked
    counted: set[str] = field(default_factory=set)
    changed: threading.Condition = field(default_factory=threading.Condition)
    started: float = field(default_factory=time.monotonic)

    def wait(self, by: str, timeout: float | None) -> bool:
        """Whether the ``by`` board is counted (or the count stopped) within ``timeout`` seconds
        of the count's start (None: however long it takes); a request arriving later than that
        does not wait at all."""
        if timeout is not None:
            timeout = max(0.0, self.started + timeout - time.monotonic())
        with self.changed:
            return self.changed.wait_for(lambda: by in self.counted or self.error is not None, timeout)

    def tick(self, phase: str, done: int, total: int) -> None:
        self.phase, self.done, self.total = phase, done, total


_guard = threading.Lock()
_jobs: dict[str, Counting] = {}


def _needed(store: Store, kept: board.Board) -> bool:
    state = mentions.state(store)
    if not state.in_step:
        return True
    never = kept.seq == 0 and state.seq > 0
    return never or (kept.full_took > SLOW_S and kept.recounts(store, state))


def counting(store: Store, by: str = "gadget") -> Counting | None:
    """The count under way for the store, with the ``by`` board among what it counts (started
    now when the mention rows must be made or the board must be counted from the first row);
    None when the board only needs what was written since it was last counted."""
    kept = board.board_of(store, by)
    with _guard:
        job = _jobs.get(store.url)
        if job is not None and job.error is not None:
            del _jobs[store.url]  # shown once; the next request starts again
            return job
        if job is not None:
            if by in job.counted:
                return None
            if by not in job.wanted:
                job.wanted.append(by)
            return job
    if not _needed(store, kept):
        return None
    with _guard:
        job = _jobs.get(store.url)
        if job is None:
            job = _jobs[store.url] = Counting(wanted=[by])
            threading.Thread(target=_work, args=(store, job), name="tipqueue-board", daemon=True).start()
        elif by not in job.wanted and by not in job.counted:
            job.wanted.append(by)
        return job


def _work(store: Store, job: Counting) -> None:
    try:
        board.ready(store, progress=lambda done, total: job.tick("rows", done, total))
        while True:
            with _guard:
                left = [by for by in job.wanted if by not in job.counted]
                if not left:
                    _jobs.pop(store.url, None)
                    break
            job.tick("count", 0, 0)
            board.board_of(store, left[0]).update(
                store, progress=lambda done, total: job.tick("count", done, total)
            )
            with job.changed:
                job.counted.add(left[0])
                job.changed.notify_all()
    except Exception as exc:  # shown on the page; the request after starts again
        with job.changed:
            job.error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            job.changed.notify_all()


def notice(store: Store) -> str | None:
    """What the replies page says while the store's leaderboard is counted in the background."""
    with _guard:
        job = _jobs.get(store.url)
    if job is None:
        return None
    if job.error:
        return f"counting the leaderboard stopped: {job.error}; reload to try again"
    if job.phase == "rows":
        progress = f"{job.done:,} of {job.total:,} replies read" if job.total else "starting"
        return (
            f"preparing the leaderboard (the gadgets of replies stored before this version, or "
            f"written round tipqueue, counted once): {progress}; the leaderboard appears when done"
        )
    progress = f"{100 * job.done // job.total}% done" if job.total else "starting"
    return f"counting the leaderboard: {progress}; it appears when done"


def forget() -> None:
    """Forget counts under way (for tests that rebuild a database in place)."""
    with _guard:
        _jobs.clear()
