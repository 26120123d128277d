"""Where an article's title is found when its text does not start with one.

In this order: a syndication footer ("The post X appeared first on Y"), the page's own heading
(``<h1>``), ``og:title``, ``<title>`` (less a " | Site name" tail). An article with none of them
gets a title written from its topic in its own language ("Tips for winter skin"; the cover says
"3 tips for winter skin"), from the caption lines (``templates/captions/<lang>.toml``), flagged as
a guess (``title_source == "topic"``) for the review. A file name is never a title: "abcnews
winter skin qa" is not something an editor would post.

And how a title is made fit for the series: a stored page's "Title:" label goes, a title in a
brand's lower case gets its capital (:func:`without_label`, :func:`capitalised`); the cover's
count of things is the series' (:func:`recounted`); a part crediting another practice's expert
("...: i consigli del Dottor X") is cut from what the series shows and cites (:func:`without_credit`,
:func:`cited_title`); a title promising more than the tips hold (a whole routine over one of its
steps, a plan "with" things no tip names) gives way to a topic title from the tips
(:func:`promises_more`, :func:`series_topic`).
"""

from __future__ import annotations

import re
from pathlib import Path

from tipqueue.posts.caption_lines import CaptionLines, caption_lines
from tipqueue.posts.hashtags import Vocabulary, load_vocabulary
from tipqueue.posts.reading.raw import TITLE_MAX_CHARS, normalize_space

_APPEARED_FIRST = re.compile(
    r"^the post (?P<title>.{3,300}?) appeared first on (?P<site>.{1,200}?)\.?$", re.I
)
_SITE_TAIL = re.compile(r"\s+[|·•–—-]\s+[^|·•–—-]{2,60}$")
UNTITLED = "Untitled article"


def title_from_footer(lines: list[str]) -> str | None:
    """The title named in a "The post X appeared first on Y" footer, if any of ``lines`` is one."""
    for line in lines:
        m = _APPEARED_FIRST.match(line.strip())
        if m:
            return normalize_space(m["title"])
    return None


#: "Naturkosmetik- doch gesünder?": a hyphen left hanging before a space is a dash, unless it
#: saves a word ("Haut- und Haarpflege", "pre- and post-care")
_HANGING_HYPHEN = re.compile(r"(?<=[^\W\d_])- (?!(?:und|oder|bis|sowie|bzw|and|or|to|et|ou|y|o|e)\b)")


def tidy_title(title: str) -> str:
    """A title with a hanging hyphen made a dash ("Naturkosmetik – doch gesünder?")."""
    return _HANGING_HYPHEN.sub(" – ", title)


def clean_page_title(title: str) -> str:
    """A <title> or og:title without its " | Site name" tail."""
    title = normalize_space(title)
    stripped = _SITE_TAIL.sub("", title)
    return stripped if len(stripped) >= 8 else title


def title_from_file(source: Path | None) -> str:
    """A readable title from a file name: numbers in front, dashes and underscores go."""
    if source is None:
        return UNTITLED
    words = re.sub(r"[-_.]+", " ", source.stem).strip()
    words = re.sub(r"^\d+\s+", "", words).strip() or words
    words = normalize_space(words)
    if not words:
        return UNTITLED
    return (words[:1].upper() + words[1:])[:TITLE_MAX_CHARS]


#: topics whose keywords are everyday words ("step", "morning", "night") count for half
_BROAD_TOPICS = {"routine": 0.5}
#: the opening blocks say what the article is about: their mentions count three times
OPENING_BLOCKS = 2
#: a round-up: with this many headed sections, a topic most of them do not name is not the
#: article's (a sunscreen tip among smoking and self-exams is "tips for healthy skin")
ROUND_UP_SECTIONS = 3
#: the topic of a guessed title is named at least this often, or in half of the article's blocks
TOPIC_MIN_MENTIONS = 3


