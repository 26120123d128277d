"""Is this post already on Instagram? Reconciliation, before anything is sent a second time.

Matching does not rest on the caption alone: Instagram has returned live media with
``caption: null`` (dilame/instagram-private-api#685, mgp25#2851), and a new post is not always in
``feed/user`` at once (instagrapi polls the feed five times when configure returns no media). A
media is ours when

* it carries an id one of our attempts was given (upload id, media id): certain; or
* it was taken within the attempt window, has our media type, slide count and image shape, and
  either its caption fingerprint is ours, or it has no caption and is the ONLY such media in the
  window that no other post of ours already recorded.

:func:`look_for` reads the feed again with doubling waits (bounded) before it answers "not
found"; the caller decides what "not found" means (with an unknown outcome: a person must look).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tipqueue.instagram.protocols import Publisher
from tipqueue.posts.models import MediaKind, Post, PublishedMedia, caption_fingerprint

#: How far Instagram's clock may be behind ours when we compare a media's taken_at with our times.
CLOCK_SKEW = timedelta(minutes=2)
#: How many of the account's newest media reconciliation looks through.
RECONCILE_LIMIT = 50
#: How far a media's width/height ratio may differ from our card's (Instagram resizes, not crops).
ASPECT_TOLERANCE = 0.03

Sleep = Callable[[float], None]


@dataclass(frozen=True)
class Shape:
    """What our post looks like on Instagram: media type (1 photo, 8 carousel), slides, w/h ratio."""

    media_type: int
    slides: int
    aspect: float | None


def shape_of(post: Post, images: Sequence[Path]) -> Shape:
    """The post's shape, reading the first image's size from the card file (None if unreadable)."""
    aspect: float | None = None
    if images:
        try:
            from PIL import Image

            with Image.open(images[0]) as handle:
                width, height = handle.size
            aspect = width / height if height else None
        except OSError:
            aspect = None
    carousel = post.media_kind is MediaKind.CAROUSEL
    return Shape(media_type=8 if carousel else 1, slides=len(images) if carousel else 1, aspect=aspect)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _fits(media: PublishedMedia, shape: Shape | None) -> bool:
    if shape is None:
        return True
    if media.media_type and media.media_type != shape.media_type:
        return False
    if media.slides and shape.media_type == 8 and media.slides != shape.slides:
        return False
    if media.width and media.height and shape.aspect:
        ratio = media.width / media.height
        if abs(ratio - shape.aspect) > ASPECT_TOLERANCE * shape.aspect:
            return False
    return True


def find_published(
    post: Post,
    recent: Sequence[PublishedMedia],
    *,
    since: datetime | None,
    until: datetime | None = None,
    shape: Shape | None = None,
    taken: Collection[str] = (),
    captionless_ok: bool = True,
) -> PublishedMedia | None:
    """Our post among the account's recent media (see the module docstring), or None.

    ``taken``: media ids the store already recorded for other posts (never ours).
    ``captionless_ok``: False when another post of ours could own a captionless media in the
    window (it was sent meanwhile and has no media recorded): then only ids and captions count.
    """
    ours = set(post.sent_ids)
    for media in recent:
        if ours & set(media.ids or (media.media_id,)) and media.media_id not in taken:
            return media
    want = caption_fingerprint(post.published_caption)
    floor = since - CLOCK_SKEW if since is not None else None
    ceiling = until + CLOCK_SKEW if until is not None else None
    captionless: list[PublishedMedia] = []
    for media in recent:
        if media.media_id in taken:
            continue
        at = _aware(media.taken_at)
        if (floor is not None and at < floor) or (ceiling is not None and at > ceiling):
            continue
        if not _fits(media, shape):
            continue
        if media.caption and not media.caption_missing:
            if caption_fingerprint(media.caption) == want:
                return media
            continue
        if media.caption_missing or not media.caption:
            captionless.append(media)
    if captionless_ok and len(captionless) == 1 and floor is not None:
        return captionless[0]
    return None


def look_for(
    publisher: Publisher,
    post: Post,
    *,
    since: datetime | None,
    until: Callable[[], datetime],
    shape: Shape | None,
    taken: Collection[str],
    captionless_ok: bool = True,
    polls: int,
    wait_seconds: float,
    sleep: Sleep,
) -> PublishedMedia | None:
    """Read the feed up to ``polls`` times, waiting ``wait_seconds``, then twice that, ... between
    reads; the first match wins. Raises what the publisher raises (the outcome stays unknown)."""
    wait = wait_seconds
    for attempt in range(max(1, polls)):
        if attempt:
            sleep(wait)
            wait *= 2
        recent = publisher.recent_media(limit=RECONCILE_LIMIT)
        found = find_published(
            post, recent, since=since, until=until(), shape=shape, taken=taken, captionless_ok=captionless_ok
        )
        if found is not None:
            return found
    return None
