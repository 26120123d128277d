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
:func:`series_lead` also leaves out a lead listing a measure no tip of the series gives.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from tipqueue.posts.hooks import is_filler
from tipqueue.posts.ideas.elsewhere import practice_talk
from tipqueue.posts.ideas.promotion import brand_cues, practice_cues
from tipqueue.posts.ideas.references import opening_reference, page_reference
from tipqueue.posts.models import Article, Tip
from tipqueue.posts.reading.titles import promises_more, promises_whole, without_credit

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


#: a spoken filler ("Allora, come dire, ...", "Let's face it, ...", "Na ja, ..."): the writer
#: chatting to their readers, an opening a clinic's post does without
_CHATTY = re.compile(
    r"\b(?:how (?:shall|should|can) i put it|let['’]s face it|you know what|"
    r"come dire|diciamo (?:la verità|pure)|wie soll ich sagen|sagen wir mal|na ja|naja|"
    r"comment dire|disons-le|cómo decirlo|cómo te lo digo|pues bueno|nói sao nhỉ|nói thật là)\b",
    re.I,
)


#: a personal pronoun opening the lead stands for the title's subject ("Elles protègent ...",
#: "They are ...", "Sie schützen ..." is the reader: German "Sie" and impersonal "it's"/"il faut" stay)
_PRONOUN_START = re.compile(
    r"^[\"“„«'(]*(?:they|they're|they’re|she|he|elles|ils|elle|ellos|ellas|esse|essi|loro|chúng|nó)(?!\w)",
    re.I,
)


