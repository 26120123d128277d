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
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import math
import re
import tomllib
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal

from PIL import Image, ImageDraw, ImageFont, features
from tipqueue.config.errors import CardError, InputError, SettingsError
from tipqueue.config.settings import BrandSettings, Settings, bundled_path
from tipqueue.posts.contrast import check_palette
from tipqueue.posts.models import Post, PostKind

#: Bump when a change to this module changes the pixels, so cached cards are redrawn.
RENDERER_VERSION = "2"
FORMATS = ("portrait", "square", "story")
ROLES = ("cover", "tip", "cta")
JPEG_QUALITY = 90

Box = tuple[int, int, int, int]
Align = Literal["left", "center", "right"]
VAlign = Literal["top", "center", "bottom"]

HAS_RAQM: bool = bool(features.check("raqm"))
_ENGINE = ImageFont.Layout.RAQM if HAS_RAQM else ImageFont.Layout.BASIC

#: The colour emoji font, bundled (SIL Open Font License, templates/fonts/LICENSE-NotoColorEmoji.txt)
#: so that a card looks the same on every machine, whatever fonts it has installed.
EMOJI_FONT = "NotoColorEmoji.ttf"
#: Noto Color Emoji is a bitmap font that only loads at this pixel size; glyphs are scaled.
_EMOJI_NATIVE_SIZE = 109
_FALLBACK_FONT = "DejaVuSans.ttf"


# --------------------------------------------------------------------------------------------
# Layouts


@dataclass(frozen=True)
class TextStyle:
    """One text element of a role: where it goes and how it looks."""

    box: Box
    font: str = "body"
    weight: Literal["regular", "bold", "italic"] = "regular"
    size: int = 32
    min_size: int = 0
    color: str = "text"
    align: Align = "left"
    valign: VAlign = "center"
    line_spacing: float = 1.25
    template: str = "{text}"
    max_lines: int = 0

    @property
    def smallest(self) -> int:
        return self.min_size or max(12, round(self.size * 0.6))


@dataclass(frozen=True)
class RoleLayout:
    quote: TextStyle
    label: TextStyle | None = None
    attribution: TextStyle | None = None
    handle: TextStyle | None = None
    mark: TextStyle | None = None
    mark_text: str = "“"
    logo: Box | None = None
    rules: tuple[Box, ...] = ()
    invert: bool = False


@dataclass(frozen=True)
class CardLayout:
    name: str
    width: int
    height: int
    story: bool
    roles: Mapping[str, RoleLayout]
    digest: str = field(default="", compare=False)

    @property
    def size(self) -> tuple[int, int]:
        return (self.width, self.height)

    @property
    def inverts(self) -> bool:
        return any(r.invert for r in self.roles.values())


def _box(value: Any, where: str, width: int, height: int) -> Box:
    if not (isinstance(value, list) and len(value) == 4 and all(isinstance(v, int) for v in value)):
        raise SettingsError(f"{where} = {value!r} is not a box; write [left, top, right, bottom] in pixels")
    x0, y0, x1, y1 = value
    if not (0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height):
        raise SettingsError(
            f"{where} = {value!r} lies outside the {width}x{height} card or is empty; fix the box"
        )
    return (x0, y0, x1, y1)


_STYLE_KEYS = {
    "box",
    "font",
    "weight",
    "size",
    "max_size",
    "min_size",
    "color",
    "align",
    "valign",
    "line_spacing",
    "template",
    "max_lines",
    "text",
}


