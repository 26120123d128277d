"""What a post needs from outside it, carried onto it: who is speaking, its heading, "avoid"."""

from __future__ import annotations

import pytest
from tipqueue.config.settings import Settings
from tipqueue.posts.article import body_sentences, parse_article
from tipqueue.posts.ideas.carry import carry
from tipqueue.posts.ideas.persons import article_people, introduce
from tipqueue.posts.models import Tip
from tipqueue.posts.series import build_series, make_plan, review_markdown
from tipqueue.posts.split import coverage_problems, tip_slides

INTRO_EN = (
    '"Dry air sucks moisture out of the skin," says Dr. Jane Miller, a dermatologist at the city hospital.'
)


@pytest.mark.parametrize(
    ("language", "introducing", "later", "expected"),
    [
        (
            "en",
            INTRO_EN,
            "Use a cream cleanser in winter, Miller said.",
            "Use a cream cleanser in winter, Dr. Jane Miller, a dermatologist at the city hospital, said.",
        ),
        (
            "de",
            '"Kurz duschen reicht", sagt Dr. Karin Roth, Oberärztin der Hautklinik Köln.',
            "Reichhaltige Cremes sind laut Dr. Roth die beste Pflege.",
            "Reichhaltige Cremes sind laut Dr. Karin Roth, Oberärztin der Hautklinik Köln, die beste Pflege.",
        ),
        (
            "fr",
            "« La chaleur sèche la peau », explique Marie Dubois, dermatologue.",
            "« Une crème empêche la déshydratation », explique Dubois.",
            "« Une crème empêche la déshydratation », explique Marie Dubois, dermatologue.",
        ),
        (
            "es",
            "La dermatóloga Lucía Gómez recomienda exfoliar poco.",
            "«No toques los granos», advierte Gómez.",
            "«No toques los granos», advierte Lucía Gómez (dermatóloga).",
        ),
        (
            "it",
            "Lo dice la dermatologa Giulia Conti: la pelle va protetta.",
            "Secondo Conti, la crema va messa ogni giorno.",
            "Secondo Giulia Conti (dermatologa), la crema va messa ogni giorno.",
        ),
        (
            "vi",
            "Bác sĩ Nguyễn Văn An cho biết da cần được dưỡng ẩm.",
            "Theo bác sĩ An, nên dùng kem chống nắng mỗi ngày.",
            "Theo bác sĩ Nguyễn Văn An, nên dùng kem chống nắng mỗi ngày.",
        ),
    ],
)
def test_a_person_named_by_surname_gets_the_introduction_the_article_gave(
    language: str, introducing: str, later: str, expected: str
) -> None:
    people = article_people([introducing, later])
    assert language and people
    got, carried = introduce((later,), people)
    assert got == (expected,)
    assert carried


def test_a_post_that_introduces_the_person_itself_is_left_as_written() -> None:
    people = article_people([INTRO_EN, "Miller said hot water weakens the oil layer."])
    assert introduce((INTRO_EN,), people) == ((INTRO_EN,), [])


def test_only_the_first_mention_in_a_post_is_introduced() -> None:
    people = article_people([INTRO_EN])
    got, _ = introduce(("Miller said to moisturise.", "Miller also said to wear sunscreen."), people)
    assert got == (
        "Dr. Jane Miller, a dermatologist at the city hospital, said to moisturise.",
        "Miller also said to wear sunscreen.",
    )


def test_capitalised_words_without_a_title_or_a_role_are_no_person() -> None:
    """Brand and place names ("La Roche Posay", "New York") are not people to introduce."""
    assert article_people(["Try La Roche Posay Toleriane in New York City this winter."]) == []


def test_a_role_noun_the_article_gave_one_person_names_her_in_a_post_that_names_nobody() -> None:
    people = article_people(["Le professeur Paul Martin et la dermatologue, Anne Drey, étaient invités."])
    got, _ = introduce(("La dermatologue poursuit : « Le lycra protège. »",), people)
    assert got == ("La dermatologue Anne Drey poursuit : « Le lycra protège. »",)


