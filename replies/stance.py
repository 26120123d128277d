"""Stance: does the reader recommend, merely mention, or dislike each gadget they name?

Cue phrases near the mention decide (same clause first, then clauses naming no other gadget).
Negation flips a cue within its clause ("wouldn't recommend", "not worth it", "not bad");
questions, plans and wishes only mention ("is the Foreo worth it?", "want to try"); after "but"
the later clause decides ("it broke once, but I still love it"); sarcasm markers ("oh sure",
"yeah right") turn praise into a dislike; in a comparison the loser of "X beats Y", "better
than Y", "prefer X over Y" is disliked. A verdict reported from someone else ("my sister swears
by it", "reviewers rave") is kept but marked as relayed, so counts can tell them apart. Each
verdict carries the cue that decided it, for exports and for anyone checking a count.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from typing import NamedTuple, Protocol

from tipqueue.posts.models import Stance


class Span(Protocol):
    """Where a gadget was found, in characters of the folded text, and which gadget it is."""

    @property
    def char_start(self) -> int: ...
    @property
    def char_end(self) -> int: ...
    @property
    def gadget(self) -> int: ...


class Verdict(NamedTuple):
    stance: Stance
    cue: str = ""
    relayed: bool = False


_NONE = Verdict(Stance.MENTIONS)

_POSITIVE = """
love|loved|loving|luv|obsessed|obsessed with|swear by|swears by|recommend|recommended|recommending
highly recommend|can't recommend enough|cant recommend enough|can't recommend it enough
can't say enough good things|the best|favorite|favourite|favorito|favorita|fave|fav|faves
amazing|awesome|incredible|fantastic|wonderful|excellent|brilliant|perfect|game changer|great|good
nice|super|fan|better|yes|daily|every day|everyday|every night|every morning|best
game-changer|gamechanger|holy grail|hg|must have|must-have|can't live without|cant live without
cannot live without|couldn't live without|wouldn't be without|couldn't be without|can't be without
worth it|worth every penny|worth the money|worth the hype|worth the price|worth the splurge
works|worked|it works|they work|does work|do work|really works|actually works|works wonders
glow up|glowing skin|made a difference|makes a difference|see a difference|saw a difference
noticed a difference|could see a difference|a difference|happy with|impressed|lifesaver|life saver
life changing|life-changing|changed my|saved my|helped|helps|effective|godsend|saving grace
10/10|100/10|11/10|goat|top notch|my go to|my go-to|go-to|ride or die|hands down the best
religiously|still use|still using|still going strong|never without|staple|big fan|huge fan
winner|legit|slaps|chef's kiss|underrated|so good|really good|never looked better|no regrets
couldn't be happier|can't stop using|cant stop using|never looked back|nothing beats|nothing compares
nothing works like|never leaves my|addicted to|thank me later|best purchase|best thing|all i need
miss it|miss mine|soothing|relaxing|satisfying|easy to use|lifted|tighter|firmer|smoother|clearer
brighter|glowy|plumper|cleaner|glowing|difference|results|tightening|trusty|get this|easy|unbelievably easy
nuts about|helping|i like|i really like|i liked|the only one with|cute|gentle|handy|come in handy
leader of the pack|prefer|prefiero|preferisco|prefere|aiment|aime|vantent les merites|vanter les merites|embellir|raffermir|differenze|regenerative|believer|a believer|so hooked|hooked|converted|convert|thrilled
loving it|enjoyed|really enjoyed|so glad|glad i|love my|love this|essential part|essential
everybody needs|everyone needs|you will see|worth|superior|brilliant tool|truly transforms
true blessing|blessing|baby soft|a dream|like a dream|so relaxing|hypnotized|smart|nice luxury
significant improvement|improvement|results outweigh|outweigh|did the trick|does the trick
me encanta|encanta|lo amo|la amo|los amo|recomiendo|lo recomiendo|la recomiendo|increible|lo mejor
maravilla|maravilloso|genial|el mejor|la mejor|cómprate|comprate|j'adore|adore|j'affectionne
affectionne|je recommande|recommande|incroyable|c'est top|au top|parfait|indispensable|bons outils
repulpe|liebe|ich liebe|empfehle|empfehlenswert|toll|klasse|ihr geld wert|geld wert|effektiver
adoro|consiglio|consigliatissimo|consigliate|fantastico|amo|recomendo|perfeito|maravilhoso|ottimo
bellissimo|differenza|risultati|irrinunciabile|10 e lode|lode|risolto|효과가 있|확실히 달라|좋아졌|밝아진|푹 빠졌|매일 쓰고
効果あると思|効果がある|おすすめ
enjoyable|therapeutic|pleasant|comfortable|convenient|impressive|worthwhile|lovely|fabulous|terrific
superb|outstanding|reliable|well-made|well made|beautifully designed|user-friendly|user friendly
noticeable difference|visible results|radiant|boosted|transformed|significant improvement|bang for your buck
been shown|clinically proven|proven to|a must|a keeper|keeper|recommendable|do recommend|definitely recommend
angenehm|begeistert|zufrieden|lohnt sich|empfehlen|empfehle ich|super|wirksam|effektiv
genial|efficace|ravie|ravi|satisfaite|satisfait|je conseille|conseille|agreable|pratique|bluffant
encantada|encantado|efectivo|eficaz|vale la pena|merece la pena|recomendable|comodo|me gusta|me gustó
efficace|soddisfatta|soddisfatto|vale la pena|piacevole|utile|comodissimo|mi piace|ne vale la pena|vantaggioso|vantaggiosa|vantaggiose|vantaggiosi|vorteilhaft|avantageux|ventajoso|ventajosa
良かった|よかった|満足|気に入|オススメ|お気に入り|効果を感じ|効果を実感|実感|最高|優秀|手放せない|愛用|スッキリ|ハリが出|違う
좋아요|좋았|만족|추천|강추|효과를 봤|효과 봤|효과 있|효과가 있|촉촉|맑아졌|탱탱|쫀쫀|최고|대박|잘 쓰고|꾸준히 쓰|좋더라
😍|🥰|❤|💕|💖|💗|🙌|👍|🔥|✨|🤩|👏|😊|💯|💜|🫶
"""

_NEGATIVE = """
returned|return it|returning|returned mine|returned it|sent it back|sent back|refund|refunded|hate
hated|hates|hating|useless|waste|waste of money|waste of time|wasted|didn't work|doesn't work|disappoint|disappoints
did not work|does not work|don't work|didnt work|doesnt work|dont work|did nothing|does nothing
doesn't do anything|didn't do anything|didn't do much|doesn't do much|don't do much|nothing special
broke|broken|stopped working|died|dead|broke me out|flare-up|flare up|irritated|irritation
irritating|burned|burnt|burns|rash|regret|regretted|disappointed|disappointing|disappointment
overrated|overhyped|over hyped|not worth|meh|gimmick|gimmicky|stopped using|gave up|in the drawer
in a drawer|in my drawer|collecting dust|gathering dust|covered in dust|graveyard|don't bother
dont bother|avoid|scam|rip off|ripoff|junk|garbage|trash|worst|terrible|awful|horrible|sucks|sucked
nothing|use none|never again|not impressed|no difference|no results|zero results|no visible change|sold it|sold mine
threw it out|threw it away|throw the thing out|threw the thing out|tossed it|donated it|nope
painful|hurt|hurts|too harsh|too weak|underwhelming|underwhelmed|pointless|bad|not for me
did not like|didn't like|didnt like|gave me breakouts|never use|would never use|too expensive
overpriced|headache|oh sure|yeah right|will fix my|thanks for nothing|tiring|incur costs|over-exfoliate|over exfoliate|complaining|complaints|discontinue|pain in the ass|pain in the butt|never charged
never could keep it up|couldn't keep it up|awkward|tedious|a faff|faff|don't stack up|doesn't stack up
chilling|cheaper washing machine|not cheap|bleak|breeding ground|torture|skin torture|disaster
don't waste|hickey|bruise|bruising|damage|damaging|dislike|don't need|no need|shortcomings
catastrophic|off-putting|marketing hype|not necessarily|less than enthused|problem|sad to see
no funciona|no sirve|lo devolvi|devolvi|decepcion|decepcionada|decepcionado|malisimo|evitar
no son imprescindibles|nul|nulle|decu|decue|deception|renvoye|arnaque|traumatisant|boutons
enttauscht|zuruckgeschickt|schrott|nutzlos|schnickschnack|ohne schnickschnack|deludente|delusa
inutile|inutili|costose|pessimo|nao funciona|horrivel|사기|돈 버렸|효과는 없는|못하고|효과가 떨어|미미
거의 이용 안|得られません|ニセモノ|オブジェ|面倒
hassle|a hassle|annoying|uncomfortable|harsh|scratchy|sore|flimsy|cheaply made|noisy|too loud|bulky|fiddly
messy|mediocre|lackluster|lacklustre|ineffective|unimpressive|worthless|broke out|breakouts|stung|stings
pain in the neck|a pain|a chore|not worth the|same effect as|same results as|no better than|not any better
schade|unangenehm|nervig|umstandlich|bringt nichts|nicht zufrieden|enttauschend|teuer|wirkungslos
decevant|decevante|desagreable|ca ne sert a rien|ne sert a rien|sans effet|aucun effet|aucun resultat
decepcionante|no vale la pena|inutil|incomodo|sin resultados|no noto nada|no note nada
scomodo|non funziona|spreco|nessun risultato|nessun effetto|non vale la pena|fastidioso
効果なし|効果がない|効果ない|感じられない|残念|後悔|微妙|痛い|肌荒れ|使わなくなった|しんどい|シンドい|イマイチ|いまいち|劇的な効果は得られ
효과가 없|효과 없|별로|실망|후회|안 써|안 쓰|귀찮|불편|아쉽|아쉬|못 느끼|못 느꼈|부작용|따가|트러블|안 좋
👎|😡|🤮|😒|🙄|💩|😤
"""

# Intentions and questions: the reader has not used it (yet), whatever the other words say.
_INTENT = """
want to try|wanna try|want one|want to buy|wanting to try|thinking about|thinking of|considering
wishlist|wish list|on my list|saving up|eyeing|curious about|has anyone|have any of you|anyone tried
anyone use|anyone used|anyone here|does anyone|should i|is it worth|are they worth|which is better
debating|haven't tried|havent tried|never tried|not tried|looking into|planning to|i'm curious
would like to try|would love to try|would love to get|on the fence|thoughts on|opinions on
any thoughts|can someone|explain this|tell me more|i've wanted one|wanted one|i had to try
i had to find out|decided to give it a go|decided to try|going to try|gonna try|i'll keep you posted
keep you posted|we'll see|needed to try|need to try|brand recommends|company recommends
manufacturer recommends|it is recommended|recommended to use|perfect excuse|quiero probar|j'aimerais essayer|vorrei provare|気になり
promising|promises|promise to|claims to|claim to|claimed to|supposed to|is said to|are said to|marketed as
advertised as|touted as|verspricht|versprechen|soll|sollen|promet|promettent|cense|censee|promete|prometen
supuestamente|promette|promettono|と言われ|とされ|다고 한다|알려져
"""

#: Words that mark the verdict in their sentence as somebody else's ("my sister swears by it").
_RELAY = re.compile(
    r"\b(?:(?:my|her|his|our) (?:sister|mom|mum|mother|dad|friend|friends|husband|wife|bf|gf|boyfriend|"
    r"girlfriend|partner|daughter|son|aunt|colleague|coworker|coworkers|derm|dermatologist|facialist|"
    r"esthetician)|people|everyone|everybody|celebrities|celebrity|influencers|reviewers|reviews|"
    r"customers?|users?|fans|coworkers|a user|one customer|another|someone|others|numerous other women|"
    r"doctors|dermatologists?|experts?|she|he|they said|heard|raves?|according to|"
    r"les gens|les amatrices|internautes|la gente|tutti|alle|celebridades|celebridades|influencers|"
    r"엄마|아빠|민가든|크리에이터|dr\.? [a-z]+|[a-z]+ said)\b"
)
#: Markers of sarcasm: praise in their sentence is read as its opposite.
_SARCASM = re.compile(
    r"(?:\boh sure\b|\byeah right\b|\bsure,? (?:a|that|because)\b|\bbecause that'?s (?:gonna|going to)\b|"
    r"^\s*as if\b|/s\b|\bwhat a (?:joke|scam)\b|\bthanks for nothing\b|\bgreat,? (?:another|just)\b|"
    r"will fix (?:my|your|all)\b|\bmagic(?:al)? cure\b|\blol sure\b)"
)
#: "X beats Y", "better than Y", "prefer X over Y": the gadget after the marker loses.
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|i've|i'd|me|my|je|j'|moi|ich|mir|yo|io|mi)\b")
_LOSER = re.compile(r"\b(?:beats|better than|over|rather than|instead of|more than|superior to|que en)\b")
_PREFER = re.compile(r"\b(?:prefer|prefiero|preferisco|préfère|prefere|beats|better|best)\b")


def _phrases(block: str) -> list[str]:
    return [p.strip() for line in block.splitlines() for p in line.split("|") if p.strip()]


_POLARITY: dict[str, int] = {
    **{p: 1 for p in _phrases(_POSITIVE)},
    **{p: -1 for p in _phrases(_NEGATIVE)},
    **{p: 0 for p in _phrases(_INTENT)},
}
_CUE_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)*")


def _cue_index() -> tuple[dict[str, list[tuple[tuple[str, ...], int]]], re.Pattern[str]]:
    """Word cues by their first word (longest phrase first), and one pattern for the others (emoji,
    Japanese and Korean phrases: scripts without ASCII words, found as substrings)."""
    index: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    emoji: list[str] = []
    for phrase, polarity in _POLARITY.items():
        words = tuple(_CUE_WORD.findall(phrase))
        if not words:
            emoji.append(phrase)
            continue
        index.setdefault(words[0], []).append((words[1:], polarity))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[0]))
    emoji.sort(key=len, reverse=True)
    return index, re.compile("|".join(re.escape(e) for e in emoji))


# Longest phrase first at each word, so "nothing beats" wins over "nothing".
_CUE_INDEX, _EMOJI_CUES = _cue_index()
# The same, also under each first word's plural ("loves", "recommends"), unless that is a cue itself.
_CUE_FIRST = {**{word + "s": entries for word, entries in _CUE_INDEX.items()}, **_CUE_INDEX}

_NEGATORS = frozenset(
    [
        "not",
        "no",
        "never",
        "don't",
        "dont",
        "didn't",
        "didnt",
        "doesn't",
        "doesnt",
        "isn't",
        "isnt",
        "wasn't",
        "wasnt",
        "won't",
        "wont",
        "wouldn't",
        "wouldnt",
        "can't",
        "cant",
        "couldn't",
        "couldnt",
        "hardly",
        "barely",
        "nothing",
        "nobody",
        "nor",
        "aren't",
        "arent",
        "haven't",
        "havent",
        "hasn't",
        "hasnt",
        "zero",
        "ni",
        "nunca",
        "jamais",
        "pas",
        "nicht",
        "kein",
        "keine",
        "non",
        "nao",
        "nie",
        "nessuna",
        "nessun",
        "niente",
        "nada",
        "rien",
        "aucun",
        "aucune",
    ]
)
_POST_NEGATORS = frozenset({"pas", "nicht", "nie", "kein", "keine"})
#: What follows a Korean or Japanese verb to negate it, within a few characters of the cue.
_CJK_NEGATED = re.compile(
    r"[^.!?。！？\n]{0,6}?(?:지 ?않|지 ?못|진 ?않|지는 ?않|없|아니|모르겠|ない|なかった|ません|ず[、。]|にくい|なく)"
)
#: Punctuation between words that ends the reach of a negator.
_CLAUSE_STOP = re.compile(r"[,;.!?]")
_WORD = re.compile(r"[a-z0-9']+")

# Sentence ends: . ! ? not after an abbreviation like "Dr." and followed by space or the end.
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n+")
_ABBREVIATION = re.compile(r"(?:^|[^a-z])(?:dr|mr|mrs|ms|vs|st|[a-z]\.[a-z])$")
_PUNCT_BREAK = re.compile(r"[,;:()\[\]]|\s[-–—]+\s")
_CONTRAST_WORDS = frozenset(
    [
        "but",
        "though",
        "although",
        "however",
        "whereas",
        "except",
        "unlike",
        "yet",
        "pero",
        "mais",
        "aber",
        "ma",
    ]
)
#: Words that start a new clause: contrasts, and comparisons ("X is better than Y").
_BREAK_WORDS = _CONTRAST_WORDS | frozenset(
    ["while", "than", "instead", "rather", "alternative", "compared", "vs", "versus"]
)


#: Things praise or blame is often aimed at instead of the device ("my favorite YouTube channel
#: for gua sha tips", "we adore our shared Sonicare"): a cue followed closely by one of these,
#: with no device named in between, says nothing about the device.
_OTHER_OBJECTS = frozenset(
    [
        "channel",
        "channels",
        "video",
        "videos",
        "youtube",
        "post",
        "posts",
        "article",
        "blog",
        "tips",
        "tip",
        "tutorial",
        "tutorials",
        "serum",
        "serums",
        "cream",
        "creams",
        "moisturizer",
        "moisturiser",
        "moisturizers",
        "cleanser",
        "cleansers",
        "sunscreen",
        "spf",
        "oil",
        "oils",
        "essence",
        "lotion",
        "shop",
        "store",
        "seller",
        "service",
        "packaging",
        "sale",
        "deal",
        "discount",
        "code",
        "app",
        "podcast",
        "book",
        "show",
        "movie",
        "song",
        "husband",
        "wife",
        "boyfriend",
        "girlfriend",
        "dog",
        "cat",
        "coffee",
        "wine",
        "toothbrush",
        "sonicare",
        "dentist",
        "dermatologist",
        "esthetician",
        "facialist",
        "influencer",
        "account",
        "page",
        "website",
    ]
)
#: Words that open a concession: in "although it was tedious the results outweigh this" the
#: later cue is the verdict.
_CONCESSIVE = (
    "although ",
    "though ",
    "even though ",
    "even if ",
    "obwohl ",
    "aunque ",
    "bien que ",
    "sebbene ",
    "anche se ",
    "quoique ",
)
#: Both sides reported ("some swear by it, others call it a waste"): the reader takes neither.
_TWO_SIDED = re.compile(
    r"\b(?:some (?:people )?(?:say|swear|love|think|find|claim)|others (?:say|find|hate|think|call|claim)|"
    r"while others|mixed reviews|e chi|y quienes?|et d'autres|die einen|les uns|unos dicen|divided)\b"
)
#: A question opened by one of these with a complaint in it is a complaint ("why did it break?").
_WHY = ("why ", "but why", "warum ", "pourquoi ", "por que ", "perche ")


class _Cue(NamedTuple):
    start: int
    end: int
    polarity: int  # +1 recommends, -1 dislikes, 0 intent (only mentions)


# --- stance ----------------------------------------------------------------------------------


def _same(word: str, cue: str) -> bool:
    return word == cue or (word.endswith("s") and word[:-1] == cue)


def _negated(low: str, words: Sequence[tuple[str, int, int]], first: int, last: int) -> bool:
    """Whether a negator stands within four words before the cue (same clause), or a French or
    German one within two words after it ("je ne recommande pas")."""
    for j in range(first - 1, max(-1, first - 5), -1):
        gap = low[words[j][2] : words[j + 1][1]]
        if gap != " " and _CLAUSE_STOP.search(gap):
            break
        if words[j][0] in _NEGATORS:
            # "not just", "wasn't only", "not only": the clause adds, it does not negate
            return words[j + 1][0] not in ("just", "only", "merely")
    return not _POST_NEGATORS.isdisjoint([w[0] for w in words[last + 1 : last + 3]])


def _find_cues(low: str, words: Sequence[tuple[str, int, int]]) -> list[_Cue]:
    cues: list[_Cue] = []
    count = len(words)
    index = _CUE_FIRST
    following = 0  # the first word not taken by a cue found already
    for i in [n for n, w in enumerate(words) if w[0] in index]:
        if i < following:
            continue
        following = i + 1
        after = words[i + 1][0] if i + 1 < count else ""
        after_singular = after[:-1] if after.endswith("s") else after
        for rest, polarity in index[words[i][0]]:
            size = len(rest)
            if size and (
                i + size >= count
                or (after != rest[0] and after_singular != rest[0])  # _same() of the next word
                or (size > 1 and not all(_same(words[i + 1 + k][0], rest[k]) for k in range(1, size)))
            ):
                continue
            if polarity and _negated(low, words, i, i + size):
                polarity = -polarity
            cues.append(_Cue(words[i][1], words[i + size][2], polarity))
            following = i + size + 1
            break
    if _EMOJI_CUES.search(low):
        starts = [w[1] for w in words]
        for match in _EMOJI_CUES.finditer(low):
            polarity = _POLARITY[match.group()]
            position = bisect_right(starts, match.start())  # words before the emoji
            if position and _negated(
                low, [*words[:position], ("", match.start(), match.end())], position, position
            ):
                polarity = -polarity
            end = match.end()
            if polarity > 0 and (negation := _CJK_NEGATED.match(low, end)):
                # Korean and Japanese negate after the verb: 효과가 있지 않다, 効果を感じられない
                polarity, end = -polarity, negation.end()
            cues.append(_Cue(match.start(), end, polarity))
        cues.sort()
    return cues


def _aimed_elsewhere(
    low: str, words: Sequence[tuple[str, int, int]], cue: _Cue, hits: Sequence[Span]
) -> bool:
    """Whether the cue is followed, within three words of its clause, by something other than a
    device ("my favorite YouTube channel") with no device named in between."""
    first = bisect_right([w[1] for w in words], cue.end - 1)
    for word, start, end in words[first : first + 3]:
        if _CLAUSE_STOP.search(low, cue.end, start):
            return False
        if any(cue.end <= h.char_start < end for h in hits):
            return False
        if word in _OTHER_OBJECTS or (word.endswith("s") and word[:-1] in _OTHER_OBJECTS):
            return True
    return False


def _verdict(cues: Sequence[_Cue]) -> tuple[Stance, _Cue] | None:
    """The stance the cues add up to, and the cue that decided it."""
    if not cues:
        return None
    pos = 0
    for cue in cues:
        if cue.polarity == 0:  # a question or an intention: the reader has not used it
            return Stance.MENTIONS, cue
        if cue.polarity > 0:
            pos += 1
    neg = len(cues) - pos
    winner = (1 if cues[-1].polarity > 0 else -1) if pos == neg else 1 if pos > neg else -1
    deciding = [c for c in cues if c.polarity == winner][-1]
    return (Stance.RECOMMENDS if winner > 0 else Stance.DISLIKES), deciding


def stances(low: str, hits: Sequence[Span]) -> list[Verdict]:
    """One verdict per hit (in order) for the folded text ``low``."""
    words = [(m.group(), m.start(), m.end()) for m in _CUE_WORD.finditer(low)]
    cues = [
        c
        for c in _find_cues(low, words)
        if not any(h.char_start <= c.start and c.end <= h.char_end for h in hits)  # "Doux Good"
        and not _aimed_elsewhere(low, words, c, hits)
    ]
    if not cues:  # nothing says what the reader thinks: every gadget is only mentioned
        return [_NONE] * len(hits)
    # Sentences and clauses as sorted start positions; a position's clause is found by bisection.
    sentence_starts = [0]
    questions: set[int] = set()
    clause_starts = [0]
    contrast_at: set[int] = set()  # clause starts that are a contrast word ("but ...")
    for match in _SENTENCE_END.finditer(low):
        mark = match.group()
        if mark[0] == "." and _ABBREVIATION.search(low, max(0, match.start() - 4), match.start()):
            continue
        if "?" in mark:
            questions.add(len(sentence_starts) - 1)
        end = match.end()
        sentence_starts.append(end)
        clause_starts.append(end)
    clause_starts.extend([match.end() for match in _PUNCT_BREAK.finditer(low)])
    for word, start, _ in [w for w in words if w[0] in _BREAK_WORDS]:
        clause_starts.append(start)
        if word in _CONTRAST_WORDS:
            contrast_at.add(start)
    clause_starts = sorted(set(clause_starts))
    clause_sentence = [bisect_right(sentence_starts, c) - 1 for c in clause_starts]
    cue_segment = [bisect_right(clause_starts, c.start) - 1 for c in cues]
    hit_segment = [bisect_right(clause_starts, h.char_start) - 1 for h in hits]
    complaints = {  # questions that complain: "why did you have to disappoint me?"
        n for n in questions if low[sentence_starts[n] : sentence_starts[n] + 12].lstrip().startswith(_WHY)
    }
    usable = [
        clause_sentence[cs] not in questions or (clause_sentence[cs] in complaints and cue.polarity < 0)
        for cs, cue in zip(cue_segment, cues, strict=True)
    ]
    by_segment: dict[int, list[int]] = {}
    for number, seg in enumerate(hit_segment):
        by_segment.setdefault(seg, []).append(number)

    def next_clause(seg: int) -> int | None:
        """The next clause with words in it, in the same sentence, if it starts with a contrast."""
        for k in range(seg + 1, len(clause_starts)):
            end = clause_starts[k + 1] if k + 1 < len(clause_starts) else len(low)
            if clause_sentence[k] != clause_sentence[seg]:
                return None
            if low[clause_starts[k] : end].strip():
                return k if clause_starts[k] in contrast_at else None
        return None

    own: list[list[_Cue]] = [[] for _ in hits]
    for ci, (cue, seg) in enumerate(zip(cues, cue_segment, strict=True)):
        if not usable[ci] and cue.polarity != 0:
            continue
        members = by_segment.get(seg)
        if not members:
            continue
        if (
            len(members) == 1
            or len({c.polarity for c2, c in zip(cue_segment, cues, strict=True) if c2 == seg}) == 1
        ):
            for m in members:
                own[m].append(cue)
            continue

        # mixed feelings about several gadgets in one clause: the cue goes to the nearest one,
        # a following mention winning ties ("love my X and hate my Y").
        def distance(m: int, cue: _Cue = cue) -> tuple[int, int]:
            h = hits[m]
            if cue.end <= h.char_start:
                return (h.char_start - cue.end, 0)
            if cue.start >= h.char_end:
                return (cue.start - h.char_end, 1)
            return (0, 0)

        own[min(members, key=distance)].append(cue)

    orphans = [
        (ci, cue)
        for ci, cue in enumerate(cues)
        if cue_segment[ci] not in by_segment and (usable[ci] or cue.polarity == 0)
    ]
    distinct = {h.gadget for h in hits}
    maybe_sarcastic = _SARCASM.search(low) is not None
    comparing = _PREFER.search(low) is not None
    maybe_relayed = _RELAY.search(low) is not None
    result: list[Verdict] = []
    for number, hit in enumerate(hits):
        seg = hit_segment[number]
        mine = own[number]
        if len({c.polarity for c in mine}) > 1 and 0 not in {c.polarity for c in mine}:
            if low[clause_starts[seg] :].lstrip().startswith(_CONCESSIVE):
                mine = [mine[-1]]  # "although it was tedious the results outweigh this"
            else:  # mixed feelings in one clause: the cue nearest the mention speaks of it
                where = hit.char_start
                mine = [min(mine, key=lambda c: abs(c.start - where))]
        verdict = _verdict(mine)
        # "My Foreo broke once, but I still love it": the contrast clause after is the conclusion.
        after = next_clause(seg)
        following = [] if after is None else [cue for ci, cue in orphans if cue_segment[ci] == after]
        later = _verdict(following)
        if later is not None and (verdict is None or verdict[0] is not later[0]):
            verdict = later
        if verdict is None:
            sentence = clause_sentence[seg]
            others_here = {
                hits[m].gadget for s, ms in by_segment.items() if clause_sentence[s] == sentence for m in ms
            }
            if others_here <= {hit.gadget}:
                verdict = _verdict([c for ci, c in orphans if clause_sentence[cue_segment[ci]] == sentence])
        if verdict is None:
            lonely = [h for m, h in enumerate(hits) if not own[m]]
            if len(distinct) == 1 or len(lonely) == len(hits):
                verdict = _verdict([c for _, c in orphans])
        if verdict is None:
            result.append(_NONE)
            continue
        stance, cue = verdict
        sentence = bisect_right(sentence_starts, hit.char_start) - 1
        s_start = sentence_starts[sentence]
        s_end = sentence_starts[sentence + 1] if sentence + 1 < len(sentence_starts) else len(low)
        text = low[s_start:s_end]
        if (two_sided := _TWO_SIDED.search(text)) and {
            c.polarity for c in cues if s_start <= c.start < s_end
        } >= {1, -1}:
            result.append(Verdict(Stance.MENTIONS, two_sided.group()))
            continue
        cue_text = low[cue.start : cue.end]
        sarcasm = _SARCASM.search(text) if stance is Stance.RECOMMENDS and maybe_sarcastic else None
        loser = _LOSER.search(low, s_start, hit.char_start) if comparing else None
        if sarcasm:
            stance, cue_text = Stance.DISLIKES, sarcasm.group() + " / " + cue_text
        elif loser and _PREFER.search(low, s_start, loser.start()):
            stance, cue_text = Stance.DISLIKES, low[s_start : loser.end()].split()[-1]
        relayed = False
        if stance is not Stance.MENTIONS and maybe_relayed:
            marker = _RELAY.search(low, s_start, max(cue.start, hit.char_start, s_start + 1))
            if marker is None:
                marker = _RELAY.search(low, s_start, s_end)
            relayed = (
                marker is not None
                and not _FIRST_PERSON.search(low[marker.end() : cue.start])
                and not _FIRST_PERSON.search(low[max(marker.end(), cue.start - 12) : cue.start])
            )
        result.append(Verdict(stance, cue_text, relayed))
    return result
