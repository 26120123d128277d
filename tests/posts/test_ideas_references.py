"""References to earlier text, in every language we support: found, merged, or flagged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tipqueue.config.settings import Settings
from tipqueue.posts.ideas.references import find_reference
from tipqueue.posts.series import split_to_folder

POINTING = [
    # the examples: pronouns and demonstratives with contractions, markers, the page
    ("en", "These sound great, don’t they.", "pointer"),
    ("en", "They’re both forms of vitamin C.", "pointer"),
    ("en", "That’s why a gentle cleanser matters.", "pointer"),
    ("en", "For example, a ceramide cream repairs the barrier.", "marker"),
    ("en", "To be fair, companies make these devices weak.", "marker"),
    ("en", "Well, because stripped skin makes more oil.", "marker"),
    ("en", "I’ve had patients use them occasionally.", "pointer"),
    ("en", "As you can see in the images above, the redness faded.", "page"),
    ("en", "Here’s one I use every morning.", "page"),
    ("de", "Dadurch bleibt die Haut länger feucht.", "pointer"),
    ("de", "Zum Beispiel hilft eine Creme mit Urea.", "marker"),
    ("de", "Wie ihr auf dem Bild seht, ist die Rötung weg.", "page"),
    ("fr", "Par exemple, une crème aux céramides répare la barrière.", "marker"),
    ("fr", "Ils protègent la peau du froid.", "pointer"),
    ("fr", "Comme indiqué ci-dessus, la peau change en hiver.", "page"),
    ("es", "Sin embargo, la piel seca necesita más grasa.", "marker"),
    ("es", "Esto ayuda a calmar la piel.", "pointer"),
    ("es", "Como ves en la foto, la rojez desapareció.", "page"),
    ("it", "Tuttavia, la pelle secca ha bisogno di grassi.", "marker"),
    ("it", "Questi prodotti calmano la pelle.", "pointer"),
    ("it", "Come vedete nella foto, il rossore è sparito.", "page"),
    ("vi", "Tuy nhiên, da khô cần nhiều dầu hơn.", "marker"),
    ("vi", "Điều này giúp da mềm hơn.", "pointer"),
    ("vi", "Sản phẩm này rất dịu nhẹ cho da.", "pointer"),
]

STANDING = [
    ("en", "Apply sunscreen every morning, even when it is cloudy."),
    ("de", "Trage jeden Morgen Sonnenschutz auf, auch bei Wolken."),
    ("fr", "Appliquez une crème solaire chaque matin, même par temps nuageux."),
    ("es", "Aplica protector solar cada mañana, incluso si está nublado."),
    ("it", "Applica la crema solare ogni mattina, anche quando è nuvoloso."),
    ("vi", "Thoa kem chống nắng mỗi sáng, kể cả khi trời nhiều mây."),
    # articles and impersonal subjects that look like pronouns
    ("es", "Los autoexámenes de la piel ayudan a detectar el cáncer a tiempo."),
    ("fr", "Il faut appliquer la crème sur une peau encore humide."),
    ("de", "Es ist wichtig, die Haut nach dem Duschen einzucremen."),
    ("de", "Sie sollten täglich Sonnenschutz auftragen."),
    ("de", "Das Gesicht mit lauwarmem Wasser waschen, nie mit heißem."),
]


@pytest.mark.parametrize(("language", "text", "kind"), POINTING)
def test_text_that_points_back_is_found_in_its_language(language: str, text: str, kind: str) -> None:
    ref = find_reference([text], language, before="Something was said before this.")
    assert ref is not None and ref.kind == kind, (text, ref)


@pytest.mark.parametrize(("language", "text"), STANDING)
def test_advice_that_stands_on_its_own_is_not_flagged(language: str, text: str) -> None:
    assert find_reference([text], language, before="Something was said before this.") is None


def test_a_definite_reference_needs_the_thing_named_just_before() -> None:
    before = "I tried a new vitamin C product from the pharmacy last month."
    assert find_reference(["The product stung for a minute."], "en", before).kind == "definite"  # type: ignore[union-attr]
    assert find_reference(["The product stung for a minute."], "en", "Sunscreen matters.") is None


def test_a_reference_that_cannot_be_merged_is_flagged_in_review_and_json(
    settings: Settings, tmp_path: Path
) -> None:
    article = tmp_path / "serums.txt"
    article.write_text(
        "Serums explained\n\nA short opening line for the cover, nothing more.\n\n"
        "Which serum\n\n- Vitamin C\n- Niacinamide\n- Hyaluronic acid\n\n"
        "They’re all light enough to layer under a moisturiser, morning and night, on clean skin.\n\n"
        "Sunscreen\n\nAs you can see in the images above, sunscreen leaves no white cast when rubbed in well.\n",
        encoding="utf-8",
    )
    result = split_to_folder(article, tmp_path / "out", settings, tips=3)
    review = (result.folder / "review.md").read_text(encoding="utf-8")
    assert (
        "**Flag**: dangling reference: refers back with “they're” (to: Vitamin C Niacinamide Hyaluronic acid)"
        in review
    )
    assert "**Flag**: page reference: points at the page with “As you can see”" in review
    series = json.loads((result.folder / "series.json").read_text(encoding="utf-8"))
    flags = [f for t in series["tips"] for f in t["flags"]]
    assert any(f.startswith("dangling reference") for f in flags)
