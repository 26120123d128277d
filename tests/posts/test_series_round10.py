"""Round 10 of the series rules: what an editor leaves out of a series that has advice."""

from __future__ import annotations

import pytest
from tipqueue.config.settings import Settings
from tipqueue.posts.article import parse_article
from tipqueue.posts.ideas.encouragement import ENCOURAGEMENT, NEWS_OPENING, encouragement_cue
from tipqueue.posts.ideas.references import without_ordinal_lead
from tipqueue.posts.series import make_plan

CHEERED = """Calm skin in the cold months

Cold air outside and dry heating inside leave many people with tight, flaky skin by December.

Two local dermatologists stress the importance of caring for your skin when the weather turns cold and the heating goes on.

Wash with lukewarm water, never hot: hot water strips the oils that keep the skin barrier whole.

Apply a fragrance-free moisturiser within a minute of washing, while the skin is still damp.

Wear sunscreen every morning in winter too, because UVA rays pass through clouds and windows.

Knowing your skin type is the first step toward calmer skin, and good skin care can go a long way in keeping it comfortable all winter.
"""


def test_encouragement_and_a_news_opening_are_left_out_of_a_series_with_advice(settings: Settings) -> None:
    plan = make_plan(parse_article(CHEERED), settings)
    chosen = " ".join(c.tip.text for c in plan.chosen)
    assert "lukewarm water" in chosen and "sunscreen every morning" in chosen
    assert "go a long way" not in chosen
    assert "stress the importance" not in chosen
    reasons = " ".join(u.reason for u in plan.unused)
    assert "encouragement, nothing to act on" in reasons
    assert "a news story's opening, no advice" in reasons


DATELINE = """Sonnenschutz im Sommer

Im Sommer verbringen viele Menschen jede freie Stunde draußen, am See, im Park oder auf dem Balkon.

Berlin (dpa) Nicht nur im Urlaub, auch am Wochenende im Park ist die Sonne für die Haut stark. Aber welcher Lichtschutzfaktor ist der richtige, und wie viel Creme braucht die Haut?

Tragen Sie jeden Morgen Sonnencreme mit Lichtschutzfaktor 30 auf, auch wenn der Himmel bedeckt ist.

Cremen Sie sich alle zwei Stunden und nach dem Baden erneut ein, denn Wasser und Handtücher tragen den Schutz ab.

Meiden Sie die Mittagssonne zwischen 11 und 15 Uhr und suchen Sie Schatten, wann immer es geht.
"""


def test_an_agency_dateline_opening_is_not_a_tip(settings: Settings) -> None:
    plan = make_plan(parse_article(DATELINE, language="de"), settings)
    chosen = " ".join(c.tip.text for c in plan.chosen)
    assert "(dpa)" not in chosen
    assert len(plan.chosen) == 3
    assert any(u.reason.startswith("a news story's opening") for u in plan.unused)


LASTLY = """Winter skin in three steps

Cold air outside and dry heating inside leave many people with tight, flaky skin by December.

Swap a foaming cleanser for a cream cleanser in winter, since foam strips the oils the skin needs.

Keep showers short and lukewarm. Hot water weakens the oil layer on top of the skin and leaves it dry.

Lastly, apply sunscreen with SPF 30 or higher in winter too, because snow and ice reflect ultraviolet rays.
"""


def test_a_list_closer_paragraph_is_a_tip_of_its_own(settings: Settings) -> None:
    plan = make_plan(parse_article(LASTLY), settings)
    texts = [c.tip.text for c in plan.chosen]
    assert any(t.startswith("Apply sunscreen with SPF 30") for t in texts)
    assert not any("lukewarm" in t and "sunscreen" in t for t in texts)


def test_the_last_line_of_a_writers_own_story_is_not_cut_loose() -> None:
    assert without_ordinal_lead("Lastly, I'm thrilled to say that I've seen real benefits.", "en") is None
    assert without_ordinal_lead("Enfin, appliquez une crème riche chaque soir.", "fr") == (
        "Appliquez une crème riche chaque soir."
    )


RUN_TOGETHER = """Why your skin needs its outer layer

Cold air outside and dry heating inside leave many people with tight, flaky skin by December.

Apply a fragrance-free moisturiser within a minute of washing, while the skin is still damp.

The outer layer of the skin holds natural moisturising factors, which are molecules that draw water

Besides pulling water in, the outer layer also keeps water from evaporating from the layers below.

Wash with lukewarm water, never hot: hot water strips the oils that keep the skin barrier whole.

Wear sunscreen every morning in winter too, because UVA rays pass through clouds and windows.
"""


def test_two_sentences_run_together_by_a_cut_page_are_not_a_tip(settings: Settings) -> None:
    plan = make_plan(parse_article(RUN_TOGETHER), settings)
    chosen = " ".join(c.tip.text for c in plan.chosen)
    assert "draw water" not in chosen
    assert any("two sentences run together" in u.reason for u in plan.unused)


@pytest.mark.parametrize(
    "text",
    [
        "learning about acne is the first step toward clearing it",
        "good skin care can go a long way",
        "the right routine can help keep skin calm",
        "you can manage your eczema",
        "das ist der erste schritt zu gesunder haut",
        "die richtige pflege hilft",
        "c'est la première étape",
        "une bonne routine permet de garder la peau saine",
        "es el primer paso",
        "una buena rutina ayuda",
        "è il primo passo",
        "una buona routine aiuta",
        "đây là bước đầu tiên",
    ],
)
def test_every_kind_of_encouragement_is_still_found(text: str) -> None:
    # the quick word check in front of the pattern must let each of its phrases through
    assert encouragement_cue(text) == ENCOURAGEMENT


@pytest.mark.parametrize(
    "text",
    [
        "münchen (dpa) l wer im winter friert, hat oft trockene haut",
        "two local dermatologists stress the importance of sunscreen",
        "three top experts weigh in on retinol",
        "la dermatologue nina roos fait le point",
        "das erklärt die hautärztin in münchen",
        "lo explica la dermatóloga",
        "lo spiega il dermatologo",
        # a town's dateline over the standfirst
        "münchen. dermatologe rät bei problemen zu intensiver pflege und ausreichend flüssigkeit.",
        "lyon. dermatologue conseille une crème riche en hiver.",
    ],
)
def test_every_kind_of_news_opening_is_still_found(text: str) -> None:
    assert encouragement_cue(text) == NEWS_OPENING


BARE_HEADING = """Winter care for dry skin

Cold air outside and dry heating inside leave many people with tight, flaky skin by December.

Moisturise and nourish: the winter must-haves

Apply a fragrance-free moisturiser within a minute of washing, while the skin is still damp.

Wash with lukewarm water, never hot: hot water strips the oils that keep the skin barrier whole.

Wear sunscreen every morning in winter too, because UVA rays pass through clouds and windows.
"""


def test_a_heading_with_no_text_under_it_is_not_a_tip(settings: Settings) -> None:
    plan = make_plan(parse_article(BARE_HEADING), settings)
    assert all(c.tip.text != "Moisturise and nourish: the winter must-haves" for c in plan.chosen)
    assert len(plan.chosen) == 3
