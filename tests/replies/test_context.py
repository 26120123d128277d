"""Anaphora from context, stance cues, and the properties the matcher keeps with them."""

from __future__ import annotations

import copy
import functools
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tipqueue.posts.models import Reply, Stance
from tipqueue.replies.context import Thread, find_in_threads, inferred_mentions
from tipqueue.replies.gadgets import GadgetMatcher, default_matcher
from tipqueue.replies.lexicon import alias_key, build_lexicon, bundled_lexicon, fold, load_lexicon

REALSET = Path(__file__).parent / "realset" / "replies.jsonl"


def _thread(topic: str, *replies: tuple[str, str, str | None, str]) -> Thread:
    """replies: (id, user, parent id, text)."""
    return Thread(
        "p1",
        topic,
        tuple(Reply(platform_id=i, text=t, username=u, parent_id=p, post_id="p1") for i, u, p, t in replies),
    )


def test_a_reply_takes_the_gadget_of_the_comment_it_answers() -> None:
    found = find_in_threads(
        [
            _thread(
                "What is your favourite home gadget?",
                ("c1", "amy", None, "My Foreo Luna, every night"),
                ("c2", "bob", "c1", "mine broke after a year"),
                ("c3", "cat", None, "NuFace and my LED mask"),
                ("c4", "dan", "c3", "it's great"),
            )
        ],
        default_matcher(),
    )
    (mine,) = found["c2"]
    assert (mine.gadget, mine.stance, mine.inferred, mine.cue) == (
        "Foreo Luna",
        Stance.DISLIKES,
        True,
        "broke",
    )
    assert not found["c1"][0].inferred
    assert found["c4"] == ()  # the comment answered names two gadgets: "it" is not resolved


def test_the_post_topic_and_the_readers_earlier_reply_are_context_too() -> None:
    found = find_in_threads(
        [
            _thread(
                "Our NuFace Trinity review",
                ("c1", "amy", None, "I returned it after a week"),
                ("c2", "bob", None, "Jade roller every morning"),
                ("c3", "bob", None, "the roller is cold and I love it"),
                ("c4", "cat", None, "Great photo!"),
            )
        ],
        default_matcher(),
    )
    assert [(m.gadget, m.stance, m.inferred) for m in found["c1"]] == [
        ("NuFace Trinity", Stance.DISLIKES, True)
    ]
    assert [(m.gadget, m.inferred) for m in found["c3"]] == [("Facial roller", True)]
    assert found["c4"] == ()  # nothing refers back: no gadget


def test_a_long_title_whose_headline_names_the_device_is_the_topic_and_a_costume_mask_is_none() -> None:
    matcher = default_matcher()
    long_title = (
        "¿Realmente funcionan las depiladoras de luz pulsada? Lo que debes saber antes de invertir en una"
    )
    caption = (
        "Our week in pictures with friends, the beach, some food, a new book and an LED mask at the end of it"
    )
    found = find_in_threads(
        [
            Thread(
                "p1",
                long_title,
                (Reply(platform_id="a1", text="No basta con usar la depiladora un par de veces."),),
            ),
            Thread("p2", caption, (Reply(platform_id="b1", text="I love it so much"),)),
            Thread(
                "p3",
                "Brightening the World with an LED Face Mask",
                (
                    Reply(
                        platform_id="c1", text="I will become the Holiday decoration by getting an LED mask!"
                    ),
                    Reply(platform_id="c2", text="I like this mask because it has seven colours."),
                ),
            ),
        ],
        matcher,
    )
    assert [m.category for m in found["a1"]] == ["IPL / laser hair removal"]
    assert found["b1"] == ()  # a long caption naming a device in passing is no topic
    assert found["c1"] == () and found["c2"] == ()  # a light-up mask worn as a decoration


def test_a_massager_for_sore_muscles_is_no_skin_device_but_one_for_the_face_is() -> None:
    matcher = default_matcher()
    assert matcher.find("뭉친 근육을 풀어주는 저주파 마사지기는 이제 가정 필수품이 되었습니다.") == ()
    assert [m.category for m in matcher.find("얼굴 피부에 쓰는 저주파 마사지기를 샀어요.")] == [
        "EMS toning device"
    ]


