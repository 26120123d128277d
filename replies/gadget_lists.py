"""Device words that share a noun or a clause: lists of technologies, and what a device works with.

"LED, RF and microcurrent devices", "LED·고주파·갈바닉 기기" and "レーザーや高周波を使用する美顔器" name
one device of each kind listed; "los dispositivos domiciliarios de luz pulsada" names an IPL
device though other words stand between the noun and what it works with. These scans run on the
matcher's tokens (stem, start, end) of the folded text and give spans: (first token, one past the
last token, gadget index, first character, one past the last character).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Container, Iterable, Mapping, Sequence

from tipqueue.replies.gadget_words import (
    _CLAUSE_END,
    _HEAD_STARTS,
    _HEADS,
    _JA_FEATURES,
    _JA_HOME,
    _JA_LINKS,
    _JA_MARKS,
    _LINKS,
    _LIST_MARKS,
    _LIST_WORDS,
)

Span = tuple[int, int, int, int, int]
#: Endings of Spanish, Italian and French infinitives.
_INFINITIVE = ("ar", "er", "ir", "are", "ere", "ire", "re")
Token = tuple[str, int, int]


def listed_before_noun(
    low: str, toks: Sequence[Token], generic_hits: Iterable[tuple[int, int]], modifiers: Mapping[str, int]
) -> list[Span]:
    """The technologies listed before a generic hit ending in a shared device noun (its first and
    one-past-last token), each as a device of its kind: "LED" and "RF" of "LED, RF and microcurrent
    devices". ``modifiers`` maps what stands before a device noun in an alias ("led") to its gadget."""
    found: list[Span] = []
    for start, end in generic_hits:
        if end - start < 2 or start == 0:
            continue
        head = toks[end - 1][0]
        if head not in _HEADS and not head.startswith(_HEAD_STARTS):
            continue
        k = start
        for _ in range(4):  # at most four more items
            if k == 0:
                break
            gap = low[toks[k - 1][2] : toks[k][1]].strip()
            if gap and _LIST_MARKS.issuperset(gap):
                last = k - 1
            elif not gap and toks[k - 1][0] in _LIST_WORDS and k >= 2:
                last = k - 2
                if low[toks[last][2] : toks[last + 1][1]].strip():
                    break
            else:
                break
            index, first = -1, last
            if last >= 1 and not low[toks[last - 1][2] : toks[last][1]].strip():
                index, first = modifiers.get(f"{toks[last - 1][0]} {toks[last][0]}", -1), last - 1
            if index < 0:
                index, first = modifiers.get(toks[last][0], -1), last
            if index < 0:
                break
            found.append((first, last + 1, index, toks[first][1], toks[last][2]))
            k = first
    return found


def listed_before_biganki(low: str, starts: Sequence[int], cjk_index: Mapping[str, int]) -> list[Span]:
    """The kinds listed before one 美顔器 ("レーザーや高周波を使用する美顔器"), each the device that
    its word + 美顔器 names, and the one kind named as its feature ("LED機能がついた美顔器").
    ``starts`` are the tokens' first characters."""
    found: list[Span] = []
    at = low.find("美顔器")
    while at > 0:
        window = max(0, at - 64)
        before = low[window:at]
        feature = False
        plain = before[: -len(_JA_HOME)] if before.endswith(_JA_HOME) else before
        for ending in _JA_FEATURES:  # "LED機能がついた(家庭用の)美顔器"
            if plain.endswith(ending):
                before, feature = plain[: -len(ending)], True
                break
        else:
            for link in _JA_LINKS:  # "…を使用する美顔器", "…の美顔器"
                if before.endswith(link):
                    before = before[: -len(link)]
                    break
        items = _JA_MARKS.split(before)
        if len(items) >= 2 or feature:  # a list: "レーザーや高周波"; a feature: "LED機能付き"
            end = window + len(before)  # one past the current item
            for part in reversed(items[-5:]):
                kept = part.rstrip()
                words = kept.split()
                item = words[-1] if words else ""
                item_end = end - (len(part) - len(kept))
                for cut in range(max(0, len(item) - 12), len(item)):  # its longest end naming a device
                    index = cjk_index.get(item[cut:] + "美顔器")
                    if index is not None:
                        start = item_end - len(item) + cut
                        first = max(0, bisect_right(starts, start) - 1)
                        last = max(first + 1, bisect_right(starts, item_end - 1))
                        found.append((first, last, index, start, item_end))
                        break
                end -= len(part) + 1
        at = low.find("美顔器", at + 3)
    return found


def noun_then_what_it_works_with(
    low: str, toks: Sequence[Token], starts: Iterable[int], after: Mapping[str, int], firsts: Container[str]
) -> list[Span]:
    """A Romance device noun (at each of ``starts``) and, later in its clause, what it works with
    ("máquinas depiladoras de uso doméstico que actúan con luz pulsada"). ``after`` maps the
    words an alias puts after its device noun ("luz pulsada" of "depiladora de luz pulsada") to
    its gadget; ``firsts`` holds their first words."""
    found: list[Span] = []
    count = len(toks)
    for i in starts:
        end = i + 1  # one past the last token of the clause, within reach
        while end < min(count, i + 12) and _CLAUSE_END.isdisjoint(low[toks[end - 1][2] : toks[end][1]]):
            end += 1
        for j in range(i + 1, end - 1):
            if toks[j][0] not in firsts:
                continue
            # the words after it, without the small ones that join ("pulizia del viso")
            # and an infinitive of purpose after one ("para limpiar el rostro", "per pulire il viso")
            run = [
                k
                for k in range(j, end)
                if k == j
                or (
                    toks[k][0] not in _LINKS
                    and not (
                        toks[k - 1][0] in _LINKS and toks[k][0].endswith(_INFINITIVE) and len(toks[k][0]) > 5
                    )
                )
            ][:3]
            for n in (3, 2):
                index = after.get(" ".join(toks[k][0] for k in run[:n])) if len(run) >= n else None
                if index is not None:
                    last = run[n - 1]
                    found.append((i, last + 1, index, toks[i][1], toks[last][2]))
                    break
            else:
                continue
            break
    return found
