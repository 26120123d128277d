"""Build an :class:`InstagrapiAccount` for a configured account, or log one in.

Only front doors and the demo call these; library code receives a Publisher / ReplySource.

``backend = "instagrapi"`` talks to Instagram and needs a saved session (``tipqueue login``).
``backend = "sandbox"`` routes the same real instagrapi client to the loopback fake at
``sandbox_url`` (``tipqueue sandbox``): no pacing delays, no proxy, no pause before configure, and
when there is no saved session (or the sandbox restarted) it logs in to the fake by itself.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from typing import Any

from tipqueue.config.errors import AuthRequired, InstagramError
from tipqueue.config.secrets import account_password, password_env_var, totp_env_var
from tipqueue.config.secrets import totp_seed as stored_totp_seed
from tipqueue.config.settings import AccountSettings, Settings
from tipqueue.instagram.client import (
    DEFAULT_CONFIGURE_PAUSE,
    DEFAULT_HTTP_TIMEOUT,
    InstagrapiAccount,
    build_client,
    read_session,
    session_path,
    use_current_app_profile,
)
from tipqueue.instagram.errors import category_of, map_error

#: The password a sandbox account uses when none is configured (the fake accepts any).
SANDBOX_PASSWORD = "sandbox"


#: instagrapi's own log lines (its "Status 429: Too many requests" warning) go to this logger, at
#: DEBUG: tipqueue reports the same events itself, in its own words, so by default they are quiet.
INSTAGRAPI_LOGGER = "tipqueue.instagram.instagrapi"
_BEARER = re.compile(r"Bearer\s+\S+")


class _IntoOurLogging(logging.Handler):
    """Re-emit instagrapi's records through tipqueue's logging (secrets in them are masked)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = _BEARER.sub("Bearer ***", record.getMessage())
        except Exception:  # a malformed record must not break publishing
            text = str(record.msg)
        logging.getLogger(INSTAGRAPI_LOGGER).debug("instagrapi %s: %s", record.levelname.lower(), text)


def route_instagrapi_logging() -> None:
    """Send instagrapi's log records through ours instead of Python's bare stderr fallback."""
    theirs = logging.getLogger("instagrapi")
    if not any(isinstance(h, _IntoOurLogging) for h in theirs.handlers):
        theirs.addHandler(_IntoOurLogging())
    theirs.propagate = False


def _client_factory(acct: AccountSettings, http_timeout: float | tuple[float, float]) -> Any:
    route_instagrapi_logging()

    def make(saved: Mapping[str, Any] | None) -> Any:
        if acct.backend == "sandbox":
            from tipqueue.instagram.fake.redirect import route_client_to

            client = build_client(saved, private_transport="requests", http_timeout=http_timeout)
            route_client_to(client, acct.sandbox_url)
            return client
        return build_client(saved, proxy=acct.proxy, delay_range=acct.delay_range, http_timeout=http_timeout)

    return make


def connect(
    settings: Settings,
    account: str,
    *,
    password: str | None = None,
    environ: Mapping[str, str] | None = None,
    validate: bool = True,
    http_timeout: float | tuple[float, float] = DEFAULT_HTTP_TIMEOUT,
) -> InstagrapiAccount:
    """The account as a Publisher and ReplySource, from its saved session.

    ``validate`` checks the session with one request. The password (argument, else
    ``TIPQUEUE_PASSWORD_<ACCOUNT>``, else the keyring; the keyring is skipped when ``environ`` is
    given) is used only for one relogin if Instagram rejects the session.
    """
    name, acct = settings.account(account)
    if acct.backend == "graph":  # the official API: no instagrapi, no session, no password
        from tipqueue.instagram.graph.connect import connect_graph

        return connect_graph(settings, name, environ=environ)  # type: ignore[return-value]
    use_keyring = environ is None
    secret = password or account_password(name, environ, use_keyring=use_keyring)
    seed = stored_totp_seed(name, environ, use_keyring=use_keyring)
    path = session_path(settings.sessions_dir, name)
    saved = read_session(path)
    make = _client_factory(acct, http_timeout)
    sandbox = acct.backend == "sandbox"
    if sandbox:
        secret = secret or SANDBOX_PASSWORD
    elif saved is None:
        raise AuthRequired(f"account {name!r} has no saved session; run `tipqueue login {name}` first")
    result = InstagrapiAccount(
        name,
        make(saved),
        username=acct.username,
        session_file=path,
        password=secret,
        totp_seed=seed,
        configure_pause=0.0 if sandbox else DEFAULT_CONFIGURE_PAUSE,
        reload_client=make,
        pinned_device=acct.device_settings,
    )
    if sandbox:
        result.link_base = acct.sandbox_url  # a sandbox post's link opens the sandbox, not instagram.com
    if saved is None:
        use_current_app_profile(result.client, acct.device_settings)
        _login(result, secret or SANDBOX_PASSWORD, "")
    elif validate:
        result.validate()
    return result


