"""The queue as staff use it: add post folders into slots, list, move, swap, shuffle, approve,
cancel, pause, import and export, and a status summary.

Every function takes ``now`` (the CLI passes the real clock), checks everything first and then
writes in one store transaction, so bad input changes nothing. Every change lands in the posts'
history (``Store.history``); pausing and resuming an account is recorded as an alert.
"""

from __future__ import annotations

import random
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from tipqueue.config.errors import ConflictError, InputError
from tipqueue.config.settings import AccountSettings, Settings
from tipqueue.posts.folder import read_posts
from tipqueue.posts.models import (
    EDITABLE_STATUSES,
    AccountState,
    Post,
    PostStatus,
)
from tipqueue.scheduler.notices import Notice, open_notices
from tipqueue.scheduler.paging import Key, Page, page_posts
from tipqueue.scheduler.preflight import preflight, preflight_all
from tipqueue.scheduler.slots import check_pinned_time, next_free_slots
from tipqueue.scheduler.store import OPEN_STATUSES as OPEN_STATUSES  # what `queue list` shows without --all
from tipqueue.scheduler.store import PostChange, Store
from tipqueue.scheduler.times import parse_at

#: Posts that hold a time on the account (count for the daily cap and the spacing).
HOLDS_TIME = frozenset({PostStatus.SCHEDULED, PostStatus.PUBLISHING, PostStatus.FAILED, PostStatus.PUBLISHED})
CANCELLABLE = EDITABLE_STATUSES | {PostStatus.NEEDS_ATTENTION}
MOVABLE = frozenset(
    {
        PostStatus.APPROVED,
        PostStatus.SCHEDULED,
        PostStatus.FAILED,
        PostStatus.NEEDS_ATTENTION,
        PostStatus.NEEDS_APPROVAL,
        PostStatus.EXPIRED,
    }
)
EXPORT_FORMAT = 1


def open_store(settings: Settings, *, now: datetime) -> Store:
    """Open the workspace's store (migrating it) and record the configured accounts in it."""
    store = Store.open(settings.db_url)
    try:
        sync_accounts(store, settings, now=now)
    except BaseException:
        store.close()
        raise
    return store


def sync_accounts(store: Store, settings: Settings, *, now: datetime) -> None:
    """Make the store's accounts match the settings: one read, and a write only for an account
    that is new or changed (status and the dashboard no longer take the write lock, or make a
    transaction per account, on every start)."""
    known = {s.name: (s.username, s.timezone) for s in store.list_accounts()}
    for name, acct in settings.accounts.items():
        if known.get(name) != (acct.username, acct.timezone):
            store.ensure_account(name, username=acct.username, timezone=acct.timezone, now=now)


# --- time input: scheduler.times reads every time a person types ---


def local_time(instant: datetime | None, zone: str) -> str:
    if instant is None:
        return ""
    return instant.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M %Z")


# --- helpers ---


def _account_of(settings: Settings, name: str | None) -> tuple[str, AccountSettings]:
    return settings.account(name)


def _occupied(store: Store, account: str, *, now: datetime, exclude: Collection[str] = ()) -> list[datetime]:
    """Times already taken on the account from a day before ``now`` on."""
    posts = store.list_posts(statuses=HOLDS_TIME, account=account, after=now - timedelta(days=2))
    return [p.scheduled_at for p in posts if p.scheduled_at is not None and p.id not in exclude]


def _fill(
    store: Store,
    settings: Settings,
    account: str,
    count: int,
    *,
    now: datetime,
    exclude: Collection[str] = (),
    extra: Sequence[datetime] = (),
) -> list[datetime]:
    _, acct = settings.account(account)
    return next_free_slots(
        acct.slots,
        acct.timezone,
        after=now,
        count=count,
        occupied=[*_occupied(store, account, now=now, exclude=exclude), *extra],
        daily_cap=acct.daily_cap,
        min_spacing=timedelta(minutes=acct.min_spacing_minutes),
    )


def next_free_slot(
    store: Store, settings: Settings, account: str, *, now: datetime, exclude: Collection[str] = ()
) -> datetime:
    """The account's next free slot after ``now`` (the posts in ``exclude`` give up their times)."""
    return _fill(store, settings, account, 1, now=now, exclude=exclude)[0]


