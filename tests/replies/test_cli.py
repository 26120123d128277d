"""The `tipqueue replies` commands end to end: real files, a real SQLite store, the fake Instagram."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from tipqueue.config.settings import Settings
from tipqueue.posts.models import Post, PostKind, PostStatus
from tipqueue.scheduler.store import Store
from typer.testing import CliRunner

from tipqueue.cli import app


def _run(workspace: Path, *args: str) -> Any:
    return CliRunner().invoke(app, ["--workspace", str(workspace), "replies", *args])


def test_import_gadgets_export_chart(workspace: Path) -> None:
    tmp_path = workspace
    source = tmp_path / "replies.jsonl"
    source.write_text(
        "\n".join(
            json.dumps(r)
            for r in [
                {"text": "I love my NuFace mini!", "username": "amy"},
                {"text": "NuFace mini forever 🙌", "username": "bob"},
                {"text": "=cmd| returned my Foreo", "username": "cat"},
            ]
        ),
        encoding="utf-8",
    )
    first = _run(tmp_path, "import", str(source))
    assert first.exit_code == 0, first.output
    assert first.output.startswith("3 new replies")  # no empty line first
    again = _run(tmp_path, "import", str(source))
    assert "0 new replies" in again.output and "3 already stored" in again.output

    board = _run(tmp_path, "gadgets", "--json")
    assert board.output.startswith("[")
    rows = json.loads(board.output)
    table = _run(tmp_path, "gadgets")
    assert table.output.strip() and table.output.splitlines()[0].strip()
    assert [(r["gadget"], r["people"], r["recommends"]) for r in rows] == [
        ("NuFace Mini", 2, 2),
        ("Foreo", 1, 0),
    ]

    out = tmp_path / "out.csv"
    exported = _run(tmp_path, "export", "--format", "csv", "-o", str(out), "--anonymize")
    assert exported.exit_code == 0 and exported.output.startswith("wrote 3 replies")
    text = out.read_text(encoding="utf-8-sig")
    assert "amy" not in text and "'=cmd|" in text

    chart = _run(tmp_path, "chart", "-o", str(tmp_path / "top.png"))
    assert chart.exit_code == 0 and chart.output.startswith("wrote the chart")
    assert (tmp_path / "top.png").stat().st_size > 1000


def _import_many(workspace: Path) -> None:
    """Readers naming gadgets with long names, short ones and two-digit counts."""
    texts = [
        *[f"love my NuFace Trinity, day {n}" for n in range(12)],
        *[
            "returned my Finishing Touch Flawless Dermaplane Glo",
            "my Finishing Touch Flawless Dermaplane Glo",
        ],
        "Swear by my Dr. Dennis Gross SpectraLite FaceWare Pro " + "so much " * 20,
        "StackedSkincare Collagen Boosting Micro-Roller is fine",
        "ZIIP halo, and a jade roller",
    ]
    source = workspace / "many.jsonl"
    source.write_text(
        "\n".join(json.dumps({"text": t, "username": f"reader{n}"}) for n, t in enumerate(texts)),
        encoding="utf-8",
    )
    assert _run(workspace, "import", str(source)).exit_code == 0


@pytest.mark.parametrize("by", ["gadget", "brand", "category"])
def test_the_table_keeps_every_name_and_count_whole_at_80_columns(workspace: Path, by: str) -> None:
    """80 columns is also the width of any piped output: names and counts must stay readable."""
    _import_many(workspace)
    rows = json.loads(_run(workspace, "gadgets", "--json", "--by", by).output)
    assert len(rows) >= 5
    result = CliRunner().invoke(
        app, ["--workspace", str(workspace), "replies", "gadgets", "--by", by], env={"COLUMNS": "80"}
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= 80
    for rank, row in enumerate(rows, start=1):
        counts = r"\s+".join(str(row[key]) for key in ("people", "recommends", "dislikes", "mentions"))
        pattern = rf"^\s*{rank}\s+{re.escape(row[by])}\s.*\s{counts}(\s|$)"
        assert any(re.search(pattern, line) for line in lines), (row, result.stdout)
    assert "…" not in "".join(lines[:2])  # the headers are whole too


def test_dates_are_the_accounts_days_and_exports_keep_utc_with_its_offset(tmp_path: Path) -> None:
    """17:26 on 25 November in Los Angeles is 01:26 on the 26th in UTC (and 10:26 in Tokyo)."""
    (tmp_path / "tipqueue.toml").write_text(
        'default_account = "clinic"\n\n'
        '[accounts.clinic]\nusername = "glow.clinic"\ntimezone = "America/Los_Angeles"\n\n'
        '[accounts.tokyo]\nusername = "glow.tokyo"\ntimezone = "Asia/Tokyo"\n',
        encoding="utf-8",
    )
    now = datetime(2026, 11, 27, tzinfo=UTC)
    with Store.open(f"sqlite:///{tmp_path / 'tipqueue.db'}") as store:
        store.ensure_account("tokyo", username="glow.tokyo", timezone="Asia/Tokyo", now=now)
        store.add_posts(
            [
                Post(
                    id="tokyo-cta",
                    kind=PostKind.CTA,
                    series_label="8/8",
                    quote="q",
                    caption="c",
                    account="tokyo",
                )
            ],
            now=now,
        )
    source = tmp_path / "late.jsonl"
    source.write_text(
        json.dumps(
            {"text": "love my NuFace Trinity", "username": "amy", "created_at": "2026-11-25T17:26:00-08:00"}
        ),
        encoding="utf-8",
    )
    assert _run(tmp_path, "import", str(source), "--post", "tokyo-cta").exit_code == 0

    def table(*args: str) -> str:
        result = CliRunner().invoke(
            app, ["--workspace", str(tmp_path), "replies", "gadgets", *args], env={"COLUMNS": "120"}
        )
        assert result.exit_code == 0, result.output
        return " ".join(result.stdout.split())  # the caption may wrap

    board = table()  # the default account's zone
    assert "2026-11-25 2026-11-25" in board and "2026-11-26" not in board
    assert "dates in America/Los_Angeles" in board
    of_the_post = table("--post", "tokyo-cta")  # the post's account's zone
    assert "2026-11-26 2026-11-26" in of_the_post and "dates in Asia/Tokyo" in of_the_post

    rows = json.loads(_run(tmp_path, "gadgets", "--json").output)
    assert rows[0]["first_seen"] == rows[0]["last_seen"] == "2026-11-26T01:26:00+00:00"
    out = tmp_path / "replies.jsonl"
    assert _run(tmp_path, "export", "--format", "jsonl", "-o", str(out)).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["created_at"] == "2026-11-26T01:26:00+00:00"


def test_bad_input_is_one_line_and_exit_code_2(workspace: Path) -> None:
    tmp_path = workspace
    script = Path(sys.executable).with_name("tipqueue")  # the installed console script
    missing = subprocess.run(
        [str(script), "--workspace", str(tmp_path), "replies", "import", "nope.csv"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert missing.returncode == 2
    assert missing.stderr.strip().startswith("error: nope.csv does not exist")
    assert "Traceback" not in missing.stderr
    bad_format = _run(tmp_path, "export", "--format", "pdf", "-o", str(tmp_path / "x.pdf"))
    assert bad_format.exit_code == 2


@pytest.mark.parametrize(
    "args",
    [
        ["collect"],
        ["import", "replies.csv"],
        ["gadgets"],
        ["export", "--format", "csv", "-o", "out.csv"],
        ["chart", "-o", "top.png"],
    ],
)
def test_a_folder_that_is_not_a_workspace_is_refused_and_left_untouched(
    tmp_path: Path, args: list[str]
) -> None:
    """Run in the wrong folder, the commands must not quietly work on a stray new store there."""
    folder = tmp_path / "Downloads"
    folder.mkdir()
    (folder / "replies.csv").write_text("text\nI love my NuFace\n", encoding="utf-8")
    result = _run(folder, *[str(folder / a) if a.endswith((".csv", ".png")) else a for a in args])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {folder} is not a tipqueue workspace"), lines
    assert sorted(p.name for p in folder.iterdir()) == ["replies.csv"]


@pytest.mark.parametrize(
    "args",
    [
        ["import", "replies.csv"],
        ["gadgets"],
        ["export", "--format", "csv", "-o", "out.csv"],
        ["export", "--format", "csv", "-o", "out.csv", "--leaderboard"],
        ["chart", "-o", "top.png"],
        ["collect"],
    ],
)
def test_an_unknown_post_id_is_refused_and_nothing_is_stored_or_written(
    workspace: Path, args: list[str]
) -> None:
    (workspace / "replies.csv").write_text("text\nI love my NuFace\n", encoding="utf-8")
    filled = [str(workspace / a) if a.endswith((".csv", ".png")) else a for a in args]
    result = _run(workspace, *filled, "--post", "typo-id")
    assert result.exit_code == 2, result.output
    assert result.stderr == "error: no post with id 'typo-id'; see `tipqueue queue list --all`\n"
    assert result.stdout == ""
    with Store.open(f"sqlite:///{workspace / 'tipqueue.db'}") as store:
        assert store.list_replies() == []
    assert not (workspace / "out.csv").exists() and not (workspace / "top.png").exists()


def test_collect_command_through_the_sandbox(
    sandbox_settings: Settings, sandbox_account: Any, fake_instagram: Any, tmp_path: Path
) -> None:
    image = tmp_path / "card.jpg"
    Image.new("RGB", (540, 675), (10, 120, 90)).save(image, "JPEG")
    media = sandbox_account.publish_photo(image, "Which gadget do you swear by?", alt_text="cta")
    fake_instagram.add_comments(media.media_id, [{"text": "Clarisonic all the way!", "username": "amy"}])
    now = datetime(2025, 3, 14, tzinfo=UTC)
    with Store.open(sandbox_settings.db_url) as store:
        store.add_posts(
            [
                Post(
                    id="gadgets-08",
                    kind=PostKind.CTA,
                    series_label="8/8",
                    quote="q",
                    caption="Which gadget do you swear by?",
                    status=PostStatus.PUBLISHED,
                    collect_replies=True,
                    media_id=media.media_id,
                )
            ],
            now=now,
        )
    result = _run(sandbox_settings.workspace, "collect")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1 new replies") and "1 naming a gadget" in result.output
    again = _run(sandbox_settings.workspace, "collect")
    assert "0 new replies" in again.output and "in 1 request(s)" in again.output


def test_collect_verify_reports_what_the_store_lacks_and_stores_it_once(
    sandbox_settings: Settings, sandbox_account: Any, fake_instagram: Any, tmp_path: Path
) -> None:
    image = tmp_path / "card.jpg"
    Image.new("RGB", (540, 675), (10, 120, 90)).save(image, "JPEG")
    media = sandbox_account.publish_photo(image, "Which gadget do you swear by?", alt_text="cta")
    ids = fake_instagram.add_comments(
        media.media_id,
        [{"text": f"comment {i}", "username": "amy", "created_at": 1_770_000_000 + i} for i in range(45)],
    )
    post = Post(
        id="gadgets-08",
        kind=PostKind.CTA,
        series_label="8/8",
        quote="q",
        caption="Which gadget do you swear by?",
        status=PostStatus.PUBLISHED,
        collect_replies=True,
        media_id=media.media_id,
    )
    with Store.open(sandbox_settings.db_url) as store:
        store.add_posts([post], now=datetime(2025, 3, 14, tzinfo=UTC))
    assert _run(sandbox_settings.workspace, "collect").exit_code == 0
    with Store.open(sandbox_settings.db_url) as store:  # a reply lost earlier, e.g. by an older version
        lost = store.list_replies()[0].platform_id
        from sqlalchemy import delete
        from tipqueue.scheduler import db

        with store._tx(write=True) as conn:
            conn.execute(delete(db.replies).where(db.replies.c.platform_id == lost))
    fake_instagram.add_comments(media.media_id, [{"text": "a reply", "username": "bo", "reply_to": ids[7]}])

    result = _run(sandbox_settings.workspace, "collect", "--verify")

    assert result.exit_code == 0, result.output
    assert "gadgets-08: 46 on Instagram, 44 stored" in result.output
    assert "2 missing from the store (now stored)" in result.output and lost in result.output
    again = _run(sandbox_settings.workspace, "collect", "--verify")
    assert "gadgets-08: 46 on Instagram, 46 stored (complete)" in again.output
