"""Reply collection: what a re-collect with nothing new costs for 1, 10 and 100 posts, against a
full walk of the same posts with instagrapi's own ``media_comments`` (the peer), in one run.

Everything runs through the real instagrapi client against an in-process FakeInstagram on
127.0.0.1 that pages like real Instagram (20 comments a page through ``next_min_id``, ranked
first page, random pks, threads paged through their tails) and a throw-away SQLite store.

    python benchmarks/bench_collect.py [--posts 1,10,100] [--comments 60] [--replies 12]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PIL import Image
from tipqueue.config.settings import load_settings
from tipqueue.instagram.client import session_path, write_session
from tipqueue.instagram.connect import connect
from tipqueue.instagram.fake.server import FakeInstagram
from tipqueue.posts.models import Post, PostKind, PostStatus
from tipqueue.replies.collect import collect_replies
from tipqueue.scheduler.store import Store

ACCOUNT = "clinic"
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
BASE = 1_770_000_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", default="1,10,100", help="post counts to measure, comma-separated")
    parser.add_argument("--comments", type=int, default=60, help="comments per post (20 a page)")
    parser.add_argument("--replies", type=int, default=12, help="replies per post, in one thread")
    parser.add_argument(
        "--repeat", type=int, default=3, help="quiet re-collects and peer walks timed (best kept)"
    )
    args = parser.parse_args()
    counts = [int(n) for n in args.posts.split(",")]
    print(
        f"{args.comments} comments and {args.replies} replies per post; wall-clock times, "
        f"best of {args.repeat} for the quiet re-collect and the peer"
    )
    print(
        f"{'posts':>5} | {'first collect':>22} | {'nothing new':>20} | {'peer: media_comments':>22} | ratio"
    )
    with (
        tempfile.TemporaryDirectory(prefix="tq-bench-collect-") as tmp,
        FakeInstagram(username=ACCOUNT) as fake,
    ):
        root = Path(tmp)
        ws = root / "ws"
        ws.mkdir()
        settings = load_settings(
            ws,
            overrides={
                "default_account": ACCOUNT,
                "accounts": {
                    ACCOUNT: {
                        "username": ACCOUNT,
                        "backend": "sandbox",
                        "sandbox_url": fake.base_url,
                        "delay_range": [0.0, 0.0],
                    }
                },
            },
            environ={},
            check_files=False,
        )
        write_session(session_path(settings.sessions_dir, ACCOUNT), fake.issue_session(ACCOUNT))
        account = connect(settings, ACCOUNT, environ={})
        image = root / "card.jpg"
        Image.new("RGB", (540, 675), "#88aacc").save(image, "JPEG", quality=70)
        for n in counts:
            store = Store.open(f"sqlite:///{root / f'bench-{n}.db'}")
            medias = []
            for i in range(n):
                media_id = account.publish_photo(image, f"Which gadget? {n}/{i}", alt_text="cta").media_id
                ids = fake.add_comments(
                    media_id,
                    [
                        {"text": f"c{j}", "username": f"u{j}", "created_at": BASE + j}
                        for j in range(args.comments)
                    ],
                )
                fake.add_comments(
                    media_id,
                    [
                        {"text": f"r{j}", "username": "r", "reply_to": ids[0], "created_at": BASE + 9000 + j}
                        for j in range(args.replies)
                    ],
                )
                medias.append(media_id)
            store.add_posts(
                [
                    Post(
                        id=f"p{n}-{i}",
                        kind=PostKind.CTA,
                        series_label="8/8",
                        quote="q",
                        caption="Which gadget?",
                        status=PostStatus.PUBLISHED,
                        collect_replies=True,
                        media_id=m,
                    )
                    for i, m in enumerate(medias)
                ],
                now=NOW,
            )
            started = time.perf_counter()
            first = collect_replies(store, account, now=NOW)
            first_s = time.perf_counter() - started
            assert first.added == n * (args.comments + args.replies), first.added
            again_s = peer_s = float("inf")
            for attempt in range(args.repeat):
                started = time.perf_counter()
                again = collect_replies(store, account, now=NOW + timedelta(hours=1 + attempt))
                again_s = min(again_s, time.perf_counter() - started)
                assert again.added == 0
                before = account.http_requests
                started = time.perf_counter()
                for media_id in medias:
                    assert len(account.client.media_comments(media_id, amount=0)) == args.comments
                peer_s = min(peer_s, time.perf_counter() - started)
                peer_requests = account.http_requests - before
            store.close()
            print(
                f"{n:>5} | {first.requests:>6} req {first_s * 1000:>9.0f} ms | "
                f"{again.requests:>5} req {again_s * 1000:>8.0f} ms | "
                f"{peer_requests:>6} req {peer_s * 1000:>9.0f} ms | "
                f"{again_s / peer_s:.2f}x the peer's time, {again.requests / peer_requests:.2f}x its requests"
            )
    print(
        "peer: instagrapi 3.2.2 Client.media_comments(amount=0), which walks every page and reads no replies"
    )


if __name__ == "__main__":
    main()
