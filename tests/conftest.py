"""Shared test fixtures for every package.

* ``_loopback_only`` (autouse): any socket connection or name lookup that is not loopback fails
  the test. Tests and tools only ever talk to 127.0.0.1 / localhost.
* ``fake_instagram``: a started in-process :class:`FakeInstagram` (stopped afterwards). Its
  ``owner`` is ``clinic``. Steer it with ``fail_next(path_regex, fault)``, ``seed_replies``,
  ``add_comments``, ``pin_comment``, ``add_direct_message`` (``folder=``), ``add_usertag`` and
  the reply-side switches ``child_counts``, ``reply_window``, ``comments_page_size`` (20);
  read ``media_list()`` and ``requests``.
* ``sandbox_settings``: Settings for a workspace in ``tmp_path`` with one account ``clinic``
  (``backend = "sandbox"`` pointing at ``fake_instagram``, no pacing delays) and a saved session
  the fake accepts, so ``instagram.connect.connect(sandbox_settings, "clinic", environ={})``
  needs no password. Writes ``tipqueue.toml`` with that account only if the workspace has none.
* ``sandbox_account``: ``connect(sandbox_settings, "clinic", environ={})``, a Publisher and
  ReplySource over the REAL instagrapi client.

Using any of the instagram fixtures also removes instagrapi's hard-coded 3 s pause inside its
own ``photo_upload`` (tipqueue's publisher does not use it, but tests calling instagrapi directly
do).
"""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# The suite runs the gadget finder's Python code even where a compiled build of it exists
# (tipqueue.config.native); tests/config/test_native.py checks the compiled one.
os.environ.setdefault("TIPQUEUE_NATIVE", "off")

from tipqueue.config.settings import Settings, load_settings

from tests.scheduler.test_store_kit import PG_ENV, _pg_schema

SANDBOX_ACCOUNT = "clinic"


def _is_loopback(host: Any) -> bool:
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode()
    host = str(host).strip("[]")
    if host in ("", "localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail any connection that is not to loopback (name lookups too)."""
    blocked: list[str] = []
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not _is_loopback(host):
            blocked.append(f"lookup of {host!r}")
            raise socket.gaierror(f"tests may only reach loopback, not {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    def check(sock: socket.socket, address: Any) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address[0]):
            blocked.append(f"connection to {address!r}")
            raise ConnectionRefusedError(f"tests may only reach loopback, not {address!r}")

    def guarded_connect(sock: socket.socket, address: Any) -> None:
        check(sock, address)
        real_connect(sock, address)

    def guarded_connect_ex(sock: socket.socket, address: Any) -> int:
        check(sock, address)
        return real_connect_ex(sock, address)

    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    yield
    if blocked:
        pytest.fail("a test tried to leave loopback: " + "; ".join(blocked), pytrace=False)


@pytest.fixture
def no_upload_pause() -> Iterator[None]:
    """instagrapi's photo_upload / photo_upload_to_story without their fixed 3 s sleep."""
    from tipqueue.instagram.fake.redirect import without_upload_pause

    with without_upload_pause():
        yield


@pytest.fixture
def fake_instagram(no_upload_pause: None) -> Iterator[Any]:
    """A started in-process fake Instagram whose owner account is ``clinic``."""
    from tipqueue.instagram.fake.server import FakeInstagram

    with FakeInstagram(username=SANDBOX_ACCOUNT, hang_seconds=3.0) as fake:
        yield fake


def write_sandbox_session(settings: Settings, fake: Any, account: str = SANDBOX_ACCOUNT) -> Path:
    """Store a session the fake accepts for ``account`` (as `tipqueue login` would)."""
    from tipqueue.instagram.client import session_path, write_session

    path = session_path(settings.sessions_dir, account)
    write_session(path, fake.issue_session(settings.accounts[account].username))
    return path


@pytest.fixture
def sandbox_settings(tmp_path: Path, fake_instagram: Any) -> Settings:
    """Settings with one sandbox account ``clinic`` pointing at ``fake_instagram``, logged in."""
    account = {
        "username": SANDBOX_ACCOUNT,
        "backend": "sandbox",
        "sandbox_url": fake_instagram.base_url,
        "delay_range": [0.0, 0.0],
    }
    config = tmp_path / "tipqueue.toml"
    if not config.exists():
        config.write_text(
            f'default_account = "{SANDBOX_ACCOUNT}"\n\n[accounts.{SANDBOX_ACCOUNT}]\n'
            f'username = "{SANDBOX_ACCOUNT}"\nbackend = "sandbox"\n'
            f'sandbox_url = "{fake_instagram.base_url}"\ndelay_range = [0.0, 0.0]\n',
            encoding="utf-8",
        )
    settings = load_settings(
        tmp_path,
        overrides={"accounts": {SANDBOX_ACCOUNT: account}, "default_account": SANDBOX_ACCOUNT},
        environ={},
        check_files=False,
    )
    write_sandbox_session(settings, fake_instagram)
    return settings


@pytest.fixture
def sandbox_account(sandbox_settings: Settings) -> Any:
    """The sandbox account as a Publisher and ReplySource (real instagrapi client, fake server)."""
    from tipqueue.instagram.connect import connect

    return connect(sandbox_settings, SANDBOX_ACCOUNT, environ={})


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'tipqueue.db'}"
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"set {PG_ENV} to run the PostgreSQL variant")
    yield from _pg_schema(base)
