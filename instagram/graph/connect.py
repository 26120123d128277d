"""Build a :class:`GraphAccount` for a configured account (front doors and the demo call this)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from tipqueue.config.errors import SettingsError
from tipqueue.config.settings import AccountSettings, Settings
from tipqueue.instagram.graph.client import GraphAccount
from tipqueue.instagram.graph.errors import GraphError, map_graph_error
from tipqueue.instagram.graph.hosting import (
    MediaHost,
    S3MediaHost,
    WebMediaHost,
    load_link_secret,
    media_folder,
    secret_path,
)
from tipqueue.instagram.graph.token import Care, Refresher, Token, TokenStore, look_after, usable

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)


def token_store(settings: Settings, name: str, *, keyring_backend: Any = None) -> TokenStore:
    _, acct = settings.account(name)
    return TokenStore(name, acct.token, settings.sessions_dir, keyring_backend=keyring_backend)


def refresher(acct: AccountSettings, name: str, http: httpx.Client) -> Refresher:
    """Meta's refresh call: ``GET graph.instagram.com/refresh_access_token?grant_type=ig_refresh_token``."""

    def refresh(token: Token) -> tuple[str, int]:
        response = http.get(
            f"{acct.graph_url.rstrip('/')}/refresh_access_token",
            params={"grant_type": "ig_refresh_token", "access_token": token.access_token},
        )
        body = _json(response)
        if response.status_code >= 400 or "access_token" not in body:
            raise map_graph_error(
                GraphError.parse(response.status_code, body), account=name, action="refresh the token"
            )
        return str(body["access_token"]), int(body.get("expires_in") or 60 * 86400)

    return refresh


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def media_host(settings: Settings, environ: Mapping[str, str] | None = None) -> MediaHost:
    cfg = settings.media_host
    expires = timedelta(minutes=cfg.link_minutes)
    if cfg.kind == "s3":
        assert cfg.bucket is not None
        return S3MediaHost(
            cfg.bucket, prefix=cfg.prefix, expires=expires, endpoint_url=cfg.endpoint_url, region=cfg.region
        )
    if not cfg.public_base_url:
        raise SettingsError(
            "media_host.public_base_url is not set: the Instagram API fetches each image from a public URL; "
            "set it to the address where Meta reaches `tipqueue web` (or use kind = 's3')"
        )
    secret = load_link_secret(secret_path(settings.workspace), dict(environ) if environ is not None else None)
    return WebMediaHost(media_folder(settings.workspace), cfg.public_base_url, secret, expires=expires)


def connect_graph(
    settings: Settings,
    name: str,
    *,
    environ: Mapping[str, str] | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    http: httpx.Client | None = None,
    keyring_backend: Any = None,
    poll_interval: float = 2.0,
) -> GraphAccount:
    """The account as a Publisher and ReplySource; its token refreshed first when near expiry."""
    name, acct = settings.account(name)
    client = http or httpx.Client(timeout=DEFAULT_TIMEOUT)
    store = token_store(settings, name, keyring_backend=keyring_backend)
    refresh = refresher(acct, name, client)
    holder = {"token": usable(store, refresh, now=now())}

    def current() -> str:
        token = holder["token"]
        if token.wants_refresh(now()):
            holder["token"] = usable(store, refresh, now=now())
        return holder["token"].access_token

    return GraphAccount(
        name,
        ig_user_id=acct.ig_user_id or holder["token"].user_id,
        token=current,
        media_host=media_host(settings, environ),
        base_url=f"{acct.graph_url.rstrip('/')}/{acct.graph_version}",
        http=client,
        remove_after_publish=settings.media_host.remove_after_publish,
        poll_interval=0.01 if _loopback(acct.graph_url) else poll_interval,
        clock=now,
    )


def _loopback(url: str) -> bool:
    host = httpx.URL(url).host
    return host in ("127.0.0.1", "localhost", "::1")


def look_after_tokens(
    settings: Settings,
    store: Any,
    *,
    now: datetime,
    names: list[str] | None = None,
    http: httpx.Client | None = None,
    keyring_backend: Any = None,
) -> list[Care]:
    """Refresh the graph tokens that are due; alert (once a day) about those about to stop working."""
    import logging

    log = logging.getLogger("tipqueue.graph")
    client = http or httpx.Client(timeout=DEFAULT_TIMEOUT)
    done: list[Care] = []
    for name in names if names is not None else list(settings.accounts):
        acct = settings.accounts[name]
        if acct.backend != "graph":
            continue
        care = look_after(
            token_store(settings, name, keyring_backend=keyring_backend),
            refresher(acct, name, client),
            now=now,
        )
        done.append(care)
        if care.refreshed:
            log.info("token          account=%s refreshed; valid until %s", name, care.expires_at)
        if care.alert is not None:
            log.warning("token          account=%s -- %s", name, care.alert)
            recent = store.list_alerts(limit=50)
            if not any(a.message == care.alert and now - _aware(a.at) < timedelta(days=1) for a in recent):
                store.add_alert(account=name, post_id=None, level="warning", message=care.alert, now=now)
    return done


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
