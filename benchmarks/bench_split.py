"""Split throughput: MB of article text per second (bar: >= 1 MB/s).

Builds a 5 MB article of real prose (the sentences of the English articles of the corpus in
tests/posts/corpus/, each page's source URL in corpus/golden/, shuffled into new paragraphs
under headings so no two paragraphs repeat), then times reading, splitting into tips, and
building the full series with captions. Prints wall-clock MB/s and the process's CPU MB/s (on a
shared machine the two differ: the CPU figure is what an idle machine gets).

Then the whole command, as staff run it: a `tipqueue split` process on the article saved as a
file, with its default output (a summary), with ``--json``, and as the peer with ``--table``
(every post in a Rich table, what the command printed before), interleaved round by round, each
writing its series to a fresh folder, its output to a pipe.

With ``--peer-rev REV``, the same article through the code of an earlier revision (see peer.py:
a child process per variant, interleaved round by round): the whole series built in the child
(timed on its second run, the first loads the language models) and the whole `tipqueue split`
command (from the import of the CLI to exit: imports, reading, writing the folder), in wall time
and in CPU time (the child's own and its forked children's: a long article's ideas are cut and
scored on the spare cores too, so wall time is what staff wait; CPU time is what other work on a
shared machine does not disturb).

Compares the sentence segmenter with pysbd, and the main-content extractor (trafilatura,
through our HTML reader) with readability-lxml on the corpus's saved pages, both timed in the
same run.

    python benchmarks/bench_split.py [--mb 5] [--repeat 3] [--command-rounds 3] [--peer-rev REV]
        [--peer-rounds 3]
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tipqueue.config.settings import load_settings
from tipqueue.posts.article import parse_article, read_article
from tipqueue.posts.series import build_series, make_plan
from tipqueue.posts.split import segment, split_article

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "posts" / "corpus"


def make_article(megabytes: float, seed: int = 1) -> str:
    rng = random.Random(seed)
    sources = [read_article(p) for p in sorted(CORPUS.glob("*.txt"))]
    sources = [a for a in sources if a.language == "en"]
    sentences = [s for a in sources for sec in a.sections for b in sec.blocks for s in b.sentences]
    headings = [sec.heading for a in sources for sec in a.sections if sec.heading]
    parts = [sources[0].title]
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
    return timed_both(fn, repeat)[0]


def timed_both(fn, repeat: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Median wall-clock and CPU seconds of ``repeat`` runs."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def _span(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} s [{min(values):.2f}-{max(values):.2f}]"


def measure_command(text: str, rounds: int) -> None:
    """Whole `tipqueue split` processes on ``text``: wall and CPU time (the child's own, from
    getrusage), median with min-max, and MB/s from the medians."""
    mb = len(text.encode("utf-8")) / 1_000_000
    tipqueue = Path(sys.executable).with_name("tipqueue")
    variants = {"default output (summary)": [], "--json": ["--json"], "peer: --table": ["--table"]}
    wall: dict[str, list[float]] = {k: [] for k in variants}
    cpu: dict[str, list[float]] = {k: [] for k in variants}
    printed: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        article = folder / "article.txt"
        article.write_text(text, encoding="utf-8")
        # the article is a little over the default limit of 5 MB: raised as a user would
        (folder / "tipqueue.toml").write_text("[limits]\narticle_mb = 10\n", encoding="utf-8")
        for r in range(rounds):
            order = list(variants) if r % 2 == 0 else list(reversed(variants))
            for name in order:
                out = folder / "series"
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                done = subprocess.run(
                    [str(tipqueue), "--workspace", str(folder), "split", str(article), "--out", str(out)]
                    + variants[name],
                    capture_output=True,
                    check=True,
                )
                wall[name].append(time.perf_counter() - start)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu[name].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
                printed[name] = len(done.stdout)
                shutil.rmtree(out)
    peer = statistics.median(wall["peer: --table"])
    print(f"the whole `tipqueue split` command on the {mb:.2f} MB article ({rounds} rounds, interleaved):")
    for name in variants:
        w, c = statistics.median(wall[name]), statistics.median(cpu[name])
        print(
            f"    {name:<26} wall {_span(wall[name])} = {mb / w:.2f} MB/s | CPU {_span(cpu[name])} = "
            f"{mb / c:.2f} MB/s | printed {printed[name] / 1000:.1f} kB | peer/this {peer / w:.2f}x (bar >= 1 MB/s)"
        )


#: In a child: the whole series on the article, twice; the second run is the one reported.
PEER_SERIES = """
import resource
import time
from pathlib import Path
from tipqueue.config.settings import load_settings
from tipqueue.posts.article import parse_article
from tipqueue.posts.series import build_series
text = Path(ARGS["article"]).read_text(encoding="utf-8")
settings = load_settings(Path(ARGS["workspace"]), environ={})
build_series(parse_article(text), settings)
before = resource.getrusage(resource.RUSAGE_CHILDREN)
start, wall = time.process_time(), time.perf_counter()
build_series(parse_article(text), settings)
after = resource.getrusage(resource.RUSAGE_CHILDREN)
children = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
cpu = time.process_time() - start + children
print(json.dumps({"cpu": cpu, "wall": time.perf_counter() - wall}))
"""
#: In a child: the `tipqueue split` command as the console script runs it; CPU since start.
PEER_COMMAND = """
import resource
import time
wall = time.perf_counter()
from tipqueue.cli import main
sys.argv = ["tipqueue", "--workspace", ARGS["workspace"], "split", ARGS["article"], "--out", ARGS["out"]]
try:
    main()
