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
    from tipqueue.scheduler.store import Store

    return Store.open(settings.db_url)


def _matcher(settings: Any) -> Any:
    from tipqueue.replies.gadgets import GadgetMatcher
    from tipqueue.replies.lexicon import load_lexicon

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
    post: str | None = typer.Option(None, "--post", help="Collect from this post only (its id or handle)."),
    all_posts: bool = typer.Option(False, "--all", help="Every published post, not only the call-to-action."),
    dms: bool = typer.Option(False, "--dms", help="Also direct messages and mentions of the account."),
    account: str | None = typer.Option(
        None, "--account", help="Account to collect for (default: the default)."
    ),
    verify: bool = typer.Option(
        False,
        "--verify",
        help="Read every comment and reply again and report what differs from the store "
        "(missing ones are stored, once); cursors are left as they are.",
    ),
) -> None:
    """Fetch new comments and replies (incrementally) and find the gadgets they name."""
    from tipqueue.instagram.connect import connect
    from tipqueue.replies.collect import collect_replies

    settings = state(ctx).workspace_settings()
    name, _ = settings.account(account)
    store = _store(settings)
    try:
        post = _post_id(store, post)  # an unknown id is bad input, whatever the state of the login
        source = connect(settings, name)
        if verify:
            _verify(store, source, settings, post=post, all_posts=all_posts)
            return
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


def _verify(store: Any, source: Any, settings: Any, *, post: str | None, all_posts: bool) -> None:
    from tipqueue.replies.collect import verify_replies

    checks = verify_replies(
        store, source, now=datetime.now(UTC), post_id=post, all_posts=all_posts, matcher=_matcher(settings)
    )
    if not checks:
        typer.echo("no published post is marked for reply collection; use --post ID or --all")
        return
    for check in checks:
        if check.error:
            typer.echo(f"error: {check.post_id}: {check.error}", err=True)
            continue
        same = not (check.missing or check.gone or check.edited)
        typer.echo(
            f"{check.post_id}: {check.remote} on Instagram, {check.stored} stored"
            + (" (complete)" if same else "")
            + f" in {check.requests} request(s)"
        )
        for label, ids in (
            ("missing from the store (now stored)", check.missing),
            ("stored but gone from Instagram", check.gone),
            ("stored with another text", check.edited),
        ):
            if ids:
                shown = ", ".join(ids[:10]) + (f" and {len(ids) - 10} more" if len(ids) > 10 else "")
                typer.echo(f"  {len(ids)} {label}: {shown}")
    if any(c.error for c in checks):
        raise typer.Exit(1)


@replies_app.command("import")
def import_command(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="A .json, .jsonl or .csv file (or instaloader's comments JSON)."),
    post: str | None = typer.Option(
        None, "--post", help="Post (id or handle) for rows that do not name one."
    ),
    fmt: str | None = typer.Option(None, "--format", help="json, jsonl or csv (default: from the file)."),
) -> None:
    """Import replies gathered elsewhere; importing the same file again adds nothing."""
    from tipqueue.replies.importer import import_replies

    settings = state(ctx).workspace_settings()
    store = _store(settings)
    try:
        post = _post_id(store, post, known_only=False)
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
        + (f", {report.filed} stored before now filed under {post}" if report.filed else "")
    )


BY_HELP = "Roll up by gadget (default), brand or category; readers are counted once per row."
PLURAL = {"gadget": "gadgets", "brand": "brands", "category": "categories"}


