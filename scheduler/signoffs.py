"""The store's compliance tables: reviewers' sign-offs, and the retention of collected replies.

Kept beside :mod:`scheduler.store` (same transactions, same engine) so the store module does not
grow; like it, nothing here hands a row out: sign-offs become ``posts.models.Signoff``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select
from tipqueue.config.errors import NotFoundError
from tipqueue.posts.models import Signoff
from tipqueue.scheduler import db
from tipqueue.scheduler.store import Store

_CHUNK = 500


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"time {value.isoformat()} has no time zone; pass an aware datetime")
    return value.astimezone(UTC)


def record_signoff(store: Store, signoff: Signoff, *, detail: str) -> Signoff:
    """Store a sign-off and say so in the post's history (one transaction)."""
    at = _utc(signoff.at)
    with store._tx(write=True) as conn:
        exists = conn.execute(select(db.posts.c.id).where(db.posts.c.id == signoff.post_id)).first()
        if exists is None:
            raise NotFoundError(f"no post with id {signoff.post_id!r}; see `tipqueue queue list --all`")
        conn.execute(
            db.signoffs.insert().values(
                post_id=signoff.post_id,
                reviewer=signoff.reviewer,
                role=signoff.role,
                at=at,
                content_hash=signoff.content_hash,
                accepted=list(signoff.accepted),
                note=signoff.note,
            )
        )
        conn.execute(
            db.post_events.insert().values(
                post_id=signoff.post_id, at=at, event="signed_off", detail=detail, runner=None
            )
        )
    return signoff


def _signoff(row: object) -> Signoff:
    m = row._mapping  # type: ignore[attr-defined]
    return Signoff(
        post_id=m["post_id"],
        reviewer=m["reviewer"],
        role=m["role"],
        at=m["at"],
        content_hash=m["content_hash"],
        accepted=tuple(m["accepted"] or ()),
        note=m["note"],
    )


def latest_signoffs(store: Store, post_ids: Sequence[str]) -> dict[str, Signoff]:
    """post id -> its newest sign-off (posts without one are left out)."""
    s = db.signoffs
    found: dict[str, Signoff] = {}
    ids = list(dict.fromkeys(post_ids))
    with store._tx() as conn:
        for i in range(0, len(ids), _CHUNK):
            newest = (
                select(s.c.post_id, func.max(s.c.id).label("id"))
                .where(s.c.post_id.in_(ids[i : i + _CHUNK]))
                .group_by(s.c.post_id)
                .subquery()
            )
            for row in conn.execute(select(s).join(newest, s.c.id == newest.c.id)):
                found[row.post_id] = _signoff(row)
    return found


def signoff_history(store: Store, post_id: str) -> list[Signoff]:
    s = db.signoffs
    with store._tx() as conn:
        rows = conn.execute(select(s).where(s.c.post_id == post_id).order_by(s.c.id)).all()
    return [_signoff(r) for r in rows]


def commenter_names(store: Store, *, limit: int = 50_000) -> set[str]:
    """The usernames of stored replies: names the patient-data guard must not print beside a treatment."""
    r = db.replies
    with store._tx() as conn:
        rows = conn.execute(select(r.c.username).where(r.c.username.is_not(None)).distinct().limit(limit))
        return {str(name) for (name,) in rows if name}


@dataclass(frozen=True)
class Pruned:
    """What one retention run deleted."""

    deleted: int
    cutoff: datetime
    keep_days: int


def prune_replies(store: Store, *, keep_days: int, now: datetime, dry_run: bool = False) -> Pruned:
    """Delete stored replies collected more than ``keep_days`` days before ``now``.

    A reply's age is counted from when tipqueue collected it (``collected_at``), else from when
    it was written; a reply with neither time is kept (its age is unknown). Exactly the replies
    strictly older than the cutoff go; the cursors are kept, so they are not collected again.
    """
    if keep_days < 1:
        raise ValueError("keep_days must be 1 or more")
    cutoff = _utc(now) - timedelta(days=keep_days)
    r = db.replies
    stamp = func.coalesce(r.c.collected_at, r.c.created_at)
    with store._tx(write=not dry_run) as conn:
        if dry_run:
            count = conn.execute(select(func.count()).select_from(r).where(stamp < cutoff)).scalar_one()
        else:
            count = conn.execute(delete(r).where(stamp < cutoff)).rowcount
    return Pruned(deleted=int(count), cutoff=cutoff, keep_days=keep_days)
