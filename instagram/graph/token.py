"""The long-lived Instagram access token of a graph account: where it is kept, when it is renewed.

Meta's rules (Access Token and Refresh Access Token references): a long-lived token lasts 60
days; it can be refreshed once it is at least 24 hours old and while it has not expired, and a
refreshed token lasts 60 days from the refresh. An expired token cannot be refreshed: the account
must log in again.

tipqueue refreshes a token when fewer than :data:`REFRESH_WHEN_LEFT` remain (the daemon every few
hours, `publish-due` when it next runs) and raises an alert once fewer than :data:`ALERT_WHEN_LEFT`
remain (refreshing has kept failing), so a person logs in again before publishing stops.

The token is kept in the system keyring (``token = "keyring"``) or a 0600 file
(``token = "file"`` or ``"file:PATH"``). The non-secret facts (expiry, last refresh, user id) are
always in the account's token file, so a cron run can tell with the standard library alone
whether anything needs doing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tipqueue.config.errors import AuthRequired, SettingsError
from tipqueue.config.secrets import write_private_json

LIFETIME = timedelta(days=60)
MIN_AGE_TO_REFRESH = timedelta(hours=24)
REFRESH_WHEN_LEFT = timedelta(days=30)
ALERT_WHEN_LEFT = timedelta(days=7)
KEYRING_SERVICE = "tipqueue"


@dataclass(frozen=True)
class Token:
    """A long-lived Instagram User access token. Its repr never shows the token."""

    access_token: str
    user_id: str
    expires_at: datetime
    refreshed_at: datetime

    def __repr__(self) -> str:
        return f"Token(user_id={self.user_id!r}, expires_at={self.expires_at.isoformat()})"

    def left(self, now: datetime) -> timedelta:
        return self.expires_at - now

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at

    def can_refresh(self, now: datetime) -> bool:
        return not self.expired(now) and now - self.refreshed_at >= MIN_AGE_TO_REFRESH

    def wants_refresh(self, now: datetime) -> bool:
        return self.can_refresh(now) and self.left(now) < REFRESH_WHEN_LEFT

    def wants_alert(self, now: datetime) -> bool:
        return self.left(now) < ALERT_WHEN_LEFT


def token_path(sessions_dir: Path, account: str, ref: str) -> Path:
    """The account's token file (the token itself too unless ``ref`` is 'keyring')."""
    if ref.startswith("file:"):
        return Path(ref[5:]).expanduser()
    return sessions_dir / f"{account}.graph-token.json"


class TokenStore:
    """Reads and writes one account's token in the keyring or its 0600 file."""

    def __init__(self, account: str, ref: str, sessions_dir: Path, *, keyring_backend: Any = None) -> None:
        self.account = account
        self.ref = ref
        self.path = token_path(sessions_dir, account, ref)
        if self.path.is_absolute() is False:
            self.path = self.path.resolve()
        self._keyring = keyring_backend

    def _kr(self) -> Any:
        if self._keyring is not None:
            return self._keyring
        import keyring

        return keyring

    def load(self) -> Token | None:
        meta = read_meta(self.path)
        if meta is None:
            return None
        secret = meta.get("access_token")
        if self.ref == "keyring":
            try:
                secret = self._kr().get_password(KEYRING_SERVICE, f"graph_token:{self.account}")
            except Exception:
                raise SettingsError(
                    f"account {self.account!r} keeps its token in the keyring, but no keyring is usable "
                    "here; set token = 'file' in its [accounts] table and run `tipqueue login` again"
                ) from None
        if not secret:
            return None
        try:
            return Token(
                str(secret),
                str(meta["user_id"]),
                datetime.fromisoformat(meta["expires_at"]),
                datetime.fromisoformat(meta["refreshed_at"]),
            )
        except (KeyError, ValueError):
            return None

    def save(self, token: Token) -> None:
        meta: dict[str, Any] = {
            "user_id": token.user_id,
            "expires_at": token.expires_at.isoformat(),
            "refreshed_at": token.refreshed_at.isoformat(),
        }
        if self.ref == "keyring":
            self._kr().set_password(KEYRING_SERVICE, f"graph_token:{self.account}", token.access_token)
        else:
            meta["access_token"] = token.access_token
        write_private_json(self.path, meta)


def read_meta(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def needs_care(path: Path, now: datetime) -> bool:
    """Standard library only: does this token want a refresh or an alert now? (cron fast path)"""
    meta = read_meta(path)
    if meta is None:
        return False
    try:
        expires = datetime.fromisoformat(meta["expires_at"])
        refreshed = datetime.fromisoformat(meta["refreshed_at"])
    except (KeyError, ValueError):
        return True
    left = expires - now
    return left < ALERT_WHEN_LEFT or (left < REFRESH_WHEN_LEFT and now - refreshed >= MIN_AGE_TO_REFRESH)


Refresher = Callable[[Token], tuple[str, int]]


def refreshed(token: Token, refresh: Refresher, *, now: datetime) -> Token:
    """The token after Meta's refresh call (``refresh`` returns the new token and expires_in)."""
    value, expires_in = refresh(token)
    return Token(value, token.user_id, now + timedelta(seconds=expires_in), now)


def usable(store: TokenStore, refresh: Refresher, *, now: datetime) -> Token:
    """The account's token, refreshed first when it is near expiry. AuthRequired when there is none."""
    token = store.load()
    if token is None:
        raise AuthRequired(
            f"account {store.account!r} has no Instagram API token; run `tipqueue login {store.account}`"
        )
    if token.expired(now):
        raise AuthRequired(
            f"the Instagram API token of account {store.account!r} expired on "
            f"{token.expires_at:%Y-%m-%d} and cannot be refreshed; run `tipqueue login {store.account}`"
        )
    if token.wants_refresh(now):
        with suppress(Exception):  # a failed refresh leaves the old token, still valid, in use
            token = refreshed(token, refresh, now=now)
            store.save(token)
    return token


@dataclass(frozen=True)
class Care:
    """What looking after one account's token did."""

    account: str
    refreshed: bool
    expires_at: datetime | None
    alert: str | None = None


def look_after(store: TokenStore, refresh: Refresher, *, now: datetime) -> Care:
    """Refresh when due; say what a person must do when the token will soon stop working."""
    token = store.load()
    if token is None:
        return Care(store.account, False, None)
    done = False
    error = ""
    if token.wants_refresh(now):
        try:
            token = refreshed(token, refresh, now=now)
            store.save(token)
            done = True
        except Exception as exc:
            error = f" (the last refresh failed: {type(exc).__name__}: {_safe(exc, token)})"
    alert = None
    if token.wants_alert(now):
        when = (
            "has expired"
            if token.expired(now)
            else f"can no longer be refreshed after {token.expires_at:%Y-%m-%d %H:%M} UTC"
        )
        alert = (
            f"the Instagram API token of account {store.account!r} {when}{error}; "
            f"run `tipqueue login {store.account}` before then"
        )
    return Care(store.account, done, token.expires_at, alert)


def _safe(exc: Exception, token: Token) -> str:
    return str(exc).replace(token.access_token, "***")[:200]


def utc_now() -> datetime:
    return datetime.now(UTC)


def accounts_needing_care(settings: Any, now: datetime) -> list[str]:
    """Graph accounts whose token wants a refresh or an alert now (standard library only)."""
    return [
        name
        for name, acct in settings.accounts.items()
        if acct.backend == "graph" and needs_care(token_path(settings.sessions_dir, name, acct.token), now)
    ]
