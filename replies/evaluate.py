"""Score the gadget finder on a labelled file of real replies (see tests/replies/realset/README.md).

Each labelled line is one excerpt with the page it came from (``source``), that page's title
(``topic``), optionally the comment it follows (``parent``), and the devices a careful reader
finds in it. The excerpts of one page are replayed as one thread: the title is the post's topic,
every excerpt is a reply by the page's writer, and a ``parent`` is the comment it answers. So the
finder sees the same context it sees on Instagram: the post, the parent comment, the same
reader's earlier replies.

A found gadget matches a labelled one when the category is the same and the names agree (the
brand or product as written is a prefix of the found one's brand, name or matched words, or the
other way round, or, for names of four letters or more, one contains the other, or the label
writes one of the lexicon's own names of the found gadget or its maker: "ケノン" for Kenon); a
generic find ("a cleansing brush") matches a named device of its category that the lexicon does
not know, and a named find matches a labelled device of the same brand whatever category each
side files it under.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tipqueue.config.errors import InputError
from tipqueue.posts.models import GadgetMention, Reply, Stance
from tipqueue.replies.context import Thread, find_in_threads
from tipqueue.replies.gadgets import GadgetMatcher
from tipqueue.replies.lexicon import alias_key

_STANCES = {s.value for s in Stance}


@dataclass(frozen=True)
class LabelledMention:
    category: str
    name: str | None
    stance: Stance
    anaphoric: bool = False
    relay: bool = False


@dataclass(frozen=True)
class LabelledReply:
    id: str
    text: str
    source: str
    topic: str = ""
    parent: str | None = None
    split: str = "dev"
    lang: str = "en"
    gold: tuple[LabelledMention, ...] = ()

    @property
    def negative(self) -> bool:
        return not self.gold


@dataclass
class Miss:
    """One disagreement, for the error list: what was expected and what was found."""

    id: str
    kind: str  # "missed", "extra", "stance", "relay"
    text: str
    expected: str = ""
    found: str = ""


@dataclass
class Evaluation:
    items: int = 0
    negatives: int = 0
    named: int = 0
    named_found: int = 0
    named_by_context: int = 0  # named in the text, missed there, but found from the context
    anaphoric: int = 0
    anaphoric_found: int = 0
    predicted: int = 0
    predicted_right: int = 0
    negatives_with_gadget: int = 0
    stance_pairs: int = 0
    stance_right: int = 0
    relay_labelled: int = 0
    relay_found: int = 0
    relay_false: int = 0
    by_language: Counter[str] = field(default_factory=Counter)
    by_language_found: Counter[str] = field(default_factory=Counter)
    misses: list[Miss] = field(default_factory=list)

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    @property
    def precision(self) -> float:
        return self._ratio(self.predicted_right, self.predicted)

    @property
    def named_recall(self) -> float:
        return self._ratio(self.named_found, self.named)

    @property
    def anaphoric_recall(self) -> float:
        return self._ratio(self.anaphoric_found, self.anaphoric)

    @property
    def false_gadget_rate(self) -> float:
        return self._ratio(self.negatives_with_gadget, self.negatives) if self.negatives else 0.0

    @property
    def stance_agreement(self) -> float:
        return self._ratio(self.stance_right, self.stance_pairs)

    def as_dict(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "negatives": self.negatives,
            "precision": round(self.precision, 3),
            "named_recall": round(self.named_recall, 3),
            "named": self.named,
            "named_by_context": self.named_by_context,
            "anaphoric_recall": round(self.anaphoric_recall, 3),
            "anaphoric": self.anaphoric,
            "false_gadget_rate": round(self.false_gadget_rate, 3),
            "negatives_with_gadget": self.negatives_with_gadget,
            "stance_agreement": round(self.stance_agreement, 3),
            "stance_pairs": self.stance_pairs,
            "relays_labelled": self.relay_labelled,
            "relays_found": self.relay_found,
            "relays_false": self.relay_false,
            "recall_by_language": {
                lang: round(self._ratio(self.by_language_found[lang], n), 3)
                for lang, n in sorted(self.by_language.items())
            },
        }


# --- reading the labelled file ---------------------------------------------------------------


def _fail(path: Path, number: int, what: str) -> InputError:
    return InputError(f"{path.name} line {number}: {what}; see tests/replies/realset/README.md")


def _mention(path: Path, number: int, raw: Any) -> LabelledMention:
    if not isinstance(raw, dict):
        raise _fail(path, number, "each gold entry must be an object with category and stance")
    category, stance = raw.get("category"), raw.get("stance")
    if not isinstance(category, str) or not category:
        raise _fail(path, number, "a gold entry has no category")
    if stance not in _STANCES:
        raise _fail(path, number, f"stance {stance!r} is not one of recommends, mentions, dislikes")
    name = raw.get("name")
    return LabelledMention(
        category,
        name if isinstance(name, str) and name else None,
        Stance(stance),
        bool(raw.get("anaphoric")),
        bool(raw.get("relay")),
    )


def load_labelled(path: Path) -> list[LabelledReply]:
    """The labelled excerpts of a JSON Lines file (one object per line)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read {path} ({exc.strerror}); give an existing JSONL file") from None
    except UnicodeDecodeError:
        raise InputError(f"{path.name} is not UTF-8 text; save it as UTF-8") from None
    items: list[LabelledReply] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _fail(path, number, f"not valid JSON ({exc.msg})") from None
        if not isinstance(raw, dict) or not isinstance(raw.get("text"), str):
            raise _fail(path, number, "each line must be an object with a text")
        gold = raw.get("gold", [])
        if not isinstance(gold, list):
            raise _fail(path, number, "gold must be a list")
        items.append(
            LabelledReply(
                id=str(raw.get("id", f"line{number}")),
                text=raw["text"],
                source=str(raw.get("source") or f"line{number}"),
                topic=str(raw.get("topic") or ""),
                parent=raw.get("parent") if isinstance(raw.get("parent"), str) else None,
                split=str(raw.get("split", "dev")),
                lang=str(raw.get("lang", "en")),
                gold=tuple(_mention(path, number, g) for g in gold),
            )
        )
    if not items:
        raise InputError(f"{path.name} has no labelled lines; add one JSON object per line")
    return items


