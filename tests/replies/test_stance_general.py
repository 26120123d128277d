"""Stance rules that follow from how verdicts are written, each on made-up sentences: a risk the
text warns of, a clause that supposes or asks, a description of a kind, a comparative, a habit
with nobody doing it, a device named in quotation marks, a device given up after praise, and a
device's own name that is no relay word."""

from __future__ import annotations

import pytest
from tipqueue.posts.models import Stance
from tipqueue.replies.gadgets import default_matcher


def _verdict(text: str) -> tuple[Stance, bool]:
    mentions = default_matcher().find(text)
    assert mentions, text
    return mentions[0].stance, mentions[0].relayed


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # a verb of causing after a modal: what it lists, to the end of the sentence, is a risk
        (
            "Pressing the pore vacuum too hard can cause swelling, broken capillaries or scars.",
            Stance.MENTIONS,
        ),
        ("Using a derma roller every day will cause irritation.", Stance.MENTIONS),
        # ... but a cause that happened is a complaint, and a contrast ends the modal's reach
        ("My derma roller caused irritation.", Stance.DISLIKES),
        ("A derma roller can cause redness, but mine was useless anyway.", Stance.DISLIKES),
    ],
)
def test_risk_after_a_verb_of_causing(text: str, stance: Stance) -> None:
    assert _verdict(text)[0] is stance


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # a clause that supposes or asks says what might happen, not what did
        ("I bought the Foreo Luna from a shop with returns, just in case I hate it.", Stance.MENTIONS),
        ("I'll keep the NuFace box in case it breaks.", Stance.MENTIONS),
        ("I'm testing my LED mask to find out whether it works.", Stance.MENTIONS),
        ("I wanted to see how good my jade roller really is.", Stance.MENTIONS),
        # the same words outside such a clause still judge
        ("I hate my Foreo Luna.", Stance.DISLIKES),
        ("If you have dry skin, my jade roller is amazing.", Stance.RECOMMENDS),
        ("Even if it was pricey, I love my NuFace.", Stance.RECOMMENDS),
    ],
)
def test_supposing_and_asking_clauses(text: str, stance: Stance) -> None:
    assert _verdict(text)[0] is stance


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # what holds of a kind in general, with nobody in the sentence, describes it
        ("Ice rollers generally do a good job on puffy eyes.", Stance.MENTIONS),
        ("Les rouleaux de jade sont en général agréables.", Stance.MENTIONS),
        # the reader in the sentence makes it a verdict
        ("I generally love my ice roller.", Stance.RECOMMENDS),
        # a comparative with nobody in the sentence compares kinds
        ("El microneedling es mucho más efectivo que los rodillos faciales.", Stance.MENTIONS),
        ("Cheap derma rollers do more damage than pens.", Stance.MENTIONS),
        # a Romance superlative ("la más efectiva") is no comparative
        ("La herramienta más efectiva es un cepillo facial sónico.", Stance.RECOMMENDS),
        # how often, with nobody doing it, describes a routine
        ("Ice rollers are sold for everyday skincare routines.", Stance.MENTIONS),
        ("I use my ice roller every morning.", Stance.RECOMMENDS),
    ],
)
def test_descriptions_are_no_verdicts(text: str, stance: Stance) -> None:
    assert _verdict(text)[0] is stance


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # a short quoted phrase naming the device is named, not said
        ("Searching for 'best LED mask' gives pages of ads.", Stance.MENTIONS),
        ("대부분의 사람들은 '최고의 LED마스크'라고 생각한다.", Stance.MENTIONS),
        # a quoted verdict with no device in it is somebody's words
        ('My facialist called the Foreo Luna "pure torture".', Stance.DISLIKES),
    ],
)
def test_quoted_device_names(text: str, stance: Stance) -> None:
    assert _verdict(text)[0] is stance


def test_a_device_given_up_after_praise() -> None:
    text = "My sister recommended the Clarisonic to everyone for years. She abandoned it in 2019."
    assert _verdict(text) == (Stance.DISLIKES, True)
    # another device named in between takes the later sentence for itself
    text = "I loved my Clarisonic for years. Then I bought a Foreo Luna and returned it."
    assert _verdict(text)[0] is Stance.RECOMMENDS
    # praise with no giving up after it stands
    assert _verdict("I loved my Clarisonic for years. It still works.")[0] is Stance.RECOMMENDS


def test_a_device_name_is_no_relay_word() -> None:
    # "Dr. Pen" is a microneedling pen, not a doctor reporting a verdict
    assert _verdict("I love my Dr. Pen.") == (Stance.RECOMMENDS, False)
    assert _verdict("Dr. Smith loves the Dr. Pen.")[1] is True


def test_a_device_between_two_quotations_is_not_quoted() -> None:
    # the closing mark of one quotation and the opening mark of the next hold no quotation
    assert _verdict('I said "amazing" about my LED mask and "wow" about the price.')[0] is Stance.RECOMMENDS
