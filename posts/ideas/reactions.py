"""Openings that lean on text outside the post without a pronoun in front.

The first-word lists of :mod:`.lexicon` catch "They ...", "However, ..." and "Dadurch ...". Three
kinds of sentence lean on the text around them in other words (word lists per language for en,
de, fr, es, it, vi; matched on text folded by :func:`.references.fold`):

* a **reaction** to what was just said ("If your mind is blown, ...", "Surprised?", "Überrascht?",
  "Vous êtes surpris ?"): the surprise is the earlier text's;
* a **teaser** of what follows ("It gets better.", "Es kommt noch besser.", a reaction with a
  few words after it: "If your mind is blown, just wait.", "How the little things do this is
  pretty mind-blowing, too."): it announces the next paragraph without saying it
  (:func:`.references.announces` reads it as an announcement);
* a **problem noun** standing for a condition named before ("Dr. X kennt die Problematik aus
  seinem Praxisalltag", "knows the problem well", "connaît bien le problème"): a definite or
  demonstrative "problem", "issue", "condition" after the sentence's first words, that says
  neither what it is ("das Problem ist ...", "the problem of dry skin") nor stands as the
  sentence's subject ("The problem is ...": it is said right there).
"""

from __future__ import annotations

import re
from functools import cache

#: Reactions to what was just said, at a sentence's start and set off by punctuation.
REACTIONS: dict[str, tuple[str, ...]] = {
    "en": (
        "if your mind is blown",
        "if your mind's blown",
        "if you're shocked",
        "if you're surprised",
        "if that surprises you",
        "if this surprises you",
        "mind blown",
        "mind = blown",
        "surprised?",
        "shocked?",
        "crazy, right",
        "wild, right",
        "i know, right",
        "sounds crazy",
        "sounds strange",
        "sounds weird",
        "sounds too good to be true",
        "who knew",
    ),
    "de": (
        "überrascht?",
        "erstaunt?",
        "verblüfft?",
        "wenn ihr jetzt staunt",
        "wenn du jetzt staunst",
        "wenn sie jetzt staunen",
        "klingt verrückt",
        "klingt seltsam",
        "klingt komisch",
        "klingt zu schön, um wahr zu sein",
        "wer hätte das gedacht",
        "verrückt, oder",
        "erstaunlich, oder",
    ),
    "fr": (
        "surpris ?",
        "surprise ?",
        "surpris?",
        "étonnant, non",
        "étonnant ?",
        "vous êtes surpris",
        "vous êtes surprise",
        "tu es surprise",
        "tu es surpris",
        "si vous êtes surpris",
        "ça paraît fou",
        "cela paraît fou",
        "qui l'eût cru",
        "qui l'aurait cru",
    ),
    "es": (
        "¿sorprendido?",
        "¿sorprendida?",
        "sorprendido?",
        "sorprendida?",
        "si te sorprende",
        "si estás sorprendida",
        "si estás sorprendido",
        "parece increíble",
        "parece mentira",
        "suena raro",
        "suena loco",
        "quién lo diría",
        "increíble, ¿verdad",
    ),
    "it": (
        "sorpresi?",
        "sorpresa?",
        "sorpreso?",
        "se siete sorpresi",
        "se sei sorpresa",
        "se sei sorpreso",
        "sembra incredibile",
        "sembra strano",
        "chi l'avrebbe detto",
        "incredibile, vero",
    ),
    "vi": ("bất ngờ chưa", "bạn có bất ngờ", "nghe thật khó tin", "ai mà ngờ", "thật bất ngờ phải không"),
}

