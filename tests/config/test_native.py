"""The compiled code: built once from the sources, imported only while it matches them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tipqueue.config import native
from tipqueue.config.errors import InputError
from typer.testing import CliRunner

from tipqueue.cli import app

HERE = native.FINDER.sources()
SMALL = native.Group("tipqueue.replies", ("stance_words",))  # one module: seconds, not minutes
needs_compiler = pytest.mark.skipif(
    not any(shutil.which(c) for c in ("cc", "gcc", "clang")), reason="no C compiler here"
)

_SHOW = """
import json, os, re
from tipqueue.config import native
native.install(native.Group("tipqueue.replies", ("stance_words",)))
import tipqueue.replies.stance_words as words

def canon(v):  # the same value prints the same whatever order a set iterates in
    if isinstance(v, (set, frozenset)):
        return ["set", sorted(json.dumps(canon(x)) for x in v)]
    if isinstance(v, dict):
        return ["dict", sorted([json.dumps(canon(k)), json.dumps(canon(x))] for k, x in v.items())]
    if isinstance(v, (list, tuple)):
        return [type(v).__name__, [canon(x) for x in v]]
    if isinstance(v, re.Pattern):
        return ["re", v.pattern, v.flags]
    return repr(v)

tables = {k: canon(v) for k, v in sorted(vars(words).items()) if k.isupper()}
print(json.dumps({"file": words.__file__, "tables": tables}))
"""


def _show(environ: dict[str, str]) -> dict[str, object]:
    run = subprocess.run(
        [sys.executable, "-c", _SHOW], env=environ, capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(run.stdout)
    return result


@needs_compiler
def test_a_build_is_made_once_and_imported_in_place_of_the_python_code(tmp_path: Path) -> None:
    root = tmp_path / "native"
    env = {k: v for k, v in os.environ.items() if k != "TIPQUEUE_NATIVE"}
    made, new = native.build(root, SMALL, env)
    assert new and made.folder.parent == root and made.folder.name == native.digest(SMALL)
    again, new_again = native.build(root, SMALL, env)
    assert (again, new_again) == (made, False)  # the same sources: nothing compiled again

    compiled = _show({**env, "TIPQUEUE_NATIVE_DIR": str(root)})
    python = _show({**env, "TIPQUEUE_NATIVE_DIR": str(root), "TIPQUEUE_NATIVE": "off"})
    assert str(compiled["file"]).startswith(str(made.folder)) and str(python["file"]).endswith(".py")
    assert compiled["tables"] == python["tables"] and compiled["tables"]


def _fake_build(root: Path, group: native.Group) -> Path:
    """A build folder for ``group`` as build() writes it (with no compiled code in it)."""
    place = root / native.digest(group)
    place.mkdir(parents=True)
    (place / "lib__mypyc.so").write_bytes(b"")
    (place / "stance_words.so").write_bytes(b"")
    manifest = {
        "library": "lib__mypyc",
        "library_file": "lib__mypyc.so",
        "files": {"tipqueue.replies.stance_words": "stance_words.so"},
    }
    (place / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return place


def test_an_edited_source_is_never_run_from_an_old_build(tmp_path: Path) -> None:
    sources = tmp_path / "replies"
    sources.mkdir()
    shutil.copy2(HERE / "stance_words.py", sources / "stance_words.py")
    copy = native.Group("tipqueue.replies", ("stance_words",), folder=sources)
    place = _fake_build(tmp_path / "native", copy)
    assert native.built(tmp_path / "native", copy) is not None

    with (sources / "stance_words.py").open("a", encoding="utf-8") as handle:
        handle.write("\n# a word list edited after the build\n")
    assert native.built(tmp_path / "native", copy) is None  # Python runs until compiled again
    assert place.is_dir()  # the old build is left alone, not half-deleted


def test_a_build_missing_a_file_is_not_used(tmp_path: Path) -> None:
    place = _fake_build(tmp_path / "native", SMALL)
    (place / "stance_words.so").unlink()
    assert native.built(tmp_path / "native", SMALL) is None


def test_native_off_runs_the_python_code_whatever_is_built(tmp_path: Path) -> None:
    _fake_build(tmp_path / "native", SMALL)
    environ = {"TIPQUEUE_NATIVE": "off", "TIPQUEUE_NATIVE_DIR": str(tmp_path / "native")}
    assert native.install(SMALL, environ) is None


def test_no_compiler_is_one_clear_error_and_nothing_is_written(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="needs a C compiler"):
        native.build(tmp_path / "native", SMALL, {"PATH": str(tmp_path)})
    assert not (tmp_path / "native").exists()


def test_compile_check_names_each_part_not_compiled(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["compile", "--check"], env={"TIPQUEUE_NATIVE_DIR": str(tmp_path / "none")}
    )
    assert result.exit_code == 1
    for group in native.GROUPS:
        assert f"{group.package}: not compiled for this code" in result.output
    assert "run `tipqueue compile`" in result.output


def _closures_sharing_a_scope(source: str) -> list[str]:
    """Nested functions (or lambdas) that call a sibling nested function of the same function."""
    import ast

    found: list[str] = []

    def nested(node: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda]:
        out: list[ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda] = []
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                out.append(child)
            else:
                out += nested(child)
        return out

    for outer in ast.walk(ast.parse(source)):
        if not isinstance(outer, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        inner = nested(outer)
        names = {f.name for f in inner if not isinstance(f, ast.Lambda)}
        for f in inner:
            own = getattr(f, "name", "lambda")
            used = {n.id for n in ast.walk(f) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
            for name in sorted((used & names) - {own}):
                found.append(f"{outer.name}: {own} (line {f.lineno}) calls {name}")
    return found


def test_compiled_code_has_no_closures_holding_each_other() -> None:
    # Compiled, a nested function that calls a sibling keeps the shared scope and that sibling in a
    # reference cycle; the reply import pauses the cyclic collector, so each call's cycle stayed in
    # memory: a million replies took 454 MiB instead of under 200.
    assert _closures_sharing_a_scope(
        "def f():\n    def a(): return 1\n    def b(): return a()\n    return b()\n"
    )
    for group in native.GROUPS:
        for module in group.modules:
            source = (group.sources() / f"{module}.py").read_text(encoding="utf-8")
            assert _closures_sharing_a_scope(source) == [], f"{group.package}.{module}"