def _style(
    data: Any, where: str, width: int, height: int, *, fitted: bool, template: str = "{text}"
) -> TextStyle:
    if not isinstance(data, dict):
        raise SettingsError(f"{where} must be a table of box, font, size, ...; see templates/cards")
    unknown = set(data) - _STYLE_KEYS
    if unknown:
        raise SettingsError(
            f"{where}: unknown key {sorted(unknown)[0]!r}; allowed: {', '.join(sorted(_STYLE_KEYS))}"
        )
    size = data.get("max_size", data.get("size", 32))
    choices: dict[str, tuple[str, ...]] = {
        "weight": ("regular", "bold", "italic"),
        "color": ("text", "accent", "background"),
        "align": ("left", "center", "right"),
        "valign": ("top", "center", "bottom"),
    }
    for key, allowed in choices.items():
        if key in data and data[key] not in allowed:
            raise SettingsError(f"{where}.{key} = {data[key]!r}; use one of {', '.join(allowed)}")
    min_size = int(data.get("min_size", 0))
    if not isinstance(size, int) or size < 6 or (min_size and min_size > size):
        raise SettingsError(f"{where}: size {size!r} must be a whole number of pixels >= 6 and >= min_size")
    if fitted and not min_size:
        raise SettingsError(f"{where} needs min_size: the smallest legible size for the fitted quote")
    return TextStyle(
        box=_box(data.get("box"), f"{where}.box", width, height),
        font=str(data.get("font", "body")),
        weight=data.get("weight", "regular"),
        size=size,
        min_size=min_size,
        color=data.get("color", "text"),
        align=data.get("align", "left"),
        valign=data.get("valign", "center"),
        line_spacing=float(data.get("line_spacing", 1.25)),
        template=str(data.get("template", template)),
        max_lines=int(data.get("max_lines", 0 if fitted else 1)),
    )


def layout_from_dict(data: Mapping[str, Any], *, source: str = "layout") -> CardLayout:
    """Build a layout from its TOML data; a clear SettingsError names any bad key."""
    try:
        width, height = int(data["width"]), int(data["height"])
    except (KeyError, TypeError, ValueError):
        raise SettingsError(f"{source}: width and height must be whole numbers of pixels") from None
    roles: dict[str, RoleLayout] = {}
    for role in ROLES:
        table = data.get(role)
        if table is None:
            continue
        where = f"{source} [{role}]"
        if "quote" not in table:
            raise SettingsError(f"{where} has no [{role}.quote] table; every role needs its quote box")
        mark = table.get("mark")
        roles[role] = RoleLayout(
            quote=_style(table["quote"], f"{where}.quote", width, height, fitted=True),
            label=_style(table["label"], f"{where}.label", width, height, fitted=False, template="{label}")
            if "label" in table
            else None,
            attribution=_style(
                table["attribution"],
                f"{where}.attribution",
                width,
                height,
                fitted=False,
                template="{attribution}",
            )
            if "attribution" in table
            else None,
            handle=_style(
                table["handle"], f"{where}.handle", width, height, fitted=False, template="{handle}"
            )
            if "handle" in table
            else None,
            mark=_style(mark, f"{where}.mark", width, height, fitted=False) if mark else None,
            mark_text=str(mark.get("text", "“")) if mark else "“",
            logo=_box(table["logo"]["box"], f"{where}.logo.box", width, height) if "logo" in table else None,
            rules=tuple(
                _box(r, f"{where}.rules[{i}]", width, height) for i, r in enumerate(table.get("rules", []))
            ),
            invert=bool(table.get("invert", False)),
        )
    if "tip" not in roles:
        raise SettingsError(f"{source} has no [tip] role; a layout needs at least [tip] and [tip.quote]")
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
    return CardLayout(
        name=str(data.get("name", source)),
        width=width,
        height=height,
        story=bool(data.get("story", False)),
        roles=roles,
        digest=digest,
    )


def load_layout(name: str, workspace: Path | None = None) -> CardLayout:
    """A bundled layout by name (portrait, square, story), or a layout .toml file of your own."""
    candidates: list[Path] = []
    if name.endswith(".toml"):
        path = Path(name).expanduser()
        candidates.append(path if path.is_absolute() or workspace is None else workspace / path)
    else:
        if workspace is not None:
            candidates.append(workspace / "cards" / f"{name}.toml")
        candidates.append(bundled_path("cards", f"{name}.toml"))
    for path in candidates:
        if path.is_file():
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as exc:
                raise SettingsError(
                    f"card layout {path.name} is not valid TOML ({exc}); fix that line"
                ) from None
            return layout_from_dict(data, source=path.name)
    raise InputError(
        f"unknown card format {name!r}; use one of {', '.join(FORMATS)} or the path of a layout .toml file"
    )


