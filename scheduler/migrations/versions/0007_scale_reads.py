"""Reads bounded by what they show: indexes for the hot predicates, post counts and a replies
version kept by the database itself.

- ``post_counts``: how many posts each account has in each status, kept by triggers on
  ``posts``, so status, the dashboard and the API count without reading the posts. SQLite (one
  writer at a time) keeps one row per (account, status) with an upsert; PostgreSQL appends
  signed deltas per statement (no row that concurrent publishers would queue on or deadlock
  over), which the store folds into one row per group when they pile up.
- ``replies_state``: one row with a version bumped by every write to ``replies`` (insert,
  update, delete) and the number of stored replies; caches of the leaderboard are keyed by it.
- Partial indexes on the posts that are still open (neither published nor cancelled), so
  ``queue list`` pages through the queue without walking the history; (account, time, id) for
  the calendar and the per-account lists, (status, time, id) for the lists of one status;
  (post_id, id) for a post's replies.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

OPEN = "status NOT IN ('published', 'cancelled')"

_SQLITE_TRIGGERS = (
    """CREATE TRIGGER tq_post_counts_insert AFTER INSERT ON posts BEGIN
        INSERT INTO post_counts (account, status, n) VALUES (COALESCE(NEW.account, ''), NEW.status, 1)
        ON CONFLICT (account, status) DO UPDATE SET n = n + 1;
    END""",
    """CREATE TRIGGER tq_post_counts_delete AFTER DELETE ON posts BEGIN
        INSERT INTO post_counts (account, status, n) VALUES (COALESCE(OLD.account, ''), OLD.status, -1)
        ON CONFLICT (account, status) DO UPDATE SET n = n - 1;
    END""",
    """CREATE TRIGGER tq_post_counts_update AFTER UPDATE OF status, account ON posts
    WHEN OLD.status IS NOT NEW.status OR OLD.account IS NOT NEW.account BEGIN
        INSERT INTO post_counts (account, status, n) VALUES (COALESCE(OLD.account, ''), OLD.status, -1)
        ON CONFLICT (account, status) DO UPDATE SET n = n - 1;
        INSERT INTO post_counts (account, status, n) VALUES (COALESCE(NEW.account, ''), NEW.status, 1)
        ON CONFLICT (account, status) DO UPDATE SET n = n + 1;
    END""",
    """CREATE TRIGGER tq_replies_insert AFTER INSERT ON replies BEGIN
        UPDATE replies_state SET version = version + 1, total = total + 1 WHERE id = 1;
    END""",
    """CREATE TRIGGER tq_replies_delete AFTER DELETE ON replies BEGIN
        UPDATE replies_state SET version = version + 1, total = total - 1 WHERE id = 1;
    END""",
    """CREATE TRIGGER tq_replies_update AFTER UPDATE ON replies BEGIN
        UPDATE replies_state SET version = version + 1 WHERE id = 1;
    END""",
)

_PG_FUNCTIONS = (
    """CREATE FUNCTION tq_post_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO post_counts (account, status, n)
        SELECT COALESCE(account, ''), status, count(*) FROM tq_new GROUP BY 1, 2;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION tq_post_counts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO post_counts (account, status, n)
        SELECT COALESCE(account, ''), status, -count(*) FROM tq_old GROUP BY 1, 2;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION tq_post_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO post_counts (account, status, n)
        SELECT account, status, sum(n) FROM (
            SELECT COALESCE(o.account, '') AS account, o.status, -1 AS n
            FROM tq_old o JOIN tq_new w ON w.id = o.id
            WHERE o.status IS DISTINCT FROM w.status OR o.account IS DISTINCT FROM w.account
            UNION ALL
            SELECT COALESCE(w.account, ''), w.status, 1
            FROM tq_old o JOIN tq_new w ON w.id = o.id
            WHERE o.status IS DISTINCT FROM w.status OR o.account IS DISTINCT FROM w.account
        ) AS moved GROUP BY account, status HAVING sum(n) <> 0;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION tq_replies_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE added bigint;
    BEGIN
        SELECT count(*) INTO added FROM tq_new;
        IF added > 0 THEN
            UPDATE replies_state SET version = version + 1, total = total + added WHERE id = 1;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION tq_replies_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE gone bigint;
    BEGIN
        SELECT count(*) INTO gone FROM tq_old;
        IF gone > 0 THEN
            UPDATE replies_state SET version = version + 1, total = total - gone WHERE id = 1;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION tq_replies_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM tq_new) THEN
            UPDATE replies_state SET version = version + 1 WHERE id = 1;
        END IF;
        RETURN NULL;
    END $$""",
)

_PG_TRIGGERS = (
    ("posts", "tq_post_counts_insert", "INSERT", "NEW TABLE AS tq_new"),
    ("posts", "tq_post_counts_delete", "DELETE", "OLD TABLE AS tq_old"),
    ("posts", "tq_post_counts_update", "UPDATE", "OLD TABLE AS tq_old NEW TABLE AS tq_new"),
    ("replies", "tq_replies_insert", "INSERT", "NEW TABLE AS tq_new"),
    ("replies", "tq_replies_delete", "DELETE", "OLD TABLE AS tq_old"),
    ("replies", "tq_replies_update", "UPDATE", "NEW TABLE AS tq_new"),
)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        "post_counts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("account", sa.String(64), nullable=False),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("n", sa.BigInteger, nullable=False),
    )
    op.create_index(
        "ix_post_counts_account_status", "post_counts", ["account", "status"], unique=dialect == "sqlite"
    )
    op.create_table(
        "replies_state",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("version", sa.BigInteger, nullable=False),
        sa.Column("total", sa.BigInteger, nullable=False),
    )
    op.execute(
        "INSERT INTO post_counts (account, status, n) "
        "SELECT COALESCE(account, ''), status, count(*) FROM posts GROUP BY COALESCE(account, ''), status"
    )
    # A random first version: a cache keyed by (database URL, version) can never take a database
    # made again at the same place for the one it saw before.
    op.get_bind().execute(
        sa.text("INSERT INTO replies_state (id, version, total) SELECT 1, :v, count(*) FROM replies"),
        {"v": secrets.randbelow(2**40) + 1},
    )
    if dialect == "postgresql":
        for statement in _PG_FUNCTIONS:
            op.execute(statement)
        for table, name, when, referencing in _PG_TRIGGERS:
            op.execute(
                f"CREATE TRIGGER {name} AFTER {when} ON {table} REFERENCING {referencing} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
            )
    else:
        for statement in _SQLITE_TRIGGERS:
            op.execute(statement)
    op.drop_index("ix_posts_account_scheduled_at", table_name="posts")
    op.create_index("ix_posts_account_scheduled_at_id", "posts", ["account", "scheduled_at", "id"])
    where = {"sqlite_where": sa.text(OPEN), "postgresql_where": sa.text(OPEN)}
    op.create_index("ix_posts_open_scheduled_at_id", "posts", ["scheduled_at", "id"], **where)
    op.create_index(
        "ix_posts_open_account_scheduled_at_id", "posts", ["account", "scheduled_at", "id"], **where
    )
    op.create_index("ix_replies_post_id_id", "replies", ["post_id", "id"])
    op.drop_index("ix_replies_post_id", table_name="replies")
    op.create_index("ix_posts_status_scheduled_at_id", "posts", ["status", "scheduled_at", "id"])
    op.drop_index("ix_posts_status_scheduled_at", table_name="posts")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_index("ix_posts_status_scheduled_at", "posts", ["status", "scheduled_at"])
    op.drop_index("ix_posts_status_scheduled_at_id", table_name="posts")
    op.create_index("ix_replies_post_id", "replies", ["post_id"])
    op.drop_index("ix_replies_post_id_id", table_name="replies")
    op.drop_index("ix_posts_open_account_scheduled_at_id", table_name="posts")
    op.drop_index("ix_posts_open_scheduled_at_id", table_name="posts")
    op.drop_index("ix_posts_account_scheduled_at_id", table_name="posts")
    op.create_index("ix_posts_account_scheduled_at", "posts", ["account", "scheduled_at"])
    for table, name, _when, _ref in _PG_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}" if dialect == "postgresql" else f"DROP TRIGGER IF EXISTS {name}")
        if dialect == "postgresql":
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    op.drop_table("replies_state")
    op.drop_table("post_counts")
