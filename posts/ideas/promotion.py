"""Other brands' products in an idea: a clinic does not post another brand's advertising.

:func:`brand_cues` finds what shows that an idea recommends or describes a named third-party
product, each cue with the words that showed it:

* a brand of the public list :mod:`.brand_names` (built by :mod:`.brands_build`), or one the
  article itself names as a brand ("die Marke Yon-Ka", "Cosrx says they added ...": see
  :func:`article_brands`);
* a product name's shape: a brand-like word (CamelCase "CeraVe", "MyChelle"; an acronym with a
  possessive, "PSF's") next to a product noun ("Foaming Facial Cleanser", "serum"), or a
  capitalised name in brackets after an ingredient ("Salicylic acid (Cerave SA Cleanser)");
* what only a product page says: "claims to", "this formula", directions for use, one product's
  ingredient list (INCI names such as "Aronia Melanocarpa Fruit Extract").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache

from tipqueue.posts.ideas.brand_names import BRANDS
from tipqueue.posts.ideas.lexicon import first_in, register_tables

#: Each brand's rarest-looking (longest) word -> (the brand's words, that word's place in them).
_ANCHORS: dict[str, list[tuple[tuple[str, ...], int]]] = {}
for _brand in BRANDS:
    _words = tuple(_brand.split())
    _at = max(range(len(_words)), key=lambda k: len(_words[k]))
    _ANCHORS.setdefault(_words[_at], []).append((_words, _at))
_KEY_WORD = re.compile(r"[^\W_]+(?:\+)?")

#: Product nouns (any language), matched lower-cased after a brand-like word.
_PRODUCT = (
    r"cleanser|wash|serum|cream|creme|crème|lotion|moisturi[sz]er|toner|essence|gel|balm|mask|"
    r"sunscreen|spf|oil|foam|scrub|peel|exfoliant|treatment|patch(?:es)?|drops|emulsion|fluid|"
    r"mist|spray|stick|soap|shampoo|concentrate|ampoule|sérum|crema|siero|kem|sữa rửa mặt|"
    r"reinigung|maske|pflege|öl|gommage|lotion"
)
#: A cheap look for what a CamelCase name or an acronym needs: a capital after a letter.
_MIXED = re.compile(r"[A-Za-z][A-Z]")
_CAPS = re.compile(r"\b[A-Z]{2,5}\b")
_CAMEL = re.compile(r"\b([A-Z][a-z]+[A-Z][A-Za-z]*)\b")
_CAMEL_PRODUCT = re.compile(
    r"\b([A-Z][a-z]+[A-Z][A-Za-z]*)(?:['’]s)?(?:\s+[\w%.-]+){0,4}?\s+(?i:" + _PRODUCT + r")\b"
)
#: Acronyms that are words of the trade, not brands.
_TRADE_ACRONYMS = frozenset(
    [
        "SPF",
        "LSF",
        "UV",
        "UVA",
        "UVB",
        "BHA",
        "AHA",
        "PHA",
        "HA",
        "BP",
        "PM",
        "AM",
        "DNA",
        "NMF",
        "PIE",
        "FDA",
        "LED",
        "IPL",
        "PEG",
        "INCI",
        "PA",
        "IR",
        "EU",
        "US",
        "UK",
        "OK",
        "CEO",
        "DIY",
        "TV",
        "USA",
        "SOS",
        "ZO",
    ]
)
_ACRONYM_OWNS = re.compile(r"\b([A-Z]{2,5})['’]s\s+(?:[\w-]+\s+){0,3}?(?i:" + _PRODUCT + r")\b")
_ACRONYM_PRODUCT = re.compile(r"\b(?:[Tt]he|[Tt]his|[Mm]y|[Aa]n?)\s+([A-Z]{2,5})\s+(?i:" + _PRODUCT + r")\b")
#: "(Cerave SA Cleanser)", "(De La Cruz 10% Sulfur)": a capitalised name of two or more words in
#: brackets. Not for German, where every noun is capitalised.
_BRACKETED = re.compile(r"\(((?:[A-Z][\w'’.+-]*|\d+%?)(?:\s+(?:[A-Z][\w'’.+-]*|\d+%?|de|la|du)){1,5})\)")
#: INCI names: a Latin binomial with a plant part, "Hippophae Rhamnoides Extract".
_INCI = re.compile(
    r"\b[A-Z][a-z]+\s+[A-Z]?[a-z]+(?:\s+(?:Fruit|Seed|Leaf|Root|Flower|Bark|Peel))?\s+(?:Extract|Oil|Water)\b"
)
#: Names the article presents as a brand: "die Marke Yon-Ka", "the brand Cosrx", "Cosrx says".
_NAMED = re.compile(
    r"\b(?i:the brand|brand|marke|la marque|la marca|il marchio|thương hiệu)\s+"
    r"([A-Z][\w’'+-]*(?:[ -][A-Z][\w’'+-]*){0,2})|"
    r"\b([A-Z][\w’'+-]*(?: [A-Z][\w’'+-]*){0,2}) (?:says they|say they|claims to|claim to|claims that)\b|"
    # "Der Selbstbräuner-Spezialist Tanologist", "the beauty company Glowco": a maker by its trade
    r"\b[A-ZÄÖÜ][a-zäöüß]+-(?:Spezialist|Hersteller|Marke)\s+([A-Z][\w’'+-]*(?: [A-Z][\w’'+-]*){0,1})|"
    r"\b(?i:beauty|skincare|skin-care|cosmetics|self-tanning) (?i:company|maker|manufacturer)\s+"
    r"([A-Z][\w’'+-]*(?: [A-Z][\w’'+-]*){0,1})"
)
#: A cheap look for the words :data:`_NAMED` needs, before running it.
_NAMED_HINTS = (
    "brand ",
    "marke ",
    "marque ",
    "marca ",
    "marchio ",
    "thương hiệu ",
    " say they",
    " says they",
    " claim",
    "-spezialist ",
    "-hersteller ",
    "-marke ",
    " company ",
    " maker ",
    " manufacturer ",
)
#: What a product page says (per language; English is read in every article).
PRODUCT_PAGE: Mapping[str, tuple[str, ...]] = {
    "en": (
        "this formula",
        "the formula contains",
        "this product",
        "this brand",
        "says they added",
        "claims to",
        "claims that",
        "directions:",
        "how to use:",
        "my favourite product",
        "my favorite product",
        "holy grail",
        "this salon",
        "this spa",
    ),
    "de": (
        "die marke",
        "der marke",
        "diese marke",
        "dieses produkt",
        "diese produkte",
        "die produkte der",
        "anwendung:",
        "lieblingsprodukt",
        "in diesem kosmetikstudio",
        "in diesem salon",
        "in diesem studio",
    ),
    "fr": (
        "la marque",
        "cette marque",
        "ce produit",
        "cette formule",
        "mode d'emploi",
        "mon produit préféré",
        "ce salon",
        "cet institut",
    ),
    "es": (
        "la marca",
        "esta marca",
        "este producto",
        "esta fórmula",
        "modo de uso",
        "modo de empleo",
        "mi producto favorito",
        "este salón",
    ),
    "it": (
        "il marchio",
        "questo marchio",
        "questo prodotto",
        "questa formula",
        "modo d'uso",
        "il mio prodotto preferito",
        "questo salone",
    ),
    "vi": ("thương hiệu", "sản phẩm này", "cách dùng:", "sản phẩm yêu thích"),
}
register_tables(PRODUCT_PAGE)


def brand_key(text: str) -> str:
    """``text`` folded for brand lookup: no accents, lower case, apostrophes dropped, words by spaces."""
    return " ".join(_key_words(text))


def _key_words(text: str) -> list[str]:
    low = text.lower().replace("'", "").replace("’", "")
    words = _KEY_WORD.findall(low)
    if low.isascii() or "".join(words).isascii():
        return words  # every word is plain already (the scoring asks this of every idea)
    return [w if w.isascii() else _plain(w) for w in words]


def _plain(word: str) -> str:
    """``word`` without accents ("lancôme" -> "lancome"); letters with no plain form are dropped."""
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode("ascii")


def article_brands(texts: Iterable[str]) -> frozenset[str]:
    """Names an article presents as brands ("die Marke Yon-Ka"), folded by :func:`brand_key`."""
    return frozenset(key for text in texts for key in brands_in(text))


def brands_in(text: str) -> list[str]:
    """The brands one text presents (:func:`article_brands` is their union over the article)."""
    low = text.lower()
    if not any(hint in low for hint in _NAMED_HINTS):
        return []
    found: list[str] = []
    for m in _NAMED.finditer(text):
        name = next(g for g in m.groups() if g)
        key = brand_key(name)
        if key and len(key) > 2 and not key.startswith(("the ", "a ", "die ", "der ", "it ", "this ")):
            found.append(key)
    return found


def _as_written(key: str, text: str) -> str:
    """The brand ``key`` ("la roche posay") as ``text`` writes it ("La Roche-Posay"), if found."""
    parts = [re.escape(w) for w in key.split()]
    # accents folded one character for one, so the match's place is the same in ``text``
    plain = text if text.isascii() else _NON_ASCII.sub(_plain_char, text)
    m = re.search(r"(?<!\w)" + r"[\s'’.-]*".join(parts) + r"(?!\w)", plain, re.I)
    return text[m.start() : m.end()] if m else key


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _plain_char(m: re.Match[str]) -> str:
    """One character without its accent, or as it is (a regular expression visits only those
    that are not ASCII, where a loop over the text visited every character)."""
    return _plain(m[0])[:1] or m[0]


def _known(words: list[str], brands: frozenset[str]) -> str | None:
    """The first brand (of the list or of ``brands``) among ``words``."""
    if not _ANCHORS.keys().isdisjoint(words):
        for i, word in enumerate(words):
            for name, at in _ANCHORS.get(word, ()):
                if tuple(words[i - at : i - at + len(name)]) == name and i >= at:
                    return " ".join(name)
    if brands:
        joined = f" {' '.join(words)} "
        return next((b for b in _sorted(brands) if f" {b} " in joined), None)
    return None


@lru_cache(maxsize=8)
def _sorted(brands: frozenset[str]) -> tuple[str, ...]:
    """The article's brands in order, sorted once per article rather than once per idea."""
    return tuple(sorted(brands))


