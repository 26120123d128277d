"""Whose verdict is it? A verdict reported from someone else ("my sister swears by it",
"reviewers rave", "affirme Adèle") is kept but marked as relayed, so counts can tell them apart.

A sentence's relay words (people, reporting verbs, consumer tests) mark its verdict as someone
else's unless the reader speaks in between ("my sister gave me one and I love it"); an
endorsing verb with someone else as its subject relays ("Oprah recommended it"); praise that is
the public's by its own words ("hailed by many", "les louanges") relays unless the reader puts
themself in; a first person inside a quotation is the quoted speaker's when the relay words stand
outside it ("'I'm loving it,' raves one customer"); and a contrast between the relay words and the
verdict ends their reach ("once everyone's favourite, but it turns out it is not a good idea").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from tipqueue.replies.lexicon import trie_pattern
from tipqueue.replies.stance_words import _CLAUSE_STOP

#: Verdicts that by their own words are the public's ("hailed by many", "fait craquer les
#: beautystas", "les louanges", "ganan seguidoras"): relayed unless the reader puts themself in.
_CROWD_WORDS = """hailed hailed_as acclaimed lauded praised championed championing endorsed endorses
    endorsing popularized popularised sworn_by gelobt hochgelobt gefeiert fait_craquer louanges eloges
    dithyrambiques ne_tarissent_pas_d'eloges s'est_impose salue saluee encense encensee acclame
    acclamee ne_s'en_passent_plus ne_peuvent_plus_s'en_passer elogiado elogiada aclamado aclamada
    alabado alabada popularizado popularizada respaldando respaldan respalda respaldado ganan_seguidoras
    ganan_adeptos gana_adeptos arrasa triunfa elogiato elogiata acclamato acclamata osannato osannata
    perorato perorare perorano spopola promosso promossa promossi promoted promu promue"""
_CROWD = frozenset(w.replace("_", " ") for w in _CROWD_WORDS.split())
#: Verbs of reporting, readers and consumer tests: the magazine, test or quoted reader relays the
#: verdict ("affirme Adèle", "Altroconsumo sconsiglia"). One trie-shaped group: each letter is
#: tested once, however long the list grows.
_REPORTING = (
    "says claims told explains tester testers affirme ajoute explique raconte temoigne assure selon "
    "d'apres lectrice lectrices lecteur lecteurs internaute laut berichtet erzahlt meint testerinnen "
    "segun afirma asegura cuenta comenta explica lectora lectoras secondo afferma racconta spiega "
    "sostiene lettrici lettrice lettori altroconsumo testate consumatori konsument oko-test ktip ktipp "
    "ocu stiftung_warentest im_test que_choisir 60_millions "
    # the same verbs in the past, and verbs of warning and naming
    "reported reports reportedly commented noted warns warned cautions points_out pointed_out "
    "called_it calls_it calls_them called_them dubbed comento dijo afirmo aseguro explico senala senalo subraya subrayo destaca "
    "destaco advierte advirtio advirtiendo recalca a_declare declare souligne avertit previent rapporte "
    "temoignages ha_detto dichiara ha_dichiarato sottolinea avverte riferisce segnalazioni testimonianze "
    "sagte erklarte erklart betont betonte warnt warnte nannte nennt bezeichnet bezeichnete berichte "
    # stars, clients and colleagues a verdict is attributed to
    "stars_like celebs famous_fans clients one_client les_blogueurs blogueuses une_cliente "
    "les_clientes una_cliente clientas companera companero collega colleghe kolleginnen redaktion"
)
#: Words that mark the verdict in their sentence as somebody else's ("my sister swears by it").
_RELAY = re.compile(
    r"\b(?:(?:my|her|his|our) (?:sister|mom|mum|mother|dad|friend|friends|husband|wife|bf|gf|boyfriend|"
    r"girlfriend|partner|daughter|son|aunt|colleague|coworker|coworkers|derm|dermatologist|facialist|"
    r"esthetician)|people|everyone|everybody|celebrities|celebrity|influencers|reviewers|reviews|"
    r"customers?|users?|fans|coworkers|a user|one customer|another|someone|others|numerous other women|"
    r"bloggers|blogger|"
    r"doctors|dermatologists?|experts?|she|he|they said|heard|raves?|according to|"
    r"dermatologa|dermatologo|dermatologas|dermatologos|dermatologue|dermatologues|dermatologin|dermatologe|dermatologen|dermatolog|dermatologi|les gens|gens|certaines personnes|algunas personas|alcune persone|une amie|un ami|une copine|a friend|eine freundin|una amiga|un\'amica|les amatrices|internautes|la gente|tutti|alle|celebridades|celebridades|influencers|"
    r"dr\.? [a-z]+|[a-z]+ said|"
    # the same in German, French, Spanish and Italian
    r"(?:meine|meiner) (?:mutter|mama|schwester|freundin|kollegin|hautarztin|kosmetikerin)|"
    r"(?:mein|meinem) (?:freund|mann|hautarzt)|(?:ihre|ihrer|seine|seiner) (?:mutter|mama|schwester|freundin)|jemand|viele|leute|nutzer|nutzerinnen|kundinnen|promis|"
    r"bewertungen|rezensionen|(?:ma|mon) (?:mere|maman|soeur|amie|copine|mari|dermato|dermatologue|"
    r"estheticienne)|quelqu'un|utilisatrices|utilisateurs|les avis|celebrites|influenceuses|"
    r"(?:mi|mis) (?:madre|mama|hermana|amiga|amigas|marido|dermatologa|dermatologo)|alguien|"
    r"usuarias|usuarios|resenas|famosas|famosos|(?:mia|mio) (?:madre|mamma|sorella|amica|marito)|"
    r"qualcuno|molte|molti|tutte(?! noi)|utenti|recensioni|famose|modella|modelle|attrice|attrici|actrices|acteurs|"
    r"actores|personnalites|schauspielerin|schauspielerinnen|testimonials|sagt|sagen|dit|disent|dice|dicen|dicono|"
    + trie_pattern(word.replace("_", " ") for word in _REPORTING.split())
    + r")\b"
)
#: The same in Japanese and Korean (no word boundaries there), looked for only in their scripts.
_RELAY_CJK = re.compile(
    r"엄마|아빠|언니|친구|동생|연예인|셀럽|인플루언서|사용자|민가든|크리에이터|가수|배우|밝혔|공개했"
    r"|다며|라며|고 말했|라고 했|다고 했|\"고 했|고 전했|회원|누리꾼|네티즌|이용자|씨는|씨\(|그는|그녀는|설명했|강조했|조언했|지적했"
    r"|母|姉|妹|友達|友人|芸能人|セレブ|インフルエンサー|ユーザー|口コミ|らしい|だそう|だとか|とのこと|という意見|という声"
)
_RELAY_CJK_CHARS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
#: "I'm one of those people who ...": the reader counts themself in, the verdict is theirs.
_ONE_OF = re.compile(r"\bone of (?:those|the|these|many|them)\s*$")
#: Verbs of endorsing whose subject is the one who endorses ("Oprah recommended it").
_ENDORSING = frozenset(
    [
        "recommended",
        "recommends",
        "recommending",
        "swears",
        "swear",
        "swore",
        "raves",
        "raved",
        "raving",
        "gaga",
        "loves",
        "swearing",
        "empfiehlt",
        "empfahl",
        "recommande",
        "recommandait",
        "recomienda",
        "recomendo",
        "consiglia",
        "consigliato",
        "sconsiglia",
        "deconseille",
        "desaconseja",
        # third persons of loving and swearing by, in German, French, Spanish and Italian
        "liebt",
        "schwort",
        "schworen",
        "adora",
        "adoran",
        "aman",
        "adorent",
        "aiment",
        "adorano",
        "amano",
    ]
)
#: Words before such a verb that leave the verdict the reader's own (or nobody's in particular).
_NOT_OTHERS = frozenset(
    [
        "i",
        "we",
        "you",
        "i'd",
        "i've",
        "we've",
        "you've",
        "it",
        "this",
        "that",
        "which",
        "who",
        "also",
        "and",
        "or",
        "but",
        "highly",
        "definitely",
        "really",
        "would",
        "will",
        "is",
        "be",
        "being",
        "not",
        "ich",
        "je",
        "j'",
        "yo",
        "io",
        "lo",
        "la",
        "le",
        "l",
        "se",
        "si",
        "es",
        "wird",
        "the",
        "a",
        "an",
        "device",
        "brand",
        "company",
        "manufacturer",
        "product",
        "tool",
        "instructions",
    ]
)
#: Words between an endorser and the verb: "have been gaga for", "has always recommended".
_AUXILIARY = frozenset(
    [
        "have",
        "has",
        "had",
        "been",
        "always",
        "just",
        "also",
        "even",
        "still",
        "really",
        "all",
        "is",
        "are",
        "was",
        "were",
        "totally",
        "absolutely",
        "often",
        "hat",
        "a",
        "ha",
        "has",
        "ont",
        "avait",
    ]
)


def _relay_markers(low: str, start: int, end: int) -> list[re.Match[str]]:
    """The words in ``low[start:end]`` (a sentence) that may say a verdict is someone else's, in
    order, leaving out the reader counting themself in ("I'm one of those people who")."""
    markers = list(_RELAY.finditer(low, start, end))
    if _RELAY_CJK_CHARS.search(low, start, end):
        markers = sorted([*markers, *_RELAY_CJK.finditer(low, start, end)], key=lambda m: m.start())
    return [m for m in markers if not _ONE_OF.search(low, max(0, m.start() - 16), m.start())]


def _relay_marker(markers: Sequence[re.Match[str]], cue: tuple[int, int], limit: int) -> re.Match[str] | None:
    """The first of a sentence's ``markers`` ending by ``limit``, leaving out the cue's own words
    ("everybody needs")."""
    for marker in markers:
        if marker.end() > limit:
            break
        if not cue[0] <= marker.start() < cue[1]:
            return marker
    return None


def _endorsed_by_other(
    low: str, words: Sequence[tuple[str, int, int]], starts: Sequence[int], cue_start: int
) -> bool:
    """Whether an endorsing verb has someone else as its subject: "Jennifer Fisher recommended
    one", "a friend of mine recommended it", "gals have been gaga for it"."""
    at = bisect_right(starts, cue_start) - 1
    if at < 1 or words[at][0] not in _ENDORSING:
        return False
    j = at - 1
    while j >= 0 and words[j][0] in _AUXILIARY:
        j -= 1
    if j < 0 or _CLAUSE_STOP.search(low, words[j][2], words[at][1]):
        return False
    subject = words[j][0]
    if subject == "mine" and j and words[j - 1][0] == "of":
        return True  # "a friend of mine"
    return subject not in _NOT_OTHERS


