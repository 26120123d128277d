"""Posting slots: when an account may post, and which of those times are still free.

A rule such as ``"mon,wed,fri 09:00,18:30"`` means those wall-clock times in the account's IANA
zone. Each (days, time) pair becomes an APScheduler ``CronTrigger`` in that zone; their fire
times are merged in order. Daylight saving is handled explicitly so no slot is skipped or
doubled:

- a slot time that does not exist on the day the clocks go forward (02:30 in a 02:00->03:00 gap)
  is kept, one gap later in absolute time (03:30 local), as APScheduler computes it;
- a slot time that happens twice on the day the clocks go back (01:30) is used once, at its
  first occurrence (the earlier, summer-time instant).
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.cron import CronTrigger
from tipqueue.config.errors import InputError, SettingsError
from tipqueue.config.slots import SlotRule, parse_slot_rule

#: How far ahead the queue looks for free slots before giving up.
HORIZON_DAYS = 400


def zone_of(name: str) -> ZoneInfo:
    """The IANA zone, or a one-line error naming it."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(
            f"{name!r} is not a known IANA time zone; use a name like 'Europe/London' or 'America/Los_Angeles'"
        ) from None


def parse_rules(rules: Iterable[str | SlotRule]) -> list[SlotRule]:
    """Parse slot rules; a typo raises SettingsError naming the rule and showing the form."""
    parsed: list[SlotRule] = []
    for rule in rules:
        if isinstance(rule, SlotRule):
            parsed.append(rule)
            continue
        try:
            parsed.append(parse_slot_rule(rule))
        except ValueError as exc:
            said = str(exc) if repr(rule) in str(exc) else f"slot rule {rule!r}: {exc}"
            raise SettingsError(f"{said}; fix the account's slots in tipqueue.toml") from None
    if not parsed:
        raise SettingsError('the account has no posting slots; add slots = ["mon,wed,fri 09:00"] to it')
    return parsed


def _fires(trigger: CronTrigger, start: datetime) -> Iterator[datetime]:
    tz = start.tzinfo
    previous: datetime | None = None
    now = start
    last_instant: datetime | None = None
    while True:
        fire = trigger.get_next_fire_time(previous, now)
        if fire is None:
            return
        instant = fire.astimezone(UTC)
        if last_instant is None or instant > last_instant:
            yield fire
            last_instant = instant
        previous = fire
        # step in absolute time: adding to a local time would lose its fold and go backwards
        now = (instant + timedelta(microseconds=1)).astimezone(tz)


def _keyed(
    fires: Iterator[datetime], hour: int, minute: int
) -> Iterator[tuple[datetime, tuple[date, int, int]]]:
    for fire in fires:
        yield fire.astimezone(UTC), (fire.date(), hour, minute)


def iter_slots(rules: Iterable[str | SlotRule], zone: str, *, after: datetime) -> Iterator[datetime]:
    """Slot times strictly after ``after``, in order, as aware UTC datetimes (endless)."""
    tz = zone_of(zone)
    parsed = parse_rules(rules)
    start = after.astimezone(tz)
    streams: list[Iterator[tuple[datetime, tuple[date, int, int]]]] = []
    for rule in parsed:
        for at in rule.times:
            trigger = CronTrigger(day_of_week=rule.cron_days, hour=at.hour, minute=at.minute, timezone=tz)
            # the key is the rule's wall-clock slot: the day and the time as written
            streams.append(_keyed(_fires(trigger, start), at.hour, at.minute))
    seen: set[tuple[date, int, int]] = set()
    last: datetime | None = None
    for instant, key in heapq.merge(*streams):
        if key in seen or instant <= after:
            continue  # the second 01:30 of a night the clocks go back
        seen.add(key)
        if last is not None and instant == last:
            continue  # two rules naming the same time
        last = instant
        yield instant


def local_day(instant: datetime, tz: ZoneInfo) -> date:
    return instant.astimezone(tz).date()


def next_free_slots(
    rules: Iterable[str | SlotRule],
    zone: str,
    *,
    after: datetime,
    count: int,
    occupied: Sequence[datetime] = (),
    daily_cap: int,
    min_spacing: timedelta,
) -> list[datetime]:
    """The next ``count`` slot times after ``after`` that respect the daily cap and the spacing.

    ``occupied`` are the times already taken on this account (queued or published). The daily
    cap counts posts per local calendar day of the account's zone.
    """
    tz = zone_of(zone)
    taken = sorted(t.astimezone(UTC) for t in occupied)
    per_day: dict[date, int] = {}
    for t in taken:
        per_day[local_day(t, tz)] = per_day.get(local_day(t, tz), 0) + 1
    chosen: list[datetime] = []
    limit = after + timedelta(days=HORIZON_DAYS)
    if count <= 0:
        return chosen
    for slot in iter_slots(rules, zone, after=after):
        if slot > limit:
            break
        day = local_day(slot, tz)
        if per_day.get(day, 0) >= daily_cap:
            continue
        # the nearest taken times either side decide the spacing (taken stays sorted): a bisect,
        # not a scan, so filling many posts stays linear
        at = bisect.bisect_left(taken, slot)
        if (at < len(taken) and taken[at] - slot < min_spacing) or (
            at > 0 and slot - taken[at - 1] < min_spacing
        ):
            continue
        chosen.append(slot)
        taken.insert(at, slot)
        per_day[day] = per_day.get(day, 0) + 1
        if len(chosen) == count:
            return chosen
    raise InputError(
        f"only {len(chosen)} free slot(s) in the next {HORIZON_DAYS} days for {count} post(s); "
        "add slot rules, raise daily_cap or cancel some queued posts"
    )


def check_pinned_time(
    at: datetime,
    zone: str,
    *,
    occupied: Sequence[datetime],
    daily_cap: int,
    min_spacing: timedelta,
) -> None:
    """A time given with --at must keep the daily cap and the minimum spacing too."""
    tz = zone_of(zone)
    day = local_day(at, tz)
    same_day = sum(1 for t in occupied if local_day(t, tz) == day)
    if same_day >= daily_cap:
        raise InputError(
            f"{day.isoformat()} already has {same_day} post(s), the account's daily_cap; pick another day "
            "or raise daily_cap"
        )
    for t in occupied:
        if abs(at - t) < min_spacing:
            minutes = int(min_spacing.total_seconds() // 60)
            raise InputError(
                f"{at.astimezone(tz).strftime('%Y-%m-%d %H:%M')} is less than {minutes} minutes from the post at "
                f"{t.astimezone(tz).strftime('%Y-%m-%d %H:%M')}; pick a time at least {minutes} minutes apart"
            )
