"""Hypothesis properties of the reader: no line lost, order kept, no crash on any text, 5 MB input.

Articles are drawn line by line from the shapes real articles have (headings with and without
blank lines, list titles and items, "Step 1:" pairs, Q./A. pairs, quotes, furniture lines, any
Unicode); every input line must end up in the article or in its dropped report, the article's
content must keep the input's order, and reading never fails except with one clear line.
"""

from __future__ import annotations

import random
import re
import unicodedata

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from tipqueue.config.errors import ArticleError
from tipqueue.posts.article import parse_article
from tipqueue.posts.models import Article
from tipqueue.posts.reading.coverage import lost_lines
from tipqueue.posts.reading.raw import drop_footnote_marks

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_ALNUM = re.compile(r"[\W_]+", re.U)

word = st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N"]), min_size=1, max_size=10)


@st.composite
def sentence(draw: st.DrawFn) -> str:
    words = draw(st.lists(word, min_size=2, max_size=14))
    text = " ".join(words)
    return text[:1].upper() + text[1:] + draw(st.sampled_from([".", "!", "?", "", ":", ")", ".”", " 😊"]))


@st.composite
def line(draw: st.DrawFn) -> str:
    kind = draw(
        st.sampled_from(
            [
                "sentence",
                "paragraph",
                "heading",
                "bullet",
                "numbered",
                "step",
                "q",
                "a",
                "quote",
                "furniture",
                "any",
            ]
        )
    )
    if kind == "paragraph":
        return " ".join(draw(st.lists(sentence(), min_size=1, max_size=4)))
    if kind == "heading":
        return " ".join(draw(st.lists(word, min_size=1, max_size=5))).title()
    if kind == "bullet":
        return draw(st.sampled_from(["- ", "• ", "* ", "✔ "])) + draw(sentence())
    if kind == "numbered":
        return f"{draw(st.integers(1, 12))}. " + draw(sentence())
    if kind == "step":
        return f"Step {draw(st.integers(1, 9))}: " + draw(word).title() + " " + draw(sentence())
    if kind == "q":
        return "Q. " + draw(sentence()) + "?"
    if kind == "a":
        return "A. " + draw(sentence())
    if kind == "quote":
        return "“" + " ".join(draw(st.lists(sentence(), min_size=1, max_size=3))) + "”"
    if kind == "furniture":
        return draw(
            st.sampled_from(
                [
                    "Skip to main content",
                    "Advertisement",
                    "4 min read",
                    "Posted on 3 March 2025",
                    "Photo: Getty Images",
                    "Use code SAVE10 for 10% off",
                    "Read More >",
                    "Hope this helps,",
                    "Jane Doe",
                    "The post A title appeared first on A site.",
                ]
            )
        )
    if kind == "any":
        return draw(st.text(min_size=1, max_size=60)).replace("\n", " ").replace("\r", " ")
    return draw(sentence())


@st.composite
def article_text(draw: st.DrawFn) -> str:
    lines = draw(st.lists(line(), min_size=2, max_size=25))
    seps = draw(st.lists(st.sampled_from(["\n", "\n\n", "\n  \n"]), min_size=len(lines), max_size=len(lines)))
    return "".join(f"{a}{b}" for a, b in zip(lines, seps, strict=True))


def _key(text: str) -> str:
    return _ALNUM.sub("", text).lower()


def _read(text: str, fmt: str = "text") -> Article | None:
    try:
        return parse_article(text, fmt=fmt)
    except ArticleError as exc:
        assert "\n" not in str(exc)
        return None


@FAST
@given(article_text())
@example("Title\nHydrate First\nThe best time is now.\n- a\n- b\nSee you soon 😊\nShop the look")
def test_no_line_of_the_input_is_lost(text: str) -> None:
    article = _read(text)
    if article is not None:
        assert lost_lines(text.split("\n"), article) == []


@FAST
@given(article_text())
@example("0 0.\n0 aaaa1 0.\n")  # a footnote mark the reader takes off ("aaaa1" -> "aaaa")
def test_content_keeps_the_order_of_the_input(text: str) -> None:
    article = _read(text)
    if article is None:
        return
    # the reader takes footnote marks glued to a word off ("condition1." -> "condition."), by design
    source = _key(drop_footnote_marks(unicodedata.normalize("NFC", text)))
    pos = 0
    for section in article.sections:
        for block in section.blocks:
            for sentence in block.sentences:
                k = _key(sentence)
                if not k:
                    continue
                at = source.find(k, pos)
                assert at >= 0, f"{sentence!r} is not in the input after the text before it"
                pos = at + len(k)


@FAST
@given(st.text(max_size=400), st.sampled_from(["text", "markdown", "html"]))
def test_any_unicode_reads_or_fails_with_one_clear_line(text: str, fmt: str) -> None:
    _read(text, fmt)


@FAST
@given(article_text())
def test_any_article_as_a_saved_page_reads_or_fails_with_one_clear_line(text: str) -> None:
    body = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
    article = _read(
        f"<html><head><title>T</title></head><body><article>{body}</article></body></html>", "html"
    )
    if article is not None:
        assert article.title


@pytest.mark.slow
def test_a_5_mb_article_is_read_with_no_line_lost() -> None:
    rng = random.Random(7)
    vocabulary = [
        "skin",
        "cream",
        "sunscreen",
        "apply",
        "daily",
        "avoid",
        "water",
        "gentle",
        "barrier",
        "retinol",
        "night",
        "morning",
        "dry",
        "oily",
    ]
    lines: list[str] = ["A very long article"]
    size = 0
    n = 0
    while size < 5_000_000:
        n += 1
        if n % 9 == 0:
            text = f"Section {n}"
        elif n % 13 == 0:
            text = f"- {' '.join(rng.choices(vocabulary, k=6))}"
        else:
            text = " ".join(
                " ".join(rng.choices(vocabulary, k=rng.randint(6, 14))).capitalize() + "."
                for _ in range(rng.randint(2, 6))
            )
        lines.append(text)
        size += len(text) + 2
    text = "\n\n".join(lines)
    article = parse_article(text)  # its speed is measured by benchmarks/bench_split.py
    assert lost_lines(text.split("\n"), article) == []
    assert sum(len(s.blocks) for s in article.sections) > 10_000


#: the glued-comma pattern as first written, look-behind first (slow: tried at every character)
_GLUED_COMMA_AS_WRITTEN = re.compile(r"(?<=[^\W\d_]{2}),(?=[^\W\d_]{2})")


@given(st.text(alphabet="ab,é1ß _A.", max_size=30))
@example("escote,manos 2,5 A,B x,y ab,cd")
def test_the_glued_comma_pattern_finds_what_it_found_written_look_behind_first(text: str) -> None:
    from tipqueue.posts.reading.build import _GLUED_COMMA

    assert _GLUED_COMMA.sub(", ", text) == _GLUED_COMMA_AS_WRITTEN.sub(", ", text)
