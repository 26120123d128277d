"""The dashboard in Debian's Chromium, driven by Playwright, against a live server on loopback."""

from __future__ import annotations

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
