"""Fuzzing `replies import`: whatever the file holds, it is stored or refused with one line
(exit 2 at the command line) and the store is left exactly as it was.

The hand-written corpus (tests/replies/malformed/) goes through the real executable with the
SQLite store compared byte for byte; Hypothesis-made files go through ``import_replies``.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tipqueue.config.errors import TipqueueError
from tipqueue.replies.importer import import_replies
from tipqueue.scheduler.store import Store

from tests.replies.conftest import NOW, WORKSPACE_TOML
from tests.replies.test_import_bad_files import run

CORPUS = sorted(p for p in (Path(__file__).parent / "malformed").iterdir() if p.suffix != ".md")


def store_bytes(workspace: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(workspace.glob("tipqueue.db*"))}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz-replies")
    (folder / "tipqueue.toml").write_text(WORKSPACE_TOML, encoding="utf-8")
    first = folder / "first.jsonl"
    first.write_text(json.dumps({"text": "my jade roller, every morning", "username": "ana"}) + "\n")
    assert run(folder, "import", str(first)).returncode == 0
    return folder


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_each_malformed_file_is_one_line_exit_2_and_the_store_unchanged(seeded: Path, path: Path) -> None:
    before = store_bytes(seeded)
    result = run(seeded, "import", str(path))
    assert result.returncode == 2, (result.returncode, result.stderr[-400:])
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr[-400:]
    assert "Traceback" not in result.stderr
    assert store_bytes(seeded) == before


FIELDS = [
    "text",
    "comment",
    "username",
    "owner",
    "created_at",
    "id",
    "post",
    "parent_id",
    "answers",
    "user_id",
]
CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            "I love my NuFace mini",
            "mine broke",
            "\x00",
            "=cmd",
            "2025-03-01T09:30:00Z",
            "last tuesday",
            "1700000000",
            "99999999999999999999",
            "17900000000000001",
            "gadgets-08",
            "a/b",
            "u" * 200,
        ]
    ),
    st.text(max_size=20),
)
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | CELLS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(FIELDS), inner, max_size=3),
    max_leaves=8,
)
ROWS = st.lists(st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=5), max_size=4)


@st.composite
def files(draw: st.DrawFn) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(["json", "jsonl", "csv", "bytes"]))
    if kind == "bytes":
        return draw(st.sampled_from([".json", ".jsonl", ".csv"])), draw(st.binary(max_size=200))
    rows = draw(ROWS)
    if kind == "json":
        return ".json", json.dumps(rows).encode()
    if kind == "jsonl":
        return ".jsonl", "".join(json.dumps(r) + "\n" for r in rows).encode()
    header = draw(st.lists(st.sampled_from(FIELDS), min_size=1, max_size=5, unique=True))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(draw(st.lists(st.lists(CELLS, max_size=len(header) + 1), max_size=4)))
    return ".csv", buffer.getvalue().encode()


def snapshot(store: Store) -> list[Any]:
    return [(r.platform_id, r.text, r.username, r.post_id, r.mentions) for r in store.list_replies()]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(made=files())
def test_any_file_is_stored_or_refused_in_one_line_with_nothing_changed(
    tmp_path: Path, made: tuple[str, bytes]
) -> None:
    suffix, body = made
    with Store.open(f"sqlite:///{tmp_path / 'fuzz.db'}") as store:
        path = tmp_path / f"fuzz{suffix}"
        path.write_bytes(body)
        before = snapshot(store)
        try:
            import_replies(store, path, now=NOW)
        except TipqueueError as exc:
            assert exc.exit_code == 2, exc
            assert "\n" not in str(exc) and str(exc), repr(str(exc))
            assert snapshot(store) == before
            return
        assert not any("\x00" in text for _, text, *_ in snapshot(store))