#: a product noun in capitals ("Scrub"): the last word of a product's name
#: a capitalised word before a product noun in capitals: the cheap look before :func:`_titled_product`
_TITLED_FIND = re.compile(
    r"[A-Z][\w.'’&-]* (?:Scrub|Cleanser|Serum|Cream|Lotion|Moisturi[sz]er|Toner|Mask|Sunscreen|Balm|Wash|Exfoliant|Peel)\b"
)
_PRODUCT_NOUN = re.compile(
    r"\b(?:Scrub|Cleanser|Serum|Cream|Lotion|Moisturi[sz]er|Toner|Mask|Sunscreen|Balm|Wash|Exfoliant|Peel)\b"
)
#: the name's capitalised words right before that noun, after a lower-case word or a comma
_NAME_WORDS = re.compile(r"[a-z,;:]\s((?:[A-Z][\w.'’&-]*\s){2,4})$")


def _titled_product(text: str) -> str | None:
    """A product's name in capitals (two to four capitalised words before a product noun, after a
    lower-case word: "the first glob of St. Ives Apricot Scrub"), when the text around it is
    not in Title Case."""
    for m in _PRODUCT_NOUN.finditer(text):
        before = _NAME_WORDS.search(text[max(0, m.start() - 60) : m.start()])
        if before and any(w.strip(".,") not in _GENERIC_WORDS for w in before.group(1).split()):
            words = [w for w in text.split() if len(w) > 3 and w[:1].isalpha()]
            if sum(w[:1].islower() for w in words) * 2 < len(words):
                return None  # a heading or a list of product names in Title Case
            return f"{before.group(1)}{m.group(0)}"
    return None


