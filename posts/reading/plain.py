"""Plain text: lines and blank lines are all the structure there is, so read them as an editor would.

* The first line is the title when it reads like one (see :func:`_title_line`); page furniture
  above it ("Skip to main content", "top of page", a promo bar, a date, a writer line, the site's
  menu line or an image's alt text in another language right over the headline) is dropped
  first. A line on top shaped like the headings under it is their first, not a title: the title
  is then written from the topic (:func:`_first_of_headings`).
* A short line without final punctuation is a heading, with or without blank lines around it,
  when text follows it (``Hydrate first`` directly above its paragraph). Two headings in a row
  are a heading and its sub-heading.
* A line ending in ":" right before a list (blank lines allowed) is that list's title.
* ``- * • ✔`` lines are bullets, ``1.`` / ``1)`` lines numbered items. A numbered or "Step 1:"
  title followed by one paragraph is a title+body pair; "Step 1: Cleanse The first step ..."
  on one line is cut into its title and its body.
* ``Q.`` / ``Q:`` / ``Question:`` lines and the ``A.`` / ``Answer:`` paragraph after them are a
  question+answer pair (also in de, fr, es, it, vi).
* A paragraph that is one quotation, or lines starting with ``>``, is a quote.

Paragraphs: in an article whose paragraphs are separated by blank lines, the lines between two
blank lines are one paragraph (hard-wrapped text is joined); in an article with one paragraph per
line, every line that ends a sentence ends its paragraph.
"""

from __future__ import annotations

import re

from tipqueue.posts.models import Dropped
from tipqueue.posts.reading.boilerplate import DROP_SCORE, furniture_line_reason, vocabulary_score
from tipqueue.posts.reading.language import detect_language
from tipqueue.posts.reading.raw import (
    HEADING_MAX_CHARS,
    HEADING_MAX_WORDS,
    TITLE_MAX_CHARS,
    RawArticle,
    RawBlock,
    normalize_space,
)
from tipqueue.posts.reading.titles import describes_picture, first_person_title

#: "Cardiology (Cardiovascular Disease)" under "Dr. Jane Doe, MD": a few words, no sentence end
_SPECIALTY = re.compile(r"^[A-ZÀ-Ý][\w’'&/,-]*(?: [\w’'&/,()-]+){0,5}$")
_CREDENTIALS = "name and credentials of a writer"


def _after_credentials(before: Dropped, line: str) -> bool:
    """True for a short label line right under a writer's name and credentials (their field)."""
    return _CREDENTIALS in before.reason and len(line) <= 60 and bool(_SPECIALTY.match(line.strip()))


BULLET = re.compile(r"^\s*(?:[-*•·‣◦▪–+✔✓✅☑➤►▶→]|\u2713)\s*(?=\S)(.*)$")
NUMBERED = re.compile(r"^\s*(?:\d{1,3}|[a-zA-Z])[.)]\s+(.*)$")
_LETTER_ITEM = re.compile(r"^\s*[a-zA-Z]\.\s+\S+\s*$")  # "J. Smith" is a name, "a) Alcohol" an item
FINAL_PUNCT = tuple(".!?,;:…\"”’'»)]")
_SENTENCE_END = tuple('.!?…"”’»)')
_QUESTION = re.compile(
    r"^(?:(?-i:Q)\s*[.:)]|(?-i:Q)\d*\s*[.:]|Question\s*\d*\s*:|Frage\s*:|Pregunta\s*:|Domanda\s*:|Hỏi\s*:)\s*",
    re.I,
)
_ANSWER = re.compile(
    r"^(?:(?-i:A)\s*[.:)]|Answer\s*:|Antwort\s*:|Réponse\s*:|Respuesta\s*:|Risposta\s*:|Đáp\s*:|Trả lời\s*:)\s*",
    re.I,
)
#: "Step 1: Cleanse The first step ..." — a step title glued to its body on one line.
_STEP = re.compile(
    r"^(?P<label>(?:Step|Schritt|Paso|Étape|Etape|Passo|Bước|Tip|Tipp|Consejo|Conseil)\s*#?\d{1,2}\s*[:.–-])\s+(?P<rest>.+)$",
    re.I,
)
_OPEN_QUOTES = {"“": "”", '"': '"', "«": "»", "„": "“", "‘": "’", "»": "«", "「": "」"}
_CONNECTIVE_END = frozenset(
    [
        "and",
        "or",
        "the",
        "a",
        "an",
        "of",
        "to",
        "with",
        "for",
        "in",
        "on",
        "at",
        "by",
        "as",
        "from",
        "that",
        "und",
        "oder",
        "der",
        "die",
        "das",
        "den",
        "dem",
        "ein",
        "eine",
        "mit",
        "für",
        "zu",
        "von",
        "et",
        "ou",
        "le",
        "la",
        "les",
        "de",
        "des",
        "du",
        "un",
        "une",
        "y",
        "o",
        "el",
        "los",
        "las",
        "del",
        "con",
        "para",
        "và",
        "của",
        "các",
        "những",
        "với",
    ]
)
_MD_QUOTE = re.compile(r"^>\s?(.*)$")
#: The heading word limit for text whose words average 4.5 letters or fewer (syllables).
SYLLABLE_HEADING_WORDS = 18


