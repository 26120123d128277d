"""The caption's first line, counts and languages, as a reader of the post sees them."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from tipqueue.config.settings import Settings, load_settings
from tipqueue.posts.article import parse_article
from tipqueue.posts.caption_lines import caption_lines, shipped_languages
from tipqueue.posts.hooks import (
    _BARE_LABEL,
    _INNER_ANSWER,
    _QA_LABEL,
    HOOK_MAX_CHARS,
    is_filler,
    short_aside,
    tip_hook,
    without_label,
)
from tipqueue.posts.models import PostKind
from tipqueue.posts.rubric import series_flags
from tipqueue.posts.series import build_series, review_markdown

LONG = (
    "If you have oily skin and you have been told for years that moisturiser will only make it "
    "worse, you may be surprised to hear that skipping it makes your skin produce even more oil."
)


def test_a_long_first_sentence_is_never_cut_by_a_line_break() -> None:
    hook = tip_hook([LONG, "Pick a light gel."], section=None)
    assert hook.line == LONG and hook.rest == ("Pick a light gel.",)


def test_a_long_first_sentence_under_a_heading_gets_the_heading_as_its_hook() -> None:
    hook = tip_hook([LONG], section="Oily skin needs moisture too")
    assert hook.line == "Oily skin needs moisture too" and hook.rest == (LONG,)


def test_a_sentence_pointing_back_gets_the_heading_on_its_own_line_not_glued_in_front() -> None:
    hook = tip_hook(["These sound great, don't they.", "They are."], section="Home gadgets")
    assert hook.line == "Home gadgets"
    assert hook.rest == ("These sound great, don't they.", "They are.")


def test_the_idea_title_or_question_is_the_hook() -> None:
    hook = tip_hook(
        ["Why would oily skin need a moisturiser?", "Because dry skin makes oil."], title_sentences=1
    )
    assert hook.line == "Why would oily skin need a moisturiser?"
    assert hook.rest == ("Because dry skin makes oil.",)


@pytest.mark.parametrize(
    "filler", ["OK.", "Well.", "Okay!", "So...", "Also gut.", "Bueno.", "Allora.", "Bon."]
)
def test_a_filler_is_never_the_hook(filler: str) -> None:
    assert is_filler(filler)
    hook = tip_hook([filler, "Rinse with lukewarm water."])
    assert hook.line == "Rinse with lukewarm water."


def test_a_question_label_is_not_part_of_the_hook() -> None:
    assert tip_hook(["Q.", "Why does my skin sting?", "Because."]).line == "Why does my skin sting?"
    hook = tip_hook(["Question: Should I moisturise in winter?", "Answer: Yes."])
    assert hook.line == "Should I moisturise in winter?"


def test_bare_question_and_answer_labels_leave_the_caption() -> None:
    hook = tip_hook(
        ["Q.", "Does sweat wash my cream off?", "A.", "No, once absorbed it stays."], title_sentences=2
    )
    assert hook.line == "Does sweat wash my cream off?"
    assert hook.rest == ("No, once absorbed it stays.",)


def test_a_heading_question_the_post_does_not_take_up_is_not_its_hook() -> None:
    """ "How does acne form?" over a post about the antibiotics myth read as a wrong promise."""
    sentences = ["A common myth is that acne is an infection that antibiotics cure in a few days."]
    hook = tip_hook(sentences, section="Acne background — How does acne form?", prefer_heading=True)
    assert hook.line == sentences[0]
    answered = ["Acne forms when oil and dead cells clog a pore."]
    assert (
        tip_hook(answered, section="How does acne form?", prefer_heading=True).line == "How does acne form?"
    )


def test_a_heading_that_points_at_nothing_is_not_the_hook() -> None:
    sentences = ["Storing serums in a cool place extends their shelf life."]
    hook = tip_hook(
        sentences, section="Can I keep It in the Refrigerator?", prefer_heading=True, language="en"
    )
    assert hook.line == sentences[0]


def test_a_short_heading_the_post_never_takes_up_is_a_label_not_the_hook() -> None:
    advice = ["Avoid things that make your face red or flushed.", "These include hot drinks and spicy foods."]
    hook = tip_hook(advice, section="Home care", prefer_heading=True, language="en")
    assert hook.line == advice[0] and hook.source == "sentence"
    # a heading whose words the post says is its title, and stays the hook
    covered = ["Choose clothes that cover the shoulders.", "A T-shirt protects more than a tank top."]
    assert tip_hook(covered, section="Covering clothes", prefer_heading=True, language="en").line == (
        "Covering clothes"
    )


def test_numbered_headings_lose_their_number_as_hooks() -> None:
    hook = tip_hook(
        ["Eincremen hilft, denn Seifen stören den Schutzfilm der Haut."],
        section="2. Muss ich mich eincremen?",
        prefer_heading=True,
    )
    assert hook.line == "Muss ich mich eincremen?"
    assert (
        tip_hook(
            ["Un tee-shirt protège les épaules."], section="3 - Mettre un tee-shirt", prefer_heading=True
        ).line
        == "Mettre un tee-shirt"
    )


def test_a_sentence_made_heading_is_not_used_as_a_hook() -> None:
    hook = tip_hook(
        ["Exposing them may dry you out."],
        section="Basically, buffing them away causes issues.",
        prefer_heading=True,
    )
    assert hook.line == "Exposing them may dry you out."


def test_real_sentences_are_not_fillers() -> None:
    assert not is_filler("Well-moisturised skin heals faster.")
    assert not is_filler("No fragrance.")  # a headline-like sentence, not an interjection


words = st.text(alphabet=st.characters(codec="utf-8", categories=("L",)), min_size=1, max_size=14)
sentence = st.lists(words, min_size=1, max_size=40).map(lambda ws: " ".join(ws) + ".")


@hsettings(max_examples=150, deadline=None)
@given(
    st.lists(sentence, min_size=1, max_size=6),
    st.one_of(st.none(), st.lists(words, min_size=1, max_size=5).map(" ".join)),
)
def test_the_hook_is_a_whole_sentence_or_the_heading_and_nothing_is_said_twice(
    sentences: list[str], section: str | None
) -> None:
    # Q&A labels ("Q.", "A: ...") have their own examples above
    assume(
        not any(_BARE_LABEL.fullmatch(s) or _QA_LABEL.match(s) or _INNER_ANSWER.search(s) for s in sentences)
    )
    hook = tip_hook(sentences, section=section)
    expected = [" ".join(s.split()) for s in sentences]
    expected[0] = without_label(expected[0])
    while len(expected) > 1 and (is_filler(expected[0]) or short_aside(expected[0])):
        expected.pop(0)  # a filler opening or a short aside stays on the cards, out of the caption
    assert hook.line == expected[0] or hook.line == section
    # the caption (hook + rest) says every other sentence of the tip once, in order
    said = ([] if hook.line == section and hook.line != expected[0] else [hook.line]) + list(hook.rest)
    assert said == expected
    if hook.line == section:
        assert len(section) <= HOOK_MAX_CHARS


def _article(n_tips: int, *, language: str | None = None, tip: str = "Wear sunscreen every morning.") -> str:
    body = "\n\n".join(f"{tip} Tip number {i} is about skin {i}." for i in range(n_tips))
    return f"Skin basics\n\nAn opening paragraph about skin.\n\n{body}\n\nTell us your favourite in the comments.\n"


@pytest.mark.parametrize("tips", [1, 2, 3, 7])
def test_the_cover_promises_the_real_number_of_tips(settings: Settings, tips: int) -> None:
    posts = build_series(parse_article(_article(tips)), settings)
    n = sum(p.kind is PostKind.TIP for p in posts)
    cover = posts[0].caption
    if n == 1:
        assert "One tip from this article follows in the next post." in cover
    else:
        assert f"{n} tips from this article follow, one per post." in cover
    assert "next" not in cover or n == 1
    article = parse_article(_article(tips))
    assert not any(f.code == "count_grammar" for fl in series_flags(posts, article).values() for f in fl)


def test_swipe_lines_are_grammatical(settings: Settings) -> None:
    lines = caption_lines("en")
    assert lines.swipe(1) == ""
    assert lines.swipe(2) == "Swipe through both cards."
    assert lines.swipe(3) == "Swipe through all 3 cards."
    long = " ".join(f"Sentence {i} explains one more useful thing about skin barriers." for i in range(9))
    posts = build_series(parse_article(f"Title here\n\nOpening words here.\n\n{long}\n"), settings)
    tip = next(p for p in posts if p.kind is PostKind.TIP)
    n = len(tip.slides)
    assert n >= 2
    assert ("Swipe through both cards." if n == 2 else f"Swipe through all {n} cards.") in tip.caption
    assert "all 2 cards" not in tip.caption


@pytest.mark.parametrize(
    ("language", "swipe", "tip"),
    [
        ("de", "Wische durch beide Karten.", "Tipp 1/"),
        ("fr", "Faites défiler les deux cartes.", "Conseil 1/"),
        ("es", "Desliza para ver las dos tarjetas.", "Consejo 1/"),
        ("it", "Scorri entrambe le schede.", "Consiglio 1/"),
        ("vi", "Vuốt để xem cả hai thẻ.", "Mẹo 1/"),
    ],
)
def test_caption_lines_follow_the_article_language(language: str, swipe: str, tip: str) -> None:
    lines = caption_lines(language)
    assert not lines.fallback
    assert lines.swipe(2) == swipe
    assert lines.line("tip_footer", label="1/3", title="T").startswith(tip)
    assert "{" not in lines.series(4, "A") and "4" in lines.series(4, "A")


def test_every_shipped_language_has_every_line() -> None:
    en = caption_lines("en").lines
    assert set(shipped_languages()) >= {"en", "de", "fr", "es", "it", "vi"}
    for code in shipped_languages():
        assert set(caption_lines(code).lines) == set(en)
        assert caption_lines(code).lines["swipe_two"] != en["swipe_two"] or code == "en"


def test_a_german_article_gets_german_captions_and_disclaimer(settings: Settings) -> None:
    text = (
        "Hautpflege im Winter\n\nIm Winter braucht die Haut mehr Pflege als im Sommer.\n\n"
        "Cremen Sie sich nach dem Duschen sofort ein, solange die Haut noch feucht ist.\n\n"
        "Verwenden Sie eine reichhaltige Creme ohne Duftstoffe für die Nacht.\n\n"
        "Erzählen Sie uns in den Kommentaren, welche Creme Sie verwenden.\n"
    )
    posts = build_series(parse_article(text, language="de"), settings)
    tips = sum(p.kind is PostKind.TIP for p in posts)
    expected = (
        "Ein Tipp aus diesem Artikel folgt im nächsten Beitrag."
        if tips == 1
        else f"{tips} Tipps aus diesem Artikel folgen, einer pro Beitrag."
    )
    assert expected in posts[0].caption
    assert "Tipp 1/" in posts[1].caption
    assert "Allgemeine Information, keine medizinische Beratung." in posts[1].caption
    assert "Educational content" not in "".join(p.caption for p in posts)


def test_an_unsupported_language_falls_back_to_english_with_a_review_warning(settings: Settings) -> None:
    text = "Huidverzorging\n\nEen openingsalinea.\n\nSmeer elke ochtend zonnebrandcrème op je gezicht.\n"
    article = parse_article(text, language="nl")
    posts = build_series(article, settings)
    assert caption_lines("nl").fallback
    assert "Tip 1/" in posts[1].caption
    review = review_markdown(posts, article, {})
    assert "Caption lines in English" in review and "(nl)" in review


def test_a_workspace_can_reword_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "templates" / "captions"
    folder.mkdir(parents=True)
    (folder / "en.toml").write_text('swipe_other = "Swipe for all {n}."\n', encoding="utf-8")
    lines = caption_lines("en", tmp_path)
    assert lines.swipe(4) == "Swipe for all 4." and lines.swipe(2) == "Swipe through both cards."


def test_a_bad_workspace_line_is_one_clear_error(tmp_path: Path) -> None:
    from tipqueue.config.errors import CardError

    folder = tmp_path / "templates" / "captions"
    folder.mkdir(parents=True)
    (folder / "de.toml").write_text('swipe_other = "Alle {count} Karten"\n', encoding="utf-8")
    with pytest.raises(CardError, match=r"de\.toml: swipe_other uses \{count\}"):
        caption_lines("de", tmp_path)


def test_emoji_shortcodes_in_the_article_become_emoji_in_the_caption(settings: Settings) -> None:
    text = (
        "Glow tips\n\nAn opening paragraph.\n\nUse a gentle cleanser at night to keep skin calm :sparkles:\n\n"
        "Apply sunscreen every morning, rain or shine :sun_with_face: :+1:\n"
    )
    posts = build_series(parse_article(text), settings)
    joined = "\n".join(p.caption for p in posts)
    assert "✨" in joined and "🌞" in joined and "👍" in joined
    assert ":sparkles:" not in joined and ":+1:" not in joined


def test_a_workspace_settings_file_does_not_break_language_lines(tmp_path: Path) -> None:
    (tmp_path / "tipqueue.toml").write_text('disclaimer = "Ask your dermatologist."\n', encoding="utf-8")
    settings = load_settings(tmp_path, environ={})
    text = "Haut\n\nEinleitung hier.\n\nCremen Sie sich nach dem Duschen ein, solange die Haut feucht ist.\n"
    posts = build_series(parse_article(text, language="de"), settings)
    assert "Ask your dermatologist." in posts[1].caption  # the staff's own disclaimer is kept as written


def test_a_lists_items_stand_on_their_own_lines_in_the_caption(settings: Settings) -> None:
    text = (
        "Cleanser basics\n\nA few words first about cleansing the face.\n\n"
        "What to look for in a cleanser:\n- Non-comedogenic\n- Fragrance-free\n- Salicylic acid\n\n"
        "Which cleanser do you use? Tell us in the comments.\n"
    )
    posts = build_series(parse_article(text), settings)
    tip = next(p for p in posts if p.kind is PostKind.TIP and "Fragrance-free" in p.quote)
    assert "• Non-comedogenic\n• Fragrance-free\n• Salicylic acid" in tip.caption


def test_a_title_guessed_from_the_file_name_is_not_quoted_in_tip_captions(
    settings: Settings, tmp_path: Path
) -> None:
    from tipqueue.posts.article import read_article

    path = tmp_path / "clinic_notes-winter.txt"
    path.write_text(
        "moisturise right after the shower while the skin is still damp.\n\n"
        "swap hot showers for lukewarm ones, because hot water strips the skin's oils.\n",
        encoding="utf-8",
    )
    article = read_article(path)
    assert article.title_guessed
    posts = build_series(article, settings)
    for post in posts[1:]:
        assert article.title not in post.caption
    tips = [p for p in posts if p.kind is PostKind.TIP]
    assert tips and all(f"Tip {p.series_label}" in p.caption for p in tips)


def test_the_cta_says_reply_in_the_comments_only_when_its_question_does_not(settings: Settings) -> None:
    asked = build_series(parse_article(_article(2)), settings)[-1]
    assert "comments" in asked.quote and "we read every answer" not in asked.caption
    text = "Skin basics\n\nOpening words.\n\nWear sunscreen every morning.\n\nWhich sunscreen do you wear every day?\n"
    cta = build_series(parse_article(text), settings)[-1]
    if "comment" not in cta.quote.lower():
        assert "Reply in the comments: we read every answer." in cta.caption


def test_a_marker_in_front_of_a_heading_question_keeps_it_the_hook() -> None:
    sentences = ["Do you want the long or the short answer to that question?", "Free radicals are unstable."]
    hook = tip_hook(sentences, section="So, What Are Free Radicals?", prefer_heading=True, language="en")
    assert hook.line == "So, What Are Free Radicals?"


@pytest.mark.parametrize(
    ("language", "lead_in", "items", "heading"),
    [
        (
            "en",
            "Inflammatory:",
            ["Papules (red bumps)", "Cysts (deep, pus-filled lumps)"],
            "Understanding Acne Types",
        ),
        (
            "es",
            "Basados en evidencia científica:",
            ["Niacinamida: reduce la melanina.", "Ácido azelaico: efectivo en melasma."],
            "Activos despigmentantes que funcionan",
        ),
        ("fr", "Bien tolérés :", ["Le zinc apaise.", "La niacinamide calme."], "Les actifs contre l'acné"),
        ("de", "Am Abend:", ["Retinol dünn auftragen.", "Danach eincremen."], "Retinol richtig anwenden"),
    ],
)
def test_a_bare_lead_in_gives_way_to_its_heading_as_the_hook(
    language: str, lead_in: str, items: list[str], heading: str
) -> None:
    hook = tip_hook([lead_in, *items], section=heading, title_sentences=1, language=language)
    assert hook.line == heading
    assert hook.rest == (lead_in, *items)  # the lead-in still opens the list in the caption


def test_a_lead_in_naming_what_its_items_say_stays_the_hook() -> None:
    items = ["Apply cleanser with fingertips.", "Rinse with lukewarm water."]
    hook = tip_hook(["How to cleanse:", *items], section="Step 1: Gentle Cleansing", title_sentences=1)
    assert hook.line == "How to cleanse:" and hook.rest == tuple(items)


@pytest.mark.parametrize(
    ("lead_in", "heading", "hook_line"),
    [
        # the lead-in names what its heading is of, and says more: it opens the post itself
        ("Inflammatory acne:", "Understanding Acne Types", "Inflammatory acne:"),
        # it only repeats a word of its heading: the heading says more
        ("Morning:", "Morning routine", "Morning routine"),
    ],
)
def test_a_lead_in_naming_its_heading_s_subject_is_the_hook(
    lead_in: str, heading: str, hook_line: str
) -> None:
    hook = tip_hook(
        [lead_in, "Papules (red bumps)", "Cysts (deep lumps)"], section=heading, title_sentences=1
    )
    assert hook.line == hook_line


def test_a_bare_lead_in_without_a_heading_stays_the_hook() -> None:
    hook = tip_hook(["Inflammatory:", "Papules.", "Cysts."], section=None, title_sentences=1)
    assert hook.line == "Inflammatory:"


def test_a_how_heading_the_post_does_not_take_up_is_not_its_hook() -> None:
    first = "Don't forget the commonly missed areas: the hairline, the ears and the backs of hands."
    hook = tip_hook(
        [first, "Cover your feet too."], section="How Much Sunscreen to Apply", prefer_heading=True
    )
    assert hook.line == first
    answered = tip_hook(
        ["Use a full teaspoon of sunscreen for the face.", "Apply it evenly."],
        section="How Much Sunscreen to Apply",
        prefer_heading=True,
    )
    assert answered.line == "How Much Sunscreen to Apply"


MISTAKES_DE = (
    "Fünf typische Fehler beim Sonnenschutz\n\n"
    "Sonnencreme schützt die Haut vor UV-Strahlen, wenn man sie richtig verwendet.\n\n"
    "1. Die Tube aus dem Vorjahr verwenden\n\n"
    "Eine offene Tube Sonnencreme sollte innerhalb von sechs Monaten verbraucht werden.\n\n"
    "2. Auf die falsche Stärke setzen\n\n"
    "Mit Lichtschutzfaktor 20 liegt man immer richtig? Falsch! Helle Haut braucht Lichtschutzfaktor 50.\n\n"
    "3. Lauwarm duschen\n\n"
    "Lauwarmes Wasser schont die Haut.\n"
)


def test_a_mistake_heading_in_the_counter_line_is_marked_as_one_to_avoid(settings: Settings) -> None:
    """ "Tipp 2/2 · Auf die falsche Stärke setzen" files the tip under the mistake, as if it were the tip."""
    from tipqueue.posts.models import Tip
    from tipqueue.posts.series_captions import CaptionMaker

    maker = CaptionMaker.for_article(parse_article(MISTAKES_DE, language="de"), settings, [])
    said = ("Helle Haut braucht Lichtschutzfaktor 50.", "Dunklere Haut kommt mit 30 aus.")
    tip = Tip(text=" ".join(said), section="2. Auf die falsche Stärke setzen", position=2, sentences=said)
    caption, _ = maker.tip(tip, "2/3", 1)
    assert "Tipp 2/3 · Zu vermeiden: Auf die falsche Stärke setzen · aus" in caption
    # a heading that names no mistake is named as it is, even in a list of mistakes
    advice = Tip(
        text="Nicht zu lange.", section="3. Lauwarm duschen", position=3, sentences=("Nicht zu lange.",)
    )
    caption, _ = maker.tip(advice, "3/3", 1)
    assert "Zu vermeiden" not in caption


@pytest.mark.parametrize(
    ("heading", "number", "shown"),
    [
        ("Step 2: Moisturizing – Hydrate and Protect", 2, "Moisturizing – Hydrate and Protect"),
        ("💧 Bước 2: Dưỡng ẩm là không thể thiếu", 2, "Dưỡng ẩm là không thể thiếu"),
        ("Schritt 3: Eincremen", 3, "Eincremen"),
        ("Paso 1: Limpieza suave", 1, "Limpieza suave"),
        ("Étape 2 : Hydrater", 2, "Hydrater"),
        ("Passo 4 - Protezione solare", 4, "Protezione solare"),
        ("#1: Emotional Responses", 1, "Emotional Responses"),
        ("The Basic Routine — Step 1: Gentle Cleansing", 1, "The Basic Routine — Gentle Cleansing"),
        ("Step by step to clear skin", None, "Step by step to clear skin"),
        ("Stepping up your SPF", None, "Stepping up your SPF"),
        ("Step 2:", None, "Step 2:"),  # a label alone is no labelled heading
    ],
)
def test_a_headings_step_label_is_found_and_can_be_dropped(
    heading: str, number: int | None, shown: str
) -> None:
    from tipqueue.posts.series_captions import step_number, without_step

    assert step_number(heading) == number
    assert without_step(heading) == shown


ROUTINE = "A simple routine\n\nA routine keeps skin calm.\n\nWash gently twice a day.\n"


def _step_tips(*headings: str) -> list:  # type: ignore[type-arg]
    from tipqueue.posts.models import Tip

    said = ("Pat it on damp skin.", "Skipping it makes skin produce more oil.")
    return [
        Tip(text=" ".join(said), section=h, position=i, sentences=said) for i, h in enumerate(headings, 1)
    ]


def test_step_labels_that_clash_with_the_series_counter_leave_the_caption(settings: Settings) -> None:
    """'Tip 3/4 · Step 2: Moisturizing' counts twice, and not alike: the heading loses its step."""
    from tipqueue.posts.series_captions import CaptionMaker

    article = parse_article(ROUTINE)
    tips = _step_tips("Step 1: Cleansing", "Step 1: Cleansing", "💧 Step 2: Moisturizing")
    maker = CaptionMaker.for_article(article, settings, tips)
    assert maker.drop_steps
    first, _ = maker.tip(tips[0], "1/3", 1)
    assert first.startswith("Cleansing\n")  # the heading as the hook
    caption, _ = maker.tip(tips[1], "2/3", 1)
    assert "Tip 2/3 · Cleansing · from" in caption and "Step 1" not in caption
    caption, _ = maker.tip(tips[2], "3/3", 1)
    assert caption.startswith("Moisturizing\n") and "Step 2" not in caption and "💧" not in caption


def test_step_labels_that_match_the_series_counter_stay(settings: Settings) -> None:
    """A series whose tips are the article's steps in order ('Tip 2/3', 'Step 2: Tone') keeps them."""
    from tipqueue.posts.series_captions import CaptionMaker

    tips = _step_tips("Step 1: Cleanse", "Step 2: Tone", "Step 3: Moisturize", "Why it works")
    maker = CaptionMaker.for_article(parse_article(ROUTINE), settings, tips)
    assert not maker.drop_steps
    caption, _ = maker.tip(tips[1], "2/4", 1)
    assert caption.startswith("Step 2: Tone\n")


