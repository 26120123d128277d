"""The ReplySource half of the graph backend: comments, replies and mentions, page by page.

Mixed into :class:`instagram.graph.client.GraphAccount`, which supplies ``_call`` (one Graph
request, errors mapped), ``page_size`` and the request counter.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from tipqueue.config.errors import Rejected
from tipqueue.posts.models import Reply, ReplyKind, ReplyPage

COMMENT_FIELDS = "id,text,timestamp,username,from,parent_id"
PAGE = 50


class GraphReplies:
    """Comments (with replies) and mentions of one account; DMs are refused."""

    account: str
    ig_user_id: str
    page_size: int
    http_requests: int

    def _call(
        self,
        method: str,
        path: str,
        *,
        action: str,
        params: Mapping[str, Any] | None = None,
        data: Mapping[str, Any] | None = None,
        maybe_done: bool = False,
    ) -> dict[str, Any]:
        raise NotImplementedError

    def comments(self, media_id: str, *, cursor: str | None) -> ReplyPage:
        """New comments and replies since the cursor.

        One request reads the media's ``comments_count`` with the first page of comments (each
        with its ``replies``). Unchanged count and no unseen id on it: nothing is new, one request.
        Otherwise the pages are followed with ``after`` (and a comment's replies through its own
        ``/replies`` edge when they do not fit), and every comment or reply not seen before is
        returned. The cursor keeps the count and the ids seen.
        """
        state = _decode(cursor)
        seen: set[str] = set(state.get("ids", []))
        start = self.http_requests
        first = self._call(
            "GET",
            media_id,
            params={
                "fields": f"comments_count,comments.limit({self.page_size}){{{COMMENT_FIELDS},replies{{{COMMENT_FIELDS}}}}}"
            },
            action="collect comments",
        )
        total = int(first.get("comments_count") or 0)
        page = first.get("comments") or {}
        fresh = [c for c in page.get("data") or [] if str(c["id"]) not in seen]
        if cursor and total == state.get("total") and not fresh:
            return ReplyPage((), cursor, self.http_requests - start)
        replies: list[Reply] = []
        while True:
            for item in page.get("data") or []:
                cid = str(item["id"])
                if cid not in seen:
                    replies.append(_reply(item, ReplyKind.COMMENT, None))
                    seen.add(cid)
                for child in self._replies_of(item):
                    if str(child["id"]) not in seen:
                        replies.append(_reply(child, ReplyKind.REPLY, cid))
                        seen.add(str(child["id"]))
            after = after_cursor(page)
            if not after or not page.get("data"):
                break
            page = self._call(
                "GET",
                f"{media_id}/comments",
                params={
                    "fields": f"{COMMENT_FIELDS},replies{{{COMMENT_FIELDS}}}",
                    "limit": self.page_size,
                    "after": after,
                },
                action="collect comments",
            )
        replies.sort(key=lambda r: (r.created_at or datetime.min.replace(tzinfo=UTC), r.platform_id))
        new_cursor = _encode({"total": total, "ids": sorted(seen)})
        return ReplyPage(tuple(replies), new_cursor, self.http_requests - start)

    def all_comments(self, media_id: str) -> ReplyPage:
        """Every comment and reply on the media as it is now (``replies collect --verify``)."""
        return self.comments(media_id, cursor=None)

    def _replies_of(self, item: Mapping[str, Any]) -> list[dict[str, Any]]:
        block = item.get("replies") or {}
        out = list(block.get("data") or [])
        after = after_cursor(block) if block.get("paging", {}).get("next") else None
        while after:
            more = self._call(
                "GET",
                f"{item['id']}/replies",
                params={"fields": COMMENT_FIELDS, "limit": self.page_size, "after": after},
                action="collect replies",
            )
            out.extend(more.get("data") or [])
            after = after_cursor(more) if more.get("paging", {}).get("next") else None
        return out

    def mentioned_comment(self, comment_id: str) -> Reply:
        """The text of a comment that @mentions the account (a ``mentions`` webhook names only ids)."""
        answer = self._call(
            "GET",
            self.ig_user_id,
            params={"fields": f"mentioned_comment.comment_id({comment_id}){{id,text,timestamp,username}}"},
            action="read a mention",
        )
        item = answer.get("mentioned_comment") or {}
        return Reply(
            platform_id=str(item.get("id") or comment_id),
            text=str(item.get("text") or ""),
            kind=ReplyKind.MENTION,
            username=item.get("username"),
            created_at=when(item.get("timestamp")) if item.get("timestamp") else None,
        )

    def direct_messages(self, *, cursor: str | None) -> ReplyPage:
        raise Rejected(
            f"account {self.account!r} uses the Instagram API, where direct messages need the messaging "
            "permission tipqueue does not ask for; collect comments and mentions, or use instagrapi"
        )

    def mentions(self, *, cursor: str | None) -> ReplyPage:
        """Media of others that tag this account (``/{ig-user-id}/tags``), not seen before."""
        state = _decode(cursor)
        seen: set[str] = set(state.get("ids", []))
        start = self.http_requests
        answer = self._call(
            "GET",
            f"{self.ig_user_id}/tags",
            params={"fields": "id,caption,timestamp,username,media_type", "limit": self.page_size},
            action="collect mentions",
        )
        replies: list[Reply] = []
        for item in answer.get("data") or []:
            if str(item["id"]) in seen:
                continue
            seen.add(str(item["id"]))
            replies.append(
                Reply(
                    platform_id=str(item["id"]),
                    text=str(item.get("caption") or ""),
                    kind=ReplyKind.MENTION,
                    username=item.get("username"),
                    created_at=when(item.get("timestamp")),
                )
            )
        return ReplyPage(tuple(replies), _encode({"ids": sorted(seen)}), self.http_requests - start)


def after_cursor(block: Mapping[str, Any]) -> str | None:
    paging = block.get("paging") or {}
    after = (paging.get("cursors") or {}).get("after")
    return str(after) if after and paging.get("next") else None


def when(value: Any) -> datetime:
    if not value:
        return datetime.min.replace(tzinfo=UTC)
    text = str(value).replace("Z", "+00:00")
    if re.search(r"[+-]\d{4}$", text):
        text = text[:-2] + ":" + text[-2:]
    return datetime.fromisoformat(text)


def _reply(item: Mapping[str, Any], kind: ReplyKind, parent: str | None) -> Reply:
    sender = item.get("from") or {}
    return Reply(
        platform_id=str(item["id"]),
        text=str(item.get("text") or ""),
        kind=kind,
        parent_id=parent or (str(item["parent_id"]) if item.get("parent_id") else None),
        username=item.get("username") or sender.get("username"),
        user_id=str(sender["id"]) if sender.get("id") else None,
        created_at=when(item.get("timestamp")),
    )


_PREFIX = "g1."


def _encode(state: Mapping[str, Any]) -> str:
    import base64
    import json
    import zlib

    raw = zlib.compress(json.dumps(state, separators=(",", ":")).encode())
    return _PREFIX + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str | None) -> dict[str, Any]:
    import base64
    import json
    import zlib

    if not cursor:
        return {}
    if not cursor.startswith(_PREFIX):
        raise Rejected(f"cursor {cursor[:20]!r} was not made by the graph backend; collect from scratch")
    body = cursor[len(_PREFIX) :]
    try:
        value = json.loads(zlib.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))))
    except (ValueError, zlib.error):
        raise Rejected(f"cursor {cursor[:20]!r} is damaged; collect from scratch") from None
    return value if isinstance(value, dict) else {}