# --------------------------------------------------------------------------------------------
# Fonts


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
# Text: runs of one font, emoji clusters, words


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
# Measuring and fitting


def _emoji_scale(size: int) -> float:
    return size / _EMOJI_NATIVE_SIZE


def _piece_length(piece: Piece, size: int, direction: str | None) -> float:
    if piece.emoji:
        return _font(piece.font, _EMOJI_NATIVE_SIZE).getlength(piece.text) * _emoji_scale(size)
    return _font(piece.font, size).getlength(piece.text, direction=direction)


def _piece_bbox(piece: Piece, size: int, direction: str | None) -> tuple[float, float, float, float]:
    """Ink box relative to the pen position on the baseline."""
    if piece.emoji:  # the pasted bitmap, with a pixel for rounding the pen position
        glyph, dx, dy = _emoji_image(piece.font, piece.text, size)
        return (dx - 1.0, dy - 1.0, dx + glyph.width + 1.0, dy + glyph.height + 1.0)
    x0, y0, x1, y1 = _font(piece.font, size).getbbox(piece.text, anchor="ls", direction=direction)
    return (float(x0), float(y0), float(x1), float(y1))


@dataclass(frozen=True)
class Word:
    pieces: tuple[Piece, ...]
    text: str
    newline_before: bool = False

    @property
    def simple(self) -> bool:
        return len(self.pieces) == 1 and not self.pieces[0].emoji


@dataclass(frozen=True)
class Line:
    words: tuple[Word, ...]
    #: ink box relative to (pen x = 0, baseline y = 0)
    ink: tuple[float, float, float, float]
    #: the line's coverage mask (Pillow core image, offset from the pen), when it was measured by
    #: rendering it: drawing then reuses it instead of rendering the line a second time
    mask: tuple[Any, tuple[int, int]] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class FittedText:
    """Where every line of a fitted text goes; ``ink`` is the union of the lines' ink boxes."""

    size: int
    lines: tuple[Line, ...]
    origins: tuple[tuple[float, float], ...]
    ink: tuple[float, float, float, float]
    font: str
    direction: str | None
    space: float


def _words(text: str, chain: FontChain) -> list[Word]:
    words: list[Word] = []
    for p_index, paragraph in enumerate(text.split("\n")):
        for w_index, raw in enumerate(paragraph.split()):
            words.append(Word(chain.pieces(raw), raw, newline_before=p_index > 0 and w_index == 0))
    return words


def _wrap(widths: Sequence[float], breaks: Sequence[bool], space: float, limit: float) -> list[int] | None:
    """Greedy wrap; returns the start index of each line, or None if a word is wider than limit."""
    starts: list[int] = []
    current = -1.0
    for i, w in enumerate(widths):
        if w > limit:
            return None
        if current < 0 or breaks[i] or current + space + w > limit:
            starts.append(i)
            current = w
        else:
            current += space + w
    return starts


def _balanced(
    widths: Sequence[float], breaks: Sequence[bool], space: float, limit: float
) -> list[int] | None:
    """The greedy wrap at the narrowest width that keeps the same number of lines (even lines)."""
    starts = _wrap(widths, breaks, space, limit)
    if starts is None or len(starts) <= 1:
        return starts
    target = len(starts)
    lo, hi = max(widths), limit
    for _ in range(14):
        mid = (lo + hi) / 2
        trial = _wrap(widths, breaks, space, mid)
        if trial is not None and len(trial) <= target:
            hi = mid
        else:
            lo = mid
    best = _wrap(widths, breaks, space, hi) or starts
    # A one-word last line looks like an accident: pull a word down from the line above.
    if len(best) >= 2 and best[-1] == len(widths) - 1 and best[-1] - best[-2] >= 3 and not breaks[-1]:
        moved = [*best[:-1], best[-1] - 1]
        tail = sum(widths[moved[-1] :]) + space
        if tail <= limit:
            best = moved
    return best


