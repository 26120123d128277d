"""Ideas a clinic would not post: other brands' products, personal stories, cut-off text,
unanswered questions, glossary entries, flattened tables; and an article with nothing to post."""

from __future__ import annotations

from pathlib import Path

import pytest
from tipqueue.config.errors import InputError
from tipqueue.config.settings import Settings
from tipqueue.posts.article import parse_article
from tipqueue.posts.ideas.anecdote import personal_cues
from tipqueue.posts.ideas.brands_build import main as build_brands
from tipqueue.posts.ideas.completeness import counted_steps, cut_sentence, not_whole
from tipqueue.posts.ideas.promotion import article_brands, brand_cues
from tipqueue.posts.ideas.units import Idea
from tipqueue.posts.series import make_plan, split_to_folder

ADVICE = [
    "Wash your face with lukewarm water twice a day, because hot water strips the skin barrier.",
    "Apply sunscreen every morning, since daily UV exposure causes most visible ageing of the skin.",
    "Use a fragrance-free moisturiser on damp skin, which helps the skin hold on to its water.",
]


def _article(*paragraphs: str) -> str:
    intro = "Three habits keep most skin calm through the year, and a few things to leave out."
    body = [f"Point {n}\n\n{p}" for n, p in enumerate([*paragraphs, *ADVICE], 1)]
    return "Skin basics\n\n" + "\n\n".join([intro, *body]) + "\n"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Salicylic acid unclogs pores (Glowbrand SA Cleanser).", "en"),
        ("I love the ZestyGlow Foaming Facial Cleanser for oily skin.", "en"),
        ("La Roche-Posay makes a gentle gel for oily skin.", "en"),
        ("Directions: apply two drops to clean skin every evening.", "en"),
        ("Nur wenige kennen die Marke Glanz-Ka.", "de"),
    ],
)
def test_named_products_and_product_page_lines_are_found(text: str, language: str) -> None:
    assert brand_cues(text, language) != []


def test_plain_advice_and_trade_acronyms_are_not_brands() -> None:
    for text in [
        *ADVICE,
        "Choose an SPF moisturiser with UVA filters (broad spectrum).",
        "Die Haut braucht Pflege.",
    ]:
        assert brand_cues(text, "en") == [], text


def test_a_name_the_article_calls_a_brand_is_a_brand_in_every_idea() -> None:
    brands = article_brands(["Glowco says they added propolis instead of water."])
    assert brand_cues("Glowco also sells a toner.", "en", brands) != []
    assert brand_cues("Glowco also sells a toner.", "en") == []


def test_brand_products_and_personal_stories_stay_out_with_their_reason(settings: Settings) -> None:
    text = _article(
        "Dab sulfur on breakouts (Glowbrand 10% Sulfur) to dry them out overnight on the skin.",
        "A quick Google search told me not to mix vitamin C with retinol, so I use it in the morning.",
        "My aunt owns a spa, and I was fortunate to get a bag of her skin creams for the holidays.",
    )
    plan = make_plan(parse_article(text), settings)
    assert [c.tip.text for c in plan.chosen] == ADVICE
    reasons = [u.reason for u in plan.unused]
    assert reasons[0].startswith("names other brands' products")
    assert reasons[1].startswith("a personal story or review") and reasons[2].startswith("a personal story")
    assert personal_cues("meiner meinung nach sind sie gut", "de") == ["meiner meinung nach"]


def test_cut_off_text_is_deselected_or_its_cut_sentence_dropped(settings: Settings) -> None:
    assert cut_sentence("The role of dead skin cells is to protect the skin and …")
    assert cut_sentence("All of the …is a good idea")
    assert not cut_sentence("Some people wait… and it works.")
    text = _article(
        "Dead skin cells protect the skin and …",
        "Cleanse gently in the evening to remove sunscreen from the skin. Then it is good to wait and …",
    )
    plan = make_plan(parse_article(text), settings)
    assert plan.unused[0].reason.startswith("text is cut off")
    chosen = [c.tip.text for c in plan.chosen]
    assert "Cleanse gently in the evening to remove sunscreen from the skin." in chosen
    assert any(d.text.endswith("wait and …") and "cut off" in d.reason for d in plan.article.dropped)


def _idea(*sentences: str, kind: str = "paragraph") -> Idea:
    return Idea(number=1, section=None, kind=kind, sentences=sentences)


