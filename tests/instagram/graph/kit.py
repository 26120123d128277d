"""Shared pieces of the graph-backend tests (no tests here): workspaces, `tipqueue web` and moto.

* ``write_graph_workspace``: tipqueue.toml for a graph account ``clinic`` on a FakeGraph, its
  token file (a token the fake issued) and ``[media_host]``;
* ``serving_web``: the real `tipqueue web` app (uvicorn, in a thread, on 127.0.0.1) so the fake
  fetches images from its signed /media/ links;
* ``moto_s3``: moto's S3 server on 127.0.0.1 with a bucket, for the S3 media host.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tipqueue.config.settings import Settings, load_settings
from tipqueue.instagram.graph.fake import FakeGraph
from tipqueue.instagram.graph.token import Token, TokenStore

ACCOUNT = "clinic"
BUCKET = "tipqueue-media"
S3_KEYS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def write_graph_workspace(
    workspace: Path,
    fake: FakeGraph,
    db_url: str,
    *,
    media: dict[str, Any],
    token_lifetime: timedelta = timedelta(days=60),
    refreshed_days_ago: float = 0,
    **publish: object,
) -> Settings:
    workspace.mkdir(parents=True, exist_ok=True)
    media_lines = "".join(f"{k} = {json.dumps(v)}\n" for k, v in media.items())
    publish_lines = "".join(f"{k} = {json.dumps(v)}\n" for k, v in publish.items())
    (workspace / "tipqueue.toml").write_text(
        f"database_url = {json.dumps(db_url)}\n"
        f'default_account = "{ACCOUNT}"\n\n'
        f"[accounts.{ACCOUNT}]\n"
        f'username = "clinic.demo"\nbackend = "graph"\n'
        f'ig_user_id = "{fake.ig_user_id}"\napp_id = "{fake.app_id}"\n'
        f"graph_url = {json.dumps(fake.base_url)}\noauth_url = {json.dumps(fake.base_url)}\n"
        f"authorize_url = {json.dumps(fake.base_url + '/oauth/authorize')}\n\n"
        f"[media_host]\n{media_lines}\n"
        f"[publish]\n{publish_lines}",
        encoding="utf-8",
    )
    settings = load_settings(workspace, environ={})
    now = datetime.now(UTC)
    value = fake.issue_token(lifetime=token_lifetime.total_seconds())
    refreshed = now - timedelta(days=refreshed_days_ago)
    TokenStore(ACCOUNT, "file", settings.sessions_dir).save(
        Token(value, fake.ig_user_id, refreshed + token_lifetime, refreshed)
    )
    return settings


@contextmanager
def serving_web(settings: Settings, *, port: int | None = None) -> Iterator[str]:
    """`tipqueue web`'s app on 127.0.0.1 in a thread; yields its base URL."""
    import uvicorn

    from tipqueue.web import create_app

    port = port or free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="error", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def moto_s3() -> Iterator[str]:
    """moto's S3-compatible server on loopback with the bucket made; yields its endpoint URL."""
    import boto3
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    try:
        boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(Bucket=BUCKET)
        yield endpoint
    finally:
        server.stop()
