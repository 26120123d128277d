"""The compliance gate: the publish engine asks it which due posts may go out.

Called by ``publish_due`` before it claims anything, so a held post is never claimed. For each
due post the gate runs the claims rules and the patient-data guard on its current text
(:func:`scheduler.review.review_stored`):

- a block flag or a patient identifier: the post goes to ``needs_attention`` with the reason
  (a person must edit it; a sign-off cannot clear it);
- review flags without a sign-off that applies (when ``[compliance] reviewers`` is set): the
  post waits in ``needs_approval`` and an alert says who must approve what;
- otherwise it goes on to be claimed and published.

Posts already waiting are looked at again on every pass: signed off within
``approval_grace_minutes`` of their slot, they go back to ``scheduled`` and publish; still
unsigned after it, they become ``expired`` instead of going out late.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from tipqueue.config.settings import Settings
from tipqueue.posts.models import Post, PostStatus
from tipqueue.scheduler.publish import Outcome, PostOutcome
from tipqueue.scheduler.review import PostReview, grace, review_stored
from tipqueue.scheduler.store import Store

log = logging.getLogger("tipqueue.compliance")


@dataclass
class GateResult:
    """The posts that may be claimed now, and what happened to the others."""

    allowed: list[Post] = field(default_factory=list)
    held: list[PostReview] = field(default_factory=list)  # moved to needs_approval this pass
    blocked: list[PostReview] = field(default_factory=list)  # moved to needs_attention
    released: list[str] = field(default_factory=list)  # signed off while waiting: scheduled again
    expired: list[str] = field(default_factory=list)
    #: one outcome per post held, blocked or expired in this pass, for the engine's report and alerts
    outcomes: list[tuple[PostOutcome, Post]] = field(default_factory=list)


def gate_due(
    store: Store,
    due: Sequence[Post],
    *,
    now: datetime,
    settings: Settings,
    account: str | None = None,
    notify: Callable[[PostOutcome, Post], None] | None = None,
) -> GateResult:
    """Split ``due`` into posts that may be claimed now and posts held back (see the module doc).

    Each post held, blocked or expired is told to ``notify`` (the engine's alerts: stored, and
    sent by webhook or e-mail when configured), else stored as an alert.
    """
    result = GateResult()

    def alert(post: Post, detail: str) -> None:
        outcome = PostOutcome(post.id, post.account, Outcome.NEEDS_ATTENTION, detail)
        result.outcomes.append((outcome, post))
        log.warning("held           %s account=%s -- %s", post.id, post.account or "-", detail)
        if notify is not None:
            notify(outcome, post)
        else:
            store.add_alert(
                account=post.account,
                post_id=post.id,
                level="warning",
                message=f"post {post.id} {detail}",
                now=now,
            )

    limit = grace(settings)
    waiting = store.list_posts(statuses={PostStatus.NEEDS_APPROVAL}, account=account)
    for review in review_stored(store, settings, waiting):
        post = review.post
        late = post.scheduled_at is not None and now - post.scheduled_at > limit
        signed = review.signoff
        in_time = (
            signed is not None and post.scheduled_at is not None and signed.at - post.scheduled_at <= limit
        )
        if review.problem is None and (not late or in_time):
            result.allowed.append(
                store.update_post(
                    post.id,
                    now=now,
                    event="released",
                    expect={PostStatus.NEEDS_APPROVAL},
                    detail="signed off: back in the queue",
                    status=PostStatus.SCHEDULED,
                    last_error=None,
                )
            )
            result.released.append(post.id)
        elif late:
            why = review.problem or "signed off only after the grace period"
            reason = (
                f"expired: no sign-off within {int(limit.total_seconds() // 60)} min of its slot ({why}); "
                "not posted late: sign it off, then give it a new time with `tipqueue queue move`"
            )
            store.update_post(
                post.id,
                now=now,
                event="expired",
                expect={PostStatus.NEEDS_APPROVAL},
                detail=reason,
                status=PostStatus.EXPIRED,
                last_error=reason,
            )
            result.expired.append(post.id)
            alert(post, reason)
    fresh = [p for p in due if p.status is not PostStatus.PUBLISHING]
    reviews = {r.post.id: r for r in review_stored(store, settings, fresh)}
    for post in due:
        checked = reviews.get(post.id)
        problem = checked.problem if checked is not None else None
        if checked is None or problem is None:
            result.allowed.append(post)  # publishing ones: an earlier claim may have sent it; reconcile
            continue
        if checked.blocked:
            store.mark_needs_attention(post.id, runner=None, reason=problem, now=now)
            result.blocked.append(checked)
        else:
            store.update_post(
                post.id,
                now=now,
                event="needs_approval",
                expect={post.status},
                detail=problem,
                status=PostStatus.NEEDS_APPROVAL,
                last_error=problem,
            )
            result.held.append(checked)
        alert(post, f"was not published at its slot: {problem}")
    return result
