"""Would an editor publish the series tipqueue makes of each real article? A table for docs/splitting.md.

For every article of the corpus (tests/posts/corpus/, each with its source in its golden file),
the series is made exactly as ``tipqueue split`` makes it with the default settings, then
compared with the golden series read by an editor (tests/posts/golden_series/<article>.json,
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
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tipqueue.config.settings import load_settings
from tipqueue.posts.models import PostKind
from tipqueue.posts.rubric import FLAGS, series_flags
from tipqueue.posts.series import SeriesResult, split_to_folder
from tipqueue.posts.series_review import draft, judge, load_golden, review_text

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "posts" / "corpus"
GOLDEN = ROOT / "tests" / "posts" / "golden_series"
START, END = "<!-- series-table:start -->", "<!-- series-table:end -->"


def corpus() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.is_file())


def source_of(article: Path) -> str | None:
    reading = CORPUS / "golden" / f"{article.name}.json"
    if reading.is_file():
        return json.loads(reading.read_text(encoding="utf-8")).get("source")
    return None


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


def measure(article: Path, out: Path) -> tuple[Row, SeriesResult, dict[str, list[Any]]]:
    result = make_series(article, out)
    golden_path = GOLDEN / f"{article.name}.json"
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
    total = [
        f"**{len(rows)} articles**",
        "",
        f"**{posts}** ({posts / max(len(rows), 1):.1f} per article, at most {max((r.posts for r in rows), default=0)})",
        f"**{sum(r.tips for r in rows)}**",
        f"**{publish} ({_pct(publish, posts)})**",
        f"**{sum(r.edit for r in rows)}**",
        f"**{sum(r.unreviewed for r in rows)}**",
        *(f"**{sum(r.flags[c] for r in rows)}**" for c in FLAGS),
    ]
    out.append("| " + " | ".join(total) + " |")
    return "\n".join(out)


def write_docs(doc_path: Path, text: str, *, check: bool) -> bool:
    doc = doc_path.read_text(encoding="utf-8")
    if START not in doc or END not in doc:
        raise SystemExit(f"{doc_path} has no {START} ... {END} markers; add them where the table goes")
    head, rest = doc.split(START, 1)
    _, tail = rest.split(END, 1)
    new = f"{head}{START}\n{text}\n{END}{tail}"
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


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--write", type=Path, metavar="DOC", help="put the table between the markers in DOC")
    parser.add_argument("--check", type=Path, metavar="DOC", help="exit 1 if DOC's table is not up to date")
    parser.add_argument("--draft", action="store_true", help="(re)write the golden files, keeping verdicts")
    parser.add_argument("--show", metavar="NAME", help="print one article's series with verdicts and flags")
    parser.add_argument("--flags", action="store_true", help="list every rubric flag")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, article in enumerate(corpus()):
            if args.show and args.show not in article.name:
                continue
            row, result, flags = measure(article, Path(tmp) / str(i))
            rows.append(row)
            golden_path = GOLDEN / f"{article.name}.json"
            golden = load_golden(golden_path) if golden_path.is_file() else []
            if args.show:
                show(result, flags, {e.text: (e.verdict, e.why) for e in golden})
            if args.flags:
                for post_id, fl in flags.items():
                    for f in fl:
                        print(f"{post_id}: {f.name}: {f.detail}")
            if args.draft:
                GOLDEN.mkdir(parents=True, exist_ok=True)
                data = draft(article.name, source_of(article), result.posts, golden)
                golden_path.write_text(
                    json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
                )
    text = table(rows)
    print(text)
    if args.write and not args.show:
        write_docs(args.write, text, check=False)
    if args.check and not write_docs(args.check, text, check=True):
        print(
            f"{args.check} is out of date: run python benchmarks/series_report.py --write {args.check}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
