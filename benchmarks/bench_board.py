"""The leaderboard a request gets right after an import, counted incrementally (replies.board),
against ranking every stored reply again (replies.export.leaderboard, what a request cost before).

    python benchmarks/bench_board.py [--replies 100000,1000000] [--rounds 5]
        [--postgresql URL] [--only sqlite|postgresql]

For each size the store is seeded with set-based SQL (benchmarks/store_seed.py), which writes
round the store: the first request makes the mention rows of those replies (the cost an
upgrade to revision 0009 pays once) and counts the board from the first row (the first request
of a new process). Then, round by round, 1,000 new replies are stored through the store (as an
import or a collection does) and the next request is timed: ours adds the new rows, the peer
ranks everything again. Warm: a request with nothing changed. Wall and CPU milliseconds,
medians with min-max; ours and the peer are checked to give the same board.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from store_seed import NOW, _gadget_rows, pg_schema, seed_replies
from tipqueue.posts.models import GadgetMention, Reply, ReplyKind, Stance
from tipqueue.replies import board
from tipqueue.replies.export import leaderboard
from tipqueue.replies.leaderboard import current_leaderboard, forget
from tipqueue.scheduler import mentions
from tipqueue.scheduler.store import Store

IMPORT = 1000


def timed(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn()
    return value, (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def fmt(values: list[float]) -> str:
    if len(values) == 1:
        return f"{values[0]:9.1f}"
    return f"{statistics.median(values):9.1f} ({min(values):.1f}-{max(values):.1f})"


def new_replies(first: int) -> list[Reply]:
    """``IMPORT`` replies as an import stores them: 60 % naming a gadget, readers seen before."""
    gadgets = _gadget_rows()
    stances = (Stance.RECOMMENDS, Stance.MENTIONS, Stance.DISLIKES)
    out = []
    for n in range(first, first + IMPORT):
        name, category, brand = gadgets[(n * 7) % len(gadgets)]
        named = n % 5 >= 2
        mention = GadgetMention(name, category, stances[n % 3], name.lower(), brand=brand)
        out.append(
            Reply(
                f"new{n}",
                f"Reply {n}: mine is the best thing I bought this year.",
                ReplyKind.IMPORTED,
                "post-0",
                username=f"reader{(n * 31) % 5000}",
                user_id=f"u{(n * 31) % 5000}",
                created_at=NOW + timedelta(minutes=n % 600),
                collected_at=NOW,
                mentions=(mention,) if named else (),
            )
        )
    return out


def bench(url: str, label: str, sizes: list[int], rounds: int) -> None:
    store = Store.open(url)
    have = added = 0
    try:
        for size in sizes:
            while have < size:
                step = min(250_000, size - have)
                seed_replies(store, step, start=have)
                have += step
            store.refresh_stats()
            forget()
            print(f"{label}, {size:,} replies:", flush=True)
            _, wall, cpu = timed(lambda: mentions.rebuild(store))
            print(
                f"    mention rows made (once, after writes round the store) {wall:9.0f} ms wall {cpu:9.0f} ms cpu"
            )
            ours, wall, cpu = timed(lambda: current_leaderboard(store))
            print(
                f"    first request of a process (counted from row 1)       {wall:9.0f} ms wall {cpu:9.0f} ms cpu"
            )
            peer, pwall, pcpu = timed(lambda: leaderboard(store))
            assert ours == peer and ours, "ours and the peer disagree"
            print(
                f"    peer: every reply ranked again                          {pwall:9.0f} ms wall {pcpu:9.0f} ms cpu"
            )
            after: dict[str, list[float]] = {"wall": [], "cpu": [], "peer wall": [], "peer cpu": []}
            peer_rounds = rounds if size < 1_000_000 else 1
            for r in range(rounds):
                store.add_replies(new_replies(added))
                added += IMPORT
                have += IMPORT
                ours, wall, cpu = timed(lambda: current_leaderboard(store))
                after["wall"].append(wall)
                after["cpu"].append(cpu)
                if r < peer_rounds:
                    peer, pwall, pcpu = timed(lambda: leaderboard(store))
                    assert ours == peer, "ours and the peer disagree after an import"
                    after["peer wall"].append(pwall)
                    after["peer cpu"].append(pcpu)
            print(
                f"    request after an import of {IMPORT:,}: ours {fmt(after['wall'])} ms wall, "
                f"{fmt(after['cpu'])} ms cpu | peer {fmt(after['peer wall'])} ms wall, "
                f"{fmt(after['peer cpu'])} ms cpu | {rounds} rounds (peer {peer_rounds})",
                flush=True,
            )
            warm = [timed(lambda: current_leaderboard(store))[1] for _ in range(20)]
            print(f"    warm request (nothing changed): {fmt(warm)} ms wall", flush=True)
            assert board.rank(store) == current_leaderboard(store)
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--replies", default="100000")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    parser.add_argument("--postgresql", default=os.environ.get("TIPQUEUE_TEST_DATABASE_URL"))
    args = parser.parse_args()
    sizes = sorted(int(x) for x in args.replies.split(",") if x)
    with tempfile.TemporaryDirectory() as tmp:
        if args.only in (None, "sqlite"):
            bench(f"sqlite:///{Path(tmp) / 'bench.db'}", "SQLite", sizes, args.rounds)
        if args.only == "sqlite":
            return
        if not args.postgresql:
            print("PostgreSQL: skipped (pass --postgresql URL or set TIPQUEUE_TEST_DATABASE_URL)")
            return
        with pg_schema(args.postgresql) as url:
            bench(url, "PostgreSQL", sizes, args.rounds)


if __name__ == "__main__":
    main()
