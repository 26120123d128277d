"""mypy strict over the library as it installs: one package, ``tipqueue``.

The repository keeps its folders at the root (config/, posts/, ...) and setuptools maps them to
``tipqueue.config``, ``tipqueue.posts`` ... (``[tool.setuptools.package-dir]`` in pyproject.toml).
mypy cannot follow that mapping, nor the import hook of an editable install, so this script lays
the installed layout out as symbolic links in a temporary folder, runs mypy on it, and prints the
findings with the repository's own paths.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    mapping: dict[str, str] = project["tool"]["setuptools"]["package-dir"]
    with tempfile.TemporaryDirectory(prefix="tipqueue-mypy-") as tmp:
        stage = Path(tmp)
        top = stage / "tipqueue"
        top.mkdir()
        for entry in (ROOT / mapping["tipqueue"]).iterdir():
            if entry.name != "__pycache__":
                (top / entry.name).symlink_to(entry)
        back: list[tuple[str, str]] = []
        for package, folder in mapping.items():
            if package == "tipqueue":
                continue
            link = stage / package.replace(".", "/")
            link.symlink_to(ROOT / folder, target_is_directory=True)
            back.append((f"{link}{os.sep}", f"{folder}/"))
        back.append((f"{top}{os.sep}", f"{mapping['tipqueue']}/"))
        run = subprocess.run(
            [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), "-p", "tipqueue"],
            cwd=stage,
            env={**os.environ, "MYPYPATH": str(stage)},
            capture_output=True,
            text=True,
            check=False,
        )
        for line in (run.stdout + run.stderr).splitlines():
            for staged, real in back:
                line = line.replace(staged, real)
                # mypy prints paths relative to its working folder, the stage
                rel = staged[len(f"{stage}{os.sep}") :]
                if line.startswith(rel):
                    line = real + line[len(rel) :]
            print(line)
        return run.returncode


if __name__ == "__main__":
    raise SystemExit(main())