def list_item(line: str) -> tuple[str, str] | None:
    """("bullet" | "numbered", the item's text) when ``line`` is a list item."""
    m = BULLET.match(line)
    if m:
        stripped = line.lstrip()
        # "-5 %" or "*note" are not bullets; symbols such as "•" and "✔" need no space after them
        # "* = editor's choice" is a footnote legend, not a bullet
        if (stripped[0] not in "-–+*" or stripped[1:2].isspace()) and not m.group(1).startswith("="):
            return "bullet", m.group(1).strip()
    m = NUMBERED.match(line)
    if m and not _LETTER_ITEM.match(line) and not _ANSWER.match(line) and not _QUESTION.match(line):
        return "numbered", m.group(1).strip()
    return None


def looks_like_heading(text: str) -> bool:
    if not 0 < len(text) <= HEADING_MAX_CHARS:
        return False  # before splitting the words of every paragraph line
    words = text.split()
    # languages written in short syllables (Vietnamese) need more "words" for the same heading
    limit = HEADING_MAX_WORDS if sum(map(len, words)) > 4.5 * len(words) else SYLLABLE_HEADING_WORDS
    if not (0 < len(text) <= HEADING_MAX_CHARS and len(words) <= limit):
        return False
    if not any(ch.isalnum() for ch in text) or text[:1].islower():
        return False
    if text.endswith("?"):
        return True
    if text.endswith(FINAL_PUNCT) and not text.endswith((")", "]")):
        return False
    last = text.split()[-1].lower()
    if last in _CONNECTIVE_END:
        return False
    label, sep, rest = text.partition(": ")
    if sep and not any(ch.isdigit() for ch in label) and len(rest.split()) >= 3:
        # "Why it matters: Removes dirt and oil" is a labelled line; "Acne: Why It Happens" a heading
        return _title_case_share(rest) >= 0.6
    return True


def is_question_heading(text: str) -> bool:
    return text.endswith(("?", "？")) and len(text) <= 120 and not text[:1].islower()


def _title_case_share(text: str) -> float:
    words: list[str] = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text) if len(w) > 3]
    if not words:
        return 0.0
    return sum(w[0].isupper() for w in words) / len(words)


def _title_line(line: str, alone: bool) -> bool:
    """The first line is the title when it is short and reads like one.

    It must not be a list item, a question-and-answer line, or a sentence run straight into the
    next one: a line ending in "." is a title only when it stands alone and is in title case
    ("Transform Your Acne-Prone Skin: A Dermatologist's Guide ...").
    """
    if len(line) > TITLE_MAX_CHARS or list_item(line) is not None or _QUESTION.match(line):
        return False
    if sum(ch.isalpha() for ch in line) < 3:
        return False
    if line.endswith((".", "…", ",", ";", ":")):
        return alone and line.endswith(".") and _title_case_share(line) >= 0.6
    return True


def _quote(text: str) -> bool:
    if len(text) < 2:
        return False
    close = _OPEN_QUOTES.get(text[0])
    if close is None:
        return False
    body = text[1:]
    end = body.rstrip(".!?… ")
    return end.endswith(close) and close not in end[:-1]


def _lines(text: str) -> list[tuple[str, bool]]:
    """Non-blank lines, stripped, each with whether a blank line (or the end) follows it."""
    out: list[tuple[str, bool]] = []
    raw = text.split("\n")
    for i, line in enumerate(raw):
        s = line.strip()
        if not s:
            if out:
                out[-1] = (out[-1][0], True)
            continue
        out.append((s, i + 1 == len(raw)))
    if out:
        out[-1] = (out[-1][0], True)
    return _joined_markers(out)


#: A line that is only a bullet sign: the page put the item's text on the line under it.
_LONE_MARKER = re.compile(r"^(?:[-*•·‣◦▪–+✔✓✅☑➤►▶→]|\u2713)$")


