"""The architecture stays visible: imports point one way, and only instagram/ knows instagrapi."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Lower layers first: a package may import only packages before it (and itself).
LAYERS = ("config", "posts", "instagram", "scheduler", "replies", "tipqueue")


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


def test_imports_point_one_way_down_the_layers() -> None:
    rank = {name: i for i, name in enumerate(LAYERS)}
    upward = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for package in LAYERS
        for path in sources(package)
        for line, module in imports_of(path)
        if rank.get(module.split(".")[0], -1) > rank[package]
    ]
    assert upward == []


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
