"""`tipqueue queue …`, `tipqueue status` and `tipqueue db upgrade`.

Exit codes: 0 done; 1 the store or a post's state refused the change (e.g. moving a published
post) or a post breaks an Instagram limit; 2 bad input (unknown id, unreadable or past time,
unknown account, bad setting). On any error nothing is changed.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typer

from tipqueue.cli.common import state

queue_app = typer.Typer(
    name="queue",
    help="Put approved posts into posting slots; list, reschedule, approve, cancel, pause, import, export.",
    no_args_is_help=True,
)
db_app = typer.Typer(name="db", help="The database: migrations.", no_args_is_help=True)


def _now() -> datetime:
    return datetime.now(UTC)


def _open(ctx: typer.Context, account: str | None = None) -> tuple[Any, Any]:
    from tipqueue.scheduler.queue import open_store

    settings = state(ctx).workspace_settings()
    if account is not None:
        settings.account(account)  # an unknown account fails before the store is touched
    return settings, open_store(settings, now=_now())


def _zone(settings: Any, post: Any) -> str:
    acct = settings.accounts.get(post.account)
    return acct.timezone if acct is not None else "UTC"


def _print_posts(settings: Any, posts: list[Any], title: str | None = None) -> None:
    from rich.console import Console
    from rich.table import Table

    from tipqueue.scheduler.queue import local_time

    table = Table(title=title)
    for col in ("id", "account", "status", "when (account's zone)", "series", "caption"):
        table.add_column(col, overflow="fold")
    for post in posts:
        caption = post.caption.splitlines()[0] if post.caption else ""
        caption = caption if len(caption) <= 50 else caption[:49] + "…"
        when = local_time(post.scheduled_at, _zone(settings, post)) + (" (pinned)" if post.pinned else "")
        status = post.status.value
        if post.last_error and status in ("failed", "needs_attention"):
            status += f": {post.last_error[:40]}"
        table.add_row(post.id, post.account or "-", status, when or "-", post.series_label, caption)
    Console().print(table)


def _say(message: str) -> None:
    typer.echo(message)


@queue_app.command("add")
def add(
    ctx: typer.Context,
    dirs: list[Path] = typer.Argument(
        ..., metavar="DIR...", help="Series or post folders made by `tipqueue split`."
    ),
    approve: bool = typer.Option(False, "--approve", help="Queue drafts too (approve them now)."),
    account: str | None = typer.Option(
        None, "--account", help="Account to post to (default: the post's, else the default)."
    ),
    at: str | None = typer.Option(
        None,
        "--at",
        help="Pin ONE post to this time: 'YYYY-MM-DD HH:MM' in the account's zone, or ISO 8601 with offset.",
    ),
) -> None:
    """Queue approved posts into the next free posting slots."""
    from tipqueue.scheduler.queue import add_folders, local_time

    settings, store = _open(ctx, account)
    with store:
        result = add_folders(store, settings, dirs, now=_now(), approve=approve, account=account, at=at)
    for post in result.added:
        _say(f"queued {post.id} for {local_time(post.scheduled_at, _zone(settings, post))} on {post.account}")
    if result.already_queued:
        ids = ", ".join(p.id for p in result.already_queued)
        _say(
            f"left {len(result.already_queued)} post(s) already in the queue as they are: {ids} "
            "(see `tipqueue queue list --all`)"
        )
    if result.skipped:
        ids = ", ".join(p.id for p in result.skipped)
        _say(
            f"skipped {len(result.skipped)} draft(s) not approved: {ids} (approve them in post.json or pass --approve)"
        )


@queue_app.command("list")
def list_(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print the posts as JSON."),
    include_all: bool = typer.Option(False, "--all", help="Include published and cancelled posts."),
    account: str | None = typer.Option(None, "--account", help="Only this account."),
) -> None:
    """List the queue in time order, times in each account's zone."""
    from tipqueue.scheduler.queue import list_queue, post_record

    settings, store = _open(ctx, account)
    with store:
        posts = list_queue(store, include_all=include_all, account=account)
    if as_json:
        typer.echo(json.dumps([post_record(p, settings) for p in posts], indent=2, ensure_ascii=False))
        return
    if not posts:
        _say("the queue is empty; add posts with `tipqueue queue add DIR`")
        return
    _print_posts(settings, posts)


@queue_app.command("move")
def move_(
    ctx: typer.Context,
    post_id: str = typer.Argument(..., metavar="ID"),
    at: str = typer.Option(
        ..., "--at", help="New time: 'YYYY-MM-DD HH:MM' in the account's zone, or ISO 8601 with offset."
    ),
) -> None:
    """Pin a post to a new time."""
    from tipqueue.scheduler.queue import local_time, move

    settings, store = _open(ctx)
    with store:
        post = move(store, settings, post_id, at, now=_now())
    _say(f"moved {post.id} to {local_time(post.scheduled_at, _zone(settings, post))}")


