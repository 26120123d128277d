"""Drafts not yet queued: the post folders `tipqueue split` wrote that the store does not hold.

Staff review them on the dashboard before anything is queued: read a draft, edit its text
(written back to its post.json, checked against Instagram's limits first), approve it (its
post.json says ``"approved": true`` and it is queued into the account's next free slot, exactly
as ``tipqueue queue add --approve`` would). A draft is named by its folder under the workspace's
``posts/`` ("facial-muscles/03-tip"); nothing outside that folder is ever read or written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from tipqueue.config.errors import InputError, NotFoundError
from tipqueue.config.settings import Settings
from tipqueue.posts.folder import POST_FILE, read_post_folder, write_post
from tipqueue.posts.models import Post, PostStatus
from tipqueue.scheduler.preflight import preflight
from tipqueue.scheduler.queue import AddResult, add_folders, edited_values
from tipqueue.scheduler.store import Store

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


@dataclass(frozen=True)
class Draft:
    """A post folder not yet in the queue, and its name under ``posts/``."""

    name: str
    post: Post

    @property
    def series(self) -> str:
        return self.name.split("/", 1)[0]


def drafts_root(settings: Settings) -> Path:
    return settings.workspace / "posts"


def list_drafts(store: Store, settings: Settings) -> list[Draft]:
    """Every post folder under ``posts/`` whose post the store does not hold, in series order.

    A folder that cannot be read is left out (the split or queue commands report it).
    """
    root = drafts_root(settings)
    if not root.is_dir():
        return []
    found: list[Draft] = []
    for path in sorted(root.glob(f"*/*/{POST_FILE}")):
        try:
            post = read_post_folder(path.parent)
        except InputError:
            continue
        found.append(Draft(f"{path.parent.parent.name}/{path.parent.name}", post))
    stored = store.stored_ids([d.post.id for d in found])
    return [d for d in found if d.post.id not in stored]


def _folder(settings: Settings, name: str) -> Path:
    parts = name.split("/")
    if len(parts) != 2 or not all(_NAME.match(p) for p in parts):
        raise NotFoundError(
            f"no draft {name!r}; drafts are named SERIES/FOLDER, as listed on the Drafts page"
        )
    folder = drafts_root(settings) / parts[0] / parts[1]
    if not (folder / POST_FILE).is_file():
        raise NotFoundError(f"no draft {name!r} under {drafts_root(settings)}; run `tipqueue split` first")
    return folder


def get_draft(store: Store, settings: Settings, name: str) -> Draft:
    post = read_post_folder(_folder(settings, name))
    if store.stored_ids([post.id]):
        queued = store.get_post(post.id)
        raise InputError(f"draft {name} is queued already as {queued.ref}; see its page /posts/{queued.id}")
    return Draft(name, post)


def edit_draft(
    store: Store,
    settings: Settings,
    name: str,
    *,
    caption: str | None = None,
    hashtags: Sequence[str] | None = None,
    alt_text: str | Sequence[str] | None = None,
    first_comment: str | None = None,
) -> Draft:
    """Change a draft's text in its post.json; Instagram's limits are checked before writing."""
    draft = get_draft(store, settings, name)
    post = draft.post
    changed = edited_values(
        post,
        f"draft {name}",
        caption=caption,
        hashtags=hashtags,
        alt_text=alt_text,
        first_comment=first_comment,
    )
    if not changed:
        return draft
    edited = replace(post, **changed)
    preflight(edited, hashtag_limit=settings.hashtag_limit, check_media=False, fix_in=None)
    assert post.source_dir is not None
    write_post(edited, post.source_dir)
    return Draft(name, edited)


def approve_draft(store: Store, settings: Settings, name: str, *, now: datetime) -> AddResult:
    """Mark the draft approved in its post.json and queue it into the next free slot."""
    draft = get_draft(store, settings, name)
    assert draft.post.source_dir is not None
    result = add_folders(store, settings, [draft.post.source_dir], now=now, approve=True)
    write_post(replace(draft.post, status=PostStatus.APPROVED), draft.post.source_dir)
    return result
