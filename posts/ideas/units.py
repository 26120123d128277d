"""An article's ideas: the self-contained units a tip is made of.

An editor does not cut an article by card length but by meaning. An idea is

* a **paragraph** (a long one is cut between sentences into parts of at most
  :data:`PARAGRAPH_MAX_CARDS` cards, never before a sentence that leans on the one before it);
* a **section**: a heading with its paragraphs, when they are short enough to read as one post;
* a **list** with its lead-in: one carousel (title card + items) when the items are fragments
  ("Oily", "Dry", "Physical scrubs"); one idea per item when every item is a full sentence, the
  lead-in then going with the first item and standing as ``context`` over the others;
* a **title with its body** (a pair), a **question with its answer**, a **quote**.

A paragraph that leans on the one before it in its section (see :mod:`.references`) is merged
with it when the two fit one carousel; otherwise it keeps its reference, which the review shows.
Ideas never cross a section. Every sentence of the article's blocks is in exactly one idea, in
order.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from tipqueue.posts.fanout import chunks, fan_out, picklable
from tipqueue.posts.ideas.lexicon import TOPIC, count_in
from tipqueue.posts.ideas.references import (
    CONTINUED_QUOTE,
    Reference,
    announces,
    continued_quote,
    counted_reference,
    find_reference,
    fold,
    without_opening_marker,
    without_ordinal_lead,
)
from tipqueue.posts.models import Article, Block, BlockKind, Tip

#: Instagram accepts 2 to 10 images in a carousel.
MAX_CARDS = 10
#: A paragraph longer than this many cards is cut into ideas between sentences.
PARAGRAPH_MAX_CARDS = 3
#: A heading's paragraphs are one idea when together they fit this many cards.
SECTION_MAX_CARDS = 3
#: A paragraph merges with the one it leans on when both fit this many cards.
MERGE_MAX_CARDS = 8
#: A lone sentence of at most this many words before an announcement is part of it.
ANNOUNCEMENT_LEAD_WORDS = 8
#: The opening paragraph goes into the cover caption only when it is at most this long.
LEAD_MAX_CHARS = 1000

_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)\]]*\s*$")


@dataclass(frozen=True)
class Idea:
    """One self-contained idea of the article, in article order (``number`` 1, 2, ...)."""

    number: int
    section: str | None
    #: "paragraph", "section", "list", "item", "pair", "qa", "quote", "announcement" (never a tip)
    kind: str
    sentences: tuple[str, ...]
    #: how many leading sentences stand alone on the first card (a list's lead-in, a pair's
    #: title, a question)
    title_card: int = 0
    #: lists: sentences per item after the title card (each item starts a new line)
    items: tuple[int, ...] = ()
    #: a full-sentence list item after the first: its list's lead-in, shown over it
    context: str | None = None
    #: what it still points back at (None: it stands on its own)
    reference: Reference | None = None
    #: it absorbed the paragraph(s) after it that leaned on it
    merged: int = 0
    #: the article's opening paragraph: the cover's caption, never a tip
    lead: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.sentences)

    def tip(self) -> Tip:
        return Tip(
            text=self.text,
            section=self.section,
            position=self.number,
            sentences=self.sentences,
            lead=self.lead,
            title_card=self.title_card,
            items=self.items,
            context=self.context,
        )


#: ideas cut by a forked child come back pickled (see :func:`article_ideas`)
picklable(Idea, Reference)


def is_full_sentence(text: str) -> bool:
    """A list item that reads as a sentence: at least five words and a final stop."""
    return len(text.split()) >= 5 and bool(_SENTENCE_END.search(text))


def article_ideas(article: Article, *, max_chars: int, children: int = 0) -> list[Idea]:
    """Every idea of ``article`` in order; the first may be the cover's lead (``lead=True``).

    Each section is cut into ideas on its own, so with ``children`` > 0 runs of sections are cut
    by forked children (see :mod:`tipqueue.posts.fanout`), with the same result."""
    count = _Fit(max_chars)
    blocks = [b for s in article.sections for b in s.blocks]
    lead_block = blocks[0] if blocks else None
    has_lead = (
        lead_block is not None
        and len(blocks) > 1
        and lead_block.kind is BlockKind.PARAGRAPH
        and len(lead_block.text) <= LEAD_MAX_CHARS
    )
    language = article.language
    sections = article.sections

    def ideas_of(indexes: range) -> list[Idea]:
        raw: list[Idea] = []
        for s_index in indexes:
            section = sections[s_index]
            section_blocks = list(section.blocks)
            if s_index == 0 and has_lead:
                raw.append(
                    Idea(0, section.heading, "paragraph", _sentences(section_blocks[0], count), lead=True)
                )
                section_blocks = section_blocks[1:]
            raw.extend(_section_ideas(section.heading, section_blocks, language, count))
        return [part for idea in raw for part in _announcement_apart(idea, language)]

    weights = [sum(len(b.text) for b in s.blocks) for s in sections]
    runs = fan_out(ideas_of, chunks(weights, children + 1), children=children)
    return [replace(idea, number=n) for n, idea in enumerate(itertools.chain(*runs), start=1)]


def _announcement_apart(idea: Idea, language: str) -> list[Idea]:
    """The closing sentences of an idea that announce what follows ("However, there are a few
    steps you can take ...", "Here's how to ...", "Hier ein paar Tipps ...:") are an idea of their
    own, of kind "announcement": never a tip (the plan lists it as unused), as what they announce
    is not in the post. An idea that is only announcements becomes one too, and so does one left
    with a single short sentence leading up to them that says nothing of the skin. A list's
    lead-in stays with its items."""
    if idea.lead or idea.kind in ("list", "item") or not idea.sentences:
        return [idea]
    keep = len(idea.sentences)
    while keep > 0 and announces(idea.sentences[keep - 1], language):
        keep -= 1
    if keep == len(idea.sentences):
        return [idea]
    first = idea.sentences[0]
    if (
        keep == 1
        and len(first.split()) <= ANNOUNCEMENT_LEAD_WORDS
        and not count_in(fold(first), TOPIC, language)
    ):
        keep = 0  # "Höchste Zeit also, endlich Antworten zu liefern." leads up to the announcement
    alone = Idea(0, idea.section, "announcement", idea.sentences[keep:])
    if keep == 0:
        return [alone]
    head = idea.sentences[:keep]
    title_card = idea.title_card if idea.title_card < len(head) else 0
    ref = find_reference(head, language)  # "... this article will help": that was a page reference
    trimmed = without_opening_marker(head[0], language) if ref is not None and ref.kind == "marker" else None
    if trimmed is not None:
        head = (trimmed, *head[1:])
        ref = find_reference(head, language)
    return [replace(idea, sentences=head, title_card=title_card, reference=ref), alone]


def _sentences(block: Block, fit: _Fit | None = None) -> tuple[str, ...]:
    """A block's sentences; one too long for a whole carousel is cut into card-sized pieces."""
    sentences = block.sentences or (block.text,)
    if fit is None:
        return tuple(sentences)
    from tipqueue.posts.split import split_long_sentence

    most = fit.max_chars * MAX_CARDS
    return tuple(
        p for s in sentences for p in (split_long_sentence(s, fit.max_chars) if len(s) > most else [s])
    )


def _title_count(block: Block) -> int:
    """How many of a pair's or question's sentences make up its title."""
    if not block.title:
        return 0
    target = "".join(block.title.split())
    got = ""
    for n, sentence in enumerate(block.sentences, start=1):
        got += "".join(sentence.split())
        if len(got) >= len(target):
            return n if n < len(block.sentences) else 0
    return 0


def _section_ideas(heading: str | None, blocks: list[Block], language: str, count: _Fit) -> list[Idea]:
    ideas: list[Idea] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.kind in (BlockKind.LIST_TITLE, BlockKind.BULLET, BlockKind.NUMBERED):
            j = i + 1
            list_id = block.list_id
            while (
                j < len(blocks)
                and blocks[j].kind in (BlockKind.BULLET, BlockKind.NUMBERED)
                and (list_id is None or blocks[j].list_id in (list_id, None))
            ):
                j += 1
            title = block if block.kind is BlockKind.LIST_TITLE else None
            items = blocks[i + 1 if title else i : j]
            if title is None and items and _leads_into_list(blocks[i - 1] if i else None, ideas, count):
                # "... Do any of these sound familiar?" right above the bullets: their lead-in
                title = blocks[i - 1]
                ideas.pop()
            if items:
                ideas.extend(_list_ideas(heading, title, items, count, language))
            else:  # a list title without items reads as a paragraph
                ideas.extend(_paragraph_ideas(heading, _sentences(block, count), language, count))
            i = j
            continue
        if block.kind in (BlockKind.PAIR, BlockKind.QA):
            kind = "pair" if block.kind is BlockKind.PAIR else "qa"
            ideas.extend(
                _capped(
                    Idea(0, heading, kind, _sentences(block, count), title_card=_title_count(block)), count
                )
            )
        elif block.kind is BlockKind.QUOTE:
            ideas.extend(_capped(Idea(0, heading, "quote", _sentences(block, count)), count))
        else:
            ideas.extend(_paragraph_ideas(heading, _sentences(block, count), language, count))
        i += 1
    paragraphs = sum(1 for b in blocks if b.kind is BlockKind.PARAGRAPH)
    whole = paragraphs == len(blocks) and len(ideas) == paragraphs
    ideas = _labelled_runs(ideas, count)
    return _merge_leaning(_whole_section(heading, ideas, count) if whole else ideas, language, count)


#: "Red: boosts collagen." — a short label, a colon, then what it does: one entry of a list
#: written as paragraphs
_LABEL = re.compile(r"^[\w][\w'’/+-]*(?: [\w'’/+-]+){0,2}: \S")


def _labelled_runs(ideas: list[Idea], count: _Fit) -> list[Idea]:
    """Short paragraphs that each open with a label ("Red: ...", "Blue: ...", "Near-infrared:
    ...") are one list written as paragraphs: they become one carousel, with the paragraph that
    leads into them ("... does this:") on its title card, instead of posts of one colour each."""
    out: list[Idea] = []
    i = 0
    while i < len(ideas):
        j = i
        while j < len(ideas) and _label_entry(ideas[j], count):
            j += 1
        if j - i < 2:
            out.append(ideas[i])
            i += 1
            continue
        lead: tuple[str, ...] = ()
        if out and out[-1].kind == "paragraph" and out[-1].sentences[-1].rstrip().endswith(":"):
            lead = out[-1].sentences
        entries = [idea.sentences for idea in ideas[i:j]]
        if count.list_cards(lead, entries) > MAX_CARDS:
            out.extend(ideas[i:j])
            i = j
            continue
        prev = out[-1] if out else None
        if not lead and prev is not None and prev.kind == "list" and prev.context is None:
            items = [*_item_texts(prev), *entries]
            if count.list_cards(prev.sentences[: prev.title_card], items) <= MAX_CARDS:
                # "Frequency: Twice daily", "Warning: ..." under the steps of "How to cleanse:"
                out[-1] = replace(
                    prev,
                    sentences=prev.sentences + tuple(s for e in entries for s in e),
                    items=prev.items + tuple(len(e) for e in entries),
                )
                i = j
                continue
        if lead:
            out.pop()
        sentences = lead + tuple(s for e in entries for s in e)
        out.append(
            Idea(
                0,
                ideas[i].section,
                "list",
                sentences,
                title_card=len(lead),
                items=tuple(len(e) for e in entries),
            )
        )
        i = j
    return out


def _label_fragment(idea: Idea) -> bool:
    """ "Frequency: Twice daily (morning and night)": one labelled line without a final stop."""
    return (
        idea.kind == "paragraph"
        and len(idea.sentences) == 1
        and _LABEL.match(idea.sentences[0]) is not None
        and not _SENTENCE_END.search(idea.sentences[0])
    )


def _label_entry(idea: Idea, count: _Fit) -> bool:
    return (
        idea.kind == "paragraph"
        and len(idea.sentences) <= 2
        and _LABEL.match(idea.sentences[0]) is not None
        and count(idea.sentences) == 1
    )


def _whole_section(heading: str | None, ideas: list[Idea], count: _Fit) -> list[Idea]:
    """A heading's short paragraphs are one idea: the heading reads as their title."""
    if heading is None or len(ideas) < 2 or any(i.kind != "paragraph" for i in ideas):
        return ideas
    sentences = tuple(s for i in ideas for s in i.sentences)
    if count(sentences) > SECTION_MAX_CARDS:
        return ideas
    return [Idea(0, heading, "section", sentences)]


def _merge_leaning(ideas: list[Idea], language: str, count: _Fit) -> list[Idea]:
    """Paragraphs that lean on the idea before them join it, or keep their reference."""
    out: list[Idea] = []
    for idea in ideas:
        before = out[-1].text if out else ""
        ref = find_reference(idea.sentences, language, before)
        counted = counted_reference(idea.sentences[0], language) if idea.kind == "paragraph" else None
        prev = out[-1] if out else None
        if ref is None and (counted is not None or _label_fragment(idea)):
            if (
                prev is not None
                and prev.kind == "list"
                and (counted is None or len(prev.items) == counted[1])
                and count.list_cards(prev.sentences[: prev.title_card], [*_item_texts(prev), idea.sentences])
                <= MAX_CARDS
            ):  # "Your routine should target all 4 factors" under the list of the 4 factors;
                # "Frequency: Twice daily" under the steps of "How to cleanse:"
                out[-1] = replace(prev, sentences=prev.sentences + idea.sentences, merged=prev.merged + 1)
                continue
            if counted is not None:
                ref = Reference("pointer", counted[0], _before_tail(before))
        if ref is None:
            out.append(idea)
            continue
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == "list"
            and idea.kind == "paragraph"
            and _gives_the_fix(ref)
            and count.list_cards(prev.sentences[: prev.title_card], [*_item_texts(prev), idea.sentences])
            <= MAX_CARDS
        ):  # "1. Du verwendest zu viele Produkte ..." then "Besser: maximal 2 bis 3 Produkte ..."
            out[-1] = replace(
                prev,
                sentences=prev.sentences + idea.sentences,
                items=(*prev.items, len(idea.sentences)),
                merged=prev.merged + 1,
            )
            continue
        # "The second thing is moisturize ...": the next of a count is an idea of its own
        counted_on = without_ordinal_lead(idea.sentences[0], language) if ref.kind == "marker" else None
        if counted_on is not None:
            sentences = (counted_on, *idea.sentences[1:])
            out.append(replace(idea, sentences=sentences, reference=find_reference(sentences, language)))
            continue
        if (
            ref.kind != "page"
            and prev is not None
            and (prev.kind in ("paragraph", "section") or (prev.kind == "item" and _gives_the_fix(ref)))
            and idea.kind == "paragraph"
            and count(prev.sentences + idea.sentences) <= MERGE_MAX_CARDS
        ):
            out[-1] = replace(prev, sentences=prev.sentences + idea.sentences, merged=prev.merged + 1)
            continue
        trimmed = without_opening_marker(idea.sentences[0], language) if ref.kind == "marker" else None
        if trimmed is not None:  # "Ensuite, appliquez ..." -> "Appliquez ...": it stands without it
            sentences = (trimmed, *idea.sentences[1:])
            out.append(replace(idea, sentences=sentences, reference=find_reference(sentences, language)))
            continue
        if prev is None and idea.section and ref.kind in ("pointer", "definite"):
            # "La dermatologue poursuit" carries on a quote of another section, not the heading
            quoted = continued_quote(idea.sentences[:1])
            antecedent = CONTINUED_QUOTE if quoted else f"the heading “{idea.section}”"
            ref = replace(ref, antecedent=antecedent)
        out.append(replace(idea, reference=ref))
    return out


