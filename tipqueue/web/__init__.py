"""The local web dashboard and its JSON API (`tipqueue web`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tipqueue.web.app import create_app as create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    # FastAPI is imported only when the dashboard is actually used
    if name == "create_app":
        from tipqueue.web.app import create_app

        return create_app
    raise AttributeError(name)
