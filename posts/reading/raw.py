"""What every format reader hands on: raw blocks, in the article's order, and the text hygiene
shared by all formats (line endings, control characters, binary files, non-UTF-8 bytes)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from tipqueue.config.errors import ArticleError
from tipqueue.posts.models import Dropped

FORMATS = ("text", "markdown", "html")
_SUFFIX_FORMAT = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}

#: A title longer than this is not a title but the first paragraph.
TITLE_MAX_CHARS = 150
HEADING_MAX_CHARS = 80
HEADING_MAX_WORDS = 12

#: Raw block kinds: "heading", "paragraph", "bullet", "numbered", "quote", and the ones the
#: structure pass makes: "list_title", "pair" (title + body), "qa" (question + answer).
RAW_KINDS = frozenset(["heading", "paragraph", "bullet", "numbered", "quote", "list_title", "pair", "qa"])


#: a footnote number glued to the word it notes: "the most common dermatological condition1."
#: (a word of lower-case letters, then one or two digits, then punctuation or a space); names
#: that end in a number ("omega3", "vitamin b3", "covid19", "spf30") are not footnotes
_FOOTNOTE = re.compile(r"(?<![\w/#@.:=-])([a-zà-ÿ]{4,})(\d{1,2})(?=[.,;:!?)]*(?:\s|$))")
_GLUED_DIGIT = re.compile(r"[a-zà-ÿ]{4}\d")
_NOT_FOOTNOTE = frozenset(["omega", "covid", "vitamin", "retinol", "niacinamide", "peptide", "ceramide"])


#: a reference mark in brackets after a word or its stop: "all exposed areas of your skin[1].",
#: "the sun's rays [2,3]", "rosacea.[4-6]" (a bracket holding anything but such numbers stays)
_BRACKET_MARK = re.compile(r"(?<=[\w.,;:!?)”\"’%])\s?\[\d{1,3}(?: ?[,–-] ?\d{1,3})*\](?=[\s.,;:!?)]|$)")


def drop_footnote_marks(text: str) -> str:
    """``text`` without footnote numbers glued to words ("condition1." -> "condition.") and
    without bracketed reference marks ("skin[1]." -> "skin.")."""
    if "[" in text:
        text = _BRACKET_MARK.sub("", text)
    if _GLUED_DIGIT.search(text) is None:  # one C-speed scan: most paragraphs have no such word
        return text
    return _FOOTNOTE.sub(lambda m: m[0] if m[1] in _NOT_FOOTNOTE else m[1], text)


@dataclass(frozen=True)
class RawBlock:
    kind: str
    text: str
    #: "pair": the title line; "qa": the question. ``text`` is then the body or the answer.
    title: str | None = None
    #: List items: their list's title or lead-in; list items and titles: the list's number.
    lead_in: str | None = None
    list_id: int | None = None

    @property
    def full_text(self) -> str:
        return f"{self.title} {self.text}" if self.title else self.text

    def but(self, **changes: object) -> RawBlock:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass
class RawArticle:
    title: str | None
    author: str | None
    language: str | None
    blocks: list[RawBlock]
    furniture: list[Dropped]
    #: Where ``title`` came from (see :attr:`posts.models.Article.title_source`).
    title_source: str = "text"
    #: Text the format reader already knows is not content (dropped before the classifier runs).
    early_dropped: list[Dropped] = field(default_factory=list)


def detect_format(path: Path | None, text: str) -> str:
    if path is not None and path.suffix.lower() in _SUFFIX_FORMAT:
        return _SUFFIX_FORMAT[path.suffix.lower()]
    head = text[:2000].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")) or "<body" in head:
        return "html"
    return "text"


def decode_article(data: bytes, where: str) -> str:
    """Bytes to text, refusing binary files and non-UTF-8 text with one clear line."""
    if not data.strip():
        raise ArticleError(f"{where} is empty; give an article with a title line and some text")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ArticleError(f"{where} is UTF-16 text; save it as UTF-8 (in the editor's Save As) and retry")
    if b"\x00" in data[:65536]:
        raise ArticleError(f"{where} looks binary (it contains NUL bytes); give a .txt, .md or .html article")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(
            f"{where} is not UTF-8 text (bad byte at offset {exc.start}); save it as UTF-8 and retry"
        ) from None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalize_space(text: str) -> str:
    # the same as ``re.sub(r"\s+", " ", text).strip()`` (str.split() cuts where ``\s`` matches,
    # at the characters of str.isspace) at a quarter of the cost: every block of the article pays it
    return " ".join(text.split())


def refuse_binary(text: str, where: str) -> None:
    sample = text[:65536]
    if "\x00" in sample:
        raise ArticleError(f"{where} looks binary (it contains NUL bytes); give a .txt, .md or .html article")
    controls = len(_CONTROL.findall(sample))
    if sample and controls > max(8, len(sample) // 10):
        raise ArticleError(
            f"{where} looks binary ({controls} control characters); give a .txt, .md or .html article"
        )


def clean_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = _CONTROL.sub(" ", text)
    return unicodedata.normalize("NFC", text)


def demote_trailing_headings(blocks: list[RawBlock]) -> list[RawBlock]:
    """A heading followed by no text (or only by another heading) is text, not a heading."""
    out = list(blocks)
    for i, b in enumerate(out):
        if b.kind == "heading" and (i + 1 == len(out) or out[i + 1].kind == "heading"):
            out[i] = RawBlock("paragraph", b.text)
    return out