@replies_app.command("gadgets")
def gadgets_command(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print JSON for scripts."),
    top: int = typer.Option(30, "--top", min=1, help="How many rows to list."),
    post: str | None = typer.Option(None, "--post", help="Only replies to this post (id or handle)."),
    by: str = typer.Option("gadget", "--by", help=BY_HELP),
    reextract: bool = typer.Option(
        False, "--reextract", help="Find the gadgets again with the current lexicon and store them."
    ),
) -> None:
    """The leaderboard: gadgets (or brands, or categories) by the readers naming them.

    When the lexicon changed since the stored gadgets were found, they are found again first
    (with a progress bar), as ``--reextract`` does on request."""
    from tipqueue.replies import board, refind
    from tipqueue.replies.export import check_rollup

    check_rollup(by)
    settings = state(ctx).workspace_settings()
    store = _store(settings)
    try:
        post = _post_id(store, post)
        matcher = _matcher(settings)
        if reextract or refind.lexicon_changed(store, matcher.lexicon):
            label = "finding the gadgets again" if reextract else "re-ranking after a lexicon change"
            with _Bar(label) as bar:
                refind.refind(store, matcher, progress=lambda done, total: bar(done, total, label))
        if post is None:
            with _Bar("counting the stored gadgets") as bar:
                board.ready(
                    store, progress=lambda done, total: bar(done, total, "counting the stored gadgets")
                )
            with _Bar("adding up the leaderboard") as bar:
                rows = board.board_of(store, by).update(
                    store, progress=lambda done, total: bar(done, total, "adding up the leaderboard")
                )[:top]
        else:
            rows = board.rank(store, by=by, post_id=post)[:top]
        zone = _zone(settings, store.get_post(post).account if post is not None else None)
    finally:
        store.close()
    if as_json:
        typer.echo(json.dumps([row.as_dict() for row in rows], ensure_ascii=False, indent=2))
        return
    if not rows:
        typer.echo("no gadgets found yet; run `tipqueue replies collect` or `tipqueue replies import FILE`")
        return
    from rich.console import Console

    console = Console()
    console.print(_leaderboard_table(rows, by, zone=zone, width=console.width))


def _post_id(store: Any, ref: str | None, *, known_only: bool = True) -> str | None:
    """The id of the post ``--post`` names by its id or handle (``FMG-3``).

    ``known_only=False`` (imports): a post the store does not know keeps the name given.
    """
    if ref is None:
        return None
    from tipqueue.config.errors import NotFoundError

    try:
        return str(store.resolve([ref])[0])
    except NotFoundError:
        if known_only:
            raise
        return ref


def _zone(settings: Any, account: str | None) -> Any:
    """The zone to show readers' times in: the account's (the default one's when ``account`` is None).

    UTC when that account is not configured, or several are and none is the default.
    """
    from zoneinfo import ZoneInfo

    from tipqueue.config.errors import SettingsError

    try:
        return settings.account(account)[1].zone
    except SettingsError:
        return ZoneInfo("UTC")


class _Column:
    """One column of the leaderboard table: its cells as plain text and the width given to it."""

    def __init__(self, header: str, cells: list[str], *, right: bool = False, wraps: bool = False) -> None:
        from rich.cells import cell_len

        self.header = header
        self.cells = cells
        self.right = right
        self.wraps = wraps  # may go on several lines (at spaces) rather than be cut
        self.width = max(cell_len(text) for text in (header, *cells))
        words = [w for text in (header, *cells) for w in text.split()] or [""]
        self.longest_word = max(cell_len(w) for w in words)


def _fit(columns: dict[str, _Column], width: int) -> list[_Column]:
    """The columns to show in ``width`` cells, and their widths; the counts always keep theirs.

    Until the table fits: shorten the sample quote, then leave it out; wrap the category (or
    the list of gadgets) onto more lines; leave out first seen, then last seen, then the
    category; and only then, in a very narrow terminal, wrap the names themselves (at spaces).
    """
    shown = dict(columns)

    def excess() -> int:
        return sum(c.width for c in shown.values()) + len(shown) - 1 - width

    def shrink(key: str, floor: int) -> None:
        column = shown.get(key)
        if column is not None:
            column.width = max(min(column.width, floor), column.width - excess())

    steps: list[tuple[str, str, int]] = [
        ("shrink", "sample", 16),
        ("drop", "sample", 0),
        ("shrink", "detail", 16),
        ("drop", "first", 0),
        ("drop", "last", 0),
        ("shrink", "detail", max(8, shown["detail"].longest_word)),
        ("drop", "detail", 0),
        ("shrink", "name", max(8, shown["name"].longest_word)),
    ]
    for action, key, floor in steps:
        if excess() <= 0:
            break
        if action == "drop":
            shown.pop(key, None)
        else:
            shrink(key, floor)
    return list(shown.values())


