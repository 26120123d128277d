"""Create the store: accounts, posts, their history, replies, cursors and alerts.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("paused", sa.Boolean, nullable=False),
        sa.Column("pause_reason", sa.Text),
        sa.Column("paused_at", TS),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_accounts"),
    )
    op.create_table(
        "posts",
        sa.Column("id", sa.String(128), nullable=False),
        sa.Column("account", sa.String(64), nullable=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("series_label", sa.String(32), nullable=False),
        sa.Column("quote", sa.Text, nullable=False),
        sa.Column("caption", sa.Text, nullable=False),
        sa.Column("caption_fingerprint", sa.String(64), nullable=False),
        sa.Column("hashtags", sa.JSON, nullable=False),
        sa.Column("alt_text", sa.Text, nullable=False),
        sa.Column("first_comment", sa.Text),
        sa.Column("slides", sa.JSON, nullable=False),
        sa.Column("media_kind", sa.String(16), nullable=False),
        sa.Column("article_slug", sa.String(128), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("collect_replies", sa.Boolean, nullable=False),
        sa.Column("source_dir", sa.Text),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("scheduled_at", TS),
        sa.Column("due_at", TS),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", TS),
        sa.Column("last_error", sa.Text),
        sa.Column("claimed_at", TS),
        sa.Column("claimed_by", sa.String(128)),
        sa.Column("lease_expires_at", TS),
        sa.Column("media_id", sa.String(64)),
        sa.Column("permalink", sa.Text),
        sa.Column("published_at", TS),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_posts"),
        sa.ForeignKeyConstraint(["account"], ["accounts.name"], name="fk_posts_account_accounts"),
    )
    op.create_index("ix_posts_due_at", "posts", ["due_at"])
    op.create_index("ix_posts_scheduled_at_id", "posts", ["scheduled_at", "id"])
    op.create_index("ix_posts_status_scheduled_at", "posts", ["status", "scheduled_at"])
    op.create_index("ix_posts_account_scheduled_at", "posts", ["account", "scheduled_at"])
    op.create_index("ix_posts_caption_fingerprint", "posts", ["caption_fingerprint"])
    op.create_table(
        "post_events",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("post_id", sa.String(128), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("event", sa.String(48), nullable=False),
        sa.Column("detail", sa.Text),
        sa.Column("runner", sa.String(128)),
        sa.PrimaryKeyConstraint("id", name="pk_post_events"),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name="fk_post_events_post_id_posts", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_post_events_post_id_id", "post_events", ["post_id", "id"])
    op.create_table(
        "replies",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("platform_id", sa.String(128), nullable=False),
        sa.Column("post_id", sa.String(128)),
        sa.Column("parent_id", sa.String(128)),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("username", sa.String(128)),
        sa.Column("user_id", sa.String(64)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", TS),
        sa.Column("collected_at", TS),
        sa.Column("mentions", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_replies"),
        sa.UniqueConstraint("platform_id", name="uq_replies_platform_id"),
    )
    op.create_index("ix_replies_post_id", "replies", ["post_id"])
    op.create_table(
        "cursors",
        sa.Column("scope", sa.String(256), nullable=False),
        sa.Column("cursor", sa.Text),
        sa.Column("updated_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("scope", name="pk_cursors"),
    )
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("account", sa.String(64)),
        sa.Column("post_id", sa.String(128)),
        sa.PrimaryKeyConstraint("id", name="pk_alerts"),
    )
    op.create_index("ix_alerts_at", "alerts", ["at"])


def downgrade() -> None:
    for table in ("alerts", "cursors", "replies", "post_events", "posts", "accounts"):
        op.drop_table(table)
