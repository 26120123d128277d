"""`tipqueue demo` end to end, as a newcomer runs it: every output it names exists and opens."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    out = tmp_path_factory.mktemp("demo") / "ws"
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIPQUEUE_")}
    result = subprocess.run(
        [sys.executable, "-c", "from tipqueue.cli import main; main()", "demo", "--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    return result, out


def named_outputs(stdout: str) -> dict[str, Path]:
    lines = stdout.split("Outputs:\n", 1)[1].splitlines()
    outputs = {}
    for line in lines:
        m = re.match(r"^  (.+?)\s{2,}(/.+)$", line)
        if m:
            outputs[m.group(1).strip()] = Path(m.group(2))
    return outputs


def test_the_demo_succeeds_and_says_what_it_did(
    demo_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    result, _ = demo_run
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert re.search(r"published 7 posts exactly once", result.stdout)
    assert "made-up demo data" in result.stdout


def test_every_output_the_demo_names_exists_and_opens(
    demo_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    result, ws = demo_run
    outputs = named_outputs(result.stdout)
    assert {
        "series",
        "contact sheet",
        "chart",
        "by brand",
        "leaderboard",
        "replies csv",
        "replies xlsx",
        "replies jsonl",
    } <= set(outputs)
    for path in outputs.values():
        assert path.exists(), path
        assert ws in path.parents or path == ws

    with Image.open(outputs["contact sheet"]) as sheet:
        assert sheet.format == "PNG" and sheet.width >= 900
    with Image.open(outputs["chart"]) as chart:
        assert chart.format == "PNG"

    cards = sorted(outputs["series"].glob("*/card-*.jpg"))
    assert len(cards) >= 12
    for card in cards:
        with Image.open(card) as img:
            assert img.format == "JPEG" and img.size == (1080, 1350)

    with outputs["leaderboard"].open(encoding="utf-8-sig", newline="") as fh:
        board = list(csv.DictReader(fh))
    assert len(board) >= 10
    assert {"gadget", "category", "mentions", "people", "sample"} <= set(board[0])
    names = {row["gadget"] for row in board}
    assert any("NuFace" in n for n in names) and any("Clarisonic" in n for n in names)

    with outputs["by brand"].open(encoding="utf-8-sig", newline="") as fh:
        brands = list(csv.DictReader(fh))
    # Four sample readers name NuFace, NuFace Mini or NuFace Trinity: one row of four by brand.
    nuface = next(row for row in brands if row["brand"] == "NuFace")
    assert nuface["people"] == "4"

    with outputs["replies csv"].open(encoding="utf-8-sig", newline="") as fh:
        replies = list(csv.DictReader(fh))
    assert len(replies) == 40

    workbook = load_workbook(outputs["replies xlsx"], read_only=True)
    assert len(workbook.sheetnames) >= 1

    lines = outputs["replies jsonl"].read_text(encoding="utf-8").splitlines()
    assert len(lines) == 40 and all(json.loads(line)["text"] for line in lines)


def test_the_demo_workspace_is_a_real_workspace_the_other_commands_accept(
    demo_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    _, ws = demo_run
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIPQUEUE_")}
    listed = subprocess.run(
        [
            sys.executable,
            "-c",
            "from tipqueue.cli import main; main()",
            "-w",
            str(ws),
            "queue",
            "list",
            "--all",
            "--json",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert listed.returncode == 0, listed.stderr
    posts = json.loads(listed.stdout)
    assert len(posts) == 7
    assert {p["status"] for p in posts} == {"published"}
    assert all(p["media_id"] for p in posts)


def test_the_demo_refuses_to_reuse_a_workspace(
    demo_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    _, ws = demo_run
    again = subprocess.run(
        [sys.executable, "-c", "from tipqueue.cli import main; main()", "demo", "--out", str(ws)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert again.returncode == 2
    assert again.stderr.startswith("error: ") and "Traceback" not in again.stderr
