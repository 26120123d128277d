"""The API and the dashboard read pages: /api/posts and /api/replies with a cursor, the
calendar only its week."""

from __future__ import annotations

from typing import Any


def test_api_posts_come_a_page_at_a_time_with_the_next_cursor(client: Any) -> None:
    everything = [p["id"] for p in client.get("/api/posts").json()]
    assert len(everything) == 6
    seen: list[str] = []
    response = client.get("/api/posts", params={"limit": 4})
    while True:
        assert response.status_code == 200
        seen += [p["id"] for p in response.json()]
        cursor = response.headers.get("x-next-cursor")
        if cursor is None:
            assert "link" not in response.headers
            break
        assert (
            response.headers["link"].endswith('; rel="next"')
            and f"cursor={cursor}" in response.headers["link"]
        )
        response = client.get("/api/posts", params={"limit": 4, "cursor": cursor})
    assert seen == everything  # the same order, no post twice, none left out
    drafts = client.get("/api/posts", params={"status": "draft", "limit": 1})
    second = client.get(
        "/api/posts", params={"status": "draft", "limit": 1, "cursor": drafts.headers["x-next-cursor"]}
    )
    assert {drafts.json()[0]["id"], second.json()[0]["id"]} == {"facial-muscles-05", "facial-muscles-06"}
    assert "x-next-cursor" not in second.headers


def test_a_cursor_the_server_did_not_give_is_a_422_with_one_line(client: Any) -> None:
    response = client.get("/api/posts", params={"cursor": "not-a-cursor"})
    assert response.status_code == 422
    assert "is not one this server gave" in response.json()["error"]


def test_api_replies_continue_after_the_last_one_shown(client: Any) -> None:
    first = client.get("/api/replies", params={"limit": 2})
    assert [r["platform_id"] for r in first.json()] == ["c3", "c2"]
    assert first.headers["x-next-cursor"] == "c2" and first.headers["x-total-count"] == "3"
    rest = client.get("/api/replies", params={"limit": 2, "cursor": "c2"})
    assert [r["platform_id"] for r in rest.json()] == ["c1"] and "x-next-cursor" not in rest.headers
    gone = client.get("/api/replies", params={"cursor": "c99"})
    assert gone.status_code == 404 and "no stored reply 'c99'" in gone.json()["error"]


def test_the_week_shows_its_posts_and_not_the_next_weeks(client: Any) -> None:
    week = client.get("/calendar", params={"view": "week", "date": "2026-03-04"}).text
    # 1 and 2 go out on Thu 5 and Fri 6 March; 3 on Mon 9 March, the week after
    assert "/posts/facial-muscles-01" in week and "/posts/facial-muscles-02" in week
    assert "/posts/facial-muscles-03" not in week
    following = client.get("/calendar", params={"view": "week", "date": "2026-03-09"}).text
    assert "/posts/facial-muscles-03" in following and "/posts/facial-muscles-01" not in following
    # drafts wait for a slot on every week's page
    assert "/posts/facial-muscles-05" in week and "/posts/facial-muscles-05" in following
