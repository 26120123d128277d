"""The captions and hashtags of one article's series: cover, tips, call to action.

:class:`CaptionMaker` holds what every caption of an article shares: the caption lines in the
article's language (:mod:`posts.caption_lines`), the hashtag picker with the article's topics
(:mod:`posts.hashtags`), the title, author, disclaimer and handle. Each post's caption is then
rendered from its template (:mod:`posts.captions`) with its hook (:mod:`posts.hooks`), and its
tags are chosen from its own words.

A heading's own step label ("Step 2: Moisturizing", "💧 Bước 2: ...", "#1: Emotional Responses")
is the article's count, not the series': when it disagrees with the series' counter for any tip
("Tip 3/4 · Step 2: ..."), the headings shown in the series' captions lose it (and an emoji in
front of it). A series whose tips are the article's steps in order ("Tip 2/5", "Step 2: Tone")
keeps them.

A heading run ("Kicker — Heading") that every tip of the series is filed under is the page's
headline block, not a section label: the captions do not show it (:func:`headline_heading`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tipqueue.config.settings import Settings
from tipqueue.posts.caption_lines import DEFAULT_DISCLAIMER, CaptionLines, caption_lines
from tipqueue.posts.captions import fit_caption
from tipqueue.posts.hashtags import TagPicker, tag_picker
from tipqueue.posts.hooks import Hook, clean_heading, heading_like, tip_hook
from tipqueue.posts.ideas.carry import avoid_label, lists_mistakes, names_mistake
from tipqueue.posts.models import Article, Tip
from tipqueue.posts.reading.titles import cited_title


def _setting_tags(settings: Settings) -> tuple[str, ...]:
    """The account's fixed tags from the ``hashtags`` setting, only when it was set."""
    return tuple(settings.hashtags) if "hashtags" in settings.model_fields_set else ()


_COMMENTS = ("comment", "kommentar", "commentaire", "comentario", "commento", "bình luận", "reply", "antwort")


def asks_for_comments(question: str) -> bool:
    """True when the question already asks for an answer in the comments (any shipped language)."""
    low = question.casefold()
    return any(word in low for word in _COMMENTS)


def _list_body(tip: Tip, hook: Hook) -> list[str]:
    """The caption body of a tip: its sentences after the hook, a list's items one per line
    ("• item"), as on the cards; the text before the items stays one paragraph."""
    items = getattr(tip, "items", ())
    rest = list(hook.rest)
    if not items:
        return rest
    title = getattr(tip, "title_card", 0)
    sentences = list(tip.sentences)
    owner: list[int | None] = [None] * title
    for n, count in enumerate(items):
        owner += [n] * count
    owner += [None] * (len(sentences) - len(owner))
    skip = len(sentences) - len(rest)
    if skip < 0 or [" ".join(s.split()) for s in sentences[skip:]][1:] != rest[1:]:
        return rest  # the hook reworded the text (a label, a filler): keep it plain
    lines: list[str] = []
    current: int | None = -1
    for sentence, who in zip(rest, owner[skip:], strict=True):
        if who is not None and who == current:
            lines[-1] += " " + sentence
        elif who is not None:
            lines.append("• " + sentence)
        elif lines and current is None:
            lines[-1] += " " + sentence
        else:
            lines.append(sentence)
        current = who
    return lines


#: a step or number label in front of a heading, with an emoji or mark before it: "Step 2:",
#: "💧 Bước 2:", "Schritt 2:", "Paso 2:", "Étape 2 :", "Passo 2:", "Fase 1 -", "#1:"
_STEP_LABEL = re.compile(
    r"^[^\w#]*(?:(?:step|schritt|étape|etape|paso|passo|passaggio|fase|bước)\s*#?\s*(\d{1,2})"
    r"|#\s?(\d{1,2}))\s*[:.)–—-]\s*(?=\S)",
    re.IGNORECASE,
)


def step_number(heading: str | None) -> int | None:
    """The number of the step label a heading (or one of its " — " parts) opens with, or None."""
    for part in (heading or "").split(" — "):
        m = _STEP_LABEL.match(part.strip())
        if m:
            return int(m.group(1) or m.group(2))
    return None


def without_step(heading: str) -> str:
    """The heading without the step label (and emoji) its parts open with ("Step 2: Tone" -> "Tone")."""
    parts = [_STEP_LABEL.sub("", part.strip(), count=1) or part.strip() for part in heading.split(" — ")]
    return " — ".join(parts)


def steps_clash(tips: Sequence[Tip]) -> bool:
    """True when a tip's heading has a step label other than the tip's number in the series."""
    body = [t for t in tips if not t.lead]
    return any((k := step_number(t.section)) is not None and k != n for n, t in enumerate(body, 1))


