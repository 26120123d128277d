"""FakeGraph: a loopback Instagram API (graph.instagram.com subset) for tests and the demo.

It follows the documented behaviour, not captures of Meta's traffic (docs/instagram.md lists the
pages): containers that take a few polls to reach ``FINISHED`` (or ``ERROR`` / ``EXPIRED``), a
publishing quota read through ``content_publishing_limit``, pages with ``paging.cursors.after``,
errors as ``{"error": {"code", "error_subcode", ...}}``, the OAuth code / long-lived token /
refresh endpoints, and signed webhooks. Like Meta it **fetches every image_url over HTTP** when a
container is created; an unreachable or refused URL (an expired link) fails the container with
9004/2207052. ``fetches`` records each fetch.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import itertools
import json
import re
import secrets
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

FAULTS = {
    # name: (HTTP status, code, subcode, message, publishes anyway)
    "500": (500, 2, None, "Service temporarily unavailable", False),
    "500_after_publish": (500, 1, None, "An unknown error occurred", True),
    "rate": (400, 4, None, "Application request limit reached", False),
    "quota": (400, 9, 2207042, "You reached maximum number of posts", False),
    "token_expired": (400, 190, 463, "Error validating access token: Session has expired", False),
    "spam": (400, 4, 2207051, "We restrict certain activity to protect our community", False),
    "restricted": (400, 25, 2207050, "The user is inactive, checkpointed or restricted", False),
    "aspect": (400, 36003, 2207009, "The aspect ratio is not supported.", False),
    "not_ready": (
        400,
        9007,
        2207027,
        "The media is not ready for publishing, please wait for a moment",
        False,
    ),
}
#: Faults that are not an error body: the request takes effect, the answer never arrives.
SILENT = ("timeout", "drop_after_publish", "container_error", "container_expired")
DAY = 86400


@dataclass
class Fetch:
    url: str
    status: int
    sha256: str | None


@dataclass
class _Container:
    id: str
    fields: dict[str, str]
    status_code: str = "IN_PROGRESS"
    polls_left: int = 2
    sha256: str | None = None
    error: str | None = None


@dataclass
class _Comment:
    id: str
    media_id: str
    text: str
    username: str
    user_id: str
    timestamp: int
    parent_id: str | None = None
    replies: list[_Comment] = field(default_factory=list)


@dataclass
class _Media:
    id: str
    shortcode: str
    caption: str
    media_type: str
    timestamp: int
    alt_texts: list[str]
    sha256: list[str]
    container: str
    comments: list[_Comment] = field(default_factory=list)
    deleted: bool = False


def _iso(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


class FakeGraph:
    """One professional account on a loopback Graph API. ``start()`` / ``stop()`` or a ``with``."""

    def __init__(
        self,
        *,
        username: str = "clinic.demo",
        ig_user_id: str = "17841400000000001",
        app_id: str = "990000000000001",
        app_secret: str = "fake-app-secret",
        port: int = 0,
        polls_to_finish: int = 2,
        quota_total: int = 100,
        hang_seconds: float = 1.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.username = username
        self.ig_user_id = ig_user_id
        self.app_id = app_id
        self.app_secret = app_secret
        self.polls_to_finish = polls_to_finish
        self.quota_total = quota_total
        self.hang_seconds = hang_seconds
        self.clock = clock
        self.lock = threading.RLock()
        self.tokens: dict[str, float] = {}  # token -> expiry (unix)
        self.codes: dict[str, str] = {}  # oauth code -> redirect_uri
        self.containers: dict[str, _Container] = {}
        self.media: list[_Media] = []  # newest first
        self.stories: list[_Media] = []
        self.tags: list[dict[str, Any]] = []
        self.mention_comments: dict[str, dict[str, Any]] = {}
        self.published_at: list[float] = []
        self.fetches: list[Fetch] = []
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.faults: list[tuple[re.Pattern[str], str, int]] = []
        self._ids = itertools.count(18000000000000001)
        from tipqueue.instagram.graph.fake_http import Handler

        self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._server.daemon_threads = True
        self._server.fake = self  # type: ignore[attr-defined]
        self._thread: threading.Thread | None = None
        self.connections: set[socket.socket] = set()  # open keep-alive connections, closed by stop()

    # --- lifecycle ---

    def start(self) -> FakeGraph:
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        with self.lock:
            open_now = list(self.connections)
        for conn in open_now:  # end each connection's thread now, not when its client lets go
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> FakeGraph:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        port = self._server.server_address[1]
        return f"http://127.0.0.1:{port}"

    # --- steering and inspection ---

    def issue_token(self, *, lifetime: float = 60 * DAY) -> str:
        token = "IGAA" + secrets.token_urlsafe(24)
        with self.lock:
            self.tokens[token] = self.clock() + lifetime
        return token

    def fail_next(self, path_regex: str, fault: str, times: int = 1) -> None:
        if fault not in FAULTS and fault not in SILENT:
            raise ValueError(f"unknown fault {fault!r}; use one of {', '.join([*FAULTS, *SILENT])}")
        self.faults.append((re.compile(path_regex), fault, times))

    def media_list(self) -> list[dict[str, Any]]:
        with self.lock:
            return [
                {
                    "media_id": m.id,
                    "code": m.shortcode,
                    "caption": m.caption,
                    "kind": {"IMAGE": "photo", "CAROUSEL_ALBUM": "carousel"}.get(m.media_type, m.media_type),
                    "alt_texts": m.alt_texts,
                    "comment_count": sum(1 + len(c.replies) for c in m.comments),
                    "deleted": m.deleted,
                    "sha256": m.sha256,
                }
                for m in self.media
            ]

    def story_list(self) -> list[dict[str, Any]]:
        with self.lock:
            return [{"media_id": s.id, "sha256": s.sha256} for s in self.stories]

    def requests_to(self, path_regex: str) -> list[tuple[str, str, dict[str, str]]]:
        pattern = re.compile(path_regex)
        return [r for r in self.requests if pattern.search(r[1])]

    def add_comments(self, media_id: str, entries: Iterable[Mapping[str, Any]]) -> list[str]:
        """Readers' comments: ``{"text", "username", "reply_to": index of an earlier entry}``."""
        made: list[str] = []
        with self.lock:
            media = self._find_media(media_id)
            if media is None:
                raise KeyError(media_id)
            for entry in entries:
                now = int(self.clock())
                parent_index = entry.get("reply_to")
                parent = None
                if parent_index is not None:
                    parent = next(c for c in self._all_comments(media) if c.id == made[int(parent_index)])
                    parent = (
                        parent
                        if parent.parent_id is None
                        else next(c for c in media.comments if c.id == parent.parent_id)
                    )
                comment = _Comment(
                    str(next(self._ids)),
                    media.id,
                    str(entry["text"]),
                    str(entry.get("username") or "reader"),
                    str(next(self._ids)),
                    now,
                    parent.id if parent else None,
                )
                (parent.replies if parent else media.comments).append(comment)
                made.append(comment.id)
        return made

    def seed_replies(self, entries: Iterable[Mapping[str, Any]], media_id: str | None = None) -> list[str]:
        """Readers' comments on ``media_id`` (default: the newest media), as the sandbox offers."""
        target = media_id or (self.media[0].id if self.media else None)
        if target is None:
            raise KeyError("no media to comment on yet")
        return self.add_comments(target, entries)

    def add_comment_mention(self, text: str, username: str) -> str:
        """Someone @mentions the account in a comment on their own media (read via mentioned_comment)."""
        with self.lock:
            comment_id = str(next(self._ids))
            self.mention_comments[comment_id] = {
                "id": comment_id,
                "text": text,
                "username": username,
                "timestamp": _iso(int(self.clock())),
            }
            return comment_id

    def add_tag(self, caption: str, username: str) -> str:
        with self.lock:
            tag = {
                "id": str(next(self._ids)),
                "caption": caption,
                "username": username,
                "timestamp": _iso(int(self.clock())),
                "media_type": "IMAGE",
            }
            self.tags.insert(0, tag)
            return str(tag["id"])

    def webhook_body(self, field_name: str, value: Mapping[str, Any]) -> tuple[bytes, dict[str, str]]:
        """A notification as Meta sends it, with its X-Hub-Signature-256 header."""
        body = json.dumps(
            {
                "object": "instagram",
                "entry": [
                    {
                        "id": self.ig_user_id,
                        "time": int(self.clock()),
                        "changes": [{"field": field_name, "value": dict(value)}],
                    }
                ],
            }
        ).encode()
        sig = hmac.new(self.app_secret.encode(), body, hashlib.sha256).hexdigest()
        return body, {"X-Hub-Signature-256": f"sha256={sig}", "Content-Type": "application/json"}

    # --- internals ---

    def _find_media(self, media_id: str) -> _Media | None:
        return next((m for m in [*self.media, *self.stories] if m.id == media_id), None)

    @staticmethod
    def _all_comments(media: _Media) -> list[_Comment]:
        return [x for c in media.comments for x in (c, *c.replies)]

    def _find_comment(self, comment_id: str) -> _Comment | None:
        for media in self.media:
            for c in self._all_comments(media):
                if c.id == comment_id:
                    return c
        return None

    def _take_fault(self, path: str) -> str | None:
        with self.lock:
            for i, (pattern, fault, left) in enumerate(self.faults):
                if pattern.search(path):
                    if left <= 1:
                        self.faults.pop(i)
                    else:
                        self.faults[i] = (pattern, fault, left - 1)
                    return fault
        return None

    def _fetch(self, url: str) -> Fetch:
        """GET the image as Meta does (loopback only: this fake never reaches out)."""
        host = urlsplit(url).hostname or ""
        if host not in ("127.0.0.1", "localhost", "::1") and not host.startswith("127."):
            return self._record(Fetch(url, 0, None))
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                data = response.read()
                return self._record(Fetch(url, response.status, hashlib.sha256(data).hexdigest()))
        except urllib.error.HTTPError as exc:
            return self._record(Fetch(url, exc.code, None))
        except (urllib.error.URLError, OSError):
            return self._record(Fetch(url, 0, None))

    def _record(self, fetch: Fetch) -> Fetch:
        with self.lock:
            self.fetches.append(fetch)
        return fetch


def serve_until_interrupted(fake: FakeGraph, on_ready: Callable[[str], None]) -> None:
    fake.start()
    on_ready(fake.base_url)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        fake.stop()
