"""Run a measurement in a child process against our code or a peer revision of it.

The peer is an earlier commit of this repository, unpacked with ``git archive`` into a temporary
folder and laid out as the installed package (the root folders become ``tipqueue.config``,
``tipqueue.scheduler`` and so on), so the same child code imports either variant. Our variant
goes through the same layout, from the working tree. Each child is its own process: its peak
resident memory comes from ``os.wait4`` and counts only that child.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
#: The root folders that install as subpackages of tipqueue (pyproject's package-dir).
SUBPACKAGES = ("config", "posts", "scheduler", "instagram", "replies", "templates")


def _layout(source: Path, into: Path) -> Path:
    """A folder holding ``tipqueue/`` as it installs, made of symlinks into ``source``."""
    package = into / "tipqueue"
    package.mkdir(parents=True)
    for entry in (source / "tipqueue").iterdir():
        if entry.name != "__pycache__":
            (package / entry.name).symlink_to(entry)
    for name in SUBPACKAGES:
        (package / name).symlink_to(source / name)
    return into


def variants(peer_rev: str, work: Path) -> dict[str, Path]:
    """{"peer": root, "ours": root}: import roots for the peer revision and the working tree."""
    peer_src = work / "peer-src"
    peer_src.mkdir()
    archive = work / "peer.tar"
    with archive.open("wb") as handle:
        subprocess.run(["git", "-C", str(REPO), "archive", peer_rev], stdout=handle, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(peer_src, filter="data")
    return {"peer": _layout(peer_src, work / "peer-root"), "ours": _layout(REPO, work / "ours-root")}


def run_child(root: Path, code: str, args: dict[str, Any]) -> tuple[dict[str, Any], float]:
    """Run ``code`` (reads ARGS, prints one JSON line) importing tipqueue from ``root``;
    returns what it printed and its peak RSS in MiB."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    # the editable install's finder would fill in modules the peer lacks from the working tree
    script = (
        "import json, sys\n"
        "sys.meta_path[:] = [f for f in sys.meta_path if not getattr(f, '__module__', '').startswith('__editable__')]\n"
        f"ARGS = json.load(sys.stdin)\n{code}"
    )
    # the arguments go through a file on stdin: the real texts are more than one command-line
    # argument may hold (128 KiB)
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as given:
        json.dump(args, given)
        given.seek(0)
        # cwd: not the repository, whose tipqueue/ (front doors only) would shadow the layout
        child = subprocess.Popen([sys.executable, "-c", script], stdin=given, stdout=out, env=env, cwd=root)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read()
    if child.returncode != 0:
        raise RuntimeError(f"child failed ({child.returncode}): {text[-2000:]}")
    return json.loads(text.strip().splitlines()[-1]), usage.ru_maxrss / 1024


def spread(values: Sequence[float], unit: str = "", digits: int = 2) -> str:
    """Median with min-max, e.g. '1.23 s (1.20-1.31)'."""
    if not values:
        return "-"
    med = statistics.median(values)
    if len(values) == 1:
        return f"{med:.{digits}f}{unit}"
    return f"{med:.{digits}f}{unit} ({min(values):.{digits}f}-{max(values):.{digits}f})"


def which(root: Path) -> str:
    """Where the tipqueue a child would import comes from (a check that the layout works)."""
    code = "import tipqueue.scheduler.store as m; print(json.dumps({'file': m.__file__}))"
    return str(run_child(root, code, {})[0]["file"])
