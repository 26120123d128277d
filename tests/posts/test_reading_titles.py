"""What stands above and around an article's headline on a saved page is not its title or its
text: an image's alt text or caption with its credit, the section kicker (on its own line or glued
to the headline), a review's first-person headline, source credits, comment forms; and a heading
in CAPITALS reads in sentence case. Made-up text in the shapes of real pages."""

from __future__ import annotations

import re

import pytest
from tipqueue.config.settings import Settings
from tipqueue.posts.article import parse_article
from tipqueue.posts.models import Article, PostKind
from tipqueue.posts.reading.casing import sentence_case, word_forms
from tipqueue.posts.reading.titles import split_kicker
from tipqueue.posts.series import build_series, make_plan

BODY = (
    "Most people use too little sunscreen. Use about a teaspoon for the face and neck.\n\n"
    "Reapply every two hours outdoors and after swimming, even with a water-resistant formula.\n\n"
    "Apply it fifteen minutes before you go out, so it has time to settle on the skin.\n"
)


def _posted(article: Article) -> str:
    return " ".join(
        [article.title, *(s.heading or "" for s in article.sections)]
        + [b.text for s in article.sections for b in s.blocks]
    )


def _dropped(article: Article) -> dict[str, str]:
    return {d.text: d.reason for d in article.dropped}


@pytest.mark.parametrize(
    "alt",
    [
        "Picture of a woman dabbing sunscreen on her cheek",
        "Image of a sunscreen tube on the beach",
        "Photo: a woman applying cream",
        "Foto: Frau cremt sich ein",
        "Bild einer Frau beim Eincremen",
        "Ảnh minh họa: phụ nữ thoa kem chống nắng",
    ],
)
def test_an_image_description_above_the_headline_is_never_the_title(alt: str) -> None:
    article = parse_article(f"{alt}\n\nHow to apply sunscreen the right way\n\n{BODY}")
    assert article.title == "How to apply sunscreen the right way"
    assert any(word in _dropped(article)[alt] for word in ("picture", "photo"))


def test_a_photo_caption_and_its_credit_above_the_headline_leave_with_the_kicker_and_date() -> None:
    text = (
        "Eine Mutter cremt ihr Kind mit Sonnenschutz ein.\n\nÄrztinnen erklären den Sonnenschutz.\n\n"
        "Foto: Anna Beispiel\n\nRatgeber\n\nSonnenschutz im Sommer: So wählt ihr die richtige Creme\n\n"
        "5. Mai 2025 // 07:00\n\n"
        "Trage jeden Morgen Sonnencreme mit LSF 30 auf, auch wenn der Himmel bedeckt ist.\n\n"
        "Creme Ohren, Nacken und Füße ein, denn diese Stellen werden oft vergessen.\n"
    )
    article = parse_article(text, language="de")
    assert article.title == "Sonnenschutz im Sommer: So wählt ihr die richtige Creme"
    dropped = _dropped(article)
    assert "photo caption" in dropped["Eine Mutter cremt ihr Kind mit Sonnenschutz ein."]
    assert "photo caption" in dropped["Foto: Anna Beispiel"]
    assert "kicker" in dropped["Ratgeber"]
    assert "5. Mai 2025 // 07:00" in dropped
    assert "Mutter" not in _posted(article) and "Ratgeber" not in _posted(article)


@pytest.mark.parametrize(
    ("title", "kicker", "headline"),
    [
        (
            "Protect your skin Wie du Sonnencreme richtig anwendest",
            "Protect your skin",
            "Wie du Sonnencreme richtig anwendest",
        ),
        (
            "Beauty news Why your skin gets drier in winter",
            "Beauty news",
            "Why your skin gets drier in winter",
        ),
        (
            "Soins du visage Comment choisir sa crème solaire",
            "Soins du visage",
            "Comment choisir sa crème solaire",
        ),
    ],
)
def test_a_kicker_glued_in_front_of_the_headline_is_cut_off_the_title_and_every_counter_line(
    title: str, kicker: str, headline: str, settings: Settings
) -> None:
    article = parse_article(f"{title}\n\n{BODY}", language="en")
    assert article.title == headline
    assert _dropped(article)[kicker].endswith("glued in front of the title")
    tips = [p for p in build_series(make_plan(article, settings), settings) if p.kind is PostKind.TIP]
    assert tips and all(kicker not in p.caption for p in tips)


