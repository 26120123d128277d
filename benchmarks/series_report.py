"""Would an editor publish the series tipqueue makes of each real article? A table for docs/splitting.md.

For every article of the corpus (tests/posts/corpus/, each with its source in its golden file),
or of a held-out set (tests/posts/heldout/, heldout2/, heldout3/, heldout4/, heldout5/, heldout6/, heldout7/ and heldout8/, sources in their SOURCES.md;
never used to tune the splitter, so they show how the splitter does on articles it has not seen), the series is made exactly as ``tipqueue split`` makes it with the default settings, then
compared with the golden series read by an editor (tests/posts/golden_series/<article>.json, for a held-out
set tests/posts/heldout_series/, heldout2_series/, heldout3_series/, heldout4_series/, heldout5_series/, heldout6_series/, heldout7_series/ or heldout8_series/<article>.json;
:mod:`tipqueue.posts.series_review`): posts, tips, posts publishable unchanged, posts needing an
edit, posts not read in their current form ("unreviewed", never counted as publishable), and
the posts the automatic rubric (:mod:`tipqueue.posts.rubric`) flags, per flag.

    python benchmarks/series_report.py                         # print the table
    python benchmarks/series_report.py --write docs/splitting.md   # ... and put it in the docs
    python benchmarks/series_report.py --check docs/splitting.md   # exit 1 if the docs are stale
    python benchmarks/series_report.py --draft                 # golden files for the current output:
                                                               # verdicts kept where a post is
                                                               # unchanged, null where it must be read
    python benchmarks/series_report.py --show NAME             # one article's series, for reading
    python benchmarks/series_report.py --flags                 # every rubric flag, post by post
    python benchmarks/series_report.py --corpus heldout ...    # the same for the held-out set
    python benchmarks/series_report.py --corpus heldout2 ...   # ... and for the second one
    python benchmarks/series_report.py --corpus heldout3 ...   # ... and for the third one
    python benchmarks/series_report.py --corpus heldout4 ...   # ... and for the fourth one
    python benchmarks/series_report.py --corpus heldout5 ...   # ... and for the fifth one
    python benchmarks/series_report.py --corpus heldout6 ...   # ... and for the sixth one
    python benchmarks/series_report.py --corpus heldout7 ...   # ... and for the seventh one
    python benchmarks/series_report.py --corpus heldout8 ...   # ... and for the eighth one

--write and --check cover every set: each has its own table in the docs, between its own markers.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tipqueue.config.errors import InputError
from tipqueue.config.settings import load_settings
from tipqueue.posts.models import PostKind
from tipqueue.posts.rubric import FLAGS, series_flags
from tipqueue.posts.series import SeriesResult, split_to_folder
from tipqueue.posts.series_review import (
    Refusal,
    draft,
    draft_refusal,
    judge,
    judge_refusal,
    load_golden,
    load_refusal,
    review_text,
)

ROOT = Path(__file__).resolve().parents[1]
POSTS_TESTS = ROOT / "tests" / "posts"


@dataclass(frozen=True)
class Corpus:
    """A set of real articles, the golden series read for them, and where its table goes."""

    name: str
    articles: Path
    golden: Path
    heading: str  # of the docs section that holds the table, added by --write when missing
    start: str
    end: str
    intro: str = ""  # the new section's text, for a set whose markers --write may add

    @property
    def sources(self) -> Path:
        return self.articles / "SOURCES.md"

    def files(self) -> list[Path]:
        return sorted(p for p in self.articles.iterdir() if p.is_file() and p.suffix != ".md")

    def golden_path(self, article: Path) -> Path:
        return self.golden / f"{article.name}.json"

    def source_of(self, article: Path) -> str | None:
        if self.sources.is_file():
            return heldout_sources(self.sources).get(article.stem)
        reading = self.articles / "golden" / f"{article.name}.json"
        if reading.is_file():
            source = json.loads(reading.read_text(encoding="utf-8")).get("source")
            return str(source) if source else None
        return None


def _later_heldout(n: int, ordinal: str, count: str, collected: bool) -> Corpus:
    """The n-th held-out set (n >= 2): its folders, heading, docs markers and introduction."""
    name = f"heldout{n}"
    editor = "collected and read by an editor" if collected else "read by an editor"
    intro = (
        f"The same report on {count} more real articles, {editor} who did not tune the splitter\n"
        f"(tests/posts/{name}/, sources in its SOURCES.md; golden series in tests/posts/{name}_series/)."
    )
    return Corpus(
        name,
        POSTS_TESTS / name,
        POSTS_TESTS / f"{name}_series",
        f"{ordinal} held-out set",
        f"<!-- {name}-table:start -->",
        f"<!-- {name}-table:end -->",
        intro,
    )


CORPORA = {
    "corpus": Corpus(
        "corpus",
        POSTS_TESTS / "corpus",
        POSTS_TESTS / "golden_series",
        "Would an editor publish it? The series report",
        "<!-- series-table:start -->",
        "<!-- series-table:end -->",
    ),
    "heldout": Corpus(
        "heldout",
        POSTS_TESTS / "heldout",
        POSTS_TESTS / "heldout_series",
        "Held-out articles (not used for tuning)",
        "<!-- heldout-table:start -->",
        "<!-- heldout-table:end -->",
        """The same report on twelve real articles that were never used to tune the splitter's rules
