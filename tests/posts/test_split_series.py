"""The series on disk: the reviewed golden output, limits, re-runs that respect staff edits, the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tipqueue.config.errors import InputError
from tipqueue.config.settings import Settings
from tipqueue.posts.article import read_article
from tipqueue.posts.folder import find_post_folders, post_from_dict, read_post_folder, read_posts, write_post
from tipqueue.posts.models import MediaKind, PostKind
from tipqueue.posts.series import (
    build_series,
    make_plan,
    posts_as_json,
    series_problems,
    series_text,
    split_to_folder,
)

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden" / "facial-muscles.json"


def _golden_view(result_json: list[dict[str, object]], dropped: list[dict[str, str]]) -> dict[str, object]:
    return {"dropped": dropped, "posts": result_json}


def test_bundled_article_matches_the_reviewed_golden_file(
    bundled_article: Path, settings: Settings, tmp_path: Path
) -> None:
    result = split_to_folder(bundled_article, tmp_path / "posts", settings)
    view = _golden_view(
        posts_as_json(result), [{"text": d.text, "reason": d.reason} for d in result.article.dropped]
    )
    if os.environ.get("TIPQUEUE_UPDATE_GOLDEN"):
        old = json.loads(GOLDEN.read_text(encoding="utf-8")) if GOLDEN.exists() else {}
        GOLDEN.write_text(
            json.dumps({"review": old.get("review", []), **view}, indent=2, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert golden["review"], "the golden file must carry the reviewer's notes"
    assert {"dropped": golden["dropped"], "posts": golden["posts"]} == view


def test_bundled_series_reads_as_a_reviewer_expects(
    bundled_article: Path, settings: Settings, tmp_path: Path
) -> None:
    result = split_to_folder(bundled_article, tmp_path, settings)
    posts = result.posts
    assert [p.kind for p in posts] == [PostKind.COVER] + [PostKind.TIP] * (len(posts) - 2) + [PostKind.CTA]
    assert (
        posts[0].id == f"{result.article.slug}-01"
        and posts[-1].id == f"{result.article.slug}-{len(posts):02d}"
    )
    n = len(posts) - 2
    assert [p.series_label for p in posts[1:-1]] == [f"{i}/{n}" for i in range(1, n + 1)]
    all_text = " ".join(p.quote + " " + " ".join(s.text for s in p.slides) for p in posts)
    assert "Hope this helps" not in all_text and "See my recommended" not in all_text
    assert "Brandith Irwin" not in " ".join(p.quote for p in posts)
    cta = posts[-1]
    assert cta.collect_replies and sum(p.collect_replies for p in posts) == 1
    assert "home treatment gadget" in cta.quote and "favourite" in cta.quote
    assert "shout out" in cta.caption  # the author's own words, quoted
    assert "This is fun topic" in posts[0].caption  # the opening paragraph lives on the cover
    assert any(p.media_kind is MediaKind.CAROUSEL for p in posts)
    assert series_problems(posts, result.tips, result.article, max_chars=200, hashtag_limit=5) == []


def test_every_fixture_series_keeps_all_limits(settings: Settings) -> None:
    for path in sorted(FIXTURES.iterdir()):
        article = read_article(path, language="de" if "german" in path.name else None)
        for limit in (60, 200):
            plan = make_plan(article, settings, max_chars=limit)
            posts = build_series(plan, settings, max_chars=limit)
            assert series_problems(posts, plan.tips, plan.article, max_chars=limit, hashtag_limit=5) == [], (
                path
            )
            assert plan.problems() == [] and len(posts) <= 12, path


def test_article_without_request_gets_a_default_cta_on_its_topic(settings: Settings, tmp_path: Path) -> None:
    """The gadget question came after articles about irritation or resolutions: off-topic."""
    from tipqueue.posts.article import parse_article

    article = read_article(FIXTURES / "numbered.txt")  # retinol without irritation
    plan = make_plan(article, settings)
    assert plan.cta.defaulted and plan.cta.topic == "sensitive skin"
    assert (
        build_series(plan, settings)[-1].quote
        == "What calms your skin when it's irritated? Tell us in the comments."
    )
    gadgets = parse_article(
        "Cleansing brushes\n\nA cleansing device cleans pores better than hands alone.\n\n"
        "Use the gadget gently, once a day, and replace its head every three months.\n"
    )
    assert build_series(gadgets, settings)[-1].quote == settings.default_cta
    result = split_to_folder(FIXTURES / "numbered.txt", tmp_path, settings)
    review = (result.folder / "review.md").read_text(encoding="utf-8")
    assert "**Call to action defaulted**" in review and "(sensitive skin)" in review
    series = json.loads((result.folder / "series.json").read_text(encoding="utf-8"))
    assert series["call_to_action_source"] == "default" and series["call_to_action_topic"] == "sensitive skin"


def test_workspace_sets_the_default_question_per_topic(settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "cta_topics.toml").write_text(
        '[topics.retinol]\nkeywords = ["retinol"]\nquestion = "How did you start retinol? Tell us below."\n',
        encoding="utf-8",
    )
    plan = make_plan(
        read_article(FIXTURES / "numbered.txt"), settings.model_copy(update={"workspace": tmp_path})
    )
    assert (plan.cta.topic, plan.cta.text) == ("retinol", "How did you start retinol? Tell us below.")
    (tmp_path / "cta_topics.toml").write_text("[topics.x\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"cta_topics\.toml is not valid TOML"):
        make_plan(
            read_article(FIXTURES / "numbered.txt"), settings.model_copy(update={"workspace": tmp_path})
        )


def test_cover_caption_of_a_one_tip_series_reads_in_the_singular(settings: Settings) -> None:
    from tipqueue.posts.article import parse_article

    article = parse_article(
        "Sunscreen daily\n\nSunscreen every day matters more than any serum.\n\n"
        "Moisturiser keeps the skin barrier healthy.\n\nTell us your favourite gadget in the comments.\n"
    )
    posts = build_series(article, settings)
    assert [p.kind for p in posts].count(PostKind.TIP) == 1
    assert "One tip from this article follows in the next post." in posts[0].caption
    assert "1 posts" not in posts[0].caption


def test_output_is_byte_identical_on_rerun(bundled_article: Path, settings: Settings, tmp_path: Path) -> None:
    first = split_to_folder(bundled_article, tmp_path / "a", settings).folder
    second = split_to_folder(bundled_article, tmp_path / "b", settings).folder
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


def test_rerun_keeps_staff_edits_unless_forced(
    bundled_article: Path, settings: Settings, tmp_path: Path
) -> None:
    result = split_to_folder(bundled_article, tmp_path, settings)
    edited = result.folder / "03-tip" / "post.json"
    data = json.loads(edited.read_text(encoding="utf-8"))
    data["caption"] = "Edited by staff"
    data["approved"] = True
    edited.write_text(json.dumps(data), encoding="utf-8")
    again = split_to_folder(bundled_article, tmp_path, settings)
    assert again.kept_edited == ["03-tip"]
    assert json.loads(edited.read_text(encoding="utf-8"))["caption"] == "Edited by staff"
    forced = split_to_folder(bundled_article, tmp_path, settings, force=True)
    assert forced.kept_edited == []
    assert json.loads(edited.read_text(encoding="utf-8"))["caption"] != "Edited by staff"


def test_rendered_cards_are_not_staff_edits_but_a_caption_change_is(
    bundled_article: Path, settings: Settings, tmp_path: Path
) -> None:
    result = split_to_folder(bundled_article, tmp_path, settings)
    folders = find_post_folders([result.folder])
    # what `tipqueue render` does: point every slide at its card through the post folder interface
    for folder in folders:
        post = read_post_folder(folder)
        cards = tuple(replace(s, image=folder / f"card-{i}.jpg") for i, s in enumerate(post.slides, 1))
        write_post(replace(post, slides=cards), folder)
    tip = result.folder / "03-tip" / "post.json"
    assert json.loads(tip.read_text(encoding="utf-8"))["slides"][0]["image"] == "card-1.jpg"
    # a file re-saved by an editor (other key order and indent) is not an edit either
    cover = result.folder / "01-cover" / "post.json"
    cover.write_text(
        json.dumps(dict(reversed(json.loads(cover.read_text(encoding="utf-8")).items())), indent=4),
        encoding="utf-8",
    )

    again = split_to_folder(bundled_article, tmp_path, settings)
    assert again.kept_edited == []
    assert json.loads(tip.read_text(encoding="utf-8"))["slides"][0]["image"] is None  # rewritten

    data = json.loads(tip.read_text(encoding="utf-8"))
    data["slides"][0]["image"] = "card-1.jpg"
    data["caption"] = "Edited by staff"
    write_post(post_from_dict(data, tip.parent), tip.parent)
    edited = split_to_folder(bundled_article, tmp_path, settings)
    assert edited.kept_edited == ["03-tip"]
    assert read_post_folder(tip.parent).caption == "Edited by staff"


def test_written_folders_read_back_through_the_post_folder_interface(
    bundled_article: Path, settings: Settings, tmp_path: Path
) -> None:
    result = split_to_folder(bundled_article, tmp_path, settings)
    back = read_posts([result.folder])
    assert [p.id for p in back] == [p.id for p in result.posts]
    assert [p.caption for p in back] == [p.caption for p in result.posts]
    review = (result.folder / "review.md").read_text(encoding="utf-8")
    assert "## Dropped (never posted)" in review and "Hope this helps," in review


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from tipqueue.cli import main; main()", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "TIPQUEUE_HOME": str(cwd), "COLUMNS": "200"},
        timeout=60,
    )


def test_cli_split_writes_folders_prints_table_and_json(bundled_article: Path, tmp_path: Path) -> None:
    done = _cli("split", str(bundled_article), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    # the default output is a summary: counts and the first posts, not the whole table
    first = done.stdout.splitlines()[0]
    # "These sound so great, don't they." alone is no tip
    assert "7 posts, 5 tips, 1 idea not in the series, 3 dropped" in first, done.stdout
    assert "... and 2 more (--table lists them all)" in done.stdout
    assert "sign-off: Hope this helps," not in done.stdout
    assert len(list((tmp_path / "out").glob("*/*/post.json"))) == 7
    done = _cli("split", str(bundled_article), "-o", str(tmp_path / "out"), "--table", cwd=tmp_path)
    assert "Dropped (never posted)" in done.stdout and "sign-off: Hope this helps," in done.stdout
    done = _cli(
        "split", str(bundled_article), "-o", str(tmp_path / "out"), "--tips", "4", "--table", cwd=tmp_path
    )
    assert "Not in the series" in done.stdout and "idea 3 · score 5.5" in done.stdout, done.stdout
    done = _cli("split", str(bundled_article), "--json", "--max-chars", "120", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    posts = json.loads(done.stdout)
    assert {
        "id",
        "kind",
        "position",
        "series",
        "quote",
        "slides",
        "caption",
        "hashtags",
        "alt_text",
        "section",
    } <= set(posts[0])
    # cards are packed to 120 characters; a longer sentence keeps a card of its own, whole
    from tipqueue.posts.split import CARD_MAX_CHARS, segment

    slides = [s for p in posts for s in p["slides"]]
    assert all(len(s) <= 120 or (len(s) <= CARD_MAX_CHARS and len(segment(s)) == 1) for s in slides)
    assert any(len(s) > 120 for s in slides)
    assert (tmp_path / "posts").is_dir()  # default OUT is <workspace>/posts


def test_cli_split_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    done = _cli("split", str(empty), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "is empty" in done.stderr
    done = _cli("split", str(tmp_path / "missing.md"), cwd=tmp_path)
    assert done.returncode == 2 and "does not exist" in done.stderr


def test_a_request_that_is_a_question_is_asked_once_in_the_cta_caption(settings: Settings) -> None:
    """The question was the hook and then quoted again ("...: “Which sunscreen...?”")."""
    from tipqueue.posts.article import parse_article

    question = "Which sunscreen do you reapply over make-up? Tell us in the comments."
    article = parse_article(
        "Sunscreen that stays on\n\n"
        "Reapply every two hours outdoors. A powder sunscreen goes over make-up without streaks.\n\n"
        "Use a full teaspoon for the face and neck. Most people use half of that.\n\n"
        f"{question}\n"
    )
    assert article.call_to_action == question
    cta = build_series(article, settings)[-1]
    assert cta.quote == question
    caption = cta.published_caption
    assert caption.count("Which sunscreen do you reapply") == 1, caption
    assert caption.startswith(question + "\n\n")
    who = article.author or "The author"
    assert f"{who} asks this in “Sunscreen that stays on”." in caption


def test_re_split_says_how_many_posts_it_wrote_and_how_many_it_kept_as_edited(tmp_path: Path) -> None:
    article = tmp_path / "jaw.txt"
    article.write_text(
        "Jaw care\n\nRelax your jaw before bed. It softens the lines around your mouth.\n\n"
        "Keep your jaw loose during the day too. Tension shows around the mouth.\n\n"
        "Massage the muscle in small circles. Two minutes are enough.\n\n"
        "Which jaw tool do you use? Tell us in the comments.\n",
        encoding="utf-8",
    )
    first = _cli("split", str(article), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    folders = sorted((tmp_path / "out").glob("*/*/post.json"))
    total = len(folders)
    assert f"Wrote {total} posts ({total} in the series)" in first.stdout
    for path in folders[:2]:  # staff approve two posts
        data = json.loads(path.read_text(encoding="utf-8"))
        data["approved"] = True
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    again = _cli("split", str(article), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert (
        f"Wrote {total - 2} posts, kept 2 edited posts as staff left them ({total} in the series)"
        in again.stdout
    )
    assert f"Wrote {total} posts" not in again.stdout


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=12,
)


@given(
    st.dictionaries(
        st.text(max_size=6), _JSON | st.dictionaries(st.integers(), _JSON, max_size=2), max_size=6
    )
)
def test_series_json_text_reads_back_as_what_was_written(series: dict[str, object]) -> None:
    text = series_text(series)
    assert json.loads(text) == json.loads(json.dumps(series))
    assert text.endswith("}\n")


def test_series_json_puts_each_unused_idea_on_a_line_of_its_own() -> None:
    unused = [{"number": n, "text": f"idea {n}", "score": 1.5} for n in range(3)]
    lines = series_text({"format": 1, "unused": unused, "written": {"01-cover": "abc"}}).splitlines()
    assert lines[0] == "{" and lines[1] == '  "format": 1,'
    assert [line.strip().rstrip(",") for line in lines[3:6]] == [json.dumps(u) for u in unused]
    assert '    "01-cover": "abc"' in lines
