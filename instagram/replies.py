"""Reading what people said to an account: comments and their replies, direct messages, mentions.

The reply-collection half of :class:`instagram.client.InstagrapiAccount` (the ReplySource
methods), kept apart from publishing. ``ReplyReader`` is mixed into the account class and uses
its ``client``, request counter and ``_run`` (error mapping and relogin).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from tipqueue.config.errors import Rejected
from tipqueue.posts.models import Reply, ReplyKind, ReplyPage

T = TypeVar("T")

_CURSOR_PREFIX = "c1."


class ReplyReader:
    """The ReplySource methods over an instagrapi client (see docs/instagram.md, "Cursors")."""

    client: Any
    http_requests: int

    if TYPE_CHECKING:

        @property
        def user_id(self) -> str: ...

        def _run(self, action: str, call: Callable[[Any], T]) -> T: ...

    def comments(self, media_id: str, *, cursor: str | None) -> ReplyPage:
        """Comments and child replies newer than ``cursor`` (see docs/instagram.md, "Cursors").

        The cursor remembers the media's total comment count (replies included), the newest
        top-level comment pk, and for each comment with replies its reply count and newest reply
        pk. One request reads the first (newest) page; if the total and the newest pk are both
        unchanged, nothing is new and that was the only request. Otherwise it pages back until it
        reaches known comments, and, only when the total grew by more than the new top-level
        comments explain, through every page to find old comments with new replies; replies are
        fetched only for comments whose reply count grew.
        """
        state = _decode(cursor) if cursor else None
        known_top = int(state["top"]) if state else 0
        known_total = int(state["total"]) if state else -1
        known_kids: dict[str, list[int]] = dict(state["kids"]) if state else {}

        def call(stage: Any) -> ReplyPage:
            start = self.http_requests
            endpoint = f"media/{media_id}/comments/"
            params = {"can_support_threading": "true", "permalink_enabled": "false"}
            answer = self.client.private_request(endpoint, params=params)
            total = int(answer.get("comment_count") or 0)
            page = list(answer.get("comments") or [])
            newest = max((int(c["pk"]) for c in page), default=0)
            if state is not None and total == known_total and newest <= known_top:
                return ReplyPage(replies=(), cursor=cursor, requests=self.http_requests - start)
            parents: list[dict[str, Any]] = []
            explained = 0
            while True:
                reached_known = False
                for item in page:
                    parents.append(item)
                    count = int(item.get("child_comment_count") or 0)
                    if int(item["pk"]) > known_top:
                        explained += 1 + count
                    else:
                        reached_known = True
                        explained += max(0, count - known_kids.get(str(item["pk"]), [0, 0])[0])
                missing = state is None or total - known_total > explained
                more = bool(answer.get("has_more_comments")) and bool(answer.get("next_max_id"))
                if not more or (reached_known and not missing):
                    break
                answer = self.client.private_request(
                    endpoint, params={**params, "max_id": str(answer["next_max_id"])}
                )
                page = list(answer.get("comments") or [])
            replies: list[Reply] = []
            kids_out = dict(known_kids)
            for item in parents:
                pk = str(item["pk"])
                if int(pk) > known_top:
                    replies.append(_reply(item, ReplyKind.COMMENT, None))
                count = int(item.get("child_comment_count") or 0)
                seen_count, seen_last = known_kids.get(pk, [0, 0])
                if count > seen_count:
                    children = self._child_comments(media_id, pk)
                    fresh = [c for c in children if int(c["pk"]) > seen_last]
                    replies.extend(_reply(c, ReplyKind.REPLY, pk) for c in fresh)
                    last = max([seen_last, *(int(c["pk"]) for c in children)])
                    kids_out[pk] = [count, last]
            top = max([known_top, newest, *(int(p["pk"]) for p in parents)])
            new_cursor = _encode({"top": top, "total": total, "kids": kids_out})
            replies.sort(key=lambda r: (r.created_at or datetime.min.replace(tzinfo=UTC), r.platform_id))
            return ReplyPage(replies=tuple(replies), cursor=new_cursor, requests=self.http_requests - start)

        return self._run("collect comments", call)

    def _child_comments(self, media_id: str, comment_id: str) -> list[dict[str, Any]]:
        endpoint = f"media/{media_id}/comments/{comment_id}/inline_child_comments/"
        out: list[dict[str, Any]] = []
        params: dict[str, str] = {}
        while True:
            answer = self.client.private_request(endpoint, params=params or None)
            out.extend(answer.get("child_comments") or [])
            next_cursor = answer.get("next_min_child_cursor")
            if not answer.get("has_more_head_child_comments") or not next_cursor:
                return out
            params = {"min_id": str(next_cursor)}

    def direct_messages(self, *, cursor: str | None) -> ReplyPage:
        """Direct messages from others newer than the cursor (the newest item time seen).

        One inbox request; each thread carries its latest messages (up to 20). A thread with
        more unseen messages than that is read further through its own endpoint.
        """
        state = _decode(cursor) if cursor else None
        since = int(state["t"]) if state else 0

        def call(stage: Any) -> ReplyPage:
            start = self.http_requests
            answer = self.client.private_request(
                "direct_v2/inbox/",
                params={
                    "visual_message_return_type": "unseen",
                    "thread_message_limit": "20",
                    "persistentBadging": "true",
                    "limit": "20",
                    "fetch_reason": "initial_snapshot",
                },
            )
            replies: list[Reply] = []
            newest = since
            for thread in (answer.get("inbox") or {}).get("threads") or []:
                items = list(thread.get("items") or [])
                if thread.get("has_older") and items and int(items[-1]["timestamp"]) > since:
                    full = self.client.private_request(
                        f"direct_v2/threads/{thread['thread_id']}/",
                        params={"visual_message_return_type": "unseen", "direction": "older", "limit": "100"},
                    )
                    items = list((full.get("thread") or {}).get("items") or items)
                names = {str(u["pk"]): u.get("username") for u in thread.get("users") or []}
                for item in items:
                    stamp = int(item["timestamp"])
                    newest = max(newest, stamp)
                    sender = str(item.get("user_id"))
                    if stamp <= since or sender == self.user_id or item.get("item_type") != "text":
                        continue
                    replies.append(
                        Reply(
                            platform_id=str(item["item_id"]),
                            text=str(item.get("text") or ""),
                            kind=ReplyKind.DM,
                            parent_id=str(thread["thread_id"]),
                            username=names.get(sender),
                            user_id=sender,
                            created_at=datetime.fromtimestamp(stamp / 1_000_000, UTC),
                        )
                    )
            replies.sort(key=lambda r: (r.created_at, r.platform_id))
            return ReplyPage(tuple(replies), _encode({"t": newest}), self.http_requests - start)

        return self._run("collect direct messages", call)

    def mentions(self, *, cursor: str | None) -> ReplyPage:
        """Media of others that tag this account, newer than the cursor (one request)."""
        state = _decode(cursor) if cursor else None
        since = int(state["p"]) if state else 0

        def call(stage: Any) -> ReplyPage:
            start = self.http_requests
            answer = self.client.private_request(f"usertags/{self.user_id}/feed/", params={"max_id": ""})
            replies: list[Reply] = []
            newest = since
            for item in answer.get("items") or []:
                pk = int(item["pk"])
                newest = max(newest, pk)
                if pk <= since:
                    continue
                user = item.get("user") or {}
                replies.append(
                    Reply(
                        platform_id=str(item.get("id") or pk),
                        text=str((item.get("caption") or {}).get("text") or ""),
                        kind=ReplyKind.MENTION,
                        username=user.get("username"),
                        user_id=str(user.get("pk")) if user.get("pk") is not None else None,
                        created_at=datetime.fromtimestamp(int(item["taken_at"]), UTC),
                    )
                )
            return ReplyPage(tuple(replies), _encode({"p": newest}), self.http_requests - start)

        return self._run("collect mentions", call)


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
    return _CURSOR_PREFIX + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str) -> dict[str, Any]:
    if not cursor.startswith(_CURSOR_PREFIX):
        raise Rejected(
            f"cursor {cursor[:20]!r} was not made by this version of tipqueue; collect from scratch"
        )
    body = cursor[len(_CURSOR_PREFIX) :]
    try:
        value = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except ValueError:
        raise Rejected(f"cursor {cursor[:20]!r} is damaged; collect from scratch") from None
    if not isinstance(value, dict):
        raise Rejected(f"cursor {cursor[:20]!r} is damaged; collect from scratch")
    return value
