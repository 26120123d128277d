"""`tipqueue login ACCOUNT` for a graph account: Business Login for Instagram, authorisation code flow.

1. The person opens the authorisation URL (``www.instagram.com/oauth/authorize?client_id=..
   &redirect_uri=..&response_type=code&scope=instagram_business_basic,..&state=..``), which
   tipqueue prints, and grants the permissions.
2. Instagram redirects the browser to ``redirect_uri`` (``http://127.0.0.1:PORT/`` by default):
   a one-shot server on 127.0.0.1 receives the code (checking ``state``) and answers with a page
   saying the browser can be closed. The trailing ``#_`` Meta appends never reaches a server.
3. The code is exchanged for a short-lived token (``POST api.instagram.com/oauth/access_token``),
   then for a long-lived one (``GET graph.instagram.com/access_token?grant_type=ig_exchange_token``),
   which is stored (keyring or 0600 file). The app secret is sent only in these two server-side
   requests and never printed or stored by tipqueue.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
from tipqueue.config.errors import AuthRequired, InputError, SettingsError
from tipqueue.config.settings import AccountSettings
from tipqueue.instagram.graph.errors import GraphError, map_graph_error
from tipqueue.instagram.graph.token import Token, TokenStore

SCOPES = (
    "instagram_business_basic",
    "instagram_business_content_publish",
    "instagram_business_manage_comments",
)


def authorize_url(acct: AccountSettings, app_id: str, state: str) -> str:
    query = urlencode(
        {
            "client_id": app_id,
            "redirect_uri": acct.redirect_uri,
            "response_type": "code",
            "scope": ",".join(SCOPES),
            "state": state,
        }
    )
    return f"{acct.authorize_url}?{query}"


class CodeReceiver:
    """A one-shot HTTP server on 127.0.0.1 that waits for the redirect carrying the code."""

    def __init__(self, redirect_uri: str, state: str) -> None:
        parts = urlsplit(redirect_uri)
        if parts.scheme != "http" or parts.hostname not in ("127.0.0.1", "localhost"):
            raise SettingsError(
                f"redirect_uri = {redirect_uri!r}: `tipqueue login` receives the code on this machine; "
                "use http://127.0.0.1:PORT/ and add exactly that URI to the app's valid OAuth redirect URIs"
            )
        self.path = parts.path or "/"
        self.state = state
        self.code: str | None = None
        self.error: str | None = None
        self.done = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                if url.path != receiver.path:
                    self.send_error(404)
                    return
                query = {k: v[-1] for k, v in parse_qs(url.query).items()}
                if query.get("state") != receiver.state:
                    receiver.error = "the answer did not carry this login's state (an old or foreign link)"
                elif "code" in query:
                    receiver.code = query["code"].removesuffix("#_")
                else:
                    receiver.error = (
                        query.get("error_description") or query.get("error") or "no code in the answer"
                    )
                text = "tipqueue: " + (
                    "logged in; you can close this window" if receiver.code else receiver.error or ""
                )
                body = text.encode()
                self.send_response(200 if receiver.code else 400)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                receiver.done.set()

        try:
            self.server = HTTPServer(("127.0.0.1", parts.port or 80), Handler)
        except OSError as exc:
            raise InputError(
                f"cannot listen on 127.0.0.1:{parts.port} for the login answer ({exc.strerror}); "
                "free that port or change redirect_uri (and the app's redirect URIs)"
            ) from None
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        while not self.done.is_set():
            self.server.handle_request()

    def __enter__(self) -> CodeReceiver:
        self.server.timeout = 0.5
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.done.set()
        self.server.server_close()

    def wait(self, timeout: float) -> str:
        if not self.done.wait(timeout):
            raise AuthRequired(f"no login answer arrived within {int(timeout)} s; run `tipqueue login` again")
        if self.code is None:
            raise AuthRequired(f"Instagram did not grant access: {self.error}; run `tipqueue login` again")
        return self.code


def exchange(
    http: httpx.Client,
    acct: AccountSettings,
    name: str,
    *,
    app_id: str,
    app_secret: str,
    code: str,
    now: datetime,
) -> Token:
    """Code -> short-lived token -> long-lived token (60 days)."""
    short = http.post(
        f"{acct.oauth_url.rstrip('/')}/oauth/access_token",
        data={
            "client_id": app_id,
            "client_secret": app_secret,
            "grant_type": "authorization_code",
            "redirect_uri": acct.redirect_uri,
            "code": code,
        },
    )
    body = _body(short, name, "exchange the login code")
    first = (body.get("data") or [body])[0]
    long = http.get(
        f"{acct.graph_url.rstrip('/')}/access_token",
        params={
            "grant_type": "ig_exchange_token",
            "client_secret": app_secret,
            "access_token": first["access_token"],
        },
    )
    answer = _body(long, name, "get a long-lived token")
    return Token(
        str(answer["access_token"]),
        str(first.get("user_id") or ""),
        now + timedelta(seconds=int(answer.get("expires_in") or 60 * 86400)),
        now,
    )


def _body(response: httpx.Response, name: str, action: str) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        body = {}
    if response.status_code >= 400 or not isinstance(body, dict) or "error" in body:
        raise map_graph_error(GraphError.parse(response.status_code, body), account=name, action=action)
    return body


def login(
    acct: AccountSettings,
    name: str,
    store: TokenStore,
    *,
    app_id: str,
    app_secret: str,
    show: Callable[[str], None],
    now: Callable[[], datetime],
    http: httpx.Client | None = None,
    timeout: float = 300.0,
) -> Token:
    """Run the whole flow: print the URL, receive the code on 127.0.0.1, store the long-lived token."""
    state = secrets.token_urlsafe(16)
    client = http or httpx.Client(timeout=30.0)
    with CodeReceiver(acct.redirect_uri, state) as receiver:
        show(authorize_url(acct, app_id, state))
        code = receiver.wait(timeout)
    token = exchange(client, acct, name, app_id=app_id, app_secret=app_secret, code=code, now=now())
    store.save(token)
    return token
