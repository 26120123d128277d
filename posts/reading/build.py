"""From raw blocks to the :class:`posts.models.Article`: boilerplate out, sentences in, sections.

1. A format reader (:mod:`.plain`, :mod:`.markdown`, :mod:`.html`) gives title, author, language
   and raw blocks; the title falls back to a syndication footer, then to one written from the article's topic (flagged).
2. The language is the one given, else detected from the text (:mod:`.language`), else the
   page's own, else English.
3. Boilerplate is taken out and reported with its reason: greetings, sign-offs and the signature
   after them, bylines, syndication footers, share buttons, "see my recommended ..." links, a
   repeat of the title, and whatever the classifier (:mod:`.boilerplate`) finds; doubtful blocks
   are reported as "suspected boilerplate" and not posted.
4. Every block is cut into sentences (:func:`posts.split.segment`, in the article's language).
5. The article's request to its readers (its call to action) is found among its last sentences.
"""

from __future__ import annotations

import hashlib
import os
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tipqueue.config.errors import ArticleError
from tipqueue.config.limits import MB, over_limit
from tipqueue.posts.fanout import children_for, chunks, fan_out
from tipqueue.posts.models import Article, Block, BlockKind, Dropped, Section
from tipqueue.posts.reading.boilerplate import SUSPECTED, ZONE_BLOCKS, Verdict, classify
from tipqueue.posts.reading.casing import sentence_case, shouting, word_forms
from tipqueue.posts.reading.html import read_html
from tipqueue.posts.reading.interview import plain_questions
from tipqueue.posts.reading.language import detect_language
from tipqueue.posts.reading.markdown import read_markdown
from tipqueue.posts.reading.plain import read_plain
from tipqueue.posts.reading.raw import (
    FORMATS,
    RawArticle,
    RawBlock,
    clean_text,
    decode_article,
    demote_trailing_headings,
    detect_format,
    drop_footnote_marks,
    refuse_binary,
)
from tipqueue.posts.reading.titles import (
    UNTITLED,
    capitalised,
    describes_picture,
    first_person_title,
    split_kicker,
    tidy_title,
    title_from_footer,
    topic_title,
    without_label,
)
from tipqueue.posts.split import PAGE_FURNITURE, segment


def read_article(
    path: Path, *, fmt: str | None = None, language: str | None = None, max_bytes: int | None = None
) -> Article:
    """Read an article file; the format comes from the suffix (.md, .html) or the content.

    ``max_bytes`` (``limits.article_mb``): a larger file is refused before it is read whole.
    """
    try:
        data = _read_at_most(path, max_bytes)
    except FileNotFoundError:
        raise ArticleError(f"article {path} does not exist; check the path") from None
    except IsADirectoryError:
        raise ArticleError(f"{path} is a folder; give the article file itself") from None
    except OSError as exc:
        raise ArticleError(f"cannot read article {path}: {exc.strerror}") from None
    text = decode_article(data, str(path))
    return parse_article(text, fmt=fmt or detect_format(path, text), source=path, language=language)


def _read_at_most(path: Path, max_bytes: int | None) -> bytes:
    if max_bytes is None:
        return path.read_bytes()
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)  # never more, even from a file that is still growing
        if len(data) <= max_bytes:
            return data
        size = os.fstat(handle.fileno()).st_size
    raise over_limit(
        f"article {path.name}",
        size / MB if size >= len(data) else None,  # a pipe or device: "over the limit"
        "article_mb",
        max_bytes / MB,
        unit="MB",
        fix="split it into several articles",
    )


def parse_article(
    text: str,
    *,
    fmt: str = "text",
    source: Path | None = None,
    language: str | None = None,
    children: int | None = None,
) -> Article:
    """Parse article text. ``fmt`` is "text", "markdown" or "html".

    ``children``: forked children that share cutting the blocks into sentences (see
    :mod:`tipqueue.posts.fanout`); None: the spare cores for a long article, else none. The
    article is the same whatever the number."""
    raw = read_raw(text, fmt=fmt, source=source)
    lang, lang_source = choose_language(raw, language)
    return _build(raw, lang, lang_source, text, source, children)


