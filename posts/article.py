"""Read an article into a :class:`posts.models.Article`: the front door of :mod:`posts.reading`.

The reading itself lives in the :mod:`posts.reading` subpackage (one module per format, the
boilerplate classifier, titles, language, and the builder); this module keeps the names the rest
of tipqueue imports.
"""

from tipqueue.posts.reading import (
    FORMATS,
    RawArticle,
    RawBlock,
    body_sentences,
    decode_article,
    detect_format,
    parse_article,
    read_article,
    read_raw,
)

__all__ = [
    "FORMATS",
    "RawArticle",
    "RawBlock",
    "body_sentences",
    "decode_article",
    "detect_format",
    "parse_article",
    "read_article",
    "read_raw",
]
