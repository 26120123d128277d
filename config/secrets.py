"""Where account secrets come from: the environment, then the system keyring, else a prompt.

Secrets are never written to tipqueue.toml, the database, logs or exports.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
import tempfile
from collections.abc import Mapping
from contextlib import suppress
from pathlib import Path
from typing import Any

from tipqueue.config.errors import SettingsError

KEYRING_SERVICE = "tipqueue"


def _env_name(kind: str, account: str) -> str:
    return f"TIPQUEUE_{kind}_{account.upper().replace('-', '_').replace('.', '_')}"


def password_env_var(account: str) -> str:
    return _env_name("PASSWORD", account)


def totp_env_var(account: str) -> str:
    return _env_name("TOTP_SEED", account)


def _lookup(kind: str, account: str, environ: Mapping[str, str] | None, use_keyring: bool) -> str | None:
    env = os.environ if environ is None else environ
    value = env.get(_env_name(kind, account))
    if value:
        return value
    if use_keyring:
        try:
            import keyring

            stored = keyring.get_password(KEYRING_SERVICE, f"{kind.lower()}:{account}")
        except Exception:  # no keyring backend on this machine: fall through to the prompt
            stored = None
        if stored:
            return stored
    return None


#: The mail service's password for email alerts (``alerts.smtp_username``).
SMTP_PASSWORD_ENV = "TIPQUEUE_SMTP_PASSWORD"


def smtp_password(
    username: str, environ: Mapping[str, str] | None = None, *, use_keyring: bool = True
) -> str | None:
    """The SMTP login's password: ``TIPQUEUE_SMTP_PASSWORD``, else the keyring entry
    ``smtp:<username>`` of service ``tipqueue``, else None."""
    env = os.environ if environ is None else environ
    value = env.get(SMTP_PASSWORD_ENV)
    if value:
        return value
    if use_keyring:
        try:
            import keyring

            stored = keyring.get_password(KEYRING_SERVICE, f"smtp:{username}")
        except Exception:  # no keyring backend on this machine
            stored = None
        if stored:
            return stored
    return None


def account_password(
    account: str, environ: Mapping[str, str] | None = None, *, use_keyring: bool = True
) -> str | None:
    """The account's password from ``TIPQUEUE_PASSWORD_<ACCOUNT>`` or the keyring, else None."""
    return _lookup("PASSWORD", account, environ, use_keyring)


def totp_seed(
    account: str, environ: Mapping[str, str] | None = None, *, use_keyring: bool = True
) -> str | None:
    """The account's TOTP seed from ``TIPQUEUE_TOTP_SEED_<ACCOUNT>`` or the keyring, else None.

    Written as the authenticator set-up screen shows it ("ABCD EFGH ..."): spaces and case do not
    matter. A value that is not base32 is a :class:`SettingsError` that does not repeat it.
    """
    raw = _lookup("TOTP_SEED", account, environ, use_keyring)
    if raw is None:
        return None
    seed = re.sub(r"[\s-]+", "", raw).upper().rstrip("=")
    seed += "=" * (-len(seed) % 8)
    try:
        base64.b32decode(seed)
    except (binascii.Error, ValueError):
        raise SettingsError(
            f"the TOTP seed of account {account!r} ({totp_env_var(account)} or the keyring entry "
            f"'totp_seed:{account}') is not a base32 key (letters A-Z, digits 2-7); copy the key "
            "Instagram showed when you set up the authenticator app"
        ) from None
    return seed


def app_secret_env_var(account: str) -> str:
    return _env_name("APP_SECRET", account)


def app_secret(
    account: str, environ: Mapping[str, str] | None = None, *, use_keyring: bool = True
) -> str | None:
    """The Meta app's secret for a graph account: ``TIPQUEUE_APP_SECRET_<ACCOUNT>``, else
    ``TIPQUEUE_APP_SECRET`` (one app for every account), else the keyring, else None."""
    env = os.environ if environ is None else environ
    return _lookup("APP_SECRET", account, environ, use_keyring) or env.get("TIPQUEUE_APP_SECRET") or None


WEBHOOK_TOKEN_ENV = "TIPQUEUE_WEBHOOK_VERIFY_TOKEN"


def webhook_verify_token(environ: Mapping[str, str] | None = None) -> str | None:
    """The string typed into the Meta app's webhook set-up, which Meta echoes when it verifies."""
    env = os.environ if environ is None else environ
    return env.get(WEBHOOK_TOKEN_ENV) or None


def write_private_json(path: Path, data: Mapping[str, Any]) -> None:
    """Write a file holding a secret (a session, a token) as JSON: atomically, so a crash leaves
    the old file or the new one, with permissions 0600 in a folder made 0700."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with suppress(OSError):
        os.chmod(path.parent, 0o700)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    os.chmod(path, 0o600)