#: a sentence announcing what the article goes on to show ("Here's a simple guide to ...", "Wir
#: zeigen, wie du ..."): the cover's own line says what the series holds, and the article may
#: promise more than the series posts
_ANNOUNCES = re.compile(
    r"^(?:so,?\s+|and\s+|also\s+)?(?:here['’]s\b|here (?:is|are)\b|below(?:,|\s+(?:are|is|you)\b)|read on\b|keep reading\b|"
    r"we['’]ll (?:show|explain|walk|tell|look)|we (?:will )?(?:show|explain|walk you|tell you|look at)\b|"
    r"let['’]s (?:look|dive|take a look)|in this (?:guide|article|post)\b|this (?:guide|article|post) "
    r"(?:is|will|shows|explains|covers)\b|"
    r"wir (?:zeigen|verraten|erklären|sagen|nennen)\b|hier (?:erfahren|lesen|zeigen|verraten|sind|kommen)\b|im folgenden\b|"
    r"voici\b|nous (?:vous )?(?:expliquons|présentons|donnons|disons)\b|découvrez\b|"
    r"te (?:contamos|explicamos|damos|mostramos)\b|aquí te\b|descubre\b|"
    r"ecco\b|(?:vi|ti) (?:spieghiamo|diciamo|sveliamo)\b|scopri\b|"
    r"dưới đây\b|cùng tìm hiểu\b|hãy cùng\b)",
    re.I,
)
#: a past moment the article was written in ("im vergangenen Jahr", "das Corona-Jahr", "last
#: year", "in 2020"): a clinic's post outlives it
_DATED = re.compile(
    r"\b(?:last year|past year|this past (?:year|summer|winter)|during the pandemic|pandemic|lockdowns?|"
    r"covid(?:-19)?|corona(?:-jahr|virus|-pandemie|krise)?|im (?:vergangenen|letzten) jahr|letztes jahr|"
    r"l['’]année (?:dernière|passée)|l['’]an dernier|confinement|el año pasado|la pandemia|l['’]anno scorso|"
    r"năm ngoái|năm qua|dịch covid|(?:in|im|en|nel|năm) (?:19|20)\d\d|"
    # a news item's days: "sunshine expected this weekend"
    r"this (?:coming )?weekend|next weekend|this week|next week|tomorrow|dieses wochenende|diese woche|"
    r"ce week-end|cette semaine|este fin de semana|esta semana|questo fine settimana|questa settimana|"
    r"cuối tuần này|tuần này)\b",
    re.I,
)
#: a business that is not a clinic speaking as "we" ("We get a lot of queries in the pharmacy",
#: "En la farmacia siempre recomendamos"): a clinic's cover does not speak as a pharmacy or a shop
#: (its own "we" in "our clinic" is the clinic's, and stays)
_BUSINESS = (
    r"(?:pharmacy|pharmacist|chemist|salon|spa|shop|store|apotheke|drogerie|pharmacie|pharmacien|"
    r"parapharmacie|farmacia|farmacéutic[oa]|parafarmacia|farmacist[ai]|nhà thuốc|hiệu thuốc)"
)
_BUSINESS_VOICE = re.compile(
    rf"\b(?:we|we['’](?:re|ve)|our|us|wir|unsere?[mnrs]?|nous|notre|nos|nosotr[oa]s|nuestr[oa]s?|noi|nostr[aoie]|"
    rf"chúng tôi)\b[^.!?]{{0,80}}\b{_BUSINESS}\b|\b{_BUSINESS}\b[^.!?]{{0,40}}\b(?:we|wir|nous|chúng tôi|"
    rf"\w+(?:amos|emos|imos|iamo))\b",
    re.I,
)
_EXPERT_ROLE = (
    r"(?i:dermatologist|dermatologue|dermatolog[oa]|dermatólog[oa]|dermatolog(?:e|in)|hautärztin|hautarzt|"
    r"doctor|physician|médecin|medic[oa]|médic[oa]|ärztin|arzt|bác sĩ|chuyên gia|surgeon|chirurgien)"
)
#: another practice's doctor, named: "says New York dermatologist Charlotte Birnbaum, MD",
#: "Dominique Tennstedt, dermatologue, ...", "laut Dr. Hartmann", "BSCKII Da Liễu Nguyễn ...";
#: or one outside doctor quoted: "according to one dermatologist"
_NAME = r"[A-ZÀ-ÖØ-ÞĐ][\w’'-]+"
_OUTSIDE_DOCTOR = re.compile(
    rf"{_EXPERT_ROLE},?\s+{_NAME}\s+{_NAME}|{_NAME}\s+{_NAME},\s+(?:(?:la|le|el|die|der|il)\s+)?{_EXPERT_ROLE}\b|"
    r"\b(?i:according to|says|said)\s+(?i:one|a|an)\s+" + _EXPERT_ROLE + r"\b"
)
_TITLED = re.compile(
    r"(?<![\w.])(?:Dr\.?|Dra\.?|Dott\.?(?:ssa)?|Dottor|Dottoressa|Doctora?|Doktor|Prof\.|Professor(?:in)?|"
    r"Professeur|Pr\.|BSCKI{1,2}|BS\.|ThS\.|PGS\.)\s+(?:med\.\s+)?[A-ZÀ-ÖØ-ÞĐ][\w’'-]+(?:\s+[A-ZÀ-ÖØ-ÞĐ][\w’'-]+){0,2}|"
    r"[A-Z][\w’'-]+,\s*(?:MD|M\.D\.|DO|PhD|FAAD)\b"
)


def outside_doctor(text: str) -> str | None:
    """The words of ``text`` that name another practice's doctor (or quote one outside doctor), or
    None: the cover speaks in the clinic's own voice."""
    m = _TITLED.search(text) or _OUTSIDE_DOCTOR.search(text)
    return m[0] if m else None


def _capital(sentence: str) -> str:
    """A sentence in a brand's lower case ("retinol is ...") with a capital first letter; "pH",
    "iPhone" and any other word with a capital inside stay as they are."""
    first = sentence.split(maxsplit=1)[0] if sentence.strip() else ""
    if not first[:1].islower() or any(ch.isupper() for ch in first):
        return sentence
    return sentence[:1].upper() + sentence[1:]