(tests/posts/heldout/, sources in its SOURCES.md; golden series in tests/posts/heldout_series/):
how the splitter does on articles it has not seen. `python benchmarks/series_report.py --corpus
heldout --draft` and `--show NAME` work on it as on the corpus; `--write` and `--check` cover every set.""",
    ),
    **{
        f"heldout{n}": _later_heldout(n, ordinal, count, collected)
        for n, ordinal, count, collected in (
            (2, "Second", "ten", False),
            (3, "Third", "twelve", False),
            (4, "Fourth", "eleven", True),
            (5, "Fifth", "eleven", True),
            (6, "Sixth", "twelve", True),
            (7, "Seventh", "eleven", True),
            (8, "Eighth", "twelve", True),
        )
    },
}


def heldout_sources(path: Path) -> dict[str, str]:
    """slug -> URL from a held-out set's SOURCES.md table (rows: | slug | URL | ...)."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and cells[1].startswith("http"):
            out[cells[0]] = cells[1]
    return out


def make_series(article: Path, out: Path) -> SeriesResult:
    """The series as `tipqueue split ARTICLE` makes it in a workspace with no settings file."""
    settings = load_settings(out, environ={}, check_files=False)
    return split_to_folder(article, out / "posts", settings)


@dataclass
class Row:
    name: str
    language: str
    posts: int
    tips: int
    publish: int
    edit: int
    unreviewed: int
    flags: dict[str, int] = field(default_factory=dict)
    flagged: int = 0
    refusal: Refusal | None = None  # split wrote no series, and the editor's verdict on that


def measure(
    corpus: Corpus, article: Path, out: Path
) -> tuple[Row, SeriesResult | None, dict[str, list[Any]]]:
    golden_path = corpus.golden_path(article)
    try:
        result = make_series(article, out)
    except InputError as refused:  # "nothing in this article reads as advice ...": no series
        recorded = load_refusal(golden_path) if golden_path.is_file() else None
        refusal = judge_refusal(str(refused), recorded)
        return Row(article.name, "", 0, 0, 0, 0, 0, dict.fromkeys(FLAGS, 0), 0, refusal), None, {}
    golden = load_golden(golden_path) if golden_path.is_file() else []
    judged = judge(result.posts, golden)
    flags = series_flags(result.posts, result.article, result.sections)
    counts = {code: sum(any(f.code == code for f in fl) for fl in flags.values()) for code in FLAGS}
    row = Row(
        article.name,
        result.article.language,
        len(result.posts),
        sum(p.kind is PostKind.TIP for p in result.posts),
        sum(j.verdict == "publish" for j in judged),
        sum(j.verdict == "edit" for j in judged),
        sum(j.verdict is None for j in judged),
        counts,
        sum(bool(fl) for fl in flags.values()),
    )
    return row, result, flags  # type: ignore[return-value]


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f} %" if whole else "-"