def _joined_markers(lines: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """A bullet sign alone on its line ("-") followed, without a blank line, by the item's text
    is one bullet ("- Dryness and Flakiness: ..."), not a paragraph "-" and a paragraph."""
    out: list[tuple[str, bool]] = []
    i = 0
    while i < len(lines):
        line, blank = lines[i]
        if _LONE_MARKER.match(line) and not blank and i + 1 < len(lines):
            nxt, nxt_blank = lines[i + 1]
            if list_item(nxt) is None:
                out.append((f"{line} {nxt}", nxt_blank))
                i += 2
                continue
        out.append((line, blank))
        i += 1
    return out


def read_plain(text: str) -> RawArticle:
    lines = _lines(text)
    early: list[Dropped] = []
    # furniture above the title: "Skip to main content", promo bars, dates, ad slots
    while lines:
        reason = furniture_line_reason(lines[0][0], head=True)
        if reason is None:
            break
        early.append(Dropped(lines[0][0], reason))
        lines.pop(0)
    _header_above_landmark(lines, early)
    _date_label_on_top(lines, early)
    _line_over_headline(lines, early)
    _photo_and_kicker(lines, early)
    _unglue_title(lines)
    title: str | None = None
    title_alone = False
    if lines and _title_line(lines[0][0], alone=lines[0][1] or looks_like_heading_after(lines, 0)):
        title_alone = lines[0][1]
        title = _unquoted(normalize_space(lines.pop(0)[0]))
        _date_label_on_top(lines, early)
    # more furniture right under the title: a date, an ad slot, the title again
    while lines:
        line = lines[0][0]
        reason = furniture_line_reason(line, head=True)
        if reason is None and title is not None and _squash(line) == _squash(title):
            reason = "repeats the title"
        if reason is None and early and _after_credentials(early[-1], line):
            reason = "the writer's specialty, under their name"
        if (
            reason is None
            and title is not None
            and len(line.split()) <= PHOTO_CAPTION_WORDS
            and _PHOTO_CAPTION.match(line)
        ):
            reason = "a photo's caption (what the picture shows), not the text"
        if reason is None:
            break
        early.append(Dropped(line, reason))
        lines.pop(0)
    blank_style = _blank_line_paragraphs(lines)
    lowercase = _written_in_lowercase(lines)
    blocks = _blocks(lines, blank_style, lowercase=lowercase)
    if lowercase:
        # cards and captions quote whole sentences: each opens with its capital, as an editor writes
        blocks = [b.but(text=_sentence_capitals(b.text)) for b in blocks]
    if blank_style:
        blocks = _sentence_headings(blocks)
    if title is not None and _listing_title(blocks):
        # a blog listing: the line on top is the blog's tagline, the first "item" the article's title
        early.append(Dropped(title, "site tagline above the article's title"))
        title = blocks.pop(0).text
    if title is not None and not blank_style and not title_alone and _first_of_headings(title, blocks):
        # an excerpt that starts inside its list: the line on top is the first item's heading
        blocks.insert(0, RawBlock("heading", title))
        title = None
    return RawArticle(title, None, None, blocks, [], "text" if title else "none", early)


#: The line where a saved page's header ends and its text begins: the "Main Content" landmark
#: (the target of the "Skip to main content" link), in the languages the reader knows.
_MAIN_CONTENT = re.compile(
    r"^(?:skip to )?main content(?: area)?$|^hauptinhalt$|^zum inhalt(?: springen)?$|"
    r"^contenu principal$|^contenido principal$|^contenuto principale$|^nội dung chính$",
    re.I,
)
#: the site's header above the landmark takes at most this many lines
HEADER_LINES = 8
#: the letters of an A-Z index that make a line one ("A B C D ... Z A-Z Listings")
INDEX_LETTERS = 10


def _letter_index(line: str) -> bool:
    """A site's A-Z index read out as text: at least ten single capitals in alphabetical order."""
    run = 0
    prev = ""
    for word in line.split():
        if len(word) == 1 and word.isupper() and (not prev or ord(word) == ord(prev) + 1):
            run, prev = run + 1, word
            if run >= INDEX_LETTERS:
                return True
        elif run:
            break
    return False


def _header_above_landmark(lines: list[tuple[str, bool]], early: list[Dropped]) -> None:
    """Drop a saved page's header: everything above its "Main Content" landmark or its A-Z index
    line (the site's section name, a breadcrumb trail, share buttons), when those lines are short
    labels, not sentences, and text follows the landmark."""
    end = next(
        (
            k
            for k, (line, _) in enumerate(lines[:HEADER_LINES])
            if _MAIN_CONTENT.match(line) or (len(line) <= TITLE_MAX_CHARS and _letter_index(line))
        ),
        None,
    )
    if end is None or end + 2 >= len(lines):
        return
    if any(len(line) > TITLE_MAX_CHARS or line.endswith((".", "!")) for line, _ in lines[:end]):
        return
    for line, _ in lines[: end + 1]:
        early.append(Dropped(line, "the page's header (above its main content)"))
    del lines[: end + 1]


#: A date with its label run into the first sentence: "Date 2025-08-15 Washing your face ...".
_DATE_LABEL = re.compile(
    r"^(?:date|published|updated|datum|veröffentlicht|fecha|publicado|data|pubblicato|publié le|ngày)"
    r"\s*:?\s*(\d{4}-\d{2}-\d{2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4})\s+(?=\S)",
    re.I,
)


def _date_label_on_top(lines: list[tuple[str, bool]], early: list[Dropped]) -> None:
    """Cut a labelled date off the start of the first line: the page's date, not the text."""
    if not lines:
        return
    line, blank = lines[0]
    m = _DATE_LABEL.match(line)
    if m is None:
        return
    early.append(Dropped(line[: m.end()].strip(), "date line"))
    lines[0] = (line[m.end() :], blank)


#: A headline in title case run into the first sentence with no break ("Top Questions About
#: EczemaEczema is a common ..."): at least three words, then the sentence, which opens with the
#: headline's last word again or with a word that opens sentences.
_GLUED_TITLE = re.compile(
    r"^((?:[^\W\d_][\w'’&-]* ){2,11}[^\W\d_][\w'’&-]*?([A-Za-zÀ-ÿ]+))"
    r"(?=(?:[A-Z][a-z]+) [a-z])"
)
_SENTENCE_OPENERS = frozenset(
    [
        "The",
        "A",
        "An",
        "This",
        "These",
        "Those",
        "It",
        "If",
        "When",
        "Many",
        "Most",
        "Your",
        "You",
        "We",
        "In",
        "For",
        "Our",
        "Der",
        "Die",
        "Das",
        "Wenn",
        "Le",
        "La",
        "Les",
        "Si",
        "El",
        "Los",
        "Las",
        "Il",
        "Lo",
        "Gli",
    ]
)


def _unglue_title(lines: list[tuple[str, bool]]) -> None:
    """Cut a headline off the first sentence it is run into (see :data:`_GLUED_TITLE`)."""
    if not lines:
        return
    line, blank = lines[0]
    m = _GLUED_TITLE.match(line[:TITLE_MAX_CHARS])
    if m is None or m.group(2)[-1:].isupper():
        return
    head, rest = m.group(1), line[m.end() :]
    next_word = rest.split(" ", 1)[0]
    last = head.split()[-1]
    repeated = last.lower() == next_word.lower()
    if _title_case_share(head) < 0.6 or not (repeated or next_word in _SENTENCE_OPENERS):
        return
    lines[0:1] = [(head, True), (rest, blank)]


#: A photo's caption right under the headline, saying who the picture shows doing what:
#: "Sunscreen is applied by a woman on a beach.", "A woman applying cream to her face.", "Eine
#: Frau cremt sich am Strand ein.", "Une femme applique de la crème solaire."
_PHOTO_CAPTION = re.compile(
    r"^(?:[\w-]+ ){1,3}(?:is|are|being) (?:applied|held|used|shown|pictured|rubbed) by an? "
    r"(?:young |smiling )?(?:woman|man|girl|boy|person|child|model|mother)\b|"
    r"^an? (?:young |smiling )?(?:woman|man|girl|boy|person|child|model|mother) "
    r"(?:is )?(?:applying|holding|using|putting|rubbing|touching)\b|"
    r"^(?:eine|ein) (?:junge )?(?:frau|mann|mädchen|junge|mutter) (?:cremt|trägt|hält|benutzt)\b|"
    r"^une (?:jeune )?femme (?:applique|tient|utilise|met)\b|"
    r"^una (?:joven |mujer joven )?(?:mujer|chica|madre) (?:aplica|aplicándose|sostiene|usa)\b|"
    r"^una (?:giovane )?(?:donna|ragazza|madre) (?:applica|tiene|usa)\b",
    re.I,
)
#: a photo's caption is one short line
PHOTO_CAPTION_WORDS = 14

#: a photo's caption and credit above the title take at most this many lines
PHOTO_HEAD_LINES = 4


def _photo_and_kicker(lines: list[tuple[str, bool]], early: list[Dropped]) -> None:
    """Drop what a saved page shows above its headline: an image's alt text ("Picture of a woman
    ..."), an image's caption with its credit
    ("Eine Mutter cremt ihr Kind ein." ... "Foto: Annette Riedl"), then the kicker, a short
    section label right above a longer headline that a date follows ("Deutschland und die Welt")."""
    while len(lines) > 1 and len(lines[0][0]) <= 240 and describes_picture(lines[0][0]):
        early.append(
            Dropped(lines[0][0], "describes a picture (an image's alt text), not the article's title")
        )
        del lines[0]
    credit = next(
        (
            k
            for k in range(min(PHOTO_HEAD_LINES, len(lines) - 1))
            if len(lines[k][0]) <= 80 and furniture_line_reason(lines[k][0], head=True) == "photo credit"
        ),
        None,
    )
    if credit is not None and all(len(line) <= 240 for line, _ in lines[:credit]):
        # "The Top 5 Things to Know ..." over "... featured image" and "Getty Images", then the
        # text: a headline in title case on top is the title, the picture and its credit come
        # under it (with a title-like line after the credit, the line on top is the alt text)
        after = lines[credit + 1][0] if credit + 1 < len(lines) else ""
        text_follows = len(after) > TITLE_MAX_CHARS or after.endswith((".", "!", "…", ":", "”", '"'))
        keep = 1 if credit > 0 and text_follows and _headline_over_picture(lines[0][0]) else 0
        for line, _ in lines[keep : credit + 1]:
            early.append(Dropped(line, "photo caption and credit above the title"))
        del lines[keep : credit + 1]
    if len(lines) < 3:
        return
    kicker, headline, after = lines[0][0], lines[1][0], lines[2][0]
    if (
        len(kicker.split()) <= 4
        and len(kicker) <= 40
        and not re.search(r"[.!?:;,…]$", kicker)
        and len(headline.split()) >= len(kicker.split()) + 3
        and _title_line(headline, alone=True)
        and furniture_line_reason(after, head=True) == "date line"
    ):
        early.append(Dropped(kicker, "the page's kicker (a section label) above the title"))
        del lines[0]
    # "I tried a relatively affordable LED face mask ... . I think it worked, but ...": a review's
    # headline in the writer's voice, on its own line on top, is not the clinic's title
    first, alone = lines[0]
    if alone and len(first) <= TITLE_MAX_CHARS and list_item(first) is None and first_person_title(first):
        early.append(
            Dropped(first, "a headline in the writer's own voice (a clinic does not post it as its own)")
        )
        del lines[0]


#: what joins a site's menu entries on one line: "Med Spa & Aesthetic Treatments", "Skin | Hair"
_MENU_JOINER = re.compile(r"\s(?:&|\||·|›|»|/|\+)\s")
#: A site's strapline, what it says of itself under its logo: "Health knowledge and news provided
#: by doctors.", "Skin care advice from dermatologists", "Gesundheitswissen von Ärzten".
_STRAPLINE = re.compile(
    r"^(?:(?:trusted|reliable|expert|independent|your|the) )*(?:health|medical|skin|skin care|skincare|beauty|wellness)?"
    r" ?(?:news|information|knowledge|advice|insights?|stories)(?: and (?:news|information|advice|tips))?"
    r" (?:(?:provided|written|reviewed|brought to you) )?(?:by|from) (?:our |the )?"
    r"(?:doctors|physicians|dermatologists|experts|specialists|professionals)\.?$"
    r"|^(?:gesundheits|medizin|haut)?(?:wissen|news|informationen|ratgeber) (?:von|vom) (?:ärzten|experten|fachleuten)\.?$"
    r"|^(?:l'|l’)?(?:info|information|actualité)s? (?:santé|beauté)? ?(?:par|de) (?:des |nos )?(?:médecins|experts)\.?$",
    re.I,
)
#: a strapline is one short line
STRAPLINE_WORDS = 12
#: a menu line is short: a few entries of a few words
MENU_LINE_WORDS = 8
#: an image's alt text above the headline is one short line
ALT_TEXT_CHARS = 160


def _menu_line(line: str) -> bool:
    """A line of the site's navigation: short Title Case entries joined by "&", "|", "·", "›"
    ("Med Spa & Aesthetic Treatments", "Skin | Hair | Body"), no digits, no sentence's end."""
    if len(line.split()) > MENU_LINE_WORDS or any(ch.isdigit() for ch in line):
        return False
    if line.endswith(FINAL_PUNCT) or not _MENU_JOINER.search(line):
        return False
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line)]
    return bool(words) and all(w[0].isupper() for w in words)


