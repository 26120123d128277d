"""Tips and slides: self-contained groups, carousels at sentence boundaries, the coverage invariant."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from tipqueue.posts.article import body_sentences, parse_article, read_article
from tipqueue.posts.captions import (
    CAPTION_MAX_CHARS,
    alt_text_for,
    caption_problems,
    fit_caption,
    hashtags_for,
    render_caption,
)
from tipqueue.posts.models import compose_caption
from tipqueue.posts.split import (
    CARD_MAX_CHARS,
    coverage_problems,
    leans_on_previous,
    list_slides,
    slides_for,
    split_article,
    split_long_sentence,
)

FIXTURES = Path(__file__).parent / "fixtures"


def test_sentence_that_leans_on_the_previous_one_stays_with_it(bundled_article: Path) -> None:
    tips = split_article(read_article(bundled_article), max_chars=200)
    for tip in tips:
        assert not tip.sentences[0].startswith(("They ", "Because ", "That was ", "Maybe ", "It’s the"))
    gadgets = next(t for t in tips if t.text.startswith("The gadgets that claim"))
    assert gadgets.text.endswith("They can keep the muscles more active while recovering.")
    balance = next(t for t in tips if "Over relaxing" in t.text)
    assert "Under relaxing" in balance.text and "Under relaxing facial muscles won’t help" in balance.text
    assert "You want balance." in balance.text


def test_leaning_rules() -> None:
    assert leans_on_previous("They can keep the muscles active.")
    assert leans_on_previous("I’ve had patients use them occasionally.")
    assert leans_on_previous("You want balance.", "It is the skill that matters.")
    assert leans_on_previous(
        "Under relaxing facial muscles won’t help.", "Over relaxing facial muscles is stiff."
    )
    assert not leans_on_previous("Botox/Dysport are the best ways to soften lines.", "Smiling is important.")


def test_tips_never_cross_sections_or_list_items() -> None:
    article = read_article(FIXTURES / "bullets.txt")
    tips = split_article(article, max_chars=200)
    items = [b.text for s in article.sections for b in s.blocks][1:]
    assert [t.text for t in tips if not t.lead] == items
    markdown = split_article(read_article(FIXTURES / "markdown.md"), max_chars=200)
    assert [t.section for t in markdown] == [None, "For dry skin", "For oily skin", "For oily skin"]


def test_opening_paragraph_is_the_lead_only_when_more_follows() -> None:
    tips = split_article(parse_article("T\n\nOne paragraph. Only this."), max_chars=200)
    assert [t.lead for t in tips] == [False]
    tips = split_article(parse_article("T\n\nIntro here.\n\nSecond paragraph."), max_chars=200)
    assert [t.lead for t in tips] == [True, False]


def test_long_tip_becomes_slides_at_sentence_boundaries() -> None:
    sentences = ["A" * 90 + ".", "B" * 90 + ".", "C" * 90 + "."]
    slides = slides_for(sentences, 200)
    assert slides == [f"{sentences[0]} {sentences[1]}", sentences[2]]


def test_single_over_long_sentence_is_cut_at_clauses_then_words_never_lost() -> None:
    sentence = "First clause is quite long indeed, second clause follows here; third part ends it all."
    pieces = split_long_sentence(sentence, 40)
    assert pieces[0] == "First clause is quite long indeed,"
    assert all(len(p) <= 40 for p in pieces)
    assert " ".join(pieces) == sentence
    no_spaces = "x" * 95
    assert split_long_sentence(no_spaces, 40) == ["x" * 40, "x" * 40, "x" * 15]


def test_coverage_invariant_holds_for_every_fixture(bundled_article: Path) -> None:
    paths = [bundled_article, *sorted(FIXTURES.iterdir())]
    for path in paths:
        fmt = {".md": "markdown", ".html": "html"}.get(path.suffix, "text")
        language = "de" if "german" in path.name else None
        article = read_article(path, language=language)
        tips = split_article(article, max_chars=120)
        text = path.read_text(encoding="utf-8")
        assert coverage_problems(body_sentences(text, fmt=fmt, language=language), article, tips) == [], path


def test_coverage_invariant_catches_a_lost_sentence(bundled_article: Path) -> None:
    article = read_article(bundled_article)
    tips = split_article(article, max_chars=200)
    sentences = body_sentences(bundled_article.read_text(encoding="utf-8"))
    broken = tips[:3] + tips[4:]
    problems = coverage_problems(sentences, article, broken)
    assert problems and "first difference" in problems[0]


REQUEST = "Please do a shout out on my Instagram account."
REPEATED_REQUEST = (
    f"Skin notes\n\n{REQUEST}\n\nSunscreen\n\nWear sunscreen every day.\n\n"
    f"Retinol\n\nStart retinol slowly, twice a week.\n\n{REQUEST}\n"
)


def test_request_said_twice_is_content_first_and_call_to_action_last() -> None:
    article = parse_article(REPEATED_REQUEST)
    tips = split_article(article, max_chars=60)
    # only the last request is the call to action; the earlier one stays where the author put it
    assert article.call_to_action_sentences == (REQUEST,)
    assert [t.sentences for t in tips] == [
        (REQUEST,),
        ("Wear sunscreen every day.",),
        ("Start retinol slowly, twice a week.",),
    ]
    assert coverage_problems(body_sentences(REPEATED_REQUEST), article, tips) == []


def test_coverage_invariant_catches_reordered_tips_around_a_repeated_sentence() -> None:
    article = parse_article(REPEATED_REQUEST)
    tips = split_article(article, max_chars=60)
    # the first request moved behind the sunscreen tip: no choice of which request is the call to
    # action explains that order
    moved = [replace(tips[1], position=1), replace(tips[0], position=2), tips[2]]
    problems = coverage_problems(body_sentences(REPEATED_REQUEST), article, moved)
    assert len(problems) == 1 and "tips do not add up to the article" in problems[0]


def test_hashtags_are_cleaned_deduplicated_and_capped() -> None:
    assert hashtags_for(["#SkinCare", "skincare", "derm tips", "a-b", "x", "y", "z", "w"], 5) == (
        "SkinCare",
        "dermtips",
        "ab",
        "x",
        "y",
    )
    assert hashtags_for(["a"], 0) == ()


def test_caption_limits_hold_when_article_text_is_full_of_tags_and_mentions() -> None:
    body = [" ".join(f"@user{i} #tag{i}" for i in range(40)) + "."]
    caption, tags = fit_caption(
        "tip",
        {
            "hook": "Hook",
            "label": "1/1",
            "section": None,
            "slides": 1,
            "swipe_line": "",
            "footer": "Tip 1/1",
            "title": "T",
            "author": None,
            "disclaimer": None,
        },
        body_key="body",
        body_sentences=body,
        hashtags=("skincare", "derm"),
        hashtag_limit=5,
    )
    assert caption_problems(caption, hashtag_limit=5) == []
    assert tags == ()  # the article's own tags used the room
    assert "＠user39" in caption and "＃tag39" in caption


def test_caption_is_shortened_at_a_sentence_boundary_to_fit_2200() -> None:
    body = [f"Sentence number {i} says something useful about skin." for i in range(80)]
    caption, tags = fit_caption(
        "tip",
        {
            "hook": "Hook",
            "label": "1/1",
            "section": "S",
            "slides": 2,
            "swipe_line": "Swipe through both cards.",
            "footer": "Tip 1/1 · S",
            "title": "T",
            "author": "A",
            "disclaimer": "D",
        },
        body_key="body",
        body_sentences=body,
        hashtags=("skincare",),
        hashtag_limit=5,
    )
    published = compose_caption(caption, tags)
    assert len(published) <= CAPTION_MAX_CHARS
    assert "useful about skin. …" in caption and published.endswith("\n\n#skincare")


def test_templates_are_strict_about_missing_variables() -> None:
    from tipqueue.config.errors import CardError

    with pytest.raises(CardError, match=r"tip\.j2"):
        render_caption("tip", {"hook": "only a hook"})


def test_workspace_template_overrides_the_bundled_one(tmp_path: Path) -> None:
    folder = tmp_path / "templates" / "captions"
    folder.mkdir(parents=True)
    (folder / "cta.j2").write_text("ASK: {{ hook }}\n", encoding="utf-8")
    assert render_caption("cta", {"hook": "Which one?"}, workspace=tmp_path) == "ASK: Which one?"


def test_alt_text_names_the_card_and_stays_under_1000() -> None:
    assert alt_text_for("Wear sunscreen.", author="Dr. A", index=2, count=3) == (
        "Quote card 2 of 3 from Dr. A: Wear sunscreen."
    )
    assert len(alt_text_for("word " * 400, author=None)) <= 1000


# a made-up sentence of 300 characters with commas: it used to be cut at a comma across two cards
LONG = (
    "There are some over-the-counter creams, such as a mild hydrocortisone, that can calm a flare "
    "for a few days, but if you notice that they are not helping after a week of careful use, "
    "it is time to see your dermatologist and get a prescription treatment that works for you."
)


def test_a_sentence_longer_than_the_packing_target_stays_whole_on_one_card() -> None:
    assert 200 < len(LONG) <= CARD_MAX_CHARS
    before, after = "Eczema often flares in winter.", "Moisturise right after the shower."
    slides = slides_for([before, LONG, after], 200)
    assert slides == [before, LONG, after]
    # every card ends where a sentence ends
    assert all(s.endswith(".") for s in slides)


@pytest.mark.parametrize("layout", ["portrait", "square", "story"])
def test_the_longest_whole_sentence_a_card_takes_renders_legibly(layout: str) -> None:
    """The hard limit is what the renderer fits at its smallest legible size, with room to spare."""
    from tipqueue.config.settings import Settings
    from tipqueue.posts.cards import brand_kit, fit_text, load_layout

    style = load_layout(layout).roles["tip"].quote
    kit = brand_kit(Settings())
    sentence = (LONG + " " + LONG)[:CARD_MAX_CHARS].rsplit(" ", 1)[0] + "."
    [slide] = slides_for([sentence], 200)
    fitted = fit_text(slide, style, kit.chain(style.font, style.weight))
    assert fitted.size >= style.smallest
    assert " ".join(w.text for line in fitted.lines for w in line.words) == slide


def test_only_a_sentence_over_the_hard_limit_is_cut_at_its_most_even_clause_boundaries() -> None:
    clauses = [f"clause number {n} runs on for a good while here" for n in range(12)]
    sentence = ", ".join(clauses) + "."
    assert len(sentence) > CARD_MAX_CHARS
    slides = slides_for([sentence], 200)
    assert len(slides) == 2 and all(len(s) <= CARD_MAX_CHARS for s in slides)
    assert slides[0].endswith(",") and abs(len(slides[0]) - len(slides[1])) < 60
    assert " ".join(slides) == sentence


def test_a_last_list_item_that_only_goes_on_from_the_one_before_never_stands_alone() -> None:
    """ "as well as secondary lesions" alone on the last card is a fragment: the item before it
    moves onto that card with it."""
    items = [[f"item number {n} of the list (with a note)"] for n in range(1, 6)]
    items.append(["as well as secondary lesions"])
    slides = list_slides(["It includes:"], items, 200)
    assert slides[-1] == "item number 5 of the list (with a note)\nas well as secondary lesions"
    assert "\n".join(slides[1:]).split("\n") == [i[0] for i in items]  # nothing lost, in order


@pytest.mark.parametrize("last", ["Secondary lesions", "and more"])
def test_a_whole_last_item_or_one_that_fits_stays_where_it_falls(last: str) -> None:
    items = [[f"item number {n} of the list (with a note)"] for n in range(1, 6)] + [[last]]
    slides = list_slides(["It includes:"], items, 200)
    if last[0].isupper():
        assert slides[-1] == last
    fits = list_slides(["It includes:"], [["one"], ["two"], [last]], 200)
    assert fits == ["It includes:", f"one\ntwo\n{last}"]
