"""`tipqueue queue …`, `tipqueue status` and `tipqueue db upgrade`.

Exit codes: 0 done; 1 the store or a post's state refused the change (e.g. moving a published
post) or a post breaks an Instagram limit; 2 bad input (unknown id, unreadable or past time,
unknown account, bad setting). On any error nothing is changed.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typer

from tipqueue.cli import backup
from tipqueue.cli.common import state

queue_app = typer.Typer(
    name="queue",
    help="Put approved posts into posting slots; list, reschedule, publish now, share next, approve, "
    "cancel, pause, import, export. Every ID is a post's id or its short handle (e.g. SFM-3).",
    no_args_is_help=True,
)
db_app = typer.Typer(name="db", help="The database: migrations, backup, restore.", no_args_is_help=True)
alerts_app = typer.Typer(
    name="alerts", help="List the open alerts (the default) or dismiss the ones dealt with."
)


ID_HELP = "The post's id or its handle (SFM-3, sfm3), as `tipqueue queue list` shows it."
IDS_HELP = "Posts by id or handle (SFM-3, sfm3)."


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
    """One line per post, even at 80 columns: the handle, account, status, time and series keep
    their full width; the caption's first line (or, for a post in trouble, its last error) takes
    the room that is left and ends in "…"."""
    from rich.console import Console
    from rich.table import Table

    from tipqueue.scheduler.queue import local_time

    rows = []
    for post in posts:
        text = post.caption.splitlines()[0] if post.caption else ""
        if post.last_error and post.status.value in (
            "failed",
            "needs_attention",
            "needs_approval",
            "expired",
        ):
            text = f"⚠ {post.last_error}"
        when = local_time(post.scheduled_at, _zone(settings, post)) + (" (pinned)" if post.pinned else "")
        rows.append((post.ref, post.account or "-", post.status.value, when or "-", post.series_label, text))
    headers = ("post", "account", "status", "when (account's zone)", "series", "caption")
    widths = [max([len(r[i]) for r in rows] + [len(h)]) for i, h in enumerate(headers[:-1])]
    console = Console()
    room = max(12, console.width - sum(widths) - 3 * len(headers) - 1)  # what the borders leave
    table = Table(title=title)
    for header, width in zip(headers[:-1], widths, strict=True):
        table.add_column(header, no_wrap=True, min_width=width)
    table.add_column(headers[-1], no_wrap=True, max_width=room)
    for *fixed, text in rows:
        table.add_row(*fixed, text if len(text) <= room else text[: room - 1] + "…")
    console.print(table)


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
    update: bool = typer.Option(
        False,
        "--update",
        help="Apply post.json's caption, hashtags, alt text and first comment to posts already "
        "queued (not yet published), with the same checks as `queue edit`.",
    ),
) -> None:
    """Queue approved posts into the next free posting slots.

    Posts already queued stay as they are; one whose post.json was edited since is reported,
    and --update applies the edit to the queued copy.
    """
    from tipqueue.cli.compliance import flag_lines
    from tipqueue.posts.models import EDITABLE_STATUSES
    from tipqueue.scheduler.queue import add_folders, local_time

    settings, store = _open(ctx, account)
    with store:
        result = add_folders(
            store, settings, dirs, now=_now(), approve=approve, account=account, at=at, update=update
        )
        flagged = flag_lines(store, settings, [*result.added, *result.updated])
    for post in result.added:
        _say(
            f"queued {post.ref} ({post.id}) for {local_time(post.scheduled_at, _zone(settings, post))} on {post.account}"
        )
    for post in result.updated:
        _say(f"updated {post.ref} in the queue from its post.json")
    for post, fields in result.differs:
        how = (
            f"run `tipqueue queue add {' '.join(str(d) for d in dirs)} --update` to apply post.json, "
            f"or `tipqueue queue edit {post.ref}`"
            if post.status in EDITABLE_STATUSES
            else f"it is {post.status.value}, so post.json no longer changes it"
        )
        _say(f"{post.ref}: the queued copy differs from its post.json ({', '.join(fields)}); {how}")
    unchanged = [p for p in result.already_queued if p.id not in {q.id for q in result.updated}]
    if unchanged:
        ids = ", ".join(p.ref for p in unchanged)
        _say(
            f"left {len(unchanged)} post(s) already in the queue as they are: {ids} "
            "(see `tipqueue queue list --all`)"
        )
    if result.skipped:
        ids = ", ".join(p.ref for p in result.skipped)
        _say(
            f"skipped {len(result.skipped)} draft(s) not approved: {ids} (approve them in post.json or pass --approve)"
        )
    for line in flagged:
        _say(line)


@queue_app.command("list")
def list_(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print the posts as JSON."),
    include_all: bool = typer.Option(False, "--all", help="Include published and cancelled posts."),
    account: str | None = typer.Option(None, "--account", help="Only this account."),
    limit: int = typer.Option(
        100, "--limit", min=1, max=1000, metavar="N", help="At most this many posts (one page)."
    ),
    start: str | None = typer.Option(
        None,
        "--from",
        metavar="ID",
        help="Start the page at this post (id or handle), as the last page said.",
    ),
) -> None:
    """List the queue in time order, times in each account's zone, a page at a time.

    When more posts follow, the last line (on stderr with --json) names the command for the next page.
    """
    from tipqueue.cli.compliance import compliance_records, flag_lines
    from tipqueue.scheduler.queue import post_record, queue_page

    settings, store = _open(ctx, account)
    with store:
        page = queue_page(store, include_all=include_all, account=account, limit=limit, start=start)
        posts = page.posts
        following = store.get_post(page.next.id).ref if page.next else None
        flags = compliance_records(store, settings, posts) if as_json else {}
        lines = [] if as_json else flag_lines(store, settings, posts)
    more = None
    if following:
        more = f"more posts follow: tipqueue queue list --from {following}" + "".join(
            f" {flag}" for flag, on in (("--all", include_all), (f"--account {account}", account)) if on
        )
        more += f" --limit {limit}" if limit != 100 else ""
    if as_json:
        records = [post_record(p, settings) | {"compliance": flags.get(p.id)} for p in posts]
        typer.echo(json.dumps(records, indent=2, ensure_ascii=False))
        if more:
            typer.echo(more, err=True)
        return
    if not posts:
        _say("the queue is empty; add posts with `tipqueue queue add DIR`")
        return
    _print_posts(settings, posts)
    for line in lines:
        _say(line)
    if more:
        _say(more)


@queue_app.command("move")
def move_(
    ctx: typer.Context,
    post_id: str = typer.Argument(..., metavar="ID", help=ID_HELP),
    at: str = typer.Option(
        ..., "--at", help="New time: 'YYYY-MM-DD HH:MM' in the account's zone, or ISO 8601 with offset."
    ),
) -> None:
    """Pin a post to a new time."""
    from tipqueue.scheduler.queue import local_time, move

    settings, store = _open(ctx)
    with store:
        post = move(store, settings, post_id, at, now=_now())
    _say(f"moved {post.ref} to {local_time(post.scheduled_at, _zone(settings, post))}")


@queue_app.command("edit")
def edit_(
    ctx: typer.Context,
    post_id: str = typer.Argument(..., metavar="ID", help=ID_HELP),
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

    from tipqueue.cli.compliance import flag_lines
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
        flagged = flag_lines(store, settings, [post])
    _say(
        f"{post.ref}: caption {len(post.caption)} characters; hashtags "
        + (" ".join(f"#{t}" for t in post.hashtags) or "none")
        + f"; {post.status.value}"
    )
    for line in flagged:
        _say(line)


@queue_app.command("swap")
def swap_(
    ctx: typer.Context,
    first: str = typer.Argument(..., metavar="ID", help=ID_HELP),
    second: str = typer.Argument(..., metavar="ID", help=ID_HELP),
) -> None:
    """Exchange the times of two scheduled posts."""
    from tipqueue.scheduler.queue import local_time, swap

    settings, store = _open(ctx)
    with store:
        a, b = swap(store, settings, first, second, now=_now())
    for post in (a, b):
        _say(f"{post.ref} now at {local_time(post.scheduled_at, _zone(settings, post))}")


@queue_app.command("publish-now")
def publish_now_(ctx: typer.Context, post_id: str = typer.Argument(..., metavar="ID", help=ID_HELP)) -> None:
    """Publish a queued post right now (by id or handle), exactly once, through the same claim as cron.

    Scheduled, approved or failed posts; the account's daily cap still holds. Exit codes: 0 it is
    live; 1 it failed (retried later) or needs attention, another runner is publishing it, or it
    cannot be published now (its status, a paused account, the cap); 2 bad input (unknown post).
    """
    from tipqueue.cli.publish import _log_to
    from tipqueue.instagram.connect import connector
    from tipqueue.scheduler.alerts import notifier
    from tipqueue.scheduler.publish import LazyPublishers, runner_name
    from tipqueue.scheduler.publish_now import publish_now

    settings, store = _open(ctx)
    _log_to(sys.stderr)
    with store:
        result = publish_now(
            store,
            settings,
            post_id,
            publishers=LazyPublishers(list(settings.accounts), connector(settings)),
            clock=_now,
            runner_id=runner_name("now"),
            notify=notifier(store, settings, clock=_now),
        )
    post, outcome = result.post, result.outcome
    if outcome is None:
        _say(
            f"{post.ref} was taken by another runner first; it is {post.status.value} (see `tipqueue status`)"
        )
        raise typer.Exit(1)
    if not outcome.problem:
        _say(f"published {post.ref} now: {post.permalink or post.media_id}")
        return
    _say(f"{post.ref} is {post.status.value}: {outcome.detail}")
    raise typer.Exit(1)


@queue_app.command("share-next")
def share_next_(ctx: typer.Context, post_id: str = typer.Argument(..., metavar="ID", help=ID_HELP)) -> None:
    """Make a queued post the account's next one out: the next free slot, or the first queued
    post's time with the posts in between each one place later. Pinned posts stay put."""
    from tipqueue.scheduler.publish_now import share_next
    from tipqueue.scheduler.queue import local_time

    settings, store = _open(ctx)
    with store:
        result = share_next(store, settings, post_id, now=_now())
    post = result.post
    _say(f"{post.ref} goes out next, at {local_time(post.scheduled_at, _zone(settings, post))}")
    for other in result.shifted:
        _say(
            f"  {other.ref} moved one place later, to {local_time(other.scheduled_at, _zone(settings, other))}"
        )


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
def approve_(
    ctx: typer.Context, ids: list[str] = typer.Argument(..., metavar="ID...", help=IDS_HELP)
) -> None:
    """Approve draft posts in the queue and give them the next free slots."""
    from tipqueue.scheduler.queue import approve, local_time

    settings, store = _open(ctx)
    with store:
        posts = approve(store, settings, ids, now=_now())
    for post in posts:
        _say(f"approved {post.ref} for {local_time(post.scheduled_at, _zone(settings, post))}")


