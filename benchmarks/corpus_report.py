"""How the reader does on the real-article corpus (tests/posts/corpus/), as a table in docs/splitting.md.

For every article, against its reviewed golden file (tests/posts/corpus/golden/NAME.json):
headings found / present, headings found that are not headings, lists, pairs (title+body and
question+answer), boilerplate lines posted (goal 0), lines lost (goal 0), title right, language
right; then the totals. The table between the markers in docs/splitting.md is replaced.

    python benchmarks/corpus_report.py              # print the table and write it into the docs
    python benchmarks/corpus_report.py --check      # exit 1 if the docs' table is not up to date
    python benchmarks/corpus_report.py --snapshot   # after reviewing: rewrite the golden outlines
    python benchmarks/corpus_report.py --extractors # trafilatura vs readability-lxml on saved pages
    python benchmarks/corpus_report.py --languages  # Lingua vs py3langid vs langdetect on short texts
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from tipqueue.posts.article import read_article
from tipqueue.posts.models import Article
from tipqueue.posts.reading.evaluate import Row, measure
from tipqueue.posts.reading.outline import outline

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "posts" / "corpus"
GOLDEN = CORPUS / "golden"
DOCS = ROOT / "docs" / "splitting.md"
START, END = "<!-- corpus-table:start -->", "<!-- corpus-table:end -->"


def articles() -> list[tuple[Path, dict[str, Any]]]:
    out = []
    for golden in sorted(GOLDEN.glob("*.json")):
        out.append(
            (CORPUS / golden.name.removesuffix(".json"), json.loads(golden.read_text(encoding="utf-8")))
        )
    return out


def table(rows: list[Row]) -> str:
    out = [
        "| article | language | headings found / present | not headings | lists found / present | pairs found / present | boilerplate posted (goal 0) | lines lost (goal 0) | title right | language right |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    goldens = {p.name: g for p, g in articles()}
    for r in rows:
        lang = goldens[r.name]["expected"]["language"]
        out.append(
            f"| {r.name} | {lang} | {r.headings_found} / {r.headings_present} | {r.headings_wrong} | "
            f"{r.lists_found} / {r.lists_present} | {r.pairs_found} / {r.pairs_present} | "
            f"{r.boilerplate_posted} of {r.boilerplate_present} | {r.lines_lost} | "
            f"{'yes' if r.title_right else 'no'} | {'yes' if r.language_right else 'no'} |"
        )
    t = {
        f: sum(getattr(r, f) for r in rows)
        for f in Row.__dataclass_fields__
        if f not in ("name", "posted_lines", "lost")
    }
    out.append(
        f"| **{len(rows)} articles** | | **{t['headings_found']} / {t['headings_present']}** | **{t['headings_wrong']}** | "
        f"**{t['lists_found']} / {t['lists_present']}** | **{t['pairs_found']} / {t['pairs_present']}** | "
        f"**{t['boilerplate_posted']} of {t['boilerplate_present']}** | **{t['lines_lost']}** | "
        f"**{t['title_right']} / {len(rows)}** | **{t['language_right']} / {len(rows)}** |"
    )
    return "\n".join(out)


def write_docs(text: str, check: bool) -> bool:
    doc = DOCS.read_text(encoding="utf-8")
    if START not in doc or END not in doc:
        raise SystemExit(f"{DOCS} has no {START} ... {END} markers; add them where the table goes")
    head, rest = doc.split(START, 1)
    _, tail = rest.split(END, 1)
    new = f"{head}{START}\n{text}\n{END}{tail}"
    if check:
        return new == doc
    DOCS.write_text(new, encoding="utf-8")
    return True


def snapshot() -> None:
    for path, golden in articles():
        golden["outline"] = outline(read_article(path))
        (GOLDEN / f"{path.name}.json").write_text(
            json.dumps(golden, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    print(f"rewrote the outlines of {len(articles())} golden files; review the diff before committing")


def readability_article(path: Path) -> tuple[Article, float]:
    """The same page read with readability-lxml's main content instead of trafilatura's.

    Its headings, paragraphs and list items become raw blocks for our own structure and
    boilerplate rules, so only the extractor differs. Returns the article and the extractor's time.
    """
    import lxml.html
    import readability
    from tipqueue.posts.reading.build import _build, choose_language
    from tipqueue.posts.reading.raw import RawArticle, RawBlock

    html = path.read_text(encoding="utf-8")
    start = time.perf_counter()
    doc = readability.Document(html)
    summary = doc.summary(html_partial=True)
    took = time.perf_counter() - start
    blocks = []
    for el in lxml.html.fromstring(summary).iter("h1", "h2", "h3", "h4", "h5", "h6", "p", "li"):
        text = " ".join(el.text_content().split())
        if text:
            kind = "heading" if el.tag.startswith("h") else ("bullet" if el.tag == "li" else "paragraph")
            blocks.append(RawBlock(kind, text))
    raw = RawArticle(doc.short_title(), None, None, blocks, [], "<title>")
    lang, source = choose_language(raw, None)
    return _build(raw, lang, source, html, path), took


def compare_extractors() -> None:
    """trafilatura (chosen) against readability-lxml on the saved pages, through our own rules."""
    import trafilatura

    pages = [(p, g) for p, g in articles() if p.suffix == ".html"]
    heads = sum(len(g["expected"]["headings"]) for _, g in pages)
    boiler = sum(len(g["expected"]["boilerplate"]) for _, g in pages)
    print(f"saved pages: {len(pages)}; headings present {heads}; boilerplate lines listed {boiler}")
    results: dict[str, list[float]] = {"trafilatura": [0, 0, 0, 0], "readability-lxml": [0, 0, 0, 0]}
    for path, golden in pages:
        html = path.read_text(encoding="utf-8")
        start = time.perf_counter()
        trafilatura.extract(html, output_format="xml", favor_recall=True, include_comments=False)
        t_traf = time.perf_counter() - start
        art_r, t_read = readability_article(path)
        for name, art, took in (
            ("trafilatura", read_article(path), t_traf),
            ("readability-lxml", art_r, t_read),
        ):
            row = measure(path, golden, art)
            r = results[name]
            r[0] += row.headings_found
            r[1] += row.boilerplate_posted
            r[2] += row.title_right
            r[3] += took
    for name, (found, posted, titles, took) in results.items():
        print(
            f"  {name:17} headings found {int(found)} / {heads}, boilerplate posted {int(posted)} of {boiler}, "
            f"titles right {int(titles)} / {len(pages)}, extraction {took * 1000:.0f} ms for all pages"
        )


def compare_languages() -> None:
    """Lingua (chosen) against py3langid and langdetect on the corpus's short texts."""
    import langdetect
    import py3langid
    from tipqueue.posts.reading.language import detect_language
    from tipqueue.posts.split import segment

    langdetect.DetectorFactory.seed = 0
    samples: list[tuple[str, str]] = []
    for path, golden in articles():
        lang = golden["expected"]["language"]
        art = read_article(path)
        texts = [s.heading for s in art.sections if s.heading]
        texts += [sent for s in art.sections for b in s.blocks for sent in b.sentences]
        samples += [(t, lang) for t in texts if 3 <= len(t) <= 80]
    detectors = {
        "lingua": lambda t: detect_language(t) or "?",
        "py3langid": lambda t: py3langid.classify(t)[0],
        "langdetect": lambda t: _langdetect(langdetect, t),
    }
    print(f"short texts (3-80 characters: headings and sentences of the corpus): {len(samples)}")
    for name, fn in detectors.items():
        start = time.perf_counter()
        right = sum(fn(t) == lang for t, lang in samples)
        took = time.perf_counter() - start
        print(
            f"  {name:10} {right} / {len(samples)} right ({100 * right / len(samples):.1f} %), {took:.2f} s"
        )
    del segment


def _langdetect(module: Any, text: str) -> str:
    try:
        return str(module.detect(text))
    except Exception:
        return "?"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if the docs' table is not up to date")
    parser.add_argument(
        "--snapshot", action="store_true", help="rewrite the golden outlines (review the diff)"
    )
    parser.add_argument(
        "--extractors", action="store_true", help="trafilatura vs readability-lxml on saved pages"
    )
    parser.add_argument("--languages", action="store_true", help="language detectors on short texts")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="also list the posted boilerplate and lost lines"
    )
    args = parser.parse_args()
    if args.snapshot:
        snapshot()
        return 0
    if args.extractors:
        compare_extractors()
        return 0
    if args.languages:
        compare_languages()
        return 0
    rows = [measure(path, golden) for path, golden in articles()]
    text = table(rows)
    print(text)
    if args.verbose:
        for r in rows:
            for line in r.posted_lines:
                print(f"posted boilerplate in {r.name}: {line!r}")
            for line in r.lost:
                print(f"lost line in {r.name}: {line!r}")
    if not write_docs(text, args.check):
        print(f"{DOCS} is out of date: run python benchmarks/corpus_report.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
