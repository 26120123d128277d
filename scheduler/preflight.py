"""Pre-flight: every Instagram limit checked when a post is queued, so nothing fails at publish time.

Caption at most 2,200 characters, at most ``hashtag_limit`` hashtags (5 by default), at most 20
@-mentions, a carousel of 2 to 10 images, alt text at most 1,000 characters, and every image a
rendered JPEG Instagram accepts (sRGB, 320-1440 px wide, 4:5 to 1.91:1 or 9:16 for stories,
at most 8 MB; checked by ``posts.media_checks`` when it is installed).

Every limit is checked on what Instagram receives: the caption with the post's hashtags joined
to it (``Post.published_caption``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from tipqueue.config.errors import LimitError
from tipqueue.posts.captions import ALT_TEXT_MAX_CHARS, CAPTION_MAX_CHARS, MENTION_LIMIT
from tipqueue.posts.captions import MENTION as _MENTION
from tipqueue.posts.models import HASHTAG as _HASHTAG
from tipqueue.posts.models import MediaKind, Post

CAROUSEL_MIN = 2
CAROUSEL_MAX = 10


def _image_checker() -> Callable[..., None] | None:
    try:
        from tipqueue.posts.media_checks import check_image
    except ImportError:  # the card package is optional for the queue
        return None
    return check_image


def hashtag_count(post: Post) -> int:
    return len(_HASHTAG.findall(post.published_caption))


def _render_hint(post: Post) -> str:
    folder = post.source_dir.parent if post.source_dir is not None else None
    return (
        f"run `tipqueue render {folder}`" if folder is not None else "run `tipqueue render DIR` on its series"
    )


def preflight(
    post: Post, *, hashtag_limit: int, check_media: bool = True, fix_in: str | None = "post.json"
) -> None:
    """Raise LimitError (one line, naming the post and the fix) for the first limit broken.

    ``fix_in`` is where the person fixes the text ("post.json", "the import file"); None when they
    are editing it right now (``queue edit``, the dashboard).
    """
    where = f"post {post.id}"
    there = f" in {fix_in}" if fix_in else ""
    published = post.published_caption
    if len(published) > CAPTION_MAX_CHARS:
        joined = " with its hashtags" if len(published) != len(post.caption.strip()) else ""
        raise LimitError(
            f"{where}: caption has {len(published)} characters{joined}, Instagram allows "
            f"{CAPTION_MAX_CHARS}; shorten it{there}"
        )
    tags = hashtag_count(post)
    if tags > hashtag_limit:
        raise LimitError(
            f"{where}: {tags} hashtags, the limit is {hashtag_limit} (hashtag_limit); remove some{there}"
        )
    mentions = len(_MENTION.findall(published))
    if mentions > MENTION_LIMIT:
        raise LimitError(
            f"{where}: {mentions} @-mentions, Instagram allows {MENTION_LIMIT}; remove some{there}"
        )
    if post.first_comment is not None and len(post.first_comment) > CAPTION_MAX_CHARS:
        raise LimitError(
            f"{where}: first comment has {len(post.first_comment)} characters, Instagram allows "
            f"{CAPTION_MAX_CHARS}; shorten it{there}"
        )
    if len(post.alt_text) > ALT_TEXT_MAX_CHARS:
        raise LimitError(
            f"{where}: alt text has {len(post.alt_text)} characters, Instagram allows {ALT_TEXT_MAX_CHARS}; "
            f"shorten it{there}"
        )
    count = len(post.slides)
    if post.media_kind is MediaKind.CAROUSEL and not CAROUSEL_MIN <= count <= CAROUSEL_MAX:
        raise LimitError(
            f"{where}: a carousel needs {CAROUSEL_MIN} to {CAROUSEL_MAX} images, it has {count}; "
            f"split or merge slides{there}"
        )
    if post.media_kind is not MediaKind.CAROUSEL and count != 1:
        raise LimitError(
            f"{where}: a {post.media_kind.value} has exactly one image, it has {count}; "
            f'set "media_kind": "carousel" or keep one slide{there}'
        )
    for number, slide in enumerate(post.slides, start=1):
        if len(slide.alt_text) > ALT_TEXT_MAX_CHARS:
            raise LimitError(
                f"{where}: slide {number} alt text has {len(slide.alt_text)} characters, Instagram allows "
                f"{ALT_TEXT_MAX_CHARS}; shorten it{there}"
            )
    if check_media:
        check_media_files(post)


def check_media_files(post: Post) -> None:
    """Every slide has a rendered image that exists and that Instagram accepts."""
    checker = _image_checker()
    for number, slide in enumerate(post.slides, start=1):
        image: Path | None = slide.image
        if image is None:
            raise LimitError(
                f"post {post.id}: slide {number} has no rendered image yet; {_render_hint(post)}"
            )
        if not image.is_file():
            raise LimitError(f"post {post.id}: slide {number} image {image} is missing; {_render_hint(post)}")
        if checker is not None:
            try:
                checker(image, story=post.media_kind is MediaKind.STORY)
            except LimitError as exc:
                raise LimitError(f"post {post.id}: slide {number}: {exc}") from None


def preflight_all(
    posts: Sequence[Post], *, hashtag_limit: int, check_media: bool = True, fix_in: str | None = "post.json"
) -> None:
    """Check every post before anything is stored; the first problem raises."""
    for post in posts:
        preflight(post, hashtag_limit=hashtag_limit, check_media=check_media, fix_in=fix_in)
