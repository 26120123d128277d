"""The call to action: the article's real question to readers, never a follow-me line."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tipqueue.config.settings import Settings
from tipqueue.posts.article import body_sentences, parse_article
from tipqueue.posts.ideas.cta import FOLLOW, FOLLOW_WORDS, CtaChoice, is_follow_line, request_score
from tipqueue.posts.ideas.references import fold
from tipqueue.posts.models import PostKind
from tipqueue.posts.series import build_series, make_plan
from tipqueue.posts.split import coverage_problems

QUESTION = "Which cooling gadget works for you? Tell me in the comments!"
COOLING = f"""Cooling gadgets for puffy mornings

A cold roller in the morning takes down puffiness around the eyes within minutes.

Keep it in the fridge, not the freezer, so it never sticks to the skin or burns it.

Ice cubes wrapped in a thin cloth do the same job for free, for a minute at a time.

{QUESTION}

Follow me on Instagram for more skincare tips!

xoxo, Jane
"""


def _plan(text: str, settings: Settings):  # type: ignore[no-untyped-def]
    return make_plan(parse_article(text), settings)


def test_the_readers_question_wins_over_a_later_follow_me_line(settings: Settings) -> None:
    """The last sentence mentioning Instagram became the CTA; the real question was posted as a tip."""
    plan = _plan(COOLING, settings)
    assert plan.cta == CtaChoice(
        QUESTION, "article", "", tuple(QUESTION.replace("? ", "?\n").split("\n")), None, plan.cta.score
    )
    posts = build_series(plan, settings)
    assert posts[-1].kind is PostKind.CTA and posts[-1].quote == QUESTION
    tips = " ".join(p.quote for p in posts if p.kind is PostKind.TIP)
    assert "Which cooling gadget" not in tips and "Follow me" not in tips
    dropped = {d.text: d.reason for d in plan.article.dropped}
    assert dropped["Follow me on Instagram for more skincare tips!"].startswith("follow or")
    body = body_sentences(COOLING)
    assert coverage_problems(body, plan.article, plan.ideas, plan.spare) == []


@pytest.mark.parametrize(
    "line",
    [
        "Follow us @glowclinic for daily tips.",
        "Subscribe to our newsletter for more.",
        "Tag us with #glowclinic to be featured!",
        "Don’t forget to follow me on Instagram.",
        "— Jane Doe",
    ],
)
def test_follow_subscribe_tag_and_signature_lines_are_never_the_cta(line: str) -> None:
    assert request_score(line) == 0


@pytest.mark.parametrize(
    ("language", "asked"),
    [
        ("en", "What's your go-to moisturiser? Let me know in the comments."),
        ("en", "If someone has a wonderful one, please do a shout out on my Instagram account."),
        ("de", "Welche Creme nutzt ihr im Winter? Schreibt mir in die Kommentare!"),
        ("fr", "Et vous, quelle crème utilisez-vous ? Dites-le-nous en commentaire."),
        ("es", "¿Qué crema usas tú? Cuéntanos en los comentarios."),
        ("it", "E voi, quale crema usate? Scriveteci nei commenti."),
        ("vi", "Bạn dùng loại kem nào? Hãy chia sẻ trong phần bình luận nhé."),
    ],
)
def test_requests_with_a_reply_verb_score_in_every_language(language: str, asked: str) -> None:
    assert request_score(asked.split("? ")[-1]) >= 3, (language, asked)


def test_with_no_request_the_default_fits_the_topic_and_says_so(settings: Settings) -> None:
    text = COOLING.replace(QUESTION, "Rollers are cheap and last for years.")
    plan = _plan(text, settings)
    assert plan.cta.defaulted and plan.cta.topic == "gadgets"
    assert plan.cta.text == settings.default_cta  # the gadget question is the gadget topic's default
    acne = "Clearer skin\n\nBreakouts need patience.\n\nUse a salicylic acid cleanser for acne, morning and night.\n"
    assert _plan(acne, settings).cta.topic == "acne"
    german = (
        "Pflege im Winter\n\nDie Haut braucht im Winter mehr Fett.\n\n"
        "Trage abends eine reichhaltige Creme auf, damit die trockene Haut über Nacht ausruht.\n"
    )
    plan = _plan(german, settings)
    assert plan.cta.defaulted and plan.cta.text.startswith("Was ist dein bester Hautpflege-Tipp?")


def test_a_request_the_reader_found_is_kept_as_an_unused_idea_when_a_better_one_wins(
    settings: Settings,
) -> None:
    text = (
        "Sunscreen habits\n\nSunscreen every morning prevents most visible ageing.\n\n"
        "Reapply every two hours outdoors, and after swimming or sweating.\n\n"
        "What's your favourite sunscreen? Tell us in the comments.\n\n"
        "More sunscreen talk on my Instagram page.\n"
    )
    article = parse_article(text)
    assert article.call_to_action == "More sunscreen talk on my Instagram page."  # what the reader picks
    plan = make_plan(article, settings)
    assert plan.cta.text == "What's your favourite sunscreen? Tell us in the comments."
    assert plan.spare == ("More sunscreen talk on my Instagram page.",)
    assert plan.unused[-1].reason.startswith("a request to readers")
    assert coverage_problems(body_sentences(text), plan.article, plan.ideas, plan.spare) == []


def test_a_follow_line_inside_a_paragraph_goes_to_the_dropped_report(settings: Settings) -> None:
    text = (
        "Winter\n\nCold air dries skin.\n\nUse a rich cream at night. Be sure to follow our clinic on "
        "Facebook for updates. Reapply lip balm often.\n\nWear gloves outdoors to protect the hands.\n"
    )
    article = parse_article(text)
    assert not article.dropped  # the reader keeps it: it is a sentence inside advice
    plan = make_plan(article, settings)
    assert [(d.text, d.reason) for d in plan.article.dropped] == [
        (
            "Be sure to follow our clinic on Facebook for updates.",
            "follow or subscribe line (never the call to action)",
        )
    ]
    assert all("follow our clinic" not in t.text for t in plan.ideas)
    assert coverage_problems(body_sentences(text), plan.article, plan.ideas, plan.spare) == []


def test_a_question_to_readers_closed_by_a_softer_request_is_the_cta(settings: Settings) -> None:
    """stylegart (corpus): "Wie ist eure Meinung ...? ... Ich freue mich über euer Feedback!" was a tip."""
    closing = (
        "Wie ist denn eure Meinung zum Thema Naturkosmetik? Welche Erfahrungen habt ihr gemacht? "
        "Ich freue mich über euer Feedback!"
    )
    text = (
        "Naturkosmetik\n\nNaturkosmetik verzichtet auf Mineralöle und synthetische Duftstoffe.\n\n"
        f"Achte beim Kauf auf Siegel wie Natrue oder Cosmos, denn sie prüfen die Rohstoffe.\n\n{closing}\n"
    )
    plan = make_plan(parse_article(text), settings)
    assert (plan.cta.source, plan.cta.text) == ("article", closing)
    assert request_score("Your skin gives feedback every day.") == 0


def test_a_question_asking_readers_for_their_own_tips_is_a_request_without_a_reply_verb() -> None:
    """crazy-julia (corpus): "Was sind eure Beauty Tipps für die Braut?" was posted as a tip: no
    reply verb, and "eure" was not read as addressing the readers."""
    assert request_score("Was sind eure Beauty Tipps für die Braut?") >= 3.0
    assert request_score("What are your favourite winter habits?") >= 3.0
    assert request_score("Was ist ein Peeling?") == 0.0
    assert request_score("Why do tips about peels work?") == 0.0


@pytest.mark.parametrize(
    ("text", "opening"),
    [
        (
            "Sonnenschutz im Sommer\n\nWer in die Sonne geht, braucht Schutz. Wissen Sie, wie viel Creme genug ist?\n\n"
            "Tragen Sie jeden Morgen Sonnencreme auf, damit Ihre Haut geschützt bleibt.\n\n"
            "Cremen Sie nach dem Baden erneut ein, denn Wasser wäscht den Schutz ab, auch wenn Sie sich abtrocknen.\n",
            "Was ist Ihr bester Hautpflege-Tipp?",
        ),
        (
            "Hydrater sa peau en hiver\n\nLe froid assèche la peau. Tu sens tes joues tirer ?\n\n"
            "Applique ta crème hydratante sur une peau encore humide après ta douche.\n\n"
            "Choisis un nettoyant doux et garde ton eau tiède, jamais brûlante.\n",
            "Quel est ton meilleur conseil pour la peau ?",
        ),
        (  # "Sie" after a colon opens a sentence ("she"): no polite address
            "Pflege im Winter\n\nEine Creme für den Winter hat eine Eigenschaft: Sie muss reichhaltig sein.\n\n"
            "Trage abends eine reichhaltige Creme auf, damit die trockene Haut über Nacht ausruht.\n",
            "Was ist dein bester Hautpflege-Tipp?",
        ),
    ],
)
def test_a_defaulted_question_speaks_to_readers_as_the_article_does(
    settings: Settings, text: str, opening: str
) -> None:
    """An article that says "Sie" throughout ends on a question that says "Sie", not "du"."""
    plan = _plan(text, settings)
    assert plan.cta.defaulted and plan.cta.text.startswith(opening)


def test_an_article_about_oily_skin_gets_the_oily_skin_question_not_the_sunscreen_one(
    settings: Settings,
) -> None:
    text = (
        "Oily skin, calmer days\n\nOily skin shines by noon, and excess oil clogs pores.\n\n"
        "Wash oily skin twice a day with a gentle foaming cleanser, no more.\n\n"
        "Oily skin still needs sunscreen: choose a matte gel SPF.\n\n"
        "A clay mask once a week draws excess oil out of oily skin.\n"
    )
    plan = _plan(text, settings)
    assert plan.cta.defaulted and plan.cta.topic == "oily skin"
    assert "oily skin" in plan.cta.text


FOLLOW_LINES = [
    "Follow us @glowclinic for daily tips.",
    "And subscribe to our channel.",
    "Sign up for my newsletter!",
    "Join our list for offers.",
    "Tag me in your shelfie!",
    "Use our hashtag to share your routine.",
    "Post with #glowclinic for a chance to win.",
    "Folgt uns auf Instagram!",
    "Abonniere meinen Newsletter.",
    "Suivez-nous sur Instagram.",
    "Abonnez-vous à la newsletter.",
    "Síguenos en Instagram.",
    "Suscríbete a nuestro boletín.",
    "Seguici su Instagram!",
    "Iscriviti alla newsletter.",
    "Hãy theo dõi chúng tôi để nhận thêm mẹo.",
    "Đăng ký kênh để xem thêm.",
]


@pytest.mark.parametrize("line", FOLLOW_LINES)
def test_follow_lines_in_every_language_are_found(line: str) -> None:
    # a sentence is searched only when it holds one of FOLLOW_WORDS: each language's line must
    assert is_follow_line(line)


@given(
    st.lists(
        st.sampled_from(
            [
                *FOLLOW_WORDS,
                "follow me",
                "FOLLOW US",
                "Tag us",
                "’",
                " ",
                "x",
                "#ab to be featured",
                "Sígueme",
            ]
        )
        | st.text(max_size=6),
        max_size=8,
    ).map("".join)
)
def test_the_word_check_in_front_never_changes_what_is_a_follow_line(text: str) -> None:
    assert is_follow_line(text) == bool(FOLLOW.search(fold(text).strip()))
