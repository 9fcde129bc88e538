"""The open training log: share settings, the public pages, the static site export.

The log is private by default. Public pages are reached by their share token alone (no
login); they show only what the athlete published, never another athlete's activity, and
are served with ``Referrer-Policy: no-referrer`` and ``noindex`` so the link does not leak
or get indexed.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field

from lydiard.errors import NotFoundError
from lydiard.store import PublicLog, Store
from lydiard.web.deps import AthleteScope, ConfigDep, StoreDep, local_day
from lydiard.web.encoding import json_response
from lydiard.web.templating import page
from lydiard.web.views.public_log import PublicLogView, public_activity, public_log_view
from lydiard.web.views.static_site import static_site, static_site_zip

__all__ = ["router"]

router = APIRouter(tags=["sharing"])

_PUBLIC_HEADERS = {"Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}


@router.get("/athletes/{athlete_id}/sharing", response_class=HTMLResponse, include_in_schema=False)
def sharing_page(request: Request, scope: AthleteScope, store: StoreDep) -> Response:
    """The share settings page."""
    log = store.sharing.get(scope.athlete.id)
    base = str(request.base_url).rstrip("/")
    return page(request, "sharing.html", scope, "sharing", {"log": log, "base": base})


@router.get("/api/athletes/{athlete_id}/sharing", response_model=PublicLog)
def sharing(scope: AthleteScope, store: StoreDep) -> Response:
    """The share settings (``enabled`` false and no token until first set: private).

    ```
    GET /api/athletes/1/sharing
    {"athlete_id": 1, "token": "k3J...", "enabled": true, "show_wellness": false,
     "show_biomarkers": false, "title": "Jim's log", "updated_at": "..."}
    ```
    """
    return json_response(store.sharing.get(scope.athlete.id))


class SharingEdit(BaseModel):
    """What the public log shows; fields left out stay as they are."""

    enabled: bool | None = None
    show_wellness: bool | None = None
    show_biomarkers: bool | None = None
    title: str | None = Field(default=None, max_length=200)


@router.put("/api/athletes/{athlete_id}/sharing", response_model=PublicLog)
def edit_sharing(
    scope: AthleteScope, store: StoreDep, config: ConfigDep, edit: SharingEdit
) -> Response:
    """Publish or hide the log, and choose whether wellness and blood markers show.

    ```
    PUT /api/athletes/1/sharing   X-CSRF-Token: ...
    {"enabled": true, "show_wellness": false, "title": "Jim's log"}
    ```
    """
    log = store.sharing.update(
        scope.athlete.id,
        enabled=edit.enabled,
        show_wellness=edit.show_wellness,
        show_biomarkers=edit.show_biomarkers,
        title=edit.title,
        now=config.clock(),
    )
    return json_response(log)


@router.post("/api/athletes/{athlete_id}/sharing/rotate", response_model=PublicLog)
def rotate_sharing(scope: AthleteScope, store: StoreDep, config: ConfigDep) -> Response:
    """A new share link; the old one stops working (``POST .../sharing/rotate``)."""
    return json_response(store.sharing.rotate(scope.athlete.id, now=config.clock()))


@router.get("/api/athletes/{athlete_id}/sharing/export.zip", response_class=Response)
def export_site(request: Request, scope: AthleteScope, store: StoreDep) -> Response:
    """The public log as a static site (HTML and CSS in a zip), as the settings allow."""
    templates: Jinja2Templates = request.app.state.templates
    log = store.sharing.get(scope.athlete.id)
    files = static_site(store, scope.athlete, log, scope.today, templates)
    folder = f"{scope.athlete.name}-training-log".replace(" ", "-")
    return Response(
        static_site_zip(files, folder),
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{folder}.zip"'},
    )


def _published(store: Store, token: str) -> PublicLog:
    log = store.sharing.published(token)
    if log is None:
        raise NotFoundError("no public training log at this link")
    return log


@router.get("/share/{token}", response_class=HTMLResponse, include_in_schema=False)
def public_log_page(request: Request, token: str, store: StoreDep, config: ConfigDep) -> Response:
    """The public log (no login)."""
    log = _published(store, token)
    athlete = store.athletes.get(log.athlete_id)
    view = public_log_view(store, athlete, log, local_day(athlete, config))
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(
        request,
        "public_log.html",
        {
            "view": view,
            "css": "/static/app.css",
            "home": f"/share/{token}",
            "href": lambda i: f"/share/{token}/activities/{i}",
        },
        headers=_PUBLIC_HEADERS,
    )


@router.get(
    "/share/{token}/activities/{share_activity_id}",
    response_class=HTMLResponse,
    include_in_schema=False,
)
def public_activity_page(
    request: Request, token: str, share_activity_id: int, store: StoreDep, config: ConfigDep
) -> Response:
    """One activity of a public log: splits, reps, best efforts (404 if not that log's)."""
    log = _published(store, token)
    athlete = store.athletes.get(log.athlete_id)
    found = public_activity(store, athlete, share_activity_id)
    if found is None:
        raise NotFoundError("no such activity in this training log")
    item, detail = found
    templates: Jinja2Templates = request.app.state.templates
    title = log.title or f"{athlete.name}'s training log"
    return templates.TemplateResponse(
        request,
        "public_activity.html",
        {
            "item": item,
            "detail": detail,
            "units": athlete.units,
            "title": title,
            "css": "/static/app.css",
            "home": f"/share/{token}",
        },
        headers=_PUBLIC_HEADERS,
    )


@router.get("/api/share/{token}", response_model=PublicLogView)
def public_log(token: str, store: StoreDep, config: ConfigDep) -> Response:
    """A public log as JSON (no login; 404 when the link is unknown or the log private)."""
    log = _published(store, token)
    athlete = store.athletes.get(log.athlete_id)
    response = json_response(public_log_view(store, athlete, log, local_day(athlete, config)))
    response.headers.update(_PUBLIC_HEADERS)
    return response
