"""What a clinic would not post in its own voice: another practice, clinic or publication named,
another brand as a lower-case example, the writer's usage diary, a brand's statements about
itself, an introduction announcing tips; hooks that say nothing alone (a bare heading, "It's
complicated."); a default question on a topic the article only mentions in passing. Made-up
text in the shapes of real articles, in every shipped language where the rule has words."""

from __future__ import annotations

import pytest
from tipqueue.config.settings import Settings
from tipqueue.posts.article import parse_article
from tipqueue.posts.cover_lead import choose_lead
from tipqueue.posts.hooks import tip_hook
from tipqueue.posts.models import PostKind
from tipqueue.posts.series import build_series, make_plan

ADVICE = {
    "en": [
        "Apply a broad-spectrum sunscreen with SPF 30 every morning, even on cloudy days.",
        "Reapply sunscreen every two hours outdoors and after swimming or sweating.",
        "Choose a fragrance-free moisturiser with ceramides to support the skin barrier.",
    ],
    "de": [
        "Trage jeden Morgen Sonnencreme mit LSF 30 auf, auch wenn der Himmel bedeckt ist.",
        "Creme dich alle zwei Stunden nach, besonders nach dem Baden und Schwitzen.",
        "Wähle eine parfümfreie Feuchtigkeitscreme mit Ceramiden für die Hautbarriere.",
    ],
    "fr": [
        "Appliquez chaque matin une crème solaire SPF 30, même par temps nuageux.",
        "Renouvelez la crème solaire toutes les deux heures et après la baignade.",
        "Choisissez une crème hydratante sans parfum avec des céramides pour la barrière cutanée.",
    ],
    "es": [
        "Aplica cada mañana un protector solar con SPF 30, incluso en días nublados.",
        "Vuelve a aplicar el protector solar cada dos horas y después de nadar.",
        "Elige una crema hidratante sin perfume con ceramidas para la barrera de la piel.",
    ],
    "it": [
        "Applica ogni mattina una crema solare con SPF 30, anche quando è nuvoloso.",
        "Riapplica la crema solare ogni due ore e dopo il bagno in mare.",
        "Scegli una crema idratante senza profumo con ceramidi per la barriera cutanea.",
    ],
    "vi": [
        "Thoa kem chống nắng SPF 30 mỗi sáng, kể cả khi trời nhiều mây.",
        "Thoa lại kem chống nắng sau mỗi hai giờ và sau khi bơi hoặc đổ mồ hôi.",
        "Chọn kem dưỡng ẩm không mùi có ceramide để bảo vệ hàng rào da.",
    ],
}
TITLES = {
    "en": "Sun care basics",
    "de": "Sonnenschutz im Alltag",
    "fr": "Les bases de la protection solaire",
    "es": "Lo básico del protector solar",
    "it": "Le basi della protezione solare",
    "vi": "Chống nắng mỗi ngày",
}


def _article(language: str, odd: str) -> str:
    first, second, third = ADVICE[language]
    return f"{TITLES[language]}\n\n{first}\n\n{odd}\n\n{second}\n\n{third}\n"


def _series_text(
    text: str, language: str, settings: Settings, *, tips: int | None = None
) -> tuple[str, list[str]]:
    plan = make_plan(parse_article(text, language=language), settings, tips=tips)
    posts = build_series(plan, settings)
    return "\n".join(p.caption for p in posts), [u.reason for u in plan.unused]


