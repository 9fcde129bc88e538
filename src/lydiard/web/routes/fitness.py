"""Fitness: fitness/fatigue/form, weekly volume per sport, the HRV band, the guards."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from lydiard.errors import InputError
from lydiard.web.deps import AthleteScope, StoreDep
from lydiard.web.encoding import json_response
from lydiard.web.templating import page
from lydiard.web.views.fitness import WINDOWS, FitnessView, fitness_view

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
    return page(request, "fitness.html", scope, "fitness", {"view": view, "windows": WINDOWS})


@router.get("/api/athletes/{athlete_id}/fitness", response_model=FitnessView)
def fitness(scope: AthleteScope, store: StoreDep, days: DaysQuery = 365) -> Response:
    """Fitness, fatigue, form, ramp, ACWR and monotony per day, and more.

    Also weekly volume per sport, the HRV band, spike-guard flags, today's guard values.

    ```
    GET /api/athletes/1/fitness?days=90
    {"days": ["2024-12-02", ...], "fitness": [58.1, ...], "fatigue": [...], "form": [...],
     "weeks": [{"week": "2024-12-02", "sport": "run", "distance_m": 112000.0, ...}],
     "hrv": {"days": [...], "band_low": [...], ...}, "guards": {"acwr": 1.08, ...}, ...}
    ```
    """
    return json_response(fitness_view(store, scope.athlete, scope.today, _window(days)))