def article_topic(sections: list[list[str]], language: str, workspace: Path | None = None) -> str | None:
    """The topic the article's ``sections`` (each a list of block texts) name most, the opening
    blocks weighing more, among those with a title phrase in ``language``; None for a round-up
    whose sections mostly do not name it."""
    lines = caption_lines(language, workspace)
    vocabulary = load_vocabulary(workspace)
    blocks = [text for section in sections for text in section]
    weight: dict[int, float] = {}
    mentions: dict[int, int] = {}
    blocks_naming: dict[int, int] = {}
    first: dict[int, int] = {}
    for n, counts in enumerate(vocabulary.counts_each(blocks)):
        if n == 0:
            first = counts
        for i, k in counts.items():
            weight[i] = weight.get(i, 0.0) + k * (3 if n < OPENING_BLOCKS else 1)
            mentions[i] = mentions.get(i, 0) + k
            blocks_naming[i] = blocks_naming.get(i, 0) + 1
    standfirst = _standfirst_condition(first, vocabulary, mentions, lines)
    if standfirst is not None:
        return standfirst
    ranked = sorted(
        (
            (w * _BROAD_TOPICS.get(vocabulary.topics[i].name, 1.0), -i)
            for i, w in weight.items()
            if lines.has_topic(vocabulary.topics[i].name)
        ),
        reverse=True,
    )
    if not ranked:
        return None
    top = -ranked[0][1]
    if mentions[top] < TOPIC_MIN_MENTIONS and blocks_naming[top] * 2 < len(blocks):
        return None  # a word used in passing ("acne" twice in an LED-mask review), not the subject
    if len(sections) >= ROUND_UP_SECTIONS:
        naming = sum(top in vocabulary.topic_counts("\n".join(section)) for section in sections)
        if naming * 2 < len(sections):
            return None
    return vocabulary.topics[top].name


#: topics that are a condition of the skin, not a product or a step of care: an article whose
#: first block names one is about it, however often it names the moisturiser that treats it
CONDITIONS = frozenset({"acne", "rosacea", "eczema", "pigmentation"})


def _standfirst_condition(
    first: dict[int, int], vocabulary: Vocabulary, mentions: dict[int, int], lines: CaptionLines
) -> str | None:
    """The condition the article's first block names (``first``: its topic counts; "... every
    parent of a child with eczema needs to know") when it names no other topic as often and the
    article names it at least :data:`TOPIC_MIN_MENTIONS` times (``mentions``); None otherwise."""
    named = [
        i
        for i in first
        if vocabulary.topics[i].name in CONDITIONS and lines.has_topic(vocabulary.topics[i].name)
    ]
    if len(named) != 1:
        return None
    top = named[0]
    if (
        any(k >= first[top] for i, k in first.items() if i != top)
        or mentions.get(top, 0) < TOPIC_MIN_MENTIONS
    ):
        return None
    return vocabulary.topics[top].name


def series_topic(
    sections: list[list[str]], tips: list[str], language: str, workspace: Path | None = None
) -> str | None:
    """The topic a guessed title names: the article's (:func:`article_topic`) when one of the
    series' ``tips`` names it (lips and sweating in a rosacea Q&A are still "tips for skin with
    rosacea"), else the one at least half of the tips are about (a title naming what no post
    is about promises what the series does not give), or none when the tips name several."""
    topic = article_topic(sections, language, workspace)
    if not tips or (topic is not None and _naming(topic, tips, workspace) > 0):
        return topic
    own = article_topic([[tip] for tip in tips], language, workspace)
    if own is None:
        return topic  # tips that name no topic of their own ("Reapply every two hours") are the article's
    return own if _naming(own, tips, workspace) * 2 >= len(tips) else None


def _naming(topic: str, tips: list[str], workspace: Path | None) -> int:
    """How many of ``tips`` name ``topic``."""
    vocabulary = load_vocabulary(workspace)
    index = next(i for i, t in enumerate(vocabulary.topics) if t.name == topic)
    return sum(index in counts for counts in vocabulary.counts_each(tips))