def read_raw(text: str, *, fmt: str = "text", source: Path | None = None) -> RawArticle:
    """Step 1 only: title, author, language and raw blocks (used by the coverage invariant)."""
    where = str(source) if source else "the article"
    if fmt not in FORMATS:
        raise ArticleError(f"unknown article format {fmt!r}; use one of {', '.join(FORMATS)}")
    refuse_binary(text, where)
    text = clean_text(text)
    if not text.strip():
        raise ArticleError(f"{where} is empty; give an article with a title line and some text")
    if fmt == "markdown":
        raw = read_markdown(text)
    elif fmt == "html":
        raw = read_html(text)
    else:
        raw = read_plain(text)
    raw.blocks = [_without_footnote_marks(b) for b in raw.blocks]
    raw.blocks = demote_trailing_headings(_questions_with_answers(_join_heading_runs(raw.blocks)))
    raw.blocks = plain_questions(raw.blocks)
    _without_head_labels(raw)
    if raw.title is None:
        footer = title_from_footer([b.text for b in raw.blocks[-ZONE_BLOCKS:]])
        if footer:
            raw.title, raw.title_source = footer, "syndication footer"
        else:
            raw.title_source = "none"  # written from the article's topic once it is read (_build)
    if raw.title:
        raw.title = tidy_title(raw.title)
        _check_title(raw)
    return raw


#: A news agency's tag in front of the first sentence: "(NBC) - Winter is here ...", "BERLIN (dpa) -
#: ...", "NEW YORK (AP) — ...": the wire's, not the post's.
_WIRE_TAG = re.compile(
    r"^(?:[A-ZÀ-Ý][A-ZÀ-Ý .'/-]{1,30} )?\((?:[A-Za-z][A-Za-z0-9&./ -]{0,14}[A-Za-z0-9])\)\s*[-–—]+\s+(?=\S)"
)
#: The label of a page's summary box in front of its first point: "L'ESSENTIEL La peau est ...",
#: "KEY TAKEAWAYS ...", "DAS WICHTIGSTE IN KÜRZE ...": the box sums up the article, it does not
#: introduce it, and its points are said again in the text.
_SUMMARY_LABEL = re.compile(
    r"^(?:L['’]ESSENTIEL|EN BREF|À RETENIR|A RETENIR|CE QU['’]IL FAUT RETENIR|KEY TAKEAWAYS?|KEY POINTS|"
    r"IN BRIEF|AT A GLANCE|THE BOTTOM LINE|TL;?DR|DAS WICHTIGSTE IN KÜRZE|DAS WICHTIGSTE|AUF EINEN BLICK|"
    r"IN KÜRZE|EN RESUMEN|LO ESENCIAL|LO QUE DEBES SABER|IN BREVE|IN SINTESI|DA SAPERE|TÓM TẮT|ĐIỂM CHÍNH)"
    r"\s*:?\s+(?=\S)"
)
#: A summary box's point after its first: a short paragraph (at most this many characters) right
#: under it (the text's own opening is longer), at most SUMMARY_MAX_POINTS of them.
SUMMARY_POINT_CHARS = 160
SUMMARY_MAX_POINTS = 1
#: Wire tags and summary boxes are looked for in this many of the article's first blocks.
HEAD_LABEL_BLOCKS = 3


def _without_head_labels(raw: RawArticle) -> None:
    """Drop what a saved news page puts in front of its text: a wire tag before the first sentence
    ("(NBC) - "), and a summary box (its label, its first point and the short points under it)."""
    seen = 0
    for i, block in enumerate(raw.blocks):
        if block.kind == "heading":
            continue
        if seen >= HEAD_LABEL_BLOCKS:
            return
        seen += 1
        if block.kind != "paragraph":
            continue
        wire = _WIRE_TAG.match(block.text)
        if wire is not None:
            raw.early_dropped.append(Dropped(wire.group(0).strip(), "wire service tag"))
            raw.blocks[i] = block.but(text=block.text[wire.end() :])
            return
        if _SUMMARY_LABEL.match(block.text) is not None and i + 1 < len(raw.blocks):
            end = i + 1
            while (
                end < len(raw.blocks)
                and end - i <= SUMMARY_MAX_POINTS
                and raw.blocks[end].kind == "paragraph"
                and len(raw.blocks[end].text) <= SUMMARY_POINT_CHARS
                and not raw.blocks[end].text.rstrip().endswith((":", "?"))
                and end + 1 < len(raw.blocks)
            ):
                end += 1
            if end >= len(raw.blocks) or not any(b.kind != "heading" for b in raw.blocks[end:]):
                return  # the box would be all the text: it is the text
            for box in raw.blocks[i:end]:
                raw.early_dropped.append(Dropped(box.text, "summary box (the page's key points)"))
            del raw.blocks[i:end]
            return


#: "escote,manos": a comma glued to the next word (not "2,5", not a list of letters "A,B"). The
#: comma comes first so the search jumps from comma to comma; with the look-behind first it was
#: tried at every character (0.2 s over a 5 MB article, against 0.01 s).
_GLUED_COMMA = re.compile(r",(?<=[^\W\d_]{2},)(?=[^\W\d_]{2})")