@pytest.mark.parametrize(
    "title",
    [
        "Dermatologists Explain Why Sunscreen Matters",  # Title Case: "Why" is one of its words
        "Sun care: How much sunscreen is enough?",  # a colon joins the two parts of one title
        "So pflegen Sie Ihre Haut im Winter",  # the opener is the first word
    ],
)
def test_a_title_with_an_opener_word_inside_is_not_cut(title: str) -> None:
    assert split_kicker(title) == (None, title)


@pytest.mark.parametrize(
    "headline",
    [
        "I Put an LED Mask to the Test for a Month",
        "I tried a budget LED face mask. I think it worked, but it's a hassle.",
        "Ich habe drei Sonnencremes getestet",
        "J'ai testé le masque LED pendant un mois",
    ],
)
def test_a_first_person_review_headline_is_not_the_series_title(headline: str) -> None:
    article = parse_article(f"{headline}\n\n{BODY}")
    assert article.title != headline and article.title_guessed
    assert headline in _dropped(article)
    assert headline not in _posted(article)


@pytest.mark.parametrize(
    ("line", "language"),
    [
        ("Informationen: Dr. Thomas Beispiel, Klinik für Dermatologie und Allergologie.", "de"),
        ("Sources: Journal of Skin Studies, American Skin Association.", "en"),
        ("Please enter your comment!", "en"),
        ("Your email address will not be published. Required fields are marked *", "en"),
        ("Deine E-Mail-Adresse wird nicht veröffentlicht.", "de"),
        ("Votre adresse e-mail ne sera pas publiée.", "fr"),
        ("Tu dirección de correo electrónico no será publicada.", "es"),
        ("Il tuo indirizzo email non sarà pubblicato.", "it"),
        ("Email của bạn sẽ không được hiển thị công khai.", "vi"),
        ("Continue Reading to the Source", "en"),
        ("Bác sĩ khám da cho một phụ nữ. Ảnh minh họa: Bệnh viện Ví Dụ", "vi"),
        ("Nitin Example / EyeEm", "en"),
    ],
)
def test_source_credits_comment_forms_and_photo_credits_are_never_posted(
    line: str, language: str, settings: Settings
) -> None:
    article = parse_article(f"Sun care basics\n\n{BODY}\n{line}\n", language=language)
    # the line leaves whole (sentence by sentence when it has several)
    assert " ".join(d.text for d in article.dropped if d.text in line) == line
    posts = build_series(make_plan(article, settings), settings)
    assert all(line not in p.caption for p in posts)


def test_a_sources_sentence_inside_a_paragraph_leaves_it_and_the_rest_stays() -> None:
    article = parse_article(
        "LED light at home\n\nResearch supports red light for mild acne in clinics. "
        "Sources: Journal of Skin Studies, Skin Weekly.\n\n" + BODY
    )
    assert _dropped(article)["Sources: Journal of Skin Studies, Skin Weekly."] == "source credit"
    assert "Research supports red light for mild acne in clinics." in _posted(article)


def test_a_question_heading_in_capitals_becomes_a_sentence_case_hook_and_footer(settings: Settings) -> None:
    text = (
        "Sun care questions\n\nOur readers asked three things about sunscreen this summer.\n\n"
        "WHAT IS THE BEST SPF FOR OILY SKIN?\n\n"
        "A light gel sunscreen with SPF 30 or more suits oily skin best. Apply it every morning.\n\n"
        "DOES UV LIGHT PASS THROUGH WINDOWS?\n\n"
        "UVA rays pass through glass, so wear sunscreen near windows too, even on grey days.\n"
    )
    posts = build_series(make_plan(parse_article(text), settings), settings)
    captions = "\n".join(p.caption for p in posts)
    assert "What is the best SPF for oily skin?" in captions
    assert "Does UV light pass through windows?" in captions
    assert "WHAT IS" not in captions and "DOES UV" not in captions


