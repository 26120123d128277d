"""Reading what people said to an account: comments and their replies, direct messages, mentions.

The reply-collection half of :class:`instagram.client.InstagrapiAccount` (the ReplySource
methods), kept apart from publishing. ``ReplyReader`` is mixed into the account class and uses
its ``client``, request counter and ``_run`` (error mapping and relogin).

Nothing here trusts id order: real comment and reply pks are not in time order. Pages are
walked in whichever direction the answer offers (``next_min_id`` headload or ``next_max_id``),
a walk stops by creation time with an overlap window, reply threads are read through both of
their cursors, and the store drops what it already has (by platform id). docs/instagram.md
("Cursors") says when one request is proof enough that nothing changed.
"""

from __future__ import annotations

import base64
import itertools
import json
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from tipqueue.config.errors import Rejected
from tipqueue.posts.models import Reply, ReplyKind, ReplyPage

T = TypeVar("T")

_CURSOR_PREFIX = "c2."
_OLD_PREFIXES = ("c1.",)  # made by an earlier version: collect again from scratch (the store dedupes)
#: A walk goes on this far (seconds) past the newest thing already seen before it stops.
OVERLAP_SECONDS = 3600
#: direct_v2 boxes read for direct messages: name, endpoint, extra parameters.
DM_BOXES: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("primary", "direct_v2/inbox/", {}),
    ("general", "direct_v2/inbox/", {"folder": "1"}),
    ("requests", "direct_v2/pending_inbox/", {}),
)


@dataclass
class _Walk:
    """What one comment collection has seen so far."""

    top: dict[str, dict[str, Any]] = field(default_factory=dict)  # pk -> comment, page order
    threads: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # fetched this run
    before: dict[str, int] = field(default_factory=dict)  # replies known in a thread before it
    reached_end: bool = False
    next_params: dict[str, str] | None = None
    ordered: bool = True  # the unranked pages so far came newest first
    last_time: int | None = None


