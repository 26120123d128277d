"""Laying posts out on a week or month grid, in an account's time zone (presentation only)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from tipqueue.posts.models import Post

View = Literal["week", "month"]


@dataclass(frozen=True)
class Slot:
    """A post on the calendar at its local time."""

    local_time: datetime
    post: Post


@dataclass
class Day:
    day: date
    in_month: bool = True
    is_today: bool = False
    slots: list[Slot] = field(default_factory=list)


@dataclass
class Calendar:
    view: View
    anchor: date
    start: date
    end: date  # exclusive
    zone: ZoneInfo
    weeks: list[list[Day]]
    title: str
    prev_anchor: date
    next_anchor: date

    @property
    def start_utc(self) -> datetime:
        return datetime.combine(self.start, datetime.min.time(), self.zone).astimezone(ZoneInfo("UTC"))

    @property
    def end_utc(self) -> datetime:
        return datetime.combine(self.end, datetime.min.time(), self.zone).astimezone(ZoneInfo("UTC"))


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def calendar_range(view: View, anchor: date) -> tuple[date, date]:
    """First shown day (a Monday) and the day after the last shown day."""
    if view == "week":
        start = _monday(anchor)
        return start, start + timedelta(days=7)
    first = anchor.replace(day=1)
    next_month = (first + timedelta(days=32)).replace(day=1)
    start = _monday(first)
    end = _monday(next_month - timedelta(days=1)) + timedelta(days=7)
    return start, end


def build_calendar(view: View, anchor: date, zone: ZoneInfo, posts: Iterable[Post], today: date) -> Calendar:
    """Place each scheduled post on the day it goes out in ``zone``; posts outside the range are ignored."""
    start, end = calendar_range(view, anchor)
    days: dict[date, Day] = {}
    cursor = start
    while cursor < end:
        in_month = view == "week" or cursor.month == anchor.month
        days[cursor] = Day(cursor, in_month=in_month, is_today=cursor == today)
        cursor += timedelta(days=1)
    for post in posts:
        if post.scheduled_at is None:
            continue
        local = post.scheduled_at.astimezone(zone)
        slot_day = days.get(local.date())
        if slot_day is not None:
            slot_day.slots.append(Slot(local, post))
    for d in days.values():
        d.slots.sort(key=lambda s: (s.local_time, s.post.id))
    ordered = list(days.values())
    weeks = [ordered[i : i + 7] for i in range(0, len(ordered), 7)]
    if view == "week":
        last = end - timedelta(days=1)
        title = f"{start:%d %b} – {last:%d %b %Y}"
        prev_anchor, next_anchor = start - timedelta(days=7), start + timedelta(days=7)
    else:
        first = anchor.replace(day=1)
        title = f"{first:%B %Y}"
        prev_anchor = (first - timedelta(days=1)).replace(day=1)
        next_anchor = (first + timedelta(days=32)).replace(day=1)
    return Calendar(view, anchor, start, end, zone, weeks, title, prev_anchor, next_anchor)


def calendar_bounds(view: View, anchor: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The instants (UTC) the shown days begin and end in ``zone``: what the calendar reads."""
    start, end = calendar_range(view, anchor)
    utc = ZoneInfo("UTC")
    return (
        datetime.combine(start, datetime.min.time(), zone).astimezone(utc),
        datetime.combine(end, datetime.min.time(), zone).astimezone(utc),
    )
