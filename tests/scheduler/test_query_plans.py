"""The hot queries stay on their indexes: each is captured as the store runs it and explained
(SQLite EXPLAIN QUERY PLAN, PostgreSQL EXPLAIN) on a store of 20,000 posts and replies whose
statistics the store refreshed itself. A query that stops using its index (a new predicate, a
function around an indexed column, a lost index) fails here, long before a million posts."""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Iterator
from datetime import datetime, time, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event
from tipqueue.posts.models import EDITABLE_STATUSES, PostStatus
from tipqueue.scheduler.paging import page_posts
from tipqueue.scheduler.queue import HOLDS_TIME, OPEN_STATUSES
from tipqueue.scheduler.store import Store

from tests.scheduler.test_store_kit import _pg_schema

SIZE = 20_000
#: A range of scheduled times read on any index that has it first or after an equality (with one
#: account in the store the planner may rightly skip the account column).
TIME_RANGE = (
    "ix_posts_account_scheduled_at_id_status",
    "ix_posts_status_scheduled_at_id",
    "ix_posts_scheduled_at_id",
    "ix_posts_open_account_scheduled_at_id",
    "ix_posts_open_scheduled_at_id",
)


def _seed_module() -> ModuleType:
    path = Path(__file__).parents[2] / "benchmarks" / "store_seed.py"
    spec = importlib.util.spec_from_file_location("tipqueue_bench_store_seed", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SEED = _seed_module()
NOW: datetime = SEED.NOW
ACCOUNT: str = SEED.ACCOUNT


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def big_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """One seeded store per database for the whole module (seeding is the slow part)."""
    if request.param == "sqlite":
        urls: Iterator[str] = iter([f"sqlite:///{tmp_path_factory.mktemp('plans') / 'plans.db'}"])
    else:
        import os

        base = os.environ.get("TIPQUEUE_TEST_DATABASE_URL")
        if not base:
            pytest.skip("set TIPQUEUE_TEST_DATABASE_URL to run the PostgreSQL variant")
        urls = _pg_schema(base)
    url = next(urls)
    store = Store.open(url)
    SEED.seed(store, posts=SIZE, replies=SIZE)
    try:
        yield store
    finally:
        store.close()
        next(urls, None)  # drops the PostgreSQL schema


def _plans(store: Store, operation: Callable[[], Any]) -> list[tuple[str, str]]:
    """(statement, plan) for every SELECT ``operation`` ran on posts or replies."""
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH")) and re.search(
            r"\b(posts|replies)\b", statement
        ):
            seen.append((statement, parameters))

    engine = store._engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        operation()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    out = []
    with engine.connect() as conn:
        for statement, parameters in seen:
            prefix = "EXPLAIN QUERY PLAN " if store.dialect == "sqlite" else "EXPLAIN "
            rows = conn.exec_driver_sql(prefix + statement, parameters).all()
            plan = "\n".join(str(r[-1]) for r in rows)
            out.append((statement, plan))
    return out


def _full_scans(plan: str) -> list[str]:
    """Plan lines that read a whole posts or replies table."""
    bad = []
    for line in plan.splitlines():
        text = line.strip()
        if re.search(r"\bSCAN (posts|replies)\b(?! USING)", text) or re.search(
            r"Seq Scan on (posts|replies)", text
        ):
            bad.append(text)
    return bad


def _uses(store: Store, operation: Callable[[], Any], index: str | tuple[str, ...]) -> None:
    wanted = (index,) if isinstance(index, str) else index
    plans = _plans(store, operation)
    assert plans, "the operation ran no query on posts or replies"
    for statement, plan in plans:
        assert not _full_scans(plan), f"full scan in\n{statement}\n{plan}"
        assert any(name in plan for name in wanted), f"expected {wanted} in the plan of\n{statement}\n{plan}"


def test_a_post_is_found_by_id_or_handle_through_their_indexes(big_store: Store) -> None:
    assert big_store.get_post("S-777").id == "post-777"
    _uses(big_store, lambda: big_store.get_post("post-777"), ("sqlite_autoindex_posts", "pk_posts"))
    _uses(big_store, lambda: big_store.get_posts(["post-1", "S-2"]), ("ix_posts_handle", "pk_posts"))


def _sorts(store: Store, plan: str) -> list[str]:
    """Plan lines that sort rows the index should have given in order.

    SQLite only: it takes an index that gives the order whenever there is one. PostgreSQL
    weighs a sort against the rows it expects, and on this small store it rightly sorts the few
    dozen it expects; there the tests check the index, and bench_store the time at 1M posts.
    """
    if store.dialect != "sqlite":
        return []
    return [
        line.strip()
        for line in plan.splitlines()
        if "TEMP B-TREE FOR ORDER BY" in line
        or "RIGHT PART OF ORDER BY" in line
        or re.search(r"\bSort\b", line)
    ]


