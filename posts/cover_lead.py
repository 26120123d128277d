"""The cover's lead line: the opening paragraph, only when it opens the series well.

The cover caption quotes the article's opening paragraph under the title. An editor sends it back
when it is a joke or an aside ("Sorry, couldn't resist."), the writer's disclaimer ("I am by no
means a dermatologist"), the body of a heading shown without it ("Remueve sudor, grasa..." under
"Limpieza suave" has no subject), text cut off mid-sentence ("ohne Glitzer …"), a sentence
pointing at something said before ("Der Grund sind ...": the reason for what?), or one product's
claims ("The X Serum claims to brighten skin..."), or the writer speaking of themselves ("Today
I want to talk about one of my favorite serums"); a sentence pointing at the page ("In this
article, you'll learn ...") ends it. :func:`choose_lead` scores the paragraph on
these and gives the whole sentences to quote, or none and why; the review lists a lead left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tipqueue.posts.hooks import is_filler
from tipqueue.posts.ideas.promotion import brand_cues, practice_cues
from tipqueue.posts.ideas.references import opening_reference, page_reference

#: a lead this short is an aside, not what the article is about
MIN_WORDS = 6
#: a lead this long is a chapter, not an opening line: only its first sentences are quoted
MAX_CHARS = 600

_END = re.compile(r"[.!?。！？]['\"’”»)\]]*$")
_CUT = re.compile(r"(…|\.\.\.)['\"’”»)\]]*$")
_DISCLAIMER = re.compile(
    r"\bdisclaimer\b|\bby no means an?\b|\bnot an? (?:doctor|dermatologist|medical)|\bnot medical advice\b|"
    r"\baffiliate\b|\bsponsored\b|\bhaftungsausschluss\b|\bkeine? (?:ärztin|arzt|dermatolog)|"
    r"\bwerbung\b|\bno soy (?:médic|dermat)|\bje ne suis pas (?:médecin|dermato)|\bnon sono (?:medic|dermat)|"
    r"\bpublicidad\b|\bpublicité\b",
    re.I,
)
#: one product's promises: "claims to", "promises", a trademark sign
_CLAIMS = re.compile(
    r"\bclaims? to\b|\bpromises? to\b|[®™]|\bverspricht\b|\bversprechen\b|\bpromet\b|\bpromete\b|\bpromette\b",
    re.I,
)
#: "The reason is ..." / "Der Grund sind ...": a reason for something said before
_REASON = re.compile(
    r"^(?:the (?:reason|answer|cause)|der grund|die antwort|die ursache|la raison|la réponse|"
    r"la razón|la respuesta|il motivo|la risposta)\b",
    re.I,
)


#: a personal pronoun opening the lead stands for the title's subject ("Elles protègent ...",
#: "They are ...", "Sie schützen ..." is the reader: German "Sie" and impersonal "it's"/"il faut" stay)
_PRONOUN_START = re.compile(
    r"^[\"“„«'(]*(?:they|they're|they’re|she|he|elles|ils|elle|ellos|ellas|esse|essi|loro|chúng|nó)(?!\w)",
    re.I,
)


@dataclass(frozen=True)
class Lead:
    """What the cover quotes (``sentences``; empty when left out), and why it was left out."""

    sentences: tuple[str, ...]
    left_out: str | None = None

    @property
    def used(self) -> bool:
        return bool(self.sentences)


#: the writer speaking of themselves: first-person singular words, per shipped language
_FIRST_PERSON = re.compile(
    r"(?<!\w)(?:i|i'm|i’m|i've|i’ve|i'll|i’ll|i'd|i’d|my|me|mine|myself|ich|mein|meine|meinen|meinem|"
    r"meiner|mir|mich|je|j'|j’|moi|mon|ma|mes|yo|mis|conmigo|io|mio|mia|miei|mie|tôi)(?!\w)",
    re.I,
)
#: a lead where more than one word in this many is "I", "my", "ich" ... is about the writer
FIRST_PERSON_SHARE = 20


def _whole(sentences: Sequence[str], language: str) -> list[str]:
    """The leading sentences that end as sentences (a cut one and what follows it go), up to
    one that points at the page ("In this article, you'll learn ...": the reader is not on it)."""
    out: list[str] = []
    total = 0
    for sentence in sentences:
        flat = " ".join(sentence.split())
        if not flat or _CUT.search(flat) or not _END.search(flat):
            break
        if page_reference(flat, language):
            break
        if out and total + len(flat) > MAX_CHARS:
            break
        out.append(flat)
        total += len(flat) + 1
    return out


def choose_lead(sentences: Sequence[str], language: str, heading: str | None = None) -> Lead:
    """The cover's lead from the opening paragraph's ``sentences`` (``heading``: the heading it
    stands under, if any), or no lead and why."""
    if not sentences:
        return Lead(())
    first = " ".join(sentences[0].split())
    if heading:
        return Lead((), f"it is the text under the heading “{heading}”, which the cover does not show")
    whole = _whole(sentences, language)
    if not whole:
        if page_reference(first, language):
            return Lead((), "it points at the article, which the reader of the post is not on")
        return Lead((), "it stops mid-sentence")
    text = " ".join(whole)
    if len(first.split()) < MIN_WORDS or is_filler(first):
        return Lead((), "it opens with an aside, not with what the article is about")
    if _DISCLAIMER.search(text):
        return Lead((), "it is the writer's disclaimer")
    words = len(text.split())
    if len(_FIRST_PERSON.findall(text)) * FIRST_PERSON_SHARE > words:
        return Lead((), "it is about the writer, in their own voice")
    if _CLAIMS.search(text):
        return Lead((), "it repeats one product's claims")
    brand = brand_cues(text, language)
    if brand:
        return Lead((), f"it names another brand's product ({brand[0]})")
    practice = practice_cues(text)
    if practice:
        return Lead((), f"it names another practice, brand founder or publication ({practice[0]})")
    # nothing comes before the opening paragraph: "These tips ..." points at the article itself,
    # but a reason or a discourse marker ("However, ...") answers something that is not there
    ref = opening_reference(first, language)
    if _REASON.match(first) or (ref is not None and ref.kind == "marker"):
        return Lead((), "its first sentence answers something the cover does not say")
    if _PRONOUN_START.match(first):
        return Lead(
            (), "it opens with a pronoun standing for the title (“They …”), which reads as a new subject"
        )
    return Lead(tuple(whole))
