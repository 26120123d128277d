"""A named doctor's credit taken off her advice, and a practice speaking of its own work: made-up
sentences in the shapes real articles use (a wire story, a magazine round-up, an interview, a
practice's FAQ page) in en, de, fr, es, it and vi."""

from __future__ import annotations

import pytest
from tipqueue.config.settings import Settings
from tipqueue.posts.article import body_sentences, parse_article
from tipqueue.posts.ideas.attribution import reported_speech, unattributed
from tipqueue.posts.ideas.elsewhere import practice_talk
from tipqueue.posts.series import make_plan
from tipqueue.posts.split import coverage_problems


@pytest.mark.parametrize(
    ("sentences", "said"),
    [
        # the credit after the advice, with the doctor's degrees, title and town
        (
            ["Use a cream cleanser in winter, Dr. Jane Example said."],
            ["Use a cream cleanser in winter."],
        ),
        (
            [
                "“Keep showers short and lukewarm,” says Jane Example, MD, FAAD, a dermatologist in Springfield."
            ],
            ["Keep showers short and lukewarm."],
        ),
        (
            ["Cover the ears too, says Jane Example, MD; most people forget the tops of them."],
            ["Cover the ears too; most people forget the tops of them."],
        ),
        (
            ["„Nach dem Duschen sofort eincremen“, sagt Dermatologin Erika Beispiel."],
            ["Nach dem Duschen sofort eincremen."],
        ),
        (
            ["« Il faut hydrater la peau matin et soir », explique le Dr Anne Exemple."],
            ["Il faut hydrater la peau matin et soir."],
        ),
        (
            ["Il faut choisir une crème sans parfum, précise-t-elle."],
            ["Il faut choisir une crème sans parfum."],
        ),
        (
            ["Conviene aplicar el protector cada dos horas, explica la Dra. Ana Ejemplo."],
            ["Conviene aplicar el protector cada dos horas."],
        ),
        (
            ["Meglio usare una crema ricca la sera, spiega la dottoressa Anna Esempio."],
            ["Meglio usare una crema ricca la sera."],
        ),
        # a credit by the verb of advice, and a credit between dashes inside the sentence
        (
            [
                "Wer seine Haut schützen will, nimmt immer denselben hohen Lichtschutzfaktor, empfiehlt Beispiel."
            ],
            ["Wer seine Haut schützen will, nimmt immer denselben hohen Lichtschutzfaktor."],
        ),
        (
            [
                "La pelle secca in inverno - conclude infatti Esempio - peggiora quando si accendono i caloriferi."
            ],
            ["La pelle secca in inverno peggiora quando si accendono i caloriferi."],
        ),
        (
            ["Le docce calde - evidenzia la dottoressa Anna Esempio - danneggiano la barriera cutanea."],
            ["Le docce calde danneggiano la barriera cutanea."],
        ),
        # a connective before the credit goes with it; "selon elle" goes once her credit is gone
        (
            ["Lastly, Dr. Jane Example said people should still apply sunscreen in winter."],
            ["People should still apply sunscreen in winter."],
        ),
        (
            [
                "Pour la dermatologue Anne Exemple, la priorité est d'hydrater la peau.",
                "Le meilleur moment, selon elle, pour appliquer le soin est après la douche.",
            ],
            [
                "La priorité est d'hydrater la peau.",
                "Le meilleur moment pour appliquer le soin est après la douche.",
            ],
        ),
        # the doctor as the article goes on to call her: her surname, or her role
        (
            ["„Unter sieben Grad arbeiten die Talgdrüsen nicht richtig“, erklärt Muster."],
            ["Unter sieben Grad arbeiten die Talgdrüsen nicht richtig."],
        ),
        (
            ["Try a cream cleanser during the winter, Example said."],
            ["Try a cream cleanser during the winter."],
        ),
        (
            ["Pour la dermatologue, la priorité en hiver est d'hydrater la peau."],
            ["La priorité en hiver est d'hydrater la peau."],
        ),
        (
            ["« Préférez une crème à une lotion », prévient l’experte."],
            ["Préférez une crème à une lotion."],
        ),
        (
            ['Dr. Erika Beispiel von der Hautklinik Musterstadt: "Wer Neurodermitis hat, cremt öfter."'],
            ["Wer Neurodermitis hat, cremt öfter."],
        ),
        (["Example also said hot baths can dry the skin."], ["Hot baths can dry the skin."]),
        # the credit before the advice
        (
            ["According to Dr. Max Sample, sunscreen goes on 15 minutes before swimming."],
            ["Sunscreen goes on 15 minutes before swimming."],
        ),
        (
            ["Dr Max Sample emphasises that treatment keeps the pores clear without scrubbing."],
            ["Treatment keeps the pores clear without scrubbing."],
        ),
        (
            ["Pour la dermatologue Anne Exemple, la priorité en hiver est d'hydrater la peau."],
            ["La priorité en hiver est d'hydrater la peau."],
        ),
        (
            ["Según la Dra. Ana Ejemplo, conviene limpiar la piel con agua tibia."],
            ["Conviene limpiar la piel con agua tibia."],
        ),
        (
            ["Secondo il dottor Marco Esempio, la crema solare va rimessa ogni due ore."],
            ["La crema solare va rimessa ogni due ore."],
        ),
        (
            ["Theo bác sĩ Nguyễn Văn An, nên dùng kem chống nắng mỗi ngày."],
            ["Nên dùng kem chống nắng mỗi ngày."],
        ),
        (
            ['Dermatologe Dr. Max Muster: "Wo die Haut sichtbar ist, erreicht die Sonne sie auch."'],
            ["Wo die Haut sichtbar ist, erreicht die Sonne sie auch."],
        ),
        # a quotation over two sentences loses both its marks
        (
            [
                "Dr. Max Sample says, “Spray sunscreen is convenient.",
                "Most people apply far too little of it.”",
            ],
            ["Spray sunscreen is convenient.", "Most people apply far too little of it."],
        ),
        # her quotation goes on in the next sentence, the same speaker
        (
            [
                "“Some creams are mostly fat,” explains Dr. Max Sample, dermatologist.",
                "“They only slow the loss of water.”",
            ],
            ["Some creams are mostly fat.", "They only slow the loss of water."],
        ),
        # "she said" goes with the named doctor's credit in the same idea
        (
            [
                "Dr. Jane Example also said hot baths dry the skin.",
                '"Keep the water warm, not hot," she said.',
            ],
            ["Hot baths dry the skin.", "Keep the water warm, not hot."],
        ),
        # a surname after "cautions" / "warns", and a credit with "per"
        (['"Less is more with a new retinoid," cautions Example.'], ["Less is more with a new retinoid."]),
        (
            ["Avoid peels for a week after a sunburn, warns Muster."],
            ["Avoid peels for a week after a sunburn."],
        ),
        (
            ["Take care with retinoids if your skin stings in the sun, per Example."],
            ["Take care with retinoids if your skin stings in the sun."],
        ),
        # a form of address before the title, a name the page wrote in lower case, a tip's label
        (
            ["„Creme abends dünn auftragen“, so Frau Dr. Erika Beispiel."],
            ["Creme abends dünn auftragen."],
        ),
        (
            ["„Nach dem Baden gut eincremen“, rät Frau Dr. eva-Maria Beispiel."],
            ["Nach dem Baden gut eincremen."],
        ),
        (
            ["Tipp von Frau Dr. Erika Beispiel: „Eine leichte Lotion reicht im Sommer völlig aus.“."],
            ["Eine leichte Lotion reicht im Sommer völlig aus."],
        ),
        # Vietnamese: "recommends" and "stresses" before the advice
        (
            ["Bác sĩ Minh Example khuyến nghị nên thoa kem chống nắng mỗi sáng."],
            ["Nên thoa kem chống nắng mỗi sáng."],
        ),
        (
            ['Tiến sĩ Lan Example (Hà Nội) nhấn mạnh: "Da khô cần được dưỡng ẩm hằng ngày".'],
            ["Da khô cần được dưỡng ẩm hằng ngày."],
        ),
        # a nurse practitioner's degree, and where she works, after the name
        (
            ["Moisturise twice a day in winter, says Jane Example CNP with the skin clinic of Sometown."],
            ["Moisturise twice a day in winter."],
        ),
    ],
)
def test_the_credit_goes_and_the_advice_stays_word_for_word(sentences: list[str], said: list[str]) -> None:
    out, changes = unattributed(sentences)
    assert list(out) == said
    assert len(changes) >= 1