def _index_only(store: Store, operation: Callable[[], Any], index: str) -> None:
    """Every query of ``operation`` is answered from ``index`` without visiting the table.

    PostgreSQL: the plan reads ``index`` (index-only when the visibility map allows, which VACUUM
    sets only for pages no open transaction of the database may still not see, so an index scan
    is accepted too).
    """
    plans = _plans(store, operation)
    assert plans
    wanted = (
        (f"COVERING INDEX {index}",)
        if store.dialect == "sqlite"
        else (f"Index Only Scan using {index}", f"Index Scan using {index}", f"Bitmap Index Scan on {index}")
    )
    for statement, plan in plans:
        assert not _full_scans(plan), f"full scan in\n{statement}\n{plan}"
        assert any(w in plan for w in wanted), f"expected {wanted} in the plan of\n{statement}\n{plan}"


def test_due_posts_come_in_claim_order_from_the_due_index(big_store: Store) -> None:
    due = big_store.due_posts(NOW, limit=100)
    assert len(due) == 100 and [(p.scheduled_at, p.id) for p in due] == sorted(
        (p.scheduled_at, p.id) for p in due
    )
    plans = _plans(big_store, lambda: big_store.due_posts(NOW, limit=100))
    for statement, plan in plans:
        assert "ix_posts_due_at_id" in plan, plan
        assert not _sorts(big_store, plan), (
            f"the due posts were sorted instead of read in order:\n{statement}\n{plan}"
        )
    _index_only(big_store, lambda: big_store.count_due(NOW), "ix_posts_due_at_id")


def test_the_next_posts_and_the_days_count_read_an_index_range(big_store: Store) -> None:
    _uses(
        big_store,
        lambda: big_store.list_posts(statuses={PostStatus.SCHEDULED}, after=NOW, limit=20),
        ("ix_posts_status_scheduled_at_id", "ix_posts_open_scheduled_at_id", "ix_posts_scheduled_at_id"),
    )
    zone = ZoneInfo("Europe/London")
    day = NOW.astimezone(zone).date()
    _uses(
        big_store,
        lambda: big_store.count_window(
            account=ACCOUNT,
            since=datetime.combine(day, time.min, zone),
            until=datetime.combine(day + timedelta(days=1), time.min, zone),
            statuses=HOLDS_TIME,
        ),
        TIME_RANGE,
    )
    # the status counts every account's day: from the index alone, whatever the day holds
    names = [a.name for a in big_store.list_accounts()]
    _index_only(
        big_store,
        lambda: big_store.count_windows(
            names,
            since=datetime.combine(day, time.min, zone),
            until=datetime.combine(day + timedelta(days=1), time.min, zone),
            statuses=HOLDS_TIME,
        ),
        "ix_posts_account_scheduled_at_id_status",
    )


def test_each_accounts_next_post_is_one_seek_per_account(big_store: Store) -> None:
    names = [a.name for a in big_store.list_accounts()]
    found = big_store.next_scheduled(names, after=NOW)
    assert found and all(p.account == name and p.scheduled_at > NOW for name, p in found.items())
    plans = _plans(big_store, lambda: big_store.next_scheduled(names, after=NOW))
    assert len(plans) == 1
    _statement, plan = plans[0]
    assert not _full_scans(plan) and not _sorts(big_store, plan), plan
    # (PostgreSQL may take the open posts' index when the covering one cannot be read alone)
    assert any(
        i in plan
        for i in ("ix_posts_account_scheduled_at_id_status", "ix_posts_open_account_scheduled_at_id")
    ), plan


def test_a_calendar_week_reads_only_its_range(big_store: Store) -> None:
    start = NOW - timedelta(days=3)
    _uses(
        big_store,
        lambda: big_store.list_posts(
            account=ACCOUNT, since=start, until=start + timedelta(days=7), limit=5000
        ),
        TIME_RANGE,
    )
    _uses(
        big_store,
        lambda: big_store.list_posts(statuses=EDITABLE_STATUSES, account=ACCOUNT, scheduled=False, limit=50),
        ("ix_posts_account_scheduled_at_id_status", "ix_posts_open_account_scheduled_at_id"),
    )
    # the first posts waiting for a slot, in id order from the index: not all of them sorted
    for statement, plan in _plans(
        big_store,
        lambda: big_store.list_posts(statuses=EDITABLE_STATUSES, account=ACCOUNT, scheduled=False, limit=50),
    ):
        assert not _sorts(big_store, plan), f"the waiting posts were sorted:\n{statement}\n{plan}"


def test_queue_pages_seek_on_the_open_posts_index(big_store: Store) -> None:
    first = page_posts(big_store, statuses=OPEN_STATUSES, limit=50)
    assert first.next is not None
    for account in (None, ACCOUNT):
        # (the posts without a time, last in the queue, come from any index in id order)
        index = (
            ("ix_posts_open_scheduled_at_id",)
            if account is None
            else (
                "ix_posts_open_account_scheduled_at_id",
                "ix_posts_account_scheduled_at_id_status",
            )
        )
        _uses(
            big_store,
            lambda account=account: page_posts(
                big_store, statuses=OPEN_STATUSES, account=account, limit=50, start=first.next
            ),
            index,
        )
    _uses(
        big_store,
        lambda: page_posts(big_store, limit=50, start=first.next),
        ("ix_posts_scheduled_at_id", "ix_posts_open_scheduled_at_id"),
    )