#: "Besser: ...", "Better: ...": the fix to the mistake the idea before names, even when that is
#: a numbered list item ("1. Du verwendest zu viele Produkte ...")
_FIX_LABELS = frozenset(
    [
        "better",
        "the fix",
        "the solution",
        "besser",
        "die lösung",
        "stattdessen",
        "mieux",
        "la solution",
        "mejor",
        "la solución",
        "meglio",
        "la soluzione",
    ]
)


def _gives_the_fix(ref: Reference) -> bool:
    return ref.kind == "marker" and fold(ref.words).rstrip(" :") in _FIX_LABELS


def _item_texts(idea: Idea) -> list[tuple[str, ...]]:
    """A list idea's items, each as its sentences."""
    out = []
    at = idea.title_card
    for n in idea.items:
        out.append(idea.sentences[at : at + n])
        at += n
    return out


def _before_tail(text: str) -> str:
    return " ".join(text.split())[-60:]


#: a sentence of one capitalised word, a label run into a paragraph ("Protect.", "Schutz:")
_RUN_LABEL = re.compile(r"[^\W\d_a-zß-ÿ][^\W\d_]{2,19}[.:]")


def _paragraph_ideas(
    heading: str | None, sentences: tuple[str, ...], language: str, count: _Fit
) -> list[Idea]:
    """A paragraph, cut between sentences into parts of at most PARAGRAPH_MAX_CARDS cards."""
    from tipqueue.posts.split import leans_on_previous

    if count(sentences) <= PARAGRAPH_MAX_CARDS:
        return [Idea(0, heading, "paragraph", sentences)]
    # a one-word label inside the paragraph ("... as needed. Protect. Avoid ...") opens a part
    # of its own: it names what follows it, so it never ends the part before
    labels = [i for i, s in enumerate(sentences) if i and _RUN_LABEL.fullmatch(s.strip())]
    if labels:
        bounds = [0, *labels, len(sentences)]
        return [
            idea
            for a, b in itertools.pairwise(bounds)
            for idea in _paragraph_ideas(heading, sentences[a:b], language, count)
        ]
    runs: list[list[str]] = []
    for sentence in sentences:
        if runs and leans_on_previous(sentence, runs[-1][-1]):
            runs[-1].append(sentence)
        else:
            runs.append([sentence])
    parts = _balanced(runs, count)
    return [i for p in parts for i in _capped(Idea(0, heading, "paragraph", tuple(p)), count)]


