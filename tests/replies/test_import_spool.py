"""The blocks of an import come back in the file's order with the gadgets of their own texts,
whoever found them: a worker while the file was read, a worker while it was stored, or the
importing process itself from the back of the file while a slow worker kept it waiting."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future
from pathlib import Path

from tipqueue.replies.evaluate import load_labelled
from tipqueue.replies.extraction import Found, find_block
from tipqueue.replies.gadgets import GadgetMatcher
from tipqueue.replies.import_rows import Row
from tipqueue.replies.import_spool import Blocks
from tipqueue.replies.lexicon import bundled_lexicon

REALSET = Path(__file__).parent / "realset"


class _SlowWorkers:
    """Stands in for an Extractor with one worker that finds a block only when waited for, so the
    importing process finds every block it can reach first."""

    def __init__(self, matcher: GadgetMatcher) -> None:
        self.matcher = matcher
        self.parallel = True
        self.workers = 1
        self.handed: list[tuple[list[str], Future[Found | bytes]]] = []

    @property
    def queued(self) -> int:
        return sum(1 for _, future in self.handed if not future.done())

    def submit_kept(self, texts: Sequence[str]) -> Future[Found | bytes]:
        future: Future[Found | bytes] = Future()
        self.handed.append((list(texts), future))
        return future

    def wait(self, future: Future[Found | bytes]) -> Found:
        texts = next(t for t, f in self.handed if f is future)
        found = find_block(self.matcher, texts)
        future.set_result(found)
        return found

    def submit(self, texts: Sequence[str]) -> Callable[[], Found]:
        raise AssertionError("a parallel import hands its blocks over with submit_kept")


def test_blocks_come_back_in_order_with_their_own_gadgets_however_the_work_was_split() -> None:
    matcher = GadgetMatcher(bundled_lexicon())
    texts = [i.text for f in sorted(REALSET.glob("*.jsonl")) for i in load_labelled(f)]
    rows: list[Row] = [(f"id{n}", text, None, None, None, None, None) for n, text in enumerate(texts)]
    blocks = [rows[n : n + 7] for n in range(0, len(rows), 7)]
    workers = _SlowWorkers(matcher)
    with Blocks(workers, 200, 2) as spool:  # type: ignore[arg-type]
        for n, block in enumerate(blocks):
            if n == len(blocks) // 3:
                for texts_of, future in workers.handed:  # the worker caught up once, mid-file
                    if not future.done():
                        future.set_result(find_block(matcher, texts_of))
            spool.add((block, {}, []) if n % 5 else ([], {block[0][0]: True}, []))
        out = list(spool)
    assert [checked[0] for checked, _ in out] == [b if n % 5 else [] for n, b in enumerate(blocks)]
    for (checked, found), block in zip(out, blocks, strict=True):
        expected = [matcher.find(row[1]) for row in checked[0]]
        assert found.mentions == expected, block[0][0]
    assert any(found.mentions for _, found in out)