@queue_app.command("edit")
def edit_(
    ctx: typer.Context,
    post_id: str = typer.Argument(..., metavar="ID"),
    caption: str | None = typer.Option(None, "--caption", help="The new caption text."),
    caption_file: Path | None = typer.Option(
        None, "--caption-file", help="Read the new caption from this UTF-8 file ('-' reads stdin)."
    ),
    hashtags: str | None = typer.Option(
        None, "--hashtags", help="The post's hashtags, comma-separated (a,b or '#a, #b'); '' removes them."
    ),
    alt_text: str | None = typer.Option(None, "--alt-text", help="Alt text for the post and every image."),
    first_comment: str | None = typer.Option(
        None, "--first-comment", help="The comment posted right after; '' removes it."
    ),
) -> None:
    """Edit the caption, hashtags, alt text or first comment of a post not yet published."""
    import sys

    from tipqueue.config.errors import InputError
    from tipqueue.scheduler.queue import edit_post, split_hashtags

    if caption is not None and caption_file is not None:
        raise InputError("give --caption or --caption-file, not both")
    if caption_file is not None:
        try:
            caption = (
                sys.stdin.read() if str(caption_file) == "-" else caption_file.read_text(encoding="utf-8-sig")
            )
        except UnicodeDecodeError:
            raise InputError(f"{caption_file} is not UTF-8 text; save it as UTF-8 and try again") from None
    settings, store = _open(ctx)
    with store:
        post = edit_post(
            store,
            settings,
            post_id,
            now=_now(),
            caption=caption,
            hashtags=None if hashtags is None else split_hashtags(hashtags),
            alt_text=alt_text,
            first_comment=first_comment,
        )
    _say(
        f"{post.id}: caption {len(post.caption)} characters; hashtags "
        + (" ".join(f"#{t}" for t in post.hashtags) or "none")
        + f"; {post.status.value}"
    )


@queue_app.command("swap")
def swap_(
    ctx: typer.Context,
    first: str = typer.Argument(..., metavar="ID"),
    second: str = typer.Argument(..., metavar="ID"),
) -> None:
    """Exchange the times of two scheduled posts."""
    from tipqueue.scheduler.queue import local_time, swap

    settings, store = _open(ctx)
    with store:
        a, b = swap(store, settings, first, second, now=_now())
    for post in (a, b):
        _say(f"{post.id} now at {local_time(post.scheduled_at, _zone(settings, post))}")


@queue_app.command("shuffle")
def shuffle_(
    ctx: typer.Context,
    account: str | None = typer.Option(None, "--account", help="Account whose queue to shuffle."),
) -> None:
    """Shuffle which post goes in which slot (pinned posts stay put)."""
    from tipqueue.scheduler.queue import shuffle

    settings, store = _open(ctx, account)
    with store:
        posts = shuffle(store, settings, now=_now(), account=account)
        posts = sorted(posts, key=lambda p: p.scheduled_at or _now())
    _print_posts(settings, posts, title="shuffled")


@queue_app.command("approve")
def approve_(ctx: typer.Context, ids: list[str] = typer.Argument(..., metavar="ID...")) -> None:
    """Approve draft posts in the queue and give them the next free slots."""
    from tipqueue.scheduler.queue import approve, local_time

    settings, store = _open(ctx)
    with store:
        posts = approve(store, settings, ids, now=_now())
    for post in posts:
        _say(f"approved {post.id} for {local_time(post.scheduled_at, _zone(settings, post))}")


@queue_app.command("cancel")
def cancel_(ctx: typer.Context, ids: list[str] = typer.Argument(..., metavar="ID...")) -> None:
    """Cancel posts that are not being published yet."""
    from tipqueue.scheduler.queue import cancel

    _, store = _open(ctx)
    with store:
        posts = cancel(store, ids, now=_now())
    _say(f"cancelled {', '.join(p.id for p in posts)}")


@queue_app.command("pause")
def pause_(
    ctx: typer.Context,
    account: str | None = typer.Argument(None, metavar="[ACCOUNT]"),
    reason: str | None = typer.Option(None, "--reason", help="Why (shown by `tipqueue status`)."),
) -> None:
    """Stop publishing for an account (posts stay queued)."""
    from tipqueue.scheduler.queue import set_paused

    settings, store = _open(ctx, account)
    with store:
        st = set_paused(store, settings, account, True, now=_now(), reason=reason)
    _say(f"paused {st.name}: nothing is published until `tipqueue queue resume {st.name}`")


@queue_app.command("resume")
def resume_(ctx: typer.Context, account: str | None = typer.Argument(None, metavar="[ACCOUNT]")) -> None:
    """Publish again for a paused account; posts whose time passed are published on the next run."""
    from tipqueue.scheduler.queue import set_paused

    settings, store = _open(ctx, account)
    with store:
        st = set_paused(store, settings, account, False, now=_now())
    _say(f"resumed {st.name}")


