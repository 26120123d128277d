"""Backing up and restoring a SQLite store of 100,000 posts (and 100,000 replies).

    python benchmarks/bench_backup.py [--posts 100000] [--rounds 5]

Peer, measured in the same run and interleaved round by round: a plain copy of tipqueue.db
(what an operator would do without `tipqueue db backup`; it misses what sits in the WAL while
the store is in use). Prints medians with min-max and the ratio of backup to the plain copy,
then the time of one restore (checks, migration check, .bak copy, rename).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_store import NOW, fill
from tipqueue.posts.models import Reply, ReplyKind
from tipqueue.scheduler.backup import backup, restore
from tipqueue.scheduler.store import Store


def add_replies(store: Store, count: int) -> None:
    for start in range(0, count, 10_000):
        store.add_replies(
            [
                Reply(
                    f"c{n}",
                    f"I love my LED mask, day {n}",
                    ReplyKind.COMMENT,
                    "post-000001",
                    username=f"reader{n % 5000}",
                    created_at=NOW - timedelta(minutes=n),
                )
                for n in range(start, min(count, start + 10_000))
            ]
        )


def stats(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} s (min {min(values):.3f}, max {max(values):.3f})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db_file = folder / "tipqueue.db"
        url = f"sqlite:///{db_file}"
        store = Store.open(url)
        started = time.perf_counter()
        fill(store, args.posts)
        add_replies(store, args.posts)
        store.close()
        print(
            f"filled {args.posts:,} posts and {args.posts:,} replies in {time.perf_counter() - started:.1f} s"
        )
        print(f"store size: {db_file.stat().st_size / 1e6:.1f} MB")
        ours: list[float] = []
        plain: list[float] = []
        for i in range(args.rounds):
            target = folder / f"backup-{i}.db"
            t = time.perf_counter()
            done = backup(url, target)
            ours.append(time.perf_counter() - t)
            t = time.perf_counter()
            shutil.copyfile(db_file, folder / f"copy-{i}.db")
            plain.append(time.perf_counter() - t)
            (folder / f"copy-{i}.db").unlink()
            if i:
                target.unlink()
        assert done.summary is not None and done.summary.posts == args.posts
        print(
            f"tipqueue db backup: {stats(ours)}  ({args.rounds} rounds; backup file {done.size / 1e6:.1f} MB)"
        )
        print(f"plain file copy:    {stats(plain)}")
        print(
            f"ratio backup / plain copy (medians): {statistics.median(ours) / statistics.median(plain):.1f}x"
        )
        t = time.perf_counter()
        result = restore(url, folder / "backup-0.db", force=True)
        print(
            f"tipqueue db restore (--force, keeping a .bak): {time.perf_counter() - t:.3f} s, {result.summary.posts:,} posts"
        )


if __name__ == "__main__":
    main()
