"""Split throughput: MB of article text per second (bar: >= 1 MB/s).

Builds a ~2 MB article from the bundled one's sentences, shuffled into new paragraphs so no two
paragraphs repeat, then times reading, splitting into tips, and building the full series with
captions. Prints the figures; compares the sentence segmenter with pysbd, which we did not pick.

    python benchmarks/bench_split.py [--mb 2] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from tipqueue.config.settings import load_settings
from tipqueue.posts.article import parse_article
from tipqueue.posts.series import build_series
from tipqueue.posts.split import segment, split_article

ARTICLE = Path(__file__).resolve().parents[1] / "templates" / "articles" / "facial-muscles-and-gadgets.txt"


def make_article(megabytes: float, seed: int = 1) -> str:
    rng = random.Random(seed)
    source = parse_article(ARTICLE.read_text(encoding="utf-8"))
    sentences = [s for sec in source.sections for b in sec.blocks for s in b.sentences]
    headings = [sec.heading for sec in source.sections if sec.heading]
    parts = [source.title]
    size = 0
    n = 0
    while size < megabytes * 1_000_000:
        n += 1
        if n % 6 == 0:
            block = f"{rng.choice(headings)} {n}"
        else:
            block = " ".join(rng.sample(sentences, rng.randint(2, 8)))
        parts.append(block)
        size += len(block.encode("utf-8")) + 2
    return "\n\n".join(parts) + "\n"


def timed(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=2.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    text = make_article(args.mb)
    mb = len(text.encode("utf-8")) / 1_000_000
    with tempfile.TemporaryDirectory() as ws:
        settings = load_settings(Path(ws), environ={})

        def read_and_split() -> None:
            split_article(parse_article(text), max_chars=settings.quote_max_chars)

        def whole_series() -> None:
            article = parse_article(text)
            build_series(article, settings, tips=split_article(article, max_chars=settings.quote_max_chars))

        t_split = timed(read_and_split, args.repeat)
        t_series = timed(whole_series, args.repeat)
    article = parse_article(text)
    tips = split_article(article, max_chars=200)
    print(f"article: {mb:.2f} MB, {len(tips)} tips, median of {args.repeat} runs")
    print(f"read + segment + split into tips: {t_split:.2f} s = {mb / t_split:.2f} MB/s (bar >= 1 MB/s)")
    print(f"... + captions, hashtags, alt text: {t_series:.2f} s = {mb / t_series:.2f} MB/s")

    sample = text[:200_000]
    t_sentencex = timed(lambda: [segment(p) for p in sample.split("\n\n")], args.repeat)
    print(f"segmenter alone (sentencex, 0.2 MB): {0.2 / t_sentencex:.1f} MB/s")
    try:
        import pysbd
    except ImportError:
        return
    seg = pysbd.Segmenter(language="en", clean=False)
    t_pysbd = timed(lambda: [seg.segment(p) for p in sample.split("\n\n")], 1)
    print(
        f"for comparison, pysbd on the same text: {0.2 / t_pysbd:.2f} MB/s (sentencex is {t_pysbd / t_sentencex:.1f}x faster)"
    )


if __name__ == "__main__":
    main()
