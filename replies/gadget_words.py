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


class _Words:
    """Words searched in folded text: one pattern for the Latin script (word-bounded), one for
    the scripts written without spaces, tried only on text that has letters beyond ASCII. Two
    patterns search several times faster than their alternation, which no prefix can narrow."""

    __slots__ = ("_latin", "_other")

    def __init__(self, *latin: str, other: str) -> None:
        self._latin = tuple(re.compile(pattern) for pattern in latin)
        self._other = re.compile(other)

    def search(self, text: str) -> re.Match[str] | None:
        for pattern in self._latin:
            found = pattern.search(text)
            if found is not None:
                return found
        return self._other.search(text) if not text.isascii() else None


def _words(words: str) -> str:
    """A word-bounded pattern for space-separated folded words ("_" stands for a space inside one)."""
    return r"\b(?:" + trie_pattern(words.split()).replace("_", " ") + r")\b"


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
        "oscillating brush",  # a toothbrush's word too (oscillating-rotating heads)
        "ems",
        "light therapy",
        "massage roller",
        "초음파",
        "brush",
        "silicone brush",
        "light mask",
        "luminotherapie",  # light therapy against the winter blues as often as for the skin
        "appareil de luminotherapie",
        "rouleau",  # a paint, hair or kitchen roller unless the face is in the text
        "rullo",
        "rodillo",
    ]
)
_FACE_WORDS = _Words(
    r"\b(?:face|facial|faces|skin|pores?|complexion|acne|wrinkles?|jawline|cheeks?|forehead|blackheads?|"
    r"breakouts?|rosacea|redness|visage|peau|gesicht|haut|cara|piel|rostro|viso|volto|pelle|spots?)\b",
    other=r"顔|(?<!地)肌|얼굴|피부",  # 地肌 is the scalp's skin
)
_FOREIGN_WORDS = (
    "dryer dryers flat_iron flat_irons hair_iron curling_iron curling_wand "
    "hair_straightener straightener massage_gun massage_guns tens fohn haartrockner "
    "glatteisen lockenstab massagepistole seche-cheveux seche_cheveux lisseur "
    "fer_a_lisser boucleur pistolet_de_massage secador secador_de_pelo plancha_de_pelo "
    "pistola_de_masaje pistolas_de_masaje pistolas_masajeadoras asciugacapelli "
    "piastra_per_capelli arricciacapelli pistola_massaggiante"
)
#: Products that share makers and words with beauty devices; a sentence about one of them names
#: no device by its maker alone ("my Philips Sonicare"), nor by a weak word ("sonic brushes").
_FOREIGN = _Words(
    r"tooth ?brush|toothpaste|sonicare|oral-?b|dental|teeth|hair ?dryers?|blow ?dryer|vacuum cleaner|"
    r"garment|clothes|clothing|wrinkles from clothing|kettle|razor blades?|shaver|trimmer|"
    r"zahnburste|zahnbursten|cepillo de dientes|spazzolino|brosse a dents",
    # hair dryers and irons, massage guns and pain-relief stimulators, whose makers also make
    # skin devices (ReFa, Panasonic, Beurer, Therabody)
    _words(_FOREIGN_WORDS),
    other=r"ドライヤー|ヘアアイロン|ストレートアイロン|カールアイロン|マッサージガン|드라이기|드라이어|고데기|마사지건",
)
#: A light-up mask worn for show, not for the skin: a costume, a party or a decoration. A thread
#: whose reader speaks of the mask so has no skin device as its topic either.
_COSTUME = _Words(
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
    + r")\b",
    other=r"仮装|コスプレ|ハロウィン|파티|할로윈|코스프레",
)
#: A massager for the body, not the face: muscles, shoulders, back, calves, in every language.
_BODY = _Words(
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
            "abdomen",
            "abdominal",
            "abdominals",
            "abs",
            "abdominaux",
            "abdos",
            "bauch",
            "bauchmuskeln",
            "abdominales",
            "addominali",
            "massage_gun",
            "massage_guns",
            "percussive",
            "pistola_de_masaje",
            "pistolas_de_masaje",
            "pistolas_masajeadoras",
            "massagepistole",
            "pistola_massaggiante",
        ]
    ).replace("_", " ")
    + r")\b",
    other=r"筋肉|肩こり|腰痛|ふくらはぎ|腹部|腹筋|お腹|복부|복근|뱃살|근육|어깨|허리|종아리|다리|안마|マッサージガン|마사지건",
)
_SCALP_WORDS = (
    "scalp scalps hair kopfhaut haare cuir_chevelu cheveux cuero_cabelludo cabello cuoio_capelluto capelli"
)
#: A tool for the scalp or the hair: a scalp massager, a hair gua sha ("헤어 괄사", "두피괄사"), a
#: dryer's かっさ attachment.
_SCALP = _Words(
    _words(_SCALP_WORDS),
    other=r"頭皮|地肌|ヘア|두피|헤어",
)
_CLINIC_WORDS = (
    "clinic clinics in-clinic salon salons med_spa medspa esthetician estheticians aesthetician "
    "aestheticians facialist facialists procedure procedures appointment thermage ultherapy ulthera hifu fraxel "
    "klinik praxis hautarzt hautarztin hautarztpraxis hautarztpraxen arzt arztin "
    "kosmetikstudio kosmetikstudios kosmetiksalon kosmetiker kosmetikerin kosmetikerinnen clinique cliniques medecin dermatologue estheticienne "
    "estheticiennes estheticien estheticiens "
    "institut clinica clinicas medico medica medico-estetica dermatologo dermatologa "
    "esteticista centro_estetico centri_estetici medicina_estetica estetista "
    "centro_medico centri_medici istituto_di_bellezza istituti_di_bellezza "
    "gym gyms fitnessstudio gimnasio palestra "
    "spa spas medspas med_spas day_spa dermatologin "
    "clinical_machine clinical_machines clinical_device clinical_devices clinical_led clinical_setting "
    "clinical_treatment clinical_treatments clinical_session clinical_sessions medici mediche medicos medecins"
)
#: A treatment given by a clinic or a salon: the place, its staff, or a clinic procedure by its
#: name.
_CLINIC = _Words(
    _words(_CLINIC_WORDS),
    other=r"クリニック|皮膚科|医療機関|(?<!光)エステ(?!級|並)|ジム|サロン|業務用|피부과|병원|클리닉|울쎄라|써마지|슈링크",
)
_HOME_WORDS = (
    "home at-home household than compared zuhause zu_hause daheim heimgebrauch maison "
    "domicile casa casero caseros casera caseras domiciliario domiciliarios domiciliaria "
    "domiciliarias casalingo casalinga domestico domestica rispetto "
    "diy do-it-yourself fai-da-te fai_da_te without instead ohne statt anstatt sans "
    "au_lieu sin en_lugar en_vez senza invece lontano lontana"
)
#: A doctor or expert cited for a verdict ("d'après la dermatologue", "according to dermatologists",
#: "secondo il medico"): the source of an opinion, not a clinic.
_CITED = re.compile(
    r"\b(?:d'apres|selon|according to|secondo|segun|laut)(?: (?:la|le|les|the|el|los|las|il|i|un|une|a|an|der|dem|den|dr\.?))* "
    r"(?:dermatolog\w*|medecins?|medic[oi]|medicos?|doctors?|experts?|expertos?|esperti|hautarzt\w*|arzt|arztin)\b"
)
#: The same in Korean and Japanese: a doctor's title, its particle and an opening quotation mark
#: ("강진수 원장은 “", "권 교수는 \"", "皮膚科医は「").
_CITED_CJK = re.compile(r"(?:원장|교수|전문의|의사|医師|院長|皮膚科医)(?:은|는|이|가|は)?\s*[“\"「『]")
#: Words that put the device in the reader's home, compare it with a clinic's ("than", "보다"),
#: or set it against the clinic ("without going to", "instead of", "fai-da-te").
_HOME = _Words(
    _words(_HOME_WORDS),
    other=r"家庭用|自宅|おうち|セルフ(?!エステ)|より|代わり|홈케어|가정용|집에서|보다|대신|차라리",
)
#: Device kinds (by label) that a costume (light-up masks), a body (massagers, muscle
#: stimulators), the scalp or a clinic makes into something else.
_COSTUME_KINDS = frozenset({"LED mask"})
_BODY_KINDS = frozenset({"EMS toning device", "facial massager"})
_SCALP_KINDS = frozenset({"gua sha", "facial roller", "facial massager", "facial cupping"})
#: Where a gua sha or roller works on the shoulders or the back of the neck, not the face
#: ("어깨용 괄사", "to loosen the trapezius"): narrower than _BODY, whose Korean "다리" (legs) sits
#: inside other words.
_SHOULDER = _Words(
    _words(
        "shoulder shoulders trapezius schulter schultern nacken schultermassage epaule epaules trapeze "
        "hombro hombros trapecio spalla spalle trapezio"
    ),
    other=r"肩|首こり|어깨|승모근|뒷목",
)
_CLINIC_KINDS = frozenset(
    {
        "LED mask",
        "radio-frequency device",
        "microneedling tool",
        "IPL / laser hair removal",
        "home laser",
        "microdermabrasion device",
        "micro-infusion device",
        "high-frequency wand",
        "cleansing brush",
        "pore vacuum",
        "dermaplaning tool",  # "les esthéticiennes proposent le dermaplaning … par séance"
    }
)
NOT_SKIN_KINDS = _COSTUME_KINDS | _BODY_KINDS | _SCALP_KINDS | _CLINIC_KINDS
#: The kinds a reply can make into something else for the whole thread (see for_show_or_body),
#: and for itself only (see scalp_or_clinic).
THREAD_ASIDE_KINDS = _COSTUME_KINDS | _BODY_KINDS
REPLY_ASIDE_KINDS = _SCALP_KINDS | _CLINIC_KINDS


