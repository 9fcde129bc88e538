"""The public log as a static site: plain HTML files and one stylesheet, for any web host.

Only what the share settings allow goes in (the same views as the share link), and the
pages link to each other by relative paths, so the folder works from a disk, a zip or
any static host without lydiard running.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

from fastapi.templating import Jinja2Templates

from lydiard.store import Athlete, PublicLog, Store
from lydiard.web.views.public_log import public_activity, public_log_view

__all__ = ["static_site", "static_site_zip", "write_static_site"]

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"


def static_site(
    store: Store, athlete: Athlete, log: PublicLog, today: date, templates: Jinja2Templates
) -> dict[str, bytes]:
    """The files of the site: ``index.html``, ``activities/<id>.html``, ``app.css``."""
    view = public_log_view(store, athlete, log, today)
    env = templates.env
    files = {
        "index.html": env.get_template("public_log.html")
        .render(view=view, css="app.css", home="index.html", href=lambda i: f"activities/{i}.html")
        .encode(),
        "app.css": (STATIC_DIR / "app.css").read_bytes(),
    }
    ids = {s.id for week in view.weeks for s in week.sessions if s.key}
    page = env.get_template("public_activity.html")
    for activity_id in sorted(ids):
        found = public_activity(store, athlete, activity_id)
        if found is None:
            continue
        item, detail = found
        files[f"activities/{activity_id}.html"] = page.render(
            item=item,
            detail=detail,
            units=athlete.units,
            title=view.title,
            css="../app.css",
            home="../index.html",
        ).encode()
    return files


def static_site_zip(files: dict[str, bytes], folder: str) -> bytes:
    """The site's files in a zip, under one folder."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(files.items()):
            archive.writestr(f"{folder}/{name}", data)
    return buffer.getvalue()


def write_static_site(files: dict[str, bytes], out: Path) -> list[Path]:
    """Write the site's files under ``out``; returns the paths written."""
    written = []
    for name, data in sorted(files.items()):
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written