@pytest.mark.parametrize(
    ("shouted", "language", "text", "expected"),
    [
        (
            "WIE SCHÜTZE ICH MEINE HAUT IM WINTER?",
            "de",
            "Die Haut braucht Schutz.",
            "Wie schütze ich meine Haut im Winter?",
        ),
        (
            "CAN I USE VITAMIN C WITH AN LED MASK?",
            "en",
            "Try a Vitamin C serum.",
            "Can I use Vitamin C with an LED mask?",
        ),
        ("QUELLE CRÈME SOLAIRE AVEC UN FPS 50 ?", "fr", "", "Quelle crème solaire avec un FPS 50 ?"),
        ("¿QUÉ PROTECTOR SOLAR USAR? LA RESPUESTA", "es", "", "¿Qué protector solar usar? La respuesta"),
        ("QUALE CREMA SCEGLIERE PER LA PELLE SECCA?", "it", "", "Quale crema scegliere per la pelle secca?"),
        ("LÀM SAO ĐỂ CHỐNG NẮNG ĐÚNG CÁCH?", "vi", "", "Làm sao để chống nắng đúng cách?"),
        ("Already in sentence case with SPF", "en", "", "Already in sentence case with SPF"),
    ],
)
def test_capitals_become_sentence_case_keeping_acronyms_and_the_articles_own_spelling(
    shouted: str, language: str, text: str, expected: str
) -> None:
    assert sentence_case(shouted, language, word_forms([text])) == expected


@pytest.mark.parametrize(
    ("top", "logo"),
    [
        ("HOME", "Beispielblatt Logo Ratgeber Haut"),
        ("Startseite > Gesundheit", "Logo Beispielblatt"),
        ("Accueil", "example-logo"),
        ("Home / Skin care", "Example Clinic Logo"),
    ],
)
def test_a_navigation_word_and_a_logos_text_above_the_headline_are_not_the_title(top: str, logo: str) -> None:
    """A saved page opens with its menu's "HOME" and its logo's alt text ("Stern Logo Ratgeber
    Haut"); neither is the title, nor a heading every counter line names."""
    article = parse_article(f"{top}\n\n{logo}\n\nHow to apply sunscreen the right way\n\n{BODY}")
    assert article.title == "How to apply sunscreen the right way"
    dropped = _dropped(article)
    assert dropped[top].endswith("navigation link")
    assert "logo" in dropped[logo]
    assert all(s.heading != logo for s in article.sections)


def test_a_short_line_that_only_names_a_logo_inside_the_text_is_not_dropped() -> None:
    article = parse_article(
        f"How to apply sunscreen the right way\n\n{BODY}\n\nHome care\n\nKeep it simple at home.\n"
    )
    assert "Home care" not in _dropped(article)


@pytest.mark.parametrize("tag", ["(NBC) - ", "BERLIN (dpa) - ", "NEW YORK (AP) — "])
def test_a_wire_tag_in_front_of_the_first_sentence_is_dropped(tag: str) -> None:
    text = f"How to apply sunscreen the right way\n\n{tag}Summer is here and so is the sun.\n\n{BODY}"
    article = parse_article(text)
    first = article.sections[0].blocks[0].text
    assert first.startswith("Summer is here")
    assert _dropped(article)[tag.strip()] == "page furniture: wire service tag"


@pytest.mark.parametrize("label", ["L'ESSENTIEL", "KEY TAKEAWAYS", "DAS WICHTIGSTE IN KÜRZE"])
def test_a_summary_box_above_the_text_is_not_its_introduction(label: str) -> None:
    """ "L'ESSENTIEL La peau est l'organe le plus grand ..." and the short point under it sum up
    the page; the paragraph after them opens the article."""
    text = (
        f"{label} Skin is the largest organ of the body, up to two square metres.\n\n"
        "The epidermis is the outer layer of the skin.\n\n"
        "The colder it gets, the tighter the skin feels. This is one of the trials of winter. Cold "
        "air outside and dry heating inside take the skin's water, and it loses its suppleness and "
        "its protective function.\n\n"
        f"{BODY}"
    )
    article = parse_article(text)
    assert article.sections[0].blocks[0].text.startswith("The colder it gets")
    dropped = _dropped(article)
    assert "The epidermis is the outer layer of the skin." in dropped
    assert all("summary box" in r for t, r in dropped.items() if t.startswith((label, "The epidermis")))


def test_a_headline_run_into_the_first_sentence_is_cut_off_as_the_title() -> None:
    text = (
        "Top Questions About EczemaEczema is a common condition that makes skin dry and itchy. "
        "It often flares up in winter.\n\n"
        f"{BODY}"
    )
    article = parse_article(text)
    assert article.title == "Top Questions About Eczema"
    assert article.sections[0].blocks[0].text.startswith("Eczema is a common condition")


