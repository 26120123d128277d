"""The fake's reply side: comments and reply threads, direct threads, usertags.

``ReplyState`` is mixed into :class:`instagram.fake.server.FakeInstagram` (adding comments,
messages and tags) and ``ReplyEndpoints`` into its request handler (the endpoints that read them).
Publishing stays in ``server``.

The shapes and the paging follow responses recorded from real Instagram by other projects
(``tests/instagram/recordings/replies/``; docs/instagram.md lists each source and what is taken
from it):

* ``media/{id}/comments/`` pages forward with ``has_more_headload_comments`` and a JSON-string
  ``next_min_id`` (``cached_comments_cursor`` + ``bifilter_token``), sent back as ``min_id``;
  ``has_more_comments`` is always false and there is no ``next_max_id``. About 20 comments a
  page. The first page is ranked (``is_ranked``): pinned comments first
  (``pinned_comment_count``), then the most liked; the later pages hold the rest, newest first
  (no recording shows a later page's order: that part is the fake's choice).
* Comment and reply pks are random numbers in the real range, not in time order.
* ``.../inline_child_comments/`` answers with one window of a thread. By default the first
  window is the oldest replies and the rest comes through the tail
  (``has_more_tail_child_comments`` + ``next_max_child_cursor``, sent back as ``max_id``);
  ``reply_window = "newest"`` starts at the newest and the rest comes through the head
  (``has_more_head_child_comments`` + ``next_min_child_cursor`` as ``min_id``).
* ``child_counts = False`` gives the 2025 payloads that carry no ``child_comment_count``.
* ``direct_v2/inbox/`` (``folder=1``: the business "general" folder) and
  ``direct_v2/pending_inbox/`` (message requests) page threads through ``oldest_cursor`` /
  ``has_older``; ``direct_v2/threads/{id}/`` pages a thread's messages the same way.
* ``usertags/{id}/feed/`` pages with ``more_available`` + ``next_max_id``.
"""

from __future__ import annotations

import base64
import json
import random
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
    (r"^/api/v1/direct_v2/pending_inbox/$", "pending_inbox"),
    (r"^/api/v1/direct_v2/threads/([^/]+)/$", "thread"),
]

#: Where recorded comment and reply pks lie (17850017691525490 .. 18389134726196231 in the
#: recordings); the fake draws its pks uniformly from this range.
PK_RANGE = (17_840_000_000_000_000, 18_400_000_000_000_000)
#: Folders a direct thread can be in.
FOLDERS = ("primary", "general", "pending")
_MAX_PINNED = 3  # Instagram lets a media owner pin up to three comments


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
    like_count: int = 0
    pinned_at: int | None = None


