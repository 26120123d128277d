"""Idea units: what an editor keeps together, and how it lies on cards."""

from __future__ import annotations

import pytest
from tipqueue.config.settings import Settings
from tipqueue.posts.article import parse_article
from tipqueue.posts.ideas.units import article_ideas
from tipqueue.posts.split import tip_slides

INTRO = "An introduction that the cover carries, nothing more than that."


def _ideas(text: str, max_chars: int = 200) -> list:  # type: ignore[type-arg]
    return [i for i in article_ideas(parse_article(text), max_chars=max_chars) if not i.lead]


def test_a_list_of_fragments_is_one_carousel_with_its_lead_in_on_the_title_card() -> None:
    """ "Avoid:" stayed behind and "Physical scrubs" was posted alone, reading as a recommendation."""
    ideas = _ideas(
        f"Gentle exfoliation\n\n{INTRO}\n\nAvoid:\n- Physical scrubs\n- Hot water\n- Fragrance\n- Loofahs\n"
    )
    assert len(ideas) == 1
    idea = ideas[0]
    assert (idea.kind, idea.sentences[0], idea.title_card, idea.items) == ("list", "Avoid:", 1, (1, 1, 1, 1))
    slides = tip_slides(idea.tip(), 200)
    assert slides == ["Avoid:", "Physical scrubs\nHot water\nFragrance\nLoofahs"]


def test_one_word_items_never_become_posts_of_their_own() -> None:
    ideas = _ideas(
        f"Skin types\n\n{INTRO}\n\nSkin types:\n\n- Oily\n- Dry\n- Combination\n- Sensitive\n- Normal\n"
    )
    assert [i.kind for i in ideas] == ["list"]
    assert "Oily" in ideas[0].sentences and "Normal" in ideas[0].sentences


def test_full_sentence_items_are_separate_ideas_that_carry_the_lead_in() -> None:
    ideas = _ideas(
        f"Night care\n\n{INTRO}\n\nBefore bed:\n\n"
        "- Take off every trace of make-up with a gentle cleanser.\n"
        "- Apply your retinoid to dry skin, a pea-sized amount for the whole face.\n"
        "- Finish with a plain moisturiser to calm any dryness.\n"
    )
    assert [i.kind for i in ideas] == ["item", "item", "item"]
    assert ideas[0].sentences[0] == "Before bed:" and ideas[0].title_card == 1
    assert [i.context for i in ideas] == [None, "Before bed:", "Before bed:"]
    assert tip_slides(ideas[0].tip(), 200)[0] == "Before bed:"


@pytest.mark.parametrize(
    "lead",
    [
        "Here are some of the most harmful things you can do when you have acne:",
        "Eczema care starts with your dermatologist. Follow these measures:",
        "Da mụn rất dễ kích ứng. Vì vậy:",
    ],
)
def test_items_posted_one_by_one_leave_out_a_lead_in_that_announces_the_list(lead: str) -> None:
    ideas = _ideas(
        f"Acne care\n\n{INTRO}\n\n{lead}\n\n"
        "- Take off every trace of make-up with a gentle cleanser.\n"
        "- Apply your retinoid to dry skin, a pea-sized amount for the whole face.\n"
        "- Finish with a plain moisturiser to calm any dryness.\n"
    )
    assert [i.kind for i in ideas] == ["item", "item", "item"]
    assert ideas[0].sentences[0].startswith("Take off") and ideas[0].title_card == 0
    assert [i.context for i in ideas] == [None, None, None]


def test_a_question_and_its_answer_are_one_idea_with_the_question_on_the_first_card() -> None:
    """ "Why would oily skin need a moisturiser?" and "Well, because..." landed in two posts."""
    ideas = _ideas(
        f"Oily skin\n\n{INTRO}\n\nQ: Why would oily skin need a moisturiser?\n\n"
        "A: Well, because stripped skin makes more oil. A light gel moisturiser keeps the barrier calm.\n"
    )
    assert len(ideas) == 1 and ideas[0].kind == "qa" and ideas[0].title_card == 1
    slides = tip_slides(ideas[0].tip(), 200)
    assert slides[0].startswith("Q: Why would oily skin need a moisturiser?")
    assert "Well, because" in slides[1]


def test_an_instruction_and_its_follow_up_stay_together_across_paragraphs() -> None:
    ideas = _ideas(
        f"Calming irritated skin\n\n{INTRO}\n\n"
        "Pause every product except a plain cleanser and moisturiser for a week, and keep a note of how your "
        "skin feels each morning. Redness that fades in a few days points at one of the products you paused.\n\n"
        "If your skin calms down, bring them back one by one, a week apart, so you can tell which one it was. "
        "Start with the product you would miss most.\n\n"
        "Sunscreen is the one product you never pause: wear it every morning, even on cloudy days, "
        "and reapply it outdoors every two hours.\n"
    )
    texts = [i.text for i in ideas]
    assert any("Pause every product" in t and "bring them back one by one" in t for t in texts), texts
    assert ideas[-1].text.startswith("Sunscreen is the one product") and ideas[-1].merged == 0


