"""Fixtures for the store, queue and slot tests: one store per test on SQLite and PostgreSQL
(``db_url``, from tests/conftest.py).

PostgreSQL runs when TIPQUEUE_TEST_DATABASE_URL is set: each test gets its own schema (made
and dropped here) selected with search_path, so tests are isolated and need no truncating.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tipqueue.config.settings import Settings
from tipqueue.scheduler.store import Store

from tests.scheduler.test_store_kit import ACCOUNT, NOW, make_settings


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = Store.open(db_url)
    yield opened
    opened.close()


@pytest.fixture
def settings(tmp_path: Path, db_url: str) -> Settings:
    return make_settings(tmp_path, db_url)


@pytest.fixture
def queue_store(store: Store, settings: Settings) -> Store:
    """A store that knows the configured account."""
    store.ensure_account(ACCOUNT, username="clinic.demo", timezone="America/Los_Angeles", now=NOW)
    return store