@pytest.mark.parametrize(
    "sentences",
    [
        # the quote speaks for the doctor's own practice: without her it would be the clinic's
        ["“I recommend a cream with urea,” says Dr. Jane Example."],
        ["Dr. Jane Example says, “We prescribe a retinoid first."],
        ["« Avant tout, l'ombre », dit le Dr Anne Exemple.", "« Nous devons protéger les enfants. »"],
        # the verb needs its subject: "Using ..." would not be a sentence
        ["Dr. Jane Example recommends using a gentle cleanser twice a day."],
        ["Um die Wirkung zu verbessern, empfiehlt Erika Beispiel, zuerst eine Lotion aufzutragen."],
        # "selon elle" with no named credit taken off: she is named elsewhere, the idea stays as it is
        ["Le meilleur moment, selon elle, pour appliquer le soin est après la douche."],
        # the rest of the idea still speaks of her ("rät er"): the credit says who
        [
            "„Unter sieben Grad arbeiten die Talgdrüsen nicht richtig“, erklärt Muster.",
            "Deshalb rät er zu Fettcremes.",
        ],
        # what is left opens with a pronoun for the one credited
        ["Cosrx says they added propolis instead of water to the serum."],
        # no named doctor
        ["Nobody says you must use ten products a day."],
        ["Apply a thin layer twice a day, per the label."],
        ["Dermatologists say you should reapply sunscreen every two hours."],
        ["“Drink enough water,” says my friend Anna."],
    ],
)
def test_the_credit_stays_where_the_advice_cannot_stand_without_it(sentences: list[str]) -> None:
    assert unattributed(sentences) == (tuple(sentences), ())


