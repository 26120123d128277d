"""Fuzzing `queue import`: whatever the file holds, an import either applies it or refuses it
with one line (exit 2 at the command line) and leaves the store exactly as it was.

Two halves: the hand-written corpus of malformed files (tests/scheduler/malformed/) through the
real executable, the store compared byte for byte; and Hypothesis-made files through
``import_queue`` itself (many more cases than processes would allow in the suite's budget).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tipqueue.config.errors import TipqueueError
from tipqueue.scheduler import queue, queue_file
from tipqueue.scheduler.store import Store

from tests.scheduler.test_queue_cli import CONFIG, run
from tests.scheduler.test_store_kit import NOW, make_series, make_settings

CORPUS = sorted((Path(__file__).parent / "malformed").glob("*.*[!d]"))  # not the README.md


def store_bytes(workspace: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(workspace.glob("tipqueue.db*"))}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz-queue")
    (folder / "tipqueue.toml").write_text(CONFIG, encoding="utf-8")
    make_series(folder / "posts", 2)
    assert run(folder, "queue", "add", str(folder / "posts" / "facial")).returncode == 0
    return folder


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_each_malformed_file_is_one_line_exit_2_and_the_store_unchanged(workspace: Path, path: Path) -> None:
    before = store_bytes(workspace)
    result = run(workspace, "queue", "import", str(path))
    assert result.returncode == 2, (result.returncode, result.stderr[-400:])
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr[-400:]
    assert "Traceback" not in result.stderr and path.name in result.stderr
    assert store_bytes(workspace) == before


# --- Hypothesis: files made of the values that broke imports before, in any arrangement ---

COLUMNS = [
    "id",
    "status",
    "caption",
    "local_time",
    "scheduled_at",
    "position",
    "hashtags",
    "pinned",
    "kind",
    "slides",
]
CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            "new-1",
            "facial-01",
            "F-1",
            "a/b",
            "x y",
            "draft",
            "scheduled",
            "cancelled",
            "published",
            "teleported",
            "2099-02-30 09:00",
            "2099-06-01 09:00",
            "9999-12-31 23:59",
            "2000-01-01 09:00",
            "2099-06-01T09:00:00+00:00",
            "third",
            "-1",
            "1e400",
            "[",
            "[{}]",
            '[{"image": 5}]',
            "'=SUM(1)",
            "''=x",
            "=cmd",
            "true",
            "maybe",
            "cta",
            "carousel",
            "\x00",
            "#skincare #glow",
        ]
    ),
    st.text(max_size=30),
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | CELLS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(COLUMNS), inner, max_size=4),
    max_leaves=8,
)


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    header = draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=7, unique=True))
    rows = draw(st.lists(st.lists(CELLS, max_size=len(header) + 1), max_size=4))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    body = buffer.getvalue().encode("utf-8")
    cut = draw(st.integers(min_value=0, max_value=len(body)))
    return body[:cut] if draw(st.booleans()) else body


@st.composite
def json_files(draw: st.DrawFn) -> bytes:
    posts = draw(st.lists(st.dictionaries(st.sampled_from(COLUMNS), JSON_VALUES, max_size=6), max_size=4))
    document: Any = {"posts": posts} if draw(st.booleans()) else posts
    return json.dumps(document).encode("utf-8")


def snapshot(store: Store) -> list[Any]:
    posts = store.list_posts()
    return [(p, store.history(p.id)) for p in posts]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.one_of(csv_files(), json_files(), st.binary(max_size=200)),
    suffix=st.sampled_from([".csv", ".json"]),
)
def test_any_file_is_applied_or_refused_in_one_line_with_nothing_changed(
    tmp_path: Path, body: bytes, suffix: str
) -> None:
    db = tmp_path / "fuzz.db"
    settings_ = make_settings(tmp_path, f"sqlite:///{db}")
    store = Store.open(f"sqlite:///{db}")
    try:
        if not store.list_posts():
            queue.add_folders(store, settings_, [make_series(tmp_path, 2)], now=NOW)
        path = tmp_path / f"fuzz{suffix}"
        path.write_bytes(body)
        before = snapshot(store)
        try:
            queue_file.import_queue(store, settings_, path, now=NOW + timedelta(minutes=1))
        except TipqueueError as exc:
            assert exc.exit_code == 2, exc
            assert "\n" not in str(exc) and str(exc), repr(str(exc))
            assert snapshot(store) == before
    finally:
        store.close()
