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
and stays (a named clinic is found on its own, :func:`.promotion.practice_cues`).
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
    """The doctors the texts introduce as practising somewhere named: surname -> introduction."""
    found: dict[str, str] = {}
    for text in texts:
        # each pattern is tried only around a role word: most paragraphs name no doctor
        for hint in _ROLE_HINT.finditer(text):
            window = text[max(0, hint.start() - 90) : hint.end() + 90]
            for pattern in _PATTERNS:
                for m in pattern.finditer(window):
                    place = m.group("place")
                    if place.split()[0].lower().rstrip(".") in _NOT_PLACES:
                        continue
                    surname = m.group("name").split()[-1]
                    found.setdefault(surname, " ".join(m.group(0).split()))
    return found


def quoted_elsewhere(text: str, doctors: Mapping[str, str]) -> str | None:
    """The introduction of the first such doctor ``text`` names, or None."""
    for surname, introduction in doctors.items():
        if re.search(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", text):
            return introduction
    return None
