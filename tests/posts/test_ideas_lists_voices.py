"""Whole lists, plain questions, the writer's test and other cities' doctors: made-up text in the
shapes of real articles (a classification list of full sentences, an interview, a first-person
device review, a magazine round-up of dermatologists)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tipqueue.config.errors import InputError
from tipqueue.config.settings import Settings
from tipqueue.posts.article import parse_article
from tipqueue.posts.ideas.persons import article_people, introduce
from tipqueue.posts.ideas.units import article_ideas
from tipqueue.posts.models import PostKind
from tipqueue.posts.series import build_series, make_plan, split_to_folder
from tipqueue.posts.split import tip_slides

INTRO = "An introduction that the cover carries, nothing more than that."


def _ideas(text: str, language: str | None = None) -> list:  # type: ignore[type-arg]
    return [i for i in article_ideas(parse_article(text, language=language), max_chars=200) if not i.lead]


def test_labelled_full_sentence_items_are_one_carousel_under_their_lead_in() -> None:
    """Each type of dark spot was posted alone, what it is a type of only in the counter line."""
    ideas = _ideas(
        f"Dark spots\n\n{INTRO}\n\nCommon kinds of dark spots:\n\n"
        "- Sun spots: Flat brown marks with sharp edges on the face and the hands.\n"
        "- Melasma: Grey-brown patches on both cheeks, often linked to hormones.\n"
        "- Marks after acne: They fade over months and darken in the sun.\n"
    )
    assert [i.kind for i in ideas] == ["list"]
    slides = tip_slides(ideas[0].tip(), 200)
    assert slides[0] == "Common kinds of dark spots:"
    assert "Melasma: Grey-brown" in " ".join(slides[1:])


def test_dash_labelled_items_are_one_list_too() -> None:
    ideas = _ideas(
        f"Triggers\n\n{INTRO}\n\nThe most common triggers include:\n\n"
        "- Sun exposure – UV rays are a top trigger for redness and flushing.\n"
        "- Spicy foods – Heat-inducing foods can widen blood vessels in the face.\n"
    )
    assert [i.kind for i in ideas] == ["list"]


def test_a_lead_in_that_counts_its_items_keeps_them_together() -> None:
    ideas = _ideas(
        f"Khô da\n\n{INTRO}\n\nDa khô có thể được chia rõ ràng với 2 loại:\n\n"
        "- Da khô bẩm sinh thường bong tróc khi trời hanh khô và dễ kích ứng với mỹ phẩm.\n"
        "- Da khô tạm thời có thể xảy ra với da dầu, thường khô vào mùa đông và đổ dầu mùa hè.\n",
        language="vi",
    )
    assert [i.kind for i in ideas] == ["list"]
    assert ideas[0].title_card == 1


def test_instructions_as_full_sentences_stay_posts_of_their_own() -> None:
    ideas = _ideas(
        f"Sunscreen\n\n{INTRO}\n\nFollow these tips:\n\n"
        "- Apply product generously before going outdoors, fifteen minutes ahead.\n"
        "- Use enough product, about a shot glass for the whole body.\n"
        "- Reapply sunscreen at least every two hours, and after swimming.\n"
    )
    assert [i.kind for i in ideas] == ["item", "item", "item"]


def test_a_question_right_above_bullets_is_their_lead_in_and_a_lone_dash_takes_the_next_line() -> None:
    """ "Do any of these sound familiar?" was posted without the symptoms it asks about."""
    ideas = _ideas(
        f"Barrier\n\n{INTRO}\n\nSigns of a damaged barrier\n"
        "A damaged barrier is not always obvious. It shows in subtle ways that are often taken for "
        "other skin issues. Take a moment to look at your skin. Do any of these sound familiar?\n"
        "- Redness and Stinging: Your skin flushes and even old products sting.\n"
        "-\n"
        "Dryness and Flaking: No matter how much cream you apply, your skin feels tight.\n"
    )
    assert [i.kind for i in ideas] == ["list"]
    idea = ideas[0]
    assert idea.sentences[idea.title_card - 1] == "Do any of these sound familiar?"
    assert idea.items == (1, 1)
    assert "-" not in idea.sentences


@pytest.mark.parametrize(
    ("language", "heading", "plain"),
    [
        (
            "vi",
            "PV: Khô da mùa đông thường có dấu hiệu gì, thưa bác sĩ?",
            "Khô da mùa đông thường có dấu hiệu gì?",
        ),
        ("de", "Dr. med. Beispiel, wie werden wir Pickel am Kinn los?", "Wie werden wir Pickel am Kinn los?"),
        ("en", "Interviewer: How often should I exfoliate?", "How often should I exfoliate?"),
    ],
)
def test_an_interview_question_loses_the_interviewers_label_and_the_address(
    language: str, heading: str, plain: str
) -> None:
    article = parse_article(
        f"Interview\n\n{INTRO}\n\n{heading}\n"
        "Twice a week is plenty for most skin types, with a gentle acid rather than a scrub.\n",
        language=language,
    )
    headings = [s.heading for s in article.sections]
    assert plain in headings and heading not in headings


def test_a_generic_question_label_stays() -> None:
    article = parse_article(
        f"Interview\n\n{INTRO}\n\nQuestion: How often should I exfoliate?\n"
        "Twice a week is plenty for most skin types, with a gentle acid rather than a scrub.\n"
    )
    assert any(
        "Question: How often" in (s.heading or "") + " ".join(b.text for b in s.blocks)
        for s in article.sections
    )


REVIEW = (
    "I Put an LED Mask to the Test at Home, and These Are My Honest Thoughts\n\n"
    "I will try any skincare device at least once, at home or in a clinic.\n\n"
    "{advice}"
    "I opted for the Glowmask because it seemed the easiest to set up. During the first week, I used "
    "it twice for five minutes. I gradually upped my usage to every other day.\n"
)
GENERAL = (
    "You will only see the benefits of an LED device after using it regularly for at least four weeks. "
    "Regular use can help regulate oil and treat pigmentation, depending on the wavelength.\n\n"
    "Red: Stimulates collagen production and helps reduce fine lines.\n\n"
    "Blue: Regulates oil production and evens out skin texture.\n\n"
    "Yellow: Helps with skin elasticity and depuffing.\n\n"
)


def test_a_first_person_review_with_general_advice_gets_a_series_of_the_advice(settings: Settings) -> None:
    plan = make_plan(parse_article(REVIEW.format(advice=GENERAL)), settings)
    assert plan.nothing_to_post is None
    texts = " ".join(t.text for t in plan.tips)
    assert "four weeks" in texts and "Blue: Regulates" in texts
    assert "I used it twice" not in texts


def test_a_first_person_review_without_general_advice_is_refused(settings: Settings) -> None:
    diary = "After a month the LED light therapy calmed my acne and my sensitive skin, I think.\n\n"
    plan = make_plan(parse_article(REVIEW.format(advice=diary)), settings)
    assert plan.nothing_to_post is not None and "first-person review" in plan.nothing_to_post


ROUNDUP = (
    "Retinol basics\n\n"
    "Retinol is known as a skin-care superhero, but there are a few things to know first.\n\n"
    "“Start with a pea-sized amount twice a week and build up slowly,” says Springfield dermatologist "
    "Jane Example, MD.\n\n"
    "Apply a broad-spectrum sunscreen with SPF 30 every morning, as retinol makes skin more sensitive to sun.\n\n"
    "Choose a fragrance-free moisturiser with ceramides to support the skin barrier.\n\n"
    "Keep retinol away from the eyelids and the corners of the nose, where the skin is thin.\n"
)


def test_a_doctor_named_by_another_city_is_not_quoted_while_other_ideas_remain(settings: Settings) -> None:
    plan = make_plan(parse_article(ROUNDUP), settings)
    posts = build_series(plan, settings)
    tips = " ".join(p.caption for p in posts if p.kind is PostKind.TIP)
    assert "Jane Example" not in tips and "SPF 30" in tips
    assert any("another practice's doctor" in u.reason for u in plan.unused)


def test_a_doctor_named_by_role_alone_gives_her_advice_without_her_credit(settings: Settings) -> None:
    text = ROUNDUP.replace(
        "says Springfield dermatologist Jane Example, MD", "says dermatologist Jane Example"
    )
    plan = make_plan(parse_article(text), settings)
    tips = " ".join(t.text for t in plan.tips)
    assert "Start with a pea-sized amount twice a week and build up slowly." in tips
    assert "Jane Example" not in tips


def test_an_article_of_other_cities_doctors_only_gets_no_series(settings: Settings, tmp_path: Path) -> None:
    quotes = "\n\n".join(
        f"“{advice}” says {city} dermatologist Jane {name}, MD."
        for advice, city, name in [
            ("Start retinol twice a week and build up slowly over a month.", "Springfield", "Example"),
            ("Apply a pea-sized amount for the whole face, never more.", "Shelbyville", "Sample"),
            ("Moisturise well, as retinol can dry the skin at first.", "Ogdenville", "Model"),
        ]
    )
    plan = make_plan(parse_article(f"Retinol basics\n\n{INTRO}\n\n{quotes}\n"), settings)
    assert plan.nothing_to_post is not None
    with pytest.raises(InputError):
        article = tmp_path / "roundup.txt"
        article.write_text(f"Retinol basics\n\n{INTRO}\n\n{quotes}\n", encoding="utf-8")
        split_to_folder(article, tmp_path / "out", settings)


def test_a_vitamins_other_name_in_brackets_is_no_product(settings: Settings) -> None:
    """ "Niacinamida (Vitamina B3)" read as another brand's product kept a list of actives out."""
    text = (
        "Activos que funcionan\n\nLas manchas tienen tratamiento si se elige bien.\n\n"
        "Activos despigmentantes\n\nBasados en evidencia científica:\n\n"
        "- Niacinamida (Vitamina B3): Reduce la transferencia de melanina en la piel.\n"
        "- Ácido azelaico: Efectivo en las manchas después del acné y en el melasma.\n"
        "- Vitamina C: Antioxidante que ilumina y protege la piel del sol.\n\n"
        "Protector solar\n\nAplica cada mañana un protector solar con SPF 50, incluso en días nublados.\n\n"
        "Constancia\n\nVuelve a aplicar el protector solar cada dos horas si estás al sol.\n"
    )
    plan = make_plan(parse_article(text, language="es"), settings)
    assert any("Niacinamida" in t.text for t in plan.tips)


