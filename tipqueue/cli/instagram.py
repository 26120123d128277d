"""`tipqueue login ACCOUNT` and `tipqueue sandbox`: the front door to the Instagram seam."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

from tipqueue.cli.common import state
from tipqueue.config.errors import InputError


def _read_seed_file(path: Path) -> list[dict[str, Any]]:
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(
            f"--seed-replies {path}: cannot read it ({exc.strerror}); give an existing JSON file"
        ) from None
    except ValueError as exc:
        raise InputError(f"--seed-replies {path}: not valid JSON ({exc}); fix the file") from None
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and isinstance(e.get("text"), str) for e in entries
    ):
        raise InputError(
            f"--seed-replies {path}: expected a JSON list of objects like "
            '{"text": "...", "username": "...", "reply_to": 0}'
        )
    return entries


def _graph_login(settings: Any, name: str, timeout: float) -> None:
    """The OAuth flow of a graph account (instagram.graph.oauth); prints the URL, stores the token."""
    from datetime import UTC, datetime

    from tipqueue.config.errors import SettingsError
    from tipqueue.config.secrets import app_secret, app_secret_env_var
    from tipqueue.instagram.graph.connect import token_store
    from tipqueue.instagram.graph.oauth import login as graph_login

    _, acct = settings.account(name)
    if not acct.app_id:
        raise SettingsError(
            f"account {name!r} has no app_id; copy the Instagram app ID from the Meta App Dashboard "
            f"into [accounts.{name}] app_id"
        )
    secret = app_secret(name)
    if not secret:
        if not sys.stdin.isatty():
            raise InputError(
                f"no app secret for account {name!r}: set {app_secret_env_var(name)} (or TIPQUEUE_APP_SECRET) "
                f"or store it in the keyring as 'app_secret:{name}'"
            )
        secret = typer.prompt("Instagram app secret (from the Meta App Dashboard)", hide_input=True)
    store = token_store(settings, name)

    def show(url: str) -> None:
        typer.echo("Open this address in a browser, log in to the clinic's Instagram and allow access:")
        typer.echo(f"  {url}")
        typer.echo(f"waiting for the answer on {acct.redirect_uri} ...")
        sys.stdout.flush()

    token = graph_login(
        acct,
        name,
        store,
        app_id=acct.app_id,
        app_secret=secret,
        show=show,
        now=lambda: datetime.now(UTC),
        timeout=timeout,
    )
    where = "the keyring" if acct.token == "keyring" else str(store.path)
    typer.echo(
        f"logged in: Instagram user id {token.user_id}; token saved to {where}, valid until "
        f"{token.expires_at:%Y-%m-%d} (tipqueue refreshes it before then)"
    )


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""

    @app.command("login")
    def login_command(
        ctx: typer.Context,
        account: str = typer.Argument(..., help="Account name from tipqueue.toml ([accounts.NAME])."),
        code: str | None = typer.Option(
            None,
            "--code",
            help="Two-factor code from SMS or the authenticator app (else the stored TOTP seed).",
        ),
        timeout: float = typer.Option(
            300.0, "--timeout", min=1, help="Graph accounts: seconds to wait for the browser's answer."
        ),
    ) -> None:
        """Log in to Instagram once and save the session (0600) for publishing and collecting.

        The password comes from TIPQUEUE_PASSWORD_<ACCOUNT>, else the system keyring, else a
        hidden prompt. The TOTP seed, if any, from TIPQUEUE_TOTP_SEED_<ACCOUNT> or the keyring.
        Nothing secret is printed or stored except the session itself.

        A backend = "graph" account logs in through Instagram's own login page instead: open the
        printed URL, grant the permissions, and the answer comes back to 127.0.0.1; the long-lived
        token is stored in the keyring or a 0600 file (the account's token setting). The app
        secret comes from TIPQUEUE_APP_SECRET_<ACCOUNT>, TIPQUEUE_APP_SECRET or the keyring.
        """
        from tipqueue.config.secrets import account_password, password_env_var, totp_seed
        from tipqueue.instagram.connect import login

        settings = state(ctx).workspace_settings()
        name, acct = settings.account(account)
        if acct.backend == "graph":
            _graph_login(settings, name, timeout)
            return
        password = account_password(name)
        if not password:
            if not sys.stdin.isatty():
                raise InputError(
                    f"no password for account {name!r}: set {password_env_var(name)} or store it in the "
                    "keyring (service 'tipqueue'), or run this in a terminal to be prompted"
                )
            password = typer.prompt(f"Instagram password for @{acct.username}", hide_input=True)
        result = login(settings, name, password=password, verification_code=code, totp_seed=totp_seed(name))
        typer.echo(f"logged in as @{acct.username}; session saved to {result.session_file}")

    @app.command("sandbox")
    def sandbox_command(
        ctx: typer.Context,
        port: int = typer.Option(
            8765, "--port", min=0, max=65535, help="Port on 127.0.0.1 (0 picks a free one)."
        ),
        seed_replies: Path | None = typer.Option(
            None,
            "--seed-replies",
            help="JSON list of {text, username, reply_to?} added as comments to the next media published.",
        ),
        state_file: Path | None = typer.Option(
            None,
            "--state",
            metavar="FILE",
            help="Keep media, comments and sessions in FILE across restarts "
            "(default: sandbox-state.json in the workspace).",
        ),
        memory: bool = typer.Option(False, "--memory", help="Keep nothing: forget everything at Ctrl-C."),
        fresh: bool = typer.Option(False, "--fresh", help="Start empty (the state file is overwritten)."),
    ) -> None:
        """Run a fake Instagram on 127.0.0.1 until Ctrl-C, for accounts with backend = "sandbox".

        What a rehearsal publishes survives a restart (the state file). Each post's link is
        URL/p/CODE/ on the sandbox itself. Inspect it at /__fake__/medias; add reader comments with
        POST /__fake__/comments; inject faults with POST /__fake__/faults. See docs/instagram.md.
        """
        from tipqueue.instagram.fake.server import FakeInstagram, serve_until_interrupted

        entries = _read_seed_file(seed_replies) if seed_replies is not None else []
        path = None if memory else (state_file or state(ctx).workspace / "sandbox-state.json")
        if path is not None and fresh:
            path.unlink(missing_ok=True)
        try:
            fake = FakeInstagram(port=port, state_file=path)
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(
                f"--state {path}: not a sandbox state file ({exc}); pass --fresh to start empty"
            ) from None
        try:
            fake.start()
        except OSError as exc:
            raise InputError(
                f"--port {port}: cannot listen on 127.0.0.1 ({exc.strerror}); pick another port"
            ) from None
        if entries:
            fake.seed_replies(entries)

        def ready(url: str) -> None:
            typer.echo(f"sandbox Instagram listening on {url}")
            typer.echo(f'point an account at it: backend = "sandbox", sandbox_url = "{url}"')
            kept = f"{len(fake.medias)} media kept in {path}" if path is not None else "keeping nothing"
            typer.echo(f"published media: {url}/__fake__/medias  ({kept}; Ctrl-C to stop)")

        serve_until_interrupted(fake, ready)
        typer.echo("sandbox stopped")