@pytest.mark.parametrize(
    ("text", "stance", "relayed"),
    [
        ("Fazit: Porensauger sind eine sinnvolle Ergänzung bei der Hautpflege.", Stance.RECOMMENDS, False),
        (
            "Stars like Jennifer Aniston have sworn by microcurrent devices for years.",
            Stance.RECOMMENDS,
            True,
        ),
        (
            "Les blogueurs et les célébrités ne s'en passent plus : le rouleau de jade.",
            Stance.RECOMMENDS,
            True,
        ),
        ("El problema con la máscara LED es que no era cómoda.", Stance.DISLIKES, False),
    ],
)
def test_inflected_and_idiomatic_verdicts_and_relayed_ones(text: str, stance: Stance, relayed: bool) -> None:
    [mention] = default_matcher().find(text)
    assert (mention.stance, mention.relayed) == (stance, relayed)


@pytest.mark.parametrize(
    "reply",
    [
        "Man muss die Maske nur ein paar Wochen tragen.",
        "Hay que usar el dispositivo cada noche.",
        "Il dispositivo va usato ogni sera.",
    ],
)
def test_device_words_with_an_article_refer_back_in_other_languages(reply: str) -> None:
    found = find_in_threads([_thread("Our LED mask review", ("c1", "amy", None, reply))], default_matcher())
    assert [(m.gadget, m.inferred) for m in found["c1"]] == [("LED mask", True)]


def test_inferred_mentions_only_fill_replies_naming_nothing() -> None:
    matcher = default_matcher()
    replies = [
        Reply(platform_id="a", text="My Clarisonic Mia", username="amy", post_id="p"),
        Reply(platform_id="b", text="I use it every day, love it", username="amy", post_id="p"),
    ]
    named = [
        r if not (m := matcher.find(r.text)) else Reply(**{**r.__dict__, "mentions": m}) for r in replies
    ]
    inferred = inferred_mentions(named, matcher, {})
    assert list(inferred) == ["b"]
    assert inferred["b"][0].gadget == "Clarisonic Mia" and inferred["b"][0].stance is Stance.RECOMMENDS


@pytest.mark.parametrize(
    ("text", "gadget", "stance", "relayed", "cue"),
    [
        ("Oh sure, a $300 NuFace will fix my pores", "NuFace", Stance.DISLIKES, False, "will fix"),
        ("I returned my ZIIP after two weeks", "ZIIP", Stance.DISLIKES, False, "returned"),
        ("is the Foreo worth it?", "Foreo", Stance.MENTIONS, False, ""),
        ("my sister swears by her NuFace", "NuFace", Stance.RECOMMENDS, True, "swears by"),
        ("I wouldn't recommend the Clarisonic", "Clarisonic", Stance.DISLIKES, False, "recommend"),
        ("I prefer my Foreo Luna over the Clarisonic", "Clarisonic", Stance.DISLIKES, False, "over"),
        ("I prefer my Foreo Luna over the Clarisonic", "Foreo Luna", Stance.RECOMMENDS, False, "prefer"),
        ("My PMD broke once, but I still love it", "PMD Beauty", Stance.RECOMMENDS, False, "love"),
        (
            "Ho provato il gua sha ma non ho visto nessuna differenza",
            "Gua sha",
            Stance.DISLIKES,
            False,
            "differenza",
        ),
    ],
)
def test_stance_cases_carry_the_deciding_cue(
    text: str, gadget: str, stance: Stance, relayed: bool, cue: str
) -> None:
    found = {m.gadget: m for m in default_matcher().find(text)}
    mention = found[gadget]
    assert (mention.stance, mention.relayed) == (stance, relayed)
    assert cue in mention.cue


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Gesichtsreinigungsbürsten sind mein Ding", "cleansing brush"),
        ("LED마스크를 매일 써요", "LED mask"),
        ("las mascarillas faciales LED funcionan", "LED mask"),
        ("le spazzole soniche sono delicate", "cleansing brush"),
        ("I've been gua sha-ing every night", "gua sha"),
        ("リファカラットを毎日使っています", "facial roller"),
        ("美顔ローラーを毎日使っています", "facial roller"),
    ],
)
def test_device_words_of_other_languages_and_verb_forms(text: str, category: str) -> None:
    assert category in {m.category for m in default_matcher().find(text)}


