"""Hashtags chosen per post from its own words (a topic vocabulary), the account's fixed tags first.

The vocabulary is ``templates/hashtags.toml`` (shipped) with the workspace's ``hashtags.toml``
over it: ``fixed`` tags (and ``[accounts.NAME] fixed``), ``general`` tags, and topics, each with
keywords and tags (``tags_<lang>`` for one language). For each post: the fixed tags, then the
first tag of every topic its text names (most mentions first, then the article's main topics,
then vocabulary order), then their second tags, capped at the hashtag limit; a post naming fewer
topics is filled up to three tags with the topic its title names (none when the title names
none: a laser-aftercare article's cool-compress tip is no sunscreen tip for all the sun the
article mentions) and the general tags.

A keyword of several words may end any of them in "*" ("natürlich* inhaltsstoff*": "natürlichen
Inhaltsstoffen"), so that an adjective names a topic only with its noun: the natural-cosmetics
topic wants natural *products* or *ingredients*, not the skin's natural oils or barrier.

A passing mention does not outweigh a post's subject: a topic's ``minor_keywords`` ("lotion")
name it only when no other topic is named as often, and a topic that ``yields_to`` another
(sweating to sunscreen: "reapply after sweating") is tagged only when named more often than it.

The ``hashtags`` setting counts as the account's fixed tags when it is set; its built-in default
("skincare", "dermatology", "skintips") is only the general filler, so posts on different topics
no longer carry the same three tags.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from tipqueue.config.errors import SettingsError
from tipqueue.config.settings import bundled_path

WORKSPACE_FILE = "hashtags.toml"
#: a post with fewer topic tags is filled up to this many with the article's and general tags
MIN_TAGS = 3
_CLEAN = re.compile(r"[^\w]+")


def bundled_vocabulary_path() -> Path:
    return bundled_path("hashtags.toml")


@dataclass(frozen=True)
class Topic:
    name: str
    keywords: tuple[str, ...]
    tags: tuple[str, ...]
    by_language: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: words that name the topic only in a text naming it otherwise or no other topic as often: a
    #: "lotion or gel" of benzoyl peroxide is no moisturiser, "eincremen" with sunscreen no moisturising
    minor_keywords: tuple[str, ...] = ()
    #: topics this one only qualifies ("reapply after sweating" is a sunscreen tip): named with one
    #: of them, it is tagged only when named more often than that one
    yields_to: tuple[str, ...] = ()

    def tags_for(self, language: str) -> tuple[str, ...]:
        return self.by_language.get(language, self.tags)


@dataclass(frozen=True)
class Vocabulary:
    topics: tuple[Topic, ...]
    general: tuple[str, ...] = ()
    fixed: tuple[str, ...] = ()
    account_fixed: dict[str, tuple[str, ...]] = field(default_factory=dict)
    pattern: re.Pattern[str] | None = None
    #: casefolded keyword -> indexes of the topics it names
    owners: dict[str, tuple[int, ...]] = field(default_factory=dict)
    #: topic index -> indexes of the topics it yields to (:attr:`Topic.yields_to`)
    yields: dict[int, tuple[int, ...]] = field(default_factory=dict)
    #: the keywords with a "*" inside ("natürlich* inhaltsstoff*"), one group each, and their topics
    phrases: re.Pattern[str] | None = None
    phrase_owners: tuple[tuple[int, ...], ...] = ()

    def subjects(self, counts: dict[int, int]) -> dict[int, int]:
        """The topics of ``counts`` a post is about: without a topic named no more often than one
        it yields to ("reapply after sweating or swimming" is a sunscreen tip, not one on sweating)."""
        return {
            t: n for t, n in counts.items() if not any(counts.get(o, 0) >= n for o in self.yields.get(t, ()))
        }

    def topic_counts(self, text: str) -> dict[int, int]:
        """How often ``text`` names each topic (by index)."""
        counts: dict[int, int] = {}
        if self.pattern is None:
            return counts
        owners = self.owners
        low = text.casefold()
        for whole, stem in self.pattern.findall(low):
            for i in owners.get(whole or stem + "*", ()):
                counts[i] = counts.get(i, 0) + 1
        for m in self.phrases.finditer(low) if self.phrases is not None else ():
            for i in self.phrase_owners[(m.lastindex or 1) - 1]:
                counts[i] = counts.get(i, 0) + 1
        return _with_minor(counts)

    def counts_each(self, texts: Sequence[str]) -> list[dict[int, int]]:
        """:meth:`topic_counts` of every text, in one pass over them all."""
        out: list[dict[int, int]] = [{} for _ in texts]
        if self.pattern is None or not texts:
            return out
        joined = "\n".join(texts).casefold()
        starts, at = [], 0
        for text in texts:
            starts.append(at)
            at += len(text) + 1
        owners = self.owners
        for m in self.pattern.finditer(joined):
            counts = out[bisect_right(starts, m.start()) - 1]
            for i in owners.get(m.group(1) or m.group(2) + "*", ()):
                counts[i] = counts.get(i, 0) + 1
        for m in self.phrases.finditer(joined) if self.phrases is not None else ():
            counts = out[bisect_right(starts, m.start()) - 1]
            for i in self.phrase_owners[(m.lastindex or 1) - 1]:
                counts[i] = counts.get(i, 0) + 1
        return [_with_minor(counts) for counts in out]


def _with_minor(counts: dict[int, int]) -> dict[int, int]:
    """Counts with the minor keywords' mentions (kept under ``~topic``) added to their topic,
    unless the text names another topic at least as often and not that one: then they are the
    other topic's words (a sunscreen "lotion", an acne "lotion")."""
    if all(i >= 0 for i in counts):
        return counts
    out = {i: n for i, n in counts.items() if i >= 0}
    most = max(out.values(), default=0)
    for i, n in counts.items():
        if i < 0 and (~i in out or most < n):
            out[~i] = out.get(~i, 0) + n
    return out


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SettingsError(f'{where} must be a list of strings, e.g. ["acne", "pimple*"]')
    return tuple(v.strip() for v in value if v.strip())