#: The reader as the one who speaks ("I love it", "je l'adore"); "me" and "mir" are objects and say
#: nothing of whose verdict it is ("una compañera ya me la había recomendado").
_SPEAKER = re.compile(r"\b(?:i|i'm|i've|i'd|my|je|j'|moi|ich|yo|io)\b")
#: The reader in any case, for praise whose subject is the thing praised ("me fait craquer").
_READER = re.compile(r"\b(?:i|i'm|i've|i'd|me|my|je|j'|moi|ich|mich|mir|yo|io|mi)\b|\bm'")
_CONTRAST = re.compile(r"\b(?:but|however|yet|aber|doch|mais|pourtant|cependant|pero|ma|tuttavia)\b")
_QUOTES = frozenset('"“”„«»「」『』')
_QUOTE = re.compile(f"[{''.join(_QUOTES)}]")


class Relays:
    """The relay words of one folded text, by sentence, found once and reused by every verdict."""

    def __init__(
        self,
        low: str,
        words: Sequence[tuple[str, int, int]],
        word_starts: Sequence[int],
        sentence_starts: Sequence[int],
        names: Sequence[tuple[int, int]] = (),
    ) -> None:
        self.low = low
        self.names = names
        self.words = words
        self.word_starts = word_starts
        self.starts = sentence_starts
        self._by_sentence: dict[int, list[re.Match[str]]] = {}
        self._quotes: list[tuple[int, int]] | None = None

    def _bounds(self, sentence: int) -> tuple[int, int]:
        end = self.starts[sentence + 1] if sentence + 1 < len(self.starts) else len(self.low)
        return self.starts[sentence], end

    def markers(self, sentence: int) -> list[re.Match[str]]:
        if (found := self._by_sentence.get(sentence)) is None:
            found = _relay_markers(self.low, *self._bounds(sentence))
            if found and self.names:
                # a device's own name is no one's word: "Dr. Pen", "Dr. Dennis Gross SpectraLite"
                found = [
                    m for m in found if not any(n_start <= m.start() < n_end for n_start, n_end in self.names)
                ]
            self._by_sentence[sentence] = found
        return found

    def quoted(self, at: int) -> tuple[int, int] | None:
        """The quotation (start and end of its text) that ``at`` stands in, if any."""
        if self._quotes is None:
            marks = [m.start() for m in _QUOTE.finditer(self.low)] if not _QUOTES.isdisjoint(self.low) else []
            self._quotes = list(zip(marks[::2], marks[1::2], strict=False))
        for start, end in self._quotes:
            if start < at < end:
                return start, end
        return None

    def relayed(self, cue: tuple[int, int], cue_text: str, hit_start: int) -> bool:
        """Whether the verdict of the cue at ``cue`` (start, end) on the mention at ``hit_start``
        is someone else's."""
        low = self.low
        sentence = bisect_right(self.starts, hit_start) - 1
        s_start, s_end = self._bounds(sentence)
        before = low[max(s_start, cue[0] - 12) : cue[0]]
        if cue_text in _CROWD and not _READER.search(before):
            return True  # "hailed by many", "fait craquer toutes les beautystas"
        markers = self.markers(sentence)
        quote = self.quoted(cue[0])
        if quote is not None:
            # "'I'm loving it for my hot flashes,' raves one customer": the words around the
            # quotation, in its sentence or the one its closing mark stands in, say whose it is
            closing = bisect_right(self.starts, quote[1]) - 1
            around = markers if closing == sentence else [*markers, *self.markers(closing)]
            if any(not quote[0] <= m.start() < quote[1] for m in around):
                return True
        marker = _relay_marker(markers, cue, max(cue[0], hit_start, s_start + 1))
        if marker is None and not _SPEAKER.search(low[max(s_start, cue[0] - 12) : cue[1]]):
            # a marker after the verdict ("... says my sister"), unless the reader spoke it
            # ("Ich liebe meine Luna, viele finden sie zu teuer")
            marker = _relay_marker(markers, cue, s_end)
        cue_sentence = bisect_right(self.starts, cue[0]) - 1
        if marker is None and cue_sentence != sentence:
            # the verdict stands in another sentence than the name: "Bloggers can't do
            # without it. The jade roller is everywhere."; its own sentence says whose it is
            markers = self.markers(cue_sentence)
            marker = _relay_marker(markers, cue, len(low))
        if marker is None:
            return _endorsed_by_other(low, self.words, self.word_starts, cue[0])
        between = low[marker.end() : cue[0]]
        # the reader speaks between, or a contrast ends the marker's reach ("once everyone's
        # favourite, but it turns out it is not a good idea")
        if _SPEAKER.search(between) or _SPEAKER.search(low[max(marker.end(), cue[0] - 12) : cue[0]]):
            return _endorsed_by_other(low, self.words, self.word_starts, cue[0])
        if marker.end() <= cue[0] and _CONTRAST.search(between):
            # the marker nearest the verdict decides: "X said ..., but her facialist said ..."
            last = max((m.end() for m in markers if m.end() <= cue[0]), default=marker.end())
            if _CONTRAST.search(low, last, cue[0]):
                return _endorsed_by_other(low, self.words, self.word_starts, cue[0])
        return True
