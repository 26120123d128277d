"""The `tipqueue` app: the root options, every command group, and the one place errors become exit codes.

Commands parse their input, call one library function and print. Every TipqueueError becomes one
clean line on stderr and its exit code here, in TipqueueGroup.invoke; ``--debug`` shows the
traceback instead. Heavy libraries are imported inside commands, so a command loads only what it
uses (``tipqueue --help`` loads neither pydantic nor the settings).
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from tipqueue.cli import cards, compliance, instagram, native, posts, publish, queue, replies, web, workspace
from tipqueue.cli.common import State
from tipqueue.cli.helptext import plain_placeholders
from tipqueue.config.errors import TipqueueError


class TipqueueGroup(TyperGroup):
    """Turns our errors into one line and an exit code, in one place; plain help placeholders."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_placeholders(self)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except TipqueueError as exc:
            state = ctx.obj if isinstance(ctx.obj, State) else None
            if state is not None and state.debug:
                raise
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except OSError as exc:
            # a path the user gave that cannot be read or written (a missing or read-only folder,
            # a full disk): one line naming it, never a traceback
            state = ctx.obj if isinstance(ctx.obj, State) else None
            if state is not None and state.debug:
                raise
            typer.echo(f"error: {_os_error_message(exc)}", err=True)
            raise typer.Exit(2 if isinstance(exc, _PATH_ERRORS) else 1) from None
        except KeyboardInterrupt:
            typer.echo("interrupted", err=True)
            raise typer.Exit(130) from None


#: OSErrors that mean the path given is wrong (exit 2, like other bad input); others exit 1.
_PATH_ERRORS = (FileNotFoundError, NotADirectoryError, IsADirectoryError, PermissionError, FileExistsError)


def _os_error_message(exc: OSError) -> str:
    reason = exc.strerror or str(exc) or type(exc).__name__
    if exc.filename is None:
        return f"{reason}; check the paths given and free disk space"
    where = str(exc.filename)
    if exc.filename2 is not None:
        where += f" -> {exc.filename2}"
    return f"cannot use {where}: {reason}; check the path and its permissions"


app = typer.Typer(
    cls=TipqueueGroup,
    name="tipqueue",
    help="Turn an article into a reviewed Instagram series, publish it exactly once, "
    "and collect the gadgets readers recommend.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # plain help: Rich markup ate "[accounts.NAME]" and kept the docstrings' line breaks at 80 columns
    rich_markup_mode=None,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _root(
    ctx: typer.Context,
    workspace_dir: str | None = typer.Option(
        None,
        "--workspace",
        "-w",
        help="Workspace folder (holds tipqueue.toml, the SQLite store and outputs). "
        "Default: $TIPQUEUE_HOME, else the current folder.",
    ),
    database_url: str | None = typer.Option(
        None, "--database-url", help="Override database_url (sqlite:///... or postgresql://...)."
    ),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks instead of one-line errors."),
) -> None:
    ctx.obj = State(workspace_flag=workspace_dir, debug=debug, overrides={"database_url": database_url})


for module in (workspace, posts, cards, queue, publish, instagram, replies, web, compliance, native):
    module.register(app)
