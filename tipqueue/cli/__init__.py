"""The `tipqueue` command line (Typer + Rich), built in :mod:`tipqueue.cli.commands`.

:func:`main` first hands a plain ``publish-due`` to :mod:`tipqueue.cli.cron`: when there is
certainly nothing to do, the process exits before Typer, pydantic or SQLAlchemy load. Everything
else (and a tick that has work) goes through the app.
"""

from __future__ import annotations

import sys
from typing import Any


def main() -> None:
    """Console-script entry point."""
    from tipqueue.cli.cron import quiet_tick

    if quiet_tick(sys.argv[1:]):
        sys.exit(0)
    from tipqueue.cli.commands import app

    sys.exit(app(prog_name="tipqueue"))


def __getattr__(name: str) -> Any:
    """``from tipqueue.cli import app`` builds the app on first use."""
    if name in ("app", "TipqueueGroup"):
        from tipqueue.cli import commands

        return getattr(commands, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
