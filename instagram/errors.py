"""The ONE place where instagrapi's (and the HTTP layer's) exceptions become tipqueue errors.

Every class in ``instagrapi.exceptions`` is listed in :data:`CATEGORY` by name (a test fails when
instagrapi adds one we have not placed). The categories:

``rate_limited``  -> :class:`RateLimited` (429, "Please wait a few minutes"; ``retry_after`` from
                     the Retry-After header, else a default)
``transient``     -> :class:`TransientError` (dropped connection, timeout, garbled answer)
``auth``          -> :class:`AuthRequired` (session rejected, bad password, 2FA needed)
``person``        -> :class:`NeedsPerson` (challenge, feedback_required, action blocked, sentry
                     block, suspended account, captcha)
``rejected``      -> :class:`Rejected` (permanent: invalid media, not found, caption refused)
``by_status``     -> decided by the HTTP status: 429 rate limited, 5xx / 408 transient, 401/403
                     auth, anything else rejected

``maybe_done`` is set on transient errors only when the caller says the failed request could have
taken effect (the configure call of a publish): a dropped connection, a timeout, a 5xx or an
unreadable answer there means the media may exist, so it must be reconciled, never re-sent blindly.
instagrapi is imported lazily: importing this module costs nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from tipqueue.config.errors import (
    AuthRequired,
    InstagramError,
    MediaRetry,
    NeedsPerson,
    RateLimited,
    Rejected,
    TransientError,
    VersionBan,
)

#: Seconds to wait after "Please wait a few minutes" when Instagram gives no Retry-After.
PLEASE_WAIT_SECONDS = 600.0

CATEGORY: dict[str, str] = {
    # generic / decided by HTTP status
    "ClientError": "by_status",
    "ClientUnknownError": "by_status",
    "ClientStatusFail": "by_status",
    "ClientErrorWithTitle": "by_status",
    "GenericRequestError": "by_status",
    "ClientGraphqlError": "by_status",
    "ClientBadRequestError": "by_status",
    "PrivateError": "by_status",
    "UnknownError": "by_status",
    "PhotoNotUpload": "by_status",  # a 403 login_required on rupload surfaces as this
    "VideoNotUpload": "by_status",
    "IGTVNotUpload": "by_status",
    "ClipNotUpload": "by_status",
    # transient
    "ClientConnectionError": "transient",
    "ClientRequestTimeout": "transient",
    "ClientIncompleteReadError": "transient",
    "ClientJSONDecodeError": "transient",
    # rate limited
    "ClientThrottledError": "rate_limited",
    "PleaseWaitFewMinutes": "rate_limited",
    "RateLimitError": "rate_limited",
    # auth
    "ClientUnauthorizedError": "auth",
    "ClientForbiddenError": "auth",
    "ClientLoginRequired": "auth",
    "ReloginAttemptExceeded": "auth",
    "LoginRequired": "auth",
    "BadPassword": "auth",
    "BadCredentials": "auth",
    "TwoFactorRequired": "auth",
    # a person must act in the Instagram app
    "FeedbackRequired": "person",
    "SignupSpamError": "person",
    "ChallengeError": "person",
    "ChallengeRedirection": "person",
    "ChallengeRequired": "person",
    "AccountSuspended": "person",
    "ChallengeSelfieCaptcha": "person",
    "ChallengeUnknownStep": "person",
    "SelectContactPointRecoveryForm": "person",
    "RecaptchaChallengeForm": "person",
    "SubmitPhoneNumberForm": "person",
    "LegacyForceSetNewPasswordForm": "person",
    "SentryBlock": "person",
    "ProxyAddressIsBlocked": "person",
    "ClientNeedsUpgradeError": "person",
    "ResetPasswordError": "person",
    "AccountEditError": "person",
    "AccountContactPointRequired": "person",
    "CaptchaChallengeRequired": "person",
    "AgeEligibilityError": "person",
    "RelatedProfileRequired": "person",
    # permanent rejections
    "WrongCursorError": "rejected",
    "NotFoundError": "rejected",
    "ClientNotFoundError": "rejected",
    "TrackNotFound": "rejected",
    "MediaError": "rejected",
    "MediaNotFound": "rejected",
    "StoryNotFound": "rejected",
    "UserError": "rejected",
    "UserNotFound": "rejected",
    "CollectionError": "rejected",
    "CollectionNotFound": "rejected",
    "DirectError": "rejected",
    "DirectThreadNotFound": "rejected",
    "DirectMessageNotFound": "rejected",
    "DirectMessageRequestsDisabled": "rejected",
    "VideoTooLongException": "rejected",
    "VideoNotDownload": "rejected",
    "VideoConfigureError": "rejected",
    "VideoConfigureStoryError": "rejected",
    "PhotoConfigureError": "rejected",
    "PhotoConfigureStoryError": "rejected",
    "IGTVConfigureError": "rejected",
    "ClipConfigureError": "rejected",
    "AlbumNotDownload": "rejected",
    "AlbumUnknownFormat": "rejected",
    "AlbumConfigureError": "rejected",
    "HashtagError": "rejected",
    "HashtagNotFound": "rejected",
    "LocationError": "rejected",
    "LocationNotFound": "rejected",
    "HighlightNotFound": "rejected",
    "NoteNotFound": "rejected",
    "PrivateAccount": "rejected",
    "InvalidTargetUser": "rejected",
    "InvalidMediaId": "rejected",
    "MediaUnavailable": "rejected",
    "CommentUnavailable": "rejected",
    "CommentNotFound": "rejected",
    "CommentsDisabled": "rejected",
    "ValidationError": "rejected",
    "EmailInvalidError": "rejected",
    "EmailNotAvailableError": "rejected",
    "EmailVerificationSendError": "rejected",
}


def category_of(exc: BaseException) -> str | None:
    """The category of an instagrapi exception (walking its bases), else None."""
    for klass in type(exc).__mro__:
        if klass.__module__.startswith("instagrapi") and klass.__name__ in CATEGORY:
            return CATEGORY[klass.__name__]
    return None


def _status(exc: BaseException) -> int | None:
    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None)
    if isinstance(status, int):
        return status
    code = getattr(exc, "code", None)
    return code if isinstance(code, int) else None


def _instagram_message(exc: BaseException) -> str:
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    text = " ".join(str(message).split())
    if "login_required" in text or "Bearer" in text:
        text = text.split("Bearer", 1)[0].strip()
    return text[:300]


def _retry_after(exc: BaseException) -> float | None:
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    raw = headers.get("Retry-After")
    try:
        return float(raw) if raw is not None else None
    except ValueError:
        return None


def _by_status(exc: BaseException) -> str:
    status = _status(exc)
    body = str(getattr(getattr(exc, "response", None), "text", "") or "")
    if status == 429:
        return "rate_limited"
    if status in (401, 403) or "login_required" in body or "login_required" in _instagram_message(exc):
        return "auth"
    if status is not None and (status >= 500 or status == 408):
        return "transient"
    return "rejected"


#: ``feedback_required`` answers to a comment that refuse that one comment, not the account's
#: actions (mgp25#2932 ``comment_media_does_not_exist``; "Commenting is Off", igbot#785).
_ONE_COMMENT_KEYS = frozenset({"comment_media_does_not_exist", "comments_disabled"})


def _body(exc: BaseException) -> tuple[int | None, str]:
    """The answer's status and text; instagrapi sometimes raises without the response but with
    the answer's JSON keys set as attributes of the exception, which are put back together."""
    response = getattr(exc, "response", None)
    text = getattr(response, "text", None)
    if isinstance(text, str) and text:
        return _status(exc), text
    fields: dict[str, Any] = {}
    for key, value in vars(exc).items():
        if key in ("response", "code", "args") or key.startswith("_"):
            continue
        try:
            json.dumps(value)
        except (TypeError, ValueError):
            continue
        fields[key] = value
    return _status(exc), json.dumps(fields) if fields else ""


