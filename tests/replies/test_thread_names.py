"""Names a reply gives a device only its thread makes plain, and the rules around them (made-up texts)."""

from __future__ import annotations

from tipqueue.posts.models import Reply
from tipqueue.replies.context import Thread, find_in_threads
from tipqueue.replies.gadgets import default_matcher


def _thread(topic: str, *texts: str) -> dict[str, tuple[str, ...]]:
    replies = tuple(Reply(platform_id=f"r{n}", text=text) for n, text in enumerate(texts))
    found = find_in_threads([Thread("p", topic, replies)], default_matcher())
    return {
        key: tuple(f"{m.gadget}{' (inferred)' if m.inferred else ''}" for m in mentions)
        for key, mentions in found.items()
    }


def test_a_model_named_by_its_line_alone_takes_its_maker_from_the_thread() -> None:
    found = _thread(
        "My Philips Lumea Prestige after six months",
        "The Prestige version has a smaller window for the upper lip.",
        "Prestige is a big word for it.",  # a sentence's first word is capitalised anyway
        "It has the prestige of a far dearer machine.",  # not written as a name
    )
    assert found["r0"] == ("Philips Lumea",)
    assert found["r1"] == ("Philips Lumea (inferred)",)  # "it" refers back; "Prestige" names nothing
    assert found["r2"] == ("Philips Lumea (inferred)",)


def test_a_line_name_in_capitals_names_the_product_of_the_threads_kind() -> None:
    assert _thread("Three microcurrent myths", "A gadget like BEAR is quick to use.")["r0"] == ("Foreo Bear",)
    # under a thread about another kind the word names nothing of its own
    assert _thread("Choosing a jade roller", "We saw a BEAR in the woods.")["r0"] == ()


def test_a_maker_page_makes_its_models_line_name_a_name() -> None:
    assert _thread("UFO, the new Foreo for sheet-mask Sundays", "Five days ago the famous UFO arrived.")[
        "r0"
    ] == ("Foreo UFO",)


def test_an_unknown_name_before_a_device_word_of_the_threads_kind_is_a_device() -> None:
    text = "I picked the Glowzy mask because it looked simple to set up."
    assert default_matcher().find(text) == ()  # alone: a mask of what?
    found = find_in_threads(
        [Thread("p", "Testing LED masks at home", (Reply(platform_id="r", text=text),))], default_matcher()
    )
    assert [(m.gadget, m.category, m.inferred) for m in found["r"]] == [("Glowzy", "LED mask", False)]
    # a sheet mask stays none, whatever the thread
    assert _thread("Testing LED masks at home", "I also like the Petalia sheet mask.")["r0"] == ()


def test_an_unknown_maker_of_razors_under_a_comment_on_dermaplaning() -> None:
    parent = Reply(platform_id="c", text="There are plenty of tools to dermaplane at home.")
    reply = Reply(platform_id="r", text="I just buy a pack of cheap Shavio razors.", parent_id="c")
    found = find_in_threads([Thread("p", "", (parent, reply))], default_matcher())
    assert [(m.gadget, m.category, m.inferred) for m in found["r"]] == [
        ("Shavio", "dermaplaning tool", False)
    ]


def test_a_word_that_needs_the_face_nearby_names_the_threads_kind_unless_it_refers_back() -> None:
    found = _thread(
        "El rodillo de jade, una herramienta para la piel",
        "Importaron de Corea un rodillo con picos.",
        "El rodillo se rompió a la semana.",
    )
    assert found["r0"] == ("Facial roller",)  # named: the thread only says it is a face roller
    assert found["r1"] == ("Facial roller (inferred)",)  # "el rodillo": a reference
    assert _thread("Baking at home", "Importaron de Corea un rodillo con picos.")["r0"] == ()


def test_a_long_titles_head_before_its_first_comma_is_its_topic() -> None:
    found = _thread(
        "I Put an LED Mask to the Test at Home, and These Are My Honest Thoughts After a Month",
        "I used it twice a week.",
    )
    assert found["r0"] == ("LED mask (inferred)",)
    caption = "Our week with friends, the beach, some food, a new book and an LED mask at the end of it"
    assert _thread(caption, "I love it so much")["r0"] == ()


