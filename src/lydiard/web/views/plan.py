"""The Plan page: the phase timeline, the weeks, and what was done against them.

A plan made by :mod:`lydiard.planning` keeps its whole structure in the stored plan's
``spec`` (schema ``lydiard.plan/1``): phases, week kinds (ramp, recovery, taper), weekly
targets. :func:`core_plan` reads it back with the planner's own ``plan_from_dict``, and
the exports are the planner's (``plan_calendar``, ``plan_fit_zip``). A plan stored
without that structure (written by another tool, or by hand) still shows its weeks and
exports its sessions through the workout language.
"""

from __future__ import annotations

import bisect
import importlib
import io
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from lydiard.errors import InputError, LydiardError
from lydiard.exporters.fit_workout import encode_workout
from lydiard.exporters.ics import ics_calendar, ics_event
from lydiard.model import Sport
from lydiard.store import PlannedSession, Store, StoredPlan
from lydiard.web.views.history import week_start
from lydiard.workouts import parse

__all__ = [
    "PHASE_COLOURS",
    "PhaseBlock",
    "PlanBrief",
    "PlanView",
    "PlanWeek",
    "core_plan",
    "plan_fit_zip",
    "plan_ics",
    "plan_view",
]

PHASE_COLOURS = {
    "aerobic": "#1f6feb",
    "hills": "#2e9d5b",
    "anaerobic": "#e08a00",
    "coordination": "#d9467a",
    "freshen": "#8a6bd1",
}
PHASE_LABELS = {
    "aerobic": "Aerobic conditioning",
    "hills": "Hill resistance",
    "anaerobic": "Anaerobic development",
    "coordination": "Coordination",
    "freshen": "Freshening",
}


@dataclass(frozen=True, slots=True)
class PhaseBlock:
    """A phase on the timeline.

    Attributes:
        phase: its name ("aerobic", "hills"...).
        label: what the page calls it.
        first_week: index of its first week (0-based).
        weeks: how many weeks.
        start, end: its first and last day.
        colour: the timeline colour.
    """

    phase: str
    label: str
    first_week: int
    weeks: int
    start: date
    end: date
    colour: str


@dataclass(frozen=True, slots=True)
class PlanWeek:
    """One week of a plan with what was done.

    Attributes:
        index: 0-based.
        start: its first day (a Monday, or the planner's week start).
        phase, kind: the planner's phase and week kind ("ramp", "recovery", "taper"), or
            None for a plan without that structure.
        target_m: the planner's weekly volume target, or None.
        sessions: the planned sessions.
        planned_m, planned_s: planned distance and duration of the sessions.
        done_m, done_s: distance and moving time done that week, all sports.
        done_run_m: running distance done.
        notes: the planner's notes on the week.
    """

    index: int
    start: date
    phase: str | None
    kind: str | None
    target_m: float | None
    sessions: list[PlannedSession]
    planned_m: float
    planned_s: float
    done_m: float
    done_s: float
    done_run_m: float
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PlanBrief:
    """A plan in the list of an athlete's plans."""

    id: int
    name: str
    status: str
    start_date: date
    end_date: date
    race_date: date | None


@dataclass(frozen=True, slots=True)
class PlanView:
    """Everything the Plan page shows.

    Attributes:
        plan: the stored plan (name, goal, race, sessions).
        units: "km" or "mi".
        today: the athlete's local date.
        phases: the phase timeline (empty for a plan without phases).
        weeks: the weeks, first to last.
        current_week: index of this week, or None outside the plan.
        paces: the plan's paces by name, m/s (empty when unknown).
        notes: the planner's notes on the plan.
        plans: all of the athlete's plans.
    """

    plan: StoredPlan
    units: str
    today: date
    phases: list[PhaseBlock]
    weeks: list[PlanWeek]
    current_week: int | None
    paces: dict[str, float]
    notes: list[str]
    plans: list[PlanBrief]


def core_plan(stored: StoredPlan) -> Any | None:
    """The planner's Plan from a stored plan's spec, or None (no spec, or no planner)."""
    if stored.spec.get("schema") != "lydiard.plan/1":
        return None
    try:
        serial = importlib.import_module("lydiard.planning.serial")
    except ImportError:
        return None
    try:
        return serial.plan_from_dict(stored.spec)
    except InputError:
        return None


def _brief(plan: StoredPlan) -> PlanBrief:
    assert plan.id is not None
    return PlanBrief(
        plan.id, plan.name, plan.status, plan.start_date, plan.end_date, plan.race_date
    )


def _phases(weeks: list[PlanWeek]) -> list[PhaseBlock]:
    blocks: list[PhaseBlock] = []
    for week in weeks:
        if week.phase is None:
            continue
        last = blocks[-1] if blocks else None
        if last is not None and last.phase == week.phase:
            blocks[-1] = PhaseBlock(
                last.phase,
                last.label,
                last.first_week,
                last.weeks + 1,
                last.start,
                week.start + timedelta(days=6),
                last.colour,
            )
        else:
            blocks.append(
                PhaseBlock(
                    week.phase,
                    PHASE_LABELS.get(week.phase, week.phase.capitalize()),
                    week.index,
                    1,
                    week.start,
                    week.start + timedelta(days=6),
                    PHASE_COLOURS.get(week.phase, "#9aa4b2"),
                )
            )
    return blocks


