"""Per-account brands: ``[accounts.NAME.brand]`` overrides any [brand] key for that account's posts.

Before, [brand] was global: a second account's cards carried the first account's handle.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tipqueue.config.settings import Settings, load_settings
from tipqueue.posts.cards import brand_kit, card_text, load_layout, render_card
from tipqueue.posts.folder import read_post_folder, write_post
from tipqueue.posts.models import Post, PostKind, Slide
from tipqueue.posts.render import render_folder

QUOTE = "Relax your jaw before bed: it softens the lines around your mouth."
TOML = """default_account = "clinic"

[brand]
handle = "clinic.one"
accent_color = "#8A3B2E"

[accounts.clinic]
username = "clinic.one"

[accounts.studio]
username = "glow.studio"

[accounts.studio.brand]
handle = "{studio_handle}"
background_color = "#FFFFFF"
"""


def workspace(tmp_path: Path, studio_handle: str = "glow.studio") -> Settings:
    (tmp_path / "tipqueue.toml").write_text(TOML.format(studio_handle=studio_handle), encoding="utf-8")
    return load_settings(tmp_path, environ={})


def post_for(account: str | None) -> Post:
    return Post(
        id=f"jaw-{account or 'default'}",
        kind=PostKind.TIP,
        series_label="1/3",
        quote=QUOTE,
        caption="c",
        slides=(Slide(QUOTE, "alt"),),
        account=account,
        position=2,
    )


def test_each_accounts_cards_carry_its_own_handle_and_colours(tmp_path: Path) -> None:
    settings = workspace(tmp_path)
    assert settings.brand_for("studio").handle == "glow.studio"
    assert settings.brand_for("studio").accent_color == "#8A3B2E"  # not overridden: the [brand] value
    assert settings.brand_for("clinic") == settings.brand_for(None) == settings.brand

    layout = load_layout("portrait", tmp_path)
    clinic, studio = post_for("clinic"), post_for("studio")
    assert card_text(clinic, 0, brand_kit(settings, clinic.account)).handle == "@clinic.one"
    assert card_text(studio, 0, brand_kit(settings, studio.account)).handle == "@glow.studio"

    # the studio's card is exactly the card [brand] would give if it were the studio's brand
    as_if_global = settings.model_copy(update={"brand": settings.brand_for("studio")})
    studio_card = render_card(studio, 0, layout, settings)
    assert studio_card == render_card(replace(studio, account="clinic"), 0, layout, as_if_global)
    assert studio_card != render_card(clinic, 0, layout, settings)


def test_render_draws_each_post_with_its_account_and_redraws_only_the_account_whose_brand_changed(
    tmp_path: Path,
) -> None:
    settings = workspace(tmp_path)
    series = tmp_path / "series"
    for n, account in enumerate(["clinic", "studio"], start=1):
        write_post(replace(post_for(account), position=n), series / f"0{n}-tip")
    first = render_folder([series], settings, jobs=1, progress=False)
    assert len(first.rendered) == 2 and not first.failed
    layout = load_layout("portrait", tmp_path)
    for n in (1, 2):
        post = read_post_folder(series / f"0{n}-tip")
        on_disk = (series / f"0{n}-tip" / "card-1.jpg").read_bytes()
        assert on_disk == render_card(post, 0, layout, settings)

    again = render_folder(
        [series], workspace(tmp_path, studio_handle="glow.studio.london"), jobs=1, progress=False
    )
    assert [p.parent.name for p in again.rendered] == ["02-tip"]  # the render cache keys on the brand
    assert [p.parent.name for p in again.skipped] == ["01-tip"]


def test_an_account_brand_is_checked_like_the_workspace_brand(tmp_path: Path) -> None:
    import pytest
    from tipqueue.config.errors import SettingsError

    (tmp_path / "tipqueue.toml").write_text(
        '[accounts.studio]\nusername = "glow.studio"\n\n[accounts.studio.brand]\ntext_colour = "#000000"\n',
        encoding="utf-8",
    )
    with pytest.raises(SettingsError, match=r"accounts\.studio\.brand\.text_colour"):
        load_settings(tmp_path, environ={})
    (tmp_path / "tipqueue.toml").write_text(
        '[accounts.studio]\nusername = "glow.studio"\n\n[accounts.studio.brand]\nlogo = "logo.png"\n',
        encoding="utf-8",
    )
    with pytest.raises(SettingsError, match=r"accounts\.studio\.brand\.logo = 'logo\.png': no such file"):
        load_settings(tmp_path, environ={})


def test_captions_use_the_posts_account_brand(tmp_path: Path) -> None:
    from tipqueue.posts.article import parse_article
    from tipqueue.posts.series import build_series

    settings = workspace(tmp_path)
    own = tmp_path / "templates" / "captions"
    own.mkdir(parents=True)
    (own / "cta.j2").write_text("{{ hook }}\n\nFollow {{ handle }} for more.\n", encoding="utf-8")
    article = parse_article(
        "Jaw care\n\nRelax your jaw before bed. It softens the lines around your mouth.\n\n"
        "Unclench during the day too. Tension shows.\n"
    )
    for account, handle in [("clinic", "@clinic.one"), ("studio", "@glow.studio")]:
        cta = build_series(article, settings, account=account)[-1]
        assert f"Follow {handle} for more." in cta.caption


def test_an_illegible_account_brand_names_the_account(tmp_path: Path) -> None:
    import pytest
    from tipqueue.config.errors import CardError

    settings = workspace(tmp_path)
    (tmp_path / "tipqueue.toml").write_text(
        (tmp_path / "tipqueue.toml").read_text() + 'text_color = "#EEEEEE"\n', encoding="utf-8"
    )
    settings = load_settings(tmp_path, environ={})
    write_post(post_for("studio"), tmp_path / "series" / "01-tip")
    with pytest.raises(
        CardError, match=r"brand\.text_color #EEEEEE .*account 'studio': \[accounts\.studio\.brand\]"
    ):
        render_folder([tmp_path / "series"], settings, jobs=1, progress=False)
