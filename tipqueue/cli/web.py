"""`tipqueue web`: the local dashboard and its JSON API."""

from __future__ import annotations

import typer

from tipqueue.cli.common import state
from tipqueue.config.errors import InputError

MIN_TOKEN = 8


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
            f"--host {host} is reachable from other machines; pass --token T "
            "(or set TIPQUEUE_WEB_TOKEN), or keep the default --host 127.0.0.1"
        )


def register(app: typer.Typer) -> None:
    @app.command("web")
    def web(
        ctx: typer.Context,
        host: str = typer.Option(
            "127.0.0.1", "--host", help="Address to listen on. Loopback needs no token."
        ),
        port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port to listen on."),
        token: str | None = typer.Option(
            None,
            "--token",
            envvar="TIPQUEUE_WEB_TOKEN",
            show_envvar=True,
            help="Token every client must give; required for a non-loopback --host.",
        ),
    ) -> None:
        """Serve the dashboard (calendar, posts, accounts, replies) and the JSON API under /api/.

        For graph accounts it also serves the cards Meta fetches (/media/, signed links that
        expire) and, with [webhooks] enabled, Meta's signed notifications (/webhooks/instagram);
        those two paths check their own signatures and answer on a public address without the token.
        """
        check_binding(host, token)
        settings = state(ctx).workspace_settings()
        import uvicorn

        from tipqueue.web import create_app

        dashboard = create_app(settings, token=token)
        shown = f"[{host}]" if ":" in host else host
        typer.echo(
            f"tipqueue dashboard on http://{shown}:{port}/  (API: /api/, description: /api/openapi.json)"
        )
        if token is not None:
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
