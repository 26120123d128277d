"""Cron's `publish-due` on a graph workspace: nothing due, nothing imported; a token near expiry refreshed."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from tipqueue.instagram.graph.connect import token_store
from tipqueue.instagram.graph.fake import FakeGraph

from tests.instagram.graph.kit import write_graph_workspace
from tests.scheduler.test_publish_kit import cli_env, run_cli


def graph_ws(tmp_path: Path, fake: FakeGraph, **kw: object) -> Path:
    ws = tmp_path / "ws"
    write_graph_workspace(
        ws,
        fake,
        f"sqlite:///{ws / 'tipqueue.db'}",
        media={"kind": "web", "public_base_url": "http://127.0.0.1:9"},
        **kw,  # type: ignore[arg-type]
    )
    assert run_cli(ws, "queue", "list").returncode == 0  # makes the store
    return ws


def test_nothing_due_imports_neither_instagrapi_nor_the_graph_client_nor_sqlalchemy(
    tmp_path: Path, fake_graph: FakeGraph
) -> None:
    ws = graph_ws(tmp_path, fake_graph)
    code = "import sys; from tipqueue.cli import main; sys.argv[0] = 'tipqueue'; main()"
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code, "publish-due"],
        cwd=ws,
        env=cli_env(ws),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and result.stdout == "", result.stderr[-2000:]
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if "|" in line}
    assert "tipqueue.instagram.graph.token" in imported  # the token check ran (stdlib only)
    for heavy in ("instagrapi", "httpx", "boto3", "sqlalchemy", "tipqueue.instagram.graph.client"):
        assert heavy not in imported
    assert fake_graph.requests == []


def test_a_token_near_expiry_is_refreshed_by_publish_due_even_with_nothing_due(
    tmp_path: Path, fake_graph: FakeGraph
) -> None:
    ws = graph_ws(tmp_path, fake_graph, token_lifetime=timedelta(days=40), refreshed_days_ago=20)
    before = token_store_of(ws)
    result = run_cli(ws, "publish-due")
    assert result.returncode == 0, result.stdout + result.stderr
    after = token_store_of(ws)
    assert after.access_token != before.access_token and after.expires_at > before.expires_at + timedelta(
        days=39
    )
    assert [r[1] for r in fake_graph.requests] == ["/refresh_access_token"]
    assert before.access_token not in result.stdout + result.stderr


def token_store_of(ws: Path):  # type: ignore[no-untyped-def]
    from tipqueue.config.settings import load_settings

    token = token_store(load_settings(ws, environ={}), "clinic").load()
    assert token is not None
    return token