@dataclass(frozen=True)
class Lead:
    """What the cover quotes (``sentences``; empty when left out), and why it was left out."""

    sentences: tuple[str, ...]
    left_out: str | None = None
    #: why the paragraph's first sentence is not quoted while the rest is (None: it is)
    first_left_out: str | None = None

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
        if page_reference(flat, language) or (out and _ANNOUNCES.match(flat)):
            break
        if out and total + len(flat) > MAX_CHARS:
            break
        out.append(_capital(flat))
        total += len(flat) + 1
    return out


def _business(words: str) -> str:
    return f"it speaks as a business that is not the clinic (“{words}”)"


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
    voice = _BUSINESS_VOICE.search(first)
    if voice and len(whole) > 1:
        # "We get a lot of queries in the pharmacy about eczema. Eczema is ...": the rest introduces
        rest = choose_lead(sentences[1:], language)
        if rest.used:
            return Lead(rest.sentences, first_left_out=_business(voice[0]))
    text = " ".join(whole)
    voice = _BUSINESS_VOICE.search(text)
    if voice:
        return Lead((), _business(voice[0]))
    if len(first.split()) < MIN_WORDS or is_filler(first):
        return Lead((), "it opens with an aside, not with what the article is about")
    if _DISCLAIMER.search(text):
        return Lead((), "it is the writer's disclaimer")
    words = len(text.split())
    if len(_FIRST_PERSON.findall(text)) * FIRST_PERSON_SHARE > words:
        return Lead((), "it is about the writer, in their own voice")
    chatty = _CHATTY.search(text)
    if chatty:
        return Lead(
            (),
            f"it is the writer chatting to their readers (“{chatty[0]}”), not an introduction to the advice",
        )
    if _CLAIMS.search(text):
        return Lead((), "it repeats one product's claims")
    brand = brand_cues(text, language)
    if brand:
        return Lead((), f"it names another brand's product ({brand[0]})")
    dated = _DATED.search(text)
    if dated:
        return Lead(
            (), f"it is tied to the moment the article was written ({dated[0]}), which the post outlives"
        )
    doctor = outside_doctor(text)
    if doctor:
        return Lead((), f"it quotes another practice's doctor ({doctor})")
    talk = practice_talk(text, language)
    if talk:
        return Lead(
            (), f"it is a doctor telling of her own practice (“{talk}”), which the clinic's cover is not"
        )
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


def title_promises_more(article: Article, tips: Sequence[Tip]) -> bool:
    """True when the article's own title promises more than the series' ``tips`` hold (see
    :func:`tipqueue.posts.reading.titles.promises_more`)."""
    if article.title_source == "topic":
        return False
    kept, _ = without_credit(article.title)
    headings = [sec.heading for sec in article.sections]
    return kept is not None and promises_more(kept, headings, [(tip.section, tip.text) for tip in tips])


#: what joins the last measure of a list to the one before, per shipped language
_AND = r"(?:and|or|und|oder|et|ou|y|o|e|và|hoặc)"
#: what a list of measures is for ("... và ăn nhiều rau quả để giảm khô sạm", "... and sleep
#: to calm the skin"): after it, the list is what to do, not a list of causes or symptoms
_PURPOSE = re.compile(
    r"\s(?:to|for|um|gegen|damit|pour|afin de|para|per|để|giúp|nhằm)\s",
    re.I,
)
#: a list of measures: three or more short items, the last after "and"
_ITEMS = re.compile(rf"^(?:[^,:;]+,\s*){{2,}}(?:{_AND}\s|[^,:;]+?\s{_AND}\s)[^,:;]+$", re.I)
#: words too common to say what a measure is
_SMALL = frozenset(
    [
        "the",
        "and",
        "with",
        "your",
        "more",
        "less",
        "every",
        "often",
        "regular",
        "regularly",
        "daily",
        "enough",
        "good",
        "right",
        "mehr",
        "weniger",
        "täglich",
        "regelmäßig",
        "genug",
        "viel",
        "viele",
        "richtig",
        "immer",
        "plus",
        "moins",
        "tous",
        "toutes",
        "bien",
        "assez",
        "souvent",
        "régulièrement",
        "más",
        "menos",
        "todos",
        "todas",
        "bastante",
        "siempre",
        "più",
        "meno",
        "tutti",
        "tutte",
        "bene",
        "spesso",
        "sempre",
        "nhiều",
        "thường",
        "xuyên",
        "đủ",
        "đúng",
        "cách",
        "mỗi",
        "ngày",
        "luôn",
    ]
)
#: at most this many words in one measure of the list (Vietnamese writes a word in syllables)
_ITEM_WORDS = 6