class ReplyReader:
    """The ReplySource methods over an instagrapi client (see docs/instagram.md, "Cursors")."""

    client: Any
    http_requests: int

    if TYPE_CHECKING:

        @property
        def user_id(self) -> str: ...

        def _run(self, action: str, call: Callable[[Any], T]) -> T: ...

    # --- comments ---

    def comments(self, media_id: str, *, cursor: str | None) -> ReplyPage:
        """Comments and replies on a media that may be new since ``cursor``.

        With the comment count unchanged and nothing on the first page created after the newest
        thing seen, that first request is all it costs. Otherwise the pages are walked until
        they are older than the newest seen (less an overlap window), reply threads are read
        for comments whose reply count grew or that show no count, and when the count grew by
        more than that explains, every page and then every thread that may hold it is read.
        What comes back may include replies already stored: store them deduplicated.
        """
        state = _decode(cursor) if cursor else None

        def call(stage: Any) -> ReplyPage:
            start = self.http_requests
            first = self._comment_page(media_id, None)
            total = int(first.get("comment_count") or 0)
            if state is not None and total == state["total"] and _newest_on(first) <= state["newest"]:
                return ReplyPage(replies=(), cursor=cursor, requests=self.http_requests - start)
            known = set(state["known"]) if state else set()
            kids: dict[str, int] = dict(state["kids"]) if state else {}
            before_total = state["total"] if state else 0
            bound = state["newest"] - OVERLAP_SECONDS if state else None
            walk = _Walk()
            self._walk(media_id, walk, first, stop_before=bound)
            self._read_threads(media_id, walk, kids, known)
            if _unexplained(walk, total, before_total, known, state is None) > 0 and not walk.reached_end:
                self._walk(media_id, walk, None, stop_before=None)
                self._read_threads(media_id, walk, kids, known)
            for pk, item in walk.top.items():
                if _unexplained(walk, total, before_total, known, state is None) <= 0:
                    break
                if pk not in walk.threads and item.get("child_comment_count") is None:
                    self._read_thread(media_id, pk, walk, kids)
            replies = _as_replies(walk)
            newest = max([state["newest"] if state else 0, _newest_on(first), *(_time(r) for r in replies)])
            known.update(walk.top)
            known.update(str(c["pk"]) for thread in walk.threads.values() for c in thread)
            new_cursor = _encode({"total": total, "newest": newest, "kids": kids, "known": sorted(known)})
            return ReplyPage(replies=tuple(replies), cursor=new_cursor, requests=self.http_requests - start)

        return self._run("collect comments", call)

    def all_comments(self, media_id: str) -> ReplyPage:
        """Every comment and reply on a media now, for a completeness check (no cursor).

        Every page; the thread of every comment with a reply count above zero or a preview
        reply; then, while the media's count says replies are still unaccounted for, the thread
        of every comment whose payload carries no count.
        """

        def call(stage: Any) -> ReplyPage:
            start = self.http_requests
            first = self._comment_page(media_id, None)
            total = int(first.get("comment_count") or 0)
            walk = _Walk()
            self._walk(media_id, walk, first, stop_before=None)
            kids: dict[str, int] = {}
            self._read_threads(media_id, walk, kids, set())
            for pk, item in walk.top.items():
                if _unexplained(walk, total, 0, set(), True) <= 0:
                    break
                if pk not in walk.threads and item.get("child_comment_count") is None:
                    self._read_thread(media_id, pk, walk, kids)
            return ReplyPage(tuple(_as_replies(walk)), None, self.http_requests - start)

        return self._run("read every comment", call)

    def _comment_page(self, media_id: str, params: Mapping[str, str] | None) -> dict[str, Any]:
        query = {"can_support_threading": "true", "permalink_enabled": "false", **(params or {})}
        answer = self.client.private_request(f"media/{media_id}/comments/", params=query)
        return answer  # type: ignore[no-any-return]

    def _walk(
        self, media_id: str, walk: _Walk, answer: dict[str, Any] | None, *, stop_before: int | None
    ) -> None:
        """Read pages into ``walk`` (from ``answer``, else from where it stopped) until the end,
        or until an unranked, time-ordered page reaches comments created before ``stop_before``."""
        if answer is None:
            if walk.reached_end or walk.next_params is None:
                return
            answer = self._comment_page(media_id, walk.next_params)
        while True:
            items = list(answer.get("comments") or [])
            for item in items:
                walk.top.setdefault(str(item["pk"]), item)
            walk.next_params = _next_page(answer)
            reached_old = False
            if not answer.get("is_ranked"):
                times = [_time(i) for i in items]
                if walk.last_time is not None:
                    times.insert(0, walk.last_time)
                if any(a < b for a, b in itertools.pairwise(times)):
                    walk.ordered = False
                if times:
                    walk.last_time = times[-1]
                reached_old = (
                    stop_before is not None and walk.ordered and bool(items) and times[-1] < stop_before
                )
            if walk.next_params is None:
                walk.reached_end = True
                return
            if reached_old:
                return
            answer = self._comment_page(media_id, walk.next_params)

    def _read_threads(self, media_id: str, walk: _Walk, kids: dict[str, int], known: set[str]) -> None:
        """Read the threads that may hold replies not seen yet."""
        for pk, item in walk.top.items():
            if pk in walk.threads:
                continue
            count = item.get("child_comment_count")
            previews = list(item.get("preview_child_comments") or [])
            if count is not None:
                needed = int(count) > kids.get(pk, 0)
            else:  # no count in this payload: a preview reply not seen before shows new replies
                needed = any(str(p["pk"]) not in known for p in previews)
            if needed:
                self._read_thread(media_id, pk, walk, kids)

    def _read_thread(self, media_id: str, pk: str, walk: _Walk, kids: dict[str, int]) -> None:
        """Every reply in one thread: its first window, then the tail and the head cursors."""
        endpoint = f"media/{media_id}/comments/{pk}/inline_child_comments/"
        found: dict[str, dict[str, Any]] = {}
        first: dict[str, Any] = self.client.private_request(endpoint, params=None)
        for direction, flag, key in (
            ("max_id", "has_more_tail_child_comments", "next_max_child_cursor"),
            ("min_id", "has_more_head_child_comments", "next_min_child_cursor"),
        ):
            answer = first
            while True:
                for child in answer.get("child_comments") or []:
                    found.setdefault(str(child["pk"]), child)
                if not answer.get(flag) or not answer.get(key):
                    break
                answer = self.client.private_request(endpoint, params={direction: str(answer[key])})
        walk.threads[pk] = list(found.values())
        walk.before[pk] = kids.get(pk, 0)
        kids[pk] = len(found)

    # --- direct messages ---

    def direct_messages(self, *, cursor: str | None) -> ReplyPage:
        """Messages from others in the inbox, the business "general" folder and message requests.

        Each box is read newest thread first, page after page (``oldest_cursor``), until a page's
        threads are older than the newest message seen in that box (less the overlap window); a
        thread whose shown messages do not reach that far is read further through its own cursor.
        """
        state = _decode(cursor) if cursor else None
        seen: dict[str, int] = dict(state["t"]) if state else {}

        def call(stage: Any) -> ReplyPage:
            start = self.http_requests
            replies: dict[str, Reply] = {}
            newest = dict(seen)
            for box, endpoint, extra in DM_BOXES:
                since = seen.get(box)
                bound = since - OVERLAP_SECONDS * 1_000_000 if since is not None else None
                for thread in self._threads(endpoint, extra, since, bound):
                    for item in self._thread_items(thread, bound):
                        stamp = int(item["timestamp"])
                        newest[box] = max(newest.get(box, 0), stamp)
                        reply = self._dm(thread, item)
                        if reply is not None and (bound is None or stamp >= bound):
                            replies.setdefault(reply.platform_id, reply)
            ordered = sorted(replies.values(), key=lambda r: (r.created_at or _EPOCH, r.platform_id))
            return ReplyPage(tuple(ordered), _encode({"t": newest}), self.http_requests - start)

        return self._run("collect direct messages", call)

    def _threads(
        self, endpoint: str, extra: Mapping[str, str], since: int | None, bound: int | None
    ) -> Iterable[dict[str, Any]]:
        """The threads with activity after ``since``; pages end once a page is older than ``bound``."""
        params: dict[str, str] = {
            "visual_message_return_type": "unseen",
            "thread_message_limit": "20",
            "persistentBadging": "true",
            "limit": "20",
            **extra,
        }
        while True:
            inbox = self.client.private_request(endpoint, params=params).get("inbox") or {}
            threads = list(inbox.get("threads") or [])
            for thread in threads:
                last = int(thread.get("last_activity_at") or 0)
                if since is None or last > since or not last:
                    yield thread
            # threads come newest activity first: the page's last one says if older pages matter
            oldest = int(threads[-1].get("last_activity_at") or 0) if threads else 0
            recent = bound is None or oldest >= bound or not oldest
            older = inbox.get("oldest_cursor")
            if not inbox.get("has_older") or not older or not recent:
                return
            params = {**params, "cursor": str(older), "direction": "older"}

    def _thread_items(self, thread: Mapping[str, Any], bound: int | None) -> list[dict[str, Any]]:
        items = list(thread.get("items") or [])
        more, older = bool(thread.get("has_older")), thread.get("oldest_cursor")
        while more and older and items and (bound is None or int(items[-1]["timestamp"]) >= bound):
            answer = self.client.private_request(
                f"direct_v2/threads/{thread['thread_id']}/",
                params={
                    "visual_message_return_type": "unseen",
                    "cursor": str(older),
                    "direction": "older",
                    "limit": "20",
                },
            )
            body = answer.get("thread") or {}
            page = list(body.get("items") or [])
            if not page:
                break
            items.extend(page)
            more, older = bool(body.get("has_older")), body.get("oldest_cursor")
        return items

    def _dm(self, thread: Mapping[str, Any], item: Mapping[str, Any]) -> Reply | None:
        sender = str(item.get("user_id"))
        if sender == self.user_id or item.get("item_type") != "text":
            return None
        names = {str(u["pk"]): u.get("username") for u in thread.get("users") or []}
        return Reply(
            platform_id=str(item["item_id"]),
            text=str(item.get("text") or ""),
            kind=ReplyKind.DM,
            parent_id=str(thread["thread_id"]),
            username=names.get(sender),
            user_id=sender,
            created_at=datetime.fromtimestamp(int(item["timestamp"]) / 1_000_000, UTC),
        )

    # --- mentions ---

    def mentions(self, *, cursor: str | None) -> ReplyPage:
        """Media of others that tag this account: the usertags feed, page after page
        (``next_max_id``), until a page is older than the newest seen less the overlap window."""
        state = _decode(cursor) if cursor else None
        since = int(state["t"]) if state else None

        def call(stage: Any) -> ReplyPage:
            start = self.http_requests
            bound = since - OVERLAP_SECONDS if since is not None else None
            replies: dict[str, Reply] = {}
            newest = since or 0
            params = {"max_id": ""}
            while True:
                answer = self.client.private_request(f"usertags/{self.user_id}/feed/", params=params)
                items = list(answer.get("items") or [])
                for item in items:
                    taken = int(item["taken_at"])
                    newest = max(newest, taken)
                    if bound is None or taken >= bound:
                        reply = _mention(item)
                        replies.setdefault(reply.platform_id, reply)
                more = answer.get("next_max_id")
                if not answer.get("more_available") or not more or not items:
                    break
                if bound is not None and int(items[-1]["taken_at"]) < bound:
                    break  # newest first: the rest is older than the overlap window
                params = {"max_id": str(more)}
            return ReplyPage(tuple(replies.values()), _encode({"t": newest}), self.http_requests - start)

        return self._run("collect mentions", call)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _next_page(answer: Mapping[str, Any]) -> dict[str, str] | None:
    """The parameters of the next comment page, in whichever direction the answer offers."""
    if answer.get("has_more_headload_comments") and answer.get("next_min_id"):
        return {"min_id": str(answer["next_min_id"])}
    if answer.get("has_more_comments") and answer.get("next_max_id"):
        return {"max_id": str(answer["next_max_id"])}
    return None


