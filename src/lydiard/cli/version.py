"""``lydiard version``: print the installed version."""

from __future__ import annotations

from lydiard import __version__
from lydiard.cli.app import app, console


@app.command()
def version() -> None:
    """Print lydiard's version."""
    console.print(f"lydiard {__version__}")
