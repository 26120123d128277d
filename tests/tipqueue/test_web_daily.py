"""Daily work on the dashboard in Debian's Chromium, at a laptop's and a phone's width:
publish now and share next, short handles, alerts, phone layouts, drafts, history, replies."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from tipqueue.config.settings import Settings, load_settings
from tipqueue.instagram.fake.server import FakeInstagram
from tipqueue.scheduler.store import Store

from tests.tipqueue.conftest import NOW, LiveServer

pytestmark = pytest.mark.browser

WIDTHS = [pytest.param(1280, id="laptop"), pytest.param(390, id="phone")]


@pytest.fixture
def fake() -> Iterator[FakeInstagram]:
    with FakeInstagram(username="glow.studio", hang_seconds=0.5) as f:
        yield f


@pytest.fixture
def sandbox_server(
    web_settings: Settings, web_store: Store, seeded: list[Any], fake: FakeInstagram
) -> Iterator[LiveServer]:
    """The seeded dashboard with its account on the sandbox (the real instagrapi client)."""
    from tipqueue.web import create_app

    account = web_settings.accounts["studio"].model_dump()
    account.update(backend="sandbox", sandbox_url=fake.base_url, delay_range=[0.0, 0.0])
    settings = load_settings(web_settings.workspace, overrides={"accounts": {"studio": account}}, environ={})
    with LiveServer(create_app(settings, now=lambda: NOW, store=web_store)) as server:
        yield server


def open_at(chromium: Any, server: LiveServer, width: int) -> Any:
    context = chromium.new_context(base_url=server.url, viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    return tab


@pytest.mark.parametrize("width", WIDTHS)
def test_publish_now_on_the_post_page_publishes_it_once_on_the_sandbox(
    chromium: Any, sandbox_server: LiveServer, fake: FakeInstagram, width: int
) -> None:
    page = open_at(chromium, sandbox_server, width)
    page.goto("/posts/FM-2")  # the handle works in the URL
    assert page.locator("code.handle").inner_text() == "FM-2"
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Publish now").click()
    assert page.get_by_role("status").inner_text() == "Published."
    assert "published" in page.locator(".badge").first.inner_text().lower()
    link = page.get_by_role("link", name="open in the sandbox")
    assert link.get_attribute("href").startswith(fake.base_url)
    assert [m["caption"].split("\n")[0] for m in fake.media_list()] == [
        "Tip 2: relax the muscles around your eyes before you reach for a cream."
    ]
    assert page.get_by_role("button", name="Publish now").count() == 0  # nothing to press twice
    page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_share_next_makes_the_post_the_next_one_out(page: Any, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/posts/facial-muscles-03")
    page.get_by_role("button", name="Share next").click()
    assert page.get_by_role("status").inner_text() == "It goes out next."
    # this evening's slot was free, before the first queued post (Thursday 09:00)
    assert "Wednesday 04 March 2026, 18:30" in page.locator(".when").inner_text()
    page.goto("/posts/FM-1")
    assert "Thursday 05 March 2026, 09:00" in page.locator(".when").inner_text()