def test_a_heading_with_short_paragraphs_is_one_idea() -> None:
    ideas = _ideas(
        f"Notes\n\n{INTRO}\n\nLip care\n\nLips have no oil glands of their own.\n\n"
        "A balm with petrolatum seals in water overnight.\n\nSunscreen\n\n"
        "Wear sunscreen every day, rain or shine, on every part of the face.\n"
    )
    assert [(i.kind, i.section) for i in ideas] == [("section", "Lip care"), ("paragraph", "Sunscreen")]


def test_a_long_paragraph_is_cut_into_even_ideas_of_whole_sentences() -> None:
    sentences = [
        "Sunscreen is the step that protects every other step of a routine.",
        "Apply a full teaspoon to the face and neck each morning.",
        "Reapply every two hours outdoors, and after swimming.",
        "Retinol at night speeds up cell turnover over a few months.",
        "Start with two nights a week and add more as your skin allows.",
        "Niacinamide calms redness and suits almost every skin type.",
        "A gentle cleanser that does not foam keeps the barrier intact.",
        "Hot water strips oil, so wash with lukewarm water instead.",
        "Moisturiser works best on damp skin, right after washing.",
        "Exfoliating acids belong in the evening, never with retinol.",
        "Patch-test any new product behind the ear for three days.",
        "Vitamin C in the morning adds a second line of defence.",
        "Pillowcases collect oil, so change them twice a week.",
        "Sleep and water matter more than any serum on the shelf.",
    ]
    ideas = _ideas(f"Long\n\n{INTRO}\n\n" + " ".join(sentences) + "\n", max_chars=200)
    assert len(ideas) >= 2
    assert [s for i in ideas for s in i.sentences] == sentences
    sizes = [len(i.sentences) for i in ideas]
    assert max(sizes) - min(sizes) <= 1  # even parts, no lone last sentence
    for idea in ideas:
        slides = tip_slides(idea.tip(), 200)
        assert 1 <= len(slides) <= 3 and all(s.endswith(".") for s in slides)


def test_ideas_never_cross_a_section() -> None:
    ideas = _ideas(
        f"Two topics\n\n{INTRO}\n\nCleansing\n\nWash with lukewarm water, never hot.\n\n"
        "Moisturising\n\nThey work best on damp skin, within a minute of washing.\n"
    )
    assert [i.section for i in ideas] == ["Cleansing", "Moisturising"]
    assert ideas[1].reference is not None and ideas[1].reference.antecedent == "the heading “Moisturising”"


def test_closing_announcements_are_ideas_of_their_own_and_never_tips() -> None:
    """ "However, there are a few steps you can take." then "Here's how ...": both announce steps
    that are in other posts, so the idea before them is posted without them."""
    ideas = _ideas(
        f"Acne care\n\n{INTRO}\n\nWhy it matters\n\nAcne can hurt your confidence. It can be painful too. "
        "However, there are a few steps you can take to clear it up. "
        "Here’s how to build a routine, based on what dermatologists advise.\n"
    )
    assert [i.kind for i in ideas] == ["paragraph", "announcement"]
    assert ideas[0].sentences == ("Acne can hurt your confidence.", "It can be painful too.")
    assert ideas[1].sentences[0].startswith("However, there are a few steps")


def test_a_count_pointing_at_the_list_before_joins_that_list() -> None:
    """ "target all 4 factors" was posted alone, pointing at a list in another post."""
    ideas = _ideas(
        f"Acne\n\n{INTRO}\n\nWhy it happens\n\nAcne forms when:\n- Oil clogs pores\n- Dead cells build up\n"
        "- Bacteria multiply\n- Inflammation worsens\n\nYour routine should target all 4 factors gently.\n"
    )
    assert len(ideas) == 1
    slides = tip_slides(ideas[0].tip(), 200)
    assert slides[-1].endswith("Your routine should target all 4 factors gently.")


def test_a_count_with_no_such_list_before_is_flagged_not_merged() -> None:
    ideas = _ideas(
        f"Acne\n\n{INTRO}\n\nWhy it happens\n\nAcne forms when:\n- Oil clogs pores\n- Bacteria multiply\n\n"
        "Your routine should target all 4 factors gently.\n"
    )
    assert ideas[-1].sentences == ("Your routine should target all 4 factors gently.",)
    assert ideas[-1].reference is not None and "all 4 factors" in ideas[-1].reference.words


def test_labelled_paragraphs_are_one_carousel_with_their_lead_in() -> None:
    """ "Red:", "Blue:" were posted one colour a post, without the line that says what they are."""
    ideas = _ideas(
        f"LED masks\n\n{INTRO}\n\nWhat the colours do\n\nEach colour reaches a different depth of the skin:\n\n"
        "Red: Boosts collagen and calms redness in the skin of the face over several weeks of use.\n\n"
        "Blue: Kills the acne bacteria that live on the surface of the skin and calms breakouts.\n\n"
        "Near-infrared: Reaches deeper than any other colour and helps scars heal after treatments.\n\n"
        "How often\n\nUse the mask three times a week for ten minutes.\n"
    )
    assert [i.kind for i in ideas] == ["list", "paragraph"]
    slides = tip_slides(ideas[0].tip(), 200)
    assert slides[0] == "Each colour reaches a different depth of the skin:"
    assert slides[1].startswith("Red: ") and any(s.startswith("Near-infrared: ") for s in slides)


