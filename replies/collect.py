"""Collect replies from Instagram incrementally: comments and their replies, DMs, mentions.

Each source has a scope with a stored cursor (``comments:<post id>``, ``dms:<account>``,
``mentions:<account>``). A run reads what is newer than the cursor, finds the gadgets in each new
reply, stores the replies (deduplicated by platform id) and only then moves the cursor, so a run
that stops half-way fetches the rest next time and stores nothing twice. With nothing new, the
seam makes one request per post.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING

from tipqueue.config.errors import InputError, Rejected, TransientError
from tipqueue.posts.models import GadgetMention, Post, PostStatus, Reply, ReplyKind, ReplyPage
from tipqueue.replies.context import inferred_mentions
from tipqueue.replies.gadgets import GadgetMatcher, default_matcher
from tipqueue.replies.importer import post_topics

if TYPE_CHECKING:
    from tipqueue.instagram.protocols import ReplySource
    from tipqueue.scheduler.store import Store

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class ScopeResult:
    """One source read: which, how many replies came back, how many were new, requests made."""

    scope: str
    fetched: int = 0
    added: int = 0
    requests: int = 0
    with_gadgets: int = 0
    error: str | None = None


@dataclass(frozen=True)
class CollectReport:
    scopes: tuple[ScopeResult, ...] = field(default_factory=tuple)

    @property
    def fetched(self) -> int:
        return sum(s.fetched for s in self.scopes)

    @property
    def added(self) -> int:
        return sum(s.added for s in self.scopes)

    @property
    def requests(self) -> int:
        return sum(s.requests for s in self.scopes)

    @property
    def with_gadgets(self) -> int:
        return sum(s.with_gadgets for s in self.scopes)

    @property
    def errors(self) -> tuple[ScopeResult, ...]:
        return tuple(s for s in self.scopes if s.error)


def posts_to_collect(
    store: Store, *, account: str | None = None, post_id: str | None = None, all_posts: bool = False
) -> list[Post]:
    """The published posts to read comments from: one named post, every post, or the CTA post(s)."""
    if post_id is not None:
        post = store.get_post(post_id)
        if post.status is not PostStatus.PUBLISHED or not post.media_id:
            raise InputError(
                f"post {post_id!r} is {post.status.value}, not published; collect its replies after it is published"
            )
        return [post]
    posts = store.list_posts(statuses={PostStatus.PUBLISHED})
    chosen = [
        p
        for p in posts
        if p.media_id
        and (all_posts or p.collect_replies)
        and (account is None or p.account in (None, account))
    ]
    return chosen


def collect_replies(
    store: Store,
    source: ReplySource,
    *,
    now: datetime,
    post_id: str | None = None,
    all_posts: bool = False,
    dms: bool = False,
    mentions: bool = False,
    matcher: GadgetMatcher | None = None,
    progress: Progress | None = None,
) -> CollectReport:
    """Read new replies from ``source`` into ``store``; see the module notes.

    A transient failure or a refusal (a deleted media) is recorded in the report for that scope
    and the other scopes still run; a session or challenge problem (AuthRequired, NeedsPerson)
    stops the run, keeping what was stored.
    """
    matcher = matcher or default_matcher()
    account = getattr(source, "account", None)
    posts = posts_to_collect(store, account=account, post_id=post_id, all_posts=all_posts)
    jobs: list[tuple[str, str | None, Callable[[str | None], ReplyPage]]] = []
    for post in posts:
        jobs.append((f"comments:{post.id}", post.id, _comments_of(source, post.media_id or "")))
    if dms:
        jobs.append((f"dms:{account}", None, lambda cursor: source.direct_messages(cursor=cursor)))
    if mentions:
        jobs.append((f"mentions:{account}", None, lambda cursor: source.mentions(cursor=cursor)))
    results: list[ScopeResult] = []
    for number, (scope, owner_post, fetch) in enumerate(jobs):
        if progress is not None:
            progress(number, len(jobs), scope)
        results.append(_collect_scope(store, scope, owner_post, fetch, now=now, matcher=matcher))
    if progress is not None:
        progress(len(jobs), len(jobs), "done")
    return CollectReport(tuple(results))


def _comments_of(source: ReplySource, media_id: str) -> Callable[[str | None], ReplyPage]:
    def fetch(cursor: str | None) -> ReplyPage:
        return source.comments(media_id, cursor=cursor)

    return fetch


def _collect_scope(
    store: Store,
    scope: str,
    post_id: str | None,
    fetch: Callable[[str | None], ReplyPage],
    *,
    now: datetime,
    matcher: GadgetMatcher,
) -> ScopeResult:
    cursor = store.get_cursor(scope)
    try:
        page = fetch(cursor)
    except (TransientError, Rejected) as exc:
        return ScopeResult(scope, error=str(exc))
    replies = _unstored(store, page.replies, post_id=post_id, now=now, matcher=matcher)
    added = store.add_replies(replies)
    inferred = _infer_from_thread(store, post_id, {r.platform_id for r in replies}, matcher) if added else {}
    if page.cursor != cursor:
        store.set_cursor(scope, page.cursor, now=now)
    return ScopeResult(
        scope,
        fetched=len(page.replies),
        added=added,
        requests=page.requests,
        with_gadgets=sum(1 for r in replies if r.mentions) + len(inferred),
    )


def _infer_from_thread(
    store: Store, post_id: str | None, new: set[str], matcher: GadgetMatcher
) -> dict[str, tuple[GadgetMention, ...]]:
    """Gadgets the new replies of a post mean without naming them ("mine broke after a year"),
    read against the whole stored thread: the comment answered may have come in an earlier run."""
    if post_id is None:
        return {}
    thread = store.list_replies(post_id=post_id)
    inferred = {
        pid: found
        for pid, found in inferred_mentions(thread, matcher, post_topics(store, [post_id])).items()
        if pid in new
    }
    if inferred:
        store.set_reply_mentions(inferred)
    return inferred


def _unstored(
    store: Store, replies: Sequence[Reply], *, post_id: str | None, now: datetime, matcher: GadgetMatcher
) -> list[Reply]:
    """The replies not stored yet, with their post, collection time and gadgets filled in."""
    stored = store.stored_replies_naming([r.platform_id for r in replies])
    return [
        replace(
            r, post_id=r.post_id or post_id, collected_at=r.collected_at or now, mentions=matcher.find(r.text)
        )
        for r in replies
        if r.platform_id not in stored
    ]


@dataclass(frozen=True)
class PostCheck:
    """One post's stored replies against Instagram's: what is missing, gone or edited."""

    post_id: str
    remote: int
    stored: int
    missing: tuple[str, ...] = ()  # on Instagram, not in the store (now stored)
    gone: tuple[str, ...] = ()  # in the store, no longer on Instagram (deleted or hidden)
    edited: tuple[str, ...] = ()  # stored with a different text
    requests: int = 0
    error: str | None = None


def verify_replies(
    store: Store,
    source: ReplySource,
    *,
    now: datetime,
    post_id: str | None = None,
    all_posts: bool = False,
    matcher: GadgetMatcher | None = None,
) -> tuple[PostCheck, ...]:
    """Read every comment and reply of each post again and compare them with the store.

    Replies missing from the store are stored (deduplicated: running it twice stores nothing
    the second time); nothing stored is changed or removed. Cursors are left as they are.
    """
    matcher = matcher or default_matcher()
    account = getattr(source, "account", None)
    checks: list[PostCheck] = []
    for post in posts_to_collect(store, account=account, post_id=post_id, all_posts=all_posts):
        try:
            page = source.all_comments(post.media_id or "")
        except (TransientError, Rejected) as exc:
            checks.append(PostCheck(post.id, 0, 0, error=str(exc)))
            continue
        kinds = {ReplyKind.COMMENT, ReplyKind.REPLY}
        stored = {r.platform_id: r for r in store.list_replies(post_id=post.id, kinds=kinds)}
        remote = {r.platform_id: r for r in page.replies}
        missing = [pid for pid in remote if pid not in stored]
        store.add_replies(
            _unstored(store, [remote[pid] for pid in missing], post_id=post.id, now=now, matcher=matcher)
        )
        checks.append(
            PostCheck(
                post.id,
                remote=len(remote),
                stored=len(stored),
                missing=tuple(sorted(missing)),
                gone=tuple(sorted(pid for pid in stored if pid not in remote)),
                edited=tuple(
                    sorted(pid for pid, r in remote.items() if pid in stored and stored[pid].text != r.text)
                ),
                requests=page.requests,
            )
        )
    return tuple(checks)


def reextract(store: Store, matcher: GadgetMatcher, *, post_ids: Sequence[str] | None = None) -> int:
    """Find the gadgets in every stored reply again (after the lexicon changed); returns how many."""
    replies = (
        store.list_replies()
        if post_ids is None
        else [r for p in post_ids for r in store.list_replies(post_id=p)]
    )
    found = {r.platform_id: matcher.find(r.text) for r in replies}
    # Then what the replies naming nothing mean from their context (parent, thread, post topic).
    named = [replace(r, mentions=found[r.platform_id]) for r in replies]
    found.update(inferred_mentions(named, matcher, post_topics(store, {r.post_id for r in replies})))
    store.set_reply_mentions(found)
    return len(found)
