"""Claims rules as data, and the check that runs them over a post's texts.

A rule set is a TOML file: ``templates/compliance/us.toml`` and its siblings ship with
tipqueue; a workspace may add its own as ``compliance/<name>.toml`` (a workspace file of the
same name replaces the shipped one). ``[compliance] rules = ["us", "uk"]`` selects them.

A rule fires on a sentence when one of its ``patterns`` matches and none of its ``unless``
patterns matches the same sentence (the near-misses: "there is no cure", "we cannot guarantee
results"). Flags of different sets on the same topic and words are shown once, at the
strictest severity.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tipqueue.config.errors import SettingsError
from tipqueue.config.settings import bundled_path
from tipqueue.posts.models import ComplianceFlag, Post, Severity

_SEVERITY_ORDER = {Severity.BLOCK: 0, Severity.REVIEW: 1, Severity.NOTE: 2}
#: Sentence ends and line breaks: a rule's ``unless`` looks only at the sentence it fired in.
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class Rule:
    id: str
    topic: str
    severity: Severity
    reason: str
    source: str
    patterns: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...] = ()
    fires: tuple[str, ...] = ()
    silent: tuple[str, ...] = ()

    def find(self, sentence: str) -> str | None:
        """The words this rule fires on in one sentence, or None."""
        if any(u.search(sentence) for u in self.unless):
            return None
        for pattern in self.patterns:
            found = pattern.search(sentence)
            if found:
                return found.group(0)
        return None


@dataclass(frozen=True)
class RuleSet:
    name: str
    title: str
    path: Path
    rules: tuple[Rule, ...]


def _compile(path: Path, rule_id: str, key: str, values: object) -> tuple[re.Pattern[str], ...]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise SettingsError(f"{path.name}: rule {rule_id!r} {key} must be a list of strings")
    out: list[re.Pattern[str]] = []
    for value in values:
        try:
            out.append(re.compile(value, re.IGNORECASE))
        except re.error as exc:
            raise SettingsError(
                f"{path.name}: rule {rule_id!r}: {value!r} in {key} is not a regular expression ({exc}); fix it"
            ) from None
    return tuple(out)


def _load_set(name: str, path: Path) -> RuleSet:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"rule set {path.name} is not valid TOML ({exc}); fix that line") from None
    rules: list[Rule] = []
    for raw in data.get("rule", []):
        rule_id = str(raw.get("id", ""))
        if not rule_id:
            raise SettingsError(f"{path.name}: a [[rule]] has no id; give each rule an id like '{name}.cure'")
        try:
            severity = Severity(raw.get("severity", "review"))
        except ValueError:
            raise SettingsError(
                f"{path.name}: rule {rule_id!r} severity {raw.get('severity')!r} is not block, review or note"
            ) from None
        if not raw.get("source"):
            raise SettingsError(
                f"{path.name}: rule {rule_id!r} has no source; give the guidance page it comes from"
            )
        patterns = _compile(path, rule_id, "patterns", raw.get("patterns", []))
        if not patterns:
            raise SettingsError(f"{path.name}: rule {rule_id!r} has no patterns")
        rules.append(
            Rule(
                id=rule_id,
                topic=str(raw.get("topic", rule_id)),
                severity=severity,
                reason=str(raw.get("reason", "")),
                source=str(raw["source"]),
                patterns=patterns,
                unless=_compile(path, rule_id, "unless", raw.get("unless", [])),
                fires=tuple(raw.get("fires", ())),
                silent=tuple(raw.get("silent", ())),
            )
        )
    return RuleSet(name=name, title=str(data.get("title", name)), path=path, rules=tuple(rules))


def available_sets(workspace: Path | None = None) -> dict[str, Path]:
    """Rule-set name -> file: the shipped sets, then the workspace's ``compliance/*.toml``."""
    found = {p.stem: p for p in sorted(bundled_path("compliance").glob("*.toml"))}
    if workspace is not None and (workspace / "compliance").is_dir():
        found.update({p.stem: p for p in sorted((workspace / "compliance").glob("*.toml"))})
    return found


