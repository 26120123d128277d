"""FakeInstagram: a loopback HTTP server speaking the private-API subset instagrapi uses.

It is driven by the REAL instagrapi client, whose sessions are routed here by
:mod:`instagram.fake.redirect`. It keeps state (users, sessions, medias with captions and alt
text, comments with child replies, direct threads, usertags), records every request, and injects
faults on demand. Standalone it is ``tipqueue sandbox``; a control API under ``/__fake__/`` lets
another process inspect and steer it.

The response shapes follow instagrapi 3.2.2's parsers, not captures of Instagram traffic: they
prove that our code and instagrapi work together, not how Instagram behaves. The reply side
(comments, reply threads, direct, usertags; :mod:`instagram.fake.replies`) follows responses
recorded from real Instagram instead.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import re
import struct
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tipqueue.instagram.fake.faults import FAULTS, FaultPlan
from tipqueue.instagram.fake.replies import (
    REPLY_ROUTES,
    ReplyEndpoints,
    ReplyState,
    _Comment,
    _comment_json,
    _count,
    _short,
)

#: Header the loopback adapter uses to pass on the host instagrapi meant to reach.
ORIGINAL_HOST_HEADER = "X-Tipqueue-Original-Host"

_SECRET_FIELDS = ("password", "enc_password", "verification_code", "code")
_PUBLIC_PATHS = re.compile(
    r"^/api/v1/(bloks/async_action/|bloks/apps/|attestation/|qe/sync|launcher/sync|accounts/login/|"
    r"accounts/two_factor_login/)|^/api/graphql_www|^/graphql_www|^/__fake__/"
)
_RSA_KEY: Any = None
_RSA_LOCK = threading.Lock()


def _rsa_key() -> Any:
    """One RSA key per process for the password encryption handshake (generating one is slow)."""
    global _RSA_KEY
    with _RSA_LOCK:
        if _RSA_KEY is None:
            from Cryptodome.PublicKey import RSA

            _RSA_KEY = RSA.generate(1024)
        return _RSA_KEY


def totp_code(seed: str, at: float) -> str:
    """The RFC 6238 six-digit code of a base32 seed at a moment (what authenticator apps show)."""
    secret = seed.replace(" ", "").upper()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(at // 30)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


@dataclass
class Recorded:
    """One request the fake received (secrets in forms are redacted)."""

    method: str
    host: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    #: the raw body of an upload (the image); empty for every other request, whose secrets only
    #: the redacted ``form`` keeps
    body: bytes
    form: dict[str, Any]
    size: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "host": self.host,
            "path": self.path,
            "query": self.query,
            "form": self.form,
            "body_bytes": self.size,
        }


@dataclass
class _Media:
    pk: int
    owner_pk: int
    code: str
    taken_at: int
    media_type: int
    product: str  # "feed" | "carousel_container" | "story"
    caption: str
    alt_texts: list[str]
    children: list[dict[str, Any]] = field(default_factory=list)
    deleted: bool = False
    sent_caption: str = ""  # what configure asked for (the caption may have been dropped)
    comments: list[_Comment] = field(default_factory=list)


class FakeInstagram(ReplyState):
    """An in-memory Instagram on 127.0.0.1. Use as a context manager or start()/stop().

    ``username`` is the account owner seeded at start; any username may log in (the fake creates
    the user), with ``password`` (None accepts any) and, when ``two_factor_code`` or ``totp_seed``
    is set, a second factor.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        username: str = "tipqueue_demo",
        password: str | None = None,
        two_factor_code: str | None = None,
        totp_seed: str | None = None,
        comments_page_size: int = 20,
        child_page_size: int = 10,
        hang_seconds: float = 5.0,
        clock: Callable[[], float] = time.time,
        state_file: Path | None = None,
    ) -> None:
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError(f"FakeInstagram binds loopback only, not {host!r}")
        self.host = host
        self.port = port
        self.password = password
        self.two_factor_code = two_factor_code
        self.totp_seed = totp_seed
        self.comments_page_size = comments_page_size
        self.child_page_size = child_page_size
        self.hang_seconds = hang_seconds
        self.clock = clock
        self.requests: list[Recorded] = []
        self._lock = threading.RLock()
        self._ids = itertools.count(3_100_000_000_000_000_001)
        self._comment_ids = itertools.count(18_000_000_000_000_001)
        self._user_ids = itertools.count(1001)
        self.users: dict[int, dict[str, Any]] = {}
        self.sessions: dict[str, int] = {}
        self.uploads: dict[str, dict[str, Any]] = {}
        self.medias: dict[int, _Media] = {}
        self.threads: list[dict[str, Any]] = []
        self.tagged: list[_Media] = []
        self._seed_queue: list[list[Mapping[str, Any]]] = []
        self.faults = FaultPlan()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self.owner = self.user(username)
        #: where the sandbox keeps its media, comments and sessions across restarts (None: memory only)
        self.state_file = state_file
        if state_file is not None:
            from tipqueue.instagram.fake.state import restore

            restore(self, state_file)

    def save_state(self) -> None:
        """Write the state file now (done after every request that changes something)."""
        if self.state_file is not None:
            from tipqueue.instagram.fake.state import save

            with self._lock:
                save(self, self.state_file)

    # --- lifecycle ---

    def start(self) -> FakeInstagram:
        handler = type("_BoundHandler", (_Handler,), {"fake": self})
        server = ThreadingHTTPServer((self.host, self.port), handler)
        server.daemon_threads = True
        server.block_on_close = False
        # A client killed mid-request (crash tests) is not the fake's error: no traceback on stderr.
        server.handle_error = lambda request, client_address: None  # type: ignore[method-assign]
        self._server = server
        self.port = server.server_address[1]
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.02}, name="fake-instagram", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeInstagram:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    # --- state helpers (also used by tests) ---

    def user(self, username: str) -> dict[str, Any]:
        """The user with this name, created on first use."""
        with self._lock:
            for user in self.users.values():
                if user["username"] == username:
                    return user
            pk = next(self._user_ids)
            user = {
                "pk": pk,
                "username": username,
                "full_name": username.replace("_", " ").title(),
                "is_private": False,
                "profile_pic_url": f"https://cdn.invalid/profile/{pk}.jpg",
                "is_verified": False,
                "is_business": False,
                "media_count": 0,
                "follower_count": 0,
                "following_count": 0,
            }
            self.users[pk] = user
            return user

    def issue_session(self, username: str | None = None) -> dict[str, Any]:
        """A saved instagrapi session (settings dict) this fake accepts, as `tipqueue login` stores."""
        user = self.user(username or self.owner["username"])
        sessionid = self._new_session(user["pk"])
        return {
            "authorization_data": {
                "ds_user_id": str(user["pk"]),
                "sessionid": sessionid,
                "should_use_header_over_cookies": True,
            },
            "cookies": {},
            "last_login": self.clock(),
            "uuids": {
                "phone_id": "5f0c8f36-6a0e-4a2c-9a57-0f1cbb9c0001",
                "uuid": "5f0c8f36-6a0e-4a2c-9a57-0f1cbb9c0002",
                "client_session_id": "5f0c8f36-6a0e-4a2c-9a57-0f1cbb9c0003",
                "advertising_id": "5f0c8f36-6a0e-4a2c-9a57-0f1cbb9c0004",
                "android_device_id": "android-5f0c8f366a0e4a2c",
                "request_id": "5f0c8f36-6a0e-4a2c-9a57-0f1cbb9c0005",
                "tray_session_id": "5f0c8f36-6a0e-4a2c-9a57-0f1cbb9c0006",
            },
        }

    def _new_session(self, user_pk: int) -> str:
        sessionid = f"{user_pk}%3Afake{next(self._comment_ids)}"
        with self._lock:
            self.sessions[sessionid] = user_pk
        return sessionid

    def expire_sessions(self) -> None:
        """Every saved session becomes invalid (the next call gets 403 login_required)."""
        with self._lock:
            self.sessions.clear()

    def fail_next(self, path_regex: str, fault: str, times: int = 1) -> None:
        """The next ``times`` requests whose path matches ``path_regex`` get ``fault``."""
        self.faults.named(path_regex, fault, times)

    def respond_next(self, path_regex: str, status: int, body: Any, times: int = 1) -> None:
        """The next ``times`` matching requests get this recorded answer (dict: JSON; str: HTML)."""
        self.faults.respond(path_regex, status, body, times=times)

    def delay_next(self, path_regex: str, seconds: float, times: int = 1) -> None:
        """The next ``times`` matching requests are served normally, after ``seconds``."""
        self.faults.delay(path_regex, seconds, times)

    def release_delays(self) -> None:
        """Every delayed request (now or later) is served at once."""
        self.faults.released.set()

    def captionless_next(self, count: int = 1) -> None:
        """The next ``count`` media go live with ``caption: null`` (as Instagram has done)."""
        self.faults.captionless_next(count)

    def lag_feed(self, reads: int) -> None:
        """For the next ``reads`` feed requests, media created from now on are not listed yet."""
        with self._lock:
            newest = max(self.medias, default=0)
        self.faults.lag_feed(reads, newest)

    def seed_replies(self, entries: Iterable[Mapping[str, Any]], media_id: str | None = None) -> list[str]:
        """Add reader comments ({text, username, reply_to?}) to a media, or to the next one published.

        ``reply_to`` is the pk of an existing comment, or the index of an earlier entry in
        ``entries``. Returns the new comment pks (empty when queued for the next media).
        """
        batch = list(entries)
        if media_id is None:
            with self._lock:
                self._seed_queue.append(batch)
            return []
        return self.add_comments(media_id, batch)

    def media_list(self) -> list[dict[str, Any]]:
        """Every media published here, newest first (what GET /__fake__/medias returns)."""
        with self._lock:
            out = []
            for m in sorted(self.medias.values(), key=lambda m: m.pk, reverse=True):
                out.append(
                    {
                        "media_id": f"{m.pk}_{m.owner_pk}",
                        "pk": str(m.pk),
                        "code": m.code,
                        "kind": {1: "photo", 8: "carousel"}.get(m.media_type, "photo")
                        if m.product != "story"
                        else "story",
                        "caption": m.caption,
                        "sent_caption": m.sent_caption or m.caption,
                        "alt_texts": list(m.alt_texts),
                        "taken_at": m.taken_at,
                        "owner": self.users[m.owner_pk]["username"],
                        "deleted": m.deleted,
                        "comment_count": _count(m),
                    }
                )
            return out

    def requests_to(self, path_regex: str) -> list[Recorded]:
        pattern = re.compile(path_regex)
        with self._lock:
            return [r for r in self.requests if pattern.search(r.path)]

    # --- internals used by the handler ---

    def _media(self, media_id: str | int) -> _Media | None:
        text = str(media_id).split("_", 1)[0]
        if not text.isdigit():
            return None
        media = self.medias.get(int(text))
        return media if media is not None and not media.deleted else None


