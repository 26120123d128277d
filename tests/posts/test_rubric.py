"""The automatic rubric flags what an editor would send back, and leaves good posts alone."""

from __future__ import annotations

from dataclasses import replace

import pytest
from tipqueue.config.settings import Settings
from tipqueue.posts.article import parse_article
from tipqueue.posts.models import Article, Post, PostKind
from tipqueue.posts.rubric import dangling, heading_only, post_flags, series_flags
from tipqueue.posts.series import build_series

ARTICLE = parse_article("Title words\n\nOpening paragraph.\n\nA tip that stands alone.\n")


def _post(quote: str, caption: str | None = None, kind: PostKind = PostKind.TIP) -> Post:
    from tipqueue.posts.models import Slide

    return Post(
        id="x-02",
        kind=kind,
        series_label="1/1",
        quote=quote,
        caption=caption or quote,
        slides=(Slide(quote, ""),),
    )


def _codes(post: Post, article: Article = ARTICLE, tips: int = 1) -> set[str]:
    return {f.code for f in post_flags(post, article, tip_count=tips)}


@pytest.mark.parametrize(
    "text",
    [
        "These sound so great, don't they.",
        "That's why you should never skip it.",
        "They're both forms of vitamin C.",
        "As you can see in the images above, the redness faded.",
        "Here's one I use every day.",
        "Par exemple, choisir une table à l'ombre.",
        "Deshalb sollten Sie morgens eincremen.",
        "Dưới đây là một số quy tắc skincare:",
        "It also helps with redness.",
        "Ensuite, pour la dermatologue : « On peut choisir des vêtements. »",
        "La dermatologue poursuit : « Ce serait bénéfique à tout âge. »",
        "The (slightly) longer answer is that they are unstable atoms.",
    ],
)
def test_dangling_starts_are_flagged(text: str) -> None:
    assert dangling(text)
    assert "dangling_start" in _codes(_post(text))


@pytest.mark.parametrize(
    "text",
    [
        "Wear sunscreen every morning.",
        "It's important to moisturise right after the shower.",
        "This routine takes five minutes.",
        "Thinking about retinol? Start slowly.",
        "Itchy skin in winter is common.",
    ],
)
def test_standalone_tips_are_not_dangling(text: str) -> None:
    assert not dangling(text)


@pytest.mark.parametrize("text", ["Avoid:", "Physical scrubs", "Oily", "Look for:"])
def test_heading_only_tips_are_flagged(text: str) -> None:
    assert heading_only(text)
    assert "heading_only" in _codes(_post(text))


def test_a_full_sentence_is_not_heading_only() -> None:
    assert not heading_only("Use a gentle cleanser twice a day.")


def test_a_hook_cut_mid_sentence_is_flagged_and_a_whole_one_is_not() -> None:
    quote = "If your skin is oily, you still need a moisturiser, because dry skin makes more oil."
    cut = _post(
        quote, "If your skin is oily,\nyou still need a moisturiser, because dry skin makes more oil."
    )
    assert "hook_cut" in _codes(cut)
    assert "hook_cut" in _codes(_post("OK. Rinse well.", "OK.\nRinse well."))
    assert "hook_cut" not in _codes(_post(quote, quote + "\n\nTip 1/1"))


def test_follow_me_call_to_action_is_flagged() -> None:
    cta = _post("Follow me on Instagram for more tips!", kind=PostKind.CTA)
    assert "follow_cta" in _codes(cta)
    assert "follow_cta" not in _codes(_post("Which cleanser do you love? Tell us below.", kind=PostKind.CTA))


def test_boilerplate_in_a_post_is_flagged() -> None:
    assert "boilerplate" in _codes(_post("Subscribe to our newsletter for 10% off."))
    assert "boilerplate" in _codes(_post("Lee también: cómo tratar el acné."))


def test_counts_that_do_not_match_the_series_are_flagged() -> None:
    cover = _post("T", "T\n\nThe next 115 posts share tips.", kind=PostKind.COVER)
    assert "count_grammar" in _codes(cover, tips=8)
    assert "count_grammar" in _codes(
        _post("T", "T\n\n9 tips from this article follow.", kind=PostKind.COVER), tips=8
    )
    assert "count_grammar" not in _codes(
        _post("T", "T\n\n8 tips from this article follow.", kind=PostKind.COVER), tips=8
    )
    two = replace(_post("A. B."), caption="A.\nSwipe through all 2 cards.")
    assert "count_grammar" in _codes(two)


def test_a_title_from_the_file_name_is_flagged_on_the_cover(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tipqueue.posts.article import read_article

    path = tmp_path / "02_my-article.txt"
    path.write_text(
        "wear sunscreen every day because the sun ages skin.\n\nmoisturise at night.\n", encoding="utf-8"
    )
    article = read_article(path)
    assert article.title_guessed
    assert "file_name_title" in _codes(_post("My article", kind=PostKind.COVER), article)
    # the title tipqueue writes from the topic is a guess, but not the file name
    assert "file_name_title" not in _codes(_post(article.title, kind=PostKind.COVER), article)


def test_the_series_of_a_clean_article_has_no_flags(settings: Settings) -> None:
    text = (
        "Winter skin care\n\nCold air dries the skin.\n\n"
        "Moisturise right after the shower, while your skin is still damp.\n\n"
        "Swap hot showers for lukewarm ones: hot water strips the skin's oils.\n\n"
        "Which cream do you swear by in winter? Tell us in the comments.\n"
    )
    article = parse_article(text)
    posts = build_series(article, settings)
    assert series_flags(posts, article) == {p.id: [] for p in posts}


def test_a_card_that_stops_mid_sentence_is_flagged() -> None:
    from tipqueue.posts.models import Slide

    cut = replace(
        _post("Some creams can be used, but if they do not help, it is time to see a doctor."),
        slides=(
            Slide("Some creams can be used, but if they do not help,", ""),
            Slide("it is time to see a doctor.", ""),
        ),
    )
    assert "card_cut" in _codes(cut)
    whole = replace(
        _post("Some creams can help. If they do not, see a doctor."),
        slides=(Slide("Some creams can help.", ""), Slide("If they do not, see a doctor.", "")),
    )
    assert "card_cut" not in _codes(whole)


def test_a_list_s_next_item_in_lower_case_is_no_cut_card_but_a_fragment_is() -> None:
    from tipqueue.posts.models import Slide

    def listed(*cards: str) -> Post:
        return replace(_post(" ".join(cards)), slides=tuple(Slide(c, "") for c in cards))

    items = listed("It includes:", "papules (small red bumps)\npustules", "nodules\nas well as scars")
    assert "card_cut" not in _codes(items)
    fragment = listed("It includes:", "papules (small red bumps)\npustules", "as well as scars")
    assert "card_cut" in _codes(fragment)
