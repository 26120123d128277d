"""The hot code compiled to C with mypyc, used only while it matches the sources exactly.

Finding the gadgets of replies and reading and scoring an article's ideas are pure Python and
most of what an import or a split costs. mypyc (part of mypy, a maintained compiler for
type-annotated Python) turns those modules into C extensions that run the same code faster.
``tipqueue compile`` builds them into a cache folder (it needs mypy and a C compiler); nothing is
compiled when tipqueue is installed, so an install needs nothing but Python.

Each :class:`Group` (a package and the modules of it that are compiled) is built into a folder
named by a digest of those modules' sources, and is loaded only while that folder matches the
sources on disk: edited, upgraded or checked-out code runs as Python until it is compiled again,
never as a stale binary. ``TIPQUEUE_NATIVE=off`` runs the Python code whatever is built (the test
suite does); ``TIPQUEUE_NATIVE_DIR`` keeps the builds elsewhere than the user's cache folder.

A group's package calls :func:`install` in its ``__init__``, before any of its modules is
imported.
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

_MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Group:
    """Modules of one package compiled together (``folder``: where the package's sources are)."""

    package: str
    modules: tuple[str, ...]
    folder: Path | None = None  # None: found from the package

    def sources(self) -> Path:
        if self.folder is not None:
            return self.folder
        spec = importlib.util.find_spec(self.package)
        if spec is None or not spec.submodule_search_locations:  # pragma: no cover (our packages)
            raise InputError(f"no package {self.package}")
        return Path(next(iter(spec.submodule_search_locations)))

    def names(self) -> set[str]:
        return {f"{self.package}.{m}" for m in self.modules}


#: The gadget finder and its stance and context; not the lexicon (its frozen dataclasses travel
#: to the import's worker processes by pickle, which mypyc's classes do not support).
FINDER = Group(
    "tipqueue.replies",
    ("stance_words", "relay", "stance", "gadget_lists", "gadget_words", "novel", "gadgets", "context"),
)
#: The splitter: an article's ideas, their references, scores and the call to action ...
IDEAS = Group(
    "tipqueue.posts.ideas",
    (
        "lexicon",
        "references",
        "advice",
        "anecdote",
        "completeness",
        "health",
        "persons",
        "elsewhere",
        "attribution",
        "promotion",
        "carry",
        "units",
        "selection",
        "cta",
        "plan",
    ),
)
#: ... and the reading of the article's blocks, titles and page furniture.
READING = Group("tipqueue.posts.reading", ("casing", "boilerplate", "outline", "titles", "plain", "build"))
GROUPS = (FINDER, IDEAS, READING)


def digest(group: Group) -> str:
    """What a group's build is made from: its sources, this Python and this platform."""
    h = hashlib.sha256()
    # the extension suffix names the interpreter and the platform ("cpython-311-x86_64-linux-gnu")
    h.update(
        f"{importlib.machinery.EXTENSION_SUFFIXES[0]} {group.package} {','.join(group.modules)}".encode()
    )
    folder = group.sources()
    for name in group.modules:
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
    """A compiled group: its folder, mypyc's shared library and one file per module."""

    folder: Path
    library: str  # the module name of mypyc's shared library
    library_file: str
    files: dict[str, str]  # module name -> file name in ``folder``


def built(root: Path, group: Group) -> Build | None:
    """The build in ``root`` that matches ``group``'s sources, if there is one."""
    place = root / digest(group)
    try:
        manifest = json.loads((place / _MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = manifest.get("files", {})
    library, library_file = manifest.get("library"), manifest.get("library_file")
    if set(files) != group.names() or not library or not library_file:
        return None
    if not all((place / f).is_file() for f in [*files.values(), library_file]):
        return None
    return Build(place, str(library), str(library_file), dict(files))


class _Finder:
    """Finds the compiled modules of one build (its shared library loaded first, once): a meta
    path finder (importlib.abc's base class is left out, its import costs more than this module)."""

    def __init__(self, build: Build) -> None:
        self.build = build
        self._library: ModuleType | None = None

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        build = self.build
        name = build.files.get(fullname)
        if name is None:
            return None
        if self._library is None:
            self._library = _load(build.library, build.folder / build.library_file)
        location = str(build.folder / name)
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


def switched_off(environ: Mapping[str, str]) -> bool:
    """Whether ``TIPQUEUE_NATIVE`` asks for the Python code whatever is built."""
    return environ.get("TIPQUEUE_NATIVE", "").lower() in ("0", "off", "no", "false")


def install(group: Group, environ: Mapping[str, str] | None = None) -> Build | None:
    """Import ``group`` compiled where a build matches its sources (see the module notes)."""
    env = os.environ if environ is None else environ
    if switched_off(env):
        return None
    if any(name in sys.modules for name in group.names()):
        return None  # already imported as Python: mixing the two is not supported
    root = cache_root(env)
    try:
        if not root.is_dir():  # nothing was ever compiled: not even the digest is worth making
            return None
        build = built(root, group)
    except OSError:
        return None
    if build is not None and not any(isinstance(f, _Finder) and f.build == build for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder(build))
    return build


def build(root: Path, group: Group, environ: Mapping[str, str]) -> tuple[Build, bool]:
    """Compile ``group`` into ``root`` with mypyc, unless a build of these very sources is there;
    the build and whether it was made now.

    InputError (nothing written) when mypy or a C compiler is missing, or compiling fails."""
    import shutil
    import subprocess
    import tempfile

    done = built(root, group)
    if done is not None:
        return done, False
    if importlib.util.find_spec("mypyc") is None:
        raise InputError(
            "compiling needs mypy; install it (pip install mypy, or tipqueue's [native] extra: "
            "pip install -e '.[native]')"
        )
    path = environ.get("PATH", "")
    compiler = environ.get("CC") or next(
        (c for c in ("cc", "gcc", "clang") if shutil.which(c, path=path)), None
    )
    if not compiler:
        raise InputError(
            "compiling needs a C compiler (gcc or clang) and the Python headers; install them "
            "(Debian: apt-get install gcc python3-dev) or keep using the Python code"
        )
    with tempfile.TemporaryDirectory(prefix="tipqueue-native-") as tmp:
        stage = Path(tmp)
        sources = _stage(stage, group)
        # untyped third-party imports (sentencex, trafilatura ...) are Python objects to mypyc
        (stage / "mypy.ini").write_text("[mypy]\nignore_missing_imports = True\n", encoding="utf-8")
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
            errors = (
                [line for line in lines if ": error:" in line] or lines[-1:] or [f"exit {run.returncode}"]
            )
            raise InputError(f"compiling {group.package} failed ({errors[0]}); its Python code stays in use")
        suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
        # mypyc's shared library: beside the stage's top for several modules, beside the module for one
        libraries = sorted(
            p for p in stage.rglob(f"*__mypyc{suffix}") if p.relative_to(stage).parts[0] != "build"
        )
        if len(libraries) != 1:
            raise InputError(
                f"compiling {group.package} left no shared library; its Python code stays in use"
            )
        library = libraries[0]
        library_name = ".".join(library.relative_to(stage).with_name(library.name[: -len(suffix)]).parts)
        target = root / digest(group)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = Path(tempfile.mkdtemp(prefix=".partial-", dir=target.parent))
        files: dict[str, str] = {}
        package_dir = stage.joinpath(*group.package.split("."))
        for name in group.modules:
            made = package_dir / f"{name}{suffix}"
            shutil.copy2(made, partial / made.name)
            files[f"{group.package}.{name}"] = made.name
        shutil.copy2(library, partial / library.name)
        manifest = {"library": library_name, "library_file": library.name, "files": files}
        (partial / _MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        shutil.rmtree(target, ignore_errors=True)
        partial.rename(target)  # whole or not at all: a reader never sees half a build
    made_now = built(root, group)
    if made_now is None:  # pragma: no cover (written just above)
        raise InputError(f"the compiled build in {target} could not be read back")
    return made_now, True


def _stage(stage: Path, group: Group) -> list[str]:
    """The installed layout (tipqueue/...) as links in ``stage``, with the group's package as a
    folder of its own there holding copies of the modules to compile (mypyc writes its output
    beside them, never into the sources); the paths to compile."""
    import shutil

    parts = group.package.split(".")  # tipqueue, posts, ideas
    for depth in range(1, len(parts) + 1):
        package = ".".join(parts[:depth])
        here = stage.joinpath(*parts[:depth])
        here.mkdir()
        below = parts[depth] if depth < len(parts) else None
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:  # pragma: no cover (our packages)
            raise InputError(f"no package {package}")
        folder = group.sources() if below is None else Path(next(iter(spec.submodule_search_locations)))
        entries = {
            e.name: e for e in folder.iterdir() if e.name != "__pycache__" and e.suffix not in (".so", ".pyd")
        }
        if depth == 1:  # the packages an editable install maps from other folders (tipqueue.posts ...)
            for sub in ("config", "posts", "scheduler", "instagram", "replies", "templates"):
                found = importlib.util.find_spec(f"tipqueue.{sub}")
                if sub not in entries and found is not None and found.submodule_search_locations:
                    entries[sub] = Path(next(iter(found.submodule_search_locations)))
        compiled = {f"{m}.py" for m in group.modules} if below is None else set()
        for name, entry in entries.items():
            if name == below:
                continue
            if name in compiled:
                shutil.copy2(entry, here / name)
            else:
                (here / name).symlink_to(entry, target_is_directory=entry.is_dir())
    return ["/".join([*parts, f"{m}.py"]) for m in group.modules]
