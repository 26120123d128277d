"""From an article to the plan of its series: the call to action, the ideas, the best N of them.

:func:`plan_series` is the one entry point: it chooses the call to action (:mod:`.cta`), cuts
the rest into ideas (:mod:`.units`), scores them (:mod:`.selection`), keeps the best N in
article order, applies the staff's swaps ("use idea 12 instead of idea 4") and lists every
other idea as unused with its score and reason.

The coverage invariant: every content sentence of the article is in exactly one post (the
cover's lead, a tip, the call to action), in the unused list, or in the dropped report.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tipqueue.config.errors import InputError
from tipqueue.posts.fanout import SHARED_FROM_CHARS, children_for, chunks, fan_out
from tipqueue.posts.folder import SERIES_FILE
from tipqueue.posts.ideas.anecdote import OWN_VOICE_TITLE, product_review
from tipqueue.posts.ideas.carry import carried_heading, carry, lists_mistakes
from tipqueue.posts.ideas.completeness import trim_cut
from tipqueue.posts.ideas.cta import CtaChoice, choose_cta, default_question, load_topics
from tipqueue.posts.ideas.elsewhere import doctors_in
from tipqueue.posts.ideas.persons import Person, merge_people, people_in
from tipqueue.posts.ideas.promotion import brands_in
from tipqueue.posts.ideas.references import opening_reference
from tipqueue.posts.ideas.selection import (
    REVIEW_ADVICE_MIN,
    Scored,
    choose,
    general_advice,
    in_review,
    score_idea,
    tells_what_to_do,
    unused_reason,
)
from tipqueue.posts.ideas.units import Idea, article_ideas
from tipqueue.posts.models import Article, Dropped, Post, PostKind, Tip

#: Why a series has no tips when no idea of the article is about skin.
NOT_ADVICE = "nothing in this article reads as advice for a skin clinic's audience"
#: The dropped report's reason for a sentence cut where the page was saved.
CUT_OFF = "text is cut off (the rest of its idea stands alone)"

#: Why an announcement ("Here's how to ...") is never a tip.
ANNOUNCEMENT_REASON = "announces what follows; the post would not carry what it announces"
#: An article this long (characters of text) has its ideas cut and scored by the spare cores too.
FAN_OUT_CHARS = SHARED_FROM_CHARS
#: Most tips ``--tips`` may ask for.
MAX_TIPS_ASKED = 20


@dataclass(frozen=True)
class Unused:
    """An idea not in the series: its number, text, score and why it was left out."""

    number: int
    section: str | None
    text: str
    sentences: tuple[str, ...]
    score: float
    reason: str
    #: why a clinic would not post it (None: it only scored lower than the chosen tips)
    unfit: str | None = None


@dataclass(frozen=True)
class Chosen:
    """A tip of the series with its idea's number, score, why it was chosen and its flags."""

    tip: Tip
    number: int
    score: float
    why: str
    flags: tuple[str, ...] = ()
    #: it tells the reader what to do (an instruction, advice, a recommendation); False for
    #: background, an explanation or a statement: the cover then counts posts, not tips
    acts: bool = True


@dataclass
class SeriesPlan:
    """What the series is made of, before captions and cards."""

    article: Article
    #: the cover's lead (if any) then the chosen tips, in article order
    tips: list[Tip]
    chosen: list[Chosen]
    unused: list[Unused]
    cta: CtaChoice
    #: staff choices applied: (idea used, idea it replaced)
    swaps: list[tuple[int, int]] = field(default_factory=list)
    #: every idea as a tip, in article order (the lead, the chosen and the unused ones)
    ideas: list[Tip] = field(default_factory=list)
    #: the request the reader found when another one became the call to action (listed as unused)
    spare: tuple[str, ...] = ()
    #: why no series should be made (None: there is one): no idea of the article is about skin,
    #: or every idea is one a clinic would not post (see :data:`NOT_ADVICE`)
    nothing_to_post: str | None = None
    #: what was carried into the cover's lead ("introduction carried: Dr. Hartmann → ...")
    lead_flags: tuple[str, ...] = ()

    def problems(self) -> list[str]:
        """Broken plan invariants: each idea chosen or unused exactly once, tips in article order."""
        out: list[str] = []
        numbers = [t.position for t in self.ideas if not t.lead]
        chosen = [c.number for c in self.chosen]
        unused = [u.number for u in self.unused if u.sentences != self.spare or not self.spare]
        if sorted(chosen + unused) != sorted(numbers):
            out.append(f"ideas {sorted(numbers)} are not exactly chosen {chosen} + unused {unused}")
        if chosen != sorted(chosen):
            out.append(f"tips out of article order: ideas {chosen}")
        if [t.position for t in self.tips if not t.lead] != chosen:
            out.append("the plan's tips are not its chosen ideas")
        return out

    def flags_of(self, position: int) -> tuple[str, ...]:
        return next((c.flags for c in self.chosen if c.tip.position == position), ())


