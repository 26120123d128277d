"""Replies that arrive by webhook (Meta's signed comment and mention notifications).

They are stored exactly as collected replies are: matched for gadgets, tied to the post whose
media they answer, and deduplicated by platform id, so a comment seen by a notification and by
the next poll is stored once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tipqueue.instagram.graph.webhooks import replies_in
from tipqueue.posts.models import PostStatus
from tipqueue.replies.gadgets import GadgetMatcher, default_matcher

if TYPE_CHECKING:
    from tipqueue.scheduler.store import Store


def store_notification(
    store: Store, payload: Mapping[str, Any], *, now: datetime, matcher: GadgetMatcher | None = None
) -> int:
    """Store the replies in one notification; how many were new."""
    found = replies_in(payload)
    if not found:
        return 0
    match = matcher or default_matcher()
    posts = {p.media_id: p.id for p in store.list_posts(statuses={PostStatus.PUBLISHED}) if p.media_id}
    replies = [
        replace(r, post_id=posts.get(media_id or ""), collected_at=now, mentions=match.find(r.text))
        for media_id, r in found
    ]
    return store.add_replies(replies)