def _headline_with_text(lines: list[tuple[str, bool]], i: int) -> bool:
    """Line ``i`` reads as the article's headline and text follows it."""
    if i + 1 >= len(lines):
        return False
    line = lines[i][0]
    return _title_line(line, alone=True) and not line.endswith(FINAL_PUNCT[1:]) and list_item(line) is None


def _line_over_headline(lines: list[tuple[str, bool]], early: list[Dropped]) -> None:
    """Drop one line of page furniture right above a line that reads as the headline: the site's
    navigation line ("Med Spa & Aesthetic Treatments" over "5 Ways to Enjoy Glowing Skin"), or an
    image's alt text in another language than the article's ("Girl in a hat with sunscreen on his
    shoulder" over a Spanish headline)."""
    if len(lines) < 3 or not _headline_with_text(lines, 1):
        return
    first, headline = lines[0][0], lines[1][0]
    if _menu_line(first) and not _menu_line(headline):
        early.append(Dropped(first, "the site's navigation line above the title"))
        del lines[0]
        return
    if len(first.split()) <= STRAPLINE_WORDS and _STRAPLINE.search(first):
        early.append(Dropped(first, "the site's strapline above the title"))
        del lines[0]
        return
    if len(first) > ALT_TEXT_CHARS or first.endswith(("?", "!", ":")) or list_item(first) is not None:
        return
    if describes_picture(first):
        return
    text = " ".join(line for line, _ in lines[1:6])[:600]
    own, article = detect_language(first), detect_language(text)
    if own is not None and article is not None and own != article and detect_language(headline) == article:
        early.append(Dropped(first, "an image's alt text in another language than the article's"))
        del lines[0]


