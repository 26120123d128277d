"""Sentences, tips and carousel slides.

* :func:`segment` cuts text into sentences with sentencex (a maintained rule-based segmenter for
  ~300 languages that knows abbreviations such as "Dr.", "e.g." and "U.S.", decimals, ranges and
  quotes). It runs at tens of MB/s; pysbd, which we tried first, manages about 0.4 MB/s and misses
  the 1 MB/s bar.
* :func:`split_article` groups an article's sentences into tips: one self-contained idea each.
  A list item is one tip (a list's title goes with its first item); a paragraph is cut into tips at sentence boundaries, never before a
  sentence that leans on the one before it ("They ...", "Because ...", "That was ...").
  A tip never crosses a paragraph, list item or section.
* :func:`slides_for` lays a tip out on cards of about ``max_chars`` characters, whole sentences
  each: a sentence never runs from one card onto the next. Only a single sentence longer than a
  card can hold (:data:`CARD_MAX_CHARS`) is cut, at the clause boundaries (", ", "; ", ": ",
  dashes) that give the most even pieces, else between words, else (a "word" longer than a card)
  between characters. No text is ever dropped: joining the slides gives the tip back.
* :func:`coverage_problems` is the invariant tests and Hypothesis check: every content sentence of
  the article is in exactly one tip or in the dropped report, in order.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from tipqueue.posts.ideas.references import opening_reference, without_opening_marker
from tipqueue.posts.models import Article, Tip

#: Instagram accepts 2 to 10 items in a carousel.
MAX_SLIDES = 10

_WS = re.compile(r"\s+")
_ANY_WS = re.compile(r"\s")


def squash(text: str) -> str:
    """Text without any white space: what "no character lost" is checked on."""
    return _ANY_WS.sub("", text)


def normalize_space(text: str) -> str:
    # str.split() cuts at the characters ``\s`` matches (both are str.isspace): the same text as
    # ``_WS.sub(" ", text).strip()`` at a quarter of the cost, paid on every block twice
    return " ".join(text.split())


def segment(text: str, language: str = "en") -> list[str]:
    """Sentences of ``text`` (white space folded), never losing a character.

    Falls back to the whole text as one sentence if the segmenter ever returned something that
    does not add up to its input.
    """
    from sentencex import segment as _sentencex

    text = normalize_space(text)
    if not text:
        return []
    # the text's only white space is now single spaces: strip() and replace() suffice below
    parts = [p.strip() for p in _sentencex(language, text)]
    parts = _opening_marks_forward([q for p in parts if p for q in _split_quote(p, language)])
    if len(parts) > 1:
        parts = _abbreviations_joined(parts)
    if "".join(parts).replace(" ", "") != text.replace(" ", ""):  # pragma: no cover - defensive
        return [text]
    return parts


#: a dotted abbreviation closing a piece: "10 a.m.", "e.g.", "z.B." (letters each with its stop)
_DOTTED_ABBREVIATION = re.compile(r"(?:^|[\s(])(?:[^\W\d_]\.){2,}$")


def _abbreviations_joined(parts: list[str]) -> list[str]:
    """A piece the segmenter cut after a dotted abbreviation it does not know in the language,
    whose next piece goes on in lower case, is one sentence: "... entre las 10 a.m." + "y las 4
    p.m." -> "... entre las 10 a.m. y las 4 p.m." """
    if not any(part[:1].islower() for part in parts[1:]):  # the usual case: every piece opens a sentence
        return parts
    out = [parts[0]]
    for part in parts[1:]:
        prev = out[-1]
        if prev.endswith(".") and part[:1].islower() and _DOTTED_ABBREVIATION.search(prev):
            out[-1] = f"{prev} {part}"
        else:
            out.append(part)
    return out


_OPENING_MARK = re.compile(r"\s[“„«‘]+$")


