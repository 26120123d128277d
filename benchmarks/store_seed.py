"""Fill a store with many posts and replies fast, with set-based SQL (not through add_posts).

A million posts through ``Store.add_posts`` take minutes and measure the write path; the read
benchmarks need a big store quickly, so the rows are made by the database itself: a recursive
CTE on SQLite, ``generate_series`` on PostgreSQL, one INSERT ... SELECT per table. The triggers
of revision 0007 keep ``post_counts`` and ``replies_state`` right as they would for any write.

The posts of an agency's 25 accounts (Europe/London), around ``NOW``: 70 % published history
before it, the rest queued after it, one in a hundred of those due, one in fifty posts a draft
with no time. Posts are 15 minutes apart, so each account has one every 6 h 15 min (about 27
posts in the calendar week of ``clinic``, whatever the store's size). Replies name a gadget of the bundled lexicon in about
60 % of cases (a few gadgets far more often than the rest, as readers do), from readers who
often reply more than once.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

from sqlalchemy import text
from tipqueue.scheduler.store import Store, normalise_url

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
ACCOUNT = "clinic"
STEP = 15  # minutes between neighbouring posts (of different accounts)
ACCOUNTS = 25  # post n belongs to account n % ACCOUNTS: ``clinic`` for 0, ``clinic-<k>`` otherwise
GADGETS_USED = 40

_SQLITE_TIME = "strftime('%Y-%m-%d %H:%M:%S', {base}, ({minutes}) || ' minutes') || '.000000'"
_PG_TIME = "(TIMESTAMPTZ {base} + ({minutes}) * INTERVAL '1 minute')"


def _numbers(dialect: str, count: int, start: int = 0) -> str:
    """A FROM clause yielding ``n`` for start <= n < start + count."""
    if dialect == "postgresql":
        return f"generate_series(CAST({start} AS bigint), {start + count - 1}) AS g(n)"
    return (
        f"(WITH RECURSIVE g(n) AS (SELECT {start} UNION ALL SELECT n + 1 FROM g WHERE n < {start + count - 1}) "
        "SELECT n FROM g) AS g"
    )


def _at(dialect: str, minutes: str) -> str:
    if dialect == "postgresql":
        return _PG_TIME.format(base=f"'{NOW.isoformat()}'", minutes=minutes)
    base = f"'{NOW.strftime('%Y-%m-%d %H:%M:%S')}'"
    return _SQLITE_TIME.format(base=base, minutes=minutes)


def seed_posts(store: Store, count: int, *, start: int = 0) -> None:
    """Add ``count`` posts (ids ``post-<n>`` from ``start``) in one statement."""
    for k in range(ACCOUNTS):
        name = ACCOUNT if k == 0 else f"{ACCOUNT}-{k}"
        store.ensure_account(name, username=f"{name}.demo", timezone="Europe/London", now=NOW)
    d = store.dialect
    # 7 in 10 published (an hour apart going back from NOW), the rest queued (going forward);
    # one in a hundred scheduled in the past (due), one in fifty a draft without a time. A post
    # keeps its place as the store grows, so the week around NOW is the same at every size.
    published = "n % 10 < 7"
    minutes = f"CASE WHEN {published} THEN -(n + 1) * {STEP} WHEN n % 100 = 99 THEN -(n % 997) - 1 ELSE n * {STEP} + 1 END"
    status = f"CASE WHEN n % 50 = 25 THEN 'draft' WHEN {published} THEN 'published' ELSE 'scheduled' END"
    at = _at(d, minutes)
    scheduled = f"CASE WHEN n % 50 = 25 THEN NULL ELSE {at} END"
    due = f"CASE WHEN n % 50 = 25 OR {published} THEN NULL ELSE {at} END"
    false = "false" if d == "postgresql" else "0"
    cast = "CAST(n AS TEXT)" if d == "postgresql" else "n"
    cast_mod = f"CAST(n % {ACCOUNTS} AS TEXT)" if d == "postgresql" else f"(n % {ACCOUNTS})"
    # any 32 characters will do for a fingerprint nobody looks up here (SQLite has no md5())
    fingerprint = "md5('c' || CAST(n AS TEXT))" if d == "postgresql" else "printf('%032d', n)"
    created = _at(d, "-100000000")
    account = f"CASE WHEN n % {ACCOUNTS} = 0 THEN '{ACCOUNT}' ELSE '{ACCOUNT}-' || {cast_mod} END"

    def json_cast(value: object) -> str:
        literal = "'" + json.dumps(value).replace("'", "''") + "'"
        return f"CAST({literal} AS json)" if d == "postgresql" else literal

    tags, empty = json_cast(["skincare"]), json_cast([])
    slides = json_cast([{"text": "Relax your jaw", "alt_text": "A quote card", "image": None}])

    sql = f"""
        INSERT INTO posts (id, account, kind, series_label, quote, caption, caption_fingerprint, hashtags,
            alt_text, first_comment, slides, media_kind, article_slug, position, collect_replies, status,
            scheduled_at, due_at, attempts, created_at, updated_at, pinned, outcome_unknown, sent_ids,
            media_id, published_at, handle)
        SELECT 'post-' || {cast}, {account}, 'tip', '1/8', 'Relax your jaw before bed.',
            'Tip ' || {cast} || ': relax your jaw before bed, it eases the masseter.', {fingerprint},
            {tags}, 'A quote card', NULL, {slides}, 'photo',
            'series-' || {cast}, 1, {false}, {status}, {scheduled}, {due}, 0, {created}, {created},
            {false}, {false}, {empty},
            CASE WHEN {published} AND n % 50 <> 25 THEN 'm' || {cast} ELSE NULL END,
            CASE WHEN {published} AND n % 50 <> 25 THEN {at} ELSE NULL END,
            'S-' || {cast}
        FROM {_numbers(d, count, start)}
    """
    with store._tx(write=True) as conn:
        conn.execute(text(sql))


def _gadget_rows() -> list[tuple[str, str, str | None]]:
    from tipqueue.replies.lexicon import load_lexicon

    named = [g for g in load_lexicon().gadgets if g.kind != "generic"][:GADGETS_USED]
    return [(g.name, g.category, g.brand) for g in named]


def seed_replies(store: Store, count: int, *, post_id: str | None = "post-0", start: int = 0) -> None:
    """Add ``count`` replies (``r<n>``) in one statement; 60 % name one gadget."""
    d = store.dialect
    gadgets = _gadget_rows()
    choices = []
    for index, (name, category, brand) in enumerate(gadgets):
        stance = ("recommends", "mentions", "recommends", "dislikes")[index % 4]
        mention = {"gadget": name, "category": category, "stance": stance, "matched": name.lower()}
        if brand:
            mention["brand"] = brand
        choices.append(json.dumps([mention]).replace("'", "''"))
    # a few gadgets far more often than the rest: index = (n * n) mod k skews towards low values
    k = len(choices)
    pick = " ".join(f"WHEN {i} THEN '{c}'" for i, c in enumerate(choices))
    which = f"((n % 97) * (n % 89)) % {k}"
    mentions = f"CASE WHEN n % 5 < 2 THEN '[]' ELSE CASE {which} {pick} END END"
    if d == "postgresql":
        mentions = f"CAST({mentions} AS json)"
    cast = "CAST(n AS TEXT)" if d == "postgresql" else "n"
    readers = f"((n * 7919) % {max(1, count // 3)})"
    reader = f"CAST({readers} AS TEXT)" if d == "postgresql" else readers
    at = _at(d, "-(n % 500000)")
    post = f"'{post_id}'" if post_id else "NULL"
    sql = f"""
        INSERT INTO replies (platform_id, post_id, parent_id, kind, username, user_id, text, created_at,
            collected_at, mentions)
        SELECT 'r' || {cast}, {post}, NULL, 'comment', 'reader' || {reader}, 'u' || {reader},
            'Reply ' || {cast} || ': my favourite home gadget, I use it every evening.', {at}, {at}, {mentions}
        FROM {_numbers(d, count, start)}
    """
    with store._tx(write=True) as conn:
        conn.execute(text(sql))


def seed(store: Store, *, posts: int = 0, replies: int = 0, batch: int = 250_000) -> None:
    """Seed in batches (one transaction each), then refresh the planner's statistics."""
    for first in range(0, posts, batch):
        seed_posts(store, min(batch, posts - first), start=first)
    for first in range(0, replies, batch):
        seed_replies(store, min(batch, replies - first), start=first)
    store.refresh_stats()


def later(minutes: int) -> datetime:
    return NOW + timedelta(minutes=minutes)


@contextmanager
def pg_schema(base: str) -> Iterator[str]:
    """The URL of a new, empty schema in the PostgreSQL database at ``base``, dropped afterwards
    (every benchmark run on PostgreSQL gets a store of its own)."""
    from sqlalchemy import create_engine

    schema = f"tq_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(normalise_url(base))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{base}{'&' if '?' in base else '?'}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
