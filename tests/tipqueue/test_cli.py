"""The command line as a user meets it: help everywhere, one clean line for errors, exit codes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tipqueue.cli import app

runner = CliRunner()


def all_command_paths() -> list[list[str]]:
    import typer.main

    root = typer.main.get_command(app)
    paths: list[list[str]] = []

    def walk(cmd: object, prefix: list[str]) -> None:
        commands = getattr(cmd, "commands", None)
        if commands:
            for name, sub in commands.items():
                paths.append([*prefix, name])
                walk(sub, [*prefix, name])

    walk(root, [])
    return paths


def test_top_level_help_lists_the_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "init" in result.output and "demo" in result.output


@pytest.mark.parametrize("path", all_command_paths(), ids=lambda p: " ".join(p))
def test_every_command_has_working_help(path: list[str]) -> None:
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output


def _command_at(path: list[str]) -> object:
    import typer.main

    cmd: object = typer.main.get_command(app)
    for name in path:
        cmd = cmd.commands[name]  # type: ignore[attr-defined]
    return cmd


def _words(text: str) -> str:
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


@pytest.mark.parametrize("path", all_command_paths(), ids=lambda p: " ".join(p))
def test_help_shows_every_word_of_the_help_text_in_80_columns(path: list[str]) -> None:
    """Nothing is eaten as markup (e.g. "[accounts.NAME]") and nothing is wider than the terminal."""
    result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "80"}, terminal_width=80)
    assert result.exit_code == 0, result.output
    shown = _words(result.output)
    cmd = _command_at(path)
    texts = [(getattr(cmd, "help", None) or "").partition("\f")[0]]
    texts += [getattr(p, "help", None) or "" for p in getattr(cmd, "params", [])]
    for text in texts:
        assert _words(text) in shown, f"help text lost or mangled: {text!r}"
    assert max(len(line) for line in result.output.splitlines()) <= 80


def run_cli(
    args: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("TIPQUEUE_")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-c", "from tipqueue.cli import main; main()", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_bad_setting_is_one_line_on_stderr_with_exit_code_2_and_no_traceback(tmp_path: Path) -> None:
    (tmp_path / "tipqueue.toml").write_text('[accounts.clinic]\nusername = "c"\ntimezone = "Mars/Base"\n')
    result = run_cli(["-w", str(tmp_path), "queue", "list"], cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "accounts.clinic.timezone" in lines[0] and "Mars/Base" in lines[0]


def test_debug_shows_the_traceback_for_the_same_error(tmp_path: Path) -> None:
    (tmp_path / "tipqueue.toml").write_text('database_url = "postgres://x/y"\n')
    result = run_cli(["--debug", "-w", str(tmp_path), "queue", "list"], cwd=tmp_path)
    assert result.returncode != 0
    assert "Traceback" in result.stderr and "SettingsError" in result.stderr


def test_settings_error_from_the_environment_names_the_key(tmp_path: Path) -> None:
    result = run_cli(
        ["queue", "list"],
        cwd=tmp_path,
        env={"TIPQUEUE_HOME": str(tmp_path), "TIPQUEUE_CARD_FORMAT": "poster"},
    )
    assert result.returncode == 2
    assert "card_format" in result.stderr and "Traceback" not in result.stderr


def test_init_then_init_again_refuses_with_exit_code_2(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    first = run_cli(["init", str(ws)], cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert (ws / "tipqueue.toml").is_file()
    second = run_cli(["init", str(ws)], cwd=tmp_path)
    assert second.returncode == 2
    assert second.stderr.startswith("error: ") and "already exists" in second.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["init", "{blocker}/ws"],
        ["-w", "{ws}", "queue", "export", "{blocker}/queue.csv"],
        ["-w", "{ws}", "split", "{ws}/articles/facial-muscles-and-gadgets.txt", "-o", "{blocker}/posts"],
    ],
    ids=["init", "queue export", "split -o"],
)
def test_a_path_that_cannot_be_written_is_one_line_naming_it(tmp_path: Path, args: list[str]) -> None:
    """A folder path that runs through a file: the OS refuses; the user sees which path, not a traceback."""
    ws = tmp_path / "ws"
    assert run_cli(["init", str(ws)], cwd=tmp_path).returncode == 0
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    filled = [a.format(blocker=blocker, ws=ws) for a in args]
    result = run_cli(filled, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: cannot use {blocker}/"), lines
    assert ".tmp" not in lines[0]


@pytest.mark.parametrize("args", [["status"], ["publish-due"], ["queue", "list"], ["db", "upgrade"]])
def test_a_folder_that_is_not_a_workspace_is_refused_and_left_untouched(
    tmp_path: Path, args: list[str]
) -> None:
    """The wrong folder (or a typo'd --workspace) must not "succeed" quietly and leave a stray store."""
    folder = tmp_path / "Downloads"
    folder.mkdir()
    result = run_cli(["-w", str(folder), *args], cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"error: {folder} is not a tipqueue workspace (no tipqueue.toml)")
    assert "tipqueue init" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert list(folder.iterdir()) == []
