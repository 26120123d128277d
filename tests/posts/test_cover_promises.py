"""The cover promises what the series holds: a title promising a whole routine or plan the tips
do not give is replaced by a topic title from the tips, with the lead that repeats the promise;
a guessed title names what the tips are about; a chatty opening is no lead. Made-up text in the
shapes of real pages."""

from __future__ import annotations

import pytest
from tipqueue.config.settings import Settings
from tipqueue.posts.article import parse_article
from tipqueue.posts.cover_lead import choose_lead
from tipqueue.posts.models import Post, PostKind
from tipqueue.posts.reading.titles import promises_more, series_topic, topic_title
from tipqueue.posts.series import build_series, make_plan, review_markdown

STEPS = ["Step 1: Gentle cleansing", "Step 2: Treatment", "Step 3: Moisturizer", "Step 4: Sunscreen"]


def _cover(posts: list[Post]) -> Post:
    return next(p for p in posts if p.kind is PostKind.COVER)


def test_a_routine_title_over_one_of_its_steps_promises_more() -> None:
    title = "Complete Skincare Routine for Acne-Prone Skin"
    one_step = [(STEPS[0], "Wash twice a day with a gentle cleanser."), (None, "Acne has many causes.")]
    assert promises_more(title, list(STEPS), one_step)
    two_steps = [*one_step, (STEPS[2], "Use a light moisturizer after cleansing.")]
    assert not promises_more(title, list(STEPS), two_steps)
    # an article that numbers no steps promises no steps
    assert not promises_more(title, ["Why acne forms", "Cleansing"], one_step)
    # a title that is not a routine, plan or guide promises no routine
    assert not promises_more("Acne-Prone Skin Explained", list(STEPS), one_step)


def test_a_routine_announced_in_one_heading_counts_its_steps() -> None:
    headings = ["Understanding acne", "The Basic 4-Step Routine — Step 1: Gentle Cleansing"]
    tips = [(headings[1], "Wash twice a day with a gentle cleanser.")]
    assert promises_more("The Complete Routine for Acne", headings, tips)


def test_a_title_made_with_things_no_tip_names_promises_more() -> None:
    title = "Repairing Your Skin Barrier: A Practical Plan with Ceramides and Moisturizer"
    tips = [
        (None, "Stop using harsh scrubs on a damaged barrier."),
        (None, "Redness and stinging are signs."),
    ]
    assert promises_more(title, [], tips)
    named = [*tips, (None, "Ceramides and a rich moisturizer help the barrier recover.")]
    assert not promises_more(title, [], named)


def test_the_cover_says_what_the_series_holds_and_drops_the_lead_that_promises_the_routine(
    settings: Settings,
) -> None:
    text = (
        "Complete Skincare Routine for Acne-Prone Skin\n\n"
        "The right routine can calm breakouts, prevent new ones and heal acne scars over time.\n\n"
        "Understanding acne\n\n"
        "Acne forms when excess oil and dead skin cells clog the pores and bacteria multiply there.\n\n"
        "Inflamed acne shows as red bumps, and deep painful acne lumps can leave scars behind.\n\n"
        "The Basic 4-Step Routine — Step 1: Gentle cleansing\n\n"
        "Wash acne-prone skin twice a day with lukewarm water and a gentle, fragrance-free cleanser.\n"
    )
    plan = make_plan(parse_article(text), settings)
    posts = build_series(plan, settings)
    cover = _cover(posts)
    tips = [p for p in posts if p.kind is PostKind.TIP]
    # the acne background gives nothing to do: the topic's title promises no tips
    assert cover.quote == "Acne-prone skin: what to know"
    assert f"{len(tips)} posts from this article follow." in cover.caption
    assert "routine" not in cover.caption.split("#")[0].lower()
    # the tips still cite the article by its own title
    assert all("“Complete Skincare Routine for Acne-Prone Skin”" in p.caption for p in tips)
    review = review_markdown(posts, plan.article, {}, plan=plan)
    assert "title promises more than the series holds" in review
    # without the background every post is advice, and the title counts them as tips
    advice_only = text.replace(
        "Acne forms when excess oil and dead skin cells clog the pores and bacteria multiply there.\n\n"
        "Inflamed acne shows as red bumps, and deep painful acne lumps can leave scars behind.\n\n",
        "Never squeeze a pimple: it pushes the bacteria deeper into the skin and can leave acne scars.\n\n",
    )
    assert advice_only != text
    cover = _cover(build_series(make_plan(parse_article(advice_only), settings), settings))
    assert cover.quote == "2 tips for acne-prone skin"


