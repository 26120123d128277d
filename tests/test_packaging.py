"""The wheel carries everything an installed tipqueue needs beyond its Python code."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    out = tmp_path_factory.mktemp("wheel")
    # Build from a clean copy: a stale build/ would leak old files into the wheel, and parallel
    # test workers must not share one build folder.
    source = tmp_path_factory.mktemp("source") / "tipqueue"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".venv*", ".git", "build", "dist", "*.egg-info", "__pycache__", ".*_cache"
        ),
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    (wheel,) = out.glob("tipqueue-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        return set(zf.namelist())


def test_wheel_has_every_package(wheel_names: set[str]) -> None:
    for package in ("config", "templates", "posts", "scheduler", "instagram", "replies", "tipqueue"):
        assert f"{package}/__init__.py" in wheel_names


def test_wheel_has_fonts_with_their_licence_templates_and_default_files(wheel_names: set[str]) -> None:
    assert "templates/fonts/DejaVuSerif.ttf" in wheel_names
    assert "templates/fonts/DejaVuSans.ttf" in wheel_names
    assert "templates/fonts/LICENSE-DejaVu.txt" in wheel_names
    assert "templates/articles/facial-muscles-and-gadgets.txt" in wheel_names
    assert "config/init_template.toml" in wheel_names
    # every data file in the source tree's templates/ and config/*.toml ships
    for path in (ROOT / "templates").rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            assert path.relative_to(ROOT).as_posix() in wheel_names
    for path in (ROOT / "config").glob("*.toml"):
        assert path.relative_to(ROOT).as_posix() in wheel_names


def test_wheel_has_the_database_migrations(wheel_names: set[str]) -> None:
    source = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "scheduler" / "migrations").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert source, "scheduler/migrations is missing"
    assert source <= wheel_names


def test_wheel_declares_the_console_script(wheel_names: set[str]) -> None:
    assert any(n.endswith("entry_points.txt") for n in wheel_names)
