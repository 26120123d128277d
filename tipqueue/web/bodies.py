"""What a client is told when a request body (or a query or path value) cannot be used.

FastAPI and pydantic check every body against the operation's model; their findings come here
and leave as one line that names the field, the value given (shortened) and what to send
instead, never as pydantic's list of dicts or "There was an error parsing the body". The size of
a body is :mod:`tipqueue.web.limits`' business; what a valid body means is the library's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

SPEC = "/api/openapi.json"
_PLACES = ("body", "query", "path", "header", "cookie")
_KINDS = {
    dict: "an object",
    list: "a list",
    str: "a text",
    int: "a number",
    float: "a number",
    bool: "true/false",
}


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return _KINDS.get(type(value), type(value).__name__)


def describe_invalid(errors: Sequence[Mapping[str, Any]]) -> str:
    """One line for FastAPI's RequestValidationError (its ``errors()``): the first problem."""
    first: Mapping[str, Any] = errors[0] if errors else {}
    loc = tuple(first.get("loc", ()))
    kind = str(first.get("type", ""))
    msg = str(first.get("msg", "invalid value")).removeprefix("Value error, ")
    where = ".".join(str(p) for p in loc if p not in _PLACES)
    if not loc or loc[0] != "body":
        return f"{where or 'input'}: {msg}"  # a query or path value: its name says where
    if kind == "json_invalid":
        detail = (first.get("ctx") or {}).get("error", "")
        at = f" at character {loc[1]}" if len(loc) > 1 else ""
        return (
            f"the request body is not valid JSON ({detail or 'unreadable'}{at}); "
            f"send one JSON object with the fields {SPEC} lists for this operation"
        )
    value = first.get("input")
    if not where:
        if kind == "missing":
            return f"the request needs a JSON body; send one JSON object with the fields {SPEC} lists"
        return (
            f"the request body is {_kind(value)}, not a JSON object; "
            f"send one JSON object with the fields {SPEC} lists for this operation"
        )
    if kind == "missing":
        return f"{where} is missing from the request body; add it (see {SPEC})"
    if kind == "extra_forbidden":
        return f"{where} is not a field of this request; leave it out (the fields are in {SPEC})"
    return f"{where} = {_shown(value)}: {msg}"


#: FastAPI's words for a body it could not read at all, and why that usually is.
UNREADABLE = "There was an error parsing the body"


def describe_unreadable(cause: BaseException | None) -> str:
    """One line for a body FastAPI could not parse (its 400), from the error underneath."""
    if isinstance(cause, RecursionError):
        return (
            "the request body nests lists or objects too deeply to read; "
            f"send the flat JSON object {SPEC} describes"
        )
    if isinstance(cause, UnicodeDecodeError):
        return "the request body is not UTF-8 text; send JSON encoded as UTF-8"
    reason = f" ({type(cause).__name__})" if cause is not None else ""
    return f"the request body could not be read{reason}; send one JSON object as {SPEC} describes"