#: headings over one paragraph each, from the first line on, that make the line on top one of them
LIST_HEADINGS = 3


def _first_of_headings(line: str, blocks: list[RawBlock]) -> bool:
    """True when the line on top is the first of the article's headings, not its title: each
    heading stands over one paragraph from the first line on, at least three of them, and the
    line on top is shaped like them (no longer than the longest, no colon or question mark of a
    headline's, no number when they have none): an excerpt that starts with its list's first
    item ("Không dùng những mỹ phẩm ..." over its paragraph, then the next rules)."""
    head = blocks[: 2 * LIST_HEADINGS]
    if len(head) < 2 * LIST_HEADINGS:
        return False
    if any(b.kind != ("paragraph" if i % 2 == 0 else "heading") for i, b in enumerate(head)):
        return False
    headings = [b.text for b in blocks if b.kind == "heading"]
    if any(list_item(h) is not None or re.match(r"^\W*\d", h) for h in headings):
        return False  # numbered headings: a line without a number over them is the title
    if re.search(r"[:?!|–—]", line) or any(ch.isdigit() for ch in line):
        return False
    return len(line) <= max(len(h) for h in headings)


#: a reader that parsed the page's structure looks at most this many blocks around its headline
HEAD_FURNITURE_BLOCKS = 4


