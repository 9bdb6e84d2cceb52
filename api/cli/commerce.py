"""Commerce commands, each with a progress bar.

`trendloop import-products FILE --brand EMAIL` bulk-loads a product feed. Good rows are upserted
by (brand, SKU); bad rows are listed with their row number, field and reason. Exit status: 0 when
every row was imported, 1 when some were refused, 2 when nothing could be read (unknown brand,
unreadable file, no database).

`trendloop reconcile` runs the reconciliation jobs once (link click counters, campaign spend,
post and follower counters; see `core.reconcile`) and prints what they corrected and what they
will correct on a later run if it lasts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from accounts.users import Role, normalise_email
from api.cli.console import console, err_console, load_settings
from commerce import catalog, products, reconcile_io
from commerce.reconcile_io import BudgetFix
from commerce.shops import brand_allow_list_sync
from core import clock
from core.mongo import SyncDB
from core.reconcile import SETTLE
from core.reconcile_io import Advance, CounterFix, RunSummary
from core.settings import Settings
from posts import counter_recount

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
    from core.mongo import sync_db

    settings: Settings = load_settings()
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


# --- reconcile -----------------------------------------------------------------------------


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


JOBS: tuple[tuple[str, str, Callable[[SyncDB, datetime, Advance], RunSummary]], ...] = (
    ("Recounting link clicks", "link", reconcile_io.recount_link_clicks),
    ("Reconciling campaign budgets", "campaign", reconcile_io.reconcile_budgets),
    ("Recounting post likes, saves and comments", "post", counter_recount.recount_posts),
    ("Recounting followers", "account", counter_recount.recount_people),
)


def run_reconcile(db: SyncDB, console: Console, now: datetime) -> list[RunSummary]:
    """Run every reconciliation job once, showing progress, then what they did."""
    summaries: list[tuple[str, RunSummary]] = []
    with _progress(console) as progress:
        for description, noun, job in JOBS:
            bar = progress.add_task(description, total=None)

            def advance(done: int, total: int, bar: TaskID = bar) -> None:
                progress.update(bar, completed=done, total=total)

            summaries.append((noun, job(db, now, advance)))
    for noun, summary in summaries:
        _report_run(console, noun, summary)
    return [summary for _, summary in summaries]


def _money(amount_minor: int, currency: str, *, signed: bool = False) -> str:
    exponent = catalog.CURRENCY_EXPONENTS.get(currency, 2)
    sign = "-" if amount_minor < 0 else "+" if signed else ""
    whole, part = divmod(abs(amount_minor), 10**exponent)
    number = f"{whole}.{part:0{exponent}d}" if exponent else str(whole)
    return f"{sign}{number} {currency}"


def _many(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _report_run(console: Console, noun: str, summary: RunSummary) -> None:
    console.print(
        f"[bold]{noun.title()}s[/bold]: {summary.checked} checked, {summary.differing} differing, "
        f"[green]{len(summary.fixes)} corrected[/green]"
    )
    if summary.remembered:
        console.print(
            f"  New differences on {_many(summary.remembered, noun)}: remembered; a run at least "
            f"{int(SETTLE.total_seconds() // 60)} minutes from now corrects them if they last."
        )
    if summary.waiting:
        console.print(
            f"  {_many(summary.waiting, 'difference')} seen again too soon to correct; "
            "run again later."
        )
    if summary.unsettled:
        console.print(
            f"  {_many(summary.unsettled, noun)} changed while being read; checked next run."
        )
    counter_fixes = [f for f in summary.fixes if isinstance(f, CounterFix)]
    if counter_fixes:
        table = Table(noun, "known as", "counters changed")
        for fix in counter_fixes:
            changes = ", ".join(f"{name} {delta:+d}" for name, delta in fix.increments if delta)
            table.add_row(fix.subject, fix.label or "", changes)
        console.print(table)
    budget_fixes = [f for f in summary.fixes if isinstance(f, BudgetFix)]
    if budget_fixes:
        table = Table("campaign", "name", "spent before", "spent after", "change", "budget mark")
        for budget in budget_fixes:
            table.add_row(
                budget.campaign_id,
                budget.name,
                _money(budget.before_minor, budget.currency),
                _money(budget.after_minor, budget.currency),
                _money(budget.delta_minor, budget.currency, signed=True),
                {"set": "used up (brand told)", "clear": "freed"}.get(budget.exhaustion or "", ""),
            )
        console.print(table)


def reconcile_command() -> None:
    """Recount link clicks, post and follower counters, and reconcile campaign spend with the
    ledger; print the corrections."""
    from core.mongo import sync_db

    settings: Settings = load_settings()
    if settings.embedded_mongo:
        err_console.print(
            "The embedded store lives inside `trendloop serve`, whose worker runs these jobs "
            "every hour; set MONGODB_URI to reconcile a database."
        )
        raise typer.Exit(2)
    run_reconcile(sync_db(settings), console, clock.now())