def test_a_lead_naming_a_doctor_stays_off_the_cover_and_the_tips_say_her_advice_directly(
    settings: Settings,
) -> None:
    """ "laut Dr. Hartmann" opens the article, "Dr. Karin Hartmann, Oberärztin ..." only in the next
    post: the cover does not quote another practice's doctor, the tips give her advice without
    her credit (:mod:`tipqueue.posts.ideas.attribution`), so there is nobody to introduce."""
    text = (
        "So pflegen Sie Ihre Haut im Winter\n\n"
        "Reichhaltige Cremes sind laut Dr. Hartmann die beste Pflege für trockene Haut im Winter.\n\n"
        'Nicht zu oft duschen: Wer trockene Haut hat, sollte nicht zu heiß duschen. "Fünf Minuten '
        'reichen", sagt Dr. Karin Hartmann, Oberärztin der Hautklinik der Universität zu Köln.\n\n'
        'Viel trinken hilft der Haut. "Zwei Liter am Tag", sagt Dr. Hartmann. Auch Vitamin E kann '
        "die trockene Haut von innen unterstützen.\n"
    )
    article = parse_article(text, language="de")
    plan = make_plan(article, settings)
    posts = build_series(plan, settings)
    assert "Hartmann" not in posts[0].caption
    tips = [p for p in posts if p.kind.value == "tip"]
    assert tips and not any("Hartmann" in p.quote for p in tips)
    assert any("Fünf Minuten reichen." in p.quote for p in tips)
    review = review_markdown(posts, plan.article, {}, plan=plan)
    assert "left off the cover: it quotes another practice's doctor (Dr. Karin Hartmann)" in review
    # the article's own sentences are not changed: every one is still covered
    assert coverage_problems(body_sentences(text, language="de"), plan.article, plan.ideas, plan.spare) == []


def _tip(sentences: tuple[str, ...], section: str) -> Tip:
    return Tip(" ".join(sentences), section, 1, sentences)


def test_an_instruction_under_a_numbered_heading_shows_the_heading_on_its_first_card() -> None:
    """ "Use only if wearing heavy makeup." said nothing without "1. Oil Cleanser" above it."""
    tip = _tip(("Use only if wearing heavy makeup or sunscreen.",), "PM Routine — 1. Oil Cleanser")
    got, flags = carry(tip, [], language="en", framing="Acne routine", opens_section=True)
    assert tip_slides(got, 200) == ["Oil Cleanser", "Use only if wearing heavy makeup or sunscreen."]
    assert flags


@pytest.mark.parametrize(
    ("language", "title", "label"),
    [
        ("en", "8 skincare mistakes dermatologists see", "Avoid:"),
        ("de", "Die häufigsten Fehler bei der Hautpflege", "Zu vermeiden:"),
        ("fr", "Les erreurs à éviter pour une belle peau", "À éviter :"),
        ("es", "Lo que las dermatólogas jamás harían con su piel", "A evitar:"),
        ("it", "Gli errori da non fare con la pelle", "Da evitare:"),
        ("vi", "Những sai lầm khi chăm sóc da", "Tránh:"),
    ],
)
def test_a_heading_card_of_a_list_of_mistakes_says_they_are_to_avoid(
    language: str, title: str, label: str
) -> None:
    tip = _tip(("It strips the skin of its natural oils.",), "3. Hot showers")
    got, _ = carry(tip, [], language=language, framing=title, opens_section=True)
    assert tip_slides(got, 200)[0] == f"{label} Hot showers"


def test_a_question_heading_in_an_article_about_mistakes_gets_no_avoid_label() -> None:
    """ "Welches Produkt passt zu welchem Hauttyp?" is a question, not something to avoid."""
    tip = _tip(
        ("Für helle Haut eignet sich ein hoher Lichtschutzfaktor.",),
        "2. Welches Produkt passt zu welchem Hauttyp?",
    )
    got, _ = carry(
        tip, [], language="de", framing="Die häufigsten Fehler beim Sonnenschutz", opens_section=True
    )
    assert tip_slides(got, 200)[0] == "Welches Produkt passt zu welchem Hauttyp?"


