"""Fixtures for the replies tests: a workspace, a real SQLite store in it, a fixed clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tipqueue.posts.models import Post, PostKind, PostStatus
from tipqueue.replies.gadgets import default_matcher
from tipqueue.scheduler.store import Store

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


def add_cta_post(store: Store, now: datetime) -> Post:
    """The published call-to-action post ``gadgets-08`` (account ``clinic``), stored in ``store``."""
    post = Post(
        id="gadgets-08",
        kind=PostKind.CTA,
        series_label="8/8",
        quote="Which gadget do you swear by?",
        caption="Which gadget do you swear by? Tell us below.",
        status=PostStatus.PUBLISHED,
        account="clinic",
        collect_replies=True,
        media_id="3100000000000000008",
    )
    store.ensure_account("clinic", username="glow.clinic", timezone="America/Los_Angeles", now=now)
    store.add_posts([post], now=now)
    return post


@pytest.fixture
def cta_post(store: Store, now: datetime) -> Post:
    """The published call-to-action post ``gadgets-08`` (account ``clinic``), stored in ``store``."""
    return add_cta_post(store, now)


def categories_in(text: str) -> set[str]:
    """The gadget categories the bundled finder reads in ``text``."""
    return {m.category for m in default_matcher().find(text)}


def names_in(text: str) -> set[str]:
    """The gadgets (canonical names) the bundled finder reads in ``text``."""
    return {m.gadget for m in default_matcher().find(text)}