def _without_footnote_marks(block: RawBlock) -> RawBlock:
    """The block without footnote marks, and with a space after a comma glued to the next word."""
    text = drop_footnote_marks(block.text)
    if "," in text:
        text = _GLUED_COMMA.sub(", ", text)
    title = drop_footnote_marks(block.title) if block.title else None
    if text == block.text and title == block.title:
        return block  # most blocks have none: no copy (dataclasses.replace is slow)
    return block.but(text=text, title=title)


def _unshout(raw: RawArticle, language: str) -> None:
    """Headings, list titles, questions and the title written in CAPITALS, in sentence case
    (:mod:`posts.reading.casing`): they become hooks, title cards and footers."""
    if not any(shouting(b.title or b.text) for b in raw.blocks) and not shouting(raw.title or ""):
        return
    forms = word_forms([t for b in raw.blocks for t in (b.text, b.title) if t])
    if raw.title:
        raw.title = sentence_case(raw.title, language, forms)
    for k, b in enumerate(raw.blocks):
        if b.kind in ("heading", "list_title") and shouting(b.text):
            raw.blocks[k] = b.but(text=sentence_case(b.text, language, forms))
        elif b.title and shouting(b.title):
            raw.blocks[k] = b.but(title=sentence_case(b.title, language, forms))


def _check_title(raw: RawArticle) -> None:
    """A title candidate that describes a picture (an image's alt text) or is in the writer's own
    voice ("I Put an LED Mask to the Test") is not the series' title: it goes to the dropped report
    and the title is written from the article's topic; a kicker glued in front of the headline
    ("Protect your skin Wie du ...") is cut off, and so is a stored page's "Title:" label; a title
    in a brand's lower case gets its capital."""
    title = capitalised(without_label(raw.title or ""))
    raw.title = title
    reason = None
    if describes_picture(title):
        reason = "describes a picture (an image's alt text), not the article's title"
    elif first_person_title(title):
        reason = "a title in the writer's own voice (a clinic does not post it as its own)"
    if reason:
        raw.early_dropped.append(Dropped(title, reason))
        raw.title, raw.title_source = None, "none"
        return
    kicker, headline = split_kicker(title)
    if kicker:
        raw.early_dropped.append(Dropped(kicker, "the page's kicker, glued in front of the title"))
        raw.title = headline


def choose_language(raw: RawArticle, given: str | None) -> tuple[str, str]:
    """The article's language and where it came from: given, detected, the page's, or English."""
    if given:
        return given, "given"
    sample = " ".join(_first_body_texts(raw.blocks, 4000))[:4000]
    detected = detect_language(sample or (raw.title or ""))
    if detected:
        return detected, "detected"
    if raw.language:
        return raw.language, "page"
    return "en", "default"


def _first_body_texts(blocks: list[RawBlock], chars: int) -> list[str]:
    """The texts of the first body blocks, enough for ``chars`` characters joined by spaces (not
    the whole article's, which a 5 MB article would join only to keep its first few thousand)."""
    texts: list[str] = []
    size = 0
    for b in blocks:
        if b.kind != "heading":
            texts.append(b.full_text)
            size += len(texts[-1]) + 1
            if size > chars:
                break
    return texts


def body_sentences(text: str, *, fmt: str = "text", language: str | None = None) -> list[str]:
    """Every sentence of the article body as read, before any boilerplate is dropped."""
    raw = read_raw(text, fmt=fmt)
    lang, _ = choose_language(raw, language)
    return [s for b in raw.blocks if b.kind != "heading" for s in _block_sentences(b, lang)]


def _block_sentences(block: RawBlock, language: str) -> list[str]:
    head = segment(block.title, language) if block.title else []
    return head + segment(block.text, language)


def _join_heading_runs(blocks: list[RawBlock]) -> list[RawBlock]:
    """A heading right under another one is its sub-heading: "Step 1: Cleansing — How to wash"."""
    out: list[RawBlock] = []
    for b in blocks:
        if b.kind == "heading" and out and out[-1].kind == "heading":
            out[-1] = out[-1].but(text=f"{out[-1].text} — {b.text}")
        else:
            out.append(b)
    return out


def _questions_with_answers(blocks: list[RawBlock]) -> list[RawBlock]:
    """A list item that asks a question, directly followed by a paragraph, is a question and its
    answer (interviews laid out as a bulleted list of questions)."""
    sizes: dict[int, int] = {}
    for b in blocks:
        if b.list_id is not None and b.kind in ("bullet", "numbered"):
            sizes[b.list_id] = sizes.get(b.list_id, 0) + 1
    out: list[RawBlock] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if (
            b.kind in ("bullet", "numbered")
            and sizes.get(b.list_id or -1, 0) == 1  # a list of one question, not a list of questions
            and b.title is None
            and b.text.rstrip().endswith(("?", "？"))
            and nxt is not None
            and nxt.kind == "paragraph"
        ):
            out.append(RawBlock("qa", nxt.text, title=b.text))
            i += 2
            continue
        out.append(b)
        i += 1
    return out


