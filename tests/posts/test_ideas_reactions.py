"""Reactions, teasers and problem nouns: openings that lean on text outside the post."""

from __future__ import annotations

from pathlib import Path

import pytest
from tipqueue.config.settings import Settings
from tipqueue.posts.ideas.reactions import problem_noun, reaction, teases
from tipqueue.posts.ideas.references import announces, find_reference, fold, opening_reference
from tipqueue.posts.series import split_to_folder

REACTING = [
    ("en", "If your mind is blown, wait for the rest of the story about cells."),
    ("en", "Surprised? Most people are when they hear it."),
    ("de", "Überrascht? Das geht vielen so."),
    ("fr", "Vous êtes surprise ? Beaucoup de lectrices le sont."),
    ("es", "¿Sorprendida? A muchas les pasa lo mismo."),
    ("it", "Sorpresi? Succede a molti lettori."),
    ("vi", "Bất ngờ chưa, nhiều người cũng nghĩ vậy."),
]


@pytest.mark.parametrize(("language", "text"), REACTING)
def test_a_reaction_to_what_was_just_said_points_back(language: str, text: str) -> None:
    ref = find_reference([text], language, before="Dead skin cells keep the skin moist.")
    assert ref is not None and ref.kind == "pointer", (text, ref)


TEASING = [
    ("en", "If your mind is blown, just wait."),
    ("en", "How the lifeless little things do this is pretty mind-blowing, too."),
    ("en", "It gets better."),
    ("de", "Es kommt noch besser."),
    ("de", "Wie die winzigen Zellen das schaffen, ist erstaunlich."),
    ("fr", "Et ce n'est pas tout."),
    ("es", "Y eso no es todo."),
    ("it", "E non è finita qui."),
    ("vi", "Vẫn chưa hết đâu."),
]


@pytest.mark.parametrize(("language", "text"), TEASING)
def test_a_teaser_of_what_follows_announces_it(language: str, text: str) -> None:
    assert teases(fold(text), language)
    assert announces(text, language)


NOT_TEASING = [
    ("en", "How the skin sheds its cells is simple: about 40,000 fall off every day."),
    ("en", "Wait at least ten minutes before you apply makeup over your sunscreen."),
    ("en", "If your skin stings, just wait a minute before the moisturiser goes on, then apply it thinly."),
    ("de", "Warte nach dem Eincremen ein paar Minuten, bevor du dich anziehst."),
    ("en", "Don't pop it, just wait."),
    ("de", "Wenn der Pickel juckt, warte ab."),
    ("en", "Surprised? Dead skin cells hold on to water and keep the barrier closed."),
]


@pytest.mark.parametrize(("language", "text"), NOT_TEASING)
def test_a_sentence_that_says_something_is_no_teaser(language: str, text: str) -> None:
    assert not teases(fold(text), language)


PROBLEMS = [
    (
        "de",
        "Der Münchner Dermatologe Dr. Christoph Beispiel kennt die Problematik aus seinem Praxisalltag.",
        "die problematik",
    ),
    ("en", "Many people ignore the problem until their skin cracks.", "the problem"),
    ("fr", "Beaucoup de femmes connaissent bien ce problème en hiver.", "ce problème"),
    ("es", "Muchas personas sufren este problema en invierno.", "este problema"),
    ("it", "Molte persone conoscono bene il problema in inverno.", "il problema"),
    ("vi", "Ở một số ít trường hợp, tình trạng này cũng xảy ra ở cổ.", "tình trạng này"),
]


@pytest.mark.parametrize(("language", "text", "words"), PROBLEMS)
def test_a_problem_noun_stands_for_a_condition_named_before(language: str, text: str, words: str) -> None:
    assert problem_noun(fold(text), language) == words
    ref = opening_reference(text, language, "Trockene Haut spannt und juckt.")
    assert ref is not None and ref.kind == "definite"


