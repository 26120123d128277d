"""The dashboard under load: 10 concurrent requests against a real `tipqueue web` server.

    python benchmarks/bench_web.py [--posts 100000] [--replies 1000000] [--rounds 10]
        [--postgresql URL] [--only sqlite|postgresql]

A workspace with a store of ``--posts`` posts and ``--replies`` replies (set-based SQL, see
benchmarks/store_seed.py) is served by `tipqueue web` in its own process. Each round sends 10
requests at once of one kind, the kinds in turn: the week calendar, the /replies page (its first
page, and a page deep in the replies through the Older link), the leaderboard (JSON API), and as
the peer the dashboard's favicon (the same server answering without touching the store: what a
request costs at all at this concurrency). Prints p50 and p99 per kind with the ratio to the
peer, the server's own CPU time per request of each kind (from /proc: what a request costs
when it does not wait for a core), the machine's load average, the first leaderboard request
(counted from the first row, once per server process), and the server's peak memory; then, once a round, 1,000
new replies are stored and 10 requests for the leaderboard and /replies go at once (the board
after an import: counted from the new rows); its server CPU includes the 3 s after each burst
(what the server then does in the background, such as the names the lexicon lacks).
Bar (issue 21): calendar, replies and leaderboard p99 <= 300 ms at 10 concurrent with 100k posts
and 1M replies.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
from bench_board import new_replies
from bench_store import pg_schema
from store_seed import ACCOUNT, NOW, seed
from tipqueue.scheduler import mentions
from tipqueue.scheduler.store import Store

CONCURRENT = 10
SETTLE_S = 3.0  # after each burst following an import: the server's background work counts too


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _workspace(folder: Path, url: str) -> None:
    (folder / "tipqueue.toml").write_text(
        f'database_url = "{url}"\ndefault_account = "{ACCOUNT}"\n\n'
        f'[accounts.{ACCOUNT}]\nusername = "clinic.demo"\ntimezone = "Europe/London"\n'
        'slots = ["daily 09:00"]\nbackend = "sandbox"\n',
        encoding="utf-8",
    )


@contextmanager
def server(folder: Path) -> Iterator[tuple[str, int]]:
    port = _free_port()
    tipqueue = Path(sys.executable).with_name("tipqueue")
    proc = subprocess.Popen(
        [str(tipqueue), "--workspace", str(folder), "web", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(base + "/favicon.ico", timeout=1)
                break
            except httpx.HTTPError:
                if proc.poll() is not None:
                    why = proc.stderr.read().decode() if proc.stderr else ""
                    raise SystemExit(f"tipqueue web exited: {why}") from None
                time.sleep(0.2)
        yield base, proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def peak_mib(pid: int) -> float:
    found = re.search(r"VmHWM:\s+(\d+)", Path(f"/proc/{pid}/status").read_text())
    return int(found.group(1)) / 1024 if found else float("nan")


def cpu_ms(pid: int) -> float:
    """CPU time (user + system) the process has used, in ms."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def _pct(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def bench(url: str, label: str, posts: int, replies: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if url.startswith("sqlite"):
            url = f"sqlite:///{folder / 'tipqueue.db'}"
        store = Store.open(url)
        start = time.perf_counter()
        seed(store, posts=posts, replies=replies)
        seeded = time.perf_counter() - start
        start = time.perf_counter()
        mentions.rebuild(store)  # the seed writes round the store: its mention rows, made once
        store.close()
        print(
            f"{label}: {posts:,} posts, {replies:,} replies (seeded in {seeded:.0f} s, "
            f"mention rows made in {time.perf_counter() - start:.0f} s)",
            flush=True,
        )
        _workspace(folder, url)
        with server(folder) as (base, pid), httpx.Client(base_url=base, timeout=600) as client:
            week = f"/calendar?view=week&date={NOW.date().isoformat()}"
            started = time.perf_counter()
            board = client.get("/api/replies/leaderboard")
            cold = time.perf_counter() - started
            assert board.status_code == 200 and board.json(), board.text[:200]
            first = client.get("/replies")
            older = re.search(r'href="(/replies\?page=2&amp;after=[^"]+)"', first.text)
            assert older, "no Older link on /replies"
            deep = older.group(1).replace("&amp;", "&")
            for path in (week, deep):
                assert client.get(path).status_code == 200
            kinds = {
                "calendar week": [week],
                "/replies (page 1, page 2 by its link)": ["/replies", deep],
                "leaderboard (API)": ["/api/replies/leaderboard"],
                "peer: /favicon.ico": ["/favicon.ico"],
            }
            times: dict[str, list[float]] = {k: [] for k in kinds}
            spent: dict[str, float] = dict.fromkeys(kinds, 0.0)

            def one(path: str) -> float:
                t = time.perf_counter()
                response = client.get(path)
                assert response.status_code == 200, (path, response.status_code)
                return (time.perf_counter() - t) * 1000

            with ThreadPoolExecutor(CONCURRENT) as pool:
                for r in range(rounds):
                    order = list(kinds) if r % 2 == 0 else list(reversed(kinds))
                    for kind in order:
                        paths = kinds[kind]
                        batch = [paths[i % len(paths)] for i in range(CONCURRENT)]
                        before = cpu_ms(pid)
                        times[kind] += list(pool.map(one, batch))
                        spent[kind] += cpu_ms(pid) - before
                # right after an import: 1,000 replies stored through the store (as an import
                # does), then 10 requests at once for the leaderboard and the replies page
                after = "leaderboard + /replies right after an import of 1,000"
                times[after] = []
                spent[after] = 0.0
                writer = Store.open(url)
                try:
                    for r in range(rounds):
                        writer.add_replies(new_replies(10_000_000 + r * 1000))
                        batch = ["/api/replies/leaderboard", "/replies"] * (CONCURRENT // 2)
                        before = cpu_ms(pid)
                        times[after] += list(pool.map(one, batch))
                        time.sleep(SETTLE_S)  # what the server does in the background after the burst
                        spent[after] += cpu_ms(pid) - before
                finally:
                    writer.close()
            peer = statistics.median(times["peer: /favicon.ico"])
            for kind, got in times.items():
                p50, p99 = statistics.median(got), _pct(got, 0.99)
                print(
                    f"    {kind:<40} p50 {p50:8.1f} ms  p99 {p99:8.1f} ms  (min {min(got):.1f}, max {max(got):.1f};"
                    f" p50 {p50 / peer:5.1f}x the peer's; server CPU {spent[kind] / len(got):.1f} ms a request;"
                    f" {len(got)} requests)",
                    flush=True,
                )
            print(
                f"    load average {' / '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores;"
                f" first leaderboard after the replies changed (ranked cold): {cold:.1f} s;"
                f" server peak memory {peak_mib(pid):.0f} MiB",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--replies", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    parser.add_argument("--postgresql", default=os.environ.get("TIPQUEUE_TEST_DATABASE_URL"))
    args = parser.parse_args()
    if args.only in (None, "sqlite"):
        bench("sqlite", "SQLite", args.posts, args.replies, args.rounds)
    if args.only == "sqlite":
        return
    if not args.postgresql:
        print("PostgreSQL: skipped (pass --postgresql URL or set TIPQUEUE_TEST_DATABASE_URL)")
        return
    with pg_schema(args.postgresql) as url:
        bench(url, "PostgreSQL", args.posts, args.replies, args.rounds)


if __name__ == "__main__":
    main()
