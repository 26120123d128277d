"""The reader on the real-article corpus: every article reads as its reviewed golden structure.

Each golden file (tests/posts/corpus/golden/NAME.json) holds the article's source, what a person
found by reading it (``expected``), the reader's outline as reviewed (``outline``), and the misses
we know of (``known_misses``, with why). A change in how any article is read fails here until
its outline is reviewed again (``python benchmarks/corpus_report.py --snapshot``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tipqueue.posts.article import read_article
from tipqueue.posts.reading.evaluate import measure
from tipqueue.posts.reading.outline import outline

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).parent / "corpus"
GOLDENS = sorted((CORPUS / "golden").glob("*.json"))
FORBIDDEN = (
    "skintour",
    "brandith",
    "irwin",
    "dermstore",
    "askderm",
    "b-glowing",
    "intothegloss",
    "into the gloss",
)


def _golden(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("golden", GOLDENS, ids=lambda p: p.name.removesuffix(".json"))
def test_real_article_reads_as_its_reviewed_golden_structure(golden: Path) -> None:
    g = _golden(golden)
    path = CORPUS / golden.name.removesuffix(".json")
    article = read_article(path)
    assert outline(article) == g["outline"]
    row = measure(path, g, article)
    misses = g["known_misses"]
    assert row.lost == [], "every line is in the article or in its dropped report"
    assert row.language_right, f"language {article.language}, expected {g['expected']['language']}"
    assert row.posted_lines == misses.get("boilerplate_posted", [])
    assert row.title_right is not misses.get("title", False), article.title
    assert row.headings_found == row.headings_present - misses.get("headings_missed", 0)
    assert row.lists_found == row.lists_present
    assert row.pairs_found == row.pairs_present - misses.get("pairs_missed", 0)


def test_corpus_is_real_sourced_and_multilingual() -> None:
    goldens = [_golden(p) for p in GOLDENS]
    assert len(goldens) >= 25
    for g in goldens:
        assert g["source"].startswith("http") and g["origin"] and g["licence"]
        assert not any(word in json.dumps(g).lower() for word in FORBIDDEN)
    languages = {g["expected"]["language"] for g in goldens}
    assert len(languages - {"en"}) >= 3
    assert sum(1 for p in GOLDENS if p.name.endswith(".html.json")) >= 3  # saved pages


def test_docs_table_is_the_one_the_report_makes() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "corpus_report.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
