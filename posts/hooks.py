"""The first line of a tip's caption: a whole sentence or a written hook, never a cut clause.

Instagram shows about 125 characters before "more"; that first line decides whether anyone reads
on. In order of preference it is:

1. the idea's own title or question (the first ``title_card`` sentences of the tip: a list's
   lead-in, a pair's title, a Q&A question), when it fits 125 characters;
2. the tip's first sentence when it is whole, fits, and stands on its own;
3. the section heading, on a line of its own, for the first post under it (the heading is the
   idea's written title, unless it is a label of at most three words the post never takes up:
   "Home care" over "Avoid things that make your face red ..."), or when the first sentence leans on earlier text
   ("These sound great, don't they.") or is too long for the hook (the caption maker offers
   each heading once per series, so five posts under one heading do not open alike);
4. else the whole first sentence, however long (Instagram cuts it at "more" between words; a
   line break inside a sentence reads as a mistake).

A filler opening ("OK.", "Well.", "Also gut.") is never the hook: the next sentence is, and the
filler is left to the cards. The caption's body is the rest of the tip, nothing said twice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tipqueue.posts.captions import HOOK_MAX_CHARS, shorten_hook

#: interjections and discourse fillers that say nothing on their own, per language (casefolded)
FILLERS = frozenset(
    {
        # en
        "ok",
        "okay",
        "well",
        "so",
        "alright",
        "all right",
        "right",
        "yes",
        "no",
        "hi",
        "hey",
        "hello",
        "now",
        "anyway",
        "anyways",
        "oh",
        "ah",
        "hmm",
        "voilà",
        "voila",
        "there you go",
        "see",
        "you see",
        "ok then",
        "okay then",
        "that's it",
        "here goes",
        "first things first",
        "wow",
        # de
        "also",
        "nun",
        "gut",
        "ja",
        "nein",
        "na",
        "naja",
        "na ja",
        "tja",
        "also gut",
        "so ist es",
        "genau",
        "hallo",
        "okay also",
        # fr
        "bon",
        "alors",
        "bref",
        "eh bien",
        "ben",
        "bah",
        "voilà tout",
        "bien",
        "salut",
        "donc",
        # es
        "bueno",
        "pues",
        "vale",
        "así que",
        "hola",
        "en fin",
        "listo",
        "claro",
        # it
        "allora",
        "bene",
        "dunque",
        "ecco",
        "ciao",
        "insomma",
        "beh",
        "va bene",
        # the label of a question or an answer standing alone ("Q.", "A:")
        "q",
        "a",
        "question",
        "answer",
        "frage",
        "antwort",
        "réponse",
        "pregunta",
        "respuesta",
        "domanda",
        "risposta",
        "hỏi",
        "đáp",
        "trả lời",
        # vi
        "vâng",
        "dạ",
        "được rồi",
        "thế nhé",
        "ừ",
        "chào",
        "xin chào",
        "nào",
    }
)
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
_SENTENCE_END = re.compile(r"[.!?…。！？:]['\"’”»)\]]*$")

_QA_LABEL = re.compile(
    r"^(?:q|a|question|answer|frage|antwort|réponse|pregunta|respuesta|domanda|risposta|hỏi|đáp)\s*[:.]\s+(?=\S)",
    re.IGNORECASE,
)


_BARE_LABEL = re.compile(
    r"(?:Q|A|Question|Answer|Frage|Antwort|Réponse|Pregunta|Respuesta|Domanda|Risposta|Hỏi|Đáp)\s*[.:]",
    re.IGNORECASE,
)
_INNER_ANSWER = re.compile(
    r"([?!.])\s+(?:A|Answer|Antwort|Réponse|Respuesta|Risposta|Đáp)\s*[.:]\s+(?=[A-ZÀ-Ý])"
)


def without_label(line: str) -> str:
    """A hook without a Q&A label in front ("Question: Should I ...?" -> "Should I ...?")."""
    head = line[:12]
    if ":" not in head and "." not in head:
        return line
    return _QA_LABEL.sub("", line, count=1)


#: "2. ", "3) ", "(1) ", "4 – ": the article's numbering in front of a heading
_NUMBERED = re.compile(r"^(?:\d{1,2}\s*[.):\-–—]|\(\d{1,2}\))\s*(?=\S)")


def clean_heading(heading: str) -> str:
    """A heading as a hook or in a footer: without the article's numbering ("2. ") or a final ":"."""
    flat = " ".join(heading.split())
    return (_NUMBERED.sub("", flat) or flat).rstrip(" :")


