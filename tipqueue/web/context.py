"""What every view shares: the settings, the open store, the clock, and time-zone helpers."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from tipqueue.config.settings import Settings
from tipqueue.instagram.protocols import Publisher
from tipqueue.posts.models import Post
from tipqueue.scheduler.store import Store


def _system_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Dashboard:
    """One per app: handed to every route through ``request.app.state.dashboard``."""

    settings: Settings
    store: Store
    clock: Callable[[], datetime] = _system_now
    token_mode: bool = False
    #: account name -> publisher, for "publish now" (default: the configured backend of each account)
    connect: Callable[[str], Publisher] | None = None

    def publishers(self) -> Mapping[str, Publisher]:
        """The accounts' publishers, connecting to Instagram only when one is used."""
        from tipqueue.scheduler.publish import LazyPublishers

        connect = self.connect
        if connect is None:
            from tipqueue.instagram.connect import connector

            connect = connector(self.settings)
        return LazyPublishers(list(self.settings.accounts), connect)

    def now(self) -> datetime:
        return self.clock().astimezone(UTC)

    @property
    def account_names(self) -> list[str]:
        return sorted(self.settings.accounts)

    @property
    def default_account(self) -> str | None:
        if self.settings.default_account:
            return self.settings.default_account
        names = self.account_names
        return names[0] if names else None

    def zone(self, account: str | None) -> ZoneInfo:
        """The IANA zone posts of ``account`` are shown in (UTC for an unknown account)."""
        name = account or self.default_account
        if name and name in self.settings.accounts:
            return self.settings.accounts[name].zone
        return ZoneInfo("UTC")

    def post_zone(self, post: Post) -> ZoneInfo:
        return self.zone(post.account)

    def username(self, account: str | None) -> str:
        name = account or self.default_account
        if name and name in self.settings.accounts:
            return self.settings.accounts[name].username
        return name or "your_account"
