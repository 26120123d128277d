"""What one publish pass did: an outcome per post, the pass's report, and the retry backoff."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from tipqueue.posts.models import Post

#: The longest wait between two attempts, whatever the backoff says.
MAX_BACKOFF = timedelta(hours=6)
#: Prefix of ``last_error`` when Instagram may have done what we asked (reconcile before resending).
UNKNOWN_OUTCOME = "outcome unknown: "
#: What staff read when a post may be live and nothing could confirm it.
MAY_BE_LIVE = (
    "may be live: check the profile, then confirm with `tipqueue queue confirm-live {id}` "
    "or send it again with `tipqueue queue resend {id}`"
)

#: The steps a ``hooks`` callable is told about, in order ("before_configure": the store says
#: "sending" and the configure request goes out next).
STEPS = ("after_claim", "before_send", "before_configure", "after_send", "after_commit")


class Hooks(Protocol):
    """Called at each step of a post's publication (test seam: a test may kill the process here)."""

    def __call__(self, step: str, post: Post) -> None: ...


class Outcome(StrEnum):
    PUBLISHED = "published"  # sent now and recorded
    RECOVERED = "recovered"  # an earlier attempt had gone live; found by reconciliation
    RETRY = "retry"  # failed for now; next_attempt_at says when it is tried again
    NEEDS_ATTENTION = "needs_attention"
    WOULD_PUBLISH = "would_publish"  # dry run
    WOULD_RECONCILE = "would_reconcile"  # dry run: an earlier attempt's outcome must be checked first
    WOULD_NEED_ATTENTION = "would_need_attention"  # dry run: missed its grace window


@dataclass(frozen=True)
class PostOutcome:
    """What happened to one post in one pass."""

    post_id: str
    account: str | None
    outcome: Outcome
    detail: str = ""
    media_id: str | None = None
    permalink: str | None = None
    attempts: int = 0
    next_attempt_at: datetime | None = None

    @property
    def problem(self) -> bool:
        return self.outcome in (Outcome.RETRY, Outcome.NEEDS_ATTENTION)

    def line(self) -> str:
        """The one log line for this post."""
        parts = [f"{self.outcome.value:<15}", self.post_id, f"account={self.account or '-'}"]
        if self.media_id:
            parts.append(f"media={self.media_id}")
        if self.permalink:
            parts.append(self.permalink)
        if self.outcome is Outcome.RETRY and self.next_attempt_at is not None:
            parts.append(f"attempt={self.attempts} next={self.next_attempt_at.isoformat(timespec='seconds')}")
        if self.detail:
            parts.append(f"-- {self.detail}")
        return " ".join(parts)


@dataclass
class PublishReport:
    """Everything one pass did, in order."""

    outcomes: list[PostOutcome] = field(default_factory=list)
    dry_run: bool = False
    stopped_early: bool = False

    def _count(self, *kinds: Outcome) -> int:
        return sum(1 for o in self.outcomes if o.outcome in kinds)

    @property
    def published(self) -> int:
        return self._count(Outcome.PUBLISHED, Outcome.RECOVERED)

    @property
    def retrying(self) -> int:
        return self._count(Outcome.RETRY)

    @property
    def needs_attention(self) -> int:
        return self._count(Outcome.NEEDS_ATTENTION)

    @property
    def ok(self) -> bool:
        """True when nothing failed and nothing needs a person."""
        return not any(o.problem for o in self.outcomes)

    @property
    def exit_code(self) -> int:
        """0: nothing failed; 1: a post failed or needs attention (the CLI's documented codes)."""
        return 0 if self.ok else 1

    def summary(self) -> str:
        if self.dry_run:
            return f"dry run: {len(self.outcomes)} post(s) due"
        return f"{self.published} published, {self.retrying} to retry, {self.needs_attention} need attention"


Clock = Callable[[], datetime]
Notify = Callable[[PostOutcome, Post], None]


def backoff_delay(attempts: int, base_seconds: float, rng: random.Random | None = None) -> timedelta:
    """Exponential backoff with "equal jitter": half the doubling delay fixed, half random.

    ``attempts`` counts the attempts made so far (1 after the first). Capped at ``MAX_BACKOFF``.
    """
    exp = base_seconds * (2 ** max(0, attempts - 1))
    exp = min(exp, MAX_BACKOFF.total_seconds())
    r = (rng or random).random()
    return timedelta(seconds=exp / 2 + r * exp / 2)
