"""`tipqueue replies evaluate | unknown | learn`: measure the gadget finder, grow the lexicon.

Exit codes: 0 done; 2 bad input (a file that is not a labelled JSONL, an unknown category).
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import typer

from tipqueue.cli.common import state
from tipqueue.cli.replies import _matcher, _store, replies_app


@replies_app.command("evaluate")
def evaluate_command(
    ctx: typer.Context,
    files: list[Path] = typer.Argument(
        ...,
        help="Labelled replies, one JSON object per line (tests/replies/realset). Several files are "
        "scored each and then pooled as one set.",
    ),
    split: str | None = typer.Option(None, "--split", help="Only this part of the file: dev or holdout."),
    errors: int = typer.Option(0, "--errors", min=0, help="Also list this many disagreements."),
    no_context: bool = typer.Option(
        False, "--no-context", help="Judge each reply alone (no parent comment, thread or topic)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """Precision, recall (named and anaphoric), false gadgets on negatives and stance agreement.

    Uses the workspace's lexicon when run in a workspace, else the bundled one.
    """
    from tipqueue.replies.evaluate import evaluate, load_labelled, report
    from tipqueue.replies.gadgets import GadgetMatcher
    from tipqueue.replies.lexicon import load_lexicon

    sets = [(file, load_labelled(file)) for file in files]
    workspace = state(ctx).workspace
    matcher = GadgetMatcher(load_lexicon(workspace if (workspace / "tipqueue.toml").is_file() else None))
    suffix = f" ({split})" if split else ""
    scored = [(f"{file.name}{suffix}", items) for file, items in sets]
    if len(sets) > 1:  # ids are unique within a file only
        pooled = [replace(i, id=f"{file.stem}:{i.id}") for file, items in sets for i in items]
        scored.append((f"pooled, {len(sets)} files{suffix}", pooled))
    results = [
        (title, evaluate(items, matcher, split=split, use_context=not no_context)) for title, items in scored
    ]
    if as_json:
        figures = [dict(result.as_dict(), set=title) for title, result in results]
        typer.echo(json.dumps(figures[0] if len(figures) == 1 else figures, ensure_ascii=False, indent=2))
        return
    for title, result in results:
        typer.echo(report(result, title=title))
        for miss in result.misses[:errors]:
            typer.echo(f"  {miss.id} {miss.kind:7} {miss.text[:90]!r}")
            typer.echo(f"      expected: {miss.expected or '-'}   found: {miss.found or '-'}")


@replies_app.command("unknown")
def unknown_command(
    ctx: typer.Context,
    top: int = typer.Option(20, "--top", min=1, help="How many names to list."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON for scripts."),
) -> None:
    """Names readers used next to a device word that the lexicon does not know yet."""
    from tipqueue.replies.discovery import unknown_names

    settings = state(ctx).workspace_settings()
    store = _store(settings)
    try:
        names = unknown_names(store.list_replies(), _matcher(settings), limit=top)
    finally:
        store.close()
    if as_json:
        typer.echo(json.dumps([n.as_dict() for n in names], ensure_ascii=False, indent=2))
        return
    if not names:
        typer.echo("no unknown names: every device readers named is in the lexicon")
        return
    for n in names:
        kind = f" ({n.category})" if n.category else ""
        typer.echo(f"{n.name}{kind}: {n.count} repl{'y' if n.count == 1 else 'ies'}, {n.readers} reader(s)")
        for sample in n.samples:
            typer.echo(f"    {sample!r}")
    typer.echo("add one with: tipqueue replies learn NAME --category KEY [--brand MAKER]")


@replies_app.command("learn")
def learn_command(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The name readers used, e.g. 'QykSonic Zoe'."),
    category: str = typer.Option(
        ..., "--category", help="A category key of gadgets.toml, e.g. cleansing-brush."
    ),
    brand: str | None = typer.Option(
        None, "--brand", help="Its maker; without it the name is added as a maker."
    ),
    alias: list[str] = typer.Option([], "--alias", help="Another spelling readers use (repeatable)."),
) -> None:
    """Add a name to the workspace's gadgets.toml (then `replies gadgets --reextract`)."""
    from tipqueue.replies.discovery import add_to_lexicon

    settings = state(ctx).workspace_settings()
    path = add_to_lexicon(settings.workspace, name, category=category, brand=brand, aliases=alias)
    typer.echo(
        f"added {name!r} ({category}) to {path}; run `tipqueue replies gadgets --reextract` to count it"
    )
