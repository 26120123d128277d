"""The cron tick and publishing, each measured against a peer in the same run, round by round.

1. `tipqueue publish-due` with nothing due (1,000 future posts queued), as cron starts it, on
   SQLite and on PostgreSQL, against a bare interpreter start (`python -c pass`): wall and CPU
   time per whole process, medians with min-max, and the ratio to the bare start (bar: <= 4x).
   ``--before PYTHON`` adds the same commands run by another installation (e.g. an older commit).
2. A few other commands (`--help`, `queue --help`, `status`) and which heavy modules each loads.
3. Publishing through the loopback fake Instagram with the real instagrapi client: one card per
   call, the card's own bytes (when they meet the limits) against instagrapi's re-encoding of
   the same card, alternating which goes first each round.

    python benchmarks/bench_publish.py [--rounds 15] [--queued 1000] [--publish-rounds 20]
        [--pg-url postgresql://postgres@127.0.0.1:5432/test] [--before /path/to/python]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

from store_seed import pg_schema
from tipqueue.config.settings import load_settings
from tipqueue.instagram.client import session_path, write_session
from tipqueue.instagram.fake.server import FakeInstagram
from tipqueue.posts import cards
from tipqueue.posts.models import Post, PostKind, PostStatus, Slide
from tipqueue.scheduler.store import Store

ACCOUNT = "clinic"
BIN = Path(sys.executable).parent
HEAVY = ("pydantic", "pydantic_settings", "sqlalchemy", "instagrapi", "httpx", "psycopg", "typer")


def env_for(ws: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(ws),
        "TIPQUEUE_HOME": str(ws),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
    }


def make_workspace(root: Path, name: str, fake: FakeInstagram, db_url: str, card: Path, queued: int) -> Path:
    ws = root / name
    ws.mkdir()
    (ws / "tipqueue.toml").write_text(
        f"database_url = {json.dumps(db_url)}\n"
        f'default_account = "{ACCOUNT}"\n\n[accounts.{ACCOUNT}]\nusername = "{ACCOUNT}"\n'
        f'backend = "sandbox"\nsandbox_url = "{fake.base_url}"\ndelay_range = [0.0, 0.0]\n',
        encoding="utf-8",
    )
    write_session(session_path(ws / "sessions", ACCOUNT), fake.issue_session(ACCOUNT))
    store = Store.open(db_url)
    now = datetime.now(UTC)
    store.ensure_account(ACCOUNT, username=ACCOUNT, timezone="UTC", now=now)
    future = [
        Post(
            id=f"{name}-{i:05d}",
            kind=PostKind.TIP,
            series_label=f"{i}/{queued}",
            quote=f"Tip {i}",
            caption=f"future tip {i}: relax your jaw. #skincare",
            slides=(Slide(text=f"Tip {i}", alt_text=f"Card {i}", image=card),),
            account=ACCOUNT,
            status=PostStatus.SCHEDULED,
            scheduled_at=now + timedelta(days=1, minutes=30 * i),
        )
        for i in range(queued)
    ]
    store.add_posts(future, now=now)
    store.close()
    return ws


def timed(command: list[str], ws: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one whole process; it must exit 0 and print nothing."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ws, env=env_for(ws), capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert result.returncode == 0 and (command[-1] != "publish-due" or result.stdout == ""), (
        command,
        result.stdout + result.stderr,
    )
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def loaded(python: str, ws: Path, *args: str) -> list[str]:
    code = "import sys; from tipqueue.cli import main; sys.argv[0] = 'tipqueue'; main()"
    probe = subprocess.run(
        [python, "-X", "importtime", "-c", code, *args],
        cwd=ws,
        env=env_for(ws),
        capture_output=True,
        text=True,
    )
    names = {line.rsplit("|", 1)[-1].strip() for line in probe.stderr.splitlines() if "|" in line}
    return [m for m in HEAVY if m in names]


def ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:6.1f} ms ({min(values) * 1000:.0f}-{max(values) * 1000:.0f})"


def interleave(
    cases: dict[str, tuple[list[str], Path]], rounds: int
) -> dict[str, tuple[list[float], list[float]]]:
    """Every case once per round, in a rotating order; (wall times, CPU times) per case."""
    out: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in cases}
    names = list(cases)
    for r in range(rounds):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            wall, cpu = timed(*cases[name])
            out[name][0].append(wall)
            out[name][1].append(cpu)
    return out


def report(results: dict[str, tuple[list[float], list[float]]], peer: str) -> dict[str, float]:
    base_wall, base_cpu = (statistics.median(v) for v in results[peer])
    ratios = {}
    for name, (wall, cpu) in results.items():
        ratio = statistics.median(wall) / base_wall
        ratios[name] = round(ratio, 2)
        print(
            f"  {name:28s} wall {ms(wall)}  cpu {ms(cpu)}  "
            f"x{ratio:4.1f} wall, x{statistics.median(cpu) / base_cpu:4.1f} cpu of {peer}"
        )
    return ratios


def publish_rounds(fake: FakeInstagram, ws: Path, card: Path, rounds: int) -> dict[str, list[float]]:
    """Seconds per publish_photo call: the card as it is, and re-encoded by instagrapi."""
    from tipqueue.instagram.connect import connect

    settings = load_settings(ws, environ={})
    account = connect(settings, ACCOUNT, environ={})
    as_is = lambda: account.publish_photo(card, "as rendered", alt_text="card")  # noqa: E731

    def re_encoded() -> Any:
        with mock.patch("tipqueue.instagram.upload.sendable_as_is", return_value=None):
            return account.publish_photo(card, "re-encoded", alt_text="card")

    variants: dict[str, Callable[[], Any]] = {
        "card bytes as they are": as_is,
        "instagrapi re-encodes": re_encoded,
    }
    times: dict[str, list[float]] = {name: [] for name in variants}
    as_is(), re_encoded()  # warm: connections, imports
    names = list(variants)
    for r in range(rounds):
        for name in names if r % 2 == 0 else names[::-1]:
            started = time.perf_counter()
            variants[name]()
            times[name].append(time.perf_counter() - started)
    sizes = {len(req.body) for req in fake.requests if req.path.startswith("/rupload_igphoto/")}
    print(f"  upload bodies seen: {sorted(sizes)} bytes (card file: {card.stat().st_size})")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="rounds of the process measurements")
    parser.add_argument("--queued", type=int, default=1000, help="future posts in each queue")
    parser.add_argument("--publish-rounds", type=int, default=20, help="rounds of the publish measurement")
    parser.add_argument("--pg-url", default=os.environ.get("TIPQUEUE_TEST_DATABASE_URL"), help="PostgreSQL")
    parser.add_argument("--before", help="another installation's python, run on the same workspaces")
    args = parser.parse_args()

    with (
        tempfile.TemporaryDirectory() as tmp,
        FakeInstagram(username=ACCOUNT) as fake,
        contextlib_pg(args.pg_url) as pg,
    ):
        root = Path(tmp)
        settings = load_settings(root, environ={}, check_files=False)
        post = Post(
            id="card",
            kind=PostKind.TIP,
            series_label="1/8",
            quote="Relax your jaw.",
            caption="c",
            slides=(Slide("Relax your jaw.", "alt"),),
        )
        card = root / "card.jpg"
        card.write_bytes(cards.render_card(post, 0, cards.load_layout("portrait"), settings))
        spaces = {
            "SQLite": make_workspace(
                root, "sqlite", fake, f"sqlite:///{root / 'sqlite.db'}", card, args.queued
            )
        }
        if pg is not None:
            spaces["PostgreSQL"] = make_workspace(root, "postgresql", fake, pg, card, args.queued)
        ours = str(BIN / "tipqueue")
        cases: dict[str, tuple[list[str], Path]] = {
            "bare `python -c pass`": ([sys.executable, "-c", "pass"], root)
        }
        for db, ws in spaces.items():
            subprocess.run(
                [ours, "publish-due"], cwd=ws, env=env_for(ws), check=True
            )  # settings checked once
            cases[f"publish-due, {db}"] = ([ours, "publish-due"], ws)
            if args.before:
                cases[f"before: publish-due, {db}"] = (
                    [str(Path(args.before).parent / "tipqueue"), "publish-due"],
                    ws,
                )

        print(f"1. publish-due with nothing due ({args.queued} future posts queued), {args.rounds} rounds:")
        ratios = report(interleave(cases, args.rounds), "bare `python -c pass`")
        for db, ws in spaces.items():
            print(
                f"  heavy modules loaded, {db}: {loaded(sys.executable, ws, 'publish-due') or 'none'}", end=""
            )
            print(f"; before: {loaded(args.before, ws, 'publish-due')}" if args.before else "")

        ws = spaces["SQLite"]
        others: dict[str, tuple[list[str], Path]] = {
            "bare `python -c pass`": ([sys.executable, "-c", "pass"], root)
        }
        for command in (["--help"], ["queue", "--help"], ["status"]):
            others[f"tipqueue {' '.join(command)}"] = ([ours, *command], ws)
            if args.before:
                others[f"before: {' '.join(command)}"] = (
                    [str(Path(args.before).parent / "tipqueue"), *command],
                    ws,
                )
        print(f"2. other commands, {max(5, args.rounds // 2)} rounds:")
        report(interleave(others, max(5, args.rounds // 2)), "bare `python -c pass`")
        for command in (["--help"], ["queue", "--help"], ["status"]):
            print(
                f"  heavy modules loaded by `tipqueue {' '.join(command)}`: {loaded(sys.executable, ws, *command)}"
            )

        print(
            f"3. publish_photo through the fake, one 1080x1350 card per call, {args.publish_rounds} rounds:"
        )
        times = publish_rounds(fake, ws, card, args.publish_rounds)
        for name, values in times.items():
            print(f"  {name:28s} {ms(values)}")
        saved = 1 - statistics.median(times["card bytes as they are"]) / statistics.median(
            times["instagrapi re-encodes"]
        )
        print(f"  time saved per publish: {saved:.0%}")
        print(json.dumps({"tick_ratio_to_bare": ratios, "publish_time_saved": round(saved, 3)}))


@contextmanager
def contextlib_pg(url: str | None) -> Iterator[str | None]:
    if not url:
        print("(no --pg-url / TIPQUEUE_TEST_DATABASE_URL: PostgreSQL skipped)")
        yield None
        return
    with pg_schema(url) as scoped:
        yield scoped


if __name__ == "__main__":
    main()