# --- replaying the excerpts as threads -------------------------------------------------------


def threads_of(items: Sequence[LabelledReply]) -> list[Thread]:
    """One thread per source page, in file order: topic, replies, parent comments."""
    by_source: dict[str, list[Reply]] = {}
    topics: dict[str, str] = {}
    for item in items:
        replies = by_source.setdefault(item.source, [])
        topics.setdefault(item.source, item.topic)
        writer = urlsplit(item.source).netloc or item.source
        parent_id = None
        if item.parent:
            parent_id = f"{item.id}-parent"
            replies.append(
                Reply(platform_id=parent_id, text=item.parent, post_id=item.source, username="parent")
            )
        replies.append(
            Reply(
                platform_id=item.id, text=item.text, post_id=item.source, parent_id=parent_id, username=writer
            )
        )
    return [Thread(post_id=source, topic=topics[source], replies=tuple(r)) for source, r in by_source.items()]


# --- scoring ---------------------------------------------------------------------------------


_CONTAINED_MIN = 4  # shorter names only agree as a prefix: "Pro" is inside too many names


def _names_agree(
    gold: LabelledMention, found: GadgetMention, spellings: Mapping[str, frozenset[str]] | None = None
) -> bool:
    if gold.name is None or (found.brand is None and found.gadget.casefold() == found.category.casefold()):
        return True
    want = alias_key(gold.name)
    if spellings and any(want in spellings.get(n, ()) for n in (found.gadget, found.brand) if n):
        return True  # the label writes one of the lexicon's own names for it ("ケノン" for Kenon)
    for have in (found.brand, found.gadget, found.matched):
        if have:
            key = alias_key(have)
            if key.startswith(want) or want.startswith(key):
                return True
            if min(len(key), len(want)) >= _CONTAINED_MIN and (want in key or key in want):
                return True  # "Lumea" is Philips Lumea; "the Body Shop" names Body Shop
    return False


