"""Gadget extraction: the labelled set's precision and recall, tolerant matching, stance."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tipqueue.posts.models import Stance
from tipqueue.replies.gadgets import GadgetMatcher, default_matcher, extract
from tipqueue.replies.lexicon import bundled_lexicon

LABELLED = Path(__file__).parent / "data" / "labelled_replies.jsonl"


def _labelled() -> list[dict[str, object]]:
    return [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_labelled_set_precision_recall_and_stance() -> None:
    rows = _labelled()
    assert len(rows) >= 150
    names = {g.name for g in bundled_lexicon().gadgets}
    tp = fp = fn = stance_right = 0
    for row in rows:
        expected = {e["gadget"]: e["stance"] for e in row["expected"]}  # type: ignore[attr-defined]
        assert set(expected) <= names, f"label names an unknown gadget: {row}"
        found = {m.gadget: m.stance.value for m in extract(str(row["text"]))}
        tp += len(found.keys() & expected.keys())
        fp += len(found.keys() - expected.keys())
        fn += len(expected.keys() - found.keys())
        stance_right += sum(1 for g in found.keys() & expected.keys() if found[g] == expected[g])
    precision = tp / (tp + fp)
    recall = tp / (tp + fn)
    stance = stance_right / tp
    print(
        f"\nlabelled replies: {len(rows)}, gadget mentions: {tp + fn}; "
        f"precision {precision:.3f}, recall {recall:.3f}, stance accuracy {stance:.3f}"
    )
    assert precision >= 0.95
    assert recall >= 0.95
    assert stance >= 0.88


def test_labelled_set_has_replies_naming_nothing_and_other_languages() -> None:
    rows = _labelled()
    assert sum(1 for r in rows if not r["expected"]) >= 15
    assert any(not str(r["text"]).isascii() for r in rows)


@pytest.mark.parametrize(
    "text",
    [
        "NuFace",
        "nuface",
        "NUFACE",
        "Nu Face",
        "nu-face",
        "NuFace's",
        "NuFaces",
        "my  nu   face",
        "#nuface",
        "@nuface",
    ],
)
def test_case_spacing_hyphens_possessives_plurals(text: str) -> None:
    assert [m.gadget for m in extract(text)] == ["NuFace"]


@pytest.mark.parametrize(
    ("text", "gadget"),
    [
        ("my Clarasonic", "Clarisonic"),
        ("my clairsonic", "Clarisonic"),
        ("dermaplanning at home", "Dermaplaning tool"),
        ("the tripolar thing", "Tripollar"),
        ("Déesse mask", "Déesse PRO LED Mask"),
        ("deesse mask", "Déesse PRO LED Mask"),
        ("microneedeling pen", "Microneedling tool"),
    ],
)
def test_misspellings_and_accents(text: str, gadget: str) -> None:
    assert gadget in [m.gadget for m in extract(text)]


@pytest.mark.parametrize(
    "text",
    [
        "A higher dose of retinol works",
        "I restore my skin barrier with ceramides",
        "ya man love it",
        "my smooth skin after peels",
        "Botox and fillers are the way to go",
        "I'm a streamer and my skin hates the lights",
        "Facial exercises gave me more lines",
        # a near miss stays one with the word after it: not "Gesichtsmassager"
        "Faltenfrei dank Gesichtsmassage? Ich mache sie jeden Abend.",
        "",
        "😍😍😍",
    ],
)
def test_ordinary_words_are_not_gadgets(text: str) -> None:
    assert extract(text) == ()


def test_generic_mention_maps_to_its_category() -> None:
    (mention,) = extract("my jade roller lives in the fridge")
    assert (mention.gadget, mention.category, mention.brand) == ("Facial roller", "facial roller", None)


@pytest.mark.parametrize(
    ("text", "gadget"),
    [
        ("人気になっている小顔ローラーを毎晩使っています。", "Facial roller"),  # inside a longer run of kana
        ("私はリファカラットを愛用しています。", "ReFa Carat Roller"),
        ("小顔ローラー", "Facial roller"),
    ],
)
def test_a_device_word_inside_a_run_of_japanese_is_found(text: str, gadget: str) -> None:
    assert [m.gadget for m in extract(text)] == [gadget]


@pytest.mark.parametrize(
    ("text", "gadget"),
    [
        ("Man kann die Ultraschallbürste einmal am Tag anwenden.", "Cleansing brush"),
        ("Ich teste einen Mikroderma Roller.", "Microneedling tool"),
        ("今までの美容ローラーとは全く違う", "Facial roller"),
        ("スチーム美顔器で毛穴ケア", "Facial steamer"),
        ("닥터버블 세안 후에는 얼굴이 환해진다", "Radiancue Dr. Bubble"),
        ("세안기 매출이 늘고 있다", "Cleansing brush"),
        ("Ce masque d'électrostimulation promet un visage tonique.", "EMS toning device"),
        ("요즘 탈모 치료기를 매일 쓰고 있다", "Hair-growth light device"),
        ("피지제거기는 자극이 될 수 있다", "Pore vacuum"),
        ("Ho provato le coppette sul viso.", "Facial cupping"),
        ("Me paso una barra de hielo por la cara.", "Ice roller"),
        ("J'ai acheté le MDZ Skin le mois dernier.", "MDZ Skin"),
        ("메디헤어를 한 달 써 봤다", "LG Pra.L Medihair"),
    ],
)
def test_device_words_readers_use_in_other_languages_are_found(text: str, gadget: str) -> None:
    assert [m.gadget for m in extract(text)] == [gadget]


def test_a_product_hides_its_brand_and_its_category() -> None:
    found = extract("Foreo Luna cleansing brush, my Foreo is the best")
    assert [m.gadget for m in found] == ["Foreo Luna"]


def test_brand_with_a_category_word_takes_that_category() -> None:
    (mention,) = extract("the Foreo LED mask")
    assert (mention.gadget, mention.category) == ("Foreo", "LED mask")


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("I returned my Foreo", Stance.DISLIKES),
        ("I love my Foreo", Stance.RECOMMENDS),
        ("I wouldn't recommend the Foreo", Stance.DISLIKES),
        ("The Foreo is not worth it", Stance.DISLIKES),
        ("The Foreo is not bad at all", Stance.RECOMMENDS),
        ("Foreo", Stance.MENTIONS),
        ("Thinking about getting a Foreo, is it worth it?", Stance.MENTIONS),
        ("Is the Foreo any good?", Stance.MENTIONS),
        ("My Foreo broke once, but I still love it", Stance.RECOMMENDS),
        ("Foreo 🔥", Stance.RECOMMENDS),
        ("Je ne recommande pas mon Foreo", Stance.DISLIKES),
    ],
)
def test_stance(text: str, stance: Stance) -> None:
    (mention,) = extract(text)
    assert mention.stance is stance


def test_stance_per_gadget_in_one_reply() -> None:
    found = {m.gadget: m.stance for m in extract("I love my NuFace and hate my ZIIP")}
    assert found == {"NuFace": Stance.RECOMMENDS, "ZIIP": Stance.DISLIKES}


def test_matched_keeps_the_readers_own_words() -> None:
    (mention,) = extract("Honestly the NU-FACE’s mini is great")
    assert mention.matched == "NU-FACE’s mini"


def test_threshold_bounds() -> None:
    with pytest.raises(ValueError, match="fuzzy_threshold"):
        GadgetMatcher(bundled_lexicon(), fuzzy_threshold=20)
    strict = GadgetMatcher(bundled_lexicon(), fuzzy_threshold=100)
    assert strict.find("my Clarisonnic") == ()
    assert [m.gadget for m in extract("my Clarisonnic")] == ["Clarisonic"]


# --- properties ---------------------------------------------------------------------------

#: built once: bundled_lexicon() builds the whole lexicon again on every call
_LEXICON = bundled_lexicon()
#: its own matcher, for the examples that compare a larger lexicon's finds with the bundled one's
_BASE_MATCHER = GadgetMatcher(_LEXICON)
_ALIASES = sorted(
    {(alias, g.name) for g in _LEXICON.gadgets for alias in (g.name, *g.aliases)},
)


def _variants(alias: str) -> list[str]:
    words = alias.split()
    return [
        alias.upper(),
        alias.lower(),
        alias.title(),
        "-".join(words),
        "  ".join(words),
        alias + "'s",
        alias + "’s",
    ]


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_never_crashes_on_any_unicode(text: str) -> None:
    for mention in default_matcher().find(text):
        assert mention.matched  # always a piece of the text
        assert mention.matched in text


@given(st.sampled_from(_ALIASES), st.integers(min_value=0, max_value=6))
@settings(max_examples=400, deadline=None)
def test_every_alias_variant_finds_its_gadget(pair: tuple[str, str], which: int) -> None:
    alias, name = pair
    variant = _variants(alias)[which]
    # (on the face: a weak word like "steamer" names a device only where faces or skin are spoken of)
    found = [m.gadget for m in extract(f"I use my {variant} daily on my face")]
    owner = _LEXICON.get(name)
    assert owner is not None
    if owner.kind == "generic" or owner.kind == "brand":
        # a brand or category alias can also be a product's alias; either way it is named
        assert found, variant
    else:
        assert name in found, variant


@given(
    st.sampled_from(_ALIASES),
    st.text(alphabet=" ,.!?🙂", max_size=5),
    st.text(alphabet=" ,.!?🙂", max_size=5),
)
@settings(max_examples=200, deadline=None)
def test_surrounding_punctuation_does_not_change_the_match(
    pair: tuple[str, str], left: str, right: str
) -> None:
    alias, _ = pair
    plain = [m.gadget for m in extract(f"my {alias} here")]
    framed = [m.gadget for m in extract(f"my {left}{alias}{right} here")]
    if left.strip() == "" and right.strip() == "":
        assert framed == plain
    else:
        assert set(plain) <= set(framed) or framed  # punctuation may split clauses, never lose the gadget


# --- properties over the newer paths: unknown names, German compounds, CJK negation ------------

_FRAGMENTS = [
    "the Sensse LED mask",
    "my Qyksonic brush",
    "Ultraschallgesichtsbürste",
    "Zahnreinigungsbürste",
    "LED-Gesichtsmasken",
    "효과가 있지 않아요",
    "効果を感じられない",
    "美顔ローラー",
    "red light",
    "on my face",
    "but why",
    "some people swear by it, others",
    "Ñoño",
    "İstanbul",
    "ß",
    "\u200d",
    "\U0001f9d6\u200d\u2640\ufe0f",
    ".",
    "?",
]
_SECOND = GadgetMatcher(bundled_lexicon())  # a matcher of its own: no state shared with the cached one
_MIXED = st.lists(st.one_of(st.text(max_size=12), st.sampled_from(_FRAGMENTS)), max_size=10).map(" ".join)


@given(_MIXED)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_names_compounds_and_negation_never_crash_and_stay_deterministic(text: str) -> None:
    found = default_matcher().find(text)
    assert found == _SECOND.find(text) == default_matcher().find(text)
    for mention in found:
        assert mention.matched and mention.matched in text
        assert mention.gadget and mention.category


_REAL = [
    json.loads(line)["text"]
    for name in ("replies.jsonl", "fresh.jsonl")
    for line in (Path(__file__).parent / "realset" / name).read_text(encoding="utf-8").splitlines()
]
_UNRELATED_WORD = st.text(alphabet="qxzjvwk", min_size=8, max_size=12).map(lambda s: "zq" + s)


@given(
    st.sampled_from(_REAL),
    _UNRELATED_WORD,
    st.sampled_from(sorted(bundled_lexicon().categories)),
    st.sampled_from(["brand", "device word", "compound"]),
)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_an_unrelated_entry_of_any_kind_never_removes_a_correct_match(
    text: str, word: str, category: str, kind: str
) -> None:
    from tipqueue.replies.lexicon import alias_key, build_lexicon

    if word in alias_key(text):
        return
    layers: list[tuple[str, dict[str, object]]] = [("base", _layer(_LEXICON))]
    if kind == "brand":
        layers.append(("extra", {"brands": [{"name": word.title(), "category": category}]}))
    else:  # a device word of a category, also one German might glue a modifier to
        alias = word if kind == "device word" else word + "gerät"
        layers.append(("extra", {"also": {f"category:{category}": [alias]}}))
    before = {(m.gadget, m.category) for m in _BASE_MATCHER.find(text)}
    after = {(m.gadget, m.category) for m in GadgetMatcher(build_lexicon(layers)).find(text)}
    assert before <= after


def _layer(lexicon: object) -> dict[str, object]:
    from tipqueue.replies.lexicon import Lexicon

    assert isinstance(lexicon, Lexicon)
    categories = {key: {"label": label, "aliases": []} for key, label in lexicon.categories.items()}
    brands, gadgets = [], []
    for g in lexicon.gadgets:
        if g.kind == "generic":
            categories[g.category_key]["aliases"] = list(g.aliases)
        elif g.kind == "brand":
            brands.append({"name": g.name, "category": g.category_key, "aliases": list(g.aliases)})
        else:
            gadgets.append(
                {"name": g.name, "brand": g.brand, "category": g.category_key, "aliases": list(g.aliases)}
            )
    return {"categories": categories, "brands": brands, "gadgets": gadgets}


@pytest.mark.parametrize("text", ["I do facial massages every day", "mit einer Gesichtsmassage"])
def test_a_massage_by_hand_is_not_a_massager(text: str) -> None:
    assert not extract(text)
    assert [m.gadget for m in extract("my facial massager every day")] == ["Facial massager"]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # the joining word may be there or not, and may differ: one alias finds all of them
        ("L'épilateur à lumière pulsée a fait un carton", "ipl"),
        ("un épilateur de lumière pulsée", "ipl"),
        ("un cepillo de limpieza facial", "cleansing-brush"),
        ("uso un cepillo limpieza facial", "cleansing-brush"),
        ("la spazzola per il viso", "cleansing-brush"),
        # plurals of Spanish and Italian agent nouns and German device nouns
        ("Los limpiadores faciales eléctricos se han vuelto populares", "cleansing-brush"),
        ("gli epilatori laser", "ipl"),
        ("Mikrostromgeräte für zu Hause", "microcurrent"),
        ("Stattdessen sollten Sie lieber zu einem Porensauger greifen.", "pore-vacuum"),
    ],
)
def test_device_nouns_are_found_whatever_joins_them(text: str, category: str) -> None:
    lexicon = bundled_lexicon()
    found = extract(text)
    assert [m.category for m in found] == [lexicon.categories[category]]


def test_a_joining_word_alone_or_at_an_end_names_nothing() -> None:
    assert not extract("de la à per il")
    assert not extract("lumière pulsée de")


def test_panasonics_hikari_esthe_is_a_home_ipl_not_an_esthetic_salon() -> None:
    found = default_matcher().find("光エステを自宅で使っています。")
    assert [m.category for m in found] == ["IPL / laser hair removal"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Je passe un rouleau sur le visage chaque matin.", ["facial roller"]),
        ("J'ai acheté un rouleau à pâtisserie.", []),
        ("Les appareils de luminothérapie pour la peau sont sans danger.", ["LED mask"]),
        ("Une lampe de luminothérapie contre la déprime hivernale.", []),
        ("Passate il rullo sul volto dal basso verso l'alto.", ["facial roller"]),
        ("Ho comprato un rullo per dipingere le pareti.", []),
    ],
)
def test_a_bare_roller_or_french_light_therapy_is_a_skin_device_only_beside_the_face(
    text: str, found: list[str]
) -> None:
    assert [m.category for m in default_matcher().find(text)] == found
