"""`tipqueue demo --backend graph`: the whole pipeline on the official-API path, end to end."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from tipqueue.instagram.graph.token import TokenStore
from tipqueue.posts.models import MediaKind, PostStatus, ReplyKind
from tipqueue.scheduler.store import Store

from tipqueue.demo import DEMO_ACCOUNT, run_demo


def test_the_graph_demo_publishes_photos_a_carousel_and_a_story_and_collects_paged_replies_and_mentions(
    tmp_path: Path,
) -> None:
    before = {t.name for t in threading.enumerate()}
    summary = run_demo(tmp_path / "demo", backend="graph")
    text = summary.render()
    assert "through the Instagram API (media containers)" in text
    assert "carousel published (1 first comment), story published" in text
    assert (
        "the fake fetched all 19 images from the media host" in text
    )  # the series's 15 cards, the carousel's 3, the story's 1
    store = Store.open(f"sqlite:///{tmp_path / 'demo' / 'tipqueue.db'}")
    try:
        posts = store.list_posts()
        replies = store.list_replies()
    finally:
        store.close()
    assert all(p.status is PostStatus.PUBLISHED and p.media_id for p in posts)
    assert {p.media_kind for p in posts} == {MediaKind.PHOTO, MediaKind.CAROUSEL, MediaKind.STORY}
    kinds = {r.kind for r in replies}
    assert kinds == {ReplyKind.COMMENT, ReplyKind.REPLY, ReplyKind.MENTION}
    assert "requests" in text and "in 1 requests" not in text  # 40 comments in pages of 10
    token = TokenStore(DEMO_ACCOUNT, "file", tmp_path / "demo" / "sessions").load()
    assert token is not None
    for path in (tmp_path / "demo" / "output").glob("replies.*"):
        assert token.access_token.encode() not in path.read_bytes()
    assert list((tmp_path / "demo" / "output" / "media-host").iterdir()) == []  # removed after publishing
    # the web server's AnyIO worker threads are told to stop when its event loop ends and exit a
    # moment later: give them that moment, not more
    deadline = time.monotonic() + 10
    while True:
        leftover = {t.name for t in threading.enumerate() if t.is_alive()} - before
        running = [n for n in leftover if not n.startswith("ThreadPoolExecutor")]
        if not running or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert not running, leftover
