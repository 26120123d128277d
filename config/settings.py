"""The settings schema and how it is loaded.

Sources, later wins: built-in defaults, ``tipqueue.toml`` in the workspace, ``TIPQUEUE_*``
environment variables (nested keys with ``__``: ``TIPQUEUE_BRAND__TEXT_COLOR``), then
command-line flags. The environment is an argument, so tests never touch ``os.environ``.

Passwords and TOTP seeds never live here: see :mod:`config.secrets`.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tomllib
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict
from tipqueue.config.errors import SettingsError
from tipqueue.config.slots import parse_slot_rule

CONFIG_FILE = "tipqueue.toml"
ENV_PREFIX = "TIPQUEUE_"
#: Environment variables with the prefix that are not settings.
_NOT_SETTINGS = ("HOME", "PASSWORD", "TOTP_SEED", "TEST_", "DEBUG")
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def bundled_path(*parts: str) -> Path:
    """A file shipped inside the ``templates`` package (fonts, layouts, example article)."""
    path = resources.files("tipqueue.templates")
    for part in parts:
        path = path / part
    return Path(str(path))


def hide_url_password(url: str) -> str:
    """``url`` with the password of its ``user:password@`` part shown as ``***``, for messages."""
    return re.sub(r"^([A-Za-z][\w+.-]*://[^/@:]*:)[^/@]*@", r"\1***@", url)


def _check_colour(value: str) -> str:
    if not _HEX.match(value):
        raise ValueError(f"{value!r} is not a colour; write it as #RRGGBB, e.g. '#1F3A5F'")
    return value.upper()


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AccountSettings(_Strict):
    """One Instagram account tipqueue publishes to."""

    username: str
    timezone: str = "UTC"
    slots: tuple[str, ...] = ("mon,wed,fri 09:00,18:30",)
    daily_cap: int = Field(default=4, ge=1, le=100)
    min_spacing_minutes: int = Field(default=60, ge=0, le=24 * 60)
    proxy: str | None = None
    backend: Literal["instagrapi", "sandbox"] = "instagrapi"
    sandbox_url: str = "http://127.0.0.1:8765"
    delay_range: tuple[float, float] = (1.0, 3.0)
    #: pin instagrapi's device/app profile (its keys: app_version, version_code, manufacturer, ...);
    #: unset: login and relogin use the installed instagrapi's current profile
    device_settings: dict[str, str | int] | None = None

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"{value!r} is not a known IANA time zone; use a name like 'Europe/London' "
                "or 'America/Los_Angeles'"
            ) from None
        return value

    @field_validator("slots", mode="before")
    @classmethod
    def _slots(cls, value: Any) -> Any:
        rules = [value] if isinstance(value, str) else value
        for rule in rules:
            parse_slot_rule(str(rule))
        return tuple(rules)

    @field_validator("username")
    @classmethod
    def _username(cls, value: str) -> str:
        value = value.strip().lstrip("@")
        if not re.fullmatch(r"[A-Za-z0-9._]{1,30}", value):
            raise ValueError(f"{value!r} is not an Instagram username (letters, digits, '.', '_')")
        return value

    @field_validator("sandbox_url")
    @classmethod
    def _sandbox_url(cls, value: str) -> str:
        if not re.match(r"^http://(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?/?$", value):
            raise ValueError(f"{value!r} must be a loopback http:// address, e.g. 'http://127.0.0.1:8765'")
        return value.rstrip("/")

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class BrandSettings(_Strict):
    """The look of the cards."""

    background_color: str = "#F6F0E8"
    background_gradient: tuple[str, str] | None = None
    background_image: str | None = None
    text_color: str = "#2A2A2A"
    accent_color: str = "#8A3B2E"
    quote_font: str = "DejaVuSerif.ttf"
    body_font: str = "DejaVuSans.ttf"
    logo: str | None = None
    handle: str = ""
    attribution: str | None = None

    _colour = field_validator("background_color", "text_color", "accent_color")(
        classmethod(lambda cls, v: _check_colour(v))
    )

    @field_validator("background_gradient")
    @classmethod
    def _gradient(cls, value: tuple[str, str] | None) -> tuple[str, str] | None:
        if value is None:
            return None
        return (_check_colour(value[0]), _check_colour(value[1]))


class PublishSettings(_Strict):
    max_attempts: int = Field(default=5, ge=1, le=20)
    backoff_seconds: float = Field(default=60.0, ge=0)
    lease_seconds: int = Field(default=600, ge=30)
    grace_minutes: int = Field(default=30, ge=0)
    first_comment: bool = False
    #: after an unknown outcome: how often the feed is read again before "may be live" ...
    reconcile_polls: int = Field(default=5, ge=1, le=20)
    #: ... and the first wait between two reads (doubling each time; 2 s: about 30 s in all)
    reconcile_wait_seconds: float = Field(default=2.0, ge=0, le=60)
    #: fresh uploads after "media_needs_reupload" / "Transcode not finished yet" in one attempt
    media_retries: int = Field(default=2, ge=0, le=5)


class AlertSettings(_Strict):
    webhook_url: str | None = None
    email_to: str | None = None
    email_from: str = "tipqueue@localhost"
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25


class RepliesSettings(_Strict):
    collect_every_minutes: int = Field(default=60, ge=1)
    fuzzy_threshold: int = Field(default=88, ge=50, le=100)


class Settings(BaseSettings):
    """Everything tipqueue can be told. ``tipqueue init`` writes a commented example."""

    model_config = SettingsConfigDict(extra="forbid", frozen=True)

    workspace: Path = Path(".")
    database_url: str | None = None
    default_account: str | None = None
    accounts: dict[str, AccountSettings] = Field(default_factory=dict)
    brand: BrandSettings = BrandSettings()
    hashtags: tuple[str, ...] = ("skincare", "dermatology", "skintips")
    hashtag_limit: int = Field(default=5, ge=0, le=30)
    quote_max_chars: int = Field(default=200, ge=60, le=600)
    default_cta: str = "Which home gadget do you swear by? Tell us in the comments."
    disclaimer: str | None = "Educational content, not medical advice."
    card_format: Literal["portrait", "square", "story"] = "portrait"
    publish: PublishSettings = PublishSettings()
    alerts: AlertSettings = AlertSettings()
    replies: RepliesSettings = RepliesSettings()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # load_settings merges the file, the environment and the flags itself (they are arguments).
        return (init_settings,)

    @field_validator("database_url")
    @classmethod
    def _db_url(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if value.startswith("postgres://"):
            raise ValueError(
                f"{value!r} uses the scheme 'postgres://'; write 'postgresql://' "
                "(or 'postgresql+psycopg://') instead"
            )
        if not re.match(r"^(sqlite|postgresql)(\+\w+)?://", value):
            raise ValueError(
                f"{value!r} is not a supported database URL; use 'sqlite:///path/to/tipqueue.db' "
                "or 'postgresql://user@host/dbname'"
            )
        return value

    @field_validator("hashtags", mode="before")
    @classmethod
    def _tags(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [v for v in re.split(r"[,\s]+", value) if v]
        return tuple(str(v).lstrip("#") for v in value)

    @model_validator(mode="after")
    def _cross_checks(self) -> Settings:
        if self.default_account is not None and self.default_account not in self.accounts:
            raise ValueError(
                f"default_account {self.default_account!r} is not one of the [accounts.*] tables "
                f"({', '.join(sorted(self.accounts)) or 'none defined'}); add [accounts.{self.default_account}]"
            )
        return self

    # --- derived values ---

    @property
    def db_url(self) -> str:
        """The database URL in use: the setting, else a SQLite file in the workspace."""
        if self.database_url:
            url = self.database_url
            if url.startswith("postgresql://"):
                url = "postgresql+psycopg://" + url[len("postgresql://") :]
            return url
        return f"sqlite:///{(self.workspace / 'tipqueue.db').resolve()}"

    @property
    def sessions_dir(self) -> Path:
        return self.workspace / "sessions"

    @property
    def output_dir(self) -> Path:
        return self.workspace / "output"

    def account(self, name: str | None = None) -> tuple[str, AccountSettings]:
        """The named account, or the default one; a clear error when it is unknown."""
        if name is None:
            name = self.default_account or (next(iter(self.accounts)) if len(self.accounts) == 1 else None)
            if name is None:
                if not self.accounts:
                    raise SettingsError(
                        f"no account is configured; add an [accounts.NAME] table to {CONFIG_FILE} "
                        "(tipqueue init writes an example)"
                    )
                raise SettingsError(
                    f"several accounts are configured ({', '.join(sorted(self.accounts))}); "
                    "pass --account NAME or set default_account"
                )
        if name not in self.accounts:
            known = ", ".join(sorted(self.accounts)) or "none"
            raise SettingsError(
                f"unknown account {name!r} (configured: {known}); add [accounts.{name}] to {CONFIG_FILE}"
            )
        return name, self.accounts[name]

    def font_path(self, name: str) -> Path:
        """Resolve a font setting: a path (absolute or in the workspace), else a bundled font."""
        return _resolve_file(self.workspace, name, "fonts", "brand font")

    def check_files(self) -> None:
        """Check every file a setting names exists (fonts, logo, background image)."""
        for key in ("quote_font", "body_font"):
            _resolve_file(self.workspace, getattr(self.brand, key), "fonts", f"brand.{key}")
        for key in ("logo", "background_image"):
            value = getattr(self.brand, key)
            if value is not None:
                _resolve_file(self.workspace, value, None, f"brand.{key}")


def _resolve_file(workspace: Path, name: str, bundled_dir: str | None, key: str) -> Path:
    candidate = Path(name).expanduser()
    if not candidate.is_absolute():
        candidate = workspace / candidate
    if candidate.is_file():
        return candidate
    if bundled_dir is not None:
        shipped = bundled_path(bundled_dir, name)
        if shipped.is_file():
            return shipped
    where = "the workspace" + (" or the bundled fonts" if bundled_dir else "")
    raise SettingsError(
        f"{key} = {name!r}: no such file in {where}; give the path of an existing file"
        + (" (.ttf or .otf)" if bundled_dir else "")
    )


def resolve_workspace(flag: str | Path | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """The workspace: ``--workspace``, else ``TIPQUEUE_HOME``, else the current folder."""
    env = os.environ if environ is None else environ
    chosen = flag or env.get("TIPQUEUE_HOME") or "."
    return Path(chosen).expanduser().resolve()


def _env_overrides(environ: Mapping[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    fields = set(Settings.model_fields)
    for key, raw in environ.items():
        if not key.upper().startswith(ENV_PREFIX):
            continue
        rest = key[len(ENV_PREFIX) :]
        if rest.upper().startswith(_NOT_SETTINGS):
            continue
        path = [p.lower() for p in rest.split("__")]
        if path[0] not in fields:
            continue
        value: Any = raw
        if raw[:1] in "[{":
            with contextlib.suppress(json.JSONDecodeError):
                value = json.loads(raw)
        node = out
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = value
    return out


def _deep_merge(base: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _describe(error: ValidationError, data: Mapping[str, Any]) -> str:
    first = error.errors()[0]
    loc = ".".join(str(p) for p in first["loc"])
    if first["type"] == "extra_forbidden":
        return f"unknown setting {loc!r}; check its spelling against the file `tipqueue init` writes"
    msg = str(first["msg"]).removeprefix("Value error, ")
    if first["type"] == "missing":
        return f"setting {loc} is missing; add it to {CONFIG_FILE}"
    value = first.get("input")
    if isinstance(value, str):
        # A database or proxy URL may carry a password: never show it.
        hidden = hide_url_password(value)
        msg, value = msg.replace(value, hidden), hidden
    shown = f" = {value!r}" if not isinstance(value, dict) else ""
    if isinstance(value, str) and repr(value) in msg:
        shown = ""
    return f"setting {loc}{shown}: {msg}"


def load_settings(
    workspace: Path | None = None,
    *,
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
    check_files: bool = True,
) -> Settings:
    """Load the settings of a workspace; raise SettingsError with one clear line when invalid."""
    env = os.environ if environ is None else environ
    ws = workspace if workspace is not None else resolve_workspace(None, env)
    data: dict[str, Any] = {}
    config_file = ws / CONFIG_FILE
    if config_file.is_file():
        try:
            data = tomllib.loads(config_file.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(f"{config_file.name} is not valid TOML ({exc}); fix that line") from None
    data = _deep_merge(data, _env_overrides(env))
    data = _deep_merge(data, {k: v for k, v in (overrides or {}).items() if v is not None})
    data["workspace"] = ws
    try:
        settings = Settings(**data)
    except ValidationError as exc:
        raise SettingsError(_describe(exc, data)) from exc
    if check_files:
        settings.check_files()
    return settings
