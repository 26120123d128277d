"""The publish engine: every due post goes out exactly once, or a person hears why not.

``publish_due`` is one pass over the queue. It is safe to run from any number of processes and
machines at once because the store is the queue: a post is only touched after ``store.claim``
(one atomic compare-and-set) handed it to this runner, together with the post AS IT WAS at
claim time. Every decision below is taken from that row, never from the list read earlier.

The configure call to Instagram is the point of no return. Right before it, the runner writes
"sending" into the store (``store.mark_sending``: only the claim holder, while its lease lasts);
from then on the post's outcome is *unknown* until Instagram's answer is recorded. A post whose
outcome is unknown (its runner died, an answer was lost, the store failed after Instagram
created the media) is never sent again by a machine: it is *reconciled* (looked for among the
account's recent media by id, time window, media type, slide count, image shape and caption,
reading a lagging feed again with bounded backoff). Found, it is marked published; not found,
it goes to ``needs_attention`` ("may be live: check the profile, then confirm or resend"), and
only a person's ``tipqueue queue confirm-live`` / ``queue resend`` settles it. Moving, importing
or editing the post never clears the unknown outcome, so every way back to ``scheduled``
reconciles first.

Every post handled produces one :class:`PostOutcome` and one log line.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Collection, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from tipqueue.config.settings import Settings
from tipqueue.instagram.protocols import Publisher
from tipqueue.posts.models import Post
from tipqueue.scheduler.attempt import (
    _MaybeDone,
    _Run,
    due_time,
    needs_reconcile,
    outcome_unknown,
    send,
)
from tipqueue.scheduler.outcomes import (
    MAX_BACKOFF,
    MAY_BE_LIVE,
    STEPS,
    UNKNOWN_OUTCOME,
    Clock,
    Hooks,
    Notify,
    Outcome,
    PostOutcome,
    PublishReport,
    backoff_delay,
)
from tipqueue.scheduler.reconcile import Sleep

if TYPE_CHECKING:  # the store pulls in SQLAlchemy; the cron fast path must not
    from tipqueue.scheduler.store import Store

log = logging.getLogger("tipqueue.publish")

__all__ = [
    "MAX_BACKOFF",
    "MAY_BE_LIVE",
    "STEPS",
    "UNKNOWN_OUTCOME",
    "Clock",
    "Hooks",
    "LazyPublishers",
    "Notify",
    "Outcome",
    "PostOutcome",
    "PublishReport",
    "backoff_delay",
    "due_time",
    "needs_reconcile",
    "outcome_unknown",
    "publish_due",
    "run_publish_pass",
    "runner_name",
    "send",
    "statuses_of",
]


def _utc_now() -> datetime:
    return datetime.now(UTC)


def publish_due(
    store: Store,
    publishers: Mapping[str, Publisher],
    *,
    now: datetime | Clock,
    settings: Settings,
    runner_id: str,
    account: str | None = None,
    dry_run: bool = False,
    hooks: Hooks | None = None,
    notify: Notify | None = None,
    should_stop: Callable[[], bool] | None = None,
    limit: int = 100,
    rng: random.Random | None = None,
    sleep: Sleep = time.sleep,
    post_ids: Collection[str] | None = None,
) -> PublishReport:
    """Publish every post that is due, each exactly once; return what happened to each.

    ``now`` is a fixed time (tests) or a clock called before each store write (cron, daemon: a long
    pass must not claim with a stale time). ``publishers`` maps account names to publishers; it
    is only indexed after a post of that account was claimed, so a lazy mapping connects to
    Instagram only when there is something to publish. ``notify`` is called for every post that
    needs a person or keeps failing (see scheduler.alerts). ``should_stop`` is checked between
    posts: the post in flight is always finished. ``sleep`` waits between feed reads and fresh
    uploads (tests pass one that does not wait). ``post_ids`` handles only these posts (publish
    now): each still goes through the same claim, so one that is not due is left alone.
    """
    clock: Clock = now if callable(now) else (lambda: now)
    report = PublishReport(dry_run=dry_run)
    run = _Run(
        store,
        publishers,
        clock=clock,
        settings=settings,
        runner_id=runner_id,
        hooks=hooks,
        notify=notify,
        rng=rng,
        sleep=sleep,
    )
    lease = settings.publish.lease_seconds
    if post_ids is None:
        due = store.due_posts(clock(), account=account, limit=limit)
    else:
        due = [p for p in store.get_posts(list(post_ids)) if account is None or p.account == account]
    if not dry_run:  # the compliance gate holds unapproved or blocked posts before any claim
        from tipqueue.scheduler.gate import gate_due

        gated = gate_due(store, due, now=clock(), settings=settings, account=account, notify=notify)
        due = gated.allowed
        report.outcomes.extend(held for held, _ in gated.outcomes)  # a person must act on these
    for seen in due:
        if should_stop is not None and should_stop():
            report.stopped_early = True
            break
        if seen.account in run.skip_accounts:
            continue  # stays due: the next pass tries it
        if dry_run:
            outcome = _plan(seen, clock(), settings)
            report.outcomes.append(outcome)
            log.info(outcome.line())
            continue
        claim = store.claim(seen.id, runner=runner_id, now=clock(), lease_seconds=lease)
        if claim is None:
            continue  # another runner won it
        run.hook("after_claim", claim.post)
        try:
            outcome = run.handle(claim)
        except _MaybeDone as md:
            outcome = run.maybe_done(claim, md.exc)
        report.outcomes.append(outcome)
        _log(outcome)
        if notify is not None and _worth_an_alert(outcome, settings):
            notify(outcome, claim.post)
    return report


def _worth_an_alert(outcome: PostOutcome, settings: Settings) -> bool:
    if outcome.outcome is Outcome.NEEDS_ATTENTION:
        return True
    # Repeated failure: say so once, at the second failure in a row, not at every retry.
    return outcome.outcome is Outcome.RETRY and outcome.attempts == 2


def _log(outcome: PostOutcome) -> None:
    level = logging.WARNING if outcome.problem else logging.INFO
    log.log(level, outcome.line())


def _plan(seen: Post, now: datetime, settings: Settings) -> PostOutcome:
    """What a real pass would do with this post, without touching anything."""
    grace = timedelta(minutes=settings.publish.grace_minutes)
    due_at = due_time(seen, settings.publish.lease_seconds)
    if needs_reconcile(seen):
        return PostOutcome(
            seen.id, seen.account, Outcome.WOULD_RECONCILE, "check recent media first", attempts=seen.attempts
        )
    if due_at is not None and now - due_at > grace:
        minutes = int((now - due_at).total_seconds() // 60)
        return PostOutcome(
            seen.id, seen.account, Outcome.WOULD_NEED_ATTENTION, f"missed its time by {minutes} min"
        )
    when = due_at.isoformat(timespec="minutes") if due_at else "-"
    return PostOutcome(seen.id, seen.account, Outcome.WOULD_PUBLISH, f"due {when}", attempts=seen.attempts)


def statuses_of(outcomes: Collection[PostOutcome]) -> dict[str, Outcome]:
    """post id -> outcome (handy for callers and tests)."""
    return {o.post_id: o.outcome for o in outcomes}


class LazyPublishers(Mapping[str, Publisher]):
    """Account name -> publisher, connecting to Instagram only when a publisher is first asked for.

    ``publish_due`` asks only after it claimed a post, so a pass with nothing due never imports
    instagrapi. Checking membership (``name in publishers``) does not connect.
    """

    def __init__(self, names: Collection[str], connect: Callable[[str], Publisher]) -> None:
        self._names = list(names)
        self._connect = connect
        self._made: dict[str, Publisher] = {}

    def __getitem__(self, name: str) -> Publisher:
        if name not in self._names:
            raise KeyError(name)
        if name not in self._made:
            self._made[name] = self._connect(name)
        return self._made[name]

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    @property
    def connected(self) -> list[str]:
        """The accounts a connection was made for."""
        return list(self._made)


def runner_name(prefix: str) -> str:
    """A runner id that names the machine and process (shown in a post's history)."""
    import os
    import secrets
    import socket

    return f"{prefix}@{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(2)}"


def run_publish_pass(
    settings: Settings,
    *,
    account: str | None = None,
    dry_run: bool = False,
    hooks: Hooks | None = None,
    connect: Callable[[str], Publisher],
    runner_id: str | None = None,
    clock: Clock = _utc_now,
) -> PublishReport:
    """One cron-style pass: open the store, publish what is due, alert, close.

    Publishers are built lazily by ``connect`` (the front door hands it in), so with
    nothing due neither instagrapi nor the network is touched.
    """
    from tipqueue.scheduler.alerts import notifier
    from tipqueue.scheduler.store import Store

    names = [account] if account is not None else list(settings.accounts)
    runner = runner_id or runner_name("cron")
    store = Store.open(settings.db_url)
    try:
        publishers = LazyPublishers(names, connect)
        return publish_due(
            store,
            publishers,
            now=clock,
            settings=settings,
            runner_id=runner,
            account=account,
            dry_run=dry_run,
            hooks=hooks,
            notify=None if dry_run else notifier(store, settings, clock=clock),
        )
    finally:
        store.close()