def test_a_guessed_title_names_what_the_tips_are_about() -> None:
    # the article's own topic stays while one tip names it (lips in a rosacea Q&A)
    sections = [["Rosacea flares in the cold.", "Rosacea and the sun.", "Rosacea triggers vary."]]
    assert series_topic(sections, ["Rosacea skin needs a gentle lip balm.", "Sweat less."], "en") == "rosacea"
    # a routine named in passing is not the subject of tips on LED masks
    review = [["My morning routine and night routine changed with one step: a mask."] * 3]
    tips = ["An LED mask works after weeks of use.", "The LED mask device has four colours."]
    assert series_topic(review, tips, "en") == "gadgets"
    assert topic_title(review, "en", 2, tips=tips) == "2 tips on at-home skincare devices"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "3 tips for dry skin"), ("vi", "3 mẹo cho da khô"), ("it", "3 consigli per la pelle secca")],
)
def test_a_title_on_dry_skin_names_the_skin_not_one_of_its_cares(language: str, expected: str) -> None:
    sections = [["Dry skin needs moisturiser.", "Dry skin and dryness.", "Moisturise dry skin daily."]]
    assert topic_title(sections, language, 3) == expected


@pytest.mark.parametrize(
    ("opening", "language"),
    [
        ("Non tutti sono già stati al mare. Allora, come dire, non è mai troppo tardi per la pelle.", "it"),
        ("Let's face it, most of us forget sunscreen on cloudy days and regret it in the evening.", "en"),
    ],
)
def test_a_lead_chatting_to_the_readers_is_left_off(opening: str, language: str) -> None:
    lead = choose_lead([opening], language)
    assert not lead.used and "chatting" in (lead.left_out or "")


ADVICE_ONLY = (
    "Sun care basics\n\n"
    "Apply a broad-spectrum sunscreen with SPF 30 every morning, even on cloudy days.\n\n"
    "Reapply sunscreen every two hours outdoors and after swimming or sweating.\n\n"
    "Choose a fragrance-free moisturiser with ceramides to support the skin barrier.\n"
)
#: the same, with background that says what is, not what to do
WITH_BACKGROUND = ADVICE_ONLY + (
    "\nUltraviolet rays break down the collagen of the skin over the years, which is why sun "
    "damage shows as wrinkles and dark spots on the face long after the summer.\n"
)


def test_the_cover_counts_tips_only_when_every_post_tells_the_reader_what_to_do(
    settings: Settings,
) -> None:
    tips = _cover(build_series(parse_article(ADVICE_ONLY), settings))
    assert "2 tips from this article follow, one per post." in tips.caption
    mixed = build_series(parse_article(WITH_BACKGROUND), settings)
    assert sum(p.kind is PostKind.TIP for p in mixed) == 3  # the background is in the series
    cover = _cover(mixed)
    assert "3 posts from this article follow." in cover.caption
    assert "tips from this article" not in cover.caption


def test_posts_not_tips_are_counted_in_the_articles_language(settings: Settings) -> None:
    text = (
        "Sonnenschutz\n\nDer Sommer ist da.\n\n"
        "Tragen Sie jeden Morgen Sonnencreme mit Lichtschutzfaktor 30 auf, auch wenn es bewölkt ist.\n\n"
        "UV-Strahlen zerstören über die Jahre das Kollagen der Haut, deshalb zeigen sich Sonnenschäden "
        "als Falten und Pigmentflecken im Gesicht, lange nach dem Sommer.\n"
    )
    cover = _cover(build_series(parse_article(text, language="de"), settings))
    assert "2 Beiträge aus diesem Artikel folgen." in cover.caption
