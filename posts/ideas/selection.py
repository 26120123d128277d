"""How well each idea stands as advice for a clinic's audience, and the best N of them.

:func:`score_idea` starts every idea at :data:`BASE` and adds or takes points for what an
editor looks for (each with its reason, shown in the review):

* advice: an instruction ("Apply sunscreen ...", "You should ...", a polite imperative of any
  verb: "Meiden Sie ...", "Privilégiez ..."), a recommendation anywhere
  ("should", "il faut", "se debe", "dovremmo", see :mod:`.advice`), an explanation ("because",
  "helps", "prevents"), words of the trade (skin, SPF, retinol ...);
* a question with its answer, a list, a titled idea: worth a little more, they read well as posts;
* against: an anecdote ("I just had to buy three more!"), a transition or framing line ("Let's
  dive in"), promotion (codes, shops, sponsorship), spending (prices), travel narrative, a
  reference to the page or its images, a reference to earlier text the post cannot carry, a
  statement against the clinic's own message ("skip the dermatologist"); text around advice with
  no advice in it (an announcement, background statistics, a method, the article's opening hook:
  :func:`.advice.framing_cues`), which is not posted while other ideas remain;
* length: a few words, or one short line with no sentence end, are a heading, not a tip; very
  long ideas read less well.

:func:`choose` keeps the best N (ties: the earlier idea) and returns them in article order.
The default N is what the article deserves: every idea scoring at least :data:`BAR`, at most
:data:`MAX_TIPS` (so no series is over 12 posts with its cover and call to action), at least
:data:`MIN_TIPS`. An idea under the bar is not posted to make a series longer: read against
real articles, such fillers needed an edit in 9 of 12 posts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from tipqueue.posts.fanout import picklable
from tipqueue.posts.ideas.advice import (
    ADVICE,
    ADVISING,
    COUNTED,
    HOOK,
    LOOKALIKES,
    METHOD,
    background,
    framing_cues,
    leads_on,
    polite_imperative,
    tells_in_heading,
)
from tipqueue.posts.ideas.anecdote import PERSONAL, diary_cues, heading_cues, personal_cues
from tipqueue.posts.ideas.attribution import reported_speech, unattributed
from tipqueue.posts.ideas.completeness import not_whole
from tipqueue.posts.ideas.elsewhere import (
    first_person_advice,
    practice_talk,
    quoted_elsewhere,
)
from tipqueue.posts.ideas.health import HEALTH
from tipqueue.posts.ideas.lexicon import (
    AGAINST_CLINIC,
    ANECDOTE,
    INSTRUCTION_ANYWHERE,
    INSTRUCTION_START,
    PROMOTION,
    SPENDING,
    TOPIC,
    TRANSITION,
    TRAVEL,
    count_in,
    count_tables,
    starts_with_any,
)
from tipqueue.posts.ideas.promotion import (
    OUTSIDE,
    POSITIONING,
    PRODUCT_PAGE,
    brand_cues,
    positioning_cues,
    practice_cues,
)
from tipqueue.posts.ideas.references import fold
from tipqueue.posts.ideas.units import Idea

BASE = 5.0
#: An idea scoring below this is not worth a post unless the article has nothing better.
BAR = 5.5
MAX_TIPS = 10
#: What background with no advice in it ("Eczema is a chronic skin condition ...") loses: enough
#: to fall under the bar and behind the advice, not enough to keep it out of a short article.
BACKGROUND = 3.0
#: A series holds at least this many tips: the best idea, even under the bar, when none reaches it.
MIN_TIPS = 1


@dataclass(frozen=True)
class Scored:
    """An idea, its score and the reasons for it (strongest first)."""

    idea: Idea
    score: float
    reasons: tuple[str, ...]
    #: the reasons that took points away
    against: tuple[str, ...] = ()
    #: why a clinic would not post it at all (other brands' products, a personal story, cut-off
    #: text ...): such an idea is chosen only when nothing else remains
    unfit: str | None = None
    #: it reads as skin or health advice (words of the trade, of the body or of care)
    advice: bool = True
    #: it opens with an instruction or recommends something (see :func:`tells_what_to_do`)
    instructs: bool = True

    @property
    def why(self) -> str:
        good = [r for r in self.reasons if r not in self.against]
        text = "; ".join(good) if good else "plain content"
        return f"{text} (despite: {'; '.join(self.against)})" if self.against else text


#: scores made by a forked child come back pickled (see plan.plan_series)
picklable(Scored)


def _count(text: str, table: Mapping[str, tuple[str, ...]], language: str, *, start: bool = False) -> int:
    if start:
        return int(starts_with_any(text, table, language))
    return count_in(text, table, language)


#: a sentence's end: a heading has none
_ENDED = re.compile(r"[.!?…:;。！？][\"'”’»)\]]*\s*$")
_FIRST_PERSON = frozenset(["i", "my", "me", "ich", "mein", "je", "yo", "io", "mình", "tôi"])
#: The tables read anywhere in an idea (one scan for all of them).
_SCANNED = (
    INSTRUCTION_ANYWHERE,
    TOPIC,
    ANECDOTE,
    TRANSITION,
    PROMOTION,
    SPENDING,
    TRAVEL,
    AGAINST_CLINIC,
    PERSONAL,
    PRODUCT_PAGE,
    HEALTH,
    OUTSIDE,
    POSITIONING,
    ADVICE,
    LOOKALIKES,
    HOOK,
    METHOD,
    COUNTED,
)


def score_idea(
    idea: Idea,
    language: str,
    brands: frozenset[str] = frozenset(),
    elsewhere: Mapping[str, str] | None = None,
    *,
    opening: bool = False,
    closing: bool = False,
) -> Scored:
    """The idea's score and reasons (``brands``: names the article presents as brands;
    ``elsewhere``: the doctors it introduces as practising in another place, see :mod:`.elsewhere`;
    ``opening``: the idea is the article's first after the cover's lead; ``closing``: its last).

    A named doctor's credit is taken off the advice where it stands alone without it
    (:mod:`.attribution`): the returned idea carries the rewritten sentences, the review says
    so ("said without its credit"); a doctor of another town (``elsewhere``) still counts."""
    written = idea.text
    as_written = idea
    idea, credits = _uncredited(idea)
    reported = reported_speech(idea.sentences, language) if credits else None
    if reported is not None:
        # "Zwei bis drei Liter Wasser seien empfehlenswert": still her words, so her credit stays
        idea, credits = as_written, ()
    folded = [fold(s).lstrip("\"“”«»„'(¿¡-–— ") for s in idea.sentences]
    whole = " ".join(folded)
    tokens = whole.split()
    words = len(tokens)
    points: list[tuple[float, str]] = [(0.0, f"said without its credit (“{c}”)") for _, c in credits[:1]]
    found = count_tables(whole, _SCANNED, language)
    starts = sum(
        1
        for s in folded
        if _count(s, INSTRUCTION_START, language, start=True) or polite_imperative(s, language)
    )
    anywhere = found[id(INSTRUCTION_ANYWHERE)]
    if starts:
        points.append((min(2.5, 1.5 + 0.5 * (starts - 1)), "instruction"))
    if anywhere:
        points.append((min(1.5, 0.5 * anywhere), "explanation" if not starts else "advice"))
    recommends = found[id(ADVICE)]
    if recommends and not starts and words >= 12:  # "Recommended ingredients:" is a label
        points.append((1.0, "recommendation"))
    topic = found[id(TOPIC)]
    if topic:
        points.append((min(1.5, 0.5 * topic), "skincare content"))
    if idea.kind == "qa":
        points.append((1.0, "question and answer"))
    elif idea.kind in ("list", "pair", "section"):
        points.append(
            (0.5, {"list": "list", "pair": "titled", "section": "heading with its text"}[idea.kind])
        )
    anecdote = found[id(ANECDOTE)]
    first_person = sum(map(_FIRST_PERSON.__contains__, tokens))
    if anecdote and (not starts or anecdote >= 2):
        points.append((-1.5 - 0.5 * min(anecdote - 1, 3), "anecdote"))
    elif words and first_person / words > 0.08 and not starts:
        points.append((-1.0, "the author's own story"))
    framing = bool(found[id(TRANSITION)]) and (words < 25 or not (starts or anywhere))
    if framing:
        points.append((-2.5, "transition or framing"))
    promotion = found[id(PROMOTION)]
    if promotion:
        points.append((-2.0 - min(promotion - 1, 2), "promotion"))
    spending = found[id(SPENDING)]
    if spending:
        points.append((-1.0 - 0.5 * min(spending - 1, 2), "spending"))
    travel = found[id(TRAVEL)]
    if travel:
        points.append((-1.0 - 0.5 * min(travel - 1, 2), "travel narrative"))
    if found[id(AGAINST_CLINIC)]:
        points.append((-6.0, "against the clinic's message"))
    ref = idea.reference
    if ref is not None:
        if ref.kind == "page":
            points.append((-3.0, f"page reference “{ref.words}”"))
        elif ref.antecedent.startswith("the heading"):
            points.append((-0.5, f"leans on its heading (“{ref.words}”)"))
        else:
            points.append((-2.0, f"dangling reference “{ref.words}”"))
    if idea.context:
        points.append((-0.5, "needs its list's lead-in"))
    if words < 6:
        points.append((-3.0, f"only {words} word{'s' if words != 1 else ''}"))
    elif words < 12 and len(idea.sentences) == 1 and not _ENDED.search(idea.sentences[0]):
        # "Treat yourself to a clay mask": a heading, its advice in the paragraph under it
        points.append((-3.0, "a heading alone"))
    elif words < 12:
        points.append((-1.0, "short"))
    elif words > 220:
        points.append((-1.0, "very long"))
    unfit: list[str] = []
    # a brand named in a credit taken off ("Cosrx says ...") still counts, as a practice does
    brand = brand_cues(
        written if credits else idea.text,
        language,
        brands,
        fold(written) if credits else whole,
        page=bool(found[id(PRODUCT_PAGE)]),
    )
    if brand:
        unfit.append(f"names other brands' products ({brand[0]})")
        points.append((-4.0, unfit[-1]))
    positioning = positioning_cues(whole) if found[id(POSITIONING)] else []
    if positioning:
        unfit.append(f"a brand's statement about itself (“{positioning[0]}”)")
        points.append((-3.0, unfit[-1]))
    # a practice, brand or publication named in a credit taken off still counts (as ``doctor``)
    practice = practice_cues(written) if found[id(OUTSIDE)] or credits else []
    if practice:
        unfit.append(f"names another practice, brand founder or publication ({practice[0]})")
        points.append((-3.0, unfit[-1]))
    # a doctor the article introduces by another town stays a reason even with her credit taken
    # off: such round-ups of outside experts are rewritten in the clinic's voice, not posted
    doctor = quoted_elsewhere(written, elsewhere) if elsewhere else None
    if doctor is not None and not practice:
        unfit.append(f"another practice's doctor (“{doctor}”)")
        points.append((-3.0, unfit[-1]))
    speaks_as = first_person_advice(idea.text, language) if doctor is None and not practice else None
    if speaks_as is not None:
        unfit.append(f"a doctor's advice in her own first person (“{speaks_as}”)")
        points.append((-3.0, unfit[-1]))
    # a practice speaking of its own work; a named doctor's is read before her credit was taken off
    talk = (
        practice_talk(idea.text, language, named_in=None if unfit else written)
        if doctor is None and not practice and speaks_as is None
        else None
    )
    if talk is not None:
        unfit.append(f"a practice speaking of its own work (“{talk}”)")
        points.append((-3.0, unfit[-1]))
    personal = personal_cues(whole, language) if found[id(PERSONAL)] else []
    personal += heading_cues(fold(idea.section or ""), language)
    personal += diary_cues(whole)
    ratio = first_person / words if words else 0.0
    if personal and (len(personal) >= 2 or not starts or ratio > 0.05):
        unfit.append(f"a personal story or review (“{personal[0]}”)")
        points.append((-2.0 - 0.5 * min(len(personal) - 1, 3), unfit[-1]))
    if framing and not (starts or anywhere or topic):
        unfit.append("a transition or thank-you, no advice")
    if ref is not None and ref.kind == "page":
        # "This guide is your practical blueprint ...": about the article, not the skin
        unfit.append(f"speaks of the page, not the skin (“{ref.words}”)")
    last = folded[-1] if len(folded) > 1 else ""
    if len(folded) > 2 and not last.rstrip().endswith((".", "!", "?", "…", ":", '"', "”", "»")):
        # "How do we fix it?" before a list's heading run in ("7 Skincare Tips to Control Oily Skin")
        last = folded[-2]
    if recommends and last and leads_on(last, language):
        # "Wir verraten fünf Fehler, die Sie nicht machen sollten.": the "should" of the set-up
        # line is the advice to come, not advice given
        recommends = count_in(" ".join(folded[:-1]), ADVICE, language)
    framing_only = (
        []
        if starts or recommends
        else framing_cues(
            folded[0] if folded else "",
            whole,
            language,
            found,
            opening=opening,
            last=last,
            closing=closing,
        )
    )
    if framing_only:
        unfit.append(framing_only[0])
        points.append((-2.5, framing_only[0]))
    elif (
        not (starts or recommends)
        and idea.kind != "qa"
        and folded
        and background(folded[0], language)
        # "you should" is read as an instruction anywhere, before the advice table
        and not count_in(whole, ADVICE, language)
    ):
        # "Rosacea is a chronic skin condition ...": below the advice, yet still posted when the
        # article has too little else (a reader's question with its answer is an explainer)
        points.append((-BACKGROUND, "background on the condition, nothing to act on"))
    if reported is not None:
        # a clinic rewrites such a report in its own voice rather than post another's doctor
        unfit.append(f"reports what a doctor said (“{reported}”), which needs her name")
        points.append((-3.0, unfit[-1]))
    incomplete = not_whole(idea, language)
    if incomplete:
        unfit.append(incomplete)
        points.append((-4.0, incomplete))
    score = round(BASE + sum(p for p, _ in points), 2)
    ordered = sorted(points, key=lambda pr: -abs(pr[0]))
    reasons = tuple(r for _, r in ordered)
    against = tuple(r for p, r in ordered if p < 0)
    advice = bool(topic or found[id(HEALTH)])
    instructs = bool(starts or recommends)
    return Scored(idea, score, reasons, against, unfit[0] if unfit else None, advice, instructs)


def tells_what_to_do(item: Scored, language: str) -> bool:
    """True when a scored idea tells the reader what to do, not only what is (background, an
    explanation): an instruction or a recommendation, a phrase that advises without one
    (:data:`.advice.ADVISING`), or its own heading that does ("4. Éviter l'eau trop chaude").
    Asked of the chosen tips only (the cover counts them as tips or as posts), not in the
    scoring of every idea; ADVISING is read apart from the scoring's one scan, whose tables its
    phrases overlap and would take matches from."""
    if item.instructs:
        return True
    if count_in(" ".join(fold(s) for s in item.idea.sentences), ADVISING, language):
        return True
    if item.idea.section is None:
        return False
    # the last part of "Parent — Heading", its leading number gone
    own = fold(item.idea.section.split(" — ")[-1]).lstrip("0123456789.)-–: ")
    return tells_in_heading(own, language)


def _uncredited(idea: Idea) -> tuple[Idea, tuple[tuple[str, str], ...]]:
    """The idea with its named doctors' credits taken off, and what was taken off."""
    sentences, credits = unattributed(idea.sentences)
    if not credits:
        return idea, ()
    ref = idea.reference
    if ref is not None and any(ref.words in clause for _, clause in credits):
        ref = None  # it pointed back with the credit ("selon elle"), now gone
    return replace(idea, sentences=sentences, reference=ref), credits


