"""The publish engine: every due post goes out exactly once, or a person hears why not.

``publish_due`` is one pass over the queue. It is safe to run from any number of processes and
machines at once because the store is the queue: a post is only touched after ``store.claim``
(one atomic compare-and-set) handed it to this runner.

The configure call to Instagram is the point of no return. Whenever the outcome of an earlier
attempt is unknown (a runner died while the post was ``publishing``, or a transient error said
the request may have reached Instagram) the post is *reconciled* before anything is sent again:
its caption fingerprint is looked for among the account's recent media taken since the post
became due. Found, the post is marked published with that media; not found, it is retried.

Every post handled produces one :class:`PostOutcome` and one log line.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from tipqueue.config.errors import (
    AuthRequired,
    InstagramError,
    LimitError,
    NeedsPerson,
    RateLimited,
    Rejected,
    TipqueueError,
    TransientError,
)
from tipqueue.config.settings import Settings
from tipqueue.instagram.protocols import Publisher
from tipqueue.posts.models import (
    MediaKind,
    Post,
    PostStatus,
    PublishedMedia,
    caption_fingerprint,
)

if TYPE_CHECKING:  # the store pulls in SQLAlchemy; the cron fast path must not
    from tipqueue.scheduler.store import Store

log = logging.getLogger("tipqueue.publish")

#: How far Instagram's clock may be behind ours when we compare a media's taken_at with our times.
CLOCK_SKEW = timedelta(minutes=2)
#: How many of the account's newest media reconciliation looks through.
RECONCILE_LIMIT = 50
#: The longest wait between two attempts, whatever the backoff says.
MAX_BACKOFF = timedelta(hours=6)
#: Prefix of ``last_error`` when Instagram may have done what we asked (reconcile before resending).
UNKNOWN_OUTCOME = "outcome unknown: "

#: The steps a ``hooks`` callable is told about, in order.
STEPS = ("after_claim", "before_send", "after_send", "after_commit")


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


def _utc_now() -> datetime:
    return datetime.now(UTC)


def backoff_delay(attempts: int, base_seconds: float, rng: random.Random | None = None) -> timedelta:
    """Exponential backoff with "equal jitter": half the doubling delay fixed, half random.

    ``attempts`` counts the attempts made so far (1 after the first). Capped at ``MAX_BACKOFF``.
    """
    exp = base_seconds * (2 ** max(0, attempts - 1))
    exp = min(exp, MAX_BACKOFF.total_seconds())
    r = (rng or random).random()
    return timedelta(seconds=exp / 2 + r * exp / 2)


def find_published(
    post: Post, recent: Sequence[PublishedMedia], *, since: datetime | None
) -> PublishedMedia | None:
    """Our post among the account's recent media: same caption fingerprint, taken since ``since``."""
    want = caption_fingerprint(post.published_caption)
    floor = since - CLOCK_SKEW if since is not None else None
    for media in recent:
        if caption_fingerprint(media.caption) != want:
            continue
        if floor is not None and _aware(media.taken_at) < floor:
            continue
        return media
    return None


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def due_time(post: Post, lease_seconds: int) -> datetime | None:
    """When this post (as found before our claim) became due for what we are about to do."""
    if post.status is PostStatus.FAILED and post.next_attempt_at is not None:
        return post.next_attempt_at
    if post.status is PostStatus.PUBLISHING and post.claimed_at is not None:
        return post.claimed_at + timedelta(seconds=lease_seconds)
    return post.scheduled_at


def _needs_reconcile(seen: Post) -> bool:
    """Could an earlier attempt of this post have reached Instagram?"""
    if seen.status is PostStatus.PUBLISHING:
        return True  # its runner died (or hung) after the claim
    if seen.status is PostStatus.FAILED:
        if seen.media_kind is MediaKind.STORY:
            return (seen.last_error or "").startswith(UNKNOWN_OUTCOME)
        return True  # cheap (one request) and it guards against every unknown outcome
    return False


def _since(seen: Post) -> datetime | None:
    """The earliest moment any runner could have sent this post: when it first became due."""
    candidates = [t for t in (seen.scheduled_at, seen.claimed_at) if t is not None]
    return min(candidates) if candidates else None


