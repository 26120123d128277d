"""`tipqueue publish-due` (for cron / a systemd timer) and `tipqueue run` (the daemon).

Exit codes of publish-due: 0 nothing failed; 1 a post failed (will retry) or needs attention,
or the store could not be used; 2 usage or settings error.

Test seam (tests only, never set it in production): ``TIPQUEUE_TEST_KILL_AT`` =
``after_claim`` | ``after_upload`` (graph: after a media container was created) |
``after_configure`` (graph: after media_publish answered) makes the process SIGKILL itself at
that step of the first post it publishes, so crash recovery can be tested with real processes.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

import typer

from tipqueue.cli.common import state

KILL_ENV = "TIPQUEUE_TEST_KILL_AT"
KILL_STEPS = ("after_claim", "after_upload", "after_configure")


def _log_to(stream: Any) -> None:
    """One line per post on ``stream``, with a UTC timestamp; other libraries stay quiet."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%dT%H:%M:%SZ"))
    logging.Formatter.converter = __import__("time").gmtime
    root = logging.getLogger("tipqueue")
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    root.propagate = False


def _kill_seam() -> tuple[Any, Any]:
    """(hooks, wrap_connect) for TIPQUEUE_TEST_KILL_AT, or (None, None) when it is not set."""
    step = os.environ.get(KILL_ENV)
    if not step:
        return None, None
    if step not in KILL_STEPS:
        from tipqueue.config.errors import SettingsError

        raise SettingsError(f"{KILL_ENV}={step!r} is not a step; use one of {', '.join(KILL_STEPS)}")
    import signal

    def die() -> None:
        sys.stdout.flush()
        os.kill(os.getpid(), signal.SIGKILL)

    def hooks(name: str, post: Any) -> None:
        if (step, name) in (("after_claim", "after_claim"), ("after_configure", "after_send")):
            die()

    def wrap(connect: Any) -> Any:
        if step != "after_upload":
            return connect

        def connect_and_arm(name: str) -> Any:
            publisher = connect(name)

            def on_response(response: Any, *args: Any, **kwargs: Any) -> Any:
                if "/rupload_igphoto/" in str(getattr(response, "url", "")) and response.status_code == 200:
                    die()  # the image is on Instagram's side; configure was never sent
                return response

            if hasattr(publisher, "http"):  # the graph backend: die once a container exists

                def on_graph_response(response: Any) -> None:
                    request = response.request
                    if (
                        request.method == "POST"
                        and request.url.path.endswith("/media")
                        and response.status_code == 200
                    ):
                        die()

                publisher.http.event_hooks["response"].append(on_graph_response)
                return publisher
            publisher.client.private.hooks["response"].append(on_response)
            return publisher

        return connect_and_arm

    return hooks, wrap


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""

    @app.command("publish-due")
    def publish_due_command(
        ctx: typer.Context,
        dry_run: bool = typer.Option(
            False,
            "--dry-run",
            help="Show what is due and what would happen; change nothing, connect nothing.",
        ),
        account: str | None = typer.Option(
            None, "--account", "-a", help="Only this account (a name from [accounts.NAME])."
        ),
        now_text: str | None = typer.Option(
            None,
            "--now",
            metavar="TIME",
            help="Rehearse on the sandbox: publish what is due at TIME (written as for "
            "`queue move --at`, in the account's zone). Refused for real accounts.",
        ),
    ) -> None:
        """Publish every due post exactly once, then exit (run it from cron every minute).

        Quiet when nothing is due. One line per post otherwise. Safe to run while another run,
        a daemon or another machine is publishing from the same store. --now TIME rehearses a
        day against sandbox accounts without waiting for the clock. Exit codes: 0 nothing
        failed, 1 a post failed or needs attention, 2 usage or settings error.
        """

        from tipqueue.config.quick import remember_checked
        from tipqueue.instagram.graph.token import accounts_needing_care
        from tipqueue.scheduler.cron import nothing_due

        cli = state(ctx)
        settings = cli.workspace_settings()
        if account is not None:
            settings.account(account)  # unknown account: SettingsError, exit 2
        # these inputs are valid: the next ticks may decide from the quick read (tipqueue.cli.cron)
        remember_checked(str(settings.workspace), cli.overrides.get("database_url"), os.environ)
        clock = _now
        if now_text is not None:
            from tipqueue.scheduler.rehearsal import rehearsal_clock

            clock = rehearsal_clock(settings, [account] if account else list(settings.accounts), now_text)
        started = clock()
        care = [] if dry_run else accounts_needing_care(settings, started)
        if not dry_run and not care and nothing_due(settings.db_url, started, account=account):
            raise typer.Exit(0)  # nothing to do: neither SQLAlchemy nor instagrapi loaded
        from tipqueue.scheduler.publish import run_publish_pass

        _log_to(sys.stdout)
        if care:
            _look_after_tokens(settings, care)
        hooks, wrap = _kill_seam()
        from tipqueue.instagram.connect import connector  # instagrapi itself loads only on first use

        connect = connector(settings)
        report = run_publish_pass(
            settings,
            account=account,
            dry_run=dry_run,
            hooks=hooks,
            connect=wrap(connect) if wrap else connect,
            clock=clock,
        )
        if dry_run and not report.outcomes:
            typer.echo("nothing is due")
        elif report.outcomes and not dry_run:
            typer.echo(report.summary())
        raise typer.Exit(report.exit_code)

    @app.command("run")
    def run_command(
        ctx: typer.Context,
        account: str | None = typer.Option(
            None, "--account", "-a", help="Only this account (a name from [accounts.NAME])."
        ),
        no_replies: bool = typer.Option(False, "--no-replies", help="Do not collect replies; only publish."),
        now_text: str | None = typer.Option(
            None,
            "--now",
            metavar="TIME",
            help="Rehearse on the sandbox: start the clock at TIME (written as for "
            "`queue move --at`, in the account's zone). Refused for real accounts.",
        ),
        speed: float = typer.Option(
            1.0,
            "--speed",
            metavar="N",
            help="With --now: the clock runs N times faster than real time (60: a day in 24 minutes).",
        ),
    ) -> None:
        """Run the scheduler until SIGTERM / Ctrl-C: publish on time, collect replies on a schedule.

        Publishes at start (posts missed while it was down: within publish.grace_minutes they go
        out, older ones are marked needs_attention), then at each due time and every minute.
        Replies are collected every replies.collect_every_minutes. Stopping finishes the post in
        flight first. --now TIME [--speed N] rehearses against sandbox accounts.
        """
        from tipqueue.instagram.connect import connector
        from tipqueue.scheduler.alerts import notifier
        from tipqueue.scheduler.daemon import run_daemon
        from tipqueue.scheduler.publish import LazyPublishers
        from tipqueue.scheduler.store import Store

        settings = state(ctx).workspace_settings()
        if account is not None:
            settings.account(account)
        names = [account] if account is not None else list(settings.accounts)
        clock = _now
        if now_text is not None:
            from tipqueue.scheduler.rehearsal import rehearsal_clock

            clock = rehearsal_clock(settings, names, now_text, speed=speed)
        elif speed != 1.0:
            from tipqueue.config.errors import InputError

            raise InputError("--speed only works with --now TIME (a rehearsal on the sandbox)")
        _log_to(sys.stderr)
        from tipqueue.scheduler.review import retention_jobs

        jobs = ({} if no_replies else _reply_jobs(settings)) | retention_jobs(settings) | _token_job(settings)
        report = run_daemon(
            lambda: Store.open(settings.db_url),
            lambda: LazyPublishers(names, connector(settings)),
            settings=settings,
            jobs=jobs,
            account=account,
            notify_factory=lambda store: notifier(store, settings, clock=clock),
            clock=clock,
            speed=speed if now_text is not None else 1.0,
        )
        typer.echo(
            f"stopped: {report.published} published, {report.problems} need a look "
            f"({report.publish_passes} publish passes)"
        )


