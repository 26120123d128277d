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
        if not words:
            continue
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
