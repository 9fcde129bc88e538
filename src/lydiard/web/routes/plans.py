"""Plan: the phase timeline, the weeks against what was done, ICS and FIT exports."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from lydiard.web.deps import AthleteScope, ConfigDep, PlanScope, StoreDep
from lydiard.web.encoding import json_response
from lydiard.web.templating import page
from lydiard.web.views.plan import PlanBrief, PlanView, plan_fit_zip, plan_ics, plan_view

__all__ = ["router"]

router = APIRouter(tags=["plans"])


@router.get("/athletes/{athlete_id}/plan", response_class=HTMLResponse, include_in_schema=False)
def plan_home(request: Request, scope: AthleteScope, store: StoreDep) -> Response:
    """The athlete's current plan (the active plan around today), or how to make one."""
    plans = store.plans.list(scope.athlete.id)
    active = [p for p in plans if p.status == "active"]
    current = next(
        (p for p in active if p.start_date <= scope.today <= p.end_date),
        active[0] if active else (plans[0] if plans else None),
    )
    if current is not None:
        return RedirectResponse(f"/plans/{current.id}", status_code=303)
    return page(request, "plan_none.html", scope, "plan", {})


@router.get("/plans/{plan_id}", response_class=HTMLResponse, include_in_schema=False)
def plan_page(request: Request, found: PlanScope, store: StoreDep) -> Response:
    """One plan."""
    view = plan_view(store, found.plan, found.scope.units, found.scope.today)
    return page(request, "plan.html", found.scope, "plan", {"view": view})


@router.get("/api/athletes/{athlete_id}/plans", response_model=list[PlanBrief])
def list_plans(scope: AthleteScope, store: StoreDep) -> Response:
    """The athlete's plans, newest start first (``GET /api/athletes/1/plans``)."""
    return json_response(
        [
            PlanBrief(p.id or 0, p.name, p.status, p.start_date, p.end_date, p.race_date)
            for p in store.plans.list(scope.athlete.id)
        ]
    )


@router.get("/api/plans/{plan_id}", response_model=PlanView)
def plan(found: PlanScope, store: StoreDep) -> Response:
    """A plan: phases, weeks with planned and done volume, sessions.

    ```
    GET /api/plans/3
    {"plan": {"name": "Western States 2025", ...}, "phases": [{"phase": "aerobic",
     "first_week": 0, "weeks": 10, ...}], "weeks": [{"index": 0, "phase": "aerobic",
     "kind": "ramp", "target_m": 96000.0, "planned_m": 95400.0, "done_m": 91200.0, ...}]}
    ```
    """
    return json_response(plan_view(store, found.plan, found.scope.units, found.scope.today))


def _name(found: PlanScope, suffix: str) -> str:
    stem = "".join(c if c.isalnum() else "-" for c in found.plan.name.lower()).strip("-")
    return f"{stem or 'plan'}{suffix}"


@router.get("/api/plans/{plan_id}/export.ics", response_class=Response)
def export_ics(found: PlanScope, config: ConfigDep) -> Response:
    """The plan as a calendar file: one all-day event per session."""
    data, skipped = plan_ics(found.plan, config.clock())
    headers = {"Content-Disposition": f'attachment; filename="{_name(found, ".ics")}"'}
    if skipped:
        headers["X-Lydiard-Skipped"] = str(len(skipped))
    return Response(data, media_type="text/calendar", headers=headers)


@router.get("/api/plans/{plan_id}/export.zip", response_class=Response)
def export_fit(found: PlanScope) -> Response:
    """Every session as a FIT workout for a watch, in one zip."""
    data, skipped = plan_fit_zip(found.plan)
    headers = {"Content-Disposition": f'attachment; filename="{_name(found, "-fit.zip")}"'}
    if skipped:
        headers["X-Lydiard-Skipped"] = str(len(skipped))
    return Response(data, media_type="application/zip", headers=headers)
