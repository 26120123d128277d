"""The sandbox's memory across restarts, and its own page for each media.

``tipqueue sandbox`` keeps what a rehearsal made (users and their sessions, media with captions,
alt text and comments, direct threads, mentions) in a JSON state file, written atomically after
every request that changes something and read back at start, so a rehearsal survives a restart
of the sandbox: saved sessions stay valid, reconciliation still finds the posts, reply
collection resumes from its cursors. Faults, recorded requests and half-finished uploads are not
kept (they belong to one run).

A sandbox post's permalink is ``<sandbox_url>/p/<code>/``: :func:`media_page` is that page.
"""

from __future__ import annotations

import html
import itertools
import json
import os
import tempfile
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tipqueue.instagram.fake.replies import _Comment
    from tipqueue.instagram.fake.server import FakeInstagram, _Media

FORMAT = 1


def dump(fake: FakeInstagram) -> dict[str, Any]:
    """Everything a rehearsal made, as JSON types."""
    with fake._lock:
        return {
            "format": FORMAT,
            "users": list(fake.users.values()),
            "sessions": dict(fake.sessions),
            "medias": [_media_json(m) for m in fake.medias.values()],
            "threads": fake.threads,
            "tagged": [_media_json(m) for m in fake.tagged],
        }


def _media_json(media: _Media) -> dict[str, Any]:
    data = asdict(media)
    data["comments"] = [_comment_json(c) for c in media.comments]
    return data


def _comment_json(comment: _Comment) -> dict[str, Any]:
    return {
        "pk": comment.pk,
        "media_pk": comment.media_pk,
        "text": comment.text,
        "user_pk": comment.user["pk"],
        "created_at": comment.created_at,
        "parent_pk": comment.parent_pk,
        "like_count": comment.like_count,
        "pinned_at": comment.pinned_at,
        "children": [_comment_json(c) for c in comment.children],
    }


def load(fake: FakeInstagram, data: dict[str, Any]) -> None:
    """Restore what :func:`dump` wrote (the fake's own seeded owner is merged by username)."""
    from tipqueue.instagram.fake.replies import _Comment
    from tipqueue.instagram.fake.server import _Media

    if data.get("format") != FORMAT:
        raise ValueError(f"sandbox state format {data.get('format')!r} is not {FORMAT}")
    with fake._lock:
        fake.users = {int(u["pk"]): dict(u) for u in data.get("users", [])}
        owner_name = fake.owner["username"]
        fake.owner = next((u for u in fake.users.values() if u["username"] == owner_name), fake.owner)
        fake.users.setdefault(int(fake.owner["pk"]), fake.owner)
        fake.sessions = {str(k): int(v) for k, v in data.get("sessions", {}).items()}

        def comment(raw: dict[str, Any]) -> _Comment:
            return _Comment(
                pk=int(raw["pk"]),
                media_pk=int(raw["media_pk"]),
                text=str(raw["text"]),
                user=fake.users[int(raw["user_pk"])],
                created_at=int(raw["created_at"]),
                parent_pk=raw.get("parent_pk"),
                like_count=int(raw.get("like_count", 0)),
                pinned_at=raw.get("pinned_at"),
                children=[comment(c) for c in raw.get("children", [])],
            )

        def media(raw: dict[str, Any]) -> _Media:
            fields = {k: v for k, v in raw.items() if k != "comments"}
            return _Media(**fields, comments=[comment(c) for c in raw.get("comments", [])])

        fake.medias = {int(m["pk"]): media(m) for m in data.get("medias", [])}
        fake.threads = list(data.get("threads", []))
        fake.tagged = [media(m) for m in data.get("tagged", [])]
        # new ids continue after the stored ones, so nothing is given twice
        media_pks = [m.pk for m in [*fake.medias.values(), *fake.tagged]]
        media_pks += [int(c["pk"]) for m in fake.medias.values() for c in m.children]
        comment_pks = [c.pk for m in fake.medias.values() for top in m.comments for c in (top, *top.children)]
        comment_pks += [int(item["item_id"]) for t in fake.threads for item in t.get("items", [])]
        comment_pks += [int(s.split("fake", 1)[1]) for s in fake.sessions if "fake" in s]
        fake._ids = itertools.count(max(media_pks, default=3_100_000_000_000_000_000) + 1)
        fake._comment_ids = itertools.count(max(comment_pks, default=18_000_000_000_000_000) + 1)
        # comment pks are random (as on Instagram): the restored ones are never drawn again
        fake._rng()
        assert fake._used_pks is not None
        fake._used_pks.update(comment_pks)
        fake._user_ids = itertools.count(max(fake.users, default=1000) + 1)


def save(fake: FakeInstagram, path: Path) -> None:
    """Write the state file atomically (a crash leaves the old file or the new one, never half)."""
    body = json.dumps(dump(fake), ensure_ascii=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".sandbox-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(body)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o600)  # it holds the sandbox's session ids
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def restore(fake: FakeInstagram, path: Path) -> bool:
    """Load the state file if there is one; True when something was restored."""
    if not path.is_file():
        return False
    load(fake, json.loads(path.read_text(encoding="utf-8")))
    return True


def media_page(fake: FakeInstagram, code: str) -> bytes | None:
    """The sandbox's page for a media (its permalink): caption, alt text, comments. None: unknown."""
    with fake._lock:
        found = next((m for m in fake.medias.values() if m.code == code and not m.deleted), None)
        if found is None:
            return None
        owner = fake.users[found.owner_pk]["username"]
        when = datetime.fromtimestamp(found.taken_at, UTC).strftime("%Y-%m-%d %H:%M UTC")
        lines = [
            "<!doctype html><html lang=en><meta charset=utf-8>",
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>@{html.escape(owner)} · sandbox post {html.escape(code)}</title>",
            "<body style='font-family:sans-serif;max-width:40rem;margin:1rem auto;padding:0 1rem'>",
            "<p><strong>Sandbox</strong>: this post exists only in the tipqueue sandbox, not on Instagram.</p>",
            f"<h1>@{html.escape(owner)}</h1><p>{html.escape(when)}</p>",
            f"<pre style='white-space:pre-wrap'>{html.escape(found.caption)}</pre>",
        ]
        alts = [a for a in found.alt_texts if a]
        if alts:
            lines.append("<p>Alt text: " + " | ".join(html.escape(a) for a in alts) + "</p>")
        lines.append(f"<h2>{len(found.comments)} comment(s)</h2><ul>")
        for top in found.comments:
            for item in (top, *top.children):
                indent = " style='margin-left:2rem'" if item is not top else ""
                lines.append(
                    f"<li{indent}><strong>@{html.escape(item.user['username'])}</strong> {html.escape(item.text)}</li>"
                )
        lines.append("</ul></body></html>")
    return "\n".join(lines).encode("utf-8")
