"""The compliance front doors' library: check posts, sign them off, keep replies only so long.

``tipqueue compliance ...``, the queue listing, ``status``, review.md and the dashboard all
call these, so every door shows the same flags with the same words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from tipqueue.config.errors import ConflictError, InputError
from tipqueue.config.settings import Settings
from tipqueue.posts.compliance import (
    GuardProblem,
    check_post,
    content_hash,
    guard_post,
    load_rules,
    signoff_problem,
)
from tipqueue.posts.models import ComplianceFlag, Post, PostStatus, Severity, Signoff
from tipqueue.scheduler.signoffs import (
    Pruned,
    commenter_names,
    latest_signoffs,
    prune_replies,
    record_signoff,
)
from tipqueue.scheduler.store import Store


@dataclass(frozen=True)
class PostReview:
    """Everything the compliance check says about one post."""

    post: Post
    flags: tuple[ComplianceFlag, ...]
    patient_data: tuple[GuardProblem, ...] = ()
    signoff: Signoff | None = None
    #: why it may not be published yet (None: it may), given the sign-off rules in force
    problem: str | None = None

    @property
    def blocked(self) -> bool:
        return bool(self.patient_data) or any(f.severity is Severity.BLOCK for f in self.flags)

    def to_json(self) -> dict[str, Any]:
        return {
            "flags": [flag_record(f) for f in self.flags],
            "patient_data": [
                {"kind": p.kind, "matched": p.matched, "field": p.field, "reason": p.reason}
                for p in self.patient_data
            ],
            "blocked": self.blocked,
            "signoff": None
            if self.signoff is None
            else {
                "reviewer": self.signoff.reviewer,
                "role": self.signoff.role,
                "at": self.signoff.at.isoformat(),
                "accepted": list(self.signoff.accepted),
                "applies": self.signoff.content_hash == content_hash(self.post),
            },
            "problem": self.problem,
        }


def grace(settings: Settings) -> timedelta:
    """How long after its slot a post may wait for its sign-off before it expires."""
    minutes = settings.compliance.approval_grace_minutes
    return timedelta(minutes=settings.publish.grace_minutes if minutes is None else minutes)


def flag_record(flag: ComplianceFlag) -> dict[str, Any]:
    return {
        "rule": flag.rule_id,
        "severity": flag.severity.value,
        "field": flag.field,
        "matched": flag.matched,
        "reason": flag.reason,
        "source": flag.source,
    }


def _own_contacts(settings: Settings) -> list[str]:
    own = [*settings.compliance.own_contacts, *(f"@{a.username}" for a in settings.accounts.values())]
    if settings.brand.handle:
        own.append("@" + settings.brand.handle.lstrip("@"))
    return own


def review_posts(
    posts: Sequence[Post],
    settings: Settings,
    *,
    signoffs: dict[str, Signoff] | None = None,
    known_names: set[str] | None = None,
) -> list[PostReview]:
    """Flags, patient data and sign-off state of each post (no store needed: folders work too)."""
    rules = load_rules(settings.compliance.rules, settings.workspace)
    out: list[PostReview] = []
    for post in posts:
        flags = tuple(check_post(post, rules))
        problems: tuple[GuardProblem, ...] = ()
        if settings.compliance.patient_guard:
            problems = tuple(
                guard_post(post, known_names=known_names or set(), own_contacts=_own_contacts(settings))
            )
        signed = (signoffs or {}).get(post.id)
        problem = signoff_problem(post, flags, signed)
        if problems:
            problem = f"patient data in the {problems[0].line()}"
        elif (
            problem is not None
            and not settings.compliance.signoff_required
            and not any(f.severity is Severity.BLOCK for f in flags)
        ):
            problem = None  # no reviewers configured: review flags are shown, nothing waits
        out.append(PostReview(post, flags, problems, signed, problem))
    return out


def review_stored(store: Store, settings: Settings, posts: Sequence[Post]) -> list[PostReview]:
    """:func:`review_posts` for stored posts, with their sign-offs and the commenters' names."""
    if not posts:
        return []  # every publish pass asks, mostly about nothing: no queries then
    names = commenter_names(store) if settings.compliance.patient_guard else set()
    return review_posts(
        posts, settings, signoffs=latest_signoffs(store, [p.id for p in posts]), known_names=names
    )


