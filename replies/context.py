"""Gadgets from context: "mine broke after a year" under a comment that names the device.

A reply that names no gadget itself but refers to one ("it", "this device", "mine", "the
roller", "die Bürste", "ce masque", or, in Japanese and Korean, no word at all) takes the gadget
in context, in this order: the comment it answers, the same reader's earlier reply in the
thread, the post's topic (its caption or title). Each source counts only when it points at one
gadget (a comment naming three devices leaves "it" unresolved). The mention is marked
``inferred``; its stance is read at the referring words as for a named gadget.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from tipqueue.posts.models import GadgetMention, Reply, ThreadReply
from tipqueue.replies.gadget_words import (
    REPLY_ASIDE_KINDS,
    SALON_KINDS,
    THREAD_ASIDE_KINDS,
    at_a_salon,
    for_show_or_body,
    scalp_or_clinic,
)
from tipqueue.replies.gadgets import GadgetMatcher
from tipqueue.replies.lexicon import Gadget, fold, trie_pattern
from tipqueue.replies.stance import stances

# Words that refer back to a thing already named, per language (folded: lower case, no accents).
_REFER = (
    "it its itself this that these those they them mine one ones "
    # the act of using the device named in context: "two weeks of rolling", "the heat from steaming"
    "rolling steaming zapping needling scraping massaging "
    "es er sie ihn ihm ihr meine meiner dieses diese gerat gerate "
    "il elle le la les l cet cette ce celui celle ca appareil objet brosse masque "
    "lo los las este esta ese esa aparato dispositivo cepillo "
    "questo questa apparecchio spazzola strumento spazzolina "
    # French "y" (to it) after a clitic: "je n'y crois pas", "j'y suis accro"
    "n'y j'y "
    # the answer to a question about the device in context: "die Antwort lautet Nein"
    "answer antwort reponse respuesta risposta"
)
# A determiner and a device word; in English at most one other word may stand between them
# ("the cold stone", "a roller"). "this"/"that"/"these"/"those" refer on their own already.
_EN_PAIR = (
    "the my a an",
    "device devices tool tools gadget gadgets thing machine roller rollers brush brushes mask masks wand "
    "stone stones pen spatula scrubber steamer light razor blade cap little crystal doughnut product products "
    "results result use",
)
_PAIRS = (
    ("das", "gerat teil ding"),
    ("die", "dinger burste"),
    (
        "der die das den dem des dieser diesen diesem mein meinen meinem ein eine einen einem",
        "roller gerat gerate geraten maske masken burste stein steine stab tool gadget spatel produkt",
    ),
    (
        "le les un une cet cette ce ces mon ma mes son sa ses notre votre",
        "epilateur epilateurs appareil appareils masque masques rouleau rouleaux brosse brosses outil "
        "outils machine machines modele modeles dispositif dispositifs accessoire pierre engin gadget",
    ),
    (
        "el mi los mis un una esas esos estas estos",
        "rodillo rodillos aparato aparatos dispositivo dispositivos cepillo mascara mascaras mascarilla "
        "producto productos herramienta depiladora depiladoras maquina maquinas modelo modelos",
    ),
    (
        "il i gli la le mio mia un una uno",
        "rullo rulli dispositivo dispositivi maschera maschere spazzola prodotto prodotti apparecchio "
        "apparecchi epilatore epilatori modello modelli strumento",
    ),
    # Italian and Spanish leave the subject out: "si utilizza per..." (it is used to...)
    ("si", "utilizza usa usano"),
    ("se", "usa utiliza"),
)


def _pair(first: str, second: str, *, between: bool = False) -> str:
    gap = "(?: [a-z]+)? " if between else " "
    return f"{trie_pattern(first.split())}{gap}{trie_pattern(second.split())}"


# Two-word forms are tried before single words, so "la maschera" is one reference, not "la".
_ANAPHOR = re.compile(
    r"\b(?:"
    + "|".join([_pair(*_EN_PAIR, between=True), *(_pair(*p) for p in _PAIRS), trie_pattern(_REFER.split())])
    + r")\b"
)
# Japanese and Korean drop the subject; a reply in those scripts refers by default.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
#: ... unless it names a device of its own that the lexicon does not know: a massager or an
#: acupressure tool for the scalp or the body ("탈모 샴푸와 마사지기도 사용하고", "두피 지압기로").
_OTHER_DEVICE_CJK = re.compile(r"마사지기|안마기|지압기|マッサージ器|マッサージャー")
_MAX_ANCHORS = 3
#: A hair remover of another kind than any the lexicon holds: an epilator that plucks (English,
#: German), tweezers, a plucking device in Korean or Japanese. A reply that names one, or answers a
#: comment that names one and no gadget, speaks of it, not of the thread's device ("Später erwarb
#: sie ein Epiliergerät", "it hurt" under "the epilator was all the craze"). French and Italian
#: call an IPL device an "épilateur", "epilatore" too, so those words are not here.
_OTHER_KIND = re.compile(
    r"\b(?:epilators?|epilierer|epiliergerat(?:e|en)?|tweezers|pinzette|pinzetten)\b|모근제거기|족집게|毛抜き"
)


@dataclass(frozen=True)
class Thread:
    """A post's replies in the order they were written, and the post's topic text.

    ``replies`` may be a stream (read once, by :func:`walk_threads`)."""

    post_id: str
    topic: str
    replies: Iterable[Reply] | Iterable[ThreadReply]


_Meant = tuple[Gadget, str]  # a gadget and the category it was named as
#: A reply as a thread gives it: whole, or only what reading it in its thread needs.
Read = Reply | ThreadReply


def _single(mentions: Sequence[GadgetMention], lexicon_get: Mapping[str, Gadget]) -> _Meant | None:
    """The one gadget a text points at: its only named device, a product over its own category."""
    named = [(lexicon_get[m.gadget], m.category) for m in mentions if m.gadget in lexicon_get]
    specific = [n for n in named if n[0].kind != "generic"]
    kinds = {label for g, label in specific}
    if specific and any(g.kind == "generic" and label not in kinds for g, label in named):
        return None  # "NuFace and my LED mask": two devices, whatever "it" is
    pool = specific or named
    return pool[0] if len({g.name for g, _ in pool}) == 1 else None


def anchors(low: str) -> list[tuple[int, int]]:
    """Where a folded text refers back to something (at most a few places)."""
    found = [(m.start(), m.end()) for m in _ANAPHOR.finditer(low)][:_MAX_ANCHORS]
    if not found and not low.isascii() and _CJK.search(low) and _OTHER_DEVICE_CJK.search(low) is None:
        found = [(0, min(len(low), 1))]
    return found


#: Things a demonstrative can point at instead of the device in context ("diese Strips", "this
#: serum", "ces patchs"): skin care that is no device.
_OTHER_THING = re.compile(
    r" (?:strips?|nasenstrips|patch|patches|patchs|pflaster|creme|cremes|cream|creams|serum|serums|"
    r"seren|peeling|peelings|tonique|toner|lotion|lotions|gel|gels)\b"
)


def infer(
    text: str, meant: _Meant, matcher: GadgetMatcher, low: str | None = None
) -> tuple[GadgetMention, ...]:
    """The gadget ``meant`` by ``text`` (which does not name it), or nothing if nothing refers
    (``low``: the folded text, when the caller has it)."""
    low = fold(text) if low is None else low
    spans = [(start, end) for start, end in anchors(low) if _OTHER_THING.match(low, end) is None]
    if not spans:
        return ()
    gadget, label = meant
    hits = [matcher.gadget_hit(gadget, start, end, category=label) for start, end in spans]
    return matcher._mentions_of(text, low, hits, stances(low, hits))


def find_in_threads(
    threads: Iterable[Thread],
    matcher: GadgetMatcher,
    *,
    own: Callable[[Read], tuple[GadgetMention, ...]] | None = None,
) -> dict[str, tuple[GadgetMention, ...]]:
    """The gadgets of every reply of every thread, named or inferred from context.

    ``own`` gives the gadgets a reply names itself (default: find them; an import passes the
    ones it has just found, so only replies naming nothing are read again)."""
    return {reply.platform_id: mentions for reply, mentions in walk_threads(threads, matcher, own=own)}


def walk_threads(
    threads: Iterable[Thread],
    matcher: GadgetMatcher,
    *,
    own: Callable[[Read], tuple[GadgetMention, ...]] | None = None,
    parents: Container[str] | None = None,
) -> Iterator[tuple[Read, tuple[GadgetMention, ...]]]:
    """Each reply of each thread with its gadgets (named or inferred), in thread order.

    The threads and their replies may be streams: only what a later reply can refer to is kept,
    the gadgets of the replies in ``parents`` (every reply when None) and, per reader, the one
    gadget of their latest reply pointing at one.
    """
    named = own or (lambda reply: matcher.find(reply.text))
    by_name = {g.name: g for g in matcher.lexicon.gadgets}
    found: dict[str, tuple[GadgetMention, ...]] = {}
    for thread in threads:
        topic = _single(matcher.find(thread.topic), by_name) if thread.topic else None
        if topic is not None and topic[0].kind == "generic" and thread.topic.count(" ") > 12:
            topic = _headline(thread.topic, topic, matcher, by_name)
        last_of: dict[str, _Meant | None] = {}  # the one gadget of the reader's latest such reply
        elsewhere: set[str] = set()  # replies that name a device of another kind and no gadget
        for reply in thread.replies:
            if (
                topic is not None
                and topic[1] in THREAD_ASIDE_KINDS
                and for_show_or_body(topic[1], reply.text.lower())
            ):
                topic = None  # "I'll be the holiday decoration", "for sore muscles": not for skin
            mentions = named(reply)
            other_kind = not mentions and _OTHER_KIND.search(fold(reply.text)) is not None
            if other_kind or (reply.parent_id is not None and reply.parent_id in elsewhere):
                if other_kind:
                    elsewhere.add(reply.platform_id)
                if parents is None or reply.platform_id in parents:
                    found[reply.platform_id] = mentions
                yield reply, mentions
                continue
            if not mentions:
                candidates: list[_Meant | None] = []
                if reply.parent_id is not None and reply.parent_id in found:
                    parent = found[reply.parent_id]
                    if parent and _single(parent, by_name) is None:
                        if parents is None or reply.platform_id in parents:
                            found[reply.platform_id] = ()
                        yield reply, ()  # the comment answered names several: unclear
                        continue
                    candidates.append(_single(parent, by_name))
                reader = reply.user_id or reply.username
                if reader is not None and reader in last_of:
                    candidates.append(last_of[reader])
                gadget = next((c for c in candidates if c is not None), topic)
                if (
                    gadget is not None
                    and gadget[0].kind == "generic"
                    and gadget[0].category_key in SALON_KINDS
                    and at_a_salon(fold(reply.text))
                ):
                    gadget = None  # "reservé cita para probar la fotodepilación": the salon's machine
                if gadget is not None:
                    # a model or a name the thread makes plain ("the Prestige version"), else a reference
                    low = fold(reply.text)
                    mentions = matcher.named_in_thread(reply.text, gadget[0], low) or infer(
                        reply.text, gadget, matcher, low
                    )
                    if mentions and gadget[1] in REPLY_ASIDE_KINDS and scalp_or_clinic(gadget[1], low):
                        mentions = ()  # "at the clinic", "for the scalp": not this reply's topic
            if parents is None or reply.platform_id in parents:
                found[reply.platform_id] = mentions
            yield reply, mentions
            reader = reply.user_id or reply.username
            if reader is not None and mentions:
                single = _single(mentions, by_name)
                if len(mentions) == 1 or single:
                    last_of[reader] = single


#: Where a title's clauses part: "¿Funcionan las depiladoras? Lo que debes saber antes de ...".
_TITLE_CLAUSE = re.compile(r"[?!.:;|¿¡]+|\s[-–—]+\s")


def _headline(
    title: str, topic: _Meant, matcher: GadgetMatcher, by_name: Mapping[str, Gadget]
) -> _Meant | None:
    """A long title's gadget, when one of its clauses of at most 12 words is about it (the head of
    a headline, "faut-il se mettre au rouleau de jade ?"); a long caption naming a kind of device
    in passing is no topic. A longer clause's head, up to its first comma, is one too ("I Put an
    LED Mask to the Test at Home, and These Are My Honest Thoughts")."""
    for whole in _TITLE_CLAUSE.split(title):
        clause = whole if whole.count(" ") <= 12 else whole.split(", ", 1)[0]
        if clause.strip() and clause.strip().count(" ") <= 11:
            found = _single(matcher.find(clause), by_name) if clause.strip() else None
            if found is not None and found[0].name == topic[0].name:
                return topic
    return None


def inferred_mentions(
    replies: Sequence[Reply], matcher: GadgetMatcher, topics: Mapping[str, str]
) -> dict[str, tuple[GadgetMention, ...]]:
    """The gadgets ``replies`` (with their own mentions found already) mean without naming them,
    by reply id: threads by post in written order, the posts' ``topics`` (caption text)."""
    by_post: dict[str, list[Reply]] = {}
    for reply in replies:
        by_post.setdefault(reply.post_id or "", []).append(reply)
    threads = [
        Thread(post_id, topics.get(post_id, ""), tuple(sorted(rs, key=_written)))
        for post_id, rs in by_post.items()
    ]
    found = find_in_threads(threads, matcher, own=lambda r: r.mentions)
    return {
        r.platform_id: found[r.platform_id]
        for rs in by_post.values()
        for r in rs
        if not r.mentions and found.get(r.platform_id)
    }


def _written(reply: Reply) -> tuple[float, str]:
    return (reply.created_at.timestamp() if reply.created_at else 0.0, reply.platform_id)
