"""No line lost: every line of the input is in the article (title, a heading, a block, the call
to action) or in its dropped report.

Lines are compared on their letters and digits only, in Unicode NFC and without footnote numbers
glued to words ("condition1."), as the reader reads them (list markers, Markdown syntax and white
space differ between the input and what was read). Content is searched in reading order, the
dropped report anywhere.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from tipqueue.posts.models import Article
from tipqueue.posts.reading.plain import BULLET, NUMBERED
from tipqueue.posts.reading.raw import drop_footnote_marks

_ALNUM = re.compile(r"[\W_]+", re.U)
_MD_SYNTAX = re.compile(r"^\s*(?:#{1,6}\s|>\s?)|\]\([^)]*\)|!\[|\[|^\s*(?:---|\.\.\.)\s*$")


def _key(text: str) -> str:
    return _ALNUM.sub("", text).lower()


def _line_key(line: str) -> str:
    line = drop_footnote_marks(_MD_SYNTAX.sub(" ", unicodedata.normalize("NFC", line)))
    m = BULLET.match(line) or NUMBERED.match(line)
    if m:
        line = m.group(1)
    return _key(line)


def article_texts(article: Article) -> tuple[str, str]:
    """(content in reading order, everything else) as comparison keys."""
    parts: list[str] = [article.title]
    for section in article.sections:
        if section.heading:
            parts.append(section.heading)
        parts.extend(b.text for b in section.blocks)
    other = [d.text for d in article.dropped] + list(article.call_to_action_sentences) + [article.title]
    return _key(" ".join(parts)), _key(" ".join(other))


def _dropped_keys(article: Article) -> list[str]:
    return [k for k in (_key(d.text) for d in article.dropped) if k]


def lost_lines(lines: Iterable[str], article: Article) -> list[str]:
    """The input lines found neither in the article's content nor in its dropped report.

    A line whose sentences went different ways (one dropped as a link, the rest kept) is found
    sentence by sentence.
    """
    from tipqueue.posts.split import segment

    content, other = article_texts(article)
    lost: list[str] = []
    dropped: list[str] | None = None
    pos = 0
    for line in lines:
        k = _line_key(line)
        if not k:
            continue
        at = content.find(k, pos)
        if at >= 0:
            pos = at + len(k)
            continue
        if k in other or k in content:
            continue
        parts = [_key(p) for p in segment(line, article.language)]
        if all(not p or p in content or p in other for p in parts):
            continue
        if dropped is None:
            dropped = _dropped_keys(article)
        if any(k.startswith(d) and k[len(d) :] in content for d in dropped):
            continue  # a tag dropped from the line's start ("(NBC) - "), the rest read
        lost.append(line.strip())
    return lost
