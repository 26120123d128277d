"""Settings schema and loading, default files and the gadget lexicon."""

from tipqueue.config.errors import SettingsError, TipqueueError
from tipqueue.config.settings import (
    AccountSettings,
    BrandSettings,
    Settings,
    load_settings,
    resolve_workspace,
)

__all__ = [
    "AccountSettings",
    "BrandSettings",
    "Settings",
    "SettingsError",
    "TipqueueError",
    "load_settings",
    "resolve_workspace",
]
