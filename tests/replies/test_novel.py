"""Devices the lexicon lacks, counted from a name next to a device word (replies/novel.py)."""

from __future__ import annotations

import pytest
from tipqueue.replies.gadgets import default_matcher


def _found(text: str) -> list[tuple[str, str]]:
    return [(m.gadget, m.category) for m in default_matcher().find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I opted for the Sensse LED mask because it was easy to set up.", [("Sensse", "LED mask")]),
        ("I tried the Lumaglo mask for red light therapy.", [("Lumaglo", "LED mask")]),
        ("My Qyksonic brush leaves my face so clean.", [("Qyksonic", "cleansing brush")]),
        ("The Veltra 3 roller is cold on my face every morning.", [("Veltra 3", "facial roller")]),
    ],
)
def test_an_unknown_name_before_a_device_word_counts_as_that_device(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The Innisfree mask left my skin soft.",  # a mask with no light: a sheet mask as often
        "Korean sheet masks are the best thing for dry skin.",
        "My Real Techniques brush is the best for foundation on my face.",
        "I use a little set of Caruso rollers for my hair.",
        "Loved the brush on my face.",  # the first word of a sentence is capitalised anyway
        "I used the Jade Gua Sha from the Imperial Jade Deluxe Kit.",
    ],
)
def test_no_device_is_made_up_from_sheet_masks_makeup_brushes_hair_rollers_or_capitals(text: str) -> None:
    assert all(name in {g.name for g in default_matcher().lexicon.gadgets} for name, _ in _found(text))


def test_a_known_name_is_never_counted_again_as_unknown() -> None:
    assert _found("My Foreo brush is great for my face.") == [("Foreo", "cleansing brush")]
