"""The graph backend's costs, each beside its instagrapi/sandbox peer measured in the same run.

1. `tipqueue publish-due` with nothing due, as cron starts it (a real subprocess each time): a
   graph workspace (the token file is read; httpx, boto3, SQLAlchemy stay unloaded) against a
   sandbox workspace.
2. Posts per second through the engine: the graph backend (containers, two status polls, the
   quota read, media_publish; every image fetched by the Graph fake from `tipqueue web`) against
   instagrapi through the sandbox fake. Loopback only; no delays.

    python benchmarks/bench_graph.py [--runs 15] [--posts 40]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tipqueue.instagram.connect import connector
from tipqueue.instagram.fake.server import FakeInstagram
from tipqueue.scheduler.publish import LazyPublishers, publish_due

from tests.scheduler.test_publish_kit import (
    ACCOUNT,
    TIPQUEUE_BIN,
    cli_env,
    graph_workspace,
    make_post,
    open_store,
    write_sandbox_workspace,
)


def nothing_due(workspaces: list[Path], runs: int) -> list[float]:
    """Median wall time of each workspace's run, the runs interleaved (the machine's load hits both)."""
    times: list[list[float]] = [[] for _ in workspaces]
    for _ in range(runs):
        for i, ws in enumerate(workspaces):
            start = time.perf_counter()
            done = subprocess.run(
                [TIPQUEUE_BIN, "publish-due"], cwd=ws, env=cli_env(ws), capture_output=True, text=True
            )
            times[i].append(time.perf_counter() - start)
            assert done.returncode == 0 and done.stdout == "", done.stderr
    return [statistics.median(t) for t in times]


def throughput(settings: object, store: object, folder: Path, count: int) -> float:
    now = datetime.now(UTC)
    store.add_posts(
        [make_post(folder, f"p{i:03d}", at=now - timedelta(minutes=1)) for i in range(count)], now=now
    )  # type: ignore[attr-defined]
    start = time.perf_counter()
    report = publish_due(
        store, LazyPublishers([ACCOUNT], connector(settings)), now=now, settings=settings, runner_id="bench"
    )  # type: ignore[arg-type]
    elapsed = time.perf_counter() - start
    assert report.published == count, report.summary()
    return count / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--posts", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        gdb = f"sqlite:///{root / 'g' / 'tipqueue.db'}"
        (root / "g").mkdir()
        gstore = open_store(gdb)
        fake_g, gsettings, stop = graph_workspace(root / "g", gdb)
        with FakeInstagram(username=ACCOUNT) as fake_s:
            (root / "s").mkdir()
            sdb = f"sqlite:///{root / 's' / 'tipqueue.db'}"
            ssettings = write_sandbox_workspace(root / "s", fake_s, sdb)
            sstore = open_store(sdb)
            try:
                g_idle, s_idle = nothing_due([root / "g", root / "s"], args.runs)
                print(
                    f"publish-due, nothing due (median of {args.runs}): graph {g_idle * 1000:.0f} ms, "
                    f"sandbox {s_idle * 1000:.0f} ms, ratio {g_idle / s_idle:.2f}"
                )
                g_rate = throughput(gsettings, gstore, root / "gp", args.posts)
                s_rate = throughput(ssettings, sstore, root / "sp", args.posts)
                print(
                    f"publishing {args.posts} due posts in one pass: graph {g_rate:.1f} posts/s "
                    f"({len(fake_g.fetches)} images fetched from tipqueue web), instagrapi/sandbox "
                    f"{s_rate:.1f} posts/s, ratio {g_rate / s_rate:.2f}"
                )
            finally:
                sstore.close()
                gstore.close()
                stop()


if __name__ == "__main__":
    main()
