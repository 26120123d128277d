"""Advice is chosen over the text around it: announcements, statistics, method descriptions and an
opening on how a problem feels stay out of the series while real advice takes their place, in every
language the splitter supports."""

from __future__ import annotations

import pytest
from tipqueue.config.settings import Settings
from tipqueue.posts.article import parse_article
from tipqueue.posts.ideas.selection import score_idea, tells_what_to_do
from tipqueue.posts.ideas.units import Idea
from tipqueue.posts.series import make_plan


def _idea(text: str, number: int = 2) -> Idea:
    return Idea(number=number, section=None, kind="paragraph", sentences=(text,))


# (language, framing with no advice, real advice with no imperative at its start)
FRAMING = [
    ("en", "There are a few things you can do about dry patches on the skin in winter.", "announces"),
    (
        "fr",
        "Chez l'adulte, il existe des solutions pour estomper les marques d'acné sur la peau.",
        "announces",
    ),
    (
        "it",
        "Ci sono delle raccomandazioni da fare per la pelle in estate, al mare e in montagna.",
        "announces",
    ),
    (
        "es",
        "Hay varias soluciones para las manchas de la piel que aparecen con la edad y el sol.",
        "announces",
    ),
    (
        "de",
        "Es gibt einige Tipps gegen Pickel auf der Haut, die im Sommer besonders oft auftreten.",
        "announces",
    ),
    (
        "vi",
        "Có một số cách giúp làn da khô trở nên mềm mại hơn trong những ngày mùa đông lạnh giá.",
        "announces",
    ),
    (
        "es",
        "Si te preguntas qué recomiendan los expertos para las rojeces, aquí te compartimos una guía completa.",
        "announces",
    ),
    (
        "en",
        "Dry hands in winter are common, and here is our complete guide to soothing them at home.",
        "announces",
    ),
    (
        "en",
        "Up to 15 percent of adult women have acne on their skin at some point in their lives.",
        "statistics",
    ),
    (
        "de",
        "Die Suchanfragen zu Pickeln auf der Haut sind bei Google um 1700 Prozent gestiegen.",
        "statistics",
    ),
    (
        "fr",
        "Une approche exigeante de la peau repose sur trois piliers : barrière, microbiome et rythme.",
        "method",
    ),
    (
        "es",
        "Nuestro enfoque del cuidado de la piel se basa en tres pilares: limpiar, hidratar y proteger.",
        "method",
    ),
]


@pytest.mark.parametrize(("language", "text", "what"), FRAMING)
def test_framing_with_no_advice_is_not_posted(language: str, text: str, what: str) -> None:
    scored = score_idea(_idea(text), language)
    assert scored.unfit is not None and what in scored.unfit, scored


ADVICE = [
    ("en", "Patients with rosacea should use light moisturisers that are free of any added fragrance."),
    ("fr", "Matin et soir, on nettoie le visage en douceur, avec des produits doux et non comédogènes."),
    ("it", "Tutti dovremmo utilizzare una protezione 50 per le prime esposizioni al sole sulla pelle."),
    ("es", "Nunca se debe manipular este tipo de lesiones de la piel fuera de una consulta médica."),
    (
        "de",
        "Die Creme sollte man unbedingt vor dem Weg an den Strand auf die Haut auftragen, nicht erst dort.",
    ),
    ("vi", "Tình trạng khô da cũng nên được xử lý càng sớm càng tốt để ngăn ngừa tổn thương cho da."),
]


@pytest.mark.parametrize(("language", "text"), ADVICE)
def test_a_recommendation_anywhere_scores_as_advice(language: str, text: str) -> None:
    scored = score_idea(_idea(text), language)
    assert scored.unfit is None
    assert "recommendation" in scored.reasons or "instruction" in scored.reasons
    assert scored.score >= 5.5  # over the bar: worth a post of its own


