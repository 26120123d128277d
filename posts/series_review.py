"""Golden series: an editor's verdict on every post of a real article's series, kept as data.

``tests/posts/golden_series/<article>.json`` holds, for one corpus article, every post as it
was read (its cards and the caption as Instagram receives it, :func:`review_text`) and the
verdict: ``"publish"`` (would go out unchanged) or ``"edit"`` with ``why``. A post whose text
has changed since it was read matches no entry and counts as *unreviewed*, never as
publishable: the figure in docs/splitting.md is only what someone actually read.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tipqueue.posts.models import Post

VERDICTS = ("publish", "edit")
# When ``split`` writes no series (nothing in the article reads as advice for a clinic), the golden
# file holds that outcome instead of posts, with the editor's verdict on the refusal itself.
REFUSAL_VERDICTS = ("right", "wrong")
FORMAT = 1


def review_text(post: Post) -> str:
    """What the reviewer read for one post: its cards, then the caption as published."""
    cards = [f"[card {i}/{len(post.slides)}] {s.text}" for i, s in enumerate(post.slides, 1)]
    return "\n".join([*cards, "---", post.published_caption])


@dataclass(frozen=True)
class Entry:
    id: str
    kind: str
    text: str
    verdict: str | None
    why: str = ""


def format_problems(data: Any, name: str) -> list[str]:
    """What is wrong with a golden series file's structure (empty when it is fine)."""
    if not isinstance(data, dict):
        return [f"{name}: not a JSON object"]
    problems = []
    if data.get("format") != FORMAT:
        problems.append(f"{name}: format must be {FORMAT}")
    if not isinstance(data.get("article"), str) or not data.get("article"):
        problems.append(f"{name}: 'article' must name the corpus file")
    posts = data.get("posts")
    refused = data.get("refused")
    if refused is not None:
        if not isinstance(refused, dict) or not str(refused.get("message") or "").strip():
            return [*problems, f"{name}: 'refused' must hold the message split gave"]
        verdict = refused.get("verdict")
        if verdict is not None and verdict not in REFUSAL_VERDICTS:
            problems.append(f"{name}: refusal verdict {verdict!r} is not one of {REFUSAL_VERDICTS} (or null)")
        if verdict is not None and not str(refused.get("why") or "").strip():
            problems.append(f"{name}: a refusal verdict needs 'why'")
        if posts != []:
            problems.append(f"{name}: a refused article has no posts ('posts': [])")
        return problems
    if not isinstance(posts, list) or not posts:
        return [*problems, f"{name}: 'posts' must be a non-empty list (or 'refused' with split's message)"]
    for i, entry in enumerate(posts, 1):
        where = f"{name}: post {i}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: not an object")
            continue
        for key in ("id", "kind", "text"):
            if not isinstance(entry.get(key), str) or not entry.get(key):
                problems.append(f"{where}: '{key}' must be a non-empty string")
        verdict = entry.get("verdict")
        if verdict is not None and verdict not in VERDICTS:
            problems.append(f"{where}: verdict {verdict!r} is not one of {VERDICTS} (or null: not read yet)")
        if verdict == "edit" and not str(entry.get("why") or "").strip():
            problems.append(f"{where}: an 'edit' verdict needs 'why'")
    return problems


def load_golden(path: Path) -> list[Entry]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [Entry(e["id"], e["kind"], e["text"], e.get("verdict"), e.get("why") or "") for e in data["posts"]]


@dataclass(frozen=True)
class Refusal:
    """split wrote no series; the editor's verdict on that (None: not read for this message)."""

    message: str
    verdict: str | None
    why: str = ""


def load_refusal(path: Path) -> Refusal | None:
    """The refusal recorded in a golden file, if the article was refused when it was read."""
    data = json.loads(path.read_text(encoding="utf-8"))
    refused = data.get("refused")
    if not isinstance(refused, dict):
        return None
    return Refusal(str(refused.get("message") or ""), refused.get("verdict"), str(refused.get("why") or ""))


def judge_refusal(message: str, recorded: Refusal | None) -> Refusal:
    """The verdict on today's refusal: the recorded one if split said the same, else unread."""
    if recorded is not None and recorded.message == message:
        return recorded
    return Refusal(message, None)


def draft_refusal(article: str, source: str | None, refusal: Refusal) -> dict[str, Any]:
    """A golden file for an article split refuses: its message, and the verdict if already read."""
    return {
        "format": FORMAT,
        "article": article,
        "source": source,
        "posts": [],
        "refused": {"message": refusal.message, "verdict": refusal.verdict, "why": refusal.why},
    }


@dataclass(frozen=True)
class Judged:
    """One current post and the verdict it was given when read (None: not read in this form)."""

    post: Post
    verdict: str | None
    why: str = ""


def judge(posts: Sequence[Post], golden: Sequence[Entry]) -> list[Judged]:
    """The verdict of every current post: the entry whose reviewed text is exactly its text."""
    by_text: dict[str, Entry] = {}
    for entry in golden:
        by_text.setdefault(entry.text, entry)
    out = []
    for post in posts:
        found = by_text.get(review_text(post))
        out.append(Judged(post, found.verdict if found else None, found.why if found else ""))
    return out


def draft(article: str, source: str | None, posts: Sequence[Post], golden: Sequence[Entry]) -> dict[str, Any]:
    """A golden file for the current series: verdicts kept where the text is unchanged, else null."""
    judged = judge(posts, golden)
    return {
        "format": FORMAT,
        "article": article,
        "source": source,
        "posts": [
            {
                "id": j.post.id,
                "kind": j.post.kind.value,
                "verdict": j.verdict,
                "why": j.why,
                "text": review_text(j.post),
            }
            for j in judged
        ],
    }
