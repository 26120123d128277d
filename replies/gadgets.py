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

import itertools
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from rapidfuzz import fuzz, process
from tipqueue.posts.models import GadgetMention, Reply, Stance
from tipqueue.replies.gadget_lists import (
    listed_before_biganki,
    listed_before_noun,
    noun_then_what_it_works_with,
)
from tipqueue.replies.gadget_words import (
    _CJK,
    _DEVICE_NOUN,
    _FACE_WORDS,
    _FOREIGN,
    _FOREIGN_LEFT,
    _GLOSS,
    _HEAD_STARTS,
    _HEADS,
    _LINKS,
    _LIST_MARKS,
    _LIST_WORDS,
    _MECHANISM,
    _NOT_FUZZY,
    _NOUNS_BEFORE,
    _OF,
    _SENTENCE,
    _STOPWORDS,
    _TECHNIQUES,
    _WEAK,
    NOT_SKIN_KINDS,
    SALON_KINDS,
    at_a_salon,
    not_for_skin,
)
from tipqueue.replies.lexicon import TOKEN_RE, Gadget, Lexicon, bundled_lexicon, fold, stem, trie_pattern
from tipqueue.replies.novel import NOT_NAMES, listed_beside, might_name, novel_names
from tipqueue.replies.stance import Verdict, stances

DEFAULT_THRESHOLD = 88
#: Shorter keys are matched exactly only: one typo in a five-letter word is another word.
FUZZY_MIN_LENGTH = 6
_MAX_FUZZY_TOKENS = 3
#: A word of three letters or fewer after the first is not fuzzily one of a name's: one letter
#: off makes another word ("masque pour les" is no "masque à LED").
_FUZZY_LAST_MIN = 4
_GLUE = frozenset({"-", "'", ".", "–"})

#: Shortest device word found at the end of a longer German compound, and the shortest compound.
_SUFFIX_MIN, _COMPOUND_MIN = 8, 11
# Whether a match may start at a token (see GadgetMatcher._word).
_NO_START, _START_IF_GLUED, _START = 0, 1, 2
_finditer = TOKEN_RE.finditer
#: A capitalised word or one in capitals ("Prestige", "UFO", "BEAR"): a line name is only that.
_CAPITALISED = re.compile(r"(?<![\w'])[A-Z][A-Za-z]*[A-Za-z](?![\w'])")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“(¡¿]\s*|\n)\s*$")
#: A first word of one of the words that need the face nearby (a cheap test before finding them).
_WEAK_HINT = re.compile("|".join(sorted({re.escape(w.split()[0]) for w in _WEAK})))
#: The weak brush words written as one ("Spinbrush", "Sonicbrush"), as toothbrushes are named; they
#: match those words too. (Other joined forms are German compounds: "Massageroller" is no brand.)
_WEAK_JOINED = frozenset(w.replace(" ", "") for w in _WEAK if w.endswith(" brush"))
#: A determiner that points back at a thing already named ("the roller", "ce rouleau", "diese Bürste").
_DEFINITE_BEFORE = re.compile(
    r"\b(?:the|this|that|these|those|my|your|his|her|our|their|its|il|lo|la|i|gli|le|l|el|los|las|"
    r"este|esta|estos|estas|ese|esa|esos|esas|mi|mis|tu|su|sus|ce|cet|cette|ces|mon|ma|mes|ton|ta|son|sa|"
    r"ses|der|die|das|den|dem|dieser|diese|dieses|diesen|mein|meine|meinen|questo|questa|questi|queste|"
    r"mio|mia|miei|mie)['\s]+$"
)
#: A list a name the lexicon lacks may stand in beside a known one (see _with_listed), and the
#: numbers of such names' hits (below those of novel names).
_MAYBE_LIST = re.compile(r"[,;:]| (?:and|or|y|o|e|et|ou|und|oder) [A-Z]")
_LISTED_BASE = -10_000
#: Shortest line name, and words of product names that name no line ("device", "facial", …).
_LINE_MIN = 3
_LINE_GENERIC = frozenset(
    [
        "device",
        "devices",
        "tool",
        "wand",
        "mask",
        "brush",
        "roller",
        "system",
        "facial",
        "face",
        "skin",
        "toning",
        "cleansing",
        "cleanser",
        "massager",
        "laser",
        "light",
        "therapy",
        "hair",
        "removal",
        "epilator",
        "steamer",
        "sonic",
        "smart",
        "touch",
        "care",
        "lift",
        "lifting",
        "version",
        "edition",
        "model",
        "eye",
        "eyes",
        "body",
        "neck",
        "precision",
        "advanced",
        "essential",
    ]
)
#: Texts whose gadgets a matcher remembers (replies repeat: "😍", "love it!", a pasted name).
_FOUND_CACHE = 20_000


