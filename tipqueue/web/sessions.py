"""Token mode's state: signed-in sessions that expire, and the brake on guessing the token.

Both live in the dashboard process's memory: restarting `tipqueue web` signs everybody out and
forgets the failed attempts (a new token is the way to end an attack that outlasts a restart).
"""

from __future__ import annotations

import ipaddress
import math
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

#: Wrong tokens one client may give before it has to wait.
FREE_ATTEMPTS = 5
#: The first wait; each further wrong token doubles it, up to MAX_WAIT.
FIRST_WAIT = 1.0
MAX_WAIT = 15 * 60.0
#: Wrong tokens from all clients together before everybody waits (many addresses, one attacker).
FREE_ATTEMPTS_ALL = 50
_MAX_CLIENTS = 10_000
_MAX_SESSIONS = 1_000


def client_key(address: str) -> str:
    """Whom a failed attempt counts against: the address, or its /64 for IPv6 (one subscriber)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


#: A client whose last wrong token is older than this starts again with its free attempts.
FORGET_AFTER = 2 * MAX_WAIT


@dataclass
class _Record:
    failures: int = 0
    until: float = 0.0
    last: float = 0.0

    def fail(self, now: float, free: int) -> None:
        if now - self.last > FORGET_AFTER:
            self.failures = 0
        self.failures += 1
        self.last = now
        over = self.failures - free
        self.until = now + (0.0 if over < 0 else min(FIRST_WAIT * 2.0**over, MAX_WAIT))


class AttemptLimiter:
    """Exponential backoff per client and for everybody, after a few free wrong tokens."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._clients: OrderedDict[str, _Record] = OrderedDict()
        self._all = _Record()

    def retry_after(self, client: str) -> int:
        """Seconds ``client`` must wait before a token of theirs is checked again (0: check now)."""
        now = self._clock()
        with self._lock:
            record = self._clients.get(client_key(client))
            until = max(record.until if record else 0.0, self._all.until)
        return 0 if until <= now else max(1, math.ceil(until - now))

    def failed(self, client: str) -> None:
        now = self._clock()
        key = client_key(client)
        with self._lock:
            record = self._clients.pop(key, None) or _Record()
            record.fail(now, FREE_ATTEMPTS)
            self._clients[key] = record
            while len(self._clients) > _MAX_CLIENTS:
                self._clients.popitem(last=False)
            self._all.fail(now, FREE_ATTEMPTS_ALL)

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._clients.pop(client_key(client), None)
            self._all = _Record()


class Sessions:
    """Random session ids, kept here with their expiry; the cookie holds nothing but the id."""

    def __init__(self, lifetime: float, clock: Callable[[], float] = time.time) -> None:
        if lifetime <= 0:
            raise ValueError("a session lifetime must be positive")
        self.lifetime = lifetime
        self._clock = clock
        self._lock = threading.Lock()
        self._expires: OrderedDict[str, float] = OrderedDict()

    def start(self) -> str:
        session = secrets.token_urlsafe(32)
        now = self._clock()
        with self._lock:
            for old in [s for s, until in self._expires.items() if until <= now]:
                del self._expires[old]
            self._expires[session] = now + self.lifetime
            while len(self._expires) > _MAX_SESSIONS:
                self._expires.popitem(last=False)
        return session

    def valid(self, session: str | None) -> bool:
        if not session:
            return False
        with self._lock:
            until = self._expires.get(session)
            if until is None:
                return False
            if until <= self._clock():
                del self._expires[session]
                return False
            return True

    def end(self, session: str | None) -> None:
        with self._lock:
            self._expires.pop(session or "", None)
