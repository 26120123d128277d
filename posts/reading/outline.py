"""An article's structure as plain data: what the golden files of the corpus hold."""

from __future__ import annotations

from typing import Any

from tipqueue.posts.models import Article, BlockKind


def outline(article: Article) -> dict[str, Any]:
    sections: list[dict[str, Any]] = []
    for section in article.sections:
        blocks: list[dict[str, Any]] = []
        for b in section.blocks:
            item: dict[str, Any] = {"kind": str(b.kind), "text": b.text}
            if b.title:
                item["title"] = b.title
            if b.lead_in and b.kind in (BlockKind.BULLET, BlockKind.NUMBERED):
                item["lead_in"] = b.lead_in
            blocks.append(item)
        sections.append({"heading": section.heading, "blocks": blocks})
    return {
        "title": article.title,
        "title_source": article.title_source,
        "author": article.author,
        "language": article.language,
        "language_source": article.language_source,
        "sections": sections,
        "call_to_action": article.call_to_action,
        "dropped": [{"text": d.text, "reason": d.reason} for d in article.dropped],
    }
