"""Captions, hashtags and alt text, and Instagram's caption limits.

Captions come from Jinja2 templates in ``templates/captions/`` (``cover.j2``, ``tip.j2``,
``cta.j2``), rendered with ``StrictUndefined`` so a misspelt variable is an error, not a blank.
A workspace may override any of them with its own ``templates/captions/NAME.j2``.

Limits (Instagram's, checked on every caption this module makes):

* at most 2,200 characters; the body is shortened at a sentence boundary if needed (the cards
  still carry the whole tip);
* at most ``hashtag_limit`` hashtags (5 by default) and 20 @-mentions; a ``#`` or ``@`` in the
  article's own text beyond the limit is written as the full-width ``＃`` / ``＠`` so Instagram
  does not count it;
* the hook (the first line) ends within the first 125 characters, the part shown before "more";
* alt text at most 1,000 characters.

Emoji shortcodes (":sparkles:") in the rendered caption become emoji (:mod:`posts.emoji_text`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from tipqueue.config.errors import CardError, LimitError
from tipqueue.config.settings import bundled_path
from tipqueue.posts.emoji_text import emojize
from tipqueue.posts.models import HASHTAG, compose_caption

CAPTION_MAX_CHARS = 2200
MENTION_LIMIT = 20
HOOK_MAX_CHARS = 125
ALT_TEXT_MAX_CHARS = 1000

MENTION = re.compile(r"(?<![\w@])@([\w.]+)")
_TAG_CHARS = re.compile(r"[^\w]+")


def bundled_caption_dir() -> Path:
    return bundled_path("captions")


@lru_cache(maxsize=32)
def _template(name: str, workspace: Path | None) -> Any:
    """The compiled template: the workspace's ``templates/captions/<name>.j2``, else the bundled one."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError, TemplateNotFound

    search = [bundled_caption_dir()]
    if workspace is not None and (workspace / "templates" / "captions").is_dir():
        search.insert(0, (workspace / "templates" / "captions").resolve())
    env = Environment(
        loader=FileSystemLoader([str(p) for p in search]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        autoescape=False,
        auto_reload=False,
    )
    try:
        return env.get_template(f"{name}.j2")
    except TemplateNotFound:
        raise CardError(
            f"caption template {name}.j2 not found; restore templates/captions/{name}.j2"
        ) from None
    except TemplateError as exc:
        raise CardError(f"caption template {name}.j2 failed: {exc}; fix the template") from None


def render_caption(name: str, context: Mapping[str, Any], *, workspace: Path | None = None) -> str:
    """Render ``templates/captions/<name>.j2`` (the workspace's copy first, then the bundled one)."""
    from jinja2 import TemplateError

    template = _template(name, workspace)
    try:
        text = template.render(**context)
    except TemplateError as exc:
        raise CardError(f"caption template {name}.j2 failed: {exc}; fix the template") from None
    return _tidy(text)


_BLANK_RUNS = re.compile(r"\n{3,}")
_TRAILING = re.compile(r"[ \t]+\n")


def _tidy(text: str) -> str:
    return _BLANK_RUNS.sub("\n\n", _TRAILING.sub("\n", text.strip()))


def hashtags_for(tags: Iterable[str], limit: int) -> tuple[str, ...]:
    """Clean hashtags (no '#', letters/digits/underscore only), case-insensitively unique, capped."""
    seen: set[str] = set()
    out: list[str] = []
    for tag in tags:
        clean = _TAG_CHARS.sub("", tag.lstrip("#"))
        if clean and clean.lower() not in seen:
            seen.add(clean.lower())
            out.append(clean)
    return tuple(out[: max(limit, 0)])


def neutralise_extra(text: str, pattern: re.Pattern[str], keep: int, sign: str, replacement: str) -> str:
    """Keep the first ``keep`` hashtags/mentions of ``text``; write the sign of the rest full-width."""
    if sign not in text:
        return text
    count = 0

    def repl(m: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return m.group(0) if count <= keep else replacement + m.group(0)[len(sign) :]

    return pattern.sub(repl, text)


def alt_text_for(
    text: str, *, author: str | None, index: int = 1, count: int = 1, what: str = "Quote card"
) -> str:
    """Alt text for one card: what it is and the words on it, at most 1,000 characters."""
    where = f"{what} {index} of {count}" if count > 1 else what
    who = f" from {author}" if author else ""
    alt = f"{where}{who}: {text}"
    if len(alt) > ALT_TEXT_MAX_CHARS:
        alt = alt[: ALT_TEXT_MAX_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return alt


def shorten_hook(text: str, limit: int = HOOK_MAX_CHARS) -> str:
    """A one-line hook of at most ``limit`` characters, cut between words when it must be cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    if " " in head[limit // 2 :]:
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,;:") + "…"


def fit_caption(
    name: str,
    context: Mapping[str, Any],
    *,
    body_key: str,
    body_sentences: Sequence[str],
    hashtags: Sequence[str],
    hashtag_limit: int,
    workspace: Path | None = None,
    joiner: str = " ",
) -> tuple[str, tuple[str, ...]]:
    """Render a caption so that, with its hashtags, it keeps every limit; return both.

    The caption is the text without the hashtags (``Post.caption``); the tags are returned apart
    (``Post.hashtags``) and joined to it only by :func:`compose_caption`, so what staff edit is
    what goes out. Tags the text itself carries use the room first. The body
    (``context[body_key]``) is built from ``body_sentences``, dropping sentences from the end
    (with "…") until the published caption fits 2,200 characters, joined by ``joiner`` (a line
    break for a list's items).
    """
    sentences = list(body_sentences)
    while True:
        body = joiner.join(sentences)
        if len(sentences) < len(body_sentences):
            body = (body + joiner + "…").strip()
        ctx = dict(context)
        ctx[body_key] = body
        # a workspace's own template from before may still print {{ hashtags }}: it gets nothing
        ctx["hashtags"] = ""
        caption = emojize(render_caption(name, ctx, workspace=workspace))
        caption = neutralise_extra(caption, HASHTAG, hashtag_limit, "#", "＃")
        caption = neutralise_extra(caption, MENTION, MENTION_LIMIT, "@", "＠")
        own = len(HASHTAG.findall(caption)) if "#" in caption else 0
        tags = tuple(hashtags[: max(hashtag_limit - own, 0)])
        published = compose_caption(caption, tags)
        if len(published) <= CAPTION_MAX_CHARS:
            return caption, tags
        room = CAPTION_MAX_CHARS - (len(published) - len(caption))
        if not sentences:
            return caption[: max(room - 1, 0)] + "…", tags
        if len(sentences) == 1:
            # one giant sentence: cut it to the room left
            over = len(published) - CAPTION_MAX_CHARS + 2
            cut = sentences[0][: max(len(sentences[0]) - over, 0)]
            sentences = [cut.rsplit(" ", 1)[0] if " " in cut else cut] if cut else []
        else:
            sentences.pop()


def caption_problems(caption: str, *, hashtag_limit: int, hook: str | None = None) -> list[str]:
    """Every Instagram caption limit ``caption`` breaks (empty when it is fine)."""
    problems = []
    if len(caption) > CAPTION_MAX_CHARS:
        problems.append(f"caption has {len(caption)} characters; Instagram allows {CAPTION_MAX_CHARS}")
    tags = len(HASHTAG.findall(caption))
    if tags > hashtag_limit:
        problems.append(f"caption has {tags} hashtags; the limit is {hashtag_limit}")
    mentions = len(MENTION.findall(caption))
    if mentions > MENTION_LIMIT:
        problems.append(f"caption has {mentions} @-mentions; Instagram allows {MENTION_LIMIT}")
    if hook is not None:
        end = caption.find(hook)
        if end < 0 or end + len(hook) > HOOK_MAX_CHARS:
            problems.append(f"the hook {hook[:40]!r} is not within the first {HOOK_MAX_CHARS} characters")
    return problems


def enforce_caption(caption: str, *, hashtag_limit: int, where: str) -> None:
    """Raise LimitError naming the first broken limit."""
    problems = caption_problems(caption, hashtag_limit=hashtag_limit)
    if problems:
        raise LimitError(f"{where}: {problems[0]}; shorten the caption in post.json")