@pytest.mark.parametrize(
    ("language", "odd"),
    [
        (
            "en",
            "Sensitive skin is often sensitized skin, says Jane Example, MD, of Glowbright Dermatology in Houston.",
        ),
        (
            "en",
            "Dr. Jane Example of Example Dermatology Group in Freehold, NJ, recommends mineral filters for children.",
        ),
        (
            "de",
            "Mineralische Filter reizen weniger, sagt Dr. Eva Beispiel von der Praxisklinik Sonnenhaut in Aarau.",
        ),
        (
            "fr",
            "Les filtres minéraux irritent moins, explique la dermatologue de la clinique Dermaexemple à Lyon.",
        ),
        (
            "es",
            "Los filtros minerales irritan menos, explica la doctora de la Clínica Dermaejemplo de Madrid.",
        ),
        ("it", "I filtri minerali irritano meno, spiega la dermatologa di Humanexample San Pio a Milano."),
        ("vi", "Kem chống nắng vật lý ít gây kích ứng hơn, theo bác sĩ của Bệnh viện Đa khoa Ví Dụ."),
    ],
)
def test_an_idea_naming_another_practice_is_not_posted_while_others_remain(
    language: str, odd: str, settings: Settings
) -> None:
    captions, reasons = _series_text(_article(language, odd), language, settings)
    assert odd not in captions
    assert any("another practice" in r for r in reasons)


@pytest.mark.parametrize(
    "odd",
    [
        "Dr. Jane Example, a professor at the University Hospital of Cologne, says mineral filters irritate less.",
        "The American Academy of Dermatology recommends mineral filters for sensitive skin.",
    ],
)
def test_a_university_or_an_academy_is_not_another_practice(odd: str, settings: Settings) -> None:
    # every idea a clinic would post is asked for: the short line is under the bar, but no reason
    # keeps it out (an idea naming another practice would stay out even so)
    captions, reasons = _series_text(_article("en", odd), "en", settings, tips=4)
    assert not any("another practice" in r for r in reasons)
    # the professor's advice is posted, said directly (see test_ideas_attribution.py)
    assert (
        odd.replace("Dr. Jane Example, a professor at the University Hospital of Cologne, says m", "M")
        in captions
    )


@pytest.mark.parametrize(
    "odd",
    [
        "New skin cells form in the basal layer, Dr. Jane Example tells Glossymag about the skin's cycle.",
        "Mineral filters suit sensitive skin, explains Jane Example, MD, founder of Example Skincare.",
    ],
)
def test_another_publications_interview_or_a_brand_founder_is_not_posted(
    odd: str, settings: Settings
) -> None:
    captions, reasons = _series_text(_article("en", odd), "en", settings)
    assert odd not in captions
    assert any("publication" in r for r in reasons)


@pytest.mark.parametrize(
    ("language", "odd", "why"),
    [
        ("en", "Wash your face with a gentle soap such as dove before you apply anything else.", "brands"),
        ("en", "Week 2: my skin felt softer and the redness on my cheeks had almost gone.", "personal"),
        ("en", "After two weeks, my skin was clearer than it had been in years of trying.", "personal"),
        ("de", "Nach zwei Wochen war meine Haut ruhiger als in all den Jahren davor.", "personal"),
        ("fr", "Au bout de deux semaines, ma peau était plus douce et moins rouge.", "personal"),
        ("es", "Después de dos semanas, mi piel estaba mucho más suave que antes.", "personal"),
        ("it", "Dopo due settimane, la mia pelle era più morbida e meno arrossata.", "personal"),
        (
            "en",
            "Our mission is to bring clean, gentle skincare to every bathroom shelf.",
            "brand's statement",
        ),
        ("de", "Unsere Mission ist es, sanfte Pflege für jeden Hauttyp zu entwickeln.", "brand's statement"),
        (
            "fr",
            "Notre mission est de rendre les soins doux accessibles à toutes les peaux.",
            "brand's statement",
        ),
    ],
)
def test_lower_case_brands_usage_diaries_and_brand_statements_are_not_posted(
    language: str, odd: str, why: str, settings: Settings
) -> None:
    captions, reasons = _series_text(_article(language, odd), language, settings)
    assert odd not in captions
    assert any(why in r for r in reasons), reasons


@pytest.mark.parametrize(
    ("language", "odd"),
    [
        ("en", "Protecting your skin in summer is easy once you know the tricks."),
        ("fr", "Pour protéger sa peau en été, il suffit de respecter quelques règles."),
        ("de", "Sonnenschutz ist einfach, wenn man ein paar Tricks kennt."),
        ("es", "Proteger la piel es fácil si conoces algunos trucos."),
        ("it", "Proteggere la pelle è facile se conosci alcuni trucchi."),
        ("vi", "Chống nắng rất dễ khi biết một số mẹo nhỏ."),
    ],
)
def test_an_introduction_announcing_tips_is_never_a_tip(language: str, odd: str, settings: Settings) -> None:
    plan = make_plan(parse_article(_article(language, odd), language=language), settings)
    tips = [c.tip.text for c in plan.chosen]
    assert all(odd not in t for t in tips)


