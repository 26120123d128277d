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
