"""Daily work on the dashboard in Debian's Chromium, at a laptop's and a phone's width:
publish now and share next, short handles, alerts, phone layouts, drafts, history, replies."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect
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
    expect(page.locator(".alert-item", has_text="needs attention")).to_have_count(0)
    assert page.locator(".alert-item").count() == 1
    page.get_by_role("button", name="Dismiss all").click()
    expect(page.locator(".alert-item")).to_have_count(0)  # waits for the page after the change
    assert "No open alerts." in page.locator("#alerts").inner_text()


def overflow(page: Any) -> list[str]:
    """What sticks out of the page at this width: the page's own scrollWidth beyond its clientWidth,
    and every element reaching past the right edge or wider than its box, except inside a box
    that scrolls sideways on purpose (a carousel strip, a wide table's wrapper)."""
    result: list[str] = page.evaluate(
        """() => {
        const width = document.documentElement.clientWidth;
        const wide = [];
        if (document.documentElement.scrollWidth > width) wide.push('page ' + document.documentElement.scrollWidth);
        const scrolls = (el) => ['auto', 'scroll', 'hidden'].includes(getComputedStyle(el).overflowX);
        for (const el of document.querySelectorAll('body *')) {
            const box = el.getBoundingClientRect();
            if (box.width === 0) continue;
            let inside = false;
            for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
                if (scrolls(up)) { inside = true; break; }
            }
            if (inside) continue;
            // a text field's long value scrolls inside its box, as fields do: that is not overflow
            const field = ['INPUT', 'TEXTAREA'].includes(el.tagName);
            const spills = el.scrollWidth > el.clientWidth + 1 && !scrolls(el) && !field;
            if (box.right > width + 1 || box.left < -1 || spills)
                wide.push(el.tagName.toLowerCase() + '.' + el.className + ' ' + Math.round(box.right));
        }
        return wide.slice(0, 8);
    }"""
    )
    return result


@pytest.fixture
def carousel(web_store: Store, tmp_path: Any) -> str:
    from dataclasses import replace

    from tipqueue.posts.models import MediaKind, PostStatus, Slide

    from tests.tipqueue.conftest import make_card, series

    base = series(tmp_path / "carousel", 1)[0]
    slides = tuple(
        Slide(
            f"Slide {n}",
            f"Slide {n} of a carousel",
            make_card(tmp_path / "carousel" / f"s{n}.jpg", f"{n}", "#1F3A5F"),
        )
        for n in range(1, 5)
    )
    post = replace(
        base,
        id="gadgets-carousel-07",
        article_slug="gadgets-carousel",
        position=7,
        media_kind=MediaKind.CAROUSEL,
        slides=slides,
        status=PostStatus.SCHEDULED,
        scheduled_at=NOW.replace(hour=18, minute=30),
    )
    web_store.add_posts([post], now=NOW)
    return post.id


@pytest.mark.parametrize(
    "path",
    [
        "/posts/gadgets-carousel-07",
        "/accounts",
        "/calendar?view=week&date=2026-03-04",
        "/calendar?view=month&date=2026-03-01",
        "/replies",
        "/grid",
    ],
)
def test_nothing_is_wider_than_a_phone(page: Any, carousel: str, path: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(path)
    assert overflow(page) == []
    assert page.get_by_role("navigation").first.is_visible()


@pytest.fixture(scope="module")
def bundled_series(tmp_path_factory: Any) -> Any:
    """The bundled article split and rendered for real, once for this module."""
    from pathlib import Path

    import tipqueue.templates
    from tipqueue.posts.render import render_folder
    from tipqueue.posts.series import split_to_folder

    article = Path(tipqueue.templates.__file__).with_name("articles") / "facial-muscles-and-gadgets.txt"
    root = tmp_path_factory.mktemp("bundled")
    settings = load_settings(root, environ={})
    result = split_to_folder(article, root / "posts", settings)
    render_folder([result.folder], settings, jobs=1, progress=False)
    return result


@pytest.fixture
def with_drafts(web_settings: Settings, bundled_series: Any) -> str:
    """The bundled series' post folders under the dashboard workspace's posts/, none queued."""
    import shutil

    shutil.copytree(bundled_series.folder, web_settings.workspace / "posts" / bundled_series.folder.name)
    return str(bundled_series.folder.name)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_draft_not_yet_queued_can_be_reviewed_edited_and_approved(
    page: Any, with_drafts: str, web_settings: Settings, width: int
) -> None:
    import json

    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/drafts")
    drafts = page.locator(".draft-list > li")
    assert drafts.count() == 7  # the bundled article: cover, five tips, call to action
    assert overflow(page) == []
    drafts.nth(2).locator("a").click()
    expect(page.locator("h2", has_text="Review")).to_be_visible()  # waits for the draft's page
    card = page.locator(".card-figure img").first
    assert card.evaluate("img => img.decode().then(() => img.naturalWidth)") == 1080  # the rendered card
    assert overflow(page) == []
    page.get_by_label("First comment").fill("Which of these do you do already?")
    page.get_by_label("Hashtags").fill("skincare, #facialexercise")
    page.get_by_role("button", name="Save changes").click()
    assert page.get_by_role("status").inner_text() == "Draft saved to its post.json."
    folder = next((web_settings.workspace / "posts" / with_drafts).glob("03-*"))
    saved = json.loads((folder / "post.json").read_text(encoding="utf-8"))
    assert saved["first_comment"] == "Which of these do you do already?"
    assert saved["hashtags"] == ["skincare", "facialexercise"] and saved["approved"] is False

    page.get_by_role("button", name="Approve and queue").click()
    assert page.get_by_role("status").inner_text() == "Approved."
    assert "Wednesday 04 March 2026, 18:30" in page.locator(".when").inner_text()  # the next free slot
    assert json.loads((folder / "post.json").read_text(encoding="utf-8"))["approved"] is True
    page.goto("/drafts")
    assert page.locator(".draft-list > li").count() == 6


def test_a_draft_edit_over_instagrams_limits_is_refused_and_the_file_is_untouched(
    page: Any, with_drafts: str, web_settings: Settings
) -> None:
    folder = next((web_settings.workspace / "posts" / with_drafts).glob("02-*"))
    before = (folder / "post.json").read_bytes()
    page.goto(f"/drafts/{with_drafts}/{folder.name}")
    page.get_by_label("Hashtags").fill("a b c d e f g")
    page.get_by_role("button", name="Save changes").click()
    assert "hashtag" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Hashtags").input_value() == "a b c d e f g"  # what was typed is kept
    assert (folder / "post.json").read_bytes() == before


@pytest.mark.parametrize("width", WIDTHS)
def test_no_request_of_any_page_answers_404_not_even_the_favicon(page: Any, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    for path in ("/calendar", "/posts/FM-1", "/accounts", "/replies", "/grid", "/drafts"):
        page.goto(path)
    icon = page.request.get("/favicon.ico")
    assert icon.status == 200 and icon.headers["content-type"].startswith("image/")
    assert page.locator('link[rel="icon"]').count() == 1
    assert failed == []


@pytest.mark.parametrize("width", WIDTHS)
def test_each_reply_says_which_post_it_answers(page: Any, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/replies")
    label = page.locator(".reply", has_text="jade roller from the fridge").locator(".reply-post")
    assert label.inner_text() == "on FM-6 6/6 · call to action"
    label.get_by_role("link").click()
    assert page.locator("code.handle").inner_text() == "FM-6"


@pytest.mark.parametrize("width", WIDTHS)
def test_the_history_reads_as_sentences_in_the_accounts_zone(page: Any, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/posts/FM-3")
    page.get_by_label("New time (Europe/London)").fill("2026-04-01T10:00")
    page.get_by_role("button", name="Reschedule").click()
    assert page.get_by_role("status").inner_text() == "Rescheduled."  # the page after the change
    history = page.locator(".history li").all_inner_texts()
    assert history[0].endswith("Queued for Mon 9 Mar 09:00")
    assert history[-1].endswith("Moved to Wed 1 Apr 10:00")  # London summer time, as picked
    assert not any("->" in line or "scheduled_at" in line for line in history)
