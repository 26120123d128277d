"""Errors a person can act on, through the real `tipqueue` executable against the loopback fake.

Before: a stopped sandbox printed urllib3's "HTTPConnectionPool(...) Max retries exceeded",
a challenge showed instagrapi's "Configure challenge_code_handler..." advice for developers, and
instagrapi's own "Status 429: Too many requests" warning landed bare on stderr.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from tipqueue.instagram.fake.server import FakeInstagram

from tests.scheduler.test_publish_kit import make_post, open_store, run_cli, write_sandbox_workspace


@pytest.fixture
def fake() -> Iterator[FakeInstagram]:
    with FakeInstagram(username="clinic", hang_seconds=0.5) as f:
        yield f


def workspace_with_a_due_post(tmp_path: Path, fake: FakeInstagram) -> Path:
    ws = tmp_path / "ws"
    url = f"sqlite:///{ws / 'tipqueue.db'}"
    write_sandbox_workspace(ws, fake, url)
    store = open_store(url)
    now = datetime.now(UTC)
    store.add_posts([make_post(ws / "posts", "tip-01", at=now - timedelta(minutes=1))], now=now)
    store.close()
    return ws


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_stopped_sandbox_names_its_url_and_the_command_that_starts_it(
    tmp_path: Path, fake: FakeInstagram
) -> None:
    ws = workspace_with_a_due_post(tmp_path, fake)
    port = free_port()  # nothing listens there
    toml = ws / "tipqueue.toml"
    toml.write_text(toml.read_text().replace(fake.base_url, f"http://127.0.0.1:{port}"))
    result = run_cli(ws, "publish-due")
    said = result.stdout + result.stderr
    assert result.returncode == 1
    assert f"nothing answers at http://127.0.0.1:{port}" in said
    assert "`tipqueue sandbox` may not be running" in said and f"tipqueue sandbox --port {port}" in said
    assert "HTTPConnectionPool" not in said and "Max retries" not in said


def test_a_challenge_tells_staff_what_to_do_in_the_app(tmp_path: Path, fake: FakeInstagram) -> None:
    ws = workspace_with_a_due_post(tmp_path, fake)
    fake.fail_next(r"/media/configure/$", "challenge")
    result = run_cli(ws, "publish-due")
    said = result.stdout + result.stderr
    assert result.returncode == 1 and "needs_attention" in result.stdout
    assert "open the Instagram app" in said and "'This was me'" in said
    assert "tipqueue queue resume clinic" in said
    assert "challenge_code_handler" not in said and "Configure" not in said
    status = run_cli(ws, "status")
    assert "tipqueue queue resume clinic" in status.stdout and "challenge_code_handler" not in status.stdout


def test_instagrapis_429_warning_goes_through_our_logging_not_bare_stderr(
    tmp_path: Path, fake: FakeInstagram
) -> None:
    ws = workspace_with_a_due_post(tmp_path, fake)
    fake.fail_next(r"/media/configure/$", "429")
    result = run_cli(ws, "publish-due")
    assert result.returncode == 1 and "rate-limiting" in result.stdout
    assert "Status 429" not in result.stderr + result.stdout, result.stderr
    assert result.stderr == ""