def _load(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path.name} cannot be read ({exc}); fix or remove it") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path.name} is not valid TOML ({exc}); fix that line") from None


def _topics(data: dict[str, Any], name: str) -> dict[str, Topic]:
    out: dict[str, Topic] = {}
    topics = data.get("topics", {})
    if not isinstance(topics, dict):
        raise SettingsError(f"{name}: [topics] must be tables, e.g. [topics.acne]")
    for key, table in topics.items():
        if not isinstance(table, dict):
            raise SettingsError(f"{name}: topics.{key} must be a table with keywords and tags")
        known = ("keywords", "minor_keywords", "tags", "yields_to")
        unknown = [k for k in table if k not in known and not k.startswith("tags_")]
        if unknown:
            raise SettingsError(
                f"{name}: topics.{key}.{unknown[0]} is not known; use keywords, minor_keywords, tags, tags_<lang>, yields_to"
            )
        keywords = _strings(table.get("keywords", []), f"{name}: topics.{key}.keywords")
        tags = _strings(table.get("tags", []), f"{name}: topics.{key}.tags")
        if not keywords or not tags:
            raise SettingsError(f"{name}: topics.{key} needs at least one keyword and one tag")
        by_lang = {
            k.removeprefix("tags_"): _strings(v, f"{name}: topics.{key}.{k}")
            for k, v in table.items()
            if k.startswith("tags_")
        }
        minor = _strings(table.get("minor_keywords", []), f"{name}: topics.{key}.minor_keywords")
        yields_to = _strings(table.get("yields_to", []), f"{name}: topics.{key}.yields_to")
        out[key] = Topic(key, keywords, tags, by_lang, minor, yields_to)
    return out