def heading_like(text: str | None) -> bool:
    """True for a heading that reads as one (short, not a sentence ending in a full stop), so it
    can stand as a hook or be named in a footer; a pull quote made a heading is not."""
    if not text:
        return False
    flat = " ".join(text.split())
    return len(flat) <= 90 and not re.search(r"[.!…;,]['\"’”»)]*$", flat) and not flat.endswith(("”", '"'))


def is_filler(sentence: str) -> bool:
    """True for an opening that says nothing alone ("OK.", "Well...", "Also gut!")."""
    if len(sentence) > 40:
        return False
    core = _EDGE.sub("", sentence.strip()).casefold().replace("’", "'")
    if len(core) <= 24 and core in FILLERS:
        return True
    # a one-word sentence opening a tip is a dateline or an exclamation ("Hamburg.", "Wow!")
    return bool(re.fullmatch(r"[^\W\d_][\w’'-]{0,19}[.!]", sentence.strip()))


#: definite articles (and "my", "your" ...) a bare heading starts with, per shipped language
_ARTICLES = frozenset(
    [
        "the",
        "a",
        "an",
        "der",
        "die",
        "das",
        "den",
        "dem",
        "le",
        "la",
        "les",
        "l'",
        "l’",
        "el",
        "los",
        "las",
        "il",
        "lo",
        "gli",
        "i",
        "un",
        "une",
        "una",
        "uno",
    ]
)
_BARE_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def bare_heading(heading: str) -> bool:
    """True for a heading that is only a noun with its article ("Die Auswahl", "Das Alter", "The
    timing", "La quantité"): it labels a section but says nothing as the first line of a post."""
    flat = clean_heading(heading)
    if flat.endswith("?") or any(ch.isdigit() for ch in flat):
        return False
    words = flat.replace("l'", "l' ").replace("l’", "l’ ").split()
    if not 2 <= len(words) <= 3 or words[0].casefold() not in _ARTICLES:
        return False
    return all(_BARE_WORD.fullmatch(w) for w in words[1:])


def short_aside(sentence: str, language: str | None = None) -> bool:
    """True for a sentence of at most four words that leans on what came before ("It's
    complicated.", "That's the thing.", "Das ist einfach."): it answers something the post does
    not say, so it is never the hook."""
    return len(sentence.split()) <= 4 and leans_on_earlier(sentence, language)


def is_whole_sentence(text: str) -> bool:
    """True when ``text`` ends like a sentence (., !, ?, …, or a closing quote after one)."""
    return bool(_SENTENCE_END.search(text.strip()))


def leans_on_earlier(sentence: str, language: str | None = None) -> bool:
    """True when the sentence opens by pointing at something said before it or at the page
    (the splitter's own detector, :func:`tipqueue.posts.ideas.references.opening_reference`;
    ``language`` None tries every supported language)."""
    from tipqueue.posts.ideas.references import opening_reference, page_reference

    if opening_reference(sentence, language) is not None:
        return True
    page = page_reference(sentence[:80], language or "en")
    return page is not None and " ".join(sentence.split()).lower().startswith(page.lower())


def _points_back(heading: str, language: str | None) -> bool:
    """A heading with a pronoun standing for something it does not name ("Can I keep It ...?");
    a marker in front of a heading ("So, What Are Free Radicals?") does not matter."""
    from tipqueue.posts.ideas.references import opening_reference

    ref = opening_reference(heading, language)
    return ref is not None and ref.kind == "pointer"


_HEADING_WORD = re.compile(r"[^\W\d_]{4,}")


def unanswered(heading: str, sentences: Sequence[str]) -> bool:
    """True for a heading that asks a question the post does not take up: fewer than half of the
    question's words (of four letters or more, not asking words such as "does", compared on
    their first four letters) are in the
    post ("How does acne form?" over a post about the antibiotics myth). Only the last part of
    a composed heading ("Acne background — How does acne form?") is the question."""
    question = re.split(r"\s[—–-]\s|:\s", heading)[-1].strip()
    if not question.endswith("?") and not _QUESTION_START.match(question):
        return False
    asked = {w.casefold()[:4] for w in _HEADING_WORD.findall(question) if w.casefold() not in _ASKING}
    if not asked:
        return False
    said = {w.casefold()[:4] for s in sentences for w in _HEADING_WORD.findall(s)}
    return len(asked & said) * 2 <= len(asked)


