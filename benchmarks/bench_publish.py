"""Publishing: `tipqueue publish-due` with nothing due (bar: whole process <= 300 ms, instagrapi not
imported) and posts per second through the loopback fake Instagram with delays off.

Everything runs against a throw-away workspace (SQLite) and an in-process FakeInstagram on
127.0.0.1; `publish-due` runs as a real subprocess each time, as cron would start it.

    python benchmarks/bench_publish.py [--runs 15] [--posts 100] [--queued 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PIL import Image
from tipqueue.instagram.client import session_path, write_session
from tipqueue.instagram.fake.server import FakeInstagram
from tipqueue.posts.models import Post, PostKind, PostStatus, Slide
from tipqueue.scheduler.store import Store

ACCOUNT = "clinic"
TIPQUEUE = str(Path(sys.executable).with_name("tipqueue"))


def env_for(ws: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(ws),
        "TIPQUEUE_HOME": str(ws),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
    }


def workspace(root: Path, fake: FakeInstagram) -> tuple[Path, Store]:
    ws = root / "ws"
    ws.mkdir()
    (ws / "tipqueue.toml").write_text(
        f'default_account = "{ACCOUNT}"\n\n[accounts.{ACCOUNT}]\nusername = "{ACCOUNT}"\n'
        f'backend = "sandbox"\nsandbox_url = "{fake.base_url}"\ndelay_range = [0.0, 0.0]\n',
        encoding="utf-8",
    )
    write_session(session_path(ws / "sessions", ACCOUNT), fake.issue_session(ACCOUNT))
    store = Store.open(f"sqlite:///{ws / 'tipqueue.db'}")
    store.ensure_account(ACCOUNT, username=ACCOUNT, timezone="UTC")
    return ws, store


def posts(folder: Path, count: int, start: datetime, prefix: str, step: timedelta) -> list[Post]:
    folder.mkdir(parents=True, exist_ok=True)
    image = folder / "card.jpg"
    if not image.exists():
        Image.new("RGB", (1080, 1350), "#88aacc").save(image, "JPEG", quality=70)
    return [
        Post(
            id=f"{prefix}-{i:05d}",
            kind=PostKind.TIP,
            series_label=f"{i}/{count}",
            quote=f"Tip {i}",
            caption=f"{prefix} tip {i}: relax your jaw. #skincare",
            slides=(Slide(text=f"Tip {i}", alt_text=f"Card {i}", image=image),),
            account=ACCOUNT,
            status=PostStatus.SCHEDULED,
            scheduled_at=start + step * i,
        )
        for i in range(count)
    ]


def time_cli(ws: Path, *args: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.perf_counter()
    result = subprocess.run([TIPQUEUE, *args], cwd=ws, env=env_for(ws), capture_output=True, text=True)
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs of publish-due with nothing due")
    parser.add_argument("--posts", type=int, default=100, help="posts to publish through the fake")
    parser.add_argument("--queued", type=int, default=1000, help="future posts in the queue meanwhile")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp, FakeInstagram(username=ACCOUNT) as fake:
        root = Path(tmp)
        ws, store = workspace(root, fake)
        now = datetime.now(UTC)
        store.add_posts(
            posts(root / "future", args.queued, now + timedelta(days=1), "future", timedelta(minutes=30)),
            now=now,
        )

        # 1. nothing due, whole process, as cron starts it
        baseline = [time_cli(ws, "--help")[0] for _ in range(3)]
        times = []
        for _ in range(args.runs):
            took, result = time_cli(ws, "publish-due")
            assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr
            times.append(took)
        probe = subprocess.run(
            [
                sys.executable,
                "-X",
                "importtime",
                "-c",
                "from tipqueue.cli import main; main()",
                "publish-due",
            ],
            cwd=ws,
            env=env_for(ws),
            capture_output=True,
            text=True,
        )
        loaded = {line.rsplit("|", 1)[-1].strip() for line in probe.stderr.splitlines() if "|" in line}
        print(f"publish-due, nothing due ({args.queued} future posts queued), {args.runs} runs:")
        print(
            f"  whole process: median {statistics.median(times) * 1000:.0f} ms, "
            f"min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms (bar: <= 300 ms)"
        )
        print(f"  for scale, `tipqueue --help`: median {statistics.median(baseline) * 1000:.0f} ms")
        print(
            f"  instagrapi imported: {'instagrapi' in loaded}; sqlalchemy imported: {'sqlalchemy' in loaded}"
        )

        # 2. posts per second through the fake (real instagrapi client, delays off), one process
        store.add_posts(
            posts(root / "due", args.posts, now - timedelta(minutes=5), "due", timedelta(seconds=1)), now=now
        )
        requests_before = len(fake.requests)
        took, result = time_cli(ws, "publish-due")
        assert result.returncode == 0, result.stdout + result.stderr
        published = sum(1 for m in fake.media_list() if m["caption"].startswith("due "))
        assert published == args.posts, f"{published} of {args.posts} published"
        requests = len(fake.requests) - requests_before
        print(f"publish-due, {args.posts} due posts through the fake Instagram, one process:")
        print(
            f"  {took:.2f} s whole process -> {args.posts / took:.1f} posts/s "
            f"({requests} HTTP requests, {requests / args.posts:.1f} per post)"
        )
        summary = {
            "nothing_due_median_ms": round(statistics.median(times) * 1000),
            "instagrapi_imported": "instagrapi" in loaded,
            "posts_per_second": round(args.posts / took, 1),
        }
        print(json.dumps(summary))
        store.close()


if __name__ == "__main__":
    main()
