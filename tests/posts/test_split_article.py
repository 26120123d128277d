"""Reading articles: structure, boilerplate dropped and reported, the call to action, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from tipqueue.config.errors import ArticleError
from tipqueue.posts.article import parse_article, read_article
from tipqueue.posts.models import BlockKind

FIXTURES = Path(__file__).parent / "fixtures"


def test_bundled_article_structure(bundled_article: Path) -> None:
    article = read_article(bundled_article)
    assert article.title == "Strong Facial Muscles and Facial Exercises. Can they create wrinkles?"
    assert article.author == "Dr. Brandith Irwin"
    assert [s.heading for s in article.sections] == [
        None,
        "Facial exercises",
        "Wrinkles and strong facial muscles",
        "Home treatment gadgets",
    ]
    assert article.slug == "strong-facial-muscles-and-facial-exercises-can"


def test_bundled_article_drops_sign_off_signature_and_see_my_link(bundled_article: Path) -> None:
    article = read_article(bundled_article)
    dropped = {d.text: d.reason for d in article.dropped}
    assert dropped == {
        "See my recommended skincare regimen.": "link to another page",
        "Hope this helps,": "sign-off",
        "Dr. Brandith Irwin": "signature",
    }
    body = " ".join(b.text for s in article.sections for b in s.blocks)
    for text in dropped:
        assert text not in body


def test_bundled_article_call_to_action_is_not_content(bundled_article: Path) -> None:
    article = read_article(bundled_article)
    cta = "If someone has a wonderful one, please do a shout out on my Instagram account."
    assert article.call_to_action == cta
    assert article.call_to_action_section == "Home treatment gadgets"
    assert all(cta not in b.text for s in article.sections for b in s.blocks)


def test_sentences_survive_abbreviations_decimals_ranges_and_quotes() -> None:
    text = (
        "Title\n\nDr. Smith saw 3.5 times more patients in the U.S. last year. "
        "Results take 3-6 months with Botox/Dysport. She said “it works.” 😀 Try it!"
    )
    article = parse_article(text)
    sentences = article.sections[0].blocks[0].sentences
    assert sentences[0] == "Dr. Smith saw 3.5 times more patients in the U.S. last year."
    assert sentences[1] == "Results take 3-6 months with Botox/Dysport."
    assert len(sentences) >= 3


def test_a_time_abbreviation_the_language_does_not_know_ends_no_sentence() -> None:
    text = (
        "Protección solar\n\nEvita el sol directo entre las 10 a.m. y las 4 p.m. "
        "Si tienes que salir, busca la sombra y usa un sombrero."
    )
    sentences = parse_article(text, language="es").sections[0].blocks[0].sentences
    assert sentences == (
        "Evita el sol directo entre las 10 a.m. y las 4 p.m.",
        "Si tienes que salir, busca la sombra y usa un sombrero.",
    )


def test_bullets_and_numbered_steps_are_list_blocks() -> None:
    bullets = read_article(FIXTURES / "bullets.txt")
    kinds = [b.kind for s in bullets.sections for b in s.blocks]
    assert kinds.count(BlockKind.BULLET) == 5
    numbered = read_article(FIXTURES / "numbered.txt")
    steps = [b for s in numbered.sections for b in s.blocks if b.kind is BlockKind.NUMBERED]
    assert [b.text.split()[0] for b in steps] == ["Start", "Apply", "Add", "Use", "Never"]
    assert ("Source link", "syndication footer or share buttons") in {
        (d.text, d.reason) for d in numbered.dropped
    }


def test_markdown_front_matter_headings_lists_and_inline_marks() -> None:
    article = read_article(FIXTURES / "markdown.md")
    assert article.title == "Choosing a Cleanser"
    assert article.author == "Dr. Sam Lee"
    assert [s.heading for s in article.sections] == [None, "For dry skin", "For oily skin"]
    dry = article.sections[1].blocks[0].text
    assert dry.startswith("Pick a cream or milky cleanser.")  # ** and * are gone
    assert article.call_to_action == "What cleanser do you love? Tell us in the comments."
    assert any("code" in d.reason for d in article.dropped)


def test_html_page_keeps_article_drops_menus_share_buttons_and_sign_off() -> None:
    article = read_article(FIXTURES / "page.html")
    assert article.title == "Night Creams: Worth It?"
    assert article.author == "Dr. Ana Ruiz"
    text = " ".join(b.text for s in article.sections for b in s.blocks)
    assert "Home" not in text and "tracking" not in text and "©" not in text
    assert "Facebook" not in text
    reasons = {d.reason for d in article.dropped}
    assert "sign-off" in reasons and "signature" in reasons
    # the share block is outside the page's main content: reported, never posted
    assert any("Facebook" in d.text and d.reason.startswith("page furniture") for d in article.dropped)
    items = [b.text for s in article.sections for b in s.blocks if b.kind is BlockKind.BULLET]
    assert items == ["Ceramides repair the skin barrier.", "Glycerin draws water into the skin."]


def test_no_headings_article_has_one_section_and_drops_syndication_footer() -> None:
    article = read_article(FIXTURES / "no-headings.txt")
    assert [s.heading for s in article.sections] == [None]
    assert len(article.sections[0].blocks) == 3
    assert article.dropped[0].text.startswith("The post Why Sunscreen Matters")


def test_german_article_with_language_keeps_abbreviations_and_finds_request() -> None:
    article = read_article(FIXTURES / "german.txt", language="de")
    first = article.sections[0].blocks[0].sentences
    assert len(first) == 2 and "z. B." in first[1]
    assert article.call_to_action is not None and "Instagram" in article.call_to_action
    assert article.language == "de"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "is empty"),
        (b"   \n\n  ", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks binary"),
        (b"Title\n\n\xff\xfe caf\xe9", "not UTF-8"),
        (b"Only a title", "no text to make tips from"),
    ],
)
def test_bad_input_gets_one_line_article_error(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    with pytest.raises(ArticleError) as info:
        read_article(path)
    assert expected in str(info.value)
    assert "\n" not in str(info.value)
    assert str(path) in str(info.value)


def test_missing_file_and_folder_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="does not exist"):
        read_article(tmp_path / "nope.txt")
    with pytest.raises(ArticleError, match="is a folder"):
        read_article(tmp_path)


@pytest.mark.parametrize(
    ("closing", "language", "author"),
    [
        ("Warm regards,\nDr. Sam Lee", "en", "Dr. Sam Lee"),
        ("Cheers, Anna", "en", "Anna"),
        ("Herzliche Grüße,\nDr. Anna Müller", "de", "Dr. Anna Müller"),
    ],
)
def test_sign_off_and_name_in_one_paragraph_are_dropped_and_name_the_author(
    closing: str, language: str, author: str
) -> None:
    """The usual way to sign a post: the two lines join into one paragraph, which is no tip."""
    text = (
        "# Three habits for calmer skin\n\n"
        "Sunscreen every day matters more than any serum. Apply it generously.\n\n"
        "Retinoids help with fine lines, but start slowly.\n\n"
        "Which home gadget do you love? Tell us in the comments.\n\n"
        f"{closing}\n"
    )
    article = parse_article(text, fmt="markdown", language=language)
    kept = " ".join(b.text for s in article.sections for b in s.blocks)
    assert author not in kept
    assert article.author == author
    assert [d.reason for d in article.dropped] == ["sign-off and signature"]
