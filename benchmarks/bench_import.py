"""Bulk queue writes: `queue import` per-post cost by file size, and successive `add_posts` batches.

    python benchmarks/bench_import.py [--sizes 1000,10000,100000] [--peer-sizes 1000,2000]
        [--rounds 3] [--database-url postgresql://user@host/db] [--peer-rev REV]

Each measurement is a child process importing tipqueue either from this working tree ("ours")
or from the peer revision REV (default: the commit before the bulk paths were reworked),
interleaved round by round. Times are measured inside the child around the one call; a fresh
store (SQLite file, or a PostgreSQL schema dropped afterwards) per run.

Goal (issue 21): import linear in the rows, per-post cost at 100k within 1.5x of at 1k; the
peer grows super-linearly, so it runs at the small sizes only (--peer-sizes).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import string
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from peer import run_child, spread, variants, which
from store_seed import pg_schema

PEER_REV = "17a3017"
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
CONFIG = """
default_account = "clinic"
[accounts.clinic]
username = "clinic.demo"
timezone = "UTC"  # no clock changes: every generated wall time exists once
slots = ["daily 09:00,18:30"]
daily_cap = 48
min_spacing_minutes = 30
"""

IMPORT_CHILD = """
import time
from datetime import datetime
from pathlib import Path
from tipqueue.config.settings import load_settings
from tipqueue.scheduler.store import Store
try:
    from tipqueue.scheduler.queue_file import import_queue
except ImportError:
    from tipqueue.scheduler.queue import import_queue
