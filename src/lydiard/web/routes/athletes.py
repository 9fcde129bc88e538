"""Settings: an athlete's profile (units, time zone), thresholds over time, wellness entries."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from lydiard.store import Athlete, Threshold, ThresholdKind, WellnessEntry
from lydiard.store.metrics import parse_metric_value
from lydiard.web.deps import AthleteScope, StoreDep
from lydiard.web.encoding import json_response
from lydiard.web.templating import page
from lydiard.web.views.settings import (
    THRESHOLD_LABELS,
    AthleteSettings,
    parse_threshold,
    settings_view,
)

__all__ = ["router"]

router = APIRouter(tags=["athletes"])


@router.get("/athletes/{athlete_id}/settings", response_class=HTMLResponse, include_in_schema=False)
def settings_page(request: Request, scope: AthleteScope) -> Response:
    """The Settings page."""
    view = settings_view(scope.athlete, scope.today)
    return page(
        request, "settings.html", scope, "settings", {"view": view, "labels": THRESHOLD_LABELS}
    )


@router.get("/api/athletes/{athlete_id}", response_model=AthleteSettings)
def athlete(scope: AthleteScope) -> Response:
    """The profile, thresholds (today's and their history), training paces and zones.

    ```
    GET /api/athletes/1
    {"athlete": {"id": 1, "name": "jim", "units": "mi", "timezone": "America/Denver", ...},
     "current": [{"kind": "lthr_bpm", "value": 172.0, "since": "2025-01-10"}, ...],
     "paces": {"vdot": 74.4, "threshold_mps": 5.405, ...}, "hr_zones": [...], ...}
    ```
    """
    return json_response(settings_view(scope.athlete, scope.today))


class ProfileEdit(BaseModel):
    """Profile fields; those left out stay as they are."""

    units: Literal["km", "mi"] | None = None
    timezone: str | None = Field(default=None, max_length=64, description="IANA, e.g. Europe/Oslo")
    sex: Literal["female", "male"] | None = None
    birth_date: date | None = None


@router.patch("/api/athletes/{athlete_id}", response_model=Athlete)
def edit_profile(scope: AthleteScope, store: StoreDep, edit: ProfileEdit) -> Response:
    """Change units (km or mi), time zone, sex or birth date.

    ```
    PATCH /api/athletes/1   X-CSRF-Token: ...
    {"units": "mi", "timezone": "America/Denver"}
    ```
    """
    updated = store.athletes.update(
        scope.athlete.id,
        units=edit.units,
        timezone=edit.timezone or None,
        sex=edit.sex,
        birth_date=edit.birth_date,
    )
    return json_response(updated)


class ThresholdIn(BaseModel):
    """A threshold value from a day on."""

    kind: ThresholdKind
    value: str = Field(
        max_length=40, description="a number in the kind's unit, or a pace like 3:05/km"
    )
    effective_from: date
    note: str | None = Field(default=None, max_length=500)


@router.post("/api/athletes/{athlete_id}/thresholds", response_model=Athlete, status_code=201)
def add_threshold(scope: AthleteScope, store: StoreDep, item: ThresholdIn) -> Response:
    """Record a threshold from a day on (replacing one of the same kind and day).

    ```
    POST /api/athletes/1/thresholds   X-CSRF-Token: ...
    {"kind": "threshold_speed_mps", "value": "3:05/km", "effective_from": "2025-02-01"}
    ```
    """
    value = parse_threshold(item.kind, item.value)
    updated = store.athletes.set_threshold(
        scope.athlete.id,
        Threshold(item.kind, value, item.effective_from, source="web", note=item.note or None),
    )
    return json_response(updated, status_code=201)


@router.delete("/api/athletes/{athlete_id}/thresholds/{kind}/{effective_from}", status_code=204)
def delete_threshold(
    scope: AthleteScope,
    store: StoreDep,
    kind: Annotated[ThresholdKind, Path()],
    effective_from: Annotated[date, Path()],
) -> Response:
    """Remove one threshold value (``DELETE /api/athletes/1/thresholds/lthr_bpm/2025-02-01``)."""
    store.athletes.delete_threshold(scope.athlete.id, kind, effective_from)
    return Response(status_code=204)


class WellnessIn(BaseModel):
    """Journal values of one day, as typed (e.g. ``{"hrv": "62", "sleep": "7:30"}``)."""

    day: date
    values: dict[str, str] = Field(description="metric name or alias -> value text")
    note: str | None = Field(default=None, max_length=2000)


@router.post(
    "/api/athletes/{athlete_id}/wellness", response_model=list[WellnessEntry], status_code=201
)
def add_wellness(scope: AthleteScope, store: StoreDep, item: WellnessIn) -> Response:
    """Record the morning's values (a value replaces that day's earlier one; blanks skipped).

    ```
    POST /api/athletes/1/wellness   X-CSRF-Token: ...
    {"day": "2025-03-01", "values": {"hrv": "62.5", "rhr": "44", "sleep": "7:30"}}
    ```
    """
    entries = []
    for name, text in item.values.items():
        if not text.strip():
            continue
        metric, value = parse_metric_value(name, text)
        entries.append(WellnessEntry(item.day, metric.name, value, note=item.note, source="web"))
    store.wellness.put_many(scope.athlete.id, entries)
    return json_response(entries, status_code=201)


@router.get("/api/athletes/{athlete_id}/wellness", response_model=list[WellnessEntry])
def list_wellness(
    scope: AthleteScope,
    store: StoreDep,
    start: date | None = None,
    end: date | None = None,
    metric: Annotated[list[str] | None, Query()] = None,
) -> Response:
    """Journal entries by day.

    ``GET /api/athletes/1/wellness?start=2025-02-01&metric=hrv_rmssd_ms``
    """
    return json_response(
        store.wellness.list(scope.athlete.id, metrics=metric or (), start=start, end=end)
    )
