"""Cards are drawn in bands of rows over a shared base layer and encoded row by row.

What a user would notice if that went wrong: text cut at a band's edge, a card that differs from
the same card drawn in one piece, or a JPEG whose rows come from another card.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw
from tipqueue.config.settings import load_settings
from tipqueue.posts import cards
from tipqueue.posts.models import Post, PostKind, Slide

TEXTS = [
    "Smile.",
    "Good skincare products won’t take away these lines, but they do help to maintain your "
    "improvement for longer, and that is worth a great deal.",
    "Smile 😀 more 👍🏽 and 👩‍🔬 🇫🇷 ✨",
    "العضلات القوية في الوجه يمكن أن تسبب التجاعيد، لذلك ابتسم كثيرا",
]


def drawn_in_one_piece(card: cards.RenderedCard, content: cards.CardText, kit: cards.BrandKit) -> Image.Image:
    """The reference: the same fitted texts drawn straight onto a copy of the whole base layer."""
    layout = cards.load_layout("portrait")
    role = layout.roles[content.role]
    colours = cards.palette(kit, role.invert)
    image = card.base.image.copy()
    draw = ImageDraw.Draw(image)
    if role.label is not None:
        label = cards.fit_text(f"{content.index} / {content.total}", role.label, kit.chain("body", "bold"))
        cards.draw_fitted(draw, image, label, colours.colour(role.label.color))
    cards.draw_fitted(draw, image, card.quote, colours.colour(role.quote.color))
    return image


@pytest.mark.parametrize("gradient", [None, ["#F6F0E8", "#E4D6C6"]])
@pytest.mark.parametrize("kind", [PostKind.TIP, PostKind.CTA])
def test_a_card_drawn_in_bands_looks_like_the_card_drawn_in_one_piece_and_encodes_the_same(
    tmp_path: Path, kind: PostKind, gradient: list[str] | None
) -> None:
    brand: dict[str, object] = {"handle": "tipqueue.demo", "attribution": "Dr. Example"}
    if gradient:
        brand["background_gradient"] = gradient
    settings = load_settings(tmp_path, overrides={"brand": brand}, environ={})
    kit = cards.brand_kit(settings)
    layout = cards.load_layout("portrait")
    for i, text in enumerate(TEXTS):
        post = Post(
            id=f"t-{i}",
            kind=kind,
            series_label=f"{i + 1}/12",
            quote=text,
            caption="c",
            slides=(Slide(text, ""),),
        )
        content = cards.card_text(post, 0, kit)
        card = cards.draw_card(content, layout, kit)
        assert card.bands, "the quote is drawn in a band of its own rows"
        reference = drawn_in_one_piece(card, content, kit) if kind is PostKind.TIP else None
        if reference is not None:
            diff = ImageChops.difference(card.image, reference)
            # identical but where two lines' ink overlaps (one level of rounding at most)
            assert diff.point(lambda v: 255 if v > 1 else 0).getbbox() is None, text
        data = cards.card_jpeg(card)
        assert data == cards.encode_jpeg(card.image)
        with Image.open(io.BytesIO(data)) as img:
            decoded = img.convert("RGB")
        # the decoded card shows this card's quote, not the base layer's empty rows
        box = card.quote_box
        plain = cards.encode_jpeg(card.base.image)
        with Image.open(io.BytesIO(plain)) as img:
            empty = img.convert("RGB")
        assert ImageChops.difference(decoded.crop(box), empty.crop(box)).getbbox() is not None


def test_cards_of_one_series_share_the_base_but_not_each_others_text(tmp_path: Path) -> None:
    settings = load_settings(tmp_path, overrides={"brand": {"handle": "tipqueue.demo"}}, environ={})
    kit = cards.brand_kit(settings)
    layout = cards.load_layout("portrait")
    posts = [
        Post(id=f"t-{i}", kind=PostKind.TIP, series_label=f"{i + 1}/3", quote=t, caption="c")
        for i, t in enumerate(["Smile more.", "Frown less, it shows.", "Sleep on your back."])
    ]
    drawn = [cards.draw_card(cards.card_text(p, 0, kit), layout, kit) for p in posts]
    assert drawn[0].base is drawn[1].base is drawn[2].base
    first_again = cards.card_jpeg(drawn[0])
    encoded = [cards.card_jpeg(c) for c in drawn]
    assert len(set(encoded)) == 3
    assert encoded[0] == first_again  # encoding other cards in between changes nothing
