"""Record reviewers' sign-offs of posts' compliance flags; index replies by when they were collected.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "signoffs",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("post_id", sa.String(128), nullable=False),
        sa.Column("reviewer", sa.String(128), nullable=False),
        sa.Column("role", sa.String(128), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("accepted", sa.JSON, nullable=False),
        sa.Column("note", sa.Text),
        sa.PrimaryKeyConstraint("id", name="pk_signoffs"),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name="fk_signoffs_post_id_posts", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_signoffs_post_id_id", "signoffs", ["post_id", "id"])
    op.create_index("ix_replies_collected_at", "replies", ["collected_at"])


def downgrade() -> None:
    op.drop_index("ix_replies_collected_at", table_name="replies")
    op.drop_table("signoffs")
