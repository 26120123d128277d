"""The JSON API as a script meets it: posts, accounts, alerts, replies, and one-line errors."""

from __future__ import annotations

from typing import Any


def test_posts_come_in_schedule_order_with_local_times(client: Any) -> None:
    posts = client.get("/api/posts").json()
    scheduled = [p for p in posts if p["status"] == "scheduled"]
    assert [p["id"] for p in scheduled] == ["facial-muscles-01", "facial-muscles-02", "facial-muscles-03"]
    first = scheduled[0]
    assert first["scheduled_at"].startswith("2026-03-05T09:00")
    assert first["scheduled_local"] == "2026-03-05T09:00:00+00:00"
    assert first["timezone"] == "Europe/London"
    assert first["slides"][0]["image_url"] == "/cards/facial-muscles-01/1"
    drafts = client.get("/api/posts", params={"status": "draft"}).json()
    assert {p["id"] for p in drafts} == {"facial-muscles-05", "facial-muscles-06"}


def test_a_post_comes_with_its_history(client: Any) -> None:
    post = client.get("/api/posts/facial-muscles-04").json()
    assert post["status"] == "needs_attention"
    assert "aspect ratio" in post["last_error"]
    assert post["history"] and post["history"][0]["event"] == "added"


def test_an_unknown_post_is_a_404_with_one_line(client: Any) -> None:
    response = client.get("/api/posts/no-such-post")
    assert response.status_code == 404
    assert response.json() == {"error": "no post with id 'no-such-post'; see `tipqueue queue list --all`"}


def test_accounts_show_their_counts_and_alerts_their_reason(client: Any) -> None:
    (account,) = client.get("/api/accounts").json()
    assert account["name"] == "studio" and account["paused"] is False
    assert account["counts"] == {"scheduled": 3, "needs_attention": 1, "draft": 2}
    alerts = client.get("/api/alerts").json()
    assert any("needs attention" in a["message"] and a["post_id"] == "facial-muscles-04" for a in alerts)


def test_replies_keep_their_text_exactly(client: Any, script_reply: str) -> None:
    replies = client.get("/api/replies").json()
    assert script_reply in [r["text"] for r in replies]
    assert {"LED face mask"} in [set(r["gadgets"]) for r in replies]


def test_the_openapi_description_lists_every_operation(client: Any) -> None:
    spec = client.get("/api/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    paths = spec["paths"]
    assert "/api/posts" in paths and "/api/posts/{post_id}" in paths
    assert not any(p.startswith(("/calendar", "/posts/")) for p in paths)  # pages are not API
