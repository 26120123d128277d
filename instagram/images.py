"""What every backend checks of the card images it is asked to publish, before any request.

A missing, wrong-kind or damaged card fails the same way every time, so it is a permanent
``Rejected`` (never retried); a carousel takes 2 to 10 images with one alt text each.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tipqueue.config.errors import Rejected


def checked_card(image: Path, *, suffixes: Sequence[str], wrong_kind: str) -> Path:
    """``image`` if it exists, has one of ``suffixes`` and decodes; ``wrong_kind`` ends the
    message for another kind of file (what this backend takes)."""
    path = Path(image)
    if not path.is_file():
        raise Rejected(f"image {path} does not exist; render the post's cards first")
    if path.suffix.lower() not in suffixes:
        raise Rejected(f"image {path} is not {wrong_kind}")
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as handle:
            handle.load()
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError) as exc:
        raise Rejected(
            f"card image {path} is damaged ({type(exc).__name__}); render the post again with `tipqueue render`"
        ) from None
    return path


def checked_carousel(
    images: Sequence[Path], alt_texts: Sequence[str], *, suffixes: Sequence[str], wrong_kind: str
) -> list[Path]:
    """The carousel's images, each checked as :func:`checked_card`; 2 to 10 of them, one alt text each."""
    paths = [checked_card(p, suffixes=suffixes, wrong_kind=wrong_kind) for p in images]
    if not 2 <= len(paths) <= 10:
        raise Rejected(f"a carousel needs 2 to 10 images, not {len(paths)}; add or remove slides")
    if len(alt_texts) != len(paths):
        raise Rejected(
            f"a carousel of {len(paths)} images got {len(alt_texts)} alt texts; give one per image"
        )
    return paths


#: The bounds inside which instagrapi's upload neither crops nor scales (its prepare_image):
#: (min width, min height, max width, max height, min aspect, max aspect) for the feed and stories.
_UNTOUCHED = {False: (320, 167, 1080, 1350, 4 / 5, 90 / 47), True: (320, 167, 1080, 1920, 9 / 16, 90 / 47)}
#: Start-of-frame markers other than baseline (SOF0): extended, progressive, lossless, arithmetic.
_OTHER_SOF = frozenset({0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})


def sendable_as_is(image: Path, *, story: bool = False) -> tuple[int, int] | None:
    """(width, height) when the card's own bytes can go to Instagram unchanged, else None.

    True for a baseline 8-bit YCbCr JPEG without an EXIF rotation, sRGB (or no profile), that
    meets Instagram's limits (posts.media_checks) and lies inside the bounds where instagrapi's
    upload would neither crop nor scale it, so sending it as it is differs from instagrapi's path
    only in skipping a decode and a lossy re-encode. Anything else goes through instagrapi.
    """
    from PIL import Image, UnidentifiedImageError
    from tipqueue.config.errors import LimitError
    from tipqueue.posts.media_checks import check_image

    path = Path(image)
    if path.suffix.lower() not in (".jpg", ".jpeg"):
        return None
    try:
        check_image(path, story=story)
        with Image.open(path) as handle:
            size, mode, info = handle.size, handle.mode, handle.info
            turned = handle.getexif().get(0x0112, 1) != 1  # EXIF orientation
        with path.open("rb") as handle:
            head = handle.read(256 * 1024)  # the headers; the coded image follows them
            handle.seek(-2, 2)
            complete = handle.read(2) == b"\xff\xd9"  # ends with its end-of-image marker
    except (LimitError, OSError, UnidentifiedImageError, SyntaxError, ValueError):
        return None
    min_w, min_h, max_w, max_h, min_ratio, max_ratio = _UNTOUCHED[story]
    width, height = size
    if (
        mode != "RGB"
        or not complete
        or turned
        or "adobe" in info
        or not (min_w <= width <= max_w and min_h <= height <= max_h)
        or not min_ratio <= width / height <= max_ratio
        or not _baseline_ycbcr(head)
    ):
        return None
    return width, height


def _baseline_jpeg_frame(data: bytes) -> bytes | None:
    """The start-of-frame segment of a baseline JPEG, None for any other kind (or no frame)."""
    if data[:2] != b"\xff\xd8":
        return None
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a length
            pos += 2
            continue
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        if marker == 0xC0:
            return data[pos + 4 : pos + 2 + length]
        if marker in _OTHER_SOF or marker == 0xDA:  # not baseline, or image data before any frame
            return None
        pos += 2 + length
    return None


def _baseline_ycbcr(data: bytes) -> bool:
    frame = _baseline_jpeg_frame(data)
    return frame is not None and len(frame) >= 6 and frame[0] == 8 and frame[5] == 3