def _opening_marks_forward(parts: list[str]) -> list[str]:
    """A quote mark the segmenter left at the end of a sentence opens the next one:
    ['... Dr. Moy explains. “', 'It ...”'] -> ['... Dr. Moy explains.', '“It ...”']."""
    out: list[str] = []
    carry = ""
    for part in parts:
        part = carry + part
        carry = ""
        m = _OPENING_MARK.search(part)
        if m is not None and m.start() > 0:
            carry = m.group(0).strip()
            part = part[: m.start()]
        out.append(part)
    if carry:
        out[-1] = f"{out[-1]} {carry}"
    return out


#: A quotation long enough to hold more than one sentence: “...”, «...», „...“, "...", »...«.
_QUOTATION = re.compile(r'“[^”]{30,}”|«[^»]{30,}»|„[^“”]{30,}[“”]|"[^"]{30,}"|»[^«]{30,}«')


def _split_quote(sentence: str, language: str) -> list[str]:
    """A sentence that is (or holds) a quotation of several sentences, cut inside the quotes.

    The segmenter keeps a whole quoted paragraph as one "sentence"; the quoted sentences are
    sentences too: “A. B. C.” becomes “A. / B. / C.” (the quote marks stay on the first and
    last piece, so no character is lost).
    """
    from sentencex import segment as _sentencex

    m = _QUOTATION.search(sentence)
    if m is None:
        return [sentence]
    raw = m.group(0)[1:-1]
    inner = [p.strip() for p in _sentencex(language, raw) if p.strip()]
    if len(inner) < 2:
        return [sentence]
    lead = " " if raw[:1].isspace() else ""  # « Avant ... » keeps its spaces inside the marks
    trail = " " if raw[-1:].isspace() else ""
    head = sentence[: m.start() + 1] + lead + inner[0]
    tail = inner[-1] + trail + sentence[m.end() - 1 :]
    pieces = [head.strip(), *inner[1:-1], *_split_quote(tail.strip(), language)]
    if "".join(pieces).replace(" ", "") != sentence.replace(" ", ""):
        return [sentence]
    return pieces


# --- Self-contained tips -------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "by",
        "at",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "am",
        "do",
        "does",
        "did",
        "you",
        "your",
        "we",
        "our",
        "i",
        "my",
        "me",
        "he",
        "she",
        "his",
        "her",
        "not",
        "no",
        "can",
        "will",
        "would",
        "should",
        "could",
        "may",
        "might",
        "must",
        "have",
        "has",
        "had",
        "if",
        "when",
        "what",
        "who",
        "how",
        "why",
        "all",
        "any",
        "some",
        "more",
        "most",
        "very",
        "just",
        "only",
        "than",
        "then",
        "there",
        "here",
    ]
)


def _content_words(words: Sequence[str]) -> set[str]:
    return {w for w in words if w not in _STOPWORDS and len(w) > 2}


#: A sentence of at most this many words is a coda to the one before it.
SHORT_SENTENCE_WORDS = 4


def leans_on_previous(sentence: str, previous: str | None = None, language: str = "en") -> bool:
    """True when ``sentence`` cannot stand alone after ``previous``.

    It opens by pointing back (:func:`tipqueue.posts.ideas.references.opening_reference`: a
    connective, a discourse marker, a pronoun, "They ...", "Because ...", "Ensuite, ...", or a
    pronoun among its first words, "I've had patients use them ..."), or continues a parallel
    statement: its first words repeat two content words of the previous sentence ("Over relaxing
    facial muscles ...", "Under relaxing facial muscles ..."), or is a short coda ("You want
    balance.").
    """
    if opening_reference(sentence, language, previous or "") is not None:
        return True
    words = [w.lower().replace("’", "'") for w in _WORD.findall(sentence[:80])]
    if not words or not previous:
        return False
    if len(words) <= SHORT_SENTENCE_WORDS:
        return True  # "You want balance." sums up what came before
    before = [w.lower().replace("’", "'") for w in _WORD.findall(previous)]
    return len(_content_words(words[:5]) & _content_words(before)) >= 2


# --- Slides -------------------------------------------------------------------------------

