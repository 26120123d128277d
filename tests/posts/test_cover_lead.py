"""The cover quotes the opening paragraph only when it opens the series well."""

from __future__ import annotations

from pathlib import Path

import pytest
from tipqueue.config.settings import Settings, load_settings
from tipqueue.posts.article import read_article
from tipqueue.posts.cover_lead import choose_lead, missing_measure
from tipqueue.posts.models import Tip
from tipqueue.posts.series import build_series, make_plan, review_markdown

_BODY = (
    "Apply sunscreen every morning, even when it is cloudy outside.\n\n"
    "Reapply it every two hours outdoors and after swimming.\n\n"
    "Wear a hat with a wide brim at midday in summer.\n"
)


@pytest.mark.parametrize(
    ("opening", "why"),
    [
        ("Sorry, couldn't resist.", "aside"),
        ("Quick disclaimer, I am by no means a dermatologist, I just love skin care.", "disclaimer"),
        ("The Glow Serum claims to brighten skin and fade dark spots in a week.", "claims"),
        ("Der Grund sind die niedrigen Temperaturen im Winter und die Heizungsluft.", "answers something"),
        ("Und auch wenn unsere Hochzeit jetzt ohne Glitzer …", "mid-sentence"),
        (
            "Today I want to talk about one of my favorite serums. I use it every morning and my skin loves it.",
            "own voice",
        ),
        ("They protect the skin from the burning rays and should be worn every day.", "pronoun"),
        ("Elles protègent la peau des rayons et se portent tous les jours.", "pronoun"),
        ("Ellas protegen la piel de los rayos y se usan todos los días.", "pronoun"),
    ],
)
def test_an_opening_an_editor_would_cut_is_left_off_the_cover_and_listed(
    tmp_path: Path, opening: str, why: str
) -> None:
    path = tmp_path / "sun.txt"
    path.write_text(f"Sun care basics\n\n{opening}\n\n{_BODY}", encoding="utf-8")
    article = read_article(path)
    settings = load_settings(tmp_path, environ={})
    plan = make_plan(article, settings)
    cover = build_series(plan, settings)[0]
    assert opening[:20] not in cover.caption
    assert cover.caption.startswith("Sun care basics\n")
    review = review_markdown(build_series(plan, settings), plan.article, {}, plan=plan)
    assert "opening paragraph left off the cover" in review
    assert why in choose_lead([opening], article.language).left_out  # type: ignore[operator]


def test_a_good_opening_paragraph_is_the_covers_lead(tmp_path: Path) -> None:
    opening = "Sunburn ages the skin faster than anything else, and most of it is easy to avoid."
    path = tmp_path / "sun.txt"
    path.write_text(f"Sun care basics\n\n{opening}\n\n{_BODY}", encoding="utf-8")
    settings = load_settings(tmp_path, environ={})
    cover = build_series(read_article(path), settings)[0]
    assert opening in cover.caption


def test_a_paragraph_under_a_heading_is_not_shown_without_it() -> None:
    lead = choose_lead(["Remueve sudor, grasa, contaminación y maquillaje."], "es", "Limpieza suave")
    assert not lead.used and "Limpieza suave" in (lead.left_out or "")


def test_the_lead_stops_before_a_sentence_pointing_at_the_article() -> None:
    lead = choose_lead(
        [
            "Acne is one of the most common skin problems in the world.",
            "In this article, you'll learn step by step how to care for acne-prone skin.",
        ],
        "en",
    )
    assert lead.sentences == ("Acne is one of the most common skin problems in the world.",)


@pytest.mark.parametrize(
    "opening",
    [
        "It's important to wear sunscreen every day, even in winter and on cloudy days.",
        "Sie sollten jeden Morgen Sonnencreme auftragen, auch wenn es bewölkt ist.",
        "Il faut mettre de la crème solaire tous les jours, même en hiver.",
    ],
)
def test_an_impersonal_or_polite_pronoun_still_opens_the_cover(opening: str) -> None:
    assert choose_lead([opening], "en").used


@pytest.mark.parametrize(
    "opening",
    [
        "With sunshine expected this weekend, it is a good time to protect your skin from the sun.",
        "Bei Sonne am Wochenende und Hitze diese Woche sollte man die Haut gut schützen.",
    ],
)
def test_a_news_items_days_are_no_lead(opening: str) -> None:
    lead = choose_lead([opening], "en")
    assert not lead.used
    assert "moment the article was written" in (lead.left_out or "")


def test_a_doctor_telling_of_her_own_practice_is_no_cover_lead() -> None:
    """Her patients in her practice are another practice's story: the clinic's cover leaves it out."""
    opening = (
        "En mis años de experiencia como dermatóloga he recibido muchos pacientes que quieren "
        "empezar una rutina sencilla para el cuidado de la piel."
    )
    lead = choose_lead([opening], "es")
    assert not lead.used
    assert "her own practice" in (lead.left_out or "")