@pytest.mark.parametrize(
    "line",
    [
        "Why I Love SkinCeuticals Serum and why you should try it too, because it works on my skin.",
        "My Review Of The iPhone App for tracking your skin care routine every day.",
        "Best Products From TheOrdinary for oily skin, tried for a month.",
    ],
)
def test_a_brand_written_in_camel_case_is_not_a_glued_headline(line: str) -> None:
    article = parse_article(f"{line}\n\n{BODY}")
    assert article.title == line or line in _posted(article) or line in _dropped(article)


@pytest.mark.parametrize(
    "caption",
    [
        "Sunscreen is applied by a woman on a beach.",
        "A woman applying cream to her cheeks.",
        "Eine Frau cremt sich am Strand ein.",
        "Une femme applique de la crème solaire.",
    ],
)
def test_a_photos_caption_right_under_the_headline_is_not_the_opening(caption: str) -> None:
    article = parse_article(f"How to apply sunscreen the right way\n\n{caption}\n\n{BODY}")
    assert caption not in _posted(article)
    assert "photo" in _dropped(article)[caption]


def test_an_opening_sentence_about_a_woman_is_text() -> None:
    line = "A woman who burns easily needs a higher factor and should reapply every two hours outdoors."
    article = parse_article(f"How to apply sunscreen the right way\n\n{line}\n\n{BODY}")
    assert line in _posted(article)


@pytest.mark.parametrize("link", ["top of page", "Back to top", "↑ Nach oben", "Haut de page", "Torna su"])
def test_a_link_to_the_top_of_the_page_is_never_the_title(link: str) -> None:
    article = parse_article(f"{link}\n\nHow to apply sunscreen the right way\n\n{BODY}")
    assert article.title == "How to apply sunscreen the right way"
    assert "top of the page" in _dropped(article)[link]


@pytest.mark.parametrize(
    "writer", ["• Writer's pictureJane Example", "Written by Jane Example", "Author: Jane Example"]
)
def test_a_writer_line_above_a_quoted_headline_leaves_and_the_quotes_too(writer: str) -> None:
    article = parse_article(f"top of page\n{writer}\n\n“How to apply sunscreen the right way”\n\n{BODY}")
    assert article.title == "How to apply sunscreen the right way"
    assert writer in _dropped(article)


@pytest.mark.parametrize(
    "menu", ["Skin Care & Laser Treatments", "Skin | Hair | Body", "Dermatology · Cosmetics"]
)
def test_a_navigation_line_over_the_headline_is_not_the_title(menu: str) -> None:
    article = parse_article(f"{menu}\n\n7 Ways to Apply Sunscreen the Right Way\n\n{BODY}")
    assert article.title == "7 Ways to Apply Sunscreen the Right Way"
    assert "navigation" in _dropped(article)[menu]


def test_a_title_with_an_ampersand_over_its_text_stays_the_title() -> None:
    article = parse_article(f"Sunscreen & Sun Safety\n\n{BODY}")
    assert article.title == "Sunscreen & Sun Safety"


def test_an_alt_text_in_another_language_above_the_headline_is_not_the_title() -> None:
    text = (
        "Woman with a straw hat putting sun cream on her arm\n\n"
        "Cuidados de la piel en verano: consejos para protegerte del sol\n\n"
        "Aplica protector solar todas las mañanas, aunque el día esté nublado, y renuévalo cada dos horas.\n\n"
        "Usa ropa ligera de manga larga y un sombrero de ala ancha cuando estés al aire libre.\n\n"
        "Busca la sombra en las horas centrales del día, cuando la radiación es más intensa.\n"
    )
    article = parse_article(text)
    assert article.title == "Cuidados de la piel en verano: consejos para protegerte del sol"
    assert "alt text" in _dropped(article)["Woman with a straw hat putting sun cream on her arm"]


def test_an_english_subtitle_under_an_english_headline_is_kept() -> None:
    article = parse_article(f"Sun Care Basics\n\nWhat every dermatologist wants you to know\n\n{BODY}")
    assert article.title == "Sun Care Basics"


RULES = (
    "Keep body cream off your face\n"
    "Body creams are too rich for the face and can clog pores, so wait for a new face cream.\n"
    "Wash with lukewarm water\n"
    "Hot water feels good but dries the skin, and over time it can leave the face blotchy.\n"
    "Protect the skin of your neck\n"
    "The neck burns easily: spread sunscreen over it too when you are out in the sun.\n"
    "Keep your hands off your face\n"
    "Hands carry germs from everything they touch, so wash them before you touch your face.\n"
)


