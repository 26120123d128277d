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