def test_advice_with_a_figure_in_it_is_still_advice() -> None:
    scored = score_idea(
        _idea("Avoid hot showers: 60 percent of people take them too hot for the skin."), "en"
    )
    assert scored.unfit is None


def test_an_opening_on_how_acne_feels_gives_way_to_the_advice_after_it(settings: Settings) -> None:
    opening = (
        "Acne isn't just a physical appearance problem. It can do a number on your self-esteem. "
        "If you're experiencing a breakout, you may feel uncomfortable going out."
    )
    advice = [
        "Wash your face with a gentle cleanser twice a day, because scrubbing irritates acne.",
        "Apply a thin layer of benzoyl peroxide to the spots every evening after cleansing.",
        "Use an oil-free moisturiser on damp skin, which keeps the skin from drying out.",
        "Wear sunscreen every morning, since some acne treatments make the skin burn faster.",
    ]
    body = "\n\n".join(f"Step {n}\n\n{p}" for n, p in enumerate(advice, 1))
    text = f"Acne at any age\n\nAcne can occur at any age, not only in puberty.\n\n{opening}\n\n{body}\n"
    plan = make_plan(parse_article(text), settings)
    chosen = [c.tip.text for c in plan.chosen]
    assert chosen == advice
    left = [u for u in plan.unused if u.text.startswith("Acne isn't")]
    assert left and "opening hook" in left[0].reason
    # the same words later in an article, among its advice, are not its opening
    later = score_idea(_idea(opening, number=5), "en")
    assert later.unfit is None


def test_an_announcement_of_solutions_leaves_room_for_real_advice(settings: Settings) -> None:
    text = (
        "Cicatrices d'acné\n\n"
        "Les marques d'acné inquiètent beaucoup de monde.\n\n"
        "Chez l'ado, comme chez l'adulte, il existe des solutions pour estomper les marques dues aux boutons.\n\n"
        "Évitez de toucher les boutons, car cela laisse des marques sur la peau.\n\n"
        "Appliquez une crème solaire indice 50 chaque matin, le soleil fonce les marques.\n\n"
        "Matin et soir, on nettoie le visage en douceur avec des produits non comédogènes.\n"
    )
    plan = make_plan(parse_article(text, language="fr"), settings)
    chosen = [c.tip.text for c in plan.chosen]
    assert not any("il existe des solutions" in t for t in chosen)
    assert any(t.startswith("Matin et soir") for t in chosen)
    assert any("announces advice" in u.reason for u in plan.unused)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "La sequedad de la piel en invierno se debe a la calefacción y al aire frío de la calle."),
        ("vi", "Da khô trở nên bong tróc và sạm màu khi thời tiết thay đổi nhanh vào mùa đông."),
    ],
)
def test_words_that_only_look_like_advice_are_not_a_recommendation(language: str, text: str) -> None:
    assert "recommendation" not in score_idea(_idea(text), language).reasons


def _two(first: str, last: str) -> Idea:
    return Idea(number=2, section=None, kind="paragraph", sentences=(first, last))


