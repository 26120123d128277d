"""Is this image one Instagram accepts? Checked after rendering and again before queueing.

Feed photos: JPEG, sRGB, 320-1440 px wide, aspect ratio from 4:5 (portrait) to 1.91:1
(landscape), at most 8 MB. Stories: the same, at 9:16.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, UnidentifiedImageError
from tipqueue.config.errors import LimitError

MIN_WIDTH = 320
MAX_WIDTH = 1440
MAX_BYTES = 8 * 1024 * 1024
FEED_MIN_RATIO = 4 / 5
FEED_MAX_RATIO = 1.91
STORY_RATIO = 9 / 16
#: Rounding slack: 1080x1350 is exactly 4:5, but a 1081-wide export should not be refused.
_TOLERANCE = 0.005


def _profile_name(icc: bytes) -> str | None:
    """The description of an embedded ICC profile, or None when it cannot be read."""
    try:
        from PIL import ImageCms

        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return str(ImageCms.getProfileDescription(profile)).strip()
    except Exception:  # an unreadable profile is reported by the caller
        return None


def check_image(path: Path, *, story: bool = False) -> None:
    """Raise LimitError (one line: what is wrong and how to fix it) unless Instagram accepts it."""
    fix = "re-render it with `tipqueue render`"
    try:
        size = path.stat().st_size
    except OSError:
        raise LimitError(f"{path}: image file is missing; {fix}") from None
    if size > MAX_BYTES:
        raise LimitError(
            f"{path.name} is {size / 1024 / 1024:.1f} MB; Instagram takes at most 8 MB, {fix} "
            "or save it with stronger JPEG compression"
        )
    try:
        with Image.open(path) as img:
            fmt, mode, (width, height) = img.format, img.mode, img.size
            icc = img.info.get("icc_profile")
    except (UnidentifiedImageError, OSError):
        raise LimitError(f"{path.name} is not a readable image; {fix}") from None
    if fmt != "JPEG":
        raise LimitError(f"{path.name} is {fmt}, but Instagram needs JPEG; {fix} or save it as JPEG")
    if mode != "RGB":
        raise LimitError(
            f"{path.name} is a {mode} JPEG; Instagram needs sRGB colour, {fix} or convert it to RGB"
        )
    if icc:
        name = _profile_name(icc)
        if name is None or "srgb" not in name.lower().replace(" ", ""):
            raise LimitError(
                f"{path.name} carries the colour profile {name or 'unreadable'!r}, not sRGB; "
                f"{fix} or convert it to sRGB"
            )
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        raise LimitError(
            f"{path.name} is {width} px wide; Instagram needs {MIN_WIDTH}-{MAX_WIDTH} px, {fix} "
            "or resize it (1080 px is standard)"
        )
    ratio = width / height
    if story:
        if abs(ratio - STORY_RATIO) > _TOLERANCE:
            raise LimitError(
                f"{path.name} is {width}x{height} (aspect {ratio:.3f}); a story needs 9:16, "
                "e.g. 1080x1920; render it with --format story"
            )
    elif not FEED_MIN_RATIO - _TOLERANCE <= ratio <= FEED_MAX_RATIO + _TOLERANCE:
        raise LimitError(
            f"{path.name} is {width}x{height} (aspect {ratio:.3f}); a feed photo needs 4:5 to 1.91:1, "
            "e.g. 1080x1350 or 1080x1080; render it with --format portrait or square"
        )
