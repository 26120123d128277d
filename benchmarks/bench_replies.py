"""Replies at scale: import (with gadget extraction) and export (CSV, XLSX, JSON Lines), time and
peak memory, on SQLite and PostgreSQL, against a peer revision.

    python benchmarks/bench_replies.py [--counts 10000,100000] [--rounds 3] [--big 1000000]
        [--database-url postgresql://user@host/db] [--peer-rev REV] [--peer-big]
        [--formats csv,xlsx,jsonl,chart] [--no-import] [--workers N]

Every measurement is a child process (see peer.py) importing tipqueue from this working tree
("ours") or from the peer revision (default: the commit before the bulk paths were reworked),
interleaved round by round; time is measured inside the child around the one call, with the CPU
seconds of the child and of the worker processes it started (a big import finds gadgets in
worker processes; on a busy machine wall time mostly measures the other load). For an import,
"main/workers" splits that CPU between the importing process and its workers (all of them
together); with one worker per spare core, the larger of the two is the wall time an idle
machine would take, the critical path. Peak memory is
the child's maximum resident set (the interpreter, SQLAlchemy and the lexicon included), and for
an import with workers "+N": the largest worker's.
Imports go into a fresh store each run; exports read one store seeded per size by direct
inserts (replies with their gadgets already found), shared by both variants.

Bars (DESIGN.md, issue 21): 100k import <= 10 s, 100k CSV export <= 3 s; 1M replies import
<= 60 s and <= 300 MiB, export <= 300 MiB. --big runs once per variant (the peer only with
--peer-big: it holds every reply in memory).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import statistics
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench_import import fresh_store
from peer import run_child, spread, variants, which

PEER_REV = "17a3017"
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

IMPORT_CHILD = """
import inspect, resource, time
from datetime import datetime
from pathlib import Path
from tipqueue.replies.gadgets import default_matcher
from tipqueue.replies.importer import import_replies
from tipqueue.scheduler.store import Store
store = Store.open(ARGS["url"])
default_matcher()
extra = {}
if ARGS["workers"] is not None and "workers" in inspect.signature(import_replies).parameters:
    extra["workers"] = ARGS["workers"]
def cpu(who):
    used = resource.getrusage(who)
    return used.ru_utime + used.ru_stime
t0, m0, w0 = time.perf_counter(), cpu(resource.RUSAGE_SELF), cpu(resource.RUSAGE_CHILDREN)
report = import_replies(store, Path(ARGS["file"]), now=datetime.fromisoformat(ARGS["now"]), **extra)
t1, m1, w1 = time.perf_counter(), cpu(resource.RUSAGE_SELF), cpu(resource.RUSAGE_CHILDREN)
store.close()
worker_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"seconds": t1 - t0, "cpu": (m1 - m0) + (w1 - w0), "main_cpu": m1 - m0,
                  "worker_cpu": w1 - w0, "added": report.added, "worker_mib": worker_rss}))
"""

EXPORT_CHILD = """
import time
from pathlib import Path
from tipqueue.replies.export import export_replies
from tipqueue.scheduler.store import Store
store = Store.open(ARGS["url"])
t0, c0 = time.perf_counter(), time.process_time()
if ARGS["fmt"] == "chart":  # the leaderboard over every reply, drawn as the PNG
    from tipqueue.replies.chart import write_chart
    from tipqueue.replies.export import leaderboard
    rows = leaderboard(store)
    write_chart(rows, Path(ARGS["out"]))
    count = store.count_replies()
else:
    count = export_replies(store, Path(ARGS["out"]), ARGS["fmt"])
t1, c1 = time.perf_counter(), time.process_time()
store.close()
Path(ARGS["out"]).unlink()
print(json.dumps({"seconds": t1 - t0, "cpu": c1 - c0, "count": count}))
"""

#: Stores replies the way an import would leave them, without finding the gadgets again.
SEED_CHILD = """
import json as _json
from datetime import datetime
from pathlib import Path
from tipqueue.posts.models import Reply, ReplyKind
from tipqueue.replies.gadgets import default_matcher
from tipqueue.scheduler.store import Store
store = Store.open(ARGS["url"])
matcher = default_matcher()
now = datetime.fromisoformat(ARGS["now"])
found = {}
batch = []
with open(ARGS["file"], encoding="utf-8") as handle:
    for n, line in enumerate(handle):
        row = _json.loads(line)
        body = row["text"].rsplit(" #", 1)[0]
        if body not in found:
            found[body] = matcher.find(body)
        batch.append(Reply(platform_id=f"seed:{n}", text=row["text"], kind=ReplyKind.IMPORTED,
                           username=row["username"], created_at=datetime.fromisoformat(row["created_at"]),
                           collected_at=now, mentions=found[body]))
        if len(batch) == 20000:
            store.add_replies(batch)
            batch = []
if batch:
    store.add_replies(batch)
