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
        tips: int | None = typer.Option(
            None,
            "--tips",
            min=1,
            max=20,
            help="How many tips the series has (default: as many as the article deserves, at most 10).",
        ),
        use: int | None = typer.Option(
            None,
            "--use",
            metavar="IDEA",
            help="Put this unused idea (its number in review.md) into the series; needs --instead-of.",
        ),
        instead_of: str | None = typer.Option(
            None,
            "--instead-of",
            metavar="POST",
            help="The tip post the --use idea replaces: its number (04) or id. Kept for later runs.",
        ),
        table: bool = typer.Option(False, "--table", help="Print every post in a table, not a summary."),
        as_json: bool = typer.Option(False, "--json", help="Print the posts as a JSON array."),
        force: bool = typer.Option(False, "--force", help="Overwrite post folders that staff edited."),
    ) -> None:
        """Split ARTICLE into a cover, its best tips and a call-to-action post, written for review."""
        from tipqueue.posts.series import posts_as_json, split_to_folder

        st = state(ctx)
        settings = st.settings()
        target = out if out is not None else st.workspace / "posts"
        result = split_to_folder(
            article,
            target,
            settings,
            account,
            max_chars=max_chars,
            language=language,
            force=force,
            tips=tips,
            use=use,
            instead_of=instead_of,
        )
        if as_json:
            typer.echo(json.dumps(posts_as_json(result), indent=2, ensure_ascii=False))
            return
        if table:
            _print_table(result)
        else:
            typer.echo(summary_text(result))


#: Rows of posts the summary shows before "... and N more".
SUMMARY_ROWS = 5


def summary_text(result: object) -> str:
    """The default output: counts (tips, unused, dropped), the first posts, what was written."""
    from tipqueue.posts.models import PostKind
    from tipqueue.posts.series import SeriesResult

    assert isinstance(result, SeriesResult)
    plan = result.plan
    tips = sum(p.kind is PostKind.TIP for p in result.posts)
    unused = len(plan.unused) if plan else 0
    dropped = len(result.article.dropped)
    lines = [
        f"{result.article.title} ({result.article.author or 'author unknown'}): {len(result.posts)} posts, "
        f"{tips} tips, {unused} idea{'s' if unused != 1 else ''} not in the series, {dropped} dropped"
    ]
    for post in result.posts[:SUMMARY_ROWS]:
        quote = " ".join(post.quote.split())
        quote = quote if len(quote) <= 60 else quote[:59] + "…"
        label = f" {post.series_label}" if post.series_label else ""
        lines.append(f"  {post.position:02d} {post.kind.value}{label} ({len(post.slides)} cards): {quote}")
    if len(result.posts) > SUMMARY_ROWS:
        lines.append(f"  ... and {len(result.posts) - SUMMARY_ROWS} more (--table lists them all)")
    if plan is not None and plan.cta.defaulted:
        lines.append(f"Call to action defaulted: the article asks nothing (topic: {plan.cta.topic})")
    if result.article.title_guessed:
        lines.append(
            f"Title guessed: the article names none, so the cover says {result.posts[0].quote!r} (from its topic); check it"
        )
    lines += [f"kept {n}: edited since it was written (use --force to overwrite)" for n in result.kept_edited]
    lines += [f"removed {n}: no longer part of the series" for n in result.removed_stale]
    lines.append(result.summary())
    return "\n".join(lines)


def _print_table(result: object) -> None:
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
        console.print(
            f"Title guessed: the article names none, so the cover says {result.posts[0].quote!r} (from its topic); check it",
            markup=False,
        )
    if result.article.dropped:
        console.print("Dropped (never posted):")
        for d in result.article.dropped:
            console.print(f"  - {d.reason}: {d.text}", markup=False, highlight=False)
    else:
        console.print("Dropped: nothing")
    if result.plan is not None and result.plan.unused:
        console.print(
            "Not in the series (review.md has them all; --use IDEA --instead-of POST swaps one in):"
        )
        for u in result.plan.unused:
            text = u.text if len(u.text) <= 70 else u.text[:69] + "…"
            console.print(
                f"  - idea {u.number} · score {u.score:g} · {u.reason}: {text}", markup=False, highlight=False
            )
    for name in result.kept_edited:
        console.print(f"kept {name}: edited since it was written (use --force to overwrite)", markup=False)
    for name in result.removed_stale:
        console.print(f"removed {name}: no longer part of the series", markup=False)
    console.print(result.summary(), markup=False, highlight=False, soft_wrap=True)
