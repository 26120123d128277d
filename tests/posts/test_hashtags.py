"""Hashtags chosen from each post's own words."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from tipqueue.config.errors import SettingsError
from tipqueue.config.settings import Settings, load_settings
from tipqueue.posts.article import parse_article
from tipqueue.posts.hashtags import clean_tags, load_vocabulary, tag_picker
from tipqueue.posts.models import PostKind
from tipqueue.posts.series import build_series

ARTICLE = (
    "Skin in winter\n\nCold air and heating dry the skin out.\n\n"
    "Use a sunscreen with SPF 30 every morning, even on cloudy days.\n\n"
    "Moisturise right after the shower, while the skin is still damp.\n\n"
    "Treat a pimple with a dab of benzoyl peroxide, and never squeeze it.\n\n"
    "Tell us in the comments which cream you swear by.\n"
)


def _tips(posts):  # type: ignore[no-untyped-def]
    return [p for p in posts if p.kind is PostKind.TIP]


def test_each_post_gets_tags_for_its_own_topic(settings: Settings) -> None:
    tips = _tips(build_series(parse_article(ARTICLE), settings))

    def tags_of(word: str) -> tuple[str, ...]:
        return next(p.hashtags for p in tips if word in p.quote)

    assert {"sunscreen", "spf"} <= set(tags_of("SPF 30"))
    assert "moisturizer" in tags_of("shower")
    assert "acne" in tags_of("pimple") and "sunscreen" not in tags_of("pimple")
    assert len({p.hashtags for p in tips}) == len(tips)  # not the same tags on every post
    assert all(1 <= len(p.hashtags) <= 5 for p in tips)


def test_the_accounts_fixed_tags_come_first(tmp_path: Path) -> None:
    (tmp_path / "tipqueue.toml").write_text('hashtags = ["glowclinic"]\n', encoding="utf-8")
    settings = load_settings(tmp_path, environ={})
    posts = build_series(parse_article(ARTICLE), settings)
    assert all(p.hashtags[0] == "glowclinic" for p in posts)
    assert len({p.hashtags for p in _tips(posts)}) > 1


def test_a_workspace_vocabulary_adds_topics_and_per_account_tags(tmp_path: Path) -> None:
    (tmp_path / "hashtags.toml").write_text(
        'general = ["hautarzt"]\n[accounts.berlin]\nfixed = ["hautarztberlin"]\n'
        '[topics.benzoyl]\nkeywords = ["benzoyl peroxide"]\ntags = ["benzoylperoxide"]\n',
        encoding="utf-8",
    )
    picker = tag_picker([], language="en", limit=5, workspace=tmp_path, account="berlin")
    tags = picker.tags("Treat a pimple with a dab of benzoyl peroxide.")
    assert tags[0] == "hautarztberlin"
    assert "benzoylperoxide" in tags and "acne" in tags
    assert picker.tags("Nothing to see here.") == ("hautarztberlin", "hautarzt")


def test_tags_follow_the_article_language() -> None:
    picker = tag_picker([], language="de", limit=5, workspace=None)
    assert picker.tags("Sonnenschutz ist im Winter wichtig.")[:2] == ("sonnenschutz", "winterpflege")


def test_keywords_match_words_not_parts_of_words() -> None:
    picker = tag_picker([], language="en", limit=5, workspace=None)
    assert "lipcare" not in picker.tags("Hot water breaks down the lipid barrier.")
    assert "lipcare" in picker.tags("Use a lip balm at night.")
    assert "moisturizer" in picker.tags("Moisturizing matters.")


def test_a_breathable_fabric_is_no_sweating() -> None:
    es = tag_picker([], language="es", limit=5, workspace=None)
    assert "sudoracion" not in es.tags(
        "Cubre la piel con prendas ligeras, transpirables y de colores claros."
    )
    assert "sudoracion" in es.tags("La transpiración arrastra el protector solar: vuelve a aplicarlo.")
    fr = tag_picker([], language="fr", limit=5, workspace=None)
    assert "transpiration" not in fr.tags("Choisissez un tissu léger et transpirable contre le soleil.")
    assert "transpiration" in fr.tags("Si vous transpirez beaucoup, réappliquez la crème solaire.")


def test_a_broken_workspace_vocabulary_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "hashtags.toml").write_text('[topics.x]\nkeywords = "acne"\ntags = ["a"]\n', encoding="utf-8")
    load_vocabulary.cache_clear()
    with pytest.raises(SettingsError, match=r"topics\.x\.keywords must be a list"):
        load_vocabulary(tmp_path)


@hsettings(max_examples=100, deadline=None)
@given(st.text(max_size=300), st.integers(min_value=0, max_value=8))
def test_tags_are_clean_unique_and_capped(text: str, limit: int) -> None:
    tags = tag_picker(["acne sunscreen"], language="en", limit=limit, workspace=None).tags(text)
    assert len(tags) <= limit
    assert clean_tags(tags) == list(tags)
