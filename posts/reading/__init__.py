"""Reading an article (plain text, Markdown or a saved web page) the way an editor does.

* :mod:`.raw` — raw blocks, text hygiene, format detection;
* :mod:`.plain`, :mod:`.markdown`, :mod:`.html` — one reader per format;
* :mod:`.boilerplate` — the classifier of non-content blocks;
* :mod:`.titles`, :mod:`.language` — where the title and the language come from;
* :mod:`.build` — from raw blocks to the :class:`posts.models.Article`;
* :mod:`.coverage` — the check that no line of the input was lost.
"""

# first: the compiled modules, where built for this code (tipqueue.config.native), before any is imported
from tipqueue.config.native import READING as _compiled
from tipqueue.config.native import install as _install

_install(_compiled)

from tipqueue.posts.reading.build import (  # noqa: E402 (after the compiled modules are set up)
    body_sentences,
    choose_language,
    parse_article,
    read_article,
    read_raw,
)
from tipqueue.posts.reading.raw import FORMATS, RawArticle, RawBlock, decode_article, detect_format  # noqa: E402

__all__ = [
    "FORMATS",
    "RawArticle",
    "RawBlock",
    "body_sentences",
    "choose_language",
    "decode_article",
    "detect_format",
    "parse_article",
    "read_article",
    "read_raw",
]
