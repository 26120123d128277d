"""Every article, of the corpus and of each held-out set, has a golden series read by an editor,
in the format the report reads. A verdict of "edit" is a finding, not a failure: the suite checks
the files, not how many posts would go out unchanged (that figure is the report's)."""

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
HELDOUT = HERE / "heldout"
HELDOUT_GOLDEN = HERE / "heldout_series"
# the report's --corpus value -> (articles, golden series, at least this many articles)
SETS = {
    "corpus": (CORPUS, GOLDEN, 25),
    "heldout": (HELDOUT, HELDOUT_GOLDEN, 12),
    "heldout2": (HERE / "heldout2", HERE / "heldout2_series", 9),
    "heldout3": (HERE / "heldout3", HERE / "heldout3_series", 10),
    "heldout4": (HERE / "heldout4", HERE / "heldout4_series", 10),
    "heldout5": (HERE / "heldout5", HERE / "heldout5_series", 10),
    "heldout6": (HERE / "heldout6", HERE / "heldout6_series", 10),
    "heldout7": (HERE / "heldout7", HERE / "heldout7_series", 10),
    "heldout8": (HERE / "heldout8", HERE / "heldout8_series", 10),
}


def articles(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_file() and p.suffix != ".md")


ARTICLES = articles(CORPUS)
GOLDEN_FILES = [(s, n) for s, (folder, _, _) in SETS.items() for n in articles(folder)]


@pytest.mark.parametrize("which", sorted(SETS))
def test_each_set_is_large_enough_and_every_article_has_a_golden_series(which: str) -> None:
    folder, golden, least = SETS[which]
    names = articles(folder)
    assert len(names) >= least
    missing = [a for a in names if not (golden / f"{a}.json").is_file()]
    assert missing == [], (
        f"run python benchmarks/series_report.py --corpus {which} --draft, then read and judge the posts"
    )
    extra = sorted(p.name.removesuffix(".json") for p in golden.glob("*.json"))
    assert extra == names


def test_no_article_is_in_two_sets() -> None:
    def stems(names: list[str]) -> set[str]:
        return {n.rsplit(".", 1)[0] for n in names}

    def sources(which: str) -> set[str]:
        folder, golden, _ = SETS[which]
        return {
            json.loads((golden / f"{n}.json").read_text(encoding="utf-8")).get("source")
            for n in articles(folder)
        }

    for one, other in [(a, b) for a in SETS for b in SETS if a < b]:
        assert stems(articles(SETS[one][0])) & stems(articles(SETS[other][0])) == set(), (one, other)
        assert sources(one) & sources(other) == set(), (one, other)


@pytest.mark.parametrize(("which", "name"), GOLDEN_FILES)
def test_golden_series_file_is_well_formed_and_names_its_source(which: str, name: str) -> None:
    golden = SETS[which][1]
    data = json.loads((golden / f"{name}.json").read_text(encoding="utf-8"))
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


def test_a_refused_article_is_judged_as_a_refusal_and_rejudged_when_the_reason_changes(
    tmp_path: Path,
) -> None:
    from tipqueue.config.errors import InputError
    from tipqueue.posts.series_review import Refusal, draft_refusal, judge_refusal, load_refusal

    handbag = tmp_path / "handbag.txt"
    handbag.write_text(
        "Die Tasche\n\nDiese Handtasche hat ein Geheimnis im Inneren. Sie ist aus Leder gemacht.\n\n"
        "Jede Tasche ist ein Unikat mit einem Original-Schriftstück.\n",
        encoding="utf-8",
    )
    settings = load_settings(tmp_path, environ={}, check_files=False)
    with pytest.raises(InputError) as refused:
        split_to_folder(handbag, tmp_path / "posts", settings)
    assert not (tmp_path / "posts").exists() or not any((tmp_path / "posts").iterdir())
    data = draft_refusal("handbag.txt", "https://example.org/", Refusal(str(refused.value), "right", "an ad"))
    assert format_problems(data, "handbag.txt") == []
    golden = tmp_path / "handbag.txt.json"
    golden.write_text(json.dumps(data), encoding="utf-8")
    assert judge_refusal(str(refused.value), load_refusal(golden)).verdict == "right"
    assert judge_refusal("another reason", load_refusal(golden)).verdict is None
    data["refused"]["why"] = ""  # type: ignore[index]
    assert format_problems(data, "handbag.txt") == ["handbag.txt: a refusal verdict needs 'why'"]