def load_rules(names: Sequence[str], workspace: Path | None = None) -> tuple[Rule, ...]:
    """The rules of the named sets, in order; an unknown name is a one-line error."""
    return _load_cached(tuple(names), workspace)


@lru_cache(maxsize=16)
def _load_cached(names: tuple[str, ...], workspace: Path | None) -> tuple[Rule, ...]:
    sets = available_sets(workspace)
    rules: list[Rule] = []
    for name in names:
        if name not in sets:
            known = ", ".join(sorted(sets)) or "none"
            raise SettingsError(
                f"compliance.rules names {name!r}, which is not a rule set (known: {known}); "
                f"fix the name or add compliance/{name}.toml to the workspace"
            )
        rules.extend(_load_set(name, sets[name]).rules)
    return tuple(rules)


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text) if s.strip()]


def check_text(text: str, rules: Iterable[Rule], *, field: str = "caption") -> list[ComplianceFlag]:
    """Every rule that fires on ``text`` (once per rule and words), strictest first."""
    flags: list[ComplianceFlag] = []
    for sentence in sentences(text):
        for rule in rules:
            words = rule.find(sentence)
            if words is not None:
                flags.append(
                    ComplianceFlag(
                        rule_id=rule.id,
                        severity=rule.severity,
                        reason=rule.reason,
                        source=rule.source,
                        matched=words,
                        field=field,
                        topic=rule.topic,
                    )
                )
    return _dedupe(flags)


def _post_texts(post: Post) -> list[tuple[str, str]]:
    texts = [("caption", post.caption), ("quote", post.quote)]
    for number, slide in enumerate(post.slides, start=1):
        texts.append((f"card {number}", slide.text))
    if post.first_comment:
        texts.append(("first comment", post.first_comment))
    texts.append(("alt text", post.alt_text))
    return [(name, text) for name, text in texts if text]


def check_post(post: Post, rules: Iterable[Rule]) -> list[ComplianceFlag]:
    """The flags of every text of a post: caption, quote, cards, first comment, alt text."""
    rule_list = tuple(rules)
    flags: list[ComplianceFlag] = []
    for name, text in _post_texts(post):
        flags.extend(check_text(text, rule_list, field=name))
    # the quote usually repeats on the card and in the caption: one flag per rule and words
    return _dedupe(flags, across_fields=True)


def _dedupe(flags: list[ComplianceFlag], *, across_fields: bool = False) -> list[ComplianceFlag]:
    best: dict[tuple[str, ...], ComplianceFlag] = {}
    for flag in sorted(flags, key=lambda f: _SEVERITY_ORDER[f.severity]):
        where = () if across_fields else (flag.field,)
        for key in (
            (*where, "rule", flag.rule_id, flag.matched.lower()),
            (*where, "topic", flag.topic, flag.matched.lower()),
        ):
            if key in best:
                break
        else:
            best[(*where, "rule", flag.rule_id, flag.matched.lower())] = flag
            best[(*where, "topic", flag.topic, flag.matched.lower())] = flag
    unique = list(dict.fromkeys(best.values()))
    return sorted(unique, key=lambda f: _SEVERITY_ORDER[f.severity])


def blocking(flags: Iterable[ComplianceFlag]) -> list[ComplianceFlag]:
    return [f for f in flags if f.severity is Severity.BLOCK]


def needing_review(flags: Iterable[ComplianceFlag]) -> list[ComplianceFlag]:
    return [f for f in flags if f.severity is Severity.REVIEW]


def describe(flag: ComplianceFlag) -> str:
    """One line: severity, rule, the words, where, and why."""
    return f"{flag.severity.value:<6} {flag.rule_id} {flag.field}: “{flag.matched}” - {flag.reason} ({flag.source})"
