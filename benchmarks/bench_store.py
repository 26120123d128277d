"""The store's reads at 1k to 1M posts and 10k to 1M replies, each beside its peer.

    python benchmarks/bench_store.py [--posts 1000,10000,100000] [--replies 10000,100000]
        [--postgresql URL] [--rounds 15] [--only sqlite|postgresql]

Each operation is timed beside a peer, interleaved round by round (the order alternates), and
printed as the median with min-max and the ratio peer/ours:

- due posts (100) and next 20: ours on the indexes; peer the same query on the plan it got
  without statistics (a scan: SQLite ``NOT INDEXED``, PostgreSQL with index scans disabled).
- status: ``status_summary``; peer the previous one (every post from two days ago on, counts
  grouped over the posts).
- one calendar week: the week's range and the posts waiting for a slot; peer all of the
  account's posts (what the page read before).
- queue list page: 100 posts from the middle of the queue (a key seek); peer the whole open
  queue, of which the page was cut.
- leaderboard: ours as a request sees it (ranked once per replies version: one indexed read of
  the version), and ours ranked cold (streamed in batches); peer every reply loaded and ranked.
  Peak memory (the peak RSS of a process doing only that, beside an idle one) for cold and peer.

The stores are filled with set-based SQL (benchmarks/store_seed.py) and grow from one size to
the next. SQLite runs in a temporary file; PostgreSQL (when given, or from
TIPQUEUE_TEST_DATABASE_URL) in a temporary schema dropped afterwards. Slow peers get fewer
rounds (a budget of about 20 s per operation and size; at least one).
Bar (DESIGN.md): every per-request operation <= 50 ms at 1,000,000 posts.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import text
from store_seed import ACCOUNT, NOW, pg_schema, seed_posts, seed_replies
from tipqueue.config.settings import Settings, load_settings
from tipqueue.posts.models import EDITABLE_STATUSES, PostStatus
from tipqueue.replies.export import leaderboard, rank_gadgets
from tipqueue.replies.leaderboard import current_leaderboard, forget
from tipqueue.scheduler import db
from tipqueue.scheduler.queue import HOLDS_TIME, OPEN_STATUSES, queue_page, status_summary
from tipqueue.scheduler.store import Store, _post

from tipqueue.web.calendar import build_calendar, calendar_bounds
from tipqueue.web.pages import CALENDAR_MAX, UNSCHEDULED_SHOWN

BUDGET_S = 20.0
ZONE = ZoneInfo("Europe/London")


# --- peers: the earlier code, or the same query on a scan ---


@contextmanager
def _scan(store: Store) -> Iterator[Any]:
    with store._tx() as conn:
        if store.dialect == "postgresql":
            for knob in ("enable_indexscan", "enable_bitmapscan", "enable_indexonlyscan"):
                conn.exec_driver_sql(f"SET LOCAL {knob} = off")
        yield conn


def _scan_query(store: Store, where: str, order: str, limit: int, params: dict[str, Any]) -> list[Any]:
    hint = " NOT INDEXED" if store.dialect == "sqlite" else ""
    with _scan(store) as conn:
        columns = ", ".join(c.name for c in db.posts.c)
        query = text(f"SELECT {columns} FROM posts{hint} WHERE {where} ORDER BY {order} LIMIT {limit}")
        rows = conn.execute(query.columns(*db.posts.c), params)
        return [_post(r) for r in rows]


def _t(store: Store, value: datetime) -> Any:
    return value.replace(tzinfo=None).isoformat(" ", "microseconds") if store.dialect == "sqlite" else value


def peer_due(store: Store) -> list[Any]:
    where = "due_at <= :now AND status IN ('scheduled', 'failed', 'publishing')"
    return _scan_query(store, where, "due_at, id", 100, {"now": _t(store, NOW)})


def peer_next(store: Store) -> list[Any]:
    return _scan_query(
        store, "status = 'scheduled' AND scheduled_at > :now", "scheduled_at, id", 20, {"now": _t(store, NOW)}
    )


def peer_status(store: Store, settings: Settings) -> None:
    """The status summary as it was: the posts holding a time from two days ago on, loaded and
    filtered for today; counts grouped over the posts; due posts loaded to be counted."""
    for state in store.list_accounts():
        store.list_posts(statuses={PostStatus.SCHEDULED}, account=state.name, after=NOW, limit=1)
        today = NOW.astimezone(ZONE).date()
        held = store.list_posts(statuses=HOLDS_TIME, account=state.name, after=NOW - timedelta(days=2))
        [p for p in held if p.scheduled_at is not None and p.scheduled_at.astimezone(ZONE).date() == today]
        with store._tx() as conn:
            conn.execute(
                text("SELECT status, count(*) FROM posts WHERE account = :a GROUP BY status"),
                {"a": state.name},
            ).all()
    store.list_posts(statuses={PostStatus.SCHEDULED}, after=NOW, limit=5)
    len(store.due_posts(NOW, limit=1000))
    store.list_posts(statuses={PostStatus.FAILED}, limit=20)
    store.list_posts(statuses={PostStatus.NEEDS_ATTENTION}, limit=20)
    store.list_posts(statuses={PostStatus.PUBLISHING}, limit=20)


def ours_week(store: Store) -> Any:
    anchor = NOW.astimezone(ZONE).date()
    start, end = calendar_bounds("week", anchor, ZONE)
    shown = store.list_posts(account=ACCOUNT, since=start, until=end, limit=CALENDAR_MAX)
    store.list_posts(statuses=EDITABLE_STATUSES, account=ACCOUNT, scheduled=False, limit=UNSCHEDULED_SHOWN)
    return build_calendar("week", anchor, ZONE, shown, anchor)


def peer_week(store: Store) -> Any:
    anchor = NOW.astimezone(ZONE).date()
    shown = [
        p for p in store.list_posts(account=ACCOUNT) if p.status is not PostStatus.CANCELLED or p.scheduled_at
    ]
    [p for p in shown if p.scheduled_at is None and p.status in EDITABLE_STATUSES]
    return build_calendar("week", anchor, ZONE, shown, anchor)


def peer_queue_page(store: Store, middle: str) -> list[Any]:
    posts = store.list_posts(statuses=OPEN_STATUSES)
    at = next(i for i, p in enumerate(posts) if p.id == middle)
    return posts[at : at + 100]


def peer_leaderboard(store: Store) -> list[Any]:
    return rank_gadgets(store.list_replies())


# --- timing ---


def _same_ids(a: Any, b: Any) -> bool:
    return [p.id for p in a] == [p.id for p in b] and bool(a)


def _slots(calendar: Any) -> list[list[str]]:
    return [[s.post.id for s in day.slots] for week in calendar.weeks for day in week if day.slots]


def _ms(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def _fmt(times: list[float]) -> str:
    return f"{statistics.median(times):9.2f} [{min(times):.2f}-{max(times):.2f}]"


def duel(
    label: str,
    ours: Callable[[], object],
    peer: Callable[[], object] | None,
    rounds: int,
    same: Callable[[Any, Any], bool] | None = None,
) -> float:
    """Time ``ours`` and ``peer`` interleaved round by round; print; return our median (ms).

    The first round's results are compared with ``same`` (both must give what a person sees);
    slow peers get fewer rounds (``BUDGET_S``), at least one; ours always gets ``rounds``
    (interleaved with the peer's while it has rounds, then on its own).
    """
    mine: list[float] = []
    theirs: list[float] = []
    cpu: list[float] = []  # our process's CPU time (on PostgreSQL the server's is not in it)
    start, start_cpu = time.perf_counter(), time.process_time()
    got = ours()
    mine.append((time.perf_counter() - start) * 1000)
    cpu.append((time.process_time() - start_cpu) * 1000)
    if peer is not None:
        start = time.perf_counter()
        expected = peer()
        theirs.append((time.perf_counter() - start) * 1000)
        if same is not None:
            assert same(got, expected), f"{label}: ours and the peer disagree"
    n = max(1, min(rounds, int(BUDGET_S * 1000 / max(theirs[0] if theirs else mine[0], 1.0))))
    for r in range(1, max(n, rounds)):
        pair = [("ours", ours), ("peer", peer)] if r % 2 == 0 else [("peer", peer), ("ours", ours)]
        for who, fn in pair:
            if fn is None or (who == "peer" and r >= n):
                continue
            if who == "ours":
                start_cpu = time.process_time()
                mine.append(_ms(fn))
                cpu.append((time.process_time() - start_cpu) * 1000)
            else:
                theirs.append(_ms(fn))
    # the first round also warmed caches and the planner: leave it out when there are more
    if len(mine) > 2:
        mine, cpu = mine[1:], cpu[1:]
    if len(theirs) > 2:
        theirs = theirs[1:]
    median = statistics.median(mine)
    line = f"    {label:<26} ours {_fmt(mine)} ms (CPU {statistics.median(cpu):.2f})"
    if theirs:
        ratio = statistics.median(theirs) / max(median, 1e-6)
        line += f" | peer {_fmt(theirs)} ms | peer/ours {ratio:8.1f}x | {len(mine)}/{len(theirs)} rounds"
    print(line, flush=True)
    return median


def rss_of(url: str, what: str) -> float:
    """Peak RSS (MiB) of a fresh process that opens the store and does ``what``."""
    code = (
        "import re\n"
        "from tipqueue.scheduler.store import Store\n"
        "from tipqueue.replies.export import leaderboard, rank_gadgets\n"
        f"s = Store.open({url!r})\n"
        f"w = {what!r}\n"
        "if w == 'cold': leaderboard(s)\n"
        "elif w == 'peer': rank_gadgets(s.list_replies())\n"
        # VmHWM: this process's own peak (ru_maxrss would carry the parent's over exec)
        "hwm = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())\n"
        "print(int(hwm.group(1)) / 1024)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


# --- the run ---


def _settings(url: str, folder: Path) -> Settings:
    return load_settings(
        folder,
        overrides={
            "database_url": url,
            "accounts": {
                ACCOUNT: {"username": "clinic.demo", "timezone": "Europe/London", "slots": ["daily 09:00"]}
            },
        },
        environ={},
        check_files=False,
    )


def bench(
    url: str, label: str, post_sizes: list[int], reply_sizes: list[int], rounds: int, folder: Path
) -> None:
    store = Store.open(url)
    settings = _settings(url, folder)
    try:
        have = 0
        for size in post_sizes:
            start = time.perf_counter()
            while have < size:
                step = min(250_000, size - have)
                seed_posts(store, step, start=have)
                have += step
            store.refresh_stats()
            print(f"{label}, {size:,} posts (seeded in {time.perf_counter() - start:.1f} s):", flush=True)
            duel(
                "due posts (100)",
                lambda: store.due_posts(NOW, limit=100),
                lambda: peer_due(store),
                rounds,
                same=_same_ids,
            )
            duel(
                "next 20",
                lambda: store.list_posts(statuses={PostStatus.SCHEDULED}, after=NOW, limit=20),
                lambda: peer_next(store),
                rounds,
                same=_same_ids,
            )
            duel(
                "status",
                lambda: status_summary(store, settings, now=NOW),
                lambda: peer_status(store, settings),
                rounds,
            )
            duel(
                "one calendar week",
                lambda: ours_week(store),
                lambda: peer_week(store),
                rounds,
                same=lambda a, b: _slots(a) == _slots(b) and bool(_slots(a)),
            )
            first = queue_page(store, limit=100)
            middle = queue_page(store, limit=1000, start=first.next).posts[-1]  # a page further in
            mid = middle.id
            duel(
                "queue list page (100)",
                lambda mid=mid: queue_page(store, limit=100, start=mid).posts,  # type: ignore[misc]
                lambda mid=mid: peer_queue_page(store, mid),  # type: ignore[misc]
                rounds,
                same=_same_ids,
            )
        replies = 0
        for size in reply_sizes:
            start = time.perf_counter()
            while replies < size:
                step = min(250_000, size - replies)
                seed_replies(store, step, start=replies)
                replies += step
            store.refresh_stats()
            print(f"{label}, {size:,} replies (seeded in {time.perf_counter() - start:.1f} s):", flush=True)
            # nothing kept: the first request ranks while it waits (later changes are ranked in
            # the background when ranking is slow, and a request gets the previous board meanwhile)
            forget()
            cold = _ms(lambda: current_leaderboard(store))
            duel(
                "leaderboard per request",
                lambda: current_leaderboard(store),
                lambda: peer_leaderboard(store),
                rounds,
                same=lambda a, b: a == b and bool(a),
            )
            if size < 1_000_000:  # at a million the first request above was the cold ranking
                duel("leaderboard ranked cold", lambda: leaderboard(store), None, 3)
            base, ours_mb, peer_mb = rss_of(url, "none"), rss_of(url, "cold"), rss_of(url, "peer")
            print(
                f"    leaderboard memory (peak RSS)      idle {base:.0f} MiB | ranked cold {ours_mb:.0f} MiB"
                f" | peer {peer_mb:.0f} MiB (first request after a change: {cold:.0f} ms)",
                flush=True,
            )
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--posts", default="1000,10000,100000")
    parser.add_argument("--replies", default="10000,100000")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    parser.add_argument("--postgresql", default=os.environ.get("TIPQUEUE_TEST_DATABASE_URL"))
    args = parser.parse_args()
    posts = sorted(int(x) for x in args.posts.split(",") if x)
    replies = sorted(int(x) for x in args.replies.split(",") if x)
    with tempfile.TemporaryDirectory() as tmp:
        if args.only in (None, "sqlite"):
            bench(f"sqlite:///{Path(tmp) / 'bench.db'}", "SQLite", posts, replies, args.rounds, Path(tmp))
        if args.only == "sqlite":
            return
        if not args.postgresql:
            print("PostgreSQL: skipped (pass --postgresql URL or set TIPQUEUE_TEST_DATABASE_URL)")
            return
        with pg_schema(args.postgresql) as url:
            bench(url, "PostgreSQL", posts, replies, args.rounds, Path(tmp))


if __name__ == "__main__":
    main()