def headline_heading(tips: Sequence[Tip]) -> str | None:
    """A heading run ("Kicker — Heading": a heading right under another one) that every tip of the
    series (at least two) is filed under, or None.

    Over the whole series' text such a pair is the page's headline block (a kicker such as
    "Seasonal remedies" above the first heading), not the label of one part of it: the captions do
    not show it. A single heading over every tip ("Preventive Tips") is left as it is, and so is a
    heading run over only some of the tips ("Acne background — How does acne form?").
    """
    body = [t for t in tips if not t.lead]
    sections = {t.section for t in body}
    if len(body) < 2 or len(sections) != 1:
        return None
    heading = next(iter(sections))
    return heading if heading and " — " in heading else None


def _tip_words(tip: Tip) -> str:
    """The words a tip's hashtags are chosen from: its heading and its text."""
    return f"{tip.section}\n{tip.text}" if tip.section else tip.text


def language_warning(article: Article, workspace: Path | None = None) -> str | None:
    """The review's warning when the article's language has no caption lines of its own."""
    lines = caption_lines(article.language, workspace)
    if not lines.fallback:
        return None
    return (
        f"Caption lines in English: there are none for the article's language ({article.language}); "
        f"translate the cover, swipe, source and reply lines, or add templates/captions/{lines.language}.toml"
    )


