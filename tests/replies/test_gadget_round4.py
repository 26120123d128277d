"""Device words and products readers use that the lexicon lacked, and texts that name no device
although they share its words: a toothbrush-style name, a salon's dermaplaning, a maker of
massage guns, a massager for the scalp under a thread about a device."""

from __future__ import annotations

import pytest
from tipqueue.posts.models import Reply
from tipqueue.replies.context import Thread, anchors, find_in_threads
from tipqueue.replies.gadgets import default_matcher
from tipqueue.replies.lexicon import fold

from tests.replies.conftest import categories_in, names_in


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # Korean words for a powered face brush, an ion (galvanic) massager, a laser helmet
        ("전동클렌징 하나로 세안이 끝나요", "cleansing brush"),
        ("엄마가 이온마사지기를 선물해 주셨어요", "micro-infusion device"),
        ("이온 도입기를 일주일에 두 번 써요", "micro-infusion device"),
        ("헬멧형 기기를 하루 20분씩 쓰고 있어요", "hair-growth light device"),
        ("헬멧형 레이저를 샀는데 아직 잘 모르겠어요", "hair-growth light device"),
        # a laser for the hair, and a small laser for the skin, in words rather than a product name
        ("My dad swears the laser for hair growth did nothing for him", "hair-growth light device"),
        ("She bought lasers to stimulate hair growth on her crown", "hair-growth light device"),
        ("A handheld laser for the fine lines around my eyes", "home laser"),
        ("Je me suis offert un laser à domicile pour les taches", "home laser"),
    ],
)
def test_device_words_in_other_languages_and_in_plain_words(text: str, category: str) -> None:
    assert category in categories_in(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("My husband laughed at the Dove SkinVitalizer but I like it", "Dove SkinVitalizer"),
        ("The Pore Cleansing MD System left a hickey on my nose", "Rodan + Fields Pore Cleansing MD System"),
        ("리파캐럿으로 턱선을 매일 밀어줘요", "ReFa Carat"),
        ("리파 캐럿 하나면 충분해요", "ReFa Carat"),
        ("트리아 스킨 레이저를 3주째 쓰는 중", "Tria Age-Defying Laser"),
        ("오아제를 머리에 쓰고 책을 읽어요", "Oaze"),
        ("Elle by Beurer was the cheapest brush we tested", "Elle by Beurer"),
    ],
)
def test_products_named_by_readers(text: str, name: str) -> None:
    assert name in names_in(text)


def test_silkn_in_korean_is_the_maker() -> None:
    (found,) = default_matcher().find("실큰 제품은 처음 써 봐요")
    assert found.brand == "Silk'n"


def test_a_maker_of_massage_guns_is_a_device_only_with_a_device_word() -> None:
    assert default_matcher().find("La Beurer XY200 trae seis cabezales intercambiables.") == ()
    assert "cleansing brush" in categories_in("I love my Beurer face brush")


def test_a_weak_brush_word_written_as_one_word_needs_the_face_too() -> None:
    # "Spinbrush" is how toothbrushes (and a mascara wand) are named: no face, no face brush
    assert default_matcher().find("Next came the Spinbrush, a spinning wand for lashes.") == ()
    assert "cleansing brush" in categories_in("My spinbrush leaves my face so clean")


def test_dermaplaning_offered_by_estheticians_is_a_salon_treatment() -> None:
    text = "Les esthéticiennes proposent désormais le dermaplaning, à 90 € la séance."
    assert default_matcher().find(text) == ()
    assert "dermaplaning tool" in categories_in("Le dermaplaning à la maison, une fois par mois")
    # a home word keeps it: the esthetician only showed how
    assert "dermaplaning tool" in categories_in("My estheticians showed me how to dermaplane at home")


def test_a_cjk_reply_about_a_massager_of_its_own_does_not_take_the_threads_device() -> None:
    topic = "탈모 치료기 후기"
    replies = (
        Reply(platform_id="a", text="요즘은 두피 마사지기도 같이 쓰고 있어요", username="u", post_id="p"),
        Reply(platform_id="b", text="효과가 확실히 있어요", username="v", post_id="p"),
    )
    found = find_in_threads([Thread("p", topic, replies)], default_matcher())
    assert found["a"] == ()
    assert [m.category for m in found["b"]] == ["hair-growth light device"]
    assert anchors(fold("두피 지압기로 매일 눌러 줘요")) == []
    assert anchors(fold("매일 써요")) != []


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("Celebrities like Jane Doe have sung the jade roller's praises.", "recommends"),
        ("Les lectrices sont convaincues par le rouleau de jade.", "recommends"),
        ("Auf Empfehlung ihrer Mutter hin kaufte sie ein IPL-Gerät.", "recommends"),
    ],
)
def test_praise_and_recommendations_of_others_are_relayed_verdicts(text: str, stance: str) -> None:
    (found,) = default_matcher().find(text)
    assert (found.stance.value, found.relayed) == (stance, True)


@pytest.mark.parametrize(
    "text",
    [
        "Des actrices comme Jane Doe ne jurent que par le rouleau de jade.",
        "Tutte trovano utile la spazzola viso.",
        "Dozens of testimonials say the LED mask works wonders.",
    ],
)
def test_actresses_testimonials_and_everyone_relay(text: str) -> None:
    found = default_matcher().find(text)
    assert found and all(m.relayed for m in found)


def test_all_of_us_counts_the_reader_in() -> None:
    (found,) = default_matcher().find("La spazzola viso è ormai irrinunciabile per tutte noi.")
    assert not found.relayed


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("LED機能がついた家庭用の美顔器を買いました", "LED mask"),
        ("EMS機能付き美顔器で毎朝ケアしています", "EMS toning device"),
        ("RF機能搭載の美顔器が気になる", "radio-frequency device"),
    ],
)
def test_a_technology_named_as_a_feature_of_a_japanese_face_device(text: str, category: str) -> None:
    assert category in categories_in(text)


def test_a_plain_japanese_face_device_names_no_kind() -> None:
    assert default_matcher().find("この美顔器は便利です") == ()


def test_neurotris_is_a_microcurrent_maker() -> None:
    assert "NeurotriS Pico Toner" in names_in("My Neurotris lifted my brows a little")