#: Teasers of what follows, at a short sentence's end (or as the whole sentence).
TEASERS: dict[str, tuple[str, ...]] = {
    "en": (
        "wait until you hear",
        "wait till you hear",
        "but wait",
        "it gets better",
        "it gets even better",
        "there's more",
        "there is more",
        "brace yourself",
        "stay tuned",
        "keep reading",
    ),
    "de": (
        "es kommt noch besser",
        "das ist noch nicht alles",
    ),
    "fr": (
        "attendez la suite",
        "attends la suite",
        "et ce n'est pas tout",
        "ce n'est pas tout",
        "ce n'est pas fini",
    ),
    "es": (
        "espera a saber",
        "y eso no es todo",
        "eso no es todo",
        "y hay más",
        "aún hay más",
        "todavía hay más",
    ),
    "it": ("aspetta di sentire", "e non è finita", "non è finita qui", "e non è tutto", "non è tutto"),
    "vi": ("chưa hết đâu", "vẫn chưa hết", "còn nữa cơ", "hãy chờ xem"),
}
#: Most words of a teaser sentence (a longer one says more).
TEASER_WORDS = 12
#: Most words after a reaction in a sentence that says nothing more: "If your mind is blown, just
#: wait." ("Don't pop it, just wait." is advice: no reaction opens it).
REACTION_TAIL_WORDS = 4

#: "How the lifeless little things do this is pretty mind-blowing, too.": a "how"/"why" clause
#: judged by a word of wonder and nothing more, the next paragraph's subject named, not told.
_WONDER = {
    "en": r"^(?:how|why|what) .{3,90}? (?:is|are) (?:[\w-]+ )?(?:mind-blowing|fascinating|amazing|"
    r"incredible|impressive|remarkable|surprising|interesting|wild|cool)(?:,? too| as well)?[.!]*$",
    "de": r"^(?:wie|warum|was) .{3,90}?,? (?:ist|sind) (?:[\w-]+ )?(?:faszinierend|erstaunlich|spannend|"
    r"verblüffend|beeindruckend|interessant|unglaublich)(?:,? auch| ebenfalls)?[.!]*$",
    "fr": r"^(?:comment|pourquoi|ce que) .{3,90}? (?:est|sont) (?:[\w-]+ )?(?:fascinant|fascinante|"
    r"étonnant|étonnante|incroyable|impressionnant|impressionnante|surprenant|surprenante)(?:,? aussi)?[.!]*$",
    "es": r"^(?:cómo|por qué|lo que) .{3,90}? (?:es|son) (?:[\w-]+ )?(?:fascinante|increíble|"
    r"impresionante|sorprendente|alucinante|asombroso|asombrosa)(?:,? también)?[.!]*$",
    "it": r"^(?:come|perché|quello che|ciò che) .{3,90}? (?:è|sono) (?:[\w-]+ )?(?:affascinante|"
    r"incredibile|impressionante|sorprendente|sbalorditivo|sbalorditiva)(?:,? anche)?[.!]*$",
    "vi": r"^(?:cách|vì sao|tại sao) .{3,90}? (?:thật|rất|cũng) (?:đáng kinh ngạc|thú vị|bất ngờ|kỳ diệu)"
    r"(?: không kém)?[.!]*$",
}

#: Nouns that stand for a condition or problem named before, with their determiners per language.
_PROBLEMS = {
    "en": (r"(?:the|this|that|such a) ", r"(?:problem|problems|issue|issues|condition|complaint)"),
    "de": (
        r"(?:die|das|diese|dieses|dieser|diesem|solche|solch eine|ein solches) ",
        r"(?:problematik|problem|probleme|beschwerden|leiden|erkrankung|hauterkrankung)",
    ),
    "fr": (
        r"(?:le |la |les |ce |cette |ces |l')",
        r"(?:problème|problèmes|problématique|affection|souci|soucis)",
    ),
    "es": (
        r"(?:el|la|los|las|este|esta|estos|ese|esa) ",
        r"(?:problema|problemas|problemática|afección|trastorno)",
    ),
    "it": (
        r"(?:il |la |i |le |questo |questa |questi |quel |quella |l')",
        r"(?:problema|problemi|problematica|disturbo|disturbi|condizione)",
    ),
    "vi": (r"", r"(?:vấn đề này|tình trạng này|tình trạng đó|vấn đề đó|chứng này|bệnh này)"),
}
#: what follows a problem noun that says what it is: "the problem of dry skin", "das Problem ist",
#: "das Problem trockener Haut", "le problème de la peau sèche", "el problema es", "il problema è",
#: "the problem: ..."
_SAYS_WHAT = re.compile(
    r"\s*(?::|(?:(?:no|not|nicht|non|n'|ne) ?)?(?:is|are|was|of|with|ist|sind|war|der|des|mit|von|est|sont|de|du|des|d'|es|son|del|"
    r"con|è|sono|di|del|della|dei|delle|là|của|là do)\b|[a-zäöüß]+er (?:haut|kopfhaut|lippen|hände)\b)"
)
#: a problem noun among the first words, not the very first ones (the sentence's own subject),
#: nor so far in that the sentence has named the condition itself ("... nguyên nhân gây khô da,
#: cũng như cách xử lý tình trạng này")
_PROBLEM_FROM_WORD = 2
_PROBLEM_TO_WORD = 12
_PROBLEM_TO_CHARS = 110


