"""The JSON API as a script meets it: posts, accounts, alerts, replies, and one-line errors."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest


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


def test_approving_by_api_schedules_the_draft_in_the_next_free_slot(client: Any) -> None:
    post = client.post("/api/posts/facial-muscles-05/approve").json()
    assert post["status"] == "scheduled"
    assert post["scheduled_local"] == "2026-03-04T18:30:00+00:00"
    again = client.post("/api/posts/facial-muscles-05/approve")
    assert again.status_code == 409
    assert "already scheduled" in again.json()["error"]


def test_rescheduling_reads_the_time_in_the_accounts_zone(client: Any) -> None:
    moved = client.post("/api/posts/facial-muscles-03/reschedule", json={"at": "2026-04-01 10:00"})
    assert moved.status_code == 200
    assert moved.json()["scheduled_at"].startswith("2026-04-01T09:00")  # London is on summer time by then
    history = client.get("/api/posts/facial-muscles-03").json()["history"]
    assert history[-1]["event"] == "moved"


def test_the_post_page_history_shows_times_in_the_accounts_zone(client: Any) -> None:
    client.post("/api/posts/facial-muscles-03/reschedule", json={"at": "2026-04-01 10:00"})
    page = client.get("/posts/facial-muscles-03").text
    history = page[page.index("History") :]
    assert "Moved to Wed 1 Apr 10:00" in history  # the time staff picked, London summer time
    assert "2026-04-01T09:00Z" not in history and "scheduled_at" not in history and "-&gt;" not in history
    # the API keeps UTC for scripts
    assert "2026-04-01T09:00Z" in client.get("/api/posts/facial-muscles-03").json()["history"][-1]["detail"]


@pytest.mark.parametrize(
    ("at", "status", "words"),
    [
        ("2026-03-01 10:00", 422, "in the past"),
        ("next tuesday", 422, "cannot read the time"),
        ("2026-03-29 01:30", 422, "does not exist in Europe/London"),
    ],
)
def test_a_bad_time_is_refused_and_changes_nothing(client: Any, at: str, status: int, words: str) -> None:
    before = client.get("/api/posts/facial-muscles-03").json()["scheduled_at"]
    response = client.post("/api/posts/facial-muscles-03/reschedule", json={"at": at})
    assert response.status_code == status
    assert words in response.json()["error"]
    assert client.get("/api/posts/facial-muscles-03").json()["scheduled_at"] == before


def test_cancelling_twice_is_a_conflict(client: Any) -> None:
    assert client.post("/api/posts/facial-muscles-02/cancel").json()["status"] == "cancelled"
    again = client.post("/api/posts/facial-muscles-02/cancel")
    assert again.status_code == 409 and "cancelled" in again.json()["error"]


def test_editing_a_caption_keeps_instagrams_limit(client: Any) -> None:
    edited = client.patch("/api/posts/facial-muscles-01", json={"caption": "Relax your brow. #skincare"})
    assert edited.status_code == 200 and edited.json()["caption"] == "Relax your brow. #skincare"
    too_long = client.patch("/api/posts/facial-muscles-01", json={"caption": "x" * 2201})
    assert too_long.status_code == 422
    assert "characters with its hashtags, Instagram allows 2200" in too_long.json()["error"]
    assert client.get("/api/posts/facial-muscles-01").json()["caption"] == "Relax your brow. #skincare"


def test_editing_hashtags_alt_text_and_first_comment_by_api(client: Any) -> None:
    before = client.get("/api/posts/facial-muscles-02").json()
    edited = client.patch(
        "/api/posts/facial-muscles-02",
        json={
            "hashtags": ["#skincare", "facemassage"],
            "alt_text": "A navy card",
            "first_comment": "Source: Dr. Lee",
        },
    )
    assert edited.status_code == 200, edited.text
    post = edited.json()
    assert post["hashtags"] == ["skincare", "facemassage"]
    assert post["alt_text"] == "A navy card" and post["slides"][0]["alt_text"] == "A navy card"
    assert post["first_comment"] == "Source: Dr. Lee"
    assert (post["caption"], post["scheduled_at"]) == (before["caption"], before["scheduled_at"])
    history = client.get("/api/posts/facial-muscles-02").json()["history"]
    assert history[-1]["event"] == "edited" and "hashtags edited" in history[-1]["detail"]


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"hashtags": ["a", "b", "c", "d", "e", "f"]}, 422, "6 hashtags, the limit is 5"),
        ({"hashtags": ["skin care"]}, 422, "'skin care' is not one word"),
        ({"alt_text": ["one", "two"]}, 422, "has 1 image(s) but 2 alt texts"),
        ({}, 422, "nothing to change"),
        ({"colour": "red"}, 422, "colour"),
    ],
)
def test_a_bad_edit_is_refused_and_changes_nothing(
    client: Any, body: dict[str, Any], status: int, words: str
) -> None:
    before = client.get("/api/posts/facial-muscles-02").json()
    response = client.patch("/api/posts/facial-muscles-02", json=body)
    assert response.status_code == status
    assert words in response.json()["error"]
    assert client.get("/api/posts/facial-muscles-02").json() == before


def test_a_published_post_cannot_be_edited_by_api(client: Any) -> None:
    client.post("/api/posts/facial-muscles-03/cancel")
    refused = client.patch("/api/posts/facial-muscles-03", json={"caption": "Too late"})
    assert refused.status_code == 409 and "cannot be edited" in refused.json()["error"]


def test_the_post_page_edits_hashtags_and_each_alt_text(client: Any, csrf: Any) -> None:
    token = csrf(client, "/posts/facial-muscles-01")
    form = {
        "csrf_token": token,
        "caption": "Relax your brow.",
        "hashtags": "#skincare, glow  dermatology",
        "alt_text": "A cream card",
        "first_comment": "",
    }
    page = client.post("/posts/facial-muscles-01/edit", data=form)
    assert page.status_code == 200 and "Changes saved." in page.text
    post = client.get("/api/posts/facial-muscles-01").json()
    assert post["hashtags"] == ["skincare", "glow", "dermatology"]
    assert post["slides"][0]["alt_text"] == "A cream card" and post["first_comment"] is None
    refused = client.post("/posts/facial-muscles-01/edit", data={**form, "hashtags": "a b c d e f"})
    assert refused.status_code == 422 and "hashtags, the limit is 5" in refused.text
    assert client.get("/api/posts/facial-muscles-01").json()["hashtags"] == post["hashtags"]


def test_a_refused_edit_or_move_keeps_what_was_typed_on_the_page(client: Any, csrf: Any) -> None:
    token = csrf(client, "/posts/facial-muscles-01")
    form = {
        "csrf_token": token,
        "caption": "A new caption staff spent ten minutes on.",
        "hashtags": "a b c d e f",
        "alt_text": "A freshly written description",
        "first_comment": "See the series",
    }
    refused = client.post("/posts/facial-muscles-01/edit", data=form)
    assert refused.status_code == 422 and "hashtags, the limit is 5" in refused.text
    for typed in ("A new caption staff spent ten minutes on.", 'value="a b c d e f"', "A freshly written"):
        assert typed in refused.text
    assert ">See the series</textarea>" in refused.text
    assert client.get("/api/posts/facial-muscles-01").json()["caption"] != form["caption"]  # nothing saved
    moved = client.post(
        "/posts/facial-muscles-01/reschedule", data={"csrf_token": token, "at": "2026-03-29T01:30"}
    )
    assert moved.status_code == 422 and 'value="2026-03-29T01:30"' in moved.text


def test_pausing_an_account_is_shown_with_its_reason(client: Any) -> None:
    paused = client.post("/api/accounts/studio/pause", json={"reason": "holiday week"}).json()
    assert paused["paused"] is True and paused["pause_reason"] == "holiday week"
    assert client.post("/api/accounts/nobody/pause").status_code == 404
    assert client.post("/api/accounts/studio/resume").json()["paused"] is False


def test_reply_and_pause_times_are_shown_in_the_accounts_zone(client: Any, web_store: Any) -> None:
    """London is on summer time in July: 20:30 UTC is 21:30 there, the time staff expect."""
    from tipqueue.posts.models import Reply, ReplyKind

    summer = datetime(2026, 7, 1, 20, 30, tzinfo=UTC)
    post_id = web_store.list_posts()[0].id
    web_store.add_replies(
        [Reply("s1", "Late night comment", ReplyKind.COMMENT, post_id, username="cy", created_at=summer)]
    )
    web_store.set_paused("studio", True, reason="holiday week", now=summer)
    assert "comment · 01 Jul 21:30 BST" in client.get("/replies").text
    accounts = client.get("/accounts").text
    assert "Paused since 01 Jul 21:30 BST: holiday week" in accounts


def test_the_calendars_grid_link_keeps_the_account_shown(client: Any) -> None:
    """From one account's calendar, 'Preview the profile grid' showed the default account's grid."""
    page = client.get("/calendar", params={"account": "studio", "view": "month"}).text
    assert 'href="/grid?account=studio"' in page
    assert "@glow.studio" in client.get("/grid", params={"account": "studio"}).text


def test_the_leaderboard_ranks_gadgets_by_people(client: Any) -> None:
    board = client.get("/api/replies/leaderboard").json()
    assert [(r["rank"], r["gadget"], r["people"]) for r in board] == [
        (1, "Jade roller", 2),
        (2, "LED face mask", 1),
    ]
    chart = client.get("/api/replies/chart.png")
    assert chart.headers["content-type"] == "image/png" and chart.content.startswith(b"\x89PNG")


def test_the_xlsx_export_opens_with_a_leaderboard_sheet(client: Any, tmp_path: Any) -> None:
    from openpyxl import load_workbook

    response = client.get("/api/replies/export.xlsx")
    assert response.status_code == 200
    assert 'filename="replies-20260304-0900.xlsx"' in response.headers["content-disposition"]
    path = tmp_path / "replies.xlsx"
    path.write_bytes(response.content)
    book = load_workbook(path, read_only=True)
    assert book.sheetnames == ["Leaderboard", "Replies"]


def test_replies_come_a_page_at_a_time_newest_first(client: Any) -> None:
    first = client.get("/api/replies", params={"limit": 2})
    assert [r["platform_id"] for r in first.json()] == ["c3", "c2"]
    assert first.headers["x-total-count"] == "3"
    rest = client.get("/api/replies", params={"limit": 2, "offset": 2}).json()
    assert [r["platform_id"] for r in rest] == ["c1"]
    for params in ({"limit": 0}, {"limit": 1001}, {"offset": -1}):
        refused = client.get("/api/replies", params=params)
        assert refused.status_code == 422 and next(iter(params)) in refused.json()["error"]
    described = client.get("/api/openapi.json").json()["paths"]["/api/replies"]["get"]["parameters"]
    assert {p["name"]: p["schema"].get("maximum") for p in described}["limit"] == 1000


def test_the_replies_page_shows_fifty_at_a_time_with_older_and_newer_links(
    client: Any, web_store: Any
) -> None:
    from tipqueue.posts.models import Reply, ReplyKind

    web_store.add_replies(
        [
            Reply(f"r{n:03d}", f"Reply number {n:03d}", ReplyKind.COMMENT, None, username="u")
            for n in range(1, 121)
        ]
    )
    first = client.get("/replies")
    assert "Reply number 120" in first.text and "Reply number 071" in first.text
    assert "Reply number 070" not in first.text
    # the Older link names the last reply shown, so the next page starts there with an index seek
    assert "1–50 of 123, newest first" in first.text and 'href="/replies?page=2&amp;after=r071"' in first.text
    for second in (
        client.get("/replies", params={"page": 2, "after": "r071"}),
        client.get("/replies?page=2"),
    ):
        assert "51–100 of 123" in second.text
        assert "Reply number 070" in second.text and "Reply number 021" in second.text
        assert "Reply number 071" not in second.text and "Reply number 020" not in second.text
        assert 'href="/replies?page=1"' in second.text and 'href="/replies?page=3&amp;after=' in second.text
    # a reply no longer stored (pruned meanwhile): the page number still says where to start
    assert "Reply number 070" in client.get("/replies", params={"page": 2, "after": "gone"}).text
    last = client.get("/replies", params={"page": 3})
    assert "101–123 of 123" in last.text and "Older →" not in last.text
    assert client.get("/replies", params={"page": 0}).status_code == 422


@pytest.fixture
def nuface(web_store: Any) -> None:
    """Three readers naming two NuFace models: one brand row of three people."""
    from tipqueue.posts.models import GadgetMention, Reply, ReplyKind, Stance

    def mention(model: str) -> GadgetMention:
        return GadgetMention(model, "microcurrent", Stance.RECOMMENDS, model, brand="NuFace")

    web_store.add_replies(
        [
            Reply(f"n{n}", f"My {model} is great", ReplyKind.COMMENT, None, username=f"reader{n}")
            for n, model in enumerate(["NuFace Mini", "NuFace Trinity", "NuFace Mini"], start=1)
        ]
    )
    web_store.set_reply_mentions(
        {"n1": [mention("NuFace Mini")], "n2": [mention("NuFace Trinity")], "n3": [mention("NuFace Mini")]}
    )


def test_the_leaderboard_rolls_up_by_brand_and_category(client: Any, nuface: None) -> None:
    by_gadget = client.get("/api/replies/leaderboard").json()
    assert [(r["gadget"], r["people"]) for r in by_gadget][:2] == [("Jade roller", 2), ("NuFace Mini", 2)]
    assert all(r["by"] == "gadget" and r["includes"] == [] for r in by_gadget)
    by_brand = client.get("/api/replies/leaderboard", params={"by": "brand"}).json()
    top = by_brand[0]
    assert (top["by"], top["gadget"], top["people"], top["recommends"]) == ("brand", "NuFace", 3, 3)
    assert top["includes"] == ["NuFace Mini", "NuFace Trinity"]
    by_category = client.get("/api/replies/leaderboard", params={"by": "category"}).json()
    assert {r["gadget"]: r["people"] for r in by_category}["microcurrent"] == 3
    refused = client.get("/api/replies/leaderboard", params={"by": "colour"})
    assert refused.status_code == 422
    assert refused.json()["error"] == "by: Input should be 'gadget', 'brand' or 'category'"
    chart = client.get("/api/replies/chart.png", params={"by": "brand"})
    assert chart.status_code == 200 and chart.content.startswith(b"\x89PNG")
    assert client.get("/api/replies/chart.png", params={"by": "colour"}).status_code == 422


def test_the_replies_page_switches_the_leaderboard_and_chart(client: Any, nuface: None) -> None:
    import re
    from io import BytesIO

    from PIL import Image

    page = client.get("/replies", params={"by": "brand"})
    assert page.status_code == 200
    table = page.text[page.text.index('id="leaderboard"') :]
    assert re.search(r"<th>Brand</th>", table)
    assert re.search(
        r"<strong>NuFace</strong>\s*<div class=\"small muted includes\">NuFace Mini, NuFace Trinity</div>",
        table,
    )
    assert 'src="/replies/chart.png?by=brand"' in page.text
    assert 'href="/replies?by=brand" aria-current="true"' in page.text
    gadget_chart = Image.open(BytesIO(client.get("/replies/chart.png").content))
    brand_chart = Image.open(BytesIO(client.get("/replies/chart.png", params={"by": "brand"}).content))
    assert brand_chart.size[1] < gadget_chart.size[1]  # NuFace's two models draw one bar
    assert brand_chart.info["Description"].startswith("1. NuFace: 3 people, 3 recommend, 0 dislike")
    assert "2. NuFace Mini: 2 people" in gadget_chart.info["Description"]
    refused = client.get("/replies", params={"by": "colour"})
    assert refused.status_code == 422 and "by: Input should be" in refused.text


def test_the_replies_page_lists_names_readers_used_that_the_lexicon_lacks(
    client: Any, web_store: Any, nuface: None
) -> None:
    from tipqueue.posts.models import Reply, ReplyKind

    web_store.add_replies(
        [
            Reply("q1", "My QykSonic Zoe brush is lovely", ReplyKind.COMMENT, None, username="zoe1"),
            Reply("q2", "QykSonic Zoe brush, every night", ReplyKind.COMMENT, None, username="zoe2"),
        ]
    )
    page = client.get("/replies")
    assert "Names readers used that we don't know yet" in page.text
    assert (
        '<strong>QykSonic Zoe</strong> <span class="muted">(cleansing brush)</span>: 2 replies, 2 readers'
        in page.text
    )
    assert (
        "NuFace</strong> <span" not in page.text.split('id="unknown-names"')[1]
    )  # a known name is not listed


def test_every_post_path_takes_the_handle_and_alerts_can_be_dismissed(client: Any) -> None:
    post = client.get("/api/posts/fm3").json()
    assert (post["id"], post["handle"]) == ("facial-muscles-03", "FM-3")
    assert client.post("/api/posts/FM-5/approve").json()["handle"] == "FM-5"
    draft = client.post("/api/posts/FM-6/publish-now")
    assert draft.status_code == 409 and "approve it first" in draft.json()["error"]
    nxt = client.post("/api/posts/FM-3/share-next").json()
    assert nxt["scheduled_local"] == "2026-03-04T18:30:00+00:00"  # FM-5's time, the first queued
    assert client.get("/api/posts/FM-5").json()["scheduled_local"] == "2026-03-05T09:00:00+00:00"  # one later
    (alert,) = client.get("/api/alerts").json()
    assert alert["post"] == "FM-4" and alert["resolved"] is False
    assert client.post(f"/api/alerts/{alert['number']}/dismiss").json() == {"dismissed": 1}
    assert client.get("/api/alerts").json() == []
    assert len(client.get("/api/alerts?dismissed=true").json()) == 1
    assert client.post("/api/alerts/999/dismiss").status_code == 404