#: capitalised words of a generic product's name ("a Vitamin C Serum"): no brand in them
_GENERIC_WORDS = frozenset(
    [
        "Vitamin",
        "Vitamins",
        "A",
        "B",
        "C",
        "E",
        "K",
        "B3",
        "B5",
        "Hyaluronic",
        "Salicylic",
        "Glycolic",
        "Lactic",
        "Azelaic",
        "Acid",
        "Retinol",
        "Retinal",
        "Niacinamide",
        "Peptide",
        "Ceramide",
        "Ceramides",
        "Zinc",
        "Oxide",
        "Mineral",
        "Chemical",
        "Physical",
        "Tinted",
        "Sun",
        "SPF",
        "Daily",
        "Gentle",
        "Night",
        "Day",
        "Morning",
        "Face",
        "Facial",
        "Eye",
        "Body",
        "Hand",
        "Lip",
        "Foaming",
        "Hydrating",
        "Moisturizing",
        "Moisturising",
        "Exfoliating",
        "Clay",
        "Sheet",
        "Sleeping",
        "Oil",
        "Gel",
        "Cream",
        "Water",
        "Micellar",
        "Rich",
        "Light",
        "Soothing",
        "Calming",
        "Repair",
        "Barrier",
        "Acne",
        "Anti",
        "Aging",
        "Ageing",
        "Brightening",
        "The",
        "An",
        "Your",
        "My",
        "Our",
        "This",
        "That",
    ]
)


