"""Shared fixtures for the posts tests: settings in a throw-away workspace and the bundled articles."""

from __future__ import annotations

from pathlib import Path

import pytest
from tipqueue.config.settings import Settings, load_settings

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
GOLDEN = HERE / "golden"
BUNDLED_ARTICLE = (
    Path(__file__).resolve().parents[2] / "templates" / "articles" / "facial-muscles-and-gadgets.txt"
)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(tmp_path, environ={})


@pytest.fixture
def bundled_article() -> Path:
    return BUNDLED_ARTICLE
