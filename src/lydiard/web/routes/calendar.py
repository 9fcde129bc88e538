"""Calendar: weeks of the plan against what was done, volume bars per sport."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from lydiard.web.deps import AthleteScope, StoreDep
from lydiard.web.encoding import json_response
from lydiard.web.templating import page
from lydiard.web.views.calendar import MAX_WEEKS, CalendarView, calendar_view
from lydiard.web.views.history import week_start

__all__ = ["router"]

router = APIRouter(tags=["calendar"])

StartQuery = Annotated[
    date | None, Query(description="a day in the first week (default: 3 weeks ago)")
]
WeeksQuery = Annotated[int, Query(ge=1, le=MAX_WEEKS, description="number of weeks")]


@router.get("/athletes/{athlete_id}/calendar", response_class=HTMLResponse, include_in_schema=False)
def calendar_page(
    request: Request,
    scope: AthleteScope,
    store: StoreDep,
    start: StartQuery = None,
    weeks: WeeksQuery = 5,
) -> Response:
    """The Calendar page."""
    first = start or scope.today - timedelta(weeks=3)
    view = calendar_view(store, scope.athlete.id, scope.units, scope.today, first, weeks)
    shift = timedelta(weeks=weeks)
    return page(
        request,
        "calendar.html",
        scope,
        "calendar",
        {
            "view": view,
            "weeks": weeks,
            "earlier": view.start - shift,
            "later": view.start + shift,
            "this_week": week_start(scope.today) - timedelta(weeks=3),
        },
    )


@router.get("/api/athletes/{athlete_id}/calendar", response_model=CalendarView)
def calendar(
    scope: AthleteScope, store: StoreDep, start: StartQuery = None, weeks: WeeksQuery = 5
) -> Response:
    """Weeks from Monday: planned sessions with their status, activities, volume per sport.

    ```
    GET /api/athletes/1/calendar?start=2025-02-03&weeks=4
    {"start": "2025-02-03", "weeks": [{"start": "2025-02-03", "planned_m": {"run": 120000.0},
      "done_m": {"run": 112400.0}, "days": [{"day": "2025-02-03", "planned": [...],
      "done": [...]}, ...]}, ...]}
    ```
    """
    first = start or scope.today - timedelta(weeks=3)
    return json_response(
        calendar_view(store, scope.athlete.id, scope.units, scope.today, first, weeks)
    )