#: brands whose names are ordinary words (left out of the list: "a simple routine"), named as an
#: example of a product in lower case all the same ("a gentle soap such as dove")
_EXAMPLE_BRANDS = ("dove", "simple", "suave", "lux", "axe", "lynx", "vaseline", "palette", "taft", "roc")
_EXAMPLE_WORD = re.compile(  # on lower-cased text: "such as dove"
    r"(?:such as|like|e\.g\.,?|for example,?|z\. ?b\.|wie|comme|como|come|như) ("
    + "|".join(_EXAMPLE_BRANDS)
    + r")\b(?!-)"
)
#: what comes before such a brand named as an example: a product noun, then "such as", "like" ...
_EXAMPLE_BEFORE = re.compile(
    r"\b(?:soap|cleanser|bar|body wash|wash|lotion|cream|moisturi[sz]er|jelly|brand|product|"
    r"seife|creme|marke|savon|crème|marque|jabón|crema|marca|sapone|sữa tắm|kem|xà phòng)s?\b"
    r"[^.!?]{0,40}?\b(?:such as|like|e\.g\.,?|for example,?|z\. ?b\.|wie|comme|como|come|như)\s+$"
)


def brand_cues(
    text: str,
    language: str,
    brands: frozenset[str] = frozenset(),
    folded: str | None = None,
    *,
    page: bool = True,
) -> list[str]:
    """What shows that ``text`` names another brand's product (empty: nothing does).

    ``folded``: ``text`` lower-cased already; ``page``: False when the caller's own scan found
    no :data:`PRODUCT_PAGE` phrase in it (the scoring counts them with its other tables).
    """
    cues: list[str] = []
    known = _known(_key_words(text), brands)
    if known:
        cues.append(_as_written(known, text))
    mixed = _MIXED.search(text) is not None
    if mixed and _CAMEL.search(text):
        camel = next(
            (m.group(1) for m in _CAMEL_PRODUCT.finditer(text) if _CAMEL.fullmatch(m.group(1))), None
        )
        if camel:
            cues.append(camel)
    if mixed and _CAPS.search(text):
        owns = "'s" in text or "’s" in text
        for pattern in (_ACRONYM_OWNS, _ACRONYM_PRODUCT) if owns else (_ACRONYM_PRODUCT,):
            found = next(
                (m.group(1) for m in pattern.finditer(text) if m.group(1) not in _TRADE_ACRONYMS), None
            )
            if found:
                cues.append(found)
    if language != "de" and "(" in text:
        for m in _BRACKETED.finditer(text):
            words = m.group(1).split()
            # "(Vitamina B3)", "(Vitamin C)": an ingredient's other name, not a product
            if words[0].lower().startswith("vitamin"):
                continue
            if not all(w.isupper() for w in words if w[0].isalpha()):
                cues.append(f"({m.group(1)})")
                break
    if ("Extract" in text or " Oil" in text or " Water" in text) and len(_INCI.findall(text)) >= 2:
        cues.append("one product's ingredient list")
    if not cues and _TITLED_FIND.search(text):
        titled = _titled_product(text)
        if titled:
            cues.append(titled)
    low = folded if folded is not None else text.lower()
    example = None if cues else _EXAMPLE_WORD.search(low)
    if example and _EXAMPLE_BEFORE.search(low[max(0, example.start() - 80) : example.start(1)]):
        cues.append(example.group(1))
    found = first_in(low, PRODUCT_PAGE, language) if page else None
    if found:
        cues.append(f"“{found.group(0)}”")
    return cues


