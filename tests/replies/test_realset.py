"""The finder measured on real readers' words (tests/replies/realset): the goals, and the set itself."""

from __future__ import annotations

import json
from pathlib import Path

from tipqueue.replies.evaluate import evaluate, load_labelled, report
from tipqueue.replies.gadgets import GadgetMatcher
from tipqueue.replies.lexicon import bundled_lexicon
from typer.testing import CliRunner

from tipqueue.cli import app

REALSET = Path(__file__).parent / "realset" / "replies.jsonl"


def _matcher() -> GadgetMatcher:
    return GadgetMatcher(bundled_lexicon())


def test_the_set_is_real_labelled_and_split_by_page() -> None:
    rows = [json.loads(line) for line in REALSET.read_text(encoding="utf-8").splitlines()]
    positives = [r for r in rows if not r["negative"]]
    negatives = [r for r in rows if r["negative"]]
    assert len(positives) >= 300 and len(negatives) >= 100
    assert all(r["source"].startswith("http") and r["text"].strip() for r in rows)
    assert {r["lang"] for r in rows} >= {"en", "de", "fr", "es", "it", "ja", "ko"}
    categories = set(bundled_lexicon().categories)
    assert {g["category"] for r in positives for g in r["gold"]} <= categories
    assert sum(g["anaphoric"] for r in rows for g in r["gold"]) >= 60
    split_of: dict[str, str] = {}
    for r in rows:  # a page is wholly dev or wholly held out
        assert split_of.setdefault(r["source"], r["split"]) == r["split"]
    held = sum(1 for r in rows if r["split"] == "holdout") / len(rows)
    assert 0.2 <= held <= 0.4


def test_goals_on_the_development_part() -> None:
    result = evaluate(load_labelled(REALSET), _matcher(), split="dev")
    print("\n" + report(result, title="real set, dev"))
    assert result.named_recall >= 0.95
    assert result.anaphoric_recall >= 0.6
    assert result.false_gadget_rate <= 0.03
    assert result.stance_agreement >= 0.85
    assert result.precision >= 0.95


def test_goals_pooled_over_every_labelled_file() -> None:
    """The fourteen files of the real set as one, as ``replies evaluate realset/*.jsonl`` pools
    them: the goals hold, with room for a reply or two of noise (named 0.956, anaphoric 0.792,
    false gadgets 9 of 405, stance 0.881, precision 0.980)."""
    from dataclasses import replace

    names = ["replies", "negatives2", "fresh", *(f"fresh{n}" for n in range(2, 13))]
    files = [REALSET.with_name(f"{name}.jsonl") for name in names]
    items = [replace(i, id=f"{f.stem}:{i.id}") for f in files for i in load_labelled(f)]
    result = evaluate(items, _matcher())
    print("\n" + report(result, title=f"pooled, {len(files)} files"))
    assert len(files) == 14
    assert result.named_recall >= 0.953
    assert result.negatives_with_gadget <= 10
    assert result.false_gadget_rate <= 0.03
    assert result.anaphoric_recall >= 0.78
    assert result.stance_agreement >= 0.87
    assert result.precision >= 0.975


def test_held_out_part_keeps_negatives_clean_and_resolves_anaphora() -> None:
    """Never tuned on: named recall and stance fall short of the goals here (see the note);
    what holds is no false gadgets and anaphora resolved from context."""
    result = evaluate(load_labelled(REALSET), _matcher(), split="holdout")
    print("\n" + report(result, title="real set, held out"))
    assert result.false_gadget_rate <= 0.03
    assert result.anaphoric_recall >= 0.6
    assert result.named_recall >= 0.75


def test_context_is_what_finds_anaphora() -> None:
    items = load_labelled(REALSET)
    alone = evaluate(items, _matcher(), use_context=False)
    threaded = evaluate(items, _matcher())
    assert alone.anaphoric_recall < 0.1 < 0.6 <= threaded.anaphoric_recall


def test_evaluate_command_prints_the_figures_and_refuses_a_bad_file(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app, ["--workspace", str(tmp_path), "replies", "evaluate", str(REALSET), "--split", "dev"]
    )
    assert result.exit_code == 0, result.output
    assert "recall, anaphoric" in result.output and "stance agreement" in result.output
    as_json = runner.invoke(
        app, ["--workspace", str(tmp_path), "replies", "evaluate", str(REALSET), "--json"]
    )
    assert json.loads(as_json.output)["items"] == 404
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"text": "x", "gold": [{"category": "led-mask", "stance": "adores"}]}\n', encoding="utf-8"
    )
    refused = runner.invoke(app, ["--workspace", str(tmp_path), "replies", "evaluate", str(bad)])
    assert refused.exit_code == 2
    assert "line 1" in refused.output and "adores" in refused.output
    assert "Traceback" not in refused.output