@pytest.mark.parametrize(
    ("language", "first", "last"),
    [
        (
            "en",
            "Cold air and heating take water from the skin in winter.",
            "Here’s my advice to keep it soft.",
        ),
        (
            "de",
            "Kalte Luft und Heizungsluft trocknen die Haut im Winter aus.",
            "Hier sind unsere besten Tipps:",
        ),
        ("fr", "L'air froid et le chauffage assèchent la peau en hiver.", "Voici nos conseils."),
        ("es", "El aire frío y la calefacción resecan la piel en invierno.", "Estos son algunos consejos."),
        ("it", "L'aria fredda e il riscaldamento seccano la pelle d'inverno.", "Ecco alcuni accorgimenti."),
        ("vi", "Không khí lạnh và máy sưởi làm khô da vào mùa đông.", "Dưới đây là vài cách giữ da mềm."),
        # the writer's question that the sections after it answer, the mistakes they will name
        ("en", "Teenage acne can leave scars when it is not treated.", "So how do we treat teen acne?"),
        (
            "en",
            "Too much oil clogs pores and makes makeup melt.",
            "How do we fix it? Seven tips to control oil",
        ),
        (
            "de",
            "Sonnenbrand lässt die Haut schneller altern.",
            "Wir verraten fünf Fehler, die Sie nicht machen sollten.",
        ),
        ("de", "Trockene Luft entzieht der Haut Wasser.", "Doch wie kann man die Haut im Winter schützen?"),
        ("fr", "Le froid assèche la peau en hiver.", "Alors, comment y remédier ?"),
        ("es", "El frío reseca la piel en invierno.", "¿Qué podemos hacer para evitarlo?"),
        ("it", "Il freddo secca la pelle d'inverno.", "Come fare per proteggerla?"),
    ],
)
def test_background_that_ends_by_leading_on_to_the_advice_is_a_set_up(
    language: str, first: str, last: str
) -> None:
    scored = score_idea(_two(first, last), language)
    assert scored.unfit == "sets up the advice that follows, gives none"


def test_advice_that_ends_by_pointing_on_is_still_advice() -> None:
    scored = score_idea(
        _two("Apply a rich moisturiser right after the shower, on damp skin.", "Here are more tips below."),
        "en",
    )
    assert scored.unfit is None


def test_a_set_up_paragraph_leaves_room_for_the_advice_after_it(settings: Settings) -> None:
    text = (
        "Winter skin\n\n"
        "Winter is hard on the skin for many of us.\n\n"
        "Skin loses more water to cold, dry air than on humid summer days. Here's my advice for the cold months.\n\n"
        "Apply a broad-spectrum sunscreen with SPF 30 every morning, even on cloudy winter days.\n\n"
        "Choose a fragrance-free moisturiser with ceramides to support the skin barrier.\n\n"
        "Keep showers short and lukewarm, as hot water strips the skin of its oils.\n"
    )
    plan = make_plan(parse_article(text), settings)
    assert not any("Here's my advice" in c.tip.text for c in plan.chosen)
    assert any("sets up the advice" in u.reason for u in plan.unused)


def test_the_articles_closing_pep_talk_is_not_a_tip(settings: Settings) -> None:
    text = (
        "Oily skin, calmer days\n\n"
        "Oily skin shines by noon on humid days, and many people fight it all summer.\n\n"
        "Wash your face twice a day with a gentle foaming cleanser, never more often.\n\n"
        "Use a light, oil-free gel moisturiser so the skin stays hydrated without grease.\n\n"
        "Choose a matte gel sunscreen with SPF 30 so the shine stays away at midday.\n\n"
        "Oily skin is slower to show wrinkles, so it's not all bad! With the right products and habits, "
        "you can keep that fresh look on humid days.\n"
    )
    plan = make_plan(parse_article(text), settings)
    assert not any("not all bad" in c.tip.text for c in plan.chosen)
    assert any("closing pep talk" in u.reason for u in plan.unused)


def test_a_set_up_question_before_a_lists_heading_run_in_is_still_a_set_up() -> None:
    """ "How do we fix it?" then "7 Skincare Tips to Control Oily Skin", read as one more sentence."""
    idea = Idea(
        number=3,
        section=None,
        kind="paragraph",
        sentences=(
            "Too much oil can clog pores and make makeup melt faster.",
            "How do we fix it?",
            "7 Skincare Tips to Control Oily Skin",
        ),
    )
    assert score_idea(idea, "en").unfit == "sets up the advice that follows, gives none"


