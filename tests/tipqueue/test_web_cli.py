"""`tipqueue web` as a real process: it serves on loopback and holds every client to its token."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

TOKEN = "a-long-enough-test-token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(url: str, token: str | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"authorization": f"Bearer {token}"} if token else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def wait_until_serving(proc: subprocess.Popen[str], port: int) -> None:
    for _ in range(400):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        try:
            proc.wait(timeout=0.025)  # the server exited early: report its output below
        except subprocess.TimeoutExpired:
            continue
        break
    out, err = proc.communicate(timeout=5)
    raise AssertionError(f"tipqueue web did not start: {out}{err}")


def test_tipqueue_web_serves_the_workspace_and_requires_its_token(tmp_path: Path) -> None:
    (tmp_path / "tipqueue.toml").write_text('[accounts.studio]\nusername = "glow.studio"\n', encoding="utf-8")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIPQUEUE_")}
    env["TIPQUEUE_WEB_TOKEN"] = TOKEN
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from tipqueue.cli import main; main()",
            "-w",
            str(tmp_path),
            "web",
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        wait_until_serving(proc, port)
        base = f"http://127.0.0.1:{port}"
        status, body = get(f"{base}/api/accounts")
        assert status == 401 and TOKEN not in body.decode()
        status, body = get(f"{base}/api/accounts", TOKEN)
        assert status == 200
        assert [a["username"] for a in json.loads(body)] == ["glow.studio"]
        status, body = get(f"{base}/api/openapi.json", TOKEN)
        assert status == 200 and json.loads(body)["info"]["title"] == "tipqueue dashboard API"
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=10)
    assert f"http://127.0.0.1:{port}/" in out
    assert TOKEN not in out + err
