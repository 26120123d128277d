"""`tipqueue init` and `tipqueue demo`."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command("init")
    def init(
        directory: Path = typer.Argument(
            Path("."), help="Folder for the new workspace (created if missing)."
        ),
    ) -> None:
        """Write a commented tipqueue.toml, the workspace folders and the example article."""
        from tipqueue.config.workspace import init_workspace

        made = init_workspace(directory.expanduser().resolve())
        typer.echo(f"Created workspace in {made[0].parent}")
        for path in made:
            typer.echo(f"  {path.relative_to(made[0].parent)}")
        typer.echo("Next: edit tipqueue.toml, then `tipqueue split articles/<file>`.")

    @app.command("demo")
    def demo(
        out: Path | None = typer.Option(
            None, "--out", help="Folder for the demo workspace (default: a new folder, ./tipqueue-demo-N)."
        ),
        backend: str = typer.Option(
            "sandbox",
            "--backend",
            help="sandbox: instagrapi against the fake Instagram; graph: the official Instagram API "
            "(containers, media host, login) against its loopback fake.",
        ),
    ) -> None:
        """Run the whole pipeline on the bundled article against the loopback fake Instagram.

        Split, render, queue, publish through the real instagrapi client with the clock advanced,
        collect sample replies, and write the gadget leaderboard, chart and exports. No account needed.
        With --backend graph the same runs on the official-API path, plus a carousel, a story and mentions.
        """
        from rich.console import Console

        from tipqueue.demo import run_demo

        console = Console(stderr=True)
        with console.status("Starting") as status:
            summary = run_demo(out, step=lambda msg: status.update(msg), backend=backend)
        typer.echo(summary.render())