settings = load_settings(Path(ARGS["workspace"]), overrides={"database_url": ARGS["url"]}, environ={})
store = Store.open(ARGS["url"])
now = datetime.fromisoformat(ARGS["now"])
t0 = time.perf_counter()
result = import_queue(store, settings, Path(ARGS["file"]), now=now)
t1 = time.perf_counter()
store.close()
print(json.dumps({"seconds": t1 - t0, "added": len(result.added)}))
"""

ADD_CHILD = """
import time
from datetime import datetime, timedelta
from tipqueue.posts.models import Post, PostKind, PostStatus, Slide
from tipqueue.scheduler.store import Store
store = Store.open(ARGS["url"])
now = datetime.fromisoformat(ARGS["now"])
store.ensure_account("clinic", username="clinic.demo", timezone="Europe/London", now=now)
times = []
size = ARGS["batch"]
for b in range(ARGS["batches"]):
    posts = [
        Post(id=f"p-{b}-{n:06d}", kind=PostKind.TIP, series_label="1/1", quote="q", caption=f"Caption {n}",
             slides=(Slide("q", "alt"),), account="clinic", status=PostStatus.SCHEDULED,
             scheduled_at=now + timedelta(minutes=b * size + n), article_slug=ARGS["slugs"][b * 1000 + n // 10], position=n % 10 + 1)
        for n in range(size)
    ]
    t0 = time.perf_counter()
    store.add_posts(posts, now=now)
    times.append(time.perf_counter() - t0)
store.close()
print(json.dumps({"batches": times}))
"""


def make_file(path: Path, count: int, card: Path) -> None:
    """``count`` new posts with one rendered card each (the same file): four in five scheduled at
    a pinned local time, half an hour apart (100,000 posts within the 10 years ahead an import
    accepts), one in five a draft."""
    start = datetime(2026, 7, 1, 0, 0)
    slides = json.dumps([{"text": "Relax the brow", "alt_text": "A quote card", "image": str(card)}])
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["id", "status", "local_time", "caption", "hashtags", "slides", "article_slug", "position"]
        )
        for n in range(count):
            scheduled = n % 5 != 4
            when = (start + timedelta(minutes=30 * n)).strftime("%Y-%m-%d %H:%M") if scheduled else ""
            writer.writerow(
                [
                    f"imp-{n:07d}",
                    "scheduled" if scheduled else "draft",
                    when,
                    f"Tip {n}: relax the brow before the cream.",
                    "skincare glow",
                    slides,
                    _slug(n // 8),
                    n % 8 + 1,
                ]
            )


def _slug(series: int) -> str:
    """A slug of three words whose initials vary (articles about different things), so series
    codes rarely clash; clashing initials have their own cost (see handles.series_code)."""
    rng = random.Random(series)
    return (
        "-".join("".join(rng.choice(string.ascii_lowercase) for _ in range(5)) for _ in range(3))
        + f"-{series}"
    )


@contextmanager
def fresh_store(base: str | None, folder: Path) -> Iterator[str]:
    if base is None:
        path = folder / f"{uuid.uuid4().hex[:8]}.db"
        try:
            yield f"sqlite:///{path}"
        finally:
            for extra in folder.glob(f"{path.name}*"):
                extra.unlink()
        return
    with pg_schema(base) as url:
        yield url


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--peer-sizes", default="1000,2000")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database-url", default=os.environ.get("TIPQUEUE_TEST_DATABASE_URL"))
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--postgresql-only", action="store_true")
    parser.add_argument("--peer-rev", default=PEER_REV)
    parser.add_argument("--add-batches", type=int, default=5, help="successive 10k add_posts batches")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    peer_sizes = {int(s) for s in args.peer_sizes.split(",") if s}
    backends: list[tuple[str, str | None]] = [] if args.postgresql_only else [("sqlite", None)]
    if args.database_url and not args.sqlite_only:
        backends.append(("postgresql", args.database_url))
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        roots = variants(args.peer_rev, work)
        for name, root in roots.items():
            print(f"{name}: {which(root)}")
        workspace = work / "ws"
        workspace.mkdir()
        (workspace / "tipqueue.toml").write_text(CONFIG, encoding="utf-8")
        from PIL import Image

        card = workspace / "card.jpg"
        Image.new("RGB", (1080, 1350), "#d8c8b8").save(card, "JPEG", quality=80)
        files = {}
        for size in sizes:
            files[size] = work / f"queue-{size}.csv"
            make_file(files[size], size, card)
        for backend, base in backends:
            print(
                f"\n== queue import ({backend}): per-post cost, median (min-max) of {args.rounds} rounds =="
            )
            per_post: dict[tuple[str, int], list[float]] = {}
            for size in sizes:
                for _round in range(args.rounds if size <= 10_000 else 1):  # big files once: shared cores
                    for variant in ("peer", "ours"):
                        if variant == "peer" and size not in peer_sizes:
                            continue
                        with fresh_store(base, work) as url:
                            out, _rss = run_child(
                                roots[variant],
                                IMPORT_CHILD,
                                {
                                    "workspace": str(workspace),
                                    "url": url,
                                    "file": str(files[size]),
                                    "now": NOW.isoformat(),
                                },
                            )
                        assert out["added"] == size, out
                        per_post.setdefault((variant, size), []).append(out["seconds"] / size * 1e6)
            print(f"{'posts':>8} {'peer µs/post':>26} {'ours µs/post':>26} {'ours/peer':>9}")
            for size in sizes:
                peer_v, ours_v = per_post.get(("peer", size), []), per_post[("ours", size)]
                ratio = (
                    (sorted(ours_v)[len(ours_v) // 2] / sorted(peer_v)[len(peer_v) // 2]) if peer_v else None
                )
                print(
                    f"{size:>8,} {spread(peer_v, digits=0):>26} {spread(ours_v, digits=0):>26} "
                    f"{'' if ratio is None else f'{ratio:.2f}x':>9}"
                )
            first, last = sizes[0], sizes[-1]
            med = {s: sorted(per_post[("ours", s)])[len(per_post[("ours", s)]) // 2] for s in (first, last)}
            print(
                f"ours: per-post cost at {last:,} is {med[last] / med[first]:.2f}x that at {first:,} (goal <= 1.5x)"
            )

            print(
                f"\n== add_posts ({backend}): {args.add_batches} successive 10,000-post batches, seconds each =="
            )
            batches: dict[str, list[list[float]]] = {"peer": [], "ours": []}
            for _round in range(args.rounds):
                for variant in ("peer", "ours"):
                    with fresh_store(base, work) as url:
                        out, _rss = run_child(
                            roots[variant],
                            ADD_CHILD,
                            {
                                "url": url,
                                "now": NOW.isoformat(),
                                "batch": 10_000,
                                "batches": args.add_batches,
                                "slugs": [_slug(i) for i in range(1_000 * args.add_batches)],
                            },
                        )
                    batches[variant].append(out["batches"])
            for variant in ("peer", "ours"):
                cols = [spread([r[i] for r in batches[variant]]) for i in range(args.add_batches)]
                print(f"{variant:>5}: " + " | ".join(cols))


if __name__ == "__main__":
    main()
