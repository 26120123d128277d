"""`replies import` of files that broke it, through the real executable, on SQLite and PostgreSQL.

A bad file is one line on stderr, exit 2, and the store exactly as it was; a NUL byte is dropped
the same way on both databases (PostgreSQL cannot store it, SQLite kept it).
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tipqueue.scheduler.store import Store

from tests.scheduler.test_store_kit import PG_ENV, _pg_schema

TIPQUEUE = str(Path(sys.executable).with_name("tipqueue"))
ROWS = 25_000  # more than one store batch (20,000), so a late bad row used to leave a partial import
LATE = 24_001  # the data row that breaks


@pytest.fixture(params=["sqlite", "postgresql"])
def workspace(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    config = '[accounts.clinic]\nusername = "glow.clinic"\ntimezone = "America/Los_Angeles"\n'
    if request.param == "sqlite":
        (tmp_path / "tipqueue.toml").write_text(config, encoding="utf-8")
        yield tmp_path
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"set {PG_ENV} to run the PostgreSQL variant")
    for url in _pg_schema(base):
        (tmp_path / "tipqueue.toml").write_text(
            f"database_url = {json.dumps(url)}\n" + config, encoding="utf-8"
        )
        yield tmp_path


def run(workspace: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [TIPQUEUE, "--workspace", str(workspace), "replies", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "HOME": str(workspace)},
    )


def database_url(workspace: Path) -> str:
    text = (workspace / "tipqueue.toml").read_text(encoding="utf-8")
    if text.startswith("database_url"):
        return str(json.loads(text.splitlines()[0].split("=", 1)[1]))
    return f"sqlite:///{workspace / 'tipqueue.db'}"


def snapshot(workspace: Path) -> object:
    """The store as bytes (SQLite's files) or as every stored reply (PostgreSQL)."""
    url = database_url(workspace)
    if url.startswith("sqlite"):
        return {p.name: p.read_bytes() for p in sorted(workspace.glob("tipqueue.db*"))}
    with Store.open(url) as store:
        return [(r.platform_id, r.text, r.username, r.mentions) for r in store.list_replies()]


def stored_texts(workspace: Path) -> list[str]:
    with Store.open(database_url(workspace)) as store:
        return [r.text for r in store.list_replies()]


@pytest.fixture
def seeded(workspace: Path) -> Path:
    first = workspace / "first.jsonl"
    first.write_text(json.dumps({"text": "my jade roller, every morning", "username": "ana"}) + "\n")
    assert run(workspace, "import", str(first)).returncode == 0
    return workspace


def refused(workspace: Path, path: Path, message: str) -> None:
    before = snapshot(workspace)
    result = run(workspace, "import", str(path))
    assert result.returncode == 2, (result.returncode, result.stderr[-500:])
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr[-500:]
    assert "Traceback" not in result.stderr and message in result.stderr, result.stderr
    assert snapshot(workspace) == before


def big_csv(path: Path, late: dict[str, str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["text", "username"])
        writer.writeheader()
        for n in range(1, ROWS + 1):
            row = {"text": f"thank you doctor #{n}", "username": f"reader{n % 700}"}
            writer.writerow(late if n == LATE else row)
    return path


def test_json_nested_100000_deep_is_one_line(seeded: Path) -> None:
    deep = seeded / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    refused(seeded, deep, "nests too deeply")
    lines = seeded / "deep.jsonl"
    lines.write_text('{"text": "ok"}\n' + '{"a": ' * 100_000 + "1" + "}" * 100_000 + "\n", encoding="utf-8")
    refused(seeded, lines, "line 2 nests too deeply")


def test_a_text_object_is_refused_or_its_words_are_taken(seeded: Path) -> None:
    odd = seeded / "odd.json"
    odd.write_text(json.dumps([{"text": "fine"}, {"text": {"lang": "en", "n": 3}}]), encoding="utf-8")
    refused(seeded, odd, "item 2: the text is a JSON dict, not words")
    nested = seeded / "nested.json"
    nested.write_text(json.dumps([{"text": {"text": "my gua sha, daily"}}]), encoding="utf-8")
    assert run(seeded, "import", str(nested)).returncode == 0
    assert "my gua sha, daily" in stored_texts(seeded)
    assert not any(text.startswith("{") for text in stored_texts(seeded))  # never a Python repr


def test_a_late_bad_row_stores_nothing_on_either_database(seeded: Path) -> None:
    """A value the store cannot hold in row 24,001 (PostgreSQL: varchar(128)) used to leave the
    first 20,000 rows stored behind a "nothing was written" message."""
    path = big_csv(seeded / "late.csv", {"text": "thanks", "username": "x" * 200})
    refused(seeded, path, f"late.csv: line {LATE + 1}: username 'xxxxxxxxxx")


def test_a_nul_byte_is_dropped_alike_on_both_databases(seeded: Path) -> None:
    """PostgreSQL refused the NUL (after storing the batches before it), SQLite stored it."""
    path = seeded / "nul.csv"
    path.write_text("text,username\nthanks doctor,ana\nmy ice\x00 roller,nul\n", encoding="utf-8")
    result = run(seeded, "import", str(path))
    assert result.returncode == 0, result.stderr[-500:]
    texts = stored_texts(seeded)
    assert "my ice roller" in texts and len(texts) == 3
    assert not any("\x00" in t for t in texts)
