"""The front door: ``/`` sends each viewer to their page; coaches get the squad."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from lydiard.store import Role
from lydiard.web.deps import ConfigDep, StoreDep, ViewerDep, visible_athletes
from lydiard.web.encoding import json_response
from lydiard.web.templating import render
from lydiard.web.views.squad import SquadRow, squad_view

__all__ = ["router"]

router = APIRouter(tags=["squad"])


@router.get("/", include_in_schema=False)
def home(viewer: ViewerDep) -> Response:
    """Coaches to the squad, everyone else to their Today page."""
    if viewer.role is Role.COACH or viewer.home_athlete_id is None:
        return RedirectResponse("/squad", status_code=303)
    return RedirectResponse(f"/athletes/{viewer.home_athlete_id}/today", status_code=303)


@router.get("/squad", response_class=HTMLResponse, include_in_schema=False)
def squad_page(request: Request, viewer: ViewerDep, store: StoreDep, config: ConfigDep) -> Response:
    """Every athlete the viewer may see, at a glance."""
    athletes = visible_athletes(viewer, store)
    rows = squad_view(store, athletes, config)
    return render(
        request,
        "squad.html",
        {"viewer": viewer, "rows": rows, "athletes": athletes, "active": "squad"},
    )


@router.get("/api/squad", response_model=list[SquadRow])
def squad(viewer: ViewerDep, store: StoreDep, config: ConfigDep) -> Response:
    """Each visible athlete's day: light, readiness, form, week volume, today's plan.

    ```
    GET /api/squad
    [{"athlete_id": 2, "name": "ann", "light": "amber", "signals": ["..."],
      "readiness": "easy", "form": -18.2, "run_week_m": 96400.0, ...}]
    ```
    """
    return json_response(squad_view(store, visible_athletes(viewer, store), config))
