"""A split killed half way through writing its series: the next run finishes it and reports no staff edit
that nobody made. Real processes: `tipqueue split` in a subprocess that SIGKILLs itself just before
its Nth post.json reaches the disk (the kill is patched into that subprocess only)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from tipqueue.posts.folder import JOURNAL_FILE, finish_interrupted_write, write_files_together

ARTICLE_V1 = (
    "Jaw care\n\nRelax your jaw before bed. It softens the lines around your mouth.\n\n"
    "Keep your jaw loose during the day too. Tension shows around the mouth.\n\n"
    "Massage the muscle in small circles. Two minutes are enough.\n\n"
    "Which jaw tool do you use? Tell us in the comments.\n"
)
ARTICLE_V2 = ARTICLE_V1.replace("before bed", "every night before sleep").replace(
    "small circles", "slow small circles"
)

#: Runs the real CLI; with KILL_AFTER=N the (N+1)th post.json write kills it before it lands.
KILLER = """
import os, signal, sys
import tipqueue.posts.folder as folder
real, seen = folder.atomic_write_bytes, []
def dying(path, data):
    if path.name == "post.json":
        if len(seen) == int(os.environ["KILL_AFTER"]):
            os.kill(os.getpid(), signal.SIGKILL)
        seen.append(path)
    real(path, data)
folder.atomic_write_bytes = dying
from tipqueue.cli import main
sys.argv = ["tipqueue", *sys.argv[1:]]
main()
"""


def _split(
    cwd: Path, article: Path, out: Path, kill_after: int | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TIPQUEUE_HOME": str(cwd), "HOME": str(cwd)}
    env.pop("TIPQUEUE_DATABASE_URL", None)
    env["KILL_AFTER"] = str(-1 if kill_after is None else kill_after)
    args = [sys.executable, "-c", KILLER, "split", str(article), "-o", str(out)]
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False)


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "jaw.txt"
    path.write_text(ARTICLE_V1, encoding="utf-8")
    return path


def test_a_re_split_killed_half_way_is_finished_by_the_next_run_without_false_staff_edits(
    tmp_path: Path, article: Path
) -> None:
    out = tmp_path / "out"
    assert _split(tmp_path, article, out).returncode == 0
    series = next(out.iterdir())
    posts = sorted(series.glob("*/post.json"))
    total = len(posts)
    # staff really edit one post
    edited = posts[-1]
    data = json.loads(edited.read_text(encoding="utf-8"))
    data["caption"] = "Our own words for this one."
    edited.write_text(json.dumps(data, indent=2), encoding="utf-8")

    article.write_text(ARTICLE_V2, encoding="utf-8")
    killed = _split(tmp_path, article, out, kill_after=2)
    assert killed.returncode == -signal.SIGKILL, killed.stderr

    again = _split(tmp_path, article, out)
    assert again.returncode == 0, again.stderr
    assert (
        f"Wrote {total - 1} posts, kept 1 edited post as staff left them ({total} in the series)"
        in again.stdout
    )
    assert not (series / JOURNAL_FILE).exists()
    assert json.loads(edited.read_text(encoding="utf-8"))["caption"] == "Our own words for this one."

    # the finished series is what an uninterrupted run makes
    clean = tmp_path / "clean"
    v1 = tmp_path / "v1" / "jaw.txt"
    v1.parent.mkdir()
    v1.write_text(ARTICLE_V1, encoding="utf-8")
    assert _split(tmp_path, v1, clean).returncode == 0
    clean_series = next(clean.iterdir())
    clean_edit = clean_series / edited.relative_to(series)
    clean_edit.write_bytes(edited.read_bytes())
    v1.write_text(ARTICLE_V2, encoding="utf-8")
    assert _split(tmp_path, v1, clean).returncode == 0
    assert _tree(series) == _tree(clean_series)


def test_a_first_split_killed_half_way_reports_no_staff_edits_next_time(
    tmp_path: Path, article: Path
) -> None:
    out = tmp_path / "out"
    killed = _split(tmp_path, article, out, kill_after=1)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    again = _split(tmp_path, article, out)
    assert again.returncode == 0, again.stderr
    assert "kept" not in again.stdout, again.stdout
    total = len(list(next(out.iterdir()).glob("*/post.json")))
    assert f"Wrote {total} posts ({total} in the series)" in again.stdout


def test_a_file_changed_after_the_cut_is_left_as_it_was_changed(tmp_path: Path) -> None:
    folder = tmp_path / "series"
    folder.mkdir()
    (folder / "a.txt").write_text("old a", encoding="utf-8")
    (folder / "b.txt").write_text("old b", encoding="utf-8")
    (folder / "gone.txt").write_text("stale", encoding="utf-8")
    import tipqueue.posts.folder as module

    real = module.atomic_write

    def cut(path: Path, text: str) -> None:
        if path.name == "b.txt":
            raise KeyboardInterrupt  # the run stops here
        real(path, text)

    module.atomic_write = cut  # type: ignore[assignment]
    try:
        with pytest.raises(KeyboardInterrupt):
            write_files_together(folder, {"a.txt": "new a", "b.txt": "new b"}, remove=["gone.txt"])
    finally:
        module.atomic_write = real
    (folder / "a.txt").write_text("a person's a", encoding="utf-8")  # edited before the next run
    assert finish_interrupted_write(folder) == ["b.txt", "gone.txt"]
    assert (folder / "a.txt").read_text(encoding="utf-8") == "a person's a"
    assert (folder / "b.txt").read_text(encoding="utf-8") == "new b"
    assert not (folder / "gone.txt").exists() and not (folder / JOURNAL_FILE).exists()
    assert finish_interrupted_write(folder) == []
