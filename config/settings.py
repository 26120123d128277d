"""The settings schema and how it is loaded.

Sources, later wins: built-in defaults, ``tipqueue.toml`` in the workspace, ``TIPQUEUE_*``
environment variables (nested keys with ``__``: ``TIPQUEUE_BRAND__TEXT_COLOR``), then
command-line flags. pydantic-settings merges them with its own sources (TomlConfigSettingsSource,
EnvSettingsSource with ``env_nested_delimiter="__"``). The environment is an argument, so tests
never touch ``os.environ``.

Passwords and TOTP seeds never live here: see :mod:`config.secrets`.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from contextvars import ContextVar
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal, get_args, get_origin
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)
from pydantic_settings import SettingsError as PydanticSettingsError
from pydantic_settings.sources.utils import parse_env_vars
from tipqueue.config.errors import SettingsError
from tipqueue.config.limits import LimitsSettings
from tipqueue.config.slots import parse_slot_rule

CONFIG_FILE = "tipqueue.toml"
ENV_PREFIX = "TIPQUEUE_"
#: Environment variables with the prefix that are not settings.
_NOT_SETTINGS = ("HOME", "PASSWORD", "TOTP_SEED", "TEST_", "DEBUG", "SMTP_PASSWORD", "WEB_TOKEN")
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
#: The longest pause instagrapi may take between two requests (delay_range), in seconds.
MAX_DELAY_SECONDS = 600


def bundled_path(*parts: str) -> Path:
    """A file shipped inside the ``templates`` package (fonts, layouts, example article)."""
    path = resources.files("tipqueue.templates")
    for part in parts:
        path = path / part
    return Path(str(path))


def hide_url_password(url: str) -> str:
    """``url`` with the password of its ``user:password@`` part shown as ``***``, for messages."""
    return re.sub(r"^([A-Za-z][\w+.-]*://[^/@:]*:)[^/@]*@", r"\1***@", url)


def _rules_of(value: Any, what: str, example: str) -> list[Any]:
    """A setting that takes one text or a list of texts, as a list; anything else refused."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return list(value)
    raise ValueError(f"{what} must be a text or a list of texts, e.g. {example}")


def _check_colour(value: str) -> str:
    if not _HEX.match(value):
        raise ValueError(f"{value!r} is not a colour; write it as #RRGGBB, e.g. '#1F3A5F'")
    return value.upper()


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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


class BrandOverrides(_Strict):
    """``[accounts.NAME.brand]``: any brand setting, for this account's cards and captions only."""

    background_color: str | None = None
    background_gradient: tuple[str, str] | None = None
    background_image: str | None = None
    text_color: str | None = None
    accent_color: str | None = None
    quote_font: str | None = None
    body_font: str | None = None
    logo: str | None = None
    handle: str | None = None
    attribution: str | None = None

    _colour = field_validator("background_color", "text_color", "accent_color")(
        classmethod(lambda cls, v: None if v is None else _check_colour(v))
    )

    @field_validator("background_gradient")
    @classmethod
    def _gradient(cls, value: tuple[str, str] | None) -> tuple[str, str] | None:
        if value is None:
            return None
        return (_check_colour(value[0]), _check_colour(value[1]))


