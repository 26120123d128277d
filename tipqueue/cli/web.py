"""`tipqueue web`: the local dashboard and its JSON API."""

from __future__ import annotations

import ipaddress
import os
import stat
from collections.abc import Mapping
from pathlib import Path

import typer

from tipqueue.cli.common import state
from tipqueue.config.errors import InputError

MIN_TOKEN = 8
TOKEN_ENV = "TIPQUEUE_WEB_TOKEN"
PS_WARNING = (
    "warning: --token shows in the process list (`ps`) to every user of this machine; "
    f"put it in {TOKEN_ENV} or in a file given with --token-file instead"
)


def read_token(flag: str | None, file: Path | None, environ: Mapping[str, str]) -> str | None:
    """The token from --token-file, --token or TIPQUEUE_WEB_TOKEN (one of them; None for none)."""
    if flag is not None and file is not None:
        raise InputError("give the token once: --token-file FILE or --token T (or set TIPQUEUE_WEB_TOKEN)")
    if file is not None:
        try:
            mode = file.stat().st_mode
            text = file.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InputError(
                f"--token-file {file} does not exist; write the token into it (chmod 600)"
            ) from None
        except UnicodeDecodeError:
            raise InputError(f"--token-file {file} is not a text file; put the token alone in it") from None
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise InputError(
                f"--token-file {file} can be read by other users (mode {stat.S_IMODE(mode):o}); "
                f"run `chmod 600 {file}`"
            )
        token = text.strip()
        if not token or "\n" in token:
            raise InputError(f"--token-file {file} must hold the token alone on one line")
        return token
    if flag is not None:
        return flag
    return environ.get(TOKEN_ENV) or None


def check_binding(host: str, token: str | None) -> None:
    """Refuse to serve beyond this machine without a token (one line, exit 2)."""
    from tipqueue.web.security import is_loopback_host

    if token is not None and len(token) < MIN_TOKEN:
        raise InputError(
            f"the token is {len(token)} characters long; use at least {MIN_TOKEN} "
            "(e.g. `python -c 'import secrets; print(secrets.token_urlsafe())'`)"
        )
    if not is_loopback_host(host) and token is None:
        raise InputError(
            f"--host {host} is reachable from other machines; set {TOKEN_ENV} or pass --token-file FILE, "
            "or keep the default --host 127.0.0.1"
        )


def allowed_names(host: str, extra: list[str]) -> list[str]:
    """Host names requests may give besides loopback ones: the bound address (unless it is a
    loopback one or 'every address') and ``extra``."""
    from tipqueue.web.security import is_loopback_host

    for name in extra:
        if not name.strip() or "/" in name or " " in name.strip():
            raise InputError(
                f"--allowed-host {name!r} is not a host name; give the name alone, e.g. dash.example.org"
            )
    names = list(extra)
    try:
        unspecified = ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        unspecified = False
    if not unspecified and not is_loopback_host(host):
        names.append(host)
    return names


def check_proxies(proxies: list[str]) -> None:
    for proxy in proxies:
        try:
            ipaddress.ip_address(proxy)
        except ValueError:
            raise InputError(
                f"--trusted-proxy {proxy!r} is not an IP address; give the proxy's address, e.g. 127.0.0.1"
            ) from None


def register(app: typer.Typer) -> None:
    @app.command("web")
    def web(
        ctx: typer.Context,
        host: str = typer.Option(
            "127.0.0.1", "--host", help="Address to listen on. Loopback needs no token."
        ),
        port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port to listen on."),
        token_file: Path | None = typer.Option(
            None,
            "--token-file",
            help=f"File holding the token every client must give (mode 600). Or set {TOKEN_ENV}. "
            "Required when --host is not a loopback address.",
        ),
        token: str | None = typer.Option(
            None,
            "--token",
            help=f"The token itself; visible in `ps` to other users, so prefer {TOKEN_ENV} or --token-file.",
        ),
        allowed_host: list[str] = typer.Option(
            [],
            "--allowed-host",
            metavar="NAME",
            help="A name clients reach the dashboard by (repeatable; '*.example.org' for subdomains). "
            "Loopback names and --host are always allowed; other Host headers are refused.",
        ),
        trusted_proxy: list[str] = typer.Option(
            [],
            "--trusted-proxy",
            metavar="ADDRESS",
            help="Address of a reverse proxy whose X-Forwarded-For / X-Forwarded-Proto are believed "
            "(repeatable).",
        ),
        secure_cookies: bool = typer.Option(
            False,
            "--secure-cookies",
            help="Always mark cookies Secure (the dashboard is reached over HTTPS only).",
        ),
        session_hours: float = typer.Option(
            12.0,
            "--session-hours",
            metavar="HOURS",
            min=0.01,
            max=24 * 30,
            help="How long a sign-in at /login lasts.",
        ),
    ) -> None:
        """Serve the dashboard (calendar, posts, accounts, replies) and the JSON API under /api/.

        For graph accounts it also serves the cards Meta fetches (/media/, signed links that
        expire) and, with [webhooks] enabled, Meta's signed notifications (/webhooks/instagram);
        those two paths check their own signatures and answer on a public address without the token.
        """
        secret = read_token(token, token_file, os.environ)
        check_binding(host, secret)
        check_proxies(trusted_proxy)
        if token is not None:
            typer.echo(PS_WARNING, err=True)
        settings = state(ctx).workspace_settings()
        import uvicorn

        from tipqueue.web import create_app

        dashboard = create_app(
            settings,
            token=secret,
            allowed_hosts=allowed_names(host, allowed_host),
            trusted_proxies=trusted_proxy,
            secure_cookies=secure_cookies,
            session_hours=session_hours,
        )
        from tipqueue.replies.counting import counting

        counting(dashboard.state.dashboard.store)  # the first board, counted before a page asks
        shown = f"[{host}]" if ":" in host else host
        typer.echo(
            f"tipqueue dashboard on http://{shown}:{port}/  (API: /api/, description: /api/openapi.json)"
        )
        if secret is not None:
            typer.echo(
                "a token is required: sign in at /login, or send 'Authorization: Bearer <token>' to the API"
            )
        typer.echo("press Ctrl+C to stop")
        uvicorn.run(
            dashboard,
            host=host,
            port=port,
            log_level="warning",
            server_header=False,
            proxy_headers=False,
        )
