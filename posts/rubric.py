"""An automatic rubric for a finished series: what an editor would send back, post by post.

It is a second reader, independent of the splitter's own rules (its word lists are its own), used
by the tests and by ``benchmarks/series_report.py``. Flags:

* ``heading_only``: a tip that is only a heading, a fragment or a list's lead-in ("Avoid:").
* ``dangling_start``: a tip that opens by pointing at earlier text or at the page ("These sound
  great", "That's why", "As you can see above", "Dưới đây là ...").
* ``boilerplate``: a post carrying page furniture (follow / subscribe / read more / affiliate ...).
* ``hook_cut``: the caption's first line is a clause cut by a line break, or a filler ("OK.").
* ``follow_cta``: a call to action that asks to follow, subscribe or tag instead of to reply.
* ``file_name_title``: the cover's title is the article's file name ("Abcnews winter skin qa").
* ``card_cut``: a card of a carousel that stops mid-sentence (it ends on a comma, a semicolon or
  a dash, or the next card goes on in lower case, not as a list's next item): only a sentence too
  long for one card is cut.
* ``count_grammar``: a count that is wrong or ungrammatical ("all 2 cards", "1 posts", a cover
  promising more or fewer tips than the series has, a swipe line naming the wrong number of cards).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tipqueue.posts.hooks import is_filler, is_whole_sentence
from tipqueue.posts.models import Article, Post, PostKind
from tipqueue.posts.split import trailing_fragment

#: flag code -> what the report calls it
FLAGS = {
    "heading_only": "heading-only tip",
    "dangling_start": "dangling start",
    "boilerplate": "boilerplate",
    "hook_cut": "hook cut mid-sentence",
    "follow_cta": "follow-me CTA",
    "file_name_title": "file-name title",
    "count_grammar": "count grammar",
    "card_cut": "card cut mid-sentence",
}


def _is_file_name(title: str, article: Article) -> bool:
    """True when ``title`` says no more than the article's file name ("02_my-article.txt")."""
    if article.source_path is None:
        return False

    def words(text: str) -> list[str]:
        return re.findall(r"[^\W_]+", text.casefold())

    stem = words(article.source_path.stem)
    return bool(stem) and words(title) in (stem, stem[1:] if stem[0].isdigit() else stem)


@dataclass(frozen=True)
class RubricFlag:
    code: str
    post_id: str
    detail: str

    @property
    def name(self) -> str:
        return FLAGS[self.code]


