"""References to earlier text, in every language we support: found, merged, or flagged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tipqueue.config.settings import Settings
from tipqueue.posts.ideas.references import find_reference
from tipqueue.posts.series import split_to_folder

POINTING = [
    # the examples: pronouns and demonstratives with contractions, markers, the page
    ("en", "These sound great, don’t they.", "pointer"),
    ("en", "They’re both forms of vitamin C.", "pointer"),
    ("en", "That’s why a gentle cleanser matters.", "pointer"),
    ("en", "For example, a ceramide cream repairs the barrier.", "marker"),
    ("en", "To be fair, companies make these devices weak.", "marker"),
    ("en", "Well, because stripped skin makes more oil.", "marker"),
    ("en", "I’ve had patients use them occasionally.", "pointer"),
    ("en", "As you can see in the images above, the redness faded.", "page"),
    ("en", "Here’s one I use every morning.", "page"),
    ("de", "Dadurch bleibt die Haut länger feucht.", "pointer"),
    ("de", "Zum Beispiel hilft eine Creme mit Urea.", "marker"),
    ("de", "Wie ihr auf dem Bild seht, ist die Rötung weg.", "page"),
    ("fr", "Par exemple, une crème aux céramides répare la barrière.", "marker"),
    ("fr", "Ils protègent la peau du froid.", "pointer"),
    ("fr", "Comme indiqué ci-dessus, la peau change en hiver.", "page"),
    ("es", "Sin embargo, la piel seca necesita más grasa.", "marker"),
    ("es", "Esto ayuda a calmar la piel.", "pointer"),
    ("es", "Como ves en la foto, la rojez desapareció.", "page"),
    ("it", "Tuttavia, la pelle secca ha bisogno di grassi.", "marker"),
    ("it", "Questi prodotti calmano la pelle.", "pointer"),
    ("it", "Come vedete nella foto, il rossore è sparito.", "page"),
    ("vi", "Tuy nhiên, da khô cần nhiều dầu hơn.", "marker"),
    ("vi", "Điều này giúp da mềm hơn.", "pointer"),
    ("vi", "Sản phẩm này rất dịu nhẹ cho da.", "pointer"),
    # a quote carried on from another paragraph, a thing named before, an object only in the heading
    # how, what and how much of what was said before (real articles' openings)
    (
        "fr",
        "De façon concrète, l’application d’un beurre de karité renforce le film hydrolipidique.",
        "marker",
    ),
    ("fr", "Autant de produits qui ne conviennent pas à une peau sèche.", "marker"),
    ("fr", "En fonction de ces éléments, le médecin propose un traitement.", "pointer"),
    ("en", "So, how do you find a good microcurrent device?", "marker"),
    ("fr", "La dermatologue poursuit : « Ce serait bénéfique à tout âge. »", "pointer"),
    ("en", "You’ll notice after using this serum every day that your skin glows.", "pointer"),
    ("en", "Use only if wearing heavy makeup or sunscreen.", "pointer"),
    ("es", "Cuando les cuento que la rutina es simple quedan sorprendidos.", "pointer"),
    ("es", "Les explico que cuidar la piel es sencillo.", "pointer"),
    ("fr", "Ensuite, appliquez une crème hydratante.", "marker"),
    ("en", "The (slightly) longer answer is that they are unstable atoms.", "marker"),
    ("en", "If you notice any of the above, turn down the temperature.", "marker"),
    # a quote said by someone named before, here only by her role or a pronoun
    ("fr", "« Utilisez une crème plutôt qu'une lotion », prévient l'experte.", "pointer"),
    ("fr", "« Les crèmes à l'urée aident », précise-t-elle.", "pointer"),
    ("en", "“Use a cream, not a lotion,” she says.", "pointer"),
    ("de", "„Lieber eine Creme als eine Lotion“, sagt die Expertin.", "pointer"),
    # a marker after the sentence's first words answers the sentence before
    ("it", "I dermatologi, infatti, consigliano docce brevi e tiepide.", "marker"),
    ("it", "Quando invece siamo fuori casa, serve la crema solare.", "marker"),
    ("en", "Dermatologists, however, recommend a fragrance-free cream.", "marker"),
    ("de", "Man sollte daher nach dem Duschen eincremen.", "marker"),
    ("fr", "Les dermatologues conseillent donc une crème riche.", "marker"),
    ("es", "La piel grasa, sin embargo, también necesita hidratación.", "marker"),
    # the fix to a mistake told before
    ("de", "Besser: maximal zwei bis drei Produkte, die du regelmäßig verwendest.", "marker"),
    ("en", "Better: two or three products you use every day.", "marker"),
    ("fr", "Mieux : deux ou trois produits utilisés chaque jour.", "marker"),
    ("it", "Meglio: due o tre prodotti usati ogni giorno.", "marker"),
    # a short label, then a marker going on from the paragraph before
    ("de", "Einflüsse: Außerdem können trockene Heizungsluft und Kälte Ursachen sein.", "marker"),
    ("en", "Other causes: Moreover, cold wind dries the skin.", "marker"),
    ("fr", "Autres causes : En outre, le vent froid assèche la peau.", "marker"),
]

STANDING = [
    ("en", "Apply sunscreen every morning, even when it is cloudy."),
    ("de", "Trage jeden Morgen Sonnenschutz auf, auch bei Wolken."),
    ("fr", "Appliquez une crème solaire chaque matin, même par temps nuageux."),
    ("es", "Aplica protector solar cada mañana, incluso si está nublado."),
    ("it", "Applica la crema solare ogni mattina, anche quando è nuvoloso."),
    ("vi", "Thoa kem chống nắng mỗi sáng, kể cả khi trời nhiều mây."),
    # articles and impersonal subjects that look like pronouns
    ("es", "Los autoexámenes de la piel ayudan a detectar el cáncer a tiempo."),
    ("fr", "Il faut appliquer la crème sur une peau encore humide."),
    ("de", "Es ist wichtig, die Haut nach dem Duschen einzucremen."),
    ("de", "Sie sollten täglich Sonnenschutz auftragen."),
    ("de", "Das Gesicht mit lauwarmem Wasser waschen, nie mit heißem."),
    ("en", "It’s important to wear sunscreen every day, even in winter."),
    ("en", "Use sunscreen every morning, rain or shine."),
    ("es", "He visto que la rosácea mejora con una rutina suave."),
    ("en", "Apply sunscreen however you like, as long as you cover the face."),
    ("it", "Prima di tutto, scegli un detergente delicato."),
    ("en", "“Use a cream, not a lotion,” says dermatologist Jane Example."),
    ("fr", "« Utilisez une crème plutôt qu'une lotion », explique la dermatologue Marie Exemple."),
    # a label over advice that starts afresh
    ("de", "Nicht zu oft reinigen: Wer trockene Haut hat, sollte nicht zu heiß duschen."),
    ("en", "Step 2: Apply a moisturiser while the skin is still damp."),
]


@pytest.mark.parametrize(("language", "text", "kind"), POINTING)
def test_text_that_points_back_is_found_in_its_language(language: str, text: str, kind: str) -> None:
    ref = find_reference([text], language, before="Something was said before this.")
    assert ref is not None and ref.kind == kind, (text, ref)


@pytest.mark.parametrize(("language", "text"), STANDING)
def test_advice_that_stands_on_its_own_is_not_flagged(language: str, text: str) -> None:
    assert find_reference([text], language, before="Something was said before this.") is None


def test_a_definite_reference_needs_the_thing_named_just_before() -> None:
    before = "I tried a new vitamin C product from the pharmacy last month."
    assert find_reference(["The product stung for a minute."], "en", before).kind == "definite"  # type: ignore[union-attr]
    assert find_reference(["The product stung for a minute."], "en", "Sunscreen matters.") is None


def test_a_reference_that_cannot_be_merged_is_flagged_in_review_and_json(
    settings: Settings, tmp_path: Path
) -> None:
    article = tmp_path / "serums.txt"
    article.write_text(
        "Serums explained\n\nA short opening line for the cover, nothing more.\n\n"
        "Which serum\n\n- Vitamin C\n- Niacinamide\n- Hyaluronic acid\n\n"
        "They’re all light enough to layer under a moisturiser, morning and night, on clean skin.\n\n"
        "Sunscreen\n\nAs you can see in the images above, sunscreen leaves no white cast when rubbed in well.\n",
        encoding="utf-8",
    )
    result = split_to_folder(article, tmp_path / "out", settings, tips=3)
    review = (result.folder / "review.md").read_text(encoding="utf-8")
    assert (
        "**Flag**: dangling reference: refers back with “they're” (to: Vitamin C Niacinamide Hyaluronic acid)"
        in review
    )
    # an idea that points at the page is not posted while others remain: review.md says why
    assert "speaks of the page, not the skin (“As you can see”)" in review
    series = json.loads((result.folder / "series.json").read_text(encoding="utf-8"))
    flags = [f for t in series["tips"] for f in t["flags"]]
    assert any(f.startswith("dangling reference") for f in flags)


LEANING_MARKERS = [
    # (language, sentence, the sentence as posted without its marker)
    (
        "fr",
        "Ensuite, appliquez une crème hydratante sur la peau encore humide.",
        "Appliquez une crème hydratante sur la peau encore humide.",
    ),
    (
        "en",
        "In fact, hot water strips the lipids that keep skin supple.",
        "Hot water strips the lipids that keep skin supple.",
    ),
    ("vi", "Tuy nhiên, rửa mặt quá nhiều lần sẽ làm da khô hơn.", "Rửa mặt quá nhiều lần sẽ làm da khô hơn."),
    (
        "de",
        "Außerdem sollte die Creme frei von Duftstoffen sein.",
        None,
    ),  # no comma: "Außerdem" is part of it
    (
        "es",
        "Además, la crema debe aplicarse sobre la piel húmeda.",
        "La crema debe aplicarse sobre la piel húmeda.",
    ),
    (
        "it",
        "Inoltre, la crema va applicata sulla pelle ancora umida.",
        "La crema va applicata sulla pelle ancora umida.",
    ),
    # what is left leans too: the marker stays, and the idea keeps its reference
    ("en", "In fact, they can make it worse.", None),
    ("en", "But you should still wear sunscreen every day.", None),
]


@pytest.mark.parametrize(("language", "sentence", "posted"), LEANING_MARKERS)
def test_a_leaning_marker_is_dropped_only_when_the_sentence_stands_without_it(
    language: str, sentence: str, posted: str | None
) -> None:
    from tipqueue.posts.ideas.references import without_opening_marker

    assert without_opening_marker(sentence, language) == posted


def test_a_section_opening_with_a_marker_is_posted_without_it_and_coverage_holds() -> None:
    from tipqueue.posts.article import body_sentences, parse_article
    from tipqueue.posts.split import coverage_problems, split_article

    text = (
        "Sept conseils\n\nUne introduction courte pour la couverture, rien de plus.\n\n"
        "Hydrater\n\nEnsuite, appliquez une crème hydratante sur la peau encore humide. "
        "Elle retient l'eau dans la peau.\n"
    )
    article = parse_article(text, language="fr")
    tips = split_article(article, max_chars=200)
    assert tips[-1].sentences[0] == "Appliquez une crème hydratante sur la peau encore humide."
    assert coverage_problems(body_sentences(text, language="fr"), article, tips) == []


ANNOUNCING = [
    ("en", "Here’s how to build the best skincare routine for acne, based on dermatologists."),
    ("en", "Let’s take a look at some of the basics of acne and how to treat it."),
    ("en", "Behold, eight common ways you might be aggravating your skin…"),
    ("en", "To understand what makes dead cells essential, you need to understand how a cell lives."),
    ("de", "Hier ein paar Tipps zur Reinigung und Pflege trockener Haut:"),
    ("fr", "Voici nos conseils pour une peau nette en hiver."),
    ("es", "A continuación te cuento cómo limpiar la piel grasa."),
    ("it", "Ecco come proteggere la pelle dal freddo."),
    ("vi", "Bài viết này sẽ giúp bạn hiểu các nguyên tắc chăm sóc da."),
    ("vi", "Với da mụn, quá trình skincare cần tuân thủ một số nguyên tắc nhất định."),
    ("en", "But, there are some skincare routine guidelines to help create a routine."),
    ("en", "Here’s a dermatologist-informed guide to using retinol safely and effectively."),
    ("de", "Wir haben mit Dr. med. Anna Beispiel gesprochen, um die häufigsten Pickel-Fragen zu klären."),
    ("fr", "Mais il est surtout essentiel de limiter les imperfections en suivant quelques règles."),
    ("en", "We spoke with two dermatologists to answer your questions."),
]


@pytest.mark.parametrize(("language", "sentence"), ANNOUNCING)
def test_announcements_are_recognised_in_every_language(language: str, sentence: str) -> None:
    from tipqueue.posts.ideas.references import announces

    assert announces(sentence, language)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        *STANDING,
        ("en", "To understand your skin type, look at your T-zone an hour after washing."),
        ("en", "Here's a tip: apply retinol to dry skin only."),
    ],
)
def test_advice_is_no_announcement(language: str, text: str) -> None:
    from tipqueue.posts.ideas.references import announces

    assert not announces(text, language)


def test_an_announcement_closing_an_idea_is_never_posted_and_stays_covered(settings: Settings) -> None:
    from tipqueue.posts.article import body_sentences, parse_article
    from tipqueue.posts.series import make_plan
    from tipqueue.posts.split import coverage_problems

    text = (
        "Acne care\n\nA short opening line for the cover, nothing more.\n\n"
        "Why it matters\n\nAcne affects most teenagers and many adults. "
        "Here’s how to build a routine that helps.\n\n"
        "Cleanse\n\nWash your face twice a day with a gentle cleanser.\n"
    )
    article = parse_article(text)
    plan = make_plan(article, settings, tips=2)  # the background line too, though under the bar
    posted = " ".join(t.text for t in plan.tips)
    assert "Acne affects most teenagers and many adults." in posted
    assert "Here’s how" not in posted
    assert any(u.text.startswith("Here’s how") and "announces" in u.reason for u in plan.unused)
    assert coverage_problems(body_sentences(text), plan.article, plan.ideas, plan.spare) == []


def test_an_idea_left_with_a_marker_once_its_announcement_is_gone_drops_the_marker() -> None:
    """ "Tuy nhiên, ... . Bài viết này sẽ giúp ..." was a page reference; without the announcement
    the idea opens with "Tuy nhiên" (however), which it stands without."""
    from tipqueue.posts.article import body_sentences, parse_article
    from tipqueue.posts.ideas.units import article_ideas
    from tipqueue.posts.split import coverage_problems, split_article

    text = (
        "Da mụn\n\nMột đoạn mở đầu ngắn cho ảnh bìa, không có gì hơn.\n\nNguyên tắc\n\n"
        "Tuy nhiên, rửa mặt quá nhiều lần sẽ làm da khô hơn. "
        "Bài viết này sẽ giúp bạn hiểu các nguyên tắc chăm sóc da.\n"
    )
    article = parse_article(text, language="vi")
    ideas = [i for i in article_ideas(article, max_chars=200) if not i.lead]
    assert [i.kind for i in ideas] == ["paragraph", "announcement"]
    assert ideas[0].sentences == ("Rửa mặt quá nhiều lần sẽ làm da khô hơn.",) and ideas[0].reference is None
    tips = split_article(article, max_chars=200)
    assert coverage_problems(body_sentences(text, language="vi"), article, tips) == []


def test_one_detector_decides_cards_hooks_and_ideas() -> None:
    """The splitter, the hook and the idea reader agree on what leans on earlier text."""
    from tipqueue.posts.hooks import leans_on_earlier
    from tipqueue.posts.split import leans_on_previous

    cases = [
        ("fr", "Ensuite, appliquez une crème hydratante.", True),
        ("vi", "Tuy nhiên, da khô cần nhiều dầu hơn.", True),
        ("es", "Les recomiendo una crema suave.", True),
        ("en", "It’s complicated.", True),
        ("en", "It’s important to wear sunscreen daily.", False),
        ("es", "He visto que la rosácea mejora con una rutina suave.", False),
        ("de", "Sie sollten täglich Sonnenschutz auftragen.", False),
    ]
    for language, sentence, leans in cases:
        ref = find_reference([sentence], language)
        assert (ref is not None) is leans, sentence
        assert leans_on_earlier(sentence, language) is leans, sentence
        assert leans_on_previous(sentence, "A sentence before it, about skin care.", language) is leans, (
            sentence
        )


@pytest.mark.parametrize(
    ("language", "sentence", "number"),
    [
        ("en", "Your routine should target all 4 factors without stripping your skin.", 4),
        ("en", "Follow these three steps every night.", 3),
        ("de", "Beachten Sie alle vier Faktoren bei der Pflege.", 4),
        ("fr", "Ces 3 gestes suffisent pour protéger la peau.", 3),
        ("es", "Estos cinco pasos ayudan a la piel.", 5),
        ("it", "Questi due consigli valgono per tutti.", 2),
        ("vi", "Hãy áp dụng cả 3 bước mỗi ngày.", 3),
    ],
)
def test_a_count_pointing_at_a_list_is_found(language: str, sentence: str, number: int) -> None:
    from tipqueue.posts.ideas.references import counted_reference

    found = counted_reference(sentence, language)
    assert found is not None and found[1] == number


def test_a_count_that_is_a_quantity_is_no_reference() -> None:
    from tipqueue.posts.ideas.references import counted_reference

    assert counted_reference("Drink 2 litres of water and wait 30 minutes.", "en") is None


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("de", "Creme dich alle zwei Stunden nach, besonders nach dem Baden."),
        ("fr", "Exfoliez tous les deux jours au maximum."),
        ("en", "Reapply all 2 hours when you swim."),
        ("it", "Riapplica la crema ogni due ore, e le due ore passano in fretta."),
        ("es", "Aplica el protector y repite en las dos horas siguientes."),
    ],
)
def test_how_often_is_no_count_pointing_at_a_list(language: str, sentence: str) -> None:
    """'alle zwei Stunden' (every two hours) must not pull the paragraph before it into the post."""
    from tipqueue.posts.ideas.references import counted_reference

    assert counted_reference(sentence, language) is None


@pytest.mark.parametrize(
    "text",
    [
        "Laut der Krebsliga sollte dabei besonderes Augenmerk auf die Ohren gelegt werden.",
        "Viele Frauen sind ebenso davon betroffen.",
    ],
)
def test_a_german_adverb_standing_for_what_was_said_before_points_back(text: str) -> None:
    ref = find_reference([text], "de", before="Trage genug Sonnencreme auf.")
    assert ref is not None and ref.kind == "pointer" and ref.words in ("dabei", "davon")


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "en",
            "The second thing is moisturize while your skin is still damp.",
            "Moisturize while your skin is still damp.",
        ),
        ("en", "Another tip is to run a humidifier while you sleep.", "Run a humidifier while you sleep."),
        (
            "de",
            "Der zweite Tipp: Cremen Sie sich nach dem Duschen ein.",
            "Cremen Sie sich nach dem Duschen ein.",
        ),
        (
            "fr",
            "Le deuxième conseil est de boire beaucoup d'eau chaque jour.",
            "Boire beaucoup d'eau chaque jour.",
        ),
        (
            "es",
            "El segundo consejo es usar protector solar todos los días.",
            "Usar protector solar todos los días.",
        ),
        (
            "it",
            "Un altro consiglio è quello di usare un umidificatore in casa.",
            "Usare un umidificatore in casa.",
        ),
    ],
)
def test_a_count_in_the_articles_order_leans_and_the_advice_after_it_stands(
    language: str, text: str, expected: str
) -> None:
    """ "The second thing is ..." means nothing in a post of its own: the count goes, the advice stays."""
    from tipqueue.posts.ideas.references import without_opening_marker

    ref = find_reference([text], language, before="Something was said before this.")
    assert ref is not None and ref.kind == "marker"
    assert without_opening_marker(text, language) == expected


def test_the_next_of_a_count_is_a_post_of_its_own_without_the_count(
    settings: Settings, tmp_path: Path
) -> None:
    from tipqueue.posts.article import parse_article
    from tipqueue.posts.series import make_plan
    from tipqueue.posts.split import tip_slides

    text = (
        "Winter skin\n\nWinter is here, and with it dry skin for many of us.\n\n"
        "The first thing is a warm shower instead of a hot one, because hot water strips the skin's oils.\n\n"
        "The second thing is moisturize while your skin is still a little wet after the shower.\n"
    )
    plan = make_plan(parse_article(text), settings)
    cards = [" ".join(tip_slides(t, 200)) for t in plan.tips if not t.lead]
    assert any(c.startswith("Moisturize while your skin") for c in cards), cards
    assert not any("second thing" in c for c in cards)


def test_the_fix_after_a_mistake_goes_with_it(settings: Settings) -> None:
    """ "Besser: ..." alone is a fragment: it is the fix to the paragraph before."""
    from tipqueue.posts.article import parse_article
    from tipqueue.posts.series import make_plan

    text = (
        "Hautpflege ohne Fehler\n\nViele Tipps kursieren, aber nicht alle tun der Haut gut.\n\n"
        "Zu viele Produkte auf einmal überfordern die Hautbarriere und können Irritationen verursachen.\n\n"
        "Besser: maximal zwei bis drei abgestimmte Produkte, die du regelmäßig verwendest.\n\n"
        "Trage jeden Morgen Sonnenschutz mit LSF 30 auf, auch im Winter und bei Wolken.\n"
    )
    plan = make_plan(parse_article(text, language="de"), settings)
    texts = [t.text for t in plan.tips if not t.lead]
    assert not any(t.startswith("Besser:") for t in texts)
    assert any("überfordern" in t and "Besser:" in t for t in texts)


def test_another_step_in_italian_leans_on_the_step_before() -> None:
    from tipqueue.posts.ideas.references import opening_reference

    ref = opening_reference("Un altro passaggio importante è l’esfoliazione, utile per la pelle.", "it")
    assert ref is not None and ref.words.lower().startswith("un altro")
    assert opening_reference("Un’altra buona abitudine è bere molta acqua ogni giorno.", "it") is not None
    assert opening_reference("Il passaggio più importante è la detersione della pelle.", "it") is None