def _balanced(runs: list[list[str]], count: _Fit) -> list[list[str]]:
    """Runs grouped into as few parts of at most PARAGRAPH_MAX_CARDS cards as greedy packing
    needs, with the cut points chosen so the parts are as even as possible (no lone last line)."""
    greedy = 0
    current: list[str] = []
    for run in runs:
        if current and count([*current, *run]) > PARAGRAPH_MAX_CARDS:
            greedy += 1
            current = []
        current.extend(run)
    k = greedy + 1
    n = len(runs)
    if k == 1 or n <= k:
        return [list(r) for r in runs] if n <= k else [[s for r in runs for s in r]]
    size = [len(" ".join(r)) + 1 for r in runs]
    prefix = [0]
    for x in size:
        prefix.append(prefix[-1] + x)
    inf = float("inf")
    # best[j][i]: smallest possible largest part when the first i runs make j parts
    best = [[inf] * (n + 1) for _ in range(k + 1)]
    cut = [[0] * (n + 1) for _ in range(k + 1)]
    best[0][0] = 0
    for j in range(1, k + 1):
        for i in range(j, n + 1):
            for m in range(j - 1, i):
                if best[j - 1][m] == inf:
                    continue
                worst = max(best[j - 1][m], prefix[i] - prefix[m])
                if worst < best[j][i]:
                    best[j][i], cut[j][i] = worst, m
    if best[k][n] == inf:  # pragma: no cover - k parts always exist when n >= k
        return [[s for r in runs for s in r]]
    bounds = []
    i = n
    for j in range(k, 0, -1):
        bounds.append((cut[j][i], i))
        i = cut[j][i]
    return [[s for r in runs[a:b] for s in r] for a, b in reversed(bounds)]


