"""Alerts as a person reads them: which post (by its handle), and what became of it since.

An alert says what was wrong when it was raised ("post X needs attention"). When the post has
been published after that (a person fixed it, a retry went through), the alert says so, so
nobody acts on a problem that is gone; a person can also dismiss an alert (`tipqueue alerts
dismiss`, the dashboard's Accounts page), after which status and the dashboard leave it out.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from tipqueue.config.errors import NotFoundError
from tipqueue.config.settings import Settings
from tipqueue.posts.models import Alert, Post, PostStatus
from tipqueue.scheduler.store import Store


@dataclass(frozen=True)
class Notice:
    """An alert, the handle of its post, and what happened to the post after the alert."""

    alert: Alert
    handle: str | None = None
    #: e.g. "since published, Tue 3 Mar 09:02 GMT"; None when nothing changed that matters
    since: str | None = None
    #: True when the post was published after the alert: the problem it reported is gone
    resolved: bool = False

    @property
    def text(self) -> str:
        return self.alert.message + (f" ({self.since})" if self.since else "")


def _zone(settings: Settings | None, post: Post) -> ZoneInfo:
    if settings is not None and post.account in settings.accounts:
        return ZoneInfo(settings.accounts[post.account].timezone)
    return ZoneInfo("UTC")


def explain(store: Store, alerts: Sequence[Alert], settings: Settings | None = None) -> list[Notice]:
    """Each alert with its post's handle and whether the post was published or cancelled since."""
    ids = sorted({a.post_id for a in alerts if a.post_id})
    posts: dict[str, Post] = {}
    for pid in ids:
        try:
            posts[pid] = store.get_post(pid)
        except NotFoundError:
            continue  # an alert about a post no longer stored: shown as it is
    out: list[Notice] = []
    for alert in alerts:
        post = posts.get(alert.post_id or "")
        if post is None:
            out.append(Notice(alert))
            continue
        since, resolved = None, False
        if (
            post.status is PostStatus.PUBLISHED
            and post.published_at is not None
            and post.published_at > alert.at
        ):
            at = post.published_at.astimezone(_zone(settings, post))
            since = f"since published, {at.strftime('%a')} {at.day} {at.strftime('%b %H:%M %Z')}"
            resolved = True
        elif post.status is PostStatus.CANCELLED:
            since = "the post was cancelled since"
            resolved = True
        out.append(Notice(alert, handle=post.ref, since=since, resolved=resolved))
    return out


def open_notices(store: Store, settings: Settings | None = None, *, limit: int = 20) -> list[Notice]:
    """The alerts nobody dismissed, newest first, explained."""
    return explain(store, store.list_alerts(limit=limit, include_dismissed=False), settings)


def dismiss(store: Store, numbers: Collection[int] | None, *, now: datetime) -> int:
    """Dismiss alerts by number (None: all open ones); how many were dismissed."""
    return store.dismiss_alerts(numbers, now=now)
