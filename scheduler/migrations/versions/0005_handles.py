"""Give every post a short handle staff can type ("FMG-3"), and let alerts be dismissed.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tipqueue.scheduler.handles import Series, assign

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs (no batch table copy: on SQLite that would cascade-delete the history).
    op.add_column("posts", sa.Column("handle", sa.String(24)))
    op.add_column("alerts", sa.Column("dismissed_at", sa.DateTime(timezone=True)))
    op.create_table(
        "series",
        sa.Column("article_slug", sa.String(128), nullable=False),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("top", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("article_slug", name="pk_series"),
        sa.UniqueConstraint("code", name="uq_series_code"),
    )
    conn = op.get_bind()
    rows = conn.execute(
        sa.text("SELECT id, article_slug, position FROM posts ORDER BY created_at, article_slug, position, id")
    ).all()
    series: dict[str, Series] = {}
    handles = assign(
        ((r.id, r.article_slug or "", int(r.position or 0)) for r in rows),
        series=series,
        code_taken=lambda code: False,  # the batch itself tracks the codes it gives
        handle_taken=(),
    )
    for post_id, handle in handles.items():
        conn.execute(sa.text("UPDATE posts SET handle = :h WHERE id = :i"), {"h": handle, "i": post_id})
    for slug, entry in series.items():
        conn.execute(
            sa.text("INSERT INTO series (article_slug, code, top) VALUES (:s, :c, :t)"),
            {"s": slug, "c": entry.code, "t": entry.top},
        )
    op.create_index("ix_posts_handle", "posts", ["handle"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_posts_handle", table_name="posts")
    op.drop_table("series")
    op.execute("ALTER TABLE alerts DROP COLUMN dismissed_at")
    op.execute("ALTER TABLE posts DROP COLUMN handle")