def for_show_or_body(category: str, low: str) -> bool:
    """Whether the text makes a thread's light-up mask a costume, or its massager one for the
    body: then the thread's topic is no skin device for any later reply either."""
    if category in _COSTUME_KINDS and _COSTUME.search(low) is not None:
        return True
    return category in _BODY_KINDS and _BODY.search(low) is not None and _FACE_WORDS.search(low) is None


def not_for_skin(category: str, low: str, kind: str = "generic", *, named: bool = False) -> bool:
    """Whether the (folded) text makes a device of ``category`` something else: for show or for
    the body (see for_show_or_body), or for the scalp or a clinic's (see scalp_or_clinic).

    ``kind`` is the entry's: a product is never something else, a maker ("brand") only a body
    massager's (Therabody by its massage guns)."""
    if kind == "product":
        return False
    if kind == "brand":  # an EMS maker's devices are for faces as much as for bodies
        return category == "facial massager" and for_show_or_body(category, low)
    return for_show_or_body(category, low) or scalp_or_clinic(category, low, named=named)


def scalp_or_clinic(category: str, low: str, *, named: bool = False) -> bool:
    """Whether the (folded) text makes a kind of device a scalp tool (a gua sha for the hair, no
    word of faces or skin) or a treatment at a clinic or salon, where nothing speaks of a home
    or compares. A clinic makes a kind of device so only where no maker or product is named
    (``named`` false): "the Dr. Pen promises clinic-level results"."""
    if (
        category in _SCALP_KINDS
        and (_SCALP.search(low) is not None or _SHOULDER.search(low) is not None)
        and _FACE_WORDS.search(low) is None
    ):
        return True
    if named or category not in _CLINIC_KINDS or _HOME.search(low) is not None:
        return False
    clinic = _CLINIC.search(low)
    if clinic is None:
        return False
    cited = _CITED.search(low) if clinic.start() >= 6 else None
    if cited is None and not low.isascii():
        cited = _CITED_CJK.search(low)
        # "강한피부과 강진수 원장은 “…”": the clinic is the quoted doctor's, before the quotation
        if cited is not None and clinic.start() < cited.start():
            return _CLINIC.search(low[cited.end() :]) is not None
    # "d'après la dermatologue X, l'aspirateur à points noirs peut être utile": a doctor cited
    # for a verdict on the device is its source, not the place of a treatment
    return not (
        cited is not None
        and cited.start() <= clinic.start() < cited.end()
        and _CLINIC.search(low[cited.end() :]) is None
    )


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
#: A technology named as a feature of one 美顔器 ("LED機能がついた家庭用の美顔器", "EMS機能付き美顔器"):
#: that kind's device, as "LED美顔器" is.
_JA_FEATURES = (
    "機能がついた",
    "機能が付いた",
    "機能付きの",
    "機能付き",
    "機能搭載の",
    "機能搭載",
    "機能を搭載した",
)
_JA_HOME = "家庭用の"
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
    [
        "dispositivo",
        "maquina",
        "aparato",
        "apparecchio",
        "appareil",
        "depiladora",
        "epilatore",
        "epilateur",
        "spazzola",  # "le spazzole vibranti per la pulizia del viso"
        "spazzole",
        "cepillo",
        "brosse",
    ]
)
#: Where a clause ends: the device noun and its technology are in one clause.
_CLAUSE_END = frozenset(',;:.!?()«»"')
