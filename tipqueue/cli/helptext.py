"""Help text in words a person reads: TEXT, N, FILE, DIR..., ID.

Typer 0.2x writes Python types into ``--help`` (``<str>``, ``<list[Path]>``, ``{ID}``). After the
command tree is built, :func:`plain_placeholders` gives every option without its own metavar a
word for its type and makes arguments show only their name.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, get_args

import click
from typer.core import TyperArgument, TyperOption

#: Text options whose name says better what they take than TEXT.
_NAMED = {
    "workspace_dir": "DIR",
    "database_url": "URL",
    "account": "ACCOUNT",
    "at": "TIME",
    "host": "HOST",
    "token": "TOKEN",
    "language": "CODE",
    "post": "ID",
    "post_id": "ID",
    "code": "CODE",
}


def _path_word(param: Any) -> str:
    name = (param.name or "").lower()
    return "DIR" if "dir" in name or name in ("out", "folder") else "FILE"


def _annotation_word(annotation: Any) -> str | None:
    for candidate in (annotation, *get_args(annotation)):
        if candidate is bool:
            return None
        if candidate is int:
            return "N"
        if candidate is float:
            return "NUMBER"
        if candidate is str:
            return "TEXT"
        if candidate is datetime:
            return "TIME"
    return None


def _word(param: Any) -> str:
    """A word for what the option takes; typer >= 0.20 describes it with a type descriptor."""
    desc = getattr(param, "type_descriptor", None)
    if desc is not None:
        if desc.is_choice:
            return "|".join(str(getattr(c, "value", c)) for c in desc.choices or ())
        if desc.is_path:
            return _path_word(param)
        annotation = get_args(desc.annotation)[0] if desc.is_list else desc.annotation
        word = _annotation_word(annotation) or "VALUE"
        return _NAMED.get(param.name or "", word) if word == "TEXT" else word
    kind = getattr(param, "type", None)
    if isinstance(kind, click.Choice):
        return "|".join(str(c) for c in kind.choices)
    if isinstance(kind, click.Path):
        return _path_word(param)
    if isinstance(kind, click.types.IntParamType):
        return "N"
    if isinstance(kind, click.types.FloatParamType):
        return "NUMBER"
    return "TEXT"


class _PlainArgument(TyperArgument):
    """An argument shown by its name alone: ``ID``, ``DIR...``, ``[ACCOUNT]``."""

    def _shown(self) -> str:
        name = self.metavar or (self.name or "value").upper()
        if self.nargs != 1 and not name.endswith("..."):
            name += "..."
        return name

    def display_type_rich(self, ctx: Any) -> str | None:
        return None

    def _rich_display_name(self) -> str:
        return self._shown()

    def _usage_display_name(self) -> str:
        name = self._shown()
        if not self.required and not name.startswith("["):
            name = f"[{name}]"
        return name


def plain_placeholders(command: Any) -> None:
    """Give every parameter of ``command`` and its subcommands a readable placeholder."""
    for param in command.params:
        if isinstance(param, TyperArgument) and not isinstance(param, _PlainArgument):
            param.__class__ = _PlainArgument
        elif isinstance(param, TyperOption) and param.metavar is None and not param.is_flag:
            param.metavar = _word(param)
    subcommands: dict[str, Any] = getattr(command, "commands", {})
    for sub in subcommands.values():
        plain_placeholders(sub)
