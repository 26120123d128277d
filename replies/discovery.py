"""Names readers used that the lexicon does not know yet, and adding one to the workspace.

A reply names an unknown device when a capitalised name or a model number stands next to a
device word ("the QykSonic Zoe brush", "a pore vacuum tool by KRASR", "Carlany Hair Removal
IPL"), or a capitalised maker is followed by a model ("Remington Reveal FC1000"). Names the
lexicon already knows, sentence-initial words, shops and platforms are left out. Staff see each
name with how often and by how many readers it was used, a few sample replies, and the kind of
device it was next to; ``add_to_lexicon`` then writes it to the workspace's gadgets.toml.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tipqueue.config.errors import InputError, SettingsError
from tipqueue.posts.models import Reply
from tipqueue.replies.gadgets import GadgetMatcher
from tipqueue.replies.lexicon import LEXICON_FILE, alias_key, load_lexicon
from tipqueue.replies.novel import NOT_NAMES as _COUNTED_NOT_NAMES  # pronouns, shops, months, materials

# Words for a device that a name may stand next to ("the Zoe brush", "KRASR's pore vacuum").
_DEVICE_WORDS = (
    r"device|devices|brush|brushes|mask|masks|wand|wands|roller|rollers|tool|tools|machine|machines|"
    r"vacuum|spatula|steamer|laser|cap|helmet|ipl|pen|massager|toner|gadget|system|scrubber|razor|"
    r"mirror|light|maske|burste|gerat|brosse|masque|appareil|cepillo|mascara|mascarilla|aparato|"
    r"spazzola|maschera|apparecchio"
)
#: The kind of device a bare device word next to a name usually is (a category key).
_WORD_KIND = {
    "brush": "cleansing-brush",
    "brushes": "cleansing-brush",
    "burste": "cleansing-brush",
    "brosse": "cleansing-brush",
    "cepillo": "cleansing-brush",
    "spazzola": "cleansing-brush",
    "mask": "led-mask",
    "masks": "led-mask",
    "maske": "led-mask",
    "masque": "led-mask",
    "mascara": "led-mask",
    "mascarilla": "led-mask",
    "maschera": "led-mask",
    "roller": "facial-roller",
    "rollers": "facial-roller",
    "vacuum": "pore-vacuum",
    "spatula": "skin-scrubber",
    "scrubber": "skin-scrubber",
    "steamer": "steamer",
    "ipl": "ipl",
    "laser": "ipl",
    "cap": "hair-growth",
    "helmet": "hair-growth",
    "pen": "microneedling",
    "razor": "dermaplaning",
    "toner": "microcurrent",
    "massager": "facial-massager",
}
_NAME = r"(?:[A-Z][A-Za-z0-9'+.-]*[A-Za-z0-9]|[A-Z]{2,}[0-9]*)"
# A name of one to three capitalised words, a model number allowed at its end.
_NAME_RUN = rf"{_NAME}(?: (?:{_NAME}|[0-9]+[A-Za-z]*|[A-Z]+[0-9]+))" + "{0,2}"
_JOINERS = r"(?:und|and|or|et|y|e|o|oder|with|for|of|to|in|on|the|a|an|is|was|vs)\b"
_BEFORE = re.compile(rf"(?<![\w'])({_NAME_RUN})(?:'s)? (?:(?!{_JOINERS})[a-z-]+ )?(?i:{_DEVICE_WORDS})\b")
_AFTER = re.compile(rf"\b(?i:{_DEVICE_WORDS})(?: [a-z]+)?,? (?:by|from|de|von|di|called) ({_NAME_RUN})")
_MODEL = re.compile(
    rf"(?<![\w'])({_NAME} (?:{_NAME} )?(?:[A-Z]{{1,4}}[0-9]{{2,}}|[0-9]{{2,}}[A-Za-z]*|[A-Z][a-z]+ [0-9]+))\b"
)
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n)$")
#: Capitalised words that open or close a name in casual replies but never are one (the
#: pronouns, shops, nationalities and materials the unknown-name finder skips are added to them).
_CHAT_WORDS = frozenset(["am", "pm", "ok", "lol", "omg", "iphone", "android", "it's", "even", "get", "girl"])


_SKIPPED = _CHAT_WORDS | _COUNTED_NOT_NAMES


@dataclass
class UnknownName:
    """A name readers used next to a device word that the lexicon does not know."""

    name: str
    count: int = 0
    readers: int = 0
    device_word: str = ""
    category: str | None = None
    samples: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "count": self.count,
            "readers": self.readers,
            "device_word": self.device_word,
            "category": self.category,
            "samples": list(self.samples),
        }


def _candidates(text: str) -> list[tuple[str, str]]:
    """(name, device words next to it) for each name-like run in ``text``."""
    out: list[tuple[str, str]] = []
    for pattern, group in ((_BEFORE, 1), (_AFTER, 1), (_MODEL, 1)):
        for match in pattern.finditer(text):
            name = match.group(group).strip(" .,'-")
            words = name.split()
            while words and words[0].lower().strip("'") in _SKIPPED:
                words = words[1:]
            while words and words[-1].lower() in _SKIPPED:
                words = words[:-1]
            if not words:
                continue
            name = " ".join(words)
            start = match.start(group) + match.group(group).find(words[0])
            if len(words) == 1 and _SENTENCE_START.search(text[:start]) and not words[0].isupper():
                continue  # "Loved the brush": a sentence's first word is capitalised anyway
            if len(alias_key(name)) < 3:
                continue
            out.append((name, match.group(0)))
    return out


def _kind_of(context: str, matcher: GadgetMatcher) -> str | None:
    for word in re.findall(r"[a-z]+", context.lower().replace("ü", "u")):
        key = _WORD_KIND.get(word)
        if key is not None and key in matcher.lexicon.categories:
            return matcher.lexicon.categories[key]
    return None


#: What one reply contributes to :func:`unknown_names`: (its reader, its sample, and for each
#: name the lexicon lacks, once per reply, (alias key, name, the device words next to it,
#: whether the name has a digit: a model number)).
Named = tuple[str, str, tuple[tuple[str, str, str, bool], ...]]


def named_in(text: str, reader: str, matcher: GadgetMatcher) -> Named:
    """The names a reply (its ``text``, by ``reader``) uses that ``matcher``'s lexicon lacks
    (what :func:`rank_unknown` adds up; the costly part of :func:`unknown_names`, so a window of
    the latest replies keeps it per reply)."""
    seen_here: set[str] = set()
    names: list[tuple[str, str, str, bool]] = []
    for name, context in _candidates(text):
        key = alias_key(name)
        if key in seen_here or matcher.find(name):
            continue
        seen_here.add(key)
        names.append((key, name, context, any(ch.isdigit() for ch in name)))
    sample = text if len(text) <= 160 else text[:157] + "..."
    return (reader, sample, tuple(names))


def rank_unknown(
    named: Iterable[Named],
    matcher: GadgetMatcher,
    *,
    samples: int = 3,
    limit: int | None = None,
    kinds: dict[tuple[str, str], str | None] | None = None,
) -> list[UnknownName]:
    """The names of :func:`named_in` results (replies in order), most used first. ``kinds``: the
    category found next to a name, kept between calls (found once per name and context)."""
    kinds = {} if kinds is None else kinds
    found: dict[str, UnknownName] = {}
    readers: dict[str, set[str]] = {}
    for reader, sample, names in named:
        for key, name, context, numbered in names:
            entry = found.get(key)
            if entry is None:
                entry = found[key] = UnknownName(name=name, device_word=context)
                if (name, context) not in kinds:
                    near = matcher.find(context.replace(name, " "))
                    kinds[(name, context)] = near[0].category if near else _kind_of(context, matcher)
                entry.category = kinds[(name, context)]
            if entry.category is None and not numbered:
                del found[key]  # neither next to a known kind of device nor a model number
                continue
            entry.count += 1
            readers.setdefault(key, set()).add(reader)
            if len(entry.samples) < samples:
                entry.samples.append(sample)
    for key, entry in found.items():
        entry.readers = len(readers[key])
    ranked = sorted(found.values(), key=lambda e: (-e.readers, -e.count, e.name.casefold()))
    return ranked[:limit] if limit is not None else ranked


def unknown_names(
    replies: Iterable[Reply], matcher: GadgetMatcher, *, samples: int = 3, limit: int | None = None
) -> list[UnknownName]:
    """Names used in ``replies`` that ``matcher``'s lexicon lacks, most used first."""
    named = (named_in(r.text, r.user_id or r.username or r.platform_id, matcher) for r in replies)
    return rank_unknown(named, matcher, samples=samples, limit=limit)