def test_a_heading_card_that_already_says_mistake_gets_no_label() -> None:
    tip = _tip(("It strips the skin of its natural oils.",), "3. Mistake: hot showers")
    got, _ = carry(tip, [], language="en", framing="Skincare mistakes", opens_section=True)
    assert tip_slides(got, 200)[0] == "Mistake: hot showers"


def test_a_question_heading_goes_on_the_card_only_over_its_whole_answer() -> None:
    tip = _tip(
        ("Do you want the long or the short answer to that question?", "They harm collagen."),
        "So, What Are Free Radicals?",
    )
    whole, _ = carry(tip, [], language="en", framing="Free radicals", opens_section=True, whole_section=True)
    assert tip_slides(whole, 200)[0] == "What Are Free Radicals?"
    part, flags = carry(tip, [], language="en", framing="Free radicals", opens_section=True)
    assert part == tip and flags == []


def test_a_capitalised_german_role_before_the_name_is_her_role_not_her_first_name() -> None:
    """ "sagt Dermatologin Daisy Kopera" then "sagt Kopera" in another post."""
    first = "„Nach jedem Duschen eincremen“, sagt Dermatologin Daisy Kopera."
    people = article_people([first])
    assert introduce((first,), people) == ((first,), [])
    got, _ = introduce(("„Gute Lotionen ziehen ein“, sagt Kopera.",), people)
    assert got == ("„Gute Lotionen ziehen ein“, sagt Daisy Kopera (Dermatologin).",)


def test_the_items_of_a_list_under_a_numbered_heading_are_one_post_under_it(settings: Settings) -> None:
    """ "Use it only if ..." and "Pick ..." under "1. Oil Cleanser" were two thin posts repeating
    the heading; they are one carousel with the heading on its first card."""
    text = (
        "Acne routine\n\nAn introduction that the cover carries, nothing more than that.\n\n"
        "1. Oil Cleanser\n\n- Use it only if you wear heavy makeup or sunscreen.\n"
        "- Pick non-comedogenic oils like squalane or jojoba oil.\n\n"
        "2. Moisturiser\n\nApply a light gel moisturiser to damp skin every evening after cleansing.\n"
    )
    plan = make_plan(parse_article(text), settings)
    cards = [tip_slides(t, 200) for t in plan.tips if not t.lead]
    under = [c for c in cards if any("non-comedogenic" in card or "heavy makeup" in card for card in c)]
    assert len(under) == 1
    assert under[0][0] == "Oil Cleanser"
    joined = " ".join(under[0])
    assert "heavy makeup" in joined and "non-comedogenic" in joined


def test_a_list_with_its_lead_in_under_a_numbered_heading_is_one_post(settings: Settings) -> None:
    """ "2. The wrong strength" over "Always SPF 20? No! It depends on your skin type:" and one
    bullet per skin type was one post per type, without the lead-in; it is one carousel."""
    text = (
        "Sunscreen mistakes\n\nAn introduction that the cover carries, nothing more than that.\n\n"
        "1. Using last year's tube\n\nSunscreen keeps for six months once it is open, then throw it away.\n\n"
        "2. The wrong strength\n\nIs SPF 20 always enough? No! The right factor depends on your skin type:\n\n"
        "- Type I needs SPF 50: very fair skin that always burns in the sun.\n"
        "- Type II needs SPF 30 to 50: fair skin that often burns in the sun.\n"
        "- Type III needs SPF 15 to 25: light brown skin that rarely burns.\n"
    )
    plan = make_plan(parse_article(text), settings)
    cards = [tip_slides(t, 200) for t in plan.tips if not t.lead]
    typed = [c for c in cards if any("Type I" in card for card in c)]
    assert len(typed) == 1
    joined = " ".join(typed[0])
    assert "depends on your skin type" in joined and "Type II " in joined and "Type III " in joined