# (language, background on a condition with nothing to act on)
BACKGROUND = [
    ("en", "Psoriasis is a chronic inflammatory skin disease that comes and goes in flares over the years."),
    ("en", "Signs and symptoms of hives include raised welts, itching and swelling that fade within a day."),
    ("en", "Azelaic acid works by calming redness and slowing the growth of the bacteria found in pores."),
    ("de", "Neurodermitis ist eine chronische Erkrankung der Haut, die in Schüben auftritt und juckt."),
    ("fr", "Le psoriasis est une maladie inflammatoire de la peau qui évolue par poussées successives."),
    ("es", "La dermatitis es una afección inflamatoria de la piel que aparece a menudo en los pliegues."),
    ("it", "La psoriasi è una malattia infiammatoria della pelle che si manifesta con placche rosse."),
    ("vi", "Vảy nến là một bệnh viêm da mãn tính, xuất hiện thành từng đợt trên da và gây ngứa."),
]


@pytest.mark.parametrize(("language", "text"), BACKGROUND)
def test_background_on_a_condition_scores_below_the_bar(language: str, text: str) -> None:
    scored = score_idea(_idea(text), language)
    assert "background on the condition, nothing to act on" in scored.against, scored
    assert scored.score < 5.5
    # scored down, not ruled out: a short article still posts it
    assert scored.unfit is None


def test_background_with_advice_in_it_or_answering_a_question_is_not_scored_down() -> None:
    advice = score_idea(
        _idea("Psoriasis is a chronic skin disease, so you should moisturise the plaques every day."), "en"
    )
    assert "background on the condition, nothing to act on" not in advice.against
    answer = Idea(
        number=2,
        section=None,
        kind="qa",
        sentences=("What is psoriasis?", "Psoriasis is a chronic skin disease that comes in flares."),
    )
    assert "background on the condition, nothing to act on" not in score_idea(answer, "en").against


def test_background_gives_way_to_the_advice_of_the_article(settings: Settings) -> None:
    background = (
        "Psoriasis is a chronic inflammatory skin disease that comes and goes in flares over the years."
    )
    advice = [
        "Moisturise the plaques every day with a thick, fragrance-free cream to soften the scales.",
        "Take short lukewarm showers, because hot water dries the skin and makes the itch worse.",
        "Wear soft cotton next to the skin, since wool and rough seams rub the plaques and sting.",
        "Apply the cream your dermatologist prescribed every evening, exactly as long as she said.",
    ]
    body = "\n\n".join(f"Step {n}\n\n{p}" for n, p in enumerate(advice, 1))
    text = (
        f"Living with psoriasis\n\nPsoriasis can start at any age.\n\nWhat it is\n\n{background}\n\n{body}\n"
    )
    plan = make_plan(parse_article(text), settings)
    assert [c.tip.text for c in plan.chosen] == advice
    left = [u for u in plan.unused if u.text.startswith("Psoriasis is")]
    assert left and "background on the condition" in left[0].reason
    # an article with little advice posts that advice alone: background does not fill the series
    short = f"Living with psoriasis\n\nPsoriasis can start at any age.\n\nWhat it is\n\n{background}\n\nStep 1\n\n{advice[0]}\n"
    assert [c.tip.text for c in make_plan(parse_article(short), settings).chosen] == [advice[0]]
    # with nothing over the bar, the best idea is still posted
    only = f"Living with psoriasis\n\nPsoriasis can start at any age.\n\nWhat it is\n\n{background}\n"
    assert [c.tip.text for c in make_plan(parse_article(only), settings).chosen] == [background]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("de", "Gerade in Herbst und Winter ist unser größtes Organ vermehrt Strapazen ausgesetzt."),
        ("en", "Every winter, the cold wind and the heating take a toll on the skin of the face."),
        ("fr", "Chaque hiver, le froid et le chauffage mettent à rude épreuve la peau du visage."),
    ],
)
def test_an_opening_on_how_hard_the_season_is_on_the_skin_is_its_hook(language: str, text: str) -> None:
    opening = score_idea(_idea(text), language, opening=True)
    assert opening.unfit is not None and "opening hook" in opening.unfit
    # later in the article the same words are no opening
    assert score_idea(_idea(text, number=5), language).unfit is None


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("de", "Meiden Sie die Mittagssonne zwischen 11 und 15 Uhr und suchen Sie Schatten."),
        ("de", "Achten Sie beim Kauf auf einen Lichtschutzfaktor von mindestens 30."),
        ("fr", "Privilégiez l'ombre aux heures les plus chaudes de la journée."),
        ("fr", "N'oubliez pas le cou et le dos des mains le matin."),
        ("en", "Gently massage a pea-sized amount into damp skin every evening."),
        ("es", "Aplique el protector solar veinte minutos antes de salir al sol."),
        ("it", "Indossate un cappello a tesa larga nelle ore più calde della giornata."),
    ],
)
def test_an_imperative_of_any_verb_reads_as_an_instruction(language: str, text: str) -> None:
    assert "instruction" in score_idea(_idea(text), language).reasons


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("de", "Haben Sie oft trockene Haut an den Händen und im Gesicht?"),
        ("fr", "Avez-vous la peau sèche en hiver, même après la douche?"),
        ("fr", "Chez l'adulte, la peau sèche apparaît souvent avec l'âge et le froid."),
    ],
)
def test_a_question_or_a_preposition_is_not_an_instruction(language: str, text: str) -> None:
    assert "instruction" not in score_idea(_idea(text), language).reasons


