"""People an article introduces once and names again later: each post must say who they are.

A newspaper introduces an expert once ("sagt Dr. Karin Hartmann, Privatdozentin und Oberärztin
in der Ambulanz der Hautklinik der Universität zu Köln") and then names her by surname only
("sagt Dr. Hartmann", "Montgomery said") or by her role ("poursuit le spécialiste"). A series
post is read alone, often before the post that carries the introduction (the cover's lead may say
"laut Dr. Hartmann" before the tip that introduces her). So in every post the first mention of
such a person that is not an introduction is given the article's introduction:

* "laut Dr. Hartmann die beste" -> "laut Dr. Karin Hartmann, Privatdozentin ... Köln, die beste";
* "Montgomery said" -> "Dr. Joanne Montgomery said" (the fullest form the article has);
* "poursuit le spécialiste" -> "poursuit le spécialiste Dominique Tennstedt" (the role noun the
  article gave one person only, when the post does not name anyone).

The article's own sentences are never changed: the posts carry the changed copy, and review.md
flags it ("introduction carried: ..."), for the editor to check. Role nouns and titles are word
lists for en, de, fr, es, it and vi.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tipqueue.posts.fanout import picklable

#: Titles before a name, per language (any language's title is accepted in any article).
_TITLES = (
    r"(?:Dr\.|Dr|Dra\.|Dre|Prof\.|Prof|Pr\.|Prof\. Dr\.|PD Dr\.|Doctor|Doktor|Doctora|Dott\.(?:ssa)?|"
    r"Professor|Professorin|Professeur|BS\.|ThS\.|TS\.|PGS\.|GS\.)"
)
_NAME_WORD = r"[A-ZÀ-ÖØ-ÞĐ][a-zà-öø-ÿđăâêôơưạ-ỹ'’]+(?:-[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’]+)?"
#: "Dr. Karin Hartmann", "Dominique Tennstedt", "Lidia Maroñas": a title, or two or three name words
_FULL = re.compile(
    rf"(?<![\w.])(?:(?P<title>{_TITLES}) )?(?P<name>{_NAME_WORD}(?: {_NAME_WORD}){{1,2}})(?!\w)"
)
#: Nouns that say what a person is (lower case; German nouns are folded too).
ROLES: dict[str, tuple[str, ...]] = {
    "en": (
        "dermatologist",
        "doctor",
        "physician",
        "surgeon",
        "professor",
        "nurse",
        "expert",
        "specialist",
        "esthetician",
        "aesthetician",
        "founder",
        "pharmacist",
        "md",
        "researcher",
    ),
    "de": (
        "dermatologe",
        "dermatologin",
        "hautarzt",
        "hautärztin",
        "arzt",
        "ärztin",
        "oberarzt",
        "oberärztin",
        "privatdozent",
        "privatdozentin",
        "professor",
        "professorin",
        "expertin",
        "experte",
        "apothekerin",
        "apotheker",
        "kosmetikerin",
        "chefarzt",
        "chefärztin",
        # plurals: "Dermatologinnen Silke Hofmann und Marion Moers-Carpi"
        "dermatologinnen",
        "hautärztinnen",
        "ärztinnen",
        "expertinnen",
        "dermatologen",
        "hautärzte",
        "experten",
    ),
    "fr": (
        "dermatologue",
        "médecin",
        "spécialiste",
        "professeur",
        "docteur",
        "experte",
        "expert",
        "pharmacienne",
        "pharmacien",
        "chirurgien",
        "esthéticienne",
    ),
    "es": (
        "dermatóloga",
        "dermatólogo",
        "dermatólogas",
        "dermatólogos",
        "doctora",
        "doctor",
        "médica",
        "médico",
        "especialista",
        "experta",
        "experto",
        "farmacéutica",
        "farmacéutico",
        "cirujano",
    ),
    "it": (
        "dermatologa",
        "dermatologo",
        "dottoressa",
        "dottore",
        "medico",
        "specialista",
        "esperta",
        "esperto",
        "farmacista",
        "chirurgo",
        "professore",
        "professoressa",
    ),
    "vi": ("bác sĩ", "chuyên gia", "dược sĩ", "giáo sư", "tiến sĩ"),
}
_ALL_ROLES = frozenset(r for words in ROLES.values() for r in words)
#: "<role> <name>" before a name: "Der Münchner Dermatologe Dr. Christoph Liebich",
#: "Las dermatólogas Lidia Maroñas", "dermatologist Courtney Rubin"
#: What an apposition after a name starts with: ", a dermatologist", " (Clínica ...)"
_APPOSITION_STARTS = frozenset([", ", " ("])
_WORDLIKE = re.compile(r"[\w'’-]+")
#: Words after a name that start an apposition introducing it: "of the", "von der", "de la" ...
_PREPOSITIONS = re.compile(
    r"^ (?:of|at|from|with|von|vom|der|aus|de|du|des|del|della|dello|di|da|tại|ở|của)\b[^,.;:!?\"“”«»„]{3,80}"
)
#: A bare role mention ("le spécialiste", "the dermatologist", "die Expertin")
_DETERMINERS = r"(?:the|der|die|den|dem|le|la|l'|l’|el|il|lo)"


@dataclass(frozen=True)
class Person:
    """Someone the article introduces: surname, fullest name, introduction and role noun."""

    surname: str
    #: "Dr. Karin Hartmann"
    full: str
    #: "Dr. Karin Hartmann, Privatdozentin und Oberärztin ..." (the full name when nothing more)
    introduction: str
    #: the role noun of the introduction ("dermatologue"), or ""
    role: str = ""


picklable(Person)  # it comes back from the children that share a long article (fanout.py)


def _words_before(text: str, start: int) -> str:
    """The (up to three) words right before ``start``, a comma allowed after them ("la
    dermatologue, Anne Drey"); "" when a name does not follow a word."""
    window = text[max(0, start - 60) : start]
    if not window.endswith(" "):
        return ""
    words = window.rstrip().removesuffix(",").split()[-3:]
    while words and _WORDLIKE.fullmatch(words[0]) is None:
        words = words[1:]
    if any(_WORDLIKE.fullmatch(w) is None for w in words):
        return ""
    return " ".join(words)


def _role_in(text: str) -> str:
    words: list[str] = re.findall(r"[^\W\d_]+", text.lower())
    for n, word in enumerate(words):
        if word in _ALL_ROLES:
            return word
        if n + 1 < len(words) and f"{word} {words[n + 1]}" in _ALL_ROLES:
            return f"{word} {words[n + 1]}"
    return ""


def _apposition(text: str, end: int) -> tuple[str, str]:
    """What introduces the name ending at ``end`` of ``text``: (the words, the role noun)."""
    rest = text[end:]
    m = re.match(r"^ ?\(([^()]{3,80})\)", rest)
    if m:
        return f" ({m.group(1)})", _role_in(m.group(1))
    m = re.match(r"^, ((?:[^,.;:!?\"“”«»„]|\.(?=\w))+?)(?=[,.;:!?\"“”«»„]|$)", rest)
    if m and 1 <= len(m.group(1).split()) <= 16 and m.group(1).split()[0].lower() not in _CONJUNCTIONS:
        role = _role_in(m.group(1))
        if role:
            return f", {m.group(1)}", role
    m = _PREPOSITIONS.match(rest)
    if m and _role_in(text[max(0, end - 120) : end]) == "" and len(m.group(0).split()) <= 10:
        return m.group(0), ""
    return "", ""


def article_people(texts: Iterable[str]) -> list[Person]:
    """Everyone the texts (in article order) introduce with a title or a role noun."""
    return merge_people(person for text in texts for person in people_in(text))


def merge_people(introduced: Iterable[Person]) -> list[Person]:
    """One person per surname from :func:`people_in`'s introductions, in article order: the
    fullest introduction, unless the first one already said more than the name."""
    found: dict[str, Person] = {}
    for person in introduced:
        known = found.get(person.surname)
        if known is not None and known.introduction != known.full:
            continue
        if known is None or len(person.introduction) > len(known.introduction):
            found[person.surname] = person
    return list(found.values())


def people_in(text: str) -> list[Person]:
    """Each introduction of a person with a title or a role noun in one text, in order."""
    found: list[Person] = []
    last_end, last_role = -1, ""
    for m in _FULL.finditer(text):
        name = m.group("name")
        words = name.split()
        start = m.start()
        role_before = ""
        if m.group("title") is None and words[0].lower() in _ALL_ROLES and len(words) > 2:
            # "sagt Dermatologin Daisy Kopera": a German role noun is capitalised too
            role_before, words = words[0], words[1:]
            start = m.end() - len(" ".join(words))
        if m.group("title") is None and words[0].lower() in _NOT_GIVEN:
            continue
        before = role_before or _words_before(text, start)
        role_before = _role_in(before) if before else ""
        titled = m.group("title") is not None
        if not (titled or role_before or last_role) and text[m.end() : m.end() + 2] not in _APPOSITION_STARTS:
            continue  # no title, no role before, none after: a name or a heading's words, not a person
        apposition, role = _apposition(text, m.end())
        written = len(apposition)
        shared = ""
        if not (role or role_before) and last_role and _COORDINATED.fullmatch(text[last_end:start]):
            role_before = shared = last_role  # "Las dermatólogas Lidia Maroñas (...) y Paloma Cornejo (...)"
        if m.group("title") is None and not (role or role_before):
            continue
        last_end, last_role = m.end() + written, role or role_before
        surname = words[-1]
        full = text[start : m.end()]
        if apposition.startswith(" (") and not role and role_before:
            apposition = ""  # "(Centro Paloma Cornejo)" names her clinic; her role says who she is
        role_before = _singular(role_before)
        introduction = full + apposition
        if not apposition and role_before:
            kept = (
                [_as_written(text[:start], shared)]
                if shared
                else _after_determiner(before.split())
                if before
                else []
            )
            kept = [
                _singular(w) if w.lower() == role_before or _singular(w.lower()) == role_before else w
                for w in kept
            ]
            introduction = f"{full} ({' '.join(kept)})" if kept else full
        found.append(Person(surname, full, introduction, role or role_before))
    return found


def _as_written(text: str, role: str) -> str:
    """``role`` as ``text`` last wrote it ("Dermatologinnen" for "dermatologinnen"), else as given."""
    words: list[str] = re.findall(r"[^\W\d_]+", text)
    return next((w for w in reversed(words) if w.lower() == role.lower()), role)


def _singular(role: str) -> str:
    """ "dermatólogas" -> "dermatóloga", "Dermatologinnen" -> "Dermatologin": one person of a
    plural role ("Las dermatólogas A y B")."""
    if role.endswith("s") and role[:-1].lower() in _ALL_ROLES:
        return role[:-1]
    if role.endswith("innen") and role[:-3].lower() in _ALL_ROLES:  # "Dermatologinnen" -> "Dermatologin"
        return role[:-3]
    return role


def _after_determiner(words: list[str]) -> list[str]:
    """The words after the last determiner ("dice la dermatologa" -> "dermatologa")."""
    for n in range(len(words) - 1, -1, -1):
        if words[n].lower() in _LEADING_DETERMINERS:
            return words[n + 1 :]
    return words


def introduce(
    sentences: Sequence[str], people: Sequence[Person], language: str = "en"
) -> tuple[tuple[str, ...], list[str]]:
    """``sentences`` with each person's first mention that does not introduce them given the
    introduction; and what was carried, one line each ("Montgomery -> Dr. Joanne Montgomery")."""
    out = list(sentences)
    carried: list[str] = []
    text = " ".join(out)
    named = False
    for person in people:
        first = _first_mention(text, person)
        if first is None:
            continue
        named = True
        start, end = first
        if text[start:end] == person.full and (
            person.introduction == person.full or _introduces(text, start, end)
        ):
            continue
        introduction = person.introduction
        if person.role and text[:start].rstrip().lower().endswith(person.role):
            introduction = person.full  # "Theo bác sĩ An" -> "Theo bác sĩ Nguyễn Văn An"
        if text[start:end] == introduction:
            continue
        titled = _TITLE_BEFORE.search(text[:start])
        if titled and (_TITLE_AT_START.match(introduction) or _DEGREE.search(introduction)):
            start = titled.start()  # "Dr. Birnbaum" -> "Charlotte Birnbaum, MD", not "Dr. Charlotte ..., MD"
        out, done = _replace_in(out, start, end, introduction)
        if done:
            carried.append(f"{text[start:end]} → {introduction}")
            text = " ".join(out)
    if not named:
        out, more = _role_mentions(out, people)
        if not more:
            out, more = _group_mentions(out, people, language)
        carried += more
    return tuple(out), carried


#: "and" between the names of a group, per language
_AND = {"en": "and", "de": "und", "fr": "et", "es": "y", "it": "e", "vi": "và"}
#: a plural pronoun standing for experts, when an advice or speech verb follows it (the verb
#: keeps "Ellas" for "las cremas" out): "Ellas aconsejan", "They recommend", "Elles conseillent"
_GROUP_PRONOUN = re.compile(
    r"^(?P<p>They|Sie|Elles|Ils|Ellas|Ellos|Loro|Họ) (?=(?:also |también |aussi |auch |anche |cũng )?"
    r"(?:recommend|advise|suggest|say|explain|warn|insist|agree|raten|empfehlen|erklären|sagen|warnen|"
    r"conseillent|recommandent|expliquent|disent|préconisent|aconsejan|recomiendan|explican|dicen|advierten|"
    r"insisten|consigliano|raccomandano|spiegano|dicono|suggeriscono|khuyên|khuyến cáo|cho biết)\b)"
)


def _group_mentions(
    sentences: list[str], people: Sequence[Person], language: str
) -> tuple[list[str], list[str]]:
    """ "Ellas aconsejan" -> "Las dermatólogas Lidia Maroñas y Paloma Cornejo aconsejan", "las dermatólogas incluyen"
    -> "las dermatólogas Lidia Maroñas y Paloma Cornejo incluyen": the article's experts, all of
    one role, named where a post that names nobody speaks of them together."""
    if not 2 <= len(people) <= 3 or not people[0].role or any(p.role != people[0].role for p in people):
        return sentences, []
    names = f" {_AND.get(language, _AND['en'])} ".join(p.full for p in people)
    role = re.escape(people[0].role)
    plural = re.compile(
        rf"(?i)(?<!\w)(?:the|die|den|les|las|los|le|gli|i|các) (?:{role}(?:s|es|nen|n)|{_EXPERTS})(?!\w)"
    )
    for n, sentence in enumerate(sentences):
        m = _GROUP_PRONOUN.match(sentence)
        if m is not None:
            group = _group_of(people[0].role, m.group("p"))
            who = f"{group} {names}" if group else names
            new = who + sentence[m.end("p") :]
            return [*sentences[:n], new, *sentences[n + 1 :]], [f"{m.group('p')} → {who}"]
        m = plural.search(sentence)
        if m is not None and not sentence[m.end() :].startswith((" " + people[0].full, " " + people[1].full)):
            new = f"{sentence[: m.end()]} {names}{sentence[m.end() :]}"
            return [*sentences[:n], new, *sentences[n + 1 :]], [f"{m.group(0)} → {m.group(0)} {names}"]
    return sentences, []


#: the plural "experts" an article calls its experts by, whatever their role ("laut den Expertinnen")
_EXPERTS = "experts|expertinnen|experten|expertes|expertos|expertas|esperti|esperte|chuyên gia"
#: the determiner of a plural group for each plural pronoun
_GROUP_DETERMINER = {
    "They": "The",
    "Sie": "Die",
    "Elles": "Les",
    "Ils": "Les",
    "Ellas": "Las",
    "Ellos": "Los",
    "Họ": "Các",
}


def _group_of(role: str, pronoun: str) -> str | None:
    """ "Ellas" of two dermatologists -> "Las dermatólogas", "Sie" -> "Die Dermatologinnen": what
    the experts are, said with the names carried for a pronoun (None: no regular plural)."""
    determiner = _GROUP_DETERMINER.get(pronoun)
    if determiner is None or not role or role == "md":
        return None
    if pronoun == "Họ":
        return f"{determiner} {role}"
    if pronoun == "Sie":
        if role.endswith("in"):
            plural = role + "nen"
        elif role.endswith("e"):
            plural = role + "n"
        else:
            return None
        return f"{determiner} {plural[:1].upper()}{plural[1:]}"
    plural = role + ("es" if pronoun in ("Ellas", "Ellos") and role[-1] not in "aeiouáéíóú" else "s")
    return f"{determiner} {plural}"


def _first_mention(text: str, person: Person) -> tuple[int, int] | None:
    """Where ``text`` first names ``person``: the full name, title + surname, given name +
    surname or the surname alone (the longest form at the leftmost place)."""
    words = person.full.split()
    forms = {person.full, person.surname, " ".join(words[-2:])}
    title = _TITLE_AT_START.match(person.full)
    if title:
        forms.add(f"{title.group(0)}{person.surname}")
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    m = re.search(rf"(?<![\w.])(?:{alternatives})(?![\w’'-])", text)
    return (m.start(), m.end()) if m else None


def _introduces(text: str, start: int, end: int) -> bool:
    """The mention at ``start:end`` is an introduction: an apposition after it or a role before it."""
    if _apposition(text, end)[0]:
        return True
    before = _words_before(text, start)
    return bool(before and _role_in(before))


def _replace_in(sentences: list[str], start: int, end: int, new: str) -> tuple[list[str], bool]:
    """Replace characters ``start:end`` of the sentences joined by spaces (within one sentence)."""
    at = 0
    for n, sentence in enumerate(sentences):
        if at <= start and end <= at + len(sentence):
            a, b = start - at, end - at
            after = sentence[b:]
            piece = new
            if ", " in new and after.startswith(" ") and after[1:2].isalnum():
                piece = new + ","  # "laut Dr. Karin Hartmann, Privatdozentin ..., die beste"
            sentences = [*sentences[:n], sentence[:a] + piece + after, *sentences[n + 1 :]]
            return sentences, True
        at += len(sentence) + 1
    return sentences, False


def _role_mentions(sentences: list[str], people: Sequence[Person]) -> tuple[list[str], list[str]]:
    """ "poursuit le spécialiste" -> "poursuit le spécialiste Dominique Tennstedt": a role noun
    the article gave exactly one person, in a post that names nobody."""
    by_role: dict[str, list[Person]] = {}
    for person in people:
        if person.role:
            by_role.setdefault(person.role, []).append(person)
    if len(people) == 1:  # the article's only expert: any role noun is her ("le spécialiste")
        by_role = {"|".join(sorted(_ALL_ROLES - {"md"}, key=len, reverse=True)): list(people)}
    for role, owners in by_role.items():
        if len(owners) != 1:
            continue
        person = owners[0]
        roles = role if len(people) == 1 else re.escape(role)
        pattern = re.compile(rf"(?i)(?<!\w){_DETERMINERS} ?(?:{roles})(?!\w)(?! {re.escape(person.full)})")
        for n, sentence in enumerate(sentences):
            m = pattern.search(sentence)
            if m is None:
                continue
            after = sentence[m.end() :]
            name = person.full if after[:1] in ("", " ", ",", ".", ":", ";") else None
            if name is None:
                continue
            sentences = [*sentences[:n], sentence[: m.end()] + " " + name + after, *sentences[n + 1 :]]
            return sentences, [f"{m.group(0)} → {m.group(0)} {name}"]
    return sentences, []


#: Capitalised words that open a sentence but are no given name ("Laut Dr. ...": the title is
#: caught; "Las Dermatólogas ..." is not a name).
_NOT_GIVEN = frozenset(
    [
        "the",
        "a",
        "an",
        "der",
        "die",
        "das",
        "ein",
        "eine",
        "le",
        "la",
        "les",
        "un",
        "une",
        "el",
        "los",
        "las",
        "il",
        "lo",
        "gli",
        "una",
        "und",
        "and",
        "et",
        "y",
        "e",
    ]
)
_COORDINATED = re.compile(r",? (?:and|und|et|y|e|và|sowie|,) ?")
_CONJUNCTIONS = frozenset(["and", "et", "und", "y", "e", "và", "or", "ou", "oder", "o"])
_TITLE_AT_START = re.compile(rf"^(?:{_TITLES}|Dr\. med\.) ")
#: A title right before a mention ("Dr. " in "Dr. Birnbaum")
_TITLE_BEFORE = re.compile(rf"(?<![\w.])(?:Dr\. med\.|{_TITLES}) $")
#: A degree after a name: "Charlotte Birnbaum, MD" already says she is a doctor
_DEGREE = re.compile(r"(?<![\w.])(?:MD|M\.D\.|DO|D\.O\.|PhD|Ph\.D\.|FAAD|MBBS|DDS)(?![\w])")
_LEADING_DETERMINERS = _NOT_GIVEN | {"dem", "den", "des"}
