"""The graph settings: bad values are one line naming the value and the fix (exit 2 at the CLI)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tipqueue.config.errors import SettingsError
from tipqueue.config.settings import load_settings
from tipqueue.instagram.graph.connect import connect_graph

from tests.scheduler.test_publish_kit import run_cli


def write(ws: Path, account: str, media: str = "") -> Path:
    ws.mkdir(parents=True, exist_ok=True)
    (ws / "tipqueue.toml").write_text(
        f'[accounts.clinic]\nusername = "clinic.demo"\nbackend = "graph"\n{account}\n{media}',
        encoding="utf-8",
    )
    return ws


@pytest.mark.parametrize(
    ("account", "media", "says"),
    [
        ('token = "vault"', "", "'vault' is not a token store; use 'keyring', 'file'"),
        ('ig_user_id = "@clinic"', "", "'@clinic' is not an Instagram user id"),
        ("", '[media_host]\nkind = "s3"\n', "kind = 's3' needs bucket"),
    ],
)
def test_a_bad_graph_setting_is_one_line_with_the_fix(
    tmp_path: Path, account: str, media: str, says: str
) -> None:
    ws = write(tmp_path / "ws", account, media)
    with pytest.raises(SettingsError, match=re.escape(says)):
        load_settings(ws, environ={})
    done = run_cli(ws, "publish-due")
    assert done.returncode == 2 and says in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_graph_account_without_a_media_host_says_how_to_give_one(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from tipqueue.instagram.graph.token import Token, TokenStore

    ws = write(tmp_path / "ws", "")
    settings = load_settings(ws, environ={})
    now = datetime.now(UTC)
    TokenStore("clinic", "file", settings.sessions_dir).save(Token("t", "1", now + timedelta(days=60), now))
    with pytest.raises(SettingsError, match=r"media_host\.public_base_url is not set"):
        connect_graph(settings, "clinic", environ={})