def test_a_heading_alone_is_not_posted_beside_its_paragraph(settings: Settings) -> None:
    text = (
        "Oily skin\n\nOily skin shines by noon for many people.\n\n"
        "1. Treat yourself to a clay mask\n"
        "Use a clay mask with kaolin once or twice a week to draw out excess oil.\n\n"
        "2. Blot, don't powder\n"
        "Press blotting papers gently on the T-zone instead of adding more powder on top.\n"
    )
    chosen = [c.tip.text for c in make_plan(parse_article(text), settings).chosen]
    assert not any(t.startswith("Treat yourself") for t in chosen)
    assert any(t.startswith("Use a clay mask") for t in chosen)


def test_a_word_that_only_begins_with_a_currency_is_not_spending() -> None:
    law = "Hier greift die europäische Kosmetikverordnung, die für jede Creme auf der Haut gilt."
    price = "Eine gute Creme für die Haut muss nicht mehr als zehn Euro kosten."
    assert "spending" not in score_idea(_idea(law), "de").against
    assert "spending" in score_idea(_idea(price), "de").against


@pytest.mark.parametrize(
    ("language", "text", "acts"),
    [
        ("en", "For acne-prone skin, look for a gentle cleanser free from sulfates and fragrance.", True),
        ("en", "You may need a combination of treatments to soften deep lines around the eyes.", True),
        ("es", "A evitar: enjabonarse el cuerpo entero a diario, que elimina la grasa de la piel.", True),
        ("fr", "Ne pas mettre ses pieds froids sur le radiateur pour les réchauffer en hiver.", True),
        ("en", "Acne forms when excess oil and dead skin cells clog the pores of the skin.", False),
        ("de", "Pigmentflecken entstehen durch UV-Strahlen und Hormone in der Haut.", False),
    ],
)
def test_an_idea_tells_what_to_do_or_only_what_is(language: str, text: str, acts: bool) -> None:
    """What the cover counts: tips that tell the reader what to do, or posts when one only explains."""
    assert tells_what_to_do(score_idea(_idea(text), language), language) is acts


def test_a_heading_that_tells_what_to_do_makes_its_post_a_tip() -> None:
    body = ("Même si elle est réconfortante, l’eau chaude agresse la peau et détruit son film protecteur.",)
    under = Idea(number=2, section="4. Éviter l’eau trop chaude", kind="paragraph", sentences=body)
    assert tells_what_to_do(score_idea(under, "fr"), "fr")
    over_background = Idea(number=2, section="L’hiver et la peau", kind="paragraph", sentences=body)
    assert not tells_what_to_do(score_idea(over_background, "fr"), "fr")