def table(rows: list[Row]) -> str:
    heads = ["article", "lang", "posts", "tips", "publish unchanged", "needs edit", "unreviewed"]
    heads += [FLAGS[c] for c in FLAGS]
    out = ["| " + " | ".join(heads) + " |", "| " + " | ".join("---" for _ in heads) + " |"]
    for r in rows:
        cells = [r.name, r.language, str(r.posts), str(r.tips), f"{r.publish} ({_pct(r.publish, r.posts)})"]
        cells += [str(r.edit), str(r.unreviewed), *(str(r.flags[c]) for c in FLAGS)]
        out.append("| " + " | ".join(cells) + " |")
    posts = sum(r.posts for r in rows)
    publish = sum(r.publish for r in rows)
    made = [r for r in rows if r.refusal is None]
    total = [
        f"**{len(rows)} articles**",
        "",
        f"**{posts}** ({posts / max(len(made), 1):.1f} per series, at most {max((r.posts for r in rows), default=0)})",
        f"**{sum(r.tips for r in rows)}**",
        f"**{publish} ({_pct(publish, posts)})**",
        f"**{sum(r.edit for r in rows)}**",
        f"**{sum(r.unreviewed for r in rows)}**",
        *(f"**{sum(r.flags[c] for r in rows)}**" for c in FLAGS),
    ]
    out.append("| " + " | ".join(total) + " |")
    refused = [r for r in rows if r.refusal is not None]
    if refused:
        out.append("")
        agreed = sum(r.refusal.verdict == "right" for r in refused if r.refusal)
        out.append(
            f"{len(refused)} of {len(rows)} articles get no series (split refuses them); the editor agrees "
            f"with {agreed} of those refusals:"
        )
        out.append("")
        for r in refused:
            assert r.refusal is not None
            verdict = {"right": "right to refuse", "wrong": "WRONG to refuse"}.get(
                r.refusal.verdict or "", "not read yet"
            )
            out.append(f"- {r.name}: {verdict}. {r.refusal.why}".rstrip())
    return "\n".join(out)


def write_docs(doc_path: Path, corpus: Corpus, text: str, *, check: bool) -> bool:
    """Put the table between the corpus's markers in the doc (or, with check, say if it is there)."""
    try:
        doc = doc_path.read_text(encoding="utf-8")
    except OSError as err:
        raise SystemExit(
            f"cannot read {doc_path}: {err.strerror}; give the path of docs/splitting.md"
        ) from None
    start, end = corpus.start, corpus.end
    if (start in doc) != (end in doc) or (start not in doc and not corpus.intro):
        raise SystemExit(f"{doc_path} has no {start} ... {end} markers; add them where the table goes")
    if start not in doc:  # a held-out section goes right after the table of the set before it
        names = list(CORPORA)
        anchor = CORPORA[names[names.index(corpus.name) - 1]].end
        section = f"\n\n## {corpus.heading}\n\n{corpus.intro}\n\n{start}\n{end}"
        doc = doc.replace(anchor, anchor + section, 1) if anchor in doc else doc.rstrip("\n") + section + "\n"
    head, rest = doc.split(start, 1)
    _, tail = rest.split(end, 1)
    new = f"{head}{start}\n{text}\n{end}{tail}"
    if check:
        return new == doc
    doc_path.write_text(new, encoding="utf-8")
    return True


