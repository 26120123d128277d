"""Posting slots: order, caps, spacing, and daylight saving in two zones."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from tipqueue.config.errors import InputError, SettingsError
from tipqueue.scheduler.slots import check_pinned_time, iter_slots, next_free_slots

LA = "America/Los_Angeles"
LONDON = "Europe/London"


def local(instants: list[datetime], zone: str) -> list[str]:
    return [i.astimezone(ZoneInfo(zone)).strftime("%a %Y-%m-%d %H:%M") for i in instants]


def test_slots_follow_the_rule_in_the_account_zone() -> None:
    after = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)  # Monday 10:00 in Los Angeles
    slots = list(itertools.islice(iter_slots(["mon,wed,fri 09:00,18:30"], LA, after=after), 4))
    assert local(slots, LA) == [
        "Mon 2026-03-02 18:30",
        "Wed 2026-03-04 09:00",
        "Wed 2026-03-04 18:30",
        "Fri 2026-03-06 09:00",
    ]
    assert all(s.tzinfo == UTC for s in slots)


def test_daily_cap_counts_posts_already_on_that_day() -> None:
    after = datetime(2026, 3, 2, 0, 0, tzinfo=ZoneInfo(LA))
    taken = [datetime(2026, 3, 3, 17, 0, tzinfo=UTC)]  # Tue 09:00 in LA, already queued
    slots = next_free_slots(
        ["daily 09:00,12:00,18:30"],
        LA,
        after=after,
        count=3,
        occupied=taken,
        daily_cap=1,
        min_spacing=timedelta(0),
    )
    assert local(slots, LA) == ["Mon 2026-03-02 09:00", "Wed 2026-03-04 09:00", "Thu 2026-03-05 09:00"]


def test_min_spacing_skips_slots_too_close_to_others() -> None:
    after = datetime(2026, 3, 2, 0, 0, tzinfo=ZoneInfo(LA))
    taken = [datetime(2026, 3, 2, 17, 20, tzinfo=UTC)]  # 09:20 local
    slots = next_free_slots(
        ["daily 09:00,09:30,10:30"],
        LA,
        after=after,
        count=3,
        occupied=taken,
        daily_cap=10,
        min_spacing=timedelta(minutes=60),
    )
    assert local(slots, LA) == ["Mon 2026-03-02 10:30", "Tue 2026-03-03 09:00", "Tue 2026-03-03 10:30"]


def test_no_room_in_the_horizon_is_a_clear_error() -> None:
    after = datetime(2026, 3, 2, tzinfo=UTC)
    with pytest.raises(InputError, match="raise daily_cap"):
        next_free_slots(["mon 09:00"], LA, after=after, count=1000, daily_cap=1, min_spacing=timedelta(0))


def test_pinned_time_keeps_cap_and_spacing() -> None:
    at = datetime(2026, 3, 2, 17, 30, tzinfo=UTC)
    near = [datetime(2026, 3, 2, 17, 0, tzinfo=UTC)]
    with pytest.raises(InputError, match="less than 60 minutes from the post at 2026-03-02 09:00"):
        check_pinned_time(at, LA, occupied=near, daily_cap=5, min_spacing=timedelta(minutes=60))
    with pytest.raises(InputError, match="daily_cap"):
        check_pinned_time(at, LA, occupied=near, daily_cap=1, min_spacing=timedelta(0))
    check_pinned_time(at, LA, occupied=near, daily_cap=2, min_spacing=timedelta(minutes=30))


# The 2026 changes: US on 8 March and 1 November, UK on 29 March and 25 October.
DST_WINDOWS = [
    (LA, datetime(2026, 3, 4, tzinfo=ZoneInfo(LA))),
    (LA, datetime(2026, 10, 28, tzinfo=ZoneInfo(LA))),
    (LONDON, datetime(2026, 3, 25, tzinfo=ZoneInfo(LONDON))),
    (LONDON, datetime(2026, 10, 21, tzinfo=ZoneInfo(LONDON))),
]


@pytest.mark.parametrize(("zone", "start"), DST_WINDOWS)
def test_slots_keep_wall_time_across_the_clock_change(zone: str, start: datetime) -> None:
    slots = list(itertools.islice(iter_slots(["daily 09:00,18:30"], zone, after=start), 20))
    tz = ZoneInfo(zone)
    walls = [s.astimezone(tz) for s in slots]
    assert {w.time() for w in walls} == {time(9, 0), time(18, 30)}
    per_day = Counter(w.date() for w in walls)
    assert set(per_day.values()) == {2}  # none skipped, none doubled
    assert len(per_day) == 10
    offsets = {w.utcoffset() for w in walls}
    assert len(offsets) == 2  # the window really spans the change


@pytest.mark.parametrize(
    ("zone", "spring", "autumn"),
    [(LA, "2026-03-08", "2026-11-01"), (LONDON, "2026-03-29", "2026-10-25")],
)
def test_slots_inside_the_changed_hour_happen_once(zone: str, spring: str, autumn: str) -> None:
    tz = ZoneInfo(zone)
    gap_rule = "daily 02:30" if zone == LA else "daily 01:30"  # the hour the clocks skip
    day = datetime.fromisoformat(spring)
    slots = list(
        itertools.islice(iter_slots([gap_rule], zone, after=(day - timedelta(days=2)).replace(tzinfo=UTC)), 4)
    )
    days = [s.astimezone(tz).date().isoformat() for s in slots]
    assert len(set(days)) == 4 and spring in days  # the skipped time is moved an hour on, not dropped
    on_gap_day = next(s.astimezone(tz) for s in slots if s.astimezone(tz).date().isoformat() == spring)
    assert on_gap_day.strftime("%H:%M") == ("03:30" if zone == LA else "02:30")

    repeat_rule = "daily 01:30"  # happens twice on the autumn night in both zones
    day = datetime.fromisoformat(autumn)
    slots = list(
        itertools.islice(
            iter_slots([repeat_rule], zone, after=(day - timedelta(days=2)).replace(tzinfo=UTC)), 4
        )
    )
    days = [s.astimezone(tz).date().isoformat() for s in slots]
    assert days.count(autumn) == 1 and len(set(days)) == 4
    first = next(s for s in slots if s.astimezone(tz).date().isoformat() == autumn)
    assert first.astimezone(tz).fold == 0  # the first 01:30, still on summer time


def test_slot_rule_typo_and_unknown_zone_are_named() -> None:
    after = datetime(2026, 3, 2, tzinfo=UTC)
    with pytest.raises(
        SettingsError, match=r"slot rule 'mon,wed,fir 09:00': unknown day 'fir'.*fix the account's slots"
    ):
        next(iter_slots(["mon,wed,fir 09:00"], LA, after=after))
    with pytest.raises(SettingsError, match="'Europe/Lundon' is not a known IANA time zone"):
        next(iter_slots(["daily 09:00"], "Europe/Lundon", after=after))
