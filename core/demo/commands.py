"""The demo commands: `trendloop seed-demo` (the demo world into the MongoDB `MONGODB_URI` names)
and `trendloop simulate` (live traffic against a running server)."""

from __future__ import annotations

import asyncio

import typer
from rich.console import Console
from rich.table import Table

from core.demo.console import ConsoleProgress, print_summary
from core.settings import Settings

SIZES = ("accounts", "small", "large")


def seed_demo_command(
    settings: Settings,
    console: Console,
    err_console: Console,
    size: str | None,
    seed: int | None,
) -> None:
    chosen = size or settings.seed_demo_size
    if chosen not in SIZES:
        err_console.print(f"[red]Unknown size {chosen!r}:[/red] choose {', '.join(SIZES)}.")
        raise typer.Exit(2)
    if settings.embedded_mongo:
        err_console.print(
            "The embedded store lives inside `trendloop serve`, which seeds it at start-up "
            "(SEED_DEMO=auto, SEED_DEMO_SIZE=small). Set MONGODB_URI to seed a real database."
        )
        raise typer.Exit(2)

    async def run() -> None:
        from api.app import close_state, open_state
        from core.seed import seed_demo

        # No worker of our own: every stage calls the code its task would run.
        state = await open_state(settings, start_worker=False)
        try:
            with ConsoleProgress(console) as progress:
                report = await seed_demo(state, size=chosen, seed=seed, progress=progress)
        finally:
            await close_state(state)
        print_summary(console, report)

    asyncio.run(run())


def simulate_command(
    settings: Settings,
    console: Console,
    err_console: Console,
    *,
    url: str,
    rate: float,
    duration: float,
    seed: int,
    allow_remote: bool,
    as_json: bool,
) -> None:
    from core.demo.simulate import SimulationConfig, SimulationError, simulate

    config = SimulationConfig(
        url=url,
        rate=rate,
        duration=duration,
        password=settings.demo_password,
        shop_secret=settings.demo_shop_secret,
        seed=seed,
        allow_remote=allow_remote,
    )
    try:
        if not as_json:
            console.print(f"Simulating {rate:g} requests/s for {duration:g} s against {url} …")
        report = asyncio.run(simulate(config))
    except SimulationError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    if as_json:
        console.print_json(report.to_json())
    else:
        table = Table("kind", "requests", "errors", "p50 ms", "p95 ms", "p99 ms")
        for kind, stats in report.as_dict()["kinds"].items():
            table.add_row(
                kind,
                str(stats["requests"]),
                str(stats["errors"]),
                *(str(stats.get(name, "-")) for name in ("p50_ms", "p95_ms", "p99_ms")),
            )
        console.print(table)
        console.print(
            f"{report.requests} requests in {report.seconds:.1f} s: "
            f"{report.rate:.1f} requests/s, {report.errors} errors"
            + (f", {report.saturated} ticks waited for a free slot" if report.saturated else "")
            + (f", {report.unsent} not sent in time" if report.unsent else "")
        )
        for sample in report.error_samples:
            err_console.print(f"  [red]{sample}[/red]")
    if report.errors:
        raise typer.Exit(1)
