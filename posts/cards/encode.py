"""JPEG encoding of cards: the same image always gives the same bytes, and shared rows are reused."""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

from PIL import Image
from tipqueue.config.errors import CardError

if TYPE_CHECKING:
    from tipqueue.posts.cards.draw import RenderedCard

JPEG_QUALITY = 90


#: A 4:2:0 JPEG codes the image in MCU rows of 16 pixel rows; cards are encoded with a restart
#: marker after every MCU row, so each row's coded bytes depend on that row's pixels alone.
_MCU = 16
_RST = re.compile(rb"\xff[\xd0-\xd7]")


def encode_jpeg(image: Image.Image) -> bytes:
    """Baseline JPEG, sRGB without metadata: the same image always gives the same bytes.

    Quality 90 with 4:2:0 chroma (what Instagram re-encodes to anyway), no optimised Huffman
    tables, and a restart marker after every MCU row (which lets :func:`card_jpeg` reuse the
    coded rows a series' cards share).
    """
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, subsampling=2, optimize=False, restart_marker_rows=1)
    return out.getvalue()


def _split_jpeg(data: bytes) -> tuple[bytes, tuple[bytes, ...]]:
    """A baseline JPEG as (headers up to the scan, coded bytes of each MCU row)."""
    pos = 2
    while True:
        marker = data[pos : pos + 2]
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        pos += 2 + length
        if marker == b"\xff\xda":
            break
    if not data.endswith(b"\xff\xd9"):
        raise CardError("the JPEG encoder wrote no end marker; reinstall Pillow")
    return data[:pos], tuple(_RST.split(data[pos:-2]))


def card_jpeg(card: RenderedCard) -> bytes:
    """The JPEG bytes of a drawn card; the same bytes as ``encode_jpeg(card.image)``.

    Rows the card's own texts did not touch are copied from the base layer's encoding; only the
    bands are encoded.
    """
    header, base_rows = card.base.jpeg_rows()
    if len(base_rows) != -(-card.base.image.height // _MCU):  # an encoder without restart markers
        return encode_jpeg(card.image)
    rows = list(base_rows)
    for band in card.bands:
        _, coded = _split_jpeg(encode_jpeg(band.image))
        first = band.top // _MCU
        if len(coded) != -(-band.image.height // _MCU):
            return encode_jpeg(card.image)
        rows[first : first + len(coded)] = coded
    out = [header]
    for i, row in enumerate(rows):
        if i:
            out.append(bytes((0xFF, 0xD0 + (i - 1) % 8)))
        out.append(row)
    out.append(b"\xff\xd9")
    return b"".join(out)