def test_experts_introduced_together_are_named_with_their_role_where_a_post_speaks_of_them() -> None:
    people = article_people(
        [
            "Wie findet man das richtige Produkt? Dermatologinnen Silke Beispiel und Marion Muster-Probe geben Tipps."
        ]
    )
    assert [p.introduction for p in people] == [
        "Silke Beispiel (Dermatologin)",
        "Marion Muster-Probe (Dermatologin)",
    ]
    surname, _ = introduce(("Danach empfiehlt Muster-Probe, zuerst eine Lotion aufzutragen.",), people, "de")
    assert "Marion Muster-Probe (Dermatologin)" in surname[0]
    group, _ = introduce(
        ("Wichtig sei laut den Expertinnen vor allem eins: regelmäßig cremen.",), people, "de"
    )
    assert "laut den Expertinnen Silke Beispiel und Marion Muster-Probe" in group[0]


def test_a_list_without_lead_in_shows_its_heading_on_the_title_card(settings: Settings) -> None:
    """Eight mistakes on cards with no card saying they are mistakes read as recommendations."""
    text = (
        "Peau grasse\n\nL'acné est une maladie de la peau fréquente chez les adolescents.\n\n"
        "Les erreurs à éviter\n\n"
        "- Multiplier les nettoyages agressifs\n- Utiliser des gommages à grains\n"
        "- Écarter toute hydratation\n- Oublier la crème solaire en été\n\n"
        "Protection\n\nAppliquez chaque matin une crème solaire SPF 30, même par temps nuageux.\n"
    )
    plan = make_plan(parse_article(text, language="fr"), settings)
    listed = next(t for t in plan.tips if t.items)
    assert tip_slides(listed, 200)[0] == "Les erreurs à éviter"