def _leaderboard_table(rows: list[Any], by: str, *, zone: Any, width: int) -> Any:
    """The leaderboard as a rich Table that fits ``width`` cells with every name and count whole.

    First and last seen are the days in ``zone`` (the account's): a comment made on the evening of
    the 25th in Los Angeles is on the 25th, although it is the 26th in UTC.

    Plain ASCII headers ("+1", "-1"): emoji are drawn one or two cells wide depending on the
    terminal, which shifted every column after them.
    """
    from rich import box
    from rich.table import Table

    def day(when: datetime | None) -> str:
        if when is None:
            return ""
        aware = when if when.tzinfo is not None else when.replace(tzinfo=UTC)  # stored times are UTC
        return aware.astimezone(zone).date().isoformat()

    columns = {
        "rank": _Column("#", [str(n) for n in range(1, len(rows) + 1)], right=True),
        "name": _Column(by, [r.gadget for r in rows], wraps=True),
        "detail": _Column(
            "category" if by == "gadget" else "includes",
            [r.category if by == "gadget" else ", ".join(r.includes) for r in rows],
            wraps=True,
        ),
        "people": _Column("people", [str(r.people) for r in rows], right=True),
        "recommends": _Column("+1", [str(r.recommends) for r in rows], right=True),
        "dislikes": _Column("-1", [str(r.dislikes) for r in rows], right=True),
        "mentions": _Column("replies", [str(r.mentions) for r in rows], right=True),
        "first": _Column("first seen", [day(r.first_seen) for r in rows]),
        "last": _Column("last seen", [day(r.last_seen) for r in rows]),
        "sample": _Column("sample", [r.sample for r in rows]),
    }
    columns["detail"].width = min(columns["detail"].width, 32)
    columns["sample"].width = min(columns["sample"].width, 48)
    shown = _fit(columns, width)
    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=0,
        caption=f"+1 recommend it, -1 dislike it; dates in {zone}; order: people naming it without "
        "disliking it, then people recommending it",
        caption_justify="left",
    )
    for column in shown:
        table.add_column(
            column.header,
            width=column.width,
            justify="right" if column.right else "left",
            no_wrap=not column.wraps,
            overflow="fold" if column.wraps else "ellipsis",
        )
    for index in range(len(rows)):
        table.add_row(*(column.cells[index] for column in shown))
    return table


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
    post: str | None = typer.Option(None, "--post", help="Only replies to this post (id or handle)."),
) -> None:
    """Export replies with their gadgets (CSV opens cleanly in Excel), or the leaderboard."""
    from tipqueue.config.errors import InputError
    from tipqueue.replies.export import (
        anonymization_key,
        check_rollup,
        export_leaderboard,
        export_replies,
        leaderboard,
    )
    from tipqueue.scheduler.review import retention_line

    rollup = check_rollup(by or "gadget")
    if by is not None and not board and fmt != "xlsx":
        raise InputError(f"--by {by} ranks the leaderboard; add --leaderboard, or use --format xlsx")
    settings = state(ctx).workspace_settings()
    store = _store(settings)
    try:
        post = _post_id(store, post)
        zone = _zone(settings, store.get_post(post).account if post is not None else None)
        if board:
            count = export_leaderboard(leaderboard(store, post_id=post, by=rollup), output, fmt, zone=zone)
            what = PLURAL[rollup]
        else:
            key = anonymization_key(settings.workspace) if anonymize else None
            kept = retention_line(settings)
            count = export_replies(
                store,
                output,
                fmt,
                anonymize=anonymize,
                key=key,
                post_id=post,
                by=rollup,
                retention=kept,
                zone=zone,
            )
            what = "replies"
    finally:
        store.close()
    typer.echo(f"wrote {count} {what} to {output}" + ("" if board else f"; {kept}"))


@replies_app.command("chart")
def chart_command(
    ctx: typer.Context,
    output: Path = typer.Option(..., "--output", "-o", help="PNG file to write."),
    top: int = typer.Option(15, "--top", min=1, max=40, help="How many bars to show."),
    by: str = typer.Option("gadget", "--by", help=BY_HELP),
    post: str | None = typer.Option(None, "--post", help="Only replies to this post (id or handle)."),
) -> None:
    """A bar chart PNG of the gadgets (or brands, or categories) readers name, in leaderboard order,
    in the workspace's brand colours."""
    from tipqueue.replies.chart import ChartColours, write_chart
    from tipqueue.replies.export import check_rollup, leaderboard

    check_rollup(by)
    settings = state(ctx).workspace_settings()
    store = _store(settings)
    try:
        rows = leaderboard(store, post_id=_post_id(store, post), by=by)
    finally:
        store.close()
    write_chart(rows, output, top=top, colours=ChartColours.of_brand(settings.brand))
    typer.echo(f"wrote the chart of the top {min(top, len(rows))} {PLURAL[by]} to {output}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.add_typer(replies_app, name="replies")


# The lexicon commands (evaluate, unknown, learn) live in their own module and add themselves here.
from tipqueue.cli import replies_lexicon  # noqa: E402,F401