NAMED_PROBLEMS = [
    ("en", "The problem is that hot water strips the skin's oils."),
    ("en", "Dermatologists see the problem of dry skin every winter."),
    ("de", "Das Problem: Heißes Wasser entzieht der Haut Fett."),
    ("de", "Viele Menschen kennen das Problem trockener Haut im Winter."),
    ("es", "Y muchas veces el problema no es la piel, sino cómo la tratamos."),
    ("fr", "Les dermatologues voient le problème de la peau sèche chaque hiver."),
]


@pytest.mark.parametrize(("language", "text"), NAMED_PROBLEMS)
def test_a_problem_the_sentence_names_or_opens_with_stands(language: str, text: str) -> None:
    assert problem_noun(fold(text), language) is None


def test_a_reaction_is_set_off_by_punctuation() -> None:
    assert reaction(fold("Sounds crazy, but dead skin cells hold water."), "en") == "sounds crazy"
    assert reaction(fold("Parece increíble que la piel se renueve cada mes."), "es") is None
    assert reaction(fold("Parece increíble, pero la piel se renueva cada mes."), "es") == "parece increíble"


def test_an_impersonal_question_is_no_pointer() -> None:
    assert opening_reference("Is it possible to remove skin blemishes?", "en") is None
    assert opening_reference("Can I keep it in the refrigerator?", "en") is not None
    assert reaction(fold("Sounds crazy, right?"), "en") == "sounds crazy"


def test_german_demonstratives_and_doch_point_back() -> None:
    ref = opening_reference("Doch wieviel Natur steckt wirklich in solchen Produkten?", "de")
    assert ref is not None and ref.kind == "marker"
    ref = opening_reference("Wie viel Natur steckt wirklich in solchen Produkten?", "de")
    assert ref is not None and ref.words == "solchen"


def test_a_problem_noun_merges_with_the_paragraph_naming_the_problem(
    settings: Settings, tmp_path: Path
) -> None:
    article = tmp_path / "haut.txt"
    article.write_text(
        "Tipps gegen trockene Haut\n\nIm Winter braucht die Haut mehr Pflege als im Sommer.\n\n"
        "Trockene Haut spannt, juckt und schuppt. Grund dafür ist eine gestörte Hornschicht, "
        "die zu wenig Fett bildet.\n\n"
        "Die Dermatologin Dr. Anna Beispiel kennt die Problematik aus ihrer Praxis. Besonders oft "
        "betroffen sind die Unterschenkel, weil dort wenige Talgdrüsen sitzen.\n\n"
        "Cremen Sie die Haut nach dem Duschen ein, solange sie noch feucht ist.\n\n"
        "Trinken Sie über den Tag verteilt ausreichend Wasser und Tee.\n",
        encoding="utf-8",
    )
    result = split_to_folder(article, tmp_path / "out", settings)
    texts = [t.text for t in result.tips]
    merged = [t for t in texts if "kennt die Problematik" in t]
    assert merged and "Trockene Haut spannt" in merged[0], texts


def test_a_heading_that_points_back_is_a_dangling_reference(settings: Settings, tmp_path: Path) -> None:
    article = tmp_path / "siegel.txt"
    article.write_text(
        "Naturkosmetik verstehen\n\nNaturkosmetik wird immer beliebter, auch bei empfindlicher Haut.\n\n"
        "Private Siegel\n\nEs gibt mehrere private Siegel für Naturkosmetik, etwa von Verbänden und Vereinen.\n\n"
        "Welche dieser Siegel haben am meisten Aussagekraft?\n\n"
        "Die bekanntesten Siegel schreiben vor, dass die Rohstoffe größtenteils natürlichen Ursprungs sind.\n\n"
        "Reinigung\n\nReinigen Sie das Gesicht abends mit lauwarmem Wasser und einem milden Reinigungsgel.\n\n"
        "Sonnenschutz\n\nTragen Sie jeden Morgen eine Sonnencreme mit LSF 30 auf, auch im Winter.\n\n"
        "Pflege\n\nCremen Sie trockene Haut nach dem Duschen mit einer fettreichen Creme ein.\n",
        encoding="utf-8",
    )
    result = split_to_folder(article, tmp_path / "out", settings, tips=4)
    review = (result.folder / "review.md").read_text(encoding="utf-8")
    assert "dangling reference" in review and "“dieser”" in review, review
