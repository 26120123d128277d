"""A saved web page: trafilatura finds the main content; we keep its structure and our rules.

trafilatura (the field's reference main-content extractor, maintained) drops the page furniture
a hand-written reader let through: cookie banners, promo bars, breadcrumbs, author boxes,
"You might also like" teasers, newsletter sign-ups, "Skip to content" links. We ask it for XML
and turn its headings, paragraphs, lists, quotes and tables into raw blocks; the title comes
from the page itself (``<h1>``, else ``og:title``, else ``<title>``), the author from
``<meta name="author">`` or trafilatura's metadata, the language from ``<html lang>``.

Every visible line of the page that is not in the main content is listed in the dropped report
as page furniture, so no line of the page is lost without a word. We measured trafilatura against
readability-lxml on the corpus's saved pages (``python benchmarks/corpus_report.py`` and
``benchmarks/bench_split.py``).
"""

from __future__ import annotations

import re
from typing import Any

from tipqueue.posts.models import Dropped
from tipqueue.posts.reading.plain import head_furniture
from tipqueue.posts.reading.raw import RawArticle, RawBlock, normalize_space
from tipqueue.posts.reading.titles import clean_page_title, describes_picture, first_person_title
from tipqueue.posts.split import PAGE_FURNITURE

OUTSIDE_MAIN = f"{PAGE_FURNITURE}: outside the page's main content"
_BLOCK_TAGS = [
    "p",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "td",
    "th",
    "dt",
    "dd",
    "blockquote",
    "figcaption",
    "caption",
    "pre",
    "address",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "main",
    "form",
    "label",
    "button",
    "option",
    "summary",
    "legend",
]
_INVISIBLE = [
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "head",
    "title",
    "iframe",
    "object",
    "canvas",
    "select",
]
_ALNUM = re.compile(r"[\W_]+", re.U)


def _key(text: str) -> str:
    return _ALNUM.sub("", text).lower()


def _page_parts(html: str) -> tuple[Any, dict[str, str]]:
    import lxml.html

    try:
        doc = lxml.html.fromstring(html)
    except Exception:  # lxml refuses some inputs outright (an empty document, bare XML)
        doc = lxml.html.fromstring(f"<html><body>{html}</body></html>")
    meta: dict[str, str] = {}
    root = doc.getroottree().getroot()
    if root is not None and root.get("lang"):
        meta["lang"] = root.get("lang", "").split("-")[0].lower()
    for el in doc.iter("meta"):
        name = (el.get("name") or el.get("property") or "").lower()
        content = el.get("content") or ""
        if name in ("author", "og:title") and content.strip() and name not in meta:
            meta[name] = normalize_space(content)
    for el in doc.iter("title"):
        if el.text_content().strip():
            meta["title"] = normalize_space(el.text_content())
            break
    for el in doc.iter("h1"):
        text = normalize_space(el.text_content())
        if text:
            meta["h1"] = text
            break
    return doc, meta


def visible_lines(doc: Any) -> list[str]:
    """The page's text as a reader sees it: one line per block element, scripts and styles left out."""
    for bad in doc.xpath("|".join(f"//{t}" for t in _INVISIBLE) + "|//comment()"):
        parent = bad.getparent()
        if parent is not None:
            tail = bad.tail
            parent.remove(bad)
            if tail and tail.strip():
                parent.text = (parent.text or "") + tail
    for el in doc.iter(*_BLOCK_TAGS, "br", "tr"):
        el.tail = "\n" + (el.tail or "")
        if el.tag != "br":
            el.text = "\n" + (el.text or "")
    body = doc.find("body")
    text = (body if body is not None else doc).text_content()
    return [normalize_space(line) for line in text.split("\n") if line.strip()]


