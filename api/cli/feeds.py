"""`trendloop reextract`: re-extract every post's elements after a taxonomy change.

The taxonomy file is checked first (every problem listed, nothing queued when it is invalid);
then the job is handed to the workers — the one inside `trendloop serve` with the embedded
stores, or `trendloop worker` — and its progress is drawn until it finishes. Exit status: 0 done,
1 no worker picked the job up in time (it stays queued), 2 invalid taxonomy or settings.
"""

from __future__ import annotations

import time
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from api.cli.console import console, err_console, load_settings
from core.settings import Settings
from feeds import reextract
from feeds.extraction_io import taxonomy_path
from feeds.taxonomy import Taxonomy, TaxonomyError, load_taxonomy

POLL_SECONDS = 0.2


class NoWorker(Exception):
    """Nobody picked the job up in time."""


def check_taxonomy(settings: Settings, console: Console) -> Taxonomy:
    path = taxonomy_path(settings)
    taxonomy = load_taxonomy(path)  # TaxonomyError lists every problem
    kinds = len({element.kind for element in taxonomy})
    console.print(
        f"Taxonomy {path}: {len(taxonomy)} elements in {kinds} kinds, "
        f"version [bold]{taxonomy.version}[/bold]"
    )
    return taxonomy


def run_reextract(
    settings: Settings, console: Console, *, wait: bool = True, pickup_seconds: float = 20.0
) -> reextract.Progress | None:
    """Queue the job and follow it; returns its final progress (None with `wait=False`)."""
    from core.celery_app import configure
    from core.redis import resolve_url, sync_client

    taxonomy = check_taxonomy(settings, console)
    client = sync_client(resolve_url(settings))
    before = reextract.progress_sync(client, settings)
    configure(settings).send_task("feeds.reextract")
    if not wait:
        console.print("Re-extraction queued.")
        return None

    def ours(found: reextract.Progress | None) -> bool:
        if found is None or found.version != taxonomy.version:
            return False
        return before is None or found.job != before.job or before.running

    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    deadline = time.monotonic() + pickup_seconds
    with Progress(*columns, console=console) as bar:
        task = bar.add_task("Waiting for a worker", total=None)
        while True:
            found = reextract.progress_sync(client, settings)
            if ours(found):
                assert found is not None
                bar.update(
                    task,
                    description=f"Re-extracting ({found.phase})",
                    total=max(found.total, found.done),
                    completed=found.done,
                )
                if not found.running:
                    break
            elif time.monotonic() > deadline:
                raise NoWorker
            time.sleep(POLL_SECONDS)
    console.print(
        f"Done: {found.done} posts checked, {found.changed} with changed elements. "
        "Trend lists are being recomputed with the new version."
    )
    return found


def reextract_command(
    wait: Annotated[
        bool, typer.Option("--wait/--no-wait", help="Follow the job until it finishes.")
    ] = True,
    pickup: Annotated[
        float, typer.Option(help="Seconds to wait for a worker to start the job.")
    ] = 20.0,
) -> None:
    """Re-extract every post's style elements with the taxonomy file as it is now."""

    settings = load_settings()
    try:
        run_reextract(settings, console, wait=wait, pickup_seconds=pickup)
    except TaxonomyError as exc:
        err_console.print(f"[red]{exc}[/red]")
        err_console.print("Nothing was queued; fix the file and run this again.")
        raise typer.Exit(2) from None
    except NoWorker:
        err_console.print(
            f"[yellow]No worker picked the job up within {pickup:g} s.[/yellow] Start "
            "`trendloop serve` (embedded stores) or `trendloop worker`; the job stays queued "
            "and runs when one starts."
        )
        raise typer.Exit(1) from None