# --- Boilerplate and the call to action ----------------------------------------------------

_SIGN_OFF = re.compile(
    r"^(?:hope (?:this|that|it) helps?|best(?: wishes| regards)?|(?:kind|warm|warmest|warm) regards|regards|"
    r"cheers|thanks(?: so much)?(?: for reading)?|thank you(?: for reading)?|x+o+x*o*|with love|love|"
    r"sincerely(?: yours)?|yours(?: truly)?|until next time|take care|talk soon|stay (?:well|safe)|be well|"
    r"all the best|happy \w+ing|"
    # the same in other languages
    r"(?:herzliche|liebe|viele|beste|freundliche) grüße|mit (?:herzlichen|freundlichen|besten) grüßen|"
    r"cordialement|bien à vous|amitiés|bises|saludos|un saludo|un abrazo|con cariño|cordiali saluti|un saluto|"
    r"thân ái|trân trọng|liebst|herzlichst|alles liebe|bis bald|bisous|besos)"
    r"\b[\s\w]{0,20}[,.!…]*$",
    re.I,
)
#: "Warm regards,\nDr. Lee" in one paragraph: the lines are joined, so split the sign-off off first.
_SIGN_OFF_THEN_NAME = re.compile(r"^(?P<off>.{2,40}?[,.!…]+)\s+(?P<name>\S.{0,59})$")
#: "... bis ganz bald! Herzlichst Eure MARTINA BERG": a closing paragraph ending in a signature.
_ENDS_WITH_SIGNATURE = re.compile(
    r"(?:herzlichst|liebst|alles liebe|xoxo|love|cheers|best|bises|besos|un abrazo|cariños)[,!.]?\s+"
    r"(?:eure?|your|votre|vuestra|tu)?\s*[A-ZÄÖÜÀ-Ý][\w.-]+(?:\s[A-ZÄÖÜÀ-Ý][\w.-]+){0,2}[.!]?$",
    re.I,
)
_GREETING = re.compile(
    r"^(?:hi|hello|hey|dear)(?: (?:everyone|all|friends|there|readers|folks))?[,.!]*$", re.I
)
_BYLINE = re.compile(r"^(?:by|written by|posted by|von|par|por(?: la| el)?)\s+(.{2,60})$", re.I)
#: a newsroom's byline instead of a name: "Press Staff Writer", "Redaktion", "La rédaction"
_STAFF_BYLINE = re.compile(
    r"^(?:[\w.&'’ -]{0,40}\s)?(?:staff writers?|staff reporters?|news desk|editorial (?:staff|team)|"
    r"(?:die |la )?redaktion|(?:la )?rédaction|(?:la )?redacción|(?:la )?redazione|ban biên tập)$",
    re.I,
)
_FOOTER = re.compile(
    r"^(?:the post .{1,300} appeared first on .{1,200}|source link|leave a (?:comment|reply)|"
    r"share this(?: post| article)?:?|like this:?|share on \w+|click to share.*|tweet|pin it|"
    r"related(?: posts| articles)?:?|loading\.\.\.|read more|continue reading.*|posted in .{1,100}|"
    r"tagged .{1,100}|filed under .{1,100}|\d+ comments?|no comments|comments are closed\.?)$",
    re.I,
)
_SHARE_ONLY = re.compile(
    r"^(?:(?:share|facebook|twitter|x|pinterest|linkedin|email|e-mail|print|whatsapp|reddit|tumblr|pocket|"
    r"telegram|threads|instagram|copy link|more)[\s|·•,/:-]*){2,}$",
    re.I,
)
_SEE_ALSO = re.compile(
    r"^(?:(?:please )?see (?:my|our) (?:recommended|favou?rite|full|complete|previous|other)\b|"
    r"click here\b|shop (?:my|our)\b|(?:read|check out) (?:my|our) (?:previous|earlier|related|other) "
    r"(?:post|article|blog)|(?:for more|more info)[^.]{0,40}(?:see|visit|click)\b|"
    r"(?:use|with) (?:my|our|the) (?:code|discount code|affiliate link)\b|"
    r"lee también\b|lire aussi\b|siehe auch\b|xem thêm\b|mehr (?:infos?|dazu|zum thema)\s*:?\s*$|"
    # "read more at ...", the link gone: "Puedes ampliar esta información en la Academia ...",
    # "Pour en savoir plus, consultez notre page", "Weitere Informationen finden Sie auf ..."
    r"(?:puedes|podrás) (?:ampliar|encontrar más|leer más)(?: sobre)? (?:esta |la )?información\b|"
    r"(?:para )?(?:más|mayor) información,? (?:visita|consulta|entra)\b(?! (?:a|con) )|"
    r"(?:puoi )?approfondi(?:re|sci) (?:l'argomento |l’argomento )?(?:su|sul|nel|nella|qui)\b|"
    r"per (?:saperne di più|maggiori informazioni),? (?:visita|leggi|vai)\b|"
    r"pour en savoir plus,? (?:rendez-vous|consultez (?:notre|le|la|l')|visitez|lisez)|"
    r"(?:weitere|mehr) informationen (?:dazu |darüber )?finden sie (?:in|auf|unter|bei)\b|"
    r"mehr (?:dazu|darüber) (?:lesen|erfahren) sie (?:in|auf|unter|bei)\b|"
    r"(?:bạn có thể )?(?:tìm hiểu|đọc) thêm (?:thông tin )?(?:tại|ở)\b)",
    re.I,
)
#: A practice's booking line: "To schedule an appointment with one of our dermatologists, call us at
#: ...", "Vereinbaren Sie einen Termin in unserer Praxis", "Prenez rendez-vous au cabinet": the page's
#: own practice, which the clinic posting the series is not. A request to book naming nobody's office
#: ("make an appointment with a dermatologist if it spreads") is advice and stays.
_BOOKING = re.compile(
    r"\b(?:(?:schedule|book|make|request) (?:an? |your )?(?:appointment|consultation)"
    r"|(?:call|contact|visit) us\b|give us a call"
    r"|termin (?:vereinbaren|buchen)|vereinbaren sie (?:\w+ )?(?:einen )?termin|rufen sie uns"
    r"|(?:prendre|prenez|réservez) (?:un )?rendez-vous|contactez-nous|appelez-nous"
    r"|(?:pide|pida|reserva|solicita) (?:tu |su |una )?cita|contáctanos|llámanos"
    r"|prenota (?:una |la tua )?(?:visita|consulenza|appuntamento)|contattaci|chiamaci"
    r"|đặt lịch (?:hẹn|khám)|liên hệ (?:ngay )?(?:với )?chúng tôi)",
    re.I,
)
#: words one of :data:`_BOOKING`'s matches holds (lower case): a substring search is much cheaper
_BOOKING_HINTS = (
    "appointment",
    "consultation",
    "call us",
    "contact us",
    "visit us",
    "us a call",
    "termin",
    "rufen sie",
    "rendez-vous",
    "-nous",
    "cita",
    "contáct",
    "llám",
    "prenota",
    "contatt",
    "chiam",
    "đặt lịch",
    "liên hệ",
)


