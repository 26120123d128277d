"""Token mode against a real `tipqueue web` process: guessing is slowed down, Host names are checked,
sessions are random and expire, cookies are Secure over HTTPS, and the token stays out of `ps`."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import tomllib
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from tipqueue.config.settings import Settings
from tipqueue.posts.models import Post
from tipqueue.scheduler.store import Store

from tests.tipqueue.conftest import LiveServer
from tipqueue.web.sessions import FREE_ATTEMPTS, Sessions

TIPQUEUE = str(Path(sys.executable).with_name("tipqueue"))
TOKEN = "a-long-enough-token-4-tests"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def write_workspace(folder: Path) -> Path:
    """A workspace whose one account has a name no other test's server has."""
    folder.mkdir(parents=True, exist_ok=True)
    name = f"studio{uuid.uuid4().hex[:8]}"
    (folder / "tipqueue.toml").write_text(f'[accounts.{name}]\nusername = "studio"\n', encoding="utf-8")
    return folder


class WebProcess:
    """`tipqueue web` in its own process, on a port it really bound (other tests start servers too)."""

    def __init__(self, workspace: Path, *args: str, env: dict[str, str] | None = None) -> None:
        account = next(
            iter(tomllib.loads((workspace / "tipqueue.toml").read_text(encoding="utf-8"))["accounts"])
        )
        base = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(workspace),
            "TIPQUEUE_HOME": str(workspace),
            "LANG": "C.UTF-8",
        }
        for _ in range(5):
            self.port = _free_port()
            self.url = f"http://127.0.0.1:{self.port}"
            self.proc = subprocess.Popen(
                [TIPQUEUE, "web", "--port", str(self.port), *args],
                cwd=workspace,
                env={**base, **(env or {})},
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            if self._answers(account):
                return
            out, err = self.proc.communicate(timeout=20)
            if "address already in use" not in err.lower():
                raise RuntimeError(f"tipqueue web exited: {out} {err}")
        raise RuntimeError("tipqueue web found no free port")

    def _answers(self, account: str) -> bool:
        """True once this process serves its workspace; False when it exited (the port was taken)."""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                answer = httpx.get(
                    f"{self.url}/api/accounts", headers={"authorization": f"Bearer {TOKEN}"}, timeout=2
                )
                if answer.status_code == 200 and account in answer.text:
                    return True
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        raise RuntimeError("tipqueue web did not start")

    def client(self, **kwargs: Any) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=10, **kwargs)

    def stop(self) -> tuple[str, str]:
        self.proc.terminate()
        out, err = self.proc.communicate(timeout=20)
        return out, err


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return write_workspace(tmp_path / "ws")


@pytest.fixture
def server(workspace: Path) -> Iterator[WebProcess]:
    web = WebProcess(workspace, env={"TIPQUEUE_WEB_TOKEN": TOKEN})
    try:
        yield web
    finally:
        web.stop()


@pytest.fixture(scope="module")
def proxied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebProcess]:
    """One server behind a trusted proxy on 127.0.0.1, also answering to dash.example.org."""
    ws = write_workspace(tmp_path_factory.mktemp("proxied"))
    args = ("--trusted-proxy", "127.0.0.1", "--allowed-host", "dash.example.org")
    web = WebProcess(ws, *args, env={"TIPQUEUE_WEB_TOKEN": TOKEN})
    try:
        yield web
    finally:
        web.stop()


def _csrf(client: httpx.Client) -> str:
    page = client.get("/login")
    assert page.status_code == 200, page.text
    return str(client.cookies["tq_csrf"])


def test_wrong_tokens_make_the_client_wait_longer_and_longer(server: WebProcess) -> None:
    with server.client() as client:
        answers: list[tuple[float, httpx.Response]] = []
        deadline = time.monotonic() + 20
        # guess until the server has looked at one wrong token more than the free ones
        while sum(a.status_code == 401 for _, a in answers) <= FREE_ATTEMPTS and time.monotonic() < deadline:
            answer = client.get("/api/posts", headers={"authorization": "Bearer wrong-guess-0000"})
            answers.append((time.monotonic(), answer))
        checked = [at for at, a in answers if a.status_code == 401]
        waited = [a for _, a in answers if a.status_code == 429]
        assert len(checked) == FREE_ATTEMPTS + 1, [a.status_code for _, a in answers]
        # five free guesses, then 1 s in which no guess is looked at, then one more
        assert checked[FREE_ATTEMPTS] - checked[FREE_ATTEMPTS - 1] >= 0.9
        assert waited and all(int(a.headers["retry-after"]) >= 1 for a in waited)
        assert "try again in" in waited[-1].json()["error"]
        # that one more wrong guess doubled the wait (2 s): even the right token is not looked at now
        blocked = client.get("/api/posts", headers={"authorization": f"Bearer {TOKEN}"})
        assert blocked.status_code == 429
        # the sign-in form waits too
        csrf = str(client.cookies.get("tq_csrf") or _csrf(client))
        form = client.post("/login", data={"token": TOKEN, "csrf_token": csrf})
        assert form.status_code == 429 and "Too many wrong tokens" in form.text


