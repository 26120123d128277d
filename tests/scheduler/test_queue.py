"""The queue library on SQLite and PostgreSQL: filling, pinning, caps, edits, import/export.

Bad input must change nothing: those tests compare a snapshot of the store before and after.
"""

from __future__ import annotations

import csv
import json
import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from tipqueue.config.errors import ConflictError, InputError, LimitError, NotFoundError, SettingsError
from tipqueue.config.settings import Settings
from tipqueue.posts.models import PostStatus
from tipqueue.scheduler import queue, queue_file
from tipqueue.scheduler.store import Store

from tests.scheduler.test_store_kit import NOW, make_post, make_series, make_settings

LA = ZoneInfo("America/Los_Angeles")


def snapshot(store: Store) -> list[Any]:
    posts = store.list_posts()
    return [(p, [(e.event, e.detail) for e in store.history(p.id)]) for p in posts]


def walls(posts: list[Any]) -> list[str]:
    return [p.scheduled_at.astimezone(LA).strftime("%a %m-%d %H:%M") for p in posts]


def test_add_fills_the_next_free_slots_with_approved_posts(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    series = make_series(tmp_path, 3)
    draft = series / "02-tip" / "post.json"
    draft.write_text(draft.read_text().replace('"approved": true', '"approved": false'))
    result = queue.add_folders(store, settings, [series], now=NOW)
    assert [p.id for p in result.added] == ["facial-01", "facial-03"]
    assert [p.id for p in result.skipped] == ["facial-02"]
    # NOW is Monday 04:00 in Los Angeles; slots mon,wed,fri 09:00,18:30; daily_cap 2
    assert walls(store.list_posts()) == ["Mon 03-02 09:00", "Mon 03-02 18:30"]
    assert store.history("facial-01")[0].event == "added"
    more = queue.add_folders(store, settings, [series / "02-tip"], now=NOW, approve=True)
    assert walls(more.added) == ["Wed 03-04 09:00"]


def test_adding_the_series_again_queues_only_the_newly_approved_posts(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    """The README's loop: approve some, queue, approve more, run the same `queue add` again."""
    series = make_series(tmp_path, 3)
    draft = series / "03-tip" / "post.json"
    draft.write_text(draft.read_text().replace('"approved": true', '"approved": false'))
    first = queue.add_folders(store, settings, [series], now=NOW)
    before = {p.id: p.scheduled_at for p in first.added}
    again = queue.add_folders(store, settings, [series], now=NOW)
    assert again.added == []
    assert [p.id for p in again.already_queued] == ["facial-01", "facial-02"]
    assert [p.id for p in again.skipped] == ["facial-03"]
    draft.write_text(draft.read_text().replace('"approved": false', '"approved": true'))
    third = queue.add_folders(store, settings, [series], now=NOW)
    assert [p.id for p in third.added] == ["facial-03"]
    assert third.skipped == []
    assert {p.id: p.scheduled_at for p in store.list_posts() if p.id in before} == before
    with pytest.raises(ConflictError, match="already in the queue"):
        queue.add_folders(store, settings, [series / "01-tip"], now=NOW, at="2026-03-20 09:00")


def test_nothing_approved_is_an_error_and_nothing_is_stored(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    series = make_series(tmp_path, 2, approved=False)
    with pytest.raises(InputError, match="pass --approve"):
        queue.add_folders(store, settings, [series], now=NOW)
    assert store.list_posts() == []


def test_unrendered_cards_are_refused_before_queueing(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    series = make_series(tmp_path, 2, render=False)
    with pytest.raises(
        LimitError, match=r"slide 1 has no rendered image yet; run `tipqueue render .*facial`"
    ):
        queue.add_folders(store, settings, [series], now=NOW)
    assert store.list_posts() == []


def test_daylight_saving_slots_survive_the_store(db_url: str, tmp_path: Path) -> None:
    settings = make_settings(tmp_path, db_url, slots=["daily 09:00"], daily_cap=1)
    store = Store.open(db_url)
    try:
        series = make_series(tmp_path, 6)
        start = datetime(2026, 3, 5, 12, tzinfo=UTC)  # the US clocks go forward on Sunday 8 March
        added = queue.add_folders(store, settings, [series], now=start).added
        stored = store.list_posts()
        assert [p.scheduled_at for p in stored] == [p.scheduled_at for p in added]
        assert walls(stored) == [
            f"{d} 09:00"
            for d in ("Thu 03-05", "Fri 03-06", "Sat 03-07", "Sun 03-08", "Mon 03-09", "Tue 03-10")
        ]
        assert len({p.scheduled_at.utcoffset() for p in stored}) == 1  # all UTC
        assert len({p.scheduled_at.astimezone(LA).utcoffset() for p in stored}) == 2  # across the change
    finally:
        store.close()


def test_at_pins_one_post(store: Store, settings: Settings, tmp_path: Path) -> None:
    series = make_series(tmp_path, 2)
    post = queue.add_folders(store, settings, [series / "01-tip"], now=NOW, at="2026-03-03 07:15").added[0]
    assert post.pinned and post.scheduled_at == datetime(2026, 3, 3, 15, 15, tzinfo=UTC)
    iso = queue.add_folders(store, settings, [series / "02-tip"], now=NOW, at="2026-03-05T10:00:00+00:00")
    assert iso.added[0].scheduled_at == datetime(2026, 3, 5, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("at", "message"),
    [
        (
            "2026-03-08 02:30",
            r"'2026-03-08 02:30' does not exist in America/Los_Angeles.*give 2026-03-08 03:30",
        ),
        ("2026-11-01 01:30", r"happens twice in America/Los_Angeles.*2026-11-01T01:30-07:00 \(the first\)"),
        ("2026-03-01 09:00", r"'2026-03-01 09:00' is in the past \(it is now 2026-03-02 04:00"),
        ("next tuesday", r"cannot read the time 'next tuesday'; write 'YYYY-MM-DD HH:MM'"),
    ],
)
def test_bad_times_change_nothing(
    store: Store, settings: Settings, tmp_path: Path, at: str, message: str
) -> None:
    series = make_series(tmp_path, 2)
    queue.add_folders(store, settings, [series / "02-tip"], now=NOW)
    before = snapshot(store)
    with pytest.raises(InputError, match=message):
        queue.add_folders(store, settings, [series / "01-tip"], now=NOW, at=at)
    with pytest.raises(InputError, match=message):
        queue.move(store, settings, "facial-02", at, now=NOW)
    assert snapshot(store) == before


def test_unknown_ids_and_accounts_change_nothing(store: Store, settings: Settings, tmp_path: Path) -> None:
    series = make_series(tmp_path, 2)
    queue.add_folders(store, settings, [series], now=NOW)
    before = snapshot(store)
    with pytest.raises(NotFoundError, match="no post with id 'facial-09'"):
        queue.move(store, settings, "facial-09", "2026-03-10 09:00", now=NOW)
    with pytest.raises(NotFoundError, match="'facial-09'"):
        queue.cancel(store, ["facial-01", "facial-09"], now=NOW)
    with pytest.raises(SettingsError, match="unknown account 'shop'"):
        queue.add_folders(store, settings, [series], now=NOW, account="shop")
    with pytest.raises(InputError, match="--at pins one post but 2 were given"):
        queue.add_folders(store, settings, [series], now=NOW, at="2026-03-10 09:00")
    assert snapshot(store) == before


def test_move_swap_and_the_history(store: Store, settings: Settings, tmp_path: Path) -> None:
    queue.add_folders(store, settings, [make_series(tmp_path, 3)], now=NOW)
    moved = queue.move(store, settings, "facial-01", "2026-03-10 12:00", now=NOW)
    assert moved.pinned and walls([moved]) == ["Tue 03-10 12:00"]
    with pytest.raises(InputError, match="less than 60 minutes"):
        queue.move(store, settings, "facial-02", "2026-03-10 12:30", now=NOW)
    a, b = queue.swap(store, settings, "facial-02", "facial-03", now=NOW)
    assert walls([a, b]) == ["Wed 03-04 09:00", "Mon 03-02 18:30"]
    assert [e.event for e in store.history("facial-02")] == ["added", "swapped"]
    assert [e.event for e in store.history("facial-01")] == ["added", "moved"]


def test_published_posts_cannot_be_moved_or_cancelled(queue_store: Store, settings: Settings) -> None:
    queue_store.add_posts(
        [make_post("done", scheduled_at=NOW - timedelta(hours=1))], now=NOW - timedelta(hours=2)
    )
    queue_store.claim("done", runner="r", now=NOW, lease_seconds=60)
    queue_store.mark_published("done", runner="r", media_id="m", permalink=None, published_at=NOW, now=NOW)
    queue_store.add_posts([make_post("next", scheduled_at=NOW + timedelta(days=1))], now=NOW)
    before = snapshot(queue_store)
    with pytest.raises(ConflictError, match="post done is published and cannot be moved; it is already live"):
        queue.move(queue_store, settings, "done", "2026-03-10 09:00", now=NOW)
    with pytest.raises(ConflictError, match="cannot be cancelled"):
        queue.cancel(queue_store, ["next", "done"], now=NOW)  # all or nothing
    assert snapshot(queue_store) == before
    assert [p.status for p in queue.cancel(queue_store, ["next"], now=NOW)] == [PostStatus.CANCELLED]
    assert [p.id for p in queue.list_queue(queue_store)] == []
    assert {p.id for p in queue.list_queue(queue_store, include_all=True)} == {"done", "next"}


def test_shuffle_permutes_unpinned_slots_only(store: Store, settings: Settings, tmp_path: Path) -> None:
    queue.add_folders(store, settings, [make_series(tmp_path, 5)], now=NOW)
    queue.move(store, settings, "facial-05", "2026-03-12 12:00", now=NOW)
    before = {p.id: p.scheduled_at for p in store.list_posts()}
    queue.shuffle(store, settings, now=NOW, rng=random.Random(7))
    after = {p.id: p.scheduled_at for p in store.list_posts()}
    assert after["facial-05"] == before["facial-05"]
    assert sorted(after.values()) == sorted(before.values())
    assert after != before
    assert any(e.event == "shuffled" for p in after for e in store.history(p))


def test_daily_cap_holds_when_filling_many(store: Store, tmp_path: Path, db_url: str) -> None:
    settings = make_settings(tmp_path, db_url, slots=["daily 08:00,12:00,16:00,20:00"], daily_cap=3)
    queue.add_folders(store, settings, [make_series(tmp_path, 9)], now=NOW)
    per_day = Counter(p.scheduled_at.astimezone(LA).date() for p in store.list_posts())
    assert list(per_day.values()) == [3, 3, 3]


def test_approve_schedules_drafts(queue_store: Store, settings: Settings) -> None:
    queue_store.add_posts([make_post("d", status=PostStatus.DRAFT)], now=NOW)
    with pytest.raises(LimitError, match="no rendered image"):
        queue.approve(queue_store, settings, ["d"], now=NOW)
    assert queue_store.get_post("d").status is PostStatus.DRAFT


def test_pause_resume_and_status(store: Store, settings: Settings, tmp_path: Path) -> None:
    queue.add_folders(store, settings, [make_series(tmp_path, 2)], now=NOW)
    state = queue.set_paused(store, settings, None, True, now=NOW, reason="holiday")
    assert state.paused and state.pause_reason == "holiday"
    later = NOW + timedelta(days=1)
    assert store.due_posts(later) == []
    summary = queue.status_summary(store, settings, now=later)
    assert summary.accounts[0].state.paused and summary.due_now == 0
    assert "paused: holiday" in summary.alerts[0].alert.message
    queue.set_paused(store, settings, None, False, now=NOW)
    data = queue.status_summary(store, settings, now=NOW).to_json(settings)
    assert data["accounts"][0]["paused"] is False
    assert [p["id"] for p in data["next_posts"]] == ["facial-01", "facial-02"]
    assert json.dumps(data)


def test_status_answers_while_a_publisher_holds_the_write_lock(tmp_path: Path) -> None:
    """`status` only reads once the accounts are stored: it neither waits for nor fails on a
    writer (it used to open a write transaction per account, and waited out the busy timeout)."""
    import sqlite3

    path = tmp_path / "tipqueue.db"
    settings = make_settings(tmp_path, f"sqlite:///{path}")
    with Store.open(f"sqlite:///{path}") as store:
        queue.add_folders(store, settings, [make_series(tmp_path, 2)], now=NOW)
        queue.status_summary(store, settings, now=NOW)
        writer = sqlite3.connect(path, isolation_level=None)
        writer.execute("BEGIN IMMEDIATE")  # as a publisher mid-write
        try:
            summary = queue.status_summary(store, settings, now=NOW)
        finally:
            writer.execute("ROLLBACK")
            writer.close()
    assert [a.state.name for a in summary.accounts] == list(settings.accounts)
    assert [p.id for p in summary.next_posts] == ["facial-01", "facial-02"]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_then_import_rebuilds_and_edits_the_queue(
    store: Store, settings: Settings, tmp_path: Path, fmt: str, db_url: str
) -> None:
    queue.add_folders(store, settings, [make_series(tmp_path, 3)], now=NOW)
    path = tmp_path / f"queue.{fmt}"
    assert queue_file.export_queue(store, settings, path, now=NOW) == 3
    again = queue_file.import_queue(store, settings, path, now=NOW)
    assert (len(again.added), len(again.changed), again.unchanged) == (0, 0, 3)

    if fmt == "csv":
        rows = list(csv.DictReader(path.open(encoding="utf-8")))
        rows[0]["scheduled_at"] = "2026-03-13T17:00:00+00:00"
        rows[1]["status"] = "cancelled"
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    else:
        data = json.loads(path.read_text())
        data["posts"][0]["scheduled_at"] = "2026-03-13T17:00:00+00:00"
        data["posts"][1]["status"] = "cancelled"
        path.write_text(json.dumps(data))
    edited = queue_file.import_queue(store, settings, path, now=NOW)
    assert len(edited.changed) == 2
    assert store.get_post("facial-01").scheduled_at == datetime(2026, 3, 13, 17, tzinfo=UTC)
    assert store.get_post("facial-02").status is PostStatus.CANCELLED
    assert store.history("facial-01")[-1].event == "imported"

    # into an empty store: the scheduled ones come back with their times and captions
    other_dir = tmp_path / "other"
    other_dir.mkdir()
    other = Store.open(f"sqlite:///{other_dir / 'tipqueue.db'}")
    try:
        result = queue_file.import_queue(other, settings, path, now=NOW)
        assert [p.id for p in result.added] == ["facial-01", "facial-03"]
        assert result.skipped == ["facial-02"]
        assert other.get_post("facial-01").caption == store.get_post("facial-01").caption
    finally:
        other.close()


def test_import_takes_the_time_column_that_was_edited(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    """A spreadsheet user edits the readable local_time; the untouched UTC column must not win."""
    queue.add_folders(store, settings, [make_series(tmp_path, 3)], now=NOW)
    path = tmp_path / "queue.csv"
    queue_file.export_queue(store, settings, path, now=NOW)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[0]["local_time"] = "2026-03-12 10:15"  # Thursday, in Los Angeles
    rows[1]["scheduled_at"] = "2026-03-13T17:00:00+00:00"  # only the UTC column edited
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = queue_file.import_queue(store, settings, path, now=NOW)
    assert len(result.changed) == 2
    assert walls([store.get_post(rows[0]["id"])]) == ["Thu 03-12 10:15"]
    assert store.get_post(rows[1]["id"]).scheduled_at == datetime(2026, 3, 13, 17, tzinfo=UTC)

    rows[2]["scheduled_at"] = "2026-03-20T17:00:00+00:00"
    rows[2]["local_time"] = "2026-03-21 09:00 PDT"  # both edited, and they disagree
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    before = snapshot(store)
    with pytest.raises(
        InputError, match=r"queue\.csv line 4: scheduled_at .* but local_time says 2026-03-21 09:00 PDT"
    ):
        queue_file.import_queue(store, settings, path, now=NOW)
    assert snapshot(store) == before


def test_a_bad_import_row_changes_nothing(store: Store, settings: Settings, tmp_path: Path) -> None:
    queue.add_folders(store, settings, [make_series(tmp_path, 2)], now=NOW)
    path = tmp_path / "queue.json"
    queue_file.export_queue(store, settings, path, now=NOW)
    data = json.loads(path.read_text())
    data["posts"][0]["scheduled_at"] = "2026-03-10T09:00:00-07:00"
    data["posts"][1]["scheduled_at"] = "2020-01-01T09:00:00+00:00"  # in the past
    path.write_text(json.dumps(data))
    before = snapshot(store)
    with pytest.raises(InputError, match=r"queue.json record 2: '2020-01-01T09:00:00\+00:00' is in the past"):
        queue_file.import_queue(store, settings, path, now=NOW)
    assert snapshot(store) == before


def test_csv_export_neutralises_formulas(queue_store: Store, settings: Settings, tmp_path: Path) -> None:
    queue_store.add_posts(
        [make_post("f", scheduled_at=NOW + timedelta(days=1), caption='=HYPERLINK("x") tips')], now=NOW
    )
    path = tmp_path / "q.csv"
    queue_file.export_queue(queue_store, settings, path, now=NOW)
    row = next(csv.DictReader(path.open(encoding="utf-8")))
    assert row["caption"].startswith("'=")
    assert queue_file.import_queue(queue_store, settings, path, now=NOW).unchanged == 1
