"""Expired S3 links are refused, against an S3-compatible server that enforces presigned expiry.

moto's server (the other S3 tests) serves an expired or forged presigned URL with 200, so it
cannot show what Meta meets when a link has expired. s3rver (an S3-compatible server on npm)
answers an expired presigned GET with 403 "Request has expired", as S3 does. `.ci/run` installs it
into .ci/node when npm is present; without it these tests are skipped with that reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from tipqueue.config.errors import TransientError
from tipqueue.instagram.graph.connect import connect_graph
from tipqueue.instagram.graph.fake import FakeGraph
from tipqueue.instagram.graph.hosting import HostedImage, S3MediaHost

from tests.instagram.graph.kit import free_port, write_graph_workspace

ROOT = Path(__file__).resolve().parents[3]
BUCKET = "tipqueue-media"
KEYS = {"AWS_ACCESS_KEY_ID": "S3RVER", "AWS_SECRET_ACCESS_KEY": "S3RVER", "AWS_DEFAULT_REGION": "us-east-1"}


def s3rver_command() -> Path | None:
    given = os.environ.get("TIPQUEUE_S3RVER")
    found = Path(given) if given else ROOT / ".ci" / "node" / "node_modules" / ".bin" / "s3rver"
    return found if found.exists() and shutil.which("node") else None


@pytest.fixture(scope="module")
def s3rver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    command = s3rver_command()
    if command is None:
        pytest.skip("needs Node and s3rver: `npm install --prefix .ci/node s3rver@3.7.1` (.ci/run does it)")
    port = free_port()
    data = tmp_path_factory.mktemp("s3rver")
    process = subprocess.Popen(
        [str(command), "-d", str(data), "-a", "127.0.0.1", "-p", str(port), "--configure-bucket", BUCKET],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(endpoint, timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("s3rver did not start") from None
                time.sleep(0.1)
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=10)


class LateHost(S3MediaHost):
    """Links that expire before Meta gets to them (Meta fetched late, or link_minutes too short)."""

    def put(self, image: Path, *, now: datetime) -> HostedImage:
        hosted = super().put(image, now=now)
        time.sleep(self.expires.total_seconds() + 1.2)  # the server's own clock must pass the expiry
        return hosted


def host(endpoint: str, expires: timedelta, kind: type[S3MediaHost] = S3MediaHost) -> S3MediaHost:
    import boto3
    from botocore.config import Config

    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=KEYS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["AWS_SECRET_ACCESS_KEY"],
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
    )
    return kind(BUCKET, prefix="t/", expires=expires, client=client)


def test_a_fresh_presigned_link_is_fetched_and_an_expired_one_is_refused_by_the_server(
    s3rver: str, jpegs: list[Path]
) -> None:
    # 3 s: long enough that the first fetch is in time on a busy machine (at 1 s it was not always)
    media = host(s3rver, timedelta(seconds=3))
    signed = time.monotonic()
    hosted = media.put(jpegs[0], now=datetime.now(UTC))
    assert "X-Amz-Expires=3" in hosted.url
    fresh = httpx.get(hosted.url)
    assert fresh.status_code == 200 and fresh.content == jpegs[0].read_bytes()
    time.sleep(max(0.0, signed + 3 + 1.2 - time.monotonic()))  # the server's clock must pass the expiry
    expired = httpx.get(hosted.url)
    assert expired.status_code == 403 and "Request has expired" in expired.text


def test_meta_meets_an_expired_s3_link_and_nothing_goes_live(
    s3rver: str, fake_graph: FakeGraph, jpegs: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in KEYS.items():
        monkeypatch.setenv(key, value)
    ws = tmp_path / "ws"
    settings = write_graph_workspace(
        ws,
        fake_graph,
        f"sqlite:///{ws / 'tipqueue.db'}",
        media={"kind": "s3", "bucket": BUCKET, "endpoint_url": s3rver, "region": "us-east-1", "prefix": "t/"},
    )
    acct = connect_graph(settings, "clinic", environ={})
    # a link that is still valid when Meta fetches it: the post goes live from the bucket
    acct.media_host = host(s3rver, timedelta(minutes=60))
    live = acct.publish_photo(jpegs[0], "From the bucket", alt_text="alt")
    assert [f.status for f in fake_graph.fetches] == [200]
    assert fake_graph.fetches[0].url.startswith(f"{s3rver}/{BUCKET}/t/")
    assert [m["media_id"] for m in fake_graph.media_list()] == [live.media_id]

    # a link that has expired by the time Meta fetches it: refused, the attempt ends, nothing live
    acct.media_host = host(s3rver, timedelta(seconds=1), LateHost)
    with pytest.raises(TransientError, match="2207052"):
        acct.publish_photo(jpegs[1], "Too late")
    assert [f.status for f in fake_graph.fetches] == [200, 403]
    assert [m["media_id"] for m in fake_graph.media_list()] == [live.media_id]