def test_the_second_fresh_set_is_new_pages_only_and_keeps_negatives_clean() -> None:
    """fresh2.jsonl: labelled before the finder ever ran on it, from pages no other set and no
    lexicon source uses; the finder must not invent gadgets on its negatives."""
    import tomllib

    from tipqueue.replies.lexicon import bundled_lexicon_path

    fresh2 = REALSET.with_name("fresh2.jsonl")
    rows = [json.loads(line) for line in fresh2.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 100 and sum(r["negative"] for r in rows) >= 15
    assert {r["lang"] for r in rows} >= {"en", "de", "fr", "es", "it", "ja", "ko"}
    assert {g["category"] for r in rows for g in r["gold"]} <= set(bundled_lexicon().categories)
    older = {
        json.loads(line)["source"]
        for name in ("replies.jsonl", "fresh.jsonl")
        for line in REALSET.with_name(name).read_text(encoding="utf-8").splitlines()
    }
    sources = tomllib.loads(
        bundled_lexicon_path().with_name("lexicon_sources.toml").read_text(encoding="utf-8")
    )
    older |= {s["url"] for s in sources["source"]}
    assert not {r["source"] for r in rows} & older
    result = evaluate(load_labelled(fresh2), _matcher())
    print("\n" + report(result, title="fresh2 (never tuned on)"))
    assert result.false_gadget_rate <= 0.03


def test_each_later_set_is_new_pages_labelled_with_the_lexicon_categories() -> None:
    """fresh to fresh12 measure pages nobody tuned on: none shares a page with an
    earlier set or with the lexicon's sources, and every label is a category of the lexicon."""
    folder = REALSET.parent
    categories = set(bundled_lexicon().categories)
    sources_text = (Path(__file__).parents[2] / "config" / "lexicon_sources.toml").read_text(encoding="utf-8")
    seen: set[str] = {json.loads(line)["source"] for line in REALSET.read_text(encoding="utf-8").splitlines()}
    for name in (
        "fresh.jsonl",
        "fresh2.jsonl",
        "fresh3.jsonl",
        "fresh4.jsonl",
        "fresh5.jsonl",
        "fresh6.jsonl",
        "fresh7.jsonl",
        "fresh8.jsonl",
        "fresh9.jsonl",
        "fresh10.jsonl",
        "fresh11.jsonl",
        "fresh12.jsonl",
    ):
        rows = [json.loads(line) for line in (folder / name).read_text(encoding="utf-8").splitlines()]
        pages = {r["source"] for r in rows}
        assert not pages & seen, name
        assert not any(f'"{page}"' in sources_text for page in pages), name
        assert {g["category"] for r in rows for g in r["gold"]} <= categories, name
        assert all(r["negative"] == (not r["gold"]) for r in rows), name
        seen |= pages
    fresh3 = [json.loads(line) for line in (folder / "fresh3.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(fresh3) >= 100 and sum(r["negative"] for r in fresh3) >= 25
    fresh5 = [json.loads(line) for line in (folder / "fresh5.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sum(not r["negative"] for r in fresh5) >= 60 and sum(r["negative"] for r in fresh5) >= 15
    fresh6 = [json.loads(line) for line in (folder / "fresh6.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sum(not r["negative"] for r in fresh6) >= 60 and sum(r["negative"] for r in fresh6) >= 15
    assert {r["lang"] for r in fresh6} >= {"en", "de", "fr", "es", "it", "ja", "ko"}
    fresh7 = [json.loads(line) for line in (folder / "fresh7.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sum(not r["negative"] for r in fresh7) >= 60 and sum(r["negative"] for r in fresh7) >= 15
    assert {r["lang"] for r in fresh7} >= {"en", "de", "fr", "es", "it", "ja", "ko"}


def test_evaluate_pools_several_files_into_one_figure(tmp_path: Path) -> None:
    """Several sets are scored each and then as one pooled set (ids may repeat across files)."""
    runner = CliRunner()
    fresh, fresh4 = REALSET.with_name("fresh.jsonl"), REALSET.with_name("fresh4.jsonl")
    result = runner.invoke(
        app, ["--workspace", str(tmp_path), "replies", "evaluate", str(fresh), str(fresh4), "--json"]
    )
    assert result.exit_code == 0, result.output
    alone, other, pooled = json.loads(result.output)
    assert pooled["set"].startswith("pooled, 2 files")
    assert pooled["items"] == alone["items"] + other["items"]
    assert pooled["negatives_with_gadget"] == alone["negatives_with_gadget"] + other["negatives_with_gadget"]
    assert pooled["stance_pairs"] == alone["stance_pairs"] + other["stance_pairs"]
