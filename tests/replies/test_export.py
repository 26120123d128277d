"""Leaderboard, Excel-safe CSV, XLSX, JSON Lines, pseudonyms and the chart."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image
from tipqueue.config.errors import InputError, NotFoundError
from tipqueue.posts.models import Reply, ReplyKind
from tipqueue.replies.chart import write_chart
from tipqueue.replies.export import (
    anonymization_key,
    export_leaderboard,
    export_replies,
    leaderboard,
    pseudonym,
    safe_cell,
)
from tipqueue.replies.gadgets import default_matcher
from tipqueue.replies.lexicon import build_lexicon
from tipqueue.scheduler.store import Store

T0 = datetime(2025, 3, 1, 9, tzinfo=UTC)


def _seed(store: Store, texts: list[tuple[str, str]]) -> None:
    replies = [
        Reply(
            platform_id=f"c{n}",
            text=text,
            username=user,
            kind=ReplyKind.COMMENT,
            post_id="gadgets-08",
            created_at=T0 + timedelta(hours=n),
        )
        for n, (user, text) in enumerate(texts)
    ]
    store.add_replies(default_matcher().annotate(replies))


@pytest.fixture
def seeded(store: Store) -> Store:
    _seed(
        store,
        [
            ("amy_k", "I love my NuFace mini!"),
            ("bob_z", "NuFace mini is a game changer"),
            ("amy_k", "still obsessed with the NuFace mini"),
            ("cat_w", "I returned my Foreo"),
            ("dan_q", '=HYPERLINK("http://evil.example","jade roller") ask @amy_k'),
            ("eve_x", "+1 for the jade roller, @bob_z agrees"),
        ],
    )
    return store


def test_leaderboard_counts_people_stances_and_dates(seeded: Store) -> None:
    rows = {r.gadget: r for r in leaderboard(seeded)}
    nuface = rows["NuFace Mini"]
    # amy_k recommends it twice: two replies, one reader, one recommendation
    assert (nuface.mentions, nuface.people, nuface.recommends, nuface.dislikes) == (3, 2, 2, 0)
    assert (nuface.first_seen, nuface.last_seen) == (T0, T0 + timedelta(hours=2))
    assert nuface.sample == "I love my NuFace mini!"
    assert (rows["Foreo"].dislikes, rows["Foreo"].recommends) == (1, 0)
    assert rows["Facial roller"].people == 2
    assert [r.gadget for r in leaderboard(seeded)][:2] == ["NuFace Mini", "Facial roller"]


def test_leaderboard_with_an_edited_lexicon_finds_new_gadgets(seeded: Store) -> None:
    custom = build_lexicon(
        [
            (
                "gadgets.toml",
                {
                    "categories": {"misc": {"label": "misc"}},
                    "gadgets": [{"name": "Hyperlink Wand", "category": "misc", "aliases": ["hyperlink"]}],
                },
            )
        ]
    )
    assert [r.gadget for r in leaderboard(seeded, custom)] == ["Hyperlink Wand"]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("=1+1", "'=1+1"),
        ("+1 for the roller", "'+1 for the roller"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=cmd", "'\t=cmd"),
        ("\r=cmd", "'\r=cmd"),
        ("plain = text", "plain = text"),
        (None, ""),
    ],
)
def test_csv_cells_that_could_run_as_formulas_are_neutralised(value: str | None, shown: str) -> None:
    assert safe_cell(value) == shown


def test_csv_export_opens_cleanly_in_excel(seeded: Store, tmp_path: Path) -> None:
    path = tmp_path / "replies.csv"
    assert export_replies(seeded, path, "csv") == 6
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    by_user = {r["username"]: r for r in rows}
    assert by_user["dan_q"]["text"].startswith("'=HYPERLINK")
    assert by_user["eve_x"]["text"].startswith("'+1 for")
    assert by_user["cat_w"]["stances"] == "dislikes"
    assert by_user["amy_k"]["gadgets"] == "NuFace Mini"
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r.values())


def test_xlsx_export_stores_text_never_formulas(seeded: Store, tmp_path: Path) -> None:
    path = tmp_path / "replies.xlsx"
    export_replies(seeded, path, "xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["Leaderboard", "Replies"]
    sheet = book["Replies"]
    header = [c.value for c in sheet[1]]
    texts = [row[header.index("text")] for row in sheet.iter_rows(min_row=2)]
    evil = next(c for c in texts if str(c.value).startswith("=HYPERLINK"))
    assert evil.data_type == "s"
    board = book["Leaderboard"]
    assert board["B2"].value == "NuFace Mini" and board["F2"].value == 2


def test_jsonl_export(seeded: Store, tmp_path: Path) -> None:
    path = tmp_path / "replies.jsonl"
    export_replies(seeded, path, "jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 6 and rows[0]["username"] == "amy_k" and rows[0]["created_at"] == T0.isoformat()


def test_anonymised_exports_never_hold_the_real_names(seeded: Store, tmp_path: Path) -> None:
    key = anonymization_key(tmp_path)
    assert (tmp_path / ".tipqueue-anonymize.key").stat().st_mode & 0o777 == 0o600
    assert anonymization_key(tmp_path) == key  # stable across runs
    for fmt in ("csv", "jsonl", "xlsx"):
        path = tmp_path / f"anon.{fmt}"
        export_replies(seeded, path, fmt, anonymize=True, key=key)
        if fmt == "xlsx":
            book = load_workbook(path)
            content = " ".join(str(c.value) for ws in book for row in ws.iter_rows() for c in row)
        else:
            content = path.read_text(encoding="utf-8-sig")
        for name in ("amy_k", "bob_z", "cat_w", "dan_q", "eve_x"):
            assert name not in content, (fmt, name)
        assert pseudonym("amy_k", key) in content
    jsonl = [json.loads(x) for x in (tmp_path / "anon.jsonl").read_text(encoding="utf-8").splitlines()]
    assert (
        jsonl[0]["username"] == jsonl[2]["username"] == pseudonym("AMY_K", key)
    )  # same reader, same pseudonym
    assert f"@{pseudonym('amy_k', key)}" in jsonl[4]["text"]
    assert pseudonym("amy_k", key) != pseudonym("amy_k", b"another key of sixteen+ bytes")
    assert jsonl[0]["platform_id"] != "c0"  # reply ids could lead back to the account too


def test_anonymize_without_a_key_and_bad_paths_are_refused(seeded: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="key"):
        export_replies(seeded, tmp_path / "x.csv", "csv", anonymize=True)
    with pytest.raises(InputError, match="'pdf'"):
        export_replies(seeded, tmp_path / "x.pdf", "pdf")
    with pytest.raises(InputError, match="does not exist"):
        export_replies(seeded, tmp_path / "nope" / "x.csv", "csv")
    assert list(tmp_path.glob("*.csv")) == []


def test_leaderboard_export_and_chart(seeded: Store, tmp_path: Path) -> None:
    rows = leaderboard(seeded)
    assert export_leaderboard(rows, tmp_path / "board.csv", "csv") == 3
    lines = (tmp_path / "board.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("rank,gadget,category") and lines[1].startswith("1,NuFace Mini,")
    png = write_chart(rows, tmp_path / "top.png")
    with Image.open(png) as image:
        assert image.format == "PNG" and image.width == 1200 and image.height > 200
    with pytest.raises(InputError, match="no gadgets"):
        write_chart([], tmp_path / "empty.png")
    with pytest.raises(InputError, match=r"\.png"):
        write_chart(rows, tmp_path / "top.jpg")


def test_an_unknown_post_id_is_refused_not_an_empty_board(seeded: Store, tmp_path: Path) -> None:
    """A typo in the post id must not look like "no reader named a gadget" or write an empty file."""
    with pytest.raises(NotFoundError, match="no post with id 'gadgets-8'"):
        leaderboard(seeded, post_id="gadgets-8")
    target = tmp_path / "replies.csv"
    with pytest.raises(NotFoundError, match="no post with id 'gadgets-8'"):
        export_replies(seeded, target, "csv", post_id="gadgets-8")
    assert not target.exists()


def test_exports_say_which_gadgets_were_inferred_and_what_decided_the_stance(
    store: Store, tmp_path: Path
) -> None:
    from tipqueue.replies.importer import import_replies

    source = tmp_path / "thread.jsonl"
    rows = [
        {"id": "17900000000000001", "text": "My Foreo Luna every night", "username": "amy"},
        {
            "id": "17900000000000002",
            "text": "mine broke after a year",
            "username": "bob",
            "parent_id": "17900000000000001",
        },
        {"id": "17900000000000003", "text": "my sister swears by her NuFace", "username": "cat"},
    ]
    source.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    report = import_replies(store, source, now=datetime(2025, 3, 14, tzinfo=UTC), post_id=None)
    assert report.with_gadgets == 3
    out = tmp_path / "replies.csv"
    export_replies(store, out, "csv")
    table = {r["text"]: r for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")))}
    assert (table["mine broke after a year"]["gadgets"], table["mine broke after a year"]["found"]) == (
        "Foreo Luna",
        "inferred",
    )
    assert table["mine broke after a year"]["stances"] == "dislikes"
    assert table["mine broke after a year"]["cues"] == "broke"
    assert table["my sister swears by her NuFace"]["found"] == "named relayed"
    board = {row.gadget: row for row in leaderboard(store)}
    assert (board["NuFace"].recommends, board["NuFace"].relayed) == (0, 1)  # a relay is counted apart