def _image_paths(post: Post) -> list[Path]:
    paths: list[Path] = []
    for number, slide in enumerate(post.slides, start=1):
        if slide.image is None:
            raise LimitError(
                f"post {post.id!r} slide {number} has no rendered image; run `tipqueue render` and queue it again"
            )
        path = slide.image
        if not path.is_absolute() and post.source_dir is not None:
            path = post.source_dir / path
        if not path.is_file():
            raise LimitError(
                f"post {post.id!r} slide {number} image {str(path)!r} is missing; "
                "run `tipqueue render` for this post, then reschedule it with `tipqueue queue move`"
            )
        paths.append(path)
    if not paths:
        raise LimitError(f"post {post.id!r} has no images; run `tipqueue render` for it")
    return paths


def send(publisher: Publisher, post: Post) -> PublishedMedia:
    """Publish one post as its media kind says (alt text per slide). Raises InstagramError."""
    images = _image_paths(post)
    if post.media_kind is MediaKind.STORY:
        return publisher.publish_story(images[0])
    if post.media_kind is MediaKind.CAROUSEL:
        if not 2 <= len(images) <= 10:
            raise Rejected(
                f"post {post.id!r} is a carousel of {len(images)} image(s); Instagram takes 2 to 10"
            )
        alts = [slide.alt_text or post.alt_text for slide in post.slides]
        return publisher.publish_carousel(images, post.published_caption, alt_texts=alts)
    alt = post.slides[0].alt_text or post.alt_text
    return publisher.publish_photo(images[0], post.published_caption, alt_text=alt)


def _reason(exc: TipqueueError) -> str:
    detail = getattr(exc, "detail", None)
    text = str(exc)
    if detail and detail not in text:
        text = f"{text} (Instagram said: {detail})"
    return " ".join(text.split())


