"""One claimed post, start to finish: reconcile if it may be live, send, record what happened.

See :mod:`scheduler.publish` for the rules; this module holds the per-post steps the pass runs.
"""

from __future__ import annotations

import contextlib
import logging
import random
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from tipqueue.config.errors import (
    AuthRequired,
    ConflictError,
    InstagramError,
    LimitError,
    MediaRetry,
    NeedsPerson,
    RateLimited,
    Rejected,
    StoreError,
    TipqueueError,
    TransientError,
)
from tipqueue.config.settings import Settings
from tipqueue.instagram.protocols import OnSend, Publisher
from tipqueue.posts.models import Claim, MediaKind, Post, PostStatus, PublishedMedia
from tipqueue.scheduler.reconcile import (
    CLOCK_SKEW,
    Sleep,
    look_for,
    shape_of,
)

if TYPE_CHECKING:  # the store pulls in SQLAlchemy; the cron fast path must not
    from tipqueue.scheduler.store import Store

from tipqueue.scheduler.outcomes import (
    MAY_BE_LIVE,
    UNKNOWN_OUTCOME,
    Clock,
    Hooks,
    Notify,
    Outcome,
    PostOutcome,
    backoff_delay,
)

log = logging.getLogger("tipqueue.publish")


def due_time(post: Post, lease_seconds: int) -> datetime | None:
    """When this post (as it was at claim time) became due for what we are about to do."""
    if post.status is PostStatus.FAILED and post.next_attempt_at is not None:
        return post.next_attempt_at
    if post.status is PostStatus.PUBLISHING and post.claimed_at is not None:
        return post.claimed_at + timedelta(seconds=lease_seconds)
    return post.scheduled_at


def outcome_unknown(before: Post) -> bool:
    """Could an earlier attempt of this post be live, with nothing recorded to say so?"""
    return before.outcome_unknown or (before.last_error or "").startswith(UNKNOWN_OUTCOME)


def needs_reconcile(before: Post) -> bool:
    """Must the recent media be checked before this post is sent? (from the row at claim time)"""
    return (
        outcome_unknown(before)
        or before.sent_at is not None
        or before.status is PostStatus.PUBLISHING
        or before.status is PostStatus.FAILED
    )


def _since(before: Post) -> datetime | None:
    """The earliest moment any runner could have sent this post."""
    candidates = [t for t in (before.sent_at, before.scheduled_at, before.claimed_at) if t is not None]
    return min(candidates) if candidates else None


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


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


