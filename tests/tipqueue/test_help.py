"""Every command's --help in words a person reads (TEXT, N, FILE, DIR..., ID), never Python types.

Typer wrote ``<str>``, ``<list[Path]>``, ``<int range>`` and ``{ID}`` into the help.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import click
import typer
from typer.testing import CliRunner

from tipqueue.cli import app

PYTHON_TYPES = re.compile(
    r"<(str|int|float|path|bool|datetime|list\[[^\]]*\]|[a-z]+ range)[^>]*>|\{[A-Z_]+\}"
)


def command_paths(command: click.Command, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield path
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from command_paths(sub, (*path, name))


def test_every_commands_help_uses_words_not_python_types() -> None:
    root = typer.main.get_command(app)
    paths = list(command_paths(root))
    assert ("queue", "edit") in paths and ("replies", "export") in paths and len(paths) > 25
    runner = CliRunner()
    for path in paths:
        result = runner.invoke(app, [*path, "--help"], prog_name="tipqueue")
        shown = " ".join(path) or "tipqueue"
        assert result.exit_code == 0, (shown, result.output)
        assert not PYTHON_TYPES.search(result.output), (
            shown,
            PYTHON_TYPES.search(result.output),
            result.output,
        )


def test_the_placeholders_say_what_goes_there() -> None:
    runner = CliRunner()
    edit = runner.invoke(app, ["queue", "edit", "--help"]).output
    assert "Usage: tipqueue queue edit [OPTIONS] ID\n" in edit.replace("root", "tipqueue")
    assert "--caption TEXT" in edit and "--caption-file FILE" in edit
    render = runner.invoke(app, ["render", "--help"]).output
    assert "[OPTIONS] DIR...\n" in render and "--jobs N" in render
    root = runner.invoke(app, ["--help"]).output
    assert "--workspace DIR" in root and "--database-url URL" in root
    assert "[ACCOUNT]" in runner.invoke(app, ["queue", "pause", "--help"]).output
    assert "--at TIME" in runner.invoke(app, ["queue", "add", "--help"]).output
