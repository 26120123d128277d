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

Word lists per language live in :mod:`.lexicon` (a few more here). :func:`opening_reference` is
the one detector of a sentence that leans on earlier text: the splitter asks it where a paragraph
may be cut (:func:`tipqueue.posts.split.leans_on_previous`), the caption maker whether a sentence
can be a hook (:func:`tipqueue.posts.hooks.leans_on_earlier`), the ideas whether they stand.
:func:`without_opening_marker` drops a discourse marker ("Ensuite, ...", "In fact, ...") from a
sentence that stands without it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from tipqueue.posts.ideas.lexicon import (
    DEFINITE,
    EARLY_POINTERS,
    LANGUAGES,
    MARKERS,
    PAGE,
    POINTERS,
    first_in,
    phrases,
)
from tipqueue.posts.ideas.reactions import problem_noun, reaction, teases

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

    extra = _MORE_MARKERS.get(language, _MORE_MARKERS["en"])
    markers = sorted({*phrases(MARKERS, language), *extra}, key=len, reverse=True)
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


@cache
def _standalone(language: str) -> re.Pattern[str]:
    """Openings whose pronoun points at nothing before ("It's important to ...", "Il faut ...")."""
    alternatives = sorted({*_STANDALONE.get(language, ()), *_STANDALONE["en"]}, key=len, reverse=True)
    return re.compile("(?:" + "|".join(re.escape(p) for p in alternatives) + r")(?!\w)")


#: A short label before a paragraph's text ("Einflüsse: ", "Step 2: "): up to three words and a colon.
_LABEL = re.compile(r"[^\W\d_][\w'-]*(?: [\w'-]+){0,2}[ \u00a0\u202f]?: ")
#: the opening's characters that are read: the detector looks at a sentence's first words only
_HEAD_CHARS = 160
_LEADING = "\"“”«»„'(¿¡-–—•* "


