"""Exports open like spreadsheets (real dates in the account's zone, sized columns, a frozen
header, an autofilter) and the chart wears the workspace's brand colours."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import load_workbook
from PIL import Image
from tipqueue.config.settings import load_settings
from tipqueue.posts.models import Reply, ReplyKind
from tipqueue.replies.chart import ChartColours, render_chart
from tipqueue.replies.export import export_leaderboard, export_replies, leaderboard
from tipqueue.replies.gadgets import default_matcher
from tipqueue.scheduler.store import Store

DATA = Path(__file__).with_name("data") / "labelled_replies.jsonl"
#: Summer in London (BST, UTC+1) so a time left in UTC would show an hour early.
T0 = datetime(2025, 7, 1, 8, 30, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")


def seed_labelled(store: Store) -> list[Reply]:
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    replies = [
        Reply(
            platform_id=row["id"],
            text=row["text"],
            kind=ReplyKind.COMMENT,
            post_id="gadgets-08",
            username=f"reader_{n % 37}",
            created_at=T0 + timedelta(minutes=7 * n),
            collected_at=T0 + timedelta(days=1),
        )
        for n, row in enumerate(rows)
    ]
    store.add_replies(default_matcher().annotate(replies))
    return replies


def test_xlsx_times_are_excel_dates_in_the_accounts_zone_and_the_sheet_is_ready_to_filter(
    store: Store, tmp_path: Path
) -> None:
    replies = seed_labelled(store)
    path = tmp_path / "replies.xlsx"
    assert export_replies(store, path, "xlsx", zone=LONDON) == len(replies) == 174
    book = load_workbook(path)
    sheet = book["Replies"]
    header = [c.value for c in sheet[1]]
    assert "created_at (Europe/London)" in header and "collected_at (Europe/London)" in header
    created = sheet.cell(row=2, column=header.index("created_at (Europe/London)") + 1)
    assert created.is_date and created.value == datetime(2025, 7, 1, 9, 30)  # 08:30 UTC is 09:30 BST
    assert created.number_format == "yyyy-mm-dd hh:mm"
    assert sheet.freeze_panes == "A2"
    assert (
        sheet.auto_filter.ref == f"A1:{sheet.cell(row=1, column=len(header)).column_letter}{len(replies) + 1}"
    )
    width = {
        h: sheet.column_dimensions[sheet.cell(row=1, column=i + 1).column_letter].width
        for i, h in enumerate(header)
    }
    longest = max(len(r.text) for r in replies)
    assert width["text"] == min(longest + 2, 60) and width["kind"] == len("comment") + 2
    assert width["created_at (Europe/London)"] >= len("created_at (Europe/London)")

    board = book["Leaderboard"]
    top = [c.value for c in board[1]]
    first_seen = board.cell(row=2, column=top.index("first_seen (Europe/London)") + 1)
    assert first_seen.is_date and board.freeze_panes == "A2" and board.auto_filter.ref is not None


def test_the_leaderboard_export_has_dates_too(store: Store, tmp_path: Path) -> None:
    seed_labelled(store)
    path = tmp_path / "board.xlsx"
    export_leaderboard(leaderboard(store), path, "xlsx", zone=LONDON)
    sheet = load_workbook(path)["Leaderboard"]
    header = [c.value for c in sheet[1]]
    last = sheet.cell(row=2, column=header.index("last_seen (Europe/London)") + 1)
    assert last.is_date and T0.replace(tzinfo=None) < last.value


def test_the_chart_is_drawn_in_the_brands_colours(store: Store, tmp_path: Path) -> None:
    seed_labelled(store)
    rows = leaderboard(store)
    brand = load_settings(
        tmp_path,
        overrides={
            "brand": {"background_color": "#FFFFFF", "text_color": "#102A43", "accent_color": "#1F6F5C"}
        },
        environ={},
    ).brand
    image = render_chart(rows, colours=ChartColours.of_brand(brand)).convert("RGB")
    colours = {colour for _, colour in image.getcolors(maxcolors=100_000) or []}
    assert (255, 255, 255) in colours and (0x1F, 0x6F, 0x5C) in colours  # background and accent bars
    assert image.getpixel((5, 5)) == (255, 255, 255)
    default = render_chart(rows).convert("RGB")
    assert (0x1F, 0x6F, 0x5C) not in {c for _, c in default.getcolors(maxcolors=100_000) or []}


def test_the_chart_command_uses_the_workspace_brand(workspace: Path, store: Store) -> None:
    seed_labelled(store)
    toml = workspace / "tipqueue.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8") + '\n[brand]\naccent_color = "#1F6F5C"\n', encoding="utf-8"
    )
    out = workspace / "chart.png"
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("tipqueue")),
            "--workspace",
            str(workspace),
            "replies",
            "chart",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    with Image.open(out) as image:
        assert (0x1F, 0x6F, 0x5C) in {c for _, c in image.convert("RGB").getcolors(maxcolors=100_000) or []}
