"""Context for replies: placeholder replaced below."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tipqueue.posts.models import GadgetMention, Reply
from tipqueue.replies.gadgets import GadgetMatcher


@dataclass(frozen=True)
class Thread:
    post_id: str
    topic: str
    replies: tuple[Reply, ...]


def find_in_threads(
    threads: Iterable[Thread], matcher: GadgetMatcher
) -> dict[str, tuple[GadgetMention, ...]]:
    return {r.platform_id: matcher.find(r.text) for t in threads for r in t.replies}
