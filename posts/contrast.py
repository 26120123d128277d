"""Legibility: WCAG 2 contrast ratios, and refusing a brand palette that is hard to read.

Body text needs 4.5:1 against its background (WCAG AA). Accent colour is used for large text
and rules (the series label, the quote mark), for which WCAG asks 3:1; a layout that draws text
on the accent colour (an inverted call-to-action card) needs 4.5:1 there too.
"""

from __future__ import annotations

from collections.abc import Sequence

from tipqueue.config.errors import CardError
from tipqueue.config.settings import BrandSettings

TEXT_MINIMUM = 4.5
LARGE_TEXT_MINIMUM = 3.0

Colour = str | Sequence[int]


def _rgb(colour: Colour) -> tuple[int, int, int]:
    if isinstance(colour, str):
        value = colour.lstrip("#")
        if len(value) != 6:
            raise CardError(f"{colour!r} is not a colour; write it as #RRGGBB")
        try:
            return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))
        except ValueError:
            raise CardError(f"{colour!r} is not a colour; write it as #RRGGBB") from None
    r, g, b = colour[:3]
    return (int(r), int(g), int(b))


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: Colour) -> float:
    """WCAG relative luminance of an sRGB colour, 0 (black) to 1 (white)."""
    r, g, b = _rgb(colour)
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(a: Colour, b: Colour) -> float:
    """WCAG contrast ratio of two colours, from 1.0 (same) to 21.0 (black on white)."""
    la, lb = relative_luminance(a), relative_luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def hex_colour(colour: Colour) -> str:
    r, g, b = _rgb(colour)
    return f"#{r:02X}{g:02X}{b:02X}"


def _mix(a: str, b: str, t: float) -> str:
    ra, rb = _rgb(a), _rgb(b)
    return hex_colour([round(x + (y - x) * t) for x, y in zip(ra, rb, strict=True)])


def require_contrast(fg: Colour, fg_name: str, bg: Colour, bg_name: str, minimum: float) -> float:
    """Raise CardError naming both colours and the ratio when fg on bg is below ``minimum``."""
    ratio = contrast_ratio(fg, bg)
    if ratio < minimum:
        raise CardError(
            f"{fg_name} {hex_colour(fg)} on {bg_name} {hex_colour(bg)} has contrast {ratio:.2f}:1, "
            f"below the WCAG minimum {minimum:g}:1; darken one colour or lighten the other"
        )
    return ratio


def check_palette(brand: BrandSettings, *, min_accent: float = LARGE_TEXT_MINIMUM) -> float:
    """Refuse a brand whose text would be hard to read; returns the worst text contrast found.

    The text colour is checked against the background colour, or along a gradient (both ends and
    between). A background image is checked per card, under the quote (see posts.cards).
    """
    backgrounds: list[tuple[str, str]] = [(brand.background_color, "brand.background_color")]
    if brand.background_gradient is not None:
        top, bottom = brand.background_gradient
        backgrounds = [
            (_mix(top, bottom, t / 4), "brand.background_gradient" + (f" at {t * 25}%" if 0 < t < 4 else ""))
            for t in range(5)
        ]
    worst = 21.0
    if brand.background_image is None:  # over an image, each card checks what lies under its text
        worst = min(
            require_contrast(brand.text_color, "brand.text_color", colour, name, TEXT_MINIMUM)
            for colour, name in backgrounds
        )
        for colour, name in backgrounds:
            require_contrast(brand.accent_color, "brand.accent_color", colour, name, min_accent)
    if min_accent >= TEXT_MINIMUM:
        # Inverted cards draw the background colour as text on the accent colour.
        require_contrast(
            brand.background_color,
            "brand.background_color",
            brand.accent_color,
            "brand.accent_color",
            min_accent,
        )
    return worst
