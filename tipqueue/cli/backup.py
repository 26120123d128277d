"""`tipqueue db backup FILE` and `tipqueue db restore FILE`.

Exit codes: 0 done; 1 the store or pg_dump failed; 2 bad input (FILE exists, is not a tipqueue
backup, the store is in use or newer than the backup without --force). On any error the store and
FILE are left as they were.
"""

from __future__ import annotations

from pathlib import Path

import typer

from tipqueue.cli.common import state


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.1f} kB"


def register(db_app: typer.Typer) -> None:
    @db_app.command("backup")
    def db_backup(
        ctx: typer.Context,
        file: Path = typer.Argument(
            ..., help="The backup file to write (e.g. backups/tipqueue-2026-03-02.db)."
        ),
        force: bool = typer.Option(False, "--force", help="Replace FILE when it exists."),
    ) -> None:
        """Back up the store while tipqueue keeps running.

        SQLite: an online backup of one consistent snapshot, with every change committed before it
        began (a plain copy of tipqueue.db misses what is still in tipqueue.db-wal); the file is
        checked, written 0600, and appears only when whole. PostgreSQL: runs pg_dump
        (--format=custom; restore with pg_restore, see docs/operations.md).
        """
        from tipqueue.scheduler.backup import backup

        settings = state(ctx).workspace_settings()
        done = backup(settings.db_url, file, force=force)
        what = f" ({done.summary.describe()})" if done.summary else " (pg_dump, custom format)"
        typer.echo(
            f"backed up {done.source}{what} to {done.target}: {_size(done.size)} in {done.seconds:.2f} s"
        )

    @db_app.command("restore")
    def db_restore(
        ctx: typer.Context,
        file: Path = typer.Argument(..., help="A file made by `tipqueue db backup`."),
        force: bool = typer.Option(
            False,
            "--force",
            help="Restore even when the store is open in another process or has changes newer than FILE.",
        ),
    ) -> None:
        """Replace the SQLite store by a backup; the replaced store is kept as tipqueue.db.<time>.bak.

        Stop `tipqueue run`, `tipqueue web` and the cron job first: a store that is open elsewhere,
        or that has changes made after the backup was taken, is refused without --force. FILE must
        be a tipqueue store at a revision this tipqueue knows; an older one is migrated. The new
        store is renamed into place in one step. PostgreSQL: prints the pg_restore command to run.
        """
        from tipqueue.scheduler.backup import restore

        settings = state(ctx).workspace_settings()
        done = restore(settings.db_url, file, force=force)
        typer.echo(f"restored {done.store} from {done.backup} ({done.summary.describe()})")
        if done.migrated_from:
            typer.echo(f"migrated the restored store from revision {done.migrated_from} to the current one")
        if done.previous:
            typer.echo(f"the store it replaced is kept as {done.previous}")
