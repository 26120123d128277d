"""`tipqueue login ACCOUNT` for a graph account: the authorisation code comes back to 127.0.0.1.

The "browser" is httpx following the fake's redirect, as a person's browser would."""

from __future__ import annotations

import os
import stat
import subprocess
import threading
import time

import httpx
import pytest
from tipqueue.config.errors import AuthRequired
from tipqueue.instagram.graph.connect import token_store
from tipqueue.instagram.graph.fake import FakeGraph
from tipqueue.instagram.graph.oauth import CodeReceiver, login

from tests.instagram.graph.conftest import WebHosted
from tests.instagram.graph.kit import free_port
from tests.scheduler.test_publish_kit import TIPQUEUE_BIN, cli_env


def browse(url: str) -> None:
    threading.Thread(target=lambda: httpx.get(url, follow_redirects=True, timeout=10), daemon=True).start()


def test_login_exchanges_the_code_for_a_long_lived_token_and_stores_it_0600(
    web_hosted: WebHosted, fake_graph: FakeGraph
) -> None:
    from datetime import UTC, datetime

    settings = web_hosted.settings
    _, acct = settings.account("clinic")
    acct = acct.model_copy(update={"redirect_uri": f"http://127.0.0.1:{free_port()}/"})
    store = token_store(settings, "clinic")
    store.path.unlink()
    shown: list[str] = []
    now = datetime.now(UTC)

    def show(url: str) -> None:
        shown.append(url)
        browse(url)

    token = login(
        acct,
        "clinic",
        store,
        app_id=fake_graph.app_id,
        app_secret=fake_graph.app_secret,
        show=show,
        now=lambda: now,
        timeout=10,
    )
    assert (
        "scope=instagram_business_basic%2Cinstagram_business_content_publish%2Cinstagram_business_manage_comments"
        in shown[0]
    )
    assert token.user_id == fake_graph.ig_user_id
    assert (token.expires_at - now).days == 60
    assert store.load() == token and stat.S_IMODE(store.path.stat().st_mode) == 0o600
    # The long-lived token works; the short-lived one was exchanged away.
    assert fake_graph.tokens.get(token.access_token) is not None
    assert fake_graph.app_secret not in store.path.read_text()


def test_an_answer_with_another_state_is_refused() -> None:
    port = free_port()
    with CodeReceiver(f"http://127.0.0.1:{port}/", "expected-state") as receiver:
        answer = httpx.get(f"http://127.0.0.1:{port}/?code=stolen&state=other")
        assert answer.status_code == 400
        with pytest.raises(AuthRequired, match="state"):
            receiver.wait(5)


def test_the_login_command_prints_the_url_and_saves_the_token(
    web_hosted: WebHosted, fake_graph: FakeGraph
) -> None:
    ws = web_hosted.settings.workspace
    port = free_port()
    toml = ws / "tipqueue.toml"
    toml.write_text(
        toml.read_text().replace(
            'backend = "graph"\n', f'backend = "graph"\nredirect_uri = "http://127.0.0.1:{port}/"\n'
        )
    )
    token_store(web_hosted.settings, "clinic").path.unlink()
    env = cli_env(ws, TIPQUEUE_APP_SECRET_CLINIC=fake_graph.app_secret)
    proc = subprocess.Popen(
        [TIPQUEUE_BIN, "login", "clinic", "--timeout", "20"],
        cwd=ws,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    url = ""
    deadline = time.monotonic() + 20
    while not url and time.monotonic() < deadline:
        line = proc.stdout.readline()
        url = line.strip() if line.strip().startswith("http") else ""
    time.sleep(0.2)
    browse(url)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "logged in: Instagram user id 17841400000000001" in out
    token = token_store(web_hosted.settings, "clinic").load()
    assert token is not None and token.access_token not in out + err
    assert fake_graph.app_secret not in out + err


def test_the_login_command_without_an_app_secret_says_where_to_put_it(web_hosted: WebHosted) -> None:
    ws = web_hosted.settings.workspace
    done = subprocess.run(
        [TIPQUEUE_BIN, "login", "clinic"],
        cwd=ws,
        env=cli_env(ws),
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2 and "TIPQUEUE_APP_SECRET_CLINIC" in done.stderr + done.stdout
    assert "Traceback" not in done.stderr
    assert os.environ.get("TIPQUEUE_APP_SECRET_CLINIC") is None