def _capped(idea: Idea, count: _Fit) -> list[Idea]:
    """An idea cut between sentences where it would need more than 10 cards."""
    if count(idea.sentences) <= MAX_CARDS:
        return [idea]
    parts: list[list[str]] = [[]]
    for sentence in idea.sentences:
        if parts[-1] and count([*parts[-1], sentence]) > MAX_CARDS:
            parts.append([])
        parts[-1].append(sentence)
    first = replace(idea, sentences=tuple(parts[0]))
    rest = [replace(idea, sentences=tuple(p), title_card=0, kind="paragraph") for p in parts[1:]]
    return [first, *rest]


#: A numbered heading, or a numbered sub-heading: "1. Oil Cleanser", "PM Routine — 2. Toner"
_NUMBERED_HEADING = re.compile(r"(?:^|— )\d{1,2}[.)] \S[^—]*$")


def _under_numbered_heading(heading: str | None) -> bool:
    """The list is the body of a numbered heading ("1. Oil Cleanser"): its items are one idea,
    posted together under that heading, never one thin post each repeating it."""
    return heading is not None and _NUMBERED_HEADING.search(heading) is not None


def _leads_into_list(block: Block | None, ideas: list[Idea], count: _Fit) -> bool:
    """A paragraph right above a list's items that ends in ":" or a question is the list's
    lead-in (the items answer it), when it is the last idea read and whole."""
    return (
        block is not None
        and block.kind is BlockKind.PARAGRAPH
        and block.text.rstrip().endswith((":", "?", "？"))
        and bool(ideas)
        and ideas[-1].kind == "paragraph"
        and ideas[-1].sentences == _sentences(block, count)
    )