@pytest.mark.parametrize(
    ("introducing", "later", "expected"),
    [
        (
            "Charlotte Birnbaum, MD, said to moisturise.",
            "Dr. Birnbaum recommends a gentle cleanser.",
            "Charlotte Birnbaum, MD, recommends a gentle cleanser.",
        ),
        (
            "Dr. Karin Hartmann, Oberärztin in Köln, rät zu Cremes.",
            "Laut Dr. Hartmann hilft Wasser.",
            "Laut Dr. Karin Hartmann, Oberärztin in Köln, hilft Wasser.",
        ),
    ],
)
def test_a_carried_name_never_doubles_its_title(introducing: str, later: str, expected: str) -> None:
    """ "Dr. Birnbaum" with the introduction "Charlotte Birnbaum, MD" is not "Dr. Charlotte Birnbaum, MD"."""
    got, carried = introduce((later,), article_people([introducing, later]))
    assert got == (expected,)
    assert carried


LNE_INTRO = (
    "Las dermatólogas Lidia Maroñas (Clínica Uno) y Paloma Cornejo (Centro Dos) han desvelado sus hábitos."
)


@pytest.mark.parametrize(
    ("post", "expected"),
    [
        (
            "La piel se renueva. Ellas aconsejan exfoliar dos veces por semana.",
            # who they are goes with their names: a post read alone has no introduction
            "Las dermatólogas Lidia Maroñas y Paloma Cornejo aconsejan exfoliar dos veces por semana.",
        ),
        (
            "Por eso las dermatólogas incluyen el bienestar en la rutina.",
            "Por eso las dermatólogas Lidia Maroñas y Paloma Cornejo incluyen el bienestar en la rutina.",
        ),
    ],
)
def test_experts_introduced_together_are_named_where_a_post_speaks_of_them_together(
    post: str, expected: str
) -> None:
    """ "Ellas aconsejan" in a post read alone does not say who "they" are."""
    people = article_people([LNE_INTRO])
    got, carried = introduce(tuple(segment_es(post)), people, "es")
    assert expected in got and carried


def test_a_plural_pronoun_that_is_no_expert_is_left_as_written() -> None:
    people = article_people([LNE_INTRO])
    post = ("Las cremas protegen la piel.", "Ellas forman una capa sobre la piel.")
    assert introduce(post, people, "es") == (post, [])


def segment_es(text: str) -> list[str]:
    return [s if s.endswith(".") else s + "." for s in text.split(". ")]


@pytest.mark.parametrize(
    ("language", "heading", "expected"),
    [
        (
            "en",
            "Mistake #1. Cleansing Your Face With Hot Water",
            "Mistake: Cleansing Your Face With Hot Water",
        ),
        ("de", "Fehler Nr. 2: Zu heiß duschen", "Fehler: Zu heiß duschen"),
        ("fr", "Erreur n°3 : Frotter la peau", "Erreur : Frotter la peau"),
        ("es", "Error 4: Saltarse el protector", "Error: Saltarse el protector"),
        ("en", "Step 1: Gentle Cleansing", "Step 1: Gentle Cleansing"),  # a step keeps its place
    ],
)
def test_a_mistakes_label_loses_the_count_of_a_list_the_series_does_not_carry(
    language: str, heading: str, expected: str
) -> None:
    tip = Tip(text="Use lukewarm water.", section=heading, position=1, sentences=("Use lukewarm water.",))
    carried, flags = carry(tip, [], language=language, framing="", leans_on_heading=True)
    assert carried.sentences[0] == expected and flags


@pytest.mark.parametrize(
    ("language", "headings"),
    [
        (
            "it",
            [
                "1. Cambiare prodotti troppo spesso",
                "2. Dimenticare la crema solare",
                "3. Usare acqua tiepida",
            ],
        ),
        ("en", ["1. Skipping sunscreen", "2. Using too many products", "3. Pat dry"]),
        ("de", ["1. Zu heiß duschen", "2. Die Sonnencreme vergessen"]),
        ("fr", ["1. Oublier la crème solaire", "2. Se laver trop souvent"]),
        ("es", ["1. Olvidar el protector solar", "2. Usar demasiados productos"]),
        ("vi", ["1. Quên kem chống nắng", "2. Rửa mặt quá nhiều"]),
    ],
)
def test_headings_that_name_mistakes_make_a_list_of_mistakes_the_article_never_calls_so(
    language: str, headings: list[str]
) -> None:
    """ "Dimenticare la protezione solare" posted alone reads as the advice to forget it."""
    from tipqueue.posts.ideas.carry import AVOID_LABEL, lists_mistakes

    assert lists_mistakes(headings, language)
    tip = _tip(("It strips the skin of its natural oils.",), headings[1])
    got, _ = carry(tip, [], language=language, framing="Skin care", opens_section=True, mistakes=True)
    assert tip_slides(got, 200)[0].startswith(AVOID_LABEL[language])


