"""The long-lived token: refreshed before it expires, an alert a week before it stops working,
never written anywhere but its 0600 file or the keyring. The clock is always an argument."""

from __future__ import annotations

import logging
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from tipqueue.config.errors import AuthRequired
from tipqueue.instagram.graph.connect import connect_graph, look_after_tokens, token_store
from tipqueue.instagram.graph.fake import FakeGraph
from tipqueue.instagram.graph.token import Token, TokenStore, accounts_needing_care, look_after, usable
from tipqueue.scheduler.store import Store

from tests.instagram.graph.conftest import WebHosted

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


class Refresh:
    def __init__(self, fail: bool = False) -> None:
        self.calls = 0
        self.fail = fail

    def __call__(self, token: Token) -> tuple[str, int]:
        self.calls += 1
        if self.fail:
            raise ConnectionError("Meta unreachable")
        return f"refreshed-{self.calls}", 60 * 86400


def stored(tmp_path: Path, *, refreshed: datetime, left: timedelta) -> TokenStore:
    store = TokenStore("clinic", "file", tmp_path)
    store.save(Token("IGAAsecret-original", "1784", refreshed + left, refreshed))
    return store


def test_a_fresh_token_is_used_as_it_is(tmp_path: Path) -> None:
    store = stored(tmp_path, refreshed=T0, left=timedelta(days=60))
    refresh = Refresh()
    assert usable(store, refresh, now=T0 + timedelta(days=10)).access_token == "IGAAsecret-original"
    assert refresh.calls == 0


def test_near_expiry_it_is_refreshed_for_60_days_from_now_and_saved(tmp_path: Path) -> None:
    store = stored(tmp_path, refreshed=T0, left=timedelta(days=60))
    now = T0 + timedelta(days=31)  # 29 days left: under the 30-day threshold
    token = usable(store, Refresh(), now=now)
    assert token.access_token == "refreshed-1" and token.expires_at == now + timedelta(days=60)
    assert store.load() == token


def test_a_token_younger_than_a_day_is_not_refreshed_even_if_short(tmp_path: Path) -> None:
    store = stored(tmp_path, refreshed=T0, left=timedelta(days=20))
    refresh = Refresh()
    usable(store, refresh, now=T0 + timedelta(hours=23))
    assert refresh.calls == 0  # Meta refreshes only tokens at least 24 hours old
    usable(store, refresh, now=T0 + timedelta(hours=25))
    assert refresh.calls == 1


def test_an_expired_token_cannot_be_refreshed_and_asks_for_a_login(tmp_path: Path) -> None:
    store = stored(tmp_path, refreshed=T0, left=timedelta(days=60))
    refresh = Refresh()
    with pytest.raises(AuthRequired, match="tipqueue login clinic") as expired:
        usable(store, refresh, now=T0 + timedelta(days=60, seconds=1))
    assert refresh.calls == 0 and "IGAA" not in str(expired.value)


def test_an_alert_a_week_before_it_can_no_longer_be_refreshed(tmp_path: Path) -> None:
    store = stored(tmp_path, refreshed=T0, left=timedelta(days=60))
    failing = Refresh(fail=True)
    assert look_after(store, failing, now=T0 + timedelta(days=52)).alert is None  # 8 days left
    care = look_after(store, failing, now=T0 + timedelta(days=53, hours=1))  # under 7 days left
    assert care.alert is not None and "can no longer be refreshed after 2026-04-30" in care.alert
    assert "tipqueue login clinic" in care.alert and "IGAA" not in care.alert
    # Once refreshing works again the alert stops.
    assert look_after(store, Refresh(), now=T0 + timedelta(days=53, hours=2)).alert is None


def test_the_cron_check_reads_only_the_token_file(web_hosted: WebHosted) -> None:
    settings = web_hosted.settings
    token = token_store(settings, "clinic").load()
    assert token is not None
    assert accounts_needing_care(settings, token.refreshed_at + timedelta(days=1)) == []
    assert accounts_needing_care(settings, token.refreshed_at + timedelta(days=31)) == ["clinic"]


def test_look_after_tokens_refreshes_through_the_api_and_alerts_once_a_day(
    web_hosted: WebHosted, fake_graph: FakeGraph
) -> None:
    settings = web_hosted.settings
    before = token_store(settings, "clinic").load()
    assert before is not None
    store = Store.open(settings.db_url)
    try:
        now = before.refreshed_at + timedelta(days=31)
        fake_graph.clock = lambda: now.timestamp()
        (care,) = look_after_tokens(settings, store, now=now)
        after = token_store(settings, "clinic").load()
        assert care.refreshed and after is not None and after.access_token != before.access_token
        assert after.expires_at == now + timedelta(days=60)
        assert fake_graph.requests_to(r"^/refresh_access_token$")
        # The new token works; the alert path: a token 6 days from its end, Meta refusing refreshes.
        connect_graph(settings, "clinic", environ={}, now=lambda: now).recent_media()
        late = after.expires_at - timedelta(days=6)
        fake_graph.fail_next(r"^/refresh_access_token$", "500", times=5)
        fake_graph.clock = lambda: late.timestamp()
        look_after_tokens(settings, store, now=late)
        look_after_tokens(settings, store, now=late + timedelta(hours=6))
        alerts = [a for a in store.list_alerts() if "token" in a.message]
        assert len(alerts) == 1 and "tipqueue login clinic" in alerts[0].message
        assert after.access_token not in alerts[0].message
    finally:
        store.close()


def test_the_token_file_is_0600_and_the_token_is_nowhere_else(
    web_hosted: WebHosted, fake_graph: FakeGraph, jpegs: list[Path], caplog: pytest.LogCaptureFixture
) -> None:
    settings = web_hosted.settings
    tstore = token_store(settings, "clinic")
    token = tstore.load()
    assert token is not None
    assert stat.S_IMODE(tstore.path.stat().st_mode) == 0o600
    assert token.access_token not in repr(token)
    caplog.set_level(logging.DEBUG)
    acct = connect_graph(settings, "clinic", environ={})
    assert token.access_token not in repr(acct)
    from tipqueue.posts.models import PostStatus
    from tipqueue.scheduler.publish import LazyPublishers, publish_due

    from tests.scheduler.test_publish_kit import make_post

    store = Store.open(settings.db_url)
    try:
        store.ensure_account("clinic", username="clinic.demo", timezone="UTC", now=datetime.now(UTC))
        now = datetime.now(UTC)
        store.add_posts([make_post(settings.workspace / "posts", "p1", at=now)], now=now)
        fake_graph.fail_next(r"/media_publish$", "token_expired")
        publish_due(
            store, LazyPublishers(["clinic"], lambda n: acct), now=now, settings=settings, runner_id="t"
        )
        post = store.get_post("p1")
        assert post.status is PostStatus.NEEDS_ATTENTION
        assert "tipqueue login clinic" in (post.last_error or "")
        from tipqueue.replies.export import export_replies

        export_replies(store, settings.workspace / "out.jsonl", "jsonl")
        exported = (settings.workspace / "out.jsonl").read_text(encoding="utf-8")
    finally:
        store.close()
    assert any("access_token=***" in r.getMessage() for r in caplog.records if r.name.startswith("httpx"))
    db_bytes = Path(settings.db_url.removeprefix("sqlite:///")).read_bytes()
    for text in (caplog.text, post.last_error or "", exported):
        assert token.access_token not in text
    assert token.access_token.encode() not in db_bytes