@dataclass
class CaptionMaker:
    """Captions for the posts of one article."""

    article: Article
    settings: Settings
    lines: CaptionLines
    picker: TagPicker
    common: dict[str, Any] = field(default_factory=dict)
    #: headings already used as a hook: a heading opens one post of the series, not every one under it
    used_headings: set[str] = field(default_factory=set)
    #: each heading's first sentence: a tip opening its section has the heading as its written title
    section_starts: dict[str, str] = field(default_factory=dict)
    #: what says the article lists mistakes: its title and opening, and whether its headings name them
    framing: str = ""
    mistakes: bool = False
    #: the headings' step labels disagree with the series' counter: captions show headings without them
    drop_steps: bool = False
    #: a heading run every tip of the series is filed under (:func:`headline_heading`): not shown
    headline: str | None = None

    @classmethod
    def for_article(
        cls, article: Article, settings: Settings, tips: Sequence[Tip], *, account: str | None = None
    ) -> CaptionMaker:
        ws = settings.workspace
        lines = caption_lines(article.language, ws)
        words = [article.title, *(_tip_words(t) for t in tips), article.call_to_action or ""]
        picker = tag_picker(
            words,
            language=lines.language,
            limit=settings.hashtag_limit,
            workspace=ws,
            account=account,
            setting_tags=_setting_tags(settings),
            title=article.title,
        )
        handle = settings.brand_for(account).handle.strip().lstrip("@")
        disclaimer = settings.disclaimer
        if disclaimer and disclaimer.strip() == DEFAULT_DISCLAIMER:
            disclaimer = lines.line("disclaimer")
        common = {
            "title": article.title,
            "author": article.author,
            "disclaimer": disclaimer,
            # the post's account's handle ([accounts.NAME] brand over [brand]), "@name" or ""
            "handle": f"@{handle}" if handle else "",
        }
        starts: dict[str, str] = {}
        for sec in article.sections:
            first = next(
                (b.sentences[0] if b.sentences else b.text for b in sec.blocks if b.text.strip()), ""
            )
            if sec.heading and first:
                starts.setdefault(sec.heading, " ".join(first.split()))
        framing = " ".join([article.title, *(t.text for t in tips if t.lead)])
        mistakes = lists_mistakes([s.heading for s in article.sections if s.heading], article.language)
        return cls(
            article,
            settings,
            lines,
            picker,
            common,
            section_starts=starts,
            framing=framing,
            mistakes=mistakes,
            drop_steps=steps_clash(tips),
            headline=headline_heading(tips),
        )

    def _shown(self, heading: str) -> str:
        """A heading as a caption shows it: without a step label that clashes with the counter,
        marked as a mistake to avoid where it names one (:meth:`_avoid`)."""
        return self._avoid(without_step(heading) if self.drop_steps else heading)

    def _avoid(self, heading: str) -> str:
        """A heading shown in a caption, marked as a mistake to avoid when it names one by its own
        words and the article lists mistakes (as :func:`~tipqueue.posts.ideas.carry.carry` marks it
        on a card): as the hook or in the counter line it reads as the tip otherwise ("Tipp 2/2 ·
        Auf die falsche Stärke setzen"). A heading that names none ("Limpieza suave") is left as it is."""
        *parents, last = heading.split(" — ")
        if not names_mistake(last, self.article.language):
            return heading
        framing = " ".join([self.framing, *parents])
        marked = avoid_label(last, self.article.language, mistakes=self.mistakes, framing=framing)
        return " — ".join([*parents, marked])

    def _fit(
        self,
        name: str,
        ctx: dict[str, Any],
        body_key: str,
        body: Sequence[str],
        words: str,
        joiner: str = " ",
    ) -> tuple[str, tuple[str, ...]]:
        return fit_caption(
            name,
            {**self.common, **ctx},
            body_key=body_key,
            body_sentences=body,
            hashtags=self.picker.tags(words),
            hashtag_limit=self.settings.hashtag_limit,
            workspace=self.settings.workspace,
            joiner=joiner,
        )

    def cover(
        self, lead: Sequence[str], count: int, *, title: str | None = None, tips: bool = True
    ) -> tuple[str, tuple[str, ...]]:
        """The cover: the title, the lead (the opening paragraph, when it opens well), what the
        series holds (``count`` tips; posts when ``tips`` is False: some give no advice)."""
        hook = " ".join((title or self.article.title).split())
        series_line = self.lines.series(count, self.article.author, tips=tips)
        ctx = {"hook": hook, "count": count, "series_line": series_line}
        return self._fit("cover", ctx, "lead", lead, " ".join([hook, *lead]))

    def _section(self, tip: Tip) -> str | None:
        """The tip's heading as its captions may show it: none for the series' headline block."""
        return None if self.headline and tip.section == self.headline else tip.section

    def tip_hook(self, tip: Tip) -> Hook:
        shown = self._section(tip)
        section = shown if shown not in self.used_headings else None
        hook = tip_hook(
            tip.sentences,
            section=section,
            title_sentences=getattr(tip, "title_card", 0),
            context=getattr(tip, "context", None),
            # the heading is the hook of the post that opens its section (it is that idea's title)
            prefer_heading=section is not None and self._opens_section(tip),
            language=self.article.language,
        )
        if tip.section and (hook.source == "heading" or _carried(tip, clean_heading(tip.section))):
            self.used_headings.add(tip.section)
        return hook

    def _opens_section(self, tip: Tip) -> bool:
        start = self.section_starts.get(tip.section or "")
        return bool(start) and bool(tip.sentences) and " ".join(tip.sentences[0].split()) == start

    def tip(self, tip: Tip, label: str, slides: int) -> tuple[str, tuple[str, ...]]:
        """A tip: its hook, the rest of its text, the swipe line, where it comes from."""
        hook = self.tip_hook(tip)
        lines = self.lines
        # the footer names the section unless the hook already is its heading
        shown = self._section(tip)
        named = clean_heading(shown) if shown and heading_like(shown) else None
        if hook.source == "heading" or (named and hook.source == "title" and _carried(tip, named)):
            named = None  # the heading carried onto the first card is the hook already
        if named:
            named = self._shown(named)
        if hook.source == "heading" and tip.section and hook.line == clean_heading(tip.section):
            hook = Hook(self._shown(hook.line), hook.rest, hook.source)
        footer = lines.line(
            "tip_footer_untitled" if self.article.title_guessed else "tip_footer",
            label=label,
            section=lines.part("tip_section", section=named),
            title=cited_title(self.article.title),
            by=lines.part("by", author=self.article.author),
        )
        body = _list_body(tip, hook)
        if sum(line.startswith("• ") for line in body) >= 2:
            joiner = "\n"
        else:  # one item is no list
            body, joiner = list(hook.rest), " "
        ctx = {
            "hook": hook.line,
            "label": label,
            "section": tip.section,
            "slides": slides,
            "swipe_line": lines.swipe(slides),
            "footer": footer,
        }
        return self._fit("tip", ctx, "body", body, _tip_words(tip), joiner=joiner)

    def cta(
        self, question: str, *, asked: bool, source: str = "article", topic: str | None = None
    ) -> tuple[str, tuple[str, ...]]:
        """The call to action: the question, who asks it (or their words), the reply line."""
        article, lines = self.article, self.lines
        request = article.call_to_action if article.call_to_action and not asked else ""
        who = article.author or lines.line("someone")
        heading = article.call_to_action_section
        section = lines.part(
            "cta_section", section=clean_heading(heading) if heading_like(heading) and heading else None
        )
        # a title guessed from the file name is not quoted back to readers
        untitled = "_untitled" if article.title_guessed else ""
        if request:
            source = lines.line(
                f"cta_quote{untitled}",
                who=who,
                title=cited_title(article.title),
                section=section,
                request=request,
            )
        elif asked and ("?" in question or "？" in question):
            source = lines.line(
                f"cta_asked{untitled}", who=who, title=cited_title(article.title), section=section
            )
        else:
            source = ""
        ctx = {
            "hook": " ".join(question.split()),
            "section": article.call_to_action_section,
            "asked": asked,
            "source_line": source,
            # "Reply in the comments" only when the question does not say so itself
            "reply_line": "" if asks_for_comments(question) else lines.line("cta_reply"),
            # where the question came from: "article" or "default" (with the topic it was chosen for)
            "cta_source": source,
            "cta_topic": topic,
        }
        return self._fit("cta", ctx, "request", [request] if request else [], " ".join([question, request]))


def _carried(tip: Tip, heading: str) -> bool:
    """The tip's title card ends with its heading's last part (it was carried onto the card)."""
    last = heading.split(" — ")[-1].split(". ", 1)[-1].strip().rstrip(":")
    first = " ".join(tip.sentences[:1])
    return bool(last) and tip.title_card == 1 and first.endswith(last)