print(json.dumps({"stored": store.count_replies()}))
store.close()
"""


def make_file(path: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    with path.open("w", encoding="utf-8") as handle:
        for n in range(count):
            body = rng.choice(BODIES).format(g=rng.choice(GADGETS))
            row = {
                "text": f"{rng.choice(OPENERS)}{body} #{n % 977}",
                "username": f"reader{rng.randrange(count // 3 + 1)}",
                "created_at": (start + timedelta(seconds=37 * n)).isoformat(),
            }
            handle.write(json.dumps(row) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--counts", default="10000,100000")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--big", type=int, default=0, help="also this many replies, one round (e.g. 1000000)")
    parser.add_argument("--peer-big", action="store_true", help="run the peer at --big too")
    parser.add_argument(
        "--formats", default="csv,xlsx,jsonl,chart", help="exports to run (chart: the PNG; '' for none)"
    )
    parser.add_argument("--no-import", action="store_true", help="measure the exports only")
    parser.add_argument(
        "--workers", type=int, default=None, help="gadget-finding processes of our import (default: its own)"
    )
    parser.add_argument("--database-url", default=os.environ.get("TIPQUEUE_TEST_DATABASE_URL"))
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--postgresql-only", action="store_true")
    parser.add_argument("--peer-rev", default=PEER_REV)
    args = parser.parse_args()
    plan = [(int(c), args.rounds) for c in args.counts.split(",") if c]
    if args.big:
        plan.append((args.big, 1))
    formats = [f for f in args.formats.split(",") if f]
    operations = ([] if args.no_import else ["import"]) + [f"export {f}" for f in formats]
    backends: list[tuple[str, str | None]] = [] if args.postgresql_only else [("sqlite", None)]
    if args.database_url and not args.sqlite_only:
        backends.append(("postgresql", args.database_url))
    now = datetime.now(UTC).isoformat()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        roots = variants(args.peer_rev, work)
        for name, root in roots.items():
            print(f"{name}: {which(root)}")
        print(
            "\ntime: wall seconds inside the child; cpu: the child's and its worker processes' CPU "
            "seconds; MiB: the child's peak RSS (+ its largest worker's, for an import with workers)"
        )
        print(
            f"\n{'backend':<10} {'replies':>9} {'operation':<12} {'peer s':>22} {'ours s':>22} {'ours/peer':>9} "
            f"{'peer cpu s':>22} {'ours cpu s':>22} {'peer MiB':>16} {'ours MiB':>20}"
        )
        for backend, base in backends:
            for count, rounds in plan:
                source = work / f"replies-{count}.jsonl"
                if not source.exists():
                    make_file(source, count)
                runs = ["ours"] if count == args.big and not args.peer_big else ["peer", "ours"]
                results: dict[tuple[str, str], list[tuple[float, float, float, float]]] = {}
                split: dict[str, list[tuple[float, float]]] = {}
                with contextlib.ExitStack() as stack:
                    # each variant exports from a store its own code seeded (and migrated): the
                    # peer revision cannot open a store at a newer revision
                    seeded: dict[str, str] = {}
                    for variant in runs if formats else []:
                        seeded[variant] = stack.enter_context(fresh_store(base, work))
                        run_child(
                            roots[variant],
                            SEED_CHILD,
                            {"url": seeded[variant], "file": str(source), "now": now},
                        )
                    for _round in range(rounds):
                        for variant in runs:
                            if not args.no_import:
                                with fresh_store(base, work) as url:
                                    out, rss = run_child(
                                        roots[variant],
                                        IMPORT_CHILD,
                                        {
                                            "url": url,
                                            "file": str(source),
                                            "now": now,
                                            "workers": args.workers if variant == "ours" else None,
                                        },
                                    )
                                assert out["added"] == count, out
                                results.setdefault(("import", variant), []).append(
                                    (out["seconds"], out["cpu"], rss, out["worker_mib"])
                                )
                                # the peer's import may predate the split (older child output)
                                split.setdefault(variant, []).append(
                                    (out.get("main_cpu", float("nan")), out.get("worker_cpu", float("nan")))
                                )
                            for fmt in formats:
                                out, rss = run_child(
                                    roots[variant],
                                    EXPORT_CHILD,
                                    {
                                        "url": seeded[variant],
                                        "out": str(work / ("out.png" if fmt == "chart" else f"out.{fmt}")),
                                        "fmt": fmt,
                                    },
                                )
                                assert out["count"] == count, out
                                results.setdefault((f"export {fmt}", variant), []).append(
                                    (out["seconds"], out.get("cpu", float("nan")), rss, 0.0)
                                )
                for operation in operations:
                    print(f"{backend:<10} {count:>9,} {operation:<12} {_row(results, operation)}", flush=True)
                for variant, values in split.items():
                    main_cpu = statistics.median(m for m, _ in values)
                    worker_cpu = statistics.median(w for _, w in values)
                    print(
                        f"{'':<10} {'':>9} import cpu, {variant}: main {main_cpu:.1f} s / workers "
                        f"{worker_cpu:.1f} s (medians), critical path {max(main_cpu, worker_cpu):.1f} s",
                        flush=True,
                    )


def _row(results: dict[tuple[str, str], list[tuple[float, float, float, float]]], operation: str) -> str:
    peer_v = results.get((operation, "peer"), [])
    ours_v = results[(operation, "ours")]
    ratio = ""
    if peer_v:
        ratio = f"{statistics.median(s for s, *_ in ours_v) / statistics.median(s for s, *_ in peer_v):.2f}x"

    def mib(values: list[tuple[float, float, float, float]]) -> str:
        text = spread([m for _, _, m, _ in values], digits=0)
        workers = [w for *_, w in values if w]
        return text + (f" +{max(workers):.0f}" if workers else "") if values else text

    return (
        f"{spread([s for s, *_ in peer_v]):>22} {spread([s for s, *_ in ours_v]):>22} {ratio:>9} "
        f"{spread([c for _, c, *_ in peer_v]):>22} {spread([c for _, c, *_ in ours_v]):>22} "
        f"{mib(peer_v):>16} {mib(ours_v):>20}"
    )


if __name__ == "__main__":
    main()
