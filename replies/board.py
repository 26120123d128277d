"""The leaderboard kept up to date by adding up only the mention rows written since it was last
counted (scheduler.mentions), instead of reading every reply again after each import.

A :class:`Board` holds, per row of one roll-up, what :func:`replies.export.rank_gadgets` adds
up (replies, readers with their latest opinion, first and last time, the quote, categories,
the gadgets rolled into it), and the number of the last mention row it counted. Asked again,
it reads the rows numbered after that one, adds them, and ranks; an import of a thousand
replies costs a thousand replies, whatever the store holds. Every count is kept so that adding
rows in any order gives the same board (the earliest mention names the row, each reader's latest
opinion by when it was written counts), so gadgets an import infers for replies stored a moment
before are simply added too. Rows removed or replaced (retention, gadgets found again after a
lexicon change) are counted again from the first row.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from tipqueue.replies.export import GadgetRow, Rollup, _quote, check_rollup, ranking_key
from tipqueue.scheduler import mentions

if TYPE_CHECKING:
    from tipqueue.scheduler.store import Store

PROGRESS_ROWS = 20_000  # mention rows added between two progress reports
_R, _D, _RELAYED = 1, 2, 3  # what a reader counts as in a row: recommends, dislikes, only relays
#: A reader in a row: (order of their latest opinion or None, that opinion, relays someone's).
_Reader = tuple[tuple[int, Any, int] | None, int, bool]


@dataclass
class _Row:
    name: str
    name_ord: int
    brand: str | None = None
    brand_ord: int | None = None
    mentions: int = 0
    first: Any = None
    last: Any = None
    sample: int | None = None  # the first reply recommending it
    fallback: int | None = None  # the first reply naming it
    categories: dict[str, list[int]] = field(default_factory=dict)  # category -> [count, first ord]
    readers: dict[str, _Reader] = field(default_factory=dict)
    members: dict[str, set[str]] = field(default_factory=dict)  # gadget -> its readers (roll-ups)
    counts: list[int] = field(default_factory=lambda: [0, 0, 0, 0])  # by _R, _D, _RELAYED


def _kind(reader: _Reader | None) -> int:
    if reader is None:
        return 0
    return reader[1] if reader[0] is not None else (_RELAYED if reader[2] else 0)


def _name(row: tuple[Any, ...], by: Rollup) -> str:
    gadget, category, brand = row[3], row[4], row[5]
    if by == "brand":
        return str(brand or gadget)
    return str(category if by == "category" else gadget)


class Board:
    """One roll-up's leaderboard over every stored reply (or the replies to ``post_id``),
    counted incrementally."""

    def __init__(self, by: str = "gadget", post_id: str | None = None) -> None:
        self.by: Rollup = check_rollup(by)
        self.post_id = post_id
        self.lock = threading.Lock()
        self.full_took = 0.0  # how long counting from the first row took last time (s)
        self.ranked: list[GadgetRow] = []  # the board the last update gave
        self._reset(0)

    def _reset(self, removals: int) -> None:
        self.seq = 0
        self.removals = removals
        self.rows: dict[str, _Row] = {}
        self.filed = (0, 0)  # one post's board: (its replies up to this row id, the row id)

    def recounts(self, store: Store, state: mentions.State | None = None) -> bool:
        """Whether the next :meth:`update` counts from the first row rather than adding what was
        written since the last one (``state``: the mentions' state, when just read)."""
        state = state or mentions.state(store)
        return not state.in_step or state.removals != self.removals or self.seq == 0 < state.seq

    def update(self, store: Store, *, progress: Callable[[int, int], None] | None = None) -> list[GadgetRow]:
        """The leaderboard now: the rows written since the last call added, then ranked
        (``progress(rows added, rows to add)`` every batch of rows)."""
        with self.lock:
            with store.snapshot():  # the state, the counts and the rows of one moment
                state = mentions.state(store)
                if state.in_step:
                    return self._update(store, state, progress)
            mentions.rebuild(store)  # replies written round the store (or before revision 0009)
            with store.snapshot():
                return self._update(store, mentions.state(store), progress)

    def _update(
        self, store: Store, state: mentions.State, progress: Callable[[int, int], None] | None
    ) -> list[GadgetRow]:
        filed = None
        if self.post_id is not None:
            # replies stored without a post and filed under this one since bring no new rows:
            # the post then has more replies up to the last one counted than it had
            filed = mentions.counted_replies(store, self.post_id, up_to_id=self.filed[1] if self.seq else 0)
        if (
            state.removals != self.removals
            or state.seq < self.seq
            or (filed is not None and self.seq and filed[0] != self.filed[0])
        ):
            self._reset(state.removals)
            if self.post_id is not None:
                filed = mentions.counted_replies(store, self.post_id, up_to_id=0)
        if filed is not None:
            self.filed = (filed[0] + filed[1], filed[2])
        started = time.perf_counter()
        full = self.seq == 0
        reply: list[tuple[Any, ...]] = []
        start, todo = self.seq, state.seq - self.seq
        rows = mentions.rows_since(store, self.seq, until=state.seq, post_id=self.post_id)
        for n, row in enumerate(rows, start=1):
            if reply and row[1] != reply[0][1]:
                self._add(reply)
                reply = []
            reply.append(row)
            if progress is not None and n % PROGRESS_ROWS == 0:
                progress(min(row[0] - start, todo), todo)
        if reply:
            self._add(reply)
        self.seq = state.seq
        if full:
            self.full_took = time.perf_counter() - started
        self.ranked = self._ranked(store)
        return self.ranked

    def _add(self, rows: list[tuple[Any, ...]]) -> None:
        """Add one reply's mention rows (ROW order, as written: by position)."""
        by = self.by
        grouped: dict[str, list[tuple[Any, ...]]] = {}
        for row in rows:
            grouped.setdefault(_name(row, by).casefold(), []).append(row)
        _seq, reply_id, _ord, _g, _c, _b, _s, _r, reader, when = rows[0]
        for key, named in grouped.items():
            entry = self.rows.get(key)
            first_ord = named[0][2]
            if entry is None:
                entry = self.rows[key] = _Row(name=_name(named[0], by), name_ord=first_ord)
            elif first_ord < entry.name_ord:
                entry.name, entry.name_ord = _name(named[0], by), first_ord
            entry.mentions += 1
            recommends = dislikes = relays = False
            for _s, _id, ord_, gadget, category, brand, stance, relayed, _who, _at in named:
                counted = entry.categories.get(category)
                if counted is None:
                    entry.categories[category] = [1, ord_]
                else:
                    counted[0] += 1
                    counted[1] = min(counted[1], ord_)
                if brand and (entry.brand_ord is None or ord_ < entry.brand_ord):
                    entry.brand, entry.brand_ord = brand, ord_
                if by != "gadget":
                    entry.members.setdefault(gadget, set()).add(reader)
                if relayed:
                    relays = relays or stance != "mentions"
                elif stance == "recommends":
                    recommends = True
                elif stance == "dislikes":
                    dislikes = True
            opinion = _R if recommends else _D if dislikes else 0
            before = entry.readers.get(reader)
            order, held, relayed_before = before if before is not None else (None, 0, False)
            if opinion:
                mine = (1, when, reply_id) if when is not None else (0, None, reply_id)
                if order is None or mine > order:
                    order, held = mine, opinion
            after: _Reader = (order, held, relayed_before or relays)
            entry.readers[reader] = after
            old, new = _kind(before), _kind(after)
            if old != new:
                if old:
                    entry.counts[old] -= 1
                if new:
                    entry.counts[new] += 1
            if when is not None:
                entry.first = when if entry.first is None or when < entry.first else entry.first
                entry.last = when if entry.last is None or when > entry.last else entry.last
            if opinion == _R and (entry.sample is None or reply_id < entry.sample):
                entry.sample = reply_id
            if entry.fallback is None or reply_id < entry.fallback:
                entry.fallback = reply_id

    def _ranked(self, store: Store) -> list[GadgetRow]:
        by = self.by
        quoted = {e.sample if e.sample is not None else e.fallback for e in self.rows.values()}
        texts = mentions.texts(store, [q for q in quoted if q is not None])
        board = []
        for entry in self.rows.values():
            members = sorted(entry.members, key=lambda g: (-len(entry.members[g]), g.casefold()))
            categories = sorted(
                entry.categories, key=lambda c: (-entry.categories[c][0], entry.categories[c][1])
            )
            quote = entry.sample if entry.sample is not None else entry.fallback
            board.append(
                GadgetRow(
                    gadget=entry.name,
                    category="; ".join(categories),
                    brand=None if by == "category" else entry.brand,
                    mentions=entry.mentions,
                    people=len(entry.readers),
                    recommends=entry.counts[_R],
                    dislikes=entry.counts[_D],
                    first_seen=_time(entry.first),
                    last_seen=_time(entry.last),
                    sample=_quote(texts.get(quote, "") if quote is not None else ""),
                    by=by,
                    includes=tuple(members) if by != "gadget" else (),
                    relayed=entry.counts[_RELAYED],
                )
            )
        return sorted(board, key=ranking_key)


def _time(value: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):  # SQLite gives the stored text back
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)  # type: ignore[no-any-return]