def test_an_excerpt_that_starts_with_its_first_rule_has_a_guessed_title_and_keeps_that_rule(
    settings: Settings,
) -> None:
    article = parse_article(RULES, language="en")
    assert article.title_guessed
    headings = [s.heading for s in article.sections]
    assert "Keep body cream off your face" in headings
    posts = build_series(make_plan(article, settings), settings)
    footers = [p.caption for p in posts if p.kind is PostKind.TIP]
    assert footers and not any("from “" in caption for caption in footers)


def test_a_headline_longer_than_the_rules_under_it_stays_the_title() -> None:
    article = parse_article("How to keep facial skin calm and clear every day\n" + RULES.split("\n", 2)[2])
    assert article.title == "How to keep facial skin calm and clear every day"
    assert not article.title_guessed


def test_a_numbered_heading_with_a_label_opens_its_own_section() -> None:
    text = (
        "Summer skin: three things to do\n\n"
        "Summer is when skin meets the most sun, so a little care goes a long way.\n\n"
        "1. Wear clothing with UV protection\n\n"
        "Light long sleeves and a wide-brimmed hat keep the sun off the skin.\n\n"
        "2. Sunscreen: every day and the right way\n\n"
        "Apply a broad-spectrum sunscreen of SPF 30 or more half an hour before going out.\n\n"
        "Reapply it every two hours and after swimming or sweating.\n\n"
        "3. Choose the hours you spend in the sun\n\n"
        "Avoid the sun between ten and four, when its rays are strongest.\n"
    )
    article = parse_article(text, language="en")
    headings = [s.heading for s in article.sections]
    assert any(h and "Sunscreen: every day and the right way" in h for h in headings)


@pytest.mark.parametrize("byline", ["By  | ", "Von |", "Par :"])
def test_a_byline_without_a_name_under_the_title_is_no_heading(byline: str) -> None:
    article = parse_article(f"How to apply sunscreen the right way\n\n{byline}\n\n{BODY}")
    assert article.title == "How to apply sunscreen the right way"
    assert not any(s.heading and "|" in s.heading for s in article.sections)
    assert byline.strip() in {d.strip() for d in _dropped(article)}


@pytest.mark.parametrize("heading", ["(2) Exfoliate", "2. Exfoliate", "2) Exfoliate"])
def test_the_articles_numbering_in_parentheses_leaves_a_heading_too(heading: str) -> None:
    from tipqueue.posts.hooks import clean_heading

    assert clean_heading(heading) == "Exfoliate"


def test_a_heading_numbered_in_parentheses_is_carried_without_its_number(settings: Settings) -> None:
    text = (
        "Five Ways to Summer Skin\n\nSummer is here, and skin needs a little more care.\n\n"
        "(1) Sunscreen Every Day\n"
        "Apply a broad-spectrum sunscreen of SPF 30 or more every morning, even when it is cloudy.\n\n"
        "(2) Exfoliate\n"
        "Exfoliate gently two or three times a week to clear dead skin cells and keep pores open.\n\n"
        "(3) Moisturize\n"
        "Use a light, oil-free moisturizer every day, even in humid weather, to keep skin supple.\n"
    )
    posts = build_series(make_plan(parse_article(text, language="en"), settings), settings)
    tips = [p for p in posts if p.kind is PostKind.TIP]
    assert tips and not any(re.search(r"\(\d\)", p.caption) for p in tips)
    assert not any(re.search(r"\(\d\)", s.text) for p in tips for s in p.slides)


@pytest.mark.parametrize(
    ("top", "reason"), [("Back to top", "top of the page"), ("Written by Jane Example", "")]
)
def test_markdown_furniture_above_the_headline_is_dropped_as_in_plain_text(top: str, reason: str) -> None:
    body = BODY.strip()
    article = parse_article(f"{top}\n\n# How to apply sunscreen the right way\n\n{body}\n", fmt="markdown")
    assert article.title == "How to apply sunscreen the right way"
    assert top in _dropped(article) and reason in _dropped(article)[top]
    assert top not in _posted(article)


