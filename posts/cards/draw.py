"""Drawing a card with Pillow: what it says, its base layer, and the bands its own texts touch.

A role's base layer (background, rules, quote mark, logo and the texts every card of a series
shares) is drawn once per process; each card then draws only the MCU rows its own texts touch.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from PIL import Image, ImageDraw
from tipqueue.config.errors import CardError, InputError
from tipqueue.posts.cards.brand import BrandKit, _background, _hex, _logo, palette
from tipqueue.posts.cards.encode import _MCU, _split_jpeg, encode_jpeg
from tipqueue.posts.cards.fit import FittedText, _single_run, _visual_pieces, fit_text
from tipqueue.posts.cards.fonts import Piece, _emoji_image, _font
from tipqueue.posts.cards.layout import Box, CardLayout, RoleLayout, TextStyle
from tipqueue.posts.models import Post, PostKind

# --------------------------------------------------------------------------------------------
# Fitted text


def draw_fitted(
    draw: ImageDraw.ImageDraw,
    image: Image.Image,
    fitted: FittedText,
    fill: str | int,
    *,
    top: int = 0,
) -> None:
    """Draw a fitted text; emoji are pasted from the colour font, scaled to the text size.

    ``top`` is the card row of the image's first row, for drawing into a band of the card.
    """
    for line, (ox, oy) in zip(fitted.lines, fitted.origins, strict=True):
        oy -= top
        words = line.words
        if line.mask is not None and isinstance(fill, int):
            # a coverage map: blend the mask measured while fitting, as ImageDraw.text would
            mask, (dx, dy) = line.mask
            draw.draw.draw_bitmap((int(ox) + dx, int(oy) + dy), mask, fill)
            continue
        if _single_run(words):
            text = " ".join(w.text for w in words)
            draw.text(
                (ox, oy),
                text,
                font=_font(words[0].pieces[0].font, fitted.size),
                fill=fill,
                anchor="ls",
                direction=fitted.direction,
            )
            continue
        for pen, piece in _visual_pieces(words, fitted.size, fitted.space, fitted.direction):
            if piece.emoji:
                _paste_emoji(image, piece, fitted.size, ox + pen, oy)
            else:
                draw.text(
                    (ox + pen, oy),
                    piece.text,
                    font=_font(piece.font, fitted.size),
                    fill=fill,
                    anchor="ls",
                    direction=fitted.direction,
                )


def _paste_emoji(image: Image.Image, piece: Piece, size: int, pen: float, baseline: float) -> None:
    glyph, dx, dy = _emoji_image(piece.font, piece.text, size)
    x, y = int(pen + dx + 0.5), int(baseline + dy + 0.5)
    image.paste(glyph, (x, y), glyph)


# --------------------------------------------------------------------------------------------
# What a card says


@dataclass(frozen=True)
class CardText:
    """What a card says, gathered from the post and the brand."""

    role: str
    text: str
    label: str
    index: int
    total: int
    handle: str
    attribution: str


def card_text(post: Post, slide_index: int, kit: BrandKit) -> CardText:
    if slide_index < 0 or (post.slides and slide_index >= len(post.slides)):
        raise InputError(f"post {post.id} has no slide {slide_index + 1}; it has {len(post.slides)}")
    text = post.slides[slide_index].text if post.slides else post.quote
    if not text.strip():
        text = post.quote
    if not text.strip():
        raise CardError(
            f"post {post.id} has no text for card {slide_index + 1}; write its quote in post.json"
        )
    index, total = post.position, 0
    label = post.series_label.strip()
    if "/" in label:
        a, _, b = label.partition("/")
        if a.strip().isdigit() and b.strip().isdigit():
            index, total = int(a), int(b)
    handle = kit.brand.handle.strip()
    if handle and not handle.startswith("@"):
        handle = "@" + handle
    return CardText(
        role=post.kind.value if isinstance(post.kind, PostKind) else str(post.kind),
        text=text,
        label=label,
        index=index,
        total=total,
        handle=handle,
        attribution=(kit.brand.attribution or "").strip(),
    )


def _template(style: TextStyle, content: CardText) -> str | None:
    values = {
        "text": content.text,
        "label": content.label,
        "index": str(content.index) if content.index else "",
        "total": str(content.total) if content.total else "",
        "handle": content.handle,
        "attribution": content.attribution,
    }
    needed = [k for k in values if "{" + k + "}" in style.template]
    if any(not values[k] for k in needed):
        return None  # an element whose content the brand or post does not have is left out
    return style.template.format(**values)


# --------------------------------------------------------------------------------------------
# Base layer, bands and the card


#: Pixels of slack around measured ink when deciding which rows a text touches.
_INK_SLACK = 2


@dataclass(frozen=True)
class _Band:
    """Rows [top, bottom) of a card, redrawn over the base layer (full width)."""

    top: int
    image: Image.Image


class _Base:
    """A role's base layer (background, rules, mark, logo, handle, attribution) in one process.

    Besides the image it keeps which MCU rows are plain background and, once a card is encoded,
    the JPEG header and the coded bytes of each MCU row, so a card only encodes the rows its
    own text touches.
    """

    def __init__(self, image: Image.Image, background: str) -> None:
        self.image = image
        self.background = _hex(background)
        plain = tuple((c, c) for c in self.background)
        self.plain_rows = tuple(
            image.crop((0, top, image.width, min(image.height, top + _MCU))).getextrema() == plain
            for top in range(0, image.height, _MCU)
        )
        self._jpeg: tuple[bytes, tuple[bytes, ...]] | None = None

    def plain(self, top: int, bottom: int) -> bool:
        return all(self.plain_rows[top // _MCU : -(-bottom // _MCU)])

    def jpeg_rows(self) -> tuple[bytes, tuple[bytes, ...]]:
        if self._jpeg is None:
            self._jpeg = _split_jpeg(encode_jpeg(self.image))
        return self._jpeg


@dataclass(frozen=True)
class RenderedCard:
    """A drawn card: its base layer plus the bands of rows its own texts were drawn in."""

    base: _Base = field(repr=False)
    bands: tuple[_Band, ...]
    quote: FittedText
    quote_box: Box

    @cached_property
    def image(self) -> Image.Image:
        image = self.base.image.copy()
        for band in self.bands:
            image.paste(band.image, (0, band.top))
        return image


_STATIC_FIELDS = ("{handle}", "{attribution}")
_base_cache: dict[tuple[Any, ...], _Base] = {}


def _is_static(style: TextStyle) -> bool:
    """True when an element says the same on every card of a series (handle, attribution)."""
    rest = style.template
    for name in _STATIC_FIELDS:
        rest = rest.replace(name, "")
    return "{" not in rest


def _fit_element(name: str, style: TextStyle, content: CardText, kit: BrandKit) -> FittedText | None:
    text = _template(style, content)
    if text is None:
        return None
    return fit_text(text, style, kit.chain(style.font, style.weight), what=f"{name} {text!r}")


def _base_layer(
    content: CardText, role_name: str, role: RoleLayout, layout: CardLayout, kit: BrandKit
) -> _Base:
    """Background, rules, quote mark, logo and the elements that are the same on every card."""
    key = (kit, layout.digest, role_name, content.handle, content.attribution)
    cached = _base_cache.get(key)
    if cached is not None:
        return cached
    colours = palette(kit, role.invert)
    image = _background(kit, layout.size, role.invert).copy()
    if kit.background_image is not None and not role.invert:
        _check_image_contrast(image, role.quote.box, colours.colour(role.quote.color))
    draw = ImageDraw.Draw(image)
    for rule in role.rules:
        draw.rectangle((rule[0], rule[1], rule[2] - 1, rule[3] - 1), fill=colours.accent)
    if role.mark is not None:
        mark = fit_text(
            role.mark_text, role.mark, kit.chain(role.mark.font, role.mark.weight), what="quote mark"
        )
        draw_fitted(draw, image, mark, colours.colour(role.mark.color))
    for name in ("label", "attribution", "handle"):
        style: TextStyle | None = getattr(role, name)
        if style is not None and _is_static(style):
            fitted = _fit_element(name, style, content, kit)
            if fitted is not None:
                draw_fitted(draw, image, fitted, colours.colour(style.color))
    if role.logo is not None and kit.logo is not None:
        logo = _logo(kit.logo, role.logo)
        _, by0, bx1, by1 = role.logo
        image.paste(logo, (bx1 - logo.width, by0 + (by1 - by0 - logo.height) // 2), logo)
    if len(_base_cache) >= 16:
        _base_cache.clear()
    base = _Base(image, colours.background)
    _base_cache[key] = base
    return base


def _check_image_contrast(image: Image.Image, box: Box, text_colour: str) -> None:
    """Text on a background image: every patch under the quote must be legible."""
    from tipqueue.posts.contrast import TEXT_MINIMUM, contrast_ratio, require_contrast

    raw = image.crop(box).convert("RGB").resize((8, 8), Image.Resampling.BOX).tobytes()
    patches = [tuple(raw[i : i + 3]) for i in range(0, len(raw), 3)]
    worst = min(patches, key=lambda c: contrast_ratio(text_colour, c))
    if contrast_ratio(text_colour, worst) < TEXT_MINIMUM:
        require_contrast(
            text_colour, "brand.text_color", worst, "brand.background_image (under the quote)", TEXT_MINIMUM
        )


def _rows(fitted: FittedText, height: int) -> tuple[int, int]:
    """The MCU-aligned rows [top, bottom) that hold a fitted text's ink, with some slack."""
    top = max(0, math.floor(fitted.ink[1]) - _INK_SLACK)
    bottom = min(height, math.ceil(fitted.ink[3]) + _INK_SLACK)
    return top // _MCU * _MCU, min(height, -(-bottom // _MCU) * _MCU)