def test_a_doubtful_word_listed_beside_skin_devices_is_one_of_them() -> None:
    matcher = default_matcher()
    kinds = [m.category for m in matcher.find("LED 마스크, 고주파, 초음파, 클렌징 디바이스까지 다 써봤어요.")]
    assert "ultrasonic skin scrubber" in kinds
    # an ultrasonic cleaner for glasses
    assert matcher.find("주말마다 초음파 세척기로 안경과 반지를 깨끗하게 닦아요.") == ()
    assert [m.category for m in matcher.find("My LED mask, steamer and microcurrent wand")] == [
        "LED mask",
        "facial steamer",
        "microcurrent device",
    ]
    assert matcher.find("I steam my shirts with a steamer.") == ()


def test_a_romance_device_noun_and_its_purpose_with_words_between() -> None:
    found = default_matcher().find("Le spazzole morbide per la pulizia del viso sono delicate.")
    assert [m.category for m in found] == ["cleansing brush"]


def test_lexicon_words_read_on_public_pages() -> None:
    matcher = default_matcher()
    assert [m.gadget for m in matcher.find("My ClareBlend Mini is hands-free.")] == ["ClareBlend Mini"]
    assert [m.gadget for m in matcher.find("I tried the DermaWand for a month.")] == ["DermaWand"]
    assert [m.category for m in matcher.find("I keep an ice face roller in the freezer.")] == ["ice roller"]
    assert [m.category for m in matcher.find("Washing your face with an oscillating brush")] == [
        "cleansing brush"
    ]
    assert matcher.find("An oscillating brush head cleans teeth better.") == ()


def test_unknown_names_listed_beside_a_known_device_are_devices_of_its_kind() -> None:
    matcher = default_matcher()

    def found(text: str) -> list[tuple[str, str]]:
        return [(m.gadget, m.category) for m in matcher.find(text)]

    assert ("Glowtek Z5", "cleansing brush") in found(
        "I prefer other gadgets, such as the Glowtek Z5 and FOREO Luna, for my face."
    )
    assert ("Brandy Skin Perfect", "IPL / laser hair removal") in found(
        "Plusieurs marques: Philips (Lumea, 499 euros), Brandy (Skin Perfect, 299 euros)."
    )
    assert ("Shinova", "cleansing brush") in found(
        "Des marques, notamment Shinova et Foreo, vendent des brosses."
    )
    # skin care beside a device, a sentence's first word, people in another clause: none
    assert found("I use my NuFace, Vitamin C and Retinol daily.") == [("NuFace", "microcurrent device")]
    assert [g for g, _ in found("Honestly, NuFace and Foreo Bear are both fine.")] == ["NuFace", "Foreo Bear"]
    assert [
        g for g, _ in found("Des stars, comme Ana Belle, Jo Ray ou encore Lu Vinh, ont montré le Foreo UFO.")
    ] == ["Foreo UFO"]


def test_a_kind_a_product_is_compared_with_is_a_device_of_its_own() -> None:
    matcher = default_matcher()
    assert [m.gadget for m in matcher.find("My Foreo is far better than any other cleansing brush.")] == [
        "Foreo",
        "Cleansing brush",
    ]
    assert [m.gadget for m in matcher.find("My Foreo cleansing brush is great.")] == ["Foreo"]
    assert [
        m.gadget for m in matcher.find("リファを使ったら、今までの美容ローラーとは全く違う感触でした。")
    ] == [
        "ReFa",
        "Facial roller",
    ]
    assert [m.gadget for m in matcher.find("リファの美顔ローラーが好きです。")] == ["ReFa"]


def test_a_romance_device_noun_with_an_infinitive_of_purpose() -> None:
    found = default_matcher().find("Vi un cepillo eléctrico para limpiar el rostro en la tienda.")
    assert [m.category for m in found] == ["cleansing brush"]
    assert default_matcher().find("Compré un cepillo eléctrico para limpiar el suelo de la cocina.") == ()


def test_a_name_found_across_a_bracket_runs_to_the_model_in_it() -> None:
    found = default_matcher().find("Les marques: Philips (Lumea Confort Plus, 199 euros) et d'autres.")
    assert [(m.gadget, m.matched) for m in found] == [("Philips Lumea", "Philips (Lumea Confort Plus")]