#: Why a first-person line of a review is not a tip.
OWN_TEST = "the writer's own test, in a first-person review"
#: A first-person review is posted only when it holds this many ideas of general advice.
REVIEW_ADVICE_MIN = 2


def in_review(item: Scored) -> Scored:
    """An idea of a first-person review ("I Put an LED Mask to the Test"): a line in the writer's
    voice ("During the first week, I used it twice") is her test, never the clinic's advice."""
    tokens = fold(item.idea.text).split()
    if item.unfit is not None or not any(map(_FIRST_PERSON.__contains__, tokens)):
        return item
    return replace(item, score=round(item.score - 2.0, 2), against=(*item.against, OWN_TEST), unfit=OWN_TEST)


def general_advice(scored: Sequence[Scored]) -> int:
    """How many ideas are general advice a clinic could post as it is: fit, at or over the bar,
    an instruction or an explanation."""
    return sum(
        1
        for s in scored
        if s.unfit is None
        and s.score >= BAR
        and any(r in ("instruction", "explanation", "advice", "recommendation") for r in s.reasons)
    )


def tips_deserved(scored: Sequence[Scored]) -> int:
    """How many tips the article deserves: the ideas at or over the bar, 1 to 10 (none when
    the article has no idea a clinic would post)."""
    pool = candidates(scored)
    good = sum(1 for i in pool if scored[i].score >= BAR)
    return min(MAX_TIPS, len(pool), max(good, MIN_TIPS))