@lru_cache(maxsize=32)
def _blend_palette(background: tuple[int, int, int], ink: tuple[int, int, int]) -> tuple[int, ...]:
    """Colour of each text coverage 0..255 over a plain background, rounded as Pillow blends."""
    out: list[int] = []
    for a in range(256):
        for bg, fg in zip(background, ink, strict=True):
            v = bg * (255 - a) + fg * a + 128
            out.append(((v >> 8) + v) >> 8)
    return tuple(out)


def _draw_band(base: _Base, top: int, bottom: int, texts: Sequence[tuple[FittedText, str]]) -> _Band:
    width = base.image.width
    if (
        len(texts) == 1
        and base.plain(top, bottom)
        and all(_single_run(line.words) for line in texts[0][0].lines)
    ):
        # One colour of text on plain background: draw the text's coverage once, then colour it
        # through a palette. Much cheaper than blending every line into the RGB card.
        fitted, fill = texts[0]
        coverage = Image.new("L", (width, bottom - top), 0)
        draw_fitted(ImageDraw.Draw(coverage), coverage, fitted, 255, top=top)
        coverage.putpalette(_blend_palette(base.background, _hex(fill)))
        return _Band(top, coverage.convert("RGB"))
    band = base.image.crop((0, top, width, bottom))
    draw = ImageDraw.Draw(band)
    for fitted, fill in texts:
        draw_fitted(draw, band, fitted, fill, top=top)
    return _Band(top, band)


