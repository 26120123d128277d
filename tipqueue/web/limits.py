"""Request bodies: counted as they arrive, refused with 413 once over ``limits.request_body_mb``.

A body that says it is too large (``Content-Length``) is refused before a byte of it is read; one
that does not say (chunked) is counted chunk by chunk and refused as soon as the count passes the
limit. Either way the dashboard never holds more than the limit in memory (a 200 MB body used to
be read whole: 695 MB of memory). This is plain ASGI middleware, outside every other layer, so
no route, form parser or dependency ever sees more.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tipqueue.config.limits import MB, over_limit

STATUS = 413


def too_large_message(max_bytes: int, declared: int | None = None) -> str:
    """The one line a client gets for a body over the limit (its size when it was declared)."""
    found = declared / MB if declared is not None else None
    fix = "send less in one request"
    return str(over_limit("the request body", found, "request_body_mb", max_bytes / MB, unit="MB", fix=fix))


class BodyLimit:
    """ASGI middleware: at most ``max_bytes`` of request body reach the app."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await _refuse(scope, send, too_large_message(self.max_bytes, declared))
            return
        received = 0
        started = refused = False

        async def counted() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # answer now, and tell the app the client has gone: it stops reading, and
                    # whatever it answers is dropped (raising here would reach FastAPI inside an
                    # ExceptionGroup through the security middleware and become a 400)
                    refused = True
                    if not started:
                        await _refuse(scope, send, too_large_message(self.max_bytes))
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if refused:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        await self.app(scope, counted, guarded_send)


def _content_length(scope: Scope) -> int | None:
    for key, value in scope.get("headers", ()):
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None  # the server refuses a malformed length itself
    return None


async def _refuse(scope: Scope, send: Send, message: str) -> None:
    """Answer 413 without reading the body, as the app answers errors: JSON under /api/, else text."""
    is_api = str(scope.get("path", "")).startswith("/api/")
    body = json.dumps({"error": message}).encode() if is_api else message.encode()
    kind = b"application/json" if is_api else b"text/plain; charset=utf-8"
    headers: list[tuple[bytes, bytes]] = [
        (b"content-type", kind),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]
    start: dict[str, Any] = {"type": "http.response.start", "status": STATUS, "headers": headers}
    await send(start)
    await send({"type": "http.response.body", "body": body})