#: the opening of a heading that asks without a question mark ("How Much Sunscreen to Apply",
#: "Wie man richtig eincremt", "Comment choisir sa crème"), per shipped language
_QUESTION_START = re.compile(
    r"(?:how|what|why|when|which|wie|was|warum|wann|welche[rs]?|comment|pourquoi|quand|combien|"
    r"cómo|qué|por qué|cuándo|cuánto|cuánta|cuántos|cuántas|come|perché|quanto|quanta|quanti|quante|"
    r"tại sao|vì sao|làm sao|làm thế nào)\s",
    re.IGNORECASE,
)
#: the words of a question that ask rather than name what is asked about
_ASKING = frozenset(
    [
        "does",
        "what",
        "when",
        "which",
        "where",
        "should",
        "could",
        "would",
        "have",
        "with",
        "your",
        "that",
        "this",
        "there",
        "will",
        "muss",
        "mich",
        "kann",
        "soll",
        "sind",
        "wann",
        "warum",
        "wieso",
        "welche",
        "welcher",
        "comment",
        "pourquoi",
        "quand",
        "quel",
        "quelle",
        "quels",
        "dois",
        "peut",
        "cómo",
        "cuál",
        "cuándo",
        "debo",
        "puedo",
        "puede",
        "porqué",
        "come",
        "quando",
        "quale",
        "perché",
        "devo",
        "posso",
        "làm",
        "sao",
        "nào",
    ]
)


_LEAD_WORD = re.compile(r"[^\W\d_]{4,}")


def _stems(*texts: str) -> list[str]:
    """The words of four letters or more of ``texts``, each by its first five letters, casefolded:
    how a heading or a lead-in is compared with the text under it."""
    return [w.casefold()[:5] for text in texts for w in _LEAD_WORD.findall(text)]


def bare_lead_in(title: str, under: Sequence[str] = ()) -> bool:
    """True for a list's lead-in of at most four words ending in a colon that names nothing the
    items under it go on to say ("Inflammatory:" over papules and cysts, "Basados en evidencia
    científica:" over niacinamide and retinoids): it qualifies a subject it does not name, so it
    does not open a post on its own. "How to cleanse:" over "Apply cleanser ..." names its
    subject; words are compared on their first five letters."""
    flat = " ".join(title.split())
    if not flat.endswith(":") or len(flat.split()) > 4 or any(ch.isdigit() for ch in flat):
        return False
    said = set(_stems(*under))
    return not any(w in said for w in _stems(flat))


def _heading_over_lead_in(
    title: str, under: Sequence[str], section: str | None, limit: int, language: str | None
) -> str | None:
    """The section heading to open a post whose title is a bare lead-in, or None when there is
    no heading that reads as one (the lead-in then stays the hook)."""
    if not section or not heading_like(section) or not bare_lead_in(title, under):
        return None
    heading = clean_heading(section)
    if not heading or len(heading) > limit or bare_heading(heading) or _points_back(heading, language):
        return None
    if heading.casefold() in title.casefold() or _names_heading_subject(title, heading):
        return None
    return heading


def _names_heading_subject(title: str, heading: str) -> bool:
    """Does the lead-in name the subject of its heading and say more of it ("Inflammatory acne:"
    under "Understanding Acne Types")? Then it opens the post itself; a lead-in that only repeats
    a word of its heading ("Morning:" under "Morning routine") does not. Words are compared on
    their first five letters."""
    said = set(_stems(heading))
    words = _stems(title)
    return len(words) >= 2 and any(w in said for w in words) and any(w not in said for w in words)


def _label_apart(heading: str, sentences: Sequence[str]) -> bool:
    """True for a heading of at most three words, not a question, none of whose words the text
    under it says ("Home care", "Daily maintenance"): a label for the section, while the text's
    own first sentence says what the post is about. Words are compared on their first five
    letters."""
    if heading.endswith("?") or len(heading.split()) > 3:
        return False
    said = set(_stems(*sentences))
    words = _stems(heading)
    return bool(words) and not any(w in said for w in words)


@dataclass(frozen=True)
class Hook:
    """The first line and the sentences the caption goes on with."""

    line: str
    rest: tuple[str, ...]
    #: where the line came from: "title", "sentence", "heading", "long sentence", "cut fragment"
    source: str


