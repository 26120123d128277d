"""The HTTP side of :class:`instagram.graph.fake.FakeGraph`: routing, the Graph endpoints, errors.

Each handler reads and changes the fake's state under its lock; see fake.py for what it models.
"""

from __future__ import annotations

import json
import re
import secrets
import socket
import time
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from tipqueue.instagram.graph.fake import DAY, FAULTS, FakeGraph, _Comment, _Container, _iso, _Media


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


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Any

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # headers and body: one go
        with self.fake.lock:
            self.fake.connections.add(self.connection)

    def finish(self) -> None:
        with self.fake.lock:
            self.fake.connections.discard(self.connection)
        super().finish()

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
        if segments == [uid] and "mentioned_comment" in p.get("fields", ""):
            found = re.search(r"mentioned_comment\.comment_id\((\d+)\)", p["fields"])
            mentioned = fake.mention_comments.get(found.group(1) if found else "")
            if mentioned is None:
                raise _error(400, 100, None, "The comment does not mention this account")
            return 200, {"id": uid, "mentioned_comment": mentioned}, {}
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
            # the fake's own page for the post, as the sandbox does: a rehearsal never links to instagram.com
            "permalink": f"{self.fake.base_url}/p/{m.shortcode}/",
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