def _booking_hinted(sentences: list[_Sentence]) -> set[int]:
    """The sentences (by index) that hold one of the hints, found in one pass over the article's
    text per hint: most articles hold none, and then no sentence is looked at."""
    whole = " ".join(s.text for s in sentences).lower()
    # which hints occur at all, asked of the UTF-8 bytes: an emoji anywhere makes the text four
    # bytes a character, and 18 searches of 5 MB of such text took 0.17 s; of its bytes 0.05 s
    data = whole.encode("utf-8", "surrogatepass")
    hints = [hint for hint in _BOOKING_HINTS if hint.encode("utf-8") in data]
    if not hints:
        return set()
    starts, at = [], 0
    for s in sentences:
        starts.append(at)
        at += len(s.text) + 1
    hinted: set[int] = set()
    for hint in hints:
        i = whole.find(hint)
        while i >= 0:
            hinted.add(bisect_right(starts, i) - 1)
            i = whole.find(hint, i + 1)
    return hinted


#: ... with the practice's own words or a way to book: "our", "us", a phone number, "online"
_BOOKING_OWN = re.compile(
    r"\b(?:our|us|unser\w*|uns|notre|nos|nous|nuestr[oa]s?|nosotros|nostr[oaie]|chúng tôi|online|en ligne|"
    r"en línea|click|klicken|cliquez|haz clic|clicca)\b|\(?\+?\d{2,4}\)?[ .-]?\d{3}[ .-]?\d{3,4}",
    re.I,
)
#: a signature with degrees and roles closing the page: "Dr. Jane Roe, MD, PhD Board Certified
#: Dermatologist Mohs Surgeon" (capitalised words only, a degree among them, no sentence's stop)
_DEGREE = re.compile(r"(?<![\w.])(?:MD|M\.D\.|DO|PhD|Ph\.D\.|FAAD|FACMS|MBBS|MSc|Dr\. med\.)(?![\w])")
_SIGNATURE_SMALL_WORDS = frozenset(["of", "and", "&", "in", "de", "der", "für", "en", "et", "y", "e", "di"])


def _signature_with_degrees(text: str) -> bool:
    words = text.replace(",", " ").split()
    return (
        2 <= len(words) <= 20
        and len(text) <= 160
        and not text.endswith((".", "!", "?", ":"))
        and _DEGREE.search(text) is not None
        and all(w[:1].isupper() or w in _SIGNATURE_SMALL_WORDS for w in words)
    )


