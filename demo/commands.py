"""The demo's part of the `trendloop` command: `seed-demo` (the demo world into the MongoDB
`MONGODB_URI` names), `simulate` (live traffic against a running server), and seeding the empty
embedded store when `serve` starts. `register` is the `trendloop.plugins` entry point."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from api.app import StartHook, close_state, open_state
from api.cli.console import console, err_console, load_settings
from api.state import AppState
from core.settings import Settings
from demo.console import ConsoleProgress, print_summary
from demo.seed import interrupted, seed_demo, should_seed
from demo.simulate import SimulationConfig, SimulationError, simulate

log = logging.getLogger(__name__)

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


def seed_demo_cli(
    size: Annotated[
        str | None, typer.Option(help="accounts, small or large (default SEED_DEMO_SIZE).")
    ] = None,
    seed: Annotated[int | None, typer.Option(help="World seed (default SEED_DEMO_SEED).")] = None,
) -> None:
    """Seed the demo logins and a demo world into MONGODB_URI (once per database)."""
    seed_demo_command(load_settings(), console, err_console, size, seed)


def simulate_cli(
    rate: Annotated[float, typer.Option(help="Requests per second (at most 500).")] = 20.0,
    duration: Annotated[float, typer.Option(help="Seconds to run (at most 3600).")] = 60.0,
    url: Annotated[str, typer.Option(help="The running server.")] = "http://127.0.0.1:8000",
    seed: Annotated[int, typer.Option(help="Random seed of the traffic.")] = 0,
    allow_remote: Annotated[
        bool, typer.Option(help="Allow a server other than this machine.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Clicks, likes, posts, orders and returns through the public API; reports latency."""
    simulate_command(
        load_settings(),
        console,
        err_console,
        url=url,
        rate=rate,
        duration=duration,
        seed=seed,
        allow_remote=allow_remote,
        as_json=as_json,
    )


async def seed_on_start(state: AppState) -> None:
    """`serve`'s start-up step: the demo world into an empty embedded store, drawn on the
    console."""
    if not await should_seed(state):
        if await interrupted(state):
            err_console.print(
                "[yellow]The demo world was not seeded to the end (the server stopped while "
                f"seeding).[/yellow] Stop the server and remove {state.settings.data_dir}/store "
                "to seed it again."
            )
        return
    with ConsoleProgress(console) as progress:
        report = await seed_demo(state, progress=progress)
    print_summary(console, report)
    log.info(
        "demo data seeded",
        extra={"size": report.size, "seconds": round(report.seconds, 1), "counts": report.counts},
    )


def register(cli: typer.Typer, add_start_hook: Callable[[StartHook], None]) -> None:
    cli.command("seed-demo")(seed_demo_cli)
    cli.command("simulate")(simulate_cli)
    add_start_hook(seed_on_start)
