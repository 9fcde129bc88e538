"""Activities: the list, one activity (route, laps, splits, reps, charts), edits, deletion."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field, field_validator

from lydiard.errors import InputError, NotFoundError
from lydiard.model import Sport, sport_from_text
from lydiard.store import KEEP, ActivityFilter, ActivityRecord
from lydiard.web.deps import ActivityScope, AthleteScope, StoreDep
from lydiard.web.encoding import json_response
from lydiard.web.templating import page
from lydiard.web.views.activity import ActivityView, activity_view, route_of
from lydiard.web.views.loads import ScoreReport, score_activity, score_missing

__all__ = ["router"]

router = APIRouter(tags=["activities"])

PAGE_SIZE = 50


def _sport(text: str | None) -> tuple[Sport, ...]:
    if not text:
        return ()
    sport = sport_from_text(text)
    if sport is Sport.OTHER and text.strip().lower() != "other":
        raise InputError(f"sport: {text!r} is not a sport")
    return (sport,)


def _filter(
    athlete_id: int, sport: str | None, text: str | None, start: date | None, end: date | None
) -> ActivityFilter:
    return ActivityFilter(
        athlete_id=athlete_id, sports=_sport(sport), text=text or None, start=start, end=end
    )


@router.get(
    "/athletes/{athlete_id}/activities", response_class=HTMLResponse, include_in_schema=False
)
def activities_page(
    request: Request,
    scope: AthleteScope,
    store: StoreDep,
    sport: str | None = None,
    text: str | None = None,
    page_number: Annotated[int, Query(alias="page", ge=1)] = 1,
) -> Response:
    """The list of activities, newest first, with filters."""
    where = _filter(scope.athlete.id, sport, text, None, None)
    total = store.activities.count(where)
    rows = store.activities.list(
        ActivityFilter(
            athlete_id=where.athlete_id,
            sports=where.sports,
            text=where.text,
            limit=PAGE_SIZE,
            offset=(page_number - 1) * PAGE_SIZE,
        )
    )
    pages = max(1, -(-total // PAGE_SIZE))
    return page(
        request,
        "activities.html",
        scope,
        "activities",
        {
            "rows": rows,
            "total": total,
            "page_number": page_number,
            "pages": pages,
            "sport": sport or "",
            "text": text or "",
            "sports": list(Sport),
        },
    )


@router.get("/api/athletes/{athlete_id}/activities", response_model=list[ActivityRecord])
def list_activities(
    scope: AthleteScope,
    store: StoreDep,
    sport: str | None = None,
    text: str | None = None,
    start: date | None = None,
    end: date | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    """Activities newest first, filtered by sport, words, and local dates (inclusive).

    ```
    GET /api/athletes/1/activities?sport=trail&start=2025-01-01&limit=2
    [{"id": 812, "local_date": "2025-02-27", "sport": "trail_run", "name": "Hill circuits",
      "distance_m": 18342.1, "moving_s": 6021.0, "ascent_m": 903.0, "load": 141.5, ...}]
    ```
    """
    where = _filter(scope.athlete.id, sport, text, start, end)
    rows = store.activities.list(
        ActivityFilter(
            athlete_id=where.athlete_id,
            sports=where.sports,
            text=where.text,
            start=start,
            end=end,
            limit=limit,
            offset=offset,
        )
    )
    return json_response(rows)


@router.get("/activities/{activity_id}", response_class=HTMLResponse, include_in_schema=False)
def activity_page(request: Request, found: ActivityScope, store: StoreDep) -> Response:
    """One activity: summary, route, splits, reps, best efforts, charts."""
    view = activity_view(store, found.record, found.scope.units)
    return page(request, "activity.html", found.scope, "activities", {"view": view})


@router.get("/api/activities/{activity_id}", response_model=ActivityView)
def activity(found: ActivityScope, store: StoreDep) -> Response:
    """One activity: summary, laps, route SVG, chart streams, splits, reps, best efforts.

    ```
    GET /api/activities/812
    {"record": {...}, "units": "km", "laps": [...], "route": {"svg": "<svg ...>", ...},
     "streams": {"time_s": [...], "distance_m": [...], "speed_mps": [...], ...},
     "analysis": {"splits": [...], "reps": [...], "best_efforts": [...]}}
    ```
    """
    return json_response(activity_view(store, found.record, found.scope.units))


@router.get("/api/activities/{activity_id}/route.svg", response_class=Response)
def activity_route(found: ActivityScope, store: StoreDep) -> Response:
    """The route as an SVG picture (404 when the activity has no positions)."""
    record = found.record
    route = route_of(store.activities.load(record.id), record.name or record.sport.label)
    if route is None:
        raise NotFoundError(f"activity {record.id} has no positions to draw")
    return Response(route.svg, media_type="image/svg+xml")


class ActivityEdit(BaseModel):
    """Fields a user may change; those left out stay as they are (empty text clears)."""

    name: str | None = Field(default=None, max_length=500)
    notes: str | None = Field(default=None, max_length=20_000)
    rpe: float | None = Field(default=None, ge=0, le=10, description="session RPE, CR-10")
    sport: Sport | None = None

    @field_validator("name", "notes", "rpe", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value


@router.patch("/api/activities/{activity_id}", response_model=ActivityRecord)
def edit_activity(found: ActivityScope, store: StoreDep, edit: ActivityEdit) -> Response:
    """Rename, annotate, rate (RPE) or re-sport an activity; its load is recomputed.

    ```
    PATCH /api/activities/812   X-CSRF-Token: ...
    {"name": "Hill circuits", "notes": "legs heavy", "rpe": 7}
    ```
    """
    given = edit.model_fields_set
    record = store.activities.update(
        found.record.id,
        name=edit.name if "name" in given else KEEP,
        notes=edit.notes if "notes" in given else KEEP,
        rpe=edit.rpe if "rpe" in given else KEEP,
        sport=edit.sport if "sport" in given and edit.sport is not None else KEEP,
    )
    if "rpe" in given or "sport" in given:
        score_activity(store, found.scope.athlete, record.id)
        record = store.activities.get(record.id)
    return json_response(record)


@router.delete("/api/activities/{activity_id}", status_code=204)
def delete_activity(found: ActivityScope, store: StoreDep) -> Response:
    """Delete an activity with its samples (its file may be uploaded again)."""
    store.activities.delete(found.record.id)
    return Response(status_code=204)


@router.post("/api/athletes/{athlete_id}/loads", response_model=ScoreReport)
def score_loads(scope: AthleteScope, store: StoreDep, retry: bool = False) -> Response:
    """Compute the training load of activities that have none.

    With ``retry``, also those found unscorable before (e.g. after adding thresholds).

    ```
    POST /api/athletes/1/loads?retry=true   X-CSRF-Token: ...
    {"scored": 212, "unscorable": 3}
    ```
    """
    return json_response(score_missing(store, scope.athlete, retry=retry))
