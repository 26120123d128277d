"""Compliance flags on the dashboard: the JSON API and the post page show rule, words and reason."""

from __future__ import annotations

from typing import Any

FLAGGED = "Botox/Dysport are the best ways still to soften lines. 20% off this week!"


def test_an_edit_through_the_api_is_checked_and_the_detail_shows_its_flags(client: Any) -> None:
    before = client.get("/api/posts/facial-muscles-02").json()
    assert before["compliance"]["flags"] == []
    assert client.patch("/api/posts/facial-muscles-02", json={"caption": FLAGGED}).status_code == 200
    detail = client.get("/api/posts/facial-muscles-02").json()
    flags = {f["rule"]: f for f in detail["compliance"]["flags"]}
    assert flags["us.superiority"]["matched"] == "the best ways"
    assert flags["us.superiority"]["field"] == "caption"
    assert flags["us.superiority"]["source"].startswith("https://")
    assert flags["us.price"]["matched"] == "20% off"
    assert detail["compliance"]["blocked"] is False


def test_the_post_page_lists_each_flag_with_its_reason_and_source(client: Any) -> None:
    client.patch("/api/posts/facial-muscles-02", json={"caption": "Guaranteed results, no side effects."})
    page = client.get("/posts/facial-muscles-02").text
    assert "Compliance" in page
    assert "us.guarantee" in page and "“Guaranteed”" in page
    assert "us.absolute-safety" in page and "no side effects" in page
    assert "cannot be substantiated" in page  # the reason
    assert "blocked by us." in page  # why it will not be published as written