_OPENERS = (
    # en: pronouns, demonstratives, discourse markers, definite back-references
    r"these|those|they|they're|they’re|them|this|that|that's|that’s|it|it's|it’s|its|both|such|"
    r"here's|here’s|here is|here are|as you can see|as mentioned|as i said|as noted|like i said|"
    r"also|but|and|or|because|so|then|however|therefore|thus|hence|for example|for instance|"
    r"in fact|to be fair|well|plus|instead|still|otherwise|besides|that way|this way|the product|"
    r"the same|the other|the latter|the former|another one|which|first of all|second|secondly|lastly|"
    r"in other words|in layman's terms|in layman’s terms|again|the \(?slightly\)? longer answer|"
    # de
    r"diese|dieser|dieses|diesen|das|dabei|deshalb|daher|darum|außerdem|aber|auch|dazu|dafür|"
    r"sie|es|er|zum beispiel|dadurch|trotzdem|"
    # fr
    r"ce|cela|ça|ces|ceci|celui|celle|ils|elles|il|elle|mais|donc|aussi|en plus|par exemple|"
    r"c'est|c’est|d'ailleurs|d’ailleurs|ensuite|puis|enfin|"
    # es
    r"esto|estos|estas|este|esta|eso|esos|esas|ese|esa|pero|también|por eso|además|por ejemplo|"
    r"ellos|ellas|así|"
    # it
    r"questo|questa|questi|queste|quello|quella|ma|anche|inoltre|perciò|per esempio|quindi|"
    # vi
    r"điều này|những điều|vì vậy|nhưng|ngoài ra|nó|đó là|do đó|dưới đây|trên đây|khi đó|như vậy|"
    r"tuy nhiên"
)
_DANGLING = re.compile(rf"^(?:{_OPENERS})(?![\w’'-])", re.IGNORECASE)
#: "it" and "this" open many sentences that stand alone ("It is worth ...", "This routine ..."):
#: only these continuations of them point back
_SOFT = re.compile(
    r"^(?:it|this|es|das|il|elle|ce)\s+(?:is|was|also|too|helps|works|means|will|can|does|"
    r"ist|war|hilft|est|était|aide)\b",
    re.IGNORECASE,
)
_STANDALONE_STARTS = re.compile(
    r"^(?:it(?:'s|’s| is) (?:important|best|worth|essential|tempting|never|always|a good idea|"
    r"not|easy|hard|crucial|key|vital|possible|recommended|okay|ok|fine|normal|common|time|true)|"
    r"this (?:\w+-)?(?:step|routine|product|serum|cream|type|kind|is why)|"
    r"es ist (?:wichtig|ratsam|sinnvoll|besser)|das a und o|"
    r"c['’]est (?:important|essentiel|le moment)|il est (?:important|essentiel|conseillé|recommandé)|"
    r"esta (?:rutina)|este (?:paso)|es (?:importante|fundamental|necesario))",
    re.IGNORECASE,
)
_PAGE = re.compile(
    r"\b(?:above|below|pictured|in the (?:image|photo|picture|video)s?|see (?:the )?(?:image|photo|link)|"
    r"click|link in|here's one i use|oben|unten|im bild|ci-dessus|ci-dessous|arriba|abajo|sopra|sotto|"
    r"in foto|trong ảnh|hình dưới)\b",
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(
    r"\b(?:subscribe|newsletter|sign up|follow (?:me|us)|read more|click here|affiliate|"
    r"promo code|discount code|use code|sponsored|cookie|all rights reserved|share this|posted on|"
    r"photo credit|image credit|leave a comment|related posts?|you might also like|"
    r"abonnier|folge (?:mir|uns)|weiterlesen|mehr dazu|anzeige|werbung|"
    r"abonnez|suivez-(?:moi|nous)|lire aussi|lire la suite|"
    r"suscríbete|síguenos|sígueme|lee también|leer más|"
    r"iscriviti|seguici|seguimi|leggi anche|"
    r"đăng ký|theo dõi|xem thêm|đọc thêm)\b",
    re.IGNORECASE,
)
_FOLLOW = re.compile(
    r"\b(?:follow|subscribe|tag (?:us|me)|use (?:the |our )?hashtag|turn on notifications|"
    r"folge|folgt|abonnier|suivez|abonnez|sígue|síguenos|suscríb|seguici|seguimi|iscriviti|theo dõi|đăng ký)",
    re.IGNORECASE,
)
_BAD_COUNTS = re.compile(
    r"\b(?:all|alle|tutte le|todas las|toutes les|cả) 2\b|"
    r"\b(?:1|one) (?:posts|tips|cards|Tipps|Beiträge|Karten|conseils|publications|cartes|consejos|"
    r"publicaciones|tarjetas|consigli|schede)\b|"
    r"\b(?:the )?next \d+ posts\b",
    re.IGNORECASE,
)
_TIP_COUNT = re.compile(
    r"\b(\d+) (?:tips|posts|Tipps|Beiträge|conseils|publications|consejos|publicaciones|consigli|mẹo)\b",
    re.IGNORECASE,
)
_CARD_COUNT = re.compile(r"\b(\d+) (?:cards|Karten|cartes|tarjetas|schede|thẻ)\b", re.IGNORECASE)
_TWO_CARDS = re.compile(
    r"\b(?:both cards|beide Karten|les deux cartes|las dos tarjetas|entrambe le schede|cả hai thẻ)\b",
    re.IGNORECASE,
)
_LEADING = "\"'“‘«¿¡(*-–—•"


def _first_sentence_start(text: str) -> str:
    return " ".join(text.split()).lstrip(_LEADING)


_CONTINUES = re.compile(
    r"^[\w .’'-]{2,40}\b(?:continues|goes on|poursuit|fährt fort|continúa|prosegue)\b", re.IGNORECASE
)


def dangling(text: str) -> bool:
    """True when ``text`` opens by pointing at something said before it, or at the page."""
    start = _first_sentence_start(text)
    if _CONTINUES.match(start):
        return True
    if _STANDALONE_STARTS.match(start):
        return False
    m = _DANGLING.match(start)
    if m and m.group(0).lower() in ("it", "this", "es", "das", "il", "elle", "ce"):
        return bool(_SOFT.match(start))
    if m:
        return True
    first = re.split(r"(?<=[.!?])\s", start, maxsplit=1)[0]
    return bool(_PAGE.search(first))


def heading_only(text: str) -> bool:
    """A tip that is a heading or a fragment: no sentence in it, or only a lead-in ending in ':'."""
    flat = " ".join(text.split())
    if flat.endswith(":"):
        return True
    words = flat.split()
    return len(words) <= 12 and not re.search(r"[.!?…。！？]['\"’”»)]*$", flat)


def _hook_cut(post: Post, section: str | None, article: Article) -> str | None:
    first = post.caption.split("\n", 1)[0].strip()
    if not first:
        return "the caption starts with an empty line"
    if is_filler(first):
        return f"the hook is a filler: {first!r}"
    if is_whole_sentence(first) or first in (section, article.title):
        return None
    quote = " ".join(post.quote.split())
    if quote.startswith(first) and len(quote) > len(first):
        nxt = quote[len(first) :].lstrip()
        if nxt and (nxt[0].islower() or nxt[0].isdigit() or first.endswith((",", ";", "—", "-"))):
            return f"the hook stops mid-sentence: {first[-40:]!r}"
    return None


_CLAUSE_END = re.compile(r"[,;–—-]$")


def cut_card(slides: Sequence[str]) -> str | None:
    """The end of the first card that stops mid-sentence, or None when every card ends whole.

    Between two cards of a list (lines, one item each) a line in lower case is the next item,
    not the sentence going on, unless it only goes on from the one before ("as well as ...")."""
    for here, nxt in itertools.pairwise(slides):
        end = " ".join(here.split())
        start = nxt.lstrip(_LEADING)
        listed = "\n" in here.strip() and not trailing_fragment(start)
        if _CLAUSE_END.search(end) or (start[:1].islower() and not listed and not is_whole_sentence(end)):
            return end[-40:]
    return None


def post_flags(
    post: Post, article: Article, *, tip_count: int, section: str | None = None
) -> list[RubricFlag]:
    """Every rubric flag on one post of the series (``tip_count``: tip posts in the series)."""
    flags: list[RubricFlag] = []

    def flag(code: str, detail: str) -> None:
        flags.append(RubricFlag(code, post.id, detail))

    if post.kind is PostKind.TIP:
        # a list carousel (its lead-in alone on the first card, the items after) is not a heading
        list_carousel = len(post.slides) > 1 and post.slides[0].text.rstrip().endswith(":")
        if heading_only(post.quote) and not list_carousel:
            flag("heading_only", post.quote[:60])
        if dangling(post.quote):
            flag("dangling_start", post.quote[:60])
        cut = cut_card([slide.text for slide in post.slides])
        if cut:
            flag("card_cut", cut)
    if post.kind is not PostKind.COVER and _BOILERPLATE.search(post.quote):
        flag("boilerplate", _BOILERPLATE.search(post.quote).group(0))  # type: ignore[union-attr]
    if post.kind is not PostKind.CTA:
        cut = _hook_cut(post, section, article)
        if cut:
            flag("hook_cut", cut)
    if post.kind is PostKind.CTA and _FOLLOW.search(post.quote):
        flag("follow_cta", post.quote[:60])
    if post.kind is PostKind.COVER and _is_file_name(post.quote, article):
        flag("file_name_title", post.quote)
    bad = _BAD_COUNTS.search(post.caption)
    if bad:
        flag("count_grammar", bad.group(0))
    if post.kind is PostKind.COVER:
        for m in _TIP_COUNT.finditer(post.caption):
            if int(m.group(1)) != tip_count:
                flag("count_grammar", f"the cover promises {m.group(0)}; the series has {tip_count}")
    if post.kind is PostKind.TIP:
        for m in _CARD_COUNT.finditer(post.caption):
            if int(m.group(1)) != len(post.slides):
                flag("count_grammar", f"the caption says {m.group(0)}; the post has {len(post.slides)}")
        if _TWO_CARDS.search(post.caption) and len(post.slides) != 2:
            flag("count_grammar", f"the caption says both cards; the post has {len(post.slides)}")
    return flags


def series_flags(
    posts: Sequence[Post], article: Article, sections: Mapping[str, str | None] | None = None
) -> dict[str, list[RubricFlag]]:
    """The rubric flags of every post (post id -> flags, empty list when clean)."""
    tips = sum(p.kind is PostKind.TIP for p in posts)
    secs = sections or {}
    return {p.id: post_flags(p, article, tip_count=tips, section=secs.get(p.id)) for p in posts}
