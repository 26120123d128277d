"""Times typed by a person: the one reader behind ``--at``, the dashboard's reschedule, ``--now``
and the times in imported rows.

Every way a time can be wrong comes back as one :class:`InputError` line that repeats the text
and says what to write instead: an unreadable form, a day the calendar does not have
("2027-02-30"), an hour or minute out of range, a local time the clocks skip or pass twice, a
year outside what tipqueue schedules (1970-2099; "9999-12-31 23:59" used to overflow while
being converted to UTC), or a time in the past where a future one is needed.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from tipqueue.config.errors import InputError
from tipqueue.scheduler.slots import zone_of

#: The years tipqueue reads. Outside them a time is a typo (and near year 1 or 9999 converting
#: between zones overflows).
FIRST_YEAR, LAST_YEAR = 1970, 2099
#: The longest time text worth reading (the API refuses longer ones before they get here).
MAX_CHARS = 40

AT_FORMS = "'YYYY-MM-DD HH:MM' in the account's zone or ISO 8601 with an offset, e.g. 2026-05-04T09:00+01:00"
_LOCAL = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})$")


def parse_at(text: str, zone: str, *, now: datetime) -> datetime:
    """A time given by a person, as aware UTC; must lie in the future.

    ``YYYY-MM-DD HH:MM`` is read in ``zone``. A local time the clocks skip (spring forward) or
    pass twice (fall back) is refused with the exact fix, rather than guessed.
    """
    tz = zone_of(zone)
    moment = read_time(text, zone)
    if moment <= now:
        shown = now.astimezone(tz).strftime("%Y-%m-%d %H:%M")
        raise InputError(f"{text!r} is in the past (it is now {shown} in {zone}); give a future time")
    return moment


def read_time(text: str, zone: str) -> datetime:
    """A time given by a person ('YYYY-MM-DD HH:MM' in ``zone``, or ISO 8601), as aware UTC."""
    tz = zone_of(zone)
    if not isinstance(text, str):
        raise InputError(f"{text!r} is not a time; write {AT_FORMS}")
    raw = text.strip()
    if len(raw) > MAX_CHARS:
        raise InputError(f"{raw[:MAX_CHARS]!r}... is too long to be a time; write {AT_FORMS}")
    local = _LOCAL.match(raw)
    if local:
        _check_calendar(raw, *(int(part) for part in local.groups()))
        naive = datetime.fromisoformat(raw.replace(" ", "T"))
        return _resolve_local(naive, tz, raw)
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        raise InputError(f"cannot read the time {text!r}; write {AT_FORMS}") from None
    _check_year(raw, parsed.year)
    return _resolve_local(parsed, tz, raw) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _check_year(raw: str, year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InputError(
            f"{raw!r} is in the year {year}; tipqueue schedules from {FIRST_YEAR} to {LAST_YEAR}, "
            "check the year"
        )


def _check_calendar(raw: str, year: int, month: int, day: int, hour: int, minute: int) -> None:
    """The parts of 'YYYY-MM-DD HH:MM' name a real day and time, else say which part is wrong."""
    _check_year(raw, year)
    if not 1 <= month <= 12:
        raise InputError(f"{raw!r} has no month {month:02d}; months go from 01 to 12 (YYYY-MM-DD HH:MM)")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        name = calendar.month_name[month]
        raise InputError(
            f"{raw!r} is not a date: {name} {year} has {days} days; give a day from 01 to {days}"
        )
    if hour > 23:
        raise InputError(f"{raw!r} has no hour {hour}; hours go from 00 to 23 (24-hour clock)")
    if minute > 59:
        raise InputError(f"{raw!r} has no minute {minute}; minutes go from 00 to 59")


def _resolve_local(naive: datetime, tz: ZoneInfo, raw: str) -> datetime:
    candidates = []
    for fold in (0, 1):
        aware = naive.replace(tzinfo=tz, fold=fold)
        back = aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
        if back == naive:
            candidates.append(aware.astimezone(UTC))
    distinct = sorted(set(candidates))
    if not distinct:
        later = (naive.replace(tzinfo=tz, fold=0).astimezone(UTC)).astimezone(tz)
        raise InputError(
            f"{raw!r} does not exist in {tz.key}: the clocks go forward then; "
            f"give {later.strftime('%Y-%m-%d %H:%M')} or a time with an offset"
        )
    if len(distinct) > 1:
        first, second = (d.astimezone(tz).isoformat(timespec="minutes") for d in distinct)
        raise InputError(
            f"{raw!r} happens twice in {tz.key}: the clocks go back then; give {first} (the first) or {second}"
        )
    return distinct[0]