class AccountSettings(_Strict):
    """One Instagram account tipqueue publishes to."""

    username: str
    timezone: str = "UTC"
    slots: tuple[str, ...] = ("mon,wed,fri 09:00,18:30",)
    daily_cap: int = Field(default=4, ge=1, le=100)
    min_spacing_minutes: int = Field(default=60, ge=0, le=24 * 60)
    proxy: str | None = None
    backend: Literal["instagrapi", "sandbox", "graph"] = "instagrapi"
    sandbox_url: str = "http://127.0.0.1:8765"
    delay_range: tuple[float, float] = (1.0, 3.0)
    #: overrides of the workspace's [brand] for this account (only the keys given)
    brand: BrandOverrides | None = None
    # --- backend = "graph": the official Instagram API (docs/instagram.md) ---
    ig_user_id: str | None = None
    app_id: str | None = None
    token: str = "file"
    graph_url: str = "https://graph.instagram.com"
    graph_version: str = "v24.0"
    oauth_url: str = "https://api.instagram.com"
    authorize_url: str = "https://www.instagram.com/oauth/authorize"
    redirect_uri: str = "http://127.0.0.1:8766/"

    @field_validator("token")
    @classmethod
    def _token(cls, value: str) -> str:
        if value not in ("file", "keyring") and not value.startswith("file:"):
            raise ValueError(
                f"{value!r} is not a token store; use 'keyring', 'file' (sessions/NAME.graph-token.json) "
                "or 'file:PATH'"
            )
        return value

    @field_validator("ig_user_id")
    @classmethod
    def _ig_user_id(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"\d{1,30}", value.strip()):
            raise ValueError(
                f"{value!r} is not an Instagram user id (digits only, as `tipqueue login` prints)"
            )
        return value.strip() if value is not None else None

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
        rules = _rules_of(value, "slots", 'slots = ["mon,wed,fri 09:00,18:30"]')
        for rule in rules:
            if not isinstance(rule, str):
                raise ValueError(f'slot rule {rule!r} is not a text; write it like "mon,wed,fri 09:00,18:30"')
            parse_slot_rule(rule)
        return tuple(rules)

    @field_validator("delay_range")
    @classmethod
    def _delays(cls, value: tuple[float, float]) -> tuple[float, float]:
        low, high = value
        if not 0 <= low <= high <= MAX_DELAY_SECONDS:
            raise ValueError(
                f"not a range of seconds; give [MIN, MAX] with "
                f"0 <= MIN <= MAX <= {MAX_DELAY_SECONDS}, e.g. [1, 3] (or [0, 0] for no pause)"
            )
        return value

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
    smtp_port: int = Field(default=25, ge=1, le=65535)
    #: "starttls" (port 587), "ssl" (implicit TLS, port 465), "none" (a local relay), or "auto":
    #: ssl on 465, starttls on 587, none otherwise
    smtp_security: Literal["auto", "none", "starttls", "ssl"] = "auto"
    #: the login name at the mail service; its password comes from TIPQUEUE_SMTP_PASSWORD or the
    #: system keyring (service "tipqueue", entry "smtp:<username>"), never from this file
    smtp_username: str | None = None
    #: a PEM file of the certificate authorities to trust for the mail server (default: the system's)
    smtp_ca_file: str | None = None

    @property
    def security(self) -> str:
        if self.smtp_security != "auto":
            return self.smtp_security
        return {465: "ssl", 587: "starttls"}.get(self.smtp_port, "none")


class RepliesSettings(_Strict):
    collect_every_minutes: int = Field(default=60, ge=1)
    fuzzy_threshold: int = Field(default=88, ge=50, le=100)
    #: Stored replies older than this many days are deleted (None: kept until removed by hand).
    keep_days: int | None = Field(default=None, ge=1, le=3650)


class Reviewer(_Strict):
    """A person who may sign off flagged posts: a name and the role they sign as."""

    name: str = Field(min_length=1)
    role: str = Field(min_length=1)


