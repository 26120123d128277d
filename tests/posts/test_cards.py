"""Quote cards: fitting never clips, sizes are the largest that fit, text of every kind renders."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops, ImageFont
from tipqueue.config.errors import CardError, SettingsError
from tipqueue.config.settings import BrandSettings, Settings, bundled_path, load_settings
from tipqueue.posts import cards
from tipqueue.posts.cards import brand as card_brand
from tipqueue.posts.cards import draw as card_draw
from tipqueue.posts.contrast import check_palette, contrast_ratio
from tipqueue.posts.models import Post, PostKind, Slide

BACKGROUND = "#F6F0E8"
QUOTE_BOX = [100, 200, 700, 900]


def make_settings(workspace: Path, **brand: Any) -> Settings:
    return load_settings(workspace, overrides={"brand": brand} if brand else None, environ={})


def quote_only_layout(box: list[int] = QUOTE_BOX, **quote: Any) -> cards.CardLayout:
    """A layout that draws nothing but the quote, so every inked pixel belongs to it."""
    style = {"box": box, "font": "quote", "max_size": 90, "min_size": 30, **quote}
    return cards.layout_from_dict({"width": 800, "height": 1000, "tip": {"quote": style}}, source="test")


def post(text: str, kind: PostKind = PostKind.TIP, label: str = "3/8") -> Post:
    return Post(
        id="t-03", kind=kind, series_label=label, quote=text, caption="c", slides=(Slide(text, "alt"),)
    )


def draw(text: str, layout: cards.CardLayout, settings: Settings) -> cards.RenderedCard:
    kit = cards.brand_kit(settings)
    return cards.draw_card(cards.card_text(post(text), 0, kit), layout, kit)


def ink_box(image: Image.Image, background: str = BACKGROUND) -> tuple[int, int, int, int] | None:
    plain = Image.new("RGB", image.size, background)
    return ImageChops.difference(image.convert("RGB"), plain).getbbox()


def inside(inner: tuple[int, int, int, int], box: list[int] | tuple[int, ...]) -> bool:
    # getbbox's right/bottom are exclusive, like the layout's boxes
    return inner[0] >= box[0] and inner[1] >= box[1] and inner[2] <= box[2] and inner[3] <= box[3]


WORDS = [
    "a",
    "skin",
    "muscles",
    "crow’s",
    "feet",
    "lymphatic",
    "Botox/Dysport",
    "—",
    "“really”",
    "é",
    "Ça",
    "over-relaxing",
    "gadgets,",
    "Wij",
    "jump!",
    "QUALITY",
    "gently",
    "½",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=90),
    box=st.sampled_from([QUOTE_BOX, [40, 40, 760, 300], [300, 100, 500, 980], [20, 500, 780, 980]]),
    align=st.sampled_from(["left", "center", "right"]),
    valign=st.sampled_from(["top", "center", "bottom"]),
)
def test_fitted_text_never_leaves_its_box(
    tmp_path: Path, words: list[str], box: list[int], align: str, valign: str
) -> None:
    settings_ = make_settings(tmp_path)
    layout = quote_only_layout(box, align=align, valign=valign)
    text = " ".join(words)
    try:
        card = draw(text, layout, settings_)
    except CardError as exc:
        assert "shorten it or split the tip" in str(exc)
        # Refusal is for text that cannot fit at a legible size, not for ordinary quotes.
        width, height = box[2] - box[0], box[3] - box[1]
        font = ImageFont.truetype(str(bundled_path("fonts", "DejaVuSerif.ttf")), 30)
        word_too_wide = max(font.getlength(w) for w in words) > width - 2
        assert word_too_wide or len(text) * 30 * 30 > width * height * 0.35
        return
    drawn = ink_box(card.image)
    assert drawn is not None
    assert inside(drawn, box), f"ink {drawn} outside box {box} for {text!r} at {card.quote.size}px"
    assert card.quote.size >= 30


def test_short_quote_gets_the_largest_size_and_longer_quotes_the_largest_that_fits(tmp_path: Path) -> None:
    settings_ = make_settings(tmp_path)
    layout = quote_only_layout()
    assert draw("Smile more.", layout, settings_).quote.size == 90
    text = (
        "Good skincare products won’t take away these lines, but they do help to maintain your improvement."
    )
    size = draw(text, layout, settings_).quote.size
    assert 30 <= size < 90
    # One pixel larger does not fit: the chosen size is the largest.
    bigger = quote_only_layout(max_size=size + 1, min_size=size + 1)
    with pytest.raises(CardError):
        draw(text, bigger, settings_)


def test_lines_are_balanced_and_never_end_on_one_lonely_word(tmp_path: Path) -> None:
    settings_ = make_settings(tmp_path)
    layout = quote_only_layout([50, 50, 750, 950], max_size=60, min_size=60)
    text = "Smiling is important, so who cares if we get a few crow’s feet as a result of it all?"
    fitted = draw(text, layout, settings_).quote
    assert len(fitted.lines) >= 2
    assert len(fitted.lines[-1].words) >= 2
    widths = [line.ink[2] - line.ink[0] for line in fitted.lines]
    assert min(widths) > 0.5 * max(widths), widths


def test_a_quote_too_long_for_the_smallest_legible_size_is_refused(tmp_path: Path) -> None:
    settings_ = make_settings(tmp_path)
    layout = cards.load_layout("portrait")
    long = "Botox alone will not fix deep lip lines and crow’s feet in our fifties. " * 12
    kit = cards.brand_kit(settings_)
    with pytest.raises(CardError, match=r"smallest legible size \(38 px\); shorten it or split the tip"):
        cards.draw_card(cards.card_text(post(long), 0, kit), layout, kit)


def test_same_inputs_give_the_same_bytes_and_different_text_different_bytes(tmp_path: Path) -> None:
    settings_ = make_settings(tmp_path, handle="tipqueue.demo", attribution="Dr. Example")
    layout = cards.load_layout("portrait")
    one = cards.render_card(post("Smiling is important."), 0, layout, settings_)
    card_draw._base_cache.clear()  # a fresh start must not change a byte either
    card_brand._background.cache_clear()
    two = cards.render_card(post("Smiling is important."), 0, layout, settings_)
    other = cards.render_card(post("Smiling is important!"), 0, layout, settings_)
    assert one == two
    assert one != other
    assert one[:3] == b"\xff\xd8\xff"


@pytest.mark.parametrize(
    "fmt,size", [("portrait", (1080, 1350)), ("square", (1080, 1080)), ("story", (1080, 1920))]
)
def test_every_bundled_layout_renders_every_role(tmp_path: Path, fmt: str, size: tuple[int, int]) -> None:
    settings_ = make_settings(tmp_path, handle="tipqueue.demo", attribution="Dr. Example")
    layout = cards.load_layout(fmt)
    assert set(layout.roles) == {"cover", "tip", "cta"}
    images = {}
    for kind in PostKind:
        data = cards.render_card(post("Which home gadget do you swear by?", kind), 0, layout, settings_)
        with Image.open(io.BytesIO(data)) as img:
            assert img.size == size
            images[kind] = img.convert("RGB").resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    # the call to action is drawn on the accent colour: it stands out in the grid
    assert images[PostKind.CTA] != images[PostKind.TIP]


def test_emoji_render_in_colour_from_the_bundled_font_whatever_the_machine_has(tmp_path: Path) -> None:
    # the bundled font, never a system one: the same card on every machine
    assert cards.find_emoji_font() == str(bundled_path("fonts", "NotoColorEmoji.ttf"))
    assert bundled_path("fonts", "LICENSE-NotoColorEmoji.txt").read_text().count("SIL OPEN FONT LICENSE") == 1
    settings_ = make_settings(tmp_path)
    layout = quote_only_layout()
    card = draw("Smile 😀 more 👍🏽 and 👩‍🔬 🇫🇷 ✨", layout, settings_)
    assert inside(ink_box(card.image) or (0, 0, 0, 0), QUOTE_BOX)
    raw = card.image.convert("RGB").resize((200, 250)).tobytes()
    pixels = [raw[i : i + 3] for i in range(0, len(raw), 3)]
    colourful = [p for p in pixels if max(p) - min(p) > 90]  # saturated: not dark text on a light card
    assert len(colourful) > 20


def test_without_a_colour_font_emoji_fall_back_to_monochrome_glyphs_or_are_refused_by_name(
    tmp_path: Path,
) -> None:
    sans = str(bundled_path("fonts", "DejaVuSans.ttf"))
    serif = str(bundled_path("fonts", "DejaVuSerif.ttf"))
    chain = cards.FontChain((serif, sans), emoji=None)
    pieces = chain.pieces("great😀️")
    assert [p.text for p in pieces] == ["great", "😀"]
    assert pieces[1].font == sans and not pieces[1].emoji
    style = cards.TextStyle(box=(0, 0, 800, 400), size=60, min_size=30)
    fitted = cards.fit_text("great 😀", style, chain)
    assert fitted.size == 60
    with pytest.raises(CardError, match=r"U\+1FAE0 MELTING FACE.*NotoColorEmoji.ttf is missing"):
        chain.pieces("🫠")


@pytest.mark.parametrize(
    "text",
    [
        "العضلات القوية في الوجه يمكن أن تسبب التجاعيد، لذلك ابتسم كثيرا",
        "שרירי פנים חזקים יכולים ליצור קמטים 😀 אבל חייכו בכל זאת",
    ],
)
def test_right_to_left_text_renders_right_aligned_inside_its_box(tmp_path: Path, text: str) -> None:
    settings_ = make_settings(tmp_path)
    card = draw(text, quote_only_layout(), settings_)
    assert card.quote.direction == ("rtl" if cards.HAS_RAQM else None)
    drawn = ink_box(card.image)
    assert drawn is not None and inside(drawn, QUOTE_BOX)
    # right-to-left paragraphs start at the right edge of a left-aligned box
    assert QUOTE_BOX[2] - drawn[2] < 8


def test_a_character_no_font_has_is_refused_with_its_name(tmp_path: Path) -> None:
    settings_ = make_settings(tmp_path)
    with pytest.raises(CardError, match=r"U\+E000"):
        draw("private \ue000 use", quote_only_layout(), settings_)


def test_low_contrast_palette_is_refused_naming_both_colours_and_the_ratio(tmp_path: Path) -> None:
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    grey = BrandSettings(text_color="#888888", background_color="#FFFFFF")
    with pytest.raises(
        CardError, match=r"#888888 on brand.background_color #FFFFFF has contrast 3.54:1.*4.5:1"
    ):
        check_palette(grey)
    gradient = BrandSettings(text_color="#222222", background_gradient=("#FFFFFF", "#333333"))
    with pytest.raises(CardError, match="background_gradient"):
        check_palette(gradient)
    assert check_palette(BrandSettings()) > 4.5
    settings_ = make_settings(tmp_path, text_color="#999999", background_color="#AAAAAA")
    with pytest.raises(CardError, match=r"#999999.*#AAAAAA"):
        cards.render_card(post("Smile."), 0, cards.load_layout("portrait"), settings_)


def test_text_over_a_background_image_must_stay_legible(tmp_path: Path) -> None:
    Image.new("RGB", (300, 300), "#303030").save(tmp_path / "dark.png")
    settings_ = make_settings(tmp_path, background_image="dark.png")
    with pytest.raises(CardError, match=r"brand.text_color #2A2A2A on brand.background_image"):
        cards.render_card(post("Smile."), 0, cards.load_layout("portrait"), settings_)
    ok = make_settings(
        tmp_path,
        background_image="dark.png",
        background_color="#202020",
        text_color="#FFFFFF",
        accent_color="#F0B090",
    )
    assert cards.render_card(post("Smile."), 0, cards.load_layout("portrait"), ok)[:2] == b"\xff\xd8"


def test_bad_layouts_are_refused_with_the_key_named() -> None:
    with pytest.raises(SettingsError, match=r"tip\]\.quote.box = \[0, 0, 2000, 10\] lies outside"):
        cards.layout_from_dict(
            {"width": 100, "height": 100, "tip": {"quote": {"box": [0, 0, 2000, 10], "min_size": 8}}}
        )
    with pytest.raises(SettingsError, match="needs min_size"):
        cards.layout_from_dict({"width": 100, "height": 100, "tip": {"quote": {"box": [0, 0, 90, 90]}}})
    with pytest.raises(Exception, match="unknown card format 'poster'"):
        cards.load_layout("poster")
