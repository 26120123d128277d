"""The patient-data guard refuses each kind of identifier and lets ordinary clinic text through."""

from __future__ import annotations

import pytest
from tipqueue.posts.compliance import check_outgoing, guard_post
from tipqueue.posts.models import Post, PostKind

KNOWN = {"jane_doe88", "markbeauty"}

REFUSED = [
    ("Call Jane on 07700 900123 to confirm.", "phone"),
    ("Questions? Ring (415) 555-0132.", "phone"),
    ("Sent your aftercare to jane.doe@example.com", "email"),
    ("DOB: 12/03/1984, please bring ID.", "date of birth"),
    ("Happy birthday! Born on 3 May 1990.", "date of birth"),
    ("See you at your follow-up appointment on Tuesday at 3pm!", "appointment"),
    ("@jane_doe88 your filler session is booked for 14:30 tomorrow.", "appointment"),
    ("Thanks @jane_doe88 for trusting us with your lip filler!", "patient name"),
    ("markbeauty, your botox has settled nicely.", "patient name"),
    ("Sarah's lip filler healed beautifully.", "patient name"),
]

ALLOWED = [
    "Book a consultation to talk through your options.",
    "Results last 3-4 months; most people need a top-up after 12 weeks.",
    "Apply SPF 30 every morning, even in winter.",
    "Call us on 020 7946 0018 to book.",  # the clinic's own number, listed in own_contacts
    "Follow @clinic.demo for more skin tips.",  # the clinic's own handle
    "Today's treatment tip: cleanse before bed.",
    "Botox/Dysport are the best ways still to soften lines.",
    "Prices from 2024 are on our website.",
]
OWN = ["020 7946 0018", "@clinic.demo", "hello@clinic.example"]


@pytest.mark.parametrize(("text", "kind"), REFUSED)
def test_each_identifier_kind_is_refused_with_its_reason(text: str, kind: str) -> None:
    problems = check_outgoing(text, known_names=KNOWN, own_contacts=OWN)
    assert kind in {p.kind for p in problems}, (text, problems)
    problem = next(p for p in problems if p.kind == kind)
    assert (problem.matched and problem.matched in text) or kind == "date of birth"
    assert problem.reason


@pytest.mark.parametrize("text", ALLOWED)
def test_ordinary_clinic_text_passes(text: str) -> None:
    assert check_outgoing(text, known_names=KNOWN, own_contacts=OWN) == []


def test_a_commenter_named_far_from_any_treatment_word_passes() -> None:
    text = "Congratulations markbeauty on winning the raffle for the charity run this weekend with everyone."
    assert check_outgoing(text, known_names=KNOWN) == []


def test_the_clinic_s_own_email_is_allowed_but_a_patient_s_is_not() -> None:
    assert check_outgoing("Email hello@clinic.example to book.", own_contacts=OWN) == []
    assert [p.kind for p in check_outgoing("Email her at ann@mail.example", own_contacts=OWN)] == ["email"]


def test_guard_post_checks_the_caption_and_the_first_comment() -> None:
    post = Post(
        id="p-01",
        kind=PostKind.TIP,
        series_label="1/1",
        quote="q",
        caption="Gentle cleansing helps.",
        first_comment="@jane_doe88 loved your peel results!",
    )
    problems = guard_post(post, known_names=KNOWN)
    assert [(p.kind, p.field) for p in problems] == [("patient name", "first comment")]
    assert "first comment" in problems[0].line()
