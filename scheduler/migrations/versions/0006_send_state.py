"""Remember, per post, whether a configure request was ever sent and whether its outcome is known.

The decision to reconcile a post before sending it again reads these columns, so it survives
every way a post can get back to ``scheduled`` (move, swap, import, dashboard, API).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs (no table copy: that would cascade-delete the posts' history on SQLite).
    op.add_column("posts", sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        "posts", sa.Column("outcome_unknown", sa.Boolean, nullable=False, server_default=sa.false())
    )
    op.add_column("posts", sa.Column("sent_ids", sa.JSON, nullable=True))
    # Rows from before this revision: a post left publishing, or failed "outcome unknown", may be live.
    op.execute(
        "UPDATE posts SET outcome_unknown = TRUE "
        "WHERE status = 'publishing' OR last_error LIKE 'outcome unknown: %'"
    )


def downgrade() -> None:
    for column in ("sent_ids", "outcome_unknown", "sent_at"):
        op.execute(f"ALTER TABLE posts DROP COLUMN {column}")
