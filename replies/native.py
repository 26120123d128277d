"""The gadget finder compiled to C with mypyc, used only while it matches the sources exactly.

Finding the gadgets and their stance is most of what an import of replies costs, and it is pure
Python. mypyc (part of mypy, a maintained compiler for type-annotated Python) turns the finder's
modules into C extensions that run the same code about twice as fast. ``tipqueue replies
native build`` compiles them into a cache folder (it needs a C compiler and mypy); nothing is
compiled when tipqueue is installed, so an install needs nothing but Python.

The compiled modules are kept apart from the sources, in a folder named by a digest of those
sources, and are loaded only when that folder matches the sources on disk: an edited, upgraded or
checked-out finder runs as Python until it is built again, never as a stale binary. Set
``TIPQUEUE_NATIVE=off`` to run the Python code whatever is built (the test suite does), and
``TIPQUEUE_NATIVE_DIR`` to keep the builds elsewhere than the user's cache folder.

:func:`install` is called when ``tipqueue.replies`` is imported, before any of these modules is.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from tipqueue.config.errors import InputError

#: The modules compiled, as tipqueue.replies.<name>: the finder and its stance, not the lexicon
#: (its frozen dataclasses travel to the worker processes by pickle, which mypyc's do not support).
MODULES = (
    "stance_words",
    "relay",
    "stance",
    "gadget_lists",
    "gadget_words",
    "novel",
    "gadgets",
    "context",
)
PACKAGE = "tipqueue.replies"
HERE = Path(__file__).resolve().parent
_MANIFEST = "manifest.json"


def digest(folder: Path = HERE, modules: Sequence[str] = MODULES) -> str:
    """What the compiled modules were made from: their sources, this Python and this machine."""
    h = hashlib.sha256()
    # the extension suffix names the interpreter and the platform ("cpython-311-x86_64-linux-gnu")
    h.update(f"{importlib.machinery.EXTENSION_SUFFIXES[0]} {','.join(modules)}".encode())
    for name in modules:
        h.update(b"\0" + (folder / f"{name}.py").read_bytes())
    return h.hexdigest()[:20]


def cache_root(environ: Mapping[str, str]) -> Path:
    """Where builds are kept: ``TIPQUEUE_NATIVE_DIR``, else the user's cache folder."""
    if environ.get("TIPQUEUE_NATIVE_DIR"):
        return Path(environ["TIPQUEUE_NATIVE_DIR"])
    base = environ.get("XDG_CACHE_HOME") or str(Path(environ.get("HOME", "~")).expanduser() / ".cache")
    return Path(base) / "tipqueue" / "native"


@dataclass(frozen=True)
class Build:
    """A compiled build of :data:`MODULES`: its folder, the shared library and one file per module."""

    folder: Path
    library: str  # the module name of mypyc's shared library
    library_file: str
    files: dict[str, str]  # module name -> file name in ``folder``


