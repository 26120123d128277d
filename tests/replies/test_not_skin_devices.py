"""Things near skin devices that are not one: clinic treatments, massage guns, hair and scalp tools."""

from __future__ import annotations

import pytest
from tipqueue.posts.models import Reply
from tipqueue.replies.context import Thread, find_in_threads
from tipqueue.replies.gadgets import default_matcher


def _found(text: str) -> list[tuple[str, str]]:
    return [(m.gadget, m.category) for m in default_matcher().find(text)]


@pytest.mark.parametrize(
    "text",
    [
        "My dermatologist's clinic replaced Thermage with newer radiofrequency devices.",
        "Hier setzt die Behandlung von Thermage ein, mit Hilfe der Radiofrequenz-Technologie.",
        "Discover the best derma roller treatment at our skin and laser clinic.",
        "El microneedling es una técnica médico-estética que usa un dermapen en la clínica.",
        "피부과에서 쓰는 레이저 기계와 LED 마스크는 가격이 1억원에 이른다.",
        "逆に業務用脱毛器とは、サロンなどで使用される脱毛器のことを指します。",
    ],
)
def test_a_treatment_at_a_clinic_or_salon_is_no_home_device(text: str) -> None:
    assert _found(text) == []


@pytest.mark.parametrize(
    ("text", "category"),
    [
        (
            "I used to pay for radiofrequency at the clinic, now I use a radio frequency device at home.",
            "radio-frequency device",
        ),
        (
            "La microneedling en clínica es mucho más efectiva que el dermaroller en casa.",
            "microneedling tool",
        ),
        ("LED 마스크의 효과는 피부과 전문 기기보다 다소 떨어질 수밖에 없다.", "LED mask"),
        (
            "Sur le marché, on trouve un épilateur à lumière pulsée sans aller en institut.",
            "IPL / laser hair removal",
        ),
    ],
)
def test_a_home_device_set_against_the_clinic_is_still_found(text: str, category: str) -> None:
    assert [c for _, c in _found(text)] == [category]


def test_a_maker_or_product_at_a_clinic_is_still_named() -> None:
    assert _found("I saw the Dr. Pen devices everywhere, promising clinic-level results.")[0][1] == (
        "microneedling tool"
    )
    assert [c for _, c in _found("The Light Salon sold many of its Boost LED Mask.")] == ["LED mask"]


@pytest.mark.parametrize(
    "text",
    [
        "After rave reviews I obtained a Theragun Pro massage gun by Therabody.",
        "El creador de la marca Therabody tuvo un accidente que le ocasionó un dolor muscular.",
        "Neu bei mir eingezogen ist ein TENS-Gerät, das Beurer EM 49 Digital TENS/EMS.",
        "今やリファのドライヤーで髪質改善を狙う時代です。",
        "私はリファ製品を愛用していますが、高価なヘアアイロンなだけに壊れるとショックです。",
    ],
)
def test_a_maker_named_for_its_massage_gun_dryer_or_stimulator_is_no_skin_device(text: str) -> None:
    assert _found(text) == []


def test_the_same_makers_face_devices_are_found() -> None:
    assert [g for g, _ in _found("TheraFace brings Therabody's percussive therapy to the face.")] == [
        "Therabody"
    ]
    assert [g for g, _ in _found("リファのローラーで顔をコロコロしています。")] == ["ReFa"]


@pytest.mark.parametrize(
    "text",
    [
        "바로 헤어 괄사!",
        "이 원리를 두피에 적용한 것이 바로 '두피괄사'이다.",
        "頭皮ケア用にかっさアタッチメントを搭載し、地肌をマッサージできる",
    ],
)
def test_a_gua_sha_for_the_hair_or_scalp_is_no_skin_device(text: str) -> None:
    assert _found(text) == []


def test_a_gua_sha_for_the_face_is_found_beside_the_scalp() -> None:
    assert [c for _, c in _found("얼굴 괄사로 부기를 빼고 두피도 마사지해요.")] == ["gua sha"]


def test_a_reply_about_the_clinic_does_not_take_the_threads_device_but_the_next_one_does() -> None:
    found = find_in_threads(
        [
            Thread(
                "p1",
                "Are LED masks worth it?",
                (
                    Reply(platform_id="a1", text="My dermatologist offers this at her clinic for a fortune."),
                    Reply(platform_id="a2", text="I use mine every night and love it."),
                ),
            )
        ],
        default_matcher(),
    )
    assert found["a1"] == ()
    assert [m.category for m in found["a2"]] == ["LED mask"]


@pytest.mark.parametrize(
    "text",
    [
        "Offerta nei centri medici e negli istituti di bellezza, la radiofrequenza dà risultati diversi.",
        "ジムのセルフエステでラジオ波を当ててみた。",
        "そのエステマシンのラジオ波は気持ちがいい。",
        "テレビでEMSマシンを腹部に貼って腹筋を鍛える人を見た。",
    ],
)
def test_a_gym_an_esthetic_salon_or_a_belly_stimulator_is_no_home_skin_device(text: str) -> None:
    assert _found(text) == []


def test_a_home_device_beside_salon_grade_words_is_still_found() -> None:
    assert ("Radio-frequency device", "radio-frequency device") in _found(
        "エステ級のラジオ波美顔器を自宅で使っています。"
    )


@pytest.mark.parametrize(
    "text",
    [
        "어깨 뭉침을 풀려고 산 나무 괄사예요.",
        "I keep a gua sha on my desk for my stiff shoulders.",
        "Der Gua Sha Stein lockert abends meinen Nacken.",
    ],
)
def test_a_gua_sha_for_the_shoulders_or_nape_is_no_skin_device(text: str) -> None:
    assert _found(text) == []


def test_a_gua_sha_for_the_face_and_shoulders_is_still_found() -> None:
    assert [c for _, c in _found("I use my gua sha on my face and shoulders.")] == ["gua sha"]


def test_a_reply_sending_the_commented_device_to_a_salon_does_not_take_it() -> None:
    found = find_in_threads(
        [
            Thread(
                "p1",
                "Skin care questions",
                (
                    Reply(platform_id="a1", text="Anyone tried a pore vacuum?"),
                    Reply(
                        platform_id="a2",
                        parent_id="a1",
                        text="Wenn überhaupt, dann lasst das eine Kosmetikerin machen.",
                    ),
                    Reply(platform_id="a3", parent_id="a1", text="Ich nutze ihn zu Hause gern."),
                ),
            )
        ],
        default_matcher(),
    )
    assert found["a2"] == ()
    assert [m.category for m in found["a3"]] == ["pore vacuum"]


def test_home_words_keep_a_device_beside_a_clinic() -> None:
    assert _found("Los dispositivos domiciliarios de luz pulsada, a diferencia de la clínica, son suaves.")
