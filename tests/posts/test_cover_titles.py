"""The cover's title and lead speak in the clinic's voice and promise what the series holds: the
headline above a picture stays the title, a promo bar or a "Title:" label is not part of it, a
count follows the series, another practice's expert is credited neither on the card nor in the
lead. Made-up text in the shapes of real pages."""

from __future__ import annotations

import pytest
from tipqueue.config.settings import Settings
from tipqueue.posts.article import parse_article
from tipqueue.posts.cover_lead import choose_lead, outside_doctor
from tipqueue.posts.models import Post, PostKind
from tipqueue.posts.reading.titles import recounted, without_credit
from tipqueue.posts.series import build_series, make_plan, review_markdown

BODY = (
    "Most people use too little sunscreen. Use about a teaspoon for the face and neck.\n\n"
    "Reapply every two hours outdoors and after swimming, even with a water-resistant formula.\n\n"
    "Apply it fifteen minutes before you go out, so it has time to settle on the skin.\n"
)

#: several tips on sunscreen, each a whole paragraph
TIPS = (
    "Use about a teaspoon of sunscreen for the face and neck: most people use too little of it.\n\n"
    "Reapply sunscreen every two hours outdoors and after swimming, even a water-resistant one.\n\n"
    "Apply sunscreen fifteen minutes before you go out, so it has time to settle on the skin.\n\n"
    "Do not forget the ears, the back of the neck and the tops of the feet when you apply sunscreen.\n"
)


def _series(text: str, settings: Settings) -> list[Post]:
    return build_series(make_plan(parse_article(text), settings), settings)


def _cover(posts: list[Post]) -> Post:
    return next(p for p in posts if p.kind is PostKind.COVER)


def test_a_headline_above_its_picture_and_credit_stays_the_title() -> None:
    text = (
        "How to Apply Sunscreen the Right Way\n\n"
        "How to Apply Sunscreen the Right Way featured image\n\nGetty Images\n\n" + BODY
    )
    article = parse_article(text)
    assert article.title == "How to Apply Sunscreen the Right Way"
    assert article.title_source == "text"
    dropped = {d.text for d in article.dropped}
    assert "Getty Images" in dropped and "How to Apply Sunscreen the Right Way featured image" in dropped


def test_a_photo_caption_sentence_above_its_credit_is_still_not_the_title() -> None:
    text = (
        "Eine Mutter cremt ihr Kind mit Sonnenschutz ein.\n\nFoto: Anna Beispiel\n\n"
        "Sonnenschutz im Sommer\n\n"
        "Tragen Sie jeden Morgen Sonnencreme auf, auch wenn es bewölkt ist.\n\n"
        "Cremen Sie nach dem Baden erneut ein, auch mit wasserfester Creme.\n"
    )
    assert parse_article(text).title == "Sonnenschutz im Sommer"


def test_a_promo_bar_with_its_button_above_the_title_is_page_furniture() -> None:
    text = "Online appointments are available for new patients LEARN MORE\n\nSun Care Basics\n\n" + BODY
    article = parse_article(text)
    assert article.title == "Sun Care Basics"
    assert any("promo bar" in d.reason for d in article.dropped)


def test_a_title_label_goes_and_a_lower_case_title_and_lead_get_their_capital(settings: Settings) -> None:
    assert parse_article("Title: Sun Care Basics\n\n" + BODY).title == "Sun Care Basics"
    text = (
        "how to use sunscreen well\n\n"
        "sunscreen is the one product that keeps working for your skin every single day of the year.\n\n"
        + BODY
    )
    cover = _cover(_series(text, settings))
    assert cover.quote == "How to use sunscreen well"
    assert "\n\nSunscreen is the one product" in cover.caption


def test_the_titles_count_is_the_series_count_and_tips_still_cite_the_article(settings: Settings) -> None:
    posts = _series("10 Sunscreen Tips for the Summer\n\n" + TIPS, settings)
    tips = [p for p in posts if p.kind is PostKind.TIP]
    assert 2 <= len(tips) < 10
    assert _cover(posts).quote == f"{len(tips)} Sunscreen Tips for the Summer"
    assert all("“10 Sunscreen Tips for the Summer”" in t.caption for t in tips)


