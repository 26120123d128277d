"""The dashboard in Debian's Chromium, driven by Playwright, against a live server on loopback."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser


def test_a_reply_containing_a_script_tag_shows_as_text_and_never_runs(page: Any, script_reply: str) -> None:
    page.goto("/replies")
    shown = page.locator("#replies .reply-text", has_text="LED mask")
    assert shown.inner_text() == script_reply
    assert page.title() == "Replies · tipqueue"  # the script would have renamed the page
    assert page.locator("#replies script").count() == 0
    assert page.locator("#replies .reply-user", has_text="mallory").first.inner_text() == "@<b>mallory</b>"


def test_the_csv_export_downloads_every_reply_with_its_gadgets(
    page: Any, tmp_path: Path, script_reply: str
) -> None:
    page.goto("/replies")
    with page.expect_download() as info:
        page.locator("#export").get_by_role("button", name="CSV").click()
    download = info.value
    assert download.suggested_filename.startswith(
        "replies-20260304"
    ) and download.suggested_filename.endswith(".csv")
    saved = tmp_path / "export.csv"
    download.save_as(saved)
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    assert {r["platform_id"] for r in rows} == {"c1", "c2", "c3"}
    by_id = {r["platform_id"]: r for r in rows}
    assert by_id["c1"]["text"] == script_reply
    assert by_id["c2"]["gadgets"] == "Jade roller"


def test_the_pseudonymised_export_names_no_reader(page: Any, tmp_path: Path) -> None:
    page.goto("/replies")
    page.get_by_label("pseudonymise readers").check()
    with page.expect_download() as info:
        page.locator("#export").get_by_role("button", name="JSONL").click()
    saved = tmp_path / "export.jsonl"
    info.value.save_as(saved)
    records = [json.loads(line) for line in saved.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 3
    names = {r["username"] for r in records}
    assert not names & {"ana", "bo", "<b>mallory</b>"}
    assert all(name.startswith("reader") for name in names)


def day_cell(page: Any, day: str) -> Any:
    return page.locator(f'.cal-day[data-date="{day}"]')


def test_approving_a_draft_puts_it_in_the_next_slot_and_rescheduling_moves_it(page: Any) -> None:
    post = "facial-muscles-05"
    page.goto("/calendar?view=week&date=2026-03-04")
    assert page.locator(f'#unscheduled [data-post-id="{post}"]').count() == 1
    assert page.locator(f'.slot[data-post-id="{post}"]').count() == 0

    page.locator(f'#unscheduled [data-post-id="{post}"] a').click()
    page.get_by_role("button", name="Approve and schedule").click()
    assert page.get_by_role("status").inner_text() == "Approved."
    # the next free slot of "mon,wed,fri 09:00,18:30" in London after Wednesday 09:00
    assert "Wednesday 04 March 2026, 18:30" in page.locator(".when").inner_text()

    page.get_by_role("link", name="← Calendar").click()
    assert page.locator(f'#unscheduled [data-post-id="{post}"]').count() == 0
    wednesday = day_cell(page, "2026-03-04").locator(f'.slot[data-post-id="{post}"]')
    assert "18:30" in wednesday.inner_text() and "scheduled" in wednesday.inner_text().lower()

    wednesday.click()
    page.get_by_label("New time (Europe/London)").fill("2026-03-06T12:15")
    page.get_by_role("button", name="Reschedule").click()
    assert page.get_by_role("status").inner_text() == "Rescheduled."

    page.get_by_role("link", name="← Calendar").click()
    assert day_cell(page, "2026-03-04").locator(f'[data-post-id="{post}"]').count() == 0
    friday = day_cell(page, "2026-03-06").locator(f'.slot[data-post-id="{post}"]')
    assert "12:15" in friday.inner_text()
    # the card's thumbnail is in its slot
    thumb = friday.locator("img.thumb")
    assert thumb.evaluate("img => img.complete && img.naturalWidth > 0")


def test_a_time_that_breaks_the_spacing_is_refused_on_the_page(page: Any) -> None:
    page.goto("/posts/facial-muscles-03")
    page.get_by_label("New time (Europe/London)").fill("2026-03-05T09:30")  # 30 min after post 1
    page.get_by_role("button", name="Reschedule").click()
    error = page.get_by_role("alert").inner_text()
    assert "60 minutes" in error
    assert "Monday 09 March 2026, 09:00" in page.locator(".when").inner_text()  # unchanged


def test_the_month_view_and_cancelling(page: Any) -> None:
    page.goto("/posts/facial-muscles-02")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Cancel post").click()
    assert page.get_by_role("status").inner_text().startswith("Cancelled")
    page.goto("/calendar?view=month&date=2026-03-01")
    assert page.locator("h1").inner_text() == "March 2026"
    cancelled = page.locator('.slot[data-post-id="facial-muscles-02"]')
    assert "cancelled" in cancelled.inner_text().lower()
    assert page.locator('.slot[data-post-id="facial-muscles-01"]').count() == 1


def test_the_leaderboard_fits_its_card_on_a_laptop_screen(page: Any) -> None:
    """Beside the reply list the table was cut off at the right (the sample quotes) below ~1366 px."""
    page.set_viewport_size({"width": 1024, "height": 800})
    page.goto("/replies?by=brand")
    overflow = page.evaluate(
        "() => { const t = document.querySelector('#leaderboard'); "
        "return t.scrollWidth - t.parentElement.clientWidth; }"
    )
    assert overflow <= 0


def test_names_readers_used_that_the_lexicon_lacks_show_under_the_leaderboard(
    page: Any, web_store: Any
) -> None:
    from tipqueue.posts.models import Reply, ReplyKind

    web_store.add_replies(
        [
            Reply("u1", "My QykSonic Zoe brush is lovely", ReplyKind.COMMENT, None, username="zoe1"),
            Reply("u2", "QykSonic Zoe brush every night", ReplyKind.COMMENT, None, username="zoe2"),
        ]
    )
    page.set_viewport_size({"width": 1024, "height": 800})
    page.goto("/replies")
    section = page.locator("#unknown-names")
    assert section.is_visible()
    assert "QykSonic Zoe (cleansing brush): 2 replies, 2 readers" in " ".join(section.inner_text().split())
    overflow = page.evaluate(
        "() => { const s = document.querySelector('#unknown-names'); "
        "return s.scrollWidth - s.parentElement.clientWidth; }"
    )
    assert overflow <= 0
