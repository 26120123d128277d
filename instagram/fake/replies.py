"""The fake's reply side: comments and reply threads, direct threads, usertags.

``ReplyState`` is mixed into :class:`instagram.fake.server.FakeInstagram` (adding comments,
messages and tags) and ``ReplyEndpoints`` into its request handler (the endpoints that read them:
``media/{id}/comments/``, ``.../inline_child_comments/``, ``direct_v2/inbox/``,
``direct_v2/threads/{id}/`` and ``usertags/{id}/feed/``). Publishing stays in ``server``.
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from tipqueue.instagram.fake.server import FakeInstagram, _Media

#: Endpoints served by ``ReplyEndpoints`` (pattern, handler method name).
REPLY_ROUTES: list[tuple[str, str]] = [
    (r"^/api/v1/media/([^/]+)/comments/$", "comments"),
    (r"^/api/v1/media/([^/]+)/comments/([^/]+)/inline_child_comments/$", "child_comments"),
    (r"^/api/v1/usertags/([^/]+)/feed/$", "usertags"),
    (r"^/api/v1/direct_v2/inbox/$", "inbox"),
    (r"^/api/v1/direct_v2/threads/([^/]+)/$", "thread"),
]


def _refuse(status: int, payload: Any) -> NoReturn:
    from tipqueue.instagram.fake.server import _Reply

    raise _Reply(status, payload)


@dataclass
class _Comment:
    pk: int
    media_pk: int
    text: str
    user: dict[str, Any]
    created_at: int
    parent_pk: int | None = None
    children: list[_Comment] = field(default_factory=list)


class ReplyState:
    """Comments, direct threads and usertags held by the fake (mixed into FakeInstagram)."""

    _lock: threading.RLock
    _ids: Iterator[int]
    _comment_ids: Iterator[int]
    threads: list[dict[str, Any]]
    tagged: list[_Media]
    clock: Callable[[], float]

    if TYPE_CHECKING:

        def user(self, username: str) -> dict[str, Any]: ...

        def _media(self, media_id: str | int) -> _Media | None: ...

    def add_comments(self, media_id: str, entries: Iterable[Mapping[str, Any]]) -> list[str]:
        with self._lock:
            media = self._media(media_id)
            if media is None:
                raise KeyError(f"no media {media_id!r}")
            made: list[_Comment] = []
            for entry in entries:
                reply_to = entry.get("reply_to")
                parent: _Comment | None = None
                if reply_to is not None:
                    if isinstance(reply_to, int) and 0 <= reply_to < len(made):
                        parent = made[reply_to]
                    else:
                        parent = self._comment(media, int(str(reply_to)))
                    if parent is None:
                        raise KeyError(f"no comment {reply_to!r} to reply to")
                    while parent.parent_pk is not None:  # Instagram threads are one level deep
                        found = self._comment(media, parent.parent_pk)
                        assert found is not None
                        parent = found
                created = entry.get("created_at")
                comment = _Comment(
                    pk=next(self._comment_ids),
                    media_pk=media.pk,
                    text=str(entry["text"]),
                    user=self.user(str(entry.get("username") or "reader")),
                    created_at=int(created if created is not None else self.clock()),
                    parent_pk=parent.pk if parent else None,
                )
                if parent is None:
                    media.comments.append(comment)
                else:
                    parent.children.append(comment)
                made.append(comment)
            return [str(c.pk) for c in made]

    def add_direct_message(self, text: str, username: str, *, at: float | None = None) -> str:
        with self._lock:
            sender = self.user(username)
            thread = next((t for t in self.threads if t["users"][0]["pk"] == sender["pk"]), None)
            if thread is None:
                tid = str(340_282_366_841_710_300_000 + len(self.threads) + 1)
                thread = {"thread_id": tid, "users": [_short(sender)], "items": []}
                self.threads.append(thread)
            item_id = str(next(self._comment_ids))
            micros = int((at if at is not None else self.clock()) * 1_000_000)
            thread["items"].insert(
                0,
                {
                    "item_id": item_id,
                    "user_id": sender["pk"],
                    "timestamp": micros,
                    "item_type": "text",
                    "text": text,
                },
            )
            return item_id

    def add_usertag(self, caption: str, username: str, *, at: float | None = None) -> str:
        """Someone else posts a media tagging the owner (a mention)."""
        from tipqueue.instagram.fake.server import _code, _Media

        with self._lock:
            author = self.user(username)
            media = _Media(
                pk=next(self._ids),
                owner_pk=author["pk"],
                code=_code(len(self.tagged) + 9000),
                taken_at=int(at if at is not None else self.clock()),
                media_type=1,
                product="feed",
                caption=caption,
                alt_texts=[""],
            )
            self.tagged.insert(0, media)
            return f"{media.pk}_{media.owner_pk}"

    @staticmethod
    def _comment(media: _Media, pk: int) -> _Comment | None:
        for comment in media.comments:
            if comment.pk == pk:
                return comment
            for child in comment.children:
                if child.pk == pk:
                    return child
        return None


class ReplyEndpoints:
    """The reading endpoints (mixed into the fake's request handler)."""

    fake: FakeInstagram

    if TYPE_CHECKING:

        def _param(self, key: str, default: str = "") -> str: ...

        def _owned_media(self, user: dict[str, Any], media_id: str) -> _Media: ...

        def _media_json(self, m: _Media) -> dict[str, Any]: ...

    def usertags(self, user: dict[str, Any], user_pk: str) -> tuple[int, Any, dict[str, str]]:
        with self.fake._lock:
            items = list(self.fake.tagged) if str(self.fake.owner["pk"]) == user_pk else []
        return (
            200,
            {"items": [self._media_json(m) for m in items], "more_available": False, "status": "ok"},
            {},
        )

    # --- comments ---

    def comments(self, user: dict[str, Any], media_id: str) -> tuple[int, Any, dict[str, str]]:
        media = self._owned_media(user, media_id)
        max_id = self._param("max_id")
        with self.fake._lock:
            top = sorted(media.comments, key=lambda c: c.pk, reverse=True)  # newest first
            if max_id:
                top = [c for c in top if c.pk < _decode_cursor(max_id)]
            size = self.fake.comments_page_size
            page, more = top[:size], len(top) > size
            payload = {
                "comments": [_comment_json(c, media) for c in page],
                "comment_count": _count(media),
                "caption": None,
                "has_more_comments": more,
                "has_more_headload_comments": False,
                "status": "ok",
            }
        if more:
            payload["next_max_id"] = _encode_cursor(page[-1].pk)
        return 200, payload, {}

    def child_comments(
        self, user: dict[str, Any], media_id: str, comment_id: str
    ) -> tuple[int, Any, dict[str, str]]:
        media = self._owned_media(user, media_id)
        with self.fake._lock:
            parent = self.fake._comment(media, int(comment_id)) if comment_id.isdigit() else None
            if parent is None:
                _refuse(400, {"message": "Comment not found", "status": "fail"})
            kids = sorted(parent.children, key=lambda c: c.pk)  # oldest first
            min_id = self._param("min_id")
            if min_id:
                kids = [c for c in kids if c.pk > _decode_cursor(min_id)]
            size = self.fake.child_page_size
            page, more = kids[:size], len(kids) > size
            payload = {
                "child_comments": [_comment_json(c, media) for c in page],
                "child_comment_count": len(parent.children),
                "parent_comment": _comment_json(parent, media),
                "has_more_head_child_comments": more,
                "next_min_child_cursor": _encode_cursor(page[-1].pk) if more else None,
                "has_more_tail_child_comments": False,
                "status": "ok",
            }
        return 200, payload, {}

    # --- direct messages and activity ---

    def _thread_json(self, thread: Mapping[str, Any]) -> dict[str, Any]:
        items = thread["items"]
        return {
            "thread_v2_id": thread["thread_id"],
            "thread_id": thread["thread_id"],
            "items": items,
            "users": thread["users"],
            "admin_user_ids": [],
            "last_activity_at": items[0]["timestamp"] if items else 0,
            "muted": False,
            "named": False,
            "canonical": True,
            "pending": False,
            "archived": False,
            "thread_type": "private",
            "thread_title": thread["users"][0]["username"],
            "folder": 0,
            "vc_muted": False,
            "is_group": False,
            "mentions_muted": False,
            "approval_required_for_new_members": False,
            "input_mode": 0,
            "oldest_cursor": None,
            "has_older": False,
        }

    def inbox(self, user: dict[str, Any]) -> tuple[int, Any, dict[str, str]]:
        with self.fake._lock:
            threads = sorted(
                self.fake.threads, key=lambda t: t["items"][0]["timestamp"] if t["items"] else 0, reverse=True
            )
            limit = int(self._param("thread_message_limit", "10") or 10)
            out = []
            for thread in threads:
                shown = dict(thread, items=thread["items"][:limit])
                body = self._thread_json(shown)
                body["has_older"] = len(thread["items"]) > limit
                out.append(body)
        return 200, {"inbox": {"threads": out, "oldest_cursor": None, "has_older": False}, "status": "ok"}, {}

    def thread(self, user: dict[str, Any], thread_id: str) -> tuple[int, Any, dict[str, str]]:
        with self.fake._lock:
            thread = next((t for t in self.fake.threads if t["thread_id"] == thread_id), None)
            if thread is None:
                _refuse(404, {"message": "thread not found", "status": "fail"})
            body = self._thread_json(thread)
        return 200, {"thread": body, "status": "ok"}, {}


def _short(user: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "pk": user["pk"],
        "pk_id": str(user["pk"]),
        "username": user["username"],
        "full_name": user["full_name"],
        "is_private": False,
        "profile_pic_url": user["profile_pic_url"],
        "is_verified": False,
    }


def _count(media: _Media) -> int:
    return sum(1 + len(c.children) for c in media.comments)


def _comment_json(c: _Comment, media: _Media) -> dict[str, Any]:
    out: dict[str, Any] = {
        "pk": str(c.pk),
        "text": c.text,
        "user": _short(c.user),
        "user_id": c.user["pk"],
        "created_at": c.created_at,
        "created_at_utc": c.created_at,
        "content_type": "comment",
        "status": "Active",
        "type": 0 if c.parent_pk is None else 2,
        "bit_flags": 0,
        "media_id": f"{media.pk}_{media.owner_pk}",
        "has_liked_comment": False,
        "comment_like_count": 0,
        "private_reply_status": 0,
    }
    if c.parent_pk is None:
        out["child_comment_count"] = len(c.children)
        out["preview_child_comments"] = []
    else:
        out["parent_comment_id"] = str(c.parent_pk)
    return out


def _encode_cursor(pk: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"server_cursor": str(pk)}).encode()).decode()


def _decode_cursor(value: str) -> int:
    try:
        return int(json.loads(base64.urlsafe_b64decode(value.encode()))["server_cursor"])
    except (ValueError, KeyError, TypeError):
        return int(value) if value.isdigit() else 0
