"""The claims rules: every shipped rule fires on its examples and stays silent on its near-misses."""

from __future__ import annotations

from pathlib import Path

import pytest
from tipqueue.config.errors import SettingsError
from tipqueue.config.settings import bundled_path
from tipqueue.posts.compliance import check_post, check_text, load_rules
from tipqueue.posts.compliance.rules import available_sets
from tipqueue.posts.models import Post, PostKind, Severity, Slide

SETS = sorted(available_sets())
ALL_RULES = [(name, rule) for name in SETS for rule in load_rules([name])]


def test_the_shipped_sets_cover_us_uk_and_meta() -> None:
    assert {"us", "uk", "meta"} <= set(SETS)


@pytest.mark.parametrize(("set_name", "rule"), ALL_RULES, ids=[r.id for _, r in ALL_RULES])
def test_each_rule_fires_on_its_examples(set_name: str, rule: object) -> None:
    from tipqueue.posts.compliance.rules import Rule

    assert isinstance(rule, Rule)
    assert rule.fires, f"{rule.id} has no positive example"
    for sentence in rule.fires:
        ids = {f.rule_id for f in check_text(sentence, load_rules([set_name]))}
        # another rule of the same topic may be the one shown; the rule itself must match
        assert rule.find(sentence) is not None, f"{rule.id} missed: {sentence}"
        assert ids, sentence


@pytest.mark.parametrize(("set_name", "rule"), ALL_RULES, ids=[r.id for _, r in ALL_RULES])
def test_each_rule_stays_silent_on_its_near_misses(set_name: str, rule: object) -> None:
    from tipqueue.posts.compliance.rules import Rule

    assert isinstance(rule, Rule)
    assert rule.silent, f"{rule.id} has no near-miss example"
    for sentence in rule.silent:
        assert rule.find(sentence) is None, f"{rule.id} fired on the near-miss: {sentence}"
        assert rule.id not in {f.rule_id for f in check_text(sentence, load_rules([set_name]))}


@pytest.mark.parametrize(("set_name", "rule"), ALL_RULES, ids=[r.id for _, r in ALL_RULES])
def test_each_rule_names_a_source_page_and_a_reason(set_name: str, rule: object) -> None:
    from tipqueue.posts.compliance.rules import Rule

    assert isinstance(rule, Rule)
    assert rule.source.startswith(("https://", "http://"))
    assert len(rule.reason) > 30
    assert rule.id.startswith(f"{set_name}.")


def test_the_issue_s_absolute_claims_are_caught() -> None:
    rules = load_rules(["us"])
    for text, rule_id in [
        ("It will cure your eczema.", "us.cure"),
        ("Guaranteed smoother skin.", "us.guarantee"),
        ("Permanent hair removal.", "us.permanent"),
        ("It is 100 % safe.", "us.absolute-safety"),
        ("There are no side effects at all.", "us.absolute-safety"),
        ("Safe for everyone, even sensitive skin.", "us.absolute-safety"),
        ("This is the best way to lift your brows.", "us.superiority"),
        ("You don't need to see a doctor for this rash.", "us.against-doctor"),
    ]:
        assert rule_id in {f.rule_id for f in check_text(text, rules)}, text


def test_the_bundled_article_raises_review_flags_for_botox_as_the_best_way() -> None:
    text = bundled_path("articles", "facial-muscles-and-gadgets.txt").read_text(encoding="utf-8")
    flags = check_text(text, load_rules(["us", "meta"]))
    review = [f for f in flags if f.severity is Severity.REVIEW]
    assert any(f.rule_id == "us.superiority" and "best way" in f.matched.lower() for f in review)
    assert not [f for f in flags if f.severity is Severity.BLOCK]
    # for a UK clinic the brand names are a prescription-only medicine advertised to the public
    uk = check_text(text, load_rules(["uk"]))
    assert any(f.rule_id == "uk.pom-botulinum" and f.severity is Severity.BLOCK for f in uk)


def test_a_flag_names_the_field_the_words_and_the_reason() -> None:
    post = Post(
        id="p-01",
        kind=PostKind.TIP,
        series_label="1/3",
        quote="Botox/Dysport are the best ways to soften lines.",
        caption="Botox/Dysport are the best ways to soften lines.\n\n20% off in May!",
        slides=(Slide(text="Botox/Dysport are the best ways to soften lines.", alt_text="card"),),
    )
    flags = check_post(post, load_rules(["us"]))
    by_rule = {f.rule_id: f for f in flags}
    assert by_rule["us.superiority"].matched == "the best ways"
    assert by_rule["us.price"].matched == "20% off"
    assert by_rule["us.price"].field == "caption"
    # the quote repeats on the card and in the caption: shown once
    assert sum(f.rule_id == "us.superiority" for f in flags) == 1


def test_two_sets_flag_the_same_words_once_at_the_strictest_severity() -> None:
    flags = check_text("A completely safe treatment.", load_rules(["us", "uk"]))
    assert len(flags) == 1 and flags[0].severity is Severity.BLOCK


def test_unknown_rule_set_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match=r"'fr', which is not a rule set .*known: .*meta.*uk.*us"):
        load_rules(["fr"], tmp_path)


def test_a_workspace_rule_set_is_loaded_and_checked(tmp_path: Path) -> None:
    (tmp_path / "compliance").mkdir()
    (tmp_path / "compliance" / "clinic.toml").write_text(
        '[[rule]]\nid = "clinic.miracle"\nseverity = "note"\nreason = "our house style avoids it"\n'
        "source = \"https://example.org/style\"\npatterns = ['\\bmiracle\\b']\n",
        encoding="utf-8",
    )
    flags = check_text("A miracle cream.", load_rules(["clinic"], tmp_path))
    assert [(f.rule_id, f.severity) for f in flags] == [("clinic.miracle", Severity.NOTE)]
    (tmp_path / "compliance" / "bad.toml").write_text(
        '[[rule]]\nid = "bad.x"\nsource = "https://x"\npatterns = ["(unclosed"]\n', encoding="utf-8"
    )
    with pytest.raises(
        SettingsError, match=r"bad.toml: rule 'bad.x': '\(unclosed' in patterns is not a regular expression"
    ):
        load_rules(["bad"], tmp_path)


def test_split_writes_each_post_s_flags_into_review_md(tmp_path: Path) -> None:
    from tipqueue.config.settings import load_settings
    from tipqueue.posts.series import split_to_folder

    settings = load_settings(tmp_path, environ={})
    article = bundled_path("articles", "facial-muscles-and-gadgets.txt")
    result = split_to_folder(article, tmp_path / "posts", settings)
    review = (result.folder / "review.md").read_text(encoding="utf-8")
    line = next(ln for ln in review.splitlines() if "`us.superiority`" in ln)
    assert line.startswith("**Compliance review** `us.superiority` on “the best ways” (caption):")
    assert "https://" in line