def _measures(sentence: str) -> list[str]:
    """The measures a lead sentence lists before what they are for ("Dưỡng ẩm thường xuyên, chống
    nắng, ngủ đủ giấc và ăn nhiều rau quả để giảm khô sạm ..."), or none."""
    m = _PURPOSE.search(sentence)
    if m is None:
        return []
    listed = sentence[: m.start()].split(":")[-1].strip()
    if not _ITEMS.match(listed):
        return []
    *first, last = (part.strip() for part in listed.split(","))
    # "..., and sleep": the Oxford comma before the last one
    items = [*first, *re.split(rf"(?:^|\s){_AND}\s", last, maxsplit=1, flags=re.I)]
    items = [item.strip() for item in items if item.strip()]
    if len(items) < 3 or any(len(item.split()) > _ITEM_WORDS for item in items):
        return []
    return items


def _carried(item: str, words: set[str], pairs: set[tuple[str, str]], language: str) -> bool:
    """True when the series says something of the measure ``item``: one of its words (its first
    five letters: "protect" for "protection"), or in Vietnamese two of its syllables together."""
    tokens = [t for t in re.findall(r"\w+", item.casefold()) if t not in _SMALL]
    if language == "vi":
        together = list(pairwise(tokens))
        return not together or any(pair in pairs for pair in together)
    stems = [t[:5] for t in tokens if len(t) >= 4]
    return not stems or any(any(w.startswith(stem) for w in words) for stem in stems)


def missing_measure(sentences: Sequence[str], tips: Sequence[Tip], language: str) -> str | None:
    """A measure the lead lists that no tip of the series speaks of ("ngủ đủ giấc" over posts on
    moisturising, exfoliation and sunscreen), or None: the cover would promise advice the series
    does not give."""
    said = " ".join(" ".join(filter(None, (tip.section, tip.context, tip.text))) for tip in tips).casefold()
    tokens = re.findall(r"\w+", said)
    words, pairs = set(tokens), set(pairwise(tokens))
    for sentence in sentences:
        for item in _measures(sentence):
            if not _carried(item, words, pairs, language):
                return item
    return None


def series_lead(article: Article, lead: Sequence[Tip], tips: Sequence[Tip]) -> Lead:
    """The cover's lead (:func:`choose_lead`), left out when it makes the promise of a routine or
    plan that the title made and the series does not keep ("the right routine can calm
    breakouts ... and heal scars" over one step of it), or when it lists a measure no tip gives
    (:func:`missing_measure`)."""
    if not lead:
        return Lead(())
    chosen = choose_lead(lead[0].sentences, article.language, lead[0].section)
    missing = missing_measure(chosen.sentences, tips, article.language) if chosen.used else None
    if missing is not None:
        return Lead((), f"it lists a measure (“{missing}”) that no post of the series gives")
    if chosen.used and promises_whole(" ".join(chosen.sentences)) and title_promises_more(article, tips):
        return Lead(
            (), "it promises the whole routine or plan of the article, which the series does not give"
        )
    return chosen