def _time(item: Mapping[str, Any] | Reply) -> int:
    if isinstance(item, Reply):
        return int(item.created_at.timestamp()) if item.created_at else 0
    stamp = item.get("created_at_utc") or item.get("created_at")
    return int(stamp) if stamp is not None else 0


def _newest_on(page: Mapping[str, Any]) -> int:
    """The newest creation time on a comment page, preview replies included."""
    times = [0]
    for item in page.get("comments") or []:
        times.append(_time(item))
        times.extend(_time(p) for p in item.get("preview_child_comments") or [])
    return max(times)


def _unexplained(walk: _Walk, total: int, before: int, known: set[str], first_time: bool) -> int:
    """How much of the count's growth the comments and replies read so far do not explain."""
    replies = sum(len(t) for t in walk.threads.values())
    if first_time:  # everything must be accounted for
        return total - len(walk.top) - replies
    fresh_top = sum(1 for pk in walk.top if pk not in known)
    fresh_replies = sum(max(0, len(t) - walk.before.get(pk, 0)) for pk, t in walk.threads.items())
    return total - before - fresh_top - fresh_replies


def _as_replies(walk: _Walk) -> list[Reply]:
    out: dict[str, Reply] = {}
    for pk, item in walk.top.items():
        out.setdefault(pk, _reply(item, ReplyKind.COMMENT, None))
        for child in walk.threads.get(pk, []):
            out.setdefault(str(child["pk"]), _reply(child, ReplyKind.REPLY, pk))
    return sorted(out.values(), key=lambda r: (r.created_at or _EPOCH, r.platform_id))


