"""Devices the lexicon does not know, named by readers: "the Sensse mask", "my Qyksonic brush".

A capitalised name (or a name with a model number) standing right before a device word counts as
a gadget of the kind that word usually is, provided the sentence also speaks of what such a
device is for: a mask only with light ("LED", "red light", "Licht", "lumière"), a brush, roller,
razor or steamer only with the face or skin and nothing that makes it a make-up brush, a hair
roller, a toothbrush or a clothes steamer. The same names are what ``replies unknown`` lists for
staff (see discovery.py), so a name counted here is also one they can add to the lexicon.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from tipqueue.replies.lexicon import alias_key

#: A device word and the category key it stands for, with what its sentence must also mention.
_LIGHT = r"\b(?:led|light|lights|red|blue|infrared|near-infrared|lumiere|licht|luz|luce|phototherapy)\b"
_FACE = (
    r"\b(?:face|facial|faces|skin|pores?|complexion|acne|wrinkles?|jawline|cheeks?|forehead|"
    r"blackheads?|cleanse|cleansing|cleanser|gesicht|haut|visage|peau|cara|piel|rostro|viso|pelle)\b"
)
_KINDS: dict[str, tuple[str, str]] = {
    "mask": ("led-mask", _LIGHT),
    "maske": ("led-mask", _LIGHT),
    "masque": ("led-mask", _LIGHT),
    "mascara": ("led-mask", _LIGHT),
    "mascarilla": ("led-mask", _LIGHT),
    "maschera": ("led-mask", _LIGHT),
    "brush": ("cleansing-brush", _FACE),
    "burste": ("cleansing-brush", _FACE),
    "brosse": ("cleansing-brush", _FACE),
    "cepillo": ("cleansing-brush", _FACE),
    "spazzola": ("cleansing-brush", _FACE),
    "roller": ("facial-roller", _FACE),
    "vacuum": ("pore-vacuum", _FACE),
    "spatula": ("skin-scrubber", _FACE),
    "scrubber": ("skin-scrubber", _FACE),
    "steamer": ("steamer", _FACE),
    "razor": ("dermaplaning", _FACE),
    "massager": ("facial-massager", _FACE),
}
#: Words that make the thing something else: a sheet mask, a make-up brush, a hair roller.
_OTHER = re.compile(
    r"\b(?:sheet|clay|mud|peel-off|peel off|sleeping|hydrogel|charcoal|cloth|surgical|n95|ski|eye mask|"
    r"make-?up|makeup|foundation|powder|kabuki|blush|contour|concealer|eyeshadow|brow|lash|mascara wand|"
    r"tooth|teeth|toothbrush|dental|hair|curl|curls|curlers?|velcro|heated|hot rollers?|foam|paint|lint|"
    r"garment|clothes|clothing|iron|shav(?:e|ing) (?:cream|foam)|legs?|armpits?|beard|"
    r"kosmetikpinsel|zahn|haar|pinceau|dents|cheveux|maquillage|brocha|dientes|pelo|pennello|denti|capelli)\b"
)
_NAME = r"(?:[A-Z][A-Za-z0-9'+.-]*[A-Za-z0-9]|[A-Z]{2,}[0-9]*)"
_NAME_RUN = rf"{_NAME}(?: (?:{_NAME}|[0-9]+[A-Za-z]*))" + "{0,2}"
_DESCRIPTOR = r"(?i:led|light|facial|face|cleansing|sonic|silicone)"
#: A device word, where the search for a name before it starts.
_WORD = re.compile(rf"(?<![\w'])({'|'.join(_KINDS)})(?:e?s|n)?\b")
#: The name that ends right before a device word (matched on the text before it).
_NAME_BEFORE = re.compile(rf"(?<![\w'])({_NAME_RUN})(?:'s)? (?:{_DESCRIPTOR} )?$")
_CAPITAL_NEAR = re.compile(r"[A-Z0-9]")

#: Capitalised words that are not makers: pronouns, shops, platforms, nationalities, materials
#: (``replies unknown`` leaves them out too).
NOT_NAMES = frozenset(
    [
        "i",
        "i'm",
        "i've",
        "my",
        "the",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "we",
        "you",
        "your",
        "our",
        "they",
        "he",
        "she",
        "his",
        "her",
        "a",
        "an",
        "and",
        "or",
        "but",
        "so",
        "if",
        "when",
        "then",
        "also",
        "just",
        "new",
        "old",
        "best",
        "top",
        "good",
        "great",
        "love",
        "amazing",
        "led",
        "ipl",
        "rf",
        "ems",
        "fda",
        "usb",
        "uk",
        "us",
        "eu",
        "usa",
        "tiktok",
        "instagram",
        "youtube",
        "amazon",
        "sephora",
        "ulta",
        "boots",
        "walmart",
        "target",
        "costco",
        "qvc",
        "hsn",
        "ebay",
        "etsy",
        "aliexpress",
        "reddit",
        "google",
        "apple",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "christmas",
        "black",
        "cyber",
        "day",
        "one",
        "two",
        "three",
        "home",
        "face",
        "facial",
        "skin",
        "red",
        "blue",
        "green",
        "hair",
        "light",
        "mini",
        "pro",
        "plus",
        "max",
        "series",
        "edition",
        "set",
        "kit",
        "dr",
        "mr",
        "mrs",
        "ms",
        "of",
        "for",
        "not",
        "fan",
        "removal",
        "therapy",
        "beauty",
        "cleansing",
        "toning",
        "system",
        "device",
        "korean",
        "japanese",
        "chinese",
        "french",
        "german",
        "italian",
        "spanish",
        "american",
        "british",
        "european",
        "asian",
        "swedish",
        "k-beauty",
        "j-beauty",
        "collection",
        "my",
        "meine",
        "mon",
        "ma",
        "mi",
        "mio",
        "mia",
        "la",
        "le",
        "el",
        "il",
        "der",
        "die",
        "das",
        "ein",
        "eine",
        "un",
        "une",
        "led-maske",
        "silicone",
        "sonic",
        "electric",
        "jade",
        "rose",
        "quartz",
        "crystal",
        "amethyst",
        "obsidian",
        "gold",
        "golden",
        "steel",
        "stainless",
        "titanium",
        "ceramic",
        "copper",
        "bamboo",
        "wooden",
        "glass",
        "ice",
        "cryo",
    ]
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“(]\s*|\n)$")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?\n]*")


class Novel(NamedTuple):
    start: int  # in characters of the text
    end: int
    name: str  # as the reader wrote it
    category: str  # a category key of the lexicon
    word: str  # the device word it stood next to


#: Small words that a title in Title Case capitalises ("What's The Deal With Home Face Steamers?",
#: "Why You Need A Facial Steamer"): a run of capitals holding one is a headline, not a product name.
_HEADLINE_WORDS = frozenset(
    [
        "with",
        "of",
        "for",
        "about",
        "to",
        "in",
        "on",
        "from",
        "vs",
        "versus",
        "at",
        "is",
        "are",
        "was",
        "why",
        "what",
        "how",
        "need",
        "your",
        "do",
        "does",
        "should",
        "into",
        "than",
        "can",
        "will",
    ]
)


def might_name(low: str) -> bool:
    """Whether the folded text has a device word at all (a cheap test before :func:`novel_names`)."""
    return _WORD.search(low) is not None


def novel_names(
    text: str,
    low: str,
    taken: list[tuple[int, int]],
    known: frozenset[str],
    kinds: frozenset[str] = frozenset(),
) -> list[Novel]:
    """Unknown devices named in ``text`` (``low`` is its folded form, of the same length): spans
    that overlap no ``taken`` one and whose name's lookup key is not in ``known`` (the names the
    lexicon has, as :func:`alias_key` forms). A device word of one of ``kinds`` (category keys:
    the kind of device the reply's thread is about) needs no word of what it is for in its
    sentence: under a post on LED masks, "the Sensse mask" is one."""
    found: list[Novel] = []
    for device in _WORD.finditer(low):
        before = text[max(0, device.start() - 60) : device.start()]
        if not _CAPITAL_NEAR.search(before[-30:]):
            continue  # no capital or model number just before the device word: no name
        match = _NAME_BEFORE.search(before)
        if match is None:
            continue
        base = device.start() - len(before)
        words = match.group(1).split()
        offset = base + match.start(1)
        while words and words[0].lower().strip("'") in NOT_NAMES:
            offset += len(words[0]) + 1
            words = words[1:]
        while words and words[-1].lower() in NOT_NAMES:
            words = words[:-1]
        if not words or any(w.lower() in _HEADLINE_WORDS for w in words):
            continue  # "The Deal With Face Steamers": a headline's capitals, no maker
        name = " ".join(words)
        if len(words) == 1 and _SENTENCE_START.search(text[:offset]) and not name.isupper():
            continue  # "Loved the brush": a sentence's first word is capitalised anyway
        key = alias_key(name)
        if len(key) < 3 or key in known:
            continue
        start, end = offset, device.end()
        if any(start < e and s < end for s, e in taken):
            continue
        word = device.group(1).lower()
        category, needs = _KINDS.get(word, ("", ""))
        if not category:
            continue
        sentence = next((m.group() for m in _SENTENCE.finditer(text) if m.start() <= start < m.end()), text)
        low = sentence.lower()
        if _OTHER.search(low) or (category not in kinds and not re.search(needs, low)):
            continue
        found.append(Novel(start, end, name, category, word))
    return found


# --- names listed beside a known device ------------------------------------------------------

#: What parts the items of a list: a comma, a colon or semicolon, a word for "and" / "or".
_ITEM_BREAK = re.compile(
    r"\s*[,;:]\s*|\s+(?:and|or|y|o|e|et|ou(?: encore| bien)?|und|oder|sowie|as well as|및|또는)\s+"
)
#: Words that open a list's item without being part of the name ("such as the", "notamment").
_ITEM_OPENER = re.compile(
    r"^(?:(?:such as|like|including|especially|notably|namely|for example|e\.g\.|notamment|comme|"
    r"como|come|wie|z\. ?b\.|etwa|tra cui|entre ellos|the|a|an|le|la|les|l'|el|il|lo|der|die|das)\s+|l')+",
    re.IGNORECASE,
)
#: Words that say the list is a list of examples, so a single plain name in it is one too.
_EXAMPLES = re.compile(
    r"\b(?:such as|like|including|notably|namely|notamment|comme|como|come|wie|tra cui|marques|brands|"
    r"marcas|marche|marken|makers)\b",
    re.IGNORECASE,
)
#: An item that is only a name: a maker and model ("Remington Reveal FC1000"), a maker with its model
#: and price in brackets ("Calor (Derma Perfect, 299 euros)"), and perhaps a price after it.
_ITEM = re.compile(
    rf"^(?P<main>(?P<name>{_NAME_RUN})(?: \((?P<model>[^()]*)\))?)"
    r"(?: \(?[£$€]?[0-9][0-9.,]*\s*(?:€|euros?|\$|£)?\)?)?$"
)
_MODEL = re.compile(
    r"^(?:l'|the |le |la |el |il )?(?P<model>[A-ZÀ-Þ][\w'+.-]*(?: [A-ZÀ-Þ0-9][\w'+.-]*){0,3})"
)
#: Capitals inside a word or a model number: "QykSonic", "FC1000", "E-one" look like product names.
_PRODUCT_SHAPE = re.compile(r"[a-z][A-Z]|[A-Za-z][0-9]|[0-9][A-Za-z]|^[A-Z]-[a-z]|\s[A-Z]-[a-z]")
#: Capitalised words that are skin care or body parts, not devices ("Vitamin C", "Retinol").
_NOT_DEVICE = re.compile(
    r"\b(?:vitamin|retinol|serum|cream|creme|toner|spf|acid|oil|gel|lotion|balm|mask|masks|niacinamide|"
    r"collagen|peptides?|hyaluronic|face|eyes|neck|body)\b",
    re.IGNORECASE,
)


class Listed(NamedTuple):
    start: int
    end: int
    name: str  # "Calor Derma Perfect"
    beside: int  # the index, in ``named``, of the known device it was listed with


def listed_beside(text: str, named: list[tuple[int, int]], known: frozenset[str]) -> list[Listed]:
    """Names the lexicon lacks in a list of devices with one it knows (``named``: the spans of the
    products and makers found in ``text``): "such as the QykSonic Zoe and FOREO Luna", "Clarisonic
    Mia Smart, Foreo Luna 2 y Remington Reveal FC1000", "Philips (Luméa, 499 euros), Calor (Derma
    Perfect, 299 euros)". An item counts only when it is nothing but a name shaped like a product's
    (a model number, a capital inside a word, two capitalised words or a model in brackets), or a
    plain name in a list of examples ("notamment Epilady et Current Body")."""
    found: list[Listed] = []
    done: set[int] = set()
    for a0, b0 in named:
        if _ITEM_AFTER.match(text, b0) is None:
            continue  # the known device does not end a list item: no list of devices here
        s_start, s_end = _sentence_around(text, a0)
        if s_start in done:
            continue
        done.add(s_start)
        inside = [n for n, (a, b) in enumerate(named) if s_start <= a < s_end]
        items = _items(text, s_start, s_end)
        if len(items) < 2:
            continue
        examples = _EXAMPLES.search(text, s_start, s_end) is not None
        holders = {
            k: n
            for k, (a, b) in enumerate(items)
            for n in inside
            if a <= named[n][0] < b and _bare(text[a:b])
        }  # item -> the known device that is all of it: a list of devices, not of people beside one
        if not holders:
            continue
        for k, (a, b) in enumerate(items):
            if k in holders:
                continue
            nearest = min(holders, key=lambda h: abs(h - k))
            # a plain name counts only right beside the known one, and never as a sentence's first word
            plain_ok = examples and abs(nearest - k) == 1 and a > s_start
            listed = _listed_item(text, a, b, known, plain_ok)
            if listed is not None and not any(a < e and s < b for s, e in named):
                found.append(Listed(listed[0], listed[1], listed[2], holders[nearest]))
    return found


def _bare(item: str) -> bool:
    """Whether a list item is a name and nothing more (perhaps with a model or price after it)."""
    opener = _ITEM_OPENER.match(item)
    return _ITEM.match(item[opener.end() :] if opener else item) is not None


_SENTENCE_END = re.compile(r"[.!?\n]")
#: What may follow a device that is a whole list item: its model or price, then a break or the end.
_ITEM_AFTER = re.compile(
    r"[\w'.-]*(?: [A-Z0-9][\w'.-]*){0,3}(?: ?\([^()]*\))?(?: ?[£$€]?[0-9][0-9.,]*\s*(?:€|euros?|\$|£)?)?"
    r"\s*(?:$|[,;:.!?)]|\s(?:and|or|y|o|e|et|ou|und|oder|sowie)\s)"
)


def _sentence_around(text: str, at: int) -> tuple[int, int]:
    """The span of the sentence holding ``at``; a point between digits ("1.350 euros") ends none."""
    start = at
    while start > 0:
        start -= 1
        if text[start] in ".!?\n" and not _between_digits(text, start):
            start += 1
            break
    end = at
    for match in _SENTENCE_END.finditer(text, at):
        if not _between_digits(text, match.start()):
            end = match.end()
            break
    else:
        end = len(text)
    return start, end


def _between_digits(text: str, i: int) -> bool:
    return 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()


def _items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of a sentence's list items, split at breaks outside brackets."""
    brackets = "(" in text[start:end]
    items: list[tuple[int, int]] = []
    at = start
    for cut in _ITEM_BREAK.finditer(text, start, end):
        if cut.end() == cut.start():
            continue
        if brackets and text.count("(", start, cut.start()) > text.count(")", start, cut.start()):
            continue  # inside "(Derma Perfect, 299 euros)"
        items.append((at, cut.start()))
        at = cut.end()
    items.append((at, end))
    return [(a, b) for a, b in ((a, _trim_end(text, a, b)) for a, b in items) if b > a]


def _trim_end(text: str, start: int, end: int) -> int:
    while (
        end > start
        and text[end - 1] in " .!?)\n\"”'"
        and not (text[end - 1] == ")" and "(" in text[start:end])
    ):
        end -= 1
    return end


def _listed_item(
    text: str, start: int, end: int, known: frozenset[str], examples: bool
) -> tuple[int, int, str] | None:
    item = text[start:end]
    opener = _ITEM_OPENER.match(item)
    if opener:
        start += opener.end()
        item = item[opener.end() :]
    match = _ITEM.match(item)
    if match is None:
        return None
    words = match.group("name").split()
    if words[0].lower() in NOT_NAMES or _NOT_DEVICE.search(item):
        return None
    name = " ".join(words)
    model = match.group("model")
    if model:
        head = _MODEL.match(model.strip())
        if head is None:
            return None
        name = f"{name} {head.group('model')}"
    shaped = model is not None or len(words) >= 2 or _PRODUCT_SHAPE.search(name) is not None
    if not (shaped or (examples and len(words[0]) >= 4)):
        return None
    if not model and start == 0:
        return None
    key = alias_key(name)
    if len(key) < 3 or key in known:
        return None
    return start, start + len(match.group("main")), name