def test_markdown_and_html_drop_an_empty_byline_and_a_menu_line_under_the_title() -> None:
    md = f"# How to apply sunscreen the right way\n\nBy  |\n\nSkin Care & Laser Treatments\n\n## Use enough\n\n{BODY}"
    article = parse_article(md, fmt="markdown")
    assert not any("|" in (s.heading or "") or "Laser" in (s.heading or "") for s in article.sections)
    assert "By |" in _dropped(article) and "navigation" in _dropped(article)["Skin Care & Laser Treatments"]
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY.strip().split("\n\n"))
    page = (
        "<html><head><title>How to apply sunscreen the right way</title></head><body><article>"
        "<h1>How to apply sunscreen the right way</h1><p>Back to top</p><p>Written by Jane Example</p>"
        f"<h2>Use enough</h2>{paragraphs}</article></body></html>"
    )
    html = parse_article(page, fmt="html")
    assert html.title == "How to apply sunscreen the right way"
    assert "Written by Jane Example" not in _posted(html) and "Back to top" not in _posted(html)
    assert "top of the page" in _dropped(html)["Back to top"]


@pytest.mark.parametrize(
    "header",
    [
        "Patient Resources > Skin Handouts > Wearing Sunscreen Every Day\nShare Print Email\n\nMain Content",
        "Care Library\n\nCare Library Browser\nA B C D E F G H I J K L M N O P Q R S T U V W X Y Z Index",
    ],
)
def test_a_saved_pages_header_above_its_main_content_is_not_the_title(header: str) -> None:
    # the section name, a breadcrumb trail and share buttons stand above the "Main Content"
    # landmark or the site's A-Z index; the headline is the line under them
    article = parse_article(f"{header}\n\nWearing Sunscreen Every Day\n\n{BODY}", language="en")
    assert article.title == "Wearing Sunscreen Every Day"
    posted = _posted(article)
    assert "Main Content" not in posted and " > " not in posted and "A B C D" not in posted
    assert "Library" not in posted and "Share Print" not in posted


@pytest.mark.parametrize("title", ["", "Sunscreen basics\n\n"])
def test_a_labelled_date_run_into_the_first_sentence_is_cut_off(title: str) -> None:
    article = parse_article(f"{title}date 2024-03-09 {BODY}", language="en")
    assert "2024" not in _posted(article)
    assert "Most people use too little sunscreen." in _posted(article)


@pytest.mark.parametrize(
    "strapline",
    ["Trusted skin care advice from dermatologists.", "Beauty news from experts", "Health news by experts"],
)
def test_the_sites_strapline_above_the_headline_is_not_the_title_or_the_text(strapline: str) -> None:
    article = parse_article(f"{strapline}\n\nHow to Apply Sunscreen the Right Way\n\n{BODY}", language="en")
    assert article.title == "How to Apply Sunscreen the Right Way"
    assert strapline.rstrip(".") not in _posted(article)


ROUTINE = (
    "A good daily routine keeps skin calm. Start simple: a few steps each morning and night.\n\n"
    "Step 1: Cleansing\n\n"
    "Wash your face with a mild, creamy cleanser that keeps dry skin comfortable, and rinse with lukewarm water.\n\n"
    "Step 2: Moisturizing\n\n"
    "Apply a moisturizer for dry skin while your face is still damp, so it holds the water in.\n\n"
    "Even oily skin needs a light moisturizer: a dry skin barrier makes more oil.\n"
)


def test_tips_from_numbered_steps_make_a_routine_title_not_a_skin_types(settings: Settings) -> None:
    # no title on the page: the cover names the routine the steps make, not what one step treats
    article = parse_article(ROUTINE, language="en")
    cover = build_series(make_plan(article, settings), settings)[0]
    assert cover.kind is PostKind.COVER
    assert "routine" in cover.caption.split("\n", 1)[0]


def test_an_untitled_article_whose_first_block_names_a_condition_is_titled_on_it(settings: Settings) -> None:
    # moisturising is named more often than eczema, but it is how the eczema the article opens on
    # is cared for: the guessed title names the condition, not "dry skin"
    text = (
        "Everything parents of a child with eczema need to know, from bath time to bedtime.\n\n"
        "1. Moisturise, moisturise and then moisturise again\n\n"
        "Moisturising keeps the skin hydrated. Moisturise straight after the bath, while the skin is damp.\n\n"
        "2. Bath time\n\n"
        "Keep baths short and lukewarm; long hot baths dry eczema skin out. Use a soap-free wash.\n\n"
        "3. Keep cool\n\n"
        "Heat makes eczema itch. Dress your child lightly and moisturise again at night.\n"
    )
    article = parse_article(text)
    assert article.title_source == "topic"
    assert "eczema" in article.title.lower()
    cover = build_series(make_plan(article, settings), settings)[0]
    assert cover.kind is PostKind.COVER and "eczema" in cover.slides[0].text.lower()
    assert "dry skin" not in cover.slides[0].text.lower()
