"""`tipqueue compliance …`: the claims check, reviewer sign-off and reply retention.

Exit codes: 0 fine; 1 a block-level rule fired or patient data was found (`check`), or the
post's state refused the sign-off; 2 bad input (unknown id or folder, a name that is not a
reviewer, a review flag left unaccepted).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typer

from tipqueue.cli.common import state

compliance_app = typer.Typer(
    name="compliance",
    help="Check posts' claims and patient data, sign off flagged posts, apply reply retention.",
    no_args_is_help=True,
)


def _now() -> datetime:
    return datetime.now(UTC)


def _print_review(review: Any, settings: Any) -> None:
    from tipqueue.posts.compliance.rules import describe

    post = review.post
    head = f"{post.id} ({post.status.value})"
    if not review.flags and not review.patient_data:
        typer.echo(f"{head}: no flags")
        return
    typer.echo(f"{head}:")
    for flag in review.flags:
        typer.echo(f"  {describe(flag)}")
    for problem in review.patient_data:
        typer.echo(f"  block  patient-data {problem.line()}")
    if review.signoff is not None:
        s = review.signoff
        typer.echo(f"  signed off by {s.reviewer} ({s.role}) at {s.at.astimezone(UTC):%Y-%m-%d %H:%M}Z")
    verdict = review.problem or "may be published"
    unheld = review.problem is None and not settings.compliance.signoff_required
    if unheld and any(f.severity.value == "review" for f in review.flags):
        verdict += " (no [compliance] reviewers are configured, so review flags are shown, not held)"
    typer.echo(f"  -> {verdict}")


@compliance_app.command("check")
def check(
    ctx: typer.Context,
    targets: list[str] = typer.Argument(
        None, metavar="[DIR|ID]...", help="Series/post folders or stored post ids (default: the whole queue)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the flags as JSON."),
) -> None:
    """Print every compliance flag with its rule, the words matched and the reason; exit 1 on a block."""
    from tipqueue.scheduler.queue import list_queue, open_store
    from tipqueue.scheduler.review import read_folders, review_posts, review_stored

    folders = [Path(t) for t in targets or [] if Path(t).is_dir()]
    ids = [t for t in targets or [] if not Path(t).is_dir()]
    # folders can be checked anywhere; stored posts need the workspace (no stray database elsewhere)
    settings = state(ctx).workspace_settings() if ids or not targets else state(ctx).settings()
    reviews = review_posts(read_folders(folders), settings) if folders else []
    if ids or not targets:
        with open_store(settings, now=_now()) as store:
            posts = store.get_posts(ids) if ids else list_queue(store)
            reviews += review_stored(store, settings, posts)
    if as_json:
        typer.echo(
            json.dumps([{"id": r.post.id, **r.to_json()} for r in reviews], indent=2, ensure_ascii=False)
        )
    else:
        for review in reviews:
            _print_review(review, settings)
        blocked = sum(r.blocked for r in reviews)
        flagged = sum(bool(r.flags) for r in reviews)
        typer.echo(f"{len(reviews)} post(s) checked: {flagged} flagged, {blocked} blocked")
    if any(r.blocked for r in reviews):
        raise typer.Exit(1)


@compliance_app.command("approve")
def approve(
    ctx: typer.Context,
    post_id: str = typer.Argument(..., metavar="ID"),
    reviewer: str = typer.Option(..., "--reviewer", help="Your name as listed in [compliance] reviewers."),
    accept: list[str] = typer.Option(
        [], "--accept", help="A rule id you accept (repeat it), or 'all' after reading every flag."
    ),
    note: str | None = typer.Option(None, "--note", help="Why it is fine (kept with the sign-off)."),
) -> None:
    """Sign off a post's review flags as its text reads now (an edit afterwards clears it)."""
    from tipqueue.scheduler.queue import open_store
    from tipqueue.scheduler.review import approve_post

    settings = state(ctx).workspace_settings()
    with open_store(settings, now=_now()) as store:
        signoff, post = approve_post(
            store, settings, post_id, reviewer=reviewer, accept=accept, now=_now(), note=note
        )
    typer.echo(
        f"signed off {post.id} by {signoff.reviewer} ({signoff.role}); accepted "
        f"{len(signoff.accepted)} flag(s); {post.status.value}"
    )


@compliance_app.command("rules")
def rules(ctx: typer.Context) -> None:
    """List the rules in force ([compliance] rules) with their severity and source."""
    from tipqueue.posts.compliance import load_rules

    settings = state(ctx).settings()
    for rule in load_rules(settings.compliance.rules, settings.workspace):
        typer.echo(f"{rule.severity.value:<6} {rule.id}: {rule.reason} ({rule.source})")


@compliance_app.command("prune-replies")
def prune_replies(
    ctx: typer.Context,
    dry_run: bool = typer.Option(False, "--dry-run", help="Count what would be deleted; delete nothing."),
) -> None:
    """Delete stored replies older than [replies] keep_days (the daemon does this daily)."""
    from tipqueue.scheduler.queue import open_store
    from tipqueue.scheduler.review import retention

    settings = state(ctx).workspace_settings()
    with open_store(settings, now=_now()) as store:
        pruned = retention(store, settings, now=_now(), dry_run=dry_run)
    if pruned is None:
        typer.echo(
            "[replies] keep_days is not set: replies are kept; set it in tipqueue.toml to delete old ones"
        )
        return
    verb = "would delete" if dry_run else "deleted"
    typer.echo(
        f"{verb} {pruned.deleted} repl{'y' if pruned.deleted == 1 else 'ies'} collected before "
        f"{pruned.cutoff:%Y-%m-%d %H:%M}Z (keep_days = {pruned.keep_days})"
    )


def register(app: typer.Typer) -> None:
    app.add_typer(compliance_app, name="compliance")


def flag_lines(store: Any, settings: Any, posts: list[Any]) -> list[str]:
    """One line per flag of these posts (rule, words, reason), for `queue list` and `status`."""
    from tipqueue.scheduler.review import review_stored

    lines: list[str] = []
    for review in review_stored(store, settings, posts):
        for flag in review.flags:
            lines.append(
                f"{review.post.ref}: {flag.severity.value} {flag.rule_id} “{flag.matched}” - {flag.reason}"
            )
        for problem in review.patient_data:
            lines.append(f"{review.post.ref}: block patient-data {problem.line()}")
    return lines


def compliance_records(store: Any, settings: Any, posts: list[Any]) -> dict[str, Any]:
    """post id -> its compliance record, for the JSON of `queue list` and `status`."""
    from tipqueue.scheduler.review import review_stored

    return {r.post.id: r.to_json() for r in review_stored(store, settings, posts)}