def _check_pin(
    store: Store,
    settings: Settings,
    account: str,
    at: datetime,
    *,
    now: datetime,
    exclude: Collection[str] = (),
    extra: Sequence[datetime] = (),
) -> None:
    _, acct = settings.account(account)
    check_pinned_time(
        at,
        acct.timezone,
        occupied=[*_occupied(store, account, now=now, exclude=exclude), *extra],
        daily_cap=acct.daily_cap,
        min_spacing=timedelta(minutes=acct.min_spacing_minutes),
    )


def _unique(ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(ids))


# --- adding ---


@dataclass(frozen=True)
class AddResult:
    added: list[Post]
    skipped: list[Post] = field(default_factory=list)  # not approved (and --approve not given)
    already_queued: list[Post] = field(default_factory=list)  # stored by an earlier `queue add`
    #: queued posts whose post.json now says something else: (post as queued, fields that differ)
    differs: list[tuple[Post, list[str]]] = field(default_factory=list)
    #: queued posts brought in line with their post.json (``update=True``)
    updated: list[Post] = field(default_factory=list)


#: What `queue add --update` carries from post.json to a queued post (through edit_post).
_TEXT_FIELDS = ("caption", "hashtags", "alt_text", "first_comment")


def _differences(folder_post: Post, queued: Post) -> list[str]:
    """The staff-edited fields where post.json and the queued copy disagree."""
    fields = [k for k in _TEXT_FIELDS if getattr(folder_post, k) != getattr(queued, k)]
    slide_alts = [s.alt_text for s in folder_post.slides] != [s.alt_text for s in queued.slides]
    if slide_alts and "alt_text" not in fields:
        fields.append("alt_text")
    return fields


def add_folders(
    store: Store,
    settings: Settings,
    dirs: Sequence[Path],
    *,
    now: datetime,
    approve: bool = False,
    account: str | None = None,
    at: str | None = None,
    update: bool = False,
) -> AddResult:
    """Queue the approved posts of series or post folders into the next free slots.

    Drafts are skipped (reported) unless ``approve``. ``at`` pins a single post to a time.
    Posts already in the store are left as they are (reported), so adding a series again after
    approving more of it queues just the new ones; pinning one of them is refused (use move).
    A queued post whose post.json now has another caption, hashtags, alt text or first comment
    is reported in ``differs``; with ``update`` those fields are applied to it (as `queue edit`
    would, with the same checks) while it is not yet published.
    """
    if account is not None:
        _account_of(settings, account)  # an unknown account is an error even if nothing is new
    posts = read_posts(dirs)
    stored = store.stored_ids([p.id for p in posts]) if at is None else set()
    already = [p for p in posts if p.id in stored]
    fresh = [p for p in posts if p.id not in stored]
    differs: list[tuple[Post, list[str]]] = []
    updated: list[Post] = []
    if already:
        queued = {q.id: q for q in store.get_posts([p.id for p in already])}
        for post in already:
            fields = _differences(post, queued[post.id])
            if not fields:
                continue
            if update and queued[post.id].status in EDITABLE_STATUSES:
                alt: str | list[str] = (
                    [s.alt_text or post.alt_text for s in post.slides] if post.slides else post.alt_text
                )
                updated.append(
                    edit_post(
                        store,
                        settings,
                        post.id,
                        now=now,
                        caption=post.caption,
                        hashtags=list(post.hashtags),
                        alt_text=alt,
                        first_comment=post.first_comment or "",
                    )
                )
            else:
                differs.append((queued[post.id], fields))
    chosen = [p for p in fresh if approve or p.status is PostStatus.APPROVED]
    skipped = [p for p in fresh if p not in chosen]
    if not chosen and already:
        return AddResult(added=[], skipped=skipped, already_queued=already, differs=differs, updated=updated)
    if not chosen:
        raise InputError(
            f'none of the {len(posts)} post(s) is approved; set "approved": true in their post.json '
            "or pass --approve"
        )
    if at is not None and len(chosen) != 1:
        raise InputError(
            f"--at pins one post but {len(chosen)} were given; give one post folder, or leave out --at to fill slots"
        )
    preflight_all(chosen, hashtag_limit=settings.hashtag_limit)
    by_account: dict[str, list[Post]] = {}
    for post in chosen:
        name, _ = _account_of(settings, account or post.account)
        by_account.setdefault(name, []).append(post)
    sync_accounts(store, settings, now=now)
    ready: list[Post] = []
    for name, group in by_account.items():
        _, acct = settings.account(name)
        if at is not None:
            moment = parse_at(at, acct.timezone, now=now)
            _check_pin(store, settings, name, moment, now=now)
            times = [moment]
        else:
            times = _fill(store, settings, name, len(group), now=now)
        for post, moment in zip(group, times, strict=True):
            ready.append(
                replace(
                    post,
                    account=name,
                    status=PostStatus.SCHEDULED,
                    scheduled_at=moment,
                    pinned=at is not None,
                )
            )
    added = store.add_posts(ready, now=now)
    return AddResult(added=added, skipped=skipped, already_queued=already, differs=differs, updated=updated)


