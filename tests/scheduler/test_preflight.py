"""Pre-flight checks of Instagram's limits, before anything is queued."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from tipqueue.config.errors import LimitError
from tipqueue.posts.models import MediaKind, Slide
from tipqueue.scheduler.preflight import preflight

from tests.scheduler.test_store_kit import jpeg, make_post


@pytest.fixture
def card(tmp_path: Path) -> Path:
    return jpeg(tmp_path / "card-1.jpg")


def good(card: Path) -> object:
    return replace(make_post("p"), slides=(Slide("q", "alt", card),))


def test_a_good_post_passes(card: Path) -> None:
    preflight(good(card), hashtag_limit=5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"caption": "x" * 2201}, "characters with its hashtags, Instagram allows 2200"),
        ({"caption": "tips " + " ".join(f"#t{n}" for n in range(6))}, "7 hashtags, the limit is 5"),
        ({"caption": " ".join(f"@u{n}" for n in range(21))}, "21 @-mentions, Instagram allows 20"),
        ({"alt_text": "a" * 1001}, "alt text has 1001 characters, Instagram allows 1000"),
        ({"media_kind": MediaKind.CAROUSEL}, "a carousel needs 2 to 10 images, it has 1"),
    ],
)
def test_each_limit_is_named(card: Path, change: dict[str, object], message: str) -> None:
    post = replace(good(card), **change)  # type: ignore[type-var]
    with pytest.raises(LimitError, match=message):
        preflight(post, hashtag_limit=5)


def test_carousel_of_eleven_and_long_slide_alt_text(card: Path) -> None:
    post = replace(
        good(card), media_kind=MediaKind.CAROUSEL, slides=tuple(Slide("q", "a", card) for _ in range(11))
    )  # type: ignore[type-var]
    with pytest.raises(LimitError, match="it has 11"):
        preflight(post, hashtag_limit=5)
    post = replace(post, slides=(Slide("q", "a", card), Slide("q", "b" * 1001, card)))
    with pytest.raises(LimitError, match="slide 2 alt text has 1001 characters"):
        preflight(post, hashtag_limit=5)


def test_the_image_itself_is_checked(tmp_path: Path) -> None:
    wide = jpeg(tmp_path / "wide.jpg", size=(1080, 1920))  # 9:16 is a story, not a feed photo
    post = replace(make_post("p"), slides=(Slide("q", "alt", wide),))
    with pytest.raises(LimitError, match=r"post p: slide 1: wide\.jpg is 1080x1920"):
        preflight(post, hashtag_limit=5)
    preflight(replace(post, media_kind=MediaKind.STORY), hashtag_limit=5)
    missing = replace(post, slides=(Slide("q", "alt", tmp_path / "gone.jpg"),))
    with pytest.raises(LimitError, match=r"gone\.jpg is missing; run `tipqueue render"):
        preflight(missing, hashtag_limit=5)
