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


def run(
    workspace: Path, *args: str, env_extra: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [TIPQUEUE, "--workspace", str(workspace), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "HOME": str(workspace), **(env_extra or {})},
    )


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "tipqueue.toml").write_text(CONFIG, encoding="utf-8")
    make_series(tmp_path / "posts", 3)
    return tmp_path


def test_queue_add_list_move_and_bad_input(workspace: Path) -> None:
    added = run(workspace, "queue", "add", str(workspace / "posts" / "facial"))
    assert added.returncode == 0, added.stderr
    assert (
        added.stdout.count("queued F-") == 3
        and "queued F-1 (facial-01)" in added.stdout
        and "on clinic" in added.stdout
    )

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
    assert cancelled.returncode == 0 and "cancelled F-2" in cancelled.stdout
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
    assert f"F-1: caption {len(text)} characters; hashtags #skincare #glow; scheduled" in edited.stdout
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
        (("--caption", "x" * 2201), "characters with its hashtags, Instagram allows 2200", 1),
    ]:
        result = run(workspace, "queue", "edit", "facial-01", *args)
        assert result.returncode == code, (args, result.stderr)
        assert result.stderr.startswith("error: ") and message in result.stderr
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert run(workspace, "queue", "list", "--json", "--all").stdout == before


def test_queue_add_again_says_which_queued_posts_differ_from_post_json_and_update_applies_it(
    workspace: Path,
) -> None:
    series = workspace / "posts" / "facial"
    assert run(workspace, "queue", "add", str(series)).returncode == 0
    post_json = series / "02-tip" / "post.json"
    data = json.loads(post_json.read_text(encoding="utf-8"))
    data["caption"] = "Tip number 2, rewritten after review."
    data["hashtags"] = ["botox"]
    post_json.write_text(json.dumps(data), encoding="utf-8")

    again = run(workspace, "queue", "add", str(series))
    assert again.returncode == 0, again.stderr
    assert "F-2: the queued copy differs from its post.json (caption, hashtags)" in again.stdout
    assert f"tipqueue queue add {series} --update" in again.stdout
    assert "left 3 post(s) already in the queue" in again.stdout
    queued = {p["id"]: p for p in json.loads(run(workspace, "queue", "list", "--json").stdout)}
    assert queued["facial-02"]["hashtags"] == ["skincare", "dermatology"]  # nothing changed unasked

    updated = run(workspace, "queue", "add", str(series), "--update")
    assert updated.returncode == 0, updated.stderr
    assert "updated F-2 in the queue from its post.json" in updated.stdout
    assert "left 2 post(s) already in the queue" in updated.stdout
    queued = {p["id"]: p for p in json.loads(run(workspace, "queue", "list", "--json").stdout)}
    assert queued["facial-02"]["caption"] == "Tip number 2, rewritten after review."
    assert queued["facial-02"]["hashtags"] == ["botox"]
    assert "differs" not in run(workspace, "queue", "add", str(series)).stdout


def test_staff_type_short_handles_and_the_table_shows_them_on_one_line(workspace: Path) -> None:
    """Post ids are long (~49 characters in real series): every command takes the handle instead."""
    assert run(workspace, "queue", "add", str(workspace / "posts" / "facial")).returncode == 0
    table = run(workspace, "queue", "list", env_extra={"COLUMNS": "80"})
    rows = [line for line in table.stdout.splitlines() if " F-" in line]
    assert len(rows) == 3, table.stdout  # one line per post: nothing folds over several lines
    assert "facial-0" not in table.stdout

    moved = run(workspace, "queue", "move", "f3", "--at", "2099-06-01 10:00")  # any case, hyphen optional
    assert moved.returncode == 0, moved.stderr
    assert moved.stdout.startswith("moved F-3 to 2099-06-01 10:00 BST")
    same = run(workspace, "queue", "swap", "F-2", "facial-02")
    assert same.returncode == 2 and "the same post" in same.stderr
    cancelled = run(workspace, "queue", "cancel", "F-2")
    assert cancelled.returncode == 0 and "cancelled F-2" in cancelled.stdout
    listed = {p["handle"]: p for p in json.loads(run(workspace, "queue", "list", "--json", "--all").stdout)}
    assert listed["F-2"]["id"] == "facial-02" and listed["F-2"]["status"] == "cancelled"
    assert listed["F-3"]["local_time"] == "2099-06-01 10:00 BST"


def test_the_bundled_series_lists_one_line_per_post_at_80_columns(tmp_path: Path) -> None:
    """The real article's ids are 47-52 characters; the table shows the 5-6 character handles."""
    import tipqueue.templates

    article = Path(tipqueue.templates.__file__).with_name("articles") / "facial-muscles-and-gadgets.txt"
    (tmp_path / "tipqueue.toml").write_text(
        CONFIG.replace("daily_cap = 2", "daily_cap = 4"), encoding="utf-8"
    )
    assert run(tmp_path, "split", str(article)).returncode == 0
    series = next((tmp_path / "posts").iterdir())
    assert run(tmp_path, "render", str(series), "--jobs", "1").returncode == 0
    added = run(tmp_path, "queue", "add", str(series), "--approve")
    assert added.returncode == 0, added.stderr
    ids = [p["id"] for p in json.loads(run(tmp_path, "queue", "list", "--json").stdout)]
    assert len(ids) == 7 and min(len(i) for i in ids) > 40
    listed = run(tmp_path, "queue", "list", env_extra={"COLUMNS": "80"}).stdout.splitlines()
    # the table, then one line per compliance flag (the bundled article raises a review flag)
    table = [line for line in listed if line[:1] in "┏┃┡│└"]
    assert all(line.startswith("SFM-") for line in listed if line not in table)
    rows = [line for line in table if line.startswith("│ SFM-")]
    assert [r.split()[1] for r in rows] == [f"SFM-{n}" for n in range(1, 8)]
    assert len(table) == 3 + 7 + 1  # header, a line per post, the bottom border: nothing wraps
    assert all(len(line) <= 80 for line in table)
    assert not any(i in "\n".join(table) for i in ids)
