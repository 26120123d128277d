"""`tipqueue split`: an article becomes a reviewed series of post folders."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from tipqueue.cli.common import state


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""

    @app.command("split")
    def split(
        ctx: typer.Context,
        article: Path = typer.Argument(..., help="The article: .txt, .md or a saved .html page."),
        out: Path | None = typer.Option(
            None, "--out", "-o", help="Where series folders go. Default: <workspace>/posts."
        ),
        account: str | None = typer.Option(None, "--account", help="Account the posts are for."),
        max_chars: int | None = typer.Option(
            None,
            "--max-chars",
            min=60,
            max=600,
            help="Most characters on one card (default: quote_max_chars).",
        ),
        language: str | None = typer.Option(
            None,
            "--language",
            help="Language code for sentence splitting (default: detected from the text, else the page's, else en).",
        ),
        as_json: bool = typer.Option(False, "--json", help="Print the posts as a JSON array."),
        force: bool = typer.Option(False, "--force", help="Overwrite post folders that staff edited."),
    ) -> None:
        """Split ARTICLE into a cover, tips and a call-to-action post, written for review."""
        from tipqueue.posts.series import posts_as_json, split_to_folder

        st = state(ctx)
        settings = st.settings()
        target = out if out is not None else st.workspace / "posts"
        result = split_to_folder(
            article, target, settings, account, max_chars=max_chars, language=language, force=force
        )
        if as_json:
            typer.echo(json.dumps(posts_as_json(result), indent=2, ensure_ascii=False))
            return
        _print_result(result)


def _print_result(result: object) -> None:
    from rich.console import Console
    from rich.table import Table

    from tipqueue.posts.series import SeriesResult

    assert isinstance(result, SeriesResult)
    console = Console()
    table = Table(title=f"{result.article.title} ({result.article.author or 'author unknown'})")
    for col in ("#", "kind", "series", "cards", "section", "quote"):
        table.add_column(col, overflow="fold")
    for post in result.posts:
        quote = post.quote if len(post.quote) <= 70 else post.quote[:69] + "…"
        table.add_row(
            f"{post.position:02d}",
            post.kind.value + (" (collects replies)" if post.collect_replies else ""),
            post.series_label,
            str(len(post.slides)),
            result.sections.get(post.id) or "",
            quote,
        )
    console.print(table)
    if result.article.title_guessed:
        console.print(f"Title guessed from the file name: {result.article.title!r}; check it", markup=False)
    if result.article.dropped:
        console.print("Dropped (never posted):")
        for d in result.article.dropped:
            console.print(f"  - {d.reason}: {d.text}", markup=False, highlight=False)
    else:
        console.print("Dropped: nothing")
    for name in result.kept_edited:
        console.print(f"kept {name}: edited since it was written (use --force to overwrite)", markup=False)
    for name in result.removed_stale:
        console.print(f"removed {name}: no longer part of the series", markup=False)
    console.print(result.summary(), markup=False, highlight=False, soft_wrap=True)