class ReplyState:
    """Comments, direct threads and usertags held by the fake (mixed into FakeInstagram).

    Class attributes are the defaults; set them on an instance to change its behaviour.
    """

    _lock: threading.RLock
    _ids: Iterator[int]
    _comment_ids: Iterator[int]
    threads: list[dict[str, Any]]
    tagged: list[_Media]
    clock: Callable[[], float]
    comments_page_size: int
    child_page_size: int
    #: Comment payloads carry ``child_comment_count`` (False: the 2025 payloads without it).
    child_counts: bool = True
    #: Which end of a thread the first inline_child_comments answer shows: "oldest" or "newest".
    reply_window: str = "oldest"
    #: Threads per direct inbox page, media per usertags page.
    inbox_page_size: int = 20
    usertags_page_size: int = 18
    #: Seed of the pk and like-count generator (the same seed gives the same pks).
    reply_seed: int = 16
    _reply_rng: random.Random | None = None
    _used_pks: set[int] | None = None

    if TYPE_CHECKING:

        def user(self, username: str) -> dict[str, Any]: ...

        def _media(self, media_id: str | int) -> _Media | None: ...

    def _rng(self) -> random.Random:
        if self._reply_rng is None:
            self._reply_rng = random.Random(self.reply_seed)
            self._used_pks = set()
        return self._reply_rng

    def _new_pk(self) -> int:
        rng = self._rng()
        assert self._used_pks is not None
        while True:
            pk = rng.randrange(*PK_RANGE)
            if pk not in self._used_pks:
                self._used_pks.add(pk)
                return pk

    def add_comments(self, media_id: str, entries: Iterable[Mapping[str, Any]]) -> list[str]:
        """Add reader comments ``{text, username?, reply_to?, created_at?, likes?, pinned?}``.

        ``reply_to`` is the pk of an existing comment or the index of an earlier entry; a reply
        to a reply joins the top comment's thread (Instagram threads are one level deep). Each
        comment gets a random pk in the real range. Returns the new pks.
        """
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
                    while parent.parent_pk is not None:
                        found = self._comment(media, parent.parent_pk)
                        assert found is not None
                        parent = found
                created = entry.get("created_at")
                likes = entry.get("likes")
                comment = _Comment(
                    pk=self._new_pk(),
                    media_pk=media.pk,
                    text=str(entry["text"]),
                    user=self.user(str(entry.get("username") or "reader")),
                    created_at=int(created if created is not None else self.clock()),
                    parent_pk=parent.pk if parent else None,
                    like_count=int(likes) if likes is not None else self._rng().randrange(0, 50),
                )
                if parent is None:
                    media.comments.append(comment)
                else:
                    parent.children.append(comment)
                    parent.children.sort(key=lambda c: (c.created_at, c.pk))
                made.append(comment)
                if entry.get("pinned"):
                    self._pin(media, comment)
            return [str(c.pk) for c in made]

    def pin_comment(self, media_id: str, comment_id: str) -> None:
        """The media owner pins a top-level comment (at most three stay pinned)."""
        with self._lock:
            media = self._media(media_id)
            comment = self._comment(media, int(comment_id)) if media is not None else None
            if media is None or comment is None or comment.parent_pk is not None:
                raise KeyError(f"no top-level comment {comment_id!r} on media {media_id!r}")
            self._pin(media, comment)

    def _pin(self, media: _Media, comment: _Comment) -> None:
        comment.pinned_at = int(self.clock() * 1000) + len(media.comments)
        pinned = sorted((c for c in media.comments if c.pinned_at is not None), key=_pin_order)
        for old in pinned[_MAX_PINNED:]:
            old.pinned_at = None

    @staticmethod
    def _comment(media: _Media, pk: int) -> _Comment | None:
        for comment in media.comments:
            if comment.pk == pk:
                return comment
            for child in comment.children:
                if child.pk == pk:
                    return child
        return None

    def add_direct_message(
        self, text: str, username: str, *, at: float | None = None, folder: str = "primary"
    ) -> str:
        """A message from ``username``: ``folder`` "primary", "general" (business accounts) or
        "pending" (a message request from someone the account does not follow)."""
        if folder not in FOLDERS:
            raise ValueError(f"unknown folder {folder!r}; use one of {', '.join(FOLDERS)}")
        with self._lock:
            sender = self.user(username)
            thread = next((t for t in self.threads if t["users"][0]["pk"] == sender["pk"]), None)
            if thread is None:
                tid = str(340_282_366_841_710_300_000 + len(self.threads) + 1)
                thread = {"thread_id": tid, "users": [_short(sender)], "items": [], "folder": folder}
                self.threads.append(thread)
            item_id = str(next(self._comment_ids))
            micros = int((at if at is not None else self.clock()) * 1_000_000)
            thread["items"].append(
                {
                    "item_id": item_id,
                    "user_id": sender["pk"],
                    "timestamp": str(micros),
                    "item_type": "text",
                    "text": text,
                }
            )
            thread["items"].sort(key=lambda i: -int(i["timestamp"]))  # newest first, as served
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
            self.tagged.append(media)
            self.tagged.sort(key=lambda m: (-m.taken_at, -m.pk))
            return f"{media.pk}_{media.owner_pk}"


