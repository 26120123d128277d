"""What every command shares: the workspace, lazily loaded settings, output helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from tipqueue.config.errors import SettingsError

if TYPE_CHECKING:  # pydantic loads with the settings, when a command first needs them (not for --help)
    from tipqueue.config.settings import Settings


@dataclass
class State:
    workspace_flag: str | None = None
    debug: bool = False
    overrides: dict[str, Any] = field(default_factory=dict)
    _settings: Settings | None = None

    @property
    def workspace(self) -> Path:
        from tipqueue.config.settings import resolve_workspace

        return resolve_workspace(self.workspace_flag)

    def settings(self, **extra: Any) -> Settings:
        """Settings with the global flags and any command flags (``extra``) applied last."""
        if extra or self._settings is None:
            from tipqueue.config.settings import load_settings

            merged = {**self.overrides, **{k: v for k, v in extra.items() if v is not None}}
            loaded = load_settings(self.workspace, overrides=merged)
            if extra:
                return loaded
            self._settings = loaded
        return self._settings

    def workspace_settings(self, **extra: Any) -> Settings:
        """Like :meth:`settings`, but refuses a folder that is not a workspace (see below)."""
        loaded = self.settings(**extra)
        _check_is_workspace(loaded)
        return loaded


def _check_is_workspace(settings: Settings) -> None:
    """A folder without tipqueue.toml and without accounts is not a workspace.

    Commands run there by mistake (the wrong folder, a typo in --workspace or TIPQUEUE_HOME)
    would otherwise "succeed": publish-due and status quietly find nothing, and a stray
    tipqueue.db is made in that folder.
    """
    from tipqueue.config.settings import CONFIG_FILE

    if settings.accounts or (settings.workspace / CONFIG_FILE).is_file():
        return
    raise SettingsError(
        f"{settings.workspace} is not a tipqueue workspace (no {CONFIG_FILE}); run the command in the "
        "workspace, pass --workspace DIR or set TIPQUEUE_HOME, or make one with `tipqueue init`"
    )


def state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    if not isinstance(obj, State):  # a command invoked without the root callback (tests)
        obj = State()
        ctx.find_root().obj = obj
    return obj