def _look_after_tokens(settings: Any, names: list[str]) -> None:
    """Refresh graph tokens near expiry (and alert about those that will stop working)."""
    from datetime import UTC, datetime

    from tipqueue.instagram.graph.connect import look_after_tokens
    from tipqueue.scheduler.store import Store

    store = Store.open(settings.db_url)
    try:
        look_after_tokens(settings, store, now=datetime.now(UTC), names=names)
    finally:
        store.close()


def _token_job(settings: Any) -> dict[str, Any]:
    """The daemon's token care, every 6 hours, when an account uses the Instagram API."""
    from datetime import timedelta

    from tipqueue.scheduler.daemon import DaemonJob

    names = [n for n, a in settings.accounts.items() if a.backend == "graph"]
    if not names:
        return {}

    def care(ctx: Any) -> None:
        from tipqueue.instagram.graph.connect import look_after_tokens

        look_after_tokens(ctx.settings, ctx.store, now=ctx.now, names=names)

    return {"graph-tokens": DaemonJob(func=care, every=timedelta(hours=6))}


def _now() -> Any:
    from datetime import UTC, datetime

    return datetime.now(UTC)


def _reply_jobs(settings: Any) -> dict[str, Any]:
    """The reply-collection job for the daemon, wired from replies/ (imported only here)."""
    from tipqueue.config.errors import NotFoundError
    from tipqueue.replies.collect import collect_replies, posts_to_collect

    log = logging.getLogger("tipqueue.daemon")

    def collect(ctx: Any) -> None:
        for name in ctx.publishers:
            try:
                if ctx.store.account_state(name).paused:
                    continue  # a person must act first; reading would only add to the trouble
            except NotFoundError:
                continue  # nothing was ever queued for this account
            if not posts_to_collect(ctx.store, account=name):
                continue  # nothing to read: do not even connect
            report = collect_replies(ctx.store, ctx.publishers[name], now=ctx.now)
            log.info(
                "replies        account=%s new=%d fetched=%d requests=%d%s",
                name,
                report.added,
                report.fetched,
                report.requests,
                f" errors={len(report.errors)}" if report.errors else "",
            )
            for failed in report.errors:  # the count alone gives the operator nothing to act on
                log.warning("replies        account=%s %s failed: %s", name, failed.scope, failed.error)

    return {"collect-replies": collect}