def tip_hook(
    sentences: Sequence[str],
    *,
    section: str | None = None,
    title_sentences: int = 0,
    context: str | None = None,
    prefer_heading: bool = False,
    limit: int = HOOK_MAX_CHARS,
    language: str | None = None,
) -> Hook:
    """The hook for a tip made of ``sentences`` (see the module's docstring for the order).

    ``context`` is the lead-in of a list item posted on its own ("Avoid:"): it goes in front of
    the item ("Avoid: physical scrubs.") when both fit, else it stands in for the heading.
    ``prefer_heading``: the heading is the idea's written title (the first post under it), so it
    is the hook even when the first sentence could be. ``language``: the article's (None: any).
    """
    parts = [" ".join(s.split()) for s in sentences if s.strip()]
    if not parts:
        return Hook(section or "", (), "heading")
    if context:
        lead = " ".join(context.split())
        joined = f"{lead} {parts[0]}"
        if lead.endswith(":") and len(joined) <= limit:
            return Hook(joined, tuple(parts[1:]), "title")
        section = lead
    # a bare "Q." / "A." sentence is a label, not text: "Q." question... "A." answer...
    bare = [i for i, p in enumerate(parts) if _BARE_LABEL.fullmatch(p)]
    if bare and len(bare) < len(parts):
        if bare[0] == 0 and len(bare) > 1:
            asked = " ".join(parts[1 : bare[1]])
            answered = [p for p in parts[bare[1] + 1 :] if not _BARE_LABEL.fullmatch(p)]
            if asked and len(asked) <= limit:
                return Hook(asked, tuple(answered), "title")
        title_sentences -= sum(1 for i in bare if i < title_sentences)
        parts = [p for i, p in enumerate(parts) if i not in bare]
    if _QA_LABEL.match(parts[0]) and len(parts) > 1:
        # "Q. ... ? ...?" then "A. ...": the whole question is the hook when it fits
        answer = next((i for i in range(1, len(parts)) if _QA_LABEL.match(parts[i])), None)
        question = " ".join([without_label(parts[0]), *parts[1:answer]]) if answer else ""
        if answer and len(question) <= limit:
            return Hook(question, tuple(without_label(p) for p in parts[answer:]), "title")
    # "Q." / "A." labels say nothing in a caption (an "A." the segmenter kept inside a sentence too)
    parts = [_INNER_ANSWER.sub(r"\1 ", without_label(p)) for p in parts]
    if 0 < title_sentences < len(parts):
        title = " ".join(parts[:title_sentences])
        over = _heading_over_lead_in(title, parts[title_sentences:], section, limit, language)
        if over is not None:
            return Hook(over, tuple(parts), "heading")
        if len(title) <= limit:
            under = parts[title_sentences:]
            under[0] = without_label(under[0])  # "Answer: ..." under its question
            return Hook(title, tuple(under), "title")
    # a filler opening is left to the cards
    start = 0
    while start < len(parts) - 1 and (is_filler(parts[start]) or short_aside(parts[start], language)):
        start += 1
    first, rest = parts[start], tuple(parts[start + 1 :])
    if rest and first.endswith("?"):
        rest = (without_label(rest[0]), *rest[1:])  # "Answer: ..." after its question
    heading = " ".join(section.split()) if heading_like(section) and section else None
    if heading:
        # "2. Muss ich mich ... eincremen?": the article's numbering means nothing in the series
        heading = clean_heading(heading)
    usable = bool(heading) and len(heading or "") <= limit
    if usable and heading and heading.casefold() in first.casefold()[: len(heading) + 2]:
        usable = False  # the sentence opens with the heading's own words
    if usable and heading and _points_back(heading, language):
        usable = False  # "Can I keep It in the Refrigerator?": "It" names nothing in the post
    fits = len(first) <= limit
    stands = fits and not leans_on_earlier(first, language)
    if usable and heading and stands and bare_heading(heading):
        usable = False  # "Die Auswahl" says nothing alone: the tip's first sentence does
    if usable and heading and stands and prefer_heading and _label_apart(heading, (first, *rest)):
        usable = False  # "Home care" over "Avoid things that make your face red ...": the advice says it
    if usable and prefer_heading and heading and not (stands and unanswered(heading, (first, *rest))):
        return Hook(heading, (first, *rest), "heading")
    if stands:
        return Hook(first, rest, "sentence")
    if usable and heading and not (is_whole_sentence(first) and unanswered(heading, (first, *rest))):
        return Hook(heading, (first, *rest), "heading")
    if fits or is_whole_sentence(first):
        return Hook(first, rest, "sentence" if fits else "long sentence")
    # a fragment longer than a hook with no sentence end (a list item, a line the article never
    # closed): the hook is its opening cut between words, and the caption goes on with the rest
    whole = " ".join(first.split())
    line = shorten_hook(whole, limit)
    remainder = whole[len(line) - 1 :].lstrip(" ,;:")
    return Hook(line, (f"…{remainder}", *rest), "cut fragment")


def hook_problem(first_line: str, hook_source: str | None = None, limit: int = HOOK_MAX_CHARS) -> str | None:
    """Why a caption's first line is a poor hook, or None: over the limit while not one whole
    sentence (a long whole sentence is allowed: Instagram cuts it at "more" between words)."""
    if len(first_line) > limit and not is_whole_sentence(first_line):
        return f"hook line has {len(first_line)} characters (> {limit}) and is not a whole sentence"
    return None
