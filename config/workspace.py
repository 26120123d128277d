"""Creating a workspace: the commented tipqueue.toml, its folders and the example article."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from tipqueue.config.errors import InputError
from tipqueue.config.settings import CONFIG_FILE, bundled_path

FOLDERS = ("articles", "posts", "output", "sessions")
EXAMPLE_ARTICLE = "facial-muscles-and-gadgets.txt"


def example_article() -> Path:
    """The article bundled with tipqueue as example content."""
    return bundled_path("articles", EXAMPLE_ARTICLE)


def init_workspace(directory: Path) -> list[Path]:
    """Write a commented tipqueue.toml and the workspace folders; never overwrite a workspace."""
    target = directory / CONFIG_FILE
    if target.exists():
        raise InputError(f"{target} already exists; edit it, or run `tipqueue init` in another folder")
    if directory.exists() and not directory.is_dir():
        raise InputError(f"{directory} is a file, not a folder; choose a folder for the workspace")
    directory.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    for name in FOLDERS:
        folder = directory / name
        folder.mkdir(exist_ok=True)
        made.append(folder)
    (directory / "sessions").chmod(0o700)
    shutil.copyfile(example_article(), directory / "articles" / EXAMPLE_ARTICLE)
    made.append(directory / "articles" / EXAMPLE_ARTICLE)
    text = resources.files("tipqueue.config").joinpath("init_template.toml").read_text(encoding="utf-8")
    target.write_text(text, encoding="utf-8")
    made.insert(0, target)
    return made