@queue_app.command("cancel")
def cancel_(ctx: typer.Context, ids: list[str] = typer.Argument(..., metavar="ID...", help=IDS_HELP)) -> None:
    """Cancel posts that are not being published yet."""
    from tipqueue.scheduler.queue import cancel

    _, store = _open(ctx)
    with store:
        posts = cancel(store, ids, now=_now())
    _say(f"cancelled {', '.join(p.ref for p in posts)}")


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
    from tipqueue.cli.compliance import flag_lines
    from tipqueue.scheduler.queue_file import import_queue

    settings, store = _open(ctx)
    with store:
        result = import_queue(store, settings, file, now=_now())
        flagged = flag_lines(store, settings, [*result.added, *result.changed])
    _say(
        f"imported {file.name}: {len(result.added)} added, {len(result.changed)} changed, "
        f"{result.unchanged} unchanged"
        + (f", {len(result.skipped)} finished post(s) skipped" if result.skipped else "")
    )
    for line in flagged:
        _say(line)


@queue_app.command("export")
def export_(
    ctx: typer.Context,
    file: Path = typer.Argument(..., metavar="FILE"),
    fmt: str | None = typer.Option(None, "--format", help="csv or json (default: from the file name)."),
) -> None:
    """Write the whole queue (every status) to CSV or JSON."""
    from tipqueue.config.errors import InputError
    from tipqueue.scheduler.queue_file import export_queue

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

    from tipqueue.cli.compliance import compliance_records, flag_lines
    from tipqueue.posts.models import PostStatus
    from tipqueue.scheduler.queue import local_time, post_record, status_summary

    settings, store = _open(ctx)
    with store:
        summary = status_summary(store, settings, now=_now())
        waiting = store.list_posts(statuses={PostStatus.NEEDS_APPROVAL}, limit=20)
        shown = [*summary.next_posts, *waiting]
        flags = compliance_records(store, settings, shown) if as_json else {}
        lines = [] if as_json else flag_lines(store, settings, shown)
    if as_json:
        data = summary.to_json(settings)
        data["needs_approval"] = [post_record(p, settings) for p in waiting]
        data["compliance"] = flags
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    console = Console()
    for acct in summary.accounts:
        state_text = f"PAUSED ({acct.state.pause_reason})" if acct.state.paused else "active"
        nxt = acct.next_post
        when = local_time(nxt.scheduled_at, acct.state.timezone) if nxt else "nothing scheduled"
        console.print(
            f"{acct.state.name} (@{acct.state.username}, {acct.state.timezone}): {state_text}; "
            f"{acct.today_text}; next: {when}",
            markup=False,
            highlight=False,
            soft_wrap=True,  # one line per account, never broken inside "today: ..."
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
    if waiting:
        _print_posts(settings, waiting, title="needs approval (`tipqueue compliance approve ID`)")
    for line in lines:
        console.print(line, markup=False, highlight=False)
    for notice in summary.alerts:
        console.print(_alert_line(notice), markup=False, highlight=False, soft_wrap=True)
    if summary.alerts:
        console.print(
            "dismiss an alert with `tipqueue alerts dismiss N` (or --all)", markup=False, highlight=False
        )


def _alert_line(notice: Any) -> str:
    alert = notice.alert
    when = alert.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
    post = f" [{notice.handle}]" if notice.handle else ""
    return f"#{alert.id} [{alert.level}] {when}Z{post} {notice.text}"


@alerts_app.callback(invoke_without_command=True)
def alerts_list(
    ctx: typer.Context,
    include_all: bool = typer.Option(False, "--all", help="Include dismissed alerts."),
    limit: int = typer.Option(
        50, "--limit", min=1, max=1000, metavar="N", help="At most this many, newest first."
    ),
) -> None:
    """The open alerts, newest first, each with its number and what became of its post since."""
    if ctx.invoked_subcommand is not None:
        return
    from tipqueue.scheduler.notices import explain

    settings, store = _open(ctx)
    with store:
        notices = explain(store, store.list_alerts(limit=limit, include_dismissed=include_all), settings)
    if not notices:
        _say("no open alerts" if not include_all else "no alerts")
        return
    for notice in notices:
        dismissed = " (dismissed)" if notice.alert.dismissed_at else ""
        _say(_alert_line(notice) + dismissed)


@alerts_app.command("dismiss")
def alerts_dismiss(
    ctx: typer.Context,
    numbers: list[int] | None = typer.Argument(
        None, metavar="[N...]", help="Alert numbers (from `tipqueue alerts`)."
    ),
    every: bool = typer.Option(False, "--all", help="Dismiss every open alert."),
) -> None:
    """Dismiss alerts a person has dealt with: status and the dashboard stop showing them."""
    from tipqueue.config.errors import InputError
    from tipqueue.scheduler.notices import dismiss

    if not numbers and not every:
        raise InputError("give the numbers of the alerts to dismiss (see `tipqueue alerts`), or --all")
    if numbers and every:
        raise InputError("give alert numbers or --all, not both")
    _, store = _open(ctx)
    with store:
        count = dismiss(store, None if every else numbers, now=_now())
    _say(f"dismissed {count} alert(s)")


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
    backup.register(db_app)
    app.add_typer(alerts_app, name="alerts")
    app.command("status")(status)