def head_furniture(blocks: list[RawBlock], title: str | None) -> list[Dropped]:
    """The plain reader's rules for the page furniture around the headline, for a reader that
    parsed the page's structure (Markdown, HTML): the leading paragraphs that are a link to the
    top of the page, a writer line, an empty byline, a date, a logo's text or a promo bar
    (:func:`.boilerplate.furniture_line_reason`), the title said again, or the site's menu line
    over a heading. They are taken off ``blocks`` and returned."""
    dropped: list[Dropped] = []
    while blocks and len(dropped) < HEAD_FURNITURE_BLOCKS:
        block = blocks[0]
        if block.kind not in ("paragraph", "heading") or block.title is not None:
            break
        line = block.text
        reason = furniture_line_reason(line, head=True) if block.kind == "paragraph" else None
        if reason is None and title is not None and _squash(line) == _squash(title):
            reason = "repeats the title"
        if (
            reason is None
            and block.kind == "paragraph"
            and len(blocks) > 1
            and blocks[1].kind == "heading"
            and _menu_line(line)
            and not _menu_line(blocks[1].text)
        ):
            reason = "the site's navigation line above the title"
        if reason is None:
            break
        dropped.append(Dropped(line, reason))
        del blocks[0]
    return dropped


def _unquoted(title: str) -> str:
    """A title set in quotation marks on the page ("“10 Essential Tips ...”") without them."""
    close = _OPEN_QUOTES.get(title[:1])
    if close is not None and len(title) > 2 and title.endswith(close) and close not in title[1:-1]:
        return title[1:-1].strip()
    return title


def _headline_over_picture(line: str) -> bool:
    """A line in title case without a sentence's final stop: a headline, not a photo's caption
    ("Eine Mutter cremt ihr Kind mit Sonnenschutz ein." is one)."""
    return (
        _title_line(line, alone=False)
        and (line.endswith(("?", "!")) or not line.endswith(FINAL_PUNCT))
        and _title_case_share(line) >= 0.6
    )


def _listing_title(blocks: list[RawBlock]) -> bool:
    """The first block is a one-item list in title case, with paragraphs under it."""
    if len(blocks) < 2 or blocks[0].kind != "bullet" or blocks[1].kind in ("bullet", "numbered"):
        return False
    first = blocks[0].text
    return (
        len(first) <= TITLE_MAX_CHARS
        and not first.endswith((".", ",", ";", ":"))
        and _title_case_share(first) >= 0.6
        and blocks[1].kind == "paragraph"
    )


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).lower()


def looks_like_heading_after(lines: list[tuple[str, bool]], i: int) -> bool:
    """A first line without final punctuation directly above a paragraph is a title too."""
    line = lines[i][0]
    return not line.endswith(FINAL_PUNCT) or line.endswith(("?", "!"))


#: A one-sentence paragraph of at most this many words can be a heading (see _sentence_headings).
SENTENCE_HEADING_WORDS = 12


def _sentence_headings(blocks: list[RawBlock]) -> list[RawBlock]:
    from tipqueue.posts.split import leans_on_previous

    """Headings written as short sentences ("No fume." above its paragraph, several times).

    When at least two one-sentence paragraphs of a few words each stand above a paragraph at
    least twice as long, the article uses sentences as headings: they become headings.
    """

    def candidate(k: int) -> bool:
        b = blocks[k]
        if b.kind != "paragraph" or k + 1 >= len(blocks):
            return False
        nxt = blocks[k + 1]
        # one sentence: the cheap test first, before splitting every paragraph of the article
        if not b.text.endswith(".") or ". " in b.text:
            return False
        return (
            not leans_on_previous(b.text)
            and 2 <= len(b.text.split()) <= SENTENCE_HEADING_WORDS
            and b.text[:1].isupper()
            and nxt.kind == "paragraph"
            and len(nxt.text) >= 2 * len(b.text)
        )

    found = [k for k in range(len(blocks)) if candidate(k)]
    if len(found) < 2:
        return blocks
    out = list(blocks)
    for k in found:
        out[k] = RawBlock("heading", blocks[k].text)
    return out


