"""What a matcher finds in a text does not depend on what it read before.

A matcher remembers the texts it has read (replies repeat: "love it!", a pasted product name) and
the words it has looked up; a long import reads texts in file order, a worker process reads only
every other block. The real reply set read in two different orders, with a memory small enough
to be emptied again and again, gives each text the same gadgets.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tipqueue.replies import gadgets
from tipqueue.replies.gadgets import GadgetMatcher
from tipqueue.replies.lexicon import bundled_lexicon

REALSET = Path(__file__).parent / "realset"
UNITSET = Path(__file__).parent / "data" / "labelled_replies.jsonl"


def _texts() -> list[str]:
    texts = []
    for path in [*sorted(REALSET.glob("*.jsonl")), UNITSET]:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            texts.extend(row[k] for k in ("text", "parent", "topic") if row.get(k))
    return texts


def test_the_same_text_finds_the_same_gadgets_whatever_was_read_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = _texts()
    assert len(texts) > 1000
    monkeypatch.setattr(gadgets, "_FOUND_CACHE", 16)
    lexicon = bundled_lexicon()
    forward = GadgetMatcher(lexicon)
    first = {text: forward.find(text) for text in texts}
    again = {text: forward.find(text) for text in texts}  # some remembered, most read again
    backward = GadgetMatcher(lexicon)
    reverse = {text: backward.find(text) for text in reversed(texts)}
    assert again == first and reverse == first
    assert sum(1 for found in first.values() if found) > 500