def test_a_comma_glued_to_the_next_word_gets_its_space_and_numbers_keep_theirs() -> None:
    article = parse_article(
        f"Manchas\n\n{INTRO}\n\nAparecen en zonas expuestas al sol (cara, escote,manos) con 2,5 veces más frecuencia.\n"
    )
    text = " ".join(b.text for s in article.sections for b in s.blocks)
    assert "(cara, escote, manos)" in text and "2,5 veces" in text


def test_a_maker_named_by_its_trade_is_a_brand() -> None:
    from tipqueue.posts.ideas.promotion import article_brands

    brands = article_brands(
        [
            "Der Selbstbräuner-Spezialist Bräunowa hat die Suchanfragen analysiert.",
            "The beauty company Glowco asked.",
        ]
    )
    assert {"bräunowa", "glowco"} <= set(brands) or {"braunowa", "glowco"} <= set(brands)


def test_a_short_line_leading_up_to_an_announcement_is_never_a_tip(settings: Settings) -> None:
    text = (
        "Pickel\n\nViele Menschen suchen nach schnellen Lösungen gegen Pickel am Kinn.\n\n"
        "Das sagt die Expertin\n\nHöchste Zeit, endlich Antworten zu liefern. Wir haben mit Dr. med. Anna "
        "Beispiel gesprochen, um die häufigsten Pickel-Fragen zu klären.\n\n"
        "Reinigung\n\nReinige die Haut morgens und abends mit einem milden Reinigungsgel ohne Duftstoffe.\n\n"
        "Pflege\n\nVerwende eine leichte, nicht komedogene Feuchtigkeitspflege nach der Reinigung.\n"
    )
    plan = make_plan(parse_article(text, language="de"), settings)
    assert not any("Höchste Zeit" in t.text for t in plan.tips)
    assert any("Höchste Zeit" in u.text for u in plan.unused)


