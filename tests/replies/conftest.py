"""Fixtures for the replies tests: a workspace, a real SQLite store in it, a fixed clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scheduler.store import Store

NOW = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)

# The least a folder needs to be a workspace: one account (its zone is where readers' times show).
WORKSPACE_TOML = '[accounts.clinic]\nusername = "glow.clinic"\ntimezone = "America/Los_Angeles"\n'


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A minimal workspace: tipqueue.toml with one account ``clinic`` in Los Angeles."""
    (tmp_path / "tipqueue.toml").write_text(WORKSPACE_TOML, encoding="utf-8")
    return tmp_path


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(f"sqlite:///{tmp_path / 'tipqueue.db'}")
    yield opened
    opened.close()