ROUNDUP = (
    "Winter skin\n\n"
    "Cold air and heating dry the skin out, and a few habits help it through the season.\n\n"
    "For people who use foaming cleansers, try a cream cleanser during the winter, Dr. Jane Example said.\n\n"
    "Apply a broad-spectrum sunscreen with SPF 30 every morning, even on cloudy winter days.\n\n"
    "Choose a fragrance-free moisturiser with ceramides to support the skin barrier.\n"
)


def test_the_tip_says_the_advice_and_the_article_s_ideas_keep_the_credit(settings: Settings) -> None:
    plan = make_plan(parse_article(ROUNDUP), settings)
    tips = [t.text for t in plan.tips]
    assert "For people who use foaming cleansers, try a cream cleanser during the winter." in tips
    assert not any("Jane Example" in t for t in tips)
    assert any("said without its credit" in c.why for c in plan.chosen)
    # coverage: the rewording is within a sentence, the article's ideas are as written
    assert coverage_problems(body_sentences(ROUNDUP), plan.article, plan.ideas, plan.spare) == []


@pytest.mark.parametrize(
    ("language", "text", "words"),
    [
        ("en", "For that reason, we typically recommend rub-on sunscreen lotions.", "we typically recommend"),
        ("en", "Many people ask us this question every summer.", "people ask us"),
        ("en", "For cracked heels we use something called a urea cream.", "we use something"),
        (
            "de",
            "Wir können Kombi-Präparate verschreiben, die schneller wirken.",
            "Wir können Kombi-Präparate verschreiben",
        ),
        (
            "fr",
            "En tant que spécialistes de la peau, nous cherchons les pores dilatés.",
            "En tant que spécialistes",
        ),
        ("es", "Como dermatólogos, vemos esta pregunta cada semana.", "Como dermatólogos"),
        ("it", "Come dermatologi, vediamo spesso pelli disidratate.", "Come dermatologi"),
        ("vi", "Là bác sĩ da liễu, chúng tôi thường gặp da khô.", "Là bác sĩ da liễu, chúng tôi"),
    ],
)
def test_a_practice_speaking_of_its_own_work_is_found(language: str, text: str, words: str) -> None:
    assert practice_talk(text, language) == words


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "We recommend a thick cream at night."),
        ("en", "We all need sunscreen, whatever the weather."),
        ("de", "Wir empfehlen eine reichhaltige Creme am Abend."),
        ("fr", "Nous conseillons une crème riche le soir."),
        # a doctor's own article in the singular speaks in the clinic's voice
        ("es", "En mi consulta, diseño rutinas adaptadas a cada tipo de piel."),
        ("es", "Como dermatóloga, escucho esta pregunta cada semana."),
        ("en", "I've tried many over the years, as have our patients."),
    ],
)
def test_the_clinic_s_plain_we_is_no_practice_talk(language: str, text: str) -> None:
    assert practice_talk(text, language) is None