@pytest.mark.parametrize(
    ("title", "count", "expected"),
    [
        ("10 conseils pour hydrater sa peau en hiver", 7, "7 conseils pour hydrater sa peau en hiver"),
        (
            "The Top 5 Things to Know Before Starting Retinol",
            4,
            "The Top 4 Things to Know Before Starting Retinol",
        ),
        ("Die 7 größten Fehler beim Eincremen", 3, "Die 3 größten Fehler beim Eincremen"),
        ("5 Minutes a Day for Better Skin", 3, "5 Minutes a Day for Better Skin"),
        ("SPF 50 for Children", 3, "SPF 50 for Children"),
        ("3 Tips for Dry Skin", 3, "3 Tips for Dry Skin"),
        # a count written out, a count after a longer kicker
        (
            "Sonnenschutz: Fünf typische Fehler beim Eincremen",
            2,
            "Sonnenschutz: 2 typische Fehler beim Eincremen",
        ),
        ("Seven Habits for Calm Skin", 4, "4 Habits for Calm Skin"),
        ("Winter Dry Skin: 6 Expert Tips for Winter", 4, "Winter Dry Skin: 4 Expert Tips for Winter"),
        ("Two Weeks of Retinol", 3, "Two Weeks of Retinol"),
        # the count opens the part after a long kicker's colon
        (
            "Cuidados de la piel en verano: 5 consejos clave para protegerte del sol",
            4,
            "Cuidados de la piel en verano: 4 consejos clave para protegerte del sol",
        ),
        (
            "Skin care in the summer months: SPF 50 for children",
            3,
            "Skin care in the summer months: SPF 50 for children",
        ),
        ("Due to the cold, dry skin needs care", 3, "Due to the cold, dry skin needs care"),
    ],
)
def test_only_a_count_of_things_is_recounted(title: str, count: int, expected: str) -> None:
    assert recounted(title, count) == expected


@pytest.mark.parametrize(
    ("title", "kept"),
    [
        ("Proteggere la pelle dal sole: i consigli del Dottor Mario Rossi", "Proteggere la pelle dal sole"),
        (
            "Vous avez la peau sèche en hiver? Voici les conseils pratiques d'un dermatologue",
            "Vous avez la peau sèche en hiver?",
        ),
        ("How to Apply Sunscreen the Right Way, According to Derms", "How to Apply Sunscreen the Right Way"),
        (
            "Hautarzt Dr. Müller verrät: So bleibt die Haut im Winter schön",
            "So bleibt die Haut im Winter schön",
        ),
        ("Dermatologist Gives Winter Skin Care Tips", None),
        # a doctor's guide in general, or the doctor in general, is no one's credit
        (
            "The Best Routine for Acne (Dermatologist’s Guide)",
            "The Best Routine for Acne (Dermatologist’s Guide)",
        ),
        ("Tipps vom Doktor gegen trockene Haut", "Tipps vom Doktor gegen trockene Haut"),
        (
            "Sonnenschutz im Sommer: So wählt ihr die richtige Creme",
            "Sonnenschutz im Sommer: So wählt ihr die richtige Creme",
        ),
    ],
)
def test_a_title_crediting_another_practices_expert_loses_the_credit(title: str, kept: str | None) -> None:
    assert without_credit(title)[0] == kept


def test_the_series_drops_the_credit_from_the_title_and_the_review_says_so(settings: Settings) -> None:
    plan = make_plan(parse_article(f"Sun Care Basics: The Advice of Dr. Jane Example\n\n{TIPS}"), settings)
    posts = build_series(plan, settings)
    assert _cover(posts).quote == "Sun Care Basics"
    tips = [p for p in posts if p.kind is PostKind.TIP]
    assert tips and all("“Sun Care Basics”" in p.caption and "Jane" not in p.caption for p in tips)
    assert "title credits another practice's expert" in review_markdown(posts, plan.article, {}, plan=plan)


