"""Workout builder: type coaching prose, see the parse, totals and errors, download FIT/ICS."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from lydiard.web.deps import AthleteScope, ConfigDep
from lydiard.web.encoding import json_response
from lydiard.web.templating import page
from lydiard.web.views.settings import athlete_paces
from lydiard.web.views.workouts import (
    MAX_TEXT,
    WorkoutPreview,
    workout_fit,
    workout_ics,
    workout_preview,
)
from lydiard.workouts.library import LIBRARY

__all__ = ["router"]

router = APIRouter(tags=["workouts"])

EXAMPLE = "3 Mile Warm Up\n8 x 200 Meter Repeats\n400 Meter Jog Recovery\n2 Mile Cool Down"


def _paces(scope: AthleteScope) -> dict[str, float]:
    paces = athlete_paces(scope.athlete, scope.today)
    return paces.as_mapping() if paces is not None else {}


@router.get("/athletes/{athlete_id}/workouts", response_class=HTMLResponse, include_in_schema=False)
def builder_page(request: Request, scope: AthleteScope, text: str = EXAMPLE) -> Response:
    """The Workout builder."""
    preview = workout_preview(text[:MAX_TEXT], _paces(scope))
    return page(
        request,
        "workouts.html",
        scope,
        "workouts",
        {"text": text[:MAX_TEXT], "preview": preview, "library": LIBRARY},
    )


class WorkoutText(BaseModel):
    """A session as a coach writes it."""

    text: str = Field(max_length=MAX_TEXT)


@router.post("/api/athletes/{athlete_id}/workouts/preview", response_model=WorkoutPreview)
def preview(scope: AthleteScope, body: WorkoutText) -> Response:
    """Parse a session and add it up at the athlete's paces; syntax errors come back as data.

    ```
    POST /api/athletes/1/workouts/preview   X-CSRF-Token: ...
    {"text": "3 Mile Warm Up / 8 x 200 Meter Repeats / 400 Meter Jog Recovery / 2 Mile Cool Down"}
    {"ok": true, "title": "8 x 200 m", "canonical": "3 mi warm-up ...", "error": null,
     "distance_m": 12446.72, "duration_s": 3711.4, "lines": [...], ...}
    ```
    """
    return json_response(workout_preview(body.text, _paces(scope)))


TextField = Annotated[str, Form(max_length=MAX_TEXT)]


@router.post("/api/athletes/{athlete_id}/workouts/export.fit", response_class=Response)
def export_fit(scope: AthleteScope, config: ConfigDep, text: TextField) -> Response:
    """The session as a FIT workout for a watch (a zip of two files for a double day).

    ``POST /api/athletes/1/workouts/export.fit`` with form fields ``text`` and
    ``csrf_token`` (or the X-CSRF-Token header) -> ``8-x-200-m.fit``.
    """
    name, media, data = workout_fit(text, _paces(scope), config.clock())
    return Response(
        data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@router.post("/api/athletes/{athlete_id}/workouts/export.ics", response_class=Response)
def export_ics(
    scope: AthleteScope, config: ConfigDep, text: TextField, day: Annotated[date, Form()]
) -> Response:
    """The session as an all-day calendar event (``text``, ``day`` form fields)."""
    name, data = workout_ics(text, day, _paces(scope), config.clock())
    return Response(
        data,
        media_type="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