def approve_post(
    store: Store,
    settings: Settings,
    post_id: str,
    *,
    reviewer: str,
    accept: Sequence[str],
    now: datetime,
    note: str | None = None,
) -> tuple[Signoff, Post]:
    """Record ``reviewer``'s sign-off of the post's review flags as the post reads now.

    ``accept``: rule ids (or ``all``) the reviewer accepts; every review flag must be accepted.
    Refused: a reviewer not in ``[compliance] reviewers``, a post with block flags or patient
    data (edit it first), a post already published. A post waiting in ``needs_approval`` goes
    back to ``scheduled`` when its slot is still within the grace period.
    """
    person = settings.compliance.reviewer(reviewer)
    if person is None:
        known = ", ".join(f"{r.name} ({r.role})" for r in settings.compliance.reviewers) or "none configured"
        raise InputError(
            f"{reviewer!r} is not a reviewer (reviewers: {known}); only a person listed in "
            "[compliance] reviewers in tipqueue.toml can sign off posts"
        )
    post = store.get_post(post_id)
    if post.status in (PostStatus.PUBLISHED, PostStatus.PUBLISHING, PostStatus.CANCELLED):
        raise ConflictError(f"post {post.id} is {post.status.value}; there is nothing to sign off")
    review = review_stored(store, settings, [post])[0]
    if review.blocked:
        raise ConflictError(
            f"post {post.id} cannot be signed off: {review.problem}; edit it, then approve the new text"
        )
    flags = [f for f in review.flags if f.severity is Severity.REVIEW]
    wanted = {a.strip() for a in accept if a.strip()}
    accepted = [f for f in flags if "all" in wanted or f.rule_id in wanted]
    missing = sorted({f.rule_id for f in flags} - {f.rule_id for f in accepted})
    if missing:
        raise InputError(
            f"the sign-off of {post.id} must accept every review flag; not accepted: {', '.join(missing)} "
            "(pass --accept RULE for each, or --accept all after reading them)"
        )
    unknown = sorted(wanted - {"all"} - {f.rule_id for f in flags})
    if unknown:
        raise InputError(
            f"post {post.id} has no review flag {unknown[0]!r}; see `tipqueue compliance check {post.id}`"
        )
    signoff = Signoff(
        post_id=post.id,
        reviewer=person.name,
        role=person.role,
        at=now,
        content_hash=content_hash(post),
        accepted=tuple(f.key for f in accepted),
        note=note,
    )
    detail = f"by {person.name} ({person.role}); accepted " + (
        ", ".join(f"{f.rule_id} “{f.matched}”" for f in accepted) or "no flags (none raised)"
    )
    record_signoff(store, signoff, detail=detail)
    limit = grace(settings)
    if post.status is PostStatus.NEEDS_APPROVAL and (
        post.scheduled_at is None or now - post.scheduled_at <= limit
    ):
        post = store.update_post(
            post.id,
            now=now,
            event="released",
            expect={PostStatus.NEEDS_APPROVAL},
            detail="signed off: back in the queue",
            status=PostStatus.SCHEDULED,
            last_error=None,
        )
    return signoff, post


def retention(store: Store, settings: Settings, *, now: datetime, dry_run: bool = False) -> Pruned | None:
    """Apply ``[replies] keep_days``; None when no limit is set (replies are kept)."""
    days = settings.replies.keep_days
    if days is None:
        return None
    return prune_replies(store, keep_days=days, now=now, dry_run=dry_run)


def retention_line(settings: Settings) -> str:
    """What exports say about how long their source replies are kept."""
    days = settings.replies.keep_days
    if days is None:
        return "retention: replies are kept until deleted ([replies] keep_days is not set)"
    return f"retention: replies older than {days} days are deleted ([replies] keep_days = {days})"


def read_folders(paths: Sequence[Path]) -> list[Post]:
    from tipqueue.posts.folder import read_posts

    posts = read_posts(paths)
    if not posts:
        raise InputError(
            f"no post folders in {', '.join(str(p) for p in paths)}; give a series folder made by `tipqueue split`"
        )
    return posts


def retention_jobs(settings: Settings) -> dict[str, Any]:
    """The daemon's daily reply-retention job (none when ``[replies] keep_days`` is not set)."""
    if settings.replies.keep_days is None:
        return {}
    import logging

    from tipqueue.scheduler.daemon import DaemonJob

    log = logging.getLogger("tipqueue.daemon")

    def prune(ctx: Any) -> None:
        pruned = retention(ctx.store, ctx.settings, now=ctx.now)
        if pruned is not None:
            log.info(
                "retention      deleted=%d replies collected before %s (keep_days=%d)",
                pruned.deleted,
                pruned.cutoff.isoformat(timespec="minutes"),
                pruned.keep_days,
            )

    return {"reply-retention": DaemonJob(func=prune, every=timedelta(days=1))}
