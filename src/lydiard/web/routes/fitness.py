"""Fitness: fitness/fatigue/form, weekly volume per sport, the HRV band, the guards."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from lydiard.errors import InputError
from lydiard.web.deps import AthleteScope, StoreDep
from lydiard.web.encoding import json_response
from lydiard.web.templating import page
from lydiard.web.views.fitness import WINDOWS, FitnessView, chart_data, fitness_view

__all__ = ["router"]

router = APIRouter(tags=["fitness"])

DaysQuery = Annotated[
    int, Query(description="days to show, ending today (90, 180, 365, 730; 0 = all)")
]


def _window(days: int) -> int:
    if days not in WINDOWS:
        choices = ", ".join(str(w) for w in WINDOWS)
        raise InputError(f"days: choose one of {choices} (0 = all), got {days}")
    return days


@router.get("/athletes/{athlete_id}/fitness", response_class=HTMLResponse, include_in_schema=False)
def fitness_page(
    request: Request, scope: AthleteScope, store: StoreDep, days: DaysQuery = 365
) -> Response:
    """The Fitness page."""
    view = fitness_view(store, scope.athlete, scope.today, _window(days))
    return page(
        request,
        "fitness.html",
        scope,
        "fitness",
        {"view": view, "chart": chart_data(view), "windows": WINDOWS},
    )


@router.get("/api/athletes/{athlete_id}/fitness", response_model=FitnessView)
def fitness(
    scope: AthleteScope,
    store: StoreDep,
    days: DaysQuery = 365,
    daily: Annotated[
        bool, Query(description="one point a day even for windows over two years")
    ] = False,
) -> Response:
    """Fitness, fatigue, form, ramp, ACWR and monotony per day, and more.

    Also weekly volume per sport, the HRV band, spike-guard flags, today's guard values.
    Windows over two years come with one point a week (``step_days`` 7: each point's
    values on its day, the load as the mean daily load of its 7 days) unless ``daily``.

    ```
    GET /api/athletes/1/fitness?days=90
    {"step_days": 1, "days": ["2024-12-02", ...], "fitness": [58.1, ...], "form": [...],
     "weeks": [{"week": "2024-12-02", "sport": "run", "distance_m": 112000.0, ...}],
     "hrv": {"days": [...], "band_low": [...], ...}, "guards": {"acwr": 1.08, ...}, ...}
    ```
    """
    view = fitness_view(
        store, scope.athlete, scope.today, _window(days), weekly=False if daily else None
    )
    return json_response(view)
