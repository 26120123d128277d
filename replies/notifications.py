"""Replies that arrive by webhook (Meta's signed comment and mention notifications).

They are stored exactly as collected replies are: matched for gadgets, tied to the post whose
media they answer, and deduplicated by platform id, so a comment seen by a notification and by
the next poll is stored once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tipqueue.config.errors import TipqueueError
from tipqueue.instagram.graph.webhooks import replies_in
from tipqueue.posts.models import PostStatus, Reply, ReplyKind
from tipqueue.replies.gadgets import GadgetMatcher, default_matcher

if TYPE_CHECKING:
    from tipqueue.scheduler.store import Store


def store_notification(
    store: Store,
    payload: Mapping[str, Any],
    *,
    now: datetime,
    matcher: GadgetMatcher | None = None,
    read_mention: Callable[[str], Reply] | None = None,
) -> int:
    """Store the replies in one notification; how many were new.

    A ``mentions`` notification names only the comment; ``read_mention(comment_id)`` (the graph
    backend's ``mentioned_comment``) fills in its text and author. If it fails the mention is
    stored with what the notification said.
    """
    found = replies_in(payload)
    if not found:
        return 0
    if read_mention is not None:
        found = [(media, _filled(reply, read_mention)) for media, reply in found]
    match = matcher or default_matcher()
    posts = {p.media_id: p.id for p in store.list_posts(statuses={PostStatus.PUBLISHED}) if p.media_id}
    replies = [
        replace(r, post_id=posts.get(media_id or ""), collected_at=now, mentions=match.find(r.text))
        for media_id, r in found
    ]
    return store.add_replies(replies)


def _filled(reply: Reply, read_mention: Callable[[str], Reply]) -> Reply:
    if reply.kind is not ReplyKind.MENTION or reply.text:
        return reply
    try:
        read = read_mention(reply.platform_id)
    except TipqueueError:
        return reply
    return replace(
        reply, text=read.text, username=read.username, created_at=read.created_at or reply.created_at
    )
