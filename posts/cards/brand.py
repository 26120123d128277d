"""A brand resolved for drawing: font files, colours, background and logo, once per process."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from PIL import Image
from tipqueue.config.errors import SettingsError
from tipqueue.config.settings import BrandSettings, Settings, bundled_path
from tipqueue.posts.cards.fonts import (
    _FALLBACK_FONT,
    FontChain,
    _styled_sibling,
    file_digest,
    find_emoji_font,
)
from tipqueue.posts.cards.layout import Box


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