# --- JSON shapes instagrapi parses ---


def _code(n: int) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    out = ""
    n += 7_777_777
    while n:
        n, r = divmod(n, 64)
        out = alphabet[r] + out
    return "C" + out


class _Handler(ReplyEndpoints, BaseHTTPRequestHandler):
    fake: FakeInstagram
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server_version = "FakeInstagram/1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the request log is the record
        return

    # --- plumbing ---

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        split = urlsplit(self.path)
        path = split.path
        query = {k: v[-1] for k, v in parse_qs(split.query, keep_blank_values=True).items()}
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        form = self._decode_form(body) if not path.startswith("/rupload") else {}
        host = self.headers.get(ORIGINAL_HOST_HEADER) or self.headers.get("Host") or ""
        recorded = Recorded(
            method=method,
            host=host,
            path=path,
            query=query,
            headers={k: v for k, v in self.headers.items() if k.lower() != "authorization"},
            body=body if path.startswith("/rupload") else b"",
            form=_redact(form),
            size=len(body),
        )
        fake = self.fake
        if not path.startswith("/__fake__/"):
            with fake._lock:
                fake.requests.append(recorded)
        self._method, self._query, self._form, self._body = method, query, form, body
        fault = None if path.startswith("/__fake__/") else fake.faults.take(path)
        if fault is not None and fault.kind == "delay":
            fake.faults.wait_delay(fault, fake._stopping)  # slow, then served as usual
            fault = None
        if fault is not None and fault.kind == "timeout":
            fake._stopping.wait(fake.hang_seconds)
            self.close_connection = True
            return
        if fault is not None and fault.kind != "drop_after_configure":
            status, raw, content_type = fake.faults.response_of(fault)
            self._send_raw(status, raw, content_type)
            return
        try:
            status, payload, headers = self._route(path)
        except _Reply as reply:
            status, payload, headers = reply.status, reply.payload, reply.headers
        if method == "POST" and fake.state_file is not None:
            fake.save_state()
        if fault is not None and fault.kind == "drop_after_configure":
            # The work is done (the media exists) but the answer never arrives.
            self.close_connection = True
            return
        self._send(status, payload, headers)

    def _decode_form(self, body: bytes) -> dict[str, Any]:
        if not body:
            return {}
        text = body.decode("utf-8", "replace")
        if text.startswith("{"):
            try:
                value = json.loads(text)
                return value if isinstance(value, dict) else {}
            except ValueError:
                return {}
        fields = {k: v[-1] for k, v in parse_qs(text, keep_blank_values=True).items()}
        signed = fields.pop("signed_body", None)
        if signed is not None and signed.startswith("SIGNATURE."):
            try:
                decoded = json.loads(signed[len("SIGNATURE.") :])
                if isinstance(decoded, dict):
                    fields.update(decoded)
            except ValueError:
                pass
        return fields

    def _send(self, status: int, payload: Any, headers: Mapping[str, str] | None = None) -> None:
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        extra = dict(headers or {})
        self.send_header(
            "Content-Type",
            extra.pop("Content-Type", "application/json" if not isinstance(payload, bytes) else "text/plain"),
        )
        self.send_header("Content-Length", str(len(data)))
        for key, value in extra.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def _send_raw(self, status: int, data: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    # --- routing ---

    def _route(self, path: str) -> tuple[int, Any, dict[str, str]]:
        if path.startswith("/__fake__/"):
            return self._control(path)
        if path.startswith("/p/") and self._method == "GET":  # a sandbox post's permalink
            from tipqueue.instagram.fake.state import media_page

            page = media_page(self.fake, path.split("/")[2])
            if page is None:
                return 404, b"no such post in the sandbox", {}
            return 200, page, {"Content-Type": "text/html; charset=utf-8"}
        if path.startswith("/rupload_igphoto/") or path.startswith("/rupload_igvideo/"):
            self._auth()
            return self._rupload(path)
        user = self._auth() if not _PUBLIC_PATHS.search(path) else None
        for pattern, name in _ROUTES:
            match = pattern.match(path)
            if match:
                handler: Callable[..., tuple[int, Any, dict[str, str]]] = getattr(self, name)
                return handler(user, *match.groups())
        return 404, {"message": f"fake Instagram has no endpoint {path}", "status": "fail"}, {}

    def _auth(self) -> dict[str, Any]:
        header = self.headers.get("Authorization") or ""
        sessionid = None
        if header.startswith("Bearer IGT:2:"):
            try:
                data = json.loads(base64.b64decode(header[len("Bearer IGT:2:") :]))
                sessionid = data.get("sessionid")
            except ValueError:
                sessionid = None
        with self.fake._lock:
            pk = self.fake.sessions.get(sessionid or "")
        if pk is None:
            raise _Reply(
                403,
                {
                    "message": "login_required",
                    "error_title": "You've Been Logged Out",
                    "logout_reason": 8,
                    "status": "fail",
                },
            )
        return self.fake.users[pk]

    def _param(self, key: str, default: str = "") -> str:
        value = self._query.get(key)
        if value is None:
            value = self._form.get(key)
        return default if value is None else str(value)

    # --- login ---

    def current_user(self, user: dict[str, Any]) -> tuple[int, Any, dict[str, str]]:
        return 200, {"user": user, "status": "ok"}, {}

    def graphql_www(self, user: Any) -> tuple[int, Any, dict[str, str]]:
        return 200, {"data": {"usdid_registration": {"success": True}}, "status": "ok"}, {}

    def keystore(self, user: Any) -> tuple[int, Any, dict[str, str]]:
        return 200, {"challenge_nonce": "fake-nonce", "key_nonce": "fake-key-nonce", "status": "ok"}, {}

    def qe_sync(self, user: Any) -> tuple[int, Any, dict[str, str]]:
        pem = _rsa_key().publickey().export_key()
        headers = {
            "ig-set-password-encryption-key-id": "41",
            "ig-set-password-encryption-pub-key": base64.b64encode(pem).decode(),
        }
        return 200, {"status": "ok"}, headers

    def ok(self, user: Any, *rest: str) -> tuple[int, Any, dict[str, str]]:
        return 200, {"status": "ok"}, {}

    def bloks(self, user: Any, action: str) -> tuple[int, Any, dict[str, str]]:
        params = _json_field(self._form.get("params"))
        if action.endswith("process_client_data_and_redirect"):
            node = {"data": {"key": "CAA_ACCOUNT_ACCESS_CONTEXT:aac", "initial": "fake-aac"}}
            return 200, {"layout": {"bloks_payload": {"data": [node]}}, "status": "ok"}, {}
        if action.endswith("send_login_request"):
            inputs = params.get("client_input_params", {})
            username = str(inputs.get("contact_point") or "")
            self._check_password(str(inputs.get("password") or ""))
            if self._needs_second_factor():
                return (
                    200,
                    {
                        "layout": {"bloks_payload": {"data": []}},
                        "two_step_verification_context": f"fake-2fa:{username}",
                        "totp_two_factor_on": self.fake.totp_seed is not None,
                        "sms_two_factor_on": self.fake.totp_seed is None,
                        "status": "ok",
                    },
                    {},
                )
            return self._caa_success(username)
        if action.endswith("two_step_verification.verify_code.async"):
            server = params.get("server_params", {})
            context = str(server.get("two_step_verification_context") or "")
            code = str(params.get("client_input_params", {}).get("code") or "")
            self._check_code(code)
            return self._caa_success(context.removeprefix("fake-2fa:"))
        return 200, {"layout": {"bloks_payload": {}}, "status": "ok"}, {}

    def legacy_login(self, user: Any) -> tuple[int, Any, dict[str, str]]:
        self._check_password(str(self._form.get("enc_password") or ""))
        username = str(self._form.get("username") or "")
        if self._needs_second_factor():
            raise _Reply(
                400,
                {
                    "message": "",
                    "two_factor_required": True,
                    "two_factor_info": {
                        "username": username,
                        "two_factor_identifier": f"fake-tfid:{username}",
                        "totp_two_factor_on": self.fake.totp_seed is not None,
                    },
                    "error_type": "two_factor_required",
                    "status": "fail",
                },
            )
        return self._legacy_success(username)

    def two_factor_login(self, user: Any) -> tuple[int, Any, dict[str, str]]:
        self._check_code(str(self._form.get("verification_code") or ""))
        identifier = str(self._form.get("two_factor_identifier") or "")
        return self._legacy_success(identifier.removeprefix("fake-tfid:"))

    def _needs_second_factor(self) -> bool:
        return self.fake.two_factor_code is not None or self.fake.totp_seed is not None

    def _check_password(self, encrypted: str) -> None:
        expected = self.fake.password
        if expected is None:
            return
        if _decrypt_password(encrypted) != expected:
            raise _Reply(
                400,
                {
                    "message": "The password you entered is incorrect.",
                    "error_type": "bad_password",
                    "status": "fail",
                },
            )

    def _check_code(self, code: str) -> None:
        fake = self.fake
        valid = set()
        if fake.two_factor_code:
            valid.add(fake.two_factor_code)
        if fake.totp_seed:
            now = fake.clock()
            valid.update(totp_code(fake.totp_seed, now + d) for d in (-30, 0, 30))
        if code.strip() not in valid:
            raise _Reply(
                400,
                {
                    "message": "Please check the security code and try again.",
                    "error_type": "invalid_verification_code",
                    "status": "fail",
                },
            )

    def _grant(self, username: str) -> tuple[dict[str, Any], str]:
        user = self.fake.user(username or self.fake.owner["username"])
        sessionid = self.fake._new_session(user["pk"])
        token = {
            "ds_user_id": str(user["pk"]),
            "sessionid": sessionid,
            "should_use_header_over_cookies": True,
        }
        return user, "Bearer IGT:2:" + base64.b64encode(json.dumps(token).encode()).decode()

    def _caa_success(self, username: str) -> tuple[int, Any, dict[str, str]]:
        user, authorization = self._grant(username)
        inner = {
            "login_response": json.dumps({"logged_in_user": user, "status": "ok"}),
            "headers": json.dumps({"IG-Set-Authorization": authorization}),
            "cookies": "",
        }
        action = "(bk.action.caa.HandleLoginResponse, " + json.dumps(json.dumps(inner)) + ")"
        return 200, {"layout": {"bloks_payload": {"action": action}}, "status": "ok"}, {}

    def _legacy_success(self, username: str) -> tuple[int, Any, dict[str, str]]:
        user, authorization = self._grant(username)
        return 200, {"logged_in_user": user, "status": "ok"}, {"ig-set-authorization": authorization}

    # --- publishing ---

    def _rupload(self, path: str) -> tuple[int, Any, dict[str, str]]:
        params = _json_field(self.headers.get("X-Instagram-Rupload-Params"))
        upload_id = str(params.get("upload_id") or path.rsplit("/", 1)[-1].split("_", 1)[0])
        with self.fake._lock:
            self.fake.uploads[upload_id] = {"bytes": len(self._body), "params": params}
        return 200, {"upload_id": upload_id, "xsharing_nonces": {}, "status": "ok"}, {}

    def _require_upload(self, upload_id: str) -> None:
        if upload_id not in self.fake.uploads:
            raise _Reply(
                400,
                {"message": f"upload {upload_id} was never received", "error_type": "media_needs_reupload"},
            )

    def configure(self, user: dict[str, Any]) -> tuple[int, Any, dict[str, str]]:
        upload_id = str(self._form.get("upload_id") or "")
        self._require_upload(upload_id)
        alt = str(self._form.get("custom_accessibility_caption") or "")
        media = self._create(user, 1, "feed", str(self._form.get("caption") or ""), [alt])
        return 200, {"media": self._media_json(media), "status": "ok"}, {}

    def configure_sidecar(self, user: dict[str, Any]) -> tuple[int, Any, dict[str, str]]:
        children = self._form.get("children_metadata") or []
        if isinstance(children, str):
            children = _json_list(children)
        for child in children:
            self._require_upload(str(child.get("upload_id")))
        alts = [str(child.get("custom_accessibility_caption") or "") for child in children]
        media = self._create(user, 8, "feed", str(self._form.get("caption") or ""), alts)
        return 200, {"media": self._media_json(media), "status": "ok"}, {}

    def configure_story(self, user: dict[str, Any]) -> tuple[int, Any, dict[str, str]]:
        upload_id = str(self._form.get("upload_id") or "")
        self._require_upload(upload_id)
        alt = str(self._form.get("custom_accessibility_caption") or "")
        media = self._create(user, 1, "story", str(self._form.get("caption") or ""), [alt])
        return 200, {"media": self._media_json(media), "status": "ok"}, {}

    def _create(
        self, user: dict[str, Any], media_type: int, product: str, caption: str, alts: list[str]
    ) -> _Media:
        fake = self.fake
        with fake._lock:
            pk = next(fake._ids)
            media = _Media(
                pk=pk,
                owner_pk=user["pk"],
                code=_code(len(fake.medias) + 1),
                taken_at=int(fake.clock()),
                media_type=media_type,
                product=product,
                caption="" if product != "story" and fake.faults.take_captionless() else caption,
                alt_texts=alts,
                sent_caption=caption,
            )
            if media_type == 8:
                media.children = [
                    {"pk": next(fake._ids), "media_type": 1, "accessibility_caption": a} for a in alts
                ]
            fake.medias[pk] = media
            user["media_count"] = user.get("media_count", 0) + 1
            if product != "story" and fake._seed_queue:
                fake.add_comments(str(pk), fake._seed_queue.pop(0))
        return media

    def _media_json(self, m: _Media) -> dict[str, Any]:
        owner = self.fake.users[m.owner_pk]
        base = self.fake.base_url
        out: dict[str, Any] = {
            "pk": m.pk,
            "id": f"{m.pk}_{m.owner_pk}",
            "code": m.code,
            "taken_at": m.taken_at,
            "media_type": m.media_type,
            "product_type": "story"
            if m.product == "story"
            else ("carousel_container" if m.media_type == 8 else "feed"),
            "user": _short(owner),
            "caption": {"pk": str(m.pk), "text": m.caption, "created_at": m.taken_at} if m.caption else None,
            "comment_count": _count(m),
            "like_count": 0,
            "usertags": {"in": []},
            "accessibility_caption": m.alt_texts[0] if m.alt_texts else "",
        }
        if m.media_type == 8:
            out["carousel_media"] = [
                {
                    "pk": child["pk"],
                    "id": f"{child['pk']}_{m.owner_pk}",
                    "media_type": 1,
                    "accessibility_caption": child["accessibility_caption"],
                    "image_versions2": {
                        "candidates": [
                            {"url": f"{base}/cdn/{child['pk']}.jpg", "width": 1080, "height": 1350}
                        ]
                    },
                }
                for child in m.children
            ]
        else:
            out["image_versions2"] = {
                "candidates": [{"url": f"{base}/cdn/{m.pk}.jpg", "width": 1080, "height": 1350}]
            }
        return out

    def _owned_media(self, user: dict[str, Any], media_id: str) -> _Media:
        media = self.fake._media(media_id)
        if media is None:
            raise _Reply(400, {"message": "Media not found or unavailable", "status": "fail"})
        return media

    def media_info(self, user: dict[str, Any], media_id: str) -> tuple[int, Any, dict[str, str]]:
        media = self._owned_media(user, media_id)
        return 200, {"items": [self._media_json(media)], "num_results": 1, "status": "ok"}, {}

    def media_delete(self, user: dict[str, Any], media_id: str) -> tuple[int, Any, dict[str, str]]:
        media = self._owned_media(user, media_id)
        if media.owner_pk != user["pk"]:
            raise _Reply(400, {"message": "You cannot delete this media", "status": "fail"})
        with self.fake._lock:
            media.deleted = True
        return 200, {"did_delete": True, "status": "ok"}, {}

    def user_feed(self, user: dict[str, Any], user_pk: str) -> tuple[int, Any, dict[str, str]]:
        count = int(self._param("count", "20") or 20)
        max_id = self._param("max_id")
        with self.fake._lock:
            items = [
                m
                for m in sorted(self.fake.medias.values(), key=lambda m: m.pk, reverse=True)
                if str(m.owner_pk) == user_pk and m.product != "story" and not m.deleted
            ]
        hide_above = self.fake.faults.feed_hides_above()
        if hide_above is not None:  # the feed lags: newer media are not listed yet
            items = [m for m in items if m.pk <= hide_above]
        if max_id:
            items = [m for m in items if m.pk < int(max_id)]
        page, more = items[:count], len(items) > count
        return (
            200,
            {
                "items": [self._media_json(m) for m in page],
                "num_results": len(page),
                "more_available": more,
                "next_max_id": str(page[-1].pk) if more else None,
                "status": "ok",
            },
            {},
        )

    def user_story(self, user: dict[str, Any], user_pk: str) -> tuple[int, Any, dict[str, str]]:
        return 200, {"reel": None, "status": "ok"}, {}

    def username_info(self, user: dict[str, Any], username: str) -> tuple[int, Any, dict[str, str]]:
        return 200, {"user": self.fake.user(username), "status": "ok"}, {}

    def post_comment(self, user: dict[str, Any], media_id: str) -> tuple[int, Any, dict[str, str]]:
        media = self._owned_media(user, media_id)
        text = str(self._form.get("comment_text") or "")
        entry: dict[str, Any] = {"text": text, "username": user["username"]}
        if self._form.get("replied_to_comment_id"):
            entry["reply_to"] = str(self._form["replied_to_comment_id"])
        (pk,) = self.fake.add_comments(str(media.pk), [entry])
        with self.fake._lock:
            comment = self.fake._comment(media, int(pk))
            assert comment is not None
            body = _comment_json(comment, media)
        return 200, {"comment": body, "status": "ok"}, {}

    def news_inbox(self, user: dict[str, Any]) -> tuple[int, Any, dict[str, str]]:
        return 200, {"new_stories": [], "old_stories": [], "status": "ok"}, {}

    # --- control API for other processes (tipqueue sandbox) ---

    def _control(self, path: str) -> tuple[int, Any, dict[str, str]]:
        fake = self.fake
        data: Any = {}
        if self._body:
            try:
                data = json.loads(self._body)
            except ValueError:
                return 400, {"error": "body is not JSON"}, {}
        try:
            if path == "/__fake__/health":
                return 200, {"ok": True, "base_url": fake.base_url}, {}
            if path == "/__fake__/medias" and self._method == "GET":
                return 200, fake.media_list(), {}
            if path == "/__fake__/requests" and self._method == "GET":
                with fake._lock:
                    return 200, [r.to_json() for r in fake.requests], {}
            if path == "/__fake__/comments" and self._method == "POST":
                entries = data if isinstance(data, list) else data.get("comments", [])
                media_id = None if isinstance(data, list) else data.get("media_id")
                if media_id is None:
                    latest = fake.media_list()
                    if not latest:
                        return 404, {"error": "no media yet; publish one or pass media_id"}, {}
                    media_id = latest[0]["media_id"]
                return 200, {"media_id": media_id, "comment_ids": fake.add_comments(media_id, entries)}, {}
            if path == "/__fake__/seed-replies" and self._method == "POST":
                entries = data if isinstance(data, list) else data.get("comments", [])
                media_id = None if isinstance(data, list) else data.get("media_id")
                return 200, {"comment_ids": fake.seed_replies(entries, media_id)}, {}
            if path == "/__fake__/faults" and self._method == "POST":
                where, times = str(data.get("path", ".")), int(data.get("times", 1))
                if "status" in data:  # a recorded answer: {"path", "status", "body"}
                    fake.respond_next(where, int(data["status"]), data.get("body", {}), times)
                elif data.get("fault") == "delay":
                    fake.delay_next(where, float(data.get("seconds", 1.0)), times)
                elif data.get("fault") == "captionless":
                    fake.captionless_next(times)
                elif data.get("fault") == "feed_lag":
                    fake.lag_feed(times)
                else:
                    fake.fail_next(where, str(data["fault"]), times)
                return 200, {"ok": True}, {}
            if path == "/__fake__/direct" and self._method == "POST":
                text, who, folder = (
                    str(data["text"]),
                    str(data["username"]),
                    str(data.get("folder") or "primary"),
                )
                return 200, {"item_id": fake.add_direct_message(text, who, folder=folder)}, {}
            if path == "/__fake__/mentions" and self._method == "POST":
                return 200, {"media_id": fake.add_usertag(str(data["caption"]), str(data["username"]))}, {}
            if path == "/__fake__/expire-sessions" and self._method == "POST":
                fake.expire_sessions()
                return 200, {"ok": True}, {}
        except (KeyError, ValueError, TypeError) as exc:
            return 400, {"error": str(exc)}, {}
        return 404, {"error": f"no control endpoint {self._method} {path}"}, {}


class _Reply(Exception):
    def __init__(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        super().__init__(status)
        self.status, self.payload, self.headers = status, payload, headers or {}


_ROUTES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), name)
    for p, name in [
        (r"^/api/v1/accounts/current_user/$", "current_user"),
        (r"^/(?:api/)?graphql_www/?$", "graphql_www"),
        (r"^/api/v1/bloks/async_action/([^/]+)/$", "bloks"),
        (r"^/api/v1/bloks/apps/([^/]+)/$", "bloks"),
        (r"^/api/v1/attestation/create_android_keystore/$", "keystore"),
        (r"^/api/v1/qe/sync/$", "qe_sync"),
        (r"^/api/v1/launcher/sync/$", "ok"),
        (r"^/api/v1/accounts/login/$", "legacy_login"),
        (r"^/api/v1/accounts/two_factor_login/$", "two_factor_login"),
        (r"^/api/v1/feed/reels_tray/$", "ok"),
        (r"^/api/v1/feed/timeline/$", "ok"),
        (r"^/api/v1/media/configure/$", "configure"),
        (r"^/api/v1/media/configure_sidecar/$", "configure_sidecar"),
        (r"^/api/v1/media/configure_to_story/$", "configure_story"),
        (r"^/api/v1/media/([^/]+)/info/$", "media_info"),
        (r"^/api/v1/media/([^/]+)/delete/$", "media_delete"),
        (r"^/api/v1/media/([^/]+)/comment/$", "post_comment"),
        (r"^/api/v1/feed/user/([^/]+)/story/$", "user_story"),
        (r"^/api/v1/feed/user/([^/]+)/$", "user_feed"),
        (r"^/api/v1/users/([^/]+)/usernameinfo/$", "username_info"),
        (r"^/api/v1/news/inbox/$", "news_inbox"),
        *REPLY_ROUTES,
    ]
]