def body_json(text: str) -> dict[str, Any] | None:
    """An answer's JSON object, or None when it is not one (HTML, empty, garbled)."""
    try:
        value = json.loads(text) if text.strip().startswith("{") else None
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def classify_body(status: int | None, text: str) -> str | None:
    """What a recorded Instagram answer means, from its body (see docs/instagram.md, "Errors").

    One of ``version_ban``, ``checkpoint``, ``consent``, ``sentry_block``, ``challenge``,
    ``feedback_block``, ``comment_refused``, ``media_retry``, ``auth``, ``rate_limited``,
    ``login_page`` (an HTML sign-in page instead of JSON: the session is gone); None: not
    recognised, decide by status and exception.
    """
    body = body_json(text)
    if body is None:
        lowered = text.lower()
        if "<html" in lowered and ("accounts/login" in lowered or "log in" in lowered):
            return "login_page"
        return None
    message = str(body.get("message") or "")
    error_type = str(body.get("error_type") or "")
    if error_type == "needs_upgrade" or "unsupported_version" in str(body.get("checkpoint_url") or ""):
        return "version_ban"
    if message == "checkpoint_required" or error_type.startswith("checkpoint"):
        return "challenge" if isinstance(body.get("challenge"), Mapping) else "checkpoint"
    if message == "consent_required" or "consent_data" in body:
        return "consent"
    if error_type == "sentry_block":
        return "sentry_block"
    if message == "challenge_required" or isinstance(body.get("challenge"), Mapping):
        return "challenge"
    if message.startswith("feedback_required") or body.get("feedback_required") is True:
        key = str(body.get("comment_error_key") or "")
        if key in _ONE_COMMENT_KEYS or body.get("comments_disabled") is True:
            return "comment_refused"
        return "feedback_block"
    if message == "media_needs_reupload" or "Transcode not finished yet" in message:
        return "media_retry"
    if message in ("login_required", "user_has_logged_out") or "logout_reason" in body:
        return "auth"
    if "Please wait a few minutes" in message or status == 429:
        return "rate_limited"
    return None


