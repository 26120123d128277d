"""The cron tick's quick settings read agrees with the full loader on everything it reads."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from tipqueue.config import quick, settings
from tipqueue.config.quick import fingerprint, read_cron_view, remember_checked
from tipqueue.config.settings import load_settings, resolve_workspace

TOML_URLS = [None, "", "sqlite:///from-file.db", "postgresql://file@127.0.0.1/db"]
ENV_URLS = [None, "", "postgresql://env@127.0.0.1/db", "sqlite:///from-env.db"]
FLAG_URLS = [None, "", "postgresql+psycopg://flag@127.0.0.1/db"]


def workspace(tmp_path: Path, url: str | None, accounts: str = "") -> Path:
    ws = tmp_path / "ws"
    ws.mkdir(exist_ok=True)
    lines = [] if url is None else [f"database_url = {json.dumps(url)}"]
    (ws / "tipqueue.toml").write_text("\n".join(lines) + "\n" + accounts, encoding="utf-8")
    return ws


def both(ws: Path, env: dict[str, str], flag: str | None = None) -> tuple[object, object]:
    full = load_settings(ws, overrides={"database_url": flag}, environ=env, check_files=False)
    view = read_cron_view(str(ws), flag, env)
    assert view is not None
    accounts = {name: (a.backend, a.token) for name, a in full.accounts.items()}
    return (full.db_url, accounts), (view.db_url, view.accounts)


@pytest.mark.parametrize(
    ("in_file", "in_env", "flag"), list(itertools.product(TOML_URLS, ENV_URLS, FLAG_URLS))
)
def test_the_database_url_is_read_with_the_same_precedence(
    tmp_path: Path, in_file: str | None, in_env: str | None, flag: str | None
) -> None:
    ws = workspace(tmp_path, in_file)
    env = {} if in_env is None else {"TIPQUEUE_DATABASE_URL": in_env}
    full, quick_view = both(ws, env, flag)
    assert quick_view == full


ACCOUNTS = """
[accounts.Clinic]
username = "clinic"
backend = "sandbox"

[accounts.second]
username = "second"
backend = "graph"
ig_user_id = "1789"
token = "keyring"

[accounts.third]
username = "third"
"""


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"TIPQUEUE_ACCOUNTS__SECOND__BACKEND": "instagrapi"},
        {"tipqueue_accounts__second__token": "file:/srv/token.json"},
        {"TIPQUEUE_ACCOUNTS__FOURTH__USERNAME": "fourth", "TIPQUEUE_ACCOUNTS__FOURTH__BACKEND": "sandbox"},
        {"TIPQUEUE_ACCOUNTS__THIRD__SLOTS": '["daily 09:00"]', "TIPQUEUE_PASSWORD_THIRD": "x"},
        {"TIPQUEUE_ACCOUNTS__THIRD__BRAND__TEXT_COLOR": "#112233"},
    ],
    ids=["file-only", "env-backend", "env-token", "env-only-account", "other-keys", "nested-brand"],
)
def test_accounts_are_read_as_the_full_loader_reads_them(tmp_path: Path, env: dict[str, str]) -> None:
    full, quick_view = both(workspace(tmp_path, None, ACCOUNTS), env)
    assert quick_view == full


def test_what_it_cannot_read_for_certain_goes_to_the_full_loader(tmp_path: Path) -> None:
    ws = workspace(tmp_path, None, ACCOUNTS)
    tables = {"TIPQUEUE_ACCOUNTS__THIRD": json.dumps({"username": "third", "backend": "graph"})}
    assert load_settings(ws, environ=tables, check_files=False).accounts["third"].backend == "graph"
    assert read_cron_view(str(ws), None, tables) is None
    (ws / "tipqueue.toml").write_text("database_url = [\n", encoding="utf-8")
    assert read_cron_view(str(ws), None, {}) is None
    assert read_cron_view(str(tmp_path / "nowhere"), None, {}) is None


def test_the_workspace_is_found_the_same_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for flag, env in [(None, {}), ("ws", {}), (None, {"TIPQUEUE_HOME": str(tmp_path / "home")}), ("~", {})]:
        assert quick.workspace_dir(flag, env) == str(resolve_workspace(flag, env))


def test_the_lists_it_shares_with_the_full_loader_are_the_same() -> None:
    assert quick.NOT_SETTINGS == settings._NOT_SETTINGS
    assert (quick.ENV_PREFIX, quick.CONFIG_FILE) == (settings.ENV_PREFIX, settings.CONFIG_FILE)


def test_the_quick_view_is_trusted_only_for_the_inputs_that_were_checked(tmp_path: Path) -> None:
    ws = workspace(tmp_path, "sqlite:///a.db")
    env = {"TIPQUEUE_HASHTAGS": "skin", "PATH": "/bin"}
    view = read_cron_view(str(ws), None, env)
    assert view is not None and not view.checked
    remember_checked(str(ws), None, env)
    assert read_cron_view(str(ws), None, env).checked  # type: ignore[union-attr]
    stamp = fingerprint(str(ws), None, env)
    unrelated = {**env, "PATH": "/usr/bin", "TIPQUEUE_PASSWORD_CLINIC": "s3cret", "TIPQUEUE_HOME": "/x"}
    assert fingerprint(str(ws), None, unrelated) == stamp
    assert "s3cret" not in (ws / quick.CHECKED_FILE).read_text(encoding="ascii")
    for changed in (
        fingerprint(str(ws), None, {**env, "TIPQUEUE_HASHTAGS": "spf"}),
        fingerprint(str(ws), None, {**env, "tipqueue_publish__max_attempts": "0"}),
        fingerprint(str(ws), "sqlite:///b.db", env),
    ):
        assert changed != stamp
    (ws / "tipqueue.toml").write_text(
        'database_url = "sqlite:///a.db"\n[publish]\nmax_attempts = 0\n', encoding="utf-8"
    )
    assert not read_cron_view(str(ws), None, env).checked  # type: ignore[union-attr]