class _Run:
    """State of one pass: the store, the clock, and which accounts are off for the rest of it."""

    def __init__(
        self,
        store: Store,
        publishers: Mapping[str, Publisher],
        *,
        clock: Clock,
        settings: Settings,
        runner_id: str,
        hooks: Hooks | None,
        notify: Notify | None,
        rng: random.Random | None,
    ) -> None:
        self.store = store
        self.publishers = publishers
        self.clock = clock
        self.settings = settings
        self.runner = runner_id
        self.hooks = hooks
        self.notify = notify
        self.rng = rng
        self.skip_accounts: dict[str, str] = {}  # account -> why it is skipped for the rest of this pass
        self.relogged: set[str] = set()

    def hook(self, step: str, post: Post) -> None:
        if self.hooks is not None:
            self.hooks(step, post)

    # --- outcomes: each writes the store, then says so ---

    def published(
        self, post: Post, media: PublishedMedia, *, recovered: bool, detail: str = ""
    ) -> PostOutcome:
        now = self.clock()
        self.store.mark_published(
            post.id,
            runner=self.runner,
            media_id=media.media_id,
            permalink=media.permalink,
            published_at=_aware(media.taken_at) if recovered else now,
            now=now,
        )
        self.hook("after_commit", post)
        outcome = PostOutcome(
            post.id,
            post.account,
            Outcome.RECOVERED if recovered else Outcome.PUBLISHED,
            detail,
            media_id=media.media_id,
            permalink=media.permalink,
            attempts=post.attempts,
        )
        if not recovered:
            self._first_comment(post, media)
        return outcome

    def needs_attention(self, post: Post, reason: str) -> PostOutcome:
        self.store.mark_needs_attention(post.id, runner=self.runner, reason=reason, now=self.clock())
        return PostOutcome(post.id, post.account, Outcome.NEEDS_ATTENTION, reason, attempts=post.attempts)

    def failed(self, post: Post, exc: TransientError, *, outcome_unknown: bool) -> PostOutcome:
        reason = _reason(exc)
        max_attempts = self.settings.publish.max_attempts
        if post.attempts >= max_attempts:
            return self.needs_attention(post, f"gave up after {post.attempts} attempts; last error: {reason}")
        now = self.clock()
        delay = backoff_delay(post.attempts, self.settings.publish.backoff_seconds, self.rng)
        if exc.retry_after is not None:
            delay = max(delay, timedelta(seconds=exc.retry_after))
        next_at = now + delay
        error = (UNKNOWN_OUTCOME if outcome_unknown else "") + reason
        self.store.mark_failed(post.id, runner=self.runner, error=error, next_attempt_at=next_at, now=now)
        return PostOutcome(
            post.id, post.account, Outcome.RETRY, reason, attempts=post.attempts, next_attempt_at=next_at
        )

    def _first_comment(self, post: Post, media: PublishedMedia) -> None:
        if not (self.settings.publish.first_comment and post.first_comment):
            return
        assert post.account is not None
        try:
            self.publishers[post.account].comment(media.media_id, post.first_comment)
        except TipqueueError as exc:
            # The post is live; only its first comment is missing. A person can add it by hand.
            self.store.add_alert(
                account=post.account,
                post_id=post.id,
                level="warning",
                message=f"post {post.id} is live but its first comment failed: {_reason(exc)}; "
                "add it by hand in the app",
                now=self.clock(),
            )

    # --- one post ---

    def reconcile(self, publisher: Publisher, seen: Post, claimed: Post) -> PostOutcome | None:
        """Check whether an earlier attempt went live. None: it did not (safe to send)."""
        recent = publisher.recent_media(limit=RECONCILE_LIMIT)
        found = find_published(claimed, recent, since=_since(seen))
        if found is not None:
            return self.published(
                claimed, found, recovered=True, detail="an earlier attempt had gone live; recorded it"
            )
        return None

    def handle(self, seen: Post, claimed: Post) -> PostOutcome:
        account = claimed.account
        if not account:
            return self.needs_attention(claimed, "post has no account; set one with `tipqueue queue`")
        if account not in self.publishers:
            return self.needs_attention(
                claimed,
                f"account {account!r} is not configured here; add [accounts.{account}] to tipqueue.toml",
            )
        grace = timedelta(minutes=self.settings.publish.grace_minutes)
        due_at = due_time(seen, self.settings.publish.lease_seconds)
        late = due_at is not None and self.clock() - due_at > grace
        reconcile_first = _needs_reconcile(seen)
        if late and not reconcile_first:
            # Nothing was ever sent: do not post late unasked.
            return self.needs_attention(claimed, self._late_reason(due_at))
        if seen.media_kind is MediaKind.STORY and reconcile_first:
            return self.needs_attention(
                claimed,
                "a story's earlier attempt may have gone live and stories cannot be looked up; "
                "check the account's stories, then reschedule it if it is not there",
            )
        try:
            publisher = self.publishers[account]
            if reconcile_first:
                recovered = self.reconcile(publisher, seen, claimed)
                if recovered is not None:
                    return recovered
                if late:
                    return self.needs_attention(claimed, self._late_reason(due_at))
            return self._send_with_relogin(publisher, claimed)
        except TransientError as exc:
            # Raised before anything was sent (connect, reconciliation): the outcome is still what it was.
            if isinstance(exc, RateLimited):
                self.skip_accounts[account] = "rate limited"
            return self.failed(claimed, exc, outcome_unknown=reconcile_first)
        except NeedsPerson as exc:
            return self._pause(claimed, exc)
        except AuthRequired as exc:
            return self._login_needed(claimed, exc)
        except InstagramError as exc:
            return self.needs_attention(claimed, f"Instagram refused it: {_reason(exc)}")
        except LimitError as exc:  # this post cannot be sent as it is (e.g. its card is missing)
            return self.needs_attention(claimed, _reason(exc))
        except TipqueueError as exc:  # settings / secrets problems from connecting
            self.skip_accounts[account] = _reason(exc)
            return self.needs_attention(claimed, _reason(exc))

    def _late_reason(self, due_at: datetime | None) -> str:
        assert due_at is not None
        minutes = int((self.clock() - due_at).total_seconds() // 60)
        return (
            f"missed its time by {minutes} min (grace {self.settings.publish.grace_minutes} min) while nothing "
            "was running; not posted late unasked: reschedule it with `tipqueue queue move`"
        )

    def _send_with_relogin(self, publisher: Publisher, post: Post) -> PostOutcome:
        assert post.account is not None
        self.hook("before_send", post)
        try:
            media = self._send_once(publisher, post)
        except AuthRequired as exc:
            if post.account in self.relogged:
                raise
            relogin = getattr(publisher, "relogin", None)
            if not callable(relogin):
                raise
            self.relogged.add(post.account)
            log.info(
                "relogin        account=%s -- session rejected (%s); logging in again once", post.account, exc
            )
            relogin()
            media = self._send_once(publisher, post)
        self.hook("after_send", post)
        return self.published(post, media, recovered=False)

    def _send_once(self, publisher: Publisher, post: Post) -> PublishedMedia:
        try:
            return send(publisher, post)
        except TransientError as exc:
            if exc.maybe_done:
                raise _MaybeDone(exc) from exc
            raise

    def _pause(self, post: Post, exc: NeedsPerson) -> PostOutcome:
        assert post.account is not None
        reason = _reason(exc)
        self.store.set_paused(post.account, True, reason=reason, now=self.clock())
        self.skip_accounts[post.account] = "paused"
        return self.needs_attention(
            post, f"{reason}; account {post.account} paused until a person acts in the Instagram app"
        )

    def _login_needed(self, post: Post, exc: AuthRequired) -> PostOutcome:
        assert post.account is not None
        reason = (
            f"Instagram rejected the saved session of {post.account} after one relogin ({_reason(exc)}); "
            f"run `tipqueue login {post.account}`"
        )
        # Another login attempt every minute from cron looks like an attack: stop until a person logs in.
        self.store.set_paused(post.account, True, reason=reason, now=self.clock())
        self.skip_accounts[post.account] = "login needed"
        return self.needs_attention(post, reason)

    def maybe_done(
        self, publisher_account: str, claimed: Post, seen: Post, exc: TransientError
    ) -> PostOutcome:
        """The request may have reached Instagram: look before deciding it failed."""
        publisher = self.publishers[publisher_account]
        if claimed.media_kind is not MediaKind.STORY:
            try:
                recovered = self.reconcile(publisher, seen, claimed)
            except TipqueueError:
                recovered = None  # cannot tell now; the retry reconciles again first
            if recovered is not None:
                return recovered
        if isinstance(exc, RateLimited):
            self.skip_accounts[publisher_account] = "rate limited"
        return self.failed(claimed, exc, outcome_unknown=True)


class _MaybeDone(Exception):
    """Internal: a send failed with an unknown outcome."""

    def __init__(self, exc: TransientError) -> None:
        super().__init__(str(exc))
        self.exc = exc


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
    post_ids: Collection[str] | None = None,
) -> PublishReport:
    """Publish every post that is due, each exactly once; return what happened to each.

    ``now`` is a fixed time (tests) or a clock called before each store write (cron, daemon: a long
    pass must not claim with a stale time). ``publishers`` maps account names to publishers; it
    is only indexed after a post of that account was claimed, so a lazy mapping connects to
    Instagram only when there is something to publish. ``notify`` is called for every post that
    needs a person or keeps failing (see scheduler.alerts). ``should_stop`` is checked between
    posts: the post in flight is always finished. ``post_ids`` handles only these posts (publish
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
        claimed = store.claim(seen.id, runner=runner_id, now=clock(), lease_seconds=lease)
        if claimed is None:
            continue  # another runner won it
        run.hook("after_claim", claimed)
        try:
            outcome = run.handle(seen, claimed)
        except _MaybeDone as md:
            assert claimed.account is not None
            outcome = run.maybe_done(claimed.account, claimed, seen, md.exc)
        report.outcomes.append(outcome)
        _log(outcome)
        if notify is not None and _worth_an_alert(outcome, settings):
            notify(outcome, claimed)
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
    if _needs_reconcile(seen):
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


_DUE_STATUS_VALUES = (PostStatus.SCHEDULED.value, PostStatus.FAILED.value, PostStatus.PUBLISHING.value)
#: A post waiting for its sign-off keeps cron on the normal path, so the gate can expire it.
_WAITING_VALUE = PostStatus.NEEDS_APPROVAL.value


def nothing_due_fast(db_url: str, now: datetime, *, account: str | None = None) -> bool:
    """True when a SQLite store certainly has nothing due, checked with the stdlib alone.

    Lets a cron run with nothing to do exit without importing SQLAlchemy (about 100 ms). It reads
    the store's indexed ``due_at`` column (naive UTC text on SQLite). Anything unusual (not
    SQLite, no file yet, another schema) answers False, and the caller takes the normal path.
    Paused accounts are not looked up, so their posts may answer False: also just the normal path.
    """
    import sqlite3
    from urllib.parse import unquote

    prefix = next((p for p in ("sqlite:///", "sqlite+pysqlite:///") if db_url.startswith(p)), None)
    if prefix is None:
        return False
    path = Path(unquote(db_url[len(prefix) :].split("?", 1)[0]))
    if not path.is_file():
        return False
    stamp = now.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    query = (
        "SELECT 1 FROM posts WHERE ((due_at IS NOT NULL AND due_at <= ? "
        f"AND status IN ({','.join('?' * len(_DUE_STATUS_VALUES))})) OR status = ?)"
    )
    args: list[str] = [stamp, *_DUE_STATUS_VALUES, _WAITING_VALUE]
    if account is not None:
        query += " AND account = ?"
        args.append(account)
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute(query + " LIMIT 1", args).fetchone() is None
        finally:
            conn.close()
    except sqlite3.Error:
        return False
