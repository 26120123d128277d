"""What keeps the dashboard safe to run: who may connect, who may change things, what is sent back.

- Bound to loopback (the default) the dashboard needs no token, but it answers only requests whose
  ``Host`` is a loopback name, so a web page elsewhere cannot reach it by DNS rebinding.
- Bound to any other address it needs a token: ``Authorization: Bearer <token>`` for the API, or a
  session cookie that ``/login`` sets once the token is typed in (the token itself never goes into
  a URL, a cookie, a page or a log line). The cookie holds a random session id that expires
  (:mod:`tipqueue.web.sessions`); it is ``Secure`` when the request came over HTTPS. After a few
  wrong tokens a client waits, twice as long after each further one, before a token of theirs is
  checked again. Requests must name the dashboard by an allowed ``Host`` (loopback names, the
  bound address and ``--allowed-host``), so no page or redirect is built from a name nobody chose.
- ``X-Forwarded-For`` / ``X-Forwarded-Proto`` count only from a trusted proxy's address.
- Every form carries a CSRF token that must match the ``tq_csrf`` cookie (double submit), and every
  state-changing request is refused when the browser says it came from another site.
- Every response carries a strict Content-Security-Policy: no inline script runs, whatever text
  ends up on a page.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import time
from collections.abc import Awaitable, Callable, Iterable
from urllib.parse import urlsplit

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response

from tipqueue.web.sessions import AttemptLimiter, Sessions

SESSION_COOKIE = "tq_session"
CSRF_COOKIE = "tq_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: Paths anyone may reach even when a token is required (the login form and the stylesheet).
PUBLIC_PATHS = ("/login", "/static/", "/favicon.ico")
#: Paths that authenticate each request themselves (signed media links, Meta's signed webhooks):
#: reachable through a public address without the dashboard token.
SELF_SIGNED_PATHS = ("/media/", "/webhooks/instagram")

SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
}


def is_loopback_host(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and 'localhost' (what `tipqueue web` may bind without a token)."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def new_csrf_token() -> str:
    return secrets.token_urlsafe(24)


def _same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a), str(b))


#: How long a sign-in lasts unless `tipqueue web --session-hours` says otherwise.
SESSION_HOURS = 12.0


def _host_name(request: Request) -> str:
    try:
        return (urlsplit(f"//{request.headers.get('host', '')}").hostname or "").lower()
    except ValueError:
        return ""


def _matches(name: str, pattern: str) -> bool:
    pattern = pattern.strip().strip("[]").lower()
    if pattern.startswith("*."):
        return name.endswith(pattern[1:]) and len(name) > len(pattern) - 1
    return name == pattern


class Guard:
    """The access rules, given the token (None when the dashboard only listens on loopback).

    ``allowed_hosts``: the names (besides loopback ones) a request's Host may give; ``*.example.org``
    allows the subdomains. ``trusted_proxies``: addresses of reverse proxies whose X-Forwarded-For
    and X-Forwarded-Proto are believed. ``secure_cookies``: always mark cookies Secure (the
    dashboard is only reached over HTTPS). ``session_hours``: how long a sign-in lasts.
    """

    def __init__(
        self,
        token: str | None,
        *,
        allowed_hosts: Iterable[str] = (),
        trusted_proxies: Iterable[str] = (),
        secure_cookies: bool = False,
        session_hours: float = SESSION_HOURS,
        clock: Callable[[], float] = time.time,
        attempts_clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if token is not None and len(token) < 8:
            # the CLI checks this first with a friendlier message; this protects other callers
            raise ValueError("the dashboard token must be at least 8 characters long")
        self.token = token
        self.allowed_hosts = tuple(h.strip().strip("[]").lower() for h in allowed_hosts if h.strip())
        self.trusted_proxies = frozenset(str(ipaddress.ip_address(p.strip())) for p in trusted_proxies)
        self.secure_cookies = secure_cookies
        self.sessions = Sessions(session_hours * 3600.0, clock=clock)
        self.attempts = AttemptLimiter(clock=attempts_clock)

    # --- who is asking, and how ---

    def _peer(self, request: Request) -> str:
        return request.client.host if request.client else ""

    def client_address(self, request: Request) -> str:
        """The client's address: the peer, or the nearest untrusted hop a trusted proxy reports."""
        peer = self._peer(request)
        if peer not in self.trusted_proxies:
            return peer
        hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",") if h.strip()]
        for hop in reversed(hops):
            if hop not in self.trusted_proxies:
                return hop
        return peer

    def over_https(self, request: Request) -> bool:
        if self.secure_cookies or request.url.scheme == "https":
            return True
        if self._peer(request) in self.trusted_proxies:
            proto = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
            return proto == "https"
        return False

    def set_cookie(
        self, request: Request, response: Response, name: str, value: str, **extra: object
    ) -> None:
        response.set_cookie(
            name,
            value,
            httponly=True,
            samesite="strict",
            path="/",
            secure=self.over_https(request),
            **extra,  # type: ignore[arg-type]
        )

    # --- the token and sessions ---

    def retry_after(self, request: Request) -> int:
        """Seconds before this client's next token is checked (0: now)."""
        return self.attempts.retry_after(self.client_address(request))

    def try_token(self, request: Request, candidate: str) -> bool:
        """Check a token the client gave, counting a wrong one against it (call retry_after first)."""
        client = self.client_address(request)
        if self.token is not None and _same(candidate, self.token):
            self.attempts.succeeded(client)
            return True
        self.attempts.failed(client)
        return False

    def sign_in(self, request: Request, response: Response) -> None:
        """Give ``response`` a new session cookie (after :meth:`try_token` said yes)."""
        self.set_cookie(
            request,
            response,
            SESSION_COOKIE,
            self.sessions.start(),
            max_age=int(self.sessions.lifetime),
        )

    def authenticated(self, request: Request) -> bool:
        if self.token is None:
            return True
        return self.sessions.valid(request.cookies.get(SESSION_COOKIE))

    def host_allowed(self, request: Request) -> bool:
        name = _host_name(request)
        if is_loopback_host(name):
            return True
        return any(_matches(name, pattern) for pattern in self.allowed_hosts)

    @staticmethod
    def cross_site(request: Request) -> bool:
        """True when the browser tells us a state-changing request came from another origin."""
        site = request.headers.get("sec-fetch-site")
        if site is not None and site not in ("same-origin", "none"):
            return True
        origin = request.headers.get("origin")
        if origin is None or origin == "null":
            return origin == "null"
        return urlsplit(origin).netloc != request.headers.get("host", "")

    async def __call__(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await self._dispatch(request, call_next)
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        if request.url.path.startswith(("/api/", "/posts/", "/login")):
            response.headers.setdefault("cache-control", "no-store")
        return response

    async def _dispatch(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        path = request.url.path
        is_api = path.startswith("/api/")
        if path.startswith(SELF_SIGNED_PATHS) and request.method in ("GET", "HEAD", "POST"):
            return await call_next(request)
        if not self.host_allowed(request):
            if self.token is None and not self.allowed_hosts:
                message = "this dashboard answers only on 127.0.0.1 or localhost; open it by that address"
            else:
                message = (
                    f"this dashboard does not answer to the name {_host_name(request)!r}; open it by "
                    "an allowed name, or start `tipqueue web` with --allowed-host NAME"
                )
            return PlainTextResponse(message, status_code=400)
        if self.token is not None and request.headers.get("authorization", "").lower().startswith("bearer "):
            refused = self._check_bearer(request, is_api)
            if refused is not None:
                return refused
        elif not path.startswith(PUBLIC_PATHS) and not self.authenticated(request):
            if is_api:
                return JSONResponse(
                    {"error": "a token is required: send the header 'Authorization: Bearer <token>'"},
                    status_code=401,
                    headers={"www-authenticate": "Bearer"},
                )
            return RedirectResponse("/login", status_code=303)
        if request.method not in SAFE_METHODS and self.cross_site(request):
            message = "refused a cross-site request; use the dashboard's own pages"
            if is_api:
                return JSONResponse({"error": message}, status_code=403)
            return PlainTextResponse(message, status_code=403)
        csrf = request.cookies.get(CSRF_COOKIE)
        if not csrf:
            csrf = new_csrf_token()
            request.state.csrf_token = csrf
            response = await call_next(request)
            self.set_cookie(request, response, CSRF_COOKIE, csrf)
            return response
        request.state.csrf_token = csrf
        return await call_next(request)

    def _check_bearer(self, request: Request, is_api: bool) -> Response | None:
        """None when the request's bearer token is right; else the 401 or, while it waits, 429."""
        wait = self.retry_after(request)
        if wait:
            message = f"too many wrong tokens from your address; try again in {wait} seconds"
            headers = {"retry-after": str(wait)}
            if is_api:
                return JSONResponse({"error": message}, status_code=429, headers=headers)
            return PlainTextResponse(message, status_code=429, headers=headers)
        if self.try_token(request, request.headers["authorization"][7:].strip()):
            return None
        message = "the token is not right; send the header 'Authorization: Bearer <token>'"
        if is_api:
            return JSONResponse({"error": message}, status_code=401, headers={"www-authenticate": "Bearer"})
        return PlainTextResponse(message, status_code=401, headers={"www-authenticate": "Bearer"})


async def csrf_protect(request: Request) -> None:
    """Dependency of every page route: a form that changes something must carry the CSRF token.

    (A dependency, not middleware, so the form is parsed once and the handler still sees it.)
    """
    if request.method in SAFE_METHODS:
        return
    expected = request.cookies.get(CSRF_COOKIE)
    submitted = request.headers.get(CSRF_HEADER)
    content_type = request.headers.get("content-type", "")
    if submitted is None and content_type.startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        value = (await request.form()).get(CSRF_FIELD)
        submitted = value if isinstance(value, str) else None
    if not _same(submitted, expected):
        raise HTTPException(
            403, "the form has expired or did not come from this dashboard; reload the page and try again"
        )
