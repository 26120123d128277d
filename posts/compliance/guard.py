"""The patient-data guard: no patient identifiers in anything tipqueue sends.

Checked on captions, first comments and any reply text before it leaves: phone numbers, email
addresses, dates of birth, appointment details, and a person's name or handle next to a
treatment word (a commenter named beside what was done to them). A health provider that answers
a review or a comment with such details discloses protected health information (see the HHS
settlements cited in docs/compliance.md). The clinic's own phone and email may be listed in
``[compliance] own_contacts`` so its booking line is not refused.

Plain rules rather than a statistical PII detector: see docs/compliance.md for why.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from tipqueue.posts.models import Post


@dataclass(frozen=True)
class GuardProblem:
    """One patient identifier found in outgoing text."""

    kind: str  # phone, email, date of birth, appointment, patient name
    matched: str
    field: str = "caption"

    @property
    def reason(self) -> str:
        return _REASONS[self.kind]

    def line(self) -> str:
        return f"{self.field}: {self.kind} “{self.matched}”: {self.reason}"


_REASONS = {
    "phone": "a phone number in a post can identify a patient; remove it (list the clinic's own number in "
    "[compliance] own_contacts)",
    "email": "an email address in a post can identify a patient; remove it (list the clinic's own address in "
    "[compliance] own_contacts)",
    "date of birth": "a date of birth identifies a patient; never publish it",
    "appointment": "appointment details tell everyone that this person is a patient; answer privately",
    "patient name": "a person named beside a treatment is disclosed as a patient; answer without naming them "
    "or what was done",
}

_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_PHONE = re.compile(r"(?<![\w/])(?:\+|00)?\(?\d[\d\s().-]{7,}\d(?![\w/])")
_DOB_WORDS = re.compile(
    r"\b(?:d\.?o\.?b\.?|date of birth|born on|birthdate|birth date)\b[:\s]*[^.,;\n]{0,30}", re.I
)
_NUMERIC_DATE = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:19[2-9]\d|200\d|201[0-2])\b")
_DAY_OR_TIME = (
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|tomorrow|today|tonight|next week|"
    r"\d{1,2}(?::\d{2})?\s?(?:am|pm)\b|\b\d{1,2}:\d{2}\b|\b\d{1,2}(?:st|nd|rd|th)\b|\b\d{1,2}/\d{1,2}\b|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]* \d{1,2}\b"
)
_APPOINTMENT = re.compile(
    r"\b(?:your|her|his|their|@[\w.]+(?:\x27s)?)\s+(?:next |follow[- ]up |review |filler |botox |laser )?"
    r"(?:appointment|appt|session|consultation|follow[- ]up|review|treatment|booking)\b[^.!?\n]{0,40}?"
    rf"(?:{_DAY_OR_TIME})",
    re.I,
)
_TREATMENT = (
    r"botox|dysport|tox|fillers?|lips?|injections?|injectables?|laser|peels?|treatments?|procedures?|"
    r"surgery|acne|rosacea|eczema|psoriasis|melasma|scars?|moles?|biopsy|prescription|tretinoin|"
    r"microneedling|facials?|consultation|appointment|session|results?|skin|wrinkles?|lines"
)
_TREATMENT_WORD = re.compile(rf"\b(?:{_TREATMENT})\b", re.I)
_HANDLE = re.compile(r"(?<![\w@])@([A-Za-z0-9._]{2,30})")
_POSSESSIVE_NAME = re.compile(
    rf"\b([A-Z][a-z]{{2,}})(?:\x27s|\u2019s)\s+(?:(?:new|fresh|first|second|last|amazing|lip|skin|laser|"
    rf"filler|botox)\s+)*(?:{_TREATMENT})\b"
)
#: Capitalised words that are not names, though they start possessives ("Today's treatment").
_NOT_NAMES = frozenset(
    [
        "Today",
        "Tomorrow",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "This",
        "That",
        "Everyone",
        "Nobody",
        "Someone",
        "Everybody",
        "Summer",
        "Winter",
        "Spring",
        "Autumn",
        "Fall",
        "Mother",
        "Father",
        "Valentine",
        "Week",
        "Month",
        "Year",
        "Clinic",
        "Doctor",
        "Botox",
        "Instagram",
    ]
)
_WINDOW = 8  # words either side of a name or handle in which a treatment word counts


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _norm(text: str) -> str:
    return re.sub(r"[^\w@.+]", "", text.lower())


def _near_treatment(words: list[str], index: int) -> bool:
    lo, hi = max(0, index - _WINDOW), index + _WINDOW + 1
    return any(_TREATMENT_WORD.fullmatch(w.strip(".,!?;:()\"'\u201c\u201d")) for w in words[lo:hi])


def _name_parts(names: Iterable[str]) -> set[str]:
    parts: set[str] = set()
    for name in names:
        lowered = name.lower().lstrip("@")
        parts.add(lowered)
        parts.update(p for p in re.split(r"[._\d]+", lowered) if len(p) >= 3)
    return parts


def check_outgoing(
    text: str,
    *,
    field: str = "caption",
    known_names: Collection[str] = (),
    own_contacts: Collection[str] = (),
) -> list[GuardProblem]:
    """Patient identifiers in ``text``; empty when it may be sent.

    ``known_names``: commenters' usernames (and names) from the store; one of them, or any
    @handle, within a few words of a treatment word is refused. ``own_contacts``: the clinic's
    own phone numbers, email addresses and @handles, which are allowed.
    """
    allowed = {_norm(c) for c in own_contacts} | {
        re.sub(r"\D", "", c) for c in own_contacts if _digits(c) >= 7
    }
    problems: list[GuardProblem] = []
    for found in _EMAIL.finditer(text):
        if _norm(found.group(0)) not in allowed:
            problems.append(GuardProblem("email", found.group(0), field))
    emails = " ".join(m.group(0) for m in _EMAIL.finditer(text))
    for found in _PHONE.finditer(text):
        value = found.group(0).strip()
        if _digits(value) < 9 or value in emails or re.sub(r"\D", "", value) in allowed:
            continue
        if _NUMERIC_DATE.fullmatch(value):
            continue
        problems.append(GuardProblem("phone", value, field))
    for found in _DOB_WORDS.finditer(text):
        problems.append(GuardProblem("date of birth", found.group(0).strip(), field))
    for found in _NUMERIC_DATE.finditer(text):
        if not any(found.group(0) in p.matched for p in problems):
            problems.append(GuardProblem("date of birth", found.group(0), field))
    for found in _APPOINTMENT.finditer(text):
        problems.append(GuardProblem("appointment", found.group(0).strip(), field))
    own_handles = {c.lstrip("@").lower() for c in own_contacts if c.startswith("@")}
    problems.extend(_names(text, field, known_names, own_handles))
    return problems


def _names(text: str, field: str, known_names: Collection[str], own_handles: set[str]) -> list[GuardProblem]:
    problems: list[GuardProblem] = []
    known = _name_parts(known_names) - own_handles
    words = text.split()
    for index, word in enumerate(words):
        bare = word.strip(".,!?;:()\"'\u201c\u201d").lower()
        handle = _HANDLE.match(word.strip("(\"'\u201c"))
        candidate = (
            handle.group(1).lower().rstrip(".") if handle else bare.removesuffix("'s").removesuffix("\u2019s")
        )
        if not candidate or candidate in own_handles:
            continue
        if (handle or candidate in known) and _near_treatment(words, index):
            problems.append(GuardProblem("patient name", word.strip(".,!?;:"), field))
    for found in _POSSESSIVE_NAME.finditer(text):
        if found.group(1) not in _NOT_NAMES and not any(found.group(1) in p.matched for p in problems):
            problems.append(GuardProblem("patient name", found.group(0), field))
    return problems


def guard_post(
    post: Post, *, known_names: Collection[str] = (), own_contacts: Collection[str] = ()
) -> list[GuardProblem]:
    """Patient identifiers in what a post sends: its caption and its first comment."""
    problems = check_outgoing(
        post.caption, field="caption", known_names=known_names, own_contacts=own_contacts
    )
    if post.first_comment:
        problems += check_outgoing(
            post.first_comment, field="first comment", known_names=known_names, own_contacts=own_contacts
        )
    return problems
