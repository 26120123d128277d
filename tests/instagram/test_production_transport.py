"""The production transport: instagrapi's default curl HTTP/2 adapter, not the requests one.

Real accounts run on instagrapi's ``_CurlH2Adapter`` (curl_cffi, HTTP/2 only, TLS 1.3). Here it
carries the publisher's requests over TLS (a local test CA) and HTTP/2 to the fake, through
:mod:`tests.instagram.h2front`. Only the host is rewritten to loopback: the adapter doing the
wire work is the one a real account uses, built by tipqueue's own ``build_client``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from requests.adapters import BaseAdapter
from tipqueue.config.errors import NeedsPerson, TransientError
from tipqueue.instagram.client import InstagrapiAccount, build_client
from tipqueue.instagram.fake.redirect import INSTAGRAM_PREFIXES, route_client_to
from tipqueue.instagram.fake.server import ORIGINAL_HOST_HEADER, FakeInstagram

from tests.instagram.h2front import H2Front

pytest.importorskip("curl_cffi")


class ToLoopback(BaseAdapter):
    """Rewrites the host to the HTTP/2 front, then hands the request to the production adapter."""

    def __init__(self, production: Any, port: int, ca_file: Path) -> None:
        super().__init__()
        self.production, self.port, self.ca_file = production, port, str(ca_file)
        self.sent = 0

    def send(
        self,
        request: Any,
        stream: bool = False,
        timeout: Any = None,
        verify: Any = True,
        cert: Any = None,
        proxies: Any = None,
    ) -> Any:
        split = urlsplit(request.url)
        request.url = f"https://127.0.0.1:{self.port}{split.path}" + (
            f"?{split.query}" if split.query else ""
        )
        request.headers[ORIGINAL_HOST_HEADER] = split.netloc
        self.sent += 1
        return self.production.send(
            request, stream=stream, timeout=timeout, verify=self.ca_file, cert=None, proxies={}
        )

    def close(self) -> None:
        self.production.close()


@pytest.fixture
def curl_account(tmp_path: Path) -> Iterator[tuple[InstagrapiAccount, FakeInstagram, H2Front, ToLoopback]]:
    with FakeInstagram(username="clinic", hang_seconds=0.3) as fake, H2Front(fake.port, tmp_path) as front:
        client = build_client(fake.issue_session("clinic"), http_timeout=(5.0, 10.0))  # the default transport
        production = client.private.get_adapter("https://i.instagram.com/api/v1/")
        assert type(production).__name__ == "_CurlH2Adapter"
        route_client_to(client, fake.base_url)  # public/graphql sessions: never used for publishing
        wire = ToLoopback(production, front.port, front.ca_file)
        for prefix in INSTAGRAM_PREFIXES:
            client.private.mount(prefix, wire)
        account = InstagrapiAccount(
            "clinic", client, username="clinic", session_file=tmp_path / "s.json", configure_pause=0.0
        )
        yield account, fake, front, wire


def test_publishing_over_the_production_curl_http2_transport(
    curl_account: tuple[InstagrapiAccount, FakeInstagram, H2Front, ToLoopback], jpegs: list[Path]
) -> None:
    account, fake, front, wire = curl_account
    sent: list[list[str]] = []
    media = account.publish_photo(jpegs[0], "over http/2", alt_text="a card", on_send=sent.append)
    carousel = account.publish_carousel(jpegs[:2], "two slides", alt_texts=["a", "b"])
    recent = account.recent_media(limit=5)
    assert [m["caption"] for m in fake.media_list()] == ["two slides", "over http/2"]
    assert [m.media_id for m in recent] == [carousel.media_id, media.media_id]
    assert recent[0].slides == 2 and recent[0].media_type == 8
    assert sent and sent[0] == [r.form["upload_id"] for r in fake.requests_to(r"/media/configure/$")][:1]
    assert set(front.negotiated) == {"h2"} and wire.sent >= 5  # every request went over TLS + HTTP/2
    assert all(r.host == "i.instagram.com" for r in fake.requests_to(r"^/(api|rupload)"))


def test_faults_over_the_production_transport_map_as_on_the_requests_one(
    curl_account: tuple[InstagrapiAccount, FakeInstagram, H2Front, ToLoopback], jpegs: list[Path]
) -> None:
    account, fake, _front, _wire = curl_account
    account.publish_photo(jpegs[2], "warm", alt_text="x")  # the HTTP/2 connection is now reused
    fake.fail_next(r"/media/configure/$", "drop_after_configure")
    with pytest.raises(TransientError) as dropped:
        account.publish_photo(jpegs[0], "answer lost", alt_text="x")
    assert dropped.value.maybe_done  # the media exists; the engine must reconcile, never resend
    # libcurl re-sends a request whose REUSED connection died: without a fresh connection for
    # configure this made two media ("answer lost" twice)
    assert [m["caption"] for m in fake.media_list()] == ["answer lost", "warm"]
    fake.fail_next(r"/media/configure/$", "challenge")
    with pytest.raises(NeedsPerson, match="approve the login"):
        account.publish_photo(jpegs[1], "challenged", alt_text="x")
    assert len(fake.requests_to(r"/media/configure/$")) == 3  # one per publish: never re-sent
