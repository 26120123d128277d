"""Every corpus article has a golden series read by an editor, in the format the report reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tipqueue.config.settings import load_settings
from tipqueue.posts.models import PostKind
from tipqueue.posts.series import split_to_folder
from tipqueue.posts.series_review import draft, format_problems, judge, load_golden, review_text

HERE = Path(__file__).parent
CORPUS = HERE / "corpus"
GOLDEN = HERE / "golden_series"
ARTICLES = sorted(p.name for p in CORPUS.iterdir() if p.is_file())


def test_the_corpus_is_large_enough_and_every_article_has_a_golden_series() -> None:
    assert len(ARTICLES) >= 25
    missing = [a for a in ARTICLES if not (GOLDEN / f"{a}.json").is_file()]
    assert missing == [], "run python benchmarks/series_report.py --draft, then read and judge the posts"
    extra = sorted(p.name.removesuffix(".json") for p in GOLDEN.glob("*.json"))
    assert extra == ARTICLES


@pytest.mark.parametrize("name", ARTICLES)
def test_golden_series_file_is_well_formed_and_names_its_source(name: str) -> None:
    data = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    assert format_problems(data, name) == []
    assert data["article"] == name
    assert str(data.get("source") or "").startswith("http")


def test_a_post_whose_text_changed_since_review_is_unreviewed_not_publishable(tmp_path: Path) -> None:
    name = "abcnews-winter-skin-qa.txt"
    settings = load_settings(tmp_path, environ={}, check_files=False)
    posts = split_to_folder(CORPUS / name, tmp_path / "posts", settings).posts
    golden = load_golden(GOLDEN / f"{name}.json")
    reviewed = draft(name, None, posts, [])
    for entry in reviewed["posts"]:
        entry["verdict"] = "publish"
    from tipqueue.posts.series_review import Entry

    entries = [Entry(e["id"], e["kind"], e["text"], e["verdict"]) for e in reviewed["posts"]]
    assert all(j.verdict == "publish" for j in judge(posts, entries))
    tip = next(p for p in posts if p.kind is PostKind.TIP)
    changed = [
        p if p is not tip else p.__class__(**{**p.__dict__, "caption": p.caption + " Edited."}) for p in posts
    ]
    verdicts = [j.verdict for j in judge(changed, entries)]
    assert verdicts.count(None) == 1 and verdicts.count("publish") == len(posts) - 1
    assert review_text(tip) != review_text(changed[posts.index(tip)])
    assert isinstance(golden, list)


def test_format_problems_name_what_is_wrong() -> None:
    bad = {
        "format": 1,
        "article": "a.txt",
        "posts": [{"id": "a-01", "kind": "tip", "text": "x", "verdict": "edit"}],
    }
    assert format_problems(bad, "a.txt") == ["a.txt: post 1: an 'edit' verdict needs 'why'"]
    bad["posts"][0]["verdict"] = "maybe"  # type: ignore[index]
    assert "is not one of" in format_problems(bad, "a.txt")[0]