def test_makers_of_toothbrushes_and_clothes_steamers_are_not_devices() -> None:
    matcher = default_matcher()
    assert matcher.find("My Philips Sonicare toothbrush died") == ()
    assert matcher.find("The garment steamers were recalled after burns") == ()
    assert matcher.find("my facial steamer opens my pores")


# --- properties -------------------------------------------------------------------------------

_TEXTS = [line for line in REALSET.read_text(encoding="utf-8").splitlines()][:120]


@given(st.text(max_size=300), st.text(max_size=120))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_context_never_crashes_on_any_unicode(text: str, topic: str) -> None:
    found = find_in_threads(
        [_thread(topic, ("a", "u", None, "my NuFace"), ("b", "u", "a", text), ("c", "v", "b", text))],
        default_matcher(),
    )
    for mention in found["b"] + found["c"]:
        assert mention.gadget
    from tipqueue.replies.discovery import unknown_names

    for name in unknown_names(
        [Reply(platform_id="x", text=text), Reply(platform_id="y", text=topic)], default_matcher()
    ):
        assert name.name and name.count >= 1


@given(st.sampled_from(_TEXTS))
@settings(max_examples=60, deadline=None)
def test_extraction_is_deterministic(line: str) -> None:
    import json

    text = json.loads(line)["text"]
    fresh = GadgetMatcher(load_lexicon(None))
    assert default_matcher().find(text) == default_matcher().find(text) == fresh.find(text)


_UNRELATED = st.text(alphabet="qxzjvwk", min_size=7, max_size=12).map(lambda s: "Zq" + s)


@given(st.sampled_from(_TEXTS), _UNRELATED, st.sampled_from(sorted(bundled_lexicon().categories)))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_an_unrelated_lexicon_entry_never_removes_a_correct_match(
    line: str, name: str, category: str
) -> None:
    import json

    text = json.loads(line)["text"]
    if alias_key(name) in alias_key(text):
        return
    base_data, matcher = _base()
    plus = GadgetMatcher(
        build_lexicon(
            [
                ("base", copy.deepcopy(base_data)),
                ("extra", {"gadgets": [{"name": name, "brand": name, "category": category}]}),
            ]
        )
    )
    before = {m.gadget for m in matcher.find(text)}
    after = {m.gadget for m in plus.find(text)}
    assert before <= after


@functools.cache
def _base() -> tuple[dict[str, object], GadgetMatcher]:
    """The bundled lexicon as a TOML layer, and its own matcher: built once for every example."""
    base = load_lexicon(None)
    return _as_data(base), GadgetMatcher(base)


def _as_data(lexicon: object) -> dict[str, object]:
    """A loaded lexicon as the TOML layer it could have come from."""
    from tipqueue.replies.lexicon import Lexicon

    assert isinstance(lexicon, Lexicon)
    categories = {key: {"label": label, "aliases": []} for key, label in lexicon.categories.items()}
    generic = {label[:1].upper() + label[1:]: key for key, label in lexicon.categories.items()}
    brands, gadgets = [], []
    for g in lexicon.gadgets:
        if g.kind == "generic":
            categories[generic[g.name]]["aliases"] = list(g.aliases)
        elif g.kind == "brand":
            brands.append({"name": g.name, "category": g.category_key, "aliases": list(g.aliases)})
        else:
            body = {"name": g.name, "category": g.category_key, "aliases": list(g.aliases)}
            if g.brand:
                body["brand"] = g.brand
            gadgets.append(body)
    return {"categories": categories, "brands": brands, "gadgets": gadgets}