def body_detail(text: str) -> str:
    """Instagram's own words from an answer (never instagrapi's advice to developers)."""
    body = body_json(text) or {}
    parts = [
        str(body.get(k))
        for k in ("message", "error_type", "feedback_title", "feedback_message", "error_title")
        if body.get(k)
    ]
    seen: list[str] = []
    for part in parts:
        if part not in seen and not any(part in s for s in seen):
            seen.append(part)
    return " ".join("; ".join(seen).split())[:300]


_ADVICE = {
    "checkpoint": "Instagram put a checkpoint on the account; open the Instagram app, complete it, "
    "then run `tipqueue queue resume {account}`",
    "consent": "Instagram wants the updated terms accepted; open the Instagram app, review and accept "
    "them, then run `tipqueue queue resume {account}`",
    "sentry_block": "Instagram's spam protection blocked this client (sentry_block); stop, check the "
    "account in the app and its network/proxy, then run `tipqueue queue resume {account}`",
    "challenge": "Instagram wants the account owner to confirm it is them; open the Instagram app on "
    "the phone that usually uses this account, approve the login ('This was me') or complete the "
    "check it shows, then run `tipqueue queue resume {account}`; keep the same session, device and proxy",
    "feedback_block": "Instagram blocked this action for the account (feedback_required); wait until "
    "the app lets you post by hand again (often a day), then run `tipqueue queue resume {account}` "
    "and post less often (daily_cap, min_spacing_minutes)",
}