def _blank_line_paragraphs(lines: list[tuple[str, bool]]) -> bool:
    if not lines:
        return True
    followed = sum(1 for _, blank in lines if blank)
    return followed * 10 >= len(lines) * 3


#: the share of lines opening in lowercase that marks an article written all in lowercase
LOWERCASE_SHARE = 0.8


def _written_in_lowercase(lines: list[tuple[str, bool]]) -> bool:
    """True for an article whose lines open in lowercase as a style ("how to start", "retinol
    acts by ..."): a lowercase opening then says nothing about a line continuing the one before."""
    starts = [c for line, _ in lines if (c := line.lstrip(" \t•*-–0123456789.)")[:1]) and c.isalpha()]
    return len(starts) >= 5 and sum(c.islower() for c in starts) >= LOWERCASE_SHARE * len(starts)


_SENTENCE_OPENING = re.compile(r"(^|[.!?…]\s+)([\"“‘'(]?)([^\W\d_])")


def _sentence_capitals(text: str) -> str:
    """``text`` with a capital at the start of each sentence ("use a pea-sized drop. damp skin
    ..." -> "Use a pea-sized drop. Damp skin ...")."""
    return _SENTENCE_OPENING.sub(lambda m: m.group(1) + m.group(2) + m.group(3).upper(), text)


def _as_cased(line: str) -> str:
    """A line of a lowercase article read as if its words were capitalised, for the heading test."""
    return " ".join(w[:1].upper() + w[1:] for w in line.split())


def _blocks(lines: list[tuple[str, bool]], blank_style: bool, *, lowercase: bool = False) -> list[RawBlock]:
    """The blocks of the article's lines; ``lowercase``: the article is written in lowercase, so a
    short line alone is a heading by its shape, whatever its case."""
    blocks: list[RawBlock] = []
    para: list[str] = []
    list_id = 0
    in_list = False
    lead_in: str | None = None
    question: list[str] | None = None
    question_ended = False

    def flush() -> None:
        nonlocal para
        if para:
            text = normalize_space(" ".join(para))
            blocks.append(RawBlock("quote" if _quote(text) else "paragraph", text))
        para = []

    n = len(lines)
    items = [list_item(line) for line, _ in lines]
    titled = _titled_bullets(lines, items)
    for i, (line, blank_after) in enumerate(lines):
        nxt = lines[i + 1][0] if i + 1 < n else None
        item = items[i]
        am = _ANSWER.match(line)
        if question is not None:
            if am:
                flush()
                blocks.append(
                    RawBlock("qa", normalize_space(line), title=normalize_space(" ".join(question)))
                )
                question = None
                continue
            if not question_ended and not _QUESTION.match(line):
                question.append(line)
                question_ended = blank_after
                continue
            # a question without its answer stays a paragraph
            blocks.append(RawBlock("paragraph", normalize_space(" ".join(question))))
            question = None
        if _QUESTION.match(line):
            flush()
            in_list = False
            question, question_ended = [line], blank_after
            continue
        if item is not None:
            flush()
            kind, body = item
            if (kind == "numbered" and _numbered_heading(lines, i, body, blank_style)) or i in titled:
                in_list = False
                blocks.append(RawBlock("heading", normalize_space(body if i in titled else line)))
                continue
            if not in_list:
                list_id += 1
                in_list = True
                if blocks and blocks[-1].kind == "list_title" and blocks[-1].list_id is None:
                    blocks[-1] = blocks[-1].but(list_id=list_id)
                    lead_in = blocks[-1].text
                else:
                    lead_in = None
            blocks.append(RawBlock(kind, normalize_space(body), lead_in=lead_in, list_id=list_id))
            continue
        md = _MD_QUOTE.match(line)
        if md:
            flush()
            in_list = False
            if blocks and blocks[-1].kind == "quote" and not para:
                blocks[-1] = blocks[-1].but(text=normalize_space(blocks[-1].text + " " + md.group(1)))
            elif md.group(1).strip():
                blocks.append(RawBlock("quote", normalize_space(md.group(1))))
            continue
        # a wrapped continuation of the paragraph or list item being read
        if para and not _ends_paragraph(para[-1], line, blank_style):
            para.append(line)
            if blank_after:
                flush()
            continue
        cased = _as_cased(line) if lowercase else line
        if (
            in_list
            and not para
            and blocks
            and blocks[-1].kind in ("bullet", "numbered")
            and line[:1].islower()
            and not (lowercase and looks_like_heading(cased) and _text_follows(lines, i))
        ):
            blocks[-1] = blocks[-1].but(text=normalize_space(blocks[-1].text + " " + line))
            continue
        flush()
        in_list = False
        if line.endswith(":") and _list_follows(lines, i):
            blocks.append(RawBlock("list_title", normalize_space(line)))
            continue
        step = _STEP.match(line)
        if step:
            title, body = _cut_step(step["label"], step["rest"])
            if body:
                blocks.append(RawBlock("pair", normalize_space(body), title=normalize_space(title)))
                continue
        if (
            nxt is not None
            and (looks_like_heading(cased) or is_question_heading(cased))
            and _text_follows(lines, i)
            and vocabulary_score(line) < DROP_SCORE
        ):
            blocks.append(RawBlock("heading", normalize_space(line)))
            continue
        para = [line]
        if blank_after or (not blank_style and line.endswith(_SENTENCE_END)):
            flush()
    flush()
    if question is not None:
        blocks.append(RawBlock("paragraph", normalize_space(" ".join(question))))
    return blocks