def _json_field(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    if not value:
        return {}
    try:
        decoded = json.loads(value)
    except ValueError:
        return {}
    return decoded if isinstance(decoded, dict) else {}


def _json_list(value: str) -> list[dict[str, Any]]:
    try:
        decoded = json.loads(value)
    except ValueError:
        return []
    return decoded if isinstance(decoded, list) else []


def _redact(form: Mapping[str, Any]) -> dict[str, Any]:
    """The form as the request log keeps it: every secret field replaced, at any depth.

    The bloks login sends its fields as JSON inside ``params`` (``client_input_params.password``,
    ``client_input_params.code`` for the 2FA code), so that JSON is read and redacted too; a
    ``params`` that cannot be read is dropped whole rather than kept with a secret in it.
    """
    out: dict[str, Any] = {}
    for key, value in form.items():
        if key in _SECRET_FIELDS:
            out[key] = "<redacted>"
        elif key == "params" and isinstance(value, str):
            try:
                decoded = json.loads(value)
            except ValueError:
                out[key] = "<redacted: not JSON>"
                continue
            out[key] = json.dumps(_redact_value(decoded))
        else:
            out[key] = _redact_value(value)
    return out


def _redact_value(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: "<redacted>" if k in _SECRET_FIELDS else _redact_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact_value(v) for v in value]
    if isinstance(value, str) and value[:1] in "{[":
        try:
            decoded = json.loads(value)
        except ValueError:
            return value
        return json.dumps(_redact_value(decoded)) if isinstance(decoded, dict | list) else value
    return value


def _decrypt_password(encrypted: str) -> str | None:
    """Undo instagrapi's #PWD_INSTAGRAM:4 envelope with the fake's private key."""
    from Cryptodome.Cipher import AES, PKCS1_v1_5

    try:
        _, _, timestamp, payload = encrypted.split(":", 3)
        raw = base64.b64decode(payload)
        size = int.from_bytes(raw[14:16], "little")
        iv, rsa_part = raw[2:14], raw[16 : 16 + size]
        tag, secret = raw[16 + size : 32 + size], raw[32 + size :]
        session_key = PKCS1_v1_5.new(_rsa_key()).decrypt(rsa_part, None)
        if not session_key:
            return None
        cipher = AES.new(session_key, AES.MODE_GCM, iv)
        cipher.update(timestamp.encode())
        return str(cipher.decrypt_and_verify(secret, tag).decode("utf-8"))
    except (ValueError, IndexError):
        return None


def serve_until_interrupted(fake: FakeInstagram, on_ready: Callable[[str], None]) -> None:
    """Run a started fake until Ctrl-C (used by `tipqueue sandbox`)."""
    try:
        on_ready(fake.base_url)  # inside: a Ctrl-C right after the banner still stops cleanly
        while not fake._stopping.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        fake.stop()


__all__ = [
    "FAULTS",
    "ORIGINAL_HOST_HEADER",
    "FakeInstagram",
    "Recorded",
    "serve_until_interrupted",
    "totp_code",
]
