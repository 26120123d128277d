"""Publish now and share next (as Buffer and Later offer): a queued post jumps its slot.

``publish_now`` makes the post due at this moment and hands it to the publish engine
(:func:`scheduler.publish.publish_due`, restricted to that post), so it goes through the same
store claim, reconciliation and alerts as every cron run: a post another runner is publishing
is never sent twice, and a failed post whose earlier attempt may have gone live is looked for
on Instagram before anything is sent. The account's daily cap still holds; the spacing between
posts does not (a person asked for this post now).

``share_next`` makes the post the next one out: it takes the next free slot when that comes
before every queued post of the account, else the first queued post's time, and the posts in
between each move one place later (into the next post's time, the last into the free slot), so
every slot rule, the cap and the spacing still hold. Pinned posts keep their times.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tipqueue.config.errors import ConflictError
from tipqueue.config.settings import Settings
from tipqueue.instagram.protocols import Publisher
from tipqueue.posts.models import Post, PostStatus
from tipqueue.scheduler.publish import Notify, PostOutcome, publish_due
from tipqueue.scheduler.queue import HOLDS_TIME, MOVABLE, local_time, next_free_slot
from tipqueue.scheduler.store import PostChange, Store

log = logging.getLogger("tipqueue.publish")

#: What publish now takes: posts waiting for their slot, approved ones without one, failed ones.
PUBLISHABLE_NOW = frozenset({PostStatus.SCHEDULED, PostStatus.APPROVED, PostStatus.FAILED})


@dataclass(frozen=True)
class PublishNowResult:
    """The post as it is after the attempt, and what the engine did (None: another runner had it)."""

    post: Post
    outcome: PostOutcome | None


def _refusal(post: Post, verb: str) -> str:
    hint = {
        PostStatus.DRAFT: f"approve it first: `tipqueue queue approve {post.ref}`",
        PostStatus.PUBLISHING: "it is being published right now; see `tipqueue status`",
        PostStatus.PUBLISHED: f"it is already live{f' at {post.permalink}' if post.permalink else ''}",
        PostStatus.CANCELLED: "queue its folder again with `tipqueue queue add`",
        PostStatus.NEEDS_ATTENTION: "check on Instagram that it is not live, then give it a time with "
        f"`tipqueue queue move {post.ref} --at TIME`",
    }.get(post.status, "see `tipqueue queue list --all`")
    return f"post {post.ref} is {post.status.value} and cannot be {verb}; {hint}"


def publish_now(
    store: Store,
    settings: Settings,
    ref: str,
    *,
    publishers: Mapping[str, Publisher],
    clock: Callable[[], datetime],
    runner_id: str,
    notify: Notify | None = None,
) -> PublishNowResult:
    """Publish one queued post (by id or handle) now, through the engine's claim; see the module."""
    post = store.get_post(ref)
    if post.status not in PUBLISHABLE_NOW:
        raise ConflictError(_refusal(post, "published now"))
    name, acct = settings.account(post.account)
    state = store.account_state(name)
    if state.paused:
        raise ConflictError(
            f"account {name} is paused ({state.pause_reason or 'no reason given'}); "
            f"resume it with `tipqueue queue resume {name}` first"
        )
    now = clock()
    tz = ZoneInfo(acct.timezone)
    today = now.astimezone(tz).date()
    held = store.list_posts(statuses=HOLDS_TIME, account=name, after=now - timedelta(days=2))
    today_count = sum(
        1
        for p in held
        if p.id != post.id and p.scheduled_at is not None and p.scheduled_at.astimezone(tz).date() == today
    )
    if today_count >= acct.daily_cap:
        raise ConflictError(
            f"account {name} already has {today_count} post(s) today, its daily cap ({acct.daily_cap}); "
            f"share {post.ref} next instead: `tipqueue queue share-next {post.ref}`"
        )
    was = local_time(
        post.next_attempt_at if post.status is PostStatus.FAILED else post.scheduled_at, acct.timezone
    )
    changes: dict[str, object]
    if post.status is PostStatus.FAILED:
        # stays failed: the engine looks for an earlier attempt on Instagram before sending again
        changes = {"next_attempt_at": now}
    else:
        changes = {"status": PostStatus.SCHEDULED, "scheduled_at": now, "next_attempt_at": None}
    store.update_post(
        post.id,
        now=now,
        event="publish now",
        expect={post.status},
        detail=f"publish now asked for; it was due {was}" if was else "publish now asked for",
        **changes,
    )
    report = publish_due(
        store,
        publishers,
        now=clock,
        settings=settings,
        runner_id=runner_id,
        account=name,
        post_ids=[post.id],
        notify=notify,
    )
    outcome = next((o for o in report.outcomes if o.post_id == post.id), None)
    return PublishNowResult(post=store.get_post(post.id), outcome=outcome)


@dataclass(frozen=True)
class ShareNextResult:
    post: Post
    #: the other posts that moved one place later to make room, in time order
    shifted: list[Post]


def share_next(store: Store, settings: Settings, ref: str, *, now: datetime) -> ShareNextResult:
    """Make a queued post (by id or handle) the account's next one out; see the module."""
    post = store.get_post(ref)
    if post.status not in MOVABLE:
        raise ConflictError(_refusal(post, "shared next"))
    name, _ = settings.account(post.account)
    queued = [
        p
        for p in store.list_posts(statuses={PostStatus.SCHEDULED}, account=name, after=now)
        if p.id != post.id and not p.pinned and p.scheduled_at is not None
    ]
    if (
        post.status is PostStatus.SCHEDULED
        and post.scheduled_at is not None
        and post.scheduled_at > now
        and all(p.scheduled_at is not None and p.scheduled_at > post.scheduled_at for p in queued)
    ):
        return ShareNextResult(post=post, shifted=[])  # it goes out next already
    free = next_free_slot(store, settings, name, now=now, exclude={post.id})
    times = sorted([p.scheduled_at for p in queued if p.scheduled_at is not None] + [free])
    order = [post, *queued]
    changes: list[PostChange] = []
    shifted: list[str] = []
    for item, moment in zip(order, times, strict=False):
        if item is post:
            changes.append(
                PostChange(
                    post.id,
                    "shared next",
                    {"status": PostStatus.SCHEDULED, "scheduled_at": moment, "next_attempt_at": None},
                    expect=MOVABLE,
                )
            )
        elif item.scheduled_at != moment:
            shifted.append(item.id)
            changes.append(
                PostChange(
                    item.id,
                    "made room",
                    {"scheduled_at": moment},
                    expect={PostStatus.SCHEDULED},
                    detail=f"one place later: {post.ref} goes out first",
                )
            )
    written = store.update_posts(changes, now=now)
    by_id = {p.id: p for p in written}
    return ShareNextResult(post=by_id[post.id], shifted=[by_id[i] for i in shifted])
