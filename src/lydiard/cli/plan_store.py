"""What ``lydiard plan adapt --from-store`` reads from the store: activities and mornings.

Activities of the last 42 days become :class:`~lydiard.planning.done.DoneRecord` values
(date, sport, distance, moving time, load, ascent); the morning HRV journal gives today's
readiness (Plews rule) and, with the runs, the burnout screen (both from
:mod:`lydiard.physiology`). The planning core stays pure: it only sees the records.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import TYPE_CHECKING

from lydiard.physiology.burnout import assess_day
from lydiard.physiology.readiness import Readiness, Verdict, readiness
from lydiard.planning.adapt import Status
from lydiard.planning.done import DoneRecord
from lydiard.planning.plan import Plan
from lydiard.planning.serial import plan_to_dict

if TYPE_CHECKING:
    from lydiard.store import StoredPlan

__all__ = ["LOOKBACK_DAYS", "from_store", "save_to_store", "stored_plan"]

LOOKBACK_DAYS = 42


def _num(value: float | None) -> float:
    return math.nan if value is None else float(value)


def from_store(athlete_name: str | None, today: date) -> tuple[list[DoneRecord], Status]:
    """The done records of the last :data:`LOOKBACK_DAYS` days and today's status.

    Args:
        athlete_name: whose records (the settings' athlete when the CLI gives none).
        today: the first day the adaptation may change.
    """
    from lydiard.cli.store_access import open_cli_store, read_settings
    from lydiard.store import ActivityFilter

    settings = read_settings()
    first = today - timedelta(days=LOOKBACK_DAYS)
    with open_cli_store(settings) as store:
        person = store.athletes.ensure(athlete_name or settings.athlete)
        rows = store.activities.list(
            ActivityFilter(athlete_id=person.id, start=first, end=today - timedelta(days=1))
        )
        entries = store.wellness.list(
            person.id, metrics=("hrv_rmssd_ms",), start=today - timedelta(days=90), end=today
        )
    done = [
        DoneRecord(
            r.local_date,
            r.sport,
            distance_m=_num(r.distance_m),
            duration_s=_num(r.moving_s if r.moving_s is not None else r.timer_s),
            load=_num(r.load),
            climb_m=_num(r.ascent_m),
        )
        for r in rows
    ]
    mornings = {e.day: math.log(e.value) for e in entries if e.value > 0}
    hrv: Readiness | None = readiness(mornings, today) if mornings else None
    runs = [(r.day, r.run_m) for r in done if r.sport.is_run]
    screen = assess_day(today, mornings=mornings or None, runs=runs)
    known = hrv if hrv is not None and hrv.verdict is not Verdict.NOT_ENOUGH_DATA else None
    status = Status.of(known, screen)
    return done, status


def _opt(value: float) -> float | None:
    return value if math.isfinite(value) else None


def stored_plan(plan: Plan) -> StoredPlan:
    """The plan as the store keeps it: its JSON in ``spec``, one row per session."""
    from lydiard.store import PlannedSession, StoredPlan

    sessions = tuple(
        PlannedSession(
            day=s.day,
            sport=s.sport,
            title=f"{s.when.value} {s.title}".strip(),
            workout=s.text,
            planned_distance_m=_opt(s.distance_m),
            planned_duration_s=_opt(s.duration_s),
            planned_ascent_m=s.climb_m or None,
            planned_load=_opt(s.load),
            notes=s.reason or None,
        )
        for s in plan.sessions
    )
    return StoredPlan(
        name=f"{plan.race.name} {plan.race.day.year}",
        start_date=plan.start,
        end_date=plan.race.day,
        sessions=sessions,
        spec=plan_to_dict(plan),
        race_date=plan.race.day,
        goal=plan.race.name,
    )


def save_to_store(plan: Plan, athlete_name: str | None) -> tuple[int, bool]:
    """Save the plan as the athlete's active plan for its race; returns (id, replaced).

    An active plan with the same race and date is replaced (keeping its id), so saving an
    adapted plan again updates it.
    """
    from lydiard.cli.store_access import open_cli_store, read_settings

    settings = read_settings()
    record = stored_plan(plan)
    with open_cli_store(settings) as store:
        person = store.athletes.ensure(athlete_name or settings.athlete)
        for old in store.plans.list(person.id, status="active"):
            if old.race_date == record.race_date and old.goal == record.goal and old.id is not None:
                saved = store.plans.replace(old.id, record)
                return int(saved.id or old.id), True
        saved = store.plans.add(person.id, record)
        return int(saved.id or 0), False