class ReplyEndpoints:
    """The reading endpoints (mixed into the fake's request handler)."""

    fake: FakeInstagram

    if TYPE_CHECKING:

        def _param(self, key: str, default: str = "") -> str: ...

        def _owned_media(self, user: dict[str, Any], media_id: str) -> _Media: ...

        def _media_json(self, m: _Media) -> dict[str, Any]: ...

    # --- usertags ---

    def usertags(self, user: dict[str, Any], user_pk: str) -> tuple[int, Any, dict[str, str]]:
        with self.fake._lock:
            items = list(self.fake.tagged) if str(self.fake.owner["pk"]) == user_pk else []
            max_id = self._param("max_id")
            if max_id:
                at = next((i for i, m in enumerate(items) if str(m.pk) == max_id), None)
                if at is None:
                    _refuse(400, {"message": f"invalid max_id {max_id}", "status": "fail"})
                items = items[at + 1 :]
            size = self.fake.usertags_page_size
            page, more = items[:size], len(items) > size
            payload: dict[str, Any] = {
                "items": [self._media_json(m) for m in page],
                "num_results": len(page),
                "more_available": more,
                "auto_load_more_enabled": True,
                "new_photos": [],
                "requires_review": False,
                "total_count": len(self.fake.tagged),
                "status": "ok",
            }
            if more:
                payload["next_max_id"] = page[-1].pk  # a number in the recording
        return 200, payload, {}

    # --- comments ---

    def comments(self, user: dict[str, Any], media_id: str) -> tuple[int, Any, dict[str, str]]:
        media = self._owned_media(user, media_id)
        fake = self.fake
        min_id = self._param("min_id")
        with fake._lock:
            ordered = _comment_order(media.comments, fake.comments_page_size)
            start = 0
            if min_id:
                start = _headload_position(min_id, ordered)
            size = fake.comments_page_size
            page = ordered[start : start + size]
            more = start + size < len(ordered)
            payload: dict[str, Any] = {
                "comment_likes_enabled": True,
                "comments": [_comment_json(c, media, fake.child_counts) for c in page],
                "comment_count": _count(media),
                "caption": None,
                "caption_is_edited": False,
                "has_more_comments": False,
                "has_more_headload_comments": more,
                "threading_enabled": True,
                "media_header_display": "none",
                "initiate_at_top": True,
                "insert_new_comment_to_top": True,
                "can_view_more_preview_comments": False,
                "is_ranked": start == 0,
                "pinned_comment_count": sum(1 for c in media.comments if c.pinned_at is not None),
                "comment_filter_param": "no_filter",
                "preview_comments": [],
                "status": "ok",
            }
            if more:
                payload["next_min_id"] = _headload_cursor(page[-1].pk, start + size)
        return 200, payload, {}

    def child_comments(
        self, user: dict[str, Any], media_id: str, comment_id: str
    ) -> tuple[int, Any, dict[str, str]]:
        media = self._owned_media(user, media_id)
        fake = self.fake
        with fake._lock:
            parent = fake._comment(media, int(comment_id)) if comment_id.isdigit() else None
            if parent is None or parent.parent_pk is not None:
                _refuse(400, {"message": "Comment not found", "status": "fail"})
            kids = parent.children  # oldest first
            size = fake.child_page_size
            max_id, min_id = self._param("max_id"), self._param("min_id")
            if max_id:  # the tail: replies after the cursor
                start = _child_position(max_id, kids) + 1
                window = kids[start : start + size]
            elif min_id:  # the head: replies before the cursor
                end = _child_position(min_id, kids)
                window = kids[max(0, end - size) : end]
            elif fake.reply_window == "newest":
                window = kids[-size:]
            else:
                window = kids[:size]
            first = kids.index(window[0]) if window else 0
            last = first + len(window)
            payload: dict[str, Any] = {
                "child_comments": [
                    dict(_comment_json(c, media, fake.child_counts), child_comment_index=first + i)
                    for i, c in enumerate(window)
                ],
                "child_comment_count": len(kids),
                "parent_comment": _comment_json(parent, media, fake.child_counts, previews=False),
                "has_more_head_child_comments": first > 0,
                "has_more_tail_child_comments": last < len(kids),
                "num_head_child_comments": first,
                "num_tail_child_comments": len(kids) - last,
                "is_ranked_replies": False,
                "status": "ok",
            }
            if first > 0:
                payload["next_min_child_cursor"] = _thread_cursor(kids[first].pk)
            if last < len(kids):
                payload["next_max_child_cursor"] = _thread_cursor(kids[last - 1].pk)
        return 200, payload, {}

    # --- direct messages ---

    def _thread_json(
        self, thread: Mapping[str, Any], items: list[dict[str, Any]], older: bool
    ) -> dict[str, Any]:
        everything = thread["items"]
        return {
            "thread_v2_id": thread["thread_id"],
            "thread_id": thread["thread_id"],
            "items": items,
            "users": thread["users"],
            "left_users": [],
            "admin_user_ids": [],
            "last_activity_at": everything[0]["timestamp"] if everything else "0",  # strings, as recorded
            "muted": False,
            "named": False,
            "canonical": True,
            "pending": thread.get("folder") == "pending",
            "archived": False,
            "thread_type": "private",
            "viewer_id": self.fake.owner["pk"],
            "thread_title": thread["users"][0]["username"],
            "folder": 1 if thread.get("folder") == "general" else 0,
            "vc_muted": False,
            "is_group": False,
            "mentions_muted": False,
            "approval_required_for_new_members": False,
            "input_mode": 0,
            "has_older": older,
            "has_newer": False,
            "oldest_cursor": items[-1]["item_id"] if items else None,
            "newest_cursor": items[0]["item_id"] if items else None,
            "is_spam": False,
        }

    def _folder(self, folder: str) -> tuple[int, Any, dict[str, str]]:
        fake = self.fake
        with fake._lock:
            threads = sorted(
                (t for t in fake.threads if t.get("folder", "primary") == folder),
                key=lambda t: (-int(t["items"][0]["timestamp"]) if t["items"] else 0, t["thread_id"]),
            )
            cursor = self._param("cursor")
            if cursor:
                at = next((i for i, t in enumerate(threads) if t["thread_id"] == cursor), None)
                if at is None:
                    _refuse(400, {"message": f"invalid cursor {cursor}", "status": "fail"})
                threads = threads[at + 1 :]
            size = int(self._param("limit", str(fake.inbox_page_size)) or fake.inbox_page_size)
            size = min(size, fake.inbox_page_size)
            limit = int(self._param("thread_message_limit", "10") or 10)
            page, more = threads[:size], len(threads) > size
            out = [self._thread_json(t, t["items"][:limit], len(t["items"]) > limit) for t in page]
            pending_total = sum(1 for t in fake.threads if t.get("folder") == "pending")
        inbox = {
            "threads": out,
            "has_older": more,
            "unseen_count": 0,
            "oldest_cursor": page[-1]["thread_id"] if more else None,
            "blended_inbox_enabled": False,
        }
        body = {"inbox": inbox, "seq_id": 1, "pending_requests_total": pending_total, "status": "ok"}
        return 200, body, {}

    def inbox(self, user: dict[str, Any]) -> tuple[int, Any, dict[str, str]]:
        return self._folder("general" if self._param("folder") == "1" else "primary")

    def pending_inbox(self, user: dict[str, Any]) -> tuple[int, Any, dict[str, str]]:
        return self._folder("pending")

    def thread(self, user: dict[str, Any], thread_id: str) -> tuple[int, Any, dict[str, str]]:
        fake = self.fake
        with fake._lock:
            thread = next((t for t in fake.threads if t["thread_id"] == thread_id), None)
            if thread is None:
                _refuse(404, {"message": "thread not found", "status": "fail"})
            items = list(thread["items"])
            cursor = self._param("cursor")
            if cursor:
                at = next((i for i, m in enumerate(items) if m["item_id"] == cursor), None)
                if at is None:
                    _refuse(400, {"message": f"invalid cursor {cursor}", "status": "fail"})
                items = items[at + 1 :]
            size = int(self._param("limit", "20") or 20)
            body = self._thread_json(thread, items[:size], len(items) > size)
        return 200, {"thread": body, "status": "ok"}, {}


