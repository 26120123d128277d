"""The words the gadget matcher treats specially: stopwords, near-misses, weak aliases, context.

Kept apart from the matching in gadgets.py so these lists can grow without the logic growing.
Everything here is folded (lower case, no accents) as the text it is compared with.
"""

from __future__ import annotations

import re

from tipqueue.replies.lexicon import trie_pattern

# Words never at either end of a fuzzy match, and never fuzzy-matched on their own.
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "my",
        "your",
        "our",
        "their",
        "his",
        "her",
        "its",
        "this",
        "that",
        "these",
        "those",
        "i",
        "me",
        "we",
        "you",
        "it",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "am",
        "to",
        "of",
        "in",
        "on",
        "at",
        "for",
        "with",
        "and",
        "or",
        "but",
        "so",
        "if",
        "as",
        "by",
        "from",
        "than",
        "then",
        "just",
        "also",
        "too",
        "very",
        "really",
        "have",
        "has",
        "had",
        "do",
        "does",
        "did",
        "not",
        "no",
        "never",
        "get",
        "got",
        "use",
        "used",
        "using",
        "love",
        "like",
        "one",
        "all",
        "any",
        "some",
        "much",
        "more",
        "most",
        "only",
        "own",
        "same",
        "such",
        "other",
        "into",
        "over",
        "after",
        "before",
        "again",
        "once",
        "here",
        "there",
        "when",
        "where",
        "why",
        "how",
        "what",
        "which",
        "who",
        "whom",
        "because",
        "while",
        "about",
        "against",
        "between",
        "through",
        "during",
        "under",
        "above",
        "below",
        "up",
        "down",
        "out",
        "off",
        "again",
        "further",
        "both",
        "each",
        "few",
        "nor",
        "can",
        "will",
        "should",
        "would",
        "could",
        "might",
        "must",
        "shall",
        "may",
        "day",
        "days",
        "night",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "time",
        "times",
        "face",
        "skin",
        "products",
        "product",
        "device",
        "devices",
        "tool",
        "tools",
        "thing",
        "things",
        "stuff",
        "someone",
        "something",
        "anything",
        "everything",
        "nothing",
        "people",
        "person",
        "still",
        "even",
        "ever",
        "every",
        "great",
        "good",
        "best",
        "better",
        "amazing",
        "another",
        "would",
        "mine",
        "yours",
        "gadget",
        "gadgets",
        "home",
        "morning",
        "evening",
        "results",
        "favorite",
        "favourite",
        "recommend",
        "recommended",
        "really",
        "actually",
        "literally",
        "honestly",
    ]
)

# A few common words sit one typo away from a device name; they are never fuzzy-matched.
_NOT_FUZZY = frozenset(
    [
        "streamer",
        "steamed",
        "steaming",
        "streaming",
        "cupping",
        "coping",
        "mirror",
        "mirrors",
        "dermatologist",
        "dermatology",
        "derma",
        "dermal",
        "microphone",
        "microwave",
        "ultrasound",
        "ultrasonics",
        "frequent",
        "frequently",
        "laser",
        "lasers",
        "lumen",
        "lumens",
        "currently",
        "current",
        "currents",
        "luna",
        "facialexercise",
        "faceexercise",
        # a massage is what hands do; only a massager is a device
        "facialmassage",
        "facemassage",
        "eyemassage",
        "gesichtsmassage",
        "gesichtsmassagen",
    ]
)