def test_a_practice_s_own_work_is_not_posted_while_other_ideas_remain(settings: Settings) -> None:
    text = ROUNDUP.replace(
        "For people who use foaming cleansers, try a cream cleanser during the winter, Dr. Jane Example said.",
        "Many people ask us about winter, and we typically recommend a cream cleanser then.",
    )
    plan = make_plan(parse_article(text), settings)
    assert not any("ask us" in t.text for t in plan.tips)
    assert any("a practice speaking of its own work" in u.reason for u in plan.unused)


@pytest.mark.parametrize(
    ("sentences", "verb"),
    [
        (["Zwei bis drei Liter Wasser seien empfehlenswert."], "seien"),
        (["Die Wirkung sei umstritten, die Einnahme könne aber nicht schaden."], "sei"),
        (["Wer unter Neurodermitis leide, der hat oft trockene Haut."], "leide"),
        (["Man müsse die Creme täglich auftragen."], "müsse"),
    ],
)
def test_german_reported_speech_is_found(sentences: list[str], verb: str) -> None:
    assert reported_speech(sentences, "de") == verb


@pytest.mark.parametrize(
    ("sentences", "language"),
    [
        # the indicative, a first person, set phrases and a sentence-opening imperative report nobody
        (["Zwei bis drei Liter Wasser sind empfehlenswert."], "de"),
        (["Ich habe trockene Haut und creme mich täglich ein."], "de"),
        (["Cremen Sie sich täglich ein, es sei denn, die Haut ist entzündet."], "de"),
        (["Sei vorsichtig mit heißem Wasser."], "de"),
        # Italian "sei" is "you are"
        (["Se sei al sole, metti la crema."], "it"),
    ],
)
def test_no_reported_speech_where_nobody_is_reported(sentences: list[str], language: str) -> None:
    assert reported_speech(sentences, language) is None


REPORTED = (
    "Trockene Haut im Winter\n\n"
    "Im Winter leidet die Haut unter Kälte und trockener Heizungsluft.\n\n"
    "Wer trockene Haut hat, sollte nicht zu heiß duschen. „Fünf Minuten reichen völlig aus“, sagt Dr. Erika Beispiel.\n\n"
    "Viel Wasser zu trinken hilft der Haut. „Das ist eine Möglichkeit“, sagt Dr. Beispiel. Zwei Liter am Tag seien empfehlenswert.\n\n"
    "Eine reichhaltige Creme mit Urea schützt die Haut vor dem Austrocknen, besonders nach dem Duschen.\n\n"
    "Tragen Sie auch im Winter Sonnenschutz auf, wenn Sie in die Berge fahren.\n"
)


def test_reported_speech_keeps_its_credit_and_is_not_posted_while_other_ideas_remain(
    settings: Settings,
) -> None:
    plan = make_plan(parse_article(REPORTED), settings)
    tips = [t.text for t in plan.tips]
    assert not any("seien" in t for t in tips)
    assert "Wer trockene Haut hat, sollte nicht zu heiß duschen. Fünf Minuten reichen völlig aus." in tips
    unused = next(u for u in plan.unused if "seien" in u.text)
    assert "sagt Dr. Beispiel" in unused.text
    assert "reports what a doctor said (“seien”)" in unused.reason