def topic_title(
    sections: list[list[str]],
    language: str,
    count: int | None = None,
    workspace: Path | None = None,
    tips: list[str] | None = None,
    steps: int = 0,
    *,
    all_tips: bool = True,
) -> str:
    """A title for an article that has none, from its topic: "Tips for winter skin" / "3 tips ...";
    with the series' ``tips``, a topic they are about (:func:`series_topic`); tips from ``steps``
    numbered steps of a routine (two or more) are tips for a routine, unless the article's opening
    names its topic as often as the routine, whose everyday words count for half (see
    :data:`_BROAD_TOPICS`): a routine for acne-prone skin that opens on acne stays "tips for
    acne-prone skin"."""
    lines = caption_lines(language, workspace)
    topic = series_topic(sections, tips or [], language, workspace)
    if steps >= ROUTINE_STEPS and topic != "routine" and lines.has_topic("routine"):
        vocabulary = load_vocabulary(workspace)
        opening = "\n".join([text for section in sections for text in section][:OPENING_BLOCKS])
        counts = vocabulary.topic_counts(opening)
        index = {t.name: i for i, t in enumerate(vocabulary.topics)}
        own = counts.get(index[topic], 0) if topic in index else 0
        if counts.get(index.get("routine", -1), 0) * _BROAD_TOPICS["routine"] > own:
            topic = "routine"
    # a series with posts that give no advice is not promised as "3 tips": "Skin ageing: what to know"
    return lines.topic_title(topic, count, about=not all_tips)[:TITLE_MAX_CHARS]


#: tips from this many numbered steps ("Step 1: Cleansing", "Step 2: Moisturizing") make a routine
ROUTINE_STEPS = 2


def steps_named(headings: list[str | None]) -> int:
    """How many steps of a routine ``headings`` number in words ("Step 1: ...", "Schritt 2 –"):
    a bare "2." numbers list items, not steps."""
    numbers = set()
    for heading in headings:
        m = _STEP_HEADING.match(heading or "")
        if m and m[1]:
            numbers.add(m[1])
    return len(numbers)


#: a title promising a whole routine, plan or guide
_WHOLE = re.compile(
    r"\b(?:routines?|regimen|complete|ultimate|guide|plan|step[- ]by[- ]step|"
    r"pflegeroutine|schritt für schritt|anleitung|guía|rutina|paso a paso|guida|"
    r"passo dopo passo|quy trình|chu trình|các bước|hướng dẫn)\b",
    re.I,
)
#: a heading naming one step of a routine: "Step 1: ...", "2. Gentle cleanser", "Phase 1 – ..."
_STEP_HEADING = re.compile(
    r"^\W*(?:(?:step|schritt|étape|etape|paso|passo|fase|phase|bước)\s*(\d{1,2})\b|(\d{1,2})[.)]\s)", re.I
)
#: "The Basic 4-Step Routine", "5 Schritte", "les 3 étapes": how many steps a heading announces
_STEPS_ANNOUNCED = re.compile(
    r"\b(\d{1,2})[- ](?:steps?|schritte?|étapes?|pasos|passi|passaggi|bước)\b", re.I
)
#: "A Practical Plan with Ceramides and Moisturizer": what a title says the advice uses
_WITH = re.compile(r"\b(?:with|using|mit|avec|con|với)\s+(?P<what>[^:|–—?!]+)$", re.I)
_TITLE_WORD = re.compile(r"[^\W\d_][\w'’-]*")
#: words of this length are compared by their first letters ("ceramides" / "ceramide")
_STEM = 5


def promises_whole(text: str) -> bool:
    """True when ``text`` speaks of a whole routine, plan or guide ("the right routine can ...")."""
    return bool(_WHOLE.search(text))


def _steps(heading: str) -> tuple[int, int]:
    """(step number, steps announced) of a heading's parts, 0 where it names none."""
    number = announced = 0
    for part in re.split(r"\s+[—–-]\s+|:\s+", heading):
        m = _STEP_HEADING.match(part)
        if m:
            number = max(number, int(m[1] or m[2]))
        a = _STEPS_ANNOUNCED.search(part)
        if a:
            announced = max(announced, int(a[1]))
    return number, announced


