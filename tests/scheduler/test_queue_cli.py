"""The queue commands through the real `tipqueue` executable, on a SQLite workspace."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tipqueue.scheduler.store import HEAD_REVISION

from tests.scheduler.test_store_kit import make_series

TIPQUEUE = str(Path(sys.executable).with_name("tipqueue"))
CONFIG = """
default_account = "clinic"
[accounts.clinic]
username = "clinic.demo"
timezone = "Europe/London"
slots = ["daily 09:00,18:30"]
daily_cap = 2
"""


def run(workspace: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [TIPQUEUE, "--workspace", str(workspace), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "HOME": str(workspace)},
    )


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "tipqueue.toml").write_text(CONFIG, encoding="utf-8")
    make_series(tmp_path / "posts", 3)
    return tmp_path


def test_queue_add_list_move_and_bad_input(workspace: Path) -> None:
    added = run(workspace, "queue", "add", str(workspace / "posts" / "facial"))
    assert added.returncode == 0, added.stderr
    assert added.stdout.count("queued facial-") == 3 and "on clinic" in added.stdout

    listed = json.loads(run(workspace, "queue", "list", "--json").stdout)
    assert [p["id"] for p in listed] == ["facial-01", "facial-02", "facial-03"]
    assert all(p["local_time"].endswith(("GMT", "BST")) for p in listed)

    moved = run(workspace, "queue", "move", "facial-03", "--at", "2099-06-01 10:00")
    assert moved.returncode == 0, moved.stderr
    assert "2099-06-01 10:00 BST" in moved.stdout

    before = run(workspace, "queue", "list", "--json", "--all").stdout
    for args, message in [
        (("queue", "move", "facial-03", "--at", "yesterday-ish"), "cannot read the time 'yesterday-ish'"),
        (("queue", "move", "facial-03", "--at", "2000-01-01 09:00"), "is in the past"),
        (("queue", "move", "nope", "--at", "2099-06-02 10:00"), "no post with id 'nope'"),
        (("queue", "move", "facial-01", "--at", "2099-03-29 01:30"), "does not exist in Europe/London"),
        (
            ("queue", "add", str(workspace / "posts" / "facial"), "--account", "shop"),
            "unknown account 'shop'",
        ),
    ]:
        result = run(workspace, *args)
        assert result.returncode == 2, (args, result.stderr)
        assert result.stderr.startswith("error: ") and message in result.stderr
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert run(workspace, "queue", "list", "--json", "--all").stdout == before

    cancelled = run(workspace, "queue", "cancel", "facial-02")
    assert cancelled.returncode == 0 and "cancelled facial-02" in cancelled.stdout
    status = json.loads(run(workspace, "status", "--json").stdout)
    assert [p["id"] for p in status["next_posts"]] == ["facial-01", "facial-03"]
    assert status["accounts"][0]["name"] == "clinic"


def test_a_slot_rule_typo_stops_before_the_store(workspace: Path) -> None:
    (workspace / "tipqueue.toml").write_text(CONFIG.replace("daily 09:00", "daliy 09:00"), encoding="utf-8")
    result = run(workspace, "queue", "add", str(workspace / "posts" / "facial"))
    assert result.returncode == 2
    assert "daliy" in result.stderr and "Traceback" not in result.stderr
    assert not (workspace / "tipqueue.db").exists()


def test_db_upgrade_and_export(workspace: Path) -> None:
    upgraded = run(workspace, "db", "upgrade")
    assert upgraded.returncode == 0 and f"revision {HEAD_REVISION}" in upgraded.stdout
    run(workspace, "queue", "add", str(workspace / "posts" / "facial"))
    exported = run(workspace, "queue", "export", str(workspace / "q.csv"))
    assert exported.returncode == 0 and "wrote 3 post(s)" in exported.stdout
    imported = run(workspace, "queue", "import", str(workspace / "q.csv"))
    assert "0 added, 0 changed, 3 unchanged" in imported.stdout


def test_queue_edit_changes_the_post_and_refuses_bad_input(workspace: Path) -> None:
    run(workspace, "queue", "add", str(workspace / "posts" / "facial"))
    caption = workspace / "caption.txt"
    caption.write_text("Relax your brow before the cream.\n\n#skincare\n", encoding="utf-8")
    edited = run(
        workspace, "queue", "edit", "facial-01", "--caption-file", str(caption),
        "--hashtags", "#skincare, glow", "--alt-text", "A cream card",
    )  # fmt: skip
    assert edited.returncode == 0, edited.stderr
    text = "Relax your brow before the cream.\n\n#skincare"
    assert f"facial-01: caption {len(text)} characters; hashtags #skincare #glow; scheduled" in edited.stdout
    post = next(
        p for p in json.loads(run(workspace, "queue", "list", "--json").stdout) if p["id"] == "facial-01"
    )
    assert post["caption"] == text
    assert post["slides"][0]["alt_text"] == "A cream card"

    before = run(workspace, "queue", "list", "--json", "--all").stdout
    (workspace / "latin1.txt").write_bytes("Caf\xe9".encode("latin-1"))
    for args, message, code in [
        (("--caption", "x", "--caption-file", str(caption)), "give --caption or --caption-file, not both", 2),
        (("--caption-file", str(workspace / "missing.txt")), "missing.txt", 2),
        (("--caption-file", str(workspace / "latin1.txt")), "is not UTF-8 text", 2),
        (("--hashtags", "skin care!"), "hashtag 'care!' is not one word", 2),
        ((), "nothing to change on post facial-01", 2),
        (("--caption", "x" * 2201), "caption has 2201 characters", 1),
    ]:
        result = run(workspace, "queue", "edit", "facial-01", *args)
        assert result.returncode == code, (args, result.stderr)
        assert result.stderr.startswith("error: ") and message in result.stderr
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert run(workspace, "queue", "list", "--json", "--all").stdout == before