def plan_series(
    article: Article,
    *,
    max_chars: int,
    default_cta: str,
    workspace: Path | None = None,
    tips: int | None = None,
    swaps: Sequence[tuple[int, int]] = (),
    workers: int | None = None,
) -> SeriesPlan:
    """The plan: call to action, best ``tips`` ideas (default: what the article deserves), unused.

    ``workers``: forked children that share cutting and scoring the ideas (see
    :mod:`tipqueue.posts.fanout`); None: the spare cores for an article of at least
    :data:`FAN_OUT_CHARS` characters, else none. The plan is the same whatever the number."""
    if tips is not None and not 1 <= tips <= MAX_TIPS_ASKED:
        raise InputError(f"--tips {tips} is out of range; give 1 to {MAX_TIPS_ASKED}")
    topics = load_topics(workspace, default_cta)
    article, cta, spare = choose_cta(article, topics)
    if cta.source == "default":
        cta = default_question(article, topics)
    if workers is None:
        workers = workers_for(article)
    ideas, cut = _trimmed(article_ideas(article, max_chars=max_chars, children=workers))
    if cut:
        article = replace(article, dropped=article.dropped + tuple(Dropped(s, CUT_OFF) for s in cut))
    opening = _section_openers(ideas)
    ideas = _leaning_headings(ideas, opening, article.language)
    lead = [i for i in ideas if i.lead]
    brands, doctors, people = _named(ideas, workers)
    posted = [i for i in ideas if not i.lead and i.kind != "announcement"]
    first = min((i.number for i in ideas if not i.lead), default=0)
    final = max((i.number for i in posted), default=0)
    language = article.language

    def scores_of(indexes: range) -> list[Scored]:
        return [
            score_idea(i, language, brands, doctors, opening=i.number == first, closing=i.number == final)
            for i in (posted[k] for k in indexes)
        ]

    runs = fan_out(
        scores_of, chunks([len(i.text) for i in posted], workers + 1), children=workers, known=posted
    )
    scored = list(itertools.chain(*runs))
    review = _review_headline(article)
    if review is not None:
        scored = [in_review(s) for s in scored]
    chosen, others = choose(scored, tips)
    chosen, others, applied = _apply_swaps(chosen, others, swaps)
    unused = [
        Unused(
            s.idea.number,
            s.idea.section,
            s.idea.text,
            s.idea.sentences,
            s.score,
            unused_reason(s, chosen),
            s.unfit,
        )
        for s in others
    ]
    unused += [
        Unused(i.number, i.section, i.text, i.sentences, 0.0, ANNOUNCEMENT_REASON)
        for i in ideas
        if i.kind == "announcement"
    ]
    unused.sort(key=lambda u: u.number)
    if spare:
        unused.append(
            Unused(
                len(ideas) + 1,
                article.call_to_action_section,
                " ".join(spare),
                spare,
                0.0,
                "a request to readers; the call to action is another one",
            )
        )
    # what the list is of is said in the title or the opening ("los hábitos que jamás cometerían")
    framing = " ".join([article.title, *(i.text for i in lead)])
    mistakes = lists_mistakes([s.heading for s in article.sections if s.heading], article.language)
    sections = _numbers_by_section(ideas)
    picked = []
    for s in chosen:
        tip, carried = carry(
            s.idea.tip(),
            people,
            language=article.language,
            framing=framing,
            **_placement(s.idea, opening, sections),
            mistakes=mistakes,
        )
        why = "chosen by staff" if s.idea.number in {u for u, _ in applied} else s.why
        flags = (*_flags(s.idea), *carried)
        picked.append(Chosen(tip, s.idea.number, s.score, why, flags, tells_what_to_do(s, article.language)))
    carried_leads = [carry(i.tip(), people, language=article.language, framing=article.title) for i in lead]
    lead_tips = [tip for tip, _ in carried_leads]
    return SeriesPlan(
        article=article,
        tips=lead_tips + [c.tip for c in picked],
        chosen=picked,
        unused=unused,
        cta=cta,
        swaps=applied,
        ideas=[i.tip() for i in ideas],
        spare=spare,
        nothing_to_post=_nothing_to_post(scored) or _review_of_one_thing(review, scored),
        lead_flags=tuple(f for _, flags in carried_leads for f in flags),
    )


