"""Status says what "today" counts; alerts can be dismissed and say when their post went live since."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from tipqueue.config.errors import NotFoundError
from tipqueue.config.settings import Settings
from tipqueue.scheduler import queue
from tipqueue.scheduler.notices import dismiss, open_notices
from tipqueue.scheduler.store import Store

from tests.scheduler.test_store_kit import NOW, make_post


def publish(store: Store, post_id: str, at: object) -> None:
    claimed = store.claim(post_id, runner="r", now=at, lease_seconds=600)  # type: ignore[arg-type]
    assert claimed is not None
    store.mark_published(post_id, runner="r", media_id="1_2", permalink=None, published_at=at, now=at)  # type: ignore[arg-type]


def test_status_says_how_many_of_today_are_published_and_how_many_still_to_come(
    queue_store: Store, settings: Settings
) -> None:
    morning, evening = NOW - timedelta(hours=2), NOW + timedelta(hours=5)  # same day in Los Angeles
    queue_store.add_posts(
        [make_post("a", scheduled_at=morning), make_post("b", scheduled_at=evening)], now=morning
    )
    publish(queue_store, "a", morning)
    (acct,) = queue.status_summary(queue_store, settings, now=NOW).accounts
    assert (acct.posts_today, acct.published_today) == (2, 1)
    assert acct.today_text == "today: 1 published, 1 scheduled (cap 2)"
    data = queue.status_summary(queue_store, settings, now=NOW).to_json(settings)["accounts"][0]
    assert (data["published_today"], data["scheduled_today"], data["daily_cap"]) == (1, 1, 2)


def test_an_alert_about_a_post_published_since_says_so(queue_store: Store, settings: Settings) -> None:
    queue_store.add_posts([make_post("a", scheduled_at=NOW)], now=NOW)
    queue_store.add_alert(
        account="clinic", post_id="a", level="warning", message="post a keeps failing", now=NOW
    )
    (before,) = open_notices(queue_store, settings)
    assert before.since is None and not before.resolved and before.handle == "F-1"
    publish(queue_store, "a", NOW + timedelta(minutes=30))
    (after,) = open_notices(queue_store, settings)
    assert after.resolved
    # shown in the account's zone (Los Angeles): 12:30 UTC is 04:30 PST
    assert after.text == "post a keeps failing (since published, Mon 2 Mar 04:30 PST)"


def test_dismissed_alerts_leave_status_and_unknown_numbers_change_nothing(
    queue_store: Store, settings: Settings
) -> None:
    for n in range(3):
        queue_store.add_alert(account="clinic", post_id=None, level="info", message=f"note {n}", now=NOW)
    first = min(a.id for a in queue_store.list_alerts())
    with pytest.raises(NotFoundError, match="no alert number 999"):
        dismiss(queue_store, [first, 999], now=NOW)
    assert len(open_notices(queue_store, settings)) == 3
    assert dismiss(queue_store, [first], now=NOW) == 1
    assert [n.alert.message for n in queue.status_summary(queue_store, settings, now=NOW).alerts] == [
        "note 2",
        "note 1",
    ]
    assert dismiss(queue_store, None, now=NOW) == 2
    assert open_notices(queue_store, settings) == []
    assert len(queue_store.list_alerts()) == 3  # kept, only dismissed
    assert all(a.dismissed_at == NOW for a in queue_store.list_alerts())


def test_the_cli_lists_dismisses_and_status_names_what_today_counts(tmp_path: Path) -> None:
    from tests.scheduler.test_queue_cli import CONFIG, run
    from tests.scheduler.test_store_kit import make_series

    (tmp_path / "tipqueue.toml").write_text(CONFIG, encoding="utf-8")
    make_series(tmp_path / "posts", 1)
    assert run(tmp_path, "queue", "pause", "--reason", "holiday").returncode == 0
    status = run(tmp_path, "status")
    assert "today: 0 published, 0 scheduled (cap " in status.stdout
    assert "#1 [warning]" in status.stdout and "paused: holiday" in status.stdout
    bad = run(tmp_path, "alerts", "dismiss", "7")
    assert bad.returncode == 2 and "no alert number 7" in bad.stderr
    done = run(tmp_path, "alerts", "dismiss", "1")
    assert done.returncode == 0 and "dismissed 1 alert(s)" in done.stdout
    listed = run(tmp_path, "alerts", "--all").stdout
    assert "paused: holiday" in listed and "(dismissed)" in listed
