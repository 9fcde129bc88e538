"""Upload: activity files (FIT, GPX, TCX, gzipped, Strava export zips) into the store.

Each request may carry several files; the page sends them one by one to show progress.
Files go through the same bulk import as ``lydiard import`` (content sniffing, duplicate
detection, Strava exports), which scores every activity (training load) as it reads it,
so the route does not score again (the stored load takes no RPE: session RPE is never
chosen automatically, so a replaced activity's typed RPE does not change it).

Safety: an uploaded file's name is reduced to a plain base name (no folders, no ``..``,
no control characters, at most 120 characters) and written under a fresh temporary
folder, so no name can reach anything else on disk; Strava export zips and gzip files
are inflated with the importers' bomb guards; XML is parsed without entities.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from lydiard.errors import InputError
from lydiard.ingest import import_paths
from lydiard.web.deps import AthleteScope, ConfigDep, StoreDep
from lydiard.web.encoding import json_response
from lydiard.web.templating import page

__all__ = ["UploadResult", "router"]

router = APIRouter(tags=["upload"])

_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")
_SUFFIXES = re.compile(r"(\.[A-Za-z0-9]{1,4}){1,2}$")
#: Longest stored name (Linux allows 255 bytes; the suffixes are kept when cutting).
MAX_NAME = 120


@dataclass(frozen=True, slots=True)
class UploadResult:
    """What became of one uploaded file (or one activity of an export).

    Attributes:
        name: the file name.
        outcome: added, replaced, duplicate, skipped (imported before) or failed.
        activity_id: the stored activity, when there is one.
        reason: why it failed, was a duplicate or replaced another.
        url: the activity's page, when there is one.
    """

    name: str
    outcome: str
    activity_id: int | None
    reason: str
    url: str | None


def safe_name(name: str | None, index: int) -> str:
    r"""A plain file name for an upload: never a path, never empty, at most 120 characters.

    The last part after any ``/`` or ``\`` is kept; characters other than letters,
    digits, ``._ -`` become ``_``; leading dots go (no ``..``, no hidden files); a long
    name is cut in its middle so that its suffixes (``.gpx.gz``) survive.
    """
    base = re.split(r"[/\\]", name or "")[-1]
    cleaned = _UNSAFE.sub("_", base).strip(" .")
    if len(cleaned) > MAX_NAME:
        found = _SUFFIXES.search(cleaned)
        suffix = found.group(0) if found else ""
        cleaned = cleaned[: MAX_NAME - len(suffix)] + suffix
    return cleaned or f"upload-{index}"


def _with_zip_suffix(path: Path) -> Path:
    """A Strava export uploaded under a name without ``.zip`` is still read as one."""
    with path.open("rb") as handle:
        head = handle.read(4)
    if head in (b"PK\x03\x04", b"PK\x05\x06") and not path.name.lower().endswith(".zip"):
        return path.rename(path.with_name(path.name + ".zip"))
    return path


@router.get("/athletes/{athlete_id}/upload", response_class=HTMLResponse, include_in_schema=False)
def upload_page(request: Request, scope: AthleteScope, config: ConfigDep) -> Response:
    """The Upload page."""
    return page(
        request, "upload.html", scope, "upload", {"max_mb": config.max_upload_bytes // 2**20}
    )


@router.post("/api/athletes/{athlete_id}/uploads", response_model=list[UploadResult])
def upload(
    scope: AthleteScope,
    store: StoreDep,
    files: Annotated[list[UploadFile], File(description="activity files or Strava exports")],
) -> Response:
    """Import uploaded files; one result per file (per activity for an export).

    ```
    POST /api/athletes/1/uploads   X-CSRF-Token: ...   (multipart: files=@run.fit)
    [{"name": "run.fit", "outcome": "added", "activity_id": 813, "reason": "",
      "url": "/activities/813"}]
    ```
    """
    if not files:
        raise InputError("files: choose at least one file to upload")
    with tempfile.TemporaryDirectory(prefix="lydiard-upload-") as folder:
        paths = []
        for index, item in enumerate(files):
            path = Path(folder) / f"{index:03d}" / safe_name(item.filename, index)
            path.parent.mkdir()
            with path.open("wb") as target:
                shutil.copyfileobj(item.file, target)
            paths.append(_with_zip_suffix(path))
        report = import_paths(paths, store, athlete=scope.athlete.id, jobs=1)
    results = []
    for done in report.items:
        activity_id = done.activity_id
        # Show the names as uploaded, not the temporary folder they were read from.
        name = done.name.split(folder, 1)[-1].lstrip("/")
        name = name.split("/", 1)[-1] if name[:3].isdigit() else name
        results.append(
            UploadResult(
                name=name,
                outcome=done.outcome.value,
                activity_id=activity_id,
                reason=done.reason.replace(folder + "/", ""),
                url=f"/activities/{activity_id}" if activity_id is not None else None,
            )
        )
    return json_response(results)