FIRST_PERSON = (
    "Winter skin\n\n"
    "Cold air and indoor heating dry the skin out in the winter months, so care should change.\n\n"
    "“For rough elbows and knees, I recommend a moisturiser with urea or lactic acid every evening,” says "
    "dermatologist Jane Example.\n\n"
    "Apply a broad-spectrum sunscreen with SPF 30 every morning, even on cloudy winter days.\n\n"
    "Choose a fragrance-free moisturiser with ceramides to support the skin barrier.\n\n"
    "Keep showers short and lukewarm, as hot water strips the skin of its oils.\n"
)


def test_a_doctor_s_first_person_advice_is_not_posted_while_other_ideas_remain(settings: Settings) -> None:
    plan = make_plan(parse_article(FIRST_PERSON), settings)
    tips = " ".join(t.text for t in plan.tips)
    assert "I recommend" not in tips and "SPF 30" in tips
    assert any("own first person" in u.reason for u in plan.unused)


def test_the_clinic_s_own_we_recommend_is_still_posted(settings: Settings) -> None:
    """The clinic's own "we recommend" (no other doctor named: a named doctor's "we" is her
    practice, see test_ideas_outside_voices.py)."""
    text = (
        FIRST_PERSON.replace("I recommend", "we recommend")
        .replace("“For rough", "For rough")
        .replace(",” says dermatologist Jane Example.", ".")
    )
    plan = make_plan(parse_article(text), settings)
    assert "we recommend a moisturiser with urea" in " ".join(t.text for t in plan.tips)


def test_the_writer_s_own_first_person_advice_is_still_posted(settings: Settings) -> None:
    """A clinic's doctor writing her own article speaks in the clinic's voice."""
    text = FIRST_PERSON.replace("“For rough", "For rough").replace(",” says dermatologist Jane Example.", ".")
    plan = make_plan(parse_article(text), settings)
    assert "I recommend a moisturiser with urea" in " ".join(t.text for t in plan.tips)


@pytest.mark.parametrize(
    ("language", "text", "words"),
    [
        ("en", "“I would always recommend a thick cream at night,” she says.", "I would always recommend"),
        ("de", "Sie sagt: „Ich würde niemals mehr als drei Produkte auf einmal verwenden.“", "Ich würde"),
        ("fr", "« Je conseille une crème riche le soir », dit-elle.", "Je conseille"),
        ("es", "“Yo recomiendo una crema espesa por la noche”, afirma.", "Yo recomiendo"),
        ("it", '"Io consiglio una crema ricca la sera", spiega.', "Io consiglio"),
        ("vi", "Bác sĩ nói: “Tôi thường khuyên bệnh nhân dùng kem dưỡng ẩm.”", "Tôi thường khuyên"),
    ],
)
def test_first_person_advice_is_found_in_every_language(language: str, text: str, words: str) -> None:
    from tipqueue.posts.ideas.elsewhere import first_person_advice

    assert first_person_advice(text, language) == words


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "“We recommend a thick cream at night,” the team says."),
        ("en", "“I tried a thick cream at night for a week,” she says."),
        ("es", "Por eso recomiendo consultar antes de incorporar productos nuevos."),
        ("it", "Un consiglio: una crema ricca la sera."),
        ("fr", "Nous conseillons une crème riche le soir."),
    ],
)
def test_the_clinic_voice_and_the_noun_advice_are_not_first_person_advice(language: str, text: str) -> None:
    from tipqueue.posts.ideas.elsewhere import first_person_advice

    assert first_person_advice(text, language) is None
