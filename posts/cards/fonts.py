"""Fonts of a card and the runs of text each one draws.

Text is shaped with libraqm when Pillow has it (kerning, ligatures, right-to-left scripts).
Emoji are drawn from the bundled colour emoji font (Noto Color Emoji, never a system font, so
cards are the same on every machine); a character no font has is refused by name, never drawn
as a box.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, features
from tipqueue.config.errors import CardError
from tipqueue.config.settings import bundled_path

HAS_RAQM: bool = bool(features.check("raqm"))
_ENGINE = ImageFont.Layout.RAQM if HAS_RAQM else ImageFont.Layout.BASIC

#: The colour emoji font, bundled (SIL Open Font License, templates/fonts/LICENSE-NotoColorEmoji.txt)
#: so that a card looks the same on every machine, whatever fonts it has installed.
EMOJI_FONT = "NotoColorEmoji.ttf"
#: Noto Color Emoji is a bitmap font that only loads at this pixel size; glyphs are scaled.
_EMOJI_NATIVE_SIZE = 109
_FALLBACK_FONT = "DejaVuSans.ttf"


@lru_cache(maxsize=512)
def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size, layout_engine=_ENGINE)


@lru_cache(maxsize=32)
def _cmap(path: str) -> frozenset[int]:
    from fontTools.ttLib import TTCollection, TTFont

    if path.lower().endswith(".ttc"):
        return frozenset(TTCollection(path, lazy=True).fonts[0].getBestCmap())
    return frozenset(TTFont(path, lazy=True).getBestCmap())


@lru_cache(maxsize=64)
def file_digest(path: str) -> str:
    """sha256 of a file (fonts, logo, background image), for the render cache."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@lru_cache(maxsize=1)
def find_emoji_font() -> str | None:
    """The bundled colour emoji font; None only when that file is missing from the install.

    System fonts are never used: one machine's font would make its cards differ from another's.
    """
    path = bundled_path("fonts", EMOJI_FONT)
    if not path.is_file():
        return None
    try:
        ImageFont.truetype(str(path), _EMOJI_NATIVE_SIZE, layout_engine=_ENGINE)
    except OSError:
        return None
    return str(path)


def _styled_sibling(path: Path, weight: str) -> Path:
    if weight == "regular":
        return path
    suffix = {"bold": "-Bold", "italic": "-Italic"}[weight]
    sibling = path.with_name(path.stem + suffix + path.suffix)
    return sibling if sibling.is_file() else path


# --------------------------------------------------------------------------------------------
# Text: runs of one font, emoji clusters


_EMOJI_EXTEND = frozenset({0xFE0F, 0xFE0E, 0x20E3, *range(0x1F3FB, 0x1F400), *range(0xE0020, 0xE0080)})
_ZWJ = 0x200D


def _is_regional(cp: int) -> bool:
    return 0x1F1E6 <= cp <= 0x1F1FF


def _emoji_base(cp: int, nxt: int | None) -> bool:
    return 0x1F000 <= cp <= 0x1FAFF or nxt == 0xFE0F


@dataclass(frozen=True)
class Piece:
    """A run drawn with one font; ``emoji`` runs come from the colour emoji font, scaled."""

    text: str
    font: str
    emoji: bool = False


def _clusters(text: str) -> list[tuple[str, bool]]:
    """Split text into (run, is_emoji) keeping each emoji sequence (ZWJ, skin tone, flag) whole."""
    out: list[tuple[str, bool]] = []
    cps = [ord(c) for c in text]
    i = 0
    buf: list[str] = []
    while i < len(cps):
        cp = cps[i]
        nxt = cps[i + 1] if i + 1 < len(cps) else None
        if _emoji_base(cp, nxt) or (_is_regional(cp) and nxt is not None and _is_regional(nxt)):
            if buf:
                out.append(("".join(buf), False))
                buf = []
            j = i + 1
            if _is_regional(cp) and nxt is not None and _is_regional(nxt):
                j = i + 2
            while j < len(cps):
                if cps[j] in _EMOJI_EXTEND:
                    j += 1
                elif cps[j] == _ZWJ and j + 1 < len(cps):
                    j += 2
                else:
                    break
            out.append((text[i:j], True))
            i = j
            continue
        buf.append(text[i])
        i += 1
    if buf:
        out.append(("".join(buf), False))
    return out


@dataclass(frozen=True)
class FontChain:
    """The fonts a text element may draw with, first choice first, and the emoji font."""

    fonts: tuple[str, ...]
    emoji: str | None

    def pieces(self, word: str) -> tuple[Piece, ...]:
        """A word as runs of one font each; CardError for a character no font has."""
        codes = {ord(c) for c in word}
        if max(codes) < 0x1F000 and 0xFE0F not in codes and codes <= _cmap(self.fonts[0]):
            return (Piece(word, self.fonts[0]),)  # the common case: the first font has it all
        out: list[Piece] = []
        for run, is_emoji in _clusters(word):
            if is_emoji and self.emoji is not None:
                out.append(Piece(run, self.emoji, emoji=True))
                continue
            if is_emoji:  # no colour font: draw the base characters in monochrome
                run = "".join(c for c in run if ord(c) not in _EMOJI_EXTEND and ord(c) != _ZWJ)
            for ch in run:
                font = self._font_for(ch)
                if font == self.emoji:  # a symbol only the emoji font has: draw it in colour
                    out.append(Piece(ch, font, emoji=True))
                elif out and out[-1].font == font and not out[-1].emoji:
                    out[-1] = Piece(out[-1].text + ch, font)
                else:
                    out.append(Piece(ch, font))
        return tuple(out)

    def _font_for(self, ch: str) -> str:
        cp = ord(ch)
        for font in self.fonts:
            if cp in _cmap(font):
                return font
        if self.emoji is not None and cp in _cmap(self.emoji):
            return self.emoji
        name = unicodedata.name(ch, "unnamed character")
        hint = (
            f" (the colour emoji font templates/fonts/{EMOJI_FONT} is missing: reinstall tipqueue)"
            if cp >= 0x2000 and self.emoji is None
            else ""
        )
        raise CardError(
            f"character {ch!r} (U+{cp:04X} {name}) is in none of the card fonts; "
            f"remove it or set a brand font that has it{hint}"
        )


def _is_rtl(text: str) -> bool:
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


# --------------------------------------------------------------------------------------------
# Emoji glyphs: drawn from the colour font once, scaled (measured by fit, pasted by draw)


def _emoji_scale(size: int) -> float:
    return size / _EMOJI_NATIVE_SIZE


@lru_cache(maxsize=256)
def _emoji_image(font: str, text: str, size: int) -> tuple[Image.Image, int, int]:
    """An emoji sequence drawn in colour and scaled to ``size``; offset of its top-left to the pen."""
    f = _font(font, _EMOJI_NATIVE_SIZE)
    x0, y0, x1, y1 = (int(v) for v in f.getbbox(text, anchor="ls"))
    canvas = Image.new("RGBA", (max(1, x1 - x0), max(1, y1 - y0)), (0, 0, 0, 0))
    ImageDraw.Draw(canvas).text((-x0, -y0), text, font=f, anchor="ls", embedded_color=True)
    k = _emoji_scale(size)
    w, h = max(1, round((x1 - x0) * k)), max(1, round((y1 - y0) * k))
    return canvas.resize((w, h), Image.Resampling.LANCZOS), round(x0 * k), round(y0 * k)
