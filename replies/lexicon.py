"""The gadget lexicon: which devices exist, what they are called, and what kind they are.

The bundled list lives in ``config/gadgets.toml``; a workspace may add its own ``gadgets.toml``
in the same format (an entry with the same name replaces the bundled one). Every entry becomes a
:class:`Gadget` of one of three kinds: a product, a brand named on its own, or a generic category
("my jade roller").
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from tipqueue.config.errors import SettingsError

LEXICON_FILE = "gadgets.toml"
_CJK_TEXT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
#: The part built from config/lexicon_sources.toml by ``python -m tipqueue.replies.lexicon_build``.
GENERATED_FILE = "gadgets.generated.toml"

GadgetKind = Literal["product", "brand", "generic"]


@dataclass(frozen=True)
class Gadget:
    """One thing a reader can name: its canonical name, category label, brand and aliases."""

    name: str
    category: str
    kind: GadgetKind
    aliases: tuple[str, ...]
    brand: str | None = None
    category_key: str = ""


@dataclass(frozen=True)
class Lexicon:
    """Every gadget known, in a stable order, and the files they came from."""

    gadgets: tuple[Gadget, ...]
    categories: Mapping[str, str]  # key -> label
    sources: tuple[str, ...] = ()

    def get(self, name: str) -> Gadget | None:
        for gadget in self.gadgets:
            if gadget.name == name:
                return gadget
        return None

    def __len__(self) -> int:
        return len(self.gadgets)


# --- normalisation shared by the lexicon and the matcher -------------------------------------


def _build_fold_table() -> dict[int, str]:
    """A one-to-one table that strips accents and folds typographic apostrophes.

    One character in, one character out, so match positions in the folded text are positions in
    the original text.
    """
    table: dict[int, str] = {0x2019: "'", 0x2018: "'", 0x02BC: "'", 0x00B4: "'", 0x2010: "-", 0x2011: "-"}
    for code in range(0x00C0, 0x0250):
        char = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        if len(base) == 1 and base != char and base.isascii():
            table[code] = base.lower()
    table[ord("ß")] = "s"  # keeps one character per character; "ss" would shift positions
    table[ord("ø")] = "o"
    table[ord("Ø")] = "o"
    table[ord("æ")] = "a"
    table[ord("œ")] = "o"
    table[ord("ł")] = "l"
    return table


FOLD_TABLE = _build_fold_table()
#: Word tokens; a run of Japanese, Chinese or Korean script is a token of its own, so a Latin
#: word written against it ("EMSなど", "LED마스크를") is still found as a word.
_CJK_RUN = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"
TOKEN_RE = re.compile(rf"[^\W_{_CJK_RUN}]+|[{_CJK_RUN}]+")


def fold(text: str) -> str:
    """Lower-case, accent-free text of exactly the same length as ``text``."""
    low = text.lower()
    if len(low) != len(text):  # a few characters grow when lower-cased (e.g. 'İ')
        low = "".join(ch.lower()[:1] for ch in text)
    return low.translate(FOLD_TABLE)


@lru_cache(maxsize=65536)
def stem(token: str) -> str:
    """Fold a plural to its singular, conservatively: 'brushes' -> 'brush', 'lunas' -> 'luna'."""
    if len(token) <= 3 or token.isdigit():
        return token
    # Spanish and Italian agent nouns and German device nouns: "limpiadores", "epilatori",
    # "vaporizzatori", "Geräte" name one device as their singular does (words of 7+ letters only).
    if len(token) >= 7:
        if token.endswith("ores"):
            return token[:-2]
        if token.endswith("tori"):
            return token[:-1] + "e"
        if token.endswith("gerate"):
            return token[:-1]
    if token.endswith("ies") and len(token) > 4:
        return token[:-3] + "y"
    if token.endswith(("shes", "ches", "xes", "sses")):
        return token[:-2]
    if token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def tokens(text: str) -> list[str]:
    """The stemmed word tokens of a text; possessive 's and apostrophes dropped."""
    low = fold(text)
    out: list[str] = []
    for match in TOKEN_RE.finditer(low):
        word = match.group()
        start = match.start()
        if word == "s" and start > 0 and low[start - 1] == "'":
            continue
        out.append(stem(word))
    return out


