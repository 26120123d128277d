"""Fixtures for the dashboard: a real SQLite store with a small series, the app, a live server
on a free loopback port, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import socket
import threading
import warnings
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from tipqueue.config.settings import Settings, load_settings
from tipqueue.posts.models import (
    GadgetMention,
    Post,
    PostKind,
    PostStatus,
    Reply,
    ReplyKind,
    Slide,
    Stance,
)
from tipqueue.scheduler.store import Store

with warnings.catch_warnings():
    # Starlette suggests another HTTP client for its test client; the one installed works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

#: Wednesday 4 March 2026, 09:00 UTC (also 09:00 in London: no summer time yet).
NOW = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCRIPT_REPLY = "Love my <script>document.title='pwned'</script> LED mask!"
COLOURS = ["#F6F0E8", "#1F3A5F", "#8A3B2E", "#E8DCCB", "#2F4F4F", "#C9A227"]


def make_card(path: Path, label: str, colour: str) -> Path:
    """A small stand-in card (a 4:5 JPEG with its label) for posts in these tests."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (432, 540), colour)
    draw = ImageDraw.Draw(image)
    draw.text((30, 30), label, fill="#FFFFFF" if colour in ("#1F3A5F", "#8A3B2E", "#2F4F4F") else "#222222")
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=80)
    return path


def series(folder: Path, count: int = 6) -> list[Post]:
    """A short series for account 'studio': the first posts scheduled from Thursday, the rest drafts."""
    posts: list[Post] = []
    for n in range(1, count + 1):
        kind = PostKind.COVER if n == 1 else PostKind.CTA if n == count else PostKind.TIP
        card = make_card(folder / f"{n:02d}" / "card-1.jpg", f"{n}/{count}", COLOURS[(n - 1) % len(COLOURS)])
        quote = f"Tip {n}: relax the muscles around your eyes before you reach for a cream."
        posts.append(
            Post(
                id=f"facial-muscles-{n:02d}",
                kind=kind,
                series_label=f"{n}/{count}",
                quote=quote,
                caption=f"{quote}\n\nSave this for later.",
                hashtags=("skincare", "dermatology"),
                alt_text=f"Quote card {n} of {count}: {quote}",
                slides=(Slide(text=quote, alt_text=f"Card {n}: {quote}", image=card),),
                account="studio",
                article_slug="facial-muscles",
                position=n,
            )
        )
    return posts


@pytest.fixture
def web_settings(tmp_path: Path) -> Settings:
    overrides: dict[str, Any] = {
        "accounts": {
            "studio": {
                "username": "glow.studio",
                "timezone": "Europe/London",
                "slots": ["mon,wed,fri 09:00,18:30"],
            }
        }
    }
    return load_settings(tmp_path, overrides=overrides, environ={})


@pytest.fixture
def web_store(web_settings: Settings) -> Iterator[Store]:
    store = Store.open(web_settings.db_url)
    yield store
    store.close()


@pytest.fixture
def seeded(web_settings: Settings, web_store: Store, tmp_path: Path) -> list[Post]:
    """Posts 1-3 scheduled (Thu, Fri, Mon), 4 needs attention, 5-6 drafts; replies; an alert."""
    web_store.ensure_account("studio", username="glow.studio", timezone="Europe/London", now=NOW)
    posts = series(tmp_path / "output" / "facial-muscles")
    when = [NOW + timedelta(days=1), NOW + timedelta(days=2, hours=9, minutes=30), NOW + timedelta(days=5)]
    stored = [
        replace(p, status=PostStatus.SCHEDULED, scheduled_at=w) for p, w in zip(posts, when, strict=False)
    ]
    stored.append(
        replace(
            posts[3],
            status=PostStatus.NEEDS_ATTENTION,
            scheduled_at=NOW - timedelta(days=1),
            last_error="Instagram rejected the image: aspect ratio 1:3 is outside 4:5 to 1.91:1",
            attempts=1,
        )
    )
    stored += posts[4:]
    web_store.add_posts(stored, now=NOW)
    web_store.add_alert(
        account="studio",
        post_id=posts[3].id,
        level="error",
        message="post facial-muscles-04 needs attention: Instagram rejected the image",
        now=NOW,
    )
    lamp = GadgetMention("LED face mask", "light therapy", Stance.RECOMMENDS, "LED mask")
    roller = GadgetMention("Jade roller", "massage", Stance.RECOMMENDS, "jade roller")
    web_store.add_replies(
        [
            Reply(
                "c1", SCRIPT_REPLY, ReplyKind.COMMENT, posts[-1].id, username="<b>mallory</b>", created_at=NOW
            ),
            Reply(
                "c2",
                "My jade roller, every morning.",
                ReplyKind.COMMENT,
                posts[-1].id,
                username="ana",
                created_at=NOW,
            ),
            Reply(
                "c3",
                "A jade roller from the fridge!",
                ReplyKind.COMMENT,
                posts[-1].id,
                username="bo",
                created_at=NOW,
            ),
        ]
    )
    web_store.set_reply_mentions({"c1": [lamp], "c2": [roller], "c3": [roller]})
    return web_store.list_posts()


@pytest.fixture
def app(web_settings: Settings, web_store: Store, seeded: list[Post]) -> Any:
    from tipqueue.web import create_app

    return create_app(web_settings, now=lambda: NOW, store=web_store)


@pytest.fixture
def client(app: Any) -> Iterator[Any]:
    with TestClient(app, base_url="http://127.0.0.1:8000") as test_client:
        yield test_client


def csrf_of(client: Any, path: str = "/calendar") -> str:
    """Load a page, as a browser would, and return the CSRF token its forms carry."""
    import re

    page = client.get(path)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text) or re.search(
        r'name="csrf-token" content="([^"]+)"', page.text
    )
    assert found, "the page carries no CSRF token"
    return found.group(1)


class LiveServer:
    """The app served by uvicorn in a background thread on a free 127.0.0.1 port."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        ready = threading.Event()
        while not self.server.started:
            ready.wait(0.01)  # waiting for the socket to accept, not for the clock
            if not self.thread.is_alive():
                raise RuntimeError("the dashboard server did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


@pytest.fixture
def live_server(app: Any) -> Iterator[LiveServer]:
    with LiveServer(app) as server:
        yield server


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's Chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any, live_server: LiveServer) -> Iterator[Any]:
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 1440, "height": 1000}, accept_downloads=True
    )
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def script_reply() -> str:
    return SCRIPT_REPLY


@pytest.fixture
def csrf() -> Any:
    """``csrf(client, path)``: the CSRF token of the forms on that page."""
    return csrf_of