#: The most characters one card holds: a sentence up to this long stays whole on its card.
#: The card renderer shrinks the font to fit; at the smallest legible size of every bundled layout
#: (portrait 38 px, square 34 px, story 40 px) it fits at least 570 characters of the corpus's
#: real prose; 420 leaves room for capitals, long words and diacritics.
CARD_MAX_CHARS = 420

_CLAUSE_BREAK = re.compile(r"(?<=[,;:])\s|\s(?=[–—]\s)|(?<=\s[–—])\s")


def card_limit(max_chars: int) -> int:
    """The hard limit of a card's text: ``max_chars`` is what sentences are packed to, but a
    single longer sentence keeps its card up to :data:`CARD_MAX_CHARS`."""
    return max(max_chars, CARD_MAX_CHARS)


def _cut(text: str, max_chars: int, breaks: Iterable[int]) -> tuple[str, str] | None:
    """Cut ``text`` at the last break position that leaves a head of at most max_chars."""
    best = None
    for pos in breaks:
        head = text[:pos].rstrip()
        if 0 < len(head) <= max_chars:
            best = pos
        elif len(head) > max_chars:
            break
    if best is None:
        return None
    return text[:best].rstrip(), text[best:].lstrip()


def _clause_pieces(sentence: str, max_chars: int) -> list[str] | None:
    """The sentence cut at clause boundaries into as few pieces of at most ``max_chars`` as
    possible, the longest piece as short as it can be (so no clause is left stranded); None when
    some clause alone is longer than ``max_chars``."""
    cuts = [0, *(m.start() for m in _CLAUSE_BREAK.finditer(sentence)), len(sentence)]
    n = len(cuts)
    # best[i]: (pieces, longest piece) for sentence[:cuts[i]]
    best: list[tuple[int, int] | None] = [None] * n
    back = [0] * n
    best[0] = (0, 0)
    for i in range(1, n):
        for j in range(i - 1, -1, -1):
            length = len(sentence[cuts[j] : cuts[i]].strip())
            if length > max_chars:
                break
            prev = best[j]
            if prev is None or length == 0:
                continue
            cand = (prev[0] + 1, max(prev[1], length))
            here = best[i]
            if here is None or cand < here:
                best[i], back[i] = cand, j
    if best[-1] is None:
        return None
    pieces: list[str] = []
    i = n - 1
    while i > 0:
        pieces.append(sentence[cuts[back[i]] : cuts[i]].strip())
        i = back[i]
    return pieces[::-1]


def split_long_sentence(sentence: str, max_chars: int) -> list[str]:
    """Pieces of one over-long sentence, each at most ``max_chars``: at the clause boundaries that
    give the fewest, most even pieces; else clause, then word, then character, greedily."""
    rest = sentence.strip()
    if len(rest) <= max_chars:
        return [rest] if rest else []
    clauses = _clause_pieces(rest, max_chars)
    if clauses is not None:
        return clauses
    pieces: list[str] = []
    while len(rest) > max_chars:
        cut = _cut(rest, max_chars, (m.start() for m in _CLAUSE_BREAK.finditer(rest)))
        if cut is None:
            cut = _cut(rest, max_chars, (m.start() for m in _WS.finditer(rest)))
        if cut is None:
            cut = (rest[:max_chars], rest[max_chars:].lstrip())
        head, rest = cut
        pieces.append(head)
    if rest:
        pieces.append(rest)
    return pieces


def slides_for(sentences: Sequence[str], max_chars: int) -> list[str]:
    """Card texts for a tip: whole sentences packed greedily to ``max_chars`` a card.

    A sentence is never cut across cards: one longer than ``max_chars`` has a card of its own,
    and only one longer than the card's hard limit (:func:`card_limit`) is cut, at its clause
    boundaries (the rubric flags such a card).
    """
    hard = card_limit(max_chars)
    slides: list[str] = []
    current = ""
    for sentence in sentences:
        pieces = [sentence] if len(sentence) <= hard else split_long_sentence(sentence, hard)
        for piece in pieces:
            candidate = f"{current} {piece}" if current else piece
            if len(candidate) <= max_chars:
                current = candidate
            else:
                if current:
                    slides.append(current)
                current = piece
    if current:
        slides.append(current)
    return slides