#: another practice, clinic or hospital named as someone's workplace: a clinic does not send its
#: readers to a competitor ("Suneel Chilukuri, MD, of Refresh Dermatology in Houston")
_PRACTICE_NOUN = re.compile(
    r"\b(?:Dermatology|Dermatologic|Cosmedical|Aesthetics|MedSpa|Med Spa|Medical Spa|"
    r"Skin (?:Clinic|Center|Centre|Institute)|Laser (?:Center|Centre|Institute|Clinic)|Plastic Surgery)\b"
)
#: the practice's own name right before that noun ("Refresh", "Washington Institute of")
_NAME_BEFORE = re.compile(r"(?:[A-Z][\w'’.&-]*\s(?:(?:of|and|&|for)\s)?){1,4}$")
#: en: "director of the Example Skin Clinic", "at Example Center": a place noun with its name
_PLACE_NOUN = re.compile(r"\b(?:Clinic|Clinics|Practice|Center|Centre)\b")
_PLACE_BEFORE = re.compile(r"\b(?:of|at|from)\s(?:the\s)?(?:[A-Z][\w'’.&-]*\s){1,3}$")
_PRACTICE = re.compile(
    # de: "skinmed Kliniken für Dermatologie ... in Aarau", "Praxis Dr. Weber", "Hautarztpraxis am Markt"
    r"\b(?:Klinik|Kliniken|Praxis|Hautarztpraxis|Privatpraxis|Praxisklinik|Hautzentrum)\s(?:(?:für|und)\s[\w -]{3,50}?\s)?(?:in|am|an der)\s[A-ZÄÖÜ]|"
    r"\b(?:Praxis|Hautarztpraxis|Privatpraxis|Praxisklinik)\s(?:von\s)?(?:Dr\.|[A-ZÄÖÜ][\w-]+)|"
    # fr / es / it: "cabinet du Dr X", "clinique Dermaclinique", "Clínica Dermatológica Cabo", "Istituto Dermoclinico Vita-Cutis"
    r"\b(?:[Cc]abinet (?:du|de la) (?:Dr|Dre)\.?|[Cc]linique\s[A-Z]|[Cc]línica\s(?:[Dd]ermatológica\s)?[A-Z]|[Cc]linica\s[A-Z]|"
    r"Istituto\s[A-Z]|[Cc]entro (?:[Dd]ermatologico|[Mm]édico|[Dd]ermatológico)\s[A-Z])|"
    r"\bdermatolog[oa] (?:di|del|della|presso(?: la| il)?)\s[A-Z][\w-]+|"
    # vi: "Bệnh viện Đa khoa Tâm Anh", "Phòng khám Da liễu X", "Trung tâm trị liệu chăm sóc da MDmedical"
    r"\b(?:[Bb]ệnh viện|[Pp]hòng khám|[Tt]hẩm mỹ viện|[Tt]rung tâm (?:trị liệu|chăm sóc|thẩm mỹ|da liễu))(?:\s[\wÀ-ỹ]+){0,5}?\s[A-ZĐ][\wÀ-ỹ]*",
)
#: lower-case words one of which the other patterns need (a few substring tests skip most text)
_PRACTICE_HINTS = (
    "klinik",
    "praxis",
    "hautzentrum",
    "cabinet",
    "clinique",
    "clínica",
    "clinica ",
    "istituto",
    "centro ",
    "dermatologo ",
    "dermatologa ",
    "bệnh viện",
    "phòng khám",
    "thẩm mỹ viện",
    "trung tâm",
)
#: words the noun-anchored patterns need, tested before them (most text has none)
_NOUN_HINTS = (
    "Dermatolog",
    "Cosmedical",
    "Aesthetics",
    "Spa",
    "Skin ",
    "Laser ",
    "Plastic ",
    "Clinic",
    "Practice",
    "Cent",
)
_PRESS_HINTS = (
    "tell",
    "told",
    "says to",
    "explain",
    "sagt",
    "erklärt",
    "confi",
    "explique",
    "dijo",
    "explicó",
    "contó",
    "ha detto",
    "ha spiegato",
    "ha raccontato",
    "founder",
    "creator",
    "ceo",
)
#: bodies that publish or teach, not practices competing for patients
_NOT_A_PRACTICE = re.compile(
    r"Journal|Academy|Association|Society|College|Department|Universit|Board|Foundation|Federation|"
    r"Akademie|Gesellschaft|Société|Sociedad|Società|Università|Universidad|Đại học|[Tt]rung ương",
)