def test_a_lead_that_gives_advice_to_her_patients_stays() -> None:
    opening = (
        "Una rutina sencilla de limpieza, hidratación y protección solar basta para la mayoría de las pieles."
    )
    assert choose_lead([opening], "es").used


def _tips(*texts: str) -> list[Tip]:
    return [Tip(text=t, section=None, position=i, sentences=(t,)) for i, t in enumerate(texts)]


_SUN_TIPS = (
    "Apply sunscreen every morning, even when it is cloudy outside.",
    "Moisturise right after the shower, while the skin is still damp.",
    "Exfoliate once or twice a week at most.",
)


@pytest.mark.parametrize(
    ("lead", "language", "tips", "missing"),
    [
        (
            "Moisturise regularly, wear sunscreen, sleep enough and eat vegetables to calm dry skin.",
            "en",
            _SUN_TIPS,
            "sleep enough",
        ),
        (
            "Moisturise regularly, wear sunscreen, and get enough sleep for calmer skin.",
            "en",
            _SUN_TIPS,
            "get enough sleep",
        ),
        (
            "Dưỡng ẩm thường xuyên, chống nắng, ngủ đủ giấc và ăn nhiều rau quả để giảm khô sạm.",
            "vi",
            (
                "Thời điểm phù hợp để bôi kem dưỡng ẩm là ngay sau khi tắm.",
                "Nên dùng kem chống nắng có SPF từ 30 trở lên.",
            ),
            "ngủ đủ giấc",
        ),
        (
            "Eincremen, Sonnenschutz, ausreichend Schlaf und Gemüse helfen gegen trockene Haut.",
            "de",
            ("Nach dem Duschen eincremen.", "Jeden Morgen Sonnenschutz auftragen."),
            "ausreichend Schlaf",
        ),
    ],
)
def test_a_lead_listing_a_measure_no_post_gives_is_left_off(
    lead: str, language: str, tips: tuple[str, ...], missing: str
) -> None:
    assert missing_measure([lead], _tips(*tips), language) == missing


@pytest.mark.parametrize(
    ("lead", "language"),
    [
        # every measure of the list has its post
        ("Moisturise, exfoliate gently and wear sunscreen to keep dry skin smooth.", "en"),
        # causes and symptoms listed, nothing to do: no promise of advice
        ("There are tons of things that cause irritation, redness, itching and dry skin.", "en"),
        ("Avec le froid, le vent et l'humidité, notre peau s'assèche.", "fr"),
        # two measures are no list
        ("Moisturise and sleep well to calm dry skin.", "en"),
    ],
)
def test_a_lead_whose_list_the_series_carries_or_that_lists_no_measures_stays(
    lead: str, language: str
) -> None:
    assert missing_measure([lead], _tips(*_SUN_TIPS), language) is None


def test_a_pharmacy_speaking_as_we_is_left_off_the_cover() -> None:
    from tipqueue.posts.cover_lead import choose_lead

    lead = choose_lead(
        [
            "We get a lot of queries in the pharmacy about eczema.",
            "Eczema is a very common skin condition.",
            "It affects 1 in 5 children and 1 in 12 adults.",
        ],
        "en",
    )
    assert lead.sentences[0] == "Eczema is a very common skin condition."
    assert lead.first_left_out is not None and "pharmacy" in lead.first_left_out
    # the clinic's own "we" stays; a pharmacy's "we" later in the paragraph leaves it all out
    assert choose_lead(["In our clinic we see acne every winter.", "Acne is common."], "en").used
    es = choose_lead(
        ["Hay que conocer nuestro fototipo de piel.", "En la farmacia siempre recomendamos un factor 50."],
        "es",
    )
    assert not es.used and es.left_out is not None and "farmacia" in es.left_out


def test_review_md_says_which_first_sentence_the_cover_left_off(tmp_path: Path, settings: Settings) -> None:
    from tipqueue.posts.series import split_to_folder

    article = tmp_path / "eczema.txt"
    article.write_text(
        "Eczema and dry skin\n\n"
        "We get a lot of queries in the pharmacy about eczema. Eczema is a very common skin condition. "
        "It affects 1 in 5 children and 1 in 12 adults.\n\n"
        "Moisturise every day with a fragrance-free emollient, straight after the bath.\n\n"
        "Avoid scented soaps and bubble baths, which dry the skin out.\n\n"
        "Keep baths short and lukewarm, no longer than ten minutes.\n",
        encoding="utf-8",
    )
    result = split_to_folder(article, tmp_path / "posts", settings)
    review = (result.folder / "review.md").read_text(encoding="utf-8")
    assert "first sentence left off the cover: it speaks as a business" in review
    assert (
        "pharmacy" not in result.posts[0].caption and "very common skin condition" in result.posts[0].caption
    )