# --- Tips ---------------------------------------------------------------------------------

#: The opening paragraph goes into the cover caption only when it is at most this long.
LEAD_MAX_CHARS = 1000


#: A list's last item that only goes on from the one before ("as well as secondary lesions",
#: "and more", "sowie ...", "ainsi que ...", "así como ...", "nonché ...", "cũng như ..."): it
#: never stands alone on a card (en, de, fr, es, it, vi).
_TRAILING_FRAGMENT = re.compile(
    r"^(?:as well as|along with|and|or|plus|etc|sowie|und|oder|ainsi que|et|ou|así como|y|o|"
    r"además de|nonché|oltre a|e|cũng như|và|hoặc)\b(?![’'-])",
)


def trailing_fragment(line: str) -> bool:
    """Is ``line`` a list's item that only goes on from the one before (lower case, opening with
    "as well as", "and", "sowie", "ainsi que", ...), not an item of its own?"""
    text = line.strip()
    return bool(text) and text[0].islower() and _TRAILING_FRAGMENT.match(text) is not None


def list_slides(title: Sequence[str], items: Sequence[Sequence[str]], max_chars: int) -> list[str]:
    """Cards of a list: the title alone on the first card, then whole items, one per line.

    A last item that only goes on from the one before (:func:`trailing_fragment`) does not
    stand alone on the last card: the item before it moves onto that card with it."""
    slides = slides_for(title, max_chars) if title else []
    heads = len(slides)
    current = ""
    for item in items:
        lines = slides_for(item, max_chars)
        for line in lines:
            candidate = f"{current}\n{line}" if current else line
            if len(candidate) <= max_chars:
                current = candidate
            else:
                if current:
                    slides.append(current)
                current = line
    if current:
        slides.append(current)
    if len(slides) - heads >= 2 and "\n" not in slides[-1] and trailing_fragment(slides[-1]):
        before, _, moved = slides[-2].rpartition("\n")
        if before and len(f"{moved}\n{slides[-1]}") <= max_chars:
            slides[-2:] = [before, f"{moved}\n{slides[-1]}"]
    return slides


def tip_slides(tip: Tip, max_chars: int) -> list[str]:
    """The cards of a tip: its title card (if any) alone, then its sentences or its list items."""
    sentences = list(tip.sentences)
    head = sentences[: tip.title_card]
    rest = sentences[tip.title_card :]
    if tip.items:
        items: list[list[str]] = []
        at = 0
        for n in tip.items:
            items.append(rest[at : at + n])
            at += n
        if at < len(rest):
            items.append(rest[at:])
        slides = list_slides(head, items, max_chars)
    elif head and rest:
        slides = slides_for(head, max_chars) + slides_for(rest, max_chars)
    else:
        slides = slides_for(sentences, max_chars)
    if len(slides) > MAX_SLIDES:  # the layout would break Instagram's limit: pack plainly
        slides = slides_for(sentences, max_chars)
    return slides


def split_article(article: Article, *, max_chars: int = 200) -> list[Tip]:
    """Every idea of the article as a tip, in order (the first one may be the cover's ``lead``).

    This is the whole article, before selection: :func:`tipqueue.posts.ideas.plan.plan_series`
    chooses the best of them for the series and lists the others as unused.
    """
    from tipqueue.posts.ideas.units import article_ideas

    if max_chars < 20:
        raise ValueError(f"max_chars must be at least 20, not {max_chars}")
    return [idea.tip() for idea in article_ideas(article, max_chars=max_chars)]


# --- The invariant ------------------------------------------------------------------------