#: another publication's interview ("..., tells HelloGiggles") or a brand's founder speaking for it
_PRESS = re.compile(
    r"\b(?:tells|told|says to|explains to|explained to)\s(?!(?:us|you|me|them|him|her|patients|readers)\b)[A-Z][\w.]+|"
    r"\b(?:sagt|sagte|erklärt|erklärte)\s(?:gegenüber|dem|der)\s(?:[A-ZÄÖÜ][\w.-]+)|"
    r"\b(?:a confié|confie|explique|a expliqué) à\s(?:[A-Z][\w.-]+)|"
    r"\b(?:dijo|explicó|contó) a\s(?:[A-Z][\w.-]+)|\b(?:ha detto|ha spiegato|ha raccontato) a\s(?:[A-Z][\w.-]+)|"
    r"\b(?:founder|co-founder|creator|ceo)\s(?:of\s)?(?!(?:the\s)?(?:clinic|practice)\b)(?:the\s)?[A-Z][\w]+(?:\s[A-Z][\w]+)?"
)


def practice_cues(text: str) -> list[str]:
    """Other practices, clinics or private hospitals that ``text`` names (empty: none): a clinic's
    post does not advertise a competitor. Universities, journals and societies are not practices."""
    cues: list[str] = []
    if any(h in text for h in _NOUN_HINTS):
        for noun, name_before in ((_PRACTICE_NOUN, _NAME_BEFORE), (_PLACE_NOUN, _PLACE_BEFORE)):
            for m in noun.finditer(text):
                before = text[max(0, m.start() - 80) : m.start()]
                name = name_before.search(before)
                if name and not _NOT_A_PRACTICE.search(text[max(0, m.start() - 40) : m.end() + 20]):
                    cues.append(" ".join(f"{before[name.start() :]}{m.group(0)}".split()))
    low = text.lower()
    if not cues and any(h in low for h in _PRACTICE_HINTS):
        for m in _PRACTICE.finditer(text):
            around = text[max(0, m.start() - 40) : m.end() + 20]
            if not _NOT_A_PRACTICE.search(around):
                cues.append(" ".join(m.group(0).split()))
    if not cues and any(h in low for h in _PRESS_HINTS):
        cues.extend(m.group(0) for m in _PRESS.finditer(text))
    return cues


