"""The fixed lines of a caption in the article's language (``templates/captions/<lang>.toml``).

Every caption has a few lines tipqueue writes itself: what the series holds (cover), "swipe
through both cards" (carousels), where a tip comes from, who asks the call to action, the reply
invitation, the default disclaimer. They are data, one TOML file per language, shipped for en,
de, fr, es, it and vi; a workspace's ``templates/captions/<lang>.toml`` overrides single lines.
An article in any other language gets the English lines and a review warning
(:attr:`CaptionLines.fallback`).

Counts are grammatical: ``series_one`` / ``series_other`` for the number of tips
(``series_posts_*`` for posts, when some of them give no advice), ``swipe_two``
/ ``swipe_other`` for cards ("both cards", never "all 2 cards"); a language without a two-form
writes the same line for both.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from string import Formatter

from tipqueue.config.errors import CardError
from tipqueue.posts.captions import bundled_caption_dir

FALLBACK_LANGUAGE = "en"
#: the keys every language file must have (a workspace file may give only some of them)
KEYS = (
    "series_one",
    "series_other",
    "series_posts_one",
    "series_posts_other",
    "by",
    "swipe_two",
    "swipe_other",
    "tip_footer",
    "tip_footer_untitled",
    "tip_section",
    "cta_quote",
    "cta_quote_untitled",
    "cta_asked",
    "cta_asked_untitled",
    "cta_section",
    "someone",
    "cta_reply",
    "disclaimer",
    "title_one",
    "title_other",
    "title_none",
    "title_about",
    "topic_general",
    "about_general",
)
#: a title written from the article's topic when it has none: ``topic_<name>`` phrases, one per
#: topic of the hashtag vocabulary that has one (``topic_general`` when none fits)
TOPIC_PREFIX = "topic_"
#: ... and its name alone (``about_<name>``: "Skin ageing"), for a title that promises no tips
ABOUT_PREFIX = "about_"
#: the placeholders each line may use
_PLACES = {"n", "author", "title", "section", "label", "request", "who", "by", "topic"}
#: the disclaimer setting's default: written in the article's language instead
DEFAULT_DISCLAIMER = "Educational content, not medical advice."


def shipped_languages() -> tuple[str, ...]:
    """Language codes with a bundled file (``en``, ``de``, ...)."""
    return tuple(sorted(p.stem for p in bundled_caption_dir().glob("*.toml")))


def _read(path: Path) -> dict[str, str]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CardError(f"caption lines {path.name} cannot be read ({exc}); fix or remove the file") from None
    out: dict[str, str] = {}
    for key, value in data.items():
        if key == "language":
            continue
        if key not in KEYS and not key.startswith((TOPIC_PREFIX, ABOUT_PREFIX)):
            raise CardError(
                f"caption lines {path.name}: unknown key {key!r}; use one of {', '.join(KEYS)}, "
                f"or {TOPIC_PREFIX}<topic> / {ABOUT_PREFIX}<topic>"
            )
        if not isinstance(value, str):
            raise CardError(f"caption lines {path.name}: {key} must be a string; quote it")
        names = {name for _, name, _, _ in Formatter().parse(value) if name is not None}
        if names - _PLACES:
            bad = sorted(names - _PLACES)[0]
            raise CardError(
                f"caption lines {path.name}: {key} uses {{{bad}}}; the placeholders are "
                f"{', '.join('{' + p + '}' for p in sorted(_PLACES))}"
            )
        out[key] = value
    return out


@dataclass(frozen=True)
class CaptionLines:
    """The lines for one language; ``fallback`` is True when English stands in for it."""

    language: str
    lines: dict[str, str]
    fallback: bool = False

    def line(self, key: str, **values: object) -> str:
        text = self.lines[key].format(**{p: values.get(p, "") for p in _PLACES})
        return text[:1].upper() + text[1:]

    def part(self, key: str, **values: object) -> str:
        """A fragment inside a line (" by Name", " · Section"): no capital, empty without a value."""
        if not any(values.values()):
            return ""
        return self.lines[key].format(**{p: values.get(p, "") for p in _PLACES})

    def series(self, count: int, author: str | None, *, tips: bool = True) -> str:
        """What the cover promises: the real number of tips ("3 tips ... follow, one per post."),
        or of posts when not all of them tell the reader what to do (``tips`` False)."""
        by = self.part("by", author=author)
        kind = "series" if tips else "series_posts"
        return self.line(f"{kind}_one" if count == 1 else f"{kind}_other", n=count, by=by)

    def topic_title(self, topic: str | None, count: int | None = None, *, about: bool = False) -> str:
        """A title from the article's topic: "3 tips for winter skin" (``count`` None: "Tips for
        ..."); ``about``: one that promises no tips, for a series with posts that give no advice
        ("Skin ageing: what to know"; the counted title where the topic has no ``about_`` name)."""
        name = self.lines.get(f"{ABOUT_PREFIX}{topic or 'general'}") if about else None
        if name:
            return self.line("title_about", topic=name)
        phrase = self.lines.get(f"{TOPIC_PREFIX}{topic}") if topic else None
        phrase = phrase or self.lines["topic_general"]
        key = "title_none" if count is None else "title_one" if count == 1 else "title_other"
        return self.line(key, n=count, topic=phrase)

    def has_topic(self, topic: str) -> bool:
        return f"{TOPIC_PREFIX}{topic}" in self.lines

    def swipe(self, cards: int) -> str:
        """The carousel line, "" for one card; "both" for two."""
        if cards < 2:
            return ""
        return self.line("swipe_two" if cards == 2 else "swipe_other", n=cards)


@lru_cache(maxsize=64)
def caption_lines(language: str, workspace: Path | None = None) -> CaptionLines:
    """The caption lines for ``language`` (bundled file, then the workspace's lines over them)."""
    code = (language or FALLBACK_LANGUAGE).lower().split("-")[0].split("_")[0]
    bundled = bundled_caption_dir() / f"{code}.toml"
    fallback = not bundled.is_file()
    lines = _read(bundled_caption_dir() / f"{FALLBACK_LANGUAGE}.toml")
    if not fallback:
        lines.update(_read(bundled))
    if workspace is not None:
        own = workspace / "templates" / "captions" / f"{code}.toml"
        if own.is_file():
            lines.update(_read(own))
            fallback = False
    return CaptionLines(code, lines, fallback)