def promises_more(title: str, headings: list[str | None], tips: list[tuple[str | None, str]]) -> bool:
    """True when ``title`` promises more than the series' ``tips`` ((heading, text) pairs) hold:
    a whole routine or plan of which the article (section ``headings``) numbers at least three
    steps while the tips come from at most one of them ("Complete Skincare Routine ..." with only
    step 1, cleansing), or things it is made "with" that no tip names ("... a Plan with Ceramides")."""
    if not tips:
        return False
    if _WHOLE.search(title):
        steps = [_steps(h) for h in headings if h]
        numbered = sum(1 for n, _ in steps if n)
        total = max([numbered, *(max(n, a) for n, a in steps)], default=0)
        covered = {h for h, _ in tips if h and _steps(h)[0]}
        if total >= 3 and len(covered) <= 1:
            return True
    m = _WITH.search(title)
    if m:
        text = " ".join(f"{h or ''} {t}" for h, t in tips).casefold()
        stems = {w[:_STEM] for w in _TITLE_WORD.findall(text)}
        named = [w for w in _TITLE_WORD.findall(m["what"].casefold()) if len(w) >= _STEM]
        if any(w[:_STEM] not in stems for w in named):
            return True
    return False


#: a title candidate that describes a picture: an image's alt text or caption, not the article's title
_PICTURE = re.compile(
    r"^(?:(?:an? |the )?(?:picture|image|photo(?:graph)?|illustration|close-?up|stock photo) of\b|"
    r"(?:photo|picture|image|foto|bild|immagine|imagen|illustration|abbildung|ảnh(?: minh họa| minh hoạ)?|hình(?: ảnh)?)\s*:|"
    r"(?:foto|imagen|immagine|photo|image|illustration) (?:de|di|d'|d’|du|des|del|della|dello)\b|"
    r"bild (?:von|einer|eines|eine|zeigt)\b|ảnh minh h(?:ọa|oạ|oa)\b)",
    re.I,
)
#: a title in the writer's own voice ("I Put an LED Mask to the Test", "Ich habe ... getestet")
_FIRST_PERSON_TITLE = re.compile(
    r"^(?:i|i've|i’ve|i'm|i’m|i'd|i’d|my|ich|mein|meine|j'ai|j’ai|je|mon|ma|mes|yo|he probado|probé|mi|mis|"
    r"ho|io|il mio|la mia|i miei|le mie|tôi|mình)\s",
    re.I,
)


def describes_picture(title: str) -> bool:
    """True for a line that describes an image ("Picture of a woman ...", "Foto: ..."), never a title."""
    return bool(_PICTURE.match(title.strip()))


def first_person_title(title: str) -> bool:
    """True for a title in the writer's own voice ("I tried ...", "Mein Test ..."): a review's
    headline, which a clinic does not post as its own words."""
    return bool(_FIRST_PERSON_TITLE.match(title.strip()))


#: words a headline opens with (a question or "So ..."), per language: a kicker glued in front of
#: one ("Protect your skin Wie du ...") ends right before it
_OPENERS = frozenset(
    [
        "how",
        "why",
        "what",
        "when",
        "which",
        "where",
        "should",
        "can",
        "do",
        "does",
        "is",
        "are",
        "will",
        "wie",
        "warum",
        "was",
        "wann",
        "welche",
        "welcher",
        "welches",
        "wo",
        "wieso",
        "weshalb",
        "so",
        "darum",
        "comment",
        "pourquoi",
        "quand",
        "quel",
        "quelle",
        "quels",
        "quelles",
        "faut-il",
        "est-ce",
        "cómo",
        "por",
        "qué",
        "cuándo",
        "cuál",
        "cuáles",
        "dónde",
        "come",
        "perché",
        "quando",
        "quale",
        "quali",
        "cosa",
        "dove",
        "làm",
        "tại",
        "vì",
        "có",
    ]
)
_WORD = re.compile(r"\S+")
KICKER_MAX_WORDS = 5


