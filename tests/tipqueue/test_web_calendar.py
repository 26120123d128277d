"""Posts land on the calendar day they go out in the account's zone, not in UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from tipqueue.posts.models import Post, PostKind, PostStatus

from tipqueue.web.calendar import build_calendar

LA = ZoneInfo("America/Los_Angeles")


def post(pid: str, at: datetime) -> Post:
    return Post(pid, PostKind.TIP, "1/2", "q", "c", status=PostStatus.SCHEDULED, scheduled_at=at)


def day_of(cal: object, pid: str) -> date:
    for week in cal.weeks:  # type: ignore[attr-defined]
        for d in week:
            if any(s.post.id == pid for s in d.slots):
                return d.day  # type: ignore[no-any-return]
    raise AssertionError(f"{pid} is not on the calendar")


def test_an_evening_post_in_los_angeles_sits_on_its_local_day() -> None:
    late = post("late", datetime(2026, 3, 5, 7, 30, tzinfo=UTC))  # 23:30 on Wednesday 4 March in LA
    cal = build_calendar("week", date(2026, 3, 4), LA, [late], today=date(2026, 3, 4))
    assert day_of(cal, "late") == date(2026, 3, 4)
    assert cal.weeks[0][2].slots[0].local_time.strftime("%H:%M") == "23:30"
    assert cal.title == "02 Mar – 08 Mar 2026"


def test_the_month_view_spans_whole_weeks_across_the_clock_change() -> None:
    before = post("before", datetime(2026, 3, 6, 17, 0, tzinfo=UTC))  # 09:00 PST
    after = post("after", datetime(2026, 3, 9, 16, 0, tzinfo=UTC))  # 09:00 PDT (clocks changed on the 8th)
    cal = build_calendar("month", date(2026, 3, 15), LA, [before, after], today=date(2026, 3, 1))
    assert cal.weeks[0][0].day == date(2026, 2, 23) and cal.weeks[-1][-1].day == date(2026, 4, 5)
    assert all(len(w) == 7 for w in cal.weeks)
    times = [s.local_time.strftime("%d %H:%M") for w in cal.weeks for d in w for s in d.slots]
    assert times == ["06 09:00", "09 09:00"]
    assert not cal.weeks[0][0].in_month and cal.weeks[1][0].in_month
    assert (cal.prev_anchor, cal.next_anchor) == (date(2026, 2, 1), date(2026, 4, 1))
