"""What every bad-input test checks: the real `tipqueue` process (``run``; ``invoke`` for the CLI in
this process, when there are many cases) refuses with exit 2 and one line
naming the problem, prints no traceback, and leaves the store byte for byte as it was.

``queued_workspace`` makes a SQLite workspace with three queued posts (``facial-01..03``, account
``clinic`` in Europe/London) through the real CLI, so the store file exists before the bad input.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

from tests.scheduler.test_store_kit import make_series

TIPQUEUE = str(Path(sys.executable).with_name("tipqueue"))
CONFIG = """default_account = "clinic"

[accounts.clinic]
username = "clinic.demo"
timezone = "Europe/London"
slots = ["daily 09:00,18:30"]
daily_cap = 2
"""

#: Hypothesis for input fuzzing: few examples (the suite has a time budget), no deadline (a
#: loaded 2-core machine), fixtures reused across examples (each example restores what it changes).
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def run(workspace: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`tipqueue --workspace WS ARGS` in a small environment with no inherited TIPQUEUE_* settings."""
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(workspace), "LANG": "C.UTF-8"}
    return subprocess.run(
        [TIPQUEUE, "--workspace", str(workspace), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**base, **(env or {})},
    )


class Done:
    """What an in-process run of the CLI left: the same fields as a finished process."""

    def __init__(self, returncode: int, stdout: str, stderr: str) -> None:
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def invoke(workspace: Path, *args: str, env: dict[str, str] | None = None) -> Done:
    """The CLI in this process (Typer's runner): for the many cases, where a process each is too slow."""
    from typer.testing import CliRunner

    from tipqueue.cli import app

    result = CliRunner().invoke(app, ["--workspace", str(workspace), *args], env=env or {})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback the real process would have printed
    return Done(result.exit_code, result.stdout, result.stderr)


def store_bytes(workspace: Path) -> dict[str, bytes]:
    """Every file of the SQLite store (the database, and its WAL and lock files if any)."""
    return {p.name: p.read_bytes() for p in sorted(workspace.glob("tipqueue.db*"))}


def assert_refused(done: subprocess.CompletedProcess[str] | Done, *words: str) -> str:
    """Exit 2, one line on stderr that starts with 'error: ' and holds ``words``; returns the line."""
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


def queued_workspace(root: Path) -> Path:
    """A workspace whose store holds three scheduled posts, made with `tipqueue queue add`."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "tipqueue.toml").write_text(CONFIG, encoding="utf-8")
    make_series(root / "posts", 3)
    added = run(root, "queue", "add", str(root / "posts" / "facial"))
    assert added.returncode == 0, added.stderr
    return root
