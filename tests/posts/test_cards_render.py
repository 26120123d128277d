"""Rendering a series folder: cards on disk, post.json updated, unchanged cards skipped, the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from tipqueue.config.errors import CardError
from tipqueue.config.settings import Settings, load_settings
from tipqueue.posts.folder import read_post_folder, read_posts, write_post
from tipqueue.posts.media_checks import check_image
from tipqueue.posts.models import MediaKind, Post, PostKind, Slide
from tipqueue.posts.render import CONTACT_SHEET, GRID_GAP, GRID_TILE, render_folder
from typer.testing import CliRunner

from tipqueue.cli import app

ACCENT = "#8A3B2E"


def write_series(root: Path, count: int = 3) -> Path:
    """A small series written the way the splitter writes it: cover, tips (one a carousel), CTA."""
    series = root / "series"
    texts = [
        "Smiling is important, so who cares if we get a few crow’s feet as a result?",
        "Good skincare products won’t take away these lines, but they do help to prevent more.",
        "Over relaxing facial muscles will make you look rigid and stiff.",
    ]
    posts = [
        Post(
            id="s-01",
            kind=PostKind.COVER,
            series_label="",
            quote="Strong facial muscles",
            caption="c",
            position=1,
        )
    ]
    for i in range(count):
        slides: tuple[Slide, ...] = (Slide(texts[i % 3], "alt"),)
        if i == 1:
            slides = (*slides, Slide("Under relaxing facial muscles won’t help with the problem.", "alt 2"))
        posts.append(
            Post(
                id=f"s-{i + 2:02d}",
                kind=PostKind.TIP,
                series_label=f"{i + 1}/{count}",
                quote=texts[i % 3],
                caption="c",
                slides=slides,
                media_kind=MediaKind.CAROUSEL if len(slides) > 1 else MediaKind.PHOTO,
                position=i + 2,
            )
        )
    posts.append(
        Post(
            id=f"s-{count + 2:02d}",
            kind=PostKind.CTA,
            series_label="",
            quote="Which gadget do you love?",
            caption="c",
            position=count + 2,
        )
    )
    for p in posts:
        write_post(p, series / f"{p.position:02d}-{p.kind.value}")
    return series


def make_settings(workspace: Path, **brand: str) -> Settings:
    base = {"handle": "tipqueue.demo", "attribution": "Dr. Example"}
    return load_settings(workspace, overrides={"brand": {**base, **brand}}, environ={})


def cards_in(series: Path) -> dict[str, bytes]:
    return {str(p.relative_to(series)): p.read_bytes() for p in sorted(series.glob("*/card-*.jpg"))}


def test_render_writes_valid_cards_points_post_json_at_them_and_makes_a_contact_sheet(tmp_path: Path) -> None:
    series = write_series(tmp_path)
    report = render_folder([series], make_settings(tmp_path), jobs=1, progress=False)
    assert report.ok and report.format == "portrait"
    assert len(report.rendered) == 6 and not report.skipped  # cover, 3 tips (one of 2 slides), cta
    for post in read_posts([series]):
        assert all(s.image is not None and s.image.is_file() for s in post.slides)
        for slide in post.slides:
            assert slide.image is not None
            check_image(slide.image)
    assert read_post_folder(series / "03-tip").slides[1].image == series / "03-tip" / "card-2.jpg"
    # the cover had no slides: it now has one, carrying its quote
    cover = read_post_folder(series / "01-cover")
    assert [s.text for s in cover.slides] == ["Strong facial muscles"]

    sheet = report.contact_sheet
    assert sheet == series / CONTACT_SHEET
    with Image.open(sheet) as img:
        assert img.format == "PNG"
        assert img.size == (3 * GRID_TILE[0] + 2 * GRID_GAP, 2 * GRID_TILE[1] + GRID_GAP)
        # newest first: the call to action (drawn on the accent colour) is the top-left tile
        top_left = (
            img.crop((0, 0, *GRID_TILE)).convert("RGB").resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
        )
        bottom_left = img.crop((0, GRID_TILE[1] + GRID_GAP, GRID_TILE[0], 2 * GRID_TILE[1] + GRID_GAP))
        cover_colour = bottom_left.convert("RGB").resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    accent = tuple(int(ACCENT[i : i + 2], 16) for i in (1, 3, 5))
    assert isinstance(top_left, tuple) and isinstance(cover_colour, tuple)
    assert sum(abs(a - b) for a, b in zip(top_left, accent, strict=True)) < 60
    assert sum(abs(a - b) for a, b in zip(cover_colour, accent, strict=True)) > 200


def test_unchanged_cards_are_skipped_and_only_what_changed_is_redrawn(tmp_path: Path) -> None:
    series = write_series(tmp_path)
    settings = make_settings(tmp_path)
    render_folder([series], settings, jobs=1, progress=False)
    before = cards_in(series)
    mtimes = {p: p.stat().st_mtime_ns for p in series.glob("*/card-*.jpg")}

    again = render_folder([series], settings, jobs=1, progress=False)
    assert not again.rendered and len(again.skipped) == 6
    assert {p: p.stat().st_mtime_ns for p in series.glob("*/card-*.jpg")} == mtimes

    # staff edit one tip's text: only that card is redrawn
    tip = read_post_folder(series / "02-tip")
    write_post(
        tip.__class__(**{**tip.__dict__, "slides": (Slide("Smile often.", "alt"),)}), series / "02-tip"
    )
    edited = render_folder([series], settings, jobs=1, progress=False)
    assert edited.rendered == (series / "02-tip" / "card-1.jpg",)
    assert cards_in(series)["02-tip/card-1.jpg"] != before["02-tip/card-1.jpg"]

    # a damaged card file is redrawn even though its inputs did not change
    (series / "04-tip" / "card-1.jpg").write_bytes(b"broken")
    assert render_folder([series], settings, jobs=1, progress=False).rendered == (
        series / "04-tip" / "card-1.jpg",
    )

    # the brand changes every card; --force redraws everything
    rebrand = render_folder([series], make_settings(tmp_path, accent_color="#1F3A5F"), jobs=1, progress=False)
    assert len(rebrand.rendered) == 6
    forced = render_folder(
        [series], make_settings(tmp_path, accent_color="#1F3A5F"), jobs=1, force=True, progress=False
    )
    assert len(forced.rendered) == 6


def test_a_process_pool_gives_the_same_bytes_as_one_process(tmp_path: Path) -> None:
    one, many = write_series(tmp_path / "a"), write_series(tmp_path / "b")
    settings = make_settings(tmp_path)
    render_folder([one], settings, jobs=1, progress=False)
    render_folder([many], settings, jobs=2, progress=False)
    assert cards_in(one) == cards_in(many)
    assert (one / CONTACT_SHEET).read_bytes() == (many / CONTACT_SHEET).read_bytes()


def test_a_card_that_cannot_be_drawn_is_reported_and_the_rest_still_render(tmp_path: Path) -> None:
    series = write_series(tmp_path)
    settings = make_settings(tmp_path)
    render_folder([series], settings, jobs=1, progress=False)
    tip = read_post_folder(series / "02-tip")
    long = "Botox alone will not fix deep lip lines and crow’s feet in our fifties and beyond. " * 10
    write_post(tip.__class__(**{**tip.__dict__, "slides": (Slide(long, "alt"),)}), series / "02-tip")
    report = render_folder([series], settings, jobs=1, progress=False)
    assert [pid for pid, _ in report.failed] == ["s-02"]
    assert "shorten it or split the tip" in report.failed[0][1]
    # the stale card is gone, so the queue cannot publish the old text
    assert not (series / "02-tip" / "card-1.jpg").exists()
    assert read_post_folder(series / "02-tip").slides[0].image is None
    assert (series / "03-tip" / "card-1.jpg").is_file()


def test_an_illegible_palette_stops_the_render_before_any_card_is_drawn(tmp_path: Path) -> None:
    series = write_series(tmp_path)
    with pytest.raises(CardError, match=r"#8A8A8A on brand.background_color #9A9A9A has contrast"):
        render_folder(
            [series],
            make_settings(tmp_path, text_color="#8A8A8A", background_color="#9A9A9A"),
            progress=False,
        )
    assert not cards_in(series)


def test_story_format_renders_nine_by_sixteen_cards(tmp_path: Path) -> None:
    series = write_series(tmp_path, count=1)
    report = render_folder([series], make_settings(tmp_path), fmt="story", jobs=1, progress=False)
    assert report.ok and report.format == "story"
    for path in report.rendered:
        check_image(path, story=True)
    state = json.loads((series / "02-tip" / ".render.json").read_text())
    assert state["card-1.jpg"]["format"] == "story"


def test_cli_render_through_the_real_command(tmp_path: Path) -> None:
    series = write_series(tmp_path, count=2)
    (tmp_path / "tipqueue.toml").write_text(
        '[brand]\nhandle = "tipqueue.demo"\nattribution = "Dr. Example"\n'
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIPQUEUE_")}
    script = Path(sys.executable).parent / "tipqueue"  # the installed console script
    args = ["--workspace", str(tmp_path), "render", str(series), "--jobs", "2"]
    done = subprocess.run([str(script), *args], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "5 card(s) rendered, 0 unchanged, 0 refused (portrait)" in done.stdout
    assert f"contact sheet: {series / CONTACT_SHEET}" in done.stdout
    assert len(cards_in(series)) == 5

    again = CliRunner().invoke(app, ["--workspace", str(tmp_path), "render", str(series)])
    assert again.exit_code == 0 and "0 card(s) rendered, 5 unchanged" in again.output

    bad = CliRunner().invoke(app, ["--workspace", str(tmp_path), "render", str(series), "--format", "poster"])
    assert bad.exit_code == 2 and "unknown card format 'poster'" in bad.output
    missing = CliRunner().invoke(app, ["--workspace", str(tmp_path), "render", str(tmp_path / "nope")])
    assert missing.exit_code == 2 and "does not exist" in missing.output
