"""Commands load only what they use: help loads neither the settings schema nor the store or a client."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

CODE = "import sys; from tipqueue.cli import main; sys.argv[0] = 'tipqueue'; main()"
NEVER_FOR_HELP = (
    "pydantic_settings",
    "sqlalchemy",
    "alembic",
    "instagrapi",
    "httpx",
    "PIL",
    "fastapi",
    "boto3",
)


def imported(tmp_path: Path, *args: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", CODE, *args],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TIPQUEUE_HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and "Usage: tipqueue" in result.stdout, result.stderr
    return {
        line.rsplit("|", 1)[-1].strip().split(".")[0] for line in result.stderr.splitlines() if "|" in line
    }


def test_the_top_level_help_loads_neither_pydantic_nor_the_settings(tmp_path: Path) -> None:
    loaded = imported(tmp_path, "--help")
    assert "typer" in loaded  # the measurement is real
    assert sorted(loaded & {"pydantic", *NEVER_FOR_HELP}) == []


@pytest.mark.parametrize("group", ["queue", "replies", "compliance", "db"])
def test_a_command_groups_help_loads_no_settings_store_or_client(tmp_path: Path, group: str) -> None:
    # pydantic itself does load here: Typer coerces every option through a pydantic TypeAdapter
    assert sorted(imported(tmp_path, group, "--help") & set(NEVER_FOR_HELP)) == []
