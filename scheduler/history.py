"""A post's history as sentences a person reads, in the account's zone: "Moved to Tue 3 Mar 09:00".

The store records each change as an event name and a detail written for the log (field diffs
such as ``scheduled_at: 2026-03-03T09:00Z -> 2026-03-05T09:00Z; pinned: False -> True``, times
in UTC). :func:`sentence` turns one into what happened, naming times in the account's zone and
leaving out the bookkeeping (due_at, next_attempt_at, pinned). Anything it does not recognise is
shown as recorded, never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, tzinfo

from tipqueue.posts.models import Event

_STAMP = re.compile(r"\b(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})Z\b")
_DIFF = re.compile(r"^(\w+): (.*?) -> (.*)$")
_EDITED = re.compile(r"^(\w+) edited$")
_FIELD_NAMES = {
    "caption": "caption",
    "hashtags": "hashtags",
    "alt_text": "alt text",
    "slides": "card texts",
    "first_comment": "first comment",
    "quote": "quote",
}
_QUIET = {
    "next_attempt_at",
    "pinned",
    "due_at",
    "attempts",
    "last_error",
    "claimed_at",
    "claimed_by",
    "caption_fingerprint",
    "updated_at",
    "lease_expires_at",
}


def when(instant: datetime, zone: tzinfo) -> str:
    """'Tue 3 Mar 09:00' in ``zone``."""
    local = instant.astimezone(zone)
    return f"{local.strftime('%a')} {local.day} {local.strftime('%b %H:%M')}"


def _local(text: str, zone: tzinfo) -> str:
    def swap(match: re.Match[str]) -> str:
        return when(datetime.fromisoformat(f"{match[1]}T{match[2]}").replace(tzinfo=UTC), zone)

    return _STAMP.sub(swap, text)


def _parts(detail: str) -> tuple[dict[str, tuple[str, str]], list[str], list[str]]:
    """(field -> (old, new)) diffs, edited field names, and the parts that are neither."""
    diffs: dict[str, tuple[str, str]] = {}
    edited: list[str] = []
    other: list[str] = []
    for part in (p.strip() for p in detail.split(";")):
        if not part:
            continue
        if found := _DIFF.match(part):
            diffs[found[1]] = (found[2], found[3])
        elif found := _EDITED.match(part):
            edited.append(_FIELD_NAMES.get(found[1], found[1].replace("_", " ")))
        else:
            other.append(part)
    return diffs, edited, other


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _changes(diffs: Mapping[str, tuple[str, str]], edited: list[str], zone: tzinfo) -> list[str]:
    said: list[str] = []
    if "scheduled_at" in diffs:
        new = diffs["scheduled_at"][1]
        said.append("unscheduled" if new == "-" else f"moved to {_local(new, zone)}")
    if "status" in diffs and diffs["status"][1] not in ("scheduled",):
        said.append(f"now {diffs['status'][1].replace('_', ' ')}")
    if "account" in diffs and diffs["account"][0] != "-":
        said.append(f"moved to account {diffs['account'][1]}")
    if edited:
        said.append(f"{_join(edited)} edited")
    for key, (old, new) in diffs.items():
        if key in ("scheduled_at", "status", "account") or key in _QUIET:
            continue
        said.append(f"{key.replace('_', ' ')} changed from {_local(old, zone)} to {_local(new, zone)}")
    return said


def sentence(event: Event, zone: tzinfo, handles: Mapping[str, str] | None = None) -> str:
    """One line of history as a sentence (see the module)."""
    detail = event.detail or ""
    names = handles or {}
    diffs, edited, other = _parts(detail)
    changes = _changes(diffs, edited, zone)
    name = event.event
    if name == "added":
        at = _STAMP.search(detail)
        status = re.search(r"status (\w+)", detail)
        if at is not None:
            return f"Queued for {_local(at[0], zone)}"
        return f"Added as {(status[1] if status else 'a draft').replace('_', ' ')}"
    if name == "approved":
        slot = diffs.get("scheduled_at", ("", ""))[1]
        return "Approved" + (f"; scheduled for {_local(slot, zone)}" if slot and slot != "-" else "")
    if name == "cancelled":
        return "Cancelled"
    if name == "claimed":
        who = f" by {event.runner}" if event.runner else ""
        text = f"Publishing started{who} ({detail.split(';')[0]})" if detail else f"Publishing started{who}"
        if "took over" in detail:
            text += "; it took over an expired claim, so Instagram is checked before sending again"
        return text
    if name == "published":
        media = re.search(r"media (\S+)", detail)
        return "Published" + (f" (media {media[1]})" if media else "")
    if name == "failed":
        error, _, retry = detail.rpartition("; retry at ")
        return f"Failed: {error or detail}" + (f"; retrying {_local(retry, zone)}" if retry and error else "")
    if name == "needs_attention":
        return f"Needs attention: {_local(detail, zone)}" if detail else "Needs attention"
    if name == "swapped":
        other_post = detail.removeprefix("took the time of ").strip()
        return f"Swapped times with {names.get(other_post, other_post)}"
    if name == "made room":
        return "Moved one place later" + (f" ({_local(detail, zone)})" if detail else "")
    if name == "publish now":
        return "Publish now asked for" + (f"; {detail.split('; ', 1)[1]}" if "; " in detail else "")
    label = {
        "moved": "Moved",
        "shuffled": "Shuffled",
        "edited": "Edited",
        "imported": "Changed by an import",
        "shared next": "Shared next",
    }.get(name, name.replace("_", " ").capitalize())
    if name in ("moved", "shuffled", "shared next") and changes and changes[0].startswith("moved to "):
        head, rest = f"{label} to {changes[0].removeprefix('moved to ')}", changes[1:]
    elif name == "edited" and edited:
        head, rest = f"{_join(edited).capitalize()} edited", [c for c in changes if not c.endswith(" edited")]
    else:
        head, rest = label, changes
    tail = [*rest, *(_local(p, zone) for p in other)]
    return head + (": " + "; ".join(tail) if tail else "")
