"""Hashtags chosen from each post's own words."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from tipqueue.config.errors import SettingsError
from tipqueue.config.settings import Settings, load_settings
from tipqueue.posts.article import parse_article
from tipqueue.posts.hashtags import clean_tags, load_vocabulary, tag_picker
from tipqueue.posts.models import PostKind
from tipqueue.posts.series import build_series

ARTICLE = (
    "Skin in winter\n\nCold air and heating dry the skin out.\n\n"
    "Use a sunscreen with SPF 30 every morning, even on cloudy days.\n\n"
    "Moisturise right after the shower, while the skin is still damp.\n\n"
    "Treat a pimple with a dab of benzoyl peroxide, and never squeeze it.\n\n"
    "Tell us in the comments which cream you swear by.\n"
)


def _tips(posts):  # type: ignore[no-untyped-def]
    return [p for p in posts if p.kind is PostKind.TIP]


def test_each_post_gets_tags_for_its_own_topic(settings: Settings) -> None:
    tips = _tips(build_series(parse_article(ARTICLE), settings))

    def tags_of(word: str) -> tuple[str, ...]:
        return next(p.hashtags for p in tips if word in p.quote)

    assert {"sunscreen", "spf"} <= set(tags_of("SPF 30"))
    assert "moisturizer" in tags_of("shower")
    assert "acne" in tags_of("pimple") and "sunscreen" not in tags_of("pimple")
    assert len({p.hashtags for p in tips}) == len(tips)  # not the same tags on every post
    assert all(1 <= len(p.hashtags) <= 5 for p in tips)


def test_the_accounts_fixed_tags_come_first(tmp_path: Path) -> None:
    (tmp_path / "tipqueue.toml").write_text('hashtags = ["glowclinic"]\n', encoding="utf-8")
    settings = load_settings(tmp_path, environ={})
    posts = build_series(parse_article(ARTICLE), settings)
    assert all(p.hashtags[0] == "glowclinic" for p in posts)
    assert len({p.hashtags for p in _tips(posts)}) > 1


def test_a_workspace_vocabulary_adds_topics_and_per_account_tags(tmp_path: Path) -> None:
    (tmp_path / "hashtags.toml").write_text(
        'general = ["hautarzt"]\n[accounts.berlin]\nfixed = ["hautarztberlin"]\n'
        '[topics.benzoyl]\nkeywords = ["benzoyl peroxide"]\ntags = ["benzoylperoxide"]\n',
        encoding="utf-8",
    )
    picker = tag_picker([], language="en", limit=5, workspace=tmp_path, account="berlin")
    tags = picker.tags("Treat a pimple with a dab of benzoyl peroxide.")
    assert tags[0] == "hautarztberlin"
    assert "benzoylperoxide" in tags and "acne" in tags
    assert picker.tags("Nothing to see here.") == ("hautarztberlin", "hautarzt")


def test_tags_follow_the_article_language() -> None:
    picker = tag_picker([], language="de", limit=5, workspace=None)
    assert picker.tags("Sonnenschutz ist im Winter wichtig.")[:2] == ("sonnenschutz", "winterpflege")


def test_keywords_match_words_not_parts_of_words() -> None:
    picker = tag_picker([], language="en", limit=5, workspace=None)
    assert "lipcare" not in picker.tags("Hot water breaks down the lipid barrier.")
    assert "lipcare" in picker.tags("Use a lip balm at night.")
    assert "moisturizer" in picker.tags("Moisturizing matters.")


def test_a_breathable_fabric_is_no_sweating() -> None:
    es = tag_picker([], language="es", limit=5, workspace=None)
    assert "sudoracion" not in es.tags(
        "Cubre la piel con prendas ligeras, transpirables y de colores claros."
    )
    assert "sudoracion" in es.tags("La transpiración excesiva en las axilas tiene tratamiento.")
    fr = tag_picker([], language="fr", limit=5, workspace=None)
    assert "transpiration" not in fr.tags("Choisissez un tissu léger et transpirable contre le soleil.")
    assert "transpiration" in fr.tags("Si vous transpirez beaucoup, parlez-en à votre dermatologue.")


def test_sweating_named_with_sunscreen_is_when_to_reapply_it() -> None:
    en = tag_picker([], language="en", limit=5, workspace=None)
    reapply = "Reapply sunscreen every 2 hours. If you're sweating or swimming, reapply as you dry off."
    assert en.tags(reapply)[:2] == ("sunscreen", "spf")
    assert "sweating" not in en.tags(reapply) and "hyperhidrosis" not in en.tags(reapply)
    # named as often as sunscreen it still yields; the post is filled with general tags, not with
    # another topic of the article
    assert "sweating" not in en.tags("Sweat washes sunscreen off.")
    assert "sweating" in en.tags("Sweat pads and antiperspirants help heavy sweating.")
    assert "sweating" in en.tags("Sweating a lot? Sweat-proof SPF helps.")  # sweat named more often
    de = tag_picker(["Feuchtigkeit für trockene Haut"], language="de", limit=5, workspace=None)
    tags = de.tags("Täglich SPF 30. Alle 2 Stunden nachcremen, besonders nach dem Schwitzen.")
    assert tags == ("sonnenschutz", "lichtschutzfaktor", "skincare")
    assert "schwitzen" in de.tags("Starkes Schwitzen lässt sich behandeln.")


def test_a_post_naming_no_topic_is_filled_with_the_titles_topic_not_the_most_counted_one() -> None:
    posts = [
        "Avoid sun exposure for two weeks before treatment; sunscreen SPF 30 on the area.",
        "Wear sunscreen daily after treatment and stay out of the sun.",
        "You can apply cool compresses or ice packs to help with any discomfort.",
    ]
    # the sun is named all over a laser-aftercare article, whose title names no topic of ours:
    # the cool-compress tip is no sunscreen tip
    laser = tag_picker(posts, language="en", limit=5, workspace=None, title="Laser Hair Removal Care")
    assert laser.tags(posts[2]) == ("skincare", "skintips", "dermatology")
    assert laser.tags(posts[1])[:2] == ("sunscreen", "spf")
    # a title naming a topic fills a post that names none with it
    eczema = tag_picker(posts, language="en", limit=5, workspace=None, title="Eczema: top tips for parents")
    assert eczema.tags(posts[2]) == ("eczema", "skincare", "skintips")
    assert "sunscreen" not in eczema.tags(posts[2])


@pytest.mark.parametrize(
    ("language", "text", "tag"),
    [
        ("de", "Pigmentflecken sind Ablagerungen des Pigments Melanin in der Haut.", "pigmentflecken"),
        ("es", "Durante el verano aparecen manchas nuevas en el rostro.", "manchas"),
        ("vi", "Nám da là một dạng rối loạn sắc tố thường gặp.", "trinam"),
        ("en", "Vitamin C fades dark spots from old breakouts.", "hyperpigmentation"),
    ],
)
def test_dark_spots_and_melasma_are_a_topic_of_their_own(language: str, text: str, tag: str) -> None:
    assert tag in tag_picker([], language=language, limit=5, workspace=None).tags(text)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "Si nota una mancha que difiere de las demás, haga una cita con un dermatólogo."),  # a mole
        ("fr", "En hiver, les soins dépendent du type de pigmentation de la peau."),  # a skin tone
        ("vi", "Bôi đủ kem chống nắng, nếu không da dễ bị cháy nắng, sạm nám."),  # a sunscreen tip
    ],
)
def test_a_passing_mention_of_pigment_is_no_pigmentation_tip(language: str, text: str) -> None:
    tags = tag_picker([], language=language, limit=5, workspace=None).tags(text)
    assert not {"hiperpigmentacion", "hyperpigmentation", "trinam", "manchas"} & set(tags)


def test_laundry_detergents_are_no_face_cleanser_but_a_detergente_is() -> None:
    en = tag_picker([], language="en", limit=5, workspace=None)
    assert "cleanser" not in en.tags("Chemical detergents and washing powders can trigger a flare of eczema.")
    it = tag_picker([], language="it", limit=5, workspace=None)
    assert "detergenteviso" in it.tags("Usa un detergente delicato, senza profumo, mattina e sera.")
    # and "dermatite atopica" is eczema
    assert "eczema" in it.tags("Per chi ha la dermatite atopica, docce brevi e tiepide.")


def test_a_minor_keyword_names_its_topic_only_when_no_other_topic_outweighs_it() -> None:
    en = tag_picker([], language="en", limit=5, workspace=None)
    acne = "Use a lotion or gel with benzoyl peroxide on acne. Acne takes 2 months to improve."
    assert "moisturizer" not in en.tags(acne)
    assert "moisturizer" in en.tags("Apply a rich body lotion after the shower.")
    assert "moisturizer" in en.tags("A lotion moisturises lighter than a cream.")  # named otherwise too
    de = tag_picker([], language="de", limit=5, workspace=None)
    assert "feuchtigkeitspflege" not in de.tags(
        "Fehler beim Eincremen mit Sonnencreme: zu wenig Sonnenschutz."
    )
    assert "feuchtigkeitspflege" in de.tags("Muss ich mich nach jeder Dusche eincremen? Und eincremen womit?")


NATURAL_TAGS = {
    "naturalskincare",
    "cleanbeauty",
    "naturkosmetik",
    "biokosmetik",
    "cosmetiquenaturelle",
    "cosmeticanatural",
    "cosmesinaturale",
    "myphamthiennhien",
    "myphamhuuco",
}


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Hot water weakens the natural oil layer on the top layer of the skin."),
        ("en", "Over-cleansing strips natural oils; keep your natural glow."),
        ("de", "Heißes Wasser stört den natürlichen Schutzfilm der Haut. Natürlich hilft Creme."),
        ("fr", "L'eau chaude détruit le film protecteur naturel de la peau."),
        ("es", "El jabón elimina la barrera natural de grasa que protege la piel."),
        ("it", "Il freddo danneggia la barriera naturale della pelle."),
        ("vi", "Rửa mặt quá nhiều làm da mất lớp dầu tự nhiên."),
    ],
)
def test_the_skins_own_natural_oils_are_no_natural_cosmetics(language: str, text: str) -> None:
    picker = tag_picker([], language=language, limit=5, workspace=None)
    assert not NATURAL_TAGS & set(picker.tags(text))


@pytest.mark.parametrize(
    ("language", "text", "tag"),
    [
        ("en", "Natural ingredients are not always gentler than synthetic ones.", "naturalskincare"),
        ("de", "Naturkosmetik ist nicht immer verträglicher.", "naturkosmetik"),
        ("de", "Produkte mit natürlichen Inhaltsstoffen können auch reizen.", "naturkosmetik"),
        ("fr", "Les produits naturels ne sont pas toujours plus doux.", "cosmetiquenaturelle"),
        ("es", "Los ingredientes naturales también pueden irritar.", "cosmeticanatural"),
        ("it", "I cosmetici naturali possono irritare la pelle.", "cosmesinaturale"),
        ("vi", "Mỹ phẩm thiên nhiên cũng có thể gây kích ứng.", "myphamthiennhien"),
    ],
)
def test_natural_products_and_ingredients_are_natural_cosmetics(language: str, text: str, tag: str) -> None:
    assert tag in tag_picker([], language=language, limit=5, workspace=None).tags(text)


def test_any_word_of_a_phrase_keyword_may_end_in_a_star(tmp_path: Path) -> None:
    (tmp_path / "hashtags.toml").write_text(
        '[topics.peptides]\nkeywords = ["kupfer* peptid*"]\ntags = ["kupferpeptide"]\n', encoding="utf-8"
    )
    load_vocabulary.cache_clear()
    picker = tag_picker([], language="de", limit=5, workspace=tmp_path)
    assert "kupferpeptide" in picker.tags("Ein Serum mit Kupferpeptiden? Kupferhaltige\nPeptide helfen.")
    assert "kupferpeptide" not in picker.tags("Kupfer im Wasser, Peptide im Serum.")
    each = load_vocabulary(tmp_path).counts_each(["kupferne Peptide", "nichts", "Kupfer-Peptide"])
    assert [sum(c.values()) for c in each] == [1, 0, 0]


def test_a_keyword_listed_twice_in_a_topic_counts_once(tmp_path: Path) -> None:
    (tmp_path / "hashtags.toml").write_text(
        '[topics.kombucha]\nkeywords = ["kombucha", "Kombucha"]\ntags = ["kombucha"]\n', encoding="utf-8"
    )
    load_vocabulary.cache_clear()
    each = load_vocabulary(tmp_path).counts_each(["A kombucha toner", "nothing here"])
    assert [sum(c.values()) for c in each] == [1, 0]


def test_yields_to_must_name_a_topic(tmp_path: Path) -> None:
    (tmp_path / "hashtags.toml").write_text(
        '[topics.x]\nkeywords = ["x"]\ntags = ["x"]\nyields_to = ["nosuchtopic"]\n', encoding="utf-8"
    )
    load_vocabulary.cache_clear()
    with pytest.raises(SettingsError, match="yields_to names no topic 'nosuchtopic'"):
        load_vocabulary(tmp_path)


def test_a_broken_workspace_vocabulary_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "hashtags.toml").write_text('[topics.x]\nkeywords = "acne"\ntags = ["a"]\n', encoding="utf-8")
    load_vocabulary.cache_clear()
    with pytest.raises(SettingsError, match=r"topics\.x\.keywords must be a list"):
        load_vocabulary(tmp_path)


@hsettings(max_examples=100, deadline=None)
@given(st.text(max_size=300), st.integers(min_value=0, max_value=8))
def test_tags_are_clean_unique_and_capped(text: str, limit: int) -> None:
    tags = tag_picker(["acne sunscreen"], language="en", limit=limit, workspace=None).tags(text)
    assert len(tags) <= limit
    assert clean_tags(tags) == list(tags)