#: A sentence announcing a list ("Recommended options include:", "Dazu gehören:", "Les signes sont
#: les suivants :"): closing its paragraph with no list after it, it announces what the page lost.
_LIST_LEAD_IN = re.compile(
    r"(?:\b(?:include|includes|including|are the following|the following|as follows|such as"
    r"|gehören|folgende|zählen|umfassen|sont les suivant(?:e)?s|comprennent|incluent|suivants"
    r"|incluyen|siguientes|son los siguientes|includono|seguenti|bao gồm|gồm có))\s*:$",
    re.I,
)
_LIST_KINDS = frozenset(["bullet", "numbered", "list_title"])
#: a sentence that is only a picture's credit: "© Jane Example / E+", "© Agentur"
_CREDIT_ONLY = re.compile(r"^©\s?[^\W\d_][^.!?©]{1,60}$")
#: a sentence listing where the article's facts came from ("Sources: The Journal of ..., PopSugar.")
_SOURCES = re.compile(
    r"^(?:sources?|quellen?|fuentes?|fonti|nguồn(?: tham khảo)?|informationen|infos?)\s*:\s*\S", re.I
)
_CTA = re.compile(
    r"shout[- ]?out|\blet (?:me|us) know\b|\btell (?:me|us)\b|\bcomment below\b|\bin the comments\b|"
    r"\bleave a comment\b|\bshare (?:yours|your (?:favou?rite|own|experience|tips?))\b|\bdm (?:me|us)\b|"
    r"\bon (?:my|our) (?:instagram|ig|facebook|page)\b|\bwhat(?:'s|’s| is) your favou?rite\b|"
    r"\btag (?:me|us)\b|\bwrite (?:to )?(?:me|us)\b|"
    # the same requests in other languages: an Instagram or comments mention near the end
    r"\binstagram\b|\bkommentar|\bcommentaire|\bcomentario|\bcommento|\bkoment",
    re.I,
)
#: Only blocks this short are compared with the title and the block before them (captions, repeats).
SHORT_BLOCK_CHARS = 300
#: The call to action is looked for among this many last content sentences of the article.
CTA_WINDOW = 5
_NAME_WORD = re.compile(r"^(?:[A-Z][\w’'.-]*|[A-Z]\.|Dr\.|Prof\.|MD|M\.D\.|RN|PhD|&|and|de|van|von)$")
_ALNUM = re.compile(r"[\W_]+", re.U)


#: ASCII characters that are not letters or digits (what ``_ALNUM`` removes), for str.translate.
_ASCII_NOT_ALNUM = {c: None for c in range(128) if not chr(c).isalnum()}


@lru_cache(maxsize=8)
def _key(text: str) -> str:
    # Cached: a short block's key is taken twice, with the title's and the block's before it (its
    # own key one block earlier). ASCII text: translate() at a sixth of the regular expression's cost.
    if text.isascii():
        return text.translate(_ASCII_NOT_ALNUM).lower()
    return _ALNUM.sub("", text).lower()


def _looks_like_signature(text: str) -> bool:
    words = text.replace(",", " ").split()
    return 1 <= len(words) <= 6 and len(text) <= 60 and all(_NAME_WORD.match(w) for w in words)


@dataclass
class _Sentence:
    block: int
    text: str
    dropped: str | None = None
    #: part of a question asked in the article (a Q&A's question), never the call to action
    asked: bool = False


