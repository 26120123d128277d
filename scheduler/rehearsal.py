"""Rehearse a day against the sandbox without waiting for the clock (`--now TIME`).

``publish-due --now TIME`` runs one pass as if it were TIME; ``run --now TIME --speed N`` starts
the daemon's clock at TIME and lets it run N times faster than real time (60: a minute a
second, a day in 24 minutes). The store records the rehearsal's times as it would real ones.

Only accounts whose backend is the sandbox may be rehearsed: a clock that is not the real one
would publish to a real account at the wrong time, so any real account in scope refuses the
whole command with one line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from tipqueue.config.errors import InputError, SettingsError
from tipqueue.config.settings import Settings
from tipqueue.scheduler.times import read_time

Clock = Callable[[], datetime]


def _real_now() -> datetime:
    return datetime.now(UTC)


def check_sandbox_only(settings: Settings, accounts: Sequence[str]) -> None:
    """SettingsError naming the first account in scope that is not on the sandbox."""
    for name in accounts:
        acct = settings.accounts[name]
        if acct.backend != "sandbox":
            raise SettingsError(
                f"--now rehearses against the sandbox only, but account {name!r} has backend = "
                f'"{acct.backend}"; give --account with a sandbox account, set backend = "sandbox" '
                "in [accounts." + name + "], or leave out --now"
            )


def rehearsal_clock(
    settings: Settings,
    accounts: Sequence[str],
    text: str,
    *,
    speed: float = 1.0,
    real: Clock = _real_now,
) -> Clock:
    """A clock that reads ``text`` (in the zone of the first account in scope) now and runs on
    at ``speed`` times real time. Refuses real accounts (see the module)."""
    if not accounts:
        raise SettingsError("--now needs a sandbox account; add one under [accounts.NAME] in tipqueue.toml")
    check_sandbox_only(settings, accounts)
    if not 1 <= speed <= 3600:
        raise InputError(f"--speed {speed:g} is out of range; give a factor from 1 (real time) to 3600")
    start = read_time(text, settings.accounts[accounts[0]].timezone)
    began = real()

    def clock() -> datetime:
        return start + (real() - began) * speed

    return clock
