"""Fitting text to its box: words measured, wrapped in balanced lines, at the largest size that fits.

Below the style's minimum size the text is refused with a :class:`~config.errors.CardError`
rather than drawn too small to read.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from tipqueue.config.errors import CardError
from tipqueue.posts.cards.fonts import (
    _EMOJI_NATIVE_SIZE,
    HAS_RAQM,
    FontChain,
    Piece,
    _emoji_image,
    _emoji_scale,
    _font,
    _is_rtl,
)
from tipqueue.posts.cards.layout import TextStyle


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