def _phrases(table: dict[str, tuple[str, ...]], language: str) -> tuple[str, ...]:
    return tuple({*table.get(language, ()), *table["en"]})


@cache
def _reaction(language: str) -> re.Pattern[str]:
    alternatives = sorted(_phrases(REACTIONS, language), key=len, reverse=True)
    # a reaction is set off by punctuation: "Sounds crazy, but ..."; "Parece increíble que la
    # piel ..." says something of its own
    ends = r"(?=\s*[,.!?…:;—–]|\s*$)"
    return re.compile(
        "^(?:" + "|".join(re.escape(p) + ("" if p[-1] in "?," else ends) for p in alternatives) + ")"
    )


@cache
def _teaser(language: str) -> re.Pattern[str]:
    alternatives = sorted(_phrases(TEASERS, language), key=len, reverse=True)
    return re.compile(r"(?:^|[\s,;:—–-])(?:" + "|".join(re.escape(p) for p in alternatives) + r")[.!…]*$")


@cache
def _wonder(language: str) -> re.Pattern[str]:
    return re.compile(_WONDER.get(language, _WONDER["en"]))


@cache
def _problem(language: str) -> re.Pattern[str]:
    det, noun = _PROBLEMS.get(language, _PROBLEMS["en"])
    return re.compile(rf"(?<!\w){det}{noun}(?!\w)")


def reaction(folded: str, language: str) -> str | None:
    """The words of a reaction to earlier text that ``folded`` opens with ("if your mind is
    blown", "überrascht?"), or None."""
    m = _reaction(language).match(folded)
    return m.group(0) if m else None


def teases(folded: str, language: str) -> bool:
    """True for a sentence that only teases what follows: a short one ending in a teaser ("It gets
    better.", "Es kommt noch besser."), a reaction with a few words after it ("If your mind is
    blown, just wait.") or a "how" clause judged by a word of wonder ("How the lifeless little
    things do this is pretty mind-blowing, too.")."""
    text = " ".join(folded.split()).rstrip("\"”»)' ")
    if len(text.split()) <= TEASER_WORDS and _teaser(language).search(text):
        return True
    reacts = reaction(text, language)
    if reacts is not None and len(text[len(reacts) :].split()) <= REACTION_TAIL_WORDS:
        return True
    return _wonder(language).match(text) is not None


def problem_noun(folded: str, language: str) -> str | None:
    """The words of a problem noun that stands for a condition named before ("die Problematik"
    in "Dr. X kennt die Problematik aus seinem Praxisalltag"), or None: see the module's
    docstring for what is left alone."""
    head = folded[:_PROBLEM_TO_CHARS]
    for m in _problem(language).finditer(head):
        before = len(head[: m.start()].split())
        if before < _PROBLEM_FROM_WORD or before >= _PROBLEM_TO_WORD:
            continue  # "The problem is ...", "Das Problem: ...": the sentence says it
        if _SAYS_WHAT.match(folded, m.end()):
            continue
        return m.group(0)
    return None
