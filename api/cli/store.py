"""The embedded store's commands: the move to (or from) a real MongoDB.

`trendloop dump DIR` writes every database of the embedded store under `DATA_DIR` in
mongodump's layout (`DIR/<db>/<collection>.bson` and `.metadata.json`), so `mongorestore DIR`
loads it into MongoDB. It reads the store's files, so it works beside a running `serve`.

`trendloop restore DIR` loads such a directory (or a real mongodump's) into the embedded store.
It refuses a database that already holds documents unless `--drop`, and needs `serve` stopped.

Exit status: 0 done, 2 refused (nothing written) or unreadable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from api.cli.console import console, err_console, load_settings
from core import dump as store_dump
from core.embedded_store import StoreBusy, open_for_reading
from core.journal import CorruptLog
from core.settings import Settings


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


def _embedded_only(settings: Settings, verb: str, tool: str) -> None:
    if not settings.embedded_mongo:
        err_console.print(
            f"MONGODB_URI is set: {verb} that database with MongoDB's own `{tool}`; "
            f"`trendloop {verb}` works on the embedded store under DATA_DIR."
        )
        raise typer.Exit(2)


def _tracker(progress: Progress) -> store_dump.Progress:
    tasks: dict[str, TaskID] = {}

    def advance(label: str, done: int, total: int) -> None:
        task = tasks.get(label)
        if task is None:
            task = tasks[label] = progress.add_task(label, total=total or 1)
        progress.update(task, completed=done if total else 1)

    return advance


def dump_command(
    directory: Annotated[Path, typer.Argument(help="Directory to write the dump into.")],
    db: Annotated[
        str | None, typer.Option("--db", help="Only this database (default: every one).")
    ] = None,
) -> None:
    """Write the embedded store in mongodump's layout (for `mongorestore DIR`)."""
    settings = load_settings()
    _embedded_only(settings, "dump", "mongodump")
    if directory.exists() and any(directory.iterdir()):
        err_console.print(f"[red]{directory} is not empty;[/red] choose a new directory.")
        raise typer.Exit(2)
    try:
        store = open_for_reading(settings.data_dir)
    except CorruptLog as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    with _progress() as progress:
        summary = store_dump.dump(store, directory, db, _tracker(progress))
    if not summary.collections:
        console.print(f"The embedded store in {settings.data_dir} holds nothing to dump.")
        return
    console.print(
        f"Dumped {summary.documents} documents in {summary.collections} collections "
        f"({summary.indexes} indexes) of {', '.join(summary.databases)} to {directory}."
    )
    console.print(f"Load it into MongoDB with: mongorestore --uri <MONGODB_URI> {directory}")


def restore_command(
    directory: Annotated[Path, typer.Argument(help="A dump directory (mongodump's layout).")],
    drop: Annotated[
        bool, typer.Option("--drop", help="Replace the collections of the dump that exist.")
    ] = False,
) -> None:
    """Load a mongodump-layout directory into the embedded store."""
    from core.mongo import embedded_store

    settings = load_settings()
    _embedded_only(settings, "restore", "mongorestore")
    try:
        embedded_store(settings)
        with _progress() as progress:
            summary = store_dump.restore(
                settings, directory, drop=drop, progress=_tracker(progress)
            )
    except (StoreBusy, CorruptLog, store_dump.DumpError) as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    console.print(
        f"Restored {summary.documents} documents in {summary.collections} collections "
        f"({summary.indexes} indexes) into {', '.join(summary.databases)}."
    )
