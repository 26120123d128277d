"""The lexicon: the bundled list, a workspace's own additions, and clear errors for bad files."""

from __future__ import annotations

from pathlib import Path

import pytest
from tipqueue.config.errors import SettingsError
from tipqueue.replies.gadgets import GadgetMatcher
from tipqueue.replies.lexicon import bundled_lexicon, load_lexicon


def test_bundled_lexicon_is_broad() -> None:
    lexicon = bundled_lexicon()
    categories = {g.category for g in lexicon.gadgets}
    for label in (
        "cleansing brush",
        "microcurrent device",
        "LED mask",
        "facial roller",
        "gua sha",
        "dermaplaning tool",
        "microneedling tool",
        "radio-frequency device",
        "IPL / laser hair removal",
        "facial steamer",
        "ice roller",
    ):
        assert label in categories
    assert len([g for g in lexicon.gadgets if g.kind == "product"]) >= 60


def test_workspace_lexicon_adds_and_overrides(tmp_path: Path) -> None:
    (tmp_path / "gadgets.toml").write_text(
        '[categories.sauna]\nlabel = "infrared sauna blanket"\naliases = ["sauna blanket"]\n\n'
        '[[gadgets]]\nname = "Glowmaster 3000"\nbrand = "Glowco"\ncategory = "led-mask"\n'
        'aliases = ["glowmaster", "glow master"]\n\n'
        '[[gadgets]]\nname = "Foreo Luna"\nbrand = "Foreo"\ncategory = "cleansing-brush"\n'
        'aliases = ["the luna thing"]\n',
        encoding="utf-8",
    )
    matcher = GadgetMatcher(load_lexicon(tmp_path))
    assert [m.gadget for m in matcher.find("my Glow-Master is great")] == ["Glowmaster 3000"]
    assert [m.category for m in matcher.find("a sauna blanket")] == ["infrared sauna blanket"]
    assert [m.gadget for m in matcher.find("the luna thing")] == ["Foreo Luna"]
    assert matcher.find("luna mini") == () or matcher.find("luna mini")[0].gadget != "Foreo Luna"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[[gadgets]\nname='x'", "not valid TOML"),
        ('[[gadgets]]\nbrand = "X"\ncategory = "gua-sha"\n', "has no name"),
        ('[[gadgets]]\nname = "X"\n', "has no category"),
        ('[[gadgets]]\nname = "X"\ncategory = "spaceship"\n', "unknown category 'spaceship'"),
        (
            '[[gadgets]]\nname = "X"\ncategory = "gua-sha"\naliases = "x" \ncolour = 1\n',
            "unknown key 'colour'",
        ),
        ('[[gadgets]]\nname = "X"\ncategory = "gua-sha"\naliases = [1, 2]\n', "list of strings"),
        ('[[gadgets]]\nname = "X"\ncategory = "gua-sha"\naliases = ["!!!"]\n', "no letters"),
        ("[widgets]\na = 1\n", "unknown table 'widgets'"),
        (
            '[[gadgets]]\nname = "A"\ncategory = "gua-sha"\naliases = ["zap"]\n'
            '[[gadgets]]\nname = "B"\ncategory = "gua-sha"\naliases = ["Zap"]\n',
            "also a name of 'A'",
        ),
    ],
)
def test_bad_workspace_lexicon_is_one_clear_line(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "gadgets.toml").write_text(content, encoding="utf-8")
    with pytest.raises(SettingsError, match=message) as caught:
        load_lexicon(tmp_path)
    assert "\n" not in str(caught.value) and "gadgets.toml" in str(caught.value)