def test_a_title_that_only_credits_an_expert_becomes_the_topics_on_the_cover(settings: Settings) -> None:
    posts = _series("Dermatologist Shares Sunscreen Tips\n\n" + TIPS, settings)
    cover = _cover(posts)
    assert "Dermatologist" not in cover.quote and "sun protection" in cover.quote
    # the tips cite the article by its own title: there is no other
    assert all("“Dermatologist Shares Sunscreen Tips”" in p.caption for p in posts if p.kind is PostKind.TIP)


@pytest.mark.parametrize(
    "opening",
    [
        "Retinol is a skin-care superhero, “it has been shown to treat acne,” says New York dermatologist Jane Example, MD.",
        "Avec le froid, notre peau s'assèche. Marie Exemple, dermatologue, était l'invitée de l'émission.",
        "Reichhaltige Cremes sind laut Dr. Erika Muster die beste Pflege für trockene Haut im Winter.",
        "As the air gets drier, it can help to change skin care products, according to one dermatologist.",
    ],
)
def test_a_lead_quoting_another_practices_doctor_is_left_off(opening: str) -> None:
    lead = choose_lead([opening], "en")
    assert not lead.used and "another practice's doctor" in (lead.left_out or "")


@pytest.mark.parametrize(
    "text",
    [
        "Ob Sport oder Alltag: Dermatologinnen haben erklärt, wie der Sonnenschutz optimal wirkt.",
        "En mis años de experiencia como Dermatóloga, he recibido varios pacientes en mi consulta.",
    ],
)
def test_doctors_in_general_or_the_writer_herself_are_no_outside_doctor(text: str) -> None:
    assert outside_doctor(text) is None


def test_the_lead_stops_before_it_announces_what_the_article_shows() -> None:
    first = "Sonnencremes bieten einen wichtigen Schutz vor gefährlicher UV-Strahlung."
    lead = choose_lead(
        [first, "Wir zeigen, wie du Sonnencreme richtig anwendest und den Faktor findest."], "de"
    )
    assert lead.sentences == (first,)


def test_an_article_on_acne_prone_skin_in_french_gets_the_acne_title(settings: Settings) -> None:
    text = (
        "Les peaux acnéiques supportent mal les nettoyants trop agressifs et les gommages répétés.\n\n"
        "Sur une peau à tendance acnéique, hydratez matin et soir avec un soin léger non comédogène.\n\n"
        "Protégez chaque jour une peau acnéique du soleil avec une protection adaptée et légère.\n"
    )
    assert "acnéique" in _cover(_series(text, settings)).quote


@pytest.mark.parametrize(
    ("opening", "language"),
    [
        ("Wer hat im vergangenen Jahr seine Hautpflege-Routine genau analysiert? Sehr viele von uns.", "de"),
        ("During the pandemic many of us finally built a skincare routine that works for our skin.", "en"),
    ],
)
def test_a_lead_tied_to_the_moment_the_article_was_written_is_left_off(opening: str, language: str) -> None:
    lead = choose_lead([opening], language)
    assert not lead.used and "moment the article was written" in (lead.left_out or "")


def test_a_lead_that_only_mentions_something_below_a_level_is_kept_whole() -> None:
    sentences = (
        "Skin renews itself about every four weeks in young adults.",
        "Below thirty, that cycle is fast enough that gentle care is all most skin needs.",
    )
    assert choose_lead(list(sentences), "en").sentences == sentences


def test_an_alt_text_in_title_case_above_the_credit_and_the_headline_is_not_the_title() -> None:
    text = "Woman Applying Sunscreen On The Beach\n\nGetty Images\n\nSun Care Basics\n\n" + BODY
    assert parse_article(text).title == "Sun Care Basics"


def test_an_untitled_article_about_oily_skin_is_titled_for_oily_skin() -> None:
    from tipqueue.posts.reading.titles import topic_title

    sections = [
        [
            "Oily skin shines by noon, and large pores clog with sebum.",
            "Wash oily skin twice a day; blotting papers take the shine off without powder.",
            "A clay mask once a week draws sebum out of the pores.",
        ]
    ]
    assert topic_title(sections, "en", 3) == "3 tips for oily skin"
