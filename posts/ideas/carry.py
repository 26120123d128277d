"""What a chosen tip needs from outside it to stand alone, carried onto its cards.

A post is read alone. Three things the article says once, outside the idea, go with the post:

* **who is speaking**: a person introduced in another paragraph gets the introduction at the
  first mention in the post (:mod:`.persons`);
* **the heading the cards lean on**: a tip that opens a section whose heading is its subject — a
  question answered by the whole section ("So, What Are Free Radicals?" over "... the long or the
  short answer to that question?"), a numbered item ("1. Oil Cleanser" over "Use only if wearing heavy makeup."), or
  a heading the first sentence points back at, a list without a lead-in right under its heading —
  shows the heading on its first card, not only in the caption;
* **that these are mistakes**: when the article says it lists what not to do ("mistakes",
  "Fehler", "erreurs", "errores", "errori", "sai lầm", "jamás") in its title, its opening
  paragraph or the heading above, a heading card that does not say so itself opens with "Avoid:" ("Zu
  vermeiden:", "À éviter :", "A evitar:", "Da evitare:", "Tránh:"); a question heading ("Welches
  Produkt passt zu welchem Hauttyp?") is not a thing to avoid and gets no label.

A list's title that names no subject gets the one its heading names: under "Understanding Acne
Types", "Inflammatory:" is posted as "Inflammatory acne:" and "Severity guide:" as "Acne severity
guide:"; under "Les types d'acné", "Inflammatoire :" as "Acné inflammatoire :" (an adjective label
in en, de, fr, es, it; a label naming an aspect in English only).

One thing goes: a bare one-word label opening the tip that its next sentence names again
("Moisturizers. The most important treatment ... is the use of moisturizers.") is an answer's list
heading, not a card's first words.

The article's ideas are not changed (the coverage invariant holds on them): the chosen tips get
the carried text, and review.md flags each carry for the editor.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from tipqueue.posts.ideas.persons import Person, introduce
from tipqueue.posts.ideas.references import fold
from tipqueue.posts.models import Tip

#: The label put in front of a heading card of a list of mistakes, per language.
AVOID_LABEL = {
    "en": "Avoid:",
    "de": "Zu vermeiden:",
    "fr": "À éviter :",
    "es": "A evitar:",
    "it": "Da evitare:",
    "vi": "Tránh:",
}
#: Words that mark what follows as mistakes or things not to do (folded, matched as word starts).
MISTAKE_WORDS = {
    "en": ("mistake", "avoid", "never do", "stop doing", "don't do", "habits to quit", "wrong", "myths"),
    "de": ("fehler", "vermeiden", "niemals tun", "finger weg", "no-gos", "mythen", "sünden"),
    "fr": ("erreur", "à éviter", "éviter", "ne jamais", "à bannir", "idées reçues", "mythes"),
    "es": ("error", "evitar", "jamás", "nunca hagas", "mitos", "malos hábitos"),
    "it": ("errori", "errore", "evitare", "mai fare", "miti", "da non fare"),
    "vi": ("sai lầm", "tránh", "đừng", "không nên"),
}
#: A heading's numbering ("2. ", "Step 3: ") is the article's, not the post's.
_NUMBERING = re.compile(r"^\s*(?:\d{1,2}[.)]|\(\d{1,2}\)|#\d{1,2}|\d{1,2} ?[-–—:])\s+")
#: A numbered item's heading: "1. Oil Cleanser", "2) ...", "3 - Mettre un tee-shirt ...", "1- ..."
_NUMBERED = re.compile(r"^\s*\d{1,2}(?:[.)]| ?[-–—])\s+\S")
#: A counted label in front of a heading ("Mistake #1.", "Fehler Nr. 2:", "Erreur n°3 :"): the count
#: is the article's, and the series does not carry the whole list
_COUNTED_LABEL = re.compile(
    r"^([^\W\d_][\w’'-]*(?: [^\W\d_][\w’'-]*)?)\s*(?:#|No\.?\s*|Nr\.?\s*|n°\s*|n\.?º\s*|số\s*)?\d{1,2}\s*[.:)]\s+(?=\S)",
    re.IGNORECASE,
)
#: A heading's conversational opening, which leans on the text before it (en, de, fr, es, it, vi)
_FILLER_START = re.compile(
    r"^(?:so|well|now|okay|ok|also|nun|alors|donc|bon|entonces|bueno|pues|allora|dunque|quindi|vậy)(?:,|…|\.\.\.)\s*",
    re.IGNORECASE,
)
#: A one-word sentence that labels what follows ("Moisturizers. The most important treatment ...")
_BARE_LABEL = re.compile(r"[^\W\d_][\w’'-]{3,24}\.")
#: Most characters of a heading carried onto a card.
HEADING_MAX_CHARS = 120


#: A heading that names a mistake by its own words, not as advice: a verb of neglect or excess
#: ("Dimenticare la protezione solare", "Forgetting sunscreen", "Esagerare con scrub"), "too
#: much / too often / too hot" ("Cambiare prodotti troppo spesso", "Zu heiß duschen", "Sử dụng
#: nước quá nóng") or "the wrong / unsuitable one" ("Auf die falsche Stärke setzen", "Chọn sữa
#: rửa mặt không phù hợp loại da").
MISTAKE_HEADINGS = {
    "en": re.compile(
        r"^(?:forgetting|skipping|ignoring|neglecting|overdoing|over-exfoliating|overwashing|"
        r"picking|popping)\b|\btoo (?:much|many|often|hot|long|hard|early|late|little)\b|"
        r"\b(?:the )?wrong\b"
    ),
    "de": re.compile(
        r"^(?:\w+ ){0,4}(?:vergessen|ignorieren|vernachlässigen|übertreiben|überspringen|auslassen)$|"
        r"\bzu (?:viel|viele|oft|heiß|heißes|lange|stark|häufig|wenig|selten|spät)\b|\bfalsche[nmrs]?\b"
    ),
    "fr": re.compile(
        r"^(?:oublier|négliger|ignorer|sauter|abuser|zapper)\b|\btrop (?:de|d'|souvent|chaud|chaude|longtemps|fort)\b|"
        r"\b(?:mauvais|mauvaise|mauvaises)\b|\binadapté"
    ),
    "es": re.compile(
        r"^(?:olvidar|descuidar|ignorar|saltarse|abusar|exagerar)\b|\bdemasiad[oa]s?\b|"
        r"\b(?:equivocad|incorrect|inadecuad)[oa]s?\b"
    ),
    "it": re.compile(
        r"^(?:dimenticare|trascurare|ignorare|saltare|esagerare|abusare|sottovalutare)\b|\btropp[oaie]\b|"
        r"\b(?:sbagliat|inadatt)[oaie]\b"
    ),
    # "quá" before any word but "quá trình" (process) and "quá khứ" (past): "quá mạnh", "quá nóng"
    "vi": re.compile(
        r"^(?:quên|bỏ qua|lạm dụng|phớt lờ)\b|\bquá (?!trình\b|khứ\b)\w+|"
        r"\b(?:không phù hợp|không đúng cách|sai cách)\b"
    ),
}
#: Words of "unsuitable" that say "not" without giving advice ("không phù hợp": not suited).
_NOT_ADVICE = re.compile(r"(?<!\w)không (?:phù hợp|đúng cách)(?!\w)")
#: A heading that says "not" gives the advice, it does not name the mistake ("Non esagerare ...").
_NEGATED = re.compile(
    r"(?<!\w)(?:don't|do not|never|no|not|avoid|stop|nicht|kein\w*|nie|niemals|ne|n'|pas|jamais|évitez|"
    r"nunca|evita|non|mai|evitare|đừng|không|tránh)(?!\w)"
)


def names_mistake(heading: str, language: str) -> bool:
    """Does ``heading`` name a mistake by its own words (see :data:`MISTAKE_HEADINGS`)?"""
    text = fold(_NUMBERING.sub("", heading.split(" — ")[-1]).strip().rstrip(":.!"))
    if not text or text.endswith("?") or _NEGATED.search(_NOT_ADVICE.sub("", text)):
        return False
    pattern = MISTAKE_HEADINGS.get(language, MISTAKE_HEADINGS["en"])
    return pattern.search(text) is not None


def lists_mistakes(headings: Sequence[str], language: str) -> bool:
    """Is the article a list of mistakes though it never says so: at least two of its headings,
    and at least half of them, name a mistake ("Cambiare prodotti troppo spesso", "Dimenticare la
    protezione solare", "Ignorare i trigger quotidiani")? Then its headings are mistakes to avoid."""
    distinct = list(dict.fromkeys(h.split(" — ")[-1] for h in headings if h))
    named = sum(1 for h in distinct if names_mistake(h, language))
    return named >= 2 and 2 * named >= len(distinct)


def says_mistakes(text: str, language: str) -> bool:
    folded = fold(text)
    words = (
        (*MISTAKE_WORDS.get(language, ()), *MISTAKE_WORDS["en"]) if language != "en" else MISTAKE_WORDS["en"]
    )
    return any(re.search(rf"(?<!\w){re.escape(w)}", folded) for w in words)


def avoid_label(heading: str, language: str, *, mistakes: bool, framing: str) -> str:
    """``heading`` marked as a mistake to avoid ("Zu vermeiden: Auf die falsche Stärke setzen")
    when the article lists mistakes (``mistakes``: its headings name them; or ``framing``, its title,
    opening and the heading above, says so) and the heading neither says so itself nor asks."""
    if (
        (mistakes or says_mistakes(framing, language))
        and not says_mistakes(heading, language)
        and not heading.endswith(("?", "？"))  # a question is asked, not a thing to avoid
    ):
        return f"{AVOID_LABEL.get(language, AVOID_LABEL['en'])} {heading}"
    return heading


def carried_heading(
    tip: Tip, *, opens_section: bool, leans_on_heading: bool, whole_section: bool = False
) -> str | None:
    """The heading to show on the tip's first card, or None."""
    heading = " ".join((tip.section or "").split())
    if not heading or tip.lead or tip.title_card or tip.context or len(heading) > HEADING_MAX_CHARS:
        return None
    last = heading.split(" — ")[-1]  # a sub-heading: "PM Routine — 1. Oil Cleanser"
    if not (opens_section or leans_on_heading):
        return None
    # a question heading is the question of its answer only when the answer is all of the section;
    # a list without a lead-in right under its heading is that heading's list ("Les 8 erreurs à
    # éviter" over eight mistakes, each reading as a recommendation alone)
    listed = bool(tip.items) and opens_section
    if leans_on_heading or listed or (last.endswith("?") and whole_section) or _NUMBERED.match(last):
        text = _NUMBERING.sub("", last).strip()
        if text.endswith(":"):
            text = text[:-1].rstrip()
        text = _FILLER_START.sub("", text)  # "So, What Are Free Radicals?"
        text = text[:1].upper() + text[1:]
        if len(text.split()) < 1 or fold(text) in fold(" ".join(tip.sentences[:1]))[: len(text) + 2]:
            return None
        return text
    return None


#: A heading that names kinds of one thing, the subject of the lists under it ("Understanding Acne
#: Types", "Types of acne", "The main forms of rosacea", "Eczema stages", "Formen der Akne", "Les
#: types d'acné", "Tipos de acné", "Tipi di acne"), per language.
_KINDS_HEADING = {
    "en": re.compile(
        r"^(?:(?:understanding|knowing|identifying|recognizing|recognising|the|common|main|different|"
        r"most common)\s+)*"
        r"(?:(?:types|kinds|forms|sorts|stages|grades|categories|variants) of (?P<of>[\w' -]+?)"
        r"|(?P<before>[\w' -]+?) (?:types|kinds|forms|sorts|stages|grades|categories|variants))$",
        re.IGNORECASE,
    ),
    "de": re.compile(
        r"^(?:(?:die|verschiedene|häufigsten|wichtigsten|welche)\s+)*"
        r"(?:(?:arten|formen|typen|stadien|schweregrade) (?:der|des|von) (?P<of>[\w -]+?)"
        r"|(?P<before>[\w]+)-(?:arten|formen|typen|stadien))$",
        re.IGNORECASE,
    ),
    "fr": re.compile(
        r"^(?:(?:comprendre|connaître|reconnaître|identifier|les|différents|différentes|principaux|"
        r"principales)\s+)*(?:types|formes|sortes|stades|catégories) d(?:e |'|’)(?:l'|l’|la |le |les )?"
        r"(?P<of>[\w'’ -]+?)$",
        re.IGNORECASE,
    ),
    "es": re.compile(
        r"^(?:(?:entender|conocer|identificar|los|las|diferentes|principales)\s+)*"
        r"(?:tipos|formas|clases|grados|etapas) de(?: la| el| los| las)? (?P<of>[\w -]+?)$",
        re.IGNORECASE,
    ),
    "it": re.compile(
        r"^(?:(?:capire|conoscere|riconoscere|i|le|gli|diversi|diverse|principali)\s+)*"
        r"(?:tipi|forme|tipologie|stadi|gradi) d(?:i |ell'|ell’|ella |el |ei |egli |elle )(?P<of>[\w -]+?)$",
        re.IGNORECASE,
    ),
}
#: A label that is one adjective: it wants the subject after it in en and de ("Inflammatory:" ->
#: "Inflammatory acne:", "Entzündliche:" -> "Entzündliche Akne:") and before it in fr, es, it
#: ("Inflammatoire :" -> "Acné inflammatoire :", "Inflamatorio:" -> "Acné inflamatorio:").
_ADJECTIVE_LABEL = {
    "en": re.compile(r"(?:non-)?[a-z]{3,}(?:ory|ive|al|ous|ic|ar|ent|ant|able|ible|ful|less|ular)", re.I),
    "de": re.compile(
        r"(?:nicht-)?[a-zäöüß]{3,}(?:liche|lichen|ige|igen|ische|ischen|ive|iven|ale|alen)", re.I
    ),
    "fr": re.compile(
        r"(?:non[- ])?[a-zàâçéèêëîïôûù]{3,}(?:oire|oires|if|ifs|ive|ives|al|ale|aux|ales|eux|euse|euses|"
        r"ique|iques|aire|aires|ant|ante|ants|antes|ent|ente|ents|entes|able|ables|ible|ibles)",
        re.I,
    ),
    "es": re.compile(
        r"(?:no[- ])?[a-záéíóúñ]{3,}(?:orio|oria|ivo|iva|al|oso|osa|ico|ica|ario|aria|ante|ente|able|ible)s?",
        re.I,
    ),
    "it": re.compile(
        r"(?:non[- ])?[a-zàèéìòù]{3,}(?:orio|oria|ori|orie|ivo|iva|ivi|ive|ale|ali|oso|osa|osi|ose|ico|ica|"
        r"ici|iche|ario|aria|ari|arie|ante|anti|ente|enti|abile|abili|ibile|ibili)",
        re.I,
    ),
}
#: Where the subject goes beside an adjective label: after it ("Inflammatory acne") or before it.
_SUBJECT_AFTER_ADJECTIVE = frozenset({"en", "de"})
#: A label that is what is said about a subject (English): it wants the subject in front ("Severity
#: guide:" -> "Acne severity guide:"), after the adjectives opening it ("Common triggers:" ->
#: "Common eczema triggers:").
_ASPECT_LABEL = {
    "en": re.compile(
        r"(?:[a-z-]+ ){0,2}(?:guide|chart|scale|grading|severity|signs|symptoms|causes|triggers|"
        r"risk factors|overview|basics)",
        re.IGNORECASE,
    ),
}
#: Adjectives that open an aspect label ("Common triggers"), beside those of :data:`_ADJECTIVE_LABEL`.
_OPENING_ADJECTIVES = frozenset({"common", "main", "early", "key", "typical", "usual", "possible", "first"})


def kinds_subject(heading: str, language: str) -> str | None:
    """What a heading that names kinds of one thing names them of ("Understanding Acne Types" ->
    "Acne", "Types of acne" -> "acne", "Formen der Akne" -> "Akne"), at most two words, or None."""
    pattern = _KINDS_HEADING.get(language)
    match = pattern.match(" ".join(heading.split()).rstrip(":.")) if pattern else None
    if match is None:
        return None
    found = match.groupdict()
    subject = (found.get("of") or found.get("before") or "").strip()
    return subject if 0 < len(subject.split()) <= 2 else None


def _mid(word: str, language: str) -> str:
    """A word as it reads inside a phrase: "Acne" -> "acne"; acronyms ("SPF") and German nouns
    ("Akne") keep their capital."""
    if language == "de" or (word.isupper() and len(word) > 1):
        return word
    return word[:1].lower() + word[1:]


def with_subject(label: str, heading: str, language: str) -> str | None:
    """``label`` (a list's title ending in ":") with the subject its heading names, when it names
    none itself: "Inflammatory:" under "Understanding Acne Types" -> "Inflammatory acne:",
    "Severity guide:" -> "Acne severity guide:", "Inflammatoire :" under "Les types d'acné" ->
    "Acné inflammatoire :". None when it needs none or the heading names no subject (see
    :data:`_KINDS_HEADING`)."""
    text = " ".join(label.split())
    if not text.endswith(":"):
        return None
    bare = text[:-1].rstrip()
    colon = text[len(bare) :]  # ":" or the French " :"
    subject = kinds_subject(heading.split(" — ")[-1], language)
    if not bare or subject is None or fold(subject) in fold(bare):
        return None
    adjective, aspect = _ADJECTIVE_LABEL.get(language), _ASPECT_LABEL.get(language)
    mid = " ".join(_mid(w, language) for w in subject.split())
    if adjective is not None and adjective.fullmatch(bare):
        if language in _SUBJECT_AFTER_ADJECTIVE:
            return f"{bare} {mid}{colon}"
        return f"{subject[:1].upper()}{subject[1:]} {_mid(bare, language)}{colon}"
    if aspect is not None and adjective is not None and aspect.fullmatch(bare):
        words = bare.split()
        opening = 0
        while opening < len(words) - 1 and (
            fold(words[opening]) in _OPENING_ADJECTIVES or adjective.fullmatch(words[opening])
        ):
            opening += 1
        if opening:
            return " ".join([*words[:opening], mid, *(_mid(w, language) for w in words[opening:])]) + colon
        return f"{subject[:1].upper()}{subject[1:]} {_mid(bare, language)}{colon}"
    return None


def uncounted(heading: str, language: str) -> str:
    """A heading without the count of a mistakes label ("Mistake #1. Hot water" -> "Mistake: Hot
    water"); other headings as they are."""
    match = _COUNTED_LABEL.match(heading)
    if match is None or not says_mistakes(match.group(1), language):
        return heading
    colon = " : " if language == "fr" else ": "
    return f"{match.group(1)}{colon}{heading[match.end() :]}"


def unlabelled(sentences: Sequence[str]) -> tuple[str, ...] | None:
    """The sentences without a bare one-word label opening them that the next sentence names
    again ("Moisturizers. The most important treatment for eczema is the use of moisturizers."):
    the label is an answer's list heading glued onto its first card and says nothing the card does
    not. None when there is no such label."""
    if len(sentences) < 2 or not _BARE_LABEL.fullmatch(sentences[0].strip()):
        return None
    word = fold(sentences[0].strip().rstrip("."))
    stem = word[:-1] if word.endswith("s") else word
    return tuple(sentences[1:]) if re.search(rf"(?<!\w){re.escape(stem)}", fold(sentences[1])) else None


def carry(
    tip: Tip,
    people: Sequence[Person],
    *,
    language: str,
    framing: str,
    opens_section: bool = False,
    leans_on_heading: bool = False,
    whole_section: bool = False,
    mistakes: bool = False,
) -> tuple[Tip, list[str]]:
    """``tip`` with what it needs from outside it (see the module's docstring), and the flags.

    ``mistakes``: the article's headings name mistakes (:func:`lists_mistakes`)."""
    flags: list[str] = []
    sentences = tip.sentences
    bare = None if tip.lead or tip.title_card or tip.context else unlabelled(sentences)
    if bare is not None:
        flags.append(f"label dropped from the first card: “{sentences[0].strip()}”")
        sentences = bare
    if tip.items and tip.title_card == 1 and tip.section and not tip.lead:
        labelled = with_subject(sentences[0], tip.section, language)
        if labelled is not None:
            flags.append(f"subject carried into the list's title: “{sentences[0].strip()}” → “{labelled}”")
            sentences = (labelled, *sentences[1:])
    sentences, carried = introduce(sentences, people, language)
    flags += [f"introduction carried: {c}" for c in carried]
    title_card = tip.title_card
    heading = (
        None
        if tip.lead
        else carried_heading(
            tip, opens_section=opens_section, leans_on_heading=leans_on_heading, whole_section=whole_section
        )
    )
    if heading is not None:
        heading = uncounted(heading, language)
        parent = " ".join((tip.section or "").split(" — ")[:-1])
        heading = avoid_label(heading, language, mistakes=mistakes, framing=f"{framing} {parent}")
        sentences = (heading, *sentences)
        title_card = 1
        flags.append(f"heading carried onto the first card: “{heading}”")
    if not flags:
        return tip, []
    return replace(tip, sentences=sentences, text=" ".join(sentences), title_card=title_card), flags