def _block_reason(
    block: RawBlock,
    i: int,
    last_body: int,
    zone: bool,
    title: str,
    state: dict[str, object],
    verdict: Verdict,
) -> str | None:
    """Why this body block is not content, or None. Updates ``state`` (sign-off seen, author).
    ``verdict``: :func:`classify`'s for the block (see :func:`_reading_of`)."""
    text = block.full_text
    if _GREETING.match(text):
        return "greeting"
    if _SIGN_OFF.match(text) and len(text) <= 60:
        state["after_sign_off"] = True
        return "sign-off"
    m = _SIGN_OFF_THEN_NAME.match(text)
    if m and _SIGN_OFF.match(m["off"]) and _looks_like_signature(m["name"]):
        state["after_sign_off"] = True
        state["author"] = state.get("author") or m["name"].strip(" ,")
        return "sign-off and signature"
    if (state.get("after_sign_off") and _looks_like_signature(text)) or (
        i == last_body
        and _looks_like_signature(text)
        and len(text.split()) >= 2
        and block.kind == "paragraph"
        and "." not in text[-1:]
    ):
        state["author"] = state.get("author") or text.strip(" ,")
        return "signature"
    if i == last_body and block.kind == "paragraph" and _signature_with_degrees(text):
        # not the author's byline: it names her with all her titles, often not the page's writer
        return "signature (a name with degrees and roles)"
    if zone and i == last_body and len(text) <= 160 and _ENDS_WITH_SIGNATURE.search(text):
        return "sign-off and signature"
    short = len(text) <= SHORT_BLOCK_CHARS
    if short and _key(text) and _key(text) in _key(str(state.get("previous", ""))):
        return "repeats the text before it (an image caption?)"
    if _FOOTER.match(text) or _SHARE_ONLY.match(text):
        return "syndication footer or share buttons"
    m = _BYLINE.match(text)
    if m and (zone or not state.get("content_seen")) and len(text.split()) <= 10:
        state["author"] = state.get("author") or m.group(1).strip(" –—-")
        return "byline"
    if short and _key(text) == state.setdefault("title_key", _key(title)):
        return "repeats the title"
    if block.kind == "list_title" and block.list_id is None:
        return "a list's lead-in with no list under it (its items are subheadings)"
    if not any(ch.isalnum() for ch in text):
        return "no words (an image's leftover markup or symbols)"
    if verdict.drop:
        return verdict.reason or "boilerplate"
    if verdict.suspect:
        return f"{SUSPECTED}: {verdict.reason}" if verdict.reason else SUSPECTED
    return None


#: A body block read on its own: its sentences, how many of them are its question (a Q&A block's
#: title), and :func:`classify`'s score and reason for it; None for a heading.
_BlockReading = tuple[list[str], int, float, str | None] | None


def _read_blocks(
    blocks: list[RawBlock], language: str, zone_of: set[int], children: int
) -> list[_BlockReading]:
    """What each block's sentences and furniture score are (None for a heading): the part of
    reading a block that depends on the block alone, shared with forked children when asked."""

    def part(indexes: range) -> list[_BlockReading]:
        return [_reading_of(blocks[i], language, i in zone_of) for i in indexes]

    runs = fan_out(part, chunks([len(b.text) for b in blocks], children + 1), children=children)
    return [reading for run in runs for reading in run]


def _reading_of(block: RawBlock, language: str, zone: bool) -> _BlockReading:
    if block.kind == "heading":
        return None
    head = segment(block.title, language) if block.title else []
    asked = len(head) if block.kind == "qa" else 0
    verdict = classify(block.full_text, zone=zone, list_item=block.kind in ("bullet", "numbered"))
    return head + segment(block.text, language), asked, verdict.score, verdict.reason


