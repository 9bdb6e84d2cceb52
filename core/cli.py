"""The `trendloop` command: serve, worker, beat, seed-demo, simulate, export-schema, settings."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from attribution.cli import import_products_command, reconcile_command
from core.errors import UserError, UserErrors
from core.settings import Settings, get_settings
from feeds.cli import reextract_command

app = typer.Typer(
    help="Trendloop: UGC social commerce and influencer marketing.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
console = Console()
err_console = Console(stderr=True)

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "api" / "schema.graphql"


def _settings() -> Settings:
    try:
        return get_settings()
    except Exception as exc:  # pydantic's validation text names the variable at fault
        err_console.print(f"[red]Invalid settings:[/red] {exc}")
        raise typer.Exit(2) from None


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Listen address (default HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default PORT).")] = None,
) -> None:
    """Run the API, GraphiQL and the web app (plus an embedded worker when configured)."""
    import uvicorn

    from api.app import create_app
    from core import logs

    settings = _settings()
    host = host or settings.host
    port = port or settings.port
    logs.configure(settings.log_level, settings.log_json)
    base = f"http://{host}:{port}"
    mode = "embedded store" if settings.embedded_mongo else "MongoDB"
    redis_mode = "embedded Redis" if settings.embedded_redis else "Redis"
    console.print(f"[bold]Trendloop[/bold] on {mode} and {redis_mode}")
    console.print(f"  web app   {base}/")
    console.print(f"  GraphiQL  {base}/graphql")
    console.print(f"  health    {base}/healthz   ready {base}/readyz   metrics {base}/metrics")
    if settings.embedded_mongo:
        console.print("  demo logins: see README (password: DEMO_PASSWORD, default trendloop-demo)")
    if settings.seed_demo != "never":
        from core.seed import set_startup_console

        set_startup_console(console)
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        log_config=None,
        access_log=False,
        proxy_headers=True,
    )


@app.command()
def worker(
    concurrency: Annotated[int, typer.Option(help="Worker threads/processes.")] = 2,
    pool: Annotated[str, typer.Option(help="prefork, threads or solo.")] = "prefork",
) -> None:
    """Run a Celery worker against MONGODB_URI and REDIS_URL."""
    from core import logs
    from core.celery_app import configure

    settings = _settings()
    if settings.embedded_mongo:
        err_console.print(
            "[red]A separate worker needs MONGODB_URI:[/red] the embedded store lives inside "
            "`trendloop serve`, which already runs a worker."
        )
        raise typer.Exit(2)
    logs.configure(settings.log_level, settings.log_json)
    configure(settings).worker_main(
        ["worker", f"--concurrency={concurrency}", f"--pool={pool}", "--loglevel=INFO"]
    )


@app.command()
def beat() -> None:
    """Run the Celery beat scheduler (periodic jobs)."""
    from core import logs
    from core.celery_app import configure

    settings = _settings()
    logs.configure(settings.log_level, settings.log_json)
    configure(settings).start(["beat", "--loglevel=INFO"])


@app.command("seed-demo")
def seed_demo(
    size: Annotated[
        str | None, typer.Option(help="accounts, small or large (default SEED_DEMO_SIZE).")
    ] = None,
    seed: Annotated[int | None, typer.Option(help="World seed (default SEED_DEMO_SEED).")] = None,
) -> None:
    """Seed the demo logins and a demo world into MONGODB_URI (once per database)."""
    from core.demo.commands import seed_demo_command

    seed_demo_command(_settings(), console, err_console, size, seed)


@app.command()
def simulate(
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
    from core.demo.commands import simulate_command

    simulate_command(
        _settings(),
        console,
        err_console,
        url=url,
        rate=rate,
        duration=duration,
        seed=seed,
        allow_remote=allow_remote,
        as_json=as_json,
    )


@app.command("export-schema")
def export_schema(
    path: Annotated[Path, typer.Option(help="Where to write the SDL.")] = SCHEMA_PATH,
) -> None:
    """Write the GraphQL schema (SDL) the API serves."""
    from api.schema import build_schema

    path.write_text(build_schema(_settings()).as_str() + "\n")
    console.print(f"schema written to {path}")


@app.command("settings")
def show_settings() -> None:
    """Show every setting, its environment variable and its effective value."""
    settings = _settings()
    table = Table("variable", "value", "meaning")
    for name, field in Settings.model_fields.items():
        value = getattr(settings, name)
        shown = "***" if "secret" in name or "password" in name else str(value)
        table.add_row(name.upper(), shown, field.description or "")
    console.print(table)


app.command("import-products")(import_products_command)
app.command("reconcile")(reconcile_command)
app.command("reextract")(reextract_command)


def main() -> None:
    try:
        app()
    except (UserError, UserErrors) as exc:
        err_console.print(f"[red]{exc}[/red]")
        sys.exit(1)


if __name__ == "__main__":
    main()