def built(root: Path, folder: Path = HERE, modules: Sequence[str] = MODULES) -> Build | None:
    """The build in ``root`` that matches the sources in ``folder``, if there is one."""
    place = root / digest(folder, modules)
    try:
        manifest = json.loads((place / _MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = manifest.get("files", {})
    library, library_file = manifest.get("library"), manifest.get("library_file")
    if set(files) != {f"{PACKAGE}.{m}" for m in modules} or not library or not library_file:
        return None
    if not all((place / f).is_file() for f in [*files.values(), library_file]):
        return None
    return Build(place, str(library), str(library_file), dict(files))


class _Finder:
    """Finds the compiled modules of one build (its shared library loaded first, once): a meta
    path finder (importlib.abc's base class is left out, its import costs more than this module)."""

    def __init__(self, build: Build) -> None:
        self._build = build
        self._library: ModuleType | None = None

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        name = self._build.files.get(fullname)
        if name is None:
            return None
        build = self._build
        if self._library is None:
            self._library = _load(build.library, build.folder / build.library_file)
        location = str(self._build.folder / name)
        loader = importlib.machinery.ExtensionFileLoader(fullname, location)
        return importlib.util.spec_from_file_location(fullname, location, loader=loader)


def _load(name: str, location: Path) -> ModuleType:
    loader = importlib.machinery.ExtensionFileLoader(name, str(location))
    spec = importlib.util.spec_from_file_location(name, location, loader=loader)
    if spec is None:  # pragma: no cover (a file location always gives a spec)
        raise ImportError(name)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module


def install(environ: Mapping[str, str] | None = None, *, modules: Sequence[str] = MODULES) -> Build | None:
    """Use the compiled finder where a build matches the sources (see the module notes)."""
    env = os.environ if environ is None else environ
    if env.get("TIPQUEUE_NATIVE", "").lower() in ("0", "off", "no", "false"):
        return None
    if any(f"{PACKAGE}.{m}" in sys.modules for m in modules):
        return None  # already imported as Python: mixing the two is not supported
    try:
        build = built(cache_root(env), modules=modules)
    except OSError:
        return None
    if build is not None and not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder(build))
    return build


def build(
    root: Path, environ: Mapping[str, str], *, folder: Path = HERE, modules: Sequence[str] = MODULES
) -> tuple[Build, bool]:
    """Compile ``modules`` (of ``folder``, this package by default) into ``root`` with mypyc,
    unless a build of these very sources is there; the build and whether it was made now.

    InputError (nothing written) when mypy or a C compiler is missing, or compiling fails."""
    import shutil
    import subprocess
    import tempfile

    done = built(root, folder, modules)
    if done is not None:
        return done, False
    if importlib.util.find_spec("mypyc") is None:
        raise InputError(
            "compiling the gadget finder needs mypy; install it (pip install mypy, or tipqueue's "
            "[native] extra: pip install -e '.[native]')"
        )
    path = environ.get("PATH", "")
    compiler = environ.get("CC") or next(
        (c for c in ("cc", "gcc", "clang") if shutil.which(c, path=path)), None
    )
    if not compiler:
        raise InputError(
            "compiling the gadget finder needs a C compiler (gcc or clang) and the Python headers; "
            "install them (Debian: apt-get install gcc python3-dev) or keep using the Python finder"
        )
    with tempfile.TemporaryDirectory(prefix="tipqueue-native-") as tmp:
        stage = Path(tmp)
        sources = _stage(stage, folder, modules)
        run = subprocess.run(
            [sys.executable, "-m", "mypyc", *sources],
            cwd=stage,
            env={**environ, "MYPYPATH": str(stage)},
            capture_output=True,
            text=True,
            check=False,
        )
        if run.returncode != 0:
            lines = [line for line in (run.stdout + run.stderr).splitlines() if line.strip()]
            last = lines[-1] if lines else f"exit code {run.returncode}"
            raise InputError(f"compiling the gadget finder failed ({last}); the Python finder stays in use")
        suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
        # mypyc's shared library: beside the stage's top for several modules, beside the module for one
        libraries = sorted(
            p for p in stage.rglob(f"*__mypyc{suffix}") if p.relative_to(stage).parts[0] != "build"
        )
        if len(libraries) != 1:
            raise InputError(
                "compiling the gadget finder left no shared library; the Python finder stays in use"
            )
        library = libraries[0]
        library_name = ".".join(library.relative_to(stage).with_name(library.name[: -len(suffix)]).parts)
        target = root / digest(folder, modules)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = Path(tempfile.mkdtemp(prefix=".partial-", dir=target.parent))
        files: dict[str, str] = {}
        for name in modules:
            made = stage / "tipqueue" / "replies" / f"{name}{suffix}"
            shutil.copy2(made, partial / made.name)
            files[f"{PACKAGE}.{name}"] = made.name
        shutil.copy2(library, partial / library.name)
        manifest = {"library": library_name, "library_file": library.name, "files": files}
        (partial / _MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        shutil.rmtree(target, ignore_errors=True)
        partial.rename(target)  # whole or not at all: a reader never sees half a build
    made_now = built(root, folder, modules)
    if made_now is None:  # pragma: no cover (written just above)
        raise InputError(f"the compiled finder in {target} could not be read back")
    return made_now, True


def _stage(stage: Path, folder: Path, modules: Sequence[str]) -> list[str]:
    """The installed layout (tipqueue/...) as links in ``stage``, with the modules to compile as
    files of their own there (mypyc writes its output beside them, never into the sources)."""
    import shutil

    top = stage / "tipqueue"
    top.mkdir()
    base = importlib.util.find_spec("tipqueue")
    assert base is not None and base.submodule_search_locations
    for entry in Path(next(iter(base.submodule_search_locations))).iterdir():
        if entry.name not in ("__pycache__", "replies"):
            (top / entry.name).symlink_to(entry)
    for package in ("config", "posts", "scheduler", "instagram", "templates"):
        spec = importlib.util.find_spec(f"tipqueue.{package}")
        if spec is not None and spec.submodule_search_locations and not (top / package).exists():
            (top / package).symlink_to(next(iter(spec.submodule_search_locations)), target_is_directory=True)
    replies = top / "replies"
    replies.mkdir()
    compiled = {f"{m}.py" for m in modules}
    for entry in folder.iterdir():
        if entry.name == "__pycache__" or entry.suffix in (".so", ".pyd"):
            continue
        if entry.name in compiled:
            shutil.copy2(entry, replies / entry.name)
        else:
            (replies / entry.name).symlink_to(entry)
    return [f"tipqueue/replies/{m}.py" for m in modules]


def in_use() -> bool:
    """Whether this process runs (or will import) the compiled finder."""
    return any(isinstance(f, _Finder) for f in sys.meta_path)