#: What one idea names: its brands, other practices' doctors (surname, introduction) and people.
_Names = tuple[list[str], list[tuple[str, str]], list[Person]]


def _named(ideas: Sequence[Idea], children: int) -> tuple[frozenset[str], dict[str, str], list[Person]]:
    """The brands, other practices' doctors and people the article names (what
    :func:`article_brands`, :func:`elsewhere_doctors` and :func:`article_people` find in the
    ideas' texts): each idea is read on its own, by forked children too, and what they found is
    put together in article order."""

    def part(indexes: range) -> list[tuple[int, _Names]]:
        found = []
        for k in indexes:
            text = ideas[k].text
            names = (brands_in(text), doctors_in(text), people_in(text))
            if names[0] or names[1] or names[2]:
                found.append((k, names))
        return found

    runs = fan_out(part, chunks([len(i.text) for i in ideas], children + 1), children=children)
    named = [names for run in runs for _, names in run]
    brands = frozenset(key for names in named for key in names[0])
    doctors: dict[str, str] = {}
    for names in named:
        for surname, introduction in names[1]:
            doctors.setdefault(surname, introduction)
    return brands, doctors, merge_people(person for names in named for person in names[2])


def workers_for(article: Article) -> int:
    """Forked children worth sharing ``article``'s ideas with: the spare cores when it has at
    least :data:`FAN_OUT_CHARS` characters of text, else none (a fork costs more than it saves)."""
    return children_for(sum(len(b.text) for sec in article.sections for b in sec.blocks))


def _numbers_by_section(ideas: Sequence[Idea]) -> dict[str | None, set[int]]:
    """The numbers of each section's ideas (leads left out), read once for all the ideas."""
    out: dict[str | None, set[int]] = {}
    for idea in ideas:
        if not idea.lead:
            out.setdefault(idea.section, set()).add(idea.number)
    return out


def _section_openers(ideas: Sequence[Idea]) -> set[int]:
    """The numbers of the ideas that open their section (the heading is read right above them)."""
    out: set[int] = set()
    previous: object = object()
    for idea in ideas:
        if idea.section != previous and idea.section is not None:
            out.add(idea.number)
        previous = idea.section
    return out


def _placement(idea: Idea, opening: set[int], sections: Mapping[str | None, set[int]]) -> dict[str, bool]:
    """Where the idea stands under its heading, as :func:`.carry.carry` reads it (``opening``:
    :func:`_section_openers`, ``sections``: :func:`_numbers_by_section`)."""
    ref = idea.reference
    return {
        # an item of a list with no lead-in stands right under the heading too
        "opens_section": idea.number in opening or (idea.kind == "item" and not idea.title_card),
        "whole_section": idea.number in opening and idea.number + 1 not in sections.get(idea.section, ()),
        "leans_on_heading": ref is not None and ref.antecedent.startswith("the heading"),
    }


def _leaning_headings(ideas: Sequence[Idea], opening: set[int], language: str) -> list[Idea]:
    """The ideas, each whose first card would carry a heading that itself points back at text
    before it ("Welche dieser Siegel haben am meisten Aussagekraft?", "Doch wieviel Natur steckt
    in solchen Produkten?") marked with that reference: the post would open on something it
    does not name, so it is flagged and scored as a dangling reference."""
    sections = _numbers_by_section(ideas)
    out: list[Idea] = []
    for k, idea in enumerate(ideas):
        heading = None
        if idea.reference is None and not idea.lead and idea.kind != "announcement":
            heading = carried_heading(idea.tip(), **_placement(idea, opening, sections))
        ref = opening_reference(heading, language) if heading else None
        if ref is not None and ref.kind in ("pointer", "marker"):
            before = " ".join(ideas[k - 1].text.split())[-60:] if k else ""
            idea = replace(idea, reference=replace(ref, antecedent=before or "text before its heading"))
        out.append(idea)
    return out


def _nothing_to_post(scored: Sequence[Scored]) -> str | None:
    if not scored:
        return None
    if not any(s.advice for s in scored):
        return f"{NOT_ADVICE} (none of its {len(scored)} ideas is about skin or health)"
    if all(s.unfit for s in scored):
        reasons = sorted({str(s.unfit).split(" (")[0] for s in scored})
        return f"{NOT_ADVICE} (every idea is one a clinic would not post: {'; '.join(reasons)})"
    return None


def _review_headline(article: Article) -> str | None:
    """The headline of a first-person review ("I tried a relatively affordable LED face mask"):
    the article's own, dropped for speaking in the writer's voice, saying she tried one thing."""
    return product_review([d.text for d in article.dropped if OWN_VOICE_TITLE in d.reason])


