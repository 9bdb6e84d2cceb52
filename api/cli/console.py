"""What every `trendloop` command shares: its two consoles and reading the settings."""

from __future__ import annotations

import typer
from rich.console import Console

from core.settings import Settings, get_settings

console = Console()
err_console = Console(stderr=True)


def load_settings() -> Settings:
    try:
        return get_settings()
    except Exception as exc:  # pydantic's validation text names the variable at fault
        err_console.print(f"[red]Invalid settings:[/red] {exc}")
        raise typer.Exit(2) from None
