"""The README's walkthrough through the real commands: init, split, render, queue, publish.

Staff run the commands from the workspace with relative folder names; cron later publishes from
another folder. The cards must still be found.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

from tipqueue.config.settings import load_settings
from tipqueue.instagram.connect import connector
from tipqueue.posts.models import PostStatus
from tipqueue.scheduler.publish import run_publish_pass
from tipqueue.scheduler.store import Store


def tipqueue(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIPQUEUE_")}
    result = subprocess.run(
        [sys.executable, "-c", "from tipqueue.cli import main; main()", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"tipqueue {' '.join(args)}: {result.stderr}"
    return result


def test_posts_queued_with_relative_folders_publish_from_any_folder(
    tmp_path: Path, fake_instagram: Any, monkeypatch: Any
) -> None:
    ws = tmp_path / "clinic"
    tipqueue(["init", str(ws)], cwd=tmp_path)
    toml = (ws / "tipqueue.toml").read_text()
    (ws / "tipqueue.toml").write_text(toml.replace("http://127.0.0.1:8765", fake_instagram.base_url))

    tipqueue(["split", "articles/facial-muscles-and-gadgets.txt"], cwd=ws)
    (series,) = (ws / "posts").iterdir()
    relative = f"posts/{series.name}"
    tipqueue(["render", relative], cwd=ws)
    tipqueue(["queue", "add", relative, "--approve"], cwd=ws)

    elsewhere = tmp_path / "cron-home"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    settings = load_settings(ws, environ={})
    with Store.open(settings.db_url) as store:
        first = store.list_posts(statuses=[PostStatus.SCHEDULED])[0]
    assert first.scheduled_at is not None
    at = first.scheduled_at + timedelta(seconds=5)

    report = run_publish_pass(settings, connect=connector(settings), clock=lambda: at)

    assert [o.outcome.value for o in report.outcomes] == ["published"], [o.line() for o in report.outcomes]
    with Store.open(settings.db_url) as store:
        assert store.get_post(first.id).status is PostStatus.PUBLISHED
    captions = [m["caption"] for m in fake_instagram.media_list()]
    assert captions == [first.published_caption]
