"""`tipqueue sandbox` as a real process, `tipqueue login`, and instagrapi staying unloaded when
nothing is published."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from tipqueue.config.settings import Settings, load_settings
from tipqueue.instagram.client import read_session, session_path
from tipqueue.instagram.connect import connect
from typer.testing import CliRunner

from tipqueue.cli import app

TIPQUEUE = str(Path(sys.executable).parent / "tipqueue")


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=5) as response:  # loopback only
        return json.loads(response.read())


def test_sandbox_process_receives_a_card_published_through_connect(tmp_path: Path, jpegs: list[Path]) -> None:
    seeds = tmp_path / "replies.json"
    seeds.write_text(
        json.dumps(
            [
                {"text": "My LED mask changed everything", "username": "reader1"},
                {"text": "Which one?", "username": "reader2", "reply_to": 0},
            ]
        )
    )
    process = subprocess.Popen(
        [TIPQUEUE, "sandbox", "--port", "0", "--seed-replies", str(seeds)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,  # the sandbox keeps its state file in the workspace (here: this folder)
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        url = first.rsplit(" ", 1)[-1].strip()
        assert url.startswith("http://127.0.0.1:"), first
        settings = load_settings(
            tmp_path,
            overrides={
                "accounts": {"clinic": {"username": "clinic", "backend": "sandbox", "sandbox_url": url}}
            },
            environ={},
            check_files=False,
        )

        account = connect(settings, "clinic", environ={})  # no session yet: logs in to the sandbox
        media = account.publish_photo(jpegs[0], "Tip 1/8 from the sandbox", alt_text="a quote card")

        listed = _get(url + "/__fake__/medias")
        assert [(m["media_id"], m["caption"], m["alt_texts"]) for m in listed] == [
            (media.media_id, "Tip 1/8 from the sandbox", ["a quote card"])
        ]
        replies = account.comments(media.media_id, cursor=None).replies
        assert sorted((r.text, r.parent_id is None) for r in replies) == [
            ("My LED mask changed everything", True),
            ("Which one?", False),
        ]
        assert read_session(session_path(settings.sessions_dir, "clinic")) is not None
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    assert process.returncode == 0, err
    assert "sandbox stopped" in out
    assert (tmp_path / "sandbox-state.json").is_file()


def test_sandbox_rejects_a_bad_seed_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"text": "not a list"}')

    result = CliRunner().invoke(app, ["sandbox", "--port", "0", "--seed-replies", str(bad)])

    assert result.exit_code == 2
    assert "expected a JSON list" in result.output


def test_login_command_uses_the_environment_and_prints_no_secret(
    sandbox_settings: Settings, fake_instagram: Any
) -> None:
    fake_instagram.password = "s3cret-pass"
    fake_instagram.two_factor_code = "654321"
    session_path(sandbox_settings.sessions_dir, "clinic").unlink()
    env = {"TIPQUEUE_PASSWORD_CLINIC": "s3cret-pass"}
    args = ["--workspace", str(sandbox_settings.workspace), "login", "clinic"]

    needs_code = CliRunner().invoke(app, args, env=env)
    done = CliRunner().invoke(app, [*args, "--code", "654321"], env=env)

    assert needs_code.exit_code == 1 and "needs a two-factor code" in needs_code.output
    assert done.exit_code == 0, done.output
    assert "logged in as @clinic" in done.output
    for result in (needs_code, done):
        assert "s3cret-pass" not in result.output and "654321" not in result.output
    assert read_session(session_path(sandbox_settings.sessions_dir, "clinic")) is not None


def test_login_takes_the_totp_seed_as_the_set_up_screen_shows_it_and_refuses_a_bad_one(
    sandbox_settings: Settings, fake_instagram: Any
) -> None:
    fake_instagram.password = "s3cret-pass"
    fake_instagram.totp_seed = "JBSWY3DPEHPK3PXP"
    session_path(sandbox_settings.sessions_dir, "clinic").unlink()
    args = ["--workspace", str(sandbox_settings.workspace), "login", "clinic"]
    env = {"TIPQUEUE_PASSWORD_CLINIC": "s3cret-pass"}

    bad = CliRunner().invoke(app, args, env={**env, "TIPQUEUE_TOTP_SEED_CLINIC": "not-a-seed!"})
    assert bad.exit_code == 2, bad.output
    assert "TIPQUEUE_TOTP_SEED_CLINIC" in bad.output and "base32" in bad.output
    assert "not-a-seed!" not in bad.output and "s3cret-pass" not in bad.output
    assert read_session(session_path(sandbox_settings.sessions_dir, "clinic")) is None

    grouped = CliRunner().invoke(app, args, env={**env, "TIPQUEUE_TOTP_SEED_CLINIC": "jbsw y3dp ehpk 3pxp"})
    assert grouped.exit_code == 0, grouped.output
    assert "jbsw" not in grouped.output.lower()
    assert read_session(session_path(sandbox_settings.sessions_dir, "clinic")) is not None


def test_login_without_a_password_and_no_terminal_says_where_to_put_it(
    sandbox_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring

    monkeypatch.setattr(keyring, "get_password", lambda *a: None)
    result = CliRunner().invoke(
        app, ["--workspace", str(sandbox_settings.workspace), "login", "clinic"], env={}
    )

    assert result.exit_code == 2
    assert "TIPQUEUE_PASSWORD_CLINIC" in result.output


@pytest.mark.parametrize("args", [["--help"], ["init", "{tmp}/ws"], ["sandbox", "--help"]])
def test_commands_that_publish_nothing_import_neither_instagrapi_nor_the_graph_client(
    tmp_path: Path, args: list[str]
) -> None:
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    code = (
        "import sys\n"
        "from tipqueue.cli import app\n"
        "try:\n"
        f"    app({argv!r}, prog_name='tipqueue')\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('instagrapi', 'curl_cffi', 'boto3', 'httpx')\n"
        "             or m == 'tipqueue.instagram.graph.client'))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIPQUEUE_")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def _start_sandbox(folder: Path, *args: str) -> tuple[subprocess.Popen[str], str, str]:
    """The running sandbox, its address and the three lines it prints when ready."""
    process = subprocess.Popen(
        [TIPQUEUE, "sandbox", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=folder,
    )
    assert process.stdout is not None
    ready = "".join(process.stdout.readline() for _ in range(3))
    return process, ready.splitlines()[0].rsplit(" ", 1)[-1].strip(), ready


def _stop(process: subprocess.Popen[str]) -> str:
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=10)
    assert process.returncode == 0, err
    return out


def test_a_rehearsal_survives_a_sandbox_restart_and_links_point_to_the_sandbox(
    tmp_path: Path, jpegs: list[Path]
) -> None:
    process, url, _ = _start_sandbox(tmp_path)
    try:
        settings = load_settings(
            tmp_path,
            overrides={
                "accounts": {"clinic": {"username": "clinic", "backend": "sandbox", "sandbox_url": url}}
            },
            environ={},
            check_files=False,
        )
        account = connect(settings, "clinic", environ={})
        media = account.publish_photo(jpegs[0], "Tip 1/8: relax your jaw", alt_text="a quote card")
        account.comment(media.media_id, "More tips in the series")
    finally:
        _stop(process)
    assert media.permalink.startswith(url + "/p/") and "instagram.com" not in media.permalink
    assert oct((tmp_path / "sandbox-state.json").stat().st_mode & 0o777) == "0o600"

    port = url.rsplit(":", 1)[1]
    process, again, ready = _start_sandbox(tmp_path, "--port", port)  # same address, as the settings say
    try:
        assert again == url and "1 media kept in" in ready
        # the saved session is still valid and reconciliation still sees the post
        account = connect(settings, "clinic", environ={})
        assert [m.caption for m in account.recent_media(limit=5)] == ["Tip 1/8: relax your jaw"]
        assert [r.text for r in account.comments(media.media_id, cursor=None).replies] == [
            "More tips in the series"
        ]
        with urllib.request.urlopen(media.permalink, timeout=5) as response:  # loopback only
            page = response.read().decode()
        assert "Tip 1/8: relax your jaw" in page and "More tips in the series" in page
        second = account.publish_photo(jpegs[0], "Tip 2/8", alt_text="a quote card")
        assert second.media_id != media.media_id and second.code != media.code
    finally:
        _stop(process)

    process, _, _ = _start_sandbox(tmp_path, "--port", port, "--fresh")
    try:
        assert _get(url + "/__fake__/medias") == []
    finally:
        _stop(process)