# --- listing and editing ---


def list_queue(store: Store, *, include_all: bool = False, account: str | None = None) -> list[Post]:
    """The whole queue (every post with --all); for a page of it use :func:`queue_page`."""
    return store.list_posts(statuses=None if include_all else OPEN_STATUSES, account=account)


def queue_page(
    store: Store,
    *,
    include_all: bool = False,
    account: str | None = None,
    limit: int = 100,
    start: str | Key | None = None,
) -> Page:
    """One page of the queue in time order: ``limit`` posts from ``start`` on.

    ``start`` is the post (id or handle) the page begins with, as the previous page named it,
    or a cursor key; the page is read with an index seek, so every page costs the same.
    """
    key = Key.of(store.get_post(start)) if isinstance(start, str) else start
    return page_posts(
        store, statuses=None if include_all else OPEN_STATUSES, account=account, limit=limit, start=key
    )


def move(store: Store, settings: Settings, post_id: str, at: str, *, now: datetime) -> Post:
    """Pin a post to a new time (scheduled again if it had failed or needed attention)."""
    post = store.get_post(post_id)
    if post.status not in MOVABLE:
        raise ConflictError(_state_message(post, "moved"))
    name, acct = _account_of(settings, post.account)
    moment = parse_at(at, acct.timezone, now=now)
    _check_pin(store, settings, name, moment, now=now, exclude={post.id})
    return store.update_post(
        post.id,
        now=now,
        event="moved",
        expect=MOVABLE,
        status=PostStatus.SCHEDULED,
        scheduled_at=moment,
        next_attempt_at=None,
        pinned=True,
    )


def confirm_live(store: Store, post_id: str, *, url: str | None, now: datetime) -> Post:
    """A person found the post on the profile: record it as published (with its link if given)."""
    post = store.get_post(post_id)
    if post.status not in (PostStatus.NEEDS_ATTENTION, PostStatus.FAILED, PostStatus.SCHEDULED):
        raise ConflictError(_state_message(post, "confirmed live"))
    code = None
    if url is not None:
        match = re.search(r"instagram\.com/(?:p|reel)/([A-Za-z0-9_-]+)", url)
        if match is None:
            raise InputError(
                f"--url {url!r} is not a post link; copy it from the post, e.g. https://www.instagram.com/p/CODE/"
            )
        code = match.group(1)
    return store.record_live(
        post_id,
        runner=None,
        media_id="",
        permalink=f"https://www.instagram.com/p/{code}/" if code else None,
        published_at=now,
        now=now,
        detail="a person confirmed it is live on the profile",
    )


def resend(store: Store, settings: Settings, post_id: str, *, at: str | None, now: datetime) -> Post:
    """A person checked the profile: the post is NOT live, send it again (at ``at``, default now)."""
    post = store.get_post(post_id)
    if post.status not in (PostStatus.NEEDS_ATTENTION, PostStatus.FAILED, PostStatus.SCHEDULED):
        raise ConflictError(_state_message(post, "sent again"))
    _, acct = _account_of(settings, post.account)
    moment = parse_at(at, acct.timezone, now=now) if at else now
    return store.authorise_resend(post_id, at=moment, now=now, by="a person")


