"""Posting-slot rules: "mon,wed,fri 09:00,18:30", "weekdays 08:30", "daily 12:00".

Parsing lives here so a typo is caught when settings load; the scheduler turns a parsed rule
into APScheduler triggers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_WORDS = {
    "daily": DAY_NAMES,
    "everyday": DAY_NAMES,
    "weekdays": DAY_NAMES[:5],
    "weekends": DAY_NAMES[5:],
}
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
EXAMPLE = '"mon,wed,fri 09:00,18:30" or "daily 12:00"'


@dataclass(frozen=True)
class SlotRule:
    days: tuple[str, ...]
    times: tuple[time, ...]

    @property
    def cron_days(self) -> str:
        return ",".join(self.days)

    def __str__(self) -> str:
        return f"{','.join(self.days)} {','.join(t.strftime('%H:%M') for t in self.times)}"


_FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _day(word: str) -> str | None:
    """'mon', 'tues', 'Thursday' -> the three-letter name; None when it is not a day."""
    for short, full in zip(DAY_NAMES, _FULL_NAMES, strict=True):
        if len(word) >= 3 and full.startswith(word):
            return short
    return None


def _unknown_day(word: str) -> ValueError:
    import difflib

    known = [*_DAY_WORDS, *DAY_NAMES, *_FULL_NAMES]
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return ValueError(f"unknown day {word!r}; {hint}use mon..sun, weekdays, weekends or daily")


def _parse_days(text: str) -> tuple[str, ...]:
    lowered = text.lower()
    if lowered in _DAY_WORDS:
        return _DAY_WORDS[lowered]
    days: list[str] = []
    for raw in lowered.split(","):
        part = raw.strip()
        if "-" in part:
            start_word, _, end_word = part.partition("-")
            start, end = _day(start_word.strip()), _day(end_word.strip())
            if start is None or end is None:
                bad = start_word.strip() if start is None else end_word.strip()
                raise _unknown_day(bad)
            i, j = DAY_NAMES.index(start), DAY_NAMES.index(end)
            span = DAY_NAMES[i : j + 1] if i <= j else DAY_NAMES[i:] + DAY_NAMES[: j + 1]
            days.extend(span)
            continue
        day = _day(part)
        if day is None:
            raise _unknown_day(part)
        days.append(day)
    return tuple(d for d in DAY_NAMES if d in days)


def parse_slot_rule(rule: str) -> SlotRule:
    """Parse one rule; raise ValueError with a message that says what is wrong and shows the form."""
    parts = rule.split()
    if len(parts) != 2:
        raise ValueError(f"slot rule {rule!r} must be DAYS TIMES, e.g. {EXAMPLE}")
    days = _parse_days(parts[0])
    times: list[time] = []
    for item in parts[1].split(","):
        m = _TIME.match(item.strip())
        if not m:
            raise ValueError(f"slot rule {rule!r}: {item!r} is not a 24-hour HH:MM time, e.g. {EXAMPLE}")
        times.append(time(int(m.group(1)), int(m.group(2))))
    return SlotRule(days=days, times=tuple(sorted(set(times))))
