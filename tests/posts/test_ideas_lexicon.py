"""The word tables' scans: the trie-shaped pattern finds exactly what the plain alternation did."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from tipqueue.posts.ideas.lexicon import alternation

PHRASE = st.text(alphabet="ab c'é-.", min_size=1, max_size=6)


@given(st.lists(PHRASE, min_size=1, max_size=15, unique=True), st.text(alphabet="ab c'é-.xA", max_size=40))
def test_the_trie_pattern_matches_what_the_longest_first_alternation_matches(
    phrases: list[str], text: str
) -> None:
    plain = re.compile(
        "(?<![\\w])(?:" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) + ")"
    )
    trie = re.compile("(?<![\\w])" + alternation(phrases))
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_the_longest_phrase_wins_and_an_empty_table_matches_nothing() -> None:
    found = re.compile(alternation(["in fact", "in", "in fact,"])).match("in fact, yes")
    assert found is not None and found.group() == "in fact,"
    assert re.compile(alternation([])).search("anything") is None