@pytest.mark.parametrize(
    ("language", "lead", "why"),
    [
        (
            "en",
            "Sensitive skin needs a mineral sunscreen, says Jane Example, MD, of Glowbright Dermatology.",
            "practice",
        ),
        (
            "vi",
            "Dược sĩ Ví Dụ, Bệnh viện Đa khoa Ví Dụ, hướng dẫn cách chống nắng đúng cho làn da khô.",
            "practice",
        ),
        (
            "en",
            "Ever since your first glob of CeraVe Foaming Facial Cleanser, you have scrubbed your skin daily.",
            "brand",
        ),
        (
            "en",
            "Ever since the first gritty glob of Sunny Hills Peach Scrub touched your cheek, you have scrubbed.",
            "brand",
        ),
    ],
)
def test_the_cover_leaves_out_an_opening_that_names_another_practice_or_product(
    language: str, lead: str, why: str
) -> None:
    chosen = choose_lead([lead], language)
    assert not chosen.used and chosen.left_out is not None and why in chosen.left_out


@pytest.mark.parametrize(
    ("heading", "language"),
    [
        ("3. Die Auswahl", "de"),
        ("Das Alter", "de"),
        ("The timing", "en"),
        ("La quantité", "fr"),
        ("El momento", "es"),
        ("Il ritmo", "it"),
    ],
)
def test_a_bare_heading_noun_is_not_the_hook_when_the_first_sentence_stands(
    heading: str, language: str
) -> None:
    first = ADVICE[language if language in ADVICE else "en"][0]
    hook = tip_hook(
        [first, "More text follows here."], section=heading, prefer_heading=True, language=language
    )
    assert hook.line == first


def test_a_heading_that_says_something_is_still_the_hook() -> None:
    hook = tip_hook(
        [ADVICE["de"][0], "Mehr Text."],
        section="Die richtige Technik beim Eincremen",
        prefer_heading=True,
        language="de",
    )
    assert hook.line == "Die richtige Technik beim Eincremen"


@pytest.mark.parametrize(
    ("aside", "language"),
    [("It’s complicated.", "en"), ("Das ist einfach.", "de"), ("C’est compliqué.", "fr")],
)
def test_a_short_aside_leaning_on_the_post_before_is_never_the_hook(aside: str, language: str) -> None:
    rest = "Desquamation only works when the skin barrier is healthy and the skin is not stressed."
    hook = tip_hook([aside, rest], language=language)
    assert hook.line == rest


def test_a_default_question_fits_what_the_article_is_about_not_a_word_in_passing(settings: Settings) -> None:
    led = (
        "Light masks at home\n\nMany people now try an LED face mask at home to calm their skin.\n\n"
        "Red light therapy may support collagen; use the LED face mask three times a week.\n\n"
        "Blue light is used for mild acne, and some masks combine both colours.\n\n"
        "Wear the goggles that come with the device and keep sessions short.\n\n"
        "Stop if your skin gets red, and ask a dermatologist before trying it with acne medication.\n"
    )
    plan = make_plan(parse_article(led), settings)
    assert plan.cta.defaulted and plan.cta.topic == "gadgets"
    wrinkles = (
        "Softening fine lines\n\nWrinkles form as collagen declines with age and sun exposure.\n\n"
        "Retinoids at night smooth fine lines over months; start twice a week to limit irritation.\n\n"
        "Sunscreen every morning keeps new wrinkles from forming.\n\n"
        "A rich moisturiser plumps the skin so fine lines look softer.\n"
    )
    posts = build_series(make_plan(parse_article(wrinkles), settings), settings)
    cta = next(p for p in posts if p.kind is PostKind.CTA)
    assert "wrinkles" in cta.caption and "irritated" not in cta.caption