def _spans(stored: StoredPlan, core: Any | None) -> list[tuple[date, date]]:
    """The weeks of a plan as (first day, last day).

    The planner's own weeks (they end on the race's weekday), else Monday weeks.
    """
    if core is not None and core.weeks:
        return [(w.days[0].day, w.days[-1].day) for w in core.weeks if w.days]
    first = week_start(stored.start_date)
    n_weeks = (week_start(stored.end_date) - first).days // 7 + 1
    return [
        (first + timedelta(weeks=i), first + timedelta(weeks=i, days=6)) for i in range(n_weeks)
    ]


def plan_view(store: Store, stored: StoredPlan, units: str, today: date) -> PlanView:
    """Build the Plan page's data for one stored plan."""
    assert stored.athlete_id is not None
    core = core_plan(stored)
    spans = _spans(stored, core)
    starts = [a for a, _ in spans]

    def week_of(day: date) -> int | None:
        i = bisect.bisect_right(starts, day) - 1
        return i if i >= 0 and day <= spans[i][1] else None

    structure: dict[int, tuple[str, str, float | None, list[str]]] = {}
    paces: dict[str, float] = {}
    notes: list[str] = []
    if core is not None:
        for i, week in enumerate(w for w in core.weeks if w.days):
            target = week.target_m if week.target_m == week.target_m else None
            structure[i] = (week.phase.value, week.kind.value, target, list(week.notes))
        paces = {k: float(v) for k, v in core.paces.items()}
        notes = list(core.notes)
    sessions: dict[int, list[PlannedSession]] = defaultdict(list)
    for s in stored.sessions:
        at = week_of(s.day)
        if at is not None:
            sessions[at].append(s)
    done_m: dict[int, float] = defaultdict(float)
    done_s: dict[int, float] = defaultdict(float)
    done_run: dict[int, float] = defaultdict(float)
    for row in store.activities.daily_totals(
        stored.athlete_id, start=spans[0][0], end=spans[-1][1]
    ):
        at = week_of(row.day)
        if at is None:
            continue
        done_m[at] += row.distance_m
        done_s[at] += row.moving_s
        if row.sport.is_run:
            done_run[at] += row.distance_m
    weeks = []
    for i, (first, _) in enumerate(spans):
        phase, kind, target, week_notes = structure.get(i, (None, None, None, []))
        items = sessions.get(i, [])
        weeks.append(
            PlanWeek(
                index=i,
                start=first,
                phase=phase,
                kind=kind,
                target_m=target,
                sessions=items,
                planned_m=sum(s.planned_distance_m or 0.0 for s in items),
                planned_s=sum(s.planned_duration_s or 0.0 for s in items),
                done_m=done_m[i],
                done_s=done_s[i],
                done_run_m=done_run[i],
                notes=week_notes,
            )
        )
    return PlanView(
        plan=stored,
        units=units,
        today=today,
        phases=_phases(weeks),
        weeks=weeks,
        current_week=week_of(today),
        paces=paces,
        notes=notes,
        plans=[_brief(p) for p in store.plans.list(stored.athlete_id)],
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "session"


def _exporter(module: str, name: str) -> Any | None:
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def plan_ics(stored: StoredPlan, stamp: datetime) -> tuple[bytes, list[str]]:
    """The plan as a calendar; returns the bytes and the sessions left out (with why).

    A planner's plan goes through its own exporter (pace legend, reasons, doubles); any
    other plan gets one all-day event per session whose text the workout language reads.
    """
    core = core_plan(stored)
    calendar = _exporter("lydiard.exporters.plan_ics", "plan_calendar")
    if core is not None and calendar is not None:
        return calendar(core), []
    events, skipped = [], []
    for s in stored.sessions:
        try:
            workout = parse(s.workout or s.title or "")
        except LydiardError as exc:
            skipped.append(f"{s.day} {s.title or s.sport.label}: {exc}".splitlines()[0])
            continue
        events.append(ics_event(workout, s.day, stamp=stamp))
    return ics_calendar(events), skipped


def plan_fit_zip(stored: StoredPlan) -> tuple[bytes, list[str]]:
    """Every session's FIT workout in a zip (the race left out); and the sessions skipped.

    File names read ``2025-03-14-long-run.fit``; creation times are the plan's start, so
    the same plan gives the same files.
    """
    core = core_plan(stored)
    packer = _exporter("lydiard.exporters.plan_workouts", "plan_fit_zip")
    if core is not None and packer is not None:
        return packer(core), []
    created = datetime.combine(stored.start_date, time(0, 0), tzinfo=UTC)
    buffer = io.BytesIO()
    skipped = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for k, s in enumerate(stored.sessions):
            if s.sport is Sport.OTHER or (s.title or "").lower().startswith("race"):
                continue
            try:
                workout = parse(s.workout or s.title or "")
                files = encode_workout(workout, time_created=created)
            except LydiardError as exc:
                skipped.append(f"{s.day} {s.title or s.sport.label}: {exc}".splitlines()[0])
                continue
            stem = f"{s.day.isoformat()}-{k:03d}-{_slug(s.title or s.sport.label)}"
            for suffix, data in files:
                archive.writestr(f"{stem}{'-' + suffix if suffix else ''}.fit", data)
    return buffer.getvalue(), skipped