def read_html(html: str) -> RawArticle:
    import trafilatura
    from lxml import etree

    doc, meta = _page_parts(html)
    xml = trafilatura.extract(
        html,
        output_format="xml",
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        include_formatting=False,
        favor_recall=True,
        with_metadata=True,
        deduplicate=False,
    )
    blocks: list[RawBlock] = []
    author = meta.get("author")
    if xml:
        tree = etree.fromstring(xml.encode("utf-8"))
        author = author or (tree.get("author") or None)
        main = tree.find("main")
        if main is not None:
            _walk(main, blocks, [0])
    if author and author.strip().lower() in ("name", "admin", "author", "autor", "editor", "redaktion"):
        author = None  # a theme's placeholder, not a person
    title, source = None, "none"
    # the first of the page's heading, og:title and <title> that is a title: an image's alt text
    # made the heading ("Picture of a woman ...") is not, nor a review's first-person headline
    candidates = [
        (meta.get("h1"), "page heading"),
        (clean_page_title(meta["og:title"]) if meta.get("og:title") else None, "og:title"),
        (clean_page_title(meta["title"]) if meta.get("title") else None, "<title>"),
    ]
    present = [(t, where) for t, where in candidates if t]
    fit = [(t, where) for t, where in present if not describes_picture(t) and not first_person_title(t)]
    if fit or present:
        title, source = (fit or present)[0]
    if title:
        # the extractor repeats the page's heading (sometimes cut in two) at the top of the content
        key = _key(title)
        while blocks and blocks[0].kind == "heading" and _key(blocks[0].text) and _key(blocks[0].text) in key:
            blocks.pop(0)
    # what the extractor kept of the page's furniture over the text: a top link, a writer line, a date
    early = head_furniture(blocks, title)
    content = _key(" ".join([title or "", *(b.full_text for b in blocks), *(d.text for d in early)]))
    furniture: list[Dropped] = []
    run: list[str] = []
    for line in visible_lines(doc):
        k = _key(line)
        if not k or k in content:
            if run:
                furniture.append(Dropped(" · ".join(run), OUTSIDE_MAIN))
                run = []
            continue
        run.append(line)
    if run:
        furniture.append(Dropped(" · ".join(run), OUTSIDE_MAIN))
    return RawArticle(title, author, meta.get("lang"), blocks, furniture, source, early)


def _text(el: Any) -> str:
    return normalize_space("".join(el.itertext()))


def _lines(el: Any, skip_lists: bool = False) -> list[str]:
    """The element's text split at its line breaks (<lb/>): "Title<lb/>Body" is two lines."""
    parts: list[str] = [el.text or ""]
    for child in el:
        if skip_lists and child.tag == "list":
            parts.append(child.tail or "")
            continue
        if child.tag == "lb":
            parts.append("\n")
        else:
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return [normalize_space(line) for line in "".join(parts).split("\n") if line.strip()]


def _titled(lines: list[str]) -> tuple[str | None, str]:
    """(title, body) when the first line is a short title above its text, else (None, all)."""
    from tipqueue.posts.reading.plain import looks_like_heading

    if len(lines) >= 2 and looks_like_heading(lines[0]) and len(" ".join(lines[1:])) > len(lines[0]):
        return lines[0], " ".join(lines[1:])
    return None, " ".join(lines)


def _walk(el: Any, blocks: list[RawBlock], lists: list[int]) -> None:
    for child in el:
        tag = child.tag
        if tag == "head":
            text = _text(child)
            if text:
                blocks.append(RawBlock("heading", text))
        elif tag == "p":
            title, text = _titled(_lines(child))
            if title:
                blocks.append(RawBlock("pair", text, title=title))
            elif text:
                blocks.append(RawBlock("paragraph", text))
        elif tag == "quote":
            text = _text(child)
            if text:
                blocks.append(RawBlock("quote", text))
        elif tag == "list":
            lists[0] += 1
            list_id = lists[0]
            kind = "numbered" if (child.get("rend") or "") in ("ol", "ol1") else "bullet"
            lead = None
            if blocks and blocks[-1].kind == "paragraph" and blocks[-1].text.endswith(":"):
                blocks[-1] = blocks[-1].but(kind="list_title", list_id=list_id)
                lead = blocks[-1].text
            for item in child.iter("item"):
                title, text = _titled(_lines(item, skip_lists=True))
                if text:
                    blocks.append(RawBlock(kind, text, title=title, lead_in=lead, list_id=list_id))
        elif tag == "table":
            for row in child.iter("row"):
                text = " · ".join(_text(cell) for cell in row.iter("cell") if _text(cell))
                if text:
                    blocks.append(RawBlock("paragraph", text))
        elif tag in ("div", "main", "section"):
            _walk(child, blocks, lists)
        else:
            text = _text(child)
            if text:
                blocks.append(RawBlock("paragraph", text))