def test_a_device_word_with_an_adjective_or_an_indefinite_article_refers_to_the_topic() -> None:
    found = find_in_threads(
        [
            _thread(
                "My jade roller routine",
                ("c1", "amy", None, "And the cold stone feels nice on my puffy eyes."),
                ("c2", "bob", None, "È una maschera rigida, con una fascia elastica."),
                ("c3", "cat", None, "Great photo!"),
            )
        ],
        default_matcher(),
    )
    (stone,) = found["c1"]
    assert (stone.gadget, stone.inferred, stone.stance) == ("Facial roller", True, Stance.RECOMMENDS)
    assert found["c2"] and found["c2"][0].inferred
    assert found["c3"] == ()  # nothing in it refers back


def test_a_japanese_question_before_a_closing_quote_only_mentions() -> None:
    (asked,) = default_matcher().find("「小顔ローラーは本当に効果があるの?」と聞かれます。")
    assert asked.stance is Stance.MENTIONS
    (said,) = default_matcher().find("小顔ローラーは本当に効果がある。")
    assert said.stance is Stance.RECOMMENDS


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("Did you know the NuFace does nothing?", Stance.DISLIKES),
        ("小顔ローラーは効果ないって知っていましたか?", Stance.DISLIKES),
        ("Is the NuFace worth it?", Stance.MENTIONS),
    ],
)
def test_a_question_that_states_its_answer_keeps_its_verdict(text: str, stance: Stance) -> None:
    (mention,) = default_matcher().find(text)
    assert mention.stance is stance


# The referring words as one plain alternation, tried in this order at each word: the reference
# the trie-shaped pattern in context.py must agree with, word for word and span for span.
_PLAIN_ANAPHOR = re.compile(
    r"\b(?:it|it's|its|itself|this|that|these|those|they|them|mine|one|ones|"
    r"rolling|steaming|zapping|needling|scraping|massaging|"
    r"(?:the|this|that|my|these|those|a|an)(?: [a-z]+)? (?:device|devices|tool|tools|gadget|gadgets|"
    r"thing|machine|roller|rollers|brush|brushes|mask|masks|wand|stone|stones|pen|spatula|scrubber|"
    r"steamer|light|razor|blade|cap|little|crystal|doughnut|product|products)|"
    r"es|er|sie|ihn|ihm|ihr|meine|meiner|dieses|diese|gerat|gerate|das gerat|das teil|das ding|die dinger|die burste|"
    r"(?:der|die|das|den|dem|des|dieser|diesen|diesem|mein|meinen|meinem|ein|eine|einen|einem) "
    r"(?:roller|gerat|gerate|geraten|maske|masken|burste|stein|steine|stab|tool|gadget|spatel|produkt)|"
    r"(?:el|mi|los|mis|un|una|esas|esos|estas|estos) "
    r"(?:rodillo|rodillos|aparato|aparatos|dispositivo|dispositivos|cepillo|mascara|mascaras|"
    r"mascarilla|producto|productos|herramienta|depiladora|depiladoras|maquina|maquinas|modelo|modelos)|"
    r"(?:il|i|gli|la|le|mio|mia|un|una|uno) "
    r"(?:rullo|rulli|dispositivo|dispositivi|maschera|maschere|spazzola|prodotto|prodotti|apparecchio|"
    r"apparecchi|epilatore|epilatori|modello|modelli|strumento)|"
    r"(?:le|les|un|une|cet|cette|ce|ces|mon|ma|mes|son|sa|ses|notre|votre) "
    r"(?:epilateur|epilateurs|appareil|appareils|masque|masques|rouleau|rouleaux|brosse|brosses|outil|"
    r"outils|machine|machines|modele|modeles|dispositif|dispositifs|accessoire|pierre|engin|gadget)|"
    r"si utilizza|si usa|si usano|se usa|se utiliza|"
    r"il|elle|le|la|les|l|cet|cette|ce|celui|celle|ca|appareil|objet|brosse|masque|"
    r"lo|los|las|este|esta|ese|esa|aparato|dispositivo|cepillo|"
    r"questo|questa|apparecchio|spazzola|strumento|spazzolina)\b"
)
_PIECES = (
    "the a an this my cold stone stones roller it it's l'appareil la maschera das gerat die burste "
    "cet appareil le masque les epilateurs gerate una depiladora"
)
_REFERRING_PIECES = st.sampled_from(
    [
        *_PIECES.split(),
        "si usa",
        "se utiliza",
        "el producto",
        "ein gerat",
        "diese maske",
        "una",
        "x_",
        "2",
        ".",
        ",",
        "'",
        "-",
        " ",
        "  ",
    ]
)


