"""Route a REAL instagrapi client to a loopback fake Instagram.

instagrapi talks through three plain ``requests.Session`` objects (``client.private``,
``client.public``, ``client.graphql``) and always builds ``https://<instagram host>/...`` URLs.
:class:`LoopbackAdapter` is mounted on each session for every Instagram host prefix; requests
picks the longest matching prefix, so the mount survives instagrapi re-mounting its own
``https://`` adapter (``set_settings``, ``load_settings``, ``set_retry_config``). The adapter
rewrites ``https://<host>/<path>?<query>`` to ``http://127.0.0.1:<port>/<path>?<query>`` and
passes the original host in a header. No instagrapi code is patched.

:func:`without_upload_pause` removes the hard-coded ``time.sleep(3)`` inside instagrapi's own
``photo_upload`` / ``photo_upload_to_story`` (process-wide; for tests and demos that call those
directly; tipqueue's publisher does not use them).
"""

from __future__ import annotations

import contextlib
import types
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from requests import PreparedRequest, Response
from requests.adapters import HTTPAdapter
from tipqueue.instagram.fake.server import ORIGINAL_HOST_HEADER

#: Every Instagram host instagrapi 3.2.2 sends requests to through its sessions.
INSTAGRAM_PREFIXES = (
    "https://i.instagram.com/",
    "https://b.i.instagram.com/",
    "https://www.instagram.com/",
    "https://instagram.com/",
    "https://api.instagram.com/",
    "https://graph.instagram.com/",
    "https://z-p42-i.instagram.com/",
    "http://i.instagram.com/",
    "http://www.instagram.com/",
)


class LoopbackAdapter(HTTPAdapter):
    """Send what was meant for an Instagram host to the fake at ``base_url`` instead."""

    def __init__(self, base_url: str, *, timeout: float = 30.0) -> None:
        super().__init__(max_retries=0)
        split = urlsplit(base_url)
        if split.scheme != "http" or split.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError(f"{base_url!r} is not a loopback http:// address")
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def send(
        self,
        request: PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: Any = True,
        cert: Any = None,
        proxies: Any = None,
    ) -> Response:
        split = urlsplit(request.url or "")
        request.url = self.base_url + split.path + (f"?{split.query}" if split.query else "")
        request.headers[ORIGINAL_HOST_HEADER] = split.netloc
        request.headers.pop("Host", None)
        return super().send(
            request,
            stream=stream,
            timeout=self.timeout if timeout is None else timeout,
            verify=False,
            cert=None,
            proxies={},
        )


def route_client_to(client: Any, base_url: str, *, timeout: float = 30.0) -> None:
    """Mount a :class:`LoopbackAdapter` for every Instagram host on the client's three sessions."""
    for session in (client.private, client.public, client.graphql):
        session.trust_env = False  # no proxy or CA bundle from the environment
        session.proxies = {}
        adapter = LoopbackAdapter(base_url, timeout=timeout)
        for prefix in INSTAGRAM_PREFIXES:
            session.mount(prefix, adapter)


@contextlib.contextmanager
def without_upload_pause() -> Iterator[None]:
    """Skip the fixed 3 s sleep in instagrapi's photo_upload / photo_upload_to_story meanwhile.

    Swaps the module-global ``time`` of ``instagrapi.mixins.photo`` for a namespace whose
    ``sleep`` does nothing; everything else is the real ``time`` module. Process-wide: use it in
    tests and demos, not in a publisher shared by threads.
    """
    import time as real_time

    import instagrapi.mixins.photo as photo

    original = photo.time
    fast = types.SimpleNamespace(
        **{n: getattr(real_time, n) for n in dir(real_time) if not n.startswith("__")}
    )
    fast.sleep = lambda seconds: None
    photo.time = fast
    try:
        yield
    finally:
        photo.time = original
