"""Pages of posts in queue order (scheduled time, then id; posts without a time last).

A page is read with a key seek on the indexes, never with an offset, so the thousandth page
costs what the first does: ``(scheduled_at, id) > (the last one shown)`` on the posts with a
time, then ``id > ...`` on the posts without one. The key travels as an opaque cursor (API) or
as the post to start from (``queue list --from ID``).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, tuple_
from tipqueue.config.errors import InputError
from tipqueue.posts.models import Post, PostStatus
from tipqueue.scheduler import db
from tipqueue.scheduler.store import Store, _post, _utc

MAX_PAGE = 1000


@dataclass(frozen=True)
class Key:
    """Where a post sits in queue order."""

    scheduled_at: datetime | None
    id: str

    @classmethod
    def of(cls, post: Post) -> Key:
        return cls(post.scheduled_at, post.id)


@dataclass(frozen=True)
class Page:
    posts: list[Post]
    #: the key of the first post of the next page; None on the last page
    next: Key | None

    @property
    def cursor(self) -> str | None:
        return encode(self.next) if self.next else None


def encode(key: Key) -> str:
    """An opaque, URL-safe cursor for ``key``."""
    raw = json.dumps([key.scheduled_at.isoformat() if key.scheduled_at else None, key.id])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(cursor: str) -> Key:
    """The key in a cursor made by :func:`encode`; InputError for anything else."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        at, post_id = json.loads(raw)
        when = datetime.fromisoformat(at) if at is not None else None
        if not isinstance(post_id, str) or (when is not None and when.tzinfo is None):
            raise ValueError
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise InputError(
            f"cursor {cursor[:60]!r} is not one this server gave; use the next_cursor of the previous page"
        ) from None
    return Key(when, post_id)


def page_posts(
    store: Store,
    *,
    statuses: Collection[PostStatus] | None = None,
    account: str | None = None,
    limit: int = 100,
    start: Key | None = None,
) -> Page:
    """Up to ``limit`` posts in queue order from ``start`` (inclusive) on, and where the next
    page starts."""
    if not 1 <= limit <= MAX_PAGE:
        raise InputError(f"limit {limit} is out of range; give 1 to {MAX_PAGE} posts per page")
    p = db.posts
    base = store._status_filter(select(p), statuses)
    if account is not None:
        base = base.where(p.c.account == account)
    want = limit + 1
    rows: list[Any] = []
    with store._tx() as conn:
        if start is None or start.scheduled_at is not None:
            timed = base.where(p.c.scheduled_at.is_not(None))
            if start is not None:
                assert start.scheduled_at is not None
                timed = timed.where(
                    tuple_(p.c.scheduled_at, p.c.id) >= tuple_(_utc(start.scheduled_at), start.id)
                )
            rows = list(conn.execute(timed.order_by(p.c.scheduled_at, p.c.id).limit(want)))
        if len(rows) < want:
            untimed = base.where(p.c.scheduled_at.is_(None))
            if start is not None and start.scheduled_at is None:
                untimed = untimed.where(p.c.id >= start.id)
            # (time, id) with every time NULL: the indexes' own order, no sort (see list_posts)
            rows += list(conn.execute(untimed.order_by(p.c.scheduled_at, p.c.id).limit(want - len(rows))))
    posts = [_post(r) for r in rows]
    if len(posts) > limit:
        return Page(posts[:limit], Key.of(posts[limit]))
    return Page(posts, None)
