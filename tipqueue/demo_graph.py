"""The graph half of `tipqueue demo --backend graph`: the official-API world on loopback.

For the demo's lifetime: the Graph fake (graph.instagram.com's behaviour, fetching each image
over HTTP), `tipqueue web` serving the workspace's signed media links as the media host, and a
real login through the authorisation-code flow (the "browser" follows the fake's redirect to the
loopback receiver). Afterwards the demo publishes a carousel and a story through containers and
collects mentions, on top of the series every demo publishes.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tipqueue.config.settings import Settings, load_settings

DEMO_APP_SECRET = "demo-app-secret"  # the fake's; a real one comes from TIPQUEUE_APP_SECRET_<ACCOUNT>


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def graph_world(workspace: Path, account: str, username: str) -> Iterator[tuple[Settings, Any, str]]:
    """(settings, fake, media base URL): everything started, logged in; all stopped afterwards."""
    import httpx
    import uvicorn

    from tipqueue.instagram.graph.connect import token_store
    from tipqueue.instagram.graph.fake import FakeGraph
    from tipqueue.instagram.graph.oauth import login
    from tipqueue.web import create_app

    fake = FakeGraph(username=username, app_secret=DEMO_APP_SECRET, polls_to_finish=2).start()
    web_port, redirect_port = _free_port(), _free_port()
    media_base = f"http://127.0.0.1:{web_port}"
    settings = load_settings(
        workspace,
        environ={},
        overrides={
            "accounts": {
                account: {
                    "backend": "graph",
                    "ig_user_id": fake.ig_user_id,
                    "app_id": fake.app_id,
                    "graph_url": fake.base_url,
                    "oauth_url": fake.base_url,
                    "authorize_url": f"{fake.base_url}/oauth/authorize",
                    "redirect_uri": f"http://127.0.0.1:{redirect_port}/",
                }
            },
            "media_host": {"kind": "web", "public_base_url": media_base},
            "publish": {"first_comment": True},
        },
    )
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=web_port, log_level="error")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 15
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.02)

        def browser(url: str) -> None:  # the person opening the printed URL and allowing access
            threading.Thread(
                target=lambda: httpx.get(url, follow_redirects=True, timeout=10), daemon=True
            ).start()

        _, acct = settings.account(account)
        login(
            acct,
            account,
            token_store(settings, account),
            app_id=fake.app_id,
            app_secret=DEMO_APP_SECRET,
            show=browser,
            now=lambda: datetime.now(UTC),
            timeout=20,
        )
        yield settings, fake, media_base
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        fake.stop()


def publish_extras(
    store: Any, settings: Settings, account: str, clock: datetime
) -> tuple[str, str, datetime]:
    """A carousel of the first three tip cards (with a first comment) and a story of the cover card."""
    from tipqueue.instagram.connect import connect
    from tipqueue.posts.models import MediaKind, PostKind, PostStatus
    from tipqueue.scheduler.publish import LazyPublishers, publish_due

    posts = store.list_posts()
    tips = [p for p in posts if p.kind is PostKind.TIP][:3]
    cover = next(p for p in posts if p.kind is PostKind.COVER)
    at = clock + timedelta(hours=2)
    carousel = replace(
        tips[0],
        id="demo-carousel",
        caption="Three tips at a glance. Swipe through, then tell us which gadget you use.",
        first_comment="#skincare #facialmassage #skintips",
        slides=tuple(_absolute(p, p.slides[0]) for p in tips),
        media_kind=MediaKind.CAROUSEL,
        status=PostStatus.SCHEDULED,
        scheduled_at=at,
        media_id=None,
        permalink=None,
        published_at=None,
        collect_replies=False,
        attempts=0,
    )
    story = replace(
        cover,
        id="demo-story",
        slides=(_absolute(cover, cover.slides[0]),),
        media_kind=MediaKind.STORY,
        status=PostStatus.SCHEDULED,
        scheduled_at=at,
        media_id=None,
        permalink=None,
        published_at=None,
        collect_replies=False,
        attempts=0,
    )
    store.add_posts([carousel, story], now=clock)
    publishers = LazyPublishers([account], lambda name: connect(settings, name))
    publish_due(store, publishers, now=at, settings=settings, runner_id="demo")
    return "demo-carousel", "demo-story", at


def _absolute(post: Any, slide: Any) -> Any:
    image = slide.image
    if image is not None and not image.is_absolute() and post.source_dir is not None:
        image = post.source_dir / image
    return replace(slide, image=image)
