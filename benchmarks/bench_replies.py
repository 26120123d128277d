"""Replies at scale: import and extract 100,000 replies, then export them as CSV.

Bars (docs/replies.md): import + extract <= 10 s; CSV export <= 3 s. Prints what it measured,
also the re-import of the same file (every row already stored: skipped before any extraction, so a
small fraction of the first import).
Run: python benchmarks/bench_replies.py [--count N] [--database-url URL]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tipqueue.replies.export import export_replies
from tipqueue.replies.gadgets import default_matcher
from tipqueue.replies.importer import import_replies
from tipqueue.scheduler.store import Store

OPENERS = ["", "Honestly ", "omg ", "Ok so ", "For me ", "Hands down ", "Not gonna lie, ", ""]
BODIES = [
    "I love my {g}",
    "my {g} is the best thing I've bought",
    "I returned my {g}, did nothing",
    "{g} every morning ✨",
    "has anyone tried the {g}?",
    "the {g} is overrated imo",
    "great post, thank you doctor",
    "Botox is my only gadget lol",
    "{g} and a good sunscreen 🙌",
    "wouldn't recommend the {g}",
]
GADGETS = [
    "NuFace mini",
    "Foreo Luna 3",
    "Clarisonic",
    "jade roller",
    "gua sha",
    "CurrentBody LED mask",
    "Omnilux contour",
    "ZIIP",
    "dermaplaning razor",
    "derma roller",
    "ice roller",
    "Tripollar stop",
    "Philips Lumea",
    "Clarasonic",
    "nu-face trinity",
    "rose quartz roller",
    "facial steamer",
    "Dermaflash",
]


def make_file(path: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    with path.open("w", encoding="utf-8") as handle:
        for n in range(count):
            body = rng.choice(BODIES).format(g=rng.choice(GADGETS))
            text = f"{rng.choice(OPENERS)}{body} #{n % 977}"
            row = {
                "text": text,
                "username": f"reader{rng.randrange(count // 3 + 1)}",
                "created_at": (start + timedelta(seconds=37 * n)).isoformat(),
            }
            handle.write(json.dumps(row) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        source = work / "replies.jsonl"
        make_file(source, args.count)
        url = args.database_url or f"sqlite:///{work / 'bench.db'}"
        store = Store.open(url)
        default_matcher()  # the lexicon is loaded once per process; not part of the per-reply cost
        now = datetime.now(UTC)
        # Wall time, and CPU time of this process (what one core costs when others share the box).
        t0, c0 = time.perf_counter(), time.process_time()
        report = import_replies(store, source, now=now)
        t1, c1 = time.perf_counter(), time.process_time()
        again = import_replies(store, source, now=now)
        t2, c2 = time.perf_counter(), time.process_time()
        written = export_replies(store, work / "replies.csv", "csv")
        t3, c3 = time.perf_counter(), time.process_time()
        store.close()
        print(
            f"replies: {report.read:,} read, {report.added:,} stored, {report.with_gadgets:,} naming a gadget"
        )
        print(f"import + extract: {t1 - t0:.2f} s wall, {c1 - c0:.2f} s CPU   bar <= 10 s")
        print(
            f"re-import (all duplicates, {again.added} added): {t2 - t1:.2f} s wall, {c2 - c1:.2f} s CPU"
            f"   {(t2 - t1) / (t1 - t0):.0%} of the first import"
        )
        print(f"CSV export of {written:,} replies: {t3 - t2:.2f} s wall, {c3 - c2:.2f} s CPU   bar <= 3 s")
        matcher = default_matcher()
        texts = [
            json.loads(line)["text"] for line in source.read_text(encoding="utf-8").splitlines()[:20_000]
        ]
        t4 = time.process_time()
        for text in texts:
            matcher.find(text)
        t5 = time.process_time()
        print(f"extraction alone: {(t5 - t4) / len(texts) * 1e6:.1f} µs CPU per reply")


if __name__ == "__main__":
    main()
