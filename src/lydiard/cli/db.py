"""``lydiard db``: where the database is, its schema revision, and migrations."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from lydiard.cli.app import app, console
from lydiard.cli.output import print_json
from lydiard.cli.store_access import read_settings

db_app = typer.Typer(
    help="The database: where it is, what it holds, migrations.", no_args_is_help=True
)
app.add_typer(db_app, name="db")

_STATE_TEXT = {
    "empty": "empty: created on first use, or by `lydiard db upgrade`",
    "behind": "behind: run `lydiard db upgrade`",
    "current": "current",
    "ahead": "newer than this lydiard: upgrade lydiard",
    "unknown": "not a lydiard database",
}


@db_app.command("info")
def info(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show where the database is, its schema revision and how many rows it holds."""
    from lydiard.store import connect

    settings = read_settings()
    with connect(settings) as store:
        details = store.info()
    if as_json:
        print_json(
            {
                "url": details.url,
                "dialect": details.dialect,
                "path": str(details.path) if details.path else None,
                "size_bytes": details.size_bytes,
                "schema": {
                    "state": details.schema.state,
                    "current": details.schema.current,
                    "head": details.schema.head,
                },
                "counts": details.counts,
                "data_dir": str(settings.data_dir),
                "athlete": settings.athlete,
            }
        )
        return
    console.print(f"[bold]Database[/]  {details.url}")
    if details.path is not None:
        size = f"{details.size_bytes / 1e6:.2f} MB" if details.size_bytes else "not created yet"
        console.print(f"[bold]File[/]      {details.path} ({size})")
    revision = details.schema.current or "none"
    state = _STATE_TEXT[details.schema.state]
    console.print(f"[bold]Schema[/]    {revision} (newest {details.schema.head}): {state}")
    console.print(f"[bold]Athlete[/]   {settings.athlete}")
    if details.counts:
        table = Table("table", "rows", box=None, pad_edge=False)
        for name, count in details.counts.items():
            table.add_row(name, str(count))
        console.print(table)


@db_app.command("upgrade")
def upgrade() -> None:
    """Create the database or migrate it to this lydiard's schema."""
    from lydiard.store import SchemaState, connect

    settings = read_settings()
    with connect(settings) as store:
        before = store.status()
        after = store.upgrade()
    if before.state is SchemaState.CURRENT:
        console.print(f"database {store.url}: schema already current ({after.current})")
    else:
        console.print(
            f"database {store.url}: schema upgraded from {before.current or 'empty'} "
            f"to {after.current}"
        )
