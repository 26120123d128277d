"""Who may reach the dashboard and change things, and what it never shows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tipqueue.config.settings import Settings
from tipqueue.posts.models import Post
from tipqueue.scheduler.store import Store
from typer.testing import CliRunner

from tipqueue.cli import app as cli_app

TOKEN = "s3cret-token-for-tests"


@pytest.fixture
def token_client(web_settings: Settings, web_store: Store, seeded: list[Post], now: datetime) -> Any:
    from tipqueue.web import create_app

    app = create_app(
        web_settings, now=lambda: now, token=TOKEN, store=web_store, allowed_hosts=["192.168.1.20"]
    )
    with TestClient(app, base_url="http://192.168.1.20:8000") as client:
        yield client


def test_a_page_elsewhere_cannot_reach_a_loopback_dashboard_by_dns_rebinding(client: Any) -> None:
    assert client.get("/calendar").status_code == 200
    rebound = client.get("/api/posts", headers={"host": "attacker.example:8000"})
    assert rebound.status_code == 400
    assert "127.0.0.1" in rebound.text


def test_with_a_token_pages_ask_to_sign_in_and_the_api_answers_401(token_client: Any) -> None:
    page = token_client.get("/calendar", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login"
    api = token_client.get("/api/posts")
    assert api.status_code == 401
    assert "Bearer" in api.json()["error"]
    assert (
        token_client.get("/api/posts", headers={"authorization": "Bearer wrong-token-123"}).status_code == 401
    )
    ok = token_client.get("/api/posts", headers={"authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 200 and ok.json()


def test_signing_in_sets_a_session_that_never_contains_the_token(token_client: Any) -> None:
    login = token_client.get("/login")
    assert login.status_code == 200
    csrf = token_client.cookies.get("tq_csrf")
    wrong = token_client.post("/login", data={"token": "nope-nope-nope", "csrf_token": csrf})
    assert wrong.status_code == 401 and "not right" in wrong.text
    signed = token_client.post("/login", data={"token": TOKEN, "csrf_token": csrf}, follow_redirects=False)
    assert signed.status_code == 303
    session = token_client.cookies.get("tq_session")
    assert session and TOKEN not in session
    page = token_client.get("/calendar")
    assert page.status_code == 200 and "facial-muscles-01" in page.text
    assert TOKEN not in page.text


def test_a_form_without_its_csrf_token_is_refused(client: Any, web_store: Store, csrf: Any) -> None:
    client.get("/calendar")
    refused = client.post("/accounts/studio/pause", data={})
    assert refused.status_code == 403
    assert "reload the page" in refused.text
    assert web_store.account_state("studio").paused is False
    forged = client.post("/accounts/studio/pause", data={"csrf_token": "guessed-token"})
    assert forged.status_code == 403
    token = csrf(client, "/accounts")
    done = client.post("/accounts/studio/pause", data={"csrf_token": token}, follow_redirects=False)
    assert done.status_code == 303
    assert web_store.account_state("studio").paused is True


def test_a_caption_with_markup_is_saved_verbatim_and_shown_as_text(
    client: Any, web_store: Store, csrf: Any
) -> None:
    caption = 'Try this <img src=x onerror="alert(1)"> trick'
    token = csrf(client, "/posts/facial-muscles-01")
    form = {"csrf_token": token, "caption": caption, "hashtags": "skincare", "alt_text": "A card"}
    saved = client.post("/posts/facial-muscles-01/edit", data=form)
    assert saved.status_code == 200 and "Changes saved." in saved.text
    assert web_store.get_post("facial-muscles-01").caption == caption
    assert "<img src=x" not in saved.text and "&lt;img src=x onerror=" in saved.text


def test_a_cross_site_api_call_is_refused(client: Any, web_store: Store) -> None:
    before = web_store.get_post("facial-muscles-05").status
    refused = client.post(
        "/api/posts/facial-muscles-05/approve",
        headers={"origin": "https://evil.example", "sec-fetch-site": "cross-site"},
    )
    assert refused.status_code == 403
    assert web_store.get_post("facial-muscles-05").status == before


def test_every_response_forbids_inline_script_and_framing(client: Any) -> None:
    headers = client.get("/replies").headers
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["x-content-type-options"] == "nosniff"


def test_reply_text_and_usernames_are_escaped(client: Any, script_reply: str) -> None:
    html = client.get("/replies").text
    assert script_reply not in html
    assert "&lt;script&gt;document.title=" in html
    assert "<b>mallory</b>" not in html and "&lt;b&gt;mallory&lt;/b&gt;" in html


def test_the_cli_refuses_a_public_address_without_a_token() -> None:
    result = CliRunner().invoke(cli_app, ["web", "--host", "0.0.0.0", "--port", "8123"], env={})
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: --host 0.0.0.0")
    assert "--token" in lines[0]


def test_the_cli_refuses_a_guessable_token() -> None:
    result = CliRunner().invoke(cli_app, ["web", "--host", "10.0.0.5", "--token", "abc"], env={})
    assert result.exit_code == 2
    assert "at least 8" in result.output
