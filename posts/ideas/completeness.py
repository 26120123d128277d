"""Ideas that are not whole: text cut off where the page was saved, a question left unanswered,
a glossary entry, a table flattened into a run of words, a routine's steps counted but not given
("This four-step skincare routine should be done twice per day." over the steps' own sections).

Saved pages often end a teaser or a paragraph with "…" where the rest of the text was cut
("to protect the skin and …", "wird die …"). Such a sentence is incomplete: :func:`cut_sentence`
finds it. :func:`trim_cut` drops a cut last sentence when the rest of the idea stands alone;
:func:`not_whole` says why an idea cannot be a tip as it is.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

from tipqueue.posts.ideas.units import COUNT_WORDS, Idea

#: An ellipsis after a space at the end ("and …"), or one run into the next word ("…is a good").
_CUT_END = re.compile(r"\s(?:…|\.\.\.)[\"'”’“»«)\]]*\s*$")
_CUT_INSIDE = re.compile(r"\w\s(?:…|\.\.\.)[a-zà-ÿ]")
_ENDS = re.compile(r"[.!?:;…。！？][\s\"'”’“„»«)\]]*$")
#: "Haut: Die Haut ist ...": a term, a colon and its definition naming the term again.
_GLOSSARY = re.compile(
    r"^([\w-]+(?: [\w-]+)?):\s+(?:(?:the|a|an|die|der|das|le|la|les|l'|el|los|las|il|lo|gli)\s+)?\1\b", re.I
)
#: Words a sentence cannot end on (articles, prepositions, conjunctions), per language.
_NEEDS_MORE = frozenset(
    [
        "a",
        "an",
        "the",
        "to",
        "of",
        "and",
        "or",
        "with",
        "for",
        "in",
        "on",
        "at",
        "by",
        "from",
        "as",
        "that",
        "which",
        "your",
        "their",
        "its",
        "is",
        "are",
        "be",
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einen",
        "und",
        "oder",
        "mit",
        "zu",
        "von",
        "für",
        "auf",
        "in",
        "im",
        "ist",
        "sind",
        "noch",
        "le",
        "la",
        "les",
        "un",
        "une",
        "des",
        "de",
        "du",
        "et",
        "ou",
        "avec",
        "pour",
        "dans",
        "sur",
        "à",
        "au",
        "est",
        "sont",
        "el",
        "los",
        "las",
        "una",
        "y",
        "o",
        "con",
        "para",
        "en",
        "por",
        "es",
        "son",
        "del",
        "al",
        "il",
        "lo",
        "gli",
        "uno",
        "e",
        "con",
        "per",
        "nel",
        "della",
        "di",
        "che",
        "è",
        "và",
        "của",
        "với",
        "cho",
        "là",
        "các",
        "những",
    ]
)
_CAPITALISED = re.compile(r"(?:^|(?<=\s))[A-ZÀ-ÖØ-Þ]")
#: Idea kinds whose last sentence ends a run of prose (list items are fragments by design).
_PROSE = frozenset(["paragraph", "section", "pair", "qa", "quote"])


def cut_sentence(sentence: str) -> bool:
    """True when ``sentence`` stops where the page was cut."""
    if "…" not in sentence and "..." not in sentence:
        return False
    return bool(_CUT_END.search(sentence) or _CUT_INSIDE.search(sentence))


def _open_end(idea: Idea) -> bool:
    """The idea's prose ends without a sentence end where the page was cut: on a word that needs
    more ("which may prompt you to", "und die") or a comma, or after sentences that do end.
    A text written in fragments ("Why it matters: removes oil without stripping skin") is not cut.
    """
    if idea.kind not in _PROSE or idea.items or len(idea.sentences) <= idea.title_card:
        return False
    last = idea.sentences[-1].strip()
    if len(last.split()) < 8 or _ENDS.search(last):
        return False
    if last.endswith(",") or fold_word(last.split()[-1]) in _NEEDS_MORE:
        return True
    body = idea.sentences[idea.title_card : -1]
    return bool(body) and all(_ENDS.search(s.strip()) for s in body)


def _run_together(idea: Idea) -> bool:
    """Two sentences of the idea's prose run together where the saved page lost text: one stops
    on a word with no sentence end and the next starts anew ("molecules that draw moisture" /
    "Besides pulling moisture in ...", "which may prompt you to" / "In layman's terms: ...")."""
    if idea.kind not in _PROSE or idea.items:
        return False
    body = idea.sentences[idea.title_card :]
    for sentence, following in pairwise(body):
        text = sentence.rstrip()
        if (
            text[-1:].islower()
            and following[:1].isupper()
            and len(text.split()) >= 6
            and not _ENDS.search(text)
        ):
            return True
    return False


#: a heading is this short at most
_HEADING_WORDS = 10


def _bare_heading(idea: Idea) -> bool:
    """The idea is one short line with no sentence end, a heading whose text is not in it
    ("Idratazione e nutrimento: i must have dell'inverno")."""
    if idea.items or len(idea.sentences) != 1:
        return False
    line = idea.sentences[0].strip()
    return 0 < len(line.split()) <= _HEADING_WORDS and not _ENDS.search(line)


def fold_word(word: str) -> str:
    return word.strip("\"'”’“„»«)(").lower()


def trim_cut(idea: Idea) -> tuple[Idea, str | None]:
    """The idea without its cut last sentence when the rest stands alone, and that sentence."""
    if idea.kind not in _PROSE or idea.items or len(idea.sentences) - idea.title_card < 2:
        return idea, None
    last = idea.sentences[-1]
    if not (cut_sentence(last) or _open_end(idea)):
        return idea, None
    rest = idea.sentences[:-1]
    if any(cut_sentence(s) for s in rest):
        return idea, None
    return replace(idea, sentences=rest), last


def _flattened_table(text: str, language: str) -> bool:
    if len(text) < 70 or language == "de" or "," in text:
        # (a table's cells run together with spaces; a long prose sentence has commas)
        return False
    words = text.count(" ") + 1
    if words < 14:
        return False
    capital = len(_CAPITALISED.findall(text))
    return capital / words > 0.55 and not text.isupper()


#: A routine's steps counted as the thing the sentence speaks of ("This four-step skincare
#: routine", "these 5 steps", "diese drei Schritte", "cette routine en 4 étapes", "estos tres
#: pasos", "questi 3 passaggi", "4 bước này"): the steps themselves are elsewhere.
_COUNTED_STEPS = {
    "en": r"\b(?:this|these|the following) (?P<n>{n})[- ](?:steps?|stages?|phases?)\b",
    "de": r"\b(?:diese[nrs]?|die folgenden|folgende[n]?) (?P<n>{n})[- ]schritte?",
    "fr": r"\bces (?P<n>{n}) (?:étapes|gestes)\b|\bles (?P<k>{n}) (?:étapes|gestes) suivant(?:e|es|s)?\b"
    r"|\bcette routine en (?P<m>{n}) étapes\b",
    "es": r"\b(?:estos|estas) (?P<n>{n}) (?:pasos|etapas)\b|\besta rutina de (?P<m>{n}) pasos\b",
    "it": r"\b(?:questi|queste) (?P<n>{n}) (?:passi|passaggi|step|fasi)\b"
    r"|\bquesta routine in (?P<m>{n}) (?:passi|passaggi|step|fasi)\b",
    "vi": r"(?:\b|^)(?P<n>{n}) bước (?:này|sau)\b",
}


def counted_steps(sentence: str, language: str) -> int | None:
    """How many steps ``sentence`` speaks of as a routine given elsewhere ("This four-step
    skincare routine should be done twice per day." -> 4), or None."""
    words = COUNT_WORDS.get(language, COUNT_WORDS["en"]).split()
    pattern = _COUNTED_STEPS.get(language, _COUNTED_STEPS["en"]).format(n="|".join([r"\d{1,2}", *words]))
    match = re.search(pattern, sentence.replace("’", "'").lower())
    if match is None:
        return None
    raw = next(v for v in match.groupdict().values() if v)
    number = int(raw) if raw.isdigit() else words.index(raw) + 2
    return number if number >= 2 else None


def steps_not_given(idea: Idea, language: str) -> int | None:
    """The count of steps an idea's first sentence speaks of when the idea does not hold them (a
    paragraph, or a list with fewer items): posted alone, it promises steps the post lacks."""
    if not idea.sentences:
        return None
    number = counted_steps(idea.sentences[0], language)
    if number is None or len(idea.items) >= number:
        return None
    return number


def not_whole(idea: Idea, language: str) -> str | None:
    """Why the idea is not a whole tip (cut off, unanswered, glossary, table), or None."""
    body = idea.sentences[idea.title_card :] or idea.sentences
    if any(cut_sentence(s) for s in idea.sentences):
        return "text is cut off"
    if any(_flattened_table(s, language) for s in idea.sentences):
        return "a table flattened into a run of words"
    if _open_end(idea):
        return "text is cut off"
    if _run_together(idea):
        return "text is cut off: two sentences run together"
    if _bare_heading(idea):
        return "a heading with no text under it"
    if all(s.rstrip().rstrip("\"'”’»)").endswith(("?", "？")) for s in body):
        return "a question with no answer"
    if len(body) == 1 and _GLOSSARY.match(body[0].strip()):
        return "a glossary entry, not a tip"
    steps = steps_not_given(idea, language)
    if steps is not None:
        return f"speaks of {steps} steps it does not give"
    return None
