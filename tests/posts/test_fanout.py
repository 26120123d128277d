"""A long article's ideas cut and scored by forked children: the same plan, whatever happens to them."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tipqueue.posts.article import parse_article, read_article
from tipqueue.posts.fanout import chunks, fan_out, spare_cores
from tipqueue.posts.ideas.plan import FAN_OUT_CHARS, SeriesPlan, plan_series, workers_for

CORPUS = Path(__file__).parent / "corpus"
#: real articles of the corpus: a Q&A, a long round-up, a Spanish routine, a German page
ARTICLES = [
    "abcnews-winter-skin-qa.txt",
    "blissmark-acne-routine.txt",
    "carolinamedina-rutina-basica.txt",
    "crazy-julia-de-tipps.html",
]

#: the article sets read and judged in the open (not the two kept blind)
SETS = ["corpus", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6"]

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="children are forked")


def _plan(path: Path, workers: int) -> SeriesPlan:
    return plan_series(
        read_article(path), max_chars=220, default_cta="Which gadget do you use?", workers=workers
    )


def _same(a: SeriesPlan, b: SeriesPlan) -> None:
    assert [c.tip for c in a.chosen] == [c.tip for c in b.chosen]
    assert [(c.number, c.score, c.why, c.flags) for c in a.chosen] == [
        (c.number, c.score, c.why, c.flags) for c in b.chosen
    ]
    assert a.unused == b.unused
    assert a.ideas == b.ideas
    assert a.tips == b.tips
    assert a.cta == b.cta
    assert a.article.dropped == b.article.dropped


@pytest.mark.parametrize("name", ARTICLES)
@pytest.mark.parametrize("workers", [1, 2])
def test_a_real_article_plans_the_same_with_children(name: str, workers: int) -> None:
    path = CORPUS / name
    _same(_plan(path, 0), _plan(path, workers))


def _long_text() -> str:
    # the English articles of the open sets one after the other: over the size that fans out
    parts = ["Skin care, article by article"]
    for folder in SETS:
        for path in sorted((CORPUS.parent / folder).glob("*.txt")):
            read = read_article(path)
            if read.language == "en":
                for section in read.sections:
                    parts += [section.heading or read.title, *(b.text for b in section.blocks)]
    return "\n\n".join(parts)


@pytest.mark.parametrize("name", ARTICLES)
def test_a_real_article_reads_the_same_with_children(name: str) -> None:
    path = CORPUS / name
    text = path.read_text(encoding="utf-8")
    fmt = "html" if path.suffix == ".html" else "text"
    alone = parse_article(text, fmt=fmt, children=0)
    assert parse_article(text, fmt=fmt, children=1) == alone
    assert parse_article(text, fmt=fmt, children=2) == alone


def test_a_long_article_made_of_real_ones_reads_the_same_with_children() -> None:
    text = _long_text()
    alone = parse_article(text, children=0)
    shared = parse_article(text, children=2)
    assert shared == alone
    assert len(alone.dropped) > 0  # the furniture the blocks' scores dropped came back from the children too


def test_a_long_article_made_of_real_ones_plans_the_same_with_children() -> None:
    article = parse_article(_long_text())
    assert sum(len(b.text) for s in article.sections for b in s.blocks) >= FAN_OUT_CHARS
    assert workers_for(article) == spare_cores()
    alone = plan_series(article, max_chars=220, default_cta="Which gadget do you use?", workers=0)
    shared = plan_series(article, max_chars=220, default_cta="Which gadget do you use?", workers=2)
    assert len(alone.ideas) > 200
    _same(alone, shared)


def test_a_short_article_is_not_shared() -> None:
    assert workers_for(read_article(CORPUS / ARTICLES[1])) == 0


def test_children_do_the_parts_after_the_first() -> None:
    here = os.getpid()
    pids = fan_out(lambda _: os.getpid(), [0, 1, 2], children=2)
    assert pids[0] == here
    assert pids[1] != here and pids[2] != here and pids[1] != pids[2]


def test_objects_this_process_knows_come_back_as_themselves_not_as_copies() -> None:
    held = [["idea", n] for n in range(6)]
    made = fan_out(lambda r: [(held[k], [k]) for k in r], [range(0, 3), range(3, 6)], children=1, known=held)
    assert [pair[0] is held[k] for k, pair in enumerate(made[1], start=3)] == [True] * 3
    assert [pair[1] for pair in made[1]] == [[3], [4], [5]]  # what the child made itself is a copy
    copied = fan_out(lambda r: [held[k] for k in r], [range(0, 3), range(3, 6)], children=1)
    assert copied[1] == held[3:] and all(a is not b for a, b in zip(copied[1], held[3:], strict=True))


def test_more_parts_than_children_are_done_here() -> None:
    here = os.getpid()
    got = fan_out(lambda n: (n * n, os.getpid()), [1, 2, 3, 4], children=1)
    assert [v for v, _ in got] == [1, 4, 9, 16]
    assert [pid == here for _, pid in got] == [True, False, True, True]


def test_a_child_that_is_killed_has_its_part_done_here() -> None:
    here = os.getpid()

    def work(n: int) -> int:
        if os.getpid() != here:
            os.kill(os.getpid(), signal.SIGKILL)
        return n * 10

    assert fan_out(work, [1, 2, 3], children=2) == [10, 20, 30]


def test_a_result_that_cannot_travel_is_made_here() -> None:
    here = os.getpid()
    got = fan_out(lambda n: (lambda: n) if os.getpid() != here else (lambda: -n), [1, 2], children=1)
    # a function does not pickle: the child's part was done again in this process
    assert [f() for f in got] == [-1, -2]


def test_an_error_in_the_work_is_raised_here() -> None:
    def work(n: int) -> int:
        if n == 2:
            raise ValueError("part 2 is bad")
        return n

    with pytest.raises(ValueError, match="part 2 is bad"):
        fan_out(work, [1, 2], children=1)


def test_no_children_works_here() -> None:
    here = os.getpid()
    assert fan_out(lambda _: os.getpid(), [1, 2, 3], children=0) == [here] * 3


@given(st.lists(st.integers(min_value=0, max_value=5000), max_size=60), st.integers(min_value=1, max_value=5))
def test_chunks_cover_every_index_once_in_order_and_share_the_weight(weights: list[int], parts: int) -> None:
    runs = chunks(weights, parts)
    assert [i for r in runs for i in r] == list(range(len(weights)))
    assert len(runs) == max(1, min(parts, len(weights)))
    if weights:
        assert all(len(r) > 0 for r in runs)
    if len(runs) > 1:
        # no part but the last goes past its share by more than one item
        share = sum(weights) / len(runs)
        assert all(sum(weights[i] for i in r) <= share + max(weights) for r in runs[:-1])


def test_a_process_running_other_threads_forks_no_children() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert spare_cores() == 0
    finally:
        stop.set()
        other.join()