def map_error(exc: BaseException, *, account: str, action: str, maybe_done: bool = False) -> InstagramError:
    """Turn any exception raised while talking to Instagram into one of our error types.

    ``action`` names what was attempted ("publish_photo"); ``maybe_done`` says the failed request
    could have taken effect on Instagram (the configure step of a publish). The answer's body is
    read first (:func:`classify_body`): it says more than the exception class instagrapi chose.
    """
    if isinstance(exc, InstagramError):
        return exc
    detail = _instagram_message(exc)
    status, text = _body(exc)
    kind = classify_body(status, text) if text else None
    if kind is None:
        kind = classify_body(status, json.dumps({"message": detail}))
        kind = kind if kind not in ("rate_limited", "auth") or status in (None, 400, 403, 429) else None
    if kind in ("challenge", "checkpoint"):  # instagrapi replaces the message with advice to developers
        error_type = str((body_json(text) or {}).get("error_type") or "")
        detail = f"{kind}_required" + (f" ({error_type})" if error_type and kind not in error_type else "")
    elif kind is not None:
        detail = body_detail(text) or detail
    mapped = from_kind(kind, account=account, action=action, detail=detail, maybe_done=maybe_done)
    if mapped is not None:
        return mapped
    where = f"{action} for account {account!r}"
    category = category_of(exc)
    if category is None:
        category = _foreign_category(exc)
    if category == "by_status":
        category = _by_status(exc)
    if category == "rate_limited":
        retry_after = _retry_after(exc)
        if retry_after is None and "Please wait" in detail:
            retry_after = PLEASE_WAIT_SECONDS
        wait = f"after {retry_after:.0f} s" if retry_after is not None else "later"
        return RateLimited(
            f"Instagram is rate-limiting {where} ({detail}); tipqueue will retry {wait}",
            detail=detail,
            retry_after=retry_after,
        )
    if category == "transient":
        refused = _refused_address(exc)
        if refused is not None:
            # urllib3's "HTTPConnectionPool(...) Max retries exceeded" says nothing staff can use
            return TransientError(
                _refused_message(where, *refused), detail="connection refused", maybe_done=maybe_done
            )
        status = _status(exc)
        effect = (
            "; the request may have reached Instagram, so the post will be reconciled before any retry"
            if maybe_done
            else "; it is safe to retry"
        )
        label = f"HTTP {status}" if status else type(exc).__name__
        return TransientError(
            f"{where} failed temporarily ({label}: {detail}){effect}",
            detail=detail,
            maybe_done=maybe_done,
        )
    if category == "auth":
        return AuthRequired(
            f"Instagram no longer accepts the saved session of account {account!r} ({detail}); "
            f"run `tipqueue login {account}`",
            detail=detail,
        )
    if category == "person":
        # instagrapi's own text speaks to developers ("Configure challenge_code_handler..."): staff
        # get what to do, and ``detail`` keeps only Instagram's short reason (--debug shows the rest)
        return NeedsPerson(_person_message(exc, account, action), detail=_person_code(exc, detail))
    return Rejected(f"Instagram refused {where}: {detail}", detail=detail)


_CHALLENGES = frozenset(
    {
        "ChallengeError",
        "ChallengeRedirection",
        "ChallengeRequired",
        "ChallengeSelfieCaptcha",
        "ChallengeUnknownStep",
        "SelectContactPointRecoveryForm",
        "RecaptchaChallengeForm",
        "SubmitPhoneNumberForm",
        "LegacyForceSetNewPasswordForm",
        "CaptchaChallengeRequired",
        "AccountContactPointRequired",
    }
)
_BLOCKS = frozenset({"FeedbackRequired", "SentryBlock", "SignupSpamError", "ProxyAddressIsBlocked"})


def _person_code(exc: BaseException, detail: str) -> str:
    """Instagram's short reason ("challenge_required"), never instagrapi's advice to developers."""
    for code in ("challenge_required", "feedback_required", "checkpoint_required", "sentry_block"):
        if code in detail:
            return code
    return type(exc).__name__


