"""The compliance gate: the publish engine asks it which due posts may go out.

Called by ``publish_due`` before it claims anything, so a held post is never claimed. For each
due post the gate runs the claims rules and the patient-data guard on its current text:

- a block flag or a patient identifier: the post goes to ``needs_attention`` with the reason
  (a person must edit it; a sign-off cannot clear it);
- review flags without a sign-off that applies (``[compliance] reviewers`` set): the post waits
  in ``needs_approval`` and an alert says who must approve what;
- otherwise it goes on to be claimed and published.

Posts already waiting are looked at again on every pass: signed off in time, they go back to
``scheduled`` and publish; still unsigned ``approval_grace_minutes`` after their slot, they
become ``expired`` instead of going out late.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from tipqueue.config.settings import Settings
from tipqueue.posts.compliance import check_post, guard_post, load_rules, signoff_problem
from tipqueue.posts.models import ComplianceFlag, Post, PostStatus, Signoff
from tipqueue.scheduler.signoffs import commenter_names, latest_signoffs
from tipqueue.scheduler.store import Store

log = logging.getLogger("tipqueue.compliance")

#: What the gate does with one post.
PASS, HOLD, BLOCK = "pass", "hold", "block"


@dataclass(frozen=True)
class Verdict:
    post_id: str
    action: str  # PASS, HOLD (needs approval) or BLOCK (needs attention)
    reason: str = ""
    flags: tuple[ComplianceFlag, ...] = ()


@dataclass(frozen=True)
class GateResult:
    """The posts that may be claimed now, and what happened to the others."""

    allowed: list[Post]
    held: list[Verdict]  # moved to needs_approval this pass
    blocked: list[Verdict]  # moved to needs_attention
    released: list[str]  # signed off while waiting: back to scheduled
    expired: list[str]


def grace(settings: Settings) -> timedelta:
    minutes = settings.compliance.approval_grace_minutes
    return timedelta(minutes=settings.publish.grace_minutes if minutes is None else minutes)


def judge(
    post: Post,
    settings: Settings,
    *,
    signoff: Signoff | None,
    known_names: set[str] | frozenset[str] = frozenset(),
) -> Verdict:
    """May this post be published as it is now? (No store access: the caller hands in the rest.)"""
    flags = tuple(check_post(post, load_rules(settings.compliance.rules, settings.workspace)))
    if settings.compliance.patient_guard:
        own = [*settings.compliance.own_contacts, *(f"@{a.username}" for a in settings.accounts.values())]
        if settings.brand.handle:
            own.append("@" + settings.brand.handle.lstrip("@"))
        problems = guard_post(post, known_names=known_names, own_contacts=own)
        if problems:
            return Verdict(post.id, BLOCK, f"patient data in the {problems[0].line()}", flags)
    problem = signoff_problem(post, flags, signoff)
    if problem is None:
        return Verdict(post.id, PASS, "", flags)
    if any(f.severity.value == "block" for f in flags):
        return Verdict(post.id, BLOCK, problem, flags)
    if not settings.compliance.signoff_required:
        return Verdict(post.id, PASS, "review flags shown; no reviewers configured, so nothing waits", flags)
    return Verdict(post.id, HOLD, problem, flags)


def gate_due(
    store: Store, due: Sequence[Post], *, now: datetime, settings: Settings, account: str | None = None
) -> GateResult:
    """Split ``due`` into posts that may be claimed now and posts held back (see the module doc)."""
    waiting = store.list_posts(statuses={PostStatus.NEEDS_APPROVAL}, account=account)
    candidates = [p for p in due if p.status is not PostStatus.PUBLISHING]
    signoffs = latest_signoffs(store, [p.id for p in [*waiting, *candidates]])
    names = commenter_names(store) if settings.compliance.patient_guard else set()
    result = GateResult(allowed=[], held=[], blocked=[], released=[], expired=[])
    limit = grace(settings)
    for post in waiting:
        verdict = judge(post, settings, signoff=signoffs.get(post.id), known_names=names)
        late = post.scheduled_at is not None and now - post.scheduled_at > limit
        signed = signoffs.get(post.id)
        in_time = (
            signed is not None and post.scheduled_at is not None and signed.at - post.scheduled_at <= limit
        )
        if verdict.action == PASS and (not late or in_time):
            released = store.update_post(
                post.id,
                now=now,
                event="released",
                expect={PostStatus.NEEDS_APPROVAL},
                detail="signed off: back in the queue",
                status=PostStatus.SCHEDULED,
                last_error=None,
            )
            result.released.append(post.id)
            result.allowed.append(released)
        elif late:
            reason = (
                f"expired: no sign-off within {int(limit.total_seconds() // 60)} min of its slot "
                f"({verdict.reason}); not posted late: approve it, then move it to a new time"
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
            store.add_alert(
                account=post.account,
                post_id=post.id,
                level="warning",
                message=f"post {post.id} {reason}",
                now=now,
            )
            result.expired.append(post.id)
    for post in due:
        if post.status is PostStatus.PUBLISHING:
            result.allowed.append(post)  # an earlier claim may have sent it: the engine reconciles
            continue
        verdict = judge(post, settings, signoff=signoffs.get(post.id), known_names=names)
        if verdict.action == PASS:
            result.allowed.append(post)
            continue
        if verdict.action == HOLD:
            store.update_post(
                post.id,
                now=now,
                event="needs_approval",
                expect={post.status},
                detail=verdict.reason,
                status=PostStatus.NEEDS_APPROVAL,
                last_error=verdict.reason,
            )
            result.held.append(verdict)
        else:
            store.mark_needs_attention(post.id, runner=None, reason=verdict.reason, now=now)
            result.blocked.append(verdict)
        store.add_alert(
            account=post.account,
            post_id=post.id,
            level="warning",
            message=f"post {post.id} was not published at its slot: {verdict.reason}",
            now=now,
        )
        log.warning("%-15s %s account=%s -- %s", verdict.action, post.id, post.account or "-", verdict.reason)
    return result
