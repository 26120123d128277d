"""The wheel carries everything an installed tipqueue needs beyond its Python code."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def build_wheel(source: Path, out: Path) -> None:
    """`pip wheel` of one project folder into ``out`` (no dependencies, no build isolation)."""
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


@pytest.fixture(scope="module")
def wheel_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
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
    build_wheel(source, out)
    return out


@pytest.fixture(scope="module")
def wheel_names(wheel_dir: Path) -> set[str]:
    (wheel,) = wheel_dir.glob("tipqueue-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        return set(zf.namelist())


def top_level_names(names: set[str]) -> set[str]:
    return {n.split("/")[0] for n in names if not n.split("/")[0].endswith((".dist-info", ".data"))}


def test_wheel_installs_one_top_level_package(wheel_names: set[str]) -> None:
    assert top_level_names(wheel_names) == {"tipqueue"}
    for package in ("config", "templates", "posts", "scheduler", "instagram", "replies", "cli", "web"):
        assert f"tipqueue/{package}/__init__.py" in wheel_names
    top_level = next(n for n in wheel_names if n.endswith(".dist-info/top_level.txt"))
    assert top_level  # setuptools writes it; its content is checked in the installed test below


def test_every_source_package_is_in_the_wheel(wheel_names: set[str]) -> None:
    # pyproject.toml lists the packages by name (package-dir maps them): a new subpackage left
    # out of that list would be missing from every installed copy while the checkout works
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    mapping: dict[str, str] = project["tool"]["setuptools"]["package-dir"]
    missing = []
    for package, folder in mapping.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            inside = init.parent.relative_to(ROOT / folder).parts
            if "__pycache__" in inside:
                continue
            installed = "/".join([*package.split("."), *inside, "__init__.py"])
            if installed not in wheel_names:
                missing.append(installed)
    assert missing == []


def test_wheel_has_fonts_with_their_licence_templates_and_default_files(wheel_names: set[str]) -> None:
    assert "tipqueue/templates/fonts/DejaVuSerif.ttf" in wheel_names
    assert "tipqueue/templates/fonts/DejaVuSans.ttf" in wheel_names
    assert "tipqueue/templates/fonts/LICENSE-DejaVu.txt" in wheel_names
    assert "tipqueue/templates/fonts/NotoColorEmoji.ttf" in wheel_names
    assert "tipqueue/templates/fonts/LICENSE-NotoColorEmoji.txt" in wheel_names
    assert "tipqueue/templates/articles/facial-muscles-and-gadgets.txt" in wheel_names
    assert "tipqueue/config/init_template.toml" in wheel_names
    assert "tipqueue/config/gadgets.toml" in wheel_names  # the gadget lexicon
    # every data file in the source tree's templates/ and config/*.toml ships
    for path in (ROOT / "templates").rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            assert f"tipqueue/{path.relative_to(ROOT).as_posix()}" in wheel_names
    for path in (ROOT / "config").glob("*.toml"):
        assert f"tipqueue/{path.relative_to(ROOT).as_posix()}" in wheel_names
    for path in (ROOT / "tipqueue" / "web").rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            assert path.relative_to(ROOT).as_posix() in wheel_names


def test_wheel_has_the_database_migrations(wheel_names: set[str]) -> None:
    source = {
        f"tipqueue/{p.relative_to(ROOT).as_posix()}"
        for p in (ROOT / "scheduler" / "migrations").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert source, "scheduler/migrations is missing"
    assert source <= wheel_names


def test_wheel_declares_the_console_script(wheel_names: set[str]) -> None:
    assert any(n.endswith("entry_points.txt") for n in wheel_names)


def _stand_in_wheel(name: str, folder: Path, out: Path) -> None:
    """A tiny distribution that installs a top-level package ``name``, like PyPI's config/scheduler."""
    src = folder / name
    (src / name).mkdir(parents=True)
    (src / name / "__init__.py").write_text(f"STAND_IN = {name!r}\n", encoding="utf-8")
    (src / name / "settings.py").write_text("raise ImportError('not tipqueue')\n", encoding="utf-8")
    (src / "pyproject.toml").write_text(
        f'[project]\nname = "{name}"\nversion = "0.0.1"\n'
        '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n',
        encoding="utf-8",
    )
    build_wheel(src, out)


@pytest.mark.slow
def test_installed_wheel_runs_the_demo_beside_packages_named_config_and_scheduler(
    wheel_dir: Path, tmp_path: Path
) -> None:
    (wheel,) = wheel_dir.glob("tipqueue-*.whl")
    _stand_in_wheel("config", tmp_path / "src", wheel_dir)
    _stand_in_wheel("scheduler", tmp_path / "src", wheel_dir)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    # tipqueue's dependencies come from this test run's environment, without a download: its
    # site-packages goes at the end of the new environment's path (a path named in a .pth file is
    # searched after the environment's own site-packages, and its editable-install hooks do not run)
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(site) / "deps-from-test-run.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    outside = tmp_path / "elsewhere"  # not the checkout, so nothing is imported from the source tree
    outside.mkdir()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(python), *args], cwd=outside, capture_output=True, text=True, timeout=300, check=False
        )

    install = run("-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel))
    assert install.returncode == 0, install.stderr
    where = run("-c", "import tipqueue, sys; print(tipqueue.__file__)")
    assert str(venv) in where.stdout, where  # the wheel's copy, not the checkout
    assert run("-c", "import config").returncode != 0  # tipqueue installs no top-level config

    # PyPI's config and scheduler beside it: tipqueue still works
    for name in ("config", "scheduler"):
        (stand_in,) = wheel_dir.glob(f"{name}-0.0.1-*.whl")
        assert run("-m", "pip", "install", "-q", "--no-deps", "--no-index", str(stand_in)).returncode == 0
    assert run(
        "-c", "import config, scheduler; print(config.STAND_IN, scheduler.STAND_IN)"
    ).stdout.split() == [
        "config",
        "scheduler",
    ]
    demo = subprocess.run(
        [str(venv / "bin" / "tipqueue"), "demo", "--out", str(tmp_path / "demo")],
        cwd=outside,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert demo.returncode == 0, demo.stderr
    assert (tmp_path / "demo" / "output").is_dir()
    assert "7 posts" in demo.stdout
