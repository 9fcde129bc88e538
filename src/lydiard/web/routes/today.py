"""Today: readiness with its reasons, the overreaching screen, today's sessions, form."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from lydiard.store import METRICS
from lydiard.web.deps import AthleteScope, StoreDep
from lydiard.web.encoding import json_response
from lydiard.web.templating import page
from lydiard.web.views.today import TodayView, today_view

__all__ = ["router"]

router = APIRouter(tags=["today"])

#: Metrics offered in the morning check-in form, in order.
CHECK_IN = ("hrv_rmssd_ms", "resting_hr_bpm", "sleep_s", "soreness", "fatigue", "mood")


@router.get("/athletes/{athlete_id}/today", response_class=HTMLResponse, include_in_schema=False)
def today_page(request: Request, scope: AthleteScope, store: StoreDep) -> Response:
    """The Today page."""
    view = today_view(store, scope.athlete, scope.today)
    metrics = [METRICS[name] for name in CHECK_IN]
    return page(request, "today.html", scope, "today", {"view": view, "metrics": metrics})


@router.get("/api/athletes/{athlete_id}/today", response_model=TodayView)
def today(scope: AthleteScope, store: StoreDep) -> Response:
    """Readiness, the overreaching screen, form, today's and the coming sessions.

    ```
    GET /api/athletes/1/today
    {"today": "2025-03-01", "readiness": {"verdict": "easy", "reasons": ["..."], ...},
     "burnout": {"light": "amber", "signals": [...]}, "form": {"fitness": 61.2, ...},
     "planned": [...], "done": [...], "upcoming": [...], "week": [...], ...}
    ```
    """
    return json_response(today_view(store, scope.athlete, scope.today))