def test_unanswered_questions_glossary_entries_and_flat_tables_are_not_whole() -> None:
    question = _idea("Do you have tips for calming the skin after work?", "(For busy parents?)")
    assert not_whole(question, "en") == "a question with no answer"
    answered = _idea("Why does skin dry out in winter?", "Cold air holds less water, so the skin loses more.")
    assert not_whole(answered, "en") is None
    assert (
        not_whole(_idea("Haut: Die Haut ist das größte Organ des Menschen."), "de")
        == "a glossary entry, not a tip"
    )
    table = _idea(
        "Acne Type Best Ingredients Product Examples Clogged Pores Salicylic Acid Inflamed Pimples Benzoyl "
        "Peroxide Hormonal Acne Adapalene Gel."
    )
    assert not_whole(table, "en") == "a table flattened into a run of words"
    assert not_whole(_idea(*ADVICE), "en") is None


def test_deselected_ideas_are_listed_with_their_reason(settings: Settings) -> None:
    text = _article("Skin: The skin is the largest organ of the human body.")
    plan = make_plan(parse_article(text), settings)
    assert [u.reason.split(" (")[0] for u in plan.unused] == ["a glossary entry, not a tip"]
    assert len(plan.chosen) == len(ADVICE)


def test_an_article_with_no_skin_advice_gets_no_series_and_one_clear_line(
    settings: Settings, tmp_path: Path
) -> None:
    article = tmp_path / "handbag.txt"
    article.write_text(
        "The new bag\n\nThis leather bag is sewn by hand in a small workshop in Germany.\n\n"
        "Every bag carries a silver plate polished by hand.\n\nThe lining is made of soft suede.\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        split_to_folder(article, tmp_path / "out", settings)
    assert "handbag.txt" in str(info.value) and "advice for a skin clinic's audience" in str(info.value)
    assert "\n" not in str(info.value) and not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "headline",
    [
        "I tried a $110 LED face mask for a month. Here is what happened to my skin.",
        "Ich habe eine LED-Maske vier Wochen lang getestet.",
        "J'ai testé un masque LED pendant un mois.",
    ],
)
def test_a_first_person_review_of_one_product_gets_no_series(
    settings: Settings, tmp_path: Path, headline: str
) -> None:
    """The writer's own test of one product is her review, not advice a clinic posts, even
    when a general sentence about skin frames it (with two ideas of general advice or more the
    test is only the frame: see test_ideas_lists_voices)."""
    diary = [
        "I wore the mask every evening for ten minutes and my skin looked calmer after a week.",
        "By the end of the month my acne had calmed down, and I will keep using my mask.",
    ]
    article = tmp_path / "review.txt"
    article.write_text(headline + "\n\n" + "\n\n".join([ADVICE[0], *diary]) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        split_to_folder(article, tmp_path / "out", settings)
    assert "first-person review" in str(info.value) and not (tmp_path / "out").exists()


def test_a_headline_in_the_first_person_that_tests_nothing_is_no_review(settings: Settings) -> None:
    text = "I asked three dermatologists about winter skin\n\n" + "\n\n".join(ADVICE) + "\n"
    plan = make_plan(parse_article(text), settings)
    assert plan.nothing_to_post is None and plan.chosen


def test_the_brand_list_is_up_to_date_with_its_sources() -> None:
    assert build_brands(["--check"]) == 0


@pytest.mark.parametrize(
    ("sentence", "language", "steps"),
    [
        ("This four-step skincare routine should be done twice per day.", "en", 4),
        ("Follow these 3 steps every evening.", "en", 3),
        ("Diese drei Schritte sollten Sie morgens und abends machen.", "de", 3),
        ("Cette routine en quatre étapes se fait matin et soir.", "fr", 4),
        ("Estos cinco pasos deben hacerse dos veces al día.", "es", 5),
        ("Questi 3 passaggi vanno ripetuti ogni sera.", "it", 3),
        ("Thực hiện 4 bước này mỗi tối.", "vi", 4),
    ],
)
def test_a_routine_s_steps_counted_but_not_given_are_not_a_whole_tip(
    sentence: str, language: str, steps: int
) -> None:
    assert counted_steps(sentence, language) == steps
    assert not_whole(_idea(sentence), language) == f"speaks of {steps} steps it does not give"


def test_a_list_holding_its_counted_steps_or_a_step_count_in_passing_is_whole() -> None:
    lead = "These 3 steps keep oily skin calm:"
    listed = Idea(
        number=1,
        section=None,
        kind="list",
        sentences=(lead, "Cleanse.", "Tone.", "Moisturize."),
        title_card=1,
        items=(1, 1, 1),
    )
    assert not_whole(listed, "en") is None
    assert not_whole(_idea("A simple routine has three steps: cleanse, treat and protect."), "en") is None
    assert counted_steps("Wait 10 minutes between the two steps.", "en") is None
