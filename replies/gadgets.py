"""Find the gadgets a reply names, and whether the reader recommends, merely mentions or dislikes them.

Matching works on word tokens of the reply, folded to lower case without accents, with
possessives dropped and plurals singularised. Each run of up to a few tokens is looked up with
its spaces removed, so "Nu-Face", "nu face" and "NuFACE's" all find the same entry. Runs of six
letters or more that match nothing exactly are compared with the aliases of the same first
letter and similar length (rapidfuzz ratio at or above the threshold), which forgives typos in
longer names ("Clarasonic", "dermaplanning") without turning ordinary words into gadgets.

Stance comes from cue words near the mention (same clause first, then clauses naming no other
gadget), with negation ("wouldn't recommend", "not worth it", "not bad"), questions and
intentions ("want to try") taken into account.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

from rapidfuzz import fuzz, process
from tipqueue.posts.models import GadgetMention, Reply, Stance
from tipqueue.replies.lexicon import TOKEN_RE, Gadget, Lexicon, bundled_lexicon, fold, stem

DEFAULT_THRESHOLD = 88
#: Shorter keys are matched exactly only: one typo in a five-letter word is another word.
FUZZY_MIN_LENGTH = 6
_MAX_FUZZY_TOKENS = 3
_GLUE = frozenset({"-", "'", ".", "–"})

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
    ]
)


# Cue phrases, separated by "|" or new lines; written lower case without accents.
_POSITIVE = """
love|loved|loving|luv|obsessed|obsessed with|swear by|swears by|recommend|recommended|recommending
highly recommend|can't recommend enough|cant recommend enough|can't recommend it enough
can't say enough good things|best|the best|favorite|favourite|favorito|favorita|fave|fav|faves
amazing|awesome|incredible|fantastic|wonderful|great|excellent|brilliant|perfect|game changer
game-changer|gamechanger|holy grail|hg|must have|must-have|can't live without|cant live without
cannot live without|couldn't live without|worth it|worth every penny|worth the money|worth the hype
worth the price|works|worked|it works|they work|works wonders|results|difference|glowing|happy with
impressed|lifesaver|life saver|life changing|life-changing|changed my|saved my|helped|helps|effective
10/10|100/10|11/10|goat|top notch|my go to|my go-to|go-to|goto|ride or die|all the way|hands down
religiously|every day|everyday|every night|every morning|daily|still use|still using
still going strong|never without|staple|fan|big fan|huge fan|winner|legit|slaps|chef's kiss
underrated|good|so good|really good|nice|better|never looked better|no regrets|couldn't be happier
can't stop using|cant stop using|never looked back|nothing beats|nothing compares|nothing works like
never leaves my|addicted to|thank me later|investment|best purchase|best thing|yes|super|all i need
miss it|miss mine|soothing|relaxing|satisfying|easy to use|lifted|tighter|firmer|smoother|clearer
brighter|cleaner|glowy|plumper
me encanta|encanta|lo amo|la amo|los amo|recomiendo|lo recomiendo|la recomiendo|increible|lo mejor
maravilla|maravilloso|genial|j'adore|adore|je recommande|recommande|incroyable|c'est top|au top
parfait|indispensable|liebe|ich liebe|empfehle|empfehlenswert|toll|klasse|adoro|consiglio
consigliatissimo|fantastico|amo|recomendo|perfeito|maravilhoso|ottimo|bellissimo|differenza|risultati
😍|🥰|❤|💕|💖|💗|🙌|👍|🔥|✨|🤩|👏|😊|💯|💜|🫶
"""

_NEGATIVE = """
returned|return it|returning|sent it back|sent back|refund|refunded|hate|hated|hates|hating|useless
waste|waste of money|wasted|didn't work|doesn't work|did not work|does not work|don't work|didnt work
doesnt work|dont work|did nothing|does nothing|doesn't do anything|didn't do anything|didn't do much
doesn't do much|nothing|nothing special|broke|broken|stopped working|died|dead|broke me out
irritated|irritation|irritating|burned|burnt|burns|rash|regret|regretted|disappointed|disappointing
disappointment|overrated|overhyped|over hyped|not worth|meh|gimmick|gimmicky|stopped using|gave up
in the drawer|in a drawer|in my drawer|collecting dust|gathering dust|don't bother|dont bother|avoid
scam|rip off|ripoff|junk|garbage|trash|worst|terrible|awful|horrible|sucks|sucked|never again
not impressed|no difference|no results|zero results|sold it|sold mine|threw it out|threw it away
tossed it|donated it|nope|painful|hurt|hurts|too harsh|too weak|underwhelming|underwhelmed|pointless
bad|not for me|did not like|didn't like|didnt like|gave me breakouts|use none|never use|would never use
too expensive|overpriced
no funciona|no sirve|lo devolvi|devolvi|decepcion|decepcionada|decepcionado|malisimo|nul|nulle|decu
decue|deception|renvoye|arnaque|enttauscht|zuruckgeschickt|schrott|nutzlos|deludente|delusa|inutile
pessimo|nao funciona|horrivel
👎|😡|🤮|😒|🙄|💩|😤
"""

# Intentions and questions: the reader has not used it (yet), whatever the other words say.
_INTENT = """
want to try|wanna try|want one|want to buy|wanting to try|thinking about|thinking of|considering
wishlist|wish list|on my list|saving up|eyeing|curious about|has anyone|have any of you|anyone tried
anyone use|anyone used|anyone here|does anyone|should i|is it worth|are they worth|which is better
debating|haven't tried|havent tried|never tried|not tried|looking into|planning to
would like to try|would love to try|would love to get|on the fence|thoughts on|opinions on
any thoughts|quiero probar|j'aimerais essayer|vorrei provare
"""


def _phrases(block: str) -> list[str]:
    return [p.strip() for line in block.splitlines() for p in line.split("|") if p.strip()]


_POLARITY: dict[str, int] = {
    **{p: 1 for p in _phrases(_POSITIVE)},
    **{p: -1 for p in _phrases(_NEGATIVE)},
    **{p: 0 for p in _phrases(_INTENT)},
}
_CUE_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)*")


def _cue_index() -> tuple[dict[str, list[tuple[tuple[str, ...], int]]], re.Pattern[str]]:
    """Word cues by their first word (longest phrase first), and one character class for emoji."""
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
    return index, re.compile("[" + "".join(re.escape(e) for e in emoji) + "]")


# Longest phrase first at each word, so "nothing beats" wins over "nothing".
_CUE_INDEX, _EMOJI_CUES = _cue_index()
# The same, also under each first word's plural ("loves", "recommends"), unless that is a cue itself.
_CUE_FIRST = {**{word + "s": entries for word, entries in _CUE_INDEX.items()}, **_CUE_INDEX}

_NEGATORS = frozenset(
    [
        "not",
        "no",
        "never",
        "don't",
        "dont",
        "didn't",
        "didnt",
        "doesn't",
        "doesnt",
        "isn't",
        "isnt",
        "wasn't",
        "wasnt",
        "won't",
        "wont",
        "wouldn't",
        "wouldnt",
        "can't",
        "cant",
        "couldn't",
        "couldnt",
        "hardly",
        "barely",
        "nothing",
        "nobody",
        "nor",
        "aren't",
        "arent",
        "haven't",
        "havent",
        "hasn't",
        "hasnt",
        "zero",
        "ni",
        "nunca",
        "jamais",
        "pas",
        "nicht",
        "kein",
        "keine",
        "non",
        "nao",
        "nie",
        "nessuna",
        "nessun",
        "niente",
        "nada",
        "rien",
        "aucun",
        "aucune",
    ]
)
_POST_NEGATORS = frozenset({"pas", "nicht", "nie", "kein", "keine"})
#: Punctuation between words that ends the reach of a negator.
_CLAUSE_STOP = re.compile(r"[,;.!?]")
_WORD = re.compile(r"[a-z0-9']+")

# Sentence ends: . ! ? not after an abbreviation like "Dr." and followed by space or the end.
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n+")
_ABBREVIATION = re.compile(r"(?:^|[^a-z])(?:dr|mr|mrs|ms|vs|st|[a-z]\.[a-z])$")
_PUNCT_BREAK = re.compile(r"[,;:()\[\]]|\s[-–—]+\s")
_CONTRAST_WORDS = frozenset(
    [
        "but",
        "though",
        "although",
        "however",
        "whereas",
        "except",
        "unlike",
        "yet",
        "pero",
        "mais",
        "aber",
        "ma",
    ]
)
#: Words that start a new clause: contrasts, and comparisons ("X is better than Y").
_BREAK_WORDS = _CONTRAST_WORDS | frozenset(
    ["while", "than", "instead", "rather", "alternative", "compared", "vs", "versus"]
)


# Whether a match may start at a token (see GadgetMatcher._word).
_NO_START, _START_IF_GLUED, _START = 0, 1, 2


class _Cue(NamedTuple):
    start: int
    end: int
    polarity: int  # +1 recommends, -1 dislikes, 0 intent (only mentions)


@dataclass
class _Hit:
    start: int  # first token
    end: int  # one past the last token
    gadget: int
    exact: bool
    char_start: int = 0
    char_end: int = 0
    category: str = ""


class GadgetMatcher:
    """Finds gadget mentions in text with one lexicon. Build once, use for many replies."""

    def __init__(self, lexicon: Lexicon, *, fuzzy_threshold: int = DEFAULT_THRESHOLD) -> None:
        if not 50 <= fuzzy_threshold <= 100:
            raise ValueError(f"fuzzy_threshold {fuzzy_threshold} must be between 50 and 100")
        self.lexicon = lexicon
        self.threshold = fuzzy_threshold
        self._gadgets: tuple[Gadget, ...] = lexicon.gadgets
        self._exact: dict[str, int] = {}  # joined key ("nuface") -> gadget
        self._spaced: dict[str, int] = {}  # spaced key ("nu face") -> gadget
        longest = 1
        for index, gadget in enumerate(self._gadgets):
            for alias in (gadget.name, *gadget.aliases):
                words = _alias_tokens(alias)
                if not words:
                    continue
                longest = max(longest, len(words))
                self._exact["".join(words)] = index
                self._spaced[" ".join(words)] = index
        # What an n-gram may still grow into: token prefixes of aliases, and string prefixes of
        # joined aliases (for glued text like "nu-face"). Growing stops as soon as neither fits.
        self._spaced_prefixes = {
            " ".join(key.split()[:n]) for key in self._spaced for n in range(1, len(key.split()))
        }
        self._joined_prefixes = {key[:n] for key in self._exact for n in range(1, len(key))}
        # Fuzzy matching starts only at a word beginning like some alias: a typo rarely hits
        # the first three letters, and this keeps ordinary words out cheaply.
        self._fuzzy_starts = {key[:3] for key in self._exact if len(key) >= FUZZY_MIN_LENGTH}
        self._max_tokens = min(longest + 1, 8)
        self._max_key = max((len(k) for k in self._exact), default=0) + 3
        buckets: dict[tuple[str, int], list[str]] = {}
        for key in self._exact:
            if len(key) >= FUZZY_MIN_LENGTH and not any(ch.isdigit() for ch in key):
                buckets.setdefault((key[0], len(key)), []).append(key)
        self._buckets = buckets
        self._fuzzy_cache: dict[str, int] = {}
        self._words: dict[str, tuple[str, int, bool]] = {}
        self._mentions: dict[tuple[int, str, Stance, str], GadgetMention] = {}

    # --- matching ---

    def _fuzzy(self, key: str) -> int:
        cached = self._fuzzy_cache.get(key)
        if cached is not None:
            return cached
        found = -1
        size = len(key)
        ratio = self.threshold / 100
        low = max(int(size * ratio / (2 - ratio)), size - 2)
        high = min(int(size * (2 - ratio) / ratio) + 1, size + 2)
        candidates: list[str] = []
        first = key[0]
        for length in range(max(FUZZY_MIN_LENGTH, low), high + 1):
            bucket = self._buckets.get((first, length))
            if bucket:
                candidates.extend(bucket)
        if candidates:
            best = process.extractOne(key, candidates, scorer=fuzz.ratio, score_cutoff=self.threshold)
            if best is not None:
                found = self._exact[best[0]]
        if len(self._fuzzy_cache) > 200_000:
            self._fuzzy_cache.clear()
        self._fuzzy_cache[key] = found
        return found

    def _word(self, word: str) -> tuple[str, int, bool]:
        """A token's stem, whether a match may start at it (``_START``, or ``_START_IF_GLUED`` for
        the beginning of a name written joined, like "nu" of "nuface", which can only start
        "nu-face"), and whether it may start a fuzzy match. Cached per word."""
        info = self._words.get(word)
        if info is None:
            stemmed = stem(word)
            fuzzy_ok = stemmed[:3] in self._fuzzy_starts and stemmed not in _STOPWORDS
            if fuzzy_ok or stemmed in self._spaced_prefixes or stemmed in self._exact:
                start = _START
            elif stemmed in self._joined_prefixes:
                start = _START_IF_GLUED
            else:
                start = _NO_START
            info = (stemmed, start, fuzzy_ok)
            if len(self._words) > 200_000:
                self._words.clear()
            self._words[word] = info
        return info

    def _hits(self, low: str) -> list[_Hit]:
        toks: list[tuple[str, int, int]] = []
        starts: list[tuple[int, bool]] = []  # tokens a match may start at, and whether fuzzily
        words = self._words
        word_info = self._word
        glued_start = -1  # a token that starts a match only if glued to the next ("nu-face")
        for match in TOKEN_RE.finditer(low):
            word = match.group()
            start = match.start()
            if word == "s" and start > 0 and low[start - 1] == "'":
                continue
            if glued_start >= 0:
                if low[toks[glued_start][2] : start] in _GLUE:
                    starts.append((glued_start, False))
                glued_start = -1
            info = words.get(word) or word_info(word)
            if info[1] == _START:
                starts.append((len(toks), info[2]))
            elif info[1] == _START_IF_GLUED:
                glued_start = len(toks)
            toks.append((info[0], start, match.end()))
        if not starts:
            return []
        hits: list[_Hit] = []
        exact = self._exact
        spaced_index = self._spaced
        spaced_prefixes = self._spaced_prefixes
        joined_prefixes = self._joined_prefixes
        max_key = self._max_key
        count = len(toks)
        for i, fuzzy_ok in starts:
            key = ""
            spaced = ""
            glued = True  # no space between the tokens so far ("nu-face", "silk'n")
            for j in range(i, min(count, i + self._max_tokens)):
                word = toks[j][0]
                if j > i:
                    gap = low[toks[j - 1][2] : toks[j][1]]
                    glued = glued and gap in _GLUE
                    spaced += " " + word
                else:
                    spaced = word
                key += word
                if len(key) > max_key:
                    break
                index = spaced_index.get(spaced)
                if index is None and glued:
                    index = exact.get(key)
                if index is not None:
                    hits.append(_Hit(i, j + 1, index, True, toks[i][1], toks[j][2]))
                elif (
                    fuzzy_ok
                    and j - i < _MAX_FUZZY_TOKENS
                    and len(key) >= FUZZY_MIN_LENGTH
                    and word not in _STOPWORDS
                    and key not in _NOT_FUZZY
                    and key.isalpha()
                ):
                    index = self._fuzzy(key)
                    if index >= 0:
                        hits.append(_Hit(i, j + 1, index, key in exact, toks[i][1], toks[j][2]))
                if not (
                    (fuzzy_ok and j - i + 1 < _MAX_FUZZY_TOKENS)
                    or spaced in spaced_prefixes
                    or (glued and key in joined_prefixes)
                ):
                    break
        if not hits:
            return hits
        if len(hits) == 1:  # nothing to overlap or to resolve against
            hit = hits[0]
            hit.category = self._gadgets[hit.gadget].category
            return hits
        # Exact before fuzzy, longer before shorter, earlier before later; no overlaps.
        hits.sort(key=lambda h: (not h.exact, h.start - h.end, h.start))
        taken = [False] * count
        chosen: list[_Hit] = []
        for hit in hits:
            if any(taken[hit.start : hit.end]):
                continue
            for t in range(hit.start, hit.end):
                taken[t] = True
            chosen.append(hit)
        chosen.sort(key=lambda h: h.start)
        return self._resolve(chosen)

    def _resolve(self, hits: list[_Hit]) -> list[_Hit]:
        """Brand + product or category → the specific one; "Philips brush" → Philips, brush category."""
        gadgets = self._gadgets
        for hit in hits:
            hit.category = gadgets[hit.gadget].category
        # A brand right before a generic category word takes that category: "my Philips brush".
        drop: set[int] = set()
        for a, b in pairwise(hits):
            ga, gb = gadgets[a.gadget], gadgets[b.gadget]
            if ga.kind == "brand" and gb.kind == "generic" and b.start - a.end <= 1:
                a.category = gb.category
                a.char_end = b.char_end
                drop.add(id(b))
        hits = [h for h in hits if id(h) not in drop]
        product_brands = {gadgets[h.gadget].brand for h in hits if gadgets[h.gadget].kind == "product"}
        specific_categories = {h.category for h in hits if gadgets[h.gadget].kind != "generic"}
        kept = []
        for hit in hits:
            gadget = gadgets[hit.gadget]
            if gadget.kind == "brand" and gadget.brand in product_brands:
                continue
            if gadget.kind == "generic" and hit.category in specific_categories:
                continue
            kept.append(hit)
        return kept

    def find(self, text: str) -> tuple[GadgetMention, ...]:
        """Every gadget named in ``text``, once each, in order of first mention, with a stance."""
        if not text:
            return ()
        low = fold(text)
        hits = self._hits(low)
        if not hits:
            return ()
        stances = _stances(low, hits)
        merged: dict[int, tuple[str, Stance, str]] = {}  # gadget -> category, stance, words matched
        for hit, stance in zip(hits, stances, strict=True):
            previous = merged.get(hit.gadget)
            if previous is None:
                merged[hit.gadget] = (hit.category, stance, text[hit.char_start : hit.char_end])
            elif stance is not Stance.MENTIONS:
                merged[hit.gadget] = (previous[0], stance, previous[2])
        mention = self._mention
        return tuple(mention(index, *found) for index, found in merged.items())

    def _mention(self, index: int, category: str, stance: Stance, matched: str) -> GadgetMention:
        """The mention of one gadget; equal mentions are one shared (immutable) object, made once."""
        key = (index, category, stance, matched)
        found = self._mentions.get(key)
        if found is None:
            gadget = self._gadgets[index]
            found = GadgetMention(
                gadget=gadget.name, category=category, stance=stance, matched=matched, brand=gadget.brand
            )
            if len(self._mentions) > 100_000:
                self._mentions.clear()
            self._mentions[key] = found
        return found

    def annotate(self, replies: Iterable[Reply]) -> list[Reply]:
        """The replies with their ``mentions`` filled in by this matcher."""
        find = self.find
        return [_with_mentions(r, found) if (found := find(r.text)) or r.mentions else r for r in replies]


def _with_mentions(reply: Reply, mentions: tuple[GadgetMention, ...]) -> Reply:
    """``replace(reply, mentions=mentions)`` for the import's hot loop: a copy of the fields
    (Reply has no ``__post_init__`` to rerun), several times cheaper than ``dataclasses.replace``."""
    copy: Reply = object.__new__(Reply)
    fields = copy.__dict__
    fields.update(reply.__dict__)
    fields["mentions"] = mentions
    return copy


def _alias_tokens(alias: str) -> list[str]:
    low = fold(alias)
    out = []
    for match in TOKEN_RE.finditer(low):
        word = match.group()
        if word == "s" and match.start() > 0 and low[match.start() - 1] == "'":
            continue
        out.append(stem(word))
    return out


# --- stance ----------------------------------------------------------------------------------


def _same(word: str, cue: str) -> bool:
    return word == cue or (word.endswith("s") and word[:-1] == cue)


def _negated(low: str, words: Sequence[tuple[str, int, int]], first: int, last: int) -> bool:
    """Whether a negator stands within three words before the cue (same clause), or a French or
    German one within two words after it ("je ne recommande pas")."""
    for j in range(first - 1, max(-1, first - 4), -1):
        gap = low[words[j][2] : words[j + 1][1]]
        if gap != " " and _CLAUSE_STOP.search(gap):
            break
        if words[j][0] in _NEGATORS:
            return True
    return not _POST_NEGATORS.isdisjoint([w[0] for w in words[last + 1 : last + 3]])


def _find_cues(low: str, words: Sequence[tuple[str, int, int]]) -> list[_Cue]:
    cues: list[_Cue] = []
    count = len(words)
    index = _CUE_FIRST
    following = 0  # the first word not taken by a cue found already
    for i in [n for n, w in enumerate(words) if w[0] in index]:
        if i < following:
            continue
        following = i + 1
        after = words[i + 1][0] if i + 1 < count else ""
        after_singular = after[:-1] if after.endswith("s") else after
        for rest, polarity in index[words[i][0]]:
            size = len(rest)
            if size and (
                i + size >= count
                or (after != rest[0] and after_singular != rest[0])  # _same() of the next word
                or (size > 1 and not all(_same(words[i + 1 + k][0], rest[k]) for k in range(1, size)))
            ):
                continue
            if polarity and _negated(low, words, i, i + size):
                polarity = -polarity
            cues.append(_Cue(words[i][1], words[i + size][2], polarity))
            following = i + size + 1
            break
    if _EMOJI_CUES.search(low):
        starts = [w[1] for w in words]
        for match in _EMOJI_CUES.finditer(low):
            polarity = _POLARITY[match.group()]
            position = bisect_right(starts, match.start())  # words before the emoji
            if position and _negated(
                low, [*words[:position], ("", match.start(), match.end())], position, position
            ):
                polarity = -polarity
            cues.append(_Cue(match.start(), match.end(), polarity))
        cues.sort()
    return cues


def _verdict(cues: Sequence[_Cue]) -> Stance | None:
    if not cues:
        return None
    pos = 0
    for cue in cues:
        if cue.polarity == 0:  # a question or an intention: the reader has not used it
            return Stance.MENTIONS
        if cue.polarity > 0:
            pos += 1
    neg = len(cues) - pos
    if pos == neg:
        return Stance.RECOMMENDS if cues[-1].polarity > 0 else Stance.DISLIKES
    return Stance.RECOMMENDS if pos > neg else Stance.DISLIKES


def _stances(low: str, hits: Sequence[_Hit]) -> list[Stance]:
    words = [(m.group(), m.start(), m.end()) for m in _CUE_WORD.finditer(low)]
    cues = _find_cues(low, words)
    if not cues:  # nothing says what the reader thinks: every gadget is only mentioned
        return [Stance.MENTIONS] * len(hits)
    # Sentences and clauses as sorted start positions; a position's clause is found by bisection.
    sentence_starts = [0]
    questions: set[int] = set()
    clause_starts = [0]
    contrast_at: set[int] = set()  # clause starts that are a contrast word ("but ...")
    for match in _SENTENCE_END.finditer(low):
        mark = match.group()
        if mark[0] == "." and _ABBREVIATION.search(low, max(0, match.start() - 4), match.start()):
            continue
        if "?" in mark:
            questions.add(len(sentence_starts) - 1)
        end = match.end()
        sentence_starts.append(end)
        clause_starts.append(end)
    clause_starts.extend([match.end() for match in _PUNCT_BREAK.finditer(low)])
    for word, start, _ in [w for w in words if w[0] in _BREAK_WORDS]:
        clause_starts.append(start)
        if word in _CONTRAST_WORDS:
            contrast_at.add(start)
    clause_starts = sorted(set(clause_starts))
    clause_sentence = [bisect_right(sentence_starts, c) - 1 for c in clause_starts]
    cue_segment = [bisect_right(clause_starts, c.start) - 1 for c in cues]
    hit_segment = [bisect_right(clause_starts, h.char_start) - 1 for h in hits]
    usable = [clause_sentence[cs] not in questions for cs in cue_segment]
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
    result: list[Stance] = []
    for number, hit in enumerate(hits):
        seg = hit_segment[number]
        verdict = _verdict(own[number])
        # "My Foreo broke once, but I still love it": the contrast clause after is the conclusion.
        after = next_clause(seg)
        following = [] if after is None else [cue for ci, cue in orphans if cue_segment[ci] == after]
        if following and (verdict is None or verdict is not _verdict(following)):
            verdict = _verdict(following)
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
        result.append(verdict or Stance.MENTIONS)
    return result


# --- conveniences ----------------------------------------------------------------------------


@lru_cache(maxsize=4)
def default_matcher(fuzzy_threshold: int = DEFAULT_THRESHOLD) -> GadgetMatcher:
    """A matcher over the bundled lexicon (cached)."""
    return GadgetMatcher(bundled_lexicon(), fuzzy_threshold=fuzzy_threshold)


def extract(text: str, matcher: GadgetMatcher | None = None) -> tuple[GadgetMention, ...]:
    """The gadgets named in ``text`` (bundled lexicon unless a matcher is given)."""
    return (matcher or default_matcher()).find(text)
