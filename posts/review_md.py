"""review.md: the whole series on one page, with the editor's decisions.

Per post: its cards and caption as Instagram receives them, the idea's score and why it was
chosen, and its flags (a reference to earlier text and what it refers to, a list item shown
under its lead-in, compliance flags); on the cover, a title tipqueue wrote (the article names
none) and an opening paragraph left off it, with why. On top: a guessed title, a call to action
that was defaulted. Below the posts: the ideas not in the series, each with its number
(what ``tipqueue split ARTICLE --use IDEA --instead-of POST`` takes), score and reason, then
the dropped report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from tipqueue.posts.cover_lead import Lead, series_lead, title_promises_more
from tipqueue.posts.models import Article, ComplianceFlag, Post, PostKind
from tipqueue.posts.reading.titles import without_credit
from tipqueue.posts.series_captions import language_warning

if TYPE_CHECKING:
    from tipqueue.posts.ideas.plan import SeriesPlan


def _excerpt(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def cover_lead(plan: SeriesPlan | None) -> tuple[Lead, str]:
    """The cover's lead as the series chose it, and the opening paragraph's text ("" without one)."""
    if plan is None:
        return Lead(()), ""
    lead = [t for t in plan.tips if t.lead]
    if not lead:
        return Lead(()), ""
    body = [t for t in plan.tips if not t.lead]
    return series_lead(plan.article, lead, body), lead[0].text


def cover_flags(article: Article, plan: SeriesPlan | None) -> list[str]:
    """The cover's flags for the review: a guessed title, an opening paragraph left off it, what
    was carried into the lead it quotes."""
    out: list[str] = []
    if article.title_guessed:
        out.append("guessed title: the article names none; tipqueue wrote it from the article's topic")
    else:
        kept, credit = without_credit(article.title)
        if credit is not None:
            what = (
                "the cover's title is written from the topic"
                if kept is None
                else f"cut from the title: “{credit}”"
            )
            out.append(f"title credits another practice's expert, {what}")
        if plan is not None and kept is not None:
            body = [t for t in plan.tips if not t.lead]
            if title_promises_more(article, body):
                out.append(
                    "title promises more than the series holds: the cover's title is written from the tips' topic"
                )
    lead, text = cover_lead(plan)
    if text and not lead.used:
        out.append(f"opening paragraph left off the cover: {lead.left_out}")
    elif text and plan is not None:
        if lead.first_left_out:
            out.append(f"the opening paragraph's first sentence left off the cover: {lead.first_left_out}")
        out.extend(plan.lead_flags)  # "introduction carried: ..." into the lead the cover quotes
    return out


def review_markdown(
    posts: Sequence[Post],
    article: Article,
    sections: dict[str, str | None],
    flags: Mapping[str, Sequence[ComplianceFlag]] | None = None,
    plan: SeriesPlan | None = None,
) -> str:
    """The review page for the series ``posts`` of ``article`` (``plan``: the editor's decisions)."""
    out = [f"# Review: {article.title}", ""]
    tip_count = sum(p.kind is PostKind.TIP for p in posts)
    unused = len(plan.unused) if plan else 0
    out.append(
        f"Author: {article.author or 'unknown'} · {len(posts)} posts ({tip_count} tips) · "
        f"{unused} idea{'s' if unused != 1 else ''} not in the series · language {article.language}"
    )
    out.append("")
    if article.title_guessed:
        cover = next((p.quote for p in posts if p.kind is PostKind.COVER), article.title)
        out.append(
            f"**Guessed title**: the article names no title; the cover says “{cover}”, written from "
            "its topic. Check it; the tip captions do not quote it."
        )
        out.append("")
    warning = language_warning(article)
    if warning:
        out += [f"**{warning}**", ""]
    if plan is not None and plan.cta.defaulted:
        out.append(
            f"**Call to action defaulted**: the article asks its readers nothing; the last post asks "
            f"the default question for its topic ({plan.cta.topic}). Edit it in its post.json if it does not fit."
        )
        out.append("")
    out.append('Approve a post by setting `"approved": true` in its post.json; edit any text there.')
    out.append("")
    tips = [p for p in posts if p.kind is PostKind.TIP]
    numbers = {p.id: c for p, c in zip(tips, plan.chosen, strict=False)} if plan else {}
    for post in posts:
        section = sections.get(post.id)
        label = f" {post.series_label}" if post.series_label else ""
        out.append(f"## {post.position:02d} {post.kind.value}{label}" + (f" · {section}" if section else ""))
        out.append("")
        pick = numbers.get(post.id)
        if post.kind is PostKind.COVER:
            notes = cover_flags(article, plan)
            for note in notes:
                out.append(f"- **Flag**: {note}")
            if notes:
                out.append("")
        if pick is not None:
            out.append(f"Idea {pick.number} · score {pick.score:g} · chosen for: {pick.why}")
            for note in pick.flags:
                out.append(f"- **Flag**: {note}")
            out.append("")
        for i, slide in enumerate(post.slides, 1):
            prefix = f"Card {i}/{len(post.slides)}: " if len(post.slides) > 1 else "Card: "
            out.append(f"> {prefix}{slide.text}".replace("\n", " / "))
        out.append("")
        out.append("```text")
        out.append(post.published_caption)
        out.append("```")
        if post.collect_replies:
            out.append("")
            out.append("Replies to this post are collected.")
            if plan is not None:
                where = (
                    "the article's own request"
                    if not plan.cta.defaulted
                    else f"defaulted (topic: {plan.cta.topic})"
                )
                out.append(f"Call to action: {where}.")
        for flag in (flags or {}).get(post.id, ()):
            out.append("")
            out.append(
                f"**Compliance {flag.severity.value}** `{flag.rule_id}` on “{flag.matched}” ({flag.field}): "
                f"{flag.reason}. Source: {flag.source}"
            )
        out.append("")
    if plan is not None:
        out.append("## Not in the series")
        out.append("")
        lead, text = cover_lead(plan)
        if plan.unused:
            out.append(
                "Put one in place of a tip with `tipqueue split ARTICLE --use IDEA --instead-of POST` "
                "(POST: the post's number or id)."
            )
            out.append("")
            for u in plan.unused:
                where = f" · {u.section}" if u.section else ""
                out.append(f"- Idea {u.number}{where} · score {u.score:g} · {u.reason}: {_excerpt(u.text)}")
        elif not text or lead.used:
            out.append("- nothing: every idea is a post")
        if text and not lead.used:
            out.append(
                f"- The opening paragraph · left off the cover because {lead.left_out}: {_excerpt(text)}"
            )
        for use, instead in plan.swaps:
            out.append(f"- staff choice: idea {use} is in the series instead of idea {instead}")
        out.append("")
    out.append("## Dropped (never posted)")
    out.append("")
    if article.dropped:
        out += [f"- {d.reason}: {d.text}" for d in article.dropped]
    else:
        out.append("- nothing")
    if article.call_to_action:
        out.append("")
        out.append(f"The article's call to action became the last post: “{article.call_to_action}”")
    return "\n".join(out) + "\n"