def show(
    result: SeriesResult, flags: dict[str, list[Any]], golden: dict[str, tuple[str | None, str]]
) -> None:
    for post in result.posts:
        verdict, why = golden.get(review_text(post), (None, ""))
        marks = ", ".join(f"{f.name}: {f.detail}" for f in flags.get(post.id, []))
        print(f"=== {post.id} [{post.kind.value}] verdict={verdict} {why}")
        if marks:
            print(f"    rubric: {marks}")
        print(review_text(post))
        print()


def run(corpus: Corpus, args: argparse.Namespace, tmp: Path) -> str:
    """Make and measure every series of one corpus (printing, drafting as asked); its table."""
    rows = []
    for i, article in enumerate(corpus.files()):
        if args.show and args.show not in article.name:
            continue
        row, result, flags = measure(corpus, article, tmp / f"{corpus.name}-{i}")
        rows.append(row)
        golden_path = corpus.golden_path(article)
        if result is None:  # refused: no posts to show or judge, only the refusal
            assert row.refusal is not None
            if args.show:
                print(f"=== {article.name}: no series. {row.refusal.message}")
                print(f"    verdict on the refusal={row.refusal.verdict} {row.refusal.why}")
            if args.draft:
                data = draft_refusal(article.name, corpus.source_of(article), row.refusal)
                golden_path.write_text(
                    json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
                )
            continue
        golden = load_golden(golden_path) if golden_path.is_file() else []
        if args.show:
            show(result, flags, {e.text: (e.verdict, e.why) for e in golden})
        if args.flags:
            for post_id, fl in flags.items():
                for f in fl:
                    print(f"{post_id}: {f.name}: {f.detail}")
        if args.draft:
            corpus.golden.mkdir(parents=True, exist_ok=True)
            data = draft(article.name, corpus.source_of(article), result.posts, golden)
            golden_path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return table(rows)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--corpus",
        choices=sorted(CORPORA),
        default="corpus",
        help="which articles: the development corpus (default) or a held-out set (heldout, heldout2, heldout3, heldout4, heldout5, heldout6, heldout7, heldout8)",
    )
    parser.add_argument(
        "--write", type=Path, metavar="DOC", help="put every set's table between its markers in DOC"
    )
    parser.add_argument(
        "--check", type=Path, metavar="DOC", help="exit 1 if any of DOC's tables is not up to date"
    )
    parser.add_argument("--draft", action="store_true", help="(re)write the golden files, keeping verdicts")
    parser.add_argument("--show", metavar="NAME", help="print one article's series with verdicts and flags")
    parser.add_argument("--flags", action="store_true", help="list every rubric flag")
    args = parser.parse_args()
    chosen = CORPORA[args.corpus]
    if args.show and not any(args.show in a.name for a in chosen.files()):
        print(
            f"no {chosen.name} article matches --show {args.show!r}; see {chosen.articles.relative_to(ROOT)}/",
            file=sys.stderr,
        )
        return 2
    every = bool(args.write or args.check) and not args.show
    tables = {}
    with tempfile.TemporaryDirectory() as tmp:
        for corpus in [chosen] + [c for c in CORPORA.values() if every and c is not chosen]:
            quiet = corpus is not chosen
            tables[corpus.name] = run(corpus, args if not quiet else QUIET, Path(tmp))
    print(tables[chosen.name])
    if args.write and not args.show:
        for name, text in tables.items():
            write_docs(args.write, CORPORA[name], text, check=False)
    stale = [
        n
        for n, text in tables.items()
        if args.check and not write_docs(args.check, CORPORA[n], text, check=True)
    ]
    if stale:
        print(
            f"{args.check} is out of date ({', '.join(stale)}): run python benchmarks/series_report.py --write {args.check}",
            file=sys.stderr,
        )
        return 1
    return 0


QUIET = argparse.Namespace(show=None, flags=False, draft=False)


if __name__ == "__main__":
    sys.exit(main())