def trie_pattern(words: Iterable[str], gap: str = "") -> str:
    """One regular expression for a set of words, shaped as a trie (ab(?:c|d)), with ``gap``
    between letters: the engine tests each letter once instead of trying every word in turn,
    and, as with the words longest first, the longest word that matches at a place wins."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict[str, Any], lead: str) -> str:
        branches = [lead + re.escape(ch) + pattern(child, gap) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(tree, "")


def alias_key(text: str) -> str:
    """The form an alias is looked up by: stemmed tokens, spaces and hyphens removed."""
    return "".join(tokens(text))


# --- loading ---------------------------------------------------------------------------------


def bundled_lexicon_path() -> Path:
    """The lexicon shipped in the ``tipqueue.config`` package."""
    return Path(str(resources.files("tipqueue.config").joinpath(LEXICON_FILE)))


def _fail(source: str, what: str) -> SettingsError:
    return SettingsError(f"{source}: {what}")


def _str_list(source: str, where: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(source, f'{where}: aliases must be a list of strings, e.g. aliases = ["jade roller"]')
    cleaned = tuple(v.strip() for v in value if v.strip())
    for alias in cleaned:
        if not alias_key(alias):
            raise _fail(source, f"{where}: alias {alias!r} has no letters or digits; remove it")
    return cleaned


def _parse(
    data: Mapping[str, Any], source: str, known_categories: Mapping[str, str]
) -> tuple[dict[str, str], list[Gadget]]:
    unknown = set(data) - {"categories", "brands", "gadgets", "also", "shared"}
    if unknown:
        raise _fail(
            source,
            f"unknown table {sorted(unknown)[0]!r}; "
            "use [categories.KEY], [[brands]], [[gadgets]], [[shared]] or [also]",
        )
    categories: dict[str, str] = {}
    gadgets: list[Gadget] = []
    raw_categories = data.get("categories", {})
    if not isinstance(raw_categories, dict):
        raise _fail(source, "categories must be tables: [categories.KEY] with label and aliases")
    for key, body in raw_categories.items():
        where = f"[categories.{key}]"
        if not isinstance(body, dict):
            raise _fail(source, f"{where} must be a table with label and aliases")
        label = body.get("label", key.replace("-", " "))
        if not isinstance(label, str) or not label.strip():
            raise _fail(source, f"{where}: label must be a non-empty string")
        extra = set(body) - {"label", "aliases"}
        if extra:
            raise _fail(source, f"{where}: unknown key {sorted(extra)[0]!r}; use label and aliases")
        categories[key] = label.strip()
        aliases = _str_list(source, where, body.get("aliases"))
        generic_name = label.strip()[:1].upper() + label.strip()[1:]
        gadgets.append(Gadget(generic_name, label.strip(), "generic", aliases, None, key))
    all_categories = {**known_categories, **categories}
    for table, kind in (("brands", "brand"), ("gadgets", "product")):
        entries = data.get(table, [])
        if not isinstance(entries, list):
            raise _fail(source, f"{table} must be an array of tables: write [[{table}]] above each entry")
        for number, body in enumerate(entries, start=1):
            where = f"[[{table}]] #{number}"
            if not isinstance(body, dict):
                raise _fail(source, f"{where} must be a table")
            name = body.get("name")
            if not isinstance(name, str) or not name.strip():
                raise _fail(source, f'{where} has no name; add name = "..."')
            name = name.strip()
            where = f"{where} ({name!r})"
            extra = set(body) - {"name", "brand", "category", "aliases"}
            if extra:
                raise _fail(
                    source, f"{where}: unknown key {sorted(extra)[0]!r}; use name, brand, category, aliases"
                )
            category = body.get("category")
            if not isinstance(category, str) or not category:
                raise _fail(
                    source, f'{where} has no category; add category = "<one of the [categories.KEY]>"'
                )
            if category not in all_categories:
                choices = ", ".join(sorted(all_categories)[:8])
                raise _fail(source, f"{where}: unknown category {category!r}; use one of {choices}, ...")
            brand = body.get("brand", name if kind == "brand" else None)
            if brand is not None and (not isinstance(brand, str) or not brand.strip()):
                raise _fail(source, f"{where}: brand must be a non-empty string")
            aliases = _str_list(source, where, body.get("aliases"))
            gadget_kind: GadgetKind = "brand" if kind == "brand" else "product"
            gadgets.append(
                Gadget(
                    name,
                    all_categories[category],
                    gadget_kind,
                    aliases,
                    brand.strip() if isinstance(brand, str) else None,
                    category,
                )
            )
    return categories, gadgets


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SettingsError(
            f"cannot read the gadget lexicon {path} ({exc.strerror}); check the path"
        ) from None
    except UnicodeDecodeError:
        raise SettingsError(f"{path.name} is not UTF-8 text; save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path.name} is not valid TOML ({exc}); fix that line") from None


def build_lexicon(layers: Iterable[tuple[str, Mapping[str, Any]]]) -> Lexicon:
    """Merge lexicon layers in order; a later entry with the same name replaces an earlier one.

    Aliases must be unique within a layer. Across layers the later one wins: the matcher indexes
    gadgets in order, so a workspace alias takes over a bundled one.
    """
    categories: dict[str, str] = {}
    by_name: dict[str, Gadget] = {}
    sources: list[str] = []
    shared: dict[str, tuple[str, ...]] = {}
    for source, data in layers:
        shared.update(_parse_shared(data.get("shared", []), source))
        new_categories, gadgets = _parse(data, source, categories)
        categories.update(new_categories)
        _check_conflicts(gadgets, source)
        seen: set[str] = set()
        for gadget in gadgets:
            if gadget.name in seen:
                raise _fail(source, f"{gadget.name!r} is defined twice; keep one entry and merge its aliases")
            seen.add(gadget.name)
            by_name.pop(gadget.name, None)
            by_name[gadget.name] = gadget
        _add_also(data.get("also", {}), by_name, categories, source)
        sources.append(source)
    if shared:
        by_name = _with_device_words(by_name, shared)
    return Lexicon(tuple(by_name.values()), categories, tuple(sources))


def _parse_shared(entries: Any, source: str) -> dict[str, tuple[str, ...]]:
    """``[[shared]]``: makers that also sell shavers, toothbrushes, dryers or massage chairs."""
    if not isinstance(entries, list):
        raise _fail(
            source, 'shared must be an array of tables: [[shared]] with maker = "..." and names = [...]'
        )
    out: dict[str, tuple[str, ...]] = {}
    for number, body in enumerate(entries, start=1):
        maker = body.get("maker") if isinstance(body, dict) else None
        if not isinstance(maker, str) or not maker.strip():
            raise _fail(source, f'[[shared]] #{number} needs maker = "<a [[brands]] name>"')
        out[maker.strip()] = _str_list(source, f"[[shared]] #{number} ({maker!r}) names", body.get("names"))
    return out


def _joined(name: str, noun: str) -> list[str]:
    """How a maker's name is written before a device word: "Panasonic steamer", "パナソニックのスチーマー"."""
    if _CJK_TEXT.search(name) is None:
        return [] if _CJK_TEXT.search(noun) else [f"{name} {noun}"]
    if _CJK_TEXT.search(noun) is None:
        return []
    return [name + noun, f"{name}の{noun}", f"{name}의 {noun}"]


