"""`tipqueue compile`: the gadget finder and the splitter compiled to C with mypyc, for speed.

Exit codes: 0 done; 1 `--check` found a part not compiled for the current code; 2 mypy or a C
compiler is missing, or compiling failed (the Python code stays in use).
"""

from __future__ import annotations

import os

import typer


def register(app: typer.Typer) -> None:
    @app.command("compile")
    def compile_command(
        check: bool = typer.Option(
            False,
            "--check",
            help="Only say which parts have a build of the current code (exit 1 if one lacks it).",
        ),
    ) -> None:
        """Compile the gadget finder and the splitter with mypyc: the same code, faster.

        Needs mypy (pip install -e '.[native]') and a C compiler; takes a few minutes. The builds
        are kept in the user's cache folder (TIPQUEUE_NATIVE_DIR to choose another) and used only
        while they match the sources; TIPQUEUE_NATIVE=off runs the Python code.
        """
        from rich.console import Console

        from tipqueue.config import native

        root = native.cache_root(os.environ)
        if check:
            missing = 0
            for group in native.GROUPS:
                found = native.built(root, group)
                missing += found is None
                typer.echo(f"{group.package}: {found.folder if found else 'not compiled for this code'}")
            if missing:
                typer.echo(f"run `tipqueue compile` to compile {'it' if missing == 1 else 'them'}")
                raise typer.Exit(1)
            if native.switched_off(os.environ):
                typer.echo("TIPQUEUE_NATIVE is off: the Python code runs")
            return
        console = Console(stderr=True)
        for number, group in enumerate(native.GROUPS, start=1):
            with console.status(
                f"compiling {group.package} ({number} of {len(native.GROUPS)}) with mypyc ..."
            ):
                made, new = native.build(root, group, os.environ)
            typer.echo(f"{group.package}: {'compiled' if new else 'already compiled'} ({made.folder})")
