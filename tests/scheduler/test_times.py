"""Times typed by a person (scheduler/times.py): every bad one is one line, exit 2, store untouched."""

from __future__ import annotations

import string
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from tipqueue.config.errors import InputError
from tipqueue.scheduler.times import FIRST_YEAR, LAST_YEAR, parse_at, read_time

from tests.input_kit import FUZZ, assert_refused, invoke, queued_workspace, run, store_bytes

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
ZONES = ["UTC", "Europe/London", "America/Los_Angeles", "Pacific/Kiritimati", "Pacific/Pago_Pago"]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return queued_workspace(tmp_path_factory.mktemp("times"))


@pytest.mark.parametrize(
    ("at", "words"),
    [
        ("2027-02-30 09:00", ["'2027-02-30 09:00'", "February 2027 has 28 days"]),  # was ValueError
        (
            "9999-12-31 23:59",
            ["'9999-12-31 23:59'", f"from {FIRST_YEAR} to {LAST_YEAR}"],
        ),  # was OverflowError
    ],
)
def test_queue_move_refuses_an_impossible_time_in_one_line(
    workspace: Path, at: str, words: list[str]
) -> None:
    before = store_bytes(workspace)
    done = run(workspace, "queue", "move", "facial-02", "--at", at)
    assert_refused(done, *words)
    assert store_bytes(workspace) == before


@pytest.mark.parametrize(
    ("at", "words"),
    [
        ("9999-12-31T23:59-05:00", ["year 9999"]),
        ("2027-04-31 09:00", ["April 2027 has 30 days"]),
        ("2027-13-01 09:00", ["no month 13"]),
        ("2027-01-01 24:00", ["no hour 24"]),
        ("2027-01-01 09:75", ["no minute 75"]),
        ("0001-01-01T00:00+01:00", ["year 1"]),
        ("2027-01-01 09:00" + "0" * 100, ["too long to be a time"]),
    ],
)
def test_every_impossible_part_of_a_time_is_named(workspace: Path, at: str, words: list[str]) -> None:
    before = store_bytes(workspace)
    done = invoke(workspace, "queue", "move", "facial-02", "--at", at)
    assert_refused(done, *words)
    assert store_bytes(workspace) == before


def test_a_real_leap_day_is_read() -> None:
    assert read_time("2028-02-29 09:00", "Europe/London") == datetime(2028, 2, 29, 9, 0, tzinfo=UTC)


_TIMEISH = st.text(alphabet=string.digits + "-:T +Z.", max_size=30)


@FUZZ
@given(text=st.one_of(_TIMEISH, st.text(max_size=60)), zone=st.sampled_from(ZONES))
@example(text="9999-12-31 23:59", zone="America/Los_Angeles")
@example(text="0001-01-01 00:00", zone="Pacific/Kiritimati")
@example(text="2026-02-29 10:00", zone="UTC")
@example(text="2026-05-04T09:00+25:00", zone="UTC")
@example(text="2026-05-04\x0009:00", zone="UTC")
def test_any_text_is_a_future_time_or_one_input_error(text: str, zone: str) -> None:
    try:
        moment = parse_at(text, zone, now=NOW)
    except InputError as exc:
        assert "\n" not in str(exc) and str(exc)
        return
    assert moment.tzinfo is not None and moment > NOW
    assert FIRST_YEAR - 1 <= moment.year <= LAST_YEAR + 1


@FUZZ
@given(
    when=st.datetimes(
        min_value=datetime(FIRST_YEAR, 1, 2), max_value=datetime(LAST_YEAR, 12, 30), timezones=st.just(UTC)
    )
)
def test_an_iso_time_with_an_offset_reads_back_as_the_same_instant(when: datetime) -> None:
    shifted = when.replace(microsecond=0)
    assert read_time(shifted.isoformat(), "Europe/London") == shifted
