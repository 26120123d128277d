"""Instagram's image limits, checked on real files: the queue's pre-flight relies on these."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageCms
from tipqueue.config.errors import LimitError
from tipqueue.posts.media_checks import MAX_BYTES, check_image


def save(
    tmp_path: Path, name: str, size: tuple[int, int], *, mode: str = "RGB", fmt: str = "JPEG", **kw: object
) -> Path:
    path = tmp_path / name
    Image.new(mode, size, "#336699" if mode == "RGB" else 0).save(path, fmt, **kw)
    return path


@pytest.mark.parametrize("size", [(1080, 1350), (1080, 1080), (1080, 566), (320, 400), (1440, 1800)])
def test_valid_feed_jpegs_pass(tmp_path: Path, size: tuple[int, int]) -> None:
    check_image(save(tmp_path, "card.jpg", size))


def test_a_story_must_be_nine_by_sixteen(tmp_path: Path) -> None:
    story = save(tmp_path, "story.jpg", (1080, 1920))
    check_image(story, story=True)
    with pytest.raises(
        LimitError, match=r"story.jpg is 1080x1920 \(aspect 0.562\); a feed photo needs 4:5 to 1.91:1"
    ):
        check_image(story)
    with pytest.raises(
        LimitError, match=r"a story needs 9:16, e.g. 1080x1920; render it with --format story"
    ):
        check_image(save(tmp_path, "card.jpg", (1080, 1350)), story=True)


@pytest.mark.parametrize(
    "size,message",
    [
        ((1080, 1400), r"aspect 0.771\); a feed photo needs 4:5 to 1.91:1"),
        ((1080, 500), r"aspect 2.160\)"),
        ((300, 300), r"is 300 px wide; Instagram needs 320-1440 px"),
        ((1600, 1600), r"is 1600 px wide"),
    ],
)
def test_wrong_size_or_aspect_is_refused(tmp_path: Path, size: tuple[int, int], message: str) -> None:
    with pytest.raises(LimitError, match=message):
        check_image(save(tmp_path, "card.jpg", size))


def test_png_is_refused_because_instagram_needs_jpeg(tmp_path: Path) -> None:
    with pytest.raises(LimitError, match=r"card.png is PNG, but Instagram needs JPEG"):
        check_image(save(tmp_path, "card.png", (1080, 1350), fmt="PNG"))


def test_cmyk_jpeg_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LimitError, match=r"is a CMYK JPEG; Instagram needs sRGB"):
        check_image(save(tmp_path, "print.jpg", (1080, 1350), mode="CMYK"))


def test_only_an_srgb_colour_profile_is_accepted(tmp_path: Path) -> None:
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    check_image(save(tmp_path, "tagged.jpg", (1080, 1350), icc_profile=srgb))
    other = ImageCms.ImageCmsProfile(ImageCms.createProfile("XYZ")).tobytes()
    with pytest.raises(LimitError, match=r"carries the colour profile 'XYZ identity built-in', not sRGB"):
        check_image(save(tmp_path, "wide.jpg", (1080, 1350), icc_profile=other))


def test_a_file_over_eight_megabytes_is_refused(tmp_path: Path) -> None:
    path = save(tmp_path, "huge.jpg", (1080, 1350))
    with path.open("ab") as fh:  # bulky trailing data, as some exporters leave behind
        fh.write(b"\0" * MAX_BYTES)
    with pytest.raises(LimitError, match=r"huge.jpg is 8.0 MB; Instagram takes at most 8 MB"):
        check_image(path)


def test_missing_or_unreadable_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(LimitError, match="image file is missing"):
        check_image(tmp_path / "nope.jpg")
    junk = tmp_path / "junk.jpg"
    junk.write_text("not an image")
    with pytest.raises(LimitError, match=r"junk\.jpg is not a readable image"):
        check_image(junk)