def _review_of_one_thing(headline: str | None, scored: Sequence[Scored]) -> str | None:
    """The refusal for a first-person review, unless the test is only its frame: it holds
    general advice of its own (what the device does, how long until it works) that names no
    brand and is not told in the writer's voice (see :func:`.selection.general_advice`)."""
    if headline is None or general_advice(scored) >= REVIEW_ADVICE_MIN:
        return None
    return f"{NOT_ADVICE} (a first-person review: “{headline[:80]}”)"


def _trimmed(ideas: list[Idea]) -> tuple[list[Idea], list[str]]:
    """The ideas with each cut last sentence taken off (when the rest stands alone), and those."""
    out: list[Idea] = []
    cut: list[str] = []
    for idea in ideas:
        kept, dropped = trim_cut(idea) if not idea.lead else (idea, None)
        out.append(kept)
        if dropped is not None:
            cut.append(dropped)
    return out, cut


def _flags(idea: Idea) -> tuple[str, ...]:
    flags: list[str] = []
    ref = idea.reference
    if ref is not None:
        label = "page reference" if ref.kind == "page" else "dangling reference"
        if ref.antecedent.startswith("the heading"):
            label = "leans on its heading"
        flags.append(f"{label}: {ref.describe()}")
    if idea.context:
        flags.append(f"list item shown under its lead-in “{idea.context}”")
    return tuple(flags)


def _apply_swaps(
    chosen: list[Scored], others: list[Scored], swaps: Sequence[tuple[int, int]]
) -> tuple[list[Scored], list[Scored], list[tuple[int, int]]]:
    """Put each unused idea ``use`` in place of chosen idea ``instead``; refuse what cannot be."""
    applied: list[tuple[int, int]] = []
    for use, instead in swaps:
        into = next((s for s in others if s.idea.number == use), None)
        out = next((s for s in chosen if s.idea.number == instead), None)
        if into is None:
            inside = any(s.idea.number == use for s in chosen)
            raise InputError(
                f"idea {use} is {'already in the series' if inside else 'not an idea of this article'}; "
                "pick one from the unused list in review.md"
            )
        if out is None:
            raise InputError(f"idea {instead} is not in the series; name a tip post of the series to replace")
        chosen = sorted([s for s in chosen if s is not out] + [into], key=lambda s: s.idea.number)
        others = sorted([s for s in others if s is not into] + [out], key=lambda s: s.idea.number)
        applied.append((use, instead))
    return chosen, others, applied


# --- series.json and the staff's swaps ---------------------------------------------------


def plan_as_json(plan: SeriesPlan, posts: Sequence[Post]) -> dict[str, Any]:
    """What series.json says about the editor's decisions: the CTA, each tip's idea, the unused."""
    tip_posts = [p for p in posts if p.kind is PostKind.TIP]
    return {
        "call_to_action_source": plan.cta.source,
        "call_to_action_topic": plan.cta.topic or None,
        "tips": [
            {"post": p.id, "idea": c.number, "score": c.score, "why": c.why, "flags": list(c.flags)}
            for p, c in zip(tip_posts, plan.chosen, strict=False)
        ],
        "unused": [
            {"idea": u.number, "section": u.section, "score": u.score, "reason": u.reason, "text": u.text}
            for u in plan.unused
        ],
        "choices": [{"use": use, "instead_of": instead} for use, instead in plan.swaps],
    }


def stored_choices(folder: Path, content_hash: str) -> list[tuple[int, int]]:
    """Staff swaps recorded in series.json for this same article text (none if it changed)."""
    try:
        old = json.loads((folder / SERIES_FILE).read_text(encoding="utf-8"))
        if old.get("content_hash") != content_hash:
            return []
        return [(int(c["use"]), int(c["instead_of"])) for c in old.get("choices", [])]
    except (
        OSError,
        json.JSONDecodeError,
        UnicodeDecodeError,
        AttributeError,
        TypeError,
        ValueError,
        KeyError,
    ):
        return []


def idea_of_post(plan: SeriesPlan, posts: Sequence[Post], which: str) -> int:
    """The idea number behind tip post ``which`` (its number "4", "04" or its id)."""
    tip_posts = [p for p in posts if p.kind is PostKind.TIP]
    for post, chosen in zip(tip_posts, plan.chosen, strict=False):
        if which in (post.id, str(post.position), f"{post.position:02d}"):
            return chosen.number
    names = ", ".join(f"{p.position:02d}" for p in tip_posts)
    raise InputError(f"--instead-of {which}: not a tip post of this series; give one of {names} (or its id)")
