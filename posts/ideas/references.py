"""Does a piece of text stand on its own, or does it point back at something said before?

:func:`find_reference` reads the first sentence of an idea (and the whole idea for references
to the page) and says what it leans on:

* ``pointer`` — a pronoun or demonstrative at the start, contractions included ("These sound
  great", "They're both forms of vitamin C", "That's why", "Dadurch", "Ils", "Esto", "Questi",
  "Điều này"), or among the first words ("I've had patients use them");
* ``marker`` — a discourse marker that continues an argument ("For example,", "To be fair,",
  "Well,", "Zum Beispiel", "Par exemple", "Sin embargo", "Tuttavia", "Tuy nhiên");
* ``definite`` — a definite reference to something named just before ("The product ..." after a
  paragraph naming a product);
* ``page`` — the page, its images or a link the post will not have ("as you can see above",
  "here's one I use", "ci-dessus", "en la foto").

Word lists per language live in :mod:`.lexicon`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from tipqueue.posts.ideas.lexicon import DEFINITE, EARLY_POINTERS, MARKERS, PAGE, POINTERS, first_in, phrases

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


@dataclass(frozen=True)
class Reference:
    """What a piece of text points back at."""

    #: "pointer", "marker", "definite" or "page"
    kind: str
    #: the words that point back, as written ("They", "For example,", "as you can see above")
    words: str
    #: what they most likely refer to: the end of the text before, or the heading (or "the page")
    antecedent: str = ""

    def describe(self) -> str:
        what = {
            "pointer": "refers back",
            "marker": "continues earlier text",
            "definite": "names something from earlier",
            "page": "points at the page",
        }[self.kind]
        tail = f" (to: {self.antecedent})" if self.antecedent else ""
        return f"{what} with “{self.words}”{tail}"


def fold(text: str) -> str:
    """Lower case with typographic apostrophes made plain: what the word lists are matched on."""
    return text.replace("’", "'").replace("‘", "'").replace("`", "'").lower()


def words_of(text: str) -> list[str]:
    return _WORD.findall(fold(text))


@cache
def _openers(language: str) -> re.Pattern[str]:
    """Discourse markers and multi-word pointers at a text's start, as one pattern."""

    def alternative(phrase: str) -> str:
        return re.escape(phrase) + ("" if phrase[-1] in " ,:" else r"(?!\w)")

    markers = sorted(phrases(MARKERS, language), key=len, reverse=True)
    multi = sorted((p for p in phrases(POINTERS, language) if " " in p), key=len, reverse=True)
    return re.compile(
        "(?P<marker>"
        + "|".join(alternative(p) for p in markers)
        + ")|(?P<pointer>"
        + "|".join(alternative(p) for p in multi)
        + ")"
    )


def page_reference(text: str, language: str) -> str | None:
    """The words of ``text`` that point at the page, its images or a link, or None."""
    folded = fold(text)
    m = first_in(folded, PAGE, language)
    return text[m.start() : m.end()].strip(" :") if m else None


def opening_reference(sentence: str, language: str, before: str = "") -> Reference | None:
    """What the start of ``sentence`` leans on (``before``: the text just before it), or None."""
    folded = fold(sentence.strip()).lstrip("\"“”«»„'(¿¡-–— ")
    if not folded:
        return None
    m = _openers(language).match(folded)
    if m is not None:
        kind = "marker" if m.lastgroup == "marker" else "pointer"
        return Reference(kind, sentence.strip()[: len(m.group(0))].strip(), _tail(before))
    words = _WORD.findall(folded)
    if not words:
        return None
    pointers = phrases(POINTERS, language)
    if words[0] in pointers:
        return Reference("pointer", words[0], _tail(before))
    early = phrases(EARLY_POINTERS, language)
    hit = next((w for w in words[1:5] if w in early), None)
    if hit is None:  # "Good skincare products won't take away these lines", "If ..., bring them back"
        hit = next((w for w in words[5:9] if w in _DEMONSTRATIVES), None)
    if hit is not None:
        return Reference("pointer", hit, _tail(before))
    if before and words[0] in phrases(DEFINITE, language) and len(words) > 1:
        noun = _stem(words[1])
        if len(noun) > 3 and noun in {_stem(w) for w in words_of(before)[-60:]}:
            return Reference("definite", " ".join(sentence.split()[:2]), _tail(before))
    return None


def find_reference(
    sentences: tuple[str, ...] | list[str], language: str, before: str = ""
) -> Reference | None:
    """What an idea leans on: its opening, else any reference to the page anywhere in it."""
    if not sentences:
        return None
    words = page_reference(" ".join(sentences), language)
    if words:
        return Reference("page", words, "the page or its images")
    return opening_reference(sentences[0], language, before)


#: Demonstrative determiners that point back wherever they stand in an opening sentence.
_DEMONSTRATIVES = frozenset(
    [
        "these",
        "those",
        "them",
        "they",
        "diese",
        "dieser",
        "ces",
        "cette",
        "estos",
        "estas",
        "questi",
        "queste",
    ]
)


def _stem(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _tail(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return "…" + text[-limit:].split(" ", 1)[-1]
