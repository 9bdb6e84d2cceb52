"""The demo world on a terminal: a progress bar per stage, then what was made and how to log in."""

from __future__ import annotations

from types import TracebackType

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

from demo.seed import DEMO_ACCOUNTS, SeedReport


class ConsoleProgress:
    """`demo.timeline.Progress` drawn with Rich: one bar per stage, kept on screen."""

    def __init__(self, console: Console) -> None:
        self._bars = Progress(
            TextColumn("[bold]{task.description:<10}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
        )
        self._task: TaskID | None = None

    def __enter__(self) -> ConsoleProgress:
        self._bars.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._bars.stop()

    def begin(self, stage: str, total: int) -> None:
        self._task = self._bars.add_task(stage, total=max(total, 1))

    def advance(self, count: int = 1) -> None:
        if self._task is not None:
            self._bars.advance(self._task, count)

    def end(self, stage: str, seconds: float) -> None:
        if self._task is not None:
            task = self._bars.tasks[self._task]
            self._bars.update(self._task, completed=task.total)
        self._task = None


def print_summary(console: Console, report: SeedReport) -> None:
    if not report.created:
        console.print(
            f"The demo world ({report.size}, seed {report.seed}) was already in this database."
        )
    elif report.seconds:
        console.print(
            f"Seeded the [bold]{report.size}[/bold] demo world (seed {report.seed}) "
            f"in {report.seconds:.1f} s."
        )
    counts = Table("collection", "documents", title="What is in the database")
    for name, count in report.counts.items():
        counts.add_row(name, f"{count:,}")
    console.print(counts)
    if report.planted:
        trends = Table("element", "planted as", "market", "since", title="Planted trends")
        for planted in report.planted:
            trends.add_row(
                f"{planted.name} ({planted.element_id})",
                planted.direction,
                planted.market or "all",
                planted.onset.isoformat(),
            )
        console.print(trends)
    logins = Table("role", "email", title="Demo logins (password: DEMO_PASSWORD)")
    for account in DEMO_ACCOUNTS:
        logins.add_row(account.role.value.lower(), account.email)
    console.print(logins)