@pytest.mark.parametrize(
    ("language", "headings"),
    [
        ("it", ["1. Non dimenticare la crema solare", "2. Usare acqua tiepida", "3. Idratare"]),
        ("en", ["1. Don't skip sunscreen", "2. Is too much SPF bad?", "3. Pat dry"]),
        ("de", ["1. Sonnencreme nicht vergessen", "2. Lauwarm duschen", "3. Eincremen"]),
        (
            "en",
            ["1. Too much sun ages skin", "2. Wear a hat", "3. Use SPF 30", "4. Reapply often", "5. Pat dry"],
        ),
    ],
)
def test_advice_headings_and_a_lone_mistake_do_not_make_a_list_of_mistakes(
    language: str, headings: list[str]
) -> None:
    from tipqueue.posts.ideas.carry import lists_mistakes

    assert not lists_mistakes(headings, language)


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("vi", "4. Chà xát da quá mạnh"),
        ("vi", "3. Chọn sữa rửa mặt không phù hợp loại da"),
        ("de", "Auf die falsche Stärke setzen"),
        ("en", "Using the wrong cleanser"),
        ("fr", "Choisir le mauvais nettoyant"),
        ("es", "Usar un limpiador inadecuado"),
        ("it", "Scegliere il detergente sbagliato"),
    ],
)
def test_a_heading_naming_too_much_or_the_wrong_thing_names_a_mistake(language: str, heading: str) -> None:
    from tipqueue.posts.ideas.carry import names_mistake

    assert names_mistake(heading, language)


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("vi", "Quá trình tái tạo da"),  # "quá trình" is a process, not "too"
        ("vi", "Không rửa mặt bằng nước nóng"),  # says not to: the advice itself
        ("de", "Nicht die falsche Creme wählen"),
        ("en", "What goes wrong?"),
    ],
)
def test_a_process_a_negated_heading_or_a_question_names_no_mistake(language: str, heading: str) -> None:
    from tipqueue.posts.ideas.carry import names_mistake

    assert not names_mistake(heading, language)


def test_a_vietnamese_list_of_mistakes_by_its_headings_marks_each_heading_card() -> None:
    from tipqueue.posts.ideas.carry import lists_mistakes

    headings = [
        "1. Rửa mặt quá nhiều lần trong ngày",
        "2. Sử dụng nước quá nóng",
        "3. Chọn sữa rửa mặt không phù hợp loại da",
        "4. Chà xát da quá mạnh",
        "5. Rửa mặt ngay sau khi tẩy tế bào chết hóa học",
    ]
    assert lists_mistakes(headings, "vi")
    tip = _tip(("Nên dùng nước mát hoặc hơi ấm.",), headings[1])
    got, _ = carry(tip, [], language="vi", framing="Mẹo làm sạch da", opens_section=True, mistakes=True)
    assert tip_slides(got, 200)[0] == "Tránh: Sử dụng nước quá nóng"


@pytest.mark.parametrize(
    ("language", "framing", "heading", "expected"),
    [
        (
            "de",
            "Fünf typische Fehler beim Eincremen",
            "Auf die falsche Stärke setzen",
            "Zu vermeiden: Auf die falsche Stärke setzen",
        ),
        (
            "fr",
            "Les erreurs à éviter",
            "Choisir le mauvais nettoyant",
            "À éviter : Choisir le mauvais nettoyant",
        ),
        ("en", "Skin care", "Which SPF is right?", "Which SPF is right?"),
        ("en", "Skincare mistakes", "Mistake: hot showers", "Mistake: hot showers"),
    ],
)
def test_avoid_label_marks_a_heading_of_a_list_of_mistakes(
    language: str, framing: str, heading: str, expected: str
) -> None:
    from tipqueue.posts.ideas.carry import avoid_label

    assert avoid_label(heading, language, mistakes=False, framing=framing) == expected


