"""The Squad page of a coach: every athlete's day at a glance, who is at risk first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lydiard.store import Athlete, Store
from lydiard.web.config import WebConfig
from lydiard.web.deps import local_day
from lydiard.web.views.today import today_view

__all__ = ["SquadRow", "squad_view"]

_ORDER = {"red": 0, "amber": 1, "green": 2}


@dataclass(frozen=True, slots=True)
class SquadRow:
    """One athlete's day.

    Attributes:
        athlete_id, name, units: who.
        today: the athlete's local date.
        light: the overreaching screen's light (green, amber, red).
        signals: its reasons.
        readiness: today's HRV verdict, or None without readings.
        fitness, fatigue, form: going into today.
        run_week_m: running distance of the last 7 days.
        week_s: training time of the last 7 days, all sports.
        planned_today: titles of today's planned sessions.
        last_activity: the date of the latest activity, or None.
    """

    athlete_id: int
    name: str
    units: str
    today: date
    light: str
    signals: list[str]
    readiness: str | None
    fitness: float
    fatigue: float
    form: float
    run_week_m: float
    week_s: float
    planned_today: list[str]
    last_activity: date | None


def squad_view(store: Store, athletes: list[Athlete], config: WebConfig) -> list[SquadRow]:
    """One row per athlete, red lights first, then amber, then by name."""
    rows = []
    for athlete in athletes:
        day = local_day(athlete, config)
        view = today_view(store, athlete, day)
        latest = [*view.done, *view.recent]
        rows.append(
            SquadRow(
                athlete_id=athlete.id,
                name=athlete.name,
                units=athlete.units,
                today=day,
                light=view.burnout.light.value,
                signals=[s.reason for s in view.burnout.signals],
                readiness=view.readiness.verdict.value if view.readiness else None,
                fitness=view.form.fitness,
                fatigue=view.form.fatigue,
                form=view.form.form,
                run_week_m=sum(w.distance_m for w in view.week if w.sport.is_run),
                week_s=sum(w.moving_s for w in view.week),
                planned_today=[p.title or p.sport.label for p in view.planned],
                last_activity=max((r.local_date for r in latest), default=None),
            )
        )
    rows.sort(key=lambda r: (_ORDER.get(r.light, 3), r.name.lower()))
    return rows
