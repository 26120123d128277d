"""Graph API errors, mapped into tipqueue's error tree at the edge.

An error body looks like ``{"error": {"message", "type", "code", "error_subcode",
"is_transient", "error_user_title", "error_user_msg", "fbtrace_id"}}``. What to do depends on
the code and, for Instagram's publishing errors, on the subcode. ``DOCUMENTED`` lists every code
and subcode of the two pages Meta documents (sources in docs/instagram.md, "Graph errors"):

* Graph API "Handling Errors" (codes 1, 2, 3, 4, 10, 17, 102, 190, 200-299, 341, 368, 506,
  1609005 and the authentication subcodes 458-467, 492);
* Instagram Platform "Error Codes" (code/subcode pairs of content publishing: 2207xxx);

plus the rate-limit codes of the "Rate Limiting" page (32, 613, 80002). A test fails when one of
them has no kind here. An unknown code falls back on the HTTP status and ``is_transient``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from tipqueue.config.errors import (
    AuthRequired,
    InstagramError,
    NeedsPerson,
    RateLimited,
    Rejected,
    TransientError,
)

Kind = Literal["auth", "rate", "transient", "person", "rejected"]

#: (code, subcode or None) -> (kind, what a person should do). Subcode None: any subcode.
DOCUMENTED: dict[tuple[int, int | None], tuple[Kind, str]] = {
    # --- Graph API "Handling Errors" ---
    (1, None): ("transient", "a temporary problem at Meta; it is tried again later"),
    (2, None): ("transient", "Meta's service is down for a moment; it is tried again later"),
    (3, None): (
        "auth",
        "the app lacks a capability or permission; check the Meta app, then run `tipqueue login`",
    ),
    (4, None): ("rate", "the app made too many calls; it waits and tries again"),
    (10, None): ("auth", "a permission was not granted or was removed; run `tipqueue login` and grant it"),
    (17, None): ("rate", "the account made too many calls; it waits and tries again"),
    (102, None): ("auth", "the login session is no longer valid; run `tipqueue login`"),
    (190, None): ("auth", "the access token expired or was revoked; run `tipqueue login`"),
    (190, 458): ("auth", "the app is no longer authorised by the account; run `tipqueue login`"),
    (190, 459): ("person", "the account is checkpointed; sign in to the Instagram app and clear it"),
    (190, 460): ("auth", "the account's password changed; run `tipqueue login`"),
    (190, 463): ("auth", "the access token expired; run `tipqueue login`"),
    (190, 464): ("person", "the account is not confirmed; confirm it in the Instagram app"),
    (190, 467): ("auth", "the access token is invalid; run `tipqueue login`"),
    (190, 492): ("auth", "the session is invalid; run `tipqueue login`"),
    (200, None): ("auth", "a permission is missing; run `tipqueue login` and grant every permission asked"),
    (341, None): ("rate", "the app reached a limit; it waits and tries again"),
    (368, None): (
        "person",
        "the account is blocked for a while for a policy violation; wait, then act in the app",
    ),
    (506, None): ("rejected", "Instagram refused a duplicate post; change the caption"),
    (1609005, None): ("rejected", "a link in the post could not be read; check it"),
    # --- "Rate Limiting" ---
    (32, None): ("rate", "too many calls for this account; it waits and tries again"),
    (613, None): ("rate", "too many calls in the last hour; it waits and tries again"),
    (80002, None): ("rate", "the Instagram rate limit was reached; it waits and tries again"),
    # --- Instagram Platform "Error Codes" (content publishing) ---
    (-2, 2207003): ("transient", "Meta timed out fetching the image; it is tried again with a new container"),
    (-2, 2207020): ("transient", "the container expired; a new one is made on the next attempt"),
    (-1, 2207001): ("transient", "an Instagram server error; it is tried again"),
    (-1, 2207032): ("transient", "Instagram could not create the container; it is tried again"),
    (-1, 2207053): ("transient", "an unknown upload error; it is tried again with a new container"),
    (1, 2207057): ("rejected", "the thumbnail offset is outside the video; fix the post"),
    (4, 2207051): (
        "person",
        "Instagram suspects spam and restricted publishing; check the account in the app",
    ),
    (9, 2207042): (
        "rate",
        "the account reached its publishing limit for 24 hours; it is tried again in an hour",
    ),
    (24, 2207006): (
        "transient",
        "the container was not found (permission or expired token); a new one is made",
    ),
    (24, 2207008): ("transient", "a temporary error publishing the container; it is tried again"),
    (25, 2207050): (
        "person",
        "the account is inactive, checkpointed or restricted; sign in to the Instagram app",
    ),
    (100, 2207023): ("rejected", "the media type is not one Instagram expects; fix the post"),
    (100, 2207028): ("rejected", "the carousel is invalid (2 to 10 items, all finished); fix the post"),
    (352, 2207026): ("rejected", "the video format is not supported; fix the post"),
    (9004, 2207052): (
        "transient",
        "Meta could not fetch the image from its URL; check [media_host] is reachable",
    ),
    (9007, 2207027): ("transient", "the media is not ready for publishing yet; it is tried again shortly"),
    (36000, 2207004): ("rejected", "the image is larger than 8 MiB; render it smaller"),
    (36001, 2207005): ("rejected", "the image format is not supported; render it as JPEG"),
    (36003, 2207009): ("rejected", "the aspect ratio is outside 4:5 to 1.91:1; render the card again"),
    (36004, 2207010): ("rejected", "the caption is too long (2,200 characters); shorten it"),
}
#: Codes 200-299 are all permission errors ("API Permission (Multiple values depending on permission)").
PERMISSION_CODES = range(200, 300)


@dataclass(frozen=True)
class GraphError:
    """The parts of a Graph error body that decide what happens (no token, no trace id)."""

    status: int
    code: int | None
    subcode: int | None
    message: str
    transient: bool = False

    @classmethod
    def parse(cls, status: int, body: Any) -> GraphError:
        error = body.get("error") if isinstance(body, Mapping) else None
        if not isinstance(error, Mapping):
            return cls(status, None, None, f"HTTP {status}")
        return cls(
            status,
            _int(error.get("code")),
            _int(error.get("error_subcode")),
            str(error.get("error_user_msg") or error.get("message") or f"HTTP {status}")[:300],
            bool(error.get("is_transient")),
        )

    def label(self) -> str:
        if self.code is None:
            return f"HTTP {self.status}"
        return f"code {self.code}" + (f"/{self.subcode}" if self.subcode is not None else "")


def _int(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def kind_of(error: GraphError) -> tuple[Kind, str]:
    """What kind of failure this is and what to do, from the documented tables."""
    if error.code is not None:
        for key in ((error.code, error.subcode), (error.code, None)):
            if key in DOCUMENTED:
                return DOCUMENTED[key]
        if error.code in PERMISSION_CODES:
            return DOCUMENTED[(200, None)]
    if error.status == 429:
        return ("rate", "too many requests; it waits and tries again")
    if error.status in (401,):
        return ("auth", "the access token was refused; run `tipqueue login`")
    if error.status >= 500 or error.transient:
        return ("transient", "a temporary problem at Meta; it is tried again later")
    return ("rejected", "Instagram refused the request; check the post")


def map_graph_error(
    error: GraphError,
    *,
    account: str,
    action: str,
    maybe_done: bool = False,
    retry_after: float | None = None,
) -> InstagramError:
    """One error of our tree for a Graph error; ``maybe_done`` when the request may have taken effect."""
    kind, advice = kind_of(error)
    text = f"Instagram ({error.label()}) refused to {action} for account {account!r}: {advice}"
    detail = error.message
    if kind == "auth":
        return AuthRequired(text.replace("`tipqueue login`", f"`tipqueue login {account}`"), detail=detail)
    if kind == "person":
        return NeedsPerson(text, detail=detail)
    if kind == "rejected":
        return Rejected(text, detail=detail)
    if kind == "rate":
        wait = retry_after if retry_after is not None else (3600.0 if error.subcode == 2207042 else None)
        return RateLimited(text, detail=detail, retry_after=wait, maybe_done=maybe_done)
    return TransientError(text, detail=detail, maybe_done=maybe_done)
