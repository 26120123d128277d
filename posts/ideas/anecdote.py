"""Personal stories and reviews: what the author did, bought, felt or was told, not the reader's advice.

The scoring in :mod:`.selection` already counts first-person narrative (:data:`.lexicon.ANECDOTE`).
This table adds, per language, what marks a post a clinic would not publish in its own voice:

* a first-person product story or review ("I started using", "my skin felt", "ich verwende");
* a visit told as an experience ("fühlte ich mich", "waren für mich die Highlights");
* family anecdotes ("my aunt", "meine Mutter");
* an opinion given as the author's ("meiner Meinung nach", "à mon avis", "secondo me");
* advice sourced to a search or to hearsay ("a quick Google search told me");
* an interview about someone's job ("Was macht dir an deinem Job ...").

Phrases are matched on lower-cased text with apostrophes folded to ``'`` (as the lexicon does).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from tipqueue.posts.ideas.lexicon import all_in, register_tables

PERSONAL: Mapping[str, tuple[str, ...]] = {
    "en": (
        "a quick google search",
        "google told me",
        "i read online",
        "i started using",
        "i've started using",
        "i had a bad experience",
        "i haven't had",
        "i can tell that",
        "i'm already",
        "i opted",
        "i was fortunate",
        "i've been worried",
        "my aunt",
        "my uncle",
        "my grandma",
        "my grandmother",
        "my mom and i",
        "my mum and i",
        "thankfully, my",
        "in my opinion",
        "my experience",
        "i'm just a girl",
        "i am by no means",
        "i'm no expert",
        "i swear by",
        "i'm happy to report",
        "i personally",
        "personally, i",
        "my holy grail",
        "i use it",
        "i've been using",
        "i have been using",
        "what do you love about your job",
        "your job as",
        "interview with",
        "questions for the founder",
        "q&a with",
    ),
    "de": (
        "meiner meinung nach",
        "meine meinung",
        "ich finde",
        "ich verwende",
        "ich benutze",
        "ich nutze",
        "ich entspanne",
        "ich trinke",
        "ich kannte",
        "ich muss gestehen",
        "ich muss ehrlich",
        "ich habe",
        "fühlte ich mich",
        "für mich die",
        "waren für mich",
        "mein persönliches",
        "meine mutter",
        "meine oma",
        "meine tante",
        "ich zum beispiel",
        "naja ich",
        "ich zumindest",
        "ich persönlich",
        "an deinem job",
        "dein alltag",
        "fragen an die gründerin",
        "fragen an den gründer",
        "interview mit",
        "im gespräch mit",
        "deinen alltag",
        "du bist gründerin",
        "du bist inhaberin",
        "meine kunden",
        "bei mir",
    ),
    "fr": (
        "à mon avis",
        "selon moi",
        "personnellement",
        "j'utilise",
        "j'ai testé",
        "j'ai essayé",
        "je me suis sentie",
        "ma mère",
        "ma grand-mère",
        "ma tante",
        "mon expérience",
        "ton métier",
        "entretien avec",
    ),
    "es": (
        "en mi opinión",
        "para mí",
        "personalmente",
        "yo uso",
        "he probado",
        "me sentí",
        "mi madre",
        "mi abuela",
        "mi tía",
        "mi experiencia",
        "tu trabajo",
        "entrevista con",
        "entrevista a",
    ),
    "it": (
        "secondo me",
        "a mio parere",
        "personalmente",
        "io uso",
        "ho provato",
        "mi sono sentita",
        "mia madre",
        "mia nonna",
        "mia zia",
        "la mia esperienza",
        "il tuo lavoro",
        "intervista a",
        "intervista con",
    ),
    "vi": (
        "theo mình",
        "theo ý kiến của mình",
        "cá nhân mình",
        "mình dùng",
        "mình đã thử",
        "mẹ mình",
        "bà mình",
        "trải nghiệm của mình",
        "công việc của bạn",
        "phỏng vấn",
    ),
}
register_tables(PERSONAL)


def personal_cues(folded: str, language: str) -> list[str]:
    """The personal-story phrases in ``folded`` (lower-cased, apostrophes folded), in order."""
    return all_in(folded, PERSONAL, language)


@lru_cache(maxsize=1024)
def heading_cues(folded_heading: str, language: str) -> tuple[str, ...]:
    """The same for a section heading ("Fragen an die Gründerin ...": every answer is an
    interview), read once per heading."""
    return tuple(personal_cues(folded_heading, language))


#: the writer's usage diary: "Week 2: ...", "Tag 3 –", "After two weeks, my skin ...", any shipped language
_DIARY_DAY = re.compile(
    r"(?:^|[.!?]\s)(?:week|day|month|woche|tag|monat|semaine|jour|mois|semana|día|dia|mes|settimana|giorno|mese|"
    r"tuần|ngày|tháng)\s?\d{1,2}\s*[:.–—-]"
)
_DIARY_AFTER = re.compile(
    r"\b(?:after|nach|au bout d[e']\s?|après|después de|tras|dopo|sau)\s?(?:\w+\s)?(?:weeks?|days?|months?|"
    r"wochen|tagen|monaten|semaines|jours|mois|semanas|días|meses|settimane|giorni|mesi|tuần|ngày|tháng)"
    r"(?: of (?:using it|use|testing))?,?\s(?:[^\W\d_]+\s)?(?:i|my|ich|meine?|mir|j'ai|je|ma|mon|mes|mi|he|ho|la mia|il mio|mình|tôi)\b"
)
_DIGIT = re.compile(r"\d")
_AFTER_WORDS = ("after", "nach", "bout", "après", "después", "tras", "dopo", "sau")
#: one of these before a unit of time ("after two weeks"), the cheap test before :data:`_DIARY_AFTER`
_AFTER = re.compile(
    r"\b(?:after|nach|au bout|après|después|tras|dopo|sau)\s(?:\w+\s){0,2}(?:week|day|month|woche|tag|monat|semaine|jour|mois|semana|día|mes|settiman|giorn|mes|tuần|ngày|tháng)"
)


def diary_cues(folded: str) -> list[str]:
    """The marks of the writer's usage diary in ``folded`` (lower-cased): a day or week count
    opening a line ("week 2:") or a time of use followed by the writer ("after two weeks, my skin")."""
    cues = [m.group(0).lstrip(".!? ") for m in _DIARY_DAY.finditer(folded)] if _DIGIT.search(folded) else []
    if any(h in folded for h in _AFTER_WORDS) and _AFTER.search(folded):
        cues += [m.group(0) for m in _DIARY_AFTER.finditer(folded)]
    return cues


#: a headline in the writer's own voice saying she tried or tested something: a review of what she
#: used ("I tried a relatively affordable LED face mask", "Ich habe ... getestet", "J'ai testé ...")
_TRIED = re.compile(
    r"^(?:i|i've|i'm|ich|j'ai|yo|io|tôi|mình)\b.{0,40}?\b(?:tried|tested|reviewed|to the test|"
    r"getestet|ausprobiert|probiert|testé|essayé|probé|probado|testeado|provato|testato|dùng thử|thử)\b"
)
#: the article's dropped headline in the writer's own voice (see :mod:`posts.reading.build`)
OWN_VOICE_TITLE = "in the writer's own voice"


def product_review(headlines: list[str]) -> str | None:
    """The headline (of those given: the article's own, dropped for speaking in the writer's voice)
    that says the writer tried or tested one thing, or None: such an article is her review, and
    nothing in it is the clinic's advice."""
    for headline in headlines:
        folded = headline.lower().replace("’", "'")
        if _TRIED.search(folded):
            return headline
    return None
