"""Classes of text that unseen pages showed the finder misreading: treatments a spa, a doctor or a
clinical machine gives (no home device), product names written in Japanese, replies about a device
of another kind under a thread about one."""

from __future__ import annotations

import pytest
from tipqueue.posts.models import Reply
from tipqueue.replies.context import Thread, find_in_threads
from tipqueue.replies.gadgets import default_matcher

from tests.replies.conftest import categories_in, names_in


@pytest.mark.parametrize(
    "text",
    [
        # a spa's, the doctors', a dermatologist's (German, female), a clinical machine's treatment
        "Our day spa swaps the microneedling tool between every guest.",
        "Nelle cliniche i medici usano il dermaroller con aghi lunghi.",
        "Die Dermatologin reinigt die Haut anschließend mit einem Porensauger.",
        "Six sessions of LED light therapy under a clinical LED panel left me glowing.",
    ],
)
def test_a_treatment_given_by_a_spa_doctor_or_clinical_machine_names_no_home_device(text: str) -> None:
    assert categories_in(text) == set()


@pytest.mark.parametrize(
    "text",
    [
        "I use the microneedling tool at home instead of going to the spa.",
        "Clinical studies show an LED mask can calm acne.",
    ],
)
def test_a_home_device_stays_beside_a_spa_or_clinical_studies(text: str) -> None:
    assert categories_in(text) != set()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # product and maker names as Japanese and Korean write them
        ("ヤーマンのフォトプラスを毎晩使っています", "YA-MAN Photo Plus"),
        ("シルク・エキスパートで脇を処理しました", "Braun Silk-expert Pro IPL"),
        ("シルクエキスパートは音が静かです", "Braun Silk-expert Pro IPL"),
        ("포레오로 세안하니 피부가 매끈해요", "Foreo"),
        ("클라리소닉 브러시 헤드를 교체했어요", "Clarisonic"),
        ("クラリソニックを10年使っています", "Clarisonic"),
        ("누페이스 쓰고 턱선이 살아났어요", "NuFace"),
        ("솔라웨이브 완드를 샀어요", "Solawave"),
        ("커런트바디 마스크를 매일 써요", "CurrentBody"),
    ],
)
def test_product_and_maker_names_in_japanese_and_korean(text: str, name: str) -> None:
    assert any(n == name or n.startswith(name) for n in names_in(text)), names_in(text)


def test_a_reply_about_an_epilator_does_not_take_the_threads_ipl() -> None:
    topic = "Is home IPL hair removal worth it?"
    replies = (
        Reply(
            platform_id="a", text="Years ago I bought an epilator and hated it.", username="u", post_id="p"
        ),
        Reply(platform_id="b", text="Tweezers were quicker than that.", username="v", post_id="p"),
        Reply(platform_id="c", text="Mine pinched so much.", username="w", post_id="p", parent_id="a"),
        Reply(platform_id="d", text="Ich habe mir ein Epiliergerät gekauft.", username="x", post_id="p"),
        Reply(platform_id="e", text="I love it, my legs stay smooth for weeks.", username="y", post_id="p"),
    )
    found = find_in_threads([Thread("p", topic, replies)], default_matcher())
    assert found["a"] == found["b"] == found["c"] == found["d"] == ()
    assert [m.category for m in found["e"]] == ["IPL / laser hair removal"]


@pytest.mark.parametrize(
    ("text", "gadget"),
    [
        ("What's The Truth About Home Face Steamers?", "Facial steamer"),
        ("Why You Need A Face Steamer In Winter", "Facial steamer"),
        ("Are Jade Rollers Worth It For Puffy Skin?", "Facial roller"),
    ],
)
def test_a_title_case_headline_is_no_product_name(text: str, gadget: str) -> None:
    assert [m.gadget for m in default_matcher().find(text)] == [gadget]


@pytest.mark.parametrize(
    "text",
    [
        "My dad tried laser hair restoration for his crown.",
        "Home laser hair restoration takes months to show.",
    ],
)
def test_laser_hair_restoration_is_a_hair_growth_device(text: str) -> None:
    assert categories_in(text) == {"hair-growth light device"}


def test_the_results_or_a_use_refer_to_the_threads_device() -> None:
    topic = "My month with a microcurrent device"
    replies = (
        Reply(platform_id="a", text="Honestly the results were subtle at best.", username="u", post_id="p"),
        Reply(
            platform_id="b", text="After the second use my cheeks felt tighter.", username="v", post_id="p"
        ),
    )
    found = find_in_threads([Thread("p", topic, replies)], default_matcher())
    assert [(m.category, m.stance.value) for m in found["a"]] == [("microcurrent device", "dislikes")]
    assert [m.category for m in found["b"]] == ["microcurrent device"]


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("The NuFace lift is temporary at best.", "dislikes"),
        ("Experts call what the Foreo does subtle, at best.", "dislikes"),
    ],
)
def test_an_effect_at_best_is_a_verdict_against(text: str, stance: str) -> None:
    assert [m.stance.value for m in default_matcher().find(text)] == [stance]


@pytest.mark.parametrize(
    "text",
    [
        "J'ai acheté un masque pour les yeux chauffant.",
        "Un masque les rend plus doux.",
        "Une brosse pour les cils.",
    ],
)
def test_a_short_word_one_letter_off_a_names_word_is_no_match(text: str) -> None:
    assert categories_in(text) == set()


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Selon le dermatologue, l'aspirateur de pores aide en usage ponctuel.", "pore vacuum"),
        ("According to dermatologists, a pore vacuum can bruise thin skin.", "pore vacuum"),
    ],
)
def test_a_doctor_cited_for_a_verdict_is_no_clinic(text: str, category: str) -> None:
    assert categories_in(text) == {category}


def test_a_doctor_who_treats_is_still_a_clinic() -> None:
    assert categories_in("Le dermatologue passe ensuite l'aspirateur de pores sur le nez.") == set()


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I keep two ice tools in the freezer for puffy mornings.", "ice roller"),
        ("눈썹칼로 얼굴 솜털을 정리해요", "dermaplaning tool"),
    ],
)
def test_ice_tools_and_the_korean_eyebrow_razor(text: str, category: str) -> None:
    assert categories_in(text) == {category}


@pytest.mark.parametrize(
    "text",
    [
        "배우 김모 씨는 매일 밤 괄사로 얼굴 마사지를 한다고 밝혔다.",
        "그 가수는 LED 마스크를 쓰고 있다고 밝혔다.",
    ],
)
def test_a_public_figure_reported_using_a_device_recommends_it_relayed(text: str) -> None:
    found = default_matcher().find(text)
    assert [(m.stance.value, m.relayed) for m in found] == [("recommends", True)]


def test_a_doctor_quoted_in_korean_is_no_clinic() -> None:
    quoted = "서울피부과 김모 원장은 “진동 클렌저를 매일 쓰면 피부가 예민해질 수 있다”고 말했다."
    assert categories_in(quoted) == {"cleansing brush"}
    assert categories_in("피부과에서 진동 클렌저로 관리를 받았다.") == set()