def test_the_latest_published_and_reply_pages_read_backwards_from_the_end(big_store: Store) -> None:
    _uses(
        big_store,
        lambda: big_store.list_posts(
            statuses={PostStatus.PUBLISHED}, account=ACCOUNT, newest_first=True, limit=12
        ),
        ("ix_posts_account_scheduled_at_id_status", "ix_posts_status_scheduled_at_id"),
    )
    first = big_store.list_replies(newest_first=True, limit=50)
    _uses(
        big_store,
        lambda: big_store.list_replies(newest_first=True, limit=50, after=first[-1].platform_id),
        ("PRIMARY KEY", "pk_replies", "sqlite_autoindex_replies", "uq_replies_platform_id"),
    )
    _uses(
        big_store,
        lambda: big_store.list_replies(post_id="post-0", newest_first=True, limit=50),
        ("ix_replies_post_id_id", "pk_replies", "INTEGER PRIMARY KEY"),  # every seeded reply answers post-0
    )


def test_status_reads_no_whole_table(big_store: Store, tmp_path: Path) -> None:
    from tipqueue.config.settings import load_settings
    from tipqueue.scheduler.queue import status_summary

    settings = load_settings(
        tmp_path,
        overrides={
            "database_url": big_store.url,
            "accounts": {
                ACCOUNT: {"username": "clinic.demo", "timezone": "Europe/London", "slots": ["daily 09:00"]}
            },
        },
        environ={},
        check_files=False,
    )
    plans = _plans(big_store, lambda: status_summary(big_store, settings, now=NOW))
    assert len(plans) >= 5
    for statement, plan in plans:
        assert not _full_scans(plan), f"full scan in\n{statement}\n{plan}"


def test_the_store_refreshes_missing_statistics_on_open(tmp_path: Path) -> None:
    """A store analysed when it was small, then grown by a bulk load outside the store: the next
    open sees the statistics are far from the table's size and refreshes them."""
    from sqlalchemy import text
    from tipqueue.scheduler import planner

    url = f"sqlite:///{tmp_path / 'grown.db'}"
    with Store.open(url) as store:
        SEED.seed_posts(store, 2_000)
        store.refresh_stats(force=True)
        SEED.seed_posts(store, 8_000, start=2_000)  # 5x more rows than analysed
        with store._tx() as conn:
            assert planner.stale_tables(conn) == ["posts"]
    with Store.open(url) as store, store._tx() as conn:
        assert planner.stale_tables(conn) == []
        analysed = conn.execute(
            text("SELECT stat FROM sqlite_stat1 WHERE idx = 'ix_posts_scheduled_at_id'")
        ).scalar_one()
        assert analysed.split()[0] == "10000"


def test_the_leaderboard_reads_ranges_of_its_row_numbers(
    big_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The board's reads of mention rows (the rows since it last counted; one post's first
    board) are index ranges, with the table's statistics as old as they are after an import
    (reply_mentions is written after the store last analysed it) or fresh (autovacuum may analyse
    it at any moment): never the whole table sorted, nor all of a post's replies for each batch."""
    from tipqueue.scheduler import mentions

    mentions.rebuild(big_store)

    def check() -> None:
        seen: list[tuple[str, dict[str, Any]]] = []
        real = mentions._fetch

        def record(conn: Any, query: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
            seen.append((query, params))
            return real(conn, query, params)

        monkeypatch.setattr(mentions, "_fetch", record)
        last = mentions.state(big_store).seq
        assert len(list(mentions.rows_since(big_store, last - 600, until=last))) == 600
        assert list(mentions.rows_since(big_store, last - 600, until=last, post_id="post-0"))
        assert list(mentions.rows_since(big_store, 0, until=last, post_id="post-0", batch=2000))
        assert len(list(mentions.rows_since(big_store, 0, until=last, batch=2000))) == last
        assert seen
        for query, params in seen:
            prefix = "EXPLAIN QUERY PLAN " if big_store.dialect == "sqlite" else "EXPLAIN "
            if big_store.dialect != "sqlite":
                query = re.sub(r":(\w+)", r"%(\1)s", query)
            with big_store._engine.connect() as conn:
                cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
                cursor.execute(prefix + query, params)
                plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
            assert not re.search(r"\bSCAN (m|reply_mentions)\b(?! USING)|Seq Scan on reply_mentions", plan), (
                plan
            )
            assert re.search(
                r"ix_reply_mentions_seq|reply_mentions_pkey|SEARCH m USING INTEGER PRIMARY KEY", plan
            ), plan
            if big_store.dialect == "postgresql":  # no step reads (and sorts) more than its batch
                with big_store._engine.connect() as conn:
                    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
                    cursor.execute("EXPLAIN ANALYZE " + query, params)
                    read = [
                        int(n)
                        for row in cursor.fetchall()
                        for n in re.findall(r"actual time=\S+ rows=(\d+)", row[0])
                    ]
                assert max(read) <= 2000, (query, params, read, plan)

    check()  # statistics as old as they are right after an import
    monkeypatch.undo()
    big_store.refresh_stats(force=True)  # and fresh, as autovacuum may make them at any time
    check()
