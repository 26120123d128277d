"""Remember which posts were pinned to a time, so shuffling the queue leaves them alone.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN, never a batch "copy and rename": on SQLite with foreign keys on,
    # dropping the old posts table would cascade-delete every post's history.
    op.add_column("posts", sa.Column("pinned", sa.Boolean, nullable=False, server_default=sa.false()))


def downgrade() -> None:
    op.execute("ALTER TABLE posts DROP COLUMN pinned")  # SQLite >= 3.35 and PostgreSQL, no table copy
