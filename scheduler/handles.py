"""Short handles staff can type instead of a post's long stable id: ``FMG-3``.

A handle is a series code (letters made from the article's slug: "facial-muscles-and-gadgets"
gives ``FMG``) and the post's number in its series. It is given once, when the post enters the
store, and never changes; the long id stays the key everything else refers to. Handles are
unique per store (that is, per workspace): a second article whose initials clash gets a longer
code (``FMGA``, ``FMGB``...).

People type handles in any case and with or without the hyphen (``fmg3`` is ``FMG-3``), since
the code is letters only and the number digits only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass

#: Words an article title is full of that make poor initials.
_SMALL_WORDS = frozenset(
    {"a", "an", "and", "the", "of", "to", "for", "in", "on", "with", "your", "my", "how"}
)
_HANDLE = re.compile(r"^\s*([A-Za-z]{1,8})-?(\d{1,6})\s*$")
#: The code of posts that came from no article (imported by hand).
NO_SERIES = "P"


def normalise(text: str) -> str | None:
    """The handle ``text`` names, as stored (``fmg3`` -> ``FMG-3``); None when it is not one."""
    found = _HANDLE.match(text)
    if found is None:
        return None
    return f"{found.group(1).upper()}-{int(found.group(2))}"


def _initials(slug: str) -> str:
    words = [w for w in re.split(r"[^a-z0-9]+", slug.lower()) if w]
    letters = [w[0] for w in words if w not in _SMALL_WORDS and w[0].isalpha()]
    if not letters:
        letters = [w[0] for w in words if w[0].isalpha()]
    return ("".join(letters[:3]) or NO_SERIES).upper()


def initials_of(slug: str) -> str:
    """The letters a series code starts with (the code is these, or these and more)."""
    return _initials(slug) if slug else NO_SERIES


def series_code(slug: str, taken: Collection[str], *, resume: dict[str, int] | None = None) -> str:
    """A code for a new series: its initials, made longer until no other series has it.

    ``resume`` (initials -> the count to try next) lets many new series with the same initials
    pick up where the previous one stopped instead of trying every taken code again."""
    base = initials_of(slug)
    if base not in taken:
        return base
    number = resume.get(base, 0) if resume is not None else 0
    if number == 0:
        for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
            candidate = base + letter
            if candidate not in taken:
                return candidate
        number = 2
    while True:  # 26 clashing series of the same initials: AAA.. then a spelled-out count
        candidate = base + "".join(chr(ord("A") + int(d)) for d in str(number))
        number += 1
        if candidate not in taken:
            if resume is not None:
                resume[base] = number
            return candidate


@dataclass
class Series:
    """A series' code and the highest number any of its posts was given."""

    code: str
    top: int = 0


def assign(
    new: Iterable[tuple[str, str, int]],
    *,
    series: dict[str, Series],
    code_taken: Callable[[str], bool],
    handle_taken: Collection[str],
) -> dict[str, str]:
    """Handles for new posts, given as (post id, article slug, position); updates ``series``.

    ``series``: the stored series by slug (new ones are added to it); ``code_taken``: whether a
    code belongs to a stored series; ``handle_taken``: the stored handles among the ones the
    posts' positions suggest. A post takes its series' code and its position as its number, or
    the series' next number when that handle is taken (a series re-split under new ids, a post
    imported again), so a handle is never given twice.
    """
    new_codes: set[str] = set()
    out: dict[str, str] = {}
    given: set[str] = set()
    resume: dict[str, int] = {}
    for post_id, slug, position in new:
        entry = series.get(slug)
        if entry is None:
            entry = Series(series_code(slug, _Taken(code_taken, new_codes), resume=resume))
            series[slug] = entry
            new_codes.add(entry.code)
        number = max(position, 1)
        handle = f"{entry.code}-{number}"
        if handle in handle_taken or handle in given or number <= 0:
            number = entry.top + 1
            handle = f"{entry.code}-{number}"
        entry.top = max(entry.top, number)
        given.add(handle)
        out[post_id] = handle
    return out


class _Taken(Collection[str]):
    """Codes in use: stored ones (asked one by one) and the ones given in this batch."""

    def __init__(self, stored: Callable[[str], bool], fresh: set[str]) -> None:
        self._stored, self._fresh = stored, fresh

    def __contains__(self, code: object) -> bool:
        return code in self._fresh or (isinstance(code, str) and self._stored(code))

    def __iter__(self) -> Iterator[str]:
        return iter(self._fresh)

    def __len__(self) -> int:
        return len(self._fresh)


def code_of(handle: str) -> str:
    return handle.split("-", 1)[0]