class _Measurer:
    def __init__(self, words: list[Word], chain: FontChain, direction: str | None) -> None:
        self.words = words
        self.chain = chain
        self.direction = direction
        self.breaks = [w.newline_before for w in words]

    def widths(self, size: int) -> list[float]:
        out = []
        for w in self.words:
            out.append(sum(_piece_length(p, size, self.direction) for p in w.pieces))
        return out

    def space(self, size: int) -> float:
        return _font(self.chain.fonts[0], size).getlength(" ")

    def line(self, words: Sequence[Word], size: int, space: float, *, render: bool) -> Line:
        """A line with its ink box; ``render`` measures it by rendering its mask (kept for drawing)."""
        if render and _single_run(words):
            text = " ".join(w.text for w in words)
            font = _font(words[0].pieces[0].font, size)
            mask, (dx, dy) = font.getmask2(text, "L", direction=self.direction, anchor="ls")
            w, h = mask.size
            # the same box getbbox gives: Pillow sizes the mask from that very box
            return Line(tuple(words), (float(dx), float(dy), float(dx + w), float(dy + h)), (mask, (dx, dy)))
        return Line(tuple(words), self.line_ink(words, size, space))

    def line_ink(self, words: Sequence[Word], size: int, space: float) -> tuple[float, float, float, float]:
        if _single_run(words):
            text = " ".join(w.text for w in words)
            return _piece_bbox(Piece(text, words[0].pieces[0].font), size, self.direction)
        box = [float("inf"), float("inf"), float("-inf"), float("-inf")]
        for pen, piece in _visual_pieces(words, size, space, self.direction):
            bx0, by0, bx1, by1 = _piece_bbox(piece, size, self.direction)
            box = [min(box[0], pen + bx0), min(box[1], by0), max(box[2], pen + bx1), max(box[3], by1)]
        return (box[0], box[1], box[2], box[3])


def _single_run(words: Sequence[Word]) -> bool:
    return all(w.simple for w in words) and len({w.pieces[0].font for w in words}) == 1


def _visual_pieces(
    words: Sequence[Word], size: int, space: float, direction: str | None
) -> list[tuple[float, Piece]]:
    """Pen x of each piece of a mixed line, left to right on screen (reversed for right-to-left)."""
    rtl = direction == "rtl"
    out: list[tuple[float, Piece]] = []
    pen = 0.0
    for i, word in enumerate(words[::-1] if rtl else words):
        if i:
            pen += space
        for piece in word.pieces[::-1] if rtl else word.pieces:
            out.append((pen, piece))
            pen += _piece_length(piece, size, direction)
    return out


def _line_height(size: int, spacing: float) -> int:
    return max(1, round(size * spacing))


