"""The names readers used lately that the lexicon lacks (replies.discovery), over a window of
the latest stored replies that is moved on by what was written since, not read again.

The dashboard lists them above the leaderboard. Reading the latest 5,000 replies and looking
for names in each again after every import cost a few hundred milliseconds of the server's
CPU, taken from the requests served meanwhile; the window keeps what each reply names, so an
import of a thousand replies costs a thousand replies. When replies left the store (the count
the triggers keep went down by more than the new ones say), the window is read again whole.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Hashable
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from tipqueue.replies.discovery import Named, UnknownName, named_in, rank_unknown
from tipqueue.scheduler import db

if TYPE_CHECKING:
    from tipqueue.replies.gadgets import GadgetMatcher
    from tipqueue.scheduler.store import Store


class Window:
    """What the latest ``size`` stored replies name that ``matcher``'s lexicon lacks."""

    def __init__(self, matcher: GadgetMatcher, size: int) -> None:
        self.matcher, self.size = matcher, size
        self.lock = threading.Lock()
        self.named: deque[Named] = deque(maxlen=size)  # oldest first
        self.last_id = 0  # the row id of the latest reply in the window
        self.total: int | None = None  # the store's replies when the window was last moved on
        self.kinds: dict[tuple[str, str], str | None] = {}

    def names(self, store: Store, *, samples: int = 1, limit: int | None = None) -> list[UnknownName]:
        """The window moved on to the replies stored now, ranked (newest reply first, as
        :func:`replies.discovery.unknown_names` over the latest replies ranks them)."""
        r = db.replies
        with self.lock:
            with store.snapshot():
                total = store.replies_state()[1]
                whole = self.total is None
                if self.total is not None:
                    with store._tx() as conn:
                        added = conn.execute(select(func.count()).where(r.c.id > self.last_id)).scalar_one()
                    whole = total != self.total + int(added)  # some replies were removed
                query = select(r.c.id, r.c.platform_id, r.c.username, r.c.user_id, r.c.text)
                if not whole:
                    query = query.where(r.c.id > self.last_id)
                with store._tx() as conn:
                    rows = conn.execute(query.order_by(r.c.id.desc()).limit(self.size)).all()
            if whole:
                self.named.clear()
            for row in reversed(rows):
                reader = row.user_id or row.username or row.platform_id
                self.named.append(named_in(row.text, reader, self.matcher))
            if rows:
                self.last_id = max(self.last_id, int(rows[0].id)) if not whole else int(rows[0].id)
            elif whole:
                self.last_id = 0
            self.total = total
            if len(self.kinds) > 4 * self.size:  # the names of replies long gone from the window
                self.kinds.clear()
            return rank_unknown(
                reversed(self.named), self.matcher, samples=samples, limit=limit, kinds=self.kinds
            )


_guard = threading.Lock()
_windows: dict[tuple[str, Hashable], Window] = {}


def window_of(store: Store, what: Hashable, matcher: GadgetMatcher, size: int) -> Window:
    """The window kept in this process for the store and ``what`` (the workspace and its lexicon)."""
    with _guard:
        return _windows.setdefault((store.url, what), Window(matcher, size))


def forget() -> None:
    """Drop every window kept in this process (for tests that rebuild a database in place)."""
    with _guard:
        _windows.clear()
