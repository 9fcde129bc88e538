"""``lydiard share``: the open training log as a static site, from the command line."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from lydiard.cli.app import app, console
from lydiard.cli.store_access import athlete_today, open_cli_store, read_settings

share_app = typer.Typer(help="The open training log (publish it in the web app).")
app.add_typer(share_app, name="share")


@share_app.command("export")
def export(
    out: Annotated[Path, typer.Argument(help="Folder to write the site into.")],
    athlete: Annotated[str | None, typer.Option("--athlete", help="Whose log.")] = None,
) -> None:
    """Write the public log as static HTML (what the share settings allow, nothing more)."""
    from lydiard.web.templating import make_templates
    from lydiard.web.views.static_site import static_site, write_static_site

    settings = read_settings()
    with open_cli_store(settings) as store:
        person = store.athletes.get(athlete or settings.athlete)
        log = store.sharing.get(person.id)
        today = athlete_today(person, datetime.now(UTC))
        files = static_site(store, person, log, today, make_templates())
    written = write_static_site(files, out)
    pages = sum(1 for p in written if p.suffix == ".html")
    extra = []
    if log.show_wellness:
        extra.append("recovery")
    if log.show_biomarkers:
        extra.append("blood markers")
    shown = f" with {' and '.join(extra)}" if extra else " (no wellness or blood markers)"
    plural = "" if pages == 1 else "s"
    console.print(f"{out}: {pages} page{plural}{shown}; open {out / 'index.html'}")
