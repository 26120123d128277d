"""What a cron tick needs to know before anything heavy loads, read with the standard library.

:func:`read_cron_view` reads the same sources as :func:`config.settings.load_settings`, with
the same precedence (the ``--database-url`` flag, then ``TIPQUEUE_*`` variables, then
``tipqueue.toml``, then the defaults), for the few keys `publish-due` needs to decide whether
there is anything to do: ``database_url`` and each account's name, ``backend`` and ``token``.
Whatever it cannot read with certainty (a table given as JSON in a variable, a file that is not
TOML) gives ``None``, and the caller loads the full settings instead.

It does not validate: pydantic does, in the full loader. So that a broken setting still fails
the next cron run (exit 2) rather than waiting for a post to fall due, the full path remembers
the :func:`fingerprint` of every input it validated (:func:`remember_checked`), and the quick
view is only used while the inputs are exactly those (:attr:`CronView.checked`).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping

CONFIG_FILE = "tipqueue.toml"
ENV_PREFIX = "TIPQUEUE_"
#: Variables with the prefix that are not settings (the same list as config.settings uses).
NOT_SETTINGS = ("HOME", "PASSWORD", "TOTP_SEED", "TEST_", "DEBUG", "SMTP_PASSWORD", "WEB_TOKEN")
#: Where the fingerprint of the last inputs the full loader accepted is kept (in the workspace).
CHECKED_FILE = ".tipqueue-settings-checked"
_NESTED = "__"


class CronView:
    """The database URL and the accounts, as the full settings would have them."""

    __slots__ = ("accounts", "checked", "db_url", "workspace")

    def __init__(self, workspace: str, db_url: str, accounts: dict[str, tuple[str, str]], checked: bool):
        self.workspace = workspace
        self.db_url = db_url
        #: account name -> (backend, token store), defaults filled in as AccountSettings has them
        self.accounts = accounts
        #: True when the full loader accepted exactly these inputs before
        self.checked = checked


def workspace_dir(flag: str | None, environ: Mapping[str, str]) -> str:
    """As config.settings.resolve_workspace: the flag, else TIPQUEUE_HOME, else the current folder."""
    chosen = flag or environ.get("TIPQUEUE_HOME") or "."
    return os.path.realpath(os.path.expanduser(chosen))


def settings_variables(environ: Mapping[str, str]) -> dict[str, str]:
    """The TIPQUEUE_* variables that are settings, names lowercased (the full loader ignores case)."""
    n = len(ENV_PREFIX)
    return {
        k.lower(): v
        for k, v in environ.items()
        if k.upper().startswith(ENV_PREFIX) and not k[n:].upper().startswith(NOT_SETTINGS)
    }


def fingerprint(workspace: str, database_url_flag: str | None, environ: Mapping[str, str]) -> str:
    """A digest of every input the full loader reads: the file's bytes, the variables, the flag.

    zlib's checksums, not hashlib: loading OpenSSL would cost the tick more than the rest of this
    module, and the digest only has to notice an edit (anyone who can forge one can edit the file).
    """
    import zlib

    try:  # the schema itself: a reinstalled or upgraded tipqueue checks again
        schema = str(os.stat(os.path.join(os.path.dirname(__file__), "settings.py")).st_mtime_ns)
    except OSError:
        schema = "?"
    try:
        with open(os.path.join(workspace, CONFIG_FILE), "rb") as handle:
            data = handle.read()
    except OSError:
        data = b"\0no file\0"
    for part in (
        schema,
        workspace,
        repr(database_url_flag),
        repr(sorted(settings_variables(environ).items())),
    ):
        data += b"\0" + part.encode("utf-8", "surrogatepass")
    return f"{len(data):x}-{zlib.crc32(data):08x}-{zlib.adler32(data):08x}"


def remember_checked(workspace: str, database_url_flag: str | None, environ: Mapping[str, str]) -> None:
    """After the full loader accepted the inputs: let the next cron runs trust the quick view."""
    path = os.path.join(workspace, CHECKED_FILE)
    stamp = fingerprint(workspace, database_url_flag, environ)
    try:
        with open(path, encoding="ascii") as handle:
            if handle.read().strip() == stamp:
                return
    except (OSError, ValueError):
        pass
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        with open(temporary, "w", encoding="ascii") as handle:
            handle.write(stamp + "\n")
        os.replace(temporary, path)
    except OSError:  # a read-only workspace: cron simply keeps taking the full path
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def read_cron_view(
    workspace_flag: str | None, database_url_flag: str | None, environ: Mapping[str, str]
) -> CronView | None:
    """The database URL and accounts the full settings would load, or None when unsure."""
    workspace = workspace_dir(workspace_flag, environ)
    try:
        with open(os.path.join(workspace, CONFIG_FILE), "rb") as handle:
            raw = handle.read()
    except OSError:
        return None  # not a workspace, or unreadable: the full path says which
    import tomllib

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    url = data.get("database_url")
    tables = data.get("accounts", {})
    if not isinstance(tables, dict) or not (url is None or isinstance(url, str)):
        return None
    accounts: dict[str, dict[str, object]] = {}
    for name, table in tables.items():
        if not isinstance(table, dict):
            return None
        accounts[name] = {k: table[k] for k in ("backend", "token") if k in table}
    prefix = ENV_PREFIX.lower()
    for key, value in settings_variables(environ).items():
        name = key[len(prefix) :]
        if name == "database_url":
            url = value
        elif name == "accounts" or name.startswith("accounts" + _NESTED):
            parts = name.split(_NESTED)
            if len(parts) < 3 or not parts[1]:
                return None  # a table given as JSON: leave it to pydantic-settings
            account = accounts.setdefault(parts[1], {})
            if len(parts) == 3 and parts[2] in ("backend", "token"):
                account[parts[2]] = value
    if database_url_flag is not None:
        url = database_url_flag
    found: dict[str, tuple[str, str]] = {}
    for name, given in accounts.items():
        backend, token = given.get("backend", "instagrapi"), given.get("token", "file")
        if not isinstance(backend, str) or not isinstance(token, str):
            return None
        found[name] = (backend, token)
    checked = _read_checked(workspace) == fingerprint(workspace, database_url_flag, environ)
    return CronView(workspace, _db_url(url or None, workspace), found, checked)


def _db_url(database_url: str | None, workspace: str) -> str:
    """As Settings.db_url: the setting (postgresql:// meaning psycopg), else the workspace's SQLite file."""
    if database_url:
        if database_url.startswith("postgresql://"):
            return "postgresql+psycopg://" + database_url[len("postgresql://") :]
        return database_url
    return "sqlite:///" + os.path.realpath(os.path.join(workspace, "tipqueue.db"))


def _read_checked(workspace: str) -> str | None:
    try:
        with open(os.path.join(workspace, CHECKED_FILE), encoding="ascii") as handle:
            return handle.read().strip()
    except (OSError, ValueError):
        return None
