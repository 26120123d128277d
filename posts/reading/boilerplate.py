"""Text that must never become a post: a classifier of non-content blocks, not a list of phrases.

Each block gets a score from three kinds of evidence:

* **vocabulary**: words that page furniture is made of, in en, de, fr, es, it and vi (cookie
  banners, promo codes, "N min read", "Posted on", photo credits, "Read more >", newsletter and
  follow-us lines, syndication footers, author bios, holiday greetings, thank-you notes to
  readers, teasers, footnote legends);
* **shape**: short, no verb-like word, link-like (a URL, "»", "→", ">"), all capitals, starts with
  a dash or a symbol, a date, a name line;
* **position**: the head and tail zones of the article (first and last blocks), where furniture
  lives, weigh more than the middle.

A block scoring :data:`DROP_SCORE` or more is dropped with its reason (the strongest evidence);
one scoring :data:`SUSPECT_SCORE` or more is set aside as "suspected boilerplate" for the reviewer
(listed in the dropped report, never posted silently). Greetings, sign-offs, signatures and
bylines are recognised by their own patterns in :mod:`posts.reading.build`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DROP_SCORE = 3.0
SUSPECT_SCORE = 2.0
#: Blocks this close to the start or the end of the article are in the head / tail zone.
ZONE_BLOCKS = 3

SUSPECTED = "suspected boilerplate"
#: Blocks longer than this are judged on their first LONG_BLOCK_HEAD characters only.
LONG_BLOCK_CHARS = 240
LONG_BLOCK_HEAD = 200

# --- vocabulary: (pattern, reason, weight) ------------------------------------------------------

_V = re.I | re.U
_VOCABULARY: list[tuple[re.Pattern[str], str, float]] = [
    (
        re.compile(
            r"\b(?:in (?:freundlicher |bezahlter )?zusammenarbeit mit|sponsored by|in partnership with|paid partnership|en collaboration avec|en colaboración con|this post (?:is|was) sponsored|dieser beitrag (?:enthält|entstand)|unbezahlte werbung|\[werbung\])",
            _V,
        ),
        "sponsorship disclosure",
        3,
    ),
    (
        re.compile(
            r"^(?:skip to (?:main )?content|skip to navigation|jump to (?:recipe|content)|zum inhalt springen|aller au contenu|ir al contenido)\b",
            _V,
        ),
        "navigation link",
        4,
    ),
    (
        re.compile(
            r"\b(?:cookies?|onetrust|privacy (?:policy|settings|preferences)|datenschutz(?:erklärung)?|accept all|alle akzeptieren|tout accepter|aceptar todas?)\b",
            _V,
        ),
        "cookie or privacy banner",
        2.5,
    ),
    (
        re.compile(
            r"\b(?:free (?:standard )?shipping|use code|with code|w/ code|promo code|discount code|coupon|\d+\s?% off|off (?:your|all) orders?|shop now|buy now|add to (?:cart|bag)|gutscheincode|versandkostenfrei|livraison gratuite|envío gratis|code promo)\b",
            _V,
        ),
        "promotion",
        3,
    ),
    (
        re.compile(
            r"\b(?:newsletter|subscribe|sign up for|sign-up|join our (?:list|community|mailing)|abonnieren|anmelden|inscrivez-vous|suscríbete|đăng ký)\b",
            _V,
        ),
        "newsletter or sign-up",
        2.5,
    ),
    (
        re.compile(
            r"\b(?:follow (?:us|me)|tag us|tag me|find us on|on (?:instagram|facebook|pinterest|tiktok|youtube) @|folg(?:e|t) (?:uns|mir)|suivez-nous|síguenos)\b|(?:^|\s)#[^\W\d]\w+",
            _V,
        ),
        "follow or tag request",
        2,
    ),
    (
        re.compile(
            r"\b(?:\d+\s?(?:min|minute|minuten)\.?\s?(?:read|lesezeit|de lecture|de lectura)|reading time|lesezeit)\b",
            _V,
        ),
        "reading time",
        3,
    ),
    (
        re.compile(
            r"^(?:posted|published|updated|last updated|written|veröffentlicht|aktualisiert|publié|mis à jour|publicado|actualizado|được đăng|cập nhật)\b.{0,80}$|^📅",
            _V,
        ),
        "date line",
        3,
    ),
    (
        re.compile(
            r"^(?:(?:medically |article |fact[- ]checked and )?reviewed by|fact[- ]checked by|geprüft von|revisado por)\b",
            _V,
        ),
        "reviewer line",
        3,
    ),
    (
        re.compile(
            r"\b(?:photo|image|picture|foto|bild|crédit|credit)s?\s*(?:credit|by|:|©|/)|\b(?:photo|image|picture)s?\s+via\s+\S+(?:\s+\S+){0,3}\s*$|\b(?:ảnh(?: minh h(?:ọa|oạ|oa))?|hình ảnh|nguồn ảnh)\s*:|\(ảnh(?: minh h(?:ọa|oạ|oa))?\)|©|\b(?:getty images|istock(?:photo)?|shutterstock|unsplash|pexels|pixabay)\b|/\s?(?:e\+|eyeem|westend61|moment|imago)(?:\s|$)|/(?:pexels|unsplash|shutterstock)\b",
            _V,
        ),
        "photo credit",
        3,
    ),
    (
        re.compile(
            r"^(?:[—–-]\s*)?(?:words|text|photos?|images?) (?:and (?:photos?|words|images?) )?by\b", _V
        ),
        "byline",
        3,
    ),
    (
        re.compile(r"^(?:advertisement|anzeige|werbung|publicité|publicidad|sponsored|ad)$|<!--|-->", _V),
        "advertisement or markup",
        4,
    ),
    (
        re.compile(r"\b(?:affiliate|commission|earn a (?:small )?commission|partnerlink)\b", _V),
        "affiliate disclosure",
        2.5,
    ),
    (
        re.compile(
            r"(?:read more|weiterlesen|lire la suite|leer más|xem thêm|continue reading)(?: (?:to|at|on) (?:the )?(?:source|original|[\w.]+\.(?:com|de|fr|es|it|vn)))?\s*(?:[>»→›]|\.\.\.|…)?\s*$|^(?:lee también|lire aussi|read also|see also|siehe auch|mehr (?:infos|dazu|zum thema)|xem thêm)\s*:",
            _V,
        ),
        "link to another page",
        3,
    ),
    (
        re.compile(
            r"^(?:you (?:might|may) also like|related (?:posts|articles|reading)|more (?:from|on) (?:us|this)|à lire aussi|te puede interesar|continue learning about)\b|(?:könnte dich auch interessieren|könnte (?:dir|euch) auch gefallen)",
            _V,
        ),
        "related-posts teaser",
        3.5,
    ),
    (
        re.compile(r"^(?:original(?:ly)? (?:source|published)|source|quelle|fuente|nguồn)\s*:", _V),
        "syndication footer",
        3.5,
    ),
    (
        # "Informationen: Dr. Thomas Herzinger, Klinik ...": who the article's facts came from
        re.compile(
            r"^(?i:informationen|infos?|mit informationen von|information(?:s)? (?:from|de)|informations?|información|"
            r"informazioni|thông tin|fonti?|fuentes|sources?|quellen?)\s*:\s*"
            r"(?:(?i:dr|prof|pd|priv\.-doz|dott|dra?|dre|ths|bs|ts|pgs)\.?\s|[A-ZÀ-Ý][\w.-]+,?\s+[A-ZÀ-Ý])",
            re.U,
        ),
        "source credit",
        3.5,
    ),
    (
        # a blog's comment form: "Your email address will not be published", "Please enter your comment!"
        re.compile(
            r"\b(?:your email address will not be published|required fields are marked|please enter your (?:comment|name|email)|"
            r"leave a (?:reply|comment)|post comment|save my name,? email|"
            r"(?:deine|ihre) e-?mail-adresse wird nicht veröffentlicht|hinterlasse einen kommentar|kommentar (?:schreiben|hinterlassen|abschicken)|"
            r"votre adresse (?:e-?mail|de messagerie) ne sera pas publiée|laisser un commentaire|laisser une réponse|"
            r"tu (?:dirección de )?correo electrónico no será publicad[oa]|deja (?:un comentario|una respuesta)|"
            r"il tuo indirizzo (?:e-?mail )?non sarà pubblicato|lascia un commento|lascia una risposta|"
            r"email của bạn sẽ không được hiển thị|để lại (?:một )?bình luận|viết bình luận)\b",
            _V,
        ),
        "comment form",
        3.5,
    ),
    (
        re.compile(r"\bappeared first on\b|\ball rights reserved\b|\balle rechte vorbehalten\b", _V),
        "syndication footer",
        3.5,
    ),
    (
        re.compile(
            r"^(?:happy (?:holidays|new year|easter|thanksgiving|mother's day|friday|weekend)|merry christmas|season's greetings|frohe (?:weihnachten|ostern|feiertage)|joyeuses fêtes|felices fiestas)\b",
            _V,
        ),
        "holiday greeting",
        3,
    ),
    (
        re.compile(
            r"^(?:thank you|thanks)(?: (?:all|everyone|so much|again))? (?:for (?:answering|taking|reading|your|joining|following|all)|to (?:all|everyone))",
            _V,
        ),
        "thank-you note to readers",
        3,
    ),
    (
        re.compile(
            r"^(?:more (?:on this|about this|to come)|stay tuned|see you next|until next (?:week|time)|bis nächste woche|à la semaine prochaine)\b",
            _V,
        ),
        "teaser",
        3,
    ),
    (
        re.compile(r"^[*†‡]+\s*=|^\*\s*(?:editor'?s? (?:pick|choice)|sponsored|affiliate)", _V),
        "footnote legend",
        3,
    ),
    (
        re.compile(
            r"^(?:dr\.? )?[A-ZÀ-Ý][\w.’'-]+(?: [A-ZÀ-Ý][\w.’'-]+){1,3},? (?:is|ist|est|es) (?:a|an|the|our|ein|eine|une?|una?) .{0,60}\b(?:writer|editor|dermatologist|founder|journalist|author|blogger|nurse|doctor|physician|esthetician|aesthetician|contributor|redakteurin?|autorin?|journaliste|rédactrice|periodista|redactora?)\b",
            re.U,
        ),
        "author bio",
        3,
    ),
    (
        re.compile(
            r"^(?:dr\.?\s|prof\.?\s)?[A-ZÀ-Ý][\w.’'-]+(?:\s[A-ZÀ-Ý][\w.’'-]+){0,3},?\s(?:MD|M\.D\.|PhD|DO|RN|NP|PA-C|FAAD|DNP|MBBS)(?:[,\s]+[A-Z][A-Za-z.-]{1,6})*\s*$",
            re.U,
        ),
        "name and credentials of a writer",
        3,
    ),
    (re.compile(r"^(?:by|von|par|por|bởi)\s+(?:dr\.?\s|la dra\.?\s|el dr\.?\s)?[A-ZÀ-Ý]", re.U), "byline", 2),
    (re.compile(r"^(?:issue|ausgabe|newsletter of|rosacea review\b)", _V), "masthead", 1.5),
    (
        re.compile(r"^(?:important|disclaimer|haftungsausschluss|avertissement|aviso)\s*:", _V),
        "disclaimer",
        2,
    ),
    (
        re.compile(
            r"^(?:share|teilen|partager|compartir|chia sẻ)(?: (?:this|on|it))?\b.{0,40}$|^(?:comments?|kommentare?|commentaires?|comentarios?|\d+ comments?)$",
            _V,
        ),
        "share buttons or comments",
        3,
    ),
]

# --- shape ------------------------------------------------------------------------------------

_URL = re.compile(r"https?://|www\.|\.(?:com|de|fr|es|net|org|vn)\b/?", re.I)
_LINK_ARROW = re.compile(r"[>»→›]\s*$|^[<«←‹]")
_SYMBOL_START = re.compile(r"^[—–\-|•·©®™@#*†>📅📌👉➡️🔗]")
_MONTHS = (
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|januar|februar|märz|mai|juni|juli|dezember|janvier|"
    r"février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|"
    r"junio|julio|agosto|septiembre|octubre|noviembre|diciembre|gennaio|febbraio|aprile|maggio|giugno|luglio|"
    r"settembre|ottobre|dicembre)"
)
_DATE = re.compile(
    r"^(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|(?:\w+ )?\d{1,2},? \d{4}|"
    + _MONTHS
    + r"\w*\.? \d{1,2},? \d{4}|\d{1,2}\.? (?:de )?"
    + _MONTHS
    + r"\w*\.?,? (?:de )?\d{4})"
    # "5. Mai 2025 // 07:00", "12.03.2024 | 10:15 Uhr": a time after the date
    r"(?:\s*(?://|\||·|,|-|–|um|à)?\s*\d{1,2}[:.h]\d{2}(?:\s?(?:uhr|am|pm))?)?$",
    re.I,
)
_VERBISH = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|do|does|did|can|could|will|would|should|may|might|must|"
    r"use|apply|make|get|take|keep|avoid|try|look|need|help|ist|sind|hat|haben|wird|kann|sollte|est|sont|"
    r"peut|faut|son|está|puede|debe|là|có|được|cần)\b|\w(?:ed|ing|en|t|ez|er|ar|ir)\b",
    re.I,
)


@dataclass(frozen=True)
class Verdict:
    score: float
    reason: str | None

    @property
    def drop(self) -> bool:
        return self.score >= DROP_SCORE

    @property
    def suspect(self) -> bool:
        return SUSPECT_SCORE <= self.score < DROP_SCORE


#: Substrings one of which must be in the (lower-cased) text before a pattern that may match
#: anywhere is tried: a few substring tests cost a fraction of a regular-expression search.
_TRIGGERS: dict[str, tuple[str, ...]] = {
    "sponsorship disclosure": (
        "zusammenarbeit",
        "sponsor",
        "partnership",
        "collaboration",
        "colaboración",
        "beitrag",
        "werbung",
    ),
    "cookie or privacy banner": (
        "cookie",
        "onetrust",
        "privacy",
        "datenschutz",
        "accept all",
        "akzeptieren",
        "accepter",
        "aceptar",
    ),
    "promotion": (
        "shipping",
        "code",
        "coupon",
        "%",
        "off your",
        "off all",
        "shop now",
        "buy now",
        "add to",
        "versandkostenfrei",
        "livraison",
        "envío",
    ),
    "newsletter or sign-up": (
        "newsletter",
        "subscri",
        "sign up",
        "sign-up",
        "join our",
        "abonnieren",
        "anmelden",
        "inscrivez",
        "suscr",
        "đăng ký",
    ),
    "follow or tag request": (
        "follow us",
        "follow me",
        "tag us",
        "tag me",
        "find us",
        "folg",
        "suivez",
        "síguenos",
        "#",
        " @",
    ),
    "reading time": (
        "min read",
        "mins read",
        "min. read",
        "minute read",
        "minutes read",
        "reading time",
        "lesezeit",
        "de lecture",
        "de lectura",
    ),
    "photo credit": (
        "photo",
        "image",
        "picture",
        "foto",
        "bild",
        "crédit",
        "credit",
        "©",
        "getty",
        "istock",
        "shutterstock",
        "unsplash",
        "pexels",
        "pixabay",
        "ảnh",
        "e+",
        "eyeem",
        "westend61",
        "/ moment",
        "/moment",
        "imago",
    ),
    "affiliate disclosure": ("affiliate", "commission", "partnerlink"),
    "comment form": (
        "email",
        "e-mail",
        "required fields",
        "please enter",
        "leave a",
        "post comment",
        "save my name",
        "kommentar",
        "commentaire",
        "réponse",
        "correo",
        "deja un",
        "deja una",
        "indirizzo",
        "lascia un",
        "bình luận",
    ),
    "link to another page": (
        "read more",
        "weiterlesen",
        "lire la suite",
        "leer más",
        "xem thêm",
        "continue reading",
        "lee también",
        "lire aussi",
        "read also",
        "see also",
        "siehe auch",
        "mehr ",
    ),
    "related-posts teaser": (
        "you might",
        "you may",
        "related",
        "more from",
        "more on",
        "à lire",
        "te puede",
        "continue learning",
        "könnte",
    ),
    "syndication footer": (
        "appeared first",
        "rights reserved",
        "rechte vorbehalten",
        "source",
        "quelle",
        "fuente",
        "nguồn",
        "original",
    ),
}
#: Patterns that match only whole short lines ("Advertisement") or markup, tried on short text.
_SHORT_OR: dict[str, tuple[str, ...]] = {"advertisement or markup": ("<!--", "-->")}
_SHORT_LINE = 40
_ANCHORED = [
    (p, r, w)
    for p, r, w in _VOCABULARY
    if p.pattern.startswith("^") and r not in _TRIGGERS and r not in _SHORT_OR
]


def _opening(text: str) -> tuple[float, str | None]:
    """The vocabulary patterns anchored at the start of the text only (cheap on long prose)."""
    best, why = 0.0, None
    for pattern, reason, weight in _ANCHORED:
        if weight > best and pattern.match(text):
            best, why = weight, reason
    return best, why


def _triggered(low: str, triggers: tuple[str, ...]) -> bool:
    for t in triggers:  # noqa: SIM110 - a plain loop is faster than any() over a generator here
        if t in low:
            return True
    return False


def _vocabulary(text: str) -> tuple[float, str | None]:
    best, why = 0.0, None
    low = text.lower()
    short = len(text) <= _SHORT_LINE
    for pattern, reason, weight in _VOCABULARY:
        if weight <= best:
            continue
        triggers = _TRIGGERS.get(reason)
        if triggers is not None and not _triggered(low, triggers):
            continue
        markup = _SHORT_OR.get(reason)
        if markup is not None and not short and not _triggered(low, markup):
            continue
        if pattern.search(text):
            best, why = weight, reason
    return best, why


def classify(text: str, *, zone: bool, short_words: int = 8, list_item: bool = False) -> Verdict:
    """How much ``text`` (one block) looks like page furniture, and the strongest reason why.

    A list item is judged on its words only: items are short and verbless by nature.
    """
    if len(text) > LONG_BLOCK_CHARS:
        # a long paragraph is prose: only its opening can be furniture ("Important: This content
        # ..."), and in the middle of the article only an opening such as "Posted on", "Source:"
        if not zone:
            return Verdict(*_opening(text))
        score, reason = _vocabulary(text[:LONG_BLOCK_HEAD])
        return Verdict(score * 1.5, reason)
    score, reason = _vocabulary(text)
    if list_item:
        return Verdict(score * (1.5 if zone else 1.0), reason)
    words = text.split()
    shape = 0.0
    shape_reason: str | None = None
    if len(words) <= short_words:
        if not text.rstrip().endswith((".", "!", "?", "…", ":")):
            shape += 0.5
        if not _VERBISH.search(text):
            shape += 0.5
            shape_reason = shape_reason or "short line without a verb"
        if _SYMBOL_START.match(text):
            shape += 0.75
            shape_reason = "starts with a dash or a symbol"
        letters = [c for c in text if c.isalpha()]
        if len(letters) >= 6 and all(not c.islower() for c in letters):
            shape += 0.75
            shape_reason = "all capitals"
        if _DATE.match(text.strip(" ·|")):
            shape += 2.0
            shape_reason = "date line"
    if _URL.search(text) or _LINK_ARROW.search(text):
        shape += 1.0
        shape_reason = "link"
    if text[:1].islower() and not text.rstrip().endswith((".", "!", "?", "…", ":", ";", ",")):
        shape += 1.5
        shape_reason = "caption-like line (lower-case, no final punctuation)"
    if score == 0:
        # shape alone never drops a line: at most it is set aside for the reviewer
        total = min(shape * (1.5 if zone else 1.0), DROP_SCORE - 0.01)
        return Verdict(total, shape_reason)
    total = (score + shape) * (1.5 if zone else 1.0)
    return Verdict(total, reason)


def vocabulary_score(text: str) -> float:
    """The vocabulary evidence alone (see :func:`classify`)."""
    return _vocabulary(text)[0]


#: a notice ending in its button's label in capitals ("... appointments are available LEARN MORE")
_BUTTON_END = re.compile(
    r"\S.*\s(?:LEARN MORE|READ MORE|FIND OUT MORE|BOOK NOW|BOOK (?:AN |YOUR )?APPOINTMENT|SHOP NOW|"
    r"CLICK HERE|SIGN UP|GET STARTED|MEHR ERFAHREN|JETZT BUCHEN|EN SAVOIR PLUS|PRENDRE RENDEZ-VOUS|"
    r"LEER MÁS|SABER MÁS|SCOPRI DI PIÙ|XEM THÊM|ĐẶT LỊCH)\s*[>»›→]?$"
)


#: A line that is only a site's navigation ("HOME", "Startseite", "Home > Hautpflege", "Accueil /
#: Beauté"): a menu entry or breadcrumb above the headline, never its title.
_NAVIGATION_LINE = re.compile(
    r"^(?:home(?: ?page)?|startseite|accueil|inicio|portada|pagina iniziale|trang chủ|menu|menü|"
    r"search|suche|rechercher|buscar|cerca|tìm kiếm|login|log in|anmelden|connexion)"
    r"(?:\s*[>»›/|→]\s*[^>»›/|→]{1,40})*\s*[>»›/|→]?$",
    re.I,
)
#: A site's logo read out as text (its image's alt text) with the section it files the article under:
#: "Stern Logo Ratgeber Haut", "Logo Vogue", "brand-logo".
_LOGO_LINE = re.compile(r"^(?:\S+[ -]){0,3}logo(?:[ -]\S+){0,4}$", re.I)


#: A link back to the top of the page or past its menu, read out as text: "top of page", "Back to
#: top", "Nach oben", "Haut de page", "Volver arriba", "Torna su", "Lên đầu trang".
_TOP_LINK = re.compile(
    r"^(?:(?:back|go|jump|scroll|skip|return) to (?:the )?)?top(?: of (?:the )?page)?|"
    r"(?:nach oben|zum seitenanfang|seitenanfang|haut de (?:la )?page|retour en haut(?: de (?:la )?page)?|"
    r"volver arriba|ir arriba|subir|torna su|torna all['’]inizio|lên đầu trang|về đầu trang)$",
    re.I,
)
#: A writer line above the headline: a blog's "Writer's picture" label with the name run into it,
#: "Written by ...", "Author: ...", "Autorin: ...", "Tác giả: ..." (a leading bullet allowed).
_WRITER_LINE = re.compile(
    r"^(?:[•·*–-]\s*)?(?:(?:writer|author)['’]?s? (?:picture|photo|avatar|image)|written by|posted by|words by|"
    r"(?:author|writer|autor|autorin|auteure?|autrice|autore|autora|tác giả)\s*:|verfasst von|geschrieben von|"
    r"écrit par|rédigé par|escrito por|scritto da|viết bởi)",
    re.I,
)
WRITER_LINE_CHARS = 80
#: A byline whose name the page left empty: "By  | ", "Von |", "Par :".
_EMPTY_BYLINE = re.compile(r"^(?:by|written by|posted by|von|par|por|di|da|bởi)\s*[|·•,:/–—-]*\s*$", re.I)


def furniture_line_reason(line: str, *, head: bool) -> str | None:
    """Reason to drop a line above the title (a navigation link, promo bar, date), else None."""
    score, reason = _vocabulary(line)
    if score >= DROP_SCORE:
        return reason
    if head and _NAVIGATION_LINE.match(line.strip()):
        return "navigation link"
    if head and len(line) <= 40 and _TOP_LINK.match(line.strip(" ↑^⬆▲")):
        return "link to the top of the page"
    if head and _EMPTY_BYLINE.match(line.strip()):
        return "byline without a name"
    if head and len(line) <= WRITER_LINE_CHARS and _WRITER_LINE.match(line.strip()):
        return "writer line (the byline's label and name)"
    if head and len(line) <= 60 and _LOGO_LINE.match(line.strip()):
        return "site logo (its image's text)"
    if head and _BUTTON_END.match(line.strip()):
        return "promo bar (a notice with its button)"
    if not any(ch.isalpha() for ch in line):
        return "no words (a number or symbols)"
    half = len(line) // 2
    if len(line) >= 8 and len(line) % 2 == 0 and line[:half] == line[half:]:
        return "site name (logo text repeated)"
    if head and _DATE.match(line.strip(" ·|")):
        return "date line"
    return None