#: "Sun exposure – UV rays are a top trigger.", "Melasma: Manchas ...": an item that opens with
#: a short label (at most six words), then a colon or a dash, then what it says about it
_ITEM_LABEL = re.compile(r"^[^\W\d_][^:;.!?–—]{0,60}?(?::| [–—-]) \S")

#: Number words two to ten per language: a lead-in announcing how many items follow, a count of
#: a routine's steps (see completeness.py)
COUNT_WORDS = {
    "en": "two three four five six seven eight nine ten",
    "de": "zwei drei vier fünf sechs sieben acht neun zehn",
    "fr": "deux trois quatre cinq six sept huit neuf dix",
    "es": "dos tres cuatro cinco seis siete ocho nueve diez",
    "it": "due tre quattro cinque sei sette otto nove dieci",
    "vi": "hai ba bốn năm sáu bảy tám chín mười",
}


def _labelled_item(sentences: tuple[str, ...]) -> bool:
    m = _ITEM_LABEL.match(sentences[0]) if sentences else None
    return m is not None and len(m.group(0).split()) <= 8


def _announced_count(lead: tuple[str, ...], language: str) -> int | None:
    """The number of items the lead-in's last sentence announces ("with 2 loại:", "three types
    of ...:"), or None."""
    if not lead:
        return None
    words = COUNT_WORDS.get(language, COUNT_WORDS["en"]).split()
    for token in re.findall(r"[^\W_]+", lead[-1].lower()):
        if token.isdigit() and 2 <= int(token) <= 10:
            return int(token)
        if token in words:
            return words.index(token) + 2
    return None


