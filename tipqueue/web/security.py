"""What keeps the dashboard safe to run: who may connect, who may change things, what is sent back.

- Bound to loopback (the default) the dashboard needs no token, but it answers only requests whose
  ``Host`` is a loopback name, so a web page elsewhere cannot reach it by DNS rebinding.
- Bound to any other address it needs a token: ``Authorization: Bearer <token>`` for the API, or a
  session cookie that ``/login`` sets once the token is typed in (the token itself never goes into
  a URL, a cookie, a page or a log line).
- Every form carries a CSRF token that must match the ``tq_csrf`` cookie (double submit), and every
  state-changing request is refused when the browser says it came from another site.
- Every response carries a strict Content-Security-Policy: no inline script runs, whatever text
  ends up on a page.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response

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


def session_value(token: str) -> str:
    """The cookie a valid login gets: derived from the token, so the token is never stored."""
    return hmac.new(token.encode("utf-8"), b"tipqueue-web-session-v1", hashlib.sha256).hexdigest()


def new_csrf_token() -> str:
    return secrets.token_urlsafe(24)


def _same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a), str(b))


class Guard:
    """The access rules, given the token (None when the dashboard only listens on loopback)."""

    def __init__(self, token: str | None) -> None:
        if token is not None and len(token) < 8:
            # the CLI checks this first with a friendlier message; this protects other callers
            raise ValueError("the dashboard token must be at least 8 characters long")
        self.token = token
        self._session = session_value(token) if token else None

    def check_token(self, candidate: str) -> bool:
        return self.token is not None and _same(candidate, self.token)

    def session_cookie(self) -> str:
        assert self._session is not None
        return self._session

    def authenticated(self, request: Request) -> bool:
        if self.token is None:
            return True
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("bearer ") and _same(auth[7:].strip(), self.token):
            return True
        return _same(request.cookies.get(SESSION_COOKIE), self._session)

    def host_allowed(self, request: Request) -> bool:
        if self.token is not None:
            return True
        host = request.headers.get("host", "")
        hostname = urlsplit(f"//{host}").hostname or ""
        return is_loopback_host(hostname)

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
            return PlainTextResponse(
                "this dashboard answers only on 127.0.0.1 or localhost; open it by that address",
                status_code=400,
            )
        if not path.startswith(PUBLIC_PATHS) and not self.authenticated(request):
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
            response.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="strict", path="/")
            return response
        request.state.csrf_token = csrf
        return await call_next(request)


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
