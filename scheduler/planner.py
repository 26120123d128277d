"""Table statistics the query planners need to stay on the indexes, managed by the store.

Without statistics SQLite guesses, and at a million posts it guessed a scan of the queue over
the ``due_at`` index (235 ms instead of 0.4). PostgreSQL's autovacuum analyses eventually, but
not right after a large import (and a server may run without it). So the store refreshes the statistics itself: after migrations,
after a write that added many rows, and on open when they are missing or far from the table's
size. The check is cheap (the counts come from ``post_counts``/``replies_state``, the analysed
size from ``sqlite_stat1``/``pg_class``), so opening a store stays fast.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

#: Below this many rows the plan does not matter; statistics are left alone.
SMALL = 1_000
#: A write adding at least this many rows checks the statistics right after it commits.
LARGE_WRITE = 10_000
#: Refresh when the table is this many times larger (or smaller) than when it was analysed.
DRIFT = 2.0
#: PRAGMA analysis_limit (0: read every row; sampled estimates were off by 4x and more).
SQLITE_SAMPLE = 0
TABLES = ("posts", "replies")
#: Tables that grow with another and are analysed with it: a reply's gadget rows (reply_mentions)
#: are written with the reply, so their statistics go stale exactly when the replies' do (without
#: them PostgreSQL planned the leaderboard's reads of 600k rows as if there were 130).
COMPANIONS = {"replies": ("reply_mentions",)}


def with_companions(tables: tuple[str, ...] | list[str]) -> list[str]:
    """``tables`` and the tables analysed with them, each once, in order."""
    out: list[str] = []
    for table in tables:
        for name in (table, *COMPANIONS.get(table, ())):
            if name not in out:
                out.append(name)
    return out


def table_sizes(conn: Connection) -> dict[str, int]:
    """The stored posts and replies, from the counts the triggers keep (no scan)."""
    posts = conn.execute(text("SELECT COALESCE(SUM(n), 0) FROM post_counts")).scalar_one()
    replies = conn.execute(text("SELECT total FROM replies_state WHERE id = 1")).scalar()
    return {"posts": int(posts), "replies": int(replies or 0)}


def analysed_sizes(conn: Connection) -> dict[str, int | None]:
    """How many rows each table had when it was last analysed (None: never)."""
    out: dict[str, int | None] = {t: None for t in TABLES}
    if conn.dialect.name == "sqlite":
        known = conn.execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")
        )
        if known.first() is None:
            return out
        rows = conn.execute(text("SELECT tbl, stat FROM sqlite_stat1 WHERE tbl IN ('posts', 'replies')"))
        for table, stat in rows:
            first = str(stat or "").split(" ", 1)[0]
            if first.isdigit():
                out[str(table)] = max(out[str(table)] or 0, int(first))
        return out
    for table in TABLES:
        value = conn.execute(
            text(
                "SELECT reltuples, (SELECT COALESCE(last_analyze, last_autoanalyze) IS NOT NULL "
                "FROM pg_stat_user_tables WHERE relid = to_regclass(:t)) FROM pg_class WHERE oid = to_regclass(:t)"
            ),
            {"t": table},
        ).first()
        if value is not None and value[0] is not None and value[0] >= 0 and value[1]:
            out[table] = int(value[0])
    return out


def stale_tables(conn: Connection) -> list[str]:
    """The tables whose statistics are missing or far from their size (and that are not small)."""
    sizes = table_sizes(conn)
    analysed = analysed_sizes(conn)
    stale = []
    for table in TABLES:
        size, then = sizes[table], analysed[table]
        if size < SMALL:
            continue
        if then is None or then <= 0 or size > then * DRIFT or size * DRIFT < then:
            stale.append(table)
    return stale


def analyse(conn: Connection, tables: tuple[str, ...] | list[str] = TABLES) -> None:
    """Refresh the planner's statistics of ``tables`` (in the caller's write transaction)."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"PRAGMA analysis_limit = {SQLITE_SAMPLE}")
        for table in with_companions(tables):
            conn.exec_driver_sql(f"ANALYZE {table}")
        conn.exec_driver_sql("PRAGMA optimize")
        return
    for table in with_companions(tables):
        conn.exec_driver_sql(f"ANALYZE {table}")


def vacuum_analyse(conn: Connection, tables: tuple[str, ...] | list[str] = TABLES) -> None:
    """PostgreSQL: ``VACUUM (ANALYZE)`` each table, on a connection in autocommit mode.

    Besides the statistics, VACUUM sets the visibility map: until it has, an index-only scan
    still visits the table for every entry (the day's counts of ``status`` read 7,872 rows of
    posts that way, 18-30 ms, instead of 3 ms from the covering index alone).
    """
    for table in with_companions(tables):
        conn.exec_driver_sql(f"VACUUM (ANALYZE) {table}")
