"""The leaderboard rolled up by brand and by category: readers counted once, one stance each."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image
from tipqueue.config.errors import InputError
from tipqueue.posts.models import GadgetMention, Reply, Stance
from tipqueue.replies.chart import write_chart
from tipqueue.replies.export import (
    GadgetRow,
    export_leaderboard,
    leaderboard,
    leaderboard_columns,
    rank_gadgets,
)
from tipqueue.replies.gadgets import default_matcher
from tipqueue.scheduler.store import Store

T0 = datetime(2025, 3, 1, 9, tzinfo=UTC)

# (reader, hours after T0, text). Four readers name NuFace under three product names; amy twice.
THREAD = [
    ("amy", 0, "I love my NuFace Mini!"),
    ("bob", 1, "NuFace Trinity every morning"),
    ("cat", 2, "Honestly I returned my NuFace"),
    ("dan", 3, "nuface mini, I swear by it"),
    ("amy", 4, "My NuFace Trinity is great too, love it"),
    ("eve", 5, "Gua sha is my holy grail"),
    ("fay", 6, "I love my gua sha and my Foreo Luna"),
    ("gus", 7, "Foreo UFO for masks, 90 seconds and done"),
    ("hal", 8, "jade roller from the fridge"),
]


def _replies(thread: list[tuple[str, int, str]]) -> list[Reply]:
    return [
        Reply(
            platform_id=f"c{n}",
            text=text,
            username=user,
            post_id="gadgets-08",
            created_at=T0 + timedelta(hours=hours),
        )
        for n, (user, hours, text) in enumerate(thread)
    ]


@pytest.fixture
def thread(store: Store) -> Store:
    store.add_replies(default_matcher().annotate(_replies(THREAD)))
    return store


def _by_name(rows: list[GadgetRow]) -> dict[str, GadgetRow]:
    return {row.gadget: row for row in rows}


def test_per_gadget_rows_split_a_brand_that_the_brand_rollup_counts_as_four_readers(thread: Store) -> None:
    per_gadget = _by_name(leaderboard(thread))
    assert {name: row.people for name, row in per_gadget.items() if "NuFace" in name} == {
        "NuFace Mini": 2,
        "NuFace Trinity": 2,
        "NuFace": 1,
    }
    brands = _by_name(leaderboard(thread, by="brand"))
    nuface = brands["NuFace"]
    assert nuface.people == 4  # amy named two NuFace gadgets and counts once
    assert nuface.mentions == 5  # replies naming any NuFace
    assert (nuface.recommends, nuface.dislikes) == (3, 1)  # amy, bob, dan; cat returned hers
    assert nuface.includes == ("NuFace Mini", "NuFace Trinity", "NuFace")
    assert (nuface.first_seen, nuface.last_seen) == (T0, T0 + timedelta(hours=4))
    assert nuface.sample == "I love my NuFace Mini!"
    assert nuface.by == "brand" and nuface.brand == "NuFace"
    assert brands["Foreo"].people == 2 and brands["Foreo"].category == "cleansing brush; LED mask"


def test_gadgets_without_a_brand_keep_their_own_row_by_brand(thread: Store) -> None:
    brands = _by_name(leaderboard(thread, by="brand"))
    assert brands["Gua sha"].people == 2 and brands["Gua sha"].brand is None
    assert brands["Facial roller"].includes == ("Facial roller",)
    assert sorted(brands) == ["Facial roller", "Foreo", "Gua sha", "NuFace"]


def test_by_category_rolls_every_device_of_a_kind_into_one_row(thread: Store) -> None:
    rows = leaderboard(thread, by="category")
    kinds = _by_name(rows)
    assert sorted(kinds) == ["LED mask", "cleansing brush", "facial roller", "gua sha", "microcurrent device"]
    assert kinds["microcurrent device"].people == 4
    assert set(kinds["microcurrent device"].includes) == {"NuFace", "NuFace Mini", "NuFace Trinity"}
    assert kinds["microcurrent device"].brand is None
    assert rows[0].gadget == "microcurrent device"
    assert all(row.recommends + row.dislikes <= row.people for row in rows)


def test_the_same_reader_twice_counts_once_with_their_latest_opinion(store: Store) -> None:
    # Stored out of time order on purpose: the later reply in time decides, not the storage order.
    replies = _replies(
        [
            ("zoe", 5, "I returned my Foreo Luna, it broke"),
            ("zoe", 0, "Love my Foreo Luna"),
            ("ann", 1, "Love my Foreo Luna"),
        ]
    )
    store.add_replies(default_matcher().annotate(replies))
    for by in ("gadget", "brand", "category"):
        (row,) = leaderboard(store, by=by)
        assert (row.people, row.mentions, row.recommends, row.dislikes) == (2, 3, 1, 1), by
        assert row.sample == "Love my Foreo Luna"


def _mention(gadget: str, stance: Stance) -> GadgetMention:
    return GadgetMention(
        gadget=gadget, category="microcurrent device", stance=stance, matched=gadget, brand="NuFace"
    )


def test_one_reply_loving_one_gadget_and_returning_another_recommends_the_brand() -> None:
    reply = Reply(
        platform_id="r1",
        text="love the Mini, returned the Trinity",
        username="amy",
        created_at=T0,
        mentions=(_mention("NuFace Mini", Stance.RECOMMENDS), _mention("NuFace Trinity", Stance.DISLIKES)),
    )
    (brand,) = rank_gadgets([reply], by="brand")
    assert (brand.people, brand.recommends, brand.dislikes) == (1, 1, 0)
    per_gadget = _by_name(rank_gadgets([reply]))
    assert per_gadget["NuFace Trinity"].dislikes == 1 and per_gadget["NuFace Mini"].recommends == 1


def test_ranking_puts_readers_who_do_not_dislike_it_first_then_recommenders() -> None:
    def said(user: str, gadget: str, stance: Stance) -> Reply:
        return Reply(
            platform_id=f"{user}-{gadget}", text=gadget, username=user, mentions=(_mention(gadget, stance),)
        )

    replies = [
        *(said(u, "Returned", Stance.DISLIKES) for u in ("a", "b", "c", "d")),  # 4 readers, all unhappy
        *(said(u, "Quiet", Stance.MENTIONS) for u in ("a", "b", "c")),  # 3 readers, no cue words
        *(said(u, "Loved", Stance.RECOMMENDS) for u in ("a", "b")),  # 2 readers who love it
        said("c", "Loved", Stance.MENTIONS),  # a third who just names it
    ]
    assert [row.gadget for row in rank_gadgets(replies)] == ["Loved", "Quiet", "Returned"]


def test_an_unknown_rollup_is_refused_by_name(thread: Store) -> None:
    with pytest.raises(InputError, match=r"'maker'.*gadget, brand or category"):
        leaderboard(thread, by="maker")


@pytest.mark.parametrize("by", ["gadget", "brand", "category"])
def test_the_chart_and_the_csv_list_the_same_rows_in_the_same_order(
    thread: Store, tmp_path: Path, by: str
) -> None:
    rows = leaderboard(thread, by=by)
    export_leaderboard(rows, tmp_path / "board.csv", "csv")
    with (tmp_path / "board.csv").open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert list(table[0]) == list(leaderboard_columns(by))
    write_chart(rows, tmp_path / "board.png")
    assert _chart_order(tmp_path / "board.png") == [line[by] for line in table]


def _chart_order(png: Path) -> list[str]:
    with Image.open(png) as image:
        description = image.text["Description"]  # type: ignore[attr-defined]
    return [bar.split(". ", 1)[1].rsplit(": ", 1)[0] for bar in description.split("; ")]


def test_cli_rolls_up_by_brand_through_the_real_command(workspace: Path) -> None:
    tmp_path = workspace
    source = tmp_path / "replies.jsonl"
    source.write_text(
        "\n".join(
            json.dumps({"text": text, "username": user, "created_at": (T0 + timedelta(hours=h)).isoformat()})
            for user, h, text in THREAD
        ),
        encoding="utf-8",
    )
    script = Path(sys.executable).with_name("tipqueue")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(script), "--workspace", str(tmp_path), "replies", *args],
            capture_output=True,
            text=True,
            check=False,
        )

    assert run("import", str(source)).returncode == 0
    board = run("gadgets", "--by", "brand", "--json")
    assert board.returncode == 0, board.stderr
    rows = json.loads(board.stdout)
    assert rows[0]["brand"] == "NuFace" and rows[0]["people"] == 4
    assert rows[0]["includes"] == ["NuFace Mini", "NuFace Trinity", "NuFace"]

    csv_path, png_path, xlsx_path = tmp_path / "brands.csv", tmp_path / "brands.png", tmp_path / "all.xlsx"
    exported = run("export", "--leaderboard", "--by", "brand", "-f", "csv", "-o", str(csv_path))
    assert exported.returncode == 0 and "wrote 4 brands" in exported.stdout
    assert run("chart", "--by", "brand", "-o", str(png_path)).returncode == 0
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        names = [line["brand"] for line in csv.DictReader(handle)]
    assert names == [row["brand"] for row in rows] == _chart_order(png_path)

    assert run("export", "--by", "category", "-f", "xlsx", "-o", str(xlsx_path)).returncode == 0
    sheet = load_workbook(xlsx_path, read_only=True)["Leaderboard"]
    header, first = list(sheet.iter_rows(min_row=1, max_row=2, values_only=True))
    assert header[1] == "category" and first[1] == "microcurrent device"

    wrong = run("gadgets", "--by", "maker")
    assert wrong.returncode == 2 and wrong.stderr.strip().startswith("error: cannot roll the leaderboard up")
    ignored = run("export", "--by", "brand", "-f", "csv", "-o", str(tmp_path / "r.csv"))
    assert ignored.returncode == 2 and not (tmp_path / "r.csv").exists()
