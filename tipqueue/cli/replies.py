"""`tipqueue replies …`: collect, import, the gadget leaderboard, exports and the chart.

Exit codes: 0 done; 1 Instagram or the store failed (a collect that could not read one of its
sources also exits 1 after storing what it could); 2 bad input, option or setting.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typer

from tipqueue.cli.common import state

replies_app = typer.Typer(
    name="replies",
    help="Collect and import readers' replies; see, export and chart the gadgets they name.",
    no_args_is_help=True,
)


def _store(settings: Any) -> Any:
    from scheduler.store import Store

    return Store.open(settings.db_url)


def _matcher(settings: Any) -> Any:
    from replies.gadgets import GadgetMatcher
    from replies.lexicon import load_lexicon

    return GadgetMatcher(load_lexicon(settings.workspace), fuzzy_threshold=settings.replies.fuzzy_threshold)


class _Bar:
    """A rich progress bar fed by the library's progress(done, total, label) callbacks.

    It is drawn on stderr, and only when that is a terminal: drawn on stdout, stopping it left an
    empty line before the command's output whenever that was piped or captured.
    """

    def __init__(self, description: str) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        console = Console(stderr=True)
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        )
        self.task = self.progress.add_task(description, total=None)

    def __enter__(self) -> _Bar:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def __call__(self, done: int, total: int, label: str) -> None:
        self.progress.update(self.task, completed=done, total=total or None, description=label)


@replies_app.command("collect")
def collect_command(
    ctx: typer.Context,
    post: str | None = typer.Option(None, "--post", help="Collect from this post only (its id)."),
    all_posts: bool = typer.Option(False, "--all", help="Every published post, not only the call-to-action."),
    dms: bool = typer.Option(False, "--dms", help="Also direct messages and mentions of the account."),
    account: str | None = typer.Option(
        None, "--account", help="Account to collect for (default: the default)."
    ),
) -> None:
    """Fetch new comments and replies (incrementally) and find the gadgets they name."""
    from instagram.connect import connect
    from replies.collect import collect_replies

    settings = state(ctx).workspace_settings()
    name, _ = settings.account(account)
    store = _store(settings)
    try:
        if post is not None:
            store.get_post(post)  # an unknown id is bad input, whatever the state of the login
        source = connect(settings, name)
        with _Bar("collecting") as bar:
            report = collect_replies(
                store,
                source,
                now=datetime.now(UTC),
                post_id=post,
                all_posts=all_posts,
                dms=dms,
                mentions=dms,
                matcher=_matcher(settings),
                progress=bar,
            )
    finally:
        store.close()
    if not report.scopes:
        typer.echo("no published post is marked for reply collection; use --post ID or --all")
        return
    typer.echo(
        f"{report.added} new replies ({report.fetched} fetched, {report.with_gadgets} naming a gadget) "
        f"from {len(report.scopes)} source(s) in {report.requests} request(s)"
    )
    for failed in report.errors:
        typer.echo(f"error: {failed.scope}: {failed.error}", err=True)
    if report.errors:
        raise typer.Exit(1)


@replies_app.command("import")
def import_command(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="A .json, .jsonl or .csv file (or instaloader's comments JSON)."),
    post: str | None = typer.Option(None, "--post", help="Post id for rows that do not name one."),
    fmt: str | None = typer.Option(None, "--format", help="json, jsonl or csv (default: from the file)."),
) -> None:
    """Import replies gathered elsewhere; importing the same file again adds nothing."""
    from replies.importer import import_replies

    settings = state(ctx).workspace_settings()
    store = _store(settings)
    try:
        with _Bar("importing") as bar:
            report = import_replies(
                store,
                file,
                now=datetime.now(UTC),
                post_id=post,
                fmt=fmt,
                matcher=_matcher(settings),
                progress=bar,
            )
    finally:
        store.close()
    typer.echo(
        f"{report.added} new replies from {file.name} ({report.format}): {report.read} rows, "
        f"{report.duplicates} already stored, {report.skipped_empty} without text, "
        f"{report.with_gadgets} naming a gadget"
    )


BY_HELP = "Roll up by gadget (default), brand or category; readers are counted once per row."
PLURAL = {"gadget": "gadgets", "brand": "brands", "category": "categories"}


@replies_app.command("gadgets")
def gadgets_command(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print JSON for scripts."),
    top: int = typer.Option(30, "--top", min=1, help="How many rows to list."),
    post: str | None = typer.Option(None, "--post", help="Only replies to this post."),
    by: str = typer.Option("gadget", "--by", help=BY_HELP),
    reextract: bool = typer.Option(
        False, "--reextract", help="Find the gadgets again with the current lexicon and store them."
    ),
) -> None:
    """The leaderboard: gadgets (or brands, or categories) by the readers naming them."""
    from replies.export import check_rollup, leaderboard

    check_rollup(by)
    settings = state(ctx).workspace_settings()
    store = _store(settings)
    try:
        if reextract:
            from replies.collect import reextract as redo

            redo(store, _matcher(settings))
        rows = leaderboard(store, post_id=post, by=by)[:top]
    finally:
        store.close()
    if as_json:
        typer.echo(json.dumps([row.as_dict() for row in rows], ensure_ascii=False, indent=2))
        return
    if not rows:
        typer.echo("no gadgets found yet; run `tipqueue replies collect` or `tipqueue replies import FILE`")
        return
    from rich.console import Console
    from rich.table import Table

    detail = "category" if by == "gadget" else "includes"
    table = Table(caption="order: people naming it without disliking it, then people recommending it")
    table.add_column("#", justify="right")
    table.add_column(by, min_width=12, max_width=28)
    table.add_column(detail, min_width=16, max_width=32)
    for heading in ("people", "👍", "👎", "replies"):
        table.add_column(heading, justify="right")
    table.add_column("first seen", no_wrap=True)
    table.add_column("last seen", no_wrap=True)
    table.add_column("sample", no_wrap=True, overflow="ellipsis", min_width=12, max_width=48)
    for number, row in enumerate(rows, start=1):
        table.add_row(
            str(number),
            row.gadget,
            row.category if by == "gadget" else ", ".join(row.includes)[:60],
            str(row.people),
            str(row.recommends),
            str(row.dislikes),
            str(row.mentions),
            row.first_seen.date().isoformat() if row.first_seen else "",
            row.last_seen.date().isoformat() if row.last_seen else "",
            row.sample[:60],
        )
    Console().print(table)


@replies_app.command("export")
def export_command(
    ctx: typer.Context,
    fmt: str = typer.Option(..., "--format", "-f", help="csv, xlsx or jsonl."),
    output: Path = typer.Option(..., "--output", "-o", help="File to write."),
    anonymize: bool = typer.Option(False, "--anonymize", help="Replace usernames by stable pseudonyms."),
    board: bool = typer.Option(False, "--leaderboard", help="Export the leaderboard instead of the replies."),
    by: str | None = typer.Option(
        None,
        "--by",
        help="Leaderboard roll-up (with --leaderboard or the XLSX Leaderboard sheet): " + BY_HELP,
    ),
    post: str | None = typer.Option(None, "--post", help="Only replies to this post."),
) -> None:
    """Export replies with their gadgets (CSV opens cleanly in Excel), or the leaderboard."""
    from config.errors import InputError
    from replies.export import (
        anonymization_key,
        check_rollup,
        export_leaderboard,
        export_replies,
        leaderboard,
    )

    rollup = check_rollup(by or "gadget")
    if by is not None and not board and fmt != "xlsx":
        raise InputError(f"--by {by} ranks the leaderboard; add --leaderboard, or use --format xlsx")
    settings = state(ctx).workspace_settings()
    store = _store(settings)
    try:
        if board:
            count = export_leaderboard(leaderboard(store, post_id=post, by=rollup), output, fmt)
            what = PLURAL[rollup]
        else:
            key = anonymization_key(settings.workspace) if anonymize else None
            count = export_replies(store, output, fmt, anonymize=anonymize, key=key, post_id=post, by=rollup)
            what = "replies"
    finally:
        store.close()
    typer.echo(f"wrote {count} {what} to {output}")


@replies_app.command("chart")
def chart_command(
    ctx: typer.Context,
    output: Path = typer.Option(..., "--output", "-o", help="PNG file to write."),
    top: int = typer.Option(15, "--top", min=1, max=40, help="How many bars to show."),
    by: str = typer.Option("gadget", "--by", help=BY_HELP),
    post: str | None = typer.Option(None, "--post", help="Only replies to this post."),
) -> None:
    """A bar chart PNG of the gadgets (or brands, or categories) readers name, in leaderboard order."""
    from replies.chart import write_chart
    from replies.export import check_rollup, leaderboard

    check_rollup(by)
    settings = state(ctx).workspace_settings()
    store = _store(settings)
    try:
        rows = leaderboard(store, post_id=post, by=by)
    finally:
        store.close()
    write_chart(rows, output, top=top)
    typer.echo(f"wrote the chart of the top {min(top, len(rows))} {PLURAL[by]} to {output}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.add_typer(replies_app, name="replies")
