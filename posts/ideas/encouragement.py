"""Text that cheers the reader on or opens a news story: on the skin, yet nothing to act on.

Two kinds of idea read like advice to a word count (skin, acne, routine ...) while an editor
leaves them out of a series that has advice:

* encouragement, anywhere in the article: a promise that care will help, with no care in it
  ("Learning more about acne is the first step toward controlling it", "Good skin care can go a
  long way", "The right skin care routine can help keep your skin healthy");
* a news story's opening: the agency dateline ("München (dpa) l ..."), or the experts it
  introduces before they speak ("Two local dermatologists stress the importance of ...", "La
  dermatologue Nina Roos fait le point", "erklärt Hautarzt ...").

Both are read on folded text (lower case, plain apostrophes) of an idea with no instruction and
no recommendation in it (see :func:`.advice.framing_cues`); one search per idea.
"""

from __future__ import annotations

import re

#: A promise that care helps, with no care in it. One pattern for every language: the phrases
#: do not collide across them.
_ENCOURAGEMENT = re.compile(
    # en
    r"\b(?:is|are) the first step (?:to|toward|towards|in)\b"
    r"|\bcan go a long way\b"
    r"|\bthe right (?:skin ?care )?(?:routine|products|care) can help\b"
    r"|\byou can (?:manage|control|beat|win against) (?:your|this|the) \w+"
    # de
    r"|\bist der erste schritt\b|\bdie richtige (?:pflege|hautpflege|routine) (?:kann|hilft)\b"
    # fr
    r"|\b(?:est|constitue) la première étape\b|\bune bonne routine (?:de soins )?(?:peut|permet)\b"
    # es
    r"|\bes el primer paso\b|\buna buena rutina (?:de cuidado )?(?:puede|ayuda)\b"
    # it
    r"|\bè il primo passo\b|\buna buona routine (?:di bellezza )?(?:può|aiuta)\b"
    # vi
    r"|\blà bước đầu tiên\b"
)

#: A news story's opening: an agency dateline, a town's dateline over its standfirst ("München.
#: Dermatologe rät bei Problemen zu intensiver Pflege ..."), or experts introduced before they speak.
_NEWS_OPENING = re.compile(
    r"^[\w .'-]{2,40}\((?:dpa|afp|ap|apa|ansa|efe|reuters|sda|kna|epd)\)"
    r"|^[\w-]{3,30}\. (?:dermatologe|dermatologin|hautarzt|hautärztin|experte|expertin|arzt|ärztin|"
    r"dermatologist|doctor|expert|dermatologue|médecin|dermatólogo|dermatóloga|médico|dermatologo|"
    r"dermatologa|medico|bác sĩ) (?:rät|empfiehlt|warnt|erklärt|advises|recommends|warns|explains|"
    r"conseille|recommande|explique|aconseja|recomienda|explica|consiglia|raccomanda|spiega|khuyên)\b"
    r"|\b(?:two|three|several|local|\d+) (?:local |leading |top )?"
    r"(?:dermatologists|doctors|experts|physicians) (?:stress|explain|share|weigh in|discuss|warn)\b"
    r"|\b(?:la|le|une|un) (?:dermatologue|médecin|spécialiste) [\w .'-]{0,40}fait le point\b"
    r"|\b(?:erklärt|erklären) (?:die |der )?(?:hautärztin|hautarzt|dermatologin|dermatologe|expertin|experte)\b"
    r"|\b(?:explica|explican) (?:la |el )?(?:dermatóloga|dermatólogo)\b"
    r"|\b(?:spiega|spiegano) (?:la |il )?(?:dermatologa|dermatologo)\b"
)

#: Words one of which each pattern's phrases hold: an idea with none of them is passed over with
#: a few substring searches instead of trying either alternation at every position of its text.
_ENCOURAGEMENT_WORDS = (
    "first step",
    "long way",
    " can help",
    "you can ",
    "erste schritt",
    "richtige ",
    "première étape",
    "bonne routine",
    "primer paso",
    "buena rutina",
    "primo passo",
    "buona routine",
    "bước đầu tiên",
)
_NEWS_WORDS = (
    "rät ",
    "empfiehlt",
    "advises",
    "recommends",
    "conseille",
    "recommande",
    "aconseja",
    "recomienda",
    "consiglia",
    "raccomanda",
    "khuyên",
    "stress",
    "explain",
    "share",
    "weigh in",
    "discuss",
    "warn",
    "fait le point",
    "erklär",
    "explica",
    "spiega",
)

ENCOURAGEMENT = "encouragement, nothing to act on"
NEWS_OPENING = "a news story's opening, no advice"


def encouragement_cue(whole: str) -> str | None:
    """Why an idea with no advice in it (``whole``: its folded text) cheers the reader on or opens
    a news story, or None."""
    if any(w in whole for w in _ENCOURAGEMENT_WORDS) and _ENCOURAGEMENT.search(whole):
        return ENCOURAGEMENT
    if ("(" in whole[:48] or any(w in whole for w in _NEWS_WORDS)) and _NEWS_OPENING.search(whole):
        return NEWS_OPENING
    return None
