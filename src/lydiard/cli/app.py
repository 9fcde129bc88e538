"""The Typer application and the consoles every command prints through."""

from __future__ import annotations

import typer
from rich.console import Console

__all__ = ["app", "console", "console_err"]

app = typer.Typer(
    name="lydiard",
    help="Lydiard-style training for endurance and ultra runners.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

console = Console(highlight=False)
console_err = Console(stderr=True, highlight=False)


@app.callback()
def _root() -> None:
    """Lydiard-style training for endurance and ultra runners."""