def _with_device_words(
    by_name: dict[str, Gadget], shared: Mapping[str, tuple[str, ...]]
) -> dict[str, Gadget]:
    """A maker that also sells things other than skin devices ("my Panasonic" is as often a shaver)
    is a gadget only with a device word after it ("my Panasonic steamer") or as one of its models:
    its bare names leave every entry of that brand, and its brand entry becomes one entry per kind
    of device it makes ("Philips cleansing brush", "Philips IPL"), named by maker + device word."""
    nouns: dict[str, tuple[str, ...]] = {}
    for gadget in by_name.values():
        if gadget.kind == "generic":
            nouns[gadget.category_key] = gadget.aliases
    taken = {alias_key(a) for g in by_name.values() for a in (g.name, *g.aliases)}
    out: dict[str, Gadget] = {}
    brands: dict[str, Gadget] = {}
    kinds: dict[str, dict[str, str]] = {}  # maker -> category key -> label
    for name, gadget in by_name.items():
        maker = gadget.brand if gadget.brand in shared else None
        if maker is None:
            out[name] = gadget
            continue
        bare = {alias_key(n) for n in (maker, *shared[maker])}
        kinds.setdefault(maker, {})[gadget.category_key] = gadget.category
        if gadget.kind == "brand":
            brands[maker] = gadget
            continue
        out[name] = replace(gadget, aliases=tuple(a for a in gadget.aliases if alias_key(a) not in bare))
    for maker, brand in brands.items():
        written = [maker, *(n for n in shared[maker] if alias_key(n) != alias_key(maker))]
        for key, label in sorted(kinds[maker].items()):
            combos: list[str] = []
            for noun in nouns.get(key, ()):
                for form in (f for n in written for f in _joined(n, noun)):
                    if (k := alias_key(form)) and k not in taken:
                        taken.add(k)
                        combos.append(form)
            name = f"{maker} {label}"
            if alias_key(name) in taken - {alias_key(c) for c in combos}:
                name = f"{label} by {maker}"  # a model has that phrase already ("Panasonic facial steamer")
            taken.add(alias_key(name))
            out[name] = replace(brand, name=name, category=label, category_key=key, aliases=tuple(combos))
    return out


