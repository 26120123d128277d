"""Fixtures for the graph backend: the loopback Graph fake, `tipqueue web` as the media host,
moto's S3 server (one per test session), and a graph workspace wired to them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from tipqueue.config.settings import Settings
from tipqueue.instagram.graph.fake import FakeGraph

from tests.instagram.graph.kit import BUCKET, S3_KEYS, moto_s3, serving_web, write_graph_workspace


@pytest.fixture
def fake_graph() -> Iterator[FakeGraph]:
    with FakeGraph(polls_to_finish=1) as fake:
        yield fake


@dataclass
class WebHosted:
    settings: Settings
    base: str


@pytest.fixture
def web_hosted(tmp_path: Path, fake_graph: FakeGraph) -> Iterator[WebHosted]:
    """A graph workspace whose images `tipqueue web` serves (signed links, 60 min)."""
    ws = tmp_path / "ws"
    from tests.instagram.graph.kit import free_port

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    settings = write_graph_workspace(
        ws, fake_graph, f"sqlite:///{ws / 'tipqueue.db'}", media={"kind": "web", "public_base_url": base}
    )
    with serving_web(settings, port=port):
        yield WebHosted(settings, base)


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    mp = pytest.MonkeyPatch()
    for key, value in S3_KEYS.items():
        mp.setenv(key, value)
    try:
        with moto_s3() as endpoint:
            yield endpoint
    finally:
        mp.undo()


@pytest.fixture
def s3_settings(
    tmp_path: Path, fake_graph: FakeGraph, s3_endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> Settings:
    for key, value in S3_KEYS.items():
        monkeypatch.setenv(key, value)
    ws = tmp_path / "ws3"
    return write_graph_workspace(
        ws,
        fake_graph,
        f"sqlite:///{ws / 'tipqueue.db'}",
        media={
            "kind": "s3",
            "bucket": BUCKET,
            "endpoint_url": s3_endpoint,
            "region": "us-east-1",
            "prefix": "t/",
        },
    )
