"""Card layouts as data: the card size and, per slide role, the boxes and looks of its elements.

A layout (``templates/cards/<name>.toml``) gives the card size and, for each slide role (cover,
tip, cta), the boxes of its elements: the quote, the series label, the attribution, the handle,
the logo, accent rules and a decorative quote mark. Any bad key is refused with a
:class:`~config.errors.SettingsError` that names it.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from tipqueue.config.errors import InputError, SettingsError
from tipqueue.config.settings import bundled_path

FORMATS = ("portrait", "square", "story")
ROLES = ("cover", "tip", "cta")


Box = tuple[int, int, int, int]
Align = Literal["left", "center", "right"]
VAlign = Literal["top", "center", "bottom"]


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
