"""Where account secrets come from: the environment, then the system keyring, else a prompt.

Secrets are never written to tipqueue.toml, the database, logs or exports.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

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


def account_password(
    account: str, environ: Mapping[str, str] | None = None, *, use_keyring: bool = True
) -> str | None:
    """The account's password from ``TIPQUEUE_PASSWORD_<ACCOUNT>`` or the keyring, else None."""
    return _lookup("PASSWORD", account, environ, use_keyring)


def totp_seed(
    account: str, environ: Mapping[str, str] | None = None, *, use_keyring: bool = True
) -> str | None:
    """The account's TOTP seed from ``TIPQUEUE_TOTP_SEED_<ACCOUNT>`` or the keyring, else None."""
    return _lookup("TOTP_SEED", account, environ, use_keyring)
