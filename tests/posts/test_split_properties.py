"""Hypothesis properties of the splitter: limits hold (cards, carousels, at most 12 posts by
default), every content sentence is in exactly one post, the unused list or the dropped report,
tips keep the article's order, the same text gives the same series, no crash on any text, clear
errors for empty or binary input."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from tipqueue.config.errors import ArticleError
from tipqueue.config.settings import Settings, load_settings
from tipqueue.posts.article import body_sentences, decode_article, parse_article
from tipqueue.posts.series import build_series, make_plan, series_problems
from tipqueue.posts.split import coverage_problems, split_article

#: Cover + at most 10 tips + call to action.
MAX_POSTS = 12

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_SETTINGS: Settings | None = None


def _settings() -> Settings:
    global _SETTINGS
    if _SETTINGS is None:
        _SETTINGS = load_settings(Path(__file__).parent, environ={})
    return _SETTINGS


def _check(text: str, fmt: str, max_chars: int) -> None:
    try:
        article = parse_article(text, fmt=fmt)
    except ArticleError as exc:
        assert "\n" not in str(exc)
        return
    tips = split_article(article, max_chars=max_chars)
    body = body_sentences(text, fmt=fmt)
    # every idea of the article, before selection
    assert coverage_problems(body, article, tips) == []
    plan = make_plan(article, _settings(), max_chars=max_chars)
    # post, unused or dropped: every idea in article order, the spare request as text
    assert coverage_problems(body, plan.article, plan.ideas, plan.spare) == []
    assert plan.problems() == []
    posts = build_series(plan, _settings(), max_chars=max_chars)
    assert series_problems(posts, plan.tips, plan.article, max_chars=max_chars, hashtag_limit=5) == []
    assert len(posts) <= MAX_POSTS
    # the posts carry exactly the chosen ideas; dropping the unused ones breaks coverage
    if plan.unused and plan.unused[0].sentences != plan.spare:
        assert coverage_problems(body, plan.article, plan.tips, plan.spare) != []
    again = make_plan(parse_article(text, fmt=fmt), _settings(), max_chars=max_chars)
    assert posts_as_json_like(build_series(again, _settings(), max_chars=max_chars)) == posts_as_json_like(
        posts
    )


def posts_as_json_like(posts: list) -> list[tuple[str, str, str]]:  # type: ignore[type-arg]
    return [(p.id, p.quote, p.caption) for p in posts]


words = st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N"]), min_size=1, max_size=12)
ends = st.sampled_from([".", "!", "?", "…", "", ".”", " 😀."])
joiners = st.sampled_from([" ", ", ", "; ", " e.g. ", " Dr. ", " 3.5 ", " 3-6 ", "/", " @someone ", " #tag "])


@st.composite
def sentence(draw: st.DrawFn) -> str:
    parts = draw(st.lists(words, min_size=1, max_size=60))
    out = parts[0]
    for p in parts[1:]:
        out += draw(joiners) + p
    return out[:1].upper() + out[1:] + draw(ends)


@st.composite
def article_text(draw: st.DrawFn) -> str:
    lines = [draw(words) + " " + draw(words)]
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["heading", "paragraph", "paragraph", "bullets", "steps", "boilerplate"]))
        if kind == "heading":
            lines.append(" ".join(draw(st.lists(words, min_size=1, max_size=4))))
        elif kind == "paragraph":
            lines.append(" ".join(draw(st.lists(sentence(), min_size=1, max_size=8))))
        elif kind in ("bullets", "steps"):
            items = draw(st.lists(sentence(), min_size=1, max_size=5))
            lines.append(
                "\n".join(("- " if kind == "bullets" else f"{i}. ") + s for i, s in enumerate(items, 1))
            )
        else:
            lines.append(
                draw(
                    st.sampled_from(
                        [
                            "Hope this helps,\n\nDr. Jane Roe",
                            "See my recommended skincare regimen.",
                            "Source link",
                            "Leave a Comment",
                            "Please do a shout out on my Instagram account.",
                        ]
                    )
                )
            )
    return "\n\n".join(lines) + "\n"


#: Found by Hypothesis: the same request early in the article (content, kept in place) and at its
#: end (the call to action); the check once took the first one as the call to action.
REQUEST_TWICE = (
    "0 0\n\nPlease do a shout out on my Instagram account.\n\n0\n\n0\n\n"
    "Please do a shout out on my Instagram account.\n"
)
#: Found by Hypothesis: an opening paragraph with more #tags than the limit; the cover caption
#: writes the extra ones full-width (＃tag), which the check once read as a lost paragraph.
TAGS_IN_LEAD = "0 0\n\n0 0. 0 #tag 0. 0 #tag 0 #tag 0 #tag 0 #tag 0 #tag 0.\n\n0\n"
#: Found by Hypothesis: a list item longer than a hook with no sentence end opened its caption
#: as a cut-off line; and the same kind of fragment, holding a reply word, was taken as the call
#: to action.
LONG_FRAGMENT = "0 0\n\n- " + " ".join(["word"] * 24) + " @someone 0000000000\n"
LONG_FRAGMENT_CTA = (
    "0 0\n\n0. 0. " + " ".join(["word"] * 22) + "; commentaire " + " ".join(["word"] * 4) + "\n"
)


@FAST
@given(article_text(), st.integers(60, 600))
@example(REQUEST_TWICE, 60)
@example(TAGS_IN_LEAD, 60)
@example(LONG_FRAGMENT, 60)
@example(LONG_FRAGMENT_CTA, 60)
def test_structured_articles_keep_every_sentence_and_every_limit(text: str, max_chars: int) -> None:
    _check(text, "text", max_chars)


@FAST
@given(
    st.one_of(
        st.text(max_size=3000),
        st.lists(st.text(min_size=1, max_size=600), min_size=1, max_size=8).map(
            lambda ps: "T\n\n" + "\n\n".join(ps)
        ),
    ),
    st.sampled_from(["text", "markdown", "html"]),
    st.integers(60, 600),
)
@example(REQUEST_TWICE, "text", 60)
def test_any_unicode_text_gives_a_series_or_a_clear_error(text: str, fmt: str, max_chars: int) -> None:
    _check(text, fmt, max_chars)


@FAST
@given(st.lists(sentence(), min_size=2, max_size=30), st.integers(60, 300))
def test_markdown_lists_keep_order(items: list[str], max_chars: int) -> None:
    text = "# Title\n\nIntro text here.\n\n" + "\n".join(f"{i}. {s}" for i, s in enumerate(items, 1)) + "\n"
    article = parse_article(text, fmt="markdown")
    tips = split_article(article, max_chars=max_chars)
    assert coverage_problems(body_sentences(text, fmt="markdown"), article, tips) == []
    plan = make_plan(article, _settings(), max_chars=max_chars)
    chosen = [c.number for c in plan.chosen]
    assert chosen == sorted(chosen) and len(chosen) <= 10


@FAST
@given(st.lists(sentence(), min_size=12, max_size=40), st.integers(1, 20))
def test_tips_asked_for_are_the_best_ones_in_article_order(paragraphs: list[str], n: int) -> None:
    text = "Title here\n\n" + "\n\n".join(paragraphs) + "\n"
    try:
        article = parse_article(text)
    except ArticleError:
        return
    plan = make_plan(article, _settings(), tips=n)
    scores = {c.number: c.score for c in plan.chosen}
    ideas = [u for u in plan.unused if u.sentences != plan.spare]
    total = len(plan.ideas) - sum(t.lead for t in plan.ideas)
    left_out = sum(u.unfit is not None for u in ideas)
    # an unfit idea (cut off, unanswered ...) is chosen only when no other idea remains
    every_idea_unfit = left_out == len(ideas) and len(plan.chosen) == min(n, total)
    assert len(plan.chosen) == min(n, total - left_out) or every_idea_unfit
    assert list(scores) == sorted(scores)
    worst = min(scores.values(), default=0)
    assert all(u.score <= worst for u in ideas if u.unfit is None)


@settings(max_examples=25, deadline=None)
@given(st.binary(min_size=1, max_size=200).map(lambda b: b + b"\x00" + b))
def test_binary_input_is_refused_with_one_line(data: bytes) -> None:
    with pytest.raises(ArticleError) as info:
        decode_article(data, "upload.bin")
    assert "\n" not in str(info.value)


@pytest.mark.slow
def test_five_megabyte_article_splits_without_losing_text() -> None:
    rng = random.Random(7)
    vocabulary = [
        "skin",
        "sunscreen",
        "retinol",
        "the",
        "a",
        "of",
        "to",
        "and",
        "lines",
        "muscles",
        "Botox/Dysport",
        "3-6",
        "months",
        "Dr.",
        "e.g.",
        "U.S.",
        "2.5%",
    ]
    paragraphs: list[str] = []
    size = 0
    while size < 5_000_000:
        sentences = [
            " ".join(rng.choice(vocabulary) for _ in range(rng.randint(4, 40))).capitalize()
            + rng.choice(".!?")
            for _ in range(rng.randint(1, 8))
        ]
        block = " ".join(sentences)
        if rng.random() < 0.1:
            block = "A heading " + str(len(paragraphs))
        paragraphs.append(block)
        size += len(block) + 2
    text = "A very long article\n\n" + "\n\n".join(paragraphs) + "\n"
    article = parse_article(text)
    tips = split_article(article, max_chars=200)
    body = body_sentences(text)
    assert coverage_problems(body, article, tips) == []
    plan = make_plan(article, _settings(), max_chars=200)
    assert coverage_problems(body, plan.article, plan.ideas, plan.spare) == []
    posts = build_series(plan, _settings())
    assert series_problems(posts, plan.tips, plan.article, max_chars=200, hashtag_limit=5) == []
    assert len(posts) <= MAX_POSTS


@given(
    st.text(
        alphabet=st.sampled_from(
            ["a", "é", "1", ".", " ", "\t", "\n", "\u00a0", "\u2028", "\u3000", "\x1f", "\u200b"]
        )
    )
)
@settings(max_examples=200, deadline=None)
def test_a_cards_white_space_is_folded_to_single_plain_spaces_and_nothing_else_changes(text: str) -> None:
    # what a card shows: any run of white space (tabs, line breaks, no-break or ideographic spaces)
    # is one plain space, none at the ends; every other character stays, in order (a zero-width
    # space is not white space and stays too)
    from tipqueue.posts.reading.raw import normalize_space as read_space
    from tipqueue.posts.split import normalize_space

    for fold in (normalize_space, read_space):
        out = fold(text)
        assert out == out.strip()
        assert "  " not in out
        assert all(c == " " or not c.isspace() for c in out)
        assert out.replace(" ", "") == "".join(c for c in text if not c.isspace())
