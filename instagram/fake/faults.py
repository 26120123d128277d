"""Fault injection for the fake Instagram: named faults, recorded answers, and feed behaviour.

* **Named faults** (``fail_next(path, "429")``): short names for answers Instagram really gives.
  The bodies and statuses come from recordings (tests/instagram/recordings/); no header is
  invented (no recorded 429 carries ``Retry-After``).
* **Recorded answers** (``respond_next(path, status, body)``): any recorded body with its real
  status, e.g. a 200 ``"status": "ok"`` answer that says ``media_needs_reupload``.
* **Delays** (``delay_next(path, seconds)``): slow but successful; the request is served after
  the wait (races between runners can be staged without a proxy).
* **Feed behaviour** (state of :class:`FeedQuirks`): the next N media are created without a
  caption (Instagram has returned ``caption: null`` for live posts), and the feed lags: for the
  next N reads of ``feed/user`` a media created after the lag began is not listed yet.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

#: Faults ``fail_next`` understands (also accepted by ``POST /__fake__/faults``).
FAULTS = (
    "429",
    "please_wait",
    "500",
    "timeout",
    "login_required",
    "challenge",
    "feedback",
    "drop_after_configure",
    "rejected",
)

#: name -> (status, body). Sources: 429 "Please wait" LevPasha/Instagram-API-python#753 and
#: pgrimaud/instagram-user-feed#247; 500 mgp25/Instagram-API#1117; login_required
#: Datalux/Osintgram#384; challenge dilame/instagram-private-api#631; feedback
#: ohld/igbot tests/test_bot_comment.py; rejected mgp25/Instagram-API#255 (title only).
NAMED: dict[str, tuple[int, dict[str, Any]]] = {
    "429": (429, {"message": "Please wait a few minutes before you try again.", "status": "fail"}),
    "please_wait": (429, {"message": "Please wait a few minutes before you try again.", "status": "fail"}),
    "500": (500, {"message": "Other media configure error: b'E3v4zLVnwi'", "status": "fail"}),
    "login_required": (
        403,
        {
            "message": "login_required",
            "error_title": "You've Been Logged Out",
            "error_body": "Please log back in.",
            "logout_reason": 8,
            "status": "fail",
        },
    ),
    "challenge": (
        400,
        {
            "message": "challenge_required",
            "challenge": {
                "url": "https://i.instagram.com/challenge/4262653673/SvltxwkTd9/",
                "api_path": "/challenge/4262653673/SvltxwkTd9/",
                "hide_webview_header": True,
                "lock": True,
                "logout": False,
                "native_flow": True,
            },
            "status": "fail",
            "error_type": "checkpoint_challenge_required",
        },
    ),
    "feedback": (
        400,
        {
            "message": "feedback_required",
            "spam": True,
            "feedback_title": "Sorry, this feature isn't available right now",
            "feedback_message": "An error occurred while processing this request. Please try again later. "
            "We restrict certain content and actions to protect our community. Tell us if you think we "
            "made a mistake.",
            "feedback_url": "repute/report_problem/instagram_comment/",
            "feedback_appeal_label": "Report problem",
            "feedback_ignore_label": "OK",
            "feedback_action": "report_problem",
            "status": "fail",
        },
    ),
    "rejected": (400, {"message": "Uploaded image isn't in the right format", "status": "fail"}),
}


@dataclass
class Fault:
    """One planned answer: ``kind`` is a named fault, "respond" (status + body) or "delay"."""

    pattern: re.Pattern[str]
    kind: str
    remaining: int
    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    seconds: float = 0.0


@dataclass
class FeedQuirks:
    """How the feed misbehaves (see the module docstring)."""

    captionless: int = 0  # the next N media are created with caption null
    lag_reads: int = 0  # the next N feed reads ...
    lag_after_pk: int = 0  # ... leave out media with a pk above this


@dataclass
class FaultPlan:
    """The faults waiting for requests, taken first come first served (thread-safe)."""

    faults: list[Fault] = field(default_factory=list)
    feed: FeedQuirks = field(default_factory=FeedQuirks)
    lock: threading.RLock = field(default_factory=threading.RLock)
    #: set to end every delay now (a test holds a slow answer until the race it stages is over)
    released: threading.Event = field(default_factory=threading.Event)

    def wait_delay(self, fault: Fault, stopping: threading.Event) -> None:
        """Hold a delayed request for ``fault.seconds``, or until released or the fake stops."""
        deadline = time.monotonic() + fault.seconds
        while time.monotonic() < deadline and not self.released.is_set() and not stopping.is_set():
            self.released.wait(min(0.05, max(0.0, deadline - time.monotonic())))

    def add(self, fault: Fault) -> None:
        with self.lock:
            self.faults.append(fault)

    def named(self, path_regex: str, name: str, times: int = 1) -> None:
        if name not in FAULTS:
            raise ValueError(f"unknown fault {name!r}; use one of {', '.join(FAULTS)}")
        self.add(Fault(re.compile(path_regex), name, times))

    def respond(
        self, path_regex: str, status: int, body: Any, *, times: int = 1, content_type: str | None = None
    ) -> None:
        raw, kind = _encode(body)
        self.add(
            Fault(
                re.compile(path_regex),
                "respond",
                times,
                status=status,
                body=raw,
                content_type=content_type or kind,
            )
        )

    def delay(self, path_regex: str, seconds: float, times: int = 1) -> None:
        self.add(Fault(re.compile(path_regex), "delay", times, seconds=seconds))

    def take(self, path: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.remaining > 0 and fault.pattern.search(path):
                    fault.remaining -= 1
                    if fault.remaining == 0:
                        self.faults.remove(fault)
                    return fault
        return None

    def response_of(self, fault: Fault) -> tuple[int, bytes, str]:
        """The (status, body, content type) a named or recorded fault answers with."""
        if fault.kind == "respond":
            return fault.status, fault.body, fault.content_type
        status, payload = NAMED[fault.kind]
        raw, kind = _encode(payload)
        return status, raw, kind

    # --- feed quirks ---

    def captionless_next(self, count: int = 1) -> None:
        with self.lock:
            self.feed.captionless += count

    def take_captionless(self) -> bool:
        with self.lock:
            if self.feed.captionless > 0:
                self.feed.captionless -= 1
                return True
            return False

    def lag_feed(self, reads: int, newest_pk: int) -> None:
        with self.lock:
            self.feed.lag_reads, self.feed.lag_after_pk = reads, newest_pk

    def feed_hides_above(self) -> int | None:
        """For one feed read: hide media with a pk above the returned one (None: show all)."""
        with self.lock:
            if self.feed.lag_reads <= 0:
                return None
            self.feed.lag_reads -= 1
            return self.feed.lag_after_pk


def _encode(body: Any) -> tuple[bytes, str]:
    import json

    if isinstance(body, bytes):
        return body, "text/html; charset=utf-8"
    if isinstance(body, str):
        return body.encode(), "text/html; charset=utf-8"
    return json.dumps(body).encode(), "application/json"