@cache
def _word_sets(language: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """First-word pointers, early pointers and definite articles of ``language``, as sets.

    A language's own pronouns only: English "he" is Spanish "I have" ("He visto ..."), and an
    unsupported language gets the English ones."""
    pointers = POINTERS.get(language) or POINTERS["en"]
    more = _MORE_POINTERS.get(language, _MORE_POINTERS["en"])
    early = {*phrases(EARLY_POINTERS, language), *_MORE_EARLY.get(language, ())}
    return frozenset(pointers | more), frozenset(early), frozenset(phrases(DEFINITE, language))


def opening_reference(sentence: str, language: str | None, before: str = "") -> Reference | None:
    """What the start of ``sentence`` leans on (``before``: the text just before it), or None.

    ``language`` None: the sentence's language is unknown, and every supported one is tried.
    """
    if language is None:
        for lang in LANGUAGES:
            ref = opening_reference(sentence, lang, before)
            if ref is not None:
                return ref
        return None
    head = sentence.strip()[:_HEAD_CHARS]
    folded = fold(head).lstrip(_LEADING)
    if not folded or _standalone(language).match(folded):
        return None
    m = _openers(language).match(folded)
    if m is not None:
        kind = "marker" if m.lastgroup == "marker" else "pointer"
        skip = len(head) - len(head.lstrip(_LEADING))
        return Reference(kind, head[skip : skip + len(m.group(0))].strip(), _tail(before))
    label = _LABEL.match(folded)
    marked = _openers(language).match(folded, label.end()) if label is not None else None
    if marked is not None and marked.lastgroup == "marker":
        # "Einflüsse: Außerdem können ...": a label, then a marker that goes on from earlier text
        skip = len(head) - len(head.lstrip(_LEADING)) + label.end()  # type: ignore[union-attr]
        return Reference("marker", head[skip : skip + len(marked.group(0))].strip(), _tail(before))
    reacts = reaction(folded, language)
    if reacts is not None:  # "If your mind is blown, ...", "Überrascht?": the surprise is earlier text's
        skip = len(head) - len(head.lstrip(_LEADING))
        return Reference("pointer", head[skip : skip + len(reacts)].strip(" ,?"), _tail(before))
    ordinal = _ordinal_lead(language).match(folded)
    if ordinal is not None:  # "The second thing is moisturize ...": the count is the article's
        skip = len(head) - len(head.lstrip(_LEADING))
        return Reference("marker", head[skip : skip + ordinal.end()].strip(), _tail(before))
    mid = _mid_marker(language).match(folded)
    if mid is not None:  # "I dermatologi, infatti, consigliano ...", "Quando invece siamo ..."
        word = mid.group("mid")
        at = fold(head).find(word, len(head) - len(head.lstrip(_LEADING)) + mid.start("mid"))
        return Reference("marker", head[at : at + len(word)] if at >= 0 else word, _tail(before))
    words = _WORD.findall(folded, 0, 100)  # the first words are all that is read
    if not words:
        return None
    pointers, early, definite = _word_sets(language)
    if words[0] in pointers:
        return Reference("pointer", words[0], _tail(before))
    hit = next((w for w in words[1:5] if w in early), None)
    if hit is None:  # "Good skincare products won't take away these lines", "If ..., bring them back"
        hit = next((w for w in words[5:9] if w in _DEMONSTRATIVES), None)
    if hit is None:  # "Dermato Drey poursuit : « ...", "You'll notice after using this serum ..."
        this = None if folded.rstrip().endswith(":") else _THIS_NOUN.match(folded)  # "Try this trick:"
        m = _CONTINUES.match(folded) or this or _NO_OBJECT.match(folded)
        if m is not None:
            at = m.lastindex or 1
            return Reference("pointer", head.lstrip(_LEADING)[m.start(at) : m.end(at)], _tail(before))
    if hit is not None:
        return Reference("pointer", hit, _tail(before))
    problem = problem_noun(folded, language)
    if problem is not None:  # "Dr. X kennt die Problematik aus seinem Praxisalltag"
        at = fold(head).find(problem)
        return Reference("definite", head[at : at + len(problem)] if at >= 0 else problem, _tail(before))
    if before and words[0] in definite and len(words) > 1:
        noun = _stem(words[1])
        if len(noun) > 3 and noun in {_stem(w) for w in words_of(before[-600:])[-60:]}:
            return Reference("definite", " ".join(sentence.split()[:2]), _tail(before))
    return None


def without_opening_marker(sentence: str, language: str | None) -> str | None:
    """``sentence`` without the discourse marker it opens with, when what is left stands alone
    ("Ensuite, appliquez ..." -> "Appliquez ..."; "In fact, it ..." stays: "it" leans too).

    None when the sentence has no such marker, or cannot stand without it: the marker is not
    followed by a comma (a conjunction: "But ...", "Und ..."), the rest is under four words, or
    the rest leans on earlier text itself.
    """
    ref = opening_reference(sentence, language)
    if ref is None or ref.kind != "marker":
        return None
    text = sentence.strip()
    ordinal = without_ordinal_lead(text, language or "en")
    if ordinal is not None:
        return ordinal
    at = text.find(ref.words)
    if at < 0 or text[:at].strip(_LEADING):
        return None
    end = at + len(ref.words)
    rest = text[end:]
    if not ref.words.endswith(",") and not rest.startswith(","):
        return None
    rest = rest.lstrip(" ,")
    if len(rest.split()) < 4 or not rest[:1].isalpha() or opening_reference(rest, language) is not None:
        return None
    return text[:at] + rest[:1].upper() + rest[1:]


#: "There are a few steps you can take to ...", "there are some skincare routine guidelines to
#: help ..." (the steps are elsewhere)
_COUNTED_WAYS = re.compile(
    r"^there (?:are|is) (?:a few|a couple of|several|some|many|\w+)(?: [\w-]+){0,2} "
    r"(?:steps|ways|tips|things|rules|tricks|guidelines|basics) (?:you|to|that|for)\b"
)
#: "To understand what makes X essential, you need to understand the life cycle of Y." (a
#: transition: the explanation is what follows); "To understand your skin type, look at ..." is advice
_FIRST_UNDERSTAND = re.compile(
    r"^to understand\b[^.!?]{0,160}, (?:you|we) (?:need|have|must|should|first need) to (?:understand|know|look at)"
)
#: "... must follow certain rules" with the rules elsewhere ("cần tuân thủ một số nguyên tắc nhất định")
_RULES_TO_FOLLOW = re.compile(
    r"\b(?:follow|keep to|stick to) (?:a few|some|certain) (?:simple |basic |key )?(?:rules|steps|principles)\b|"
    r"\b(?:befolgen|beachten) (?:sie |du )?(?:ein paar|einige) (?:regeln|grundsätze)\b|"
    r"\b(?:by )?following (?:a few|some|certain) (?:simple |basic |key )?(?:rules|steps|principles)\b|"
    r"\b(?:suivre|en suivant) (?:quelques|certaines) (?:règles|étapes)\b|"
    r"\b(?:seguir|siguiendo) (?:algunas|ciertas) (?:reglas|pautas)\b|"
    r"\b(?:seguire|seguendo) (?:alcune|alcuni) (?:regole|passaggi)\b|"
    r"tuân thủ (?:một số|những) (?:nguyên tắc|bước|quy tắc)"
)
#: "il suffit de respecter quelques règles", "easy once you know the tricks": the rules come later
_KNOW_THE_TRICKS = re.compile(
    r"\b(?:respecter|appliquer|connaître) (?:quelques|certaines) (?:règles|astuces)\b|"
    r"\bonce you know (?:the|a few|these|some) (?:tricks|rules|secrets|basics)\b|"
    r"\bwenn (?:man|du|sie) (?:ein paar|die|einige) (?:tricks|regeln|kniffe) (?:kennt|beachtet)\b|"
    r"\b(?:conociendo|si conoces|si se conocen) (?:algunos|los|unos) (?:trucos|secretos)\b|"
    r"\b(?:conoscendo|se conosci|se si conoscono) (?:alcuni|i) (?:trucchi|segreti)\b|"
    r"\bkhi (?:biết|nắm được) (?:một số|những) (?:mẹo|bí quyết)"
)
_TRICK_WORDS = (
    "règles",
    "astuces",
    "tricks",
    "rules",
    "secrets",
    "basics",
    "regeln",
    "kniffe",
    "trucos",
    "secretos",
    "trucchi",
    "segreti",
    "mẹo",
    "bí quyết",
)
#: "Here's a dermatologist-informed guide to ...", "Voici un petit guide ...": the guide is what follows
_GUIDE = re.compile(
    r"^(?:here's|here is|voici|ecco|aquí tienes|hier ist) (?:a|an|our|your|the|un|une|notre|una|la|nuestra|"
    r"la nostra|ein|eine|unser|unsere) (?:[\w-]+ ){0,3}(?:guide|guida|guía|leitfaden|ratgeber)\b"
)
_SHORTCODE_END = re.compile(r":[\w+-]+:$")  # an emoji shortcode (":sparkles:"), not a lead-in


@cache
def _announcements(language: str) -> re.Pattern[str]:
    alternatives = sorted({*ANNOUNCEMENTS.get(language, ()), *ANNOUNCEMENTS["en"]}, key=len, reverse=True)
    return re.compile("|".join(re.escape(p) + ("" if p.endswith(" ") else r"(?!\w)") for p in alternatives))


def announces(sentence: str, language: str) -> bool:
    """True for a sentence that announces what comes next instead of saying it ("Here's how to
    build the best routine ...", "Let's take a look at ...", "Hier ein paar Tipps ...:",
    "Bài viết này ... sẽ giúp ...", "Behold, eight common ways ..."): a lead-in ending in ":" or
    one opening with an announcing phrase. Posted without what it announces, it promises nothing
    the post keeps."""
    flat = " ".join(sentence.split())
    if flat.endswith(":") and not _SHORTCODE_END.search(flat):
        return True
    folded = fold(flat[:_HEAD_CHARS]).lstrip(_LEADING)
    if _announcements(language).match(folded) is not None:
        return True
    if _RULES_TO_FOLLOW.search(folded) or _FIRST_UNDERSTAND.match(folded) or _GUIDE.match(folded):
        return True
    if teases(folded, language):  # "If your mind is blown, just wait.", "Es kommt noch besser."
        return True
    if any(w in folded for w in _TRICK_WORDS) and _KNOW_THE_TRICKS.search(folded):
        return True
    if "there " not in folded[:60]:
        return False
    bare = without_opening_marker(flat, language)  # "However, there are a few steps you can take ..."
    rest = fold(bare) if bare is not None else folded
    return _COUNTED_WAYS.match(rest) is not None


#: Number words one to ten per language, for counted references ("all 4 factors", "diese drei Schritte").
_NUMBERS = {
    "en": "one two three four five six seven eight nine ten",
    "de": "eins zwei drei vier fünf sechs sieben acht neun zehn",
    "fr": "un deux trois quatre cinq six sept huit neuf dix",
    "es": "uno dos tres cuatro cinco seis siete ocho nueve diez",
    "it": "uno due tre quattro cinque sei sette otto nove dieci",
    "vi": "một hai ba bốn năm sáu bảy tám chín mười",
}
#: "all 4 factors", "these three steps", "alle vier Faktoren", "ces 4 facteurs", "estos tres pasos",
#: "tutti e 4 i fattori", "cả 4 yếu tố", "4 bước này": a count pointing at a list named before.
_COUNTED = {
    "en": r"\b(?:all|these|those|the|both of these) (?P<n>{n})(?: [\w-]+)? (?P<noun>[a-z-]{{3,}})\b",
    "de": r"\b(?:alle|diese|die|allen|diesen|den) (?P<n>{n})(?: [\w-]+)? (?P<noun>[a-zäöüß-]{{3,}})\b",
    "fr": r"\b(?:tous les|toutes les|ces|les) (?P<n>{n})(?: [\w-]+)? (?P<noun>[a-zàâçéèêëîïôûù-]{{3,}})\b",
    "es": r"\b(?:todos los|todas las|estos|estas|esos|esas|los|las) (?P<n>{n})(?: [\w-]+)? (?P<noun>[a-záéíóúñ-]{{3,}})\b",
    "it": r"\b(?:tutti e|tutte e|questi|queste|i|le|gli) (?P<n>{n})(?: [\w-]+)? (?P<noun>[a-zàèéìòù-]{{3,}})\b",
    "vi": r"(?:\bcả|\btất cả|\bnhững|\bcác) (?P<n>{n}) (?P<noun>\w+(?: \w+)?)",
}


#: Units of time: "alle zwei Stunden", "tous les deux jours" say how often, they point at no list.
_TIME_UNITS = frozenset(
    [
        "seconds",
        "minutes",
        "hours",
        "days",
        "weeks",
        "months",
        "years",
        "nights",
        "mornings",
        "evenings",
        "sekunden",
        "minuten",
        "stunden",
        "tage",
        "tagen",
        "wochen",
        "monate",
        "monaten",
        "jahre",
        "jahren",
        "nächte",
        "secondes",
        "minutes",
        "heures",
        "jours",
        "semaines",
        "mois",
        "ans",
        "années",
        "nuits",
        "matins",
        "soirs",
        "segundos",
        "minutos",
        "horas",
        "días",
        "dias",
        "semanas",
        "meses",
        "años",
        "anos",
        "noches",
        "mañanas",
        "secondi",
        "minuti",
        "ore",
        "giorni",
        "settimane",
        "mesi",
        "anni",
        "notti",
        "mattine",
        "sere",
        "giây",
        "phút",
        "giờ",
        "ngày",
        "tuần",
        "tháng",
        "năm",
        "đêm",
        "sáng",
        "tối",
    ]
)


@cache
def _counted(language: str) -> re.Pattern[str]:
    words = _NUMBERS.get(language, _NUMBERS["en"])
    n = "|".join([r"\d{1,2}", *words.split()])
    return re.compile(_COUNTED.get(language, _COUNTED["en"]).format(n=n))


def counted_reference(sentence: str, language: str) -> tuple[str, int] | None:
    """A count that points at a list given before ("target all 4 factors", "diese drei Schritte"):
    the words and the number, or None."""
    m = _counted(language).search(fold(sentence[: _HEAD_CHARS * 2]))
    if m is None:
        return None
    raw = m.group("n")
    words = _NUMBERS.get(language, _NUMBERS["en"]).split()
    number = int(raw) if raw.isdigit() else words.index(raw) + 1
    if number < 2 or any(fold(w) in _TIME_UNITS for w in m.group(0).split()[1:]):
        return None
    return sentence[m.start() : m.end()], number


def find_reference(
    sentences: tuple[str, ...] | list[str], language: str, before: str = ""
) -> Reference | None:
    """What an idea leans on: its opening, else any reference to the page anywhere in it."""
    if not sentences:
        return None
    words = page_reference(" ".join(sentences), language)
    if words:
        return Reference("page", words, "the page or its images")
    ref = opening_reference(sentences[0], language, before)
    if ref is None:
        verb = continued_quote(sentences, opening=False)  # the opening was read just above
        if verb is not None:
            return Reference("pointer", verb, _tail(before) or CONTINUED_QUOTE)
    return ref


#: what a quote's continuation ("«...», poursuit le spécialiste") leans on
CONTINUED_QUOTE = "a quote begun in an earlier paragraph"
#: "“...”, poursuit le spécialiste", "..." continues Dr. X: the speech verb after a quote says
#: that the quote carries on one begun before (en, de, fr, es, it, vi)
_CONTINUED_AFTER_QUOTE = re.compile(
    r"[\"”»]\s*,?\s*(poursuit|continue(?:-t-(?:il|elle))?|continues|goes on|fährt (?:er |sie )?fort|"
    r"continúa|prosigue|prosegue|continua|tiếp tục)\b",
    re.IGNORECASE,
)


#: "“...”, prévient l'experte", "”, she says", "«...», précise-t-elle": a quote said by someone the
#: article named before, here only by her role or a pronoun (en, de, fr, es, it)
_UNNAMED_SPEAKER = re.compile(
    r"[\"”“»]\s*,?\s*(?:(?:prévient|explique|précise|ajoute|souligne|indique|affirme|conseille|"
    r"says|said|explains|adds|notes|sagt|erklärt|betont|rät|dice|spiega|afferma|aggiunge|consiglia|"
    r"explica|afirma|añade|aconseja)\s+"
    r"((?i:l['’]experte?|la spécialiste|le spécialiste|la dermatologue|le dermatologue|elle|she|he|the expert|"
    r"the dermatologist|die expertin|der experte|die dermatologin|der dermatologe|la experta|el experto|"
    r"la dermatóloga|el dermatólogo|l['’]esperta|l['’]esperto|la dermatologa|il dermatologo))"
    r"|(?:précise|explique|ajoute|souligne|indique|affirme|prévient|conseille)-t-(elle|il)"
    r"|(she|he|the expert|the dermatologist) (?:says|said|explains|adds|notes))\b(?![ ,]+[A-ZÀ-Ý])"
)


def continued_quote(sentences: tuple[str, ...] | list[str], *, opening: bool = True) -> str | None:
    """The continuation verb of a quote carried on from earlier text: at the opening ("La
    dermatologue poursuit : « ...", unless ``opening`` is False because that was read already) or
    after a quote in the first three sentences ("«...», poursuit le spécialiste"); else None."""
    if opening and sentences:
        m = _CONTINUES.match(fold(sentences[0].strip()).lstrip(_LEADING))
        if m is not None:
            return m.group(1)
    for sentence in sentences[:3]:
        if "”" in sentence or '"' in sentence or "»" in sentence or "“" in sentence:
            m = _CONTINUED_AFTER_QUOTE.search(sentence)
            if m is not None:
                return m.group(1).lower()
            m = _UNNAMED_SPEAKER.search(sentence)
            if m is not None:
                return (m.group(1) or m.group(2) or m.group(3)).lower()
    return None


#: More words that point back among a sentence's first words ("Cuando les cuento ...": them).
_MORE_EARLY: dict[str, tuple[str, ...]] = {"es": ("les",)}
#: A count in the article's order in front of the advice: "The second thing is moisturize ...",
#: "Doctors say the first skin fix is learning ...", "Another tip is to ...", "Der zweite Tipp:
#: ...", "Un altro consiglio è quello di ...". Posted alone, the count means nothing; what follows
#: it is the advice.
_ORDINAL_LEADS = {
    # "Lastly, ...", "Zu guter Letzt ...": the last of a list, told as a paragraph of its own
    "en": r"(?P<last>(?:lastly|last but not least|finally)),? |(?:(?:doctors|experts|dermatologists) say )?(?:the )?(?:first|second|third|fourth|fifth|next|last|final|other|another)"
    r"(?: [\w-]+)? (?:thing|step|tip|fix|rule|trick|habit|key|one)(?: (?:you (?:can|should) do|to remember))?"
    r"(?: is|:)(?: to| that)? ",
    "de": r"(?P<last>(?:zu guter letzt|zum schluss|schließlich)),? |(?:der|die|das) (?:erste|zweite|dritte|vierte|fünfte|nächste|letzte|andere) (?:tipp|schritt|trick|regel)"
    r"(?: lautet| ist)?:? ",
    "fr": r"(?P<last>(?:enfin|pour finir|en dernier lieu)),? |(?:le|la) (?:premier|première|deuxième|second|seconde|troisième|prochain|prochaine|dernier|dernière) "
    r"(?:conseil|étape|astuce|règle|geste)(?: est| :)(?: de| d')? ?",
    "es": r"(?P<last>(?:por último|finalmente|por ultimo)),? |(?:el|la|otro|otra) (?:primer|primera|segundo|segunda|tercer|tercera|siguiente|último|última)? ?"
    r"(?:consejo|paso|truco|regla)(?: es|:)(?: que)? ",
    "it": r"(?P<last>(?:infine|per finire|da ultimo)),? |(?:un altro|un'altra|il primo|il secondo|il terzo|l'ultimo|il prossimo)(?: \w+)? "
    r"(?:consiglio|accorgimento|passo|trucco|regola)(?: è| e'|:)(?: quello di| quella di| di)? ",
}


#: words that open a sentence in the writer's own voice
_FIRST_PERSON = frozenset(
    [
        "i",
        "i'm",
        "i've",
        "my",
        "we",
        "we've",
        "our",
        "ich",
        "wir",
        "je",
        "j'ai",
        "nous",
        "yo",
        "nosotros",
        "io",
        "noi",
    ]
)


@cache
def _ordinal_lead(language: str) -> re.Pattern[str]:
    return re.compile("^" + _ORDINAL_LEADS.get(language, _ORDINAL_LEADS["en"]))


def without_ordinal_lead(sentence: str, language: str) -> str | None:
    """``sentence`` without the count in front of its advice (see :data:`_ORDINAL_LEADS`), when
    what is left is a sentence of at least four words that does not lean itself, else None."""
    text = sentence.strip()
    skip = len(text) - len(text.lstrip(_LEADING))
    m = _ordinal_lead(language).match(fold(text[skip:]))
    if m is None:
        return None
    rest = text[skip + m.end() :].lstrip(" ,:")
    if len(rest.split()) < 4 or not rest[:1].isalpha() or opening_reference(rest, language) is not None:
        return None
    if m["last"] and words_of(rest)[:1] and words_of(rest)[0] in _FIRST_PERSON:
        return None  # "Lastly, I'm thrilled ...": the end of the writer's story, not a list's item
    return rest[:1].upper() + rest[1:]


#: Discourse markers among a sentence's first words, after its subject or verb: the sentence
#: answers or goes on from the one before ("I dermatologi, infatti, consigliano ...", "Quando
#: invece siamo fuori ...", "Dermatologists, however, recommend ...", "Man sollte daher ...",
#: "Il faut donc ..."). English ones only between commas ("Use it, however you like" stands).
_MID_MARKERS: dict[str, tuple[bool, tuple[str, ...]]] = {
    "en": (
        True,
        ("however", "instead", "therefore", "in fact", "for example", "for instance", "as a result"),
    ),
    "de": (
        False,
        (
            "daher",
            "deshalb",
            "deswegen",
            "dagegen",
            "hingegen",
            "stattdessen",
            "jedoch",
            "allerdings",
            "trotzdem",
            "dennoch",
            "nämlich",
        ),
    ),
    "fr": (
        False,
        ("en effet", "par contre", "en revanche", "pourtant", "donc", "cependant", "toutefois", "néanmoins"),
    ),
    "es": (
        False,
        ("sin embargo", "en cambio", "por tanto", "por lo tanto", "no obstante", "por eso", "por ello"),
    ),
    "it": (False, ("infatti", "invece", "quindi", "dunque", "pertanto", "tuttavia")),
}


@cache
def _mid_marker(language: str) -> re.Pattern[str]:
    """A discourse marker after the first one to three words of a sentence (see :data:`_MID_MARKERS`)."""
    commas, markers = _MID_MARKERS.get(language, _MID_MARKERS["en"])
    words = "|".join(re.escape(m) for m in sorted(markers, key=len, reverse=True))
    before = r", " if commas else r",? "
    after = r"," if commas else r"(?!\w)"
    return re.compile(rf"^[^\W\d_][^\s,.;:!?]*(?: [^\s,.;:!?]+){{0,2}}{before}(?P<mid>{words}){after}")


#: "<someone> continues: « ..." carries on a quote begun in an earlier paragraph.
_CONTINUES = re.compile(
    r"^(?:[\w'.-]+ ){0,4}(poursuit|continue|continues|goes on|fährt fort|continúa|prosigue|prosegue|"
    r"continua|tiếp tục)\b(?:\s*[:,«\"“])",
)
#: An instruction whose object is named only before it, in the heading: "Use only if wearing
#: heavy makeup." under the heading "Oil Cleanser".
_NO_OBJECT = re.compile(
    r"^(use|apply|avoid|try|skip|wear|add|take|keep|reapply|leave) (?:only|if|when|daily|twice|once|"
    r"sparingly|regularly|after|before|every|as needed|as directed)\b"
)
#: "this serum" among the first words, naming a thing that was named before.
_THIS_NOUN = re.compile(
    r"^(?:[\w']+ ){1,6}(this (?!is\b|way\b|means\b|step\b|time\b|year\b)[a-z]{3,})\b|"
    r"^(?:[\w']+ ){1,10}(that (?:question|answer|product|serum|cream|routine|ingredient|method))\b"
)


#: Demonstrative determiners that point back wherever they stand in an opening sentence.
_DEMONSTRATIVES = frozenset(
    [
        "these",
        "those",
        "them",
        "they",
        "diese",
        "dieser",
        "solche",
        "solchen",
        "solcher",
        "solches",
        "solchem",
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
    text = " ".join(text[-4 * limit :].split()) if len(text) > 4 * limit else " ".join(text.split())
    if len(text) <= limit:
        return text
    return "…" + text[-limit:].split(" ", 1)[-1]


#: More discourse markers than :mod:`.lexicon` lists (matched like its MARKERS).
_MORE_MARKERS: dict[str, tuple[str, ...]] = {
    "en": (
        "then ",
        "but,",
        "and,",
        "or,",
        "thus ",
        "hence ",
        "maybe,",
        "so,",
        "plus ",
        "in other words",
        "in layman's terms",
        "first of all",
        "the (slightly) longer answer",
        "the longer answer",
        "the short answer",
        "the long answer",
        "if you notice any of the above",
        "any of the above",
        "all of the above",
        "as noted",
        "that way",
        "this way",
        # the fix to the mistake told before: "Better: two or three products ..."
        "better:",
        "the fix:",
        "the solution:",
    ),
    "de": (
        "das ist ",
        "das war ",
        "das sind ",
        "das macht ",
        "dann ",
        "danach",
        "anschließend",
        "ansonsten",
        "zusätzlich",
        "darüber hinaus",
        "ebenfalls",
        "somit",
        "besser:",
        "die lösung:",
        "stattdessen:",
    ),
    "fr": (
        "ensuite",
        # "Concrètement, misez ...", "Autant de produits qui ...": the how, the count, of what was said
        "concrètement",
        "de façon concrète",
        "de manière concrète",
        "autant de ",
        "puis ",
        "par ailleurs",
        "de même",
        "en plus",
        "aussi ",
        "également",
        "sinon",
        "alors ",
        "mieux :",
        "mieux:",
        "la solution :",
        "à la place",
    ),
    "es": (
        "luego",
        "entonces",
        "asimismo",
        "por otra parte",
        "además,",
        "igualmente",
        "mejor:",
        "la solución:",
    ),
    "it": (
        "poi ",
        "allora",
        "inoltre",
        "anzi",
        "altrimenti",
        "infine",
        "peraltro",
        "meglio:",
        "la soluzione:",
    ),
    "vi": ("tiếp theo", "sau đó", "thêm nữa", "vả lại", "còn nữa", "trên đây", "khi đó", "như vậy"),
}
#: More first words that stand for something said before.
_MORE_POINTERS: dict[str, frozenset[str]] = {
    "en": frozenset(["yet", "kind", "sort", "whose", "whom"]),
    # not "sie"/"es" in German ("Sie sollten ..." is the reader), nor "il"/"les" in French
    # ("Il faut ...", "Les crèmes ..."): those open sentences that stand alone
    "es": frozenset(["les", "le"]),  # "Les recomiendo ...": them, the people named before
}
#: Openings whose pronoun is impersonal: they point at nothing said before.
_STANDALONE: dict[str, tuple[str, ...]] = {
    "en": (
        "it's important",
        "it is important",
        "it's best",
        "it is best",
        "it's worth",
        "it is worth",
        "it's essential",
        "it is essential",
        "it's a good idea",
        "it is a good idea",
        "it's never too",
        "it's time",
        "it is time",
        "it's always",
        "it's tempting",
        "it's easy",
        "it's possible",
        "it is possible",
        "it's normal",
        "it is normal",
        "it's common",
        "it is common",
        "it's okay",
        "it's ok",
        "it's fine",
        "it's recommended",
        "it is recommended",
        "it's crucial",
        "it's vital",
        "it's key",
        "it's not always",
        "it's not necessary",
        "it's true",
        "there's no",
        "there is no",
        # a question about doing something, not about a thing named before: "Is it possible to ...?"
        "is it possible",
        "is it safe",
        "is it normal",
        "is it necessary",
        "is it true",
        "is it okay",
        "is it ok",
        "is it bad",
        "is it better",
        "is it worth",
        "is it too late",
    ),
    "de": ("es ist wichtig", "es ist ratsam", "es ist sinnvoll", "es ist besser", "es lohnt sich", "es gibt"),
    "fr": ("c'est important", "c'est essentiel", "c'est le moment", "il est important", "il est essentiel"),
    "es": ("es importante", "es fundamental", "es necesario", "es mejor", "es recomendable"),
    "it": ("è importante", "è fondamentale", "è meglio", "è consigliabile", "è necessario"),
    "vi": (),
}
#: Openings of a sentence that announces what follows (see :func:`announces`).
ANNOUNCEMENTS: dict[str, tuple[str, ...]] = {
    "en": (
        "here's how",
        "here is how",
        "here are",
        "here's what",
        "here is what",
        "let's take a look",
        "let's look at",
        "let's dive",
        "let's break",
        "let's talk about",
        "let's get into",
        "let's start",
        "read on",
        "keep reading",
        "below are",
        "below, ",
        "behold",
        "in this article",
        "in this post",
        "in this guide",
        "the following",
        # an interview announced: "We spoke with Dr. ... to answer the most common questions"
        "we spoke with",
        "we spoke to",
        "we talked to",
        "we talked with",
        "we asked",
    ),
    "de": (
        "hier ein paar",
        "hier sind",
        "hier einige",
        "hier die",
        "im folgenden",
        "in diesem artikel",
        "in diesem beitrag",
        "lies weiter",
        "schauen wir",
        "werfen wir",
        "wir haben mit",
        "wir haben nachgefragt",
    ),
    "fr": (
        "voici ",
        "voilà ",
        "dans cet article",
        "découvrez",
        "voyons",
        "ci-dessous",
        "nous avons interrogé",
        "nous avons demandé",
    ),
    "es": (
        "aquí te",
        "aquí os",
        "a continuación",
        "en este artículo",
        "veamos",
        "te cuento",
        "descubre",
        "hemos hablado con",
        "hemos consultado",
    ),
    "it": (
        "ecco ",
        "in questo articolo",
        "vediamo",
        "di seguito",
        "scopri",
        "abbiamo chiesto",
        "abbiamo parlato con",
    ),
    "vi": (
        "bài viết này",
        "trong bài viết này",
        "dưới đây là",
        "cùng tìm hiểu",
        "hãy cùng",
        "sau đây",
        "chúng tôi đã trò chuyện",
    ),
}