def _place(
    lines: list[Line], style: TextStyle, size: int, font: str, rtl: bool
) -> tuple[list[tuple[float, float]], tuple[float, float, float, float]] | None:
    """Pen origins for each line so that all ink lies inside the box, or None if it cannot."""
    # One pixel of safety on each side: pens at fractional positions may round outwards.
    x0, y0, x1, y1 = style.box[0] + 1, style.box[1] + 1, style.box[2] - 1, style.box[3] - 1
    ascent, descent = _font(font, size).getmetrics()
    step = _line_height(size, style.line_spacing)
    block = ascent + descent + step * (len(lines) - 1)
    if style.valign == "top":
        top = float(y0)
    elif style.valign == "bottom":
        top = float(y1 - block)
    else:
        top = y0 + (y1 - y0 - block) / 2
    top = float(round(top))
    align = style.align
    if rtl and align == "left":
        align = "right"
    origins: list[tuple[float, float]] = []
    for i, line in enumerate(lines):
        ix0, _, ix1, _ = line.ink
        if ix1 - ix0 > x1 - x0:
            return None
        if align == "left":
            x = x0 - min(ix0, 0.0)
        elif align == "right":
            x = x1 - ix1
        else:
            x = (x0 + x1) / 2 - (ix0 + ix1) / 2
        origins.append((float(round(x)), top + ascent + step * i))
    ink_top = min(o[1] + line.ink[1] for o, line in zip(origins, lines, strict=True))
    ink_bottom = max(o[1] + line.ink[3] for o, line in zip(origins, lines, strict=True))
    if ink_bottom - ink_top > y1 - y0:
        return None
    shift = 0.0
    if ink_top < y0:
        shift = y0 - ink_top
    elif ink_bottom > y1:
        shift = y1 - ink_bottom
    shift = float(round(shift + (0.5 if shift > 0 else -0.5 if shift < 0 else 0)))
    origins = [(x, y + shift) for x, y in origins]
    ink = (
        min(o[0] + line.ink[0] for o, line in zip(origins, lines, strict=True)),
        ink_top + shift,
        max(o[0] + line.ink[2] for o, line in zip(origins, lines, strict=True)),
        ink_bottom + shift,
    )
    if ink[0] < x0 or ink[2] > x1 or ink[1] < y0 or ink[3] > y1:
        return None
    return origins, ink


def fit_text(
    text: str, style: TextStyle, chain: FontChain, *, what: str = "quote", masks: bool = False
) -> FittedText:
    """Lay text out at the largest size (style.size down to style.smallest) that fits the box.

    ``masks`` measures each line by rendering it and keeps the masks for drawing onto a coverage
    map (see :func:`draw_fitted`). Raises CardError when even the smallest legible size does
    not fit.
    """
    text = unicodedata.normalize("NFC", text).strip()
    words = _words(text, chain)
    rtl = _is_rtl(text)
    if rtl and not HAS_RAQM:
        raise CardError(
            f"the {what} is right-to-left text, which needs Pillow built with libraqm; "
            "install a Pillow wheel with raqm support (pip install --force-reinstall pillow)"
        )
    direction = ("rtl" if rtl else "ltr") if HAS_RAQM else None
    font = chain.fonts[0]
    box_w = style.box[2] - style.box[0]
    box_h = style.box[3] - style.box[1]
    lo, hi = style.smallest, style.size
    if not words:
        return FittedText(
            hi, (), (), (style.box[0], style.box[1], style.box[0], style.box[1]), font, direction, 0.0
        )
    m = _Measurer(words, chain, direction)
    ref = m.widths(hi)
    ref_space = m.space(hi)
    ascent, descent = _font(font, hi).getmetrics()

    def estimate(size: int) -> bool:
        k = size / hi
        starts = _wrap([w * k for w in ref], m.breaks, ref_space * k, box_w)
        if starts is None or (style.max_lines and len(starts) > style.max_lines):
            return False
        block = (ascent + descent) * k + _line_height(size, style.line_spacing) * (len(starts) - 1)
        return block <= box_h

    # Largest size the scaled estimate allows, then check it exactly and step down if needed.
    if estimate(hi):
        size = hi
    else:
        a, b = lo, hi
        while a < b:
            mid = (a + b + 1) // 2
            if estimate(mid):
                a = mid
            else:
                b = mid - 1
        size = a
    while size >= lo:
        # Wrap with widths scaled from the first measurement; every line's real ink box is then
        # measured, so a wrap that is off by a hinting pixel fails here and is redone exactly.
        k = size / hi
        for exact in (False, True):
            if exact and size == hi:
                break
            widths = m.widths(size) if exact else [w * k for w in ref]
            space = m.space(size) if exact else ref_space * k
            starts = _balanced(widths, m.breaks, space, box_w)
            if starts is None or (style.max_lines and len(starts) > style.max_lines):
                continue
            bounds = [*starts, len(words)]
            lines = [m.line(words[a:b], size, space, render=masks) for a, b in itertools.pairwise(bounds)]
            placed = _place(lines, style, size, font, rtl)
            if placed is not None:
                origins, ink = placed
                return FittedText(size, tuple(lines), tuple(origins), ink, font, direction, space)
        size -= 1
    raise CardError(
        f"the {what} ({len(text)} characters: {text[:40]!r}{'...' if len(text) > 40 else ''}) does not fit "
        f"its box even at the smallest legible size ({lo} px); shorten it or split the tip into two posts"
    )


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