@queue_app.command("confirm-live")
def confirm_live_(
    ctx: typer.Context,
    post_id: str = typer.Argument(..., metavar="ID"),
    url: str | None = typer.Option(
        None, "--url", help="The post's link on the profile (https://www.instagram.com/p/CODE/)."
    ),
) -> None:
    """Record that a post whose outcome was unknown IS live (you found it on the profile)."""
    from tipqueue.scheduler.queue import confirm_live

    _, store = _open(ctx)
    with store:
        post = confirm_live(store, post_id, url=url, now=_now())
    _say(f"recorded {post.id} as published" + (f": {post.permalink}" if post.permalink else ""))


@queue_app.command("resend")
def resend_(
    ctx: typer.Context,
    post_id: str = typer.Argument(..., metavar="ID"),
    at: str | None = typer.Option(None, "--at", help="When to send it (default: now), as for `queue move`."),
) -> None:
    """Send a post again after you checked the profile and it is NOT live (its outcome was unknown)."""
    from tipqueue.scheduler.queue import resend

    settings, store = _open(ctx)
    with store:
        post = resend(store, settings, post_id, at=at, now=_now())
    _say(f"{post.id} will be sent again (it is looked for on the profile first)")


@queue_app.command("import")
def import_(
    ctx: typer.Context, file: Path = typer.Argument(..., metavar="FILE", help="A .csv or .json queue file.")
) -> None:
    """Add new posts and apply time/status/caption changes from a CSV or JSON file (all or nothing)."""
    from tipqueue.scheduler.queue import import_queue

    settings, store = _open(ctx)
    with store:
        result = import_queue(store, settings, file, now=_now())
    _say(
        f"imported {file.name}: {len(result.added)} added, {len(result.changed)} changed, "
        f"{result.unchanged} unchanged"
        + (f", {len(result.skipped)} finished post(s) skipped" if result.skipped else "")
    )


@queue_app.command("export")
def export_(
    ctx: typer.Context,
    file: Path = typer.Argument(..., metavar="FILE"),
    fmt: str | None = typer.Option(None, "--format", help="csv or json (default: from the file name)."),
) -> None:
    """Write the whole queue (every status) to CSV or JSON."""
    from tipqueue.config.errors import InputError
    from tipqueue.scheduler.queue import export_queue

    if fmt not in (None, "csv", "json"):
        raise InputError(f"--format {fmt!r} is not known; use csv or json")
    settings, store = _open(ctx)
    with store:
        count = export_queue(store, settings, file, fmt=fmt, now=_now())  # type: ignore[arg-type]
    _say(f"wrote {count} post(s) to {file}")


def status(
    ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON.")
) -> None:
    """Next posts, failures, posts needing attention, alerts and each account's state."""
    from rich.console import Console

    from tipqueue.scheduler.queue import local_time, status_summary

    settings, store = _open(ctx)
    with store:
        summary = status_summary(store, settings, now=_now())
    if as_json:
        typer.echo(json.dumps(summary.to_json(settings), indent=2, ensure_ascii=False))
        return
    console = Console()
    for acct in summary.accounts:
        state_text = f"PAUSED ({acct.state.pause_reason})" if acct.state.paused else "active"
        nxt = acct.next_post
        when = local_time(nxt.scheduled_at, acct.state.timezone) if nxt else "nothing scheduled"
        console.print(
            f"{acct.state.name} (@{acct.state.username}, {acct.state.timezone}): {state_text}; "
            f"today {acct.posts_today}/{acct.daily_cap}; next: {when}",
            markup=False,
            highlight=False,
        )
    if summary.due_now:
        console.print(f"{summary.due_now} post(s) due now: run `tipqueue publish-due`", markup=False)
    if summary.next_posts:
        _print_posts(settings, summary.next_posts, title="next posts")
    for post in summary.publishing:
        lease = (
            post.lease_expires_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
            if post.lease_expires_at
            else "-"
        )
        console.print(
            f"publishing {post.id} (account {post.account or '-'}): held by {post.claimed_by or '-'} "
            f"until {lease}Z" + ("; configure sent, answer not yet recorded" if post.outcome_unknown else ""),
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    if summary.failures:
        _print_posts(settings, summary.failures, title="failed (will retry)")
    if summary.needs_attention:
        _print_posts(settings, summary.needs_attention, title="needs attention")
    for alert in summary.alerts:
        console.print(
            f"[{alert.level}] {alert.at.astimezone(UTC).strftime('%Y-%m-%d %H:%M')}Z {alert.message}",
            markup=False,
            highlight=False,
        )


@db_app.command("upgrade")
def db_upgrade(ctx: typer.Context) -> None:
    """Apply the database migrations (also done automatically when tipqueue opens the store)."""
    from tipqueue.scheduler.store import Store

    settings = state(ctx).workspace_settings()
    opened = Store.open(settings.db_url, upgrade=True)
    with opened:
        _say(f"database at revision {opened.revision()} ({opened.url})")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.add_typer(queue_app, name="queue")
    app.add_typer(db_app, name="db")
    app.command("status")(status)