def _trie_pattern(words: Sequence[str]) -> str:
    """One regular expression for many words, as a trie: Python's ``re`` tries an alternation's
    branches one by one at every position, a trie branches once per character (about 8x faster on
    the vocabulary)."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return f"(?:{body})?"
        return body

    return emit(trie)


def _is_phrase(keyword: str) -> bool:
    """A keyword with a "*" before its end ("natürlich* inhaltsstoff*"): matched by :func:`_phrases`."""
    return "*" in keyword[:-1]


def _phrases(owners: dict[str, list[int]]) -> tuple[re.Pattern[str] | None, tuple[tuple[int, ...], ...]]:
    """One expression for the keywords with a "*" inside a phrase, a group per keyword (longest
    first): each word matches whole (with an optional plural on the last) or, ending in "*", as
    the start of a word; the words are apart by any white space."""
    keys = sorted((k for k in owners if _is_phrase(k)), key=lambda k: (-len(k), k))
    if not keys:
        return None, ()

    def word(w: str, last: bool) -> str:
        if w.endswith("*"):
            return re.escape(w[:-1]) + r"\w*"
        return re.escape(w) + (r"(?:e?s)?" if last else "")

    groups = []
    for key in keys:
        words = key.split()
        groups.append(r"\s+".join(word(w, n == len(words) - 1) for n, w in enumerate(words)))
    body = "|".join(f"({g})" for g in groups)
    return re.compile(f"(?<!\\w)(?:{body})(?!\\w)"), tuple(tuple(owners[k]) for k in keys)


def _all_owners(topics: Sequence[Topic]) -> dict[str, list[int]]:
    """Casefolded keyword -> the topics it names (a minor keyword's as ``~index``)."""
    owners: dict[str, list[int]] = {}
    for i, topic in enumerate(topics):
        # a keyword listed twice in a topic (a workspace's vocabulary may) still counts once
        for kw in dict.fromkeys(k.casefold() for k in topic.keywords):
            owners.setdefault(kw, []).append(i)
        for kw in dict.fromkeys(k.casefold() for k in topic.minor_keywords):
            owners.setdefault(kw, []).append(~i)  # counted apart, as ~i, until the text's topics are known
    return owners


def _compile(topics: Sequence[Topic]) -> tuple[re.Pattern[str] | None, dict[str, tuple[int, ...]]]:
    owners = {k: v for k, v in _all_owners(topics).items() if not _is_phrase(k)}
    whole = [k for k in owners if not k.endswith("*")]
    stems = [k[:-1] for k in owners if k.endswith("*")]
    # group 1: a whole keyword (with an optional plural), group 2: a stem and the rest of its word;
    # the longest match wins because the trie is greedy and the plural is tried before the end
    whole_re = f"({_trie_pattern(whole)})(?:e?s)?(?!\\w)" if whole else "(?!x)x()"
    stem_re = f"({_trie_pattern(stems)})\\w*" if stems else "(?!x)x()"
    if not whole and not stems:
        return None, {}
    return re.compile(f"(?<!\\w)(?:{whole_re}|{stem_re})"), {k: tuple(v) for k, v in owners.items()}


@lru_cache(maxsize=16)
def load_vocabulary(workspace: Path | None = None) -> Vocabulary:
    """The shipped vocabulary with the workspace's ``hashtags.toml`` over it (read once per process)."""
    base = _load(bundled_vocabulary_path())
    topics = _topics(base, "templates/hashtags.toml")
    general = _strings(base.get("general", []), "hashtags.toml: general")
    fixed = _strings(base.get("fixed", []), "hashtags.toml: fixed")
    account_fixed: dict[str, tuple[str, ...]] = {}
    own = workspace / WORKSPACE_FILE if workspace is not None else None
    if own is not None and own.is_file():
        data = _load(own)
        unknown = [k for k in data if k not in ("topics", "general", "fixed", "accounts")]
        if unknown:
            raise SettingsError(
                f"{WORKSPACE_FILE}: {unknown[0]!r} is not known; use fixed, general, accounts, topics"
            )
        topics.update(_topics(data, WORKSPACE_FILE))
        if "general" in data:
            general = _strings(data["general"], f"{WORKSPACE_FILE}: general")
        if "fixed" in data:
            fixed = _strings(data["fixed"], f"{WORKSPACE_FILE}: fixed")
        accounts = data.get("accounts", {})
        if not isinstance(accounts, dict):
            raise SettingsError(f"{WORKSPACE_FILE}: [accounts.NAME] must be tables with fixed = [...]")
        for name, table in accounts.items():
            if not isinstance(table, dict) or set(table) - {"fixed"}:
                raise SettingsError(f'{WORKSPACE_FILE}: accounts.{name} takes only fixed = ["tag", ...]')
            account_fixed[name] = _strings(table.get("fixed", []), f"{WORKSPACE_FILE}: accounts.{name}.fixed")
    ordered = tuple(topics.values())
    pattern, owners = _compile(ordered)
    phrases, phrase_owners = _phrases(_all_owners(ordered))
    index = {t.name: i for i, t in enumerate(ordered)}
    for topic in ordered:
        missing = [n for n in topic.yields_to if n not in index]
        if missing:
            raise SettingsError(f"hashtags.toml: topics.{topic.name}.yields_to names no topic {missing[0]!r}")
    yields = {i: tuple(index[n] for n in t.yields_to) for i, t in enumerate(ordered) if t.yields_to}
    return Vocabulary(ordered, general, fixed, account_fixed, pattern, owners, yields, phrases, phrase_owners)


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Tags without '#', letters/digits/underscore only, case-insensitively unique, in order."""
    seen: set[str] = set()
    out: list[str] = []
    for tag in tags:
        clean = _CLEAN.sub("", tag.lstrip("#"))
        if clean and clean.casefold() not in seen:
            seen.add(clean.casefold())
            out.append(clean)
    return out


@dataclass(frozen=True)
class TagPicker:
    """Chooses the tags of every post of one article."""

    vocabulary: Vocabulary
    language: str
    fixed: tuple[str, ...]
    limit: int
    #: the article's topics, most mentioned first
    article_topics: tuple[int, ...]
    #: the topic a post naming too few is filled up with: the one the title names (most often),
    #: none when the title names none (the general tags fill it)
    fill_topic: int | None = None

    #: the tags chosen for each ordering of named topics (posts of one article repeat them)
    _memo: dict[tuple[tuple[int, ...], int, bool], tuple[str, ...]] = field(
        default_factory=dict, compare=False
    )
    #: topic counts of the texts given to :func:`tag_picker`, found in one pass with the article's
    _known: dict[str, dict[int, int]] = field(default_factory=dict, compare=False)

    def tags(self, text: str, *, own: int = 0) -> tuple[str, ...]:
        """Tags for a post whose words are ``text``; ``own``: tags the caption already carries."""
        room = max(self.limit - own, 0)
        counts = self._known.get(text)
        if counts is None:
            counts = self.vocabulary.topic_counts(text)
        subjects = self.vocabulary.subjects(counts)
        rank = {t: r for r, t in enumerate(self.article_topics)}
        named = tuple(sorted(subjects, key=lambda t: (-subjects[t], rank.get(t, len(rank)), t)))
        # a post whose passing mention was left out has its subject: it is filled with the general
        # tags, not with the article's main topic (a sunscreen tip of a summer-skin article)
        fill = len(subjects) == len(counts)
        key = (named, room, fill)
        if key not in self._memo:
            self._memo[key] = self._choose(named, room, fill)
        return self._memo[key]

    def _choose(self, named: tuple[int, ...], room: int, fill: bool = True) -> tuple[str, ...]:
        topics = self.vocabulary.topics
        picked = list(self.fixed)
        depth = max((len(topics[t].tags_for(self.language)) for t in named), default=0)
        for level in range(depth):
            picked += [tags[level] for t in named if len(tags := topics[t].tags_for(self.language)) > level]
        if len(clean_tags(picked)) < MIN_TAGS:
            if fill and self.fill_topic is not None:
                picked.append(topics[self.fill_topic].tags_for(self.language)[0])
            picked += list(self.vocabulary.general)
            picked = clean_tags(picked)[: max(MIN_TAGS, len(clean_tags(self.fixed)))]
        return tuple(clean_tags(picked)[:room])


def tag_picker(
    texts: Sequence[str],
    *,
    language: str,
    limit: int,
    workspace: Path | None,
    account: str | None = None,
    setting_tags: Sequence[str] = (),
    title: str = "",
) -> TagPicker:
    """A picker for one article whose posts say ``texts``: the article's topics are counted over
    them all, in the same pass that counts each text's own; ``title``'s topic fills the posts
    naming too few (a laser-aftercare tip on a cool compress gets no #sunscreen for the sun
    mentioned all over the article)."""
    vocab = load_vocabulary(workspace)
    fixed = list(setting_tags) + list(vocab.fixed) + list(vocab.account_fixed.get(account or "", ()))
    each = vocab.counts_each(list(texts))
    total: dict[int, int] = {}
    for counts in each:
        for t, n in counts.items():
            total[t] = total.get(t, 0) + n
    ranked = tuple(sorted(total, key=lambda t: (-total[t], t)))
    known = dict(zip(texts, each, strict=True))
    named = vocab.subjects(known.get(title) or vocab.topic_counts(title)) if title else {}
    fill = min(named, key=lambda t: (-named[t], -total.get(t, 0), t)) if named else None
    return TagPicker(vocab, language, tuple(clean_tags(fixed)), limit, ranked, fill, _known=known)