def test_a_heading_run_over_every_tip_is_the_pages_headline_and_not_shown(settings: Settings) -> None:
    """'Seasonal care — Signs of dry skin' over every tip is a kicker and the page's first
    heading, not the label of one part: no post shows it, as hook or in the counter line."""
    from tipqueue.posts.series_captions import CaptionMaker, headline_heading

    heading = "Seasonal care — Signs of dry skin"
    tips = _step_tips(heading, heading, heading)
    assert headline_heading(tips) == heading
    maker = CaptionMaker.for_article(parse_article(ROUTINE), settings, tips)
    for n, tip in enumerate(tips, 1):
        caption, _ = maker.tip(tip, f"{n}/3", 1)
        assert "Seasonal care" not in caption and "Signs of dry skin" not in caption
        assert caption.startswith("Pat it on damp skin.")
        assert f"Tip {n}/3 · from" in caption


@pytest.mark.parametrize(
    "headings",
    [
        ("Preventive tips", "Preventive tips"),  # one heading over every tip is a section label
        ("Basics — How acne forms", "Basics — How acne forms", "Cleansing"),  # a run over some tips
        ("Basics — How acne forms",),  # one tip
    ],
)
def test_other_headings_stay_in_the_captions(settings: Settings, headings: tuple[str, ...]) -> None:
    from tipqueue.posts.series_captions import CaptionMaker, headline_heading

    tips = _step_tips(*headings)
    assert headline_heading(tips) is None
    maker = CaptionMaker.for_article(parse_article(ROUTINE), settings, tips)
    caption, _ = maker.tip(tips[-1], f"{len(tips)}/{len(tips)}", 1)
    assert headings[-1] in caption