def _person_message(exc: BaseException, account: str, action: str) -> str:
    """What staff should do when Instagram wants a person, in their words."""
    names = {k.__name__ for k in type(exc).__mro__}
    then = (
        f"then run `tipqueue login {account}` again"
        if action == "log in"
        else f"then run `tipqueue queue resume {account}` (tipqueue keeps the post and pauses the account)"
    )
    if names & _CHALLENGES:
        return (
            f"Instagram wants to check it is really you on account {account!r} (challenge_required): "
            "open the Instagram app on the phone that usually uses this account and confirm "
            f"'This was me' or complete the check it shows, {then}; keep the same session, device "
            "and proxy"
        )
    if names & _BLOCKS:
        return (
            f"Instagram is blocking actions of account {account!r} for now (feedback_required or "
            "action blocked): wait until the app lets you post by hand again (often a day), "
            f"{then}; then post less often (daily_cap, min_spacing_minutes)"
        )
    if "AccountSuspended" in names:
        return (
            f"Instagram has suspended account {account!r}: open the Instagram app and follow its "
            f"steps to appeal, {then}"
        )
    return (
        f"Instagram wants a person to act on account {account!r} ({type(exc).__name__}): open the "
        f"Instagram app and do what it asks, {then}"
    )


_ADDRESS = re.compile(r"host='([^']+)', port=(\d+)")
_REFUSED_WORDS = ("Connection refused", "Failed to establish a new connection", "ConnectionRefusedError")


def _refused_address(exc: BaseException) -> tuple[str, int] | None:
    """(host, port) when nothing accepted the connection, read from the error and its causes."""
    seen: BaseException | None = exc
    texts = []
    for _ in range(8):
        if seen is None:
            break
        texts.append(f"{type(seen).__name__} {seen}")
        seen = seen.__cause__ or seen.__context__
    text = " ".join(texts)
    if not any(w in text for w in _REFUSED_WORDS):
        return None
    found = _ADDRESS.search(text)
    return (found.group(1), int(found.group(2))) if found else None


def _refused_message(where: str, host: str, port: int) -> str:
    loopback = host in ("127.0.0.1", "localhost", "::1") or host.startswith("127.")
    if loopback:
        return (
            f"{where} failed: nothing answers at http://{host}:{port} (connection refused); "
            f"`tipqueue sandbox` may not be running: start it with `tipqueue sandbox --port {port}`, "
            "or fix the account's sandbox_url"
        )
    return (
        f"{where} failed: cannot connect to {host}:{port} (connection refused); check this "
        "machine's network and the account's proxy, then try again"
    )


def from_kind(
    kind: str | None, *, account: str, action: str, detail: str, maybe_done: bool = False
) -> InstagramError | None:
    """The error for a :func:`classify_body` kind (None for kinds decided elsewhere)."""
    if kind == "version_ban":
        return VersionBan(
            f"Instagram refuses the app version tipqueue's client uses for account {account!r} ({detail}); "
            f"upgrade tipqueue's instagrapi (pip install -U tipqueue instagrapi), run `tipqueue login {account}`, "
            "then resume the account",
            detail=detail,
        )
    if kind in _ADVICE:
        advice = _ADVICE[kind].format(account=account)
        return NeedsPerson(f"{advice} ({action} for account {account!r}: {detail})", detail=detail)
    if kind == "comment_refused":
        return Rejected(f"Instagram refused {action} for account {account!r}: {detail}", detail=detail)
    if kind == "media_retry":
        return MediaRetry(
            f"Instagram did not take the uploaded image for {action} of account {account!r} ({detail}); "
            "it will be uploaded again",
            detail=detail,
        )
    if kind in ("auth", "login_page"):
        return AuthRequired(
            f"Instagram no longer accepts the saved session of account {account!r} ({detail}); "
            f"run `tipqueue login {account}`",
            detail=detail if kind == "auth" else "a sign-in page came back instead of an answer",
        )
    return None


def _foreign_category(exc: BaseException) -> str:
    """Errors from below instagrapi (requests, urllib3, curl, sockets) or from reading an answer.

    All are transient: a network failure or an answer we could not parse leaves the outcome
    unknown, which ``maybe_done`` then reports for a configure call.
    """
    return "transient"


def describe(exc: BaseException) -> dict[str, Any]:
    """A loggable summary of an exception without secrets (class, status, message)."""
    return {"type": type(exc).__name__, "status": _status(exc), "message": _instagram_message(exc)}
