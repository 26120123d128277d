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


@pytest.mark.parametrize("width", WIDTHS)
def test_alerts_say_when_their_post_went_live_since_and_can_be_dismissed(
    page: Any, web_store: Store, width: int
) -> None:
    from datetime import timedelta

    web_store.add_alert(
        account="studio", post_id="facial-muscles-01", level="warning", message="post 1 failed twice", now=NOW
    )
    later = NOW + timedelta(days=1)
    assert web_store.claim("facial-muscles-01", runner="r", now=later, lease_seconds=600) is not None
    web_store.mark_published(
        "facial-muscles-01", runner="r", media_id="1_2", permalink=None, published_at=later, now=later
    )
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/accounts")
    live = page.locator(".alert-item", has_text="post 1 failed twice")
    assert "Since published, Thu 5 Mar 09:00 GMT." in live.inner_text()
    assert live.locator("code").inner_text() == "FM-1"
    other = page.locator(".alert-item", has_text="needs attention")
    assert other.locator("code").inner_text() == "FM-4" and "Since" not in other.inner_text()
    other.get_by_role("button", name="Dismiss").click()
    assert page.get_by_role("status").inner_text() == "Alert dismissed."
    assert page.locator(".alert-item", has_text="needs attention").count() == 0
    assert page.locator(".alert-item").count() == 1
    page.get_by_role("button", name="Dismiss all").click()
    assert (
        page.locator(".alert-item").count() == 0 and "No open alerts." in page.locator("#alerts").inner_text()
    )
