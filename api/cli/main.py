"""The `trendloop` command: serve, worker, beat, export-schema, settings, and the domains'
commands (import-products, reconcile, reextract).

Packages installed beside the platform add commands and start-up steps through the
`trendloop.plugins` entry point (the demo adds seed-demo, simulate and seeding an empty store),
so nothing here imports them."""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from api.cli.commerce import import_products_command, reconcile_command
from api.cli.console import console, err_console, load_settings
from api.cli.feeds import reextract_command
from api.cli.store import dump_command, restore_command
from core.errors import UserError, UserErrors
from core.settings import Settings

if TYPE_CHECKING:
    from api.app import StartHook

    # A plugin's entry point: given the command and a way to add a start-up step, adds its own.
    Register = Callable[[typer.Typer, Callable[[StartHook], None]], None]

app = typer.Typer(
    help="Trendloop: UGC social commerce and influencer marketing.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schema.graphql"
PLUGIN_GROUP = "trendloop.plugins"

# Steps `serve` runs once its stores are open; plugins add them.
start_hooks: list[StartHook] = []


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Listen address (default HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default PORT).")] = None,
) -> None:
    """Run the API, GraphiQL and the web app (plus an embedded worker when configured)."""
    import uvicorn

    from api.app import create_app
    from core import logs

    settings = load_settings()
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
    exit_normally_on_sigterm()
    uvicorn.run(
        create_app(settings, on_start=start_hooks),
        host=host,
        port=port,
        log_config=None,
        access_log=False,
        # The app works out the client address itself (api.context.client_address), believing
        # X-Forwarded-For only from TRUSTED_PROXIES; uvicorn must not rewrite the peer first.
        proxy_headers=False,
    )


def exit_normally_on_sigterm() -> None:
    """For a process serving the app with uvicorn. uvicorn shuts down gracefully on SIGTERM,
    then hands the signal back to the process's own handler: make that a normal exit, so the
    embedded stores are closed (and the embedded Redis stopped) at exit as on Ctrl-C, not left
    running."""
    signal.signal(signal.SIGTERM, _exit_on_sigterm)


def _exit_on_sigterm(signum: int, frame: object) -> None:
    sys.exit(0)


@app.command()
def worker(
    concurrency: Annotated[int, typer.Option(help="Worker threads/processes.")] = 2,
    pool: Annotated[str, typer.Option(help="prefork, threads or solo.")] = "prefork",
) -> None:
    """Run a Celery worker against MONGODB_URI and REDIS_URL."""
    from core import logs
    from core.celery_app import configure

    settings = load_settings()
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

    settings = load_settings()
    logs.configure(settings.log_level, settings.log_json)
    configure(settings).start(["beat", "--loglevel=INFO"])


@app.command("export-schema")
def export_schema(
    path: Annotated[Path, typer.Option(help="Where to write the SDL.")] = SCHEMA_PATH,
) -> None:
    """Write the GraphQL schema (SDL) the API serves."""
    from api.schema import build_schema

    path.write_text(build_schema(load_settings()).as_str() + "\n")
    console.print(f"schema written to {path}")


@app.command("settings")
def show_settings() -> None:
    """Show every setting, its environment variable and its effective value."""
    settings = load_settings()
    table = Table("variable", "value", "meaning")
    for name, field in Settings.model_fields.items():
        value = getattr(settings, name)
        shown = "***" if "secret" in name or "password" in name else str(value)
        table.add_row(name.upper(), shown, field.description or "")
    console.print(table)


app.command("import-products")(import_products_command)
app.command("reconcile")(reconcile_command)
app.command("reextract")(reextract_command)
app.command("dump")(dump_command)
app.command("restore")(restore_command)


def load_plugins() -> None:
    for entry in entry_points(group=PLUGIN_GROUP):
        register: Register = entry.load()
        register(app, start_hooks.append)


def main() -> None:
    load_plugins()
    try:
        app()
    except (UserError, UserErrors) as exc:
        err_console.print(f"[red]{exc}[/red]")
        sys.exit(1)


if __name__ == "__main__":
    main()
