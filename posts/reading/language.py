"""The article's language, detected from its text with Lingua (lingua-language-detector).

Lingua is a maintained detector made for short texts; on the corpus's single sentences it was
the most accurate of the detectors we measured (``python benchmarks/corpus_report.py
--languages`` prints the comparison with py3langid and langdetect). The language is then used
for sentence segmentation and recorded on the article.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

#: Languages the detector chooses among (sentencex segments them all). Fewer candidates make short
#: texts more reliable and keep loading fast: each language's model loads on first use.
LANGUAGES = [
    "ENGLISH",
    "GERMAN",
    "FRENCH",
    "SPANISH",
    "ITALIAN",
    "PORTUGUESE",
    "DUTCH",
    "VIETNAMESE",
    "POLISH",
    "TURKISH",
    "SWEDISH",
    "RUSSIAN",
]
#: Text with fewer letters than this is too short to tell.
MIN_LETTERS = 8
#: Only the start of a long article is looked at: enough to tell, and cheap on 5 MB.
SAMPLE_CHARS = 4000
_LETTER = re.compile(r"[^\W\d_]", re.U)


@lru_cache(maxsize=1)
def _detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(*(getattr(Language, name) for name in LANGUAGES)).build()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code ("en", "de", "vi", ...) of ``text``, or None when it is too short to tell."""
    sample = text[:SAMPLE_CHARS]
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return None
    found = _detector().detect_language_of(sample)
    if found is None:
        return None
    return str(found.iso_code_639_1.name).lower()
