"""The cron tick's front door: a plain ``tipqueue publish-due`` with nothing to do exits here.

:func:`quiet_tick` recognises only the command lines it is sure of: the root options
``--workspace/-w DIR``, ``--database-url URL`` and ``--debug``, then ``publish-due`` with at most
``--account/-a NAME``. Anything else (``--help``, ``--dry-run``, ``--now``, a typo) goes to the
full command line, which parses and reports it. Then it asks one library function
(:func:`scheduler.cron.nothing_to_do`) and says nothing.
"""

from __future__ import annotations

import os

#: option -> the key it sets; the root's, then publish-due's
_ROOT = {"--workspace": "workspace", "-w": "workspace", "--database-url": "database_url"}
_COMMAND = {"--account": "account", "-a": "account"}


def parse_tick(args: list[str]) -> dict[str, str | None] | None:
    """The options of a plain ``publish-due`` command line, or None when it is anything else."""
    found: dict[str, str | None] = {"workspace": None, "database_url": None, "account": None}
    options, seen_command = _ROOT, False
    i = 0
    while i < len(args):
        token = args[i]
        i += 1
        if not seen_command and token == "--debug":
            continue
        if not seen_command and token == "publish-due":
            options, seen_command = _COMMAND, True
            continue
        name, given = token, None
        if token.startswith("--") and "=" in token:
            name, given = token.split("=", 1)
        elif len(token) > 2 and token[:2] in options and not token.startswith("--"):
            name, given = token[:2], token[2:]  # -wDIR, -aNAME
        if name not in options:
            return None
        if given is None:
            if i >= len(args) or args[i].startswith("-"):
                return None
            given = args[i]
            i += 1
        found[options[name]] = given
    return found if seen_command else None


def quiet_tick(args: list[str]) -> bool:
    """True when ``args`` is a plain publish-due and there is certainly nothing to do."""
    parsed = parse_tick(args)
    if parsed is None:
        return False
    from datetime import UTC, datetime

    from tipqueue.config.quick import read_cron_view
    from tipqueue.scheduler.cron import nothing_to_do

    view = read_cron_view(parsed["workspace"], parsed["database_url"], os.environ)
    return view is not None and nothing_to_do(view, datetime.now(UTC), account=parsed["account"])
