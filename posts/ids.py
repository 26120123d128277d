"""What a post id may look like: the one check every way a post enters tipqueue goes through.

A post id is part of the dashboard's and the API's links (``/posts/<id>``, ``/cards/<id>/1``)
and of file names, so it is kept to letters, digits, ``-``, ``_`` and ``.``, starting with a
letter or digit, at most 200 characters. An id with a ``/`` (or a space, ``?``, ``#``, ``%`` ...)
could once be imported and then never be opened, edited or cancelled from the dashboard.
Ids tipqueue makes itself (the article's slug and the position, ``facial-muscles-03``) always pass.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from tipqueue.config.errors import InputError

MAX_CHARS = 200
_ALLOWED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_FIX = "use letters, digits, '-', '_' and '.' (starting with a letter or digit), e.g. 'facial-muscles-03'"


def post_id_problem(value: Any) -> str | None:
    """Why ``value`` cannot be a post id, or None when it can."""
    if not isinstance(value, str):
        return f"{value!r} is not a text"
    if not value:
        return "it is empty"
    if len(value) > MAX_CHARS:
        return f"it is {len(value):,} characters long (at most {MAX_CHARS})"
    if _ALLOWED.fullmatch(value):
        return None
    if not value[0].isascii() or not value[0].isalnum():
        return f"it starts with {_char(value[0])}"
    bad = next(c for c in value if not (c.isascii() and (c.isalnum() or c in "._-")))
    return f"it contains {_char(bad)}"


def check_post_id(value: Any, where: str = "") -> str:
    """``value`` if it is a usable post id; otherwise InputError naming it (and ``where``) and the fix."""
    problem = post_id_problem(value)
    if problem is None:
        return str(value)
    prefix = f"{where}: " if where else ""
    shown = repr(value) if not isinstance(value, str) or len(value) <= 60 else repr(value[:57] + "...")
    raise InputError(f"{prefix}post id {shown} cannot be used in links ({problem}); {_FIX}")


def _char(c: str) -> str:
    if c == " ":
        return "a space"
    if unicodedata.category(c).startswith("C"):
        return f"the control character U+{ord(c):04X}"
    return repr(c)