# --- order and cursors ---


def _pin_order(c: _Comment) -> int:
    return -(c.pinned_at or 0)


def _comment_order(comments: list[_Comment], first_page: int) -> list[_Comment]:
    """Pinned first, then the most liked (the ranked first page), then the rest newest first."""
    pinned = sorted((c for c in comments if c.pinned_at is not None), key=_pin_order)
    rest = [c for c in comments if c.pinned_at is None]
    ranked = sorted(rest, key=lambda c: (-c.like_count, c.pk))[: max(0, first_page - len(pinned))]
    chosen = {c.pk for c in ranked}
    later = sorted((c for c in rest if c.pk not in chosen), key=lambda c: (-c.created_at, -c.pk))
    return pinned + ranked + later


def _headload_cursor(last_pk: int, offset: int) -> str:
    token = base64.urlsafe_b64encode(json.dumps({"o": offset}).encode()).decode().rstrip("=")
    return json.dumps(
        {"cached_comments_cursor": str(last_pk), "bifilter_token": token}, separators=(",", ":")
    )


def _headload_position(min_id: str, ordered: list[_Comment]) -> int:
    """Where the page after ``min_id`` starts: after its cached comment, else at its offset."""
    try:
        cursor = json.loads(min_id)
        last = int(cursor["cached_comments_cursor"])
        token = str(cursor["bifilter_token"])
        offset = int(json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))["o"])
    except (ValueError, KeyError, TypeError):
        _refuse(400, {"message": f"invalid min_id {min_id[:40]}", "status": "fail"})
    for i, comment in enumerate(ordered):
        if comment.pk == last:
            return i + 1
    return min(offset, len(ordered))


