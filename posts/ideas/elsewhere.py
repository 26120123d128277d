"""Doctors of another place: a clinic does not post their advice as its own.

A magazine's round-up quotes dermatologists from all over, each named by the city she practises
in ("says New York dermatologist Charlotte Birnbaum, MD", "says Delray Beach, FL, dermatologist
Dr. Janet Allenby", "Jane Doe, a dermatologist based in Miami", "Anne Drey, dermatologue à
Lyon"). On a clinic's account such a quote is another practice's advice: an editor rewrites it in
the clinic's voice or leaves it out, so :func:`elsewhere_doctors` finds who the article
introduces that way, and the ideas naming them are not posted while other ideas remain
(:func:`.selection.score_idea`).

Only the city-before-the-role form and "based in <city>" are matched: a doctor introduced by
role ("Dermatologin Daisy Kopera"), by her hospital ("Oberärztin in der Ambulanz der Hautklinik
..."), by a city-based apposition ("Hadley King, MD, a New York City-based dermatologist") or by
a German city adjective ("der Münchner Dermatologe") speaks as an expert the article consulted,
and stays (a named clinic is found on its own, :func:`.promotion.practice_cues`); whoever a
credit names, it is taken off the advice where the advice stands without it (:mod:`.attribution`).
:func:`practice_talk` finds a practice speaking of its own work ("we typically recommend"), or a
named doctor's practice in its plainer "we".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

_NAME = r"(?:Dr\. (?:med\. )?)?(?P<name>[A-ZÀ-ÖØ-Þ][\w'’-]+(?: [A-ZÀ-ÖØ-Þ][\w'’-]+){1,2})"
_EN_ROLE = (
    r"(?:(?:board-certified|cosmetic|plastic|celebrity|facial|leading) )*"
    r"(?:dermatologist|dermatologic surgeon|plastic surgeon|physician|doctor|surgeon)"
)
_PLACE = r"(?P<place>(?:[A-Z][a-z]+\.? ){0,3}[A-Z][a-z]+(?:, [A-Z]{2}\.?,)?)"
#: capitalised words before a role that say what kind, not where ("Top dermatologist Jane Doe")
_NOT_PLACES = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "our",
        "your",
        "their",
        "his",
        "her",
        "top",
        "leading",
        "renowned",
        "certified",
        "board",
        "expert",
        "celebrity",
        "famous",
        "noted",
        "cosmetic",
        "plastic",
        "says",
        "said",
        "adds",
        "added",
        "explains",
        "explained",
        "notes",
        "noted",
        "according",
        "advises",
        "recommends",
        "contends",
        "suggests",
    ]
)
_PATTERNS = (
    # "says New York dermatologist Charlotte Birnbaum, MD", "Delray Beach, FL, dermatologist Dr. Janet Allenby"
    re.compile(rf"{_PLACE}(?:-based)? {_EN_ROLE} {_NAME}"),
    # "Jane Doe, a dermatologist based in Miami", "..., a dermatologist in Austin, Texas"
    re.compile(rf"{_NAME}(?:, (?:MD|M\.D\.|DO))?, an? {_EN_ROLE} (?:based |practicing )?in {_PLACE}"),
    # "la dermatologue à Paris Anne Drey", "Anne Drey, dermatologue à Lyon", "dermatóloga en Madrid"
    re.compile(
        rf"{_NAME}, (?:dermatologue|médecin|dermatóloga|dermatólogo|dermatologa|dermatologo) "
        r"(?:à|en|a) (?P<place>[A-ZÀ-Ý][\wà-ÿ-]+)"
    ),
)


_ROLE_HINT = re.compile(r"dermatolog|physician|doctor|surgeon|médecin|dermatólog")


def elsewhere_doctors(texts: Iterable[str]) -> dict[str, str]:
    """The doctors the texts introduce as practising somewhere named: surname -> introduction
    (the first one the article gives)."""
    found: dict[str, str] = {}
    for text in texts:
        for surname, introduction in doctors_in(text):
            found.setdefault(surname, introduction)
    return found


def doctors_in(text: str) -> list[tuple[str, str]]:
    """The (surname, introduction) of each doctor one text introduces as practising somewhere
    named, in the order found (:func:`elsewhere_doctors` keeps the first of each surname)."""
    found: list[tuple[str, str]] = []
    # each pattern is tried only around a role word: most paragraphs name no doctor
    for hint in _ROLE_HINT.finditer(text):
        window = text[max(0, hint.start() - 90) : hint.end() + 90]
        for pattern in _PATTERNS:
            for m in pattern.finditer(window):
                place = m.group("place")
                if place.split()[0].lower().rstrip(".") in _NOT_PLACES:
                    continue
                found.append((m.group("name").split()[-1], " ".join(m.group(0).split())))
    return found


def quoted_elsewhere(text: str, doctors: Mapping[str, str]) -> str | None:
    """The introduction of the first such doctor ``text`` names, or None."""
    for surname, introduction in doctors.items():
        if re.search(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", text):
            return introduction
    return None


#: A quoted doctor giving advice in her own first person ("“I recommend moisturisers with urea,”
#: says ...", "sagt dazu: „Ich würde niemals ...“"): on a clinic's account the card would speak as
#: a doctor who is not the clinic's, so, like a doctor of another place, the idea is posted only
#: when no other advice remains. The clinic's own "we recommend" is its voice and is not matched; nor is the
#: writer's story ("I tried ..."), which :mod:`.anecdote` weighs.
_FIRST_PERSON_ADVICE = {
    "en": re.compile(
        r"(?<![\w’'])I(?:'d| would)? (?:(?:always|usually|often|also|strongly|generally|typically|"
        r"highly|personally|really) )?(?:recommend|encourage|suggest|advise|prescribe|tell (?:my )?patients)\b"
        r"|\bmy patients\b"
    ),
    "de": re.compile(
        r"\b[Ii]ch (?:(?:persönlich|immer|oft|auch) )?(?:empfehle|rate|würde|verschreibe)\b"
        r"|\bmeinen? Patient(?:inn)?en\b"
    ),
    "fr": re.compile(
        r"\b[Jj]e (?:(?:vous|leur|lui) )?(?:recommande|conseille|suggère|préconise|prescris)\b"
        r"|\bmes patient(?:e)?s\b"
    ),
    "es": re.compile(
        r"\b(?:[Yy]o )?(?:(?:les|le|te|os) )?(?:recomiendo|aconsejo|sugiero|receto)\b|\bmis pacientes\b"
    ),
    "it": re.compile(
        r"\b(?:[Ii]o )?(?:(?:vi|ti|gli|le) )?(?:raccomando|suggerisco|prescrivo)\b"
        r"|\b(?:[Ii]o|[Vv]i|[Tt]i|[Gg]li) consiglio\b|\bi miei pazienti\b"
    ),
    "vi": re.compile(
        r"\b[Tt]ôi (?:(?:thường|luôn) )?(?:khuyên|khuyến nghị|khuyến khích|đề nghị)\b|\bbệnh nhân của tôi\b"
    ),
}


#: a stretch in quotation marks: what someone the article quotes says
_QUOTED = re.compile(r"“[^”]{8,}”?|„[^“”]{8,}[“”]?|«[^»]{8,}»?|\"[^\"]{8,}\"?")


def first_person_advice(text: str, language: str) -> str | None:
    """The words in which ``text`` quotes someone giving advice in her own first person, or None.

    Only quoted words count: an article the clinic's own doctor writes ("Por eso recomiendo
    consultar ...") speaks in the clinic's voice, a quote of the doctor it interviewed does not.
    """
    pattern = _FIRST_PERSON_ADVICE.get(language)
    if pattern is None or not any(q in text for q in '“„«"'):
        return None
    for quoted in _QUOTED.finditer(text):
        m = pattern.search(quoted.group(0))
        if m:
            return m.group(0)
    return None


#: A doctor named in the text: "Dr. Adam Luber", "Dra. Ruiz", "Jane Doe, MD", "Dermatologist Eric
#: Bernstein", "la dermatologue Zhen Ren".
_NAMED_DOCTOR = re.compile(
    r"\b(?:Dr|Dra|Prof)\.? [A-ZÀ-Ý][\w'’-]+|\b(?:Doctor|Docteur|Dottor(?:essa)?|Doktor) [A-ZÀ-Ý][\w'’-]+"
    r"|\b[A-ZÀ-Ý][\w'’-]+ [A-ZÀ-Ý][\w'’-]+, (?:MD|M\.D\.|DO|FAAD)\b"
    r"|\b(?:[Dd]ermatologist|[Dd]ermatologin|[Dd]ermatologe|[Dd]ermatologue|[Dd]ermatólog[oa]|[Dd]ermatolog[oa]) "
    r"(?:Dr\.? )?[A-ZÀ-Ý][\w'’-]+ [A-ZÀ-Ý][\w'’-]+"
)
#: A practice speaking of itself: "we use something called ...", "we typically recommend", "Many
#: people ask us", "nous recherchons", "escucho en consulta".
_PRACTICE_VOICE = {
    "en": re.compile(
        r"\b(?:we (?:use|typically|usually|often|always|recommend|prescribe|offer|see|treat|tell)|ask us|"
        r"our (?:patients|practice|clinic|office|dermatologists|providers))\b",
        re.I,
    ),
    "de": re.compile(
        r"\b(?:wir (?:empfehlen|verwenden|behandeln|sehen|raten)|unsere[nr]? (?:Patient\w*|Praxis|Klinik))\b",
        re.I,
    ),
    "fr": re.compile(
        r"\b(?:nous (?:recommandons|utilisons|recherchons|voyons|traitons|proposons|conseillons)|"
        r"nos patient\w*|notre cabinet|au cabinet)\b",
        re.I,
    ),
    "es": re.compile(
        r"\b(?:recomendamos|utilizamos|nuestros pacientes|nuestra clínica|en (?:la )?consulta)\b", re.I
    ),
    "it": re.compile(
        r"\b(?:raccomandiamo|utilizziamo|consigliamo|i nostri pazienti|il nostro studio)\b", re.I
    ),
}


#: A practice speaking of its own work, quoted or not ("we typically recommend", "Many people ask
#: us", "Wir können ... verschreiben", "En tant que spécialistes de la peau, nous ...", "Como
#: dermatólogos, vemos ..."): an interview answer or another practice's page, which only makes
#: sense in that practice's voice. In the singular only a doctor telling of the patients she sees,
#: receives or hears in her practice is matched ("he recibido varios pacientes en mi consulta",
#: "escucho en consulta", "Every day I see patients", "In meiner Praxis sehe ich"): her
#: experience, which the clinic cannot present as its own. Her advice in the singular ("En mi
#: consulta, diseño rutinas ...", "insisto con mis pacientes: ...") speaks as the clinic does
#: (see :func:`first_person_advice`), and a clinic's plain "we recommend", its "our patients",
#: "in our practice" or a writer's "we" of everybody ("we all need sunscreen") is not practice
#: talk: the clinic's own article says them too.
_PRACTICE_TALK = {
    "en": re.compile(
        r"\b[Ww]e (?:(?:typically|usually|often|generally|always|commonly|routinely) )"
        r"(?:recommend|prescribe|suggest|advise|use|tell)\b"
        r"|\b[Ww]e (?:can |may |will |often |also )?prescribe\b|\b[Ww]e use something\b"
        r"|\b(?:people|patients|clients) (?:often |always |frequently )?ask us\b"
        r"|\b[Aa]s (?:dermatologists|doctors|physicians|skin specialists), we\b"
        r"|(?<![\w’'])I (?:(?:often|regularly|frequently|constantly|still) )?(?:see|treat|meet) (?:(?:many|so many|lots of|a lot of|countless|new|young|more) )?patients\b"
        r"|\bin my (?:years of )?(?:practice|clinic|office),? I\b",
        re.IGNORECASE,
    ),
    "de": re.compile(
        r"\b[Ww]ir (?:können|dürfen|würden)? ?(?:[\w-]+ ){0,3}(?:verschreiben|verordnen)\b"
        r"|\b[Ww]ir (?:empfehlen|raten) (?:unseren|meist|häufig|oft|in der Regel)\b"
        r"|\b[Aa]ls (?:Hautärzte|Dermatologen|Ärzte),? (?:\w+ ){0,2}wir\b"
        r"|\bin meiner Praxis (?:sehe|erlebe|höre|behandle) ich\b"
        r"|\b[Ii]ch (?:sehe|behandle|erlebe) (?:\w+ ){0,2}Patient(?:inn)?en\b",
        re.IGNORECASE,
    ),
    "fr": re.compile(
        r"\b[Ee]n tant que (?:spécialistes|dermatologues|médecins)\b|\bnous (?:prescrivons|recherchons)\b"
        r"|\ben consultation,? nous\b|\bdans mon cabinet,? (?:je )?(?:vois|reçois|entends)\b"
        r"|\bje (?:vois|reçois|soigne) (?:\w+ ){0,2}patient(?:e)?s\b",
        re.IGNORECASE,
    ),
    "es": re.compile(
        r"\b[Cc]omo dermatólog[oa]s\b|\b(?:vemos|recetamos|prescribimos) en (?:la |nuestra )?consulta\b"
        r"|\ben mis años de (?:experiencia|práctica)\b|\bescucho en (?:mi |la )?consulta\b"
        r"|\b(?:he (?:recibido|visto|atendido|tratado)|veo|recibo|atiendo) (?:a )?(?:\w+ ){0,2}pacientes\b",
        re.IGNORECASE,
    ),
    "it": re.compile(
        r"\b[Cc]ome dermatologi\b|\bprescriviamo\b|\bnel mio studio,? (?:vedo|ricevo|sento)\b"
        r"|\b(?:vedo|ricevo|visito) (?:\w+ ){0,2}pazienti\b",
        re.IGNORECASE,
    ),
    "vi": re.compile(
        r"\b[Cc]húng tôi (?:thường )?kê đơn\b|\b[Ll]à (?:các )?bác sĩ da liễu,? chúng tôi\b"
        r"|\b[Tt]ôi (?:thường |hằng ngày )?(?:gặp|tiếp nhận|khám cho) (?:\w+ ){0,3}bệnh nhân\b",
        re.IGNORECASE,
    ),
}


#: words one of :data:`_PRACTICE_TALK`'s matches holds (lower case): most texts have none, and a
#: substring search is much cheaper than the pattern
_PRACTICE_WORDS = {
    "en": ("we ", "ask us", "patients", "in my "),
    "de": ("wir ", "patient", "in meiner praxis"),
    "fr": ("en tant que", "nous ", "en consultation", "patient", "dans mon cabinet"),
    "es": ("como dermat", "consulta", "pacientes", "mis años"),
    "it": ("come dermatologi", "prescriviamo", "pazienti", "nel mio studio"),
    "vi": ("chúng tôi", "bệnh nhân"),
}


def practice_talk(text: str, language: str, *, named_in: str | None = None) -> str | None:
    """The words in which a practice speaks of its own work, or None.

    Two shapes, one rule: ``named_in`` (the idea as written, a doctor's credit still on it) names
    a doctor and her practice's plainer "we" ("Dr. Adam Luber says ... we typically recommend",
    "Laut Dr. X empfehlen wir ...": posted by a clinic, "we" would be the clinic, and the named
    doctor is not its own), or ``text`` speaks as a practice whoever says it
    (:data:`_PRACTICE_TALK`). Without ``named_in`` only the second is looked for."""
    if named_in is not None:
        voice = _PRACTICE_VOICE.get(language)
        # the practice's "we" is rare, the doctor's name common: the rarer is looked for first
        said = voice.search(named_in) if voice is not None else None
        doctor = _NAMED_DOCTOR.search(named_in) if said is not None else None
        if doctor is not None and said is not None:
            return f"{doctor.group(0)} … {said.group(0)}"
    lower = text.lower()
    if not any(w in lower for w in _PRACTICE_WORDS.get(language, ())):
        return None
    pattern = _PRACTICE_TALK.get(language)
    m = pattern.search(text) if pattern is not None else None
    return m.group(0) if m else None
