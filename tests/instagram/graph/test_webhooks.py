"""`tipqueue web` receiving Meta's signed comment and mention webhooks (the optional path)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tipqueue.config.settings import load_settings
from tipqueue.instagram.graph.connect import connect_graph
from tipqueue.instagram.graph.fake import FakeGraph
from tipqueue.posts.models import ReplyKind
from tipqueue.replies.collect import collect_replies, verify_replies
from tipqueue.scheduler.publish import LazyPublishers, publish_due
from tipqueue.scheduler.store import Store

from tests.instagram.graph.conftest import WebHosted
from tests.scheduler.test_publish_kit import make_post
from tipqueue.web import create_app


@pytest.fixture
def hooked(web_hosted: WebHosted, monkeypatch: pytest.MonkeyPatch, fake_graph: FakeGraph) -> TestClient:
    ws = web_hosted.settings.workspace
    toml = ws / "tipqueue.toml"
    toml.write_text(toml.read_text() + "\n[webhooks]\nenabled = true\n", encoding="utf-8")
    monkeypatch.setenv("TIPQUEUE_APP_SECRET_CLINIC", fake_graph.app_secret)
    monkeypatch.setenv("TIPQUEUE_WEBHOOK_VERIFY_TOKEN", "our-verify-token")
    return TestClient(create_app(load_settings(ws, environ={})), base_url="https://media.clinic.example")


def publish_one(web_hosted: WebHosted, path: Path) -> str:
    settings = web_hosted.settings
    store = Store.open(settings.db_url)
    try:
        store.ensure_account("clinic", username="clinic.demo", timezone="UTC", now=datetime.now(UTC))
        now = datetime.now(UTC)
        post = make_post(path, "cta", at=now)
        store.add_posts([post.__class__(**{**post.__dict__, "collect_replies": True})], now=now)
        acct = connect_graph(settings, "clinic", environ={})
        publish_due(
            store, LazyPublishers(["clinic"], lambda n: acct), now=now, settings=settings, runner_id="t"
        )
        media_id = store.get_post("cta").media_id
        assert media_id is not None
        return media_id
    finally:
        store.close()


def test_meta_verifies_the_callback_with_our_token_only(hooked: TestClient) -> None:
    ok = hooked.get(
        "/webhooks/instagram",
        params={
            "hub.mode": "subscribe",
            "hub.verify_token": "our-verify-token",
            "hub.challenge": "1158201444",
        },
    )
    assert ok.status_code == 200 and ok.text == "1158201444"
    wrong = hooked.get(
        "/webhooks/instagram",
        params={"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1"},
    )
    assert wrong.status_code == 403
    # The public address reaches only the self-authenticating paths, not the dashboard.
    assert hooked.get("/").status_code == 400


def test_signed_comments_are_stored_once_with_their_post_and_polling_adds_no_duplicate(
    hooked: TestClient, web_hosted: WebHosted, fake_graph: FakeGraph, tmp_path: Path
) -> None:
    media_id = publish_one(web_hosted, tmp_path / "posts")
    (comment_id,) = fake_graph.add_comments(
        media_id, [{"text": "My NuFace mini changed my jawline", "username": "ana"}]
    )
    value = {
        "id": comment_id,
        "text": "My NuFace mini changed my jawline",
        "from": {"id": "9", "username": "ana"},
        "media": {"id": media_id, "media_product_type": "FEED"},
    }
    body, headers = fake_graph.webhook_body("comments", value)
    first = hooked.post("/webhooks/instagram", content=body, headers=headers)
    again = hooked.post("/webhooks/instagram", content=body, headers=headers)
    assert (first.status_code, first.text, again.text) == (200, "stored 1", "stored 0")
    forged = hooked.post("/webhooks/instagram", content=body.replace(b"jawline", b"wallet!"), headers=headers)
    assert forged.status_code == 403
    mention_id = fake_graph.add_comment_mention("@clinic.demo the jaw tip + my gua sha = magic", "bea")
    mention_body, mention_headers = fake_graph.webhook_body(
        "mentions", {"comment_id": mention_id, "media_id": "777"}
    )
    assert (
        hooked.post("/webhooks/instagram", content=mention_body, headers=mention_headers).text == "stored 1"
    )

    store = Store.open(web_hosted.settings.db_url)
    try:
        report = collect_replies(
            store, connect_graph(web_hosted.settings, "clinic", environ={}), now=datetime.now(UTC)
        )
        replies = store.list_replies()
    finally:
        store.close()
    assert report.added == 0  # the poll saw the same comment: deduplicated by its id
    comment = next(r for r in replies if r.platform_id == comment_id)
    assert (
        comment.post_id == "cta" and comment.kind is ReplyKind.COMMENT and comment.gadgets == ("NuFace Mini",)
    )
    mention = next(r for r in replies if r.platform_id == mention_id)
    assert mention.kind is ReplyKind.MENTION and mention.username == "bea" and "gua sha" in mention.text


def test_verify_on_a_graph_account_finds_a_comment_the_store_lacks_and_stores_it_once(
    web_hosted: WebHosted, fake_graph: FakeGraph, tmp_path: Path
) -> None:
    media_id = publish_one(web_hosted, tmp_path / "posts")
    fake_graph.add_comments(media_id, [{"text": "LED mask every night", "username": "ana"}])
    store = Store.open(web_hosted.settings.db_url)
    try:
        account = connect_graph(web_hosted.settings, "clinic", environ={})
        collect_replies(store, account, now=datetime.now(UTC))
        # a comment the cursor will not show (it came in while a run was cut off, say)
        (late,) = fake_graph.add_comments(media_id, [{"text": "gua sha daily", "username": "bea"}])
        first = verify_replies(store, account, now=datetime.now(UTC))
        again = verify_replies(store, account, now=datetime.now(UTC))
        stored = [r.platform_id for r in store.list_replies()]
    finally:
        store.close()
    assert [(c.remote, c.stored, c.missing) for c in first] == [(2, 1, (late,))]
    assert [(c.remote, c.stored, c.missing) for c in again] == [(2, 2, ())]
    assert stored.count(late) == 1
