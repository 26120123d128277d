"""Where an article's title is found when its text does not start with one.

In this order: a syndication footer ("The post X appeared first on Y"), the page's own heading
(``<h1>``), ``og:title``, ``<title>`` (less a " | Site name" tail). An article with none of them
gets a title written from its topic in its own language ("Tips for winter skin"; the cover says
"3 tips for winter skin"), from the caption lines (``templates/captions/<lang>.toml``), flagged as
a guess (``title_source == "topic"``) for the review. A file name is never a title: "abcnews
winter skin qa" is not something an editor would post.
"""

from __future__ import annotations

import re
from pathlib import Path

from tipqueue.posts.caption_lines import caption_lines
from tipqueue.posts.hashtags import load_vocabulary
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
    for n, counts in enumerate(vocabulary.counts_each(blocks)):
        for i, k in counts.items():
            weight[i] = weight.get(i, 0.0) + k * (3 if n < OPENING_BLOCKS else 1)
            mentions[i] = mentions.get(i, 0) + k
            blocks_naming[i] = blocks_naming.get(i, 0) + 1
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


def topic_title(
    sections: list[list[str]], language: str, count: int | None = None, workspace: Path | None = None
) -> str:
    """A title for an article that has none, from its topic: "Tips for winter skin" / "3 tips ..."."""
    lines = caption_lines(language, workspace)
    return lines.topic_title(article_topic(sections, language, workspace), count)[:TITLE_MAX_CHARS]


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
