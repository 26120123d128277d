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
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

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
        self.published_at: list[float] = []
        self.fetches: list[Fetch] = []
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.faults: list[tuple[re.Pattern[str], str, int]] = []
        self._ids = itertools.count(18000000000000001)
        self._server = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
        self._server.daemon_threads = True
        self._server.fake = self  # type: ignore[attr-defined]
        self._thread: threading.Thread | None = None

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


class _Reply(Exception):
    def __init__(self, status: int, payload: Any, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(status)
        self.status = status
        self.payload = payload
        self.headers = dict(headers or {})


def _error(status: int, code: int, subcode: int | None, message: str) -> _Reply:
    body: dict[str, Any] = {
        "message": message,
        "type": "OAuthException",
        "code": code,
        "is_transient": status >= 500,
        "fbtrace_id": "Afake" + secrets.token_hex(4),
    }
    if subcode is not None:
        body["error_subcode"] = subcode
        body["error_user_msg"] = message
    return _Reply(status, {"error": body})


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Any

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # headers and body: one go

    @property
    def fake(self) -> FakeGraph:
        return self.server.fake  # type: ignore[no-any-return]

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def _dispatch(self, method: str) -> None:
        parts = urlsplit(self.path)
        path = re.sub(r"^/v\d+\.\d+", "", parts.path) or "/"
        params = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        if raw:
            params.update({k: v[-1] for k, v in parse_qs(raw.decode(), keep_blank_values=True).items()})
        shown = {
            k: ("***" if k in ("access_token", "client_secret", "code") else v) for k, v in params.items()
        }
        with self.fake.lock:
            self.fake.requests.append((method, path, shown))
        try:
            status, payload, headers = self._route(method, path, params)
        except _Reply as reply:
            status, payload, headers = reply.status, reply.payload, reply.headers
        except _Drop:
            self.close_connection = True
            return
        self._send(status, payload, headers)

    def _send(self, status: int, payload: Any, headers: Mapping[str, str] | None = None) -> None:
        body = b"" if payload is None else json.dumps(payload).encode()
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if payload is not None:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    # --- routing ---

    def _route(self, method: str, path: str, p: dict[str, str]) -> tuple[int, Any, dict[str, str]]:
        fake = self.fake
        fault = fake._take_fault(path)
        if fault in FAULTS and not FAULTS[fault][4]:
            status, code, sub, message, _ = FAULTS[fault]
            raise _error(status, code, sub, message)
        if path == "/oauth/authorize":
            return self._authorize(p)
        if path == "/oauth/access_token" and method == "POST":
            return self._code_exchange(p)
        if path == "/access_token":
            return self._long_lived(p)
        if path == "/refresh_access_token":
            return self._refresh(p)
        self._auth(p)
        segments = [s for s in path.split("/") if s]
        uid = fake.ig_user_id
        if segments == ["me"]:
            return 200, {"user_id": uid, "id": uid, "username": fake.username}, {}
        if segments == [uid, "media"] and method == "POST":
            return self._create_container(p, fault)
        if segments == [uid, "media_publish"] and method == "POST":
            return self._publish(p, fault)
        if segments == [uid, "media"]:
            return self._page([self._media_json(m, p) for m in fake.media if not m.deleted], p)
        if segments == [uid, "stories"]:
            return self._page([{"id": s.id, "timestamp": _iso(s.timestamp)} for s in fake.stories], p)
        if segments == [uid, "tags"]:
            return self._page(list(fake.tags), p)
        if segments == [uid, "content_publishing_limit"]:
            now = fake.clock()
            used = sum(1 for t in fake.published_at if now - t < DAY)
            return (
                200,
                {
                    "data": [
                        {
                            "quota_usage": used,
                            "config": {"quota_total": fake.quota_total, "quota_duration": DAY},
                        }
                    ]
                },
                {},
            )
        if len(segments) == 2 and segments[1] == "comments":
            return self._comments(segments[0], method, p)
        if len(segments) == 2 and segments[1] == "replies":
            comment = fake._find_comment(segments[0])
            if comment is None:
                raise _error(400, 100, 33, "Object does not exist")
            return self._page([self._comment_json(c) for c in comment.replies], p)
        if len(segments) == 1:
            return self._node(segments[0], method, p)
        raise _error(400, 100, None, f"Unsupported request {method} {path}")

    def _auth(self, p: Mapping[str, str]) -> None:
        token = p.get("access_token") or ""
        header = self.headers.get("authorization") or ""
        if header.lower().startswith("bearer "):
            token = header[7:].strip()
        expiry = self.fake.tokens.get(token)
        if expiry is None:
            raise _error(400, 190, None, "Invalid OAuth access token - Cannot parse access token")
        if self.fake.clock() >= expiry:
            raise _error(400, 190, 463, "Error validating access token: Session has expired")

    # --- OAuth ---

    def _authorize(self, p: Mapping[str, str]) -> tuple[int, Any, dict[str, str]]:
        if p.get("client_id") != self.fake.app_id or p.get("response_type") != "code":
            raise _error(400, 100, None, "Invalid platform app")
        code = "AQ" + secrets.token_urlsafe(16)
        self.fake.codes[code] = p.get("redirect_uri", "")
        query = urlencode({"code": code, **({"state": p["state"]} if "state" in p else {})})
        return 302, None, {"Location": f"{p.get('redirect_uri', '')}?{query}#_"}

    def _code_exchange(self, p: Mapping[str, str]) -> tuple[int, Any, dict[str, str]]:
        if p.get("client_id") != self.fake.app_id or p.get("client_secret") != self.fake.app_secret:
            raise _error(400, 101, None, "Error validating client secret")
        redirect = self.fake.codes.pop(p.get("code", ""), None)
        if redirect is None or redirect != p.get("redirect_uri"):
            raise _error(400, 100, 36009, "This authorization code has been used")
        token = self.fake.issue_token(lifetime=3600)
        return (
            200,
            {
                "data": [
                    {
                        "access_token": token,
                        "user_id": self.fake.ig_user_id,
                        "permissions": "instagram_business_basic,instagram_business_content_publish,"
                        "instagram_business_manage_comments",
                    }
                ]
            },
            {},
        )

    def _long_lived(self, p: Mapping[str, str]) -> tuple[int, Any, dict[str, str]]:
        if p.get("grant_type") != "ig_exchange_token" or p.get("client_secret") != self.fake.app_secret:
            raise _error(400, 100, None, "Invalid grant_type or client_secret")
        self._auth(p)
        self.fake.tokens.pop(p["access_token"], None)
        token = self.fake.issue_token(lifetime=60 * DAY)
        return 200, {"access_token": token, "token_type": "bearer", "expires_in": 60 * DAY}, {}

    def _refresh(self, p: Mapping[str, str]) -> tuple[int, Any, dict[str, str]]:
        if p.get("grant_type") != "ig_refresh_token":
            raise _error(400, 100, None, "Invalid grant_type")
        self._auth(p)
        token = self.fake.issue_token(lifetime=60 * DAY)
        return 200, {"access_token": token, "token_type": "bearer", "expires_in": 60 * DAY}, {}

    # --- publishing ---

    def _create_container(self, p: Mapping[str, str], fault: str | None) -> tuple[int, Any, dict[str, str]]:
        fake = self.fake
        kind = p.get("media_type", "IMAGE")
        if kind not in ("IMAGE", "CAROUSEL", "STORIES"):
            raise _error(400, 100, 2207023, "The media type is not supported")
        sha = None
        if kind != "CAROUSEL":
            if not p.get("image_url"):
                raise _error(400, 100, None, "The parameter image_url is required")
            got = fake._fetch(p["image_url"])
            if got.status != 200:
                raise _error(
                    400,
                    9004,
                    2207052,
                    "Media download has failed. The media URI doesn't meet our requirements.",
                )
            sha = got.sha256
        else:
            children = [c for c in p.get("children", "").split(",") if c]
            if not 2 <= len(children) <= 10 or any(
                fake.containers.get(c) is None or fake.containers[c].status_code != "FINISHED"
                for c in children
            ):
                raise _error(400, 100, 2207028, "Your post won't be shared as a carousel")
        container = _Container(str(next(fake._ids)), dict(p), polls_left=fake.polls_to_finish, sha256=sha)
        container.fields.pop("access_token", None)
        if fault == "container_error":
            container.error = "2207003"
        if fault == "container_expired":
            container.error = "EXPIRED"
        with fake.lock:
            fake.containers[container.id] = container
        return 200, {"id": container.id}, {}

    def _publish(self, p: Mapping[str, str], fault: str | None) -> tuple[int, Any, dict[str, str]]:
        fake = self.fake
        with fake.lock:
            container = fake.containers.get(p.get("creation_id", ""))
            if container is None:
                raise _error(400, 24, 2207006, "The media with id could not be found")
            if container.status_code == "PUBLISHED":
                raise _error(400, 24, 2207006, "The media has already been published")
            if container.status_code != "FINISHED":
                raise _error(
                    400, 9007, 2207027, "The media is not ready for publishing, please wait for a moment"
                )
            now = fake.clock()
            if sum(1 for t in fake.published_at if now - t < DAY) >= fake.quota_total:
                raise _error(400, 9, 2207042, "You reached maximum number of posts that is allowed")
            media = self._go_live(container, int(now))
        if fault == "timeout":  # a gateway gave up waiting; the post went live behind it
            time.sleep(fake.hang_seconds)
            return 504, None, {}
        if fault == "drop_after_publish":
            raise _Drop()
        if fault == "500_after_publish":
            status, code, sub, message, _ = FAULTS[fault]
            raise _error(status, code, sub, message)
        return 200, {"id": media.id}, {}

    def _go_live(self, container: _Container, now: int) -> _Media:
        fake = self.fake
        f = container.fields
        kind = f.get("media_type", "IMAGE")
        if kind == "CAROUSEL":
            kids = [fake.containers[c] for c in f["children"].split(",")]
            alts, shas = [k.fields.get("alt_text", "") for k in kids], [str(k.sha256) for k in kids]
        else:
            alts, shas = [f.get("alt_text", "")], [str(container.sha256)]
        media = _Media(
            str(next(fake._ids)),
            "C" + secrets.token_urlsafe(8).replace("-", "x").replace("_", "y"),
            f.get("caption", ""),
            {"CAROUSEL": "CAROUSEL_ALBUM"}.get(kind, kind),
            now,
            alts,
            shas,
            container.id,
        )
        container.status_code = "PUBLISHED"
        fake.published_at.append(float(now))
        (fake.stories if kind == "STORIES" else fake.media).insert(0, media)
        return media

    def _node(self, node: str, method: str, p: Mapping[str, str]) -> tuple[int, Any, dict[str, str]]:
        fake = self.fake
        with fake.lock:
            container = fake.containers.get(node)
            if container is not None:
                if container.status_code == "IN_PROGRESS":
                    if container.error == "EXPIRED":
                        container.status_code = "EXPIRED"
                    elif container.error:
                        container.status_code = "ERROR"
                    elif container.polls_left <= 0:
                        container.status_code = "FINISHED"
                    else:
                        container.polls_left -= 1
                out: dict[str, Any] = {"id": node, "status_code": container.status_code}
                if container.status_code == "ERROR":
                    out["status"] = f"Error: {container.error}"
                return 200, out, {}
            media = fake._find_media(node)
            if media is not None:
                if method == "DELETE":
                    media.deleted = True
                    return 200, {"success": True}, {}
                return 200, self._media_json(media, p), {}
            comment = fake._find_comment(node)
            if comment is not None:
                return 200, self._comment_json(comment), {}
        raise _error(400, 100, 33, f"Unsupported get request. Object with ID '{node}' does not exist")

    def _media_json(self, m: _Media, p: Mapping[str, str]) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": m.id,
            "caption": m.caption,
            "media_type": m.media_type,
            "timestamp": _iso(m.timestamp),
            "shortcode": m.shortcode,
            "permalink": f"https://www.instagram.com/p/{m.shortcode}/",
        }
        fields = p.get("fields", "")
        if "comments_count" in fields:
            out["comments_count"] = sum(1 + len(c.replies) for c in m.comments)
        if re.search(r"(^|,)comments(\.|\{|,|$)", fields):
            limit = int(m_.group(1)) if (m_ := re.search(r"comments\.limit\((\d+)\)", fields)) else 25
            _status, page, _ = self._page(
                [self._comment_json(c) for c in self._newest_first(m.comments)], {"limit": str(limit)}
            )
            out["comments"] = page
        return out

    @staticmethod
    def _newest_first(comments: list[_Comment]) -> list[_Comment]:
        return sorted(comments, key=lambda c: (c.timestamp, int(c.id)), reverse=True)

    def _comment_json(self, c: _Comment, *, with_replies: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": c.id,
            "text": c.text,
            "timestamp": _iso(c.timestamp),
            "username": c.username,
            "from": {"id": c.user_id, "username": c.username},
        }
        if c.parent_id:
            out["parent_id"] = c.parent_id
        if with_replies and c.parent_id is None and c.replies:
            _, page, _ = self._page(
                [self._comment_json(r, with_replies=False) for r in c.replies], {"limit": "5"}
            )
            out["replies"] = page
        return out

    def _comments(self, media_id: str, method: str, p: Mapping[str, str]) -> tuple[int, Any, dict[str, str]]:
        fake = self.fake
        with fake.lock:
            media = fake._find_media(media_id)
            if media is None:
                raise _error(400, 100, 33, f"Object with ID '{media_id}' does not exist")
            if method == "POST":
                if not p.get("message"):
                    raise _error(400, 100, None, "The parameter message is required")
                comment = _Comment(
                    str(next(fake._ids)),
                    media.id,
                    p["message"],
                    fake.username,
                    fake.ig_user_id,
                    int(fake.clock()),
                )
                media.comments.append(comment)
                return 200, {"id": comment.id}, {}
            return self._page([self._comment_json(c) for c in self._newest_first(media.comments)], p)

    def _page(self, items: list[dict[str, Any]], p: Mapping[str, str]) -> tuple[int, Any, dict[str, str]]:
        """``data`` with ``paging.cursors`` and ``next`` only when there is more (Graph paging)."""
        limit = max(1, min(int(p.get("limit") or 25), 100))
        start = int(_unb64(p["after"])) if p.get("after") else 0
        chunk = items[start : start + limit]
        paging: dict[str, Any] = {
            "cursors": {"before": _b64(str(start)), "after": _b64(str(start + len(chunk)))}
        }
        if start + limit < len(items):
            paging["next"] = f"{self.fake.base_url}/next?after={paging['cursors']['after']}"
        return 200, {"data": chunk, "paging": paging}, {}


class _Drop(Exception):
    """Close the connection without an answer (the request took effect)."""


def _b64(text: str) -> str:
    import base64

    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _unb64(text: str) -> str:
    import base64

    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
    except ValueError:
        raise _error(400, 100, None, "Invalid after cursor") from None


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
