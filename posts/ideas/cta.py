"""The series' call to action: the article's own request to its readers, or a default on its topic.

:func:`choose_cta` ranks every candidate sentence near the article's end (and the request the
reader found): a question or request addressed to readers with a reply verb ("tell us",
"comment", "share", "let me know", "shout out", and the same in de, fr, es, it, vi) scores
highest, a question to the reader next. Follow / subscribe / tag-our-hashtag lines and signature
lines are never the call to action: they go to the dropped report wherever they are. The chosen
request leaves the tips (it is the CTA post). The reader's request, when another one wins, stays
in the article as an unused idea.

Without a request, the default fits the article's topic: :data:`DEFAULT_TOPICS` (the gadget
question is one of them, and it is the ``default_cta`` setting), overridable per topic with a
workspace file ``cta_topics.toml``::

    [topics.sunscreen]
    keywords = ["sunscreen", "spf"]
    question = "Which sunscreen do you reach for? Tell us in the comments."
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from tipqueue.config.errors import InputError
from tipqueue.posts.captions import HOOK_MAX_CHARS
from tipqueue.posts.hooks import is_whole_sentence
from tipqueue.posts.ideas.references import fold
from tipqueue.posts.models import Article, Block, Dropped, Section

#: Reply verbs: what asks readers to answer (any language; matched on lower-cased text).
_REPLY = re.compile(
    r"shout[- ]?out|\blet (?:me|us) know\b|\btell (?:me|us)\b|\bcomment\b|\bin the comments\b|"
    r"\bshare (?:with us|with me|yours|your)\b|\bwrite (?:to )?(?:me|us)\b|\bdrop (?:me|us|a comment|a line)\b|"
    r"\bsend (?:me|us)\b|\breply\b|\banswer below\b|\bsound off\b|"
    r"\bschreib(?:e|t|en sie)? (?:mir|uns|es uns)\b|\bverrat(?:et)? (?:mir|uns)\b|\berzähl(?:t)? (?:mir|uns)\b|\bkommentar|"
    r"\bdites[- ]nous\b|\bdis[- ]moi\b|\bdites[- ]moi\b|\bcommentaire|\bpartagez\b|\bracontez\b|"
    r"\bcuéntanos\b|\bcuéntame\b|\bdéjanos\b|\bdéjame\b|\bcomentario|\bcomparte\b|\bescríbenos\b|"
    r"\bditeci\b|\bdimmi\b|\bfatecelo sapere\b|\bcommento|\bcommenti\b|\bcondividi\b|\bscriveteci\b|"
    r"\bbình luận\b|\bchia sẻ\b|\bcho (?:mình|tôi|chúng tôi) biết\b|\bkể cho\b|\bcomment\b",
)
#: Softer requests ("I'd love to hear", "Ich freue mich über euer Feedback"): a request only when
#: addressed to readers or after a question.
_SOFT = re.compile(
    r"\b(?:your|euer|eure|dein|votre|vos|tu|vuestro|il vostro) feedback\b|\blove to (?:hear|know|read)\b|\bhear from you\b|\bfreue mich (?:über|auf) (?:euer|eure|dein|ihr)|"
    r"\bj'attends vos\b|\bhâte de (?:lire|savoir)\b|\bespero (?:vuestros|tus|vuestras)\b|\bfatemi sapere\b|"
    r"\baspetto i vostri\b",
)
_READER = re.compile(
    r"\byou\b|\byour\b|\bdu\b|\bdir\b|\bdein|\bihr\b|\beuch\b|\beuer|\beure\w*|\bsie\b|\bvous\b|\bvotre\b|\bvos\b|\btu\b|"
    r"\bton\b|\bta\b|\btes\b|\btú\b|\btu\b|\bvosotr|\busted|\bvoi\b|\bvostr|\bbạn\b|\bcác bạn\b",
)
#: Follow / subscribe / tag-us lines: never the call to action, never a tip.
FOLLOW = re.compile(
    r"^(?:and |so |please |don't forget to |be sure to |make sure to )?(?:follow|subscribe|sign up|join)\b"
    r"(?! (?:these|this|the|a|your|up with your|our advice|the steps|instructions))|"
    r"\b(?:follow (?:me|us|@\w+|our|my)\b|subscribe to (?:my|our)\b|sign up for (?:my|our)\b|"
    r"tag (?:me|us)\b|use (?:the |our )?hashtag|"
    r"folg(?:e|t) (?:mir|uns)|abonnier|suivez[- ](?:moi|nous)|abonnez|síguenos|sígueme|suscríbete|"
    r"seguici|seguimi|iscriviti|theo dõi (?:mình|chúng tôi)|đăng ký kênh)|"
    # a hashtag's own word boundary is before the '#' only after a letter: not in the group above
    r"#\w+ (?:to be featured|for a chance)",
)
#: A question asking readers for their own tips, favourites or experience ("Was sind eure Beauty
#: Tipps für die Braut?"): a request even without a reply verb.
_ASK = re.compile(
    r"\b(?:tips?|tricks?|favou?rites?|experiences?|routines?|tipps?|erfahrungen?|lieblings\w*|"
    r"astuces?|conseils?|préférés?|expériences?|consejos?|trucos?|favoritos?|experiencias?|"
    r"consigli|trucchi|preferiti|esperienze?|mẹo|kinh nghiệm|yêu thích)\b"
)
SIGNATURE = re.compile(r"^[-–—~]\s*\w[\w .’'-]{0,40}$|^(?:xoxo|xx+|love,|cheers,|best,)\s*\w*", re.I)

#: Topic -> keywords (any language) and the default question, English first.
DEFAULT_TOPICS: Mapping[str, Mapping[str, Any]] = {
    "gadgets": {
        "keywords": [
            "gadget",
            "device",
            "roller",
            "gua sha",
            "microcurrent",
            "led mask",
            "led face mask",
            "light therapy",
            "led-maske",
            "masque led",
            "máscara led",
            "maschera led",
            "mặt nạ led",
            "tool",
            "clarisonic",
            "gerät",
            "appareil",
            "dispositivo",
        ],
        "question": None,  # the default_cta setting
    },
    "sunscreen": {
        "keywords": [
            "sunscreen",
            "spf",
            "sun protection",
            "sonnenschutz",
            "lsf",
            "crème solaire",
            "protector solar",
            "chống nắng",
        ],
        "question": "Which sunscreen do you wear every day? Tell us in the comments.",
    },
    "oily skin": {
        "keywords": [
            "oily skin",
            "oiliness",
            "excess oil",
            "fettige haut",
            "peau grasse",
            "piel grasa",
            "pelle grassa",
            "da dầu",
        ],
        "question": "What keeps your oily skin in check? Tell us in the comments.",
    },
    "acne": {
        "keywords": ["acne", "breakout", "pimple", "blemish", "akne", "pickel", "acné", "brufoli", "mụn"],
        "question": "What finally helped your breakouts? Tell us in the comments.",
    },
    "vitamin c": {
        "keywords": ["vitamin c", "ascorbic", "vitamina c", "vitamine c"],
        "question": "Have you tried a vitamin C serum? Tell us how it went in the comments.",
    },
    "dry skin": {
        "keywords": [
            "dry skin",
            "moisturi",
            "winter",
            "hydrat",
            "trockene haut",
            "eincremen",
            "peau sèche",
            "piel seca",
            "pelle secca",
            "da khô",
            "khô da",
            "bong tróc",
            "dưỡng ẩm",
        ],
        "question": "What keeps your skin comfortable when it's dry? Tell us in the comments.",
    },
    "aging": {
        "keywords": [
            "wrinkle",
            "fine line",
            "anti-aging",
            "anti-ageing",
            "falten",
            "hautalterung",
            "rides",
            "anti-âge",
            "arrugas",
            "antiedad",
            "rughe",
            "antietà",
            "nếp nhăn",
            "lão hóa",
        ],
        "question": "What do you do for fine lines and wrinkles? Tell us in the comments.",
    },
    "sensitive skin": {
        "keywords": ["sensitive", "rosacea", "irritat", "redness", "empfindlich", "sensible", "nhạy cảm"],
        "question": "What calms your skin when it's irritated? Tell us in the comments.",
    },
    "routine": {
        "keywords": ["routine", "step", "cleanser", "rutina", "pflege", "routine", "quy trình", "skincare"],
        "question": "What's the one step of your routine you never skip? Tell us in the comments.",
    },
}
#: Questions for an article in another language, per topic (the general one for any topic).
GENERAL_QUESTION: Mapping[str, str] = {
    "en": "What's your best skincare tip? Tell us in the comments.",
    "de": "Was ist dein bester Hautpflege-Tipp? Schreib es uns in die Kommentare.",
    "fr": "Quel est votre meilleur conseil pour la peau ? Dites-le-nous en commentaire.",
    "es": "¿Cuál es tu mejor consejo para la piel? Cuéntanos en los comentarios.",
    "it": "Qual è il tuo miglior consiglio per la pelle? Scrivilo nei commenti.",
    "vi": "Bí quyết chăm sóc da của bạn là gì? Hãy chia sẻ trong phần bình luận nhé.",
}
#: The general question in the other address, for an article that speaks to its readers so:
#: German's polite "Sie" (the default says "du"), French's familiar "tu" (the default says "vous").
#: Spanish is left out: its familiar address is mostly in verb forms ("aplica"), not pronouns.
OTHER_REGISTER_QUESTION: Mapping[tuple[str, str], str] = {
    ("de", "formal"): "Was ist Ihr bester Hautpflege-Tipp? Schreiben Sie es uns in die Kommentare.",
    ("fr", "familiar"): "Quel est ton meilleur conseil pour la peau ? Dis-le-nous en commentaire.",
}
#: The words of each address, per language: the polite ones (German's capitalised "Sie", "Ihr"
#: inside a sentence, where "sie" meaning "they" is written in lower case) and the familiar ones.
_ADDRESS: Mapping[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "de": (
        re.compile(r"(?<=[\w,;–-] )(?:Sie|Ihnen|Ihr|Ihre|Ihrer|Ihren|Ihrem|Ihres)\b"),
        re.compile(
            r"\b(?:du|dich|dir|dein|deine|deiner|deinen|deinem|deines|euch|euer|eure|euren|eurer)\b", re.I
        ),
    ),
    "fr": (
        re.compile(r"\b(?:vous|votre|vos)\b", re.I),
        re.compile(r"\b(?:tu|toi|ton|ta|tes|te|t')(?!\w)", re.I),
    ),
}
#: The article speaks to its readers in one address when it uses its words at least this often,
#: and more than twice as often as the other's.
ADDRESS_MIN_WORDS = 3
TOPICS_FILE = "cta_topics.toml"
#: The topic is read from this much of the article's text (a long article says it early enough).
TOPIC_SAMPLE_CHARS = 50_000
#: The call to action is looked for among this share of the article's last content sentences.
WINDOW_SENTENCES = 12


@dataclass(frozen=True)
class CtaChoice:
    """What the CTA post asks, and where it came from."""

    text: str
    #: "article" (the article's own request) or "default" (no request in the article)
    source: str
    #: the topic the default was chosen for ("gadgets", "acne", ..., "general"), or "" for an article's request
    topic: str = ""
    #: the article's sentences that make up the request (empty for a default)
    sentences: tuple[str, ...] = ()
    #: heading of the section holding the request
    section: str | None = None
    score: float = 0.0

    @property
    def defaulted(self) -> bool:
        return self.source == "default"


def request_score(sentence: str, *, after_question: bool = False) -> float:
    """How clearly ``sentence`` asks readers to reply: 0 (not at all) to about 6.

    ``after_question``: the sentence follows a question in its paragraph ("Which one do you use?
    Tell us below."), which it then belongs to.
    """
    text = fold(sentence)
    if FOLLOW.search(text) or SIGNATURE.match(text.strip()):
        return 0.0
    if len(sentence.strip()) > HOOK_MAX_CHARS and not is_whole_sentence(sentence):
        # a long run of text with no sentence end (a fragment the reader could not close) is not
        # a question to readers, and would open the call to action's caption cut mid-sentence
        return 0.0
    score = 0.0
    if _REPLY.search(text):
        score += 3.0
    elif _SOFT.search(text):
        score += 2.0
    if text.rstrip().endswith(("?", "？")) or after_question:
        score += 1.5
    if _READER.search(text):
        score += 1.0
        if text.rstrip().endswith(("?", "？")) and _ASK.search(text):
            score += 1.0
    if "instagram" in text or "comments" in text:
        score += 0.5
    return score if score >= 3.0 else 0.0


#: One of these is in every line :data:`FOLLOW` finds (lower-cased): a sentence holding none is
#: not searched (a long article has tens of thousands of sentences, almost none of them follow lines).
FOLLOW_WORDS = (
    "follow",
    "subscri",
    "sign up",
    "join",
    "tag ",
    "hashtag",
    "#",
    "folg",
    "abonn",
    "suivez",
    "sígue",
    "suscr",
    "seguic",
    "seguim",
    "iscriv",
    "theo dõi",
    "đăng ký",
)


def is_follow_line(sentence: str, words: Sequence[str] = FOLLOW_WORDS) -> bool:
    """True for a follow, subscribe or tag-us line (``words``: the :data:`FOLLOW_WORDS` worth
    looking for, the ones its article holds at all)."""
    low = sentence.lower()
    if not any(word in low for word in words):
        return False
    return bool(FOLLOW.search(fold(sentence).strip()))


def load_topics(workspace: Path | None, gadget_question: str) -> dict[str, dict[str, Any]]:
    """The bundled topics with the workspace's ``cta_topics.toml`` over them."""
    topics = {k: dict(v) for k, v in DEFAULT_TOPICS.items()}
    topics["gadgets"]["question"] = gadget_question
    path = workspace / TOPICS_FILE if workspace is not None else None
    if path is not None and path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise InputError(f"{path} is not valid TOML ({exc}); fix the file or remove it") from None
        for name, entry in dict(data.get("topics", {})).items():
            if not isinstance(entry, dict) or not isinstance(entry.get("question", ""), str):
                raise InputError(f"{path}: topic {name!r} needs a 'question' text and a 'keywords' list")
            merged = topics.setdefault(str(name), {"keywords": [], "question": None})
            if "keywords" in entry:
                merged["keywords"] = [str(k).lower() for k in entry["keywords"]]
            if "question" in entry:
                merged["question"] = entry["question"]
    return topics


#: a default topic the title does not name must be named this many times in the text
TOPIC_MIN_MENTIONS = 3


def article_topic(article: Article, topics: Mapping[str, Mapping[str, Any]]) -> str:
    """The topic whose keywords the article uses most (the title counts three times), or "general".

    The topic must be what the article is about, not a word it uses in passing: its keywords
    are in the title, named at least three times, or named in half of its blocks (an article
    about LED masks that mentions acne twice does not get the question about breakouts)."""
    texts: list[str] = []
    size = 0
    for block in (b for s in article.sections for b in s.blocks):
        if size >= TOPIC_SAMPLE_CHARS:
            break
        texts.append(fold(block.text[: TOPIC_SAMPLE_CHARS - size]))
        size += len(block.text) + 1
    body = " ".join(texts)
    # a title written from the topic (or the file name) would only count the topic back
    title = "" if article.title_source in ("topic", "file name", "none") else fold(article.title)
    best, best_hits, best_in_title = "general", 1, False
    best_keywords: list[str] = []
    for name, entry in topics.items():
        keywords = [str(k) for k in entry.get("keywords", [])]
        in_body = sum(body.count(k) for k in keywords)
        in_title = sum(title.count(k) for k in keywords)
        hits = in_body + 3 * in_title
        if hits > best_hits:
            best, best_hits, best_in_title, best_keywords = name, hits, in_title > 0, keywords
    if best == "general" or best_in_title or best_hits >= TOPIC_MIN_MENTIONS:
        return best
    # a short article: the topic is its subject when most of its blocks name it
    naming = sum(1 for t in texts if any(k in t for k in best_keywords))
    return best if naming * 2 >= len(texts) else "general"


def address(article: Article) -> str | None:
    """How the article speaks to its readers: "formal" ("Sie", "vous") or "familiar" ("du", "tu"),
    when it clearly keeps to one (see :data:`ADDRESS_MIN_WORDS`), else None (and for a language
    where we do not tell). The call to action speaks to them the same way."""
    patterns = _ADDRESS.get(article.language)
    if patterns is None:
        return None
    formal_words, familiar_words = patterns
    formal = familiar = 0
    size = 0
    for block in (b for s in article.sections for b in s.blocks):
        if size >= TOPIC_SAMPLE_CHARS:
            break
        formal += len(formal_words.findall(block.text))
        familiar += len(familiar_words.findall(block.text))
        size += len(block.text)
    if max(formal, familiar) < ADDRESS_MIN_WORDS or min(formal, familiar) * 2 >= max(formal, familiar):
        return None
    return "formal" if formal > familiar else "familiar"


def default_question(article: Article, topics: Mapping[str, Mapping[str, Any]]) -> CtaChoice:
    topic = article_topic(article, topics)
    question = topics.get(topic, {}).get("question") if topic != "general" else None
    if not isinstance(question, str) or (article.language != "en" and topic != "gadgets"):
        question = GENERAL_QUESTION.get(article.language, GENERAL_QUESTION["en"])
        register = address(article)
        if register is not None:
            question = OTHER_REGISTER_QUESTION.get((article.language, register), question)
        topic = topic if topic == "general" else f"{topic} (general question in {article.language})"
    return CtaChoice(question, "default", topic)


def choose_cta(
    article: Article, topics: Mapping[str, Mapping[str, Any]]
) -> tuple[Article, CtaChoice, tuple[str, ...]]:
    """The article with its call to action chosen, the choice, and the reader's spare request.

    The returned article's blocks no longer hold the chosen request or any follow line (those
    are added to its dropped report); its ``call_to_action*`` fields are the choice (a default
    leaves them empty). The request the reader found, when another one wins or it asks nothing,
    is handed back as ``spare`` sentences: the series lists them as an unused idea.
    """
    follow: list[Dropped] = []
    sections: list[list[list[str]]] = [
        [list(b.sentences or (b.text,)) for b in s.blocks] for s in article.sections
    ]
    asked = {
        (si, bi)
        for si, s in enumerate(article.sections)
        for bi, b in enumerate(s.blocks)
        if b.kind.value == "qa"
    }
    # the follow words the article holds at all, found in one pass over its text: a long
    # article's tens of thousands of sentences are then asked for those few only
    whole = "\n".join(s for blocks in sections for ss in blocks for s in ss).lower()
    present = tuple(w for w in FOLLOW_WORDS if w in whole)
    for blocks in sections if present else ():
        for bi, sentences in enumerate(blocks):
            keep = []
            for s in sentences:
                if is_follow_line(s, present):
                    follow.append(Dropped(s, "follow or subscribe line (never the call to action)"))
                else:
                    keep.append(s)
            blocks[bi] = keep
    old = list(article.call_to_action_sentences)
    old_text = " ".join(old)
    # candidates: the reader's request, and each of the last sentences of the article's content
    flat = [
        (si, bi, k)
        for si, blocks in enumerate(sections)
        for bi, ss in enumerate(blocks)
        for k in range(len(ss))
    ]
    window = flat[-WINDOW_SENTENCES:]
    best: tuple[float, int, tuple[int, int, int] | None] = (0.0, -1, None)
    if old and not is_follow_line(old_text):
        asks = request_score(old[-1])
        best = (asks + 0.5 if asks else 0.0, len(flat), None)  # the reader's find wins a tie
    for order, (si, bi, k) in enumerate(window):
        if (si, bi) in asked:
            continue
        block = sections[si][bi]
        score = request_score(block[k], after_question=k > 0 and block[k - 1].rstrip().endswith(("?", "？")))
        if score and (score, order + len(flat) - len(window)) > best[:2]:
            best = (score, order + len(flat) - len(window), (si, bi, k))
    score, _, where = best
    spare: tuple[str, ...] = ()
    section_of_old = article.call_to_action_section
    if score <= 0 and old:
        # the reader's request is no request after all (a follow line, a bare "Instagram")
        reason = "follow or subscribe line (never the call to action)" if is_follow_line(old_text) else None
        if reason:
            follow.extend(Dropped(s, reason) for s in old)
        else:
            spare = tuple(old)
        old = []
    if where is None and old:
        choice = CtaChoice(old_text, "article", "", tuple(old), section_of_old, score)
    elif where is not None:
        si, bi, k = where
        sentences = sections[si][bi]
        start = k
        while start > 0 and sentences[start - 1].rstrip().endswith(("?", "？")):
            start -= 1
        parts = sentences[start : k + 1]
        del sentences[start : k + 1]
        if old:
            spare = tuple(old)
        choice = CtaChoice(" ".join(parts), "article", "", tuple(parts), article.sections[si].heading, score)
    else:
        choice = CtaChoice("", "default", "")
    new_sections, emptied = _rebuild(article, sections)
    follow.extend(Dropped(h, "heading: all its text was dropped") for h in emptied)
    new = replace(
        article,
        sections=new_sections,
        call_to_action=choice.text if choice.source == "article" else None,
        call_to_action_sentences=choice.sentences,
        call_to_action_section=choice.section if choice.source == "article" else None,
        dropped=article.dropped + tuple(follow),
    )
    return new, choice, spare


def _rebuild(article: Article, sections: list[list[list[str]]]) -> tuple[tuple[Section, ...], list[str]]:
    out: list[Section] = []
    emptied: list[str] = []
    for si, blocks in enumerate(sections):
        originals = article.sections[si].blocks
        new_blocks: list[Block] = []
        for bi, sentences in enumerate(blocks):
            if not sentences:
                continue
            b = originals[bi]
            if list(sentences) == list(b.sentences or (b.text,)):
                new_blocks.append(b)
                continue
            title = b.title if b.title and " ".join(sentences).startswith(b.title) else None
            new_blocks.append(replace(b, text=" ".join(sentences), sentences=tuple(sentences), title=title))
        heading = article.sections[si].heading
        if new_blocks:
            out.append(Section(heading, tuple(new_blocks)))
        elif heading is not None:
            emptied.append(heading)
    return tuple(out), emptied
