"""Advice credited to a named doctor, said directly: what an editor does before a clinic posts it.

An article written elsewhere credits its advice to the doctors it consulted ("Try a cream
cleanser in winter, Dr. Jane Example said.", "According to Dr. Max Muster, ...", "Pour la
dermatologue Anne Exemple, la priorité est ...", "..., sagt Dermatologin Erika Beispiel."). On a
clinic's account that doctor is another practice's: an editor keeps the advice and takes the
credit off, word for word otherwise. :func:`unattributed` does that to an idea's sentences when
the sentence stands on its own once the clause is gone:

* a clause after the advice: ", says Dr X[, her title and town]." (en, de, fr, es, it, vi),
  also "X, MD" and a role before the name ("sagt Dermatologin Erika Beispiel"), or a pronoun in
  the French inverted form ("précise-t-elle");
* a clause before it: "According to Dr X, ...", "Dr X says (that) ...", "Dermatologe Dr. X: „...“",
  "Selon le Dr X, ...", "Pour la dermatologue X, ...", "Según la Dra. X, ...", "Secondo il dottor
  X, ...", "Theo bác sĩ X, ...".

A quotation left without its speaker loses its quotation marks (also when it closes in a later
sentence of the idea). Nothing is rewritten when the quoted words speak in the first person ("I
recommend ...", "Wir können ...": without the speaker they would be the clinic's own practice
talk, which :func:`.elsewhere.first_person_advice` weighs instead), nor when the advice is
introduced by a verb that needs its subject ("Dr X recommends using ..."). Where a sentence left
still reports her in German reported speech ("Zwei Liter seien empfehlenswert"),
:func:`reported_speech` finds it, and the idea keeps its credit (see :mod:`.selection`).

The article's ideas are not changed: the coverage invariant holds on them, and the chosen tip
carries the rewritten sentences (a change of wording within a sentence, not a dropped sentence).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

#: a capitalised name word (Latin letters, Vietnamese too)
_WORD = r"[A-ZÀ-ÖØ-ÞĐƠƯẠ-Ỹ][\w'’-]+"
#: a name word a page wrote in lower case before its hyphen ("ev-Charlott"), or a particle ("von", "de")
_NAME_PART = rf"(?:{_WORD}|[a-zà-ÿ]+-{_WORD}|(?:von|van|de|del|della|di|da|du|le|la)(?= [A-ZÀ-Ý]))"
_NAMES = rf"{_NAME_PART}(?: {_NAME_PART}){{0,3}}"
_FULL_NAME = rf"{_WORD}(?: {_WORD}){{1,3}}"
_TITLE = r"(?:Dr|Dra|Drs|Dott|Dott\.ssa|Dottor|Dottore|Dottoressa|Doktor|Prof|PD Dr|BS|TS|ThS|PGS\. TS)\.?(?: med\.)?"
_ROLE = (
    r"(?:(?:board[- ]certified|cosmetic|consultant|leading|renowned) )*"
    r"(?:[Dd]ermatologist|[Dd]ermatologic surgeon|[Pp]lastic surgeon|[Pp]hysician|"
    r"Dermatolog(?:e|in)|Hautärzt(?:in)?|Hautarzt|Ärztin|Arzt|"
    r"[Dd]ermatologue|[Mm]édecin|[Dd]ermatólog[oa]|[Dd]octora?|[Dd]ermatolog[oa]|[Dd]ottor(?:essa)?|"
    r"[Bb]ác sĩ|[Cc]huyên gia|[Tt]iến sĩ)"
)
#: a form of address before a doctor's title ("Frau Dr. X", "Mme le Dr X")
_HONORIFIC = r"(?:(?:Frau|Herr|Mrs?\.?|Ms\.?|Mme|Madame|Monsieur|Señora|Sra\.|Sr\.|Signora|Signor) )?"
#: a named doctor: a title before the name, a role before a full name, or a name with its degree
_DOCTOR = (
    rf"(?:(?:{_ROLE} )?{_HONORIFIC}{_TITLE} {_NAMES}"
    rf"|{_ROLE} {_FULL_NAME}"
    rf"|{_FULL_NAME},? (?:MD|M\.D\.|DO|FAAD|CNP|NP|APRN|DNP|PA-C)\b)"
)
#: a doctor the article named before, as the article goes on to call her: a role with its article
#: ("Pour la dermatologue, ...", "prévient l'experte")
_BARE_ROLE = (
    r"(?:[Tt]he|[Dd]er|[Dd]ie|[Ll]e|[Ll]a|[Ll]'|[Ll]’|[Ee]l|[Ii]l|[Ll]o) ?"
    rf"(?:{_ROLE}|[Ee]xpert(?:e|in)?|[Ee]xperta|[Ee]spert[oa])(?![\w-])"
)
#: in a credit after the advice, a surname alone ("..., erklärt Liebich.", "..., Montgomery said.")
_SURNAME = rf"{_WORD}(?: {_WORD}){{0,2}}"
#: what may follow the name in the clause: her degrees, title, practice and town, up to the end
_APPOSITION = (
    r"(?:,? ?\([^()]{1,120}\)|,? (?:with|at|of|from) [^.!?;:“”„«»\"]{1,160}?|, [^.!?;:“”„«»\"]{1,160}?)?"
)
_ARTICLE = r"(?:(?:[Tt]he|[Dd]er|[Dd]ie|[Ll]e|[Ll]a|[Ll]'|[Ll]’|[Ee]l|[Ii]l|[Ll]o) ?)?"
_SAYS_EN = (
    r"(?:says|said|explains|explained|adds|added|notes|noted|advises|stresses|emphasi[sz]es|points out"
    r"|cautions|cautioned|warns|warned)"
)
_SAYS_AFTER = (
    rf"(?:{_SAYS_EN}|per|sagt|erklärt|betont|rät|ergänzt|so"
    r"|explique|précise|ajoute|souligne|conseille|indique|affirme|rappelle|poursuit|prévient|insiste|assure"
    r"|explica|afirma|añade|señala|aconseja|recomienda|indica"
    r"|spiega|afferma|aggiunge|sottolinea|consiglia|precisa|evidenzia|conclude|osserva"
    r"|cho biết|chia sẻ|khuyên)"
)
_QUOTES_OPEN = '“„«"‚‘'
_QUOTES_CLOSE = '”“»"’‘'

#: where a credit after the advice starts: a comma or a closing quote (the match starts only there)
_CLOSE = r"(?:[,.!?] ?)?[”“»\"](?: ?,)?|,"
#: ", says Dr X, title." / "“...,” said X, MD, a dermatologist in Town." / "..., Dr. X said."
_AFTER = re.compile(
    rf"(?P<close>{_CLOSE}) ?[-–—]? ?"
    rf"(?:{_SAYS_AFTER} (?:{_ARTICLE}{_DOCTOR}|{_BARE_ROLE}|{_SURNAME})"
    rf"|(?:{_ARTICLE}{_DOCTOR}|{_BARE_ROLE}|{_SURNAME}) (?:{_SAYS_EN}|sagt|erklärt)"
    rf"|(?:{_SAYS_AFTER})-t-(?:elle|il))"
    rf"{_APPOSITION}(?P<end>[.!?;]|$)"
)
#: ", empfiehlt Beispiel." closing the sentence: with words after the name the verb introduces the
#: advice (", empfiehlt Dr. X, zunächst eine Lotion aufzutragen."), which needs its subject
_AFTER_BARE = re.compile(
    rf"(?P<close>{_CLOSE}) ?(?:empfiehlt|warnt) (?:{_ARTICLE}{_DOCTOR}|{_SURNAME})(?: \([^()]{{1,60}}\))?"
    r"(?P<end>[.!?;]|$)"
)
#: a credit set between dashes inside the sentence ("La pelle secca in inverno - conclude infatti
#: Rogge - peggiora ...", "Die Haut - so Hautärztin Erika Beispiel - braucht ..."): the dashes and
#: what they hold go, the sentence closes over them
_AMID = re.compile(
    rf" [-–—] (?:{_SAYS_AFTER})(?: (?:infatti|anche|dazu|auch|also|encore|además))? "
    rf"(?:{_ARTICLE}{_DOCTOR}|{_BARE_ROLE}|{_SURNAME}){_APPOSITION} [-–—] (?=\w)"
)
#: ', she said.' after a named doctor's credit was taken off the same idea
_PRONOUN_AFTER = re.compile(
    rf"(?P<close>{_CLOSE}) ?"
    rf"(?:(?:she|he) {_SAYS_EN}|{_SAYS_EN} (?:she|he)|(?:sagt|erklärt|betont) (?:sie|er)"
    r"|(?:explique|précise|ajoute|souligne)-t-(?:elle|il)|(?:explica|afirma|añade) (?:ella|él)"
    r"|(?:spiega|afferma|aggiunge) (?:lei|lui))"
    r"(?P<end>[.!?;]|$)"
)
#: ", selon elle, " inside a sentence, after a named doctor's credit was taken off the same idea
_PRONOUN_AMID = re.compile(
    r",? (?:selon (?:elle|lui)|d['’]après (?:elle|lui)|according to (?:her|him)|laut (?:ihr|ihm)"
    r"|según (?:ella|él)|secondo (?:lei|lui)|theo (?:bà|ông)), "
)
#: "According to Dr X, ..." / "Selon le Dr X, ..." / "Pour la dermatologue X, ..." / "Theo bác sĩ X, ..."
_BEFORE = re.compile(
    rf"^(?:According to|Per|Laut|Selon|D'après|D’après|Pour|Según|De acuerdo con|Para|Secondo|Per|Theo|Theo lời) "
    rf"(?:{_ARTICLE}{_DOCTOR}|{_BARE_ROLE}){_APPOSITION}, (?P<rest>\S)"
)
#: advice opening with a pronoun for the one credited
_PRONOUN_START = re.compile(
    r"[\"“„«]?\s?(?:they|she|he|sie|er|elle|elles|ils|ella|él|ellos|lei|lui|loro|bà|ông)\b",
    re.IGNORECASE,
)
#: a capitalised word that is nobody the article named ("Nobody says you must ...")
_NOBODY = (
    r"(?:Nobody|No|Everyone|Everybody|Somebody|Someone|Research|Science|Nothing|It|This|That|He|She|They"
    r"|We|I|You|Experts|Studies|Doctors|Dermatologists|Many|Most|Some|People|Man|Jeder|Niemand|On"
    r"|Personne|Tout|Nadie|Todos|Nessuno|Tutti)\b"
)
#: "Dr X says (that) ..." / "Dr X also said ..." / "Dermatologe Dr. X: „...“" / "La dermatologue X préconise : « ..."
#: a connective before the credit, which goes with it: "Lastly, Dr X said people should ..." leans on
#: the article's earlier advice, which the post does not carry
_LEADING_CONNECTIVE = (
    r"(?:(?:Lastly|Finally|Also|Additionally|Plus|Moreover|Furthermore|Außerdem|Zudem|Zuletzt|Enfin"
    r"|Par ailleurs|Además|Por último|Finalmente|Inoltre|Infine),? )?"
)
_SUBJECT = re.compile(
    rf"^{_LEADING_CONNECTIVE}(?:{_ARTICLE}{_DOCTOR}{_APPOSITION},?|{_BARE_ROLE}|(?!{_NOBODY}){_WORD}) (?:also |further )?"
    rf"(?:(?:says|said|explains|explained|notes|noted|adds|added|stresses|emphasi[sz]es|points out"
    rf"|(?:advises|recommends|suggests|believes) that)(?: that)?,?"
    rf"|(?:sagt|erklärt|rät|betont)(?: dazu)?:|préconise ?:|explique ?:|conseille ?:|poursuit ?:"
    rf"|explica:|afirma:|aconseja:|spiega:|consiglia:|cho biết:?"
    rf"|khuyến nghị|khuyên|nhấn mạnh:?|chia sẻ:?|giải thích:?) (?P<rest>\S)"
    rf"|^(?:(?:Der |Ein |Le |El |Il )?(?:Tipp|Rat|Tip|Advice|Conseil|Consejo|Consiglio) (?:von|vom|from|de|del|di) )?"
    rf"{_ARTICLE}{_DOCTOR}(?: (?:von|vom|aus) [^:.!?]{{1,80}})?: (?P<rest2>[{_QUOTES_OPEN}])"
)
#: first-person words: a quote in them is not the clinic's to say without its speaker
_FIRST_PERSON = re.compile(
    r"(?<![\w’'])(?:I|I'm|I’m|I've|I’ve|I'd|I’d|me|my|we|We|our|Our|us|ich|Ich|mein\w*|Mein\w*|wir|Wir|uns|unser\w*"
    r"|je|Je|j'|J'|j’|J’|nous|Nous|mes|Mes|notre|Notre|nos|Nos|yo|Yo|nosotr[oa]s|Nosotr[oa]s|mis|Mis|nuestr[oa]s?"
    r"|io|Io|noi|Noi|miei|nostr[oaie]|tôi|Tôi|chúng tôi|Chúng tôi)(?![\w’'])"
)


#: a stretch in quotation marks (it may open before the idea or close after it)
_QUOTED = re.compile(r"“[^”]*”?|^[^“”]*”|„[^“”]*[“”]?|«[^»]*»?|\"[^\"]*\"?")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _unquote_start(sentences: list[str], i: int, text: str) -> str | None:
    """``text`` (sentence ``i`` as rewritten, starting with an opening quote) without its quote
    marks: the closing one at its end, or in a later sentence of the idea (None when the
    quotation speaks in the first person there)."""
    body = text[1:].lstrip()
    stripped = body.rstrip()
    if stripped and stripped[-1] in _QUOTES_CLOSE:
        return stripped[:-1].rstrip()
    if stripped[-2:-1] and stripped[-2] in _QUOTES_CLOSE and stripped[-1] in ".!?":
        inner = stripped[:-2].rstrip()
        # „... vor.“. ends on one stop, not two
        return inner if inner.endswith((".", "!", "?", "…")) else inner + stripped[-1]
    for j in range(i + 1, len(sentences)):
        later = sentences[j]
        at = next((k for k, ch in enumerate(later) if ch in _QUOTES_CLOSE), -1)
        if _FIRST_PERSON.search(later[: at if at >= 0 else len(later)]):
            return None
        if at >= 0:
            sentences[j] = (later[:at].rstrip() + later[at + 1 :]).rstrip()
            break
    return body


def _rewrite(sentences: list[str], i: int, after: re.Pattern[str] | None = None) -> tuple[str, str] | None:
    """Sentence ``i`` without its attribution, and the clause taken out; None when it has none
    that can go (``sentences`` may lose a closing quote of sentence ``i``'s quotation)."""
    s = sentences[i]
    m = None if after is not None else _BEFORE.search(s) or _SUBJECT.search(s)
    if m is not None:
        start = m.start("rest") if m.group("rest") is not None else m.start("rest2")
        rest = s[start:]
        if _FIRST_PERSON.search(rest) or _PRONOUN_START.match(rest):
            # "Cosrx says they added ...": "They added ..." would point at nobody
            return None
        if rest[0] in _QUOTES_OPEN:
            unquoted = _unquote_start(sentences, i, rest)
            if unquoted is None:
                return None
            rest = unquoted
        return _capital(rest), s[:start].strip()
    for m in (m for pattern in ((after,) if after else (_AFTER, _AFTER_BARE)) for m in pattern.finditer(s)):
        if m.start() < 12:
            continue
        body = s[: m.start()].rstrip()
        if _FIRST_PERSON.search(body):
            return None
        close = m.group("close").strip()
        end = m.group("end")
        quoted = any(q in close for q in _QUOTES_CLOSE)
        stop = next((ch for ch in close if ch in ".!?"), "")
        if end == ";":
            tail = s[m.end() - 1 :]
            new = body + (stop if stop in "!?" and stop else "") + tail
        else:
            new = body + (stop if stop in "!?" and stop else ".") + s[m.end() :]
        if quoted:
            opener = max(new.rfind(q) for q in _QUOTES_OPEN)
            if opener >= 0:
                new = new[:opener] + new[opener + 1 :].lstrip()
            else:
                # the quotation opened in an earlier sentence of the idea
                for j in range(i - 1, -1, -1):
                    earlier = sentences[j]
                    at = max(earlier.rfind(q) for q in _QUOTES_OPEN)
                    if at >= 0:
                        if _FIRST_PERSON.search(earlier[at:]):
                            return None
                        sentences[j] = earlier[:at] + _capital(earlier[at + 1 :].lstrip())
                        break
        new = _capital(new.strip())
        return new, s[m.start() : m.end()].strip(" ,.;" + _QUOTES_CLOSE)
    m = _AMID.search(s) if after is None else None
    if m is not None and m.start() >= 12 and not _FIRST_PERSON.search(s):
        return s[: m.start()] + " " + s[m.end() :], m.group(0).strip(" -–—")
    return None


def unattributed(sentences: Sequence[str]) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """The sentences with each named doctor's credit taken off where the advice stands alone,
    and what was rewritten: (sentence before, clause taken out) per sentence."""
    whole = " ".join(sentences)
    if not _hinted(whole):
        return tuple(sentences), ()
    if any(_FIRST_PERSON.search(q.group(0)) for q in _QUOTED.finditer(whole)):
        # the doctor speaks for her own practice somewhere in the idea: no credit can go
        return tuple(sentences), ()
    out = list(sentences)
    changes: list[tuple[str, str]] = []
    for i in range(len(out)):
        if not _hint_in(out[i]):
            continue
        trial = list(out)
        done = _rewrite(trial, i)
        if done is None or len(done[0].split()) < 3:
            continue
        trial[i] = done[0]
        changes.append((out[i], done[1]))
        out = trial
        if i + 1 < len(out) and out[i + 1][:1] in _QUOTES_OPEN and sentences[i][:1] in _QUOTES_OPEN:
            # her quotation goes on in the next sentence ("“...,” says Dr X. “It is ...”"): the
            # same speaker, now unnamed, so its marks go too
            go_on = _unquote_start(out, i + 1, out[i + 1])
            if go_on is not None:
                out[i + 1] = go_on
    if changes:
        # "..., she said." in the same idea speaks of the doctor whose credit is gone
        for i in range(len(out)):
            trial = list(out)
            done = _rewrite(trial, i, _PRONOUN_AFTER)
            if done is None or len(done[0].split()) < 3:
                continue
            trial[i] = done[0]
            changes.append((out[i], done[1]))
            out = trial
        for i in range(len(out)):
            m = _PRONOUN_AMID.search(out[i])
            if m is not None and m.start() >= 6:
                changes.append((out[i], m.group(0).strip(" ,")))
                out[i] = out[i][: m.start()] + " " + out[i][m.end() :]
        if _SPEAKER_LEFT.search(" ".join(out)):
            # "Deshalb rät er ...": the rest of the idea still speaks of her, now unnamed
            return tuple(sentences), ()
    return tuple(out), tuple(changes)


#: a pronoun standing for the speaker, in a sentence that reports what she says or advises
_SPEAKER_LEFT = re.compile(
    r"\b(?:she|he) (?:also )?(?:recommends|suggests|advises|adds|says|said|explains|notes|warns|believes)\b"
    r"|\b(?:rät|empfiehlt|sagt|erklärt|meint|betont|warnt) (?:er|sie)\b|\b(?:laut|nach) (?:ihr|ihm)\b"
    r"|\bselon (?:elle|lui)\b|-t-(?:elle|il)\b|\b(?:conseille|recommande)-t-(?:elle|il)\b"
    r"|\b(?:según|para) (?:ella|él)\b|\bsecondo (?:lei|lui)\b|\btheo (?:bà|ông|cô|anh|chị)\b",
    re.IGNORECASE,
)


#: words of a credit: the idea's words are looked up in a set (much cheaper than a pattern)
_HINT_TOKENS = frozenset(
    [
        "dr",
        "dra",
        "drs",
        "dott",
        "doktor",
        "prof",
        "bs",
        "ts",
        "md",
        "faad",
        "said",
        "says",
        "cautions",
        "cautioned",
        "warns",
        "warned",
        "sagt",
        "erklärt",
        "empfiehlt",
        "explique",
        "précise",
        "prévient",
        "explica",
        "afirma",
        "spiega",
        "afferma",
        "evidenzia",
        "conclude",
        "expert",
        "experte",
        "expertin",
        "experta",
        "esperto",
        "esperta",
        "médecin",
        "dottor",
        "dottore",
        "dottoressa",
        "doctor",
        "doctora",
    ]
)
#: ... and these parts of words by substring search
_HINT_PARTS = ("ermatolog", "autärzt", "autarzt", "bác sĩ", "Bác sĩ", "iến sĩ", "-t-", "M.D.", ", per ")
_TOKEN = re.compile(r"\w+")


def _hinted(text: str) -> bool:
    if any(p in text for p in _HINT_PARTS):
        return True
    return not _HINT_TOKENS.isdisjoint(_TOKEN.findall(text.lower()))


#: pieces of every :data:`_HINT` match, looked for as plain text first: the pattern's many
#: alternatives cost 50 µs on a sentence that holds none, these a few
_HINT_PIECES = (
    "Dr", "Dott", "Doktor", "Prof", "BS", "TS", "MD", "M.D.", "FAAD", "ermatolog", "autärzt",
    "autarzt", "médecin", "ác sĩ", "iến sĩ", "-t-", "ottor", "octor", "xpert", "spert", "said",
    "says", "caution", "warn", "sagt", "erklärt", "empfiehlt", "explique", "précise", "prévient",
    "explica", "afirma", "spiega", "afferma", "evidenzia", "conclude", ", per ",
)  # fmt: skip


def _hint_in(sentence: str) -> bool:
    return any(p in sentence for p in _HINT_PIECES) and _HINT.search(sentence) is not None


#: most sentences name no doctor: the patterns are tried only where one of these is
_HINT = re.compile(
    r"\b(?:Dr|Dra|Dott|Doktor|Prof|BS|TS)\b|\b(?:MD|M\.D\.|FAAD)\b|dermatolog|Dermatolog|[Hh]autärzt|[Hh]autarzt"
    r"|médecin|[Bb]ác sĩ|[Tt]iến sĩ|-t-(?:elle|il)\b|[Dd]ottor|[Dd]octor|[Ee]xpert|[Ee]spert"
    r"|\b(?:said|says|cautions|cautioned|warns|warned|sagt|erklärt|empfiehlt|explique|précise|prévient"
    r"|explica|afirma|spiega|afferma|evidenzia|conclude)\b|, per [A-Z]"
)


#: German reported speech (Konjunktiv I: "seien empfehlenswert", "könne nicht schaden", "Wer ...
#: leide"), forms that are neither the indicative of a third person nor an advice imperative
#: ("hilf", "gib", "nimm" are; "helfe", "gebe", "nehme" are not)
_REPORTED_DE = re.compile(
    r"(?<![\w-])(?:sei|seien|habe|werde|könne|müsse|solle|dürfe|wolle|möge|gebe|helfe|nehme|leide|schade"
    r"|reiche|wirke|liege|bestehe|entstehe|gelte|spreche)(?![\w-])"
)
#: a first person ("ich habe"), and set phrases in the subjunctive that report nobody
_REPORTED_NOT = re.compile(
    r"(?i)(?<![\w-])(?:ich|es sei denn|sei es|wie dem auch sei|gott sei dank|sei['’]s|dem sei)(?![\w-])"
)


def reported_speech(sentences: Sequence[str], language: str) -> str | None:
    """A verb of reported speech in ``sentences`` (German Konjunktiv I, "Zwei Liter seien
    empfehlenswert"), or None: without the credit that introduced her, such a sentence still
    reports what someone said, and the post does not say who. Other languages mark reported
    speech with a verb of saying, which the credit itself is."""
    if language != "de":
        return None
    for sentence in sentences:
        if _REPORTED_NOT.search(sentence):
            continue
        for m in _REPORTED_DE.finditer(sentence):
            # a capital opens a sentence or a question ("Sei vorsichtig", "Habe ich ..."); the
            # search is case-sensitive, so those are not read
            return m[0]
    return None
