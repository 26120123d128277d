"""The editor's decisions behind a series of drafts, as its series.json records them.

Per post: the idea's score and why it was chosen (tips), and its flags: a reference to earlier
text, a list item under its lead-in, a guessed title or an opening paragraph left off the cover,
a defaulted call to action, a claim the compliance rules want checked. Per series: the ideas not
in the series, with their score and reason. A series written before these were recorded, or
whose series.json cannot be read, simply has none.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tipqueue.posts.folder import SERIES_FILE


@dataclass(frozen=True)
class PostReview:
    score: float | None = None
    why: str | None = None
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Unused:
    idea: int
    score: float
    reason: str
    text: str
    section: str | None = None


@dataclass(frozen=True)
class SeriesReview:
    posts: dict[str, PostReview] = field(default_factory=dict)
    unused: tuple[Unused, ...] = ()

    def of(self, post_id: str) -> PostReview:
        return self.posts.get(post_id, PostReview())


def _excerpt(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _read(folder: Path) -> dict[str, Any]:
    try:
        data = json.loads((folder / SERIES_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def series_review(folder: Path) -> SeriesReview:
    """What series.json in ``folder`` says about each post and the unused ideas."""
    data = _read(folder)
    if not data:
        return SeriesReview()
    try:
        kinds = {str(p["id"]): str(p["kind"]) for p in data.get("posts", [])}
        flags: dict[str, list[str]] = {pid: [] for pid in kinds}
        scores: dict[str, tuple[float, str]] = {}
        for tip in data.get("tips", []):
            pid = str(tip["post"])
            scores[pid] = (float(tip["score"]), str(tip["why"]))
            flags.setdefault(pid, []).extend(str(f) for f in tip.get("flags", []))
        cover = next((pid for pid, kind in kinds.items() if kind == "cover"), None)
        if cover is not None:
            flags[cover].extend(str(f) for f in data.get("cover_flags", []))
        cta = next((pid for pid, kind in kinds.items() if kind == "cta"), None)
        if cta is not None and data.get("call_to_action_source") == "default":
            topic = data.get("call_to_action_topic")
            flags[cta].append(
                "defaulted call to action: the article asks its readers nothing"
                + (f"; the question for its topic ({topic})" if topic else "")
            )
        for pid, claims in dict(data.get("claims", {})).items():
            flags.setdefault(str(pid), []).extend(f"claim to check: {c}" for c in claims)
        posts = {
            pid: PostReview(
                scores[pid][0] if pid in scores else None,
                scores[pid][1] if pid in scores else None,
                tuple(flags.get(pid, ())),
            )
            for pid in set(kinds) | set(flags)
        }
        unused = tuple(
            Unused(
                int(u["idea"]),
                float(u["score"]),
                str(u["reason"]),
                _excerpt(str(u["text"])),
                u.get("section"),
            )
            for u in data.get("unused", [])
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return SeriesReview()
    return SeriesReview(posts, unused)