except SystemExit as exc:
    if exc.code:
        raise
use = resource.getrusage(resource.RUSAGE_SELF)
children = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = use.ru_utime + use.ru_stime + children.ru_utime + children.ru_stime
print(json.dumps({"cpu": cpu, "wall": time.perf_counter() - wall}))
"""


def compare_peer(text: str, peer_rev: str, rounds: int) -> None:
    """The whole series and the whole command, ours against ``peer_rev``, CPU time, interleaved."""
    sys.path.insert(0, str(Path(__file__).parent))
    from peer import run_child, spread, variants

    mb = len(text.encode("utf-8")) / 1_000_000
    cpu: dict[tuple[str, str], list[float]] = {}
    wall: dict[tuple[str, str], list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "roots").mkdir()
        roots = variants(peer_rev, work / "roots")
        ws = work / "ws"
        ws.mkdir()
        article = ws / "article.txt"
        article.write_text(text, encoding="utf-8")
        (ws / "tipqueue.toml").write_text("[limits]\narticle_mb = 10\n", encoding="utf-8")
        for r in range(rounds):
            order = ["peer", "ours"] if r % 2 == 0 else ["ours", "peer"]
            for what, code in (("whole series", PEER_SERIES), ("`tipqueue split`", PEER_COMMAND)):
                for name in order:
                    out = work / "series"
                    args = {"article": str(article), "workspace": str(ws), "out": str(out)}
                    got = run_child(roots[name], code, args)[0]
                    cpu.setdefault((what, name), []).append(got["cpu"])
                    wall.setdefault((what, name), []).append(got["wall"])
                    shutil.rmtree(out, ignore_errors=True)
    print(
        f"ours against peer {peer_rev} on the {mb:.2f} MB article, wall and CPU time (with forked "
        f"children's) ({rounds} rounds, interleaved):"
    )
    for what in ("whole series", "`tipqueue split`"):
        for kind, table in (("wall", wall), ("CPU", cpu)):
            peer, ours = (statistics.median(table[(what, n)]) for n in ("peer", "ours"))
            print(
                f"    {what:<18} {kind:<4} peer {spread(table[(what, 'peer')], ' s')} = {mb / peer:.2f} MB/s | "
                f"ours {spread(table[(what, 'ours')], ' s')} = {mb / ours:.2f} MB/s | peer/ours {peer / ours:.2f}x"
            )


def compare_extractors(repeat: int) -> None:
    """Our HTML reader (trafilatura inside) against the same rules on readability-lxml's output."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    import corpus_report as report

    pages = sorted(CORPUS.glob("*.html"))
    size = sum(p.stat().st_size for p in pages) / 1_000_000
    runs = max(repeat, 5)  # the pages are small: more runs for a steady median
    w_ours, c_ours = timed_both(lambda: [read_article(p) for p in pages], runs)
    w_peer, c_peer = timed_both(lambda: [report.readability_article(p) for p in pages], runs)
    print(
        f"saved pages ({len(pages)}, {size:.2f} MB of HTML, median of {runs} runs): trafilatura reader "
        f"{size / w_ours:.2f} MB/s wall, {size / c_ours:.2f} MB/s CPU; readability-lxml reader "
        f"{size / w_peer:.2f} MB/s wall, {size / c_peer:.2f} MB/s CPU; peer ratio {c_peer / c_ours:.2f} "
        "in CPU time, above 1 means ours is faster)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=5.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--command-rounds", type=int, default=3)
    parser.add_argument("--peer-rev", default=None, help="also time this revision's code (e.g. main)")
    parser.add_argument("--peer-rounds", type=int, default=3)
    args = parser.parse_args()
    text = make_article(args.mb)
    mb = len(text.encode("utf-8")) / 1_000_000
    with tempfile.TemporaryDirectory() as ws:
        settings = load_settings(Path(ws), environ={})

        def read_and_split() -> None:
            split_article(parse_article(text), max_chars=settings.quote_max_chars)

        def whole_series() -> None:
            # the call to action, every idea scored, the best ones with captions, hashtags, alt text
            build_series(parse_article(text), settings)

        t_split, c_split = timed_both(read_and_split, args.repeat)
        t_series, c_series = timed_both(whole_series, args.repeat)
        plan = make_plan(parse_article(text), settings)
    tips = plan.ideas
    print(
        f"article: {mb:.2f} MB, {len(tips)} ideas, a series of {len(plan.chosen)} tips "
        f"({len(plan.unused)} ideas unused), median of {args.repeat} runs"
    )
    print(
        f"read + segment + split into tips: {t_split:.2f} s = {mb / t_split:.2f} MB/s wall, "
        f"{mb / c_split:.2f} MB/s CPU (bar >= 1 MB/s)"
    )
    print(
        f"... + call to action, scores, the best tips with captions, hashtags, alt text: {t_series:.2f} s = {mb / t_series:.2f} MB/s wall, "
        f"{mb / c_series:.2f} MB/s CPU"
    )
    if args.command_rounds > 0:
        measure_command(text, args.command_rounds)
    if args.peer_rev:
        compare_peer(text, args.peer_rev, args.peer_rounds)
    compare_extractors(args.repeat)

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