_rebuilding = threading.Lock()


def ready(store: Store, *, progress: Callable[[int, int], None] | None = None) -> bool:
    """Make the mention rows of replies written round the store (or before revision 0009), if
    any are missing (``progress(done, total)`` as they are made); True when some were."""
    with _rebuilding:  # one rebuild at a time (a second caller finds the rows made)
        if mentions.in_step(store):
            return False
        mentions.rebuild(store, progress=progress)
        return True


_guard = threading.Lock()
_boards: dict[tuple[str, str, str | None], Board] = {}


def board_of(store: Store, by: str = "gadget", post_id: str | None = None) -> Board:
    """The board kept in this process for the store at ``store.url``, roll-up ``by`` and post
    ``post_id`` (None: every reply)."""
    with _guard:
        key = (store.url, check_rollup(by), post_id)
        board = _boards.get(key)
        if board is None:
            board = _boards[key] = Board(by, post_id)
        return board


def rank(store: Store, *, by: str = "gadget", post_id: str | None = None) -> list[GadgetRow]:
    """The leaderboard of every stored reply (or of the replies to ``post_id``, a stored post's
    id), per gadget, brand or category, as :func:`replies.export.leaderboard` ranks it, counting
    only what was written since last time."""
    return board_of(store, by, post_id).update(store)


def forget() -> None:
    """Drop every board kept in this process (for tests that rebuild a database in place)."""
    with _guard:
        _boards.clear()