#: a brand speaking of itself ("Our mission is ...", "At Glow Lab, we believe ..."): its positioning
_POSITIONING = re.compile(
    r"\b(?:our (?:mission|philosophy|brand|promise|formulas|products) (?:is|are)|at [a-z][\w&' -]{1,30}, we (?:believe|are)|"
    r"unsere (?:mission|philosophie|marke|produkte) (?:ist|sind)|bei [a-z][\w&' -]{1,30} glauben wir|"
    r"notre (?:mission|philosophie|marque) (?:est|:)|chez [a-z][\w&' -]{1,30}, nous (?:croyons|sommes)|"
    r"nuestra (?:misión|filosofía|marca) es|en [a-z][\w&' -]{1,30} creemos|"
    r"la nostra (?:missione|filosofia) è|il nostro marchio è|"
    r"sứ mệnh của chúng tôi|triết lý của chúng tôi|thương hiệu của chúng tôi)"
)


_POSITIONING_HINTS = (
    "our ",
    ", we ",
    "unsere ",
    "glauben wir",
    "notre ",
    ", nous ",
    "nuestra ",
    "creemos",
    "la nostra",
    "il nostro",
    "chúng tôi",
)


def positioning_cues(folded: str) -> list[str]:
    """A brand's statements about itself in ``folded`` (lower-cased text): what it stands for,
    not advice a clinic would post in its own voice."""
    if not any(h in folded for h in _POSITIONING_HINTS):
        return []
    return [m.group(0) for m in _POSITIONING.finditer(folded)]


#: Words one of which :func:`practice_cues` needs (folded, matched at a word's start): the scoring
#: finds them in its one scan of an idea and asks for the cues only then.
OUTSIDE: Mapping[str, tuple[str, ...]] = {
    "en": (
        "dermatology",
        "dermatologic",
        "cosmedical",
        "aesthetics",
        "medspa",
        "med spa",
        "medical spa",
        "skin clinic",
        "skin center",
        "skin centre",
        "skin institute",
        "laser",
        "plastic surgery",
        "clinic",
        "practice",
        "center",
        "centre",
        "tells",
        "told",
        "says to",
        "explains to",
        "explained to",
        "founder",
        "co-founder",
        "creator",
        "ceo",
    ),
    "de": (
        "klinik",
        "kliniken",
        "praxis",
        "hautarztpraxis",
        "privatpraxis",
        "praxisklinik",
        "hautzentrum",
        "sagt",
        "sagte",
        "erklärt",
        "erklärte",
    ),
    "fr": ("cabinet du", "cabinet de la", "clinique", "a confié à", "confie à", "explique à", "a expliqué à"),
    "es": ("clínica", "centro médico", "centro dermatológico", "dijo a", "explicó a", "contó a"),
    "it": (
        "clinica",
        "istituto",
        "centro dermatologico",
        "dermatologo",
        "dermatologa",
        "ha detto a",
        "ha spiegato a",
        "ha raccontato a",
    ),
    "vi": (
        "bệnh viện",
        "phòng khám",
        "thẩm mỹ viện",
        "trung tâm trị liệu",
        "trung tâm chăm sóc",
        "trung tâm thẩm mỹ",
        "trung tâm da liễu",
    ),
}
#: Words one of which :func:`positioning_cues` needs.
POSITIONING: Mapping[str, tuple[str, ...]] = {
    "en": (
        "our mission",
        "our philosophy",
        "our brand",
        "our promise",
        "our formulas",
        "our products",
        "we believe",
    ),
    "de": ("unsere mission", "unsere philosophie", "unsere marke", "unsere produkte", "glauben wir"),
    "fr": ("notre mission", "notre philosophie", "notre marque", "nous croyons", "nous sommes"),
    "es": ("nuestra misión", "nuestra filosofía", "nuestra marca", "creemos"),
    "it": ("la nostra missione", "la nostra filosofia", "il nostro marchio"),
    "vi": ("sứ mệnh của chúng tôi", "triết lý của chúng tôi", "thương hiệu của chúng tôi"),
}
register_tables(OUTSIDE, POSITIONING)