def split_kicker(title: str) -> tuple[str | None, str]:
    """(kicker, headline) for a title with the page's kicker glued in front ("Protect your skin
    Wie du Sonnencreme richtig anwendest" -> "Protect your skin", "Wie du ..."), else (None, title).

    The kicker is at most five words without final punctuation, and the headline starts with a
    capitalised opener word in the middle of a title written in sentence case (a Title Case
    headline capitalises every word, so "Dermatologists Explain Why ..." is never cut).
    """
    words = _WORD.findall(title)
    for k in range(1, min(KICKER_MAX_WORDS, len(words) - 2) + 1):
        word = words[k]
        if not word[:1].isupper() or word.strip("?!.,:").casefold() not in _OPENERS:
            continue
        head, rest = words[:k], words[k:]
        if re.search(r"[.,:;!?…–—-]$", head[-1]):
            return None, title  # "Sun care: How ..." is one title
        # the headline itself is in sentence case: most of its longer words start in lower case
        later = [w for w in rest[1:] if len(w.strip("?!.,:")) > 2 and w[:1].isalpha()]
        lower = sum(w[:1].islower() for w in later)
        if not later or lower * 2 < len(later):
            return None, title
        return " ".join(head), " ".join(rest)
    return None, title


#: "Title: The Ultimate Guide ...": a stored page's field label in front of its title
_LABEL = re.compile(r"^(?:title|headline|titel|überschrift|titre|título|titolo|tiêu đề)\s*:\s*(?=\S)", re.I)


def without_label(title: str) -> str:
    """``title`` without a "Title:" label glued in front of it."""
    rest = _LABEL.sub("", title, count=1)
    return rest if len(rest) >= 3 else title


def capitalised(title: str) -> str:
    """A title written all in lower case (a brand's style: "how to use retinol safely") with a
    capital first letter, as a post's title is written; any other title as it is."""
    if any(ch.isupper() for ch in title) or len(title.split()) < 2:
        return title
    return title[:1].upper() + title[1:]


_EXPERT = (
    r"(?:derms?|dermatolog\w*|doctors?|docteurs?|médecins?|physicians?|experts?|expertes?|specialists?|"
    r"spécialistes?|hautärzt\w*|ärzt\w*|arzt|experten?|expertin|médic[oa]s?|especialistas?|medic[oi]|"
    r"dottor\w*|specialist[ai])"
)
#: a title person: "Dr. X", "Dottor Erminio Mastroluca", "BSCKII Nguyễn ...", "X, MD"
_NAMED_DOCTOR = re.compile(
    r"(?:\b(?:Dr\.?|Dra\.?|Dott\.?(?:ssa)?|Dottor|Dottore|Dottoressa|Doctor|Doctora|Doktor|Prof\.?|Professor|"
    r"Professorin|Professeur|Pr\.|BSCKI{1,2}|BS\.?|ThS\.?|PGS\.?|TS\.?)\s+(?:med\.\s+)?[A-ZÀ-ÖØ-ÞĐ][\w’'-]+)|"
    r"(?:[A-Z][\w’'-]+,\s*(?:MD|M\.D\.|DO|PhD|FAAD)\b)"
)
#: a part of a title that credits one outside expert: "According to Derms", "Voici les conseils
#: pratiques d'un dermatologue", "i consigli del Dottor X", "Chuyên gia tiết lộ ..."
_CREDIT = re.compile(
    rf"^(?:according to|laut|selon|según|secondo)\b|^(?:says?|said)\s+(?:an?\s+|one\s+)?{_EXPERT}\b|"
    rf"\b(?:conseils?|tips?|advice|consigli|consejos?|tipps?|ratschläge)\b(?:\s+\w+){{0,2}}\s+"
    rf"(?:d['’]une?|of an?|from an?|from one|di une?|di un['’]|de une?|eines|einer|von einem|von einer)\s+{_EXPERT}\b|"
    rf"^(?:an?\s+|one\s+|une?\s+|ein(?:e)?\s+|una?\s+)?{_EXPERT}\s+"
    r"(?:gives?|shares?|reveals?|offers?|explains?|says?|verrät|erklärt|gibt|donne|livre|explique|révèle|"
    r"da|spiega|rivela|explica|revela|comparte)\b|"
    r"^(?:chuyên gia|bác sĩ)\s+(?:tiết lộ|chia sẻ|chỉ ra|mách|hướng dẫn|giải thích)\b",
    re.I,
)
_PARTS = re.compile(
    r"(?<=[?!])\s+|\s*[:|–—]\s+|,\s+(?=(?:according|says?|said|laut|selon|según|secondo)\b)", re.I
)


