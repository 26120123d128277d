"""Measure how an article was read against an editor's expected structure (a corpus golden file).

The expected structure is what a person found by reading the article: its title (None when the
text has none), language, headings, lists with their titles, title+body and question+answer
pairs, and the boilerplate lines that must never be posted. :func:`measure` counts what the
reader got right, and lists the boilerplate it posted and the input lines it lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tipqueue.posts.models import Article, BlockKind
from tipqueue.posts.reading.build import read_article
from tipqueue.posts.reading.coverage import lost_lines
from tipqueue.posts.reading.html import visible_lines

_ALNUM = re.compile(r"[\W_]+", re.U)


def key(text: str) -> str:
    return _ALNUM.sub("", text).lower()


def source_lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        import lxml.html

        return visible_lines(lxml.html.fromstring(text))
    return text.split("\n")


@dataclass
class Row:
    name: str
    headings_found: int
    headings_present: int
    headings_wrong: int
    lists_found: int
    lists_present: int
    pairs_found: int
    pairs_present: int
    boilerplate_posted: int
    boilerplate_present: int
    lines_lost: int
    title_right: bool
    language_right: bool
    posted_lines: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)


def _heading_parts(article: Article) -> list[str]:
    parts: list[str] = []
    for s in article.sections:
        if s.heading:
            parts.extend(p for p in s.heading.split(" — ") if p)
    return parts


def _matches(expected: str, found: str) -> bool:
    e, f = key(expected), key(found)
    return bool(e and f) and (e == f or (e in f) or (f in e and len(f) * 2 >= len(e)))


def measure(path: Path, golden: dict[str, Any], article: Article | None = None) -> Row:
    exp = golden["expected"]
    article = article or read_article(path)
    found = _heading_parts(article)
    want = exp["headings"]
    h_found = sum(any(_matches(w, f) for f in found) for w in want)
    h_wrong = sum(not any(_matches(w, f) for w in want) for f in found)
    blocks = [b for s in article.sections for b in s.blocks]
    titles = [b for b in blocks if b.kind is BlockKind.LIST_TITLE]
    l_found = 0
    for lst in exp["lists"]:
        exact = [t for t in titles if key(t.text) == key(lst["title"])]
        for t in exact or titles:
            if _matches(lst["title"], t.text):
                items = [b for b in blocks if b.list_id == t.list_id and b.kind is not BlockKind.LIST_TITLE]
                l_found += len(items) == lst["items"]
                break
    pairs_present = exp["pairs"] + exp["qa"]
    pairs = sum(1 for b in blocks if b.kind in (BlockKind.PAIR, BlockKind.QA) or (b.title and b.list_id))
    content = key(" ".join([*(s.heading or "" for s in article.sections), *(b.text for b in blocks)]))
    lines = source_lines(path)
    source = key(" ".join(lines))
    posted = []
    for b in exp["boilerplate"]:
        k = key(b)
        standalone = sum(1 for line in lines if key(line) == k)
        legit = source.count(k) - max(standalone, 1)
        if content.count(k) > max(legit, 0):
            posted.append(b)
    lost = lost_lines(lines, article)
    title_right = article.title_guessed if exp["title"] is None else key(article.title) == key(exp["title"])
    return Row(
        path.name,
        h_found,
        len(want),
        h_wrong,
        l_found,
        len(exp["lists"]),
        min(pairs, pairs_present) if pairs_present else 0,
        pairs_present,
        len(posted),
        len(exp["boilerplate"]),
        len(lost),
        title_right,
        article.language == exp["language"],
        posted,
        lost,
    )