@given(st.lists(_REFERRING_PIECES, max_size=10).map("".join) | st.text(max_size=80))
@settings(max_examples=300, deadline=None)
def test_the_trie_shaped_referring_pattern_finds_what_the_plain_one_finds(text: str) -> None:
    from tipqueue.replies.context import _ANAPHOR

    low = fold(text)
    assert [m.span() for m in _ANAPHOR.finditer(low)] == [m.span() for m in _PLAIN_ANAPHOR.finditer(low)]


def test_a_french_or_german_device_noun_refers_to_the_device_of_the_topic() -> None:
    found = find_in_threads(
        [
            _thread(
                "Les épilateurs à lumière pulsée à domicile, un plan au poil?",
                ("c1", "ann", None, "J'ai rangé l'appareil au fond du placard…"),
                ("c2", "bea", None, "Moderne Geräte sind mit Sicherheitssensoren ausgestattet."),
            )
        ],
        default_matcher(),
    )
    ipl = bundled_lexicon().categories["ipl"]
    assert [(m.category, m.stance, m.inferred) for m in found["c1"]] == [(ipl, Stance.DISLIKES, True)]
    assert [(m.category, m.inferred) for m in found["c2"]] == [(ipl, True)]


@pytest.mark.parametrize(
    ("text", "stance", "relayed"),
    [
        ("«J'ai investi dans ce masque LED, ça marche», affirme Adèle.", Stance.RECOMMENDS, True),
        ("Altroconsumo sconsiglia il masque LED per chi ha la pelle sensibile.", Stance.DISLIKES, True),
        ("Les masques LED sont devenus super populaires.", Stance.MENTIONS, False),
        ("Le masque LED est super pratique.", Stance.RECOMMENDS, False),
        ("毛穴に悩む方はLEDマスクをぜひ使うべきです。", Stance.RECOMMENDS, False),
    ],
)
def test_relayed_verdicts_advice_and_intensifiers(text: str, stance: Stance, relayed: bool) -> None:
    (mention,) = default_matcher().find(text)
    assert (mention.stance, mention.relayed) == (stance, relayed)


def test_an_answer_to_a_question_about_a_device_and_french_y_refer_to_it() -> None:
    found = find_in_threads(
        [
            _thread(
                "Skincare",
                ("c1", "amy", None, "Bringt ein Jade-Roller wirklich etwas?"),
                ("c2", "bob", "c1", "Die Antwort lautet leider eher Nein."),
                ("c3", "cat", None, "Vous avez testé le masque LED ?"),
                ("c4", "dan", "c3", "Honnêtement, je n'y crois pas."),
            )
        ],
        default_matcher(),
    )
    (answer,) = found["c2"]
    assert (answer.category, answer.stance, answer.inferred) == ("facial roller", Stance.DISLIKES, True)
    assert [m.category for m in found["c4"]] == ["LED mask"]


def test_a_demonstrative_pointing_at_skin_care_takes_no_device() -> None:
    found = find_in_threads(
        [
            _thread(
                "Pore vacuums: worth it?",
                ("c1", "amy", None, "Diese Strips waren früher der Renner."),
                ("c2", "bob", None, "Diese haben bei mir blaue Flecken gemacht."),
            )
        ],
        default_matcher(),
    )
    assert found["c1"] == ()
    assert [m.category for m in found["c2"]] == ["pore vacuum"]
