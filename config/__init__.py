"""Settings schema and loading, default files and the gadget lexicon.

The names below load on first use: importing ``tipqueue.config.errors`` (every command does)
must not pull in pydantic through this package's ``__init__``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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


def __getattr__(name: str) -> Any:
    if name in ("SettingsError", "TipqueueError"):
        from tipqueue.config import errors

        return getattr(errors, name)
    if name in __all__:
        from tipqueue.config import settings

        return getattr(settings, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
