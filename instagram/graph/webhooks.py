"""Meta's webhook notifications for comments and mentions (optional; polling stays the default).

Meta first verifies the callback with ``GET ?hub.mode=subscribe&hub.verify_token=..&hub.challenge=..``
(answer the challenge only when the token is ours), then POSTs JSON notifications signed with the
app secret: ``X-Hub-Signature-256: sha256=<HMAC-SHA256 of the raw body>``. A notification whose
signature does not match is refused. Comments become replies stored through the same
deduplication (by platform id) as collection, so a comment seen by both paths is stored once.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from tipqueue.posts.models import Reply, ReplyKind


def challenge(params: Mapping[str, str], verify_token: str | None) -> str | None:
    """The ``hub.challenge`` to echo, or None when the request is not Meta verifying our token."""
    if not verify_token or params.get("hub.mode") != "subscribe":
        return None
    if not hmac.compare_digest(params.get("hub.verify_token", ""), verify_token):
        return None
    return params.get("hub.challenge")


def signed_by(body: bytes, header: str | None, app_secrets: Iterable[str]) -> bool:
    """True when ``X-Hub-Signature-256`` is the HMAC of the raw body under one of the app secrets."""
    if not header or not header.startswith("sha256="):
        return False
    given = header[7:].strip()
    return any(
        hmac.compare_digest(hmac.new(s.encode(), body, hashlib.sha256).hexdigest(), given)
        for s in app_secrets
        if s
    )


def replies_in(payload: Mapping[str, Any]) -> list[tuple[str | None, Reply]]:
    """(media id, reply) for each comment or mention in a notification; other fields are ignored."""
    out: list[tuple[str | None, Reply]] = []
    if payload.get("object") != "instagram":
        return out
    for entry in payload.get("entry") or []:
        stamp = entry.get("time")
        when = datetime.fromtimestamp(int(stamp), UTC) if stamp else None
        for change in entry.get("changes") or []:
            value = change.get("value") or {}
            field = change.get("field")
            if field in ("comments", "live_comments") and value.get("id"):
                sender = value.get("from") or {}
                parent = value.get("parent_id")
                out.append(
                    (
                        str((value.get("media") or {}).get("id") or "") or None,
                        Reply(
                            platform_id=str(value["id"]),
                            text=str(value.get("text") or ""),
                            kind=ReplyKind.REPLY if parent else ReplyKind.COMMENT,
                            parent_id=str(parent) if parent else None,
                            username=sender.get("username"),
                            user_id=str(sender["id"]) if sender.get("id") else None,
                            created_at=when,
                        ),
                    )
                )
            elif field == "mentions" and (value.get("comment_id") or value.get("media_id")):
                out.append(
                    (
                        None,
                        Reply(
                            platform_id=str(value.get("comment_id") or value.get("media_id")),
                            text=str(value.get("text") or ""),
                            kind=ReplyKind.MENTION,
                            parent_id=str(value.get("media_id")) if value.get("media_id") else None,
                            created_at=when,
                        ),
                    )
                )
    return out