def test_a_bare_label_the_first_sentence_names_again_is_dropped_from_the_first_card() -> None:
    """ "Moisturizers." is the answer's list heading glued onto its first card."""
    said = (
        "Moisturizers.",
        "The most important treatment for eczema is the use of moisturizers.",
        "Pat dry.",
    )
    got, flags = carry(_tip(said, "How do I deal with eczema?"), [], language="en", framing="")
    assert got.sentences == said[1:] and got.text == " ".join(said[1:])
    assert any("label dropped" in f for f in flags)


@pytest.mark.parametrize(
    "said",
    [
        ("Hamburg.", "Wear sunscreen every day."),  # a dateline names nothing the card says
        ("Moisturizers.",),  # nothing after it
        ("Moisturize daily.", "Moisturizers help."),  # two words: a sentence, not a label
    ],
)
def test_a_one_word_sentence_stays_unless_the_next_one_names_it(said: tuple[str, ...]) -> None:
    from tipqueue.posts.ideas.carry import unlabelled

    assert unlabelled(said) is None


@pytest.mark.parametrize("heading", ["3 - Put on a lycra top to swim", "1- Put on a lycra top to swim"])
def test_a_heading_numbered_with_a_dash_goes_on_the_first_card(heading: str) -> None:
    """ "3 - Mettre un tee-shirt en lycra ..." over "... it would help at any age." says the advice."""
    tip = _tip(("Children often swim in lycra tops. It would help at any age.",), heading)
    got, flags = carry(tip, [], language="en", framing="Sun care", opens_section=True)
    assert tip_slides(got, 200)[0] == "Put on a lycra top to swim"
    assert flags


def _list_tip(label: str, section: str) -> Tip:
    sentences = (label, "Papules (red bumps)", "Cysts (deep, pus-filled lumps)")
    return Tip(" ".join(sentences), section, 1, sentences, title_card=1, items=(1, 1))


@pytest.mark.parametrize(
    ("language", "label", "section", "expected"),
    [
        ("en", "Inflammatory:", "Understanding Acne Types", "Inflammatory acne:"),
        ("en", "Non-inflammatory:", "Types of rosacea", "Non-inflammatory rosacea:"),
        ("en", "Severity guide:", "Understanding Acne Types", "Acne severity guide:"),
        ("en", "Common triggers:", "The main forms of eczema", "Common eczema triggers:"),
        ("fr", "Inflammatoire :", "Les types d'acné", "Acné inflammatoire :"),
        ("es", "Inflamatorio:", "Tipos de acné", "Acné inflamatorio:"),
        ("it", "Infiammatoria:", "Tipi di acne", "Acne infiammatoria:"),
        ("de", "Entzündliche:", "Formen der Akne", "Entzündliche Akne:"),
    ],
)
def test_a_list_title_naming_no_subject_gets_the_one_its_heading_names(
    language: str, label: str, section: str, expected: str
) -> None:
    got, flags = carry(_list_tip(label, section), [], language=language, framing="")
    assert got.sentences[0] == expected and got.text.startswith(expected)
    assert any("subject carried" in f for f in flags)


@pytest.mark.parametrize(
    ("label", "section", "language"),
    [
        ("Inflammatory acne:", "Understanding Acne Types", "en"),  # it names it already
        ("Choose:", "Understanding Acne Types", "en"),  # an instruction, not a qualifier
        ("How to cleanse:", "Types of cleansers", "en"),
        ("Inflammatory:", "Step 1: Gentle Cleansing", "en"),  # the heading names no kinds
        ("Guide de gravité :", "Les types d'acné", "fr"),  # an aspect label: English only
    ],
)
def test_a_list_title_keeps_its_words_where_no_subject_is_missing_or_known(
    label: str, section: str, language: str
) -> None:
    got, flags = carry(_list_tip(label, section), [], language=language, framing="")
    assert got.sentences[0] == label and not any("subject carried" in f for f in flags)
