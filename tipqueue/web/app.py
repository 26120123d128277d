"""The dashboard's app factory: pages, the JSON API, and the rules that keep both safe.

FastAPI gives the JSON API its OpenAPI description from the same typed models the handlers use;
the pages are plain server-rendered Jinja2 with autoescaping, a few forms, and no build step.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.templating import Jinja2Templates

from tipqueue.config.errors import (
    ConflictError,
    InputError,
    LimitError,
    NotFoundError,
    SettingsError,
    TipqueueError,
)
from tipqueue.config.settings import Settings
from tipqueue.instagram.protocols import Publisher
from tipqueue.scheduler.store import Store
from tipqueue.web.bodies import UNREADABLE, describe_invalid, describe_unreadable
from tipqueue.web.context import Dashboard
from tipqueue.web.limits import BodyLimit
from tipqueue.web.security import SESSION_HOURS, Guard

HERE = Path(__file__).parent
API_VERSION = "1"


def error_status(exc: TipqueueError) -> int:
    """The HTTP status that tells a client what kind of mistake it was."""
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, ConflictError):
        return 409
    if isinstance(exc, LimitError | InputError | SettingsError):
        return 422
    return 500


def make_templates() -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return Jinja2Templates(env=env)


def create_app(
    settings: Settings,
    *,
    now: Callable[[], datetime] | None = None,
    token: str | None = None,
    store: Store | None = None,
    connect: Callable[[str], Publisher] | None = None,
    allowed_hosts: Sequence[str] = (),
    trusted_proxies: Sequence[str] = (),
    secure_cookies: bool = False,
    session_hours: float = SESSION_HOURS,
) -> FastAPI:
    """The dashboard over the store ``settings`` names.

    ``now``: the clock (tests pass a fixed one). ``token``: required of every client when given
    (`tipqueue web` insists on one for a non-loopback address). ``store``: an already open store
    (otherwise the app opens the one in ``settings`` and closes it on shutdown). ``connect``:
    account name -> publisher for "publish now" (otherwise each account's configured backend).
    ``allowed_hosts``, ``trusted_proxies``, ``secure_cookies``, ``session_hours``: see
    :class:`tipqueue.web.security.Guard`.
    """
    from tipqueue.scheduler import queue

    clock = now or (lambda: datetime.now(UTC))
    owns_store = store is None
    if store is None:
        opened = queue.open_store(settings, now=clock())
    else:
        opened = store
        queue.sync_accounts(opened, settings, now=clock())
    dashboard = Dashboard(
        settings=settings, store=opened, clock=clock, token_mode=token is not None, connect=connect
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if owns_store:
            opened.close()

    app = FastAPI(
        title="tipqueue dashboard API",
        version=API_VERSION,
        description=(
            "Review, approve and schedule posts, watch accounts, and read the gadget leaderboard. "
            "When the dashboard was started with a token, send `Authorization: Bearer <token>`."
        ),
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        # a trailing-slash redirect is an absolute URL built from the request's Host: none at all
        redirect_slashes=False,
    )
    app.state.dashboard = dashboard
    app.state.templates = make_templates()
    app.state.guard = Guard(
        token,
        allowed_hosts=allowed_hosts,
        trusted_proxies=trusted_proxies,
        secure_cookies=secure_cookies,
        session_hours=session_hours,
    )
    app.middleware("http")(app.state.guard)
    # outermost: no layer inside ever holds more request body than limits.request_body_mb
    app.add_middleware(BodyLimit, max_bytes=settings.limits.request_body_bytes)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    from tipqueue.web import api, graph_routes, pages

    app.include_router(graph_routes.router)
    app.include_router(api.router)
    app.include_router(pages.router)
    _install_error_handlers(app)
    return app


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(TipqueueError)
    async def _tipqueue_error(request: Request, exc: TipqueueError) -> Response:
        status = error_status(exc)
        if _wants_json(request):
            return JSONResponse({"error": str(exc)}, status_code=status)
        return render_error(request, status, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        message = describe_invalid(exc.errors())
        if _wants_json(request):
            return JSONResponse({"error": message}, status_code=422)
        return render_error(request, 422, message)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail) if exc.detail else "not found"
        if exc.status_code == 400 and message == UNREADABLE:
            message = describe_unreadable(exc.__cause__)
        if _wants_json(request):
            return JSONResponse({"error": message}, status_code=exc.status_code, headers=exc.headers)
        return render_error(request, exc.status_code, message)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        # the details go to the server log (uvicorn prints the traceback); the page says what to do
        message = "something went wrong on the server; the details are in the terminal running `tipqueue web`"
        if _wants_json(request):
            return JSONResponse({"error": message}, status_code=500)
        return render_error(request, 500, message)


HEADINGS = {404: "Not found", 409: "Already changed", 422: "Cannot do that", 403: "Refused"}


def render_error(request: Request, status: int, message: str) -> Response:
    from tipqueue.web.pages import render

    heading = HEADINGS.get(status, "Something went wrong")
    return render(request, "error.html", {"heading": heading, "message": message}, status=status)