def send(publisher: Publisher, post: Post, *, on_send: OnSend | None = None) -> PublishedMedia:
    """Publish one post as its media kind says (alt text per slide). Raises InstagramError.

    ``on_send`` is called right before the configure request (see instagram.protocols.OnSend).
    """
    images = _image_paths(post)
    if post.media_kind is MediaKind.STORY:
        return publisher.publish_story(images[0], on_send=on_send)
    if post.media_kind is MediaKind.CAROUSEL:
        if not 2 <= len(images) <= 10:
            raise Rejected(
                f"post {post.id!r} is a carousel of {len(images)} image(s); Instagram takes 2 to 10"
            )
        alts = [slide.alt_text or post.alt_text for slide in post.slides]
        return publisher.publish_carousel(images, post.published_caption, alt_texts=alts, on_send=on_send)
    alt = post.slides[0].alt_text or post.alt_text
    return publisher.publish_photo(images[0], post.published_caption, alt_text=alt, on_send=on_send)


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
        sleep: Sleep,
    ) -> None:
        self.store = store
        self.publishers = publishers
        self.clock = clock
        self.settings = settings
        self.runner = runner_id
        self.hooks = hooks
        self.notify = notify
        self.rng = rng
        self.sleep = sleep
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
        published_at = _aware(media.taken_at) if recovered else now
        try:
            self.store.mark_published(
                post.id,
                runner=self.runner,
                media_id=media.media_id,
                permalink=media.permalink,
                published_at=published_at,
                now=now,
            )
        except ConflictError:
            # Our claim ran out while Instagram was answering; the post IS live as this media.
            try:
                self.store.record_live(
                    post.id,
                    runner=self.runner,
                    media_id=media.media_id,
                    permalink=media.permalink,
                    published_at=published_at,
                    now=self.clock(),
                    detail="recorded by the runner whose claim had run out meanwhile",
                )
            except StoreError as exc:
                return self._unrecorded(post, media, exc)
        except StoreError as exc:
            return self._unrecorded(post, media, exc)
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

    def _unrecorded(self, post: Post, media: PublishedMedia, exc: StoreError) -> PostOutcome:
        """Instagram created the media but the store could not say so: the outcome stays UNKNOWN
        (the store's "sending" mark is still there), never a plain needs_attention."""
        reason = (
            f"{UNKNOWN_OUTCOME}Instagram published it as media {media.media_id} but the store could not "
            f"record it ({_reason(exc)}); the next run reconciles it"
        )
        next_at = self.clock() + timedelta(seconds=max(60.0, self.settings.publish.backoff_seconds))
        # If this fails too, the post stays publishing with "sending" recorded: once the lease runs
        # out, the next claim reconciles it.
        with contextlib.suppress(StoreError):  # remember the media id configure gave, for reconciliation
            self.store.mark_sending(post.id, runner=self.runner, now=self.clock(), ids=[media.media_id])
        with contextlib.suppress(StoreError):
            self.store.mark_failed(
                post.id,
                runner=self.runner,
                error=reason,
                next_attempt_at=next_at,
                now=self.clock(),
                outcome_unknown=True,
            )
        log.error("unrecorded    %s account=%s media=%s -- %s", post.id, post.account, media.media_id, exc)
        return PostOutcome(
            post.id,
            post.account,
            Outcome.RETRY,
            reason,
            media_id=media.media_id,
            attempts=post.attempts,
            next_attempt_at=next_at,
        )

    def needs_attention(self, post: Post, reason: str, *, unknown: bool | None = None) -> PostOutcome:
        try:
            self.store.mark_needs_attention(
                post.id, runner=self.runner, reason=reason, now=self.clock(), outcome_unknown=unknown
            )
        except StoreError as exc:
            reason = f"{reason} (not recorded: {_reason(exc)}; the next run looks at it again)"
        return PostOutcome(post.id, post.account, Outcome.NEEDS_ATTENTION, reason, attempts=post.attempts)

    def may_be_live(self, post: Post, why: str) -> PostOutcome:
        return self.needs_attention(post, f"{why}; {MAY_BE_LIVE.format(id=post.id)}", unknown=True)

    def failed(self, post: Post, exc: TransientError, *, unknown: bool | None) -> PostOutcome:
        reason = _reason(exc)
        max_attempts = self.settings.publish.max_attempts
        if post.attempts >= max_attempts:
            if unknown:
                return self.may_be_live(post, f"gave up after {post.attempts} attempts; last error: {reason}")
            return self.needs_attention(
                post, f"gave up after {post.attempts} attempts; last error: {reason}", unknown=unknown
            )
        now = self.clock()
        delay = backoff_delay(post.attempts, self.settings.publish.backoff_seconds, self.rng)
        if exc.retry_after is not None:
            delay = max(delay, timedelta(seconds=exc.retry_after))
        next_at = now + delay
        error = (UNKNOWN_OUTCOME if unknown else "") + reason
        try:
            self.store.mark_failed(
                post.id,
                runner=self.runner,
                error=error,
                next_attempt_at=next_at,
                now=now,
                outcome_unknown=unknown,
            )
        except StoreError as exc2:
            reason = f"{reason} (not recorded: {_reason(exc2)})"
        return PostOutcome(
            post.id, post.account, Outcome.RETRY, reason, attempts=post.attempts, next_attempt_at=next_at
        )

    def _first_comment(self, post: Post, media: PublishedMedia) -> None:
        if not (self.settings.publish.first_comment and post.first_comment):
            return
        assert post.account is not None
        try:
            self.publishers[post.account].comment(media.media_id, post.first_comment)
        except NeedsPerson as exc:
            # An account-level block on commenting: every next post would repeat the blocked action.
            self._pause_account(post.account, exc, post_id=post.id, what="its first comment")
        except TipqueueError as exc:
            # The post is live; only its first comment is missing. A person can add it by hand.
            self._add_alert(
                post,
                f"post {post.id} is live but its first comment failed: {_reason(exc)}; add it by hand in the app",
            )

    def _add_alert(self, post: Post, message: str) -> None:
        try:
            self.store.add_alert(
                account=post.account, post_id=post.id, level="warning", message=message, now=self.clock()
            )
        except StoreError:
            log.warning("alert not stored: %s", message)

    # --- one post ---

    def reconcile(self, publisher: Publisher, post: Post, before: Post, *, poll: bool) -> PostOutcome | None:
        """Check whether an earlier attempt went live. None: not found (for now)."""
        images: list[Path] = []
        with contextlib.suppress(LimitError):
            images = _image_paths(post)
        assert post.account is not None
        since = _since(before)
        others = (
            self.store.other_sends_since(post.account, except_post=post.id, since=since - CLOCK_SKEW)
            if since is not None
            else 1
        )
        found = look_for(
            publisher,
            post,
            since=since,
            until=self.clock,
            shape=shape_of(post, images),
            taken=self.store.recorded_media(post.account, except_post=post.id),
            captionless_ok=others == 0,
            polls=self.settings.publish.reconcile_polls if poll else 1,
            wait_seconds=self.settings.publish.reconcile_wait_seconds,
            sleep=self.sleep,
        )
        if found is None:
            return None
        how = (
            "by id"
            if set(post.sent_ids) & set(found.ids)
            else ("without a caption (time, type, slides, size)" if found.caption_missing else "by caption")
        )
        return self.published(
            post,
            found,
            recovered=True,
            detail=f"an earlier attempt had gone live; found {how} and recorded it",
        )

    def handle(self, claim: Claim) -> PostOutcome:
        post, before = claim.post, claim.before
        account = post.account
        if not account:
            return self.needs_attention(post, "post has no account; set one with `tipqueue queue`")
        if account not in self.publishers:
            return self.needs_attention(
                post,
                f"account {account!r} is not configured here; add [accounts.{account}] to tipqueue.toml",
            )
        grace = timedelta(minutes=self.settings.publish.grace_minutes)
        due_at = due_time(before, self.settings.publish.lease_seconds)
        late = due_at is not None and self.clock() - due_at > grace
        unknown = outcome_unknown(before)
        reconcile_first = needs_reconcile(before)
        if late and not reconcile_first:
            # Nothing was ever sent: do not post late unasked.
            return self.needs_attention(post, self._late_reason(due_at))
        if post.media_kind is MediaKind.STORY and unknown:
            return self.may_be_live(
                post, "a story's earlier attempt may have gone live and stories cannot be looked up"
            )
        try:
            publisher = self.publishers[account]
            if reconcile_first and post.media_kind is not MediaKind.STORY:
                recovered = self.reconcile(publisher, post, before, poll=unknown)
                if recovered is not None:
                    return recovered
                if unknown:
                    return self.may_be_live(
                        post,
                        "an earlier attempt's outcome is unknown and it was not found among the recent media",
                    )
            if late:
                return self.needs_attention(post, self._late_reason(due_at))
            return self._send_with_relogin(publisher, post)
        except _LostClaim as lost:
            return PostOutcome(post.id, account, Outcome.RETRY, str(lost), attempts=post.attempts)
        except TransientError as exc:
            # Raised before anything was sent (connect, reconciliation): the outcome is still what it was.
            if isinstance(exc, RateLimited):
                self.skip_accounts[account] = "rate limited"
            return self.failed(post, exc, unknown=unknown)
        except NeedsPerson as exc:
            return self._pause(post, exc, unknown=unknown)
        except AuthRequired as exc:
            return self._login_needed(post, exc, unknown=unknown)
        except InstagramError as exc:
            return self.needs_attention(post, f"Instagram refused it: {_reason(exc)}")
        except LimitError as exc:  # this post cannot be sent as it is (e.g. its card is missing)
            return self.needs_attention(post, _reason(exc))
        except StoreError as exc:  # the store failed before anything was sent
            return PostOutcome(
                post.id, account, Outcome.RETRY, f"not sent: {_reason(exc)}", attempts=post.attempts
            )
        except TipqueueError as exc:  # settings / secrets problems from connecting
            self.skip_accounts[account] = _reason(exc)
            return self.needs_attention(post, _reason(exc))

    def _late_reason(self, due_at: datetime | None) -> str:
        assert due_at is not None
        minutes = int((self.clock() - due_at).total_seconds() // 60)
        return (
            f"missed its time by {minutes} min (grace {self.settings.publish.grace_minutes} min) while nothing "
            "was running; not posted late unasked: reschedule it with `tipqueue queue move`"
        )

    def _on_send(self, post: Post) -> OnSend:
        def on_send(ids: Sequence[str]) -> None:
            try:
                self.store.mark_sending(post.id, runner=self.runner, now=self.clock(), ids=list(ids))
            except ConflictError as exc:
                raise _LostClaim(str(exc)) from None
            self.hook("before_configure", post)

        return on_send

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
        """One send, with a bounded number of fresh uploads when Instagram did not take the media."""
        tries = self.settings.publish.media_retries
        while True:
            try:
                return send(publisher, post, on_send=self._on_send(post))
            except MediaRetry:
                if tries <= 0:
                    raise
                tries -= 1
                self.sleep(max(1.0, self.settings.publish.reconcile_wait_seconds))
            except TransientError as exc:
                if exc.maybe_done:
                    raise _MaybeDone(exc) from exc
                raise

    def _pause_account(self, account: str, exc: NeedsPerson, *, post_id: str, what: str) -> str:
        reason = _reason(exc)
        try:
            self.store.set_paused(
                account, True, reason=f"{what} of post {post_id}: {reason}", now=self.clock()
            )
        except StoreError as exc2:
            log.error("pause failed  account=%s -- %s", account, exc2)
        self.skip_accounts[account] = "paused"
        return reason

    def _pause(self, post: Post, exc: NeedsPerson, *, unknown: bool | None) -> PostOutcome:
        assert post.account is not None
        reason = self._pause_account(post.account, exc, post_id=post.id, what="publishing")
        text = f"{reason}; account {post.account} paused until a person acts"
        if unknown:
            return self.may_be_live(post, text)
        return self.needs_attention(post, text, unknown=unknown)

    def _login_needed(self, post: Post, exc: AuthRequired, *, unknown: bool | None) -> PostOutcome:
        assert post.account is not None
        reason = (
            f"Instagram rejected the saved session of {post.account} after one relogin ({_reason(exc)}); "
            f"run `tipqueue login {post.account}`"
        )
        # Another login attempt every minute from cron looks like an attack: stop until a person logs in.
        with contextlib.suppress(StoreError):
            self.store.set_paused(post.account, True, reason=reason, now=self.clock())
        self.skip_accounts[post.account] = "login needed"
        if unknown:
            return self.may_be_live(post, reason)
        return self.needs_attention(post, reason, unknown=unknown)

    def maybe_done(self, claim: Claim, exc: TransientError) -> PostOutcome:
        """The request may have reached Instagram: look (polling a lagging feed) before deciding."""
        post = claim.post
        assert post.account is not None
        publisher = self.publishers[post.account]
        if isinstance(exc, RateLimited):
            self.skip_accounts[post.account] = "rate limited"
        if post.media_kind is MediaKind.STORY:
            return self.may_be_live(post, f"the story was sent but its answer was lost ({_reason(exc)})")
        try:
            fresh = self.store.get_post(post.id)  # the ids recorded by mark_sending
            recovered = self.reconcile(publisher, fresh, claim.before, poll=True)
        except TipqueueError:
            # cannot look now: still unknown, the next claim reconciles first
            return self.failed(post, exc, unknown=True)
        if recovered is not None:
            return recovered
        return self.may_be_live(
            post, f"the configure request's answer was lost ({_reason(exc)}) and the post was not found"
        )


class _MaybeDone(Exception):
    """Internal: a send failed with an unknown outcome."""

    def __init__(self, exc: TransientError) -> None:
        super().__init__(str(exc))
        self.exc = exc


class _LostClaim(TipqueueError):
    """Internal: the store refused "sending" (our lease ran out or another runner took over)."""