# Scripts written without spaces between words: their aliases are found as substrings.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
#: Aliases that name a device only where the text also speaks of faces or skin: "steamer" alone
#: is as often a clothes steamer, "sonic brush" a toothbrush.
_WEAK = frozenset(
    [
        "steamer",
        "sonic brush",
        "spin brush",
        "spinning brush",
        "rotating brush",
        "ems",
        "light therapy",
        "massage roller",
        "초음파",
        "brush",
        "silicone brush",
        "light mask",
    ]
)
_FACE_WORDS = re.compile(
    r"\b(?:face|facial|faces|skin|pores?|complexion|acne|wrinkles?|jawline|cheeks?|forehead|blackheads?|"
    r"breakouts?|rosacea|redness|visage|peau|gesicht|haut|cara|piel|rostro|viso|pelle|spots?)\b"
    r"|[顔肌]|얼굴|피부"
)
#: Products that share makers and words with beauty devices; a sentence about one of them names
#: no device by its maker alone ("my Philips Sonicare"), nor by a weak word ("sonic brushes").
_FOREIGN = re.compile(
    r"tooth ?brush|toothpaste|sonicare|oral-?b|dental|teeth|hair ?dryers?|blow ?dryer|vacuum cleaner|"
    r"garment|clothes|clothing|wrinkles from clothing|kettle|razor blades?|shaver|trimmer|"
    r"zahnburste|zahnbursten|cepillo de dientes|spazzolino|brosse a dents"
)
#: A light-up mask worn for show, not for the skin: a costume, a party or a decoration. A thread
#: whose reader speaks of the mask so has no skin device as its topic either.
_COSTUME = re.compile(
    r"\b(?:"
    + trie_pattern(
        [
            "costume",
            "costumes",
            "halloween",
            "decoration",
            "decorations",
            "decorating",
            "party",
            "parties",
            "rave",
            "festival",
            "cosplay",
            "disguise",
            "purge",
            "kostum",
            "fasching",
            "karneval",
            "deguisement",
            "fete",
            "carnaval",
            "disfraz",
            "fiesta",
            "travestimento",
            "festa",
        ]
    )
    + r")\b|仮装|コスプレ|ハロウィン|파티|할로윈|코스프레"
)
#: A massager for the body, not the face: muscles, shoulders, back, calves, in every language.
_BODY = re.compile(
    r"\b(?:"
    + trie_pattern(
        [
            "muscle",
            "muscles",
            "muscular",
            "shoulder",
            "shoulders",
            "back_pain",
            "calves",
            "calf",
            "leg",
            "legs",
            "neck_pain",
            "muskel",
            "muskeln",
            "muskulatur",
            "verspannung",
            "verspannungen",
            "schulter",
            "schultern",
            "nacken",
            "rucken",
            "wade",
            "waden",
            "epaule",
            "epaules",
            "mollet",
            "mollets",
            "musculo",
            "musculos",
            "espalda",
            "hombro",
            "hombros",
            "pierna",
            "piernas",
            "muscoli",
            "spalle",
            "schiena",
            "polpacci",
        ]
    ).replace("_", " ")
    + r")\b|筋肉|肩こり|腰痛|ふくらはぎ|근육|어깨|허리|종아리|다리|안마"
)
#: Device kinds (by label) that a costume (light-up masks) or a body (massagers, muscle
#: stimulators) makes into something else.
_COSTUME_KINDS = frozenset({"LED mask"})
_BODY_KINDS = frozenset({"EMS toning device", "facial massager"})
NOT_SKIN_KINDS = _COSTUME_KINDS | _BODY_KINDS


def not_for_skin(category: str, low: str) -> bool:
    """Whether the (folded or lower-case) text makes a device of ``category`` something for show or for the body:
    a light-up mask at a party, a massager for sore shoulders (and no word of faces or skin)."""
    if category in _COSTUME_KINDS:
        return _COSTUME.search(low) is not None
    return category in _BODY_KINDS and _BODY.search(low) is not None and _FACE_WORDS.search(low) is None


_SENTENCE = re.compile(r"[^.!?\n]+[.!?\n]*")
#: Words that join a device word to its maker written after it ("la máscara LED de Foreo").
_OF = frozenset({"de", "by", "from", "von", "di", "da", "of", "par", "del", "della"})
#: A compound whose left part is one of these names something else ("Zahnreinigungsbürste").
_FOREIGN_LEFT = ("zahn", "haar", "kleider", "schuh", "flaschen", "toiletten", "spul", "wc", "hunde", "nagel")
#: Small words joining a device noun to its modifier in French, Spanish, Italian and Portuguese
#: ("épilateur à lumière pulsée", "épilation avec de la lumière pulsée", "depiladora con luz
#: pulsada", "cepillo de limpieza facial", "spazzola per il viso"); inside a
#: name they are skipped, on both sides, so every way of joining the words finds the one device.
_LINK_WORDS = (
    "a de di du des d da del della dello dei delle per pour para al alla au aux la le il el lo l avec con"
)
_LINKS = frozenset(_LINK_WORDS.split())