def _state_message(post: Post, verb: str) -> str:
    hint = {
        PostStatus.DRAFT: "approve it first with `tipqueue queue approve`",
        PostStatus.PUBLISHING: "it is being published right now; wait and check `tipqueue status`",
        PostStatus.PUBLISHED: "it is already live",
        PostStatus.CANCELLED: "queue its folder again with `tipqueue queue add`",
    }.get(post.status, "see `tipqueue queue list --all`")
    return f"post {post.id} is {post.status.value} and cannot be {verb}; {hint}"


_TAG = re.compile(r"\w+")


def split_hashtags(text: str) -> list[str]:
    """Tags typed by a person ('skincare, #spf dermatology') as a list for :func:`edit_post`."""
    return [tag for tag in re.split(r"[\s,]+", text) if tag]


def _clean_hashtags(tags: Sequence[str]) -> tuple[str, ...]:
    """Tags as stored: without '#', each once (first spelling kept); a tag that is not one word is refused."""
    if isinstance(tags, str):
        raise InputError(f"hashtags must be a list of tags, not the text {tags!r}; e.g. ['skincare', 'spf']")
    cleaned: dict[str, str] = {}
    for raw in tags:
        tag = str(raw).strip().lstrip("#").strip()
        if not tag:
            continue
        if not _TAG.fullmatch(tag):
            raise InputError(
                f"hashtag {str(raw)!r} is not one word; Instagram ends a tag at a space or punctuation, "
                "so write it as letters, digits and _ only"
            )
        cleaned.setdefault(tag.casefold(), tag)
    return tuple(cleaned.values())


def _clean_alt_text(post: Post, alt_text: str | Sequence[str]) -> dict[str, Any]:
    """The changes an alt-text edit makes: one text for the post and every image, or one per slide."""
    if isinstance(alt_text, str):
        text = alt_text.strip()
        return {
            "alt_text": text,
            "slides": tuple(replace(s, alt_text=text) for s in post.slides),
        }
    texts = [str(t).strip() for t in alt_text]
    if len(texts) != len(post.slides):
        raise InputError(
            f"post {post.id} has {len(post.slides)} image(s) but {len(texts)} alt texts were given; "
            "give one per image, or one text for all"
        )
    return {
        "alt_text": texts[0] if texts else post.alt_text,
        "slides": tuple(replace(s, alt_text=t) for s, t in zip(post.slides, texts, strict=True)),
    }


#: The cleaning :func:`edit_post` applies, for other editors of a post's text (drafts).


def edited_values(
    post: Post,
    what: str,
    *,
    caption: str | None,
    hashtags: Sequence[str] | None,
    alt_text: str | Sequence[str] | None,
    first_comment: str | None,
) -> dict[str, Any]:
    """The fields of ``post`` an edit changes, cleaned and checked the same way for a queued post
    and a draft (``what`` names it in errors); only the values that differ from the post's."""
    values: dict[str, Any] = {}
    if caption is not None:
        text = caption.replace("\r\n", "\n").replace("\r", "\n").strip()
        if not text:
            raise InputError(f"the caption of {what} would be empty; write the text that goes under the card")
        values["caption"] = text
    if hashtags is not None:
        values["hashtags"] = _clean_hashtags(hashtags)
    if alt_text is not None:
        values.update(_clean_alt_text(post, alt_text))
    if first_comment is not None:
        values["first_comment"] = first_comment.replace("\r\n", "\n").strip() or None
    return {k: v for k, v in values.items() if getattr(post, k) != v}