def login(
    settings: Settings,
    account: str,
    *,
    password: str,
    verification_code: str | None = None,
    totp_seed: str | None = None,
    http_timeout: float | tuple[float, float] = DEFAULT_HTTP_TIMEOUT,
) -> InstagrapiAccount:
    """Log in with the password (and a 2FA code, or a TOTP seed to make one); save the session 0600.

    The device identity of an earlier session is kept (Instagram trusts a stable device), but its
    authorisation is dropped, so this always performs a full password login, and its app version
    and user agent are replaced by the installed instagrapi's current profile (unless the account
    pins ``device_settings``): an old app version is what Instagram bans.
    """
    name, acct = settings.account(account)
    if not password:
        raise AuthRequired(f"no password for account {name!r}; set {password_env_var(name)}")
    path = session_path(settings.sessions_dir, name)
    saved = read_session(path) or {}
    identity = {k: v for k, v in saved.items() if k in ("uuids", "device_settings", "country")}
    make = _client_factory(acct, http_timeout)
    result = InstagrapiAccount(
        name,
        make(identity or None),
        username=acct.username,
        session_file=path,
        password=password,
        totp_seed=totp_seed,
        configure_pause=0.0 if acct.backend == "sandbox" else DEFAULT_CONFIGURE_PAUSE,
        reload_client=make,
        pinned_device=acct.device_settings,
    )
    use_current_app_profile(result.client, acct.device_settings)
    if acct.backend == "sandbox":
        result.link_base = acct.sandbox_url
    code = (verification_code or "").strip()
    from_seed = not code and bool(totp_seed)
    if from_seed:
        code = result.client.totp_generate_code(totp_seed)
    _login(result, password, code, from_seed=from_seed)
    return result


def _login(result: InstagrapiAccount, password: str, code: str, *, from_seed: bool = False) -> None:
    name = result.account
    try:
        result.client.login(result.username, password, verification_code=code)
    except InstagramError:
        raise
    except Exception as exc:
        kind = type(exc).__name__
        if kind == "TwoFactorRequired":
            raise AuthRequired(
                f"account {name!r} needs a two-factor code: pass --code CODE, or store its TOTP seed "
                f"in {totp_env_var(name)}" + ("; the code given was not accepted" if code else ""),
                detail=str(exc)[:200],
            ) from exc
        if kind in ("BadPassword", "BadCredentials"):
            raise AuthRequired(
                f"Instagram rejected the password of account {name!r}; check {password_env_var(name)} "
                "(or the keyring) and try again",
                detail=str(exc)[:200],
            ) from exc
        error = map_error(exc, account=name, action="log in")
        if code and "code" in str(exc).lower() and category_of(exc) in ("rejected", "by_status"):
            fix = (
                f"check the TOTP seed in {totp_env_var(name)} (or the keyring) and this machine's clock"
                if from_seed
                else "use a fresh code"
            )
            raise AuthRequired(
                f"the two-factor code for account {name!r} was not accepted; {fix}",
                detail=str(exc)[:200],
            ) from exc
        raise error from exc
    result.save_session()


def connector(settings: Settings) -> Callable[[str], Any]:
    """``connect(name)`` for lazy publisher maps: front doors hand this to the scheduler.

    A ``backend = "graph"`` account gets the official-API backend (instagram.graph), which
    neither imports nor needs instagrapi.
    """

    def connect_account(name: str) -> Any:
        return connect(settings, name)

    return connect_account
