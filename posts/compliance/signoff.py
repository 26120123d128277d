"""What a reviewer's sign-off covers, and whether it still applies to a post as it is now.

A sign-off is recorded for the post's text at that moment (a hash of every text the post
sends or shows) and for the review flags the reviewer accepted. Any edit changes the hash, so
the sign-off stops applying: the edited post needs a new one before it is published.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from tipqueue.posts.models import ComplianceFlag, Post, Severity, Signoff


def content_hash(post: Post) -> str:
    """A hash of everything a reviewer approves: caption, quote, cards, alt texts, comment, tags."""
    content = {
        "caption": post.caption,
        "quote": post.quote,
        "slides": [[s.text, s.alt_text] for s in post.slides],
        "alt_text": post.alt_text,
        "first_comment": post.first_comment,
        "hashtags": list(post.hashtags),
    }
    raw = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


def signoff_problem(post: Post, flags: Sequence[ComplianceFlag], signoff: Signoff | None) -> str | None:
    """Why this post may not be published yet as far as its sign-off goes; None when it may.

    Block flags are never signed off; review flags need a sign-off for the post's current text
    that accepted each of them. Note flags hold nothing.
    """
    blocks = [f for f in flags if f.severity is Severity.BLOCK]
    if blocks:
        first = blocks[0]
        more = f" (and {len(blocks) - 1} more)" if len(blocks) > 1 else ""
        return (
            f"blocked by {first.rule_id} on “{first.matched}”{more}: {first.reason}; "
            f"edit the {first.field} (`tipqueue compliance check {post.id}` lists every flag)"
        )
    review = [f for f in flags if f.severity is Severity.REVIEW]
    if not review:
        return None
    ids = ", ".join(dict.fromkeys(f.rule_id for f in review))
    if signoff is None:
        return (
            f"needs a reviewer's sign-off for {ids}: `tipqueue compliance approve {post.id} --reviewer NAME`"
        )
    if signoff.content_hash != content_hash(post):
        return (
            f"the sign-off by {signoff.reviewer} ({signoff.at:%Y-%m-%d %H:%M}Z) was for an earlier text; "
            f"the post was edited since, so it needs a new sign-off for {ids}"
        )
    missing = [f for f in review if f.key not in signoff.accepted]
    if missing:
        left = ", ".join(dict.fromkeys(f.rule_id for f in missing))
        return f"the sign-off by {signoff.reviewer} did not accept {left}; approve again accepting them"
    return None
