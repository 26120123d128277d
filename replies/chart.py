"""A bar chart PNG of the gadgets readers name most, drawn with Pillow.

Pillow and the bundled DejaVu fonts are already what the cards use, so the chart adds no
dependency and draws in milliseconds; matplotlib would add tens of megabytes and about a second
of import time for one bar chart. It is drawn in the workspace's brand colours (``[brand]``:
background, text and accent), like the cards. Each bar is the readers naming a gadget (or a brand or category,
see ``GadgetRow.by``), split by their stance: recommends, only mentions, dislikes. Bars keep the
leaderboard's order, and the PNG's ``Description`` text lists the bars in that order, so the
picture can be checked against (and read without) the CSV.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont
from PIL.PngImagePlugin import PngInfo
from tipqueue.config.errors import InputError
from tipqueue.config.settings import bundled_path
from tipqueue.replies.export import GadgetRow

WIDTH = 1200
ROW = 54
TOP = 130
BOTTOM = 70
LEFT = 420
RIGHT = 210  # room for "12 people · 15 replies" after the longest bar
BACKGROUND = "#FBF8F4"
INK = "#2A2A2A"
MUTED = "#6B6B6B"
RECOMMENDS = "#8A3B2E"
MENTIONS = "#D9B8A6"
DISLIKES = "#9A9A9A"
TITLES = {
    "gadget": "Home gadgets readers name",
    "brand": "Brands readers name",
    "category": "Kinds of home gadget readers name",
}


@dataclass(frozen=True)
class ChartColours:
    """The chart's palette: by default tipqueue's own, or the workspace's brand (:meth:`of_brand`)."""

    background: str = BACKGROUND
    ink: str = INK
    muted: str = MUTED
    recommends: str = RECOMMENDS
    mentions: str = MENTIONS
    dislikes: str = DISLIKES

    @classmethod
    def of_brand(cls, brand: Any) -> ChartColours:
        """The brand's background, text and accent colours (as on its cards); the bar for readers
        who only mention a gadget is the accent faded toward the background, the bar for those who
        dislike it and the small print are the text colour faded."""
        back, text, accent = brand.background_color, brand.text_color, brand.accent_color
        return cls(
            background=back,
            ink=text,
            muted=_mix(text, back, 0.35),
            recommends=accent,
            mentions=_mix(accent, back, 0.6),
            dislikes=_mix(text, back, 0.55),
        )


def _mix(colour: str, toward: str, share: float) -> str:
    """``colour`` moved ``share`` of the way toward ``toward`` (both #RRGGBB)."""
    a = [int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    b = [int(toward.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(x + (y - x) * share):02X}" for x, y in zip(a, b, strict=True))


def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(bundled_path("fonts", name)), size)


def _fit(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def describe_chart(rows: Sequence[GadgetRow], *, top: int = 15) -> str:
    """The chart in words, bar by bar in order (stored as the PNG's ``Description``)."""
    return "; ".join(
        f"{n}. {r.gadget}: {r.people} people, {r.recommends} recommend, {r.dislikes} dislike"
        for n, r in enumerate(rows[:top], start=1)
    )


def render_chart(
    rows: Sequence[GadgetRow], *, top: int = 15, title: str | None = None, colours: ChartColours | None = None
) -> Image.Image:
    """The chart as an image: the first ``top`` rows, in the order given (the leaderboard's)."""
    c = colours or ChartColours()
    shown = list(rows[:top])
    if not shown:
        raise InputError("no gadgets found in the stored replies yet; collect or import replies first")
    height = TOP + ROW * len(shown) + BOTTOM
    image = Image.new("RGB", (WIDTH, height), c.background)
    draw = ImageDraw.Draw(image)
    heading = _font("DejaVuSans-Bold.ttf", 34)
    label = _font("DejaVuSans.ttf", 22)
    small = _font("DejaVuSans.ttf", 18)
    draw.text((40, 28), title or TITLES.get(shown[0].by, TITLES["gadget"]), font=heading, fill=c.ink)
    x = 40
    for colour, name in ((c.recommends, "recommend"), (c.mentions, "only mention"), (c.dislikes, "dislike")):
        draw.rectangle((x, 86, x + 18, 104), fill=colour)
        draw.text((x + 26, 83), name, font=small, fill=c.muted)
        x += 40 + int(draw.textlength(name, font=small))
    longest = max(r.people for r in shown)
    span = WIDTH - LEFT - RIGHT
    for number, row in enumerate(shown):
        y = TOP + number * ROW
        name = _fit(draw, row.gadget, label, LEFT - 60)
        draw.text((LEFT - 20, y + ROW // 2), name, font=label, fill=c.ink, anchor="rm")
        start = LEFT
        neutral = row.people - row.recommends - row.dislikes
        for count, colour in (
            (row.recommends, c.recommends),
            (neutral, c.mentions),
            (row.dislikes, c.dislikes),
        ):
            if count <= 0:
                continue
            length = max(2, round(span * count / longest))
            draw.rectangle((start, y + 10, start + length, y + ROW - 10), fill=colour)
            start += length
        people = f"{row.people} " + ("person" if row.people == 1 else "people")
        if row.mentions != row.people:
            people += f" · {row.mentions} replies"
        draw.text((start + 10, y + ROW // 2), people, font=small, fill=c.muted, anchor="lm")
    draw.text(
        (40, height - 42),
        "bar length: readers naming it; order: readers who name it without disliking it, then who recommend it",
        font=small,
        fill=c.muted,
    )
    return image


def write_chart(
    rows: Sequence[GadgetRow],
    path: Path,
    *,
    top: int = 15,
    title: str | None = None,
    colours: ChartColours | None = None,
) -> Path:
    """Write the chart as a PNG to ``path`` and return the path."""
    if path.suffix.lower() != ".png":
        raise InputError(f"{path.name} does not end in .png; the chart is a PNG image, e.g. -o gadgets.png")
    if not path.parent.exists():
        raise InputError(f"folder {path.parent} does not exist; create it or choose another path")
    image = render_chart(rows, top=top, title=title, colours=colours)
    info = PngInfo()
    info.add_itxt("Description", describe_chart(rows, top=top))
    temp = path.with_name(f".{path.name}.tmp")
    image.save(temp, format="PNG", optimize=True, pnginfo=info)
    temp.replace(path)
    return path