def test_one_labelled_paragraph_stays_a_paragraph() -> None:
    ideas = _ideas(
        f"Winter\n\n{INTRO}\n\nCare\n\nTip: Use a richer cream at night when the air is dry.\n\n"
        "Drink enough water during the day, even when it is cold outside.\n"
    )
    assert all(i.kind != "list" for i in ideas)


def test_labelled_lines_after_a_list_join_it_instead_of_standing_alone() -> None:
    """ "Frequency: Twice daily (morning and night)" was a post of its own, saying nothing alone."""
    ideas = _ideas(
        f"Routine\n\n{INTRO}\n\nCleansing\n\nHow to cleanse:\n\n1. Wet face with lukewarm water\n"
        "2. Apply cleanser with fingertips\n3. Rinse thoroughly\n\n"
        "Frequency: Twice daily (morning and night)\n\nWarning: Over-cleansing strips natural oils\n"
    )
    assert len(ideas) == 1
    slides = tip_slides(ideas[0].tip(), 200)
    assert "Frequency: Twice daily (morning and night)" in "\n".join(slides)
    assert slides[0] == "How to cleanse:"


def test_a_quote_continued_after_its_quote_marks_joins_the_quote_it_continues() -> None:
    """ "«...», poursuit le spécialiste" read alone is the middle of a quote begun in another post."""
    ideas = _ideas(
        "La peau en hiver\n\nLe froid assèche la peau de tout le monde, et chacun le sent bien.\n\n"
        "L'hiver, la peau tiraille. « Le chauffage donne une peau sèche », explique Anne Drey, dermatologue.\n\n"
        "Les âges diffèrent. « Les adolescents ont la peau grasse », poursuit le spécialiste. "
        "« Les enfants ont la peau sèche. »\n\n"
        "Buvez de l'eau tout au long de la journée, même quand vous n'avez pas soif.\n"
    )
    quoted = [i for i in ideas if "poursuit le spécialiste" in i.text]
    assert len(quoted) == 1 and "Le chauffage donne une peau sèche" in quoted[0].text


def test_a_quote_continued_from_another_section_is_flagged_as_such_not_as_leaning_on_its_heading() -> None:
    ideas = _ideas(
        "Sept conseils\n\nDeux dermatologues donnent leurs conseils pour la peau.\n\n"
        "L'ombre\n\nLa dermatologue Anne Drey préconise : « La priorité, c'est l'ombre. »\n\n"
        "Le lycra\n\nLa dermatologue poursuit : « Le lycra protège bien la peau des enfants. »\n"
    )
    last = ideas[-1]
    assert last.reference is not None and last.reference.words == "poursuit"
    assert "earlier paragraph" in last.reference.antecedent and "heading" not in last.reference.antecedent


def test_a_one_word_label_inside_a_long_paragraph_opens_a_part_and_never_ends_one() -> None:
    first = [
        "Moisturizers.",
        "The most important treatment for eczema is the use of moisturizers every single day.",
        "Avoid drying soaps, such as antibacterial or deodorant soaps, when you wash your hands.",
        "After a bath or shower, pat the skin dry and apply a good moisturizing cream at once.",
        "For very irritated areas, use a mild cortisone cream before applying the moisturizer.",
        "Reapply moisturizer as often as needed, especially after washing your hands.",
    ]
    second = [
        "Protect.",
        "Avoid things that make your skin break out, such as harsh soaps and wetness.",
        "Wear cotton gloves for housework and clothes made of cotton all day.",
    ]
    ideas = _ideas(f"Eczema\n\n{INTRO}\n\n" + " ".join(first + second) + "\n", max_chars=200)
    assert [s for i in ideas for s in i.sentences] == first + second
    assert all(i.sentences[-1] != "Protect." for i in ideas)
    assert any(i.sentences[0] == "Protect." for i in ideas)


def test_a_lead_in_announcing_a_list_over_its_one_item_is_not_posted_with_it(settings: Settings) -> None:
    """ "Here are things that can really help:" over the one item a cut page kept promises a list
    the post does not hold: the item is the tip, the lead-in an unused announcement."""
    from tipqueue.posts.series import make_plan

    text = (
        "Teen acne\n\nTeen acne is common and can leave scars when it is not treated.\n\n"
        "What To Avoid\n\nDon't pick your pimples: popping them pushes bacteria deeper into the skin.\n\n"
        "What To Do\n\nHere are things that can really help with teen acne:\n\n"
        "- Get help if you need it. A dermatologist can guide you and prescribe treatment if necessary.\n"
    )
    plan = make_plan(parse_article(text), settings)
    texts = [t.text for t in plan.tips if not t.lead]
    assert any(t.startswith("Get help if you need it.") for t in texts)
    assert not any("Here are things" in t for t in texts)
    assert any("Here are things" in u.text for u in plan.unused)
