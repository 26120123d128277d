"""Finding the gadgets of every stored reply again after the lexicon changed.

The stored mentions (and the leaderboard counted from them) were found with one lexicon; its
fingerprint is kept beside them (``mentions_state.lexicon``). When the workspace's lexicon no
longer has that fingerprint (``gadgets.toml`` was edited), every reply is read again thread by
thread, so a reply that only refers to a gadget ("mine broke") still takes it from its context,
and the replies whose gadgets changed are written back batch by batch; the leaderboard is then
counted again. ``tipqueue replies gadgets`` does it with a progress bar; the dashboard does it in
the background and says so meanwhile.
"""

from __future__ import annotations

import hashlib
import itertools
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tipqueue.posts.models import GadgetMention
from tipqueue.scheduler import mentions

if TYPE_CHECKING:
    from tipqueue.replies.context import Thread
    from tipqueue.replies.gadgets import GadgetMatcher
    from tipqueue.replies.lexicon import Lexicon
    from tipqueue.scheduler.store import Store

BATCH = 2000


def fingerprint(lexicon: Lexicon) -> str:
    """A digest of everything in the lexicon that decides which gadgets are found."""
    data = repr((lexicon.gadgets, sorted(lexicon.categories.items())))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:32]


def lexicon_changed(store: Store, lexicon: Lexicon, *, digest: str | None = None) -> bool:
    """Whether the stored mentions were found with another lexicon than ``lexicon``.

    A store that never recorded one (new, or from before revision 0009) takes ``lexicon`` as
    the one its mentions were found with: imports find gadgets with the workspace's lexicon."""
    mine = digest or fingerprint(lexicon)
    stored = mentions.lexicon_of(store)
    if stored is None:
        mentions.set_lexicon(store, mine)
        return False
    return stored != mine


def refind(
    store: Store, matcher: GadgetMatcher, *, progress: Callable[[int, int], None] | None = None
) -> int:
    """Find the gadgets of every stored reply again with ``matcher``; how many replies changed.

    Memory holds one batch and what later replies of a thread can refer to, not the store."""
    from tipqueue.replies.context import Thread, walk_threads
    from tipqueue.replies.importer import post_topics

    total = store.count_replies()
    parents = mentions.parent_ids(store)
    stream = store.iter_thread_replies()
    topics: dict[str, str] = {}

    def threads() -> Iterator[Thread]:
        for post_id, group in itertools.groupby(stream, key=lambda r: r.post_id or ""):
            if post_id and post_id not in topics:
                topics.update(post_topics(store, [post_id]))
            yield Thread(post_id, topics.get(post_id, ""), group)

    changed: dict[str, tuple[GadgetMention, ...]] = {}
    done = written = 0
    for reply, found in walk_threads(threads(), matcher, parents=parents):
        done += 1
        if found != reply.mentions:
            changed[reply.platform_id] = found
        if len(changed) >= BATCH:
            store.set_reply_mentions(changed)
            written += len(changed)
            changed = {}
        if progress is not None and done % BATCH == 0:
            progress(done, total)
    store.set_reply_mentions(changed)
    written += len(changed)
    mentions.set_lexicon(store, fingerprint(matcher.lexicon))
    if progress is not None:
        progress(done, max(total, done))
    return written


@dataclass
class Running:
    done: int = 0
    total: int = 0
    error: str | None = None


_guard = threading.Lock()
_running: dict[str, Running] = {}


def in_background(store: Store, matcher: GadgetMatcher, *, digest: str | None = None) -> Running | None:
    """The re-finding under way for this store in this process, started now if the stored
    mentions were found with another lexicon than ``matcher``'s (``digest``: its fingerprint,
    when known); None when they are current."""
    with _guard:
        running = _running.get(store.url)
        if running is not None:
            return running
    if not lexicon_changed(store, matcher.lexicon, digest=digest):
        return None
    with _guard:
        running = _running.get(store.url)
        if running is not None:
            return running
        running = _running[store.url] = Running(total=store.count_replies())

    def tick(done: int, total: int) -> None:
        running.done, running.total = done, total

    def work() -> None:
        try:
            refind(store, matcher, progress=tick)
        except Exception as exc:  # shown on the page; the next request tries again
            running.error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        finally:
            with _guard:
                _running.pop(store.url, None)

    threading.Thread(target=work, name="tipqueue-refind", daemon=True).start()
    return running