def credits_expert(part: str) -> bool:
    """True for a title (or a part of one) that credits another practice's expert: a named doctor
    ("i consigli del Dottor X") or one outside expert ("Dermatologist Gives Winter Skin Care Tips",
    "According to Derms"); a clinic posts the advice in its own voice."""
    part = part.strip()
    return bool(_NAMED_DOCTOR.search(part) or _CREDIT.search(part))


def without_credit(title: str) -> tuple[str | None, str | None]:
    """(title, credit): ``title`` less a part that credits an outside expert ("Proteggere la pelle
    dal sole: i consigli del Dottor X" -> "Proteggere la pelle dal sole"); (None, title)
    when the whole title is such a credit; (title, None) for any other title."""
    for m in _PARTS.finditer(title):
        head, tail = title[: m.start()].strip(), title[m.end() :].strip()
        if tail and credits_expert(tail) and not credits_expert(head) and len(head.split()) >= 2:
            return head, tail
        if head and credits_expert(head) and not credits_expert(tail) and len(tail.split()) >= 2:
            return tail, head  # "Hautarzt Dr. X verrät: So bleibt ..."
    if credits_expert(title):
        return None, title
    return title, None


#: what a title counts: "10 conseils pour ...", "The Top 5 Things to Know ...", "7 Fehler ..."
_COUNTED = (
    r"tips?|things|ways|steps|mistakes|rules|secrets|habits|reasons|signs|facts|myths|questions|hacks|tricks|"
    r"conseils|astuces|erreurs|gestes|règles|étapes|choses|raisons|secrets|"
    r"tipps|fehler|schritte|regeln|dinge|gründe|geheimnisse|tricks|"
    r"consejos|trucos|errores|pasos|claves|reglas|secretos|mandamientos|hábitos|"
    r"consigli|errori|regole|passi|segreti|cose|abitudini|trucchi|"
    r"mẹo|bước|cách|sai lầm|bí quyết|lưu ý"
)
#: number words two to ten (en, de, fr, es, it): "Fünf typische Fehler ...", "Six Expert Tips"
_NUMBER_WORDS = {
    word: n
    for words in (
        "two three four five six seven eight nine ten",
        "zwei drei vier fünf sechs sieben acht neun zehn",
        "deux trois quatre cinq six sept huit neuf dix",
        "dos tres cuatro cinco seis siete ocho nueve diez",
        "due tre quattro cinque sei sette otto nove dieci",
    )
    for n, word in enumerate(words.split(), start=2)
}
_COUNT = re.compile(
    r"^((?:\S+\s+){0,4}?)(\d{1,2}|"
    + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
    + r")(\s+(?:[^\W\d_][\w-]*\s+){0,2}?(?:"
    + _COUNTED
    + r")\b)",
    re.I,
)


def recounted(title: str, count: int) -> str:
    """``title`` with the number of things it promises made the series' count of tips ("10 conseils
    pour hydrater sa peau en hiver" with 7 tips -> "7 conseils ..."): the cover promises what the
    series holds. A title that counts nothing ("SPF 50 ...", "5 Minutes ...") is kept."""
    m = _COUNT.match(title)
    if m is None:
        head, colon, tail = title.partition(": ")
        if colon and _COUNT.match(tail):
            # "Cuidados de la piel en verano: 5 consejos clave ...": the count opens the second part
            return f"{head}{colon}{recounted(tail, count)}"
        return title
    promised = int(m[2]) if m[2].isdigit() else _NUMBER_WORDS[m[2].lower()]
    if count < 2 or promised == count or promised < 2:
        return title
    return f"{m[1]}{count}{m[3]}{title[m.end() :]}"


def cited_title(title: str) -> str:
    """The article's title as the series cites it ("Tip 2/5 · from “...”"): less a part crediting
    another practice's expert, unless that is all of it."""
    kept, _ = without_credit(title)
    return kept if kept is not None else title
