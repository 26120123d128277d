"""Markdown, parsed with markdown-it (CommonMark): front matter, headings, lists, quotes."""

from __future__ import annotations

import re
from typing import Any

from tipqueue.posts.models import Dropped
from tipqueue.posts.reading.plain import HEAD_FURNITURE_BLOCKS, head_furniture
from tipqueue.posts.reading.raw import TITLE_MAX_CHARS, RawArticle, RawBlock, normalize_space
from tipqueue.posts.split import PAGE_FURNITURE

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n(?:---|\.\.\.)\n", re.DOTALL)


def _inline_text(token: Any) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return normalize_space("".join(parts))


def read_markdown(text: str) -> RawArticle:
    from markdown_it import MarkdownIt

    meta: dict[str, str] = {}
    m = _FRONT_MATTER.match(text)
    if m:
        for line in m.group(1).split("\n"):
            key, sep, value = line.partition(":")
            if sep:
                meta[key.strip().lower()] = value.strip().strip("\"'")
        text = text[m.end() :]
    tokens = MarkdownIt("commonmark").parse(text)
    blocks: list[RawBlock] = []
    furniture: list[Dropped] = []
    early: list[Dropped] = []
    lists: list[tuple[str, int, str | None]] = []
    list_count = 0
    heading_level = 0
    quote_depth = 0
    title = meta.get("title") or None
    source = "front matter" if title else "none"
    for tok in tokens:
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            list_count += 1
            lead = blocks[-1].text if blocks and blocks[-1].text.endswith(":") else None
            if lead is not None and blocks[-1].kind == "paragraph":
                blocks[-1] = blocks[-1].but(kind="list_title", list_id=list_count)
            kind = "bullet" if tok.type == "bullet_list_open" else "numbered"
            lists.append((kind, list_count, lead))
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif tok.type == "blockquote_open":
            quote_depth += 1
        elif tok.type == "blockquote_close":
            quote_depth -= 1
        elif tok.type == "heading_open":
            heading_level = int(tok.tag[1:])
        elif tok.type == "heading_close":
            heading_level = 0
        elif tok.type == "inline":
            content = _inline_text(tok)
            if not content:
                continue
            if heading_level:
                if title is None and heading_level == 1 and blocks and len(blocks) <= HEAD_FURNITURE_BLOCKS:
                    # a top link, a writer line or a date above the headline is the page's furniture
                    rest = list(blocks)
                    over = head_furniture(rest, None)
                    if not rest:
                        early.extend(over)
                        blocks = []
                if title is None and heading_level == 1 and not blocks:
                    title, source = content, "text"
                else:
                    blocks.append(RawBlock("heading", content))
            elif lists:
                kind, list_id, lead = lists[-1]
                blocks.append(RawBlock(kind, content, lead_in=lead, list_id=list_id))
            elif quote_depth:
                blocks.append(RawBlock("quote", content))
            else:
                blocks.append(RawBlock("paragraph", content))
        elif tok.type in ("fence", "code_block", "html_block") and tok.content.strip():
            kind = "HTML" if tok.type == "html_block" else "code"
            furniture.append(Dropped(normalize_space(tok.content)[:200], f"{PAGE_FURNITURE}: {kind} block"))
    early.extend(head_furniture(blocks, title))
    if blocks and blocks[0].kind == "heading" and (title is None or blocks[0].text == title):
        title, source = blocks.pop(0).text, "text"
    if title is None and blocks and blocks[0].kind == "paragraph" and len(blocks[0].text) <= TITLE_MAX_CHARS:
        title, source = blocks.pop(0).text, "text"
    return RawArticle(
        title,
        meta.get("author") or None,
        meta.get("lang") or meta.get("language"),
        blocks,
        furniture,
        source,
        early,
    )
