"""Stance: does the reader recommend, merely mention, or dislike each gadget they name?

Cue phrases near the mention decide (same clause first, then clauses naming no other gadget).
Negation flips a cue within its clause ("wouldn't recommend", "not worth it", "not bad");
questions, plans and wishes only mention ("is the Foreo worth it?", "want to try"); after "but"
the later clause decides ("it broke once, but I still love it"); sarcasm markers ("oh sure",
"yeah right") turn praise into a dislike; in a comparison the loser of "X beats Y", "better
than Y", "prefer X over Y" is disliked. A verdict reported from someone else ("my sister swears
by it", "reviewers rave") is kept but marked as relayed, so counts can tell them apart. Each
verdict carries the cue that decided it, for exports and for anyone checking a count.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from operator import attrgetter, itemgetter
from typing import NamedTuple, Protocol

from tipqueue.posts.models import Stance
from tipqueue.replies.relay import Relays
from tipqueue.replies.stance_words import (
    _ABANDON,
    _ABBREVIATION,
    _BREAK_WORDS,
    _CAUSATIVE,
    _CJK_NEGATED,
    _CLAIM,
    _CLAUSE_STOP,
    _COMPARATIVE,
    _CONCESSIVE,
    _CONTRAST_OPENER,
    _CONTRAST_WORDS,
    _GENERIC,
    _GENERIC_CJK,
    _GENERIC_WORDS,
    _HABITUAL,
    _HYPOTHETICAL,
    _INTENT,
    _LOSER,
    _MODAL_CUES,
    _MODALS,
    _NEGATIVE,
    _NEGATORS,
    _NEUTRAL,
    _NOT_SUPPOSING,
    _OTHER_OBJECTS,
    _PERSON,
    _POSITIVE,
    _POST_NEGATORS,
    _PREFER,
    _PUNCT_BREAK,
    _REMEDY,
    _REMEDY_STOP,
    _RHETORICAL,
    _RISK_MODALS,
    _SARCASM,
    _SPLIT_CUES,
    _TROUBLES,
    _TWO_SIDED,
    _WHICH,
    _WHY,
    sentence_ends,
)


class Span(Protocol):
    """Where a gadget was found, in characters of the folded text, and which gadget it is."""

    @property
    def char_start(self) -> int: ...
    @property
    def char_end(self) -> int: ...
    @property
    def gadget(self) -> int: ...


class Verdict(NamedTuple):
    stance: Stance
    cue: str = ""
    relayed: bool = False


_NONE = Verdict(Stance.MENTIONS)


def _phrases(block: str) -> list[str]:
    return [p.strip() for line in block.splitlines() for p in line.split("|") if p.strip()]


def _japanese_past(phrases: dict[str, int]) -> dict[str, int]:
    """Japanese adjective cues also in the past tense: しんどい -> しんどかった, 痛い -> 痛かった."""
    past: dict[str, int] = {}
    for phrase, polarity in phrases.items():
        if len(phrase) > 1 and phrase.endswith("い") and not phrase.isascii() and phrase[-2] not in "ない":
            past.setdefault(phrase[:-1] + "かった", polarity)
    return {**past, **phrases}


#: The polarity of a phrase that is read and set aside (_NEUTRAL): "at best" is no praise.
_SKIP = 2
_CLAIMS = frozenset(_phrases(_CLAIM))
_POLARITY: dict[str, int] = _japanese_past(
    {
        **{p: 1 for p in _phrases(_POSITIVE)},
        **{p: -1 for p in _phrases(_NEGATIVE)},
        **{p: 0 for p in _phrases(_INTENT)},
        **dict.fromkeys(_CLAIMS, 0),
        **dict.fromkeys(_phrases(_NEUTRAL), _SKIP),
    }
)
_CUE_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)*")
#: Superlatives: after "which" or "cuál" they ask, they do not judge ("which is the best?").
_SUPERLATIVE = frozenset(
    [
        "best",
        "better",
        "mejor",
        "mejores",
        "meilleur",
        "meilleure",
        "meilleurs",
        "migliore",
        "migliori",
        "beste",
        "besten",
    ]
)


def _cue_index() -> tuple[dict[str, list[tuple[tuple[str, ...], int]]], re.Pattern[str]]:
    """Word cues by their first word (longest phrase first), and one pattern for the others (emoji,
    Japanese and Korean phrases: scripts without ASCII words, found as substrings)."""
    index: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    emoji: list[str] = []
    for phrase, polarity in _POLARITY.items():
        words = tuple(_CUE_WORD.findall(phrase))
        if not words:
            emoji.append(phrase)
            continue
        index.setdefault(words[0], []).append((words[1:], polarity))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[0]))
    emoji.sort(key=len, reverse=True)
    return index, re.compile("|".join(re.escape(e) for e in emoji))


# Longest phrase first at each word, so "nothing beats" wins over "nothing".
_CUE_INDEX, _EMOJI_CUES = _cue_index()


def _inflected(word: str) -> tuple[str, ...]:
    """The forms an adjective or participle takes in German, Spanish and Italian agreement
    ("sinnvolle", "angenehmere", "efectivas", "ottima"): a cue word is found in any of them."""
    if len(word) < 4 or not word.isalpha() or not word.isascii() or (len(word) < 5 and word[-1] in "aoe"):
        return ()
    if word[-1] in "oa":  # efectivo -> efectiva efectivos efectivas, ottimo -> ottima ottimi ottime
        stem_ = word[:-1]
        return (stem_ + "o", stem_ + "a", stem_ + "os", stem_ + "as", stem_ + "i", stem_ + "e")
    if word[-1] == "e":  # already an inflected form, or a French one
        return ()
    return tuple(word + ending for ending in ("e", "er", "es", "en", "em", "ere", "eren"))


_Entry = tuple[tuple[str, ...], int]  # the words after the first, and the polarity


def _by_next(entries: list[_Entry]) -> tuple[dict[str, list[_Entry]], list[_Entry]]:
    """A first word's phrases by their second word (longest first), and the word alone: only the
    phrases the next word can start are tried ("a" starts dozens of cues)."""
    following: dict[str, list[_Entry]] = {}
    for entry in entries:
        if entry[0]:
            following.setdefault(entry[0][0], []).append(entry)
    return following, [e for e in entries if not e[0]]


# The same, also under each first word's plural ("loves", "recommends") and inflected forms
# ("sinnvolle", "efectivas"), unless that is a cue itself.
_CUE_FIRST: dict[str, tuple[dict[str, list[_Entry]], list[_Entry]]] = {
    word: _by_next(entries)
    for word, entries in {
        **{head: [] for head in _SPLIT_CUES},  # their own phrases, if any, follow
        **{form: entries for word, entries in _CUE_INDEX.items() for form in _inflected(word)},
        **{word + "s": entries for word, entries in _CUE_INDEX.items()},
        **_CUE_INDEX,
    }.items()
}


def _longest_first(entry: _Entry) -> int:
    return -len(entry[0])


_NO_ENTRIES: list[_Entry] = []


class _Cue(NamedTuple):
    start: int
    end: int
    polarity: int  # +1 recommends, -1 dislikes, 0 intent (only mentions)
    weak: bool = False  # says how often, not what the reader thinks ("daily"): counts alone only
    claim: bool = False  # a maker's promise: no verdict, but a complaint beside it stands
    shown: str = ""  # the cue as exported when its words stand apart ("schworen ... auf")


# --- stance ----------------------------------------------------------------------------------


def _same(word: str, cue: str) -> bool:
    return word == cue or (word.endswith("s") and word[:-1] == cue)


def _negated(low: str, words: Sequence[tuple[str, int, int]], first: int, last: int) -> bool:
    """Whether a negator stands within four words before the cue (same clause), or a French or
    German one within two words after it ("je ne recommande pas")."""
    for j in range(first - 1, max(-1, first - 5), -1):
        gap = low[words[j][2] : words[j + 1][1]]
        if gap != " " and _CLAUSE_STOP.search(gap):
            break
        if words[j][0] in _NEGATORS:
            # "not just", "wasn't only", "not only": the clause adds, it does not negate;
            # "non mais j'adore", "no but I love it": an interjection
            return words[j + 1][0] not in ("just", "only", "merely", "mais", "but", "pero", "ma")
    return not _POST_NEGATORS.isdisjoint([w[0] for w in words[last + 1 : last + 3]])


#: Words that are a verdict alone ("it's super!") but only strengthen a word they stand before.
_INTENSIFIERS = frozenset({"super", "mega", "hyper", "tres", "molto", "muy", "sehr"})


def _find_cues(low: str, words: Sequence[tuple[str, int, int]], rare: list[frozenset[str]]) -> list[_Cue]:
    """The cues of the text; ``rare`` holds, once asked, which of _RULE_WORDS it has."""
    cues: list[_Cue] = []
    count = len(words)
    index = _CUE_FIRST
    following = 0  # the first word not taken by a cue found already
    for i in [n for n, w in enumerate(words) if w[0] in index]:
        if i < following:
            continue
        following = i + 1
        after = words[i + 1][0] if i + 1 < count else ""
        by_next, alone = index[words[i][0]]
        options = by_next.get(after, _NO_ENTRIES)
        if after.endswith("s") and after[:-1] in by_next:  # _same() of the next word
            options = sorted([*options, *by_next[after[:-1]]], key=_longest_first)
        for rest, polarity in (*options, *alone):
            size = len(rest)
            if size and (
                i + size >= count
                or (size > 1 and not all(_same(words[i + 1 + k][0], rest[k]) for k in range(1, size)))
            ):
                continue
            if (
                not size
                and words[i][0] in _INTENSIFIERS
                and i + 1 < count
                and low[words[i][2] : words[i + 1][1]] == " "
            ):
                break  # "super popular", "super easy": an intensifier; the next word says what, if anything
            if polarity == _SKIP or (
                polarity and not _rare(words, rare).isdisjoint(_HYPOTHETICAL) and _supposed(low, words, i)
            ):
                # "at best", "for best results"; "just in case I hate it": read, and set aside
                following = i + size + 1
                break
            if polarity < 0 and not size and words[i][0] in _TROUBLES and _remedied(low, words, i):
                following = i + 1
                break  # "a solution for skin problems": what the device treats, no complaint
            if polarity > 0 and i and (_asks_which(low, words, i, size) or _asks_how(words, i)):
                polarity = 0  # "I looked up which was the best": a question, not a verdict
            if polarity and _negated(low, words, i, i + size):
                polarity = -polarity
            elif (
                polarity > 0
                and i
                and words[i][0] in _MODAL_CUES
                and words[i - 1][0] in _MODALS
                and low[words[i - 1][2] : words[i][1]] == " "
            ):
                polarity = 0  # "it can help reduce puffiness": a claim, not a verdict
            start, end = words[i][1], words[i + size][2]
            if polarity < 0 and (
                _after_modal(low, words, i)
                or (not _rare(words, rare).isdisjoint(_CAUSATIVE) and _caused(low, words, i))
            ):
                cues.append(_Cue(start, end, 0, False, True))  # "it can cause bruising": a risk
            elif polarity:
                cues.append(_Cue(start, end, polarity, low[start:end] in _HABITUAL))
            else:
                cues.append(_Cue(start, end, 0, False, low[start:end] in _CLAIMS))
            following = i + size + 1
            break
        else:
            if words[i][0] in _SPLIT_CUES and (split := _split_cue(low, words, i)) is not None:
                cues.append(split)
    if "no." in low or "no!" in low or "non." in low or "nein" in low or low.endswith("no"):
        # "Did I see any change? No.": a lone no answers
        cues.extend(_Cue(m.start(1), m.end(1), -1) for m in _LONE_NO.finditer(low))
    if _EMOJI_CUES.search(low):
        starts = [w[1] for w in words]
        for match in _EMOJI_CUES.finditer(low):
            polarity = _POLARITY[match.group()]
            position = bisect_right(starts, match.start())  # words before the emoji
            if position and _negated(
                low, [*words[:position], ("", match.start(), match.end())], position, position
            ):
                polarity = -polarity
            end = match.end()
            if polarity > 0 and (negation := _CJK_NEGATED.match(low, end)):
                # Korean and Japanese negate after the verb: 효과가 있지 않다, 効果を感じられない
                polarity, end = -polarity, negation.end()
            cues.append(_Cue(match.start(), end, polarity, claim=not polarity and match.group() in _CLAIMS))
    cues.sort()
    return cues


#: A sentence that is only "no" ("Did I observe any visible change? No.").
_LONE_NO = re.compile(r"(?:^|[.!?]\s+)(no|nein|non)(?=\s*(?:[.!]|$))")


def _after_modal(low: str, words: Sequence[tuple[str, int, int]], at: int) -> bool:
    """Whether a modal verb stands within four words of its clause before the complaint at ``at``:
    "it can cause bruising", "it can be easy to over exfoliate" say what may happen, a risk."""
    for j in range(at - 1, max(-1, at - 5), -1):
        if words[j][0] in _MODALS and words[j][0] != "could":  # "you could buy a cheaper one"
            return not _CLAUSE_STOP.search(low, words[j][2], words[at][1])
    return False


def _rare(words: Sequence[tuple[str, int, int]], asked: list[frozenset[str]]) -> frozenset[str]:
    """Which of _RULE_WORDS (supposing, causing, describing) the text has, which most texts lack:
    found once per text (kept in ``asked``), before any of those rules walks."""
    if not asked:
        asked.append(_RULE_WORDS.intersection(map(itemgetter(0), words)))
    return asked[0]


def _caused(low: str, words: Sequence[tuple[str, int, int]], at: int) -> bool:
    """Whether a verb of causing after a modal stands earlier in the sentence of the complaint at
    ``at``, with no contrast between: "too high can cause bruising, broken blood vessels",
    "using it daily will cause your skin to over-exfoliate" warn of a risk."""
    for j in range(at - 1, max(-1, at - 13), -1):
        word = words[j][0]
        if word in _CONTRAST_WORDS or any(mark in low[words[j][2] : words[j + 1][1]] for mark in ".!?"):
            return False
        if word in _CAUSATIVE:
            return any(words[k][0] in _RISK_MODALS for k in range(max(0, j - 3), j))
    return False


def _supposed(low: str, words: Sequence[tuple[str, int, int]], at: int) -> bool:
    """Whether the cue at ``at`` stands in a clause that supposes or asks, within eight words of its
    opener ("just in case I hate it", "if it breaks", "whether it works", "au cas où", "por si",
    "falls", "ob", "nel caso"); "as if" is sarcasm and "even if" a concession, read elsewhere."""
    for j in range(at - 1, max(-1, at - 9), -1):
        if _CLAUSE_STOP.search(low, words[j][2], words[j + 1][1]):
            return False
        after = _HYPOTHETICAL.get(words[j][0])
        if after is not None:
            before = words[j - 1][0] if j else ""
            if (not after and before not in _NOT_SUPPOSING) or before in after:
                return True
    return False


def _remedied(low: str, words: Sequence[tuple[str, int, int]], at: int) -> bool:
    """Whether a word of treating stands before the trouble word at ``at``, within eight words of
    its clause and with no person or device as a subject in between ("pour traiter ... les
    irritations", "a one-stop solution for many types of skin problems")."""
    for j in range(at - 1, max(-1, at - 9), -1):
        if _CLAUSE_STOP.search(low, words[j][2], words[j + 1][1]):
            return False
        if words[j][0] in _REMEDY:
            return True
        if words[j][0] in _REMEDY_STOP:
            return False
    return False


def _asks_which(low: str, words: Sequence[tuple[str, int, int]], at: int, size: int) -> bool:
    """Whether a superlative cue follows "which" or "cuál" by at most two words, and that word
    asks (no comma or article before it: "the Foreo, which is the best" is a verdict)."""
    for j in (at - 1, at - 2):
        if j >= 0 and words[j][0] in _WHICH:
            if not any(w[0] in _SUPERLATIVE for w in words[at : at + size + 1]):
                return False
            before = low[words[j - 1][2] : words[j][1]] if j else ""
            return "," not in before and (
                not j or words[j - 1][0] not in ("el", "la", "lo", "los", "las", "il")
            )
    return False


#: Verbs of finding out: "how" after one asks ("to see how easy it was").
_FIND_OUT = frozenset(
    [
        "see",
        "find",
        "out",
        "test",
        "check",
        "wonder",
        "wondered",
        "wondering",
        "know",
        "tell",
        "curious",
        "discover",
    ]
)


def _asks_how(words: Sequence[tuple[str, int, int]], at: int) -> bool:
    """Whether praise follows "how" by at most two words and a verb of finding out stands just
    before the "how": "I decided to see how easy it was" asks, it does not judge yet."""
    for j in (at - 1, at - 2):
        if j >= 1 and words[j][0] == "how":
            return words[j - 1][0] in _FIND_OUT
    return False


def _split_cue(low: str, words: Sequence[tuple[str, int, int]], i: int) -> _Cue | None:
    """A cue whose first and last words stand apart in one clause (German "schwören ... auf",
    "wish I'd done it sooner"); a German ordinal ("seit dem 7. Jahrhundert") does not end it."""
    word, start, end = words[i]
    tails, gap, polarity = _SPLIT_CUES[word]
    for k in range(i + 1, min(len(words), i + gap + 2)):
        between = low[words[k - 1][2] : words[k][1]]
        if _CLAUSE_STOP.search(between) and not (between == ". " and words[k - 1][0].isdigit()):
            return None
        if words[k][0] in tails:
            if _negated(low, words, i, i):
                polarity = -polarity
            return _Cue(start, end, polarity, shown=f"{word} ... {words[k][0]}")
    return None


def _aimed_elsewhere(
    low: str,
    words: Sequence[tuple[str, int, int]],
    starts: Sequence[int],
    cue: _Cue,
    spans: Sequence[tuple[int, int]],
) -> bool:
    """Whether the cue is followed, within three words of its clause, by something other than a
    device ("my favorite YouTube channel"), with no device named in between unless the device's
    name only qualifies that thing ("the glowing NuFace reviews")."""
    first = bisect_right(starts, cue.end - 1)
    stop = _CLAUSE_STOP.search(low, cue.end)
    clause_end = stop.start() if stop else len(low)
    named = False
    seen = 0
    for word, start, _ in words[first : first + 8]:
        if start > clause_end:
            return False
        inside = False
        for h_start, h_end in spans:
            if h_start <= start < h_end:
                inside = True
                break
        if inside:
            named = True  # the device's name: only the next word can still be something else
            continue
        if word in _OTHER_OBJECTS or (word.endswith("s") and word[:-1] in _OTHER_OBJECTS):
            return True
        seen += 1
        if named or seen == 3:
            return False
    return False


#: Quotation marks around a short phrase; a single quote only where it cannot be an apostrophe.
#: Quotation marks, opening and closing; a quotation is at most 40 characters long.
_QUOTE_PAIRS = (("'", "'"), ('"', '"'), ("“", "”"), ("‘", "’"), ("「", "」"), ("『", "』"))
_HAS_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _in_word(low: str, at: int) -> bool:
    """Whether a Latin letter or digit stands at ``at`` (so a ' beside it is an apostrophe)."""
    return 0 <= at < len(low) and low[at].isascii() and low[at].isalnum()


def _quoted_terms(low: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Short quoted phrases that name a device rather than say anything of it ("a Google of
    'best home IPL device'", "'최고의 LED마스크'라고 생각한다"): a device named inside, at most four
    words, no punctuation or person, and words of the sentence on either side. A quoted verdict
    with no device in it ("called it a 'skin torture'") is somebody's words, read as such."""
    terms: list[tuple[int, int]] = []
    for h_start, h_end in spans:
        for opening, closing in _QUOTE_PAIRS:
            start = low.rfind(opening, max(0, h_end - 40), h_start + 1)
            if start < 0:
                continue
            end = low.find(closing, h_end, start + 42)
            if end < 0 or (opening == "'" and (_in_word(low, start - 1) or _in_word(low, end + 1))):
                continue  # an apostrophe ("don't"), not a quotation mark
            inner = low[start + 1 : end]
            if (
                inner != inner.strip()
                or "\n" in inner
                or any(mark in inner for mark in ",.!?;:、。！？")
                or _PERSON.search(inner)
            ):
                continue
            if len(_CUE_WORD.findall(inner)) > 4 or (_HAS_CJK.search(inner) and len(inner) > 12):
                continue
            if low[max(0, start - 3) : start].strip() or low[end + 1 : end + 4].strip():
                terms.append((start + 1, end))
    return terms


#: Articles before a Romance comparative make it a superlative ("las herramientas más efectivas").
_ARTICLES = frozenset(["el", "la", "los", "las", "le", "les", "il", "lo", "gli", "i", "l"])


def _superlative(words: Sequence[tuple[str, int, int]], at: int) -> bool:
    """Whether an article stands within three words before the comparative at ``at``."""
    return any(words[j][0] in _ARTICLES for j in range(max(0, at - 3), at))


_IS_WEAK = attrgetter("weak")
#: Words that may start a description: comparatives and words of what holds in general.
_DESCRIBING = _COMPARATIVE | _GENERIC_WORDS
#: Every word some rarer rule needs (supposing, causing, describing): looked for once per text.
_RULE_WORDS = _DESCRIBING | _CAUSATIVE | frozenset(_HYPOTHETICAL)


def _described(
    low: str,
    cues: list[_Cue],
    sentence_starts: Sequence[int],
    words: Sequence[tuple[str, int, int]],
    word_starts: Sequence[int],
    spans: Sequence[tuple[int, int]],
    rare: list[frozenset[str]],
) -> list[_Cue]:
    """The cues left once those that describe rather than judge are set aside: praise or blame in
    a sentence saying what holds in general with nobody in it ("Blackhead vacuums generally do a
    good job"), a cue after a comparative with nobody in the sentence ("más efectiva que los
    rodillos", "do more damage"), how often with nobody who does it ("staple items in everyday
    routines"), and a cue inside a short quoted phrase that is named, not said."""
    ascii_text = low.isascii()
    quotes = bool(spans) and (
        '"' in low
        or " '" in low
        or low.startswith("'")
        or (not ascii_text and ("“" in low or "‘" in low or "「" in low or "『" in low or "'" in low))
    )
    present = _rare(words, rare)
    marked = not present.isdisjoint(_DESCRIBING)
    weak = any(map(_IS_WEAK, cues))
    cjk_generic = not ascii_text and any(word in low for word in _GENERIC_CJK)
    if not (quotes or marked or weak or cjk_generic):
        return cues  # most texts: nothing that describes
    terms = _quoted_terms(low, spans) if quotes else []
    generic_text = (cjk_generic or not present.isdisjoint(_GENERIC_WORDS)) and _GENERIC.search(
        low
    ) is not None
    kept: list[_Cue] = []
    persons: dict[int, bool] = {}
    for cue in cues:
        if cue.polarity == 0:
            kept.append(cue)
            continue
        if terms and any(t_start <= cue.start and cue.end <= t_end for t_start, t_end in terms):
            continue
        at = bisect_right(word_starts, cue.start) - 1
        comparative = (
            marked
            and at > 0
            and words[at - 1][0] in _COMPARATIVE
            and low[words[at - 1][2] : cue.start] == " "
            and (words[at - 1][0] in ("more", "less", "mehr", "weniger") or not _superlative(words, at - 1))
        )
        if not (comparative or cue.weak or generic_text):
            kept.append(cue)
            continue
        n = bisect_right(sentence_starts, cue.start) - 1
        s_start = sentence_starts[n]
        s_end = sentence_starts[n + 1] if n + 1 < len(sentence_starts) else len(low)
        generic = generic_text and _GENERIC.search(low, s_start, s_end) is not None
        # how often, said in a sentence of its own; a reply of a few words ("NuFace every
        # morning") is the reader's own habit, whoever is named
        habit = (
            cue.weak
            and not _HAS_CJK.search(low, s_start, s_end)
            and bisect_right(word_starts, s_end - 1) - bisect_right(word_starts, s_start - 1)
            > _FRAGMENT_WORDS
        )
        if comparative or generic or habit:
            if n not in persons:
                persons[n] = _PERSON.search(low, s_start, s_end) is not None
            if not persons[n]:
                continue
        kept.append(cue)
    return kept


#: A sentence of at most this many words is a fragment: how often, in it, is the writer's own habit.
_FRAGMENT_WORDS = 6

_BY_POLARITY = {True: Stance.RECOMMENDS, False: Stance.DISLIKES}


def _verdict(cues: Sequence[_Cue]) -> tuple[Stance, _Cue] | None:
    """The stance the cues add up to, and the cue that decided it. How often the reader uses a
    device ("daily", "every night") counts only when nothing says what they think of it: "a
    hassle to remember every day" is a complaint."""
    if not cues:
        return None
    if len(cues) == 1:  # most verdicts: one cue says it
        cue = cues[0]
        return (Stance.MENTIONS if not cue.polarity else _BY_POLARITY[cue.polarity > 0]), cue
    if any(c.weak for c in cues) and not all(c.weak for c in cues):
        cues = [c for c in cues if not c.weak]
    if (claims := [c for c in cues if c.claim]) and len(claims) < len(cues):
        # a promise beside a complaint: the reality the reader found falls short of it; beside
        # praise the praise is the promise's
        against = [c for c in cues if c.polarity < 0]
        return (Stance.DISLIKES, against[-1]) if against else (Stance.MENTIONS, claims[0])
    pos = 0
    for cue in cues:
        if cue.polarity == 0:  # a question or an intention: the reader has not used it
            return Stance.MENTIONS, cue
        if cue.polarity > 0:
            pos += 1
    neg = len(cues) - pos
    winner = (1 if cues[-1].polarity > 0 else -1) if pos == neg else 1 if pos > neg else -1
    deciding = [c for c in cues if c.polarity == winner][-1]
    return (Stance.RECOMMENDS if winner > 0 else Stance.DISLIKES), deciding


def _given_up(
    low: str,
    hits: Sequence[Span],
    hit: Span,
    cues: Sequence[_Cue],
    usable: Sequence[bool],
    sentence_starts: Sequence[int],
    sentence: int,
) -> tuple[Stance, _Cue] | None:
    """A device praised, then given up in one of the next three sentences naming no other device
    ("... l'a recommandé aux patients. Elle l'a abandonné en 2014."): the story ends with a dislike."""
    last = min(len(sentence_starts) - 1, sentence + 3)
    stop = sentence_starts[last + 1] if last + 1 < len(sentence_starts) else len(low)
    limit = stop
    for other in hits:
        if other.gadget != hit.gadget and hit.char_end <= other.char_start < limit:
            limit = other.char_start
    start = sentence_starts[sentence + 1]
    for ci, cue in enumerate(cues):
        if (
            start <= cue.start < limit
            and usable[ci]
            and cue.polarity < 0
            and low[cue.start : cue.end] in _ABANDON
        ):
            return Stance.DISLIKES, cue
    return None


def stances(low: str, hits: Sequence[Span]) -> list[Verdict]:
    """One verdict per hit (in order) for the folded text ``low``."""
    words = [(m.group(), m.start(), m.end()) for m in _CUE_WORD.finditer(low)]
    rare: list[frozenset[str]] = []  # which of _RULE_WORDS the text has, once asked
    found = _find_cues(low, words, rare)
    starts = [w[1] for w in words] if found else []
    spans = [(h.char_start, h.char_end) for h in hits]
    cues = [
        c
        for c in found
        if not any(h_start <= c.start and c.end <= h_end for h_start, h_end in spans)  # "Doux Good"
        and not _aimed_elsewhere(low, words, starts, c, spans)
    ]
    if not cues:  # nothing says what the reader thinks: every gadget is only mentioned
        return [_NONE] * len(hits)
    # Sentences and clauses as sorted start positions; a position's clause is found by bisection.
    sentence_starts = [0]
    questions: set[int] = set()
    clause_starts = [0]
    contrast_at: set[int] = set()  # clause starts that are a contrast word ("but ...")
    for match in sentence_ends(low):
        mark = match.group()
        if mark[0] == "." and _ABBREVIATION.search(low, max(0, match.start() - 4), match.start()):
            continue
        if ("?" in mark or "？" in mark) and not _RHETORICAL.search(low, sentence_starts[-1], match.start()):
            questions.add(len(sentence_starts) - 1)  # "did you know it does nothing?" is no question
        end = match.end()
        sentence_starts.append(end)
        clause_starts.append(end)
    cues = _described(low, cues, sentence_starts, words, starts, spans, rare)
    if not cues:
        return [_NONE] * len(hits)
    clause_starts.extend([match.end() for match in _PUNCT_BREAK.finditer(low)])
    for word, start, _ in [w for w in words if w[0] in _BREAK_WORDS]:
        clause_starts.append(start)
        if word in _CONTRAST_WORDS:
            contrast_at.add(start)
    clause_starts = sorted(set(clause_starts))
    clause_sentence = [bisect_right(sentence_starts, c) - 1 for c in clause_starts]
    cue_segment = [bisect_right(clause_starts, c.start) - 1 for c in cues]
    hit_segment = [bisect_right(clause_starts, h.char_start) - 1 for h in hits]
    complaints = {  # questions that complain: "why did you have to disappoint me?"
        n for n in questions if low[sentence_starts[n] : sentence_starts[n] + 12].lstrip().startswith(_WHY)
    }
    sentence_ends_at = [*sentence_starts[1:], len(low)]

    def asked_after(n: int, cue: _Cue) -> bool:
        """Whether the question of sentence ``n`` only starts at a contrast after the cue:
        "many swear by it, but what is it for?" states the verdict, then asks."""
        return any(cue.end <= p < sentence_ends_at[n] for p in contrast_at)

    usable = [
        clause_sentence[cs] not in questions
        or (clause_sentence[cs] in complaints and cue.polarity < 0)
        or (bool(contrast_at) and asked_after(clause_sentence[cs], cue))
        for cs, cue in zip(cue_segment, cues, strict=True)
    ]
    by_segment: dict[int, list[int]] = {}
    for number, seg in enumerate(hit_segment):
        by_segment.setdefault(seg, []).append(number)

    def next_clause(seg: int) -> int | None:
        """The next clause with words in it, in the same sentence, if it starts with a contrast."""
        for k in range(seg + 1, len(clause_starts)):
            end = clause_starts[k + 1] if k + 1 < len(clause_starts) else len(low)
            if clause_sentence[k] != clause_sentence[seg]:
                return None
            if low[clause_starts[k] : end].strip():
                return k if clause_starts[k] in contrast_at else None
        return None

    own: list[list[_Cue]] = [[] for _ in hits]
    for ci, (cue, seg) in enumerate(zip(cues, cue_segment, strict=True)):
        if not usable[ci] and cue.polarity != 0:
            continue
        members = by_segment.get(seg)
        if not members:
            continue
        if (
            len(members) == 1
            or len({c.polarity for c2, c in zip(cue_segment, cues, strict=True) if c2 == seg}) == 1
        ):
            for m in members:
                own[m].append(cue)
            continue

        # mixed feelings about several gadgets in one clause: the cue goes to the nearest one,
        # a following mention winning ties ("love my X and hate my Y").
        def distance(m: int, cue: _Cue = cue) -> tuple[int, int]:
            h = hits[m]
            if cue.end <= h.char_start:
                return (h.char_start - cue.end, 0)
            if cue.start >= h.char_end:
                return (cue.start - h.char_end, 1)
            return (0, 0)

        own[min(members, key=distance)].append(cue)

    orphans = [
        (ci, cue)
        for ci, cue in enumerate(cues)
        if cue_segment[ci] not in by_segment and (usable[ci] or cue.polarity == 0)
    ]
    distinct = {h.gadget for h in hits}
    comparing = _PREFER.search(low) is not None
    result: list[Verdict] = []
    weakly = [False] * len(hits)
    relays = Relays(low, words, starts, sentence_starts, spans)  # relay words by sentence, found once
    for number, hit in enumerate(hits):
        seg = hit_segment[number]
        mine = own[number]
        if any(c.weak for c in mine) and not all(c.weak for c in mine):
            mine = [c for c in mine if not c.weak]  # "a hassle to use it every day"
        if len({c.polarity for c in mine}) > 1 and 0 not in {c.polarity for c in mine}:
            if low[clause_starts[seg] :].lstrip().startswith(_CONCESSIVE):
                mine = [mine[-1]]  # "although it was tedious the results outweigh this"
            else:  # mixed feelings in one clause: the cue nearest the mention speaks of it
                where = hit.char_start
                mine = [min(mine, key=lambda c: abs(c.start - where))]
        verdict = _verdict(mine)
        # "My Foreo broke once, but I still love it": the contrast clause after is the conclusion.
        after = next_clause(seg)
        following = [] if after is None else [cue for ci, cue in orphans if cue_segment[ci] == after]
        later = _verdict(following)
        if later is not None and (verdict is None or verdict[0] is not later[0]):
            verdict = later
        if verdict is None:
            sentence = clause_sentence[seg]
            others_here = {
                hits[m].gadget for s, ms in by_segment.items() if clause_sentence[s] == sentence for m in ms
            }
            if others_here <= {hit.gadget}:
                verdict = _verdict([c for ci, c in orphans if clause_sentence[cue_segment[ci]] == sentence])
        if verdict is None:
            lonely = [h for m, h in enumerate(hits) if not own[m]]
            if len(distinct) == 1 or len(lonely) == len(hits):
                verdict = _verdict([c for _, c in orphans])
        # "Ice rollers feel good. But they don't do much.": a next sentence opening with a
        # contrast, naming no other gadget, is the conclusion.
        sentence = bisect_right(sentence_starts, hit.char_start) - 1
        for ahead in (1, 2) if verdict is not None else ():
            if sentence + ahead >= len(sentence_starts):
                break
            n_start = sentence_starts[sentence + ahead]
            n_end = (
                sentence_starts[sentence + ahead + 1]
                if sentence + ahead + 1 < len(sentence_starts)
                else len(low)
            )
            if any(
                sentence_starts[sentence] <= h.char_start < n_end and h.gadget != hit.gadget for h in hits
            ):
                break
            if _CONTRAST_OPENER.match(low, n_start):
                later = _verdict(
                    [c for ci, c in enumerate(cues) if usable[ci] and n_start <= c.start < n_end]
                )
                if (
                    later is not None
                    and verdict is not None
                    and later[0] not in (verdict[0], Stance.MENTIONS)
                ):
                    verdict = later
                break
        if verdict is not None and verdict[0] is Stance.RECOMMENDS and sentence + 1 < len(sentence_starts):
            verdict = _given_up(low, hits, hit, cues, usable, sentence_starts, sentence) or verdict
        if verdict is None:
            result.append(_NONE)
            continue
        stance, cue = verdict
        s_start = sentence_starts[sentence]
        s_end = sentence_starts[sentence + 1] if sentence + 1 < len(sentence_starts) else len(low)
        text = low[s_start:s_end]
        if (two_sided := _TWO_SIDED.search(text)) and {
            c.polarity for c in cues if s_start <= c.start < s_end
        } >= {1, -1}:
            result.append(Verdict(Stance.MENTIONS, two_sided.group()))
            continue
        cue_text = cue.shown or low[cue.start : cue.end]
        sarcasm = _SARCASM.search(text) if stance is Stance.RECOMMENDS else None
        loser = _LOSER.search(low, s_start, hit.char_start) if comparing else None
        if sarcasm:
            stance, cue_text = Stance.DISLIKES, sarcasm.group() + " / " + cue_text
        elif loser and _PREFER.search(low, s_start, loser.start()):
            stance, cue_text = Stance.DISLIKES, low[s_start : loser.end()].split()[-1]
        relayed = stance is not Stance.MENTIONS and relays.relayed(
            (cue.start, cue.end), low[cue.start : cue.end], hit.char_start
        )
        result.append(Verdict(stance, cue_text, relayed))
        weakly[number] = cue.weak
    # One gadget named twice ("it was a hassle to do it every day"): how often never outvotes
    # what the reader thinks of it.
    for number, hit in enumerate(hits):
        if weakly[number]:
            strong = [
                result[m]
                for m, other in enumerate(hits)
                if other.gadget == hit.gadget
                and not weakly[m]
                and (result[m].stance is not Stance.MENTIONS or result[m].cue)
            ]
            if strong:
                result[number] = strong[-1]
    return result