def test_behind_a_trusted_proxy_each_forwarded_client_waits_for_its_own_guesses(proxied: WebProcess) -> None:
    guesser = {"x-forwarded-for": "203.0.113.9", "authorization": "Bearer wrong-guess-0000"}
    with proxied.client() as client:
        codes = [client.get("/api/posts", headers=guesser).status_code for _ in range(FREE_ATTEMPTS + 2)]
        assert codes[:FREE_ATTEMPTS] == [401] * FREE_ATTEMPTS and codes[-1] == 429
        other = client.get(
            "/api/posts", headers={"x-forwarded-for": "198.51.100.7", "authorization": f"Bearer {TOKEN}"}
        )
        assert other.status_code == 200


def test_only_allowed_host_names_are_answered_and_pages_hold_no_absolute_urls(proxied: WebProcess) -> None:
    server = proxied
    with server.client() as client:
        evil = client.get("/login", headers={"host": "attacker.example"})
        assert evil.status_code == 400 and "--allowed-host" in evil.text
        assert "attacker.example" not in evil.headers.get("location", "")
        evil_api = client.get(
            "/api/posts/", headers={"host": "attacker.example", "authorization": f"Bearer {TOKEN}"}
        )
        assert evil_api.status_code == 400
        for host in ("dash.example.org", f"127.0.0.1:{server.port}", f"localhost:{server.port}"):
            page = client.get("/login", headers={"host": host})
            assert page.status_code == 200, (host, page.text)
            assert not re.search(r'(href|src|action)="https?://', page.text), page.text
        # a trailing slash is not redirected to an absolute URL (built from the Host) but refused
        slash = client.get(
            "/api/posts/", headers={"host": "dash.example.org", "authorization": f"Bearer {TOKEN}"}
        )
        assert slash.status_code == 404 and "location" not in slash.headers


def test_sessions_are_random_and_the_cookie_says_when_it_ends(server: WebProcess) -> None:
    import hashlib
    import hmac

    sessions = []
    for _ in range(2):
        with server.client() as client:
            csrf = _csrf(client)
            signed = client.post("/login", data={"token": TOKEN, "csrf_token": csrf})
            assert signed.status_code == 303, signed.text
            cookie = signed.headers["set-cookie"]
            assert "Max-Age=43200" in cookie and "HttpOnly" in cookie and "Secure" not in cookie
            sessions.append(str(client.cookies["tq_session"]))
            assert client.get("/calendar").status_code == 200
    old_style = hmac.new(TOKEN.encode(), b"tipqueue-web-session-v1", hashlib.sha256).hexdigest()
    assert sessions[0] != sessions[1] and old_style not in sessions and TOKEN not in "".join(sessions)
    with server.client(cookies={"tq_session": old_style}) as forged:
        assert forged.get("/calendar").status_code == 303
    # this server trusts no proxy: anybody's X-Forwarded-Proto is ignored
    with server.client() as client:
        told = client.get("/login", headers={"x-forwarded-proto": "https"})
        assert "Secure" not in told.headers["set-cookie"]


def test_cookies_are_secure_when_a_trusted_proxy_says_the_request_came_over_https(
    proxied: WebProcess,
) -> None:
    with proxied.client() as client:
        over_https = client.get("/login", headers={"x-forwarded-proto": "https"})
        assert "Secure" in over_https.headers["set-cookie"]
    with proxied.client() as client:
        plain = client.get("/login")
        assert "Secure" not in plain.headers["set-cookie"]


def test_the_token_comes_from_a_private_file_or_the_environment_never_from_ps(
    workspace: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "token"
    secret.write_text(TOKEN + "\n", encoding="utf-8")
    secret.chmod(0o644)
    refused = subprocess.run(
        [TIPQUEUE, "web", "--token-file", str(secret)],
        cwd=workspace,
        env={"PATH": os.environ["PATH"], "TIPQUEUE_HOME": str(workspace), "HOME": str(workspace)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode == 2 and "chmod 600" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    secret.chmod(0o600)
    web = WebProcess(workspace, "--token-file", str(secret), "--secure-cookies")
    try:
        cmdline = Path(f"/proc/{web.proc.pid}/cmdline").read_bytes()
        assert TOKEN.encode() not in cmdline
        with web.client() as client:
            assert client.get("/api/posts", headers={"authorization": f"Bearer {TOKEN}"}).status_code == 200
            assert "Secure" in client.get("/login").headers["set-cookie"]  # --secure-cookies: always
    finally:
        _, err = web.stop()
    assert "warning" not in err
    flagged = WebProcess(workspace, "--token", TOKEN)
    try:
        with flagged.client() as client:
            assert client.get("/api/posts", headers={"authorization": f"Bearer {TOKEN}"}).status_code == 200
    finally:
        _, err = flagged.stop()
    assert "--token shows in the process list" in err


def test_a_session_ends_when_its_time_is_up(
    web_settings: Settings, web_store: Store, seeded: list[Post], now: datetime
) -> None:
    from tipqueue.web import create_app

    clock = [1_000_000.0]
    app = create_app(web_settings, now=lambda: now, token=TOKEN, store=web_store, session_hours=2)
    app.state.guard.sessions = Sessions(2 * 3600, clock=lambda: clock[0])
    with LiveServer(app) as live, httpx.Client(base_url=live.url, timeout=10) as client:
        csrf = _csrf(client)
        assert client.post("/login", data={"token": TOKEN, "csrf_token": csrf}).status_code == 303
        assert client.get("/calendar").status_code == 200
        clock[0] += 2 * 3600 - 60
        assert client.get("/calendar").status_code == 200
        clock[0] += 120
        ended = client.get("/calendar")
        assert ended.status_code == 303 and ended.headers["location"] == "/login"
