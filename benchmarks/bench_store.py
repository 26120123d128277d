"""Store with 100,000 posts: how long finding the due posts and listing the next 20 take.

    python benchmarks/bench_store.py [--posts 100000] [--postgresql postgresql://user@host/db]

SQLite runs in a temporary file; PostgreSQL (when given, or from TIPQUEUE_TEST_DATABASE_URL)
in a temporary schema that is dropped afterwards. Prints the median and worst of 50 runs each.
Bar (DESIGN.md): each <= 50 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from tipqueue.posts.models import Post, PostKind, PostStatus, Slide
from tipqueue.scheduler.store import Store, normalise_url

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
RUNS = 50


def fill(store: Store, count: int) -> None:
    store.ensure_account("clinic", username="clinic.demo", timezone="Europe/London", now=NOW)
    # most posts are history (published), a few are due, the rest are queued for the future
    posts = []
    for n in range(count):
        if n % 10 < 7:
            status, at = PostStatus.PUBLISHED, NOW - timedelta(minutes=n)
        elif n % 100 == 99:
            status, at = PostStatus.SCHEDULED, NOW - timedelta(seconds=n)
        else:
            status, at = PostStatus.SCHEDULED, NOW + timedelta(minutes=n)
        posts.append(
            Post(
                id=f"post-{n:06d}",
                kind=PostKind.TIP,
                series_label="1/1",
                quote="q",
                caption=f"Caption {n} #skincare",
                slides=(Slide("q", "alt"),),
                account="clinic",
                status=status,
                scheduled_at=at,
            )
        )
    for i in range(0, count, 10_000):
        store.add_posts(posts[i : i + 10_000], now=NOW - timedelta(days=1))


def measure(label: str, fn: object) -> tuple[float, float]:
    assert callable(fn)
    fn()  # warm
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def bench(url: str, label: str, count: int) -> None:
    store = Store.open(url)
    try:
        start = time.perf_counter()
        fill(store, count)
        fill_s = time.perf_counter() - start
        due = store.due_posts(NOW, limit=100)
        nxt = store.list_posts(statuses={PostStatus.SCHEDULED}, after=NOW, limit=20)
        assert len(due) == 100 and len(nxt) == 20
        d_med, d_max = measure("due", lambda: store.due_posts(NOW, limit=100))
        n_med, n_max = measure(
            "next", lambda: store.list_posts(statuses={PostStatus.SCHEDULED}, after=NOW, limit=20)
        )
        print(f"{label}: {count:,} posts stored in {fill_s:.1f} s")
        print(f"  due_posts(now, limit=100):   median {d_med:6.2f} ms, worst {d_max:6.2f} ms  (bar 50 ms)")
        print(f"  list_posts(next 20):         median {n_med:6.2f} ms, worst {n_max:6.2f} ms  (bar 50 ms)")
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--postgresql", default=os.environ.get("TIPQUEUE_TEST_DATABASE_URL"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bench(f"sqlite:///{Path(tmp) / 'bench.db'}", "SQLite", args.posts)
    if not args.postgresql:
        print("PostgreSQL: skipped (pass --postgresql URL or set TIPQUEUE_TEST_DATABASE_URL)")
        return
    from sqlalchemy import create_engine, text

    schema = f"tq_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(normalise_url(args.postgresql))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        sep = "&" if "?" in args.postgresql else "?"
        bench(f"{args.postgresql}{sep}options={quote(f'-csearch_path={schema}')}", "PostgreSQL", args.posts)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    main()