def _pair(
    gold: Sequence[LabelledMention],
    found: Sequence[GadgetMention],
    category_key: dict[str, str],
    spellings: Mapping[str, frozenset[str]] | None = None,
) -> tuple[list[tuple[LabelledMention, GadgetMention]], list[LabelledMention], list[GadgetMention]]:
    """Match labelled and found mentions: named agreements first, then category agreements."""
    left_gold = list(gold)
    left_found = list(found)
    pairs: list[tuple[LabelledMention, GadgetMention]] = []
    for exact in (True, False):
        for g in list(left_gold):
            for f in left_found:
                same_category = category_key.get(f.category, f.category) == g.category
                named = g.name is not None and f.brand is not None and _names_agree(g, f, spellings)
                if (exact and named) or (not exact and same_category and _names_agree(g, f, spellings)):
                    pairs.append((g, f))
                    left_gold.remove(g)
                    left_found.remove(f)
                    break
    return pairs, left_gold, left_found


def _show(found: GadgetMention) -> str:
    flags = "".join([" inferred" if found.inferred else "", " relayed" if found.relayed else ""])
    cue = f" cue={found.cue!r}" if found.cue else ""
    return f"{found.gadget} [{found.category}] {found.stance.value}{flags}{cue}"


def _show_gold(gold: LabelledMention) -> str:
    flags = "".join([" anaphoric" if gold.anaphoric else "", " relay" if gold.relay else ""])
    return f"{gold.name or '-'} [{gold.category}] {gold.stance.value}{flags}"


def evaluate(
    items: Iterable[LabelledReply],
    matcher: GadgetMatcher,
    *,
    split: str | None = None,
    use_context: bool = True,
) -> Evaluation:
    """Precision, recall (named and anaphoric), false gadgets on negatives and stance agreement."""
    chosen = [i for i in items if split is None or i.split == split]
    category_key = {label: key for key, label in matcher.lexicon.categories.items()}
    spellings = {
        g.name: frozenset(alias_key(a) for a in (g.name, *g.aliases)) for g in matcher.lexicon.gadgets
    }
    if use_context:
        found_by_id = find_in_threads(threads_of(chosen), matcher)
    else:
        found_by_id = {i.id: matcher.find(i.text) for i in chosen}
    result = Evaluation()
    for item in chosen:
        found = found_by_id.get(item.id, ())
        result.items += 1
        result.predicted += len(found)
        if item.negative:
            result.negatives += 1
            if found:
                result.negatives_with_gadget += 1
                result.misses.append(Miss(item.id, "extra", item.text, found="; ".join(map(_show, found))))
            continue
        pairs, missed, extra = _pair(item.gold, found, category_key, spellings)
        result.predicted_right += len(pairs)
        for g in item.gold:
            result.by_language[item.lang] += 1
            if g.anaphoric:
                result.anaphoric += 1
            else:
                result.named += 1
            result.relay_labelled += g.relay
        for g, f in pairs:
            result.by_language_found[item.lang] += 1
            if g.anaphoric:
                result.anaphoric_found += 1
            elif f.inferred:
                result.named_by_context += 1
            else:
                result.named_found += 1
            result.stance_pairs += 1
            if f.stance is g.stance:
                result.stance_right += 1
            else:
                result.misses.append(Miss(item.id, "stance", item.text, _show_gold(g), _show(f)))
            if f.relayed and g.relay:
                result.relay_found += 1
            elif f.relayed:
                result.relay_false += 1
        result.misses.extend(Miss(item.id, "missed", item.text, expected=_show_gold(g)) for g in missed)
        result.misses.extend(Miss(item.id, "extra", item.text, found=_show(f)) for f in extra)
    return result


def report(result: Evaluation, *, title: str = "") -> str:
    """The figures as a few aligned lines of text."""
    d = result.as_dict()
    lines = [
        title or "evaluation",
        f"  excerpts            {d['items']} ({d['negatives']} negatives)",
        f"  precision           {d['precision']:.3f}",
        f"  recall, named       {d['named_recall']:.3f}  ({result.named_found}/{result.named}; "
        f"{result.named_by_context} more found only from the context)",
        f"  recall, anaphoric   {d['anaphoric_recall']:.3f}  ({result.anaphoric_found}/{result.anaphoric})",
        f"  false gadgets       {d['false_gadget_rate']:.3f}  ({result.negatives_with_gadget}/{result.negatives} negatives)",
        f"  stance agreement    {d['stance_agreement']:.3f}  ({result.stance_right}/{result.stance_pairs})",
        f"  relays              {result.relay_found} of {result.relay_labelled} labelled found, {result.relay_false} false",
        "  recall by language  " + ", ".join(f"{k} {v:.2f}" for k, v in d["recall_by_language"].items()),
    ]
    return "\n".join(lines)
