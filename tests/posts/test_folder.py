"""Post folders on disk: files tipqueue writes are readable like any other file the user makes."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from tipqueue.posts.folder import atomic_write, read_post_folder

HERE = Path(__file__).parent
BUNDLED_ARTICLE = HERE.parents[1] / "templates" / "articles" / "facial-muscles-and-gadgets.txt"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_atomic_write_follows_the_umask_like_open(tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("x", encoding="utf-8")
    written = tmp_path / "sub" / "export.csv"
    atomic_write(written, "a,b\n")
    assert written.read_text(encoding="utf-8") == "a,b\n"
    assert _mode(written) == _mode(plain)
    assert not [p for p in written.parent.iterdir() if p.name.startswith(".")]


def test_split_writes_post_folders_the_publisher_user_can_read(tmp_path: Path) -> None:
    """With umask 022 (the usual), a service running as another user must read post.json."""
    out = tmp_path / "posts"
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, sys; os.umask(0o022); from tipqueue.cli import main; sys.argv[0] = 'tipqueue'; main()",
            "--workspace",
            str(tmp_path),
            "split",
            str(BUNDLED_ARTICLE),
            "-o",
            str(out),
        ],
        check=True,
        capture_output=True,
        env={k: v for k, v in os.environ.items() if not k.startswith("TIPQUEUE_")},
        timeout=120,
    )
    files = [p for p in out.rglob("*") if p.is_file()]
    assert any(p.name == "post.json" for p in files) and any(p.name == "review.md" for p in files)
    for path in files:
        assert _mode(path) == 0o644, f"{path.relative_to(out)} is {oct(_mode(path))}"
    read_post_folder(next(p for p in files if p.name == "post.json").parent)


def test_rendered_cards_and_the_contact_sheet_are_readable_by_the_publishing_user(tmp_path: Path) -> None:
    import os
    import stat
    import subprocess
    import sys

    from tipqueue.config.workspace import example_article

    env = {k: v for k, v in os.environ.items() if not k.startswith("TIPQUEUE_")}
    cli = [sys.executable, "-c", "from tipqueue.cli import main; main()"]

    def run(*args: str) -> None:
        result = subprocess.run(
            [*cli, *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, result.stderr

    run("split", str(example_article()), "-o", str(tmp_path))
    (series,) = [p for p in tmp_path.iterdir() if p.is_dir()]
    run("render", str(series))
    written = list(tmp_path.rglob("card-*.jpg")) + list(tmp_path.rglob("contact-sheet.png"))
    assert written
    umask = os.umask(0)
    os.umask(umask)
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask, path
