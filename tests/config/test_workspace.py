"""`tipqueue init` writes a workspace the other commands accept, and never overwrites one."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from tipqueue.config.errors import InputError
from tipqueue.config.settings import load_settings
from tipqueue.config.workspace import EXAMPLE_ARTICLE, init_workspace


def test_init_writes_a_commented_config_that_loads_and_the_workspace_folders(tmp_path: Path) -> None:
    ws = tmp_path / "clinic"
    init_workspace(ws)
    text = (ws / "tipqueue.toml").read_text()
    assert text.count("#") > 20  # commented for a newcomer
    settings = load_settings(ws, environ={})
    name, account = settings.account()
    assert name == "clinic"
    assert account.timezone == "America/Los_Angeles"
    for folder in ("articles", "posts", "output", "sessions"):
        assert (ws / folder).is_dir()
    assert stat.S_IMODE((ws / "sessions").stat().st_mode) == 0o700
    article = (ws / "articles" / EXAMPLE_ARTICLE).read_text()
    assert "please do a shout out on my Instagram account" in article


def test_init_refuses_to_overwrite_an_existing_config(tmp_path: Path) -> None:
    init_workspace(tmp_path)
    (tmp_path / "tipqueue.toml").write_text("hashtag_limit = 3\n")
    with pytest.raises(InputError, match="already exists"):
        init_workspace(tmp_path)
    assert (tmp_path / "tipqueue.toml").read_text() == "hashtag_limit = 3\n"
