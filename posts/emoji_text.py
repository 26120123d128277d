"""Emoji shortcodes in article text (":sparkles:", ":+1:") become the emoji in captions.

Articles copied from Slack, GitHub or some blog editors carry shortcodes; Instagram shows them
as text. The ``emoji`` package (maintained, with the Unicode and GitHub/Slack alias names) does
the mapping; a word between colons that is not an emoji name (a time "10:30:", "og:image:") is
left as it is.
"""

from __future__ import annotations

import re

_MAYBE = re.compile(r":[\w+\-]+:")


def emojize(text: str) -> str:
    """``text`` with every known shortcode replaced by its emoji (Unicode names and aliases)."""
    if ":" not in text or not _MAYBE.search(text):
        return text
    import emoji  # only for text that may hold a shortcode: most runs never pay its import

    return emoji.emojize(text, language="alias")
