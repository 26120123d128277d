"""Round 10 of the series rules: what an editor leaves out of a series that has advice."""

from __future__ import annotations

from tipqueue.config.settings import Settings
from tipqueue.posts.article import parse_article
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
