"""What every command shares: the workspace, lazily loaded settings, output helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import typer

from config.settings import Settings, load_settings, resolve_workspace


@dataclass
class State:
    workspace_flag: str | None = None
    debug: bool = False
    overrides: dict[str, Any] = field(default_factory=dict)
    _settings: Settings | None = None

    @property
    def workspace(self) -> Path:
        return resolve_workspace(self.workspace_flag)

    def settings(self, **extra: Any) -> Settings:
        """Settings with the global flags and any command flags (``extra``) applied last."""
        if extra or self._settings is None:
            merged = {**self.overrides, **{k: v for k, v in extra.items() if v is not None}}
            loaded = load_settings(self.workspace, overrides=merged)
            if extra:
                return loaded
            self._settings = loaded
        return self._settings


def state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    if not isinstance(obj, State):  # a command invoked without the root callback (tests)
        obj = State()
        ctx.find_root().obj = obj
    return obj