def edit_post(
    store: Store,
    settings: Settings,
    post_id: str,
    *,
    now: datetime,
    caption: str | None = None,
    hashtags: Sequence[str] | None = None,
    alt_text: str | Sequence[str] | None = None,
    first_comment: str | None = None,
) -> Post:
    """Change what staff may edit of a post that is not yet published; None leaves a field alone.

    ``caption``: the text published under the card (line endings normalised, trimmed; not empty).
    ``hashtags``: the post's tags (with or without '#'; an empty list removes them).
    ``alt_text``: one text for the post and every image, or a list with one per image.
    ``first_comment``: the comment posted right after; an empty text removes it.

    The edited post passes the same pre-flight checks as queueing (caption length, hashtag and
    mention limits, alt text length) before one guarded store update, which also refuses a post
    that has left the editable statuses meanwhile; the history records which fields changed. On
    any error nothing is changed. Fields given but equal to what is stored are not rewritten;
    when nothing differs the post is returned as it is, with no history entry.
    """
    if caption is None and hashtags is None and alt_text is None and first_comment is None:
        raise InputError(
            f"nothing to change on post {post_id}; give a caption, hashtags, alt text or a first comment"
        )
    post = store.get_post(post_id)
    if post.status not in EDITABLE_STATUSES:
        raise ConflictError(_state_message(post, "edited"))
    changed = edited_values(
        post,
        f"post {post_id}",
        caption=caption,
        hashtags=hashtags,
        alt_text=alt_text,
        first_comment=first_comment,
    )
    if not changed:
        return post
    preflight(replace(post, **changed), hashtag_limit=settings.hashtag_limit, check_media=False, fix_in=None)
    return store.update_post(post.id, now=now, event="edited", expect=EDITABLE_STATUSES, **changed)


def swap(store: Store, settings: Settings, first: str, second: str, *, now: datetime) -> tuple[Post, Post]:
    """Exchange the times (and pins) of two scheduled posts of the same account."""
    a, b = store.get_posts([first, second])
    if a.id == b.id:
        raise InputError(
            f"give two different posts to swap, not {first!r} and {second!r}: they are the same post"
        )
    for post in (a, b):
        if post.status is not PostStatus.SCHEDULED:
            raise ConflictError(
                _state_message(post, "swapped")
                if post.status not in MOVABLE
                else f"post {post.id} is {post.status.value}, not scheduled; move it with --at instead"
            )
    if a.account != b.account:
        raise InputError(f"posts {a.id} and {b.id} are for different accounts; swap posts of one account")
    expect = {PostStatus.SCHEDULED}
    done = store.update_posts(
        [
            PostChange(
                a.id,
                "swapped",
                {"scheduled_at": b.scheduled_at, "pinned": b.pinned},
                expect=expect,
                detail=f"took the time of {b.id}",
            ),
            PostChange(
                b.id,
                "swapped",
                {"scheduled_at": a.scheduled_at, "pinned": a.pinned},
                expect=expect,
                detail=f"took the time of {a.id}",
            ),
        ],
        now=now,
    )
    return done[0], done[1]


def shuffle(
    store: Store,
    settings: Settings,
    *,
    now: datetime,
    account: str | None = None,
    rng: random.Random | None = None,
) -> list[Post]:
    """Shuffle which post goes in which slot, among the account's future unpinned scheduled posts."""
    name, _ = _account_of(settings, account)
    posts = [
        p for p in store.list_posts(statuses={PostStatus.SCHEDULED}, account=name, after=now) if not p.pinned
    ]
    if len(posts) < 2:
        raise InputError(f"account {name} has {len(posts)} unpinned scheduled post(s); nothing to shuffle")
    times = [p.scheduled_at for p in posts]
    order = list(range(len(posts)))
    (rng or random.Random()).shuffle(order)
    if order == sorted(order):
        order = order[1:] + order[:1]  # a shuffle that changes nothing would look broken
    changes = [
        PostChange(post.id, "shuffled", {"scheduled_at": times[j]}, expect={PostStatus.SCHEDULED})
        for post, j in zip(posts, order, strict=True)
    ]
    return store.update_posts(changes, now=now)


