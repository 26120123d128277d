"""`tipqueue queue list` a page at a time: --limit, and --from the post the last page named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.scheduler.test_queue_cli import CONFIG, run
from tests.scheduler.test_store_kit import make_series


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "tipqueue.toml").write_text(CONFIG, encoding="utf-8")
    make_series(tmp_path / "posts", 5)
    assert run(tmp_path, "queue", "add", str(tmp_path / "posts" / "facial")).returncode == 0
    return tmp_path


def test_pages_of_the_queue_follow_each_other(workspace: Path) -> None:
    first = run(workspace, "queue", "list", "--limit", "2")
    assert first.returncode == 0, first.stderr
    table, more = first.stdout.rstrip().rsplit("\n", 1)
    assert "F-1" in table and "F-2" in table and "F-3" not in table
    assert more == "more posts follow: tipqueue queue list --from F-3 --limit 2"
    second = json.loads(run(workspace, "queue", "list", "--json", "--limit", "2", "--from", "F-3").stdout)
    assert [p["id"] for p in second] == ["facial-03", "facial-04"]
    last = run(workspace, "queue", "list", "--json", "--limit", "2", "--from", "facial-05")
    assert [p["id"] for p in json.loads(last.stdout)] == ["facial-05"] and last.stderr == ""
    everything = json.loads(run(workspace, "queue", "list", "--json").stdout)
    assert [p["id"] for p in everything] == [f"facial-0{n}" for n in range(1, 6)]


def test_a_bad_page_is_refused_in_one_line(workspace: Path) -> None:
    unknown = run(workspace, "queue", "list", "--from", "nope")
    assert unknown.returncode == 2 and "no post with id 'nope'" in unknown.stderr
    assert "Traceback" not in unknown.stderr
    too_many = run(workspace, "queue", "list", "--limit", "5000")
    assert too_many.returncode == 2 and "less than or equal to 1000" in too_many.stderr
