"""Quote cards: layouts as data, text fitted to its box, rendered with Pillow.

A layout (``templates/cards/<name>.toml``) gives the card size and, for each slide role (cover,
tip, cta), the boxes of its elements: the quote, the series label, the attribution, the handle,
the logo, accent rules and a decorative quote mark. The quote gets the largest font size at which
it fits its box in balanced lines; below the layout's minimum size the card is refused with a
:class:`~config.errors.CardError` rather than drawn too small to read.

Text is shaped with libraqm when Pillow has it (kerning, ligatures, right-to-left scripts).
Emoji are drawn from the bundled colour emoji font (Noto Color Emoji, never a system font, so
cards are the same on every machine); a character no font has is refused by name, never drawn
as a box.

The same inputs always give the same bytes: nothing time- or machine-dependent goes into a card.

The package reads in the order a card is made:

- :mod:`.layout`: layouts as data (card size, roles, element boxes), loaded from TOML;
- :mod:`.fonts`: fonts, the emoji font, and a word cut into runs of one font each;
- :mod:`.fit`: measuring, wrapping and the largest font size at which a text fits its box;
- :mod:`.brand`: a brand resolved to font files, colours, background and logo;
- :mod:`.draw`: what a card says, its shared base layer and the bands its own texts touch;
- :mod:`.encode`: deterministic JPEG bytes, reusing the coded rows a series' cards share.

Import the public names from here (``from tipqueue.posts.cards import render_card``); names
with a leading underscore are private to the package.
"""

from __future__ import annotations

import hashlib
import json

from tipqueue.config.settings import Settings
from tipqueue.posts.cards.brand import BrandKit, Palette, brand_kit, palette
from tipqueue.posts.cards.draw import CardText, RenderedCard, card_text, draw_card, draw_fitted
from tipqueue.posts.cards.encode import JPEG_QUALITY, card_jpeg, encode_jpeg
from tipqueue.posts.cards.fit import FittedText, Line, Word, fit_text
from tipqueue.posts.cards.fonts import EMOJI_FONT, HAS_RAQM, FontChain, Piece, file_digest, find_emoji_font
from tipqueue.posts.cards.layout import (
    FORMATS,
    ROLES,
    Align,
    Box,
    CardLayout,
    RoleLayout,
    TextStyle,
    VAlign,
    layout_from_dict,
    load_layout,
)
from tipqueue.posts.contrast import check_palette
from tipqueue.posts.models import Post

__all__ = [
    "EMOJI_FONT",
    "FORMATS",
    "HAS_RAQM",
    "JPEG_QUALITY",
    "RENDERER_VERSION",
    "ROLES",
    "Align",
    "Box",
    "BrandKit",
    "CardLayout",
    "CardText",
    "FittedText",
    "FontChain",
    "Line",
    "Palette",
    "Piece",
    "RenderedCard",
    "RoleLayout",
    "TextStyle",
    "VAlign",
    "Word",
    "brand_kit",
    "card_inputs_digest",
    "card_jpeg",
    "card_text",
    "draw_card",
    "draw_fitted",
    "encode_jpeg",
    "file_digest",
    "find_emoji_font",
    "fit_text",
    "layout_from_dict",
    "load_layout",
    "palette",
    "render_card",
]

#: Bump when a change to this package changes the pixels, so cached cards are redrawn.
RENDERER_VERSION = "2"


def render_card(post: Post, slide_index: int, layout: CardLayout, settings: Settings) -> bytes:
    """The JPEG bytes of one card of a post (slide_index counts from 0)."""
    kit = brand_kit(settings, post.account)
    check_palette(kit.brand, min_accent=4.5 if layout.inverts else 3.0)
    content = card_text(post, slide_index, kit)
    return card_jpeg(draw_card(content, layout, kit))


def card_inputs_digest(content: CardText, layout: CardLayout, kit: BrandKit) -> str:
    """A digest of everything that shapes a card's pixels (for skipping unchanged cards)."""
    import PIL

    data = {
        "renderer": RENDERER_VERSION,
        "pillow": PIL.__version__,
        "raqm": HAS_RAQM,
        "layout": layout.digest,
        "brand": kit.digest(),
        "content": [content.role, content.text, content.label, content.index, content.total],
        "jpeg": JPEG_QUALITY,
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