def approve(store: Store, settings: Settings, ids: Sequence[str], *, now: datetime) -> list[Post]:
    """Approve drafts (or approved-but-unscheduled posts) and put them into the next free slots."""
    posts = store.get_posts(_unique(ids))
    for post in posts:
        if post.status not in (PostStatus.DRAFT, PostStatus.APPROVED):
            raise ConflictError(f"post {post.id} is already {post.status.value}; only drafts can be approved")
    preflight_all(posts, hashtag_limit=settings.hashtag_limit)
    changes: list[PostChange] = []
    by_account: dict[str, list[Post]] = {}
    for post in posts:
        name, _ = _account_of(settings, post.account)
        by_account.setdefault(name, []).append(post)
    sync_accounts(store, settings, now=now)
    for name, group in by_account.items():
        future = [p.scheduled_at for p in group if p.scheduled_at is not None and p.scheduled_at > now]
        need = [p for p in group if p.scheduled_at is None or p.scheduled_at <= now]
        times = _fill(store, settings, name, len(need), now=now, extra=future)
        slot_of = {p.id: t for p, t in zip(need, times, strict=True)}
        for post in group:
            changes.append(
                PostChange(
                    post.id,
                    "approved",
                    {
                        "status": PostStatus.SCHEDULED,
                        "account": name,
                        "scheduled_at": slot_of.get(post.id, post.scheduled_at),
                    },
                    expect={PostStatus.DRAFT, PostStatus.APPROVED},
                )
            )
    return store.update_posts(changes, now=now)


def cancel(store: Store, ids: Sequence[str], *, now: datetime) -> list[Post]:
    """Cancel posts that are not yet being published (all or none)."""
    posts = store.get_posts(_unique(ids))
    for post in posts:
        if post.status not in CANCELLABLE:
            raise ConflictError(_state_message(post, "cancelled"))
    return store.update_posts(
        [PostChange(p.id, "cancelled", {"status": PostStatus.CANCELLED}, expect=CANCELLABLE) for p in posts],
        now=now,
    )


def set_paused(
    store: Store,
    settings: Settings,
    account: str | None,
    paused: bool,
    *,
    now: datetime,
    reason: str | None = None,
) -> AccountState:
    name, _ = _account_of(settings, account)
    sync_accounts(store, settings, now=now)
    store.set_paused(name, paused, reason=(reason or "paused by hand") if paused else None, now=now)
    return store.account_state(name)


# --- records (the export's and the JSON output's shape) ---


def post_record(post: Post, settings: Settings | None = None) -> dict[str, Any]:
    """A post as one export record (JSON types)."""
    zone = "UTC"
    if settings is not None and post.account in settings.accounts:
        zone = settings.accounts[post.account].timezone
    return {
        "id": post.id,
        "handle": post.handle or None,
        "account": post.account,
        "status": post.status.value,
        "scheduled_at": post.scheduled_at.isoformat() if post.scheduled_at else None,
        "local_time": local_time(post.scheduled_at, zone) or None,
        "pinned": post.pinned,
        "kind": post.kind.value,
        "series_label": post.series_label,
        "media_kind": post.media_kind.value,
        "caption": post.caption,
        "hashtags": list(post.hashtags),
        "alt_text": post.alt_text,
        "first_comment": post.first_comment,
        "quote": post.quote,
        "slides": [
            {"text": s.text, "alt_text": s.alt_text, "image": str(s.image) if s.image else None}
            for s in post.slides
        ],
        "article_slug": post.article_slug,
        "position": post.position,
        "collect_replies": post.collect_replies,
        "source_dir": str(post.source_dir) if post.source_dir else None,
        "attempts": post.attempts,
        "last_error": post.last_error,
        "media_id": post.media_id,
        "permalink": post.permalink,
        "published_at": post.published_at.isoformat() if post.published_at else None,
    }


# --- status ---


@dataclass(frozen=True)
class AccountStatus:
    state: AccountState
    counts: dict[str, int]
    next_post: Post | None
    #: posts holding a time today in the account's zone (published, due or still to come): what
    #: the daily cap counts
    posts_today: int
    daily_cap: int
    #: of those, the ones already live
    published_today: int = 0

    @property
    def today_text(self) -> str:
        """'today: 2 published, 1 scheduled (cap 4)': what the day's count is made of."""
        waiting = self.posts_today - self.published_today
        return f"today: {self.published_today} published, {waiting} scheduled (cap {self.daily_cap})"


