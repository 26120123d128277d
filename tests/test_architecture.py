"""The architecture stays visible: imports point one way, and only tipqueue.instagram knows instagrapi.

The folders at the repository's root are tipqueue's subpackages (config/ is tipqueue.config, and so
on); the front doors (tipqueue.cli, tipqueue.web, tipqueue.demo) live in tipqueue/ itself.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Lower layers first: a package may import only packages before it (and itself). Each is a folder
#: at the root, imported as tipqueue.<folder>; "tipqueue" is the front doors' own folder.
LAYERS = ("config", "posts", "instagram", "scheduler", "replies", "tipqueue")
#: Old top-level names that must not come back as imports.
OLD_NAMES = {name for name in LAYERS if name != "tipqueue"} | {"templates"}


def imports_of(path: Path) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def sources(package: str) -> list[Path]:
    return [p for p in (ROOT / package).rglob("*.py") if "migrations" not in p.parts]


def layer_of(module: str) -> str | None:
    """The layer an imported module belongs to: tipqueue.posts.split -> posts, tipqueue.cli -> tipqueue."""
    parts = module.split(".")
    if parts[0] != "tipqueue":
        return None
    if len(parts) > 1 and parts[1] in LAYERS:
        return parts[1]
    return "tipqueue"


def every_python_file() -> list[Path]:
    skip = {".venv", ".git", "build", "dist", "__pycache__"}
    return [p for p in ROOT.rglob("*.py") if not skip & set(p.relative_to(ROOT).parts)]


def test_imports_point_one_way_down_the_layers() -> None:
    rank = {name: i for i, name in enumerate(LAYERS)}
    upward = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for package in LAYERS
        for path in sources(package)
        for line, module in imports_of(path)
        if rank.get(layer_of(module) or "", -1) > rank[package]
    ]
    assert upward == []


def test_layers_are_found_under_their_tipqueue_names() -> None:
    # the check above is only real if the code imports its own layers by their new names
    assert layer_of("tipqueue.scheduler.store") == "scheduler"
    assert any(layer_of(m) == "config" for p in sources("posts") for _, m in imports_of(p))


def test_nothing_imports_the_old_top_level_names() -> None:
    old = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in every_python_file()
        for line, module in imports_of(path)
        if module.split(".")[0] in OLD_NAMES
    ]
    assert old == []


def test_only_the_instagram_package_imports_instagrapi() -> None:
    outside = [
        f"{path.relative_to(ROOT)}:{line}"
        for package in LAYERS
        if package != "instagram"
        for path in sources(package)
        for line, module in imports_of(path)
        if module.split(".")[0] == "instagrapi"
    ]
    assert outside == []
    assert any(module.startswith("instagrapi") for p in sources("instagram") for _, module in imports_of(p))
