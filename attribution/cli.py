"""`trendloop import-products FILE --brand EMAIL`: bulk-load a product feed with a progress bar.

Good rows are upserted by (brand, SKU); bad rows are listed with their row number, field and
reason. Exit status: 0 when every row was imported, 1 when some were refused, 2 when nothing
could be read (unknown brand, unreadable file, no database).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from attribution import catalog, products
from attribution.shops import brand_allow_list_sync
from core.accounts import Role, normalise_email
from core.mongo import SyncDB
from core.settings import Settings

MAX_ERRORS_SHOWN = 50


class ImportFailed(Exception):
    """The feed could not be imported at all; the message says why."""


def _brand_id(db: SyncDB, brand: str) -> str:
    query = {"_id": brand} if brand.startswith("usr_") else {"email": normalise_email(brand)}
    doc = db.users.find_one(query, {"role": 1})
    if doc is None:
        raise ImportFailed(f"No account {brand}.")
    if doc["role"] != Role.BRAND.value:
        raise ImportFailed(f"{brand} is not a brand account.")
    return str(doc["_id"])


def _count_rows(raw: bytes, fmt: products.FeedFormat) -> int | None:
    if fmt == "csv":
        return max(sum(1 for line in raw.splitlines() if line.strip()) - 1, 0)
    return None  # a JSON feed is counted as it is parsed


def run_import(
    db: SyncDB, path: Path, brand: str, console: Console, fmt: str | None = None
) -> products.ImportSummary:
    """Import `path` for the brand (email or user id), showing progress on `console`."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(f"Cannot read {path}: {exc.strerror}.") from exc
    brand_id = _brand_id(db, brand)
    allow = brand_allow_list_sync(db, brand_id)
    if not allow.domains:
        raise ImportFailed("The brand has no shop with merchant domains; add one first.")
    chosen: products.FeedFormat = (
        "json"
        if fmt == "json"
        else "csv"
        if fmt == "csv"
        else products.guess_format(path.name, raw[:64])
    )
    try:
        rows = list(products.parse_rows(raw, chosen, allow)) if chosen == "json" else None
        stream = products.parse_rows(raw, chosen, allow) if rows is None else iter(rows)
    except catalog.FeedError as exc:
        raise ImportFailed(f"{path.name}: {exc.message}") from exc
    total = len(rows) if rows is not None else _count_rows(raw, chosen)
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task(f"Importing {path.name}", total=total)

        def counted() -> Iterator[catalog.RowResult]:
            for row in stream:
                progress.advance(task)
                yield row

        try:
            summary = products.import_rows_sync(db, brand_id, counted())
        except catalog.FeedError as exc:
            raise ImportFailed(f"{path.name}: {exc.message}") from exc
    _report(console, summary)
    return summary


def _report(console: Console, summary: products.ImportSummary) -> None:
    console.print(
        f"{summary.rows} rows: [green]{summary.created} created[/green], "
        f"{summary.updated} updated, [red]{len({e.row for e in summary.errors})} refused[/red]"
    )
    if summary.errors:
        table = Table("row", "field", "code", "problem")
        for error in summary.errors[:MAX_ERRORS_SHOWN]:
            table.add_row(str(error.row), error.field, error.code.value, error.message)
        console.print(table)
        if len(summary.errors) > MAX_ERRORS_SHOWN:
            console.print(f"… and {len(summary.errors) - MAX_ERRORS_SHOWN} more problems.")


def import_products_command(
    file: Annotated[Path, typer.Argument(help="CSV or JSON product feed.")],
    brand: Annotated[str, typer.Option(help="The brand account's email or user id.")],
    format: Annotated[
        str | None, typer.Option("--format", help="csv or json (default: from the file).")
    ] = None,
) -> None:
    """Import a product feed for a brand; bad rows are reported, good rows imported."""
    from core.cli import _settings, console, err_console
    from core.mongo import sync_db

    settings: Settings = _settings()
    if settings.embedded_mongo:
        err_console.print(
            "The embedded store lives inside `trendloop serve`; set MONGODB_URI to import into "
            "a database, or use the importProducts mutation."
        )
        raise typer.Exit(2)
    if format not in (None, "csv", "json"):
        err_console.print("--format is csv or json.")
        raise typer.Exit(2)
    try:
        summary = run_import(sync_db(settings), file, brand, console, format)
    except ImportFailed as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    if summary.errors:
        raise typer.Exit(1)
