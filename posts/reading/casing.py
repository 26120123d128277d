"""Headings and questions written in CAPITALS, put in sentence case the way the article writes.

"WHAT IS THE BEST SPF FOR OILY SKIN?" shouts as a hook, a title card or a footer; an editor
writes "What is the best SPF for oily skin?". Each word takes the form the article itself uses
most often where it does not shout and not at a sentence's start ("Haut" in German, "SPF",
"LED", "Vitamin C"); a word the article writes nowhere else keeps its capitals when it is a
known acronym of the trade (SPF, UV, LED, LSF, FPS ...), and is otherwise lower case, except in
German, where a word without a verb's or an adjective's ending ("-en", "-t", "-lich", "-ig" ...)
is taken for a noun and keeps its capital ("Winter", "Sonnenschutz").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

#: acronyms of the trade, any shipped language (kept in capitals)
ACRONYMS = frozenset(
    [
        "SPF",
        "UV",
        "UVA",
        "UVB",
        "UVC",
        "LED",
        "LSF",
        "FPS",
        "IP",
        "IPL",
        "AHA",
        "BHA",
        "PHA",
        "DNA",
        "ADN",
        "FDA",
        "BPO",
        "OTC",
        "PDT",
        "RF",
        "HA",
        "PRP",
        "IR",
        "NMF",
        "TEWL",
        "CO2",
        "DIY",
        "FAQ",
        "EU",
        "USA",
        "UK",
        "USP",
        "INCI",
        "NAD",
        "CBD",
        "BB",
        "CC",
    ]
)
#: German words that are written in lower case however they stand (articles, pronouns, particles)
_DE_LOWER = frozenset(
    [
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einen",
        "einem",
        "einer",
        "eines",
        "und",
        "oder",
        "aber",
        "mit",
        "für",
        "auf",
        "in",
        "im",
        "an",
        "am",
        "zu",
        "zum",
        "zur",
        "von",
        "vom",
        "bei",
        "nach",
        "aus",
        "über",
        "unter",
        "vor",
        "wie",
        "was",
        "wann",
        "warum",
        "wo",
        "welche",
        "welcher",
        "welches",
        "ich",
        "du",
        "er",
        "sie",
        "es",
        "wir",
        "ihr",
        "man",
        "mich",
        "dich",
        "sich",
        "uns",
        "euch",
        "mein",
        "meine",
        "dein",
        "deine",
        "sein",
        "seine",
        "ihre",
        "ist",
        "sind",
        "hat",
        "haben",
        "kann",
        "können",
        "soll",
        "sollte",
        "muss",
        "müssen",
        "wird",
        "werden",
        "nicht",
        "auch",
        "noch",
        "nur",
        "sehr",
        "so",
        "oft",
        "gut",
        "richtig",
        "wirklich",
        "immer",
    ]
)
#: endings of German verbs and adjectives: an unknown word ending otherwise is taken for a noun
_DE_NOT_NOUN_END = re.compile(r"(?:en|st|t|e|ig|lich|isch|bar|sam|haft|los|ern|eln|es|em)$")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
#: a sentence's first word (its capital says nothing about the word)
_STARTS = re.compile(r"(?:^|[.!?…:]\s+|\n)[\"“„«(¿¡]*([^\W\d_][\w'’-]*)")
_END = re.compile(r"\s*[.!?…:]")
MIN_LETTERS = 8


def shouting(text: str) -> bool:
    """True for text of two words or more written all in capitals ("WHAT IS SPF?")."""
    if text != text.upper() or len(text) < MIN_LETTERS:
        return False  # a lower-case letter (the common case, decided in C)
    letters = [c for c in text if c.isalpha()]
    if len(letters) < MIN_LETTERS or any(c.islower() for c in letters):
        return False
    return len(_WORD.findall(text)) >= 2


def word_forms(texts: Iterable[str]) -> dict[str, str]:
    """Each word's most frequent form in ``texts`` (case-folded -> as written), leaving out shouted
    text and words at a sentence's start."""
    counts: dict[str, Counter[str]] = {}
    for text in texts:
        if shouting(text):
            continue
        starts = {m.start(1) for m in _STARTS.finditer(text)}
        for m in _WORD.finditer(text):
            if m.start() in starts:
                continue
            word = m.group(0)
            counts.setdefault(word.casefold(), Counter())[word] += 1
    return {key: forms.most_common(1)[0][0] for key, forms in counts.items()}


def sentence_case(text: str, language: str, forms: dict[str, str] | None = None) -> str:
    """``text`` in sentence case when it shouts (else unchanged); ``forms`` from :func:`word_forms`."""
    if not shouting(text):
        return text
    forms = forms or {}
    out: list[str] = []
    pos = 0
    first = True
    for m in _WORD.finditer(text):
        word = m.group(0)
        out.append(text[pos : m.start()])
        pos = m.end()
        out.append(_cased(word, language, forms, first))
        first = False
        if _END.match(text, m.end()):
            first = True
    out.append(text[pos:])
    return "".join(out)


def _cased(word: str, language: str, forms: dict[str, str], first: bool) -> str:
    key = word.casefold()
    known = forms.get(key)
    if word in ACRONYMS:
        form = word
    elif known is not None:
        form = known
    elif (language == "en" and key in ("i", "i'm", "i’m", "i've", "i’ve", "i'll", "i’ll", "i'd", "i’d")) or (
        language == "de" and key not in _DE_LOWER and len(key) > 3 and not _DE_NOT_NOUN_END.search(key)
    ):
        form = word[:1] + word[1:].lower()
    else:
        form = word.lower()
    if first and form[:1].islower():
        form = form[:1].upper() + form[1:]
    return form
