"""What the rest of tipqueue may ask of Instagram: publish, reconcile, delete, read replies.

Library code (scheduler, replies) receives objects implementing these protocols and never sees
instagrapi. Every method raises only :class:`config.errors.InstagramError` subclasses:
``TransientError`` / ``RateLimited`` (retry later; ``retry_after`` seconds when Instagram said,
``maybe_done`` when the request may have taken effect), ``AuthRequired``, ``NeedsPerson`` and
``Rejected``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

from tipqueue.posts.models import PublishedMedia, ReplyPage

#: Called with the upload ids right before the request that creates the media is sent. A
#: Publisher MUST call it exactly there (it is how the store learns the point of no return was
#: passed); if it raises, the Publisher must not send and lets the error through.
OnSend = Callable[[Sequence[str]], None]


@runtime_checkable
class Publisher(Protocol):
    """Publishes one account's media. The configure call is the point of no return."""

    account: str

    def publish_photo(
        self, image: Path, caption: str, *, alt_text: str = "", on_send: OnSend | None = None
    ) -> PublishedMedia: ...

    def publish_carousel(
        self,
        images: Sequence[Path],
        caption: str,
        *,
        alt_texts: Sequence[str],
        on_send: OnSend | None = None,
    ) -> PublishedMedia: ...

    def publish_story(self, image: Path, *, on_send: OnSend | None = None) -> PublishedMedia: ...

    def recent_media(self, *, limit: int = 20) -> list[PublishedMedia]:
        """The account's newest feed media first, with caption, taken_at and (when known) media
        type, slide count, image size and ids (for reconciliation)."""
        ...

    def comment(self, media_id: str, text: str) -> str:
        """Post a comment (the first comment) on a media; returns the comment id."""
        ...

    def delete(self, media_id: str) -> None: ...


@runtime_checkable
class ReplySource(Protocol):
    """Reads what people said to one account, incrementally.

    A cursor is an opaque string: store ``ReplyPage.cursor`` and pass it back next time.
    ``None`` means "from the beginning". ``ReplyPage.requests`` counts the HTTP requests made.
    """

    account: str

    def comments(self, media_id: str, *, cursor: str | None) -> ReplyPage:
        """Comments and their child replies newer than the cursor.

        With nothing new since the cursor this makes exactly ONE request. The replies may include
        some already returned before (an overlap window): store them deduplicated by platform id.
        """
        ...

    def all_comments(self, media_id: str) -> ReplyPage:
        """Every comment and reply on a media as it is now (a completeness check; no cursor)."""
        ...

    def direct_messages(self, *, cursor: str | None) -> ReplyPage: ...

    def mentions(self, *, cursor: str | None) -> ReplyPage: ...