class ComplianceSettings(_Strict):
    """The claims check, the reviewer sign-off and the patient-data guard."""

    #: Rule sets checked on every post (templates/compliance/<name>.toml or the workspace's).
    rules: tuple[str, ...] = ("us", "meta")
    #: Who may sign off review flags. With none, flags are shown but nothing waits for sign-off.
    reviewers: tuple[Reviewer, ...] = ()
    #: How long after its slot a post may wait in needs_approval before it expires
    #: (None: publish.grace_minutes).
    approval_grace_minutes: int | None = Field(default=None, ge=0, le=7 * 24 * 60)
    #: Refuse captions and comments that carry patient identifiers.
    patient_guard: bool = True
    #: The clinic's own phone numbers, email addresses and @handles, allowed in posts.
    own_contacts: tuple[str, ...] = ()

    @field_validator("rules", mode="before")
    @classmethod
    def _rule_names(cls, value: Any) -> Any:
        names = _rules_of(value, "rules", 'rules = ["us", "meta"]')
        for name in names:
            if not re.fullmatch(r"[a-z0-9_-]{1,40}", str(name)):
                raise ValueError(f"{name!r} is not a rule-set name; use names like 'us', 'uk' or 'meta'")
        return tuple(names)

    @field_validator("reviewers", mode="before")
    @classmethod
    def _reviewers(cls, value: Any) -> Any:
        out = []
        example = 'reviewers = ["Dr Ana Ruiz (dermatologist)"]'
        if not isinstance(value, list | tuple):
            raise ValueError(f"reviewers must be a list, e.g. {example}")
        for item in value:
            if isinstance(item, str):
                name, sep, role = item.partition("(")
                if not sep or not role.rstrip().endswith(")"):
                    raise ValueError(
                        f"reviewer {item!r} has no role; write 'Dr Ana Ruiz (dermatologist)' "
                        "or {{ name = 'Dr Ana Ruiz', role = 'dermatologist' }}"
                    )
                item = {"name": name.strip(), "role": role.rstrip()[:-1].strip()}
            out.append(item)
        return tuple(out)

    @property
    def signoff_required(self) -> bool:
        return bool(self.reviewers)

    def reviewer(self, name: str) -> Reviewer | None:
        wanted = " ".join(name.split()).casefold()
        return next((r for r in self.reviewers if " ".join(r.name.split()).casefold() == wanted), None)


class MediaHostSettings(_Strict):
    """Where Meta fetches images for graph accounts: an S3-compatible bucket, or `tipqueue web`."""

    kind: Literal["web", "s3"] = "web"
    public_base_url: str | None = None
    bucket: str | None = None
    prefix: str = "tipqueue/"
    endpoint_url: str | None = None
    region: str | None = None
    link_minutes: int = Field(default=60, ge=5, le=7 * 24 * 60)
    remove_after_publish: bool = True

    @model_validator(mode="after")
    def _complete(self) -> MediaHostSettings:
        if self.kind == "s3" and not self.bucket:
            raise ValueError("kind = 's3' needs bucket = 'NAME' (and endpoint_url for a non-AWS service)")
        return self


class WebhookSettings(_Strict):
    """Optional: `tipqueue web` receives Meta's comment and mention notifications at /webhooks/instagram."""

    enabled: bool = False


