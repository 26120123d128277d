"""One query over libpq through ctypes, for the cron tick (see scheduler.cron for why not psycopg).

Only what that needs: connect with a libpq URI, run one parameterised statement (text
parameters, text results), read the first row, close. Importing this module raises OSError when
no libpq can be loaded; :func:`one_row` raises OSError for any connection or query failure.
The library is the one psycopg-binary bundles (the copy psycopg itself uses), else the system's.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Sequence

_CONNECTION_OK = 0
_TUPLES_OK = 2


def _candidates() -> list[str]:
    found = []
    for entry in sys.path:
        folder = os.path.join(entry or ".", "psycopg_binary.libs")
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        found += [os.path.join(folder, n) for n in names if n.startswith("libpq")]
    return [*found, "libpq.so.5", "libpq.5.dylib", "libpq.dylib"]


def _load() -> ctypes.CDLL:
    for name in _candidates():
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        vp, cp, i = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
        for fn, args, result in (
            ("PQconnectdb", [cp], vp),
            ("PQstatus", [vp], i),
            ("PQfinish", [vp], None),
            ("PQexecParams", [vp, cp, i, vp, ctypes.POINTER(cp), vp, vp, i], vp),
            ("PQresultStatus", [vp], i),
            ("PQntuples", [vp], i),
            ("PQnfields", [vp], i),
            ("PQgetisnull", [vp, i, i], i),
            ("PQgetvalue", [vp, i, i], cp),
            ("PQclear", [vp], None),
        ):
            function = getattr(lib, fn)
            function.argtypes, function.restype = args, result
        return lib
    raise OSError("libpq not found")


_LIB = _load()


def one_row(conninfo: str, statement: str, params: Sequence[str]) -> tuple[str | None, ...] | None:
    """The first row of ``statement`` (``$1``.. bound to ``params``) as text, or None for no rows."""
    lib = _LIB
    conn = lib.PQconnectdb(conninfo.encode())
    if not conn:
        raise OSError("libpq could not allocate a connection")
    try:
        if lib.PQstatus(conn) != _CONNECTION_OK:
            raise OSError("connection failed")  # the full path reports why, without the URL's password
        values = (ctypes.c_char_p * max(len(params), 1))(*[p.encode() for p in params])
        result = lib.PQexecParams(conn, statement.encode(), len(params), None, values, None, None, 0)
        if not result:
            raise OSError("query failed")
        try:
            if lib.PQresultStatus(result) != _TUPLES_OK:
                raise OSError("query failed")
            if lib.PQntuples(result) < 1:
                return None
            return tuple(
                None if lib.PQgetisnull(result, 0, c) else lib.PQgetvalue(result, 0, c).decode()
                for c in range(lib.PQnfields(result))
            )
        finally:
            lib.PQclear(result)
    finally:
        lib.PQfinish(conn)
