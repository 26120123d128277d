"""`tipqueue render`: draw the quote cards of a series."""

from __future__ import annotations

from pathlib import Path

import typer

from tipqueue.cli.common import state


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("render")(render)


def render(
    ctx: typer.Context,
    paths: list[Path] = typer.Argument(..., metavar="DIR", help="Series folder(s) or post folder(s)."),
    fmt: str | None = typer.Option(
        None,
        "--format",
        "-f",
        help="portrait (1080x1350), square (1080x1080), story (1080x1920) or a layout .toml file. "
        "Default: card_format in tipqueue.toml.",
    ),
    jobs: int | None = typer.Option(
        None, "--jobs", "-j", min=1, help="Processes to render with. Default: all cores."
    ),
    force: bool = typer.Option(
        False, "--force", help="Redraw every card, even those whose inputs are unchanged."
    ),
) -> None:
    """Render every card of DIR (JPEG per slide, checked against Instagram's limits) and a contact sheet.

    Exit codes: 0 all cards rendered; 1 a card or the brand palette was refused; 2 bad input.
    """
    from tipqueue.posts.render import render_folder

    settings = state(ctx).settings()
    report = render_folder(paths, settings, fmt=fmt, jobs=jobs, force=force, progress=True)
    typer.echo(
        f"{len(report.rendered)} card(s) rendered, {len(report.skipped)} unchanged, "
        f"{len(report.failed)} refused ({report.format})"
    )
    for post_id, reason in report.failed:
        typer.echo(f"refused {post_id}: {reason}", err=True)
    if report.contact_sheet is not None:
        typer.echo(f"contact sheet: {report.contact_sheet}")
    if not report.ok:
        raise typer.Exit(1)
