"""Keep hashtags apart from the caption: the caption is the text, the hashtag list the tags.

Before, a post's caption ended with a paragraph of its hashtags and the hashtag list beside it
was never applied again, so editing the list changed nothing on Instagram. Now the published
caption is always the caption joined with the list (``tipqueue.posts.models.compose_caption``).
This drops that trailing paragraph from the caption of every post not yet sent (draft,
approved, scheduled); the list, which staff see and edit, stays the post's hashtags. Posts that
may already be on Instagram keep their caption as it was sent: joining skips tags it carries.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_HASHTAG = re.compile(r"(?<![\w&#])#(\w+)")
_WS = re.compile(r"\s+")


def _fingerprint(caption: str) -> str:
    # the same normalised hash the store keeps (posts.models.caption_fingerprint), frozen here so
    # the migration means the same thing whatever the code becomes later
    norm = _WS.sub(" ", unicodedata.normalize("NFC", caption)).strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:32]


def _split(caption: str) -> str | None:
    head, _, last = caption.strip().rpartition("\n\n")
    words = last.split()
    if head.strip() and words and all(_HASHTAG.fullmatch(w) for w in words):
        return head.strip()
    return None


def _join(caption: str, tags: list[str]) -> str:
    carried = {t.lower() for t in _HASHTAG.findall(caption)}
    extra = []
    for tag in (str(t).strip().lstrip("#") for t in tags):
        if tag and tag.lower() not in carried:
            carried.add(tag.lower())
            extra.append(f"#{tag}")
    return f"{caption}\n\n{' '.join(extra)}" if extra else caption


def upgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(
        sa.text(
            "SELECT id, caption, hashtags FROM posts WHERE status IN ('draft', 'approved', 'scheduled')"
        )
    ).fetchall()
    for post_id, caption, hashtags in rows:
        body = _split(caption or "")
        if body is None:
            continue
        tags = json.loads(hashtags) if isinstance(hashtags, str) else list(hashtags or [])
        conn.execute(
            sa.text("UPDATE posts SET caption = :c, caption_fingerprint = :f WHERE id = :i"),
            {"c": body, "f": _fingerprint(_join(body, tags)), "i": post_id},
        )


def downgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(
        sa.text(
            "SELECT id, caption, hashtags FROM posts WHERE status IN ('draft', 'approved', 'scheduled')"
        )
    ).fetchall()
    for post_id, caption, hashtags in rows:
        tags = json.loads(hashtags) if isinstance(hashtags, str) else list(hashtags or [])
        joined = _join(caption or "", tags)
        if joined != caption:
            conn.execute(
                sa.text("UPDATE posts SET caption = :c WHERE id = :i"), {"c": joined, "i": post_id}
            )