def test_a_generic_product_in_capitals_is_not_another_brand(settings: Settings) -> None:
    odd = "In the morning, follow your cleanser with a Vitamin C Serum and then a Hyaluronic Acid Serum."
    captions, reasons = _series_text(_article("en", odd), "en", settings)
    assert not any("brands" in r for r in reasons)
    assert odd in captions


@pytest.mark.parametrize(
    ("language", "odd"),
    [
        ("en", "Dr. Jane Example says we typically recommend a mineral sunscreen for children in summer."),
        (
            "en",
            'Dermatologist John Example says, "After the shower we use a lactic acid lotion for dry legs."',
        ),
        ("de", "Laut Dr. Eva Beispiel empfehlen wir in unserer Praxis mineralische Filter für Kinder."),
        ("fr", "Selon le Dr Marie Exemple, nous recommandons des filtres minéraux aux enfants."),
        ("es", "Según la Dra. Ana Ejemplo, en consulta recomendamos filtros minerales para los niños."),
        ("it", "Secondo la Dottoressa Anna Esempio, consigliamo filtri minerali ai bambini."),
    ],
)
def test_a_named_doctors_practice_speaking_of_itself_is_not_posted_while_others_remain(
    language: str, odd: str, settings: Settings
) -> None:
    """On a clinic's account "we typically recommend" would be the clinic, and Dr. Example is not its own."""
    captions, reasons = _series_text(_article(language, odd), language, settings)
    assert odd not in captions
    assert any("a practice speaking of its own work" in r for r in reasons)


def test_a_clinics_own_we_without_a_named_doctor_is_its_voice() -> None:
    from tipqueue.posts.ideas.elsewhere import practice_talk

    plain = "We recommend a mineral sunscreen for children."
    assert practice_talk(plain, "en", named_in=plain) is None
    credit = "Dr. Example says to reapply every two hours."
    assert practice_talk(credit, "en", named_in=credit) is None


def test_one_rule_finds_both_shapes_of_practice_talk() -> None:
    """A named doctor's plainer "we use" counts only with her credit still on the idea; the
    practice's own "we typically recommend" counts whoever says it."""
    from tipqueue.posts.ideas.elsewhere import practice_talk

    written = 'Dermatologist John Example says, "After the shower we use a lactic acid lotion."'
    assert practice_talk("After the shower we use a lactic acid lotion.", "en", named_in=written) == (
        "Dermatologist John Example … we use"
    )
    assert practice_talk("After the shower we use a lactic acid lotion.", "en") is None
    assert practice_talk("We typically recommend a cream cleanser.", "en") == "We typically recommend"


@pytest.mark.parametrize(
    ("language", "text", "found"),
    [
        ("es", "En mis años de experiencia como dermatóloga he recibido muchos pacientes con acné.", True),
        ("es", "Como dermatóloga, lo que más escucho en consulta es que todo irrita.", True),
        ("en", "“Every day I see patients who copy routines from videos,” says Dr. Example.", True),
        ("de", "In meiner Praxis sehe ich jeden Winter trockene Hände.", True),
        ("fr", "Dans mon cabinet, je vois souvent des peaux déshydratées.", True),
        ("it", "Nel mio studio vedo spesso pelli arrossate.", True),
        ("vi", "Tôi thường gặp nhiều bệnh nhân bị mụn do nặn.", True),
        ("es", "Siempre insisto en esto con mis pacientes: usa protector solar a diario.", False),
        ("es", "En mi consulta, diseño rutinas sencillas de tres pasos.", False),
        ("en", "I see why patients like a light gel in summer.", False),
    ],
)
def test_a_doctor_telling_of_her_own_patients_is_practice_talk(language: str, text: str, found: bool) -> None:
    """Receiving, seeing or hearing patients in her practice is another practice's story; advice she
    gives her patients, or her practice merely named, is not matched."""
    from tipqueue.posts.ideas.elsewhere import practice_talk

    assert (practice_talk(text, language) is not None) is found