def _bands(base: _Base, texts: Sequence[tuple[FittedText, str]]) -> tuple[_Band, ...]:
    """Draw each text into the rows it touches; texts whose rows meet share one band."""
    spans: list[tuple[int, int, list[tuple[FittedText, str]]]] = []
    for item in sorted((t for t in texts if t[0].lines), key=lambda t: _rows(t[0], base.image.height)):
        top, bottom = _rows(item[0], base.image.height)
        if spans and top <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(bottom, spans[-1][1]), [*spans[-1][2], item])
        else:
            spans.append((top, bottom, [item]))
    return tuple(_draw_band(base, top, bottom, items) for top, bottom, items in spans)


def draw_card(content: CardText, layout: CardLayout, kit: BrandKit) -> RenderedCard:
    """Draw one card; raises CardError when its text cannot be drawn legibly."""
    role_name = content.role if content.role in layout.roles else "tip"
    role = layout.roles[role_name]
    colours = palette(kit, role.invert)
    base = _base_layer(content, role_name, role, layout, kit)
    texts: list[tuple[FittedText, str]] = []
    for name in ("label", "attribution", "handle"):
        style: TextStyle | None = getattr(role, name)
        if style is not None and not _is_static(style):
            fitted = _fit_element(name, style, content, kit)
            if fitted is not None:
                texts.append((fitted, colours.colour(style.color)))
    box = role.quote.box
    quote = fit_text(
        content.text,
        role.quote,
        kit.chain(role.quote.font, role.quote.weight),
        masks=base.plain(box[1], box[3]),  # then it is drawn as a coverage map: see _draw_band
    )
    texts.append((quote, colours.colour(role.quote.color)))
    return RenderedCard(base, _bands(base, texts), quote, role.quote.box)
