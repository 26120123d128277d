"""The lexicon: the bundled list, a workspace's own additions, and clear errors for bad files."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
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


@pytest.mark.parametrize(
    "text",
    [
        "I bought a Panasonic wet/dry for just under $30.",  # a shaver page that never says shaver
        "My dad has used Philips for twenty years.",
        "娘の髪を乾かすのでパナソニックの最上位モデルを選んだ。",
        "이후 파나소닉 등 일본 업체가 정교한 제품을 생산해 왔다.",
    ],
)
def test_a_maker_of_shavers_and_dryers_named_alone_is_no_gadget(text: str) -> None:
    assert GadgetMatcher(bundled_lexicon()).find(text) == ()


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("my Panasonic steamer is great", "facial steamer"),
        ("the Philips cleansing brush", "cleansing brush"),
        ("I tried the Braun IPL last summer", "IPL / laser hair removal"),
        ("パナソニックのスチーマーを毎日使う", "facial steamer"),
    ],
)
def test_the_same_maker_with_a_device_word_is_that_device(text: str, category: str) -> None:
    (mention,) = GadgetMatcher(bundled_lexicon()).find(text)
    assert mention.category == category


def test_a_workspace_can_mark_its_own_maker_as_shared(tmp_path: Path) -> None:
    (tmp_path / "gadgets.toml").write_text(
        '[[brands]]\nname = "Glowco"\ncategory = "led-mask"\naliases = ["glowco"]\n\n'
        '[[shared]]\nmaker = "Glowco"\nnames = ["glowco"]\n',
        encoding="utf-8",
    )
    matcher = GadgetMatcher(load_lexicon(tmp_path))
    assert matcher.find("Glowco makes good kettles") == ()
    assert [m.category for m in matcher.find("my Glowco LED mask")] == ["LED mask"]


def test_a_foot_massager_is_no_facial_massager() -> None:
    matcher = GadgetMatcher(bundled_lexicon())
    assert matcher.find("부모님 선물로 발마사지기를 샀어요") == ()
    assert matcher.find("가정용 마사지기는 종아리와 어깨를 관리한다") == ()
    assert [m.category for m in matcher.find("얼굴 마사지기 매일 써요")] == ["facial massager"]


def test_the_generated_lexicon_is_up_to_date() -> None:
    from tipqueue.replies.lexicon_build import main

    assert main(["--check"]) == 0


@given(
    st.lists(st.text(alphabet="ab小ロ", min_size=1, max_size=4), min_size=1, max_size=8),
    st.text(alphabet="ab小ロ \n", max_size=30),
)
@settings(max_examples=300, deadline=None)
def test_a_trie_pattern_finds_the_longest_word_as_the_plain_alternation_does(
    words: list[str], text: str
) -> None:
    import re

    from tipqueue.replies.lexicon import trie_pattern

    plain = re.compile(
        "|".join(r"\s*".join(map(re.escape, w)) for w in sorted(set(words), key=len, reverse=True))
    )
    trie = re.compile(trie_pattern(words, r"\s*"))
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]