def _paste_emoji(image: Image.Image, piece: Piece, size: int, pen: float, baseline: float) -> None:
    glyph, dx, dy = _emoji_image(piece.font, piece.text, size)
    x, y = int(pen + dx + 0.5), int(baseline + dy + 0.5)
    image.paste(glyph, (x, y), glyph)


# --------------------------------------------------------------------------------------------
# Brand context: fonts, colours and background resolved once per process


@dataclass(frozen=True)
class Palette:
    background: str
    text: str
    accent: str

    def colour(self, name: str) -> str:
        return {"text": self.text, "accent": self.accent, "background": self.background}[name]


@dataclass(frozen=True)
class BrandKit:
    """A brand resolved to files and colours, plus the digest of everything that shapes a card."""

    brand: BrandSettings
    quote_font: Path
    body_font: Path
    logo: Path | None
    background_image: Path | None
    emoji_font: str | None

    def font(self, name: str, weight: str) -> Path:
        if name == "quote":
            base = self.quote_font
        elif name == "body":
            base = self.body_font
        else:
            base = bundled_path("fonts", name)
            if not base.is_file():
                raise SettingsError(
                    f"layout font {name!r} is not a bundled font; use 'quote', 'body' or a font file"
                )
        return _styled_sibling(base, weight)

    def chain(self, name: str, weight: str) -> FontChain:
        return _kit_chain(self, name, weight)

    def _chain(self, name: str, weight: str) -> FontChain:
        first = str(self.font(name, weight))
        others = [str(self.body_font), str(bundled_path("fonts", _FALLBACK_FONT))]
        fonts = tuple(dict.fromkeys([first, *others]))
        return FontChain(fonts, self.emoji_font)

    def digest(self) -> str:
        files = [self.quote_font, self.body_font, self.logo, self.background_image]
        parts: dict[str, Any] = {
            "brand": self.brand.model_dump(mode="json"),
            "files": {str(i): file_digest(str(p)) for i, p in enumerate(files) if p is not None},
            "siblings": sorted(
                file_digest(str(_styled_sibling(p, w)))
                for p in (self.quote_font, self.body_font)
                for w in ("bold", "italic")
            ),
            "emoji": file_digest(self.emoji_font) if self.emoji_font else None,
        }
        return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


@lru_cache(maxsize=64)
def _kit_chain(kit: BrandKit, name: str, weight: str) -> FontChain:
    """Font chains are asked for on every card; resolving the font files each time costs stats."""
    return kit._chain(name, weight)


def brand_kit(settings: Settings, account: str | None = None) -> BrandKit:
    """The brand of ``account``'s cards ([brand] with its [accounts.NAME.brand]), resolved."""
    brand = settings.brand_for(account)
    logo = _resolve(settings, brand.logo, "brand.logo")
    bg = _resolve(settings, brand.background_image, "brand.background_image")
    return BrandKit(
        brand=brand,
        quote_font=settings.font_path(brand.quote_font),
        body_font=settings.font_path(brand.body_font),
        logo=logo,
        background_image=bg,
        emoji_font=find_emoji_font(),
    )


def _resolve(settings: Settings, name: str | None, key: str) -> Path | None:
    if name is None:
        return None
    path = Path(name).expanduser()
    if not path.is_absolute():
        path = settings.workspace / path
    if not path.is_file():
        raise SettingsError(
            f"{key} = {name!r}: no such file in the workspace; give the path of an existing image"
        )
    return path


def _hex(colour: str) -> tuple[int, int, int]:
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


