"""Where an article's title is found when its text does not start with one.

In this order: a syndication footer ("The post X appeared first on Y"), the page's own heading
(``<h1>``), ``og:title``, ``<title>`` (less a " | Site name" tail); only then the file name,
prettified ("02_my-article name.txt" -> "My article name") and flagged on the article as a guess
(``title_source == "file name"``), which the review shows as "title guessed from the file name".
"""

from __future__ import annotations

import re
from pathlib import Path

from tipqueue.posts.reading.raw import TITLE_MAX_CHARS, normalize_space

_APPEARED_FIRST = re.compile(
    r"^the post (?P<title>.{3,300}?) appeared first on (?P<site>.{1,200}?)\.?$", re.I
)
_SITE_TAIL = re.compile(r"\s+[|·•–—-]\s+[^|·•–—-]{2,60}$")
UNTITLED = "Untitled article"


def title_from_footer(lines: list[str]) -> str | None:
    """The title named in a "The post X appeared first on Y" footer, if any of ``lines`` is one."""
    for line in lines:
        m = _APPEARED_FIRST.match(line.strip())
        if m:
            return normalize_space(m["title"])
    return None


def clean_page_title(title: str) -> str:
    """A <title> or og:title without its " | Site name" tail."""
    title = normalize_space(title)
    stripped = _SITE_TAIL.sub("", title)
    return stripped if len(stripped) >= 8 else title


def title_from_file(source: Path | None) -> str:
    """A readable title from a file name: numbers in front, dashes and underscores go."""
    if source is None:
        return UNTITLED
    words = re.sub(r"[-_.]+", " ", source.stem).strip()
    words = re.sub(r"^\d+\s+", "", words).strip() or words
    words = normalize_space(words)
    if not words:
        return UNTITLED
    return (words[:1].upper() + words[1:])[:TITLE_MAX_CHARS]