class Settings(BaseSettings):
    """Everything tipqueue can be told. ``tipqueue init`` writes a commented example."""

    model_config = SettingsConfigDict(extra="forbid", frozen=True)

    workspace: Path = Path(".")
    database_url: str | None = None
    default_account: str | None = None
    accounts: dict[str, AccountSettings] = Field(default_factory=dict)
    brand: BrandSettings = BrandSettings()
    #: "a,b" or a TOML list; NoDecode: TIPQUEUE_HASHTAGS=skincare,spf is a plain string
    hashtags: Annotated[tuple[str, ...], NoDecode] = ("skincare", "dermatology", "skintips")
    hashtag_limit: int = Field(default=5, ge=0, le=30)
    quote_max_chars: int = Field(default=200, ge=60, le=600)
    default_cta: str = "Which home gadget do you swear by? Tell us in the comments."
    disclaimer: str | None = "Educational content, not medical advice."
    card_format: Literal["portrait", "square", "story"] = "portrait"
    publish: PublishSettings = PublishSettings()
    alerts: AlertSettings = AlertSettings()
    replies: RepliesSettings = RepliesSettings()
    compliance: ComplianceSettings = ComplianceSettings()
    media_host: MediaHostSettings = MediaHostSettings()
    webhooks: WebhookSettings = WebhookSettings()
    limits: LimitsSettings = LimitsSettings()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Earlier wins: the flags (init), then TIPQUEUE_* variables, then tipqueue.toml. The file
        # and the environment are those load_settings was given (never os.environ behind its back).
        where = _LOADING.get()
        if where is None:
            return (init_settings,)
        config_file, environ = where
        return (
            init_settings,
            _GivenEnvironment(settings_cls, environ),
            TomlConfigSettingsSource(settings_cls, toml_file=config_file),
        )

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
        tags = _rules_of(value, "hashtags", 'hashtags = ["skincare", "spf"]')
        for tag in tags:
            if not isinstance(tag, str):
                raise ValueError(f'hashtag {tag!r} is not a word; write hashtags as texts, e.g. ["skincare"]')
        return tuple(tag.lstrip("#") for tag in tags)

    @model_validator(mode="after")
    def _cross_checks(self) -> Settings:
        if self.default_account is not None and self.default_account not in self.accounts:
            name = self.default_account
            raise ValueError(
                f"setting default_account = {name!r} names no [accounts.*] table (configured: "
                f"{', '.join(sorted(self.accounts)) or 'none'}); fix the name or add [accounts.{name}]"
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

    def brand_for(self, account: str | None = None) -> BrandSettings:
        """The brand of ``account``'s cards and captions: [brand], then [accounts.NAME.brand].

        ``None`` means the default account (as for a post with no account); with no such
        account, the workspace's [brand].
        """
        name = account
        if name is None:
            name = self.default_account or (next(iter(self.accounts)) if len(self.accounts) == 1 else None)
        chosen = self.accounts.get(name) if name is not None else None
        if chosen is None or chosen.brand is None:
            return self.brand
        given = chosen.brand.model_dump(exclude_unset=True)
        return BrandSettings.model_validate(self.brand.model_dump() | given)

    def font_path(self, name: str) -> Path:
        """Resolve a font setting: a path (absolute or in the workspace), else a bundled font."""
        return _resolve_file(self.workspace, name, "fonts", "brand font")

    def check_files(self) -> None:
        """Check every file a setting names exists (fonts, logo, background image)."""
        brands = [("brand", self.brand)] + [
            (f"accounts.{name}.brand", self.brand_for(name))
            for name, account in self.accounts.items()
            if account.brand is not None
        ]
        for where, brand in brands:
            for key in ("quote_font", "body_font"):
                _resolve_file(self.workspace, getattr(brand, key), "fonts", f"{where}.{key}")
            for key in ("logo", "background_image"):
                value = getattr(brand, key)
                if value is not None:
                    _resolve_file(self.workspace, value, None, f"{where}.{key}")


def _resolve_file(workspace: Path, name: str, bundled_dir: str | None, key: str) -> Path:
    try:
        candidate = Path(name).expanduser()
    except RuntimeError:  # "~someone/..." for a user this machine does not know
        raise SettingsError(
            f"{key} = {name!r}: there is no home folder for {name.split('/', 1)[0]!r}; give the full path"
        ) from None
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
    try:
        return Path(chosen).expanduser().resolve()
    except RuntimeError:  # "~someone" for a user this machine does not know
        raise SettingsError(
            f"workspace {str(chosen)!r}: there is no home folder for {str(chosen).split('/', 1)[0]!r}; "
            "give the full path with --workspace or TIPQUEUE_HOME"
        ) from None


#: (tipqueue.toml, the environment) of the load_settings call in progress.
_LOADING: ContextVar[tuple[Path, Mapping[str, str]] | None] = ContextVar("tipqueue_settings", default=None)


class _GivenEnvironment(EnvSettingsSource):
    """pydantic-settings' own environment source (``TIPQUEUE_`` prefix, nested keys with ``__``,
    JSON for tables and lists) over the mapping load_settings was given, without the variables
    that are not settings (TIPQUEUE_HOME, passwords, TOTP seeds, the test seams)."""

    def __init__(self, settings_cls: type[BaseSettings], environ: Mapping[str, str]) -> None:
        self._given = {
            k: v
            for k, v in environ.items()
            if k.upper().startswith(ENV_PREFIX) and not k[len(ENV_PREFIX) :].upper().startswith(_NOT_SETTINGS)
        }
        super().__init__(settings_cls, env_prefix=ENV_PREFIX, env_nested_delimiter="__", case_sensitive=False)

    def _load_env_vars(self) -> Mapping[str, str | None]:
        return parse_env_vars(
            self._given, self.case_sensitive, self.env_ignore_empty, self.env_parse_none_str
        )


def _model_in(annotation: Any) -> type[BaseModel] | None:
    for candidate in (annotation, *get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _closest_key(loc: tuple[int | str, ...]) -> str | None:
    """The known key nearest to the misspelt last part of ``loc`` ("brand.text_colour" -> text_color)."""
    import difflib

    model: type[BaseModel] = Settings
    parts = [str(p) for p in loc]
    i = 0
    while i < len(parts) - 1:
        field = model.model_fields.get(parts[i])
        if field is None:
            return None
        inner = _model_in(field.annotation)
        if inner is None:
            return None
        if get_origin(field.annotation) is dict:
            i += 1  # a table of tables keyed by name ([accounts.NAME]): skip the name
        model, i = inner, i + 1
    known = [k for k in model.model_fields if k != "workspace"]
    found = difflib.get_close_matches(parts[-1].lower(), known, n=1, cutoff=0.6)
    if not found:
        return None
    return ".".join([*parts[:-1], found[0]])


def _describe(error: ValidationError, data: Mapping[str, Any]) -> str:
    first = error.errors()[0]
    loc = ".".join(str(p) for p in first["loc"])
    if first["type"] == "extra_forbidden":
        close = _closest_key(first["loc"])
        hint = f"did you mean {close!r}? " if close else ""
        return f"unknown setting {loc!r}; {hint}check its spelling against the file `tipqueue init` writes"
    msg = str(first["msg"]).removeprefix("Value error, ")
    if not loc:
        return msg  # a check across settings: its message names them
    if first["type"] == "missing":
        return f"setting {loc} is missing; add it to {CONFIG_FILE}"
    value = first.get("input")
    if isinstance(value, str):
        # A database or proxy URL may carry a password: never show it.
        hidden = hide_url_password(value)
        msg, value = msg.replace(value, hidden), hidden
    said = repr(value)
    shown = f" = {said if len(said) <= 80 else said[:77] + '...'}" if not isinstance(value, dict) else ""
    if isinstance(value, str) and said in msg:
        shown = ""
    if first["type"] != "value_error":
        # pydantic's own words ("Input should be greater than 0") say what is wrong, not where to fix it
        msg += f"; change it in {CONFIG_FILE} (or the TIPQUEUE_* variable or flag that sets it)"
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
    config_file = ws / CONFIG_FILE
    given = {k: v for k, v in (overrides or {}).items() if v is not None}
    token = _LOADING.set((config_file, env))
    try:
        settings = Settings(**given, workspace=ws)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{config_file.name} is not valid TOML ({exc}); fix that line") from None
    except UnicodeDecodeError as exc:
        raise SettingsError(_not_utf8(config_file, exc)) from None
    except RecursionError:
        raise SettingsError(
            f"{config_file.name} nests tables or lists too deeply to read; flatten it "
            "(start again from the file `tipqueue init` writes)"
        ) from None
    except ValidationError as exc:
        raise SettingsError(_describe(exc, given)) from exc
    except PydanticSettingsError as exc:
        # a TIPQUEUE_* value that should be JSON (a table or a list) and is not
        raise SettingsError(
            f"{_env_problem(str(exc))}; write tables and lists in TIPQUEUE_* variables as JSON, "
            "e.g. TIPQUEUE_ACCOUNTS__CLINIC__SLOTS='[\"daily 09:00\"]'"
        ) from None
    finally:
        _LOADING.reset(token)
    if check_files:
        settings.check_files()
    return settings


def _not_utf8(path: Path, exc: UnicodeDecodeError) -> str:
    data = exc.object if isinstance(exc.object, bytes) else b""
    line = data[: exc.start].count(b"\n") + 1
    bad = data[exc.start : exc.start + 1].hex() or "?"
    return (
        f"{path.name} is not UTF-8 text (byte 0x{bad} on line {line}); "
        "save it as UTF-8 in your editor, or retype that character"
    )


def _env_problem(text: str) -> str:
    found = re.search(r'error parsing value for field "([^"]+)"', text)
    return f"the environment variable for setting {found.group(1)!r} is not valid" if found else text
