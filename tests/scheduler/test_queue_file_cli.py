"""`queue import` of bad files through the real executable: one line, exit 2, the store untouched.

Each case is a file a careless operator (or a spreadsheet) produces. The store is compared
byte for byte before and after, so a half-written import cannot hide behind a clean message.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.scheduler.test_queue_cli import CONFIG, run
from tests.scheduler.test_store_kit import make_series

HEADER = "id,status,caption,local_time,position\n"


def store_bytes(workspace: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(workspace.glob("tipqueue.db*"))}


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "tipqueue.toml").write_text(CONFIG, encoding="utf-8")
    make_series(tmp_path / "posts", 2)
    added = run(tmp_path, "queue", "add", str(tmp_path / "posts" / "facial"))
    assert added.returncode == 0, added.stderr
    return tmp_path


def refused(workspace: Path, name: str, body: bytes, message: str) -> str:
    path = workspace / name
    path.write_bytes(body)
    before = store_bytes(workspace)
    result = run(workspace, "queue", "import", str(path))
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr and message in result.stderr, result.stderr
    assert store_bytes(workspace) == before
    return result.stderr


@pytest.mark.parametrize(
    ("body", "message"),
    [
        # a row with fewer cells than the header (a spreadsheet dropped the trailing ones)
        (HEADER.encode() + b"new-1\n", "the caption is missing"),
        # Latin-1 from an old spreadsheet
        (HEADER.encode() + "new-1,draft,Caf\u00e9 tips,,1\n".encode("latin-1"), "is not UTF-8 text (byte"),
        (
            HEADER.encode() + b"new-1,scheduled,Tips,2099-02-30 09:00,1\n",
            "'2099-02-30 09:00' is not a date: February 2099 has 28 days",
        ),
        (HEADER.encode() + b"new-1,draft,Tips,,third\n", "position 'third' is not a whole number"),
        (HEADER.encode() + b"a/b,draft,Tips,,1\n", "post id 'a/b' cannot be used in links (it contains '/')"),
        (HEADER.encode() + b'new-1,draft,"unclosed\n', "is not valid CSV"),
    ],
    ids=["short-row", "not-utf8", "impossible-date", "position-not-int", "slash-in-id", "unclosed-quote"],
)
def test_a_bad_csv_row_is_one_line_and_changes_nothing(workspace: Path, body: bytes, message: str) -> None:
    stderr = refused(workspace, "q.csv", body, message)
    assert "q.csv" in stderr


def test_json_nested_too_deep_or_with_an_object_caption_is_refused(workspace: Path) -> None:
    refused(workspace, "deep.json", b"[" * 100_000 + b"]" * 100_000, "nests too deeply")
    record = {"id": "new-1", "status": "draft", "caption": {"text": "hi"}}
    refused(workspace, "obj.json", json.dumps([record]).encode(), "caption is a JSON dict, not text")


def test_a_caption_starting_with_apostrophe_equals_round_trips(workspace: Path) -> None:
    """The export's formula guard comes off on import, and only that one apostrophe."""
    path = workspace / "q.csv"
    assert run(workspace, "queue", "export", str(path)).returncode == 0
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[0]["caption"] = "'=our favourite: the humble ice roller"
    rows[1]["caption"] = "=SUM(A1) is not a tip"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    # the file as a person wrote it: the first cell is read as guarded once, the second as plain
    assert run(workspace, "queue", "import", str(path)).returncode == 0
    listed = {p["id"]: p["caption"] for p in json.loads(run(workspace, "queue", "list", "--json").stdout)}
    assert listed[rows[0]["id"]] == "=our favourite: the humble ice roller"
    assert listed[rows[1]["id"]] == "=SUM(A1) is not a tip"

    # now a caption that really starts with '= : export, import, and it is unchanged
    caption = workspace / "caption.txt"
    caption.write_text("'=our favourite, quoted\n", encoding="utf-8")
    assert run(workspace, "queue", "edit", rows[0]["id"], "--caption-file", str(caption)).returncode == 0
    assert run(workspace, "queue", "export", str(path)).returncode == 0
    exported = {r["id"]: r["caption"] for r in csv.DictReader(path.open(encoding="utf-8"))}
    assert exported[rows[0]["id"]] == "''=our favourite, quoted"
    again = run(workspace, "queue", "import", str(path))
    assert again.returncode == 0 and "0 changed, 2 unchanged" in again.stdout
    listed = {p["id"]: p["caption"] for p in json.loads(run(workspace, "queue", "list", "--json").stdout)}
    assert listed[rows[0]["id"]] == "'=our favourite, quoted"


def test_more_rows_than_the_limit_are_refused_before_the_store(workspace: Path) -> None:
    (workspace / "tipqueue.toml").write_text(CONFIG + "\n[limits]\nimport_rows = 3\n", encoding="utf-8")
    lines = "".join(f"new-{n},draft,Tips {n},,{n}\n" for n in range(4))
    stderr = refused(
        workspace, "q.csv", (HEADER + lines).encode(), "over the limit of 3 rows (limits.import_rows)"
    )
    assert "import_rows" in stderr
