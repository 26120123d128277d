"""The one error tree of tipqueue.

Every error that reaches a person is a :class:`TipqueueError`: its message is one line that names
the bad value and says how to fix it. Front doors (CLI, web) turn these into a clean message and
an exit code in one place; anything else is a bug and shows a traceback only with ``--debug``.
"""

from __future__ import annotations


class TipqueueError(Exception):
    """Base of every error tipqueue raises on purpose."""

    exit_code: int = 1

    def __init__(self, message: str) -> None:
        # one line, whatever a value quoted in it holds (a newline typed into a setting or a field)
        message = message.replace("\r", "\\r").replace("\n", "\\n")
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class SettingsError(TipqueueError):
    """A setting is invalid: bad value in tipqueue.toml, a TIPQUEUE_* variable or a flag."""

    exit_code = 2


class InputError(TipqueueError):
    """The user gave input tipqueue cannot use (a file, an id, a time)."""

    exit_code = 2


class NotFoundError(InputError):
    """A named thing (post id, account, file) does not exist."""


class ArticleError(InputError):
    """An article cannot be read or split (empty, binary, unknown format)."""


class CardError(TipqueueError):
    """A card cannot be rendered legibly (text too long, contrast too low, missing font)."""


class LimitError(TipqueueError):
    """A post breaks one of Instagram's limits (caption length, hashtags, image size, ...)."""


class StoreError(TipqueueError):
    """The store cannot do what was asked (conflicting state, database unreachable)."""


class ConflictError(StoreError):
    """The post is not in a state that allows this change (e.g. moving a published post)."""


# --- Instagram: every foreign exception is mapped to one of these at the edge (instagram/) ---


class InstagramError(TipqueueError):
    """Base of what the Instagram seam raises. ``detail`` is Instagram's own message, if any."""

    def __init__(self, message: str, *, detail: str | None = None) -> None:
        super().__init__(message)
        self.detail = detail


class TransientError(InstagramError):
    """Worth retrying later: rate limit, server error, timeout, dropped connection.

    The outcome of the call is unknown when ``maybe_done`` is true (the request may have reached
    Instagram), so a publish must be reconciled before it is sent again.
    """

    def __init__(
        self,
        message: str,
        *,
        detail: str | None = None,
        retry_after: float | None = None,
        maybe_done: bool = False,
    ) -> None:
        super().__init__(message, detail=detail)
        self.retry_after = retry_after
        self.maybe_done = maybe_done


class RateLimited(TransientError):
    """Instagram asked us to slow down (429, "Please wait a few minutes")."""


class MediaRetry(TransientError):
    """Instagram did not take the uploaded media this time ("media_needs_reupload", "Transcode not
    finished yet"): nothing was published, and a fresh upload usually works."""


class AuthRequired(InstagramError):
    """The saved session is no longer accepted; a relogin (or `tipqueue login`) is needed."""


class NeedsPerson(InstagramError):
    """A person must act in the Instagram app: challenge, feedback_required, action blocked."""


class VersionBan(NeedsPerson):
    """Instagram refuses the app version tipqueue's client speaks (``needs_upgrade``,
    ``checkpoint_required`` at ``/web/unsupported_version/``): upgrade, then log in again."""


class Rejected(InstagramError):
    """Instagram refused this request for good (invalid media, caption over limits, ...)."""


class SizeLimitError(InputError):
    """The input is larger than one of tipqueue's own limits (``[limits]`` in tipqueue.toml)."""