def candidates(scored: Sequence[Scored]) -> list[int]:
    """The ideas the series is chosen from: those a clinic would post, or all when none is."""
    fit = [i for i, s in enumerate(scored) if s.unfit is None]
    return fit if fit else list(range(len(scored)))


def choose(scored: Sequence[Scored], n: int | None = None) -> tuple[list[Scored], list[Scored]]:
    """The best ``n`` (default :func:`tips_deserved`) in article order, and the others.

    Only :func:`candidates` are chosen: an unfit idea (another brand's product, a personal
    story, cut-off text) stays out unless nothing else remains, so the series may be shorter
    than ``n``.
    """
    pool = candidates(scored)
    want = tips_deserved(scored) if n is None else max(0, min(n, len(pool)))
    ranked = sorted(pool, key=lambda i: (-scored[i].score, i))
    keep = set(ranked[:want])
    chosen = [s for i, s in enumerate(scored) if i in keep]
    others = [s for i, s in enumerate(scored) if i not in keep]
    return chosen, others


def unused_reason(item: Scored, chosen: Sequence[Scored]) -> str:
    """Why an idea is not in the series, in words."""
    low = min((c.score for c in chosen), default=None)
    what = item.against[0] if item.against else "less to it than the chosen tips"
    if item.unfit is not None:
        return f"{item.unfit} (score {item.score:g}; not posted while other ideas remain)"
    if low is None:
        return what
    if item.score < BAR:
        return f"{what} (score {item.score:g}, below the bar of {BAR:g})"
    return f"{what} (score {item.score:g}; the series' lowest tip scores {low:g})"