def _add_also(also: Any, by_name: dict[str, Gadget], categories: Mapping[str, str], source: str) -> None:
    """``[also]``: more aliases for entries defined already ("NuFace" = [...], "category:KEY" = [...])."""
    if not isinstance(also, dict):
        raise _fail(
            source, '[also] must map an entry\'s name to a list of aliases, e.g. "NuFace" = ["nufacing"]'
        )
    for name, values in also.items():
        target = name
        if name.startswith("category:"):
            label = categories.get(name.removeprefix("category:"))
            if label is None:
                raise _fail(
                    source, f"[also] {name!r}: no such category; use category:KEY of a [categories.KEY]"
                )
            target = label[:1].upper() + label[1:]
        gadget = by_name.get(target)
        if gadget is None:
            raise _fail(source, f"[also] {name!r}: no entry of that name; define it first")
        extra = tuple(a for a in _str_list(source, f"[also] {name!r}", values) if a not in gadget.aliases)
        by_name[target] = replace(gadget, aliases=gadget.aliases + extra)


def _check_conflicts(gadgets: Iterable[Gadget], source: str) -> None:
    owner: dict[str, str] = {}
    for gadget in gadgets:
        for alias in (gadget.name, *gadget.aliases):
            key = alias_key(alias)
            if not key:
                continue
            other = owner.get(key)
            if other is not None and other != gadget.name:
                raise _fail(
                    source,
                    f"alias {alias!r} of {gadget.name!r} is also a name of {other!r}; "
                    "give each alias to one gadget only",
                )
            owner[key] = gadget.name


def load_lexicon(workspace: Path | None = None, *, extra: Path | None = None) -> Lexicon:
    """The bundled lexicon, plus the workspace's own ``gadgets.toml`` and ``extra`` if given."""
    layers: list[tuple[str, Mapping[str, Any]]] = [("config/gadgets.toml", _bundled_data())]
    generated = _generated_data()
    if generated:
        layers.append((f"config/{GENERATED_FILE}", generated))
    paths: list[Path] = []
    if workspace is not None and (workspace / LEXICON_FILE).is_file():
        paths.append(workspace / LEXICON_FILE)
    if extra is not None:
        if not extra.is_file():
            raise SettingsError(
                f"gadget lexicon {extra} does not exist; give the path of a gadgets.toml file"
            )
        paths.append(extra)
    for path in paths:
        layers.append((path.name, _read_toml(path)))
    return build_lexicon(layers)


@lru_cache(maxsize=1)
def _bundled_data() -> dict[str, Any]:
    return _read_toml(bundled_lexicon_path())


@lru_cache(maxsize=1)
def _generated_data() -> dict[str, Any]:
    path = bundled_lexicon_path().with_name(GENERATED_FILE)
    return _read_toml(path) if path.is_file() else {}


def bundled_lexicon() -> Lexicon:
    """Only the lexicon shipped with tipqueue."""
    return load_lexicon(None)
