"""The gadgets of every stored reply in rows of their own, so the leaderboard adds up only new ones.

- ``reply_mentions``: one row per gadget a reply names (or means), with the reply's reader and
  time copied beside it; the store writes them in the transaction that writes the reply.
- ``mentions_state``: how many replies have their rows, and the fingerprint of the lexicon their
  gadgets were found with. It starts at 0 replies: the rows of replies stored before this
  revision are made from their stored mentions the first time the leaderboard is asked for
  (``tipqueue replies gadgets`` shows the progress), not inside the migration.
- A trigger removes a deleted reply's rows (retention deletes replies in SQL) and counts the
  removal, so a leaderboard kept from the rows added so far is counted again. A reply's rows are
  a range of the primary key (``ord`` is the reply's id times 1024 plus the mention's position),
  so no second index is kept up on every import.

Revision ID: 0009
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_PG_DELETE = """CREATE FUNCTION tq_reply_mentions_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE gone bigint;
    BEGIN
        DELETE FROM reply_mentions m USING tq_old o
            WHERE m.ord BETWEEN o.id * 1024 AND o.id * 1024 + 1023;
        SELECT count(*) INTO gone FROM tq_old;
        IF gone > 0 THEN
            UPDATE mentions_state SET replies = replies - gone, removals = removals + 1 WHERE id = 1;
        END IF;
        RETURN NULL;
    END $$"""

_SQLITE_DELETE = """CREATE TRIGGER tq_reply_mentions_delete AFTER DELETE ON replies BEGIN
        DELETE FROM reply_mentions WHERE ord BETWEEN OLD.id * 1024 AND OLD.id * 1024 + 1023;
        UPDATE mentions_state SET replies = replies - 1, removals = removals + 1 WHERE id = 1;
    END"""


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        "reply_mentions",
        # INTEGER on SQLite: the row id itself (64-bit there), so the table needs no second index
        sa.Column(
            "ord", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=False
        ),
        sa.Column("reply_id", sa.Integer, nullable=False),
        sa.Column("gadget", sa.String(200), nullable=False),
        sa.Column("category", sa.String(200), nullable=False),
        sa.Column("brand", sa.String(200)),
        sa.Column("stance", sa.String(16), nullable=False),
        sa.Column("inferred", sa.Boolean, nullable=False),
        sa.Column("relayed", sa.Boolean, nullable=False),
        sa.Column("cue", sa.String(200), nullable=False),
        sa.Column("reader", sa.String(200), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True)),
        sa.Column("seq", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_reply_mentions_seq", "reply_mentions", ["seq"])
    op.create_table(
        "mentions_state",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("replies", sa.BigInteger, nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("removals", sa.BigInteger, nullable=False),
        sa.Column("lexicon", sa.String(64)),
    )
    op.execute("INSERT INTO mentions_state (id, replies, seq, removals, lexicon) VALUES (1, 0, 0, 0, NULL)")
    if dialect == "postgresql":
        op.execute(_PG_DELETE)
        op.execute(
            "CREATE TRIGGER tq_reply_mentions_delete AFTER DELETE ON replies REFERENCING OLD TABLE AS tq_old "
            "FOR EACH STATEMENT EXECUTE FUNCTION tq_reply_mentions_delete()"
        )
    else:
        op.execute(_SQLITE_DELETE)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS tq_reply_mentions_delete ON replies")
        op.execute("DROP FUNCTION IF EXISTS tq_reply_mentions_delete()")
    else:
        op.execute("DROP TRIGGER IF EXISTS tq_reply_mentions_delete")
    op.drop_table("mentions_state")
    op.drop_table("reply_mentions")
