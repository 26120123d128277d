"""Selection: the best N ideas in article order, the rest listed with score and reason, swaps."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tipqueue.config.errors import InputError
from tipqueue.config.settings import Settings
from tipqueue.posts.article import parse_article, read_article
from tipqueue.posts.models import PostKind
from tipqueue.posts.series import build_series, make_plan, split_to_folder

CORPUS = Path(__file__).parent / "corpus"

MIXED = """Winter skin, day by day

Cold air and heating dry the skin out faster than most people expect, so winter care starts early.

Moisturise on damp skin

Apply your moisturiser within a minute of washing, while the skin is still damp, so it seals the water in.

Our trip

Our flight to the mountains left at six, and the hotel was lovely; I just had to buy three more scarves!

Price check

I spent $80 on this cream and it was worth every dollar, it's the priciest jar I own.

Lukewarm water

Wash with lukewarm water, never hot: hot water strips the oils that keep the skin barrier whole.

A shortcut

Honestly, skip the dermatologist: a cheap balm fixes any rash in a day or two.

Sunscreen in winter

Wear sunscreen every morning in winter too, because UVA rays pass through clouds and windows.
"""


def test_advice_is_chosen_and_narrative_promotion_and_anti_clinic_lines_are_not(settings: Settings) -> None:
    plan = make_plan(parse_article(MIXED), settings, tips=3)
    chosen = [c.tip.section for c in plan.chosen]
    assert chosen == ["Moisturise on damp skin", "Lukewarm water", "Sunscreen in winter"]
    reasons = {u.section: u.reason for u in plan.unused}
    assert reasons["Our trip"].startswith(("anecdote", "travel narrative"))
    assert reasons["Price check"].startswith(("promotion", "spending"))
    assert reasons["A shortcut"].startswith("against the clinic's message")
    assert all("score" in r for r in reasons.values())


def test_review_and_series_json_list_every_idea_not_in_the_series(settings: Settings, tmp_path: Path) -> None:
    article = tmp_path / "winter.txt"
    article.write_text(MIXED, encoding="utf-8")
    result = split_to_folder(article, tmp_path / "out", settings)
    review = (result.folder / "review.md").read_text(encoding="utf-8")
    assert "## Not in the series" in review
    assert "· A shortcut · score" in review and "against the clinic's message" in review
    assert "Idea 2 · score 7.5 · chosen for: instruction" in review
    series = json.loads((result.folder / "series.json").read_text(encoding="utf-8"))
    assert {u["section"] for u in series["unused"]} >= {"Our trip", "Price check", "A shortcut"}
    assert all({"idea", "score", "reason", "text"} <= set(u) for u in series["unused"])
    assert [t["post"] for t in series["tips"]] == [p.id for p in result.posts if p.kind is PostKind.TIP]


def test_tips_n_gives_exactly_n_tips_in_article_order(settings: Settings) -> None:
    article = parse_article(MIXED)
    for n in (1, 2, 5):
        plan = make_plan(article, settings, tips=n)
        numbers = [c.number for c in plan.chosen]
        assert len(numbers) == n and numbers == sorted(numbers)
    with pytest.raises(InputError, match="--tips 0 is out of range"):
        make_plan(article, settings, tips=0)


def _round_up(sections: int) -> str:
    topics = [
        ("Cleanser", "Wash with a gentle cleanser twice a day, because harsh soaps strip the skin barrier."),
        ("Sunscreen", "Apply sunscreen every morning, since daily UV exposure causes most visible ageing."),
        ("Retinol", "Start retinol two nights a week, because the skin needs time to get used to it."),
        ("Moisturiser", "Use a moisturiser on damp skin, which helps it hold on to the water."),
        ("Vitamin C", "Try a vitamin C serum in the morning, as it protects against pollution."),
        ("Exfoliation", "Exfoliate once a week at most, because more often irritates the skin."),
        ("Sleep", "Change your pillowcase twice a week, since it collects oil and bacteria."),
        ("Water", "Keep showers short and lukewarm, because hot water dries the skin out."),
        ("Lips", "Use a lip balm with SPF, because lips burn as easily as the rest of the face."),
        ("Hands", "Apply hand cream after every wash, as soap removes the skin's own oils."),
        ("Eyes", "Pat eye cream on with your ring finger, which presses the least on thin skin."),
        ("Diet", "Eat oily fish twice a week, because omega-3 fats help the skin barrier."),
    ]
    parts = ["The big skin-care round-up", "Our team shared the habits they swear by, one topic each."]
    for n in range(sections):
        heading, advice = topics[n % len(topics)]
        detail = (
            f"Our editor number {n} adds that consistency matters more than any single product, and that "
            "results take about six weeks to show on the skin."
        )
        parts += [f"{heading} habit {n}", f"{advice} {detail}"]
    return "\n\n".join(parts) + "\n"


def test_a_long_round_up_gives_at_most_ten_tips_and_twelve_posts(settings: Settings) -> None:
    text = _round_up(75)
    assert len(text.split()) > 3000
    article = parse_article(text)
    plan = make_plan(article, settings)
    posts = build_series(plan, settings)
    assert 8 <= len(plan.chosen) <= 10 and len(posts) <= 12
    assert len(plan.unused) == 75 - len(plan.chosen)


def test_no_corpus_article_makes_a_series_over_twelve_posts(settings: Settings) -> None:
    sizes = {}
    for path in sorted(p for p in CORPUS.iterdir() if p.is_file() and p.suffix in (".txt", ".html")):
        plan = make_plan(read_article(path), settings)
        sizes[path.name] = len(build_series(plan, settings))
        assert plan.problems() == [], path
    assert max(sizes.values()) <= 12, sizes
    # the corpus's longest text (hellogiggles, a saved page of 4,100 words, 770 of them content) fills
    # its series: 7 tips at most, 4 or more posts (it made 29 before; three ideas are cut off where the
    # page was saved, two of them running two sentences together, its transition "To understand ..., you need to understand ..." announces what
    # follows and is never a tip, nor is its teaser "If your mind is blown, just wait.", the paragraph quoting another publication's interview,
    # "tells HelloGiggles", is not posted while other ideas remain, and neither is its opening hook,
    # "everything you think you know about dead skin cells is wrong", which gives no advice)
    assert 4 <= sizes["hellogiggles-com-skin.html"] <= 12


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from tipqueue.cli import main; main()", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_one_command_swaps_an_unused_idea_in_and_the_choice_stays(tmp_path: Path) -> None:
    article = tmp_path / "winter.txt"
    article.write_text(MIXED, encoding="utf-8")
    out = tmp_path / "out"
    assert _cli("split", str(article), "-o", str(out), "--tips", "3", cwd=tmp_path).returncode == 0
    folder = next(out.iterdir())
    series = json.loads((folder / "series.json").read_text(encoding="utf-8"))
    unused = next(u for u in series["unused"] if u["section"] == "Our trip")
    first_tip = series["tips"][0]
    done = _cli(
        "split", str(article), "-o", str(out), "--tips", "3", "--use", str(unused["idea"]),
        "--instead-of", "02", cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    series = json.loads((folder / "series.json").read_text(encoding="utf-8"))
    assert unused["idea"] in [t["idea"] for t in series["tips"]]
    assert first_tip["idea"] in [u["idea"] for u in series["unused"]]
    assert series["choices"] == [{"use": unused["idea"], "instead_of": first_tip["idea"]}]
    review = (folder / "review.md").read_text(encoding="utf-8")
    assert "chosen by staff" in review and f"idea {unused['idea']} is in the series instead of" in review
    # a later run without the options keeps the staff's choice
    assert _cli("split", str(article), "-o", str(out), "--tips", "3", cwd=tmp_path).returncode == 0
    again = json.loads((folder / "series.json").read_text(encoding="utf-8"))
    assert again["choices"] == series["choices"] and again["tips"] == series["tips"]


def test_a_wrong_swap_is_one_line_and_exit_2(tmp_path: Path) -> None:
    article = tmp_path / "winter.txt"
    article.write_text(MIXED, encoding="utf-8")
    done = _cli("split", str(article), "-o", str(tmp_path), "--use", "99", "--instead-of", "02", cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.strip().count("\n") == 0
    assert "idea 99 is not an idea of this article" in done.stderr
    done = _cli("split", str(article), "-o", str(tmp_path), "--use", "3", cwd=tmp_path)
    assert done.returncode == 2 and "--use and --instead-of go together" in done.stderr
    done = _cli("split", "--help", cwd=tmp_path)
    assert "--use" in done.stdout and "--instead-of" in done.stdout and "--tips" in done.stdout