#: a lead-in of at most this many words ("Before bed:", "In the morning:") sets the items' scene
SCENE_LEAD_WORDS = 4


def _announces_list(lead: tuple[str, ...]) -> bool:
    """Does the lead-in announce the list ("Here are some things you can do:", "Follow these
    measures to ...:", "Your skin is weak. So:") rather than set the scene its items need
    ("Before bed:")? It ends in a colon and is a sentence of its own or follows one."""
    if not lead or not lead[-1].rstrip().endswith(":"):
        return False
    return len(lead) >= 2 or len(lead[-1].split()) > SCENE_LEAD_WORDS


def _one_list(lead: tuple[str, ...], texts: list[tuple[str, ...]], language: str) -> bool:
    """Full-sentence items that are entries of one list, not tips of their own: each opens with
    a label ("Melasma: ...", "Sun exposure – ..."), or the lead-in announces how many there are
    ("Da khô có thể được chia ... với 2 loại:"). Alone, each would post one type, one trigger."""
    if all(_labelled_item(t) for t in texts):
        return True
    return bool(lead) and lead[-1].rstrip().endswith(":") and _announced_count(lead, language) == len(texts)


def _list_ideas(
    heading: str | None, title: Block | None, items: list[Block], count: _Fit, language: str
) -> list[Idea]:
    lead = _sentences(title, count) if title else ()
    texts = [_sentences(b, count) for b in items]
    if len(items) == 1 and is_full_sentence(items[0].text) and _announces_list(lead):
        # "Here are things that can really help:" over one item (the page was cut after it): the
        # lead-in promises a list the post does not hold; the item stands as a tip of its own
        return [
            Idea(0, heading, "announcement", lead),
            *_capped(Idea(0, heading, "item", texts[0]), count),
        ]
    if (
        len(items) > 1
        and all(is_full_sentence(b.text) for b in items)
        # under a numbered heading the list, with its lead-in, is that heading's body
        and not (_under_numbered_heading(heading) and count.list_cards(lead, texts) <= MAX_CARDS)
        and not (_one_list(lead, texts, language) and count.list_cards(lead, texts) <= MAX_CARDS)
    ):
        context = title.text if title else None
        if _announces_list(lead):
            # "Here are things that help:" over items posted one by one announces a list no post
            # shows: each item stands as its own tip, without the lead-in glued in front of it
            lead, context = (), None
        out = []
        for n, sentences in enumerate(texts):
            if n == 0:
                out.extend(_capped(Idea(0, heading, "item", lead + sentences, title_card=len(lead)), count))
            else:
                out.extend(_capped(Idea(0, heading, "item", sentences, context=context), count))
        return out
    # fragments: one carousel, the lead-in on the title card, the items after it
    out = []
    current: list[tuple[str, ...]] = []
    title_sentences = lead
    for sentences in texts:
        trial = [*current, sentences]
        if current and count.list_cards(title_sentences, trial) > MAX_CARDS:
            out.append(_list_idea(heading, title_sentences, current, bool(out), title))
            current = []
            title_sentences = ()
        current.append(sentences)
    if current:
        out.append(_list_idea(heading, title_sentences, current, bool(out), title))
    return out


class _Fit:
    """How many cards text needs at ``max_chars`` characters a card."""

    def __init__(self, max_chars: int) -> None:
        self.max_chars = max_chars

    def __call__(self, sentences: Sequence[str]) -> int:
        from tipqueue.posts.split import slides_for

        return len(slides_for(sentences, self.max_chars))

    def list_cards(self, title: tuple[str, ...], items: Sequence[tuple[str, ...]]) -> int:
        from tipqueue.posts.split import list_slides

        return len(list_slides(title, items, self.max_chars))


def _list_idea(
    heading: str | None,
    title: tuple[str, ...],
    items: list[tuple[str, ...]],
    continued: bool,
    block: Block | None,
) -> Idea:
    return Idea(
        0,
        heading,
        "list",
        title + tuple(s for item in items for s in item),
        title_card=len(title),
        items=tuple(len(i) for i in items),
        context=block.text if continued and block is not None else None,
    )
