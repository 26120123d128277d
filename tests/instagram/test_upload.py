"""Cards that meet Instagram's limits reach it as the bytes we rendered; other images are re-encoded.

Against the loopback fake with the real instagrapi client: the body of each ``rupload_igphoto``
request is compared with the card file.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from tipqueue.config.settings import Settings
from tipqueue.instagram.images import sendable_as_is
from tipqueue.posts import cards
from tipqueue.posts.models import Post, PostKind, Slide


def render(
    settings: Settings, folder: Path, name: str, fmt: str = "portrait", text: str = "Relax your jaw."
) -> Path:
    post = Post(
        id=name, kind=PostKind.TIP, series_label="1/3", quote=text, caption="c", slides=(Slide(text, "alt"),)
    )
    path = folder / f"{name}.jpg"
    path.write_bytes(cards.render_card(post, 0, cards.load_layout(fmt), settings))
    return path


def uploaded(fake: Any) -> list[bytes]:
    return [r.body for r in fake.requests if r.path.startswith("/rupload_igphoto/")]


def test_a_rendered_card_is_uploaded_byte_for_byte(
    sandbox_account: Any, sandbox_settings: Settings, fake_instagram: Any, tmp_path: Path
) -> None:
    card = render(sandbox_settings, tmp_path, "tip-1")
    media = sandbox_account.publish_photo(card, "Relax your jaw. #skincare", alt_text="A card")
    assert uploaded(fake_instagram) == [card.read_bytes()]
    assert (media.width, media.height) == (1080, 1350) and media.caption.startswith("Relax")


def test_carousel_slides_and_a_story_are_uploaded_as_rendered(
    sandbox_account: Any, sandbox_settings: Settings, fake_instagram: Any, tmp_path: Path
) -> None:
    slides = [render(sandbox_settings, tmp_path, f"s-{i}", "square", f"Tip number {i}.") for i in (1, 2, 3)]
    media = sandbox_account.publish_carousel(slides, "Three tips", alt_texts=["one", "two", "three"])
    assert media.slides == 3
    assert uploaded(fake_instagram) == [s.read_bytes() for s in slides]
    ids = list(fake_instagram.uploads)
    assert len(ids) == len(set(ids)) == 3  # uploads in the same millisecond still get their own id
    story = render(sandbox_settings, tmp_path, "story", "story")
    sandbox_account.publish_story(story, alt_text="A story card")
    assert uploaded(fake_instagram)[-1] == story.read_bytes()


def _save(path: Path, image: Image.Image, **options: Any) -> Path:
    image.save(path, "JPEG" if path.suffix == ".jpg" else None, **options)
    return path


@pytest.mark.parametrize(
    "make",
    [
        lambda p: _save(p / "progressive.jpg", Image.new("RGB", (1080, 1350), "#88aacc"), progressive=True),
        lambda p: _save(p / "wide.jpg", Image.new("RGB", (1440, 1800), "#88aacc"), quality=90),
        lambda p: _save(p / "grey.jpg", Image.new("L", (1080, 1080), 128)),
        lambda p: _save(p / "card.png", Image.new("RGB", (1080, 1080), "#88aacc")),
    ],
    ids=["progressive", "wider-than-1080", "greyscale", "png"],
)
def test_an_image_outside_the_limits_goes_through_instagrapis_re_encoding(
    make: Any, sandbox_account: Any, fake_instagram: Any, tmp_path: Path
) -> None:
    image = make(tmp_path)
    assert sendable_as_is(image) is None
    sandbox_account.publish_photo(image, "Re-encoded")
    [body] = uploaded(fake_instagram)
    assert body != image.read_bytes()
    with Image.open(io.BytesIO(body)) as sent:  # what instagrapi made of it: an RGB JPEG within 1080x1350
        assert sent.format == "JPEG" and sent.mode == "RGB" and sent.width <= 1080 and sent.height <= 1350
        assert not sent.info.get("progressive")


def test_which_images_go_as_they_are(sandbox_settings: Settings, tmp_path: Path) -> None:
    portrait = render(sandbox_settings, tmp_path, "p")
    assert sendable_as_is(portrait) == (1080, 1350)
    assert sendable_as_is(portrait, story=True) is None  # 4:5 is not a story's 9:16
    story = render(sandbox_settings, tmp_path, "st", "story")
    assert sendable_as_is(story, story=True) == (1080, 1920)
    assert sendable_as_is(story) is None  # 9:16 is too tall for the feed
    rotated = Image.new("RGB", (1080, 1080), "#ccaa88")
    exif = rotated.getexif()
    exif[0x0112] = 6  # "rotate 90" in EXIF: Instagram and instagrapi would show it differently
    assert sendable_as_is(_save(tmp_path / "rotated.jpg", rotated, exif=exif)) is None
    cmyk = _save(tmp_path / "cmyk.jpg", Image.new("CMYK", (1080, 1080), (0, 0, 0, 0)))
    assert sendable_as_is(cmyk) is None
    small = _save(tmp_path / "small.jpg", Image.new("RGB", (300, 300), "#123456"))
    assert sendable_as_is(small) is None
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(portrait.read_bytes()[:2000])
    assert sendable_as_is(broken) is None