def _mention(item: Mapping[str, Any]) -> Reply:
    user = item.get("user") or {}
    return Reply(
        platform_id=str(item.get("id") or item["pk"]),
        text=str((item.get("caption") or {}).get("text") or ""),
        kind=ReplyKind.MENTION,
        username=user.get("username"),
        user_id=str(user.get("pk")) if user.get("pk") is not None else None,
        created_at=datetime.fromtimestamp(int(item["taken_at"]), UTC),
    )


def _reply(item: Mapping[str, Any], kind: ReplyKind, parent: str | None) -> Reply:
    user = item.get("user") or {}
    stamp = item.get("created_at_utc") or item.get("created_at")
    return Reply(
        platform_id=str(item["pk"]),
        text=str(item.get("text") or ""),
        kind=kind,
        parent_id=parent,
        username=user.get("username"),
        user_id=str(user.get("pk")) if user.get("pk") is not None else None,
        created_at=datetime.fromtimestamp(int(stamp), UTC) if stamp is not None else None,
    )


def _encode(state: Mapping[str, Any]) -> str:
    raw = json.dumps(state, separators=(",", ":"), sort_keys=True).encode()
    return _CURSOR_PREFIX + base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode().rstrip("=")


def _decode(cursor: str) -> dict[str, Any] | None:
    """The state in a cursor; None for one an earlier version made (collect from scratch)."""
    if cursor.startswith(_OLD_PREFIXES):
        return None
    if not cursor.startswith(_CURSOR_PREFIX):
        raise Rejected(
            f"cursor {cursor[:20]!r} was not made by this version of tipqueue; collect from scratch"
        )
    body = cursor[len(_CURSOR_PREFIX) :]
    try:
        value = json.loads(zlib.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))))
    except (ValueError, zlib.error):
        raise Rejected(f"cursor {cursor[:20]!r} is damaged; collect from scratch") from None
    if not isinstance(value, dict):
        raise Rejected(f"cursor {cursor[:20]!r} is damaged; collect from scratch")
    return value