@lru_cache(maxsize=16)
def _background(kit: BrandKit, size: tuple[int, int], invert: bool) -> Image.Image:
    brand = kit.brand
    if invert:
        return Image.new("RGB", size, _hex(brand.accent_color))
    if kit.background_image is not None:
        with Image.open(kit.background_image) as img:
            src = img.convert("RGB")
        # cover: scale to fill, crop the middle
        scale = max(size[0] / src.width, size[1] / src.height)
        resized = src.resize(
            (max(size[0], round(src.width * scale)), max(size[1], round(src.height * scale))),
            Image.Resampling.LANCZOS,
        )
        left = (resized.width - size[0]) // 2
        top = (resized.height - size[1]) // 2
        return resized.crop((left, top, left + size[0], top + size[1]))
    if brand.background_gradient is not None:
        top_c, bottom_c = (Image.new("RGB", size, _hex(c)) for c in brand.background_gradient)
        mask = Image.linear_gradient("L").resize(size, Image.Resampling.BILINEAR)
        return Image.composite(bottom_c, top_c, mask)
    return Image.new("RGB", size, _hex(brand.background_color))


@lru_cache(maxsize=8)
def _logo(path: Path, box: Box) -> Image.Image:
    with Image.open(path) as img:
        logo = img.convert("RGBA")
    w, h = box[2] - box[0], box[3] - box[1]
    logo.thumbnail((w, h), Image.Resampling.LANCZOS)
    return logo


def palette(kit: BrandKit, invert: bool) -> Palette:
    b = kit.brand
    if invert:
        return Palette(background=b.accent_color, text=b.background_color, accent=b.background_color)
    return Palette(background=b.background_color, text=b.text_color, accent=b.accent_color)


# --------------------------------------------------------------------------------------------
# Cards


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


#: A 4:2:0 JPEG codes the image in MCU rows of 16 pixel rows; cards are encoded with a restart
#: marker after every MCU row, so each row's coded bytes depend on that row's pixels alone.
_MCU = 16
_RST = re.compile(rb"\xff[\xd0-\xd7]")
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


def encode_jpeg(image: Image.Image) -> bytes:
    """Baseline JPEG, sRGB without metadata: the same image always gives the same bytes.

    Quality 90 with 4:2:0 chroma (what Instagram re-encodes to anyway), no optimised Huffman
    tables, and a restart marker after every MCU row (which lets :func:`card_jpeg` reuse the
    coded rows a series' cards share).
    """
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, subsampling=2, optimize=False, restart_marker_rows=1)
    return out.getvalue()


def _split_jpeg(data: bytes) -> tuple[bytes, tuple[bytes, ...]]:
    """A baseline JPEG as (headers up to the scan, coded bytes of each MCU row)."""
    pos = 2
    while True:
        marker = data[pos : pos + 2]
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        pos += 2 + length
        if marker == b"\xff\xda":
            break
    if not data.endswith(b"\xff\xd9"):
        raise CardError("the JPEG encoder wrote no end marker; reinstall Pillow")
    return data[:pos], tuple(_RST.split(data[pos:-2]))


def card_jpeg(card: RenderedCard) -> bytes:
    """The JPEG bytes of a drawn card; the same bytes as ``encode_jpeg(card.image)``.

    Rows the card's own texts did not touch are copied from the base layer's encoding; only the
    bands are encoded.
    """
    header, base_rows = card.base.jpeg_rows()
    if len(base_rows) != -(-card.base.image.height // _MCU):  # an encoder without restart markers
        return encode_jpeg(card.image)
    rows = list(base_rows)
    for band in card.bands:
        _, coded = _split_jpeg(encode_jpeg(band.image))
        first = band.top // _MCU
        if len(coded) != -(-band.image.height // _MCU):
            return encode_jpeg(card.image)
        rows[first : first + len(coded)] = coded
    out = [header]
    for i, row in enumerate(rows):
        if i:
            out.append(bytes((0xFF, 0xD0 + (i - 1) % 8)))
        out.append(row)
    out.append(b"\xff\xd9")
    return b"".join(out)


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