# --- adding one to the workspace's lexicon ----------------------------------------------------


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def add_to_lexicon(
    workspace: Path,
    name: str,
    *,
    category: str,
    brand: str | None = None,
    aliases: Sequence[str] = (),
) -> Path:
    """Add ``name`` to the workspace's gadgets.toml: a product of ``brand`` if one is given (and
    differs from the name), else a maker. The file is checked as a whole before it is replaced,
    so a bad entry leaves the old file as it was."""
    name = name.strip()
    if not name or not alias_key(name):
        raise InputError(f"name {name!r} has no letters or digits; give the name readers used")
    lexicon = load_lexicon(workspace)
    if category not in lexicon.categories:
        choices = ", ".join(sorted(lexicon.categories)[:8])
        raise InputError(f"unknown category {category!r}; use one of {choices}, ... (see gadgets.toml)")
    matcher = GadgetMatcher(lexicon)
    known = matcher.find(name)
    if known and alias_key(known[0].matched) == alias_key(name):
        raise InputError(f"{name!r} is already known as {known[0].gadget!r}; nothing to add")
    path = workspace / LEXICON_FILE
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    table = "gadgets" if brand and alias_key(brand) != alias_key(name) else "brands"
    lines = ["", f"[[{table}]]", f"name = {_toml_string(name)}"]
    if table == "gadgets":
        lines.append(f"brand = {_toml_string(str(brand).strip())}")
    lines.append(f"category = {_toml_string(category)}")
    extra = [a.strip() for a in aliases if a.strip()]
    if extra:
        lines.append("aliases = [" + ", ".join(_toml_string(a) for a in extra) + "]")
    new = old.rstrip("\n") + ("\n" if old else "") + "\n".join(lines).lstrip("\n" if not old else "") + "\n"
    try:
        tomllib.loads(new)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path.name} would not be valid TOML ({exc}); fix the file first") from None
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(new, encoding="utf-8")
    try:
        load_lexicon(None, extra=tmp)
    except SettingsError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"not added: {exc}") from None
    os.replace(tmp, path)
    return path