@dataclass(frozen=True)
class StatusSummary:
    now: datetime
    next_posts: list[Post]
    due_now: int
    failures: list[Post]
    needs_attention: list[Post]
    publishing: list[Post]
    alerts: list[Notice]
    accounts: list[AccountStatus]

    def to_json(self, settings: Settings | None = None) -> dict[str, Any]:
        return {
            "now": self.now.astimezone(UTC).isoformat(),
            "due_now": self.due_now,
            "next_posts": [post_record(p, settings) for p in self.next_posts],
            "failures": [post_record(p, settings) for p in self.failures],
            "needs_attention": [post_record(p, settings) for p in self.needs_attention],
            "publishing": [
                {
                    "id": p.id,
                    "account": p.account,
                    "holder": p.claimed_by,
                    "claimed_at": p.claimed_at.isoformat() if p.claimed_at else None,
                    "lease_expires_at": p.lease_expires_at.isoformat() if p.lease_expires_at else None,
                    "outcome_unknown": p.outcome_unknown,
                }
                for p in self.publishing
            ],
            "alerts": [
                {
                    "number": n.alert.id,
                    "at": n.alert.at.isoformat(),
                    "level": n.alert.level,
                    "message": n.alert.message,
                    "account": n.alert.account,
                    "post_id": n.alert.post_id,
                    "post": n.handle,
                    "since": n.since,
                    "resolved": n.resolved,
                }
                for n in self.alerts
            ],
            "accounts": [
                {
                    "name": s.state.name,
                    "username": s.state.username,
                    "timezone": s.state.timezone,
                    "paused": s.state.paused,
                    "pause_reason": s.state.pause_reason,
                    "paused_at": s.state.paused_at.isoformat() if s.state.paused_at else None,
                    "counts": s.counts,
                    "next_post": s.next_post.id if s.next_post else None,
                    "next_at": s.next_post.scheduled_at.isoformat()
                    if s.next_post and s.next_post.scheduled_at
                    else None,
                    "posts_today": s.posts_today,
                    "published_today": s.published_today,
                    "scheduled_today": s.posts_today - s.published_today,
                    "daily_cap": s.daily_cap,
                }
                for s in self.accounts
            ],
        }


def status_summary(store: Store, settings: Settings, *, now: datetime, next_count: int = 5) -> StatusSummary:
    sync_accounts(store, settings, now=now)
    with store.snapshot():  # one read transaction: the figures agree with each other
        return _summary(store, settings, now=now, next_count=next_count)


def _summary(store: Store, settings: Settings, *, now: datetime, next_count: int) -> StatusSummary:
    states = store.list_accounts()
    counts = store.count_posts_per_account()
    # each account's day in its own zone (23 or 25 hours on a daylight-saving change): one
    # indexed count for all the accounts that share a zone
    today_counts: dict[str, dict[PostStatus, int]] = {}
    for zone_name in sorted({s.timezone for s in states}):
        tz = ZoneInfo(zone_name)
        today = now.astimezone(tz).date()
        midnight = datetime.combine(today, time.min, tz)
        tomorrow = datetime.combine(today + timedelta(days=1), time.min, tz)
        names = [s.name for s in states if s.timezone == zone_name]
        today_counts |= store.count_windows(names, since=midnight, until=tomorrow, statuses=HOLDS_TIME)
    upcoming = store.next_scheduled([s.name for s in states], after=now)
    accounts: list[AccountStatus] = []
    for state in states:
        day = today_counts.get(state.name, {})
        cap = settings.accounts[state.name].daily_cap if state.name in settings.accounts else 0
        accounts.append(
            AccountStatus(
                state=state,
                counts={k.value: v for k, v in counts.get(state.name, {}).items()},
                next_post=upcoming.get(state.name),
                posts_today=sum(day.values()),
                daily_cap=cap,
                published_today=day.get(PostStatus.PUBLISHED, 0),
            )
        )
    return StatusSummary(
        now=now,
        next_posts=store.list_posts(statuses={PostStatus.SCHEDULED}, after=now, limit=next_count),
        due_now=store.count_due(now, limit=1000),
        failures=store.list_posts(statuses={PostStatus.FAILED}, limit=20),
        needs_attention=store.list_posts(statuses={PostStatus.NEEDS_ATTENTION}, limit=20),
        publishing=store.list_posts(statuses={PostStatus.PUBLISHING}, limit=20),
        alerts=open_notices(store, settings, limit=10),
        accounts=accounts,
    )