@dataclass
class _Hit:
    start: int  # first token
    end: int  # one past the last token
    gadget: int
    exact: bool
    char_start: int = 0
    char_end: int = 0
    category: str = ""
    inferred: bool = False
    novel: str = ""  # a name the lexicon lacks ("the Sensse mask"); ``gadget`` is then negative


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
        # One-word device names of a category ("gesichtsreinigungsbürste", "mikrostromgerät"):
        # German glues a modifier in front ("Elektro-", "Ultraschall"), so a long word that ends
        # with one names that device too (see _compound).
        self._suffixes = {
            key: index
            for index, gadget in enumerate(self._gadgets)
            if gadget.kind == "generic"
            for alias in gadget.aliases
            if len(words := _alias_tokens(alias)) == 1 and len(key := words[0]) >= _SUFFIX_MIN
        }
        self._compounds: dict[str, int] = {}  # compound word -> gadget, filled by _word
        # What a Romance device noun works with, of two words or more: "luz pulsada" of
        # "depiladora de luz pulsada" (see _described).
        self._after_noun: dict[str, int] = {}
        for index, gadget in enumerate(self._gadgets):
            if gadget.kind == "generic":
                for alias in gadget.aliases:
                    words = _alias_tokens(alias)
                    if len(words) >= 3 and words[0] in _NOUNS_BEFORE:
                        self._after_noun.setdefault(" ".join(words[1:]), index)
        self._nouns_before = _NOUNS_BEFORE if self._after_noun else frozenset()
        self._after_firsts = frozenset(key.split(" ", 1)[0] for key in self._after_noun)
        # Generic gadgets one of whose aliases names a technique ("red light therapy"): see _plausible.
        self._technique_gadgets = frozenset(
            index
            for index, gadget in enumerate(self._gadgets)
            if gadget.kind == "generic"
            and any(
                " ".join(_alias_tokens(a)) in _TECHNIQUES or fold(a) in _TECHNIQUES for a in gadget.aliases
            )
        )
        # What a technology names before a shared device noun: "led" of "LED device", "저주파" of
        # "저주파 기기" (see _coordinated).
        self._modifiers: dict[str, int] = {}
        for index, gadget in enumerate(self._gadgets):
            if gadget.kind == "generic":
                for alias in gadget.aliases:
                    words = _alias_tokens(alias)
                    if 2 <= len(words) <= 3 and words[-1] in _HEADS:
                        self._modifiers.setdefault(" ".join(words[:-1]), index)
        self._mentions: dict[tuple[int, str, Verdict, str, bool], GadgetMention] = {}
        self._found: dict[str, tuple[GadgetMention, ...]] = {}
        self._index_of = {g.name: i for i, g in enumerate(self._gadgets)}
        self._lines: dict[tuple[str, str], dict[str, int]] = {}  # line names per thread device
        self._known = frozenset(self._exact)
        cjk: dict[str, int] = {}
        for index, gadget in enumerate(self._gadgets):
            for alias in (gadget.name, *gadget.aliases):
                folded = fold(alias)
                if _CJK.search(folded):
                    cjk["".join(folded.split())] = index
        self._cjk_index = cjk
        self._cjk = (
            re.compile(trie_pattern(cjk, r"\s*"))  # the longest alias at a place, letters spaced or not
            if cjk
            else None
        )

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
            # a word known to sit one typo from a name starts no fuzzy match with the words after it
            # either ("gesichtsmassage? ich" is not "gesichtsmassager")
            fuzzy_ok = (
                stemmed[:3] in self._fuzzy_starts and stemmed not in _STOPWORDS and stemmed not in _NOT_FUZZY
            )
            compound = (
                len(stemmed) >= _COMPOUND_MIN and stemmed not in self._exact and self._compound(stemmed) >= 0
            )
            if compound or fuzzy_ok or stemmed in self._spaced_prefixes or stemmed in self._exact:
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

    def _compound(self, word: str) -> int:
        """The device a German compound ends with ("ultraschallgesichtsbürste"), or -1."""
        for cut in range(3, len(word) - _SUFFIX_MIN + 1):
            index = self._suffixes.get(word[cut:])
            if index is not None:
                if word[:cut].endswith(_FOREIGN_LEFT):
                    return -1
                self._compounds[word] = index
                return index
        return -1

    def _hits(self, low: str, *, weak_ok: bool = False) -> list[_Hit]:
        if "(" in low:  # "LED(발광다이오드) 마스크": read past a gloss glued inside a name
            low = _GLOSS.sub(lambda m: " " * len(m.group()), low)
        toks: list[tuple[str, int, int]] = []
        starts: list[tuple[int, bool]] = []  # tokens a match may start at, and whether fuzzily
        words = self._words
        word_info = self._word
        add = toks.append
        glued_start = -1  # a token that starts a match only if glued to the next ("nu-face")
        nouns: list[int] = []  # device nouns that French, Spanish and Italian put first
        nouns_before = self._nouns_before
        for match in _finditer(low):
            word = match.group()
            start, end = match.span()
            if word == "s" and start and low[start - 1] == "'":
                continue
            if glued_start >= 0:
                if low[toks[glued_start][2] : start] in _GLUE:
                    starts.append((glued_start, False))
                glued_start = -1
            info = words.get(word) or word_info(word)
            where = info[1]
            if where:
                if where == _START:
                    starts.append((len(toks), info[2]))
                    if info[0] in nouns_before:
                        nouns.append(len(toks))
                else:
                    glued_start = len(toks)
            add((info[0], start, end))
        # Japanese, Chinese and Korean aliases are found in the text itself, not from a word: a run
        # of that script with no space ("人気になっている小顔ローラー") is one token that starts nothing.
        cjk = self._cjk is not None and not low.isascii() and _CJK.search(low) is not None
        if not starts and not cjk:
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
                if j > i and word in _LINKS:
                    continue  # "épilateur à lumière pulsée", "spazzola per il viso": see _alias_tokens
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
                if index is None and j == i:
                    index = self._compounds.get(word)
                if index is not None:
                    hits.append(_Hit(i, j + 1, index, True, toks[i][1], toks[j][2]))
                elif (
                    fuzzy_ok
                    and j - i < _MAX_FUZZY_TOKENS
                    and len(key) >= FUZZY_MIN_LENGTH
                    and word not in _STOPWORDS
                    and key not in _NOT_FUZZY
                    and key.isalpha()
                    and (j == i or len(word) >= _FUZZY_LAST_MIN)
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
        if nouns:  # "dispositivos domiciliarios de luz pulsada": not exact, so a name there wins
            hits.extend(
                _Hit(a, b, index, False, s, e)
                for a, b, index, s, e in noun_then_what_it_works_with(
                    low, toks, nouns, self._after_noun, self._after_firsts
                )
            )
        if cjk:
            hits.extend(self._cjk_hits(low, toks))
        if not hits:
            return hits
        hits = self._coordinated(low, hits, toks)
        hits = self._plausible(low, hits, toks, weak_ok=weak_ok)
        if len(hits) <= 1:  # nothing to overlap or to resolve against
            for hit in hits:
                hit.category = self._gadgets[hit.gadget].category
            return hits
        # Exact before fuzzy, longer before shorter, earlier before later; no overlaps.
        hits.sort(key=lambda h: (not h.exact, h.char_start - h.char_end, h.char_start))
        spans: list[tuple[int, int]] = []
        chosen: list[_Hit] = []
        for hit in hits:
            if any(hit.char_start < e and s < hit.char_end for s, e in spans):
                continue
            spans.append((hit.char_start, hit.char_end))
            chosen.append(hit)
        chosen.sort(key=lambda h: h.char_start)
        return self._resolve(chosen, toks, low)

    def _cjk_hits(self, low: str, toks: Sequence[tuple[str, int, int]]) -> list[_Hit]:
        """Aliases in Japanese, Chinese or Korean script, found anywhere in the text."""
        assert self._cjk is not None
        starts = [t[1] for t in toks]
        found = []
        for match in self._cjk.finditer(low):
            index = self._cjk_index.get("".join(match.group().split()))
            if index is None:
                continue
            first = max(0, bisect_right(starts, match.start()) - 1)
            last = max(first + 1, bisect_right(starts, match.end() - 1))
            found.append(_Hit(first, last, index, True, match.start(), match.end()))
        if "美顔器" in low:  # "レーザーや高周波を使用する美顔器": each kind listed names its device
            found.extend(
                _Hit(a, b, index, True, s, e)
                for a, b, index, s, e in listed_before_biganki(low, starts, self._cjk_index)
            )
        return found

    def _coordinated(self, low: str, hits: list[_Hit], toks: Sequence[tuple[str, int, int]]) -> list[_Hit]:
        """``hits`` plus the technologies listed before a device noun they share: "LED, RF and
        microcurrent devices", "LED·고주파·갈바닉 기기" name one device of each kind."""
        gadgets = self._gadgets
        generic = [
            (h.start, h.end)
            for h in hits
            if h.start
            and h.end - h.start >= 2
            and gadgets[h.gadget].kind == "generic"
            and ((head := toks[h.end - 1][0]) in _HEADS or head.startswith(_HEAD_STARTS))
        ]
        spans = listed_before_noun(low, toks, generic, self._modifiers) if generic else []
        if not spans:
            return hits
        taken = {t for h in hits for t in range(h.start, h.end)}
        extra = [
            _Hit(a, b, index, True, s, e)
            for a, b, index, s, e in spans
            if not any(t in taken for t in range(a, b))
        ]
        return sorted([*hits, *extra], key=lambda h: h.char_start) if extra else hits

    def _plausible(
        self, low: str, hits: list[_Hit], toks: Sequence[tuple[str, int, int]], *, weak_ok: bool = False
    ) -> list[_Hit]:
        """Hits minus makers and weak words in sentences about toothbrushes, clothes steamers and
        the like, and weak words where nothing speaks of faces or skin."""
        gadgets = self._gadgets

        cjk = not low.isascii() and _CJK.search(low) is not None

        def key(h: _Hit) -> str:
            if cjk and _CJK.search(low, h.char_start, h.char_end):
                return low[h.char_start : h.char_end]
            return " ".join(t[0] for t in toks[h.start : h.end])

        drop: set[int] = set()
        salon: bool | None = None
        techniques = self._technique_gadgets
        named = any(gadgets[h.gadget].kind != "generic" for h in hits)
        for hit in hits:  # a light-up party mask, a massager for sore shoulders: no skin device
            gadget = gadgets[hit.gadget]
            if gadget.category in NOT_SKIN_KINDS and not_for_skin(
                gadget.category, low, gadget.kind, named=named
            ):
                drop.add(id(hit))
                continue
            if gadget.kind != "generic":
                continue
            if gadget.category_key in SALON_KINDS:  # "reservé cita para probar la fotodepilación"
                if salon is None:
                    salon = at_a_salon(low)
                if salon:
                    drop.add(id(hit))
            # "the Solawave device uses … red light therapy": a feature of that device, no device
            if (
                hit.gadget in techniques
                and key(hit) in _TECHNIQUES
                and _describes_another(low, hit, hits, gadgets)
            ):
                drop.add(id(hit))

        # a loop, not a nested function beside key(): compiled, two closures sharing one scope
        # hold each other in a cycle, and the import runs with the cyclic collector paused
        weak_hits: set[int] = set()
        suspect: list[_Hit] = []
        for h in hits:
            k = key(h)
            if k in _WEAK or k in _WEAK_JOINED:
                weak_hits.add(id(h))
                suspect.append(h)
            elif gadgets[h.gadget].kind == "brand":
                suspect.append(h)
        if not suspect:
            return [h for h in hits if id(h) not in drop] if drop else hits
        foreign = _FOREIGN.search(low) is not None
        face: bool | None = None
        for hit in suspect:
            weak = id(hit) in weak_hits
            if weak and face is None:
                face = weak_ok or _FACE_WORDS.search(low) is not None or len(toks) <= 4
            if weak and not face and not _listed_beside(low, hit, hits, drop, suspect):
                drop.add(id(hit))
            elif foreign:
                sentence = next(
                    (m.group() for m in _SENTENCE.finditer(low) if m.start() <= hit.char_start < m.end()), low
                )
                if _FOREIGN.search(sentence):
                    drop.add(id(hit))
        return [h for h in hits if id(h) not in drop]

    def _resolve(
        self, hits: list[_Hit], toks: Sequence[tuple[str, int, int]] = (), low: str = ""
    ) -> list[_Hit]:
        """Brand + product or category → the specific one; "Philips brush" → Philips, brush category."""
        gadgets = self._gadgets
        for hit in hits:
            hit.category = gadgets[hit.gadget].category
        # A brand right before a generic category word takes that category: "my Philips brush";
        # so does one written after it with "of" between: "la máscara LED de luz azul de Foreo".
        drop: set[int] = set()
        for a, b in pairwise(hits):
            ga, gb = gadgets[a.gadget], gadgets[b.gadget]
            # (near in characters too: a run of Japanese or Korean text is one token, so there
            # no clause may end between: "リファの美顔ローラー", not "リファを使ったら、…ローラー")
            if (
                ga.kind == "brand"
                and gb.kind == "generic"
                and b.start - a.end <= 1
                and _near(low[a.char_end : b.char_start])
            ):
                a.category = gb.category
                a.char_end = b.char_end
                drop.add(id(b))
            elif (
                ga.kind == "generic"
                and gb.kind == "brand"
                and 0 < b.start - a.end <= 5
                and toks
                and toks[b.start - 1][0] in _OF
            ):
                b.category = ga.category
                drop.add(id(a))
        hits = [h for h in hits if id(h) not in drop]
        product_brands = {gadgets[h.gadget].brand for h in hits if gadgets[h.gadget].kind == "product"}
        specific_categories = {h.category for h in hits if gadgets[h.gadget].kind != "generic"}
        kept = []
        for hit in hits:
            gadget = gadgets[hit.gadget]
            if gadget.kind == "brand" and gadget.brand in product_brands:
                continue
            if (
                gadget.kind == "generic"
                and hit.category in specific_categories
                and not (low and _compared(low, hit))
            ):
                continue  # "my NuFace microcurrent device" is one device; "unlike other rollers" another
            kept.append(hit)
        return kept

    def find(self, text: str) -> tuple[GadgetMention, ...]:
        """Every gadget named in ``text``, once each, in order of first mention, with a stance."""
        found = self._found.get(text)
        if found is None:
            found = self._find(text)
            cache = self._found
            if len(cache) >= _FOUND_CACHE:  # forget the older half
                for old in list(itertools.islice(cache, _FOUND_CACHE // 2)):
                    del cache[old]
            cache[text] = found
        return found

    def _find(self, text: str) -> tuple[GadgetMention, ...]:
        if not text:
            return ()
        low = fold(text)
        hits = self._hits(low)
        if low != text and might_name(low):  # a name the lexicon lacks may stand before a device word
            hits = self._with_novel(text, low, hits)
        if not hits:
            return ()
        if len(low) == len(text) and _MAYBE_LIST.search(text):  # "the QykSonic Zoe and FOREO Luna"
            hits = self._with_listed(text, hits)
        if "(" in text and len(low) == len(text):  # "Philips (Luméa Précision Plus, 499 euros)"
            _to_bracketed_model(text, hits)
        return self._mentions_of(text, low, hits, stances(low, hits))

    def _with_novel(self, text: str, low: str, hits: list[_Hit]) -> list[_Hit]:
        """``hits`` plus the devices named by a name the lexicon lacks (see novel.py)."""
        gadgets = self._gadgets
        named = [
            (h.char_start, h.char_end) for h in hits if h.gadget < 0 or gadgets[h.gadget].kind != "generic"
        ]
        found = novel_names(text, low, named, self._known)
        if not found:
            return hits
        categories = self.lexicon.categories
        extra = []
        for number, novel in enumerate(found):
            label = categories.get(novel.category)
            # "the Sensse LED mask": the generic words after the name say what kind it is
            inside = [h for h in hits if novel.start < h.char_end and h.char_start < novel.end]
            if inside:
                label = inside[0].category
            if label is not None:
                extra.append(_Hit(0, 0, -1 - number, True, novel.start, novel.end, label, novel=novel.name))
        kinds = {h.category for h in extra}
        kept = [
            h
            for h in hits
            if h.gadget < 0
            or gadgets[h.gadget].kind != "generic"
            or (
                h.category not in kinds
                and not any(h.char_start < n.char_end and n.char_start < h.char_end for n in extra)
            )
        ]
        return sorted([*kept, *extra], key=lambda h: h.char_start)

    def named_in_thread(self, text: str, meant: Gadget, low: str | None = None) -> tuple[GadgetMention, ...]:
        """The device a reply that names nothing the lexicon finds alone names by a word its
        thread makes plain (``meant`` is the thread's device): a model by its line name ("the
        Prestige version" under a post on the Philips Lumea Prestige, "el célebre UFO" under one on
        Foreo, "a device like BEAR" under one on microcurrent), or a name the lexicon lacks before a
        device word of the thread's kind ("the Sensse mask" under a post on LED masks, "cheap BIC
        razors" under a comment on dermaplaning). These are named, not inferred: the reader wrote
        the name; the thread only says which device it is."""
        if not text:
            return ()
        low = fold(text) if low is None else low  # ``low``: the folded text, when the caller has it
        if len(low) != len(text):
            return ()
        hits: list[_Hit] = []
        lines = self._line_names(meant)
        if lines:
            for match in _CAPITALISED.finditer(text):
                word = match.group()
                index = lines.get(word.casefold())
                if index is None:
                    continue
                if not word.isupper() and _SENTENCE_START.search(text, 0, match.start()):
                    continue  # "Prestige is…": a sentence's first word is capitalised anyway
                start, end = match.span()
                hits.append(_Hit(0, 0, index, True, start, end, self._gadgets[index].category))
        if not hits and _WEAK_HINT.search(low):
            # "un rodillo con picos" under a post on jade rollers: a word that needs the face nearby
            # names the thread's kind; "the roller" refers back to it instead (see context.py)
            hits = [
                h
                for h in self._hits(low, weak_ok=True)
                if h.gadget >= 0
                and self._gadgets[h.gadget].kind == "generic"
                and h.category == meant.category
                and not _DEFINITE_BEFORE.search(low, 0, h.char_start)
            ]
        if not hits and might_name(low):
            found = novel_names(text, low, [], self._known, frozenset({meant.category_key}))
            label = self.lexicon.categories.get(meant.category_key)
            if label is not None:
                hits = [
                    _Hit(0, 0, -1 - n, True, novel.start, novel.end, label, novel=novel.name)
                    for n, novel in enumerate(found)
                    if novel.category == meant.category_key
                ]
        if not hits:
            return ()
        return self._mentions_of(text, low, hits, stances(low, hits))

    def _line_names(self, meant: Gadget) -> dict[str, int]:
        """The line names of the products ``meant`` may stand for ("bear" of Foreo Bear): the
        product itself and its maker's other products, a maker's products, or a kind's products.
        A line name two of them share is left out."""
        key = (meant.kind, meant.name)
        cached = self._lines.get(key)
        if cached is not None:
            return cached
        if meant.kind == "product":
            pool = [i for i, g in enumerate(self._gadgets) if g.kind == "product" and g.brand == meant.brand]
        elif meant.kind == "brand":
            pool = [i for i, g in enumerate(self._gadgets) if g.kind == "product" and g.brand == meant.name]
        else:
            pool = [
                i
                for i, g in enumerate(self._gadgets)
                if g.kind == "product" and g.category_key == meant.category_key
            ]
        owners: dict[str, set[int]] = {}
        for index in pool:
            for word in self._line_words(self._gadgets[index]):
                owners.setdefault(word, set()).add(index)
        lines = {word: next(iter(indexes)) for word, indexes in owners.items() if len(indexes) == 1}
        if meant.kind == "product" and meant.name in self._index_of:
            own = self._index_of[meant.name]  # the product's own line names win over its siblings'
            for word in self._line_words(meant):
                lines[word] = own
        self._lines[key] = lines
        return lines

    def _line_words(self, gadget: Gadget) -> set[str]:
        maker = {
            t.group()
            for name in (gadget.brand or "", *self._maker_aliases(gadget.brand))
            for t in TOKEN_RE.finditer(fold(name))
        }
        words = set()
        for alias in (gadget.name, *gadget.aliases):
            for token in TOKEN_RE.finditer(fold(alias)):
                word = token.group()
                if (
                    len(word) >= _LINE_MIN
                    and word.isalpha()
                    and word.isascii()
                    and word not in maker
                    and word not in NOT_NAMES
                    and word not in _STOPWORDS
                    and word not in _LINE_GENERIC
                ):
                    words.add(word)
        return words

    def _maker_aliases(self, brand: str | None) -> tuple[str, ...]:
        if brand is None:
            return ()
        index = self._index_of.get(brand)
        return self._gadgets[index].aliases if index is not None else ()

    def _with_listed(self, text: str, hits: list[_Hit]) -> list[_Hit]:
        """``hits`` plus names the lexicon lacks listed beside a product or maker it knows, each
        counted as a device of that one's kind (see novel.listed_beside)."""
        gadgets = self._gadgets
        known_hits = [h for h in hits if h.gadget < 0 or gadgets[h.gadget].kind != "generic"]
        if not known_hits:
            return hits
        listed = listed_beside(text, [(h.char_start, h.char_end) for h in known_hits], self._known)
        if not listed:
            return hits
        extra = [
            _Hit(
                0,
                0,
                _LISTED_BASE - n,
                True,
                item.start,
                item.end,
                known_hits[item.beside].category,
                novel=item.name,
            )
            for n, item in enumerate(listed)
        ]
        return sorted([*hits, *extra], key=lambda h: h.char_start)

    def hits(self, low: str) -> list[_Hit]:
        """The gadgets found in folded text, as spans (for the context resolver)."""
        return self._hits(low) if low else []

    def gadget_hit(
        self, gadget: Gadget, start: int, end: int, *, category: str | None = None, inferred: bool = True
    ) -> _Hit:
        """A span standing for ``gadget`` at ``start:end`` of the folded text ("mine", "the roller")."""
        index = self._index_of.get(gadget.name)
        if index is None:
            raise KeyError(gadget.name)
        return _Hit(0, 0, index, True, start, end, category or gadget.category, inferred=inferred)

    def _mentions_of(
        self, text: str, low: str, hits: Sequence[_Hit], verdicts: Sequence[Verdict]
    ) -> tuple[GadgetMention, ...]:
        merged: dict[int, tuple[str, Verdict, str, bool]] = {}  # gadget -> category, verdict, words, inferred
        for hit, verdict in zip(hits, verdicts, strict=True):
            previous = merged.get(hit.gadget)
            if previous is None:
                merged[hit.gadget] = (
                    hit.category,
                    verdict,
                    text[hit.char_start : hit.char_end],
                    hit.inferred,
                )
            else:
                better = verdict if verdict.stance is not Stance.MENTIONS else previous[1]
                merged[hit.gadget] = (previous[0], better, previous[2], previous[3] and hit.inferred)
        mention = self._mention
        novel = {h.gadget: h.novel for h in hits if h.novel}
        return tuple(
            mention(index, category, verdict, matched, inferred)
            if index >= 0
            else GadgetMention(
                gadget=novel[index],
                category=category,
                stance=verdict.stance,
                matched=matched,
                brand=novel[index],
                relayed=verdict.relayed,
                cue=verdict.cue,
            )
            for index, (category, verdict, matched, inferred) in merged.items()
        )

    def _mention(
        self, index: int, category: str, verdict: Verdict, matched: str, inferred: bool = False
    ) -> GadgetMention:
        """The mention of one gadget; equal mentions are one shared (immutable) object, made once."""
        key = (index, category, verdict, matched, inferred)
        found = self._mentions.get(key)
        if found is None:
            gadget = self._gadgets[index]
            found = GadgetMention(
                gadget=gadget.name,
                category=category,
                stance=verdict.stance,
                matched=matched,
                brand=gadget.brand,
                inferred=inferred,
                relayed=verdict.relayed,
                cue=verdict.cue,
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


#: A device of a kind set against a product of that kind: the kind is other devices ("better than
#: any other cleansing brush", "今までの美容ローラーとは全く違う", "다른 롤러보다").
_COMPARED_AFTER = re.compile(r"\s*(?:とは|と違|と比べ|より|보다|에 비해|와는|과는)")
_COMPARED_BEFORE = re.compile(
    r"\b(?:than|unlike|compared (?:to|with)|rispetto a|rispetto ai|a diferencia de|contrairement aux?|"
    r"im vergleich zu)(?: (?:any|all|the|other|most|regular|normal|ordinary|classic|traditional|"
    r"altri|altre|otros|otras|autres|anderen|les|los|gli|le|i|den|die))* $"
)


_CJK_CLAUSE = re.compile(r"[、。，,！？!?]")


def _to_bracketed_model(text: str, hits: Sequence[_Hit]) -> None:
    """A name found across a bracket ("Philips (Luméa" of "Philips (Luméa Précision Plus, 499
    euros)") is the maker and the model the reader wrote in it: the words that named it run to the
    model's end."""
    for hit in hits:
        opening = text.find("(", hit.char_start, hit.char_end)
        if opening < 0:
            continue
        model = _BRACKETED_MODEL.match(text, opening + 1)
        if model is not None and model.end() > hit.char_end:
            hit.char_end = model.end()


#: A model's name at the start of a bracket: capitalised words, up to a comma or the bracket's end.
_BRACKETED_MODEL = re.compile(r"[A-ZÀ-Þ][\w'+.-]*(?: [A-ZÀ-Þ0-9][\w'+.-]*){0,3}(?=\s*[,)])")


def _near(gap: str) -> bool:
    """Whether the text between a maker and a device word keeps them one name."""
    return len(gap) <= 16 and (_CJK.search(gap) is None or (len(gap) <= 12 and not _CJK_CLAUSE.search(gap)))


def _compared(low: str, hit: _Hit) -> bool:
    """Whether the generic ``hit`` is what a product is compared with."""
    return _COMPARED_AFTER.match(low, hit.char_end) is not None or (
        _COMPARED_BEFORE.search(low, max(0, hit.char_start - 40), hit.char_start) is not None
    )


def _listed_beside(
    low: str, hit: _Hit, hits: Sequence[_Hit], drop: set[int], suspect: Sequence[_Hit]
) -> bool:
    """Whether ``hit`` is an item of a list whose neighbour is a skin device of no doubt ("LED 마스크,
    갈바닉, 고주파, 초음파, 클렌징 디바이스"): a word that needs the face or skin nearby (초음파,
    steamer) is then one of those devices too."""
    doubtful = {id(h) for h in suspect}
    for other in hits:
        if other is hit or id(other) in drop or id(other) in doubtful:
            continue
        if other.char_end <= hit.char_start:
            gap = low[other.char_end : hit.char_start]
        elif hit.char_end <= other.char_start:
            gap = low[hit.char_end : other.char_start]
        else:
            continue
        if len(gap) > 6:
            continue
        bare = gap.strip()
        if bare and (_LIST_MARKS.issuperset(bare.replace(" ", "")) or bare in _LIST_WORDS):
            return True
    return False


def _describes_another(low: str, hit: _Hit, hits: Sequence[_Hit], gadgets: Sequence[Gadget]) -> bool:
    """Whether the technique ``hit`` is how a device named or referred to before it in its
    sentence works: "The Solawave device uses …", "this handheld tool … through …"."""
    at = hit.char_start
    start = (
        max(low.rfind(".", 0, at), low.rfind("!", 0, at), low.rfind("?", 0, at), low.rfind("\n", 0, at)) + 1
    )
    before = low[start:at]
    named = any(start <= h.char_start < hit.char_start and gadgets[h.gadget].kind != "generic" for h in hits)
    return (named or _DEVICE_NOUN.search(before) is not None) and _MECHANISM.search(before) is not None


def _alias_tokens(alias: str) -> list[str]:
    """An alias's stemmed tokens, without the small words that join a device noun to what it
    does or is made of ("à", "de", "per il"): readers write "épilateur à lumière pulsée",
    "épilateur lumière pulsée" and "épilateur de lumière pulsée" for one device, and the text's
    runs skip the same words, so one alias stands for all of them."""
    low = fold(alias)
    out: list[str] = []
    for match in TOKEN_RE.finditer(low):
        word = match.group()
        if word == "s" and match.start() > 0 and low[match.start() - 1] == "'":
            continue
        word = stem(word)
        if out and word in _LINKS:
            continue
        out.append(word)
    while out and out[-1] in _LINKS:
        out.pop()
    return out


# --- conveniences ----------------------------------------------------------------------------


@lru_cache(maxsize=4)
def default_matcher(fuzzy_threshold: int = DEFAULT_THRESHOLD) -> GadgetMatcher:
    """A matcher over the bundled lexicon (cached)."""
    return GadgetMatcher(bundled_lexicon(), fuzzy_threshold=fuzzy_threshold)


def extract(text: str, matcher: GadgetMatcher | None = None) -> tuple[GadgetMention, ...]:
    """The gadgets named in ``text`` (bundled lexicon unless a matcher is given)."""
    return (matcher or default_matcher()).find(text)
