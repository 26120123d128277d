"""Gadget words in lists, glosses and descriptions: what a reader names and what only describes."""

from __future__ import annotations

import pytest
from tipqueue.posts.models import Reply, Stance
from tipqueue.replies.context import Thread, find_in_threads
from tipqueue.replies.evaluate import LabelledMention, LabelledReply, evaluate
from tipqueue.replies.gadgets import default_matcher, extract


def _kinds(text: str) -> set[str]:
    return {m.category for m in extract(text)}


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        (
            "LED, RF and microcurrent devices are everywhere now",
            {"LED mask", "radio-frequency device", "microcurrent device"},
        ),
        (
            "고주파, 저주파, 미세전류 기기를 사용하는 사람이 늘고 있습니다.",
            {"radio-frequency device", "EMS toning device", "microcurrent device"},
        ),
        (
            "LED·고주파·갈바닉 기기 후기가 연일 올라온다.",
            {"LED mask", "radio-frequency device", "micro-infusion device"},
        ),
    ],
)
def test_technologies_listed_before_one_device_noun_each_name_a_device(text: str, kinds: set[str]) -> None:
    assert _kinds(text) == kinds


def test_a_list_of_other_words_before_a_device_noun_adds_nothing() -> None:
    assert _kinds("Red, blue and microcurrent devices") == {"microcurrent device"}
    assert _kinds("My LED, my phone and my keys") == set()


def test_a_technique_describing_another_device_is_no_device_of_its_own() -> None:
    found = extract("The Solawave device uses a combination of red light therapy and microcurrent.")
    assert [m.gadget for m in found] == ["Solawave"]
    assert _kinds("This handheld tool works through red light therapy and microcurrents.") == set()
    # a reader naming the technique beside another device still names both
    assert _kinds("I love red light therapy and my NuFace") == {"LED mask", "microcurrent device"}


def test_a_gloss_inside_a_device_name_is_read_past() -> None:
    assert _kinds("LG전자가 LED(발광다이오드) 마스크를 앞세워 시장에 뛰어들었다.") == {"LED mask"}
    assert _kinds("An LED(light emitting diode) mask") == {"LED mask"}


def test_french_and_spanish_join_a_device_word_with_avec_and_con() -> None:
    assert _kinds("l'épilation avec de la lumière pulsée à faire chez soi") == {"IPL / laser hair removal"}
    assert _kinds("una depiladora con luz pulsada") == {"IPL / laser hair removal"}


def test_kenon_is_an_ipl_device_in_japanese_script_too() -> None:
    found = extract("ケノンは永久脱毛できると思ってる人は多いんじゃないでしょうか。")
    assert [(m.gadget, m.category) for m in found] == [("Kenon", "IPL / laser hair removal")]


def test_a_label_in_another_script_of_the_same_device_agrees() -> None:
    item = LabelledReply(
        id="k1",
        text="I tried the Medicube AGE-R Booster Pro last winter.",
        source="https://example.org/booster",
        gold=(LabelledMention("infusion", "에이지알 부스터프로", Stance.MENTIONS),),
    )
    result = evaluate([item], default_matcher())
    assert (result.named_found, result.named, result.precision) == (1, 1, 1.0)


def test_a_home_epilator_of_no_named_kind_is_no_ipl_device() -> None:
    assert _kinds("2台目の家庭用脱毛器は、はっきり言ってほとんど記憶にない。") == set()
    assert _kinds("제모기를 샀어요") == set()
    assert _kinds("思い切って光脱毛器を購入") == {"IPL / laser hair removal"}


def test_kinds_listed_before_one_japanese_device_word_each_name_a_device() -> None:
    text = "たとえば、レーザーや高周波を使用する美顔器では、説明が不足している場合があります。"
    assert _kinds(text) == {"home laser", "radio-frequency device"}
    assert _kinds("顔や首の美顔器") == set()  # a generic 美顔器 of no named kind


def test_a_salon_appointment_names_no_home_device_in_the_reply_or_from_its_thread() -> None:
    booked = "Reservé cita para probar la fotodepilación con luz pulsada intensa y me encantó."
    assert _kinds(booked) == set()
    assert _kinds("I booked an appointment, then bought a home IPL device") == {"IPL / laser hair removal"}
    thread = Thread(
        post_id="p",
        topic="¿Qué es la depilación IPL?",
        replies=(
            Reply(platform_id="a", text=booked, post_id="p", username="x"),
            Reply(platform_id="b", text="La uso cada semana y me encanta.", post_id="p", username="y"),
        ),
    )
    found = find_in_threads([thread], default_matcher())
    assert found["a"] == ()
    assert [m.category for m in found["b"]] == ["IPL / laser hair removal"]


@pytest.mark.parametrize(
    "text",
    [
        "Los dispositivos domiciliarios de luz pulsada debilitan el pelo.",
        "Se encuentran máquinas depiladoras de uso doméstico que actúan con luz pulsada.",
        "Questi apparecchi epilatori che funzionano a luce pulsata non sono efficaci su pelli scure.",
    ],
)
def test_a_device_noun_and_what_it_works_with_later_in_its_clause(text: str) -> None:
    assert _kinds(text) == {"IPL / laser hair removal"}


def test_a_device_noun_and_a_technology_in_another_clause_name_nothing() -> None:
    assert _kinds("Compré un dispositivo, pero la luz pulsada es de la clínica.") == set()