def _thread_cursor(pk: int) -> str:
    return base64.b64encode(
        json.dumps({"server_cursor": str(pk), "is_server_cursor_inverse": False}).encode()
    ).decode()


def _child_position(value: str, kids: list[_Comment]) -> int:
    try:
        pk = int(json.loads(base64.b64decode(value))["server_cursor"])
    except (ValueError, KeyError, TypeError):
        _refuse(400, {"message": f"invalid child cursor {value[:40]}", "status": "fail"})
    for i, kid in enumerate(kids):
        if kid.pk == pk:
            return i
    _refuse(400, {"message": "the reply under that cursor was deleted", "status": "fail"})


# --- JSON shapes (see the recordings) ---


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


def _comment_json(
    c: _Comment, media: _Media, child_counts: bool = True, *, previews: bool = True
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "pk": str(c.pk),
        "strong_id__": str(c.pk),
        "text": c.text,
        "user": _short(c.user),
        "user_id": c.user["pk"],
        "created_at": c.created_at,
        "created_at_utc": c.created_at,
        "content_type": "comment",
        "status": "Active",
        "type": 0 if c.parent_pk is None else 2,
        "bit_flags": 0,
        "media_id": media.pk,
        "did_report_as_spam": False,
        "share_enabled": True,
        "has_liked_comment": False,
        "comment_like_count": c.like_count,
        "is_ranked_comment": c.parent_pk is None,
        "private_reply_status": 0,
    }
    if c.parent_pk is not None:
        out["parent_comment_id"] = str(c.parent_pk)
        out["replied_to_comment_id"] = str(c.parent_pk)
        return out
    if c.pinned_at is not None:
        out["is_pinned"] = True
    out["inline_composer_display_condition"] = "never"
    out["other_preview_users"] = []
    if previews:
        out["preview_child_comments"] = [_comment_json(k, media, child_counts) for k in c.children[-1:]]
    if child_counts:
        shown = 1 if c.children and previews else 0
        out["child_comment_count"] = len(c.children)
        if len(c.children) > shown:
            out["has_more_tail_child_comments"] = True
            out["num_tail_child_comments"] = len(c.children) - shown
    return out