def _ends_paragraph(previous: str, line: str, blank_style: bool) -> bool:
    """Does ``previous`` (a line of the paragraph being read) end that paragraph before ``line``?"""
    if list_item(line) is not None or _QUESTION.match(line) or _ANSWER.match(line):
        return True
    if line[:1].islower():
        return False
    if len(previous) <= HEADING_MAX_CHARS and vocabulary_score(previous) >= DROP_SCORE:
        return True  # "Patricia Farris, MD" above the answer: a line of its own, for the classifier
    # with blank lines between paragraphs a line break is a wrap; with one paragraph per line,
    # only a line starting in lower case continues the one before
    return not blank_style


def _numbered_heading(lines: list[tuple[str, bool]], i: int, body: str, blank_style: bool) -> bool:
    """ "1. Oil Cleanser" standing alone above its own bullets or paragraphs is a numbered heading.

    It reads like a heading (or is a question, or a heading with a label: "2. Sunscreen: every
    day, the right way" with a blank line under it), a blank line follows it in an article that
    separates paragraphs with blank lines, and what follows is not the next numbered item.
    """
    if i + 1 >= len(lines):
        return False
    # "2. Protector solar: siempre y de manera correcta" alone on its line: a heading with a label
    labelled = lines[i][1] and ": " in body and looks_like_heading(body.replace(": ", " – ", 1))
    if not (looks_like_heading(body) or is_question_heading(body) or labelled):
        return False
    if blank_style and not lines[i][1]:
        return False
    before = list_item(lines[i - 1][0]) if i > 0 else None
    if before is not None and before[0] == "numbered":
        return False  # the last item of a numbered list
    nxt = lines[i + 1][0]
    follow = list_item(nxt)
    return follow is None or follow[0] == "bullet"


def _titled_bullets(lines: list[tuple[str, bool]], items: list[tuple[str, str] | None]) -> set[int]:
    """The bullets that are subheadings: "- Daily cleansing" above its own paragraph, twice or more.

    Each reads like a heading and the line under it is a paragraph of sentences, not another
    item; one such bullet alone may be a list's last item, so an article needs two of them. A
    bullet right under another item is the last item of a list whose text goes on below it,
    however many of the article's lists end that way: subheadings stand apart, between paragraphs.
    """
    found = set()
    for i in range(len(lines) - 1):
        item = items[i]
        if (
            item is None
            or item[0] != "bullet"
            or items[i + 1] is not None
            or (i and items[i - 1] is not None)
        ):
            continue
        nxt = lines[i + 1][0]
        if (
            nxt.endswith(_SENTENCE_END)
            and not item[1].endswith(":")
            and looks_like_heading(item[1])
            and not looks_like_heading(nxt)
        ):
            found.add(i)
    return found if len(found) >= 2 else set()


def _list_follows(lines: list[tuple[str, bool]], i: int) -> bool:
    return i + 1 < len(lines) and list_item(lines[i + 1][0]) is not None


def _text_follows(lines: list[tuple[str, bool]], i: int) -> bool:
    """Text (not only more headings up to the end) follows line ``i``."""
    return any(
        not looks_like_heading(line) or list_item(line) is not None for line, _ in lines[i + 1 : i + 4]
    )


def _cut_step(label: str, rest: str) -> tuple[str, str]:
    """ "Step 1:" + "Cleanse The first step ..." -> ("Step 1: Cleanse", "The first step ...").

    The title is the capitalised words after the label; the body starts at the first capitalised
    word followed by a lower-case one. A rest that is all title (or all body) is not cut.
    """
    words = rest.split()
    for k in range(1, min(len(words) - 1, 8)):
        w, after = words[k], words[k + 1]
        if (
            w[:1].isupper()
            and (after[:1].islower() or after[:1] in "'’")
            and all(x[:1].isupper() or x.lower() in _CONNECTIVE_END or x[:1] in "(&" for x in words[:k])
        ):
            return f"{label} {' '.join(words[:k])}", " ".join(words[k:])
    return f"{label} {rest}", ""