def _build(
    raw: RawArticle,
    language: str,
    language_source: str,
    source_text: str,
    source: Path | None,
    children: int | None = None,
) -> Article:
    where = str(source) if source else "the article"
    _unshout(raw, language)
    title = raw.title or UNTITLED
    state: dict[str, object] = {"author": raw.author}
    body_index = [i for i, b in enumerate(raw.blocks) if b.kind != "heading"]
    last_body = body_index[-1] if body_index else -1
    first_body = body_index[0] if body_index else -1
    zone_of = set(body_index[:ZONE_BLOCKS]) | set(body_index[-ZONE_BLOCKS:])
    if children is None:
        children = children_for(sum(len(b.text) for b in raw.blocks))
    readings = _read_blocks(raw.blocks, language, zone_of, children)
    sentences: list[_Sentence] = []
    dropped_headings: list[Dropped] = []
    skip_heading: set[int] = set()
    teaser: str | None = None  # the section under a "You might also like" heading is a teaser too
    for i, block in enumerate(raw.blocks):
        if block.kind == "heading":
            verdict = classify(block.text, zone=False)
            teaser = None
            if _key(block.text) == _key(title):
                dropped_headings.append(Dropped(block.text, "heading: repeats the title"))
                skip_heading.add(i)
            elif (
                i < first_body
                and len(block.text.split()) <= 10
                and (_STAFF_BYLINE.match(block.text) or _BYLINE.match(block.text))
            ):
                # a byline over the text is not a section: tips under it would be filed under it
                dropped_headings.append(Dropped(block.text, "heading: byline"))
                skip_heading.add(i)
            elif verdict.drop and verdict.reason and not verdict.reason.startswith("short"):
                dropped_headings.append(Dropped(block.text, f"heading: {verdict.reason}"))
                skip_heading.add(i)
                if verdict.reason == "related-posts teaser":
                    teaser = verdict.reason
            continue
        reading = readings[i]
        assert reading is not None  # a body block's
        parts, asked, score, why = reading
        reason = teaser or _block_reason(block, i, last_body, i in zone_of, title, state, Verdict(score, why))
        if reason is None:
            state["content_seen"] = True
        if reason == "related-posts teaser":
            teaser = reason  # what follows the teaser's own title is the teaser too
        state["previous"] = block.full_text
        for k, part in enumerate(parts):
            sentences.append(_Sentence(i, part, reason, asked=k < asked))
    booking = _booking_hinted(sentences)
    for k, s in enumerate(sentences):
        if s.dropped is None and _CREDIT_ONLY.match(s.text):
            s.dropped = "photo credit"
            before = sentences[k - 2 : k]
            if (
                len(before) == 2
                and all(b.block == s.block and b.dropped is None for b in before)
                and before[0].text == before[1].text
            ):
                # the picture's caption, said twice over its credit (the caption and the image's text)
                for b in before:
                    b.dropped = "a photo's caption (given twice, over its credit)"
            continue
        if (
            s.dropped is None
            and s.text.endswith(":")
            and _LIST_LEAD_IN.search(s.text)
            and (k + 1 == len(sentences) or sentences[k + 1].block != s.block)
            and (s.block + 1 >= len(raw.blocks) or raw.blocks[s.block + 1].kind not in _LIST_KINDS)
        ):
            s.dropped = "a list's lead-in without its list (the page lost the list)"
            continue
        if s.dropped is None and _SEE_ALSO.match(s.text):
            s.dropped = "link to another page"
        elif s.dropped is None and _SOURCES.match(s.text) and len(s.text) <= 240:
            s.dropped = "source credit"
        elif s.dropped is None and k in booking and _BOOKING.search(s.text) and _BOOKING_OWN.search(s.text):
            s.dropped = "booking line of the page's own practice"
    content = [s for s in sentences if s.dropped is None]
    cta_parts = _call_to_action(content)
    cta = cta_parts[-1] if cta_parts else None
    if len(content) <= len(cta_parts):
        raise ArticleError(f"{where} has no text to make tips from after its title; give a longer article")

    sections: list[Section] = []
    heading: str | None = None
    blocks: list[Block] = []
    cta_section: str | None = None
    by_block: dict[int, list[str]] = {}
    for s in content:
        if any(s is c for c in cta_parts):
            continue
        by_block.setdefault(s.block, []).append(s.text)
    for i, raw_block in enumerate(raw.blocks):
        if raw_block.kind == "heading":
            if i in skip_heading:
                continue
            if blocks:
                sections.append(Section(heading, tuple(blocks)))
            elif heading is not None:
                dropped_headings.append(Dropped(heading, "heading: all its text was dropped"))
            heading, blocks = raw_block.text, []
            continue
        if cta is not None and cta.block == i:
            cta_section = heading
        kept = by_block.get(i)
        if kept:
            blocks.append(_block(raw_block, kept))
    if blocks:
        sections.append(Section(heading, tuple(blocks)))
    elif heading is not None:
        dropped_headings.append(Dropped(heading, "heading: all its text was dropped"))
    dropped = (
        tuple(raw.furniture)
        + tuple(Dropped(d.text, f"{PAGE_FURNITURE}: {d.reason}") for d in raw.early_dropped)
        + tuple(dropped_headings)
        + tuple(Dropped(s.text, s.dropped) for s in sentences if s.dropped)
    )
    author = state.get("author")
    title_source = raw.title_source
    if raw.title is None:
        texts = [[b.text for b in sec.blocks] for sec in sections]
        title, title_source = topic_title(texts, language), "topic"
    return Article(
        title=title,
        author=author if isinstance(author, str) else None,
        sections=tuple(sections),
        source_path=source,
        content_hash=hashlib.sha256(source_text.encode("utf-8", "surrogatepass")).hexdigest(),
        dropped=dropped,
        call_to_action=" ".join(c.text for c in cta_parts) or None,
        call_to_action_sentences=tuple(c.text for c in cta_parts),
        call_to_action_section=cta_section,
        language=language,
        title_source=title_source,
        language_source=language_source,
    )


def _block(raw_block: RawBlock, kept: list[str]) -> Block:
    kind = BlockKind(raw_block.kind)
    title = raw_block.title
    if title is not None and not " ".join(kept).startswith(title):
        title = None  # its title was taken out (the call to action, a dropped sentence)
    return Block(
        kind, " ".join(kept), tuple(kept), title=title, lead_in=raw_block.lead_in, list_id=raw_block.list_id
    )


def _call_to_action(content: list[_Sentence]) -> list[_Sentence]:
    window = content[-CTA_WINDOW:]
    for k in range(len(window) - 1, -1, -1):
        if _CTA.search(window[k].text) and not window[k].asked:
            parts = [window[k]]
            # questions just before the request, in the same block, belong to it
            j = k - 1
            while (
                j >= 0
                and window[j].block == window[k].block
                and window[j].text.rstrip().endswith(("?", "？"))
            ):
                parts.insert(0, window[j])
                j -= 1
            return parts
    return []