def coverage_problems(
    body_sentences: Sequence[str], article: Article, tips: Sequence[Tip], unused: Sequence[str] = ()
) -> list[str]:
    """What went missing, twice or out of order between the article body and its tips.

    ``body_sentences`` are all sentences of the article's body as read (before boilerplate was
    dropped; see :func:`posts.article.body_sentences`). Every one must be either dropped (listed in
    ``article.dropped``), the call to action, one of the ``unused`` sentences (ideas not in the
    series), or inside exactly one tip, in the article's order.
    Returns one line per problem; an empty list means the invariant holds.

    The dropped report and the call to action carry text, not positions, and an article may say the
    same sentence twice (a request early on as content, again at the end as the call to action).
    So which occurrence was taken is not guessed: the check passes when some choice of occurrences
    leaves exactly the tips' text, in order (:func:`_align`).
    """
    problems: list[str] = []
    keys = [normalize_space(s) for s in body_sentences]
    remaining = Counter(keys)
    taken: Counter[str] = Counter()
    texts = [d.text for d in article.dropped if not d.reason.startswith(NOT_BODY)]
    texts.extend(article.call_to_action_sentences)
    texts.extend(unused)
    for text in texts:
        key = normalize_space(text)
        if remaining[key] > 0:
            remaining[key] -= 1
            taken[key] += 1
        else:
            problems.append(
                f"dropped, unused or call-to-action text is not an article sentence (or counted twice): {key[:80]!r}"
            )
    got = squash("".join(s for t in tips for s in t.sentences))
    stuck = _align(keys, got, taken, article.language)
    if stuck is not None:
        index, at = stuck
        article_text = squash(keys[index])[:40] if index < len(keys) else ""
        problems.append(
            f"tips do not add up to the article: first difference at character {at}: "
            f"article {article_text!r} vs tips {got[at : at + 40]!r}"
        )
    for tip in tips:
        if squash(tip.text) != squash("".join(tip.sentences)):
            problems.append(f"tip {tip.position} text differs from its sentences")
    return problems


def _align(
    keys: Sequence[str], got: str, taken: Counter[str], language: str = "en"
) -> tuple[int, int] | None:
    """None when the sentences ``keys``, less one occurrence per count in ``taken``, are ``got``.

    A sentence may stand in a tip without the discourse marker it opened with ("Ensuite, ..."),
    exactly as :func:`tipqueue.posts.ideas.references.without_opening_marker` drops it.

    Walks the article's sentences in order; each one is either the next piece of the tips' text
    or one of the taken (dropped / call-to-action) sentences. A sentence that fits both ways is a
    branch point; the search remembers the branch points it has tried, so repeated sentences cost
    little. On failure returns (sentence index, tip character) of the furthest point reached.
    """
    pieces = [squash(k) for k in keys]
    seen: set[tuple[int, int, frozenset[tuple[str, int]]]] = set()
    stack: list[tuple[int, int, dict[str, int]]] = [(0, 0, dict(taken))]
    furthest = (0, 0)
    while stack:
        i, pos, left = stack.pop()
        while True:
            if (pos, i) > (furthest[1], furthest[0]):
                furthest = (i, pos)
            if i == len(keys):
                if pos == len(got) and not any(left.values()):
                    return None
                break
            key = keys[i]
            as_content = got.startswith(pieces[i], pos)
            if not as_content:
                trimmed = without_opening_marker(key, language)
                if trimmed is not None and got.startswith(squash(trimmed), pos):
                    pieces[i] = squash(trimmed)
                    as_content = True
            as_taken = left.get(key, 0) > 0
            if as_content and as_taken:
                state = (i, pos, frozenset((k, n) for k, n in left.items() if n))
                if state in seen:
                    break
                seen.add(state)
                other = dict(left)
                other[key] -= 1
                stack.append((i + 1, pos, other))
            if as_content:
                pos += len(pieces[i])
            elif as_taken:
                left[key] -= 1
            else:
                break
            i += 1
    return furthest


#: Reasons of dropped text that was never part of the article body (HTML navigation, scripts...).
PAGE_FURNITURE = "page furniture"
#: Dropped text with these reasons is no body sentence: page furniture, and headings.
NOT_BODY = (PAGE_FURNITURE, "heading")