#: Generic device nouns that several technologies share when a list names them once
#: ("LED, RF and microcurrent devices", "LED·고주파·갈바닉 기기", "고주파, 저주파, 미세전류 기기"):
#: each technology before the noun names a device of its own kind.
_HEADS = frozenset(
    [
        "device",
        "tool",
        "wand",
        "machine",
        "gadget",
        "gerat",
        "appareil",
        "dispositivo",
        "apparecchio",
        "aparato",
        "maquina",
        "기기",
        "디바이스",
    ]
)
#: Korean particles stick to the noun ("기기를"), so these heads are also found as the start of a word.
_HEAD_STARTS = ("기기", "디바이스")
#: What separates the items of such a list: punctuation, or one of these words.
_LIST_MARKS = frozenset(",·・/、&+")
_LIST_WORDS = frozenset(["and", "or", "und", "oder", "et", "ou", "y", "o", "e", "및", "또는"])

#: Aliases that name a technique rather than a device: in a sentence that describes how another
#: device works ("The Solawave device uses a combination of red light therapy, microcurrent …",
#: "this handheld tool … through red light therapy"), they are that device's features.
_TECHNIQUES = frozenset(
    [
        "red light therapy",
        "led light therapy",
        "led therapy",
        "blue light therapy",
        "light therapy",
        "microcurrent",
        "micro current",
        "radio frequency",
        "radiofrequency",
        "high frequency",
        "ems",
        "ipl",
        "intense pulsed light",
        "intense pulse light",
        "microcourant",
        "microcorriente",
        "microcorrente",
        "radiofrequence",
        "radiofrecuencia",
        "radiofrequenza",
        "mikrostrom",
        "고주파",
        "미세전류",
        "갈바닉",
        "초음파",
    ]
)
#: A device named or referred to ("the Solawave device", "this handheld tool") and then a verb or
#: preposition of how it works, before the technique in the same sentence.
_DEVICE_NOUN = re.compile(
    r"\b(?:devices?|tools?|wands?|gadgets?|machines?|appareils?|outils?|gerat|gerate|dispositivos?|"
    r"herramientas?|apparecchi|apparecchio|strument[oi])\b|기기|디바이스|美顔器"
)
_MECHANISM = re.compile(
    r"\b(?:through|via|uses|using|combines|combining|combination|emits|emitting|delivers|delivering|"
    r"harnesses|harnessing|powered by|relies on|grace a|utilise|combine|associe|durch|nutzt|kombiniert|"
    r"mediante|utiliza|combina|tramite|utilizza|sfrutta)\b|を使(?:った|う|用)|による|(?:을|를) 이용"
)
#: A short gloss glued to a word ("LED(발광다이오드) 마스크", "IPL(intense pulsed light) device"):
#: the name goes on after it, so the matcher reads past it.
_GLOSS = re.compile(r"(?<=[^\W\d_])\([^()\d]{1,24}\)(?=\s*[^\W\d_])")
#: The same in Japanese: "レーザーや高周波を使用する美顔器" is a laser and a radio-frequency device.
_JA_LINKS = ("を使用する", "を使用した", "を使った", "を使う", "による", "の")
_JA_MARKS = re.compile(r"[や・、と]")
#: A reader who booked an appointment for a treatment salons and clinics also give ("reservé cita
#: para probar la fotodepilación") speaks of the salon's machine, unless the text says at home.
_APPOINTMENT = re.compile(
    r"\b(?:appointments?|cita|citas|rendez-vous|appuntamento|appuntamenti|termin)\b|予約|예약"
)
_AT_HOME = re.compile(
    r"\b(?:home|domicile|chez (?:soi|moi)|casa|domestic\w*|domestique|zu hause|daheim|heim\w*)\b|"
    r"家庭用|自宅|가정용|집에서|홈"
)
SALON_KINDS = frozenset({"ipl", "laser", "microneedling", "microdermabrasion", "radio-frequency"})


_APPOINTMENT_HINTS = ("appointment", "cita", "rendez", "appuntament", "termin", "予約", "예약")


def at_a_salon(low: str) -> bool:
    """Whether the (folded) text speaks of an appointment for a treatment, and not of doing it at home."""
    if not any(hint in low for hint in _APPOINTMENT_HINTS):  # most texts: no regex needed
        return False
    return _APPOINTMENT.search(low) is not None and _AT_HOME.search(low) is None


#: Device nouns that French, Spanish and Italian put before what the device works with
#: ("dispositivo de luz pulsada"); a clause may put words between them (see GadgetMatcher._described).
_NOUNS_BEFORE = frozenset(
    ["dispositivo", "maquina", "aparato", "apparecchio", "appareil", "depiladora", "epilatore", "epilateur"]
)
#: Where a clause ends: the device noun and its technology are in one clause.
_CLAUSE_END = frozenset(',;:.!?()«»"')
