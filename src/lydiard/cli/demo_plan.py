"""The demo's schedule and its look ahead, from a plan (the planning module).

* :func:`demo_plan`: a Walmsley-preset plan (:func:`lydiard.planning.athlete_preset`) to
  Western States, built from the first simulated day with the simulated athlete's VDOT,
  threshold heart rate and FTP;
* :func:`plan_outings`: what the simulated athlete runs: the plan, except one week at a
  training camp (the scripted block's overreaching week), off plan;
* :func:`adapt_to_store`: the plan adapted to the stored weeks (what was done, today's HRV
  verdict and burnout light), with every change and its reason;
* :func:`export_plan`: the adapted plan as an ICS calendar, a zip of FIT workouts and the
  plan JSON that ``lydiard plan`` reads from the data directory.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from lydiard.cli.history import History, assess
from lydiard.cli.plan_io import save_plan
from lydiard.exporters.fit_workout import encode_workout
from lydiard.exporters.ics import ics_calendar, ics_event
from lydiard.exporters.plan_ics import plan_calendar
from lydiard.exporters.plan_workouts import plan_fit_zip
from lydiard.physiology.readiness import Verdict
from lydiard.planning import (
    Adaptation,
    DoneRecord,
    Plan,
    Race,
    SessionKind,
    Status,
    adapt,
    athlete_preset,
    make_plan,
)
from lydiard.simulate.athlete import SimAthlete
from lydiard.simulate.block import NEXT_WEEK, BlockWeek, Outing, week_outings
from lydiard.units import DistanceUnit
from lydiard.workouts import Workout, parse
from lydiard.workouts.ast import When
from lydiard.workouts.render import short_name

if TYPE_CHECKING:
    from lydiard.store import Athlete, Store

__all__ = [
    "RACE",
    "ComingWeek",
    "adapt_to_store",
    "coming_week",
    "demo_plan",
    "export_plan",
    "plan_outings",
    "scripted_week",
]

#: The demo's goal race (a planning preset).
RACE = "Western States 100"
_WEEKS_AHEAD = 9


def demo_plan(sim: SimAthlete, first_day: date, today: date) -> Plan:
    """A Walmsley-preset plan to the race about nine weeks after ``today``, from ``first_day``.

    The race is on the Saturday nine weeks after ``today``'s week.
    """
    monday = today - timedelta(days=today.weekday())
    race_day = monday + timedelta(weeks=_WEEKS_AHEAD, days=5)
    athlete = dataclasses.replace(
        athlete_preset("walmsley"),
        races=(),
        vdot=sim.vdot,
        threshold_hr_bpm=round(sim.lthr_bpm),
        ftp_w=sim.bike_ftp_w,
        units=DistanceUnit.KM,
        name=f"{sim.name} (simulated)",
    )
    return make_plan(athlete, Race.from_preset(RACE, race_day), first_day)


def plan_outings(
    plan: Plan, until: date, camp: tuple[date, BlockWeek] | None = None
) -> list[Outing]:
    """The plan's sessions before ``until`` as outings, but one camp week off plan.

    Args:
        plan: the plan.
        until: the first day not simulated.
        camp: (Monday, week) of a training camp replacing the plan for seven days.
    """
    camp_days: set[date] = set()
    out: list[Outing] = []
    if camp is not None:
        monday, week = camp
        camp_days = {monday + timedelta(days=i) for i in range(7)}
        out.extend(week_outings(monday, week))
    for s in plan.sessions:
        if s.day >= until or s.day in camp_days or s.kind is SessionKind.RACE:
            continue
        climb = None
        if s.sport.is_run and s.distance_m > 0 and math.isfinite(s.distance_m):
            climb = s.climb_m / (s.distance_m / 1000.0)
        out.append(Outing(s.day, s.text, When(s.when.value), s.title, climb_per_km=climb))
    return sorted(out, key=lambda o: (o.day, o.when is When.PM))


@dataclass(frozen=True, slots=True)
class PlannedOuting:
    """One session of the coming week: day, "AM"/"PM"/"", title and workout text."""

    day: date
    when: str
    title: str
    text: str


@dataclass
class ComingWeek:
    """The week ahead, what adaptation changed, and the files written.

    Attributes:
        heading: one line saying what it is.
        sessions: the sessions, in order.
        notes: the adaptation's changes and their reasons.
        files: the exported files.
    """

    heading: str
    sessions: list[PlannedOuting]
    notes: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def _num(value: float | None) -> float:
    return math.nan if value is None else float(value)


def adapt_to_store(
    plan: Plan, store: Store, athlete: Athlete, history: History, today: date
) -> Adaptation:
    """The plan adapted to the last six weeks in the store and today's readiness."""
    records = store.activities.list(
        athlete_id=athlete.id, start=today - timedelta(days=42), end=today - timedelta(days=1)
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
        for r in records
    ]
    hrv, screen = assess(history, today)
    known = hrv if hrv is not None and hrv.verdict is not Verdict.NOT_ENOUGH_DATA else None
    return adapt(plan, done, today, Status.of(known, screen))


def coming_week(adaptation: Adaptation, today: date) -> ComingWeek:
    """The seven days from ``today`` of the adapted plan."""
    plan = adaptation.plan
    end = today + timedelta(days=7)
    week = plan.week_of(today)
    where = f"week {week.index + 1} of {len(plan.weeks)}, {week.phase.label}" if week else ""
    sessions = [
        PlannedOuting(s.day, s.when.value, s.title, s.text)
        for s in plan.sessions
        if today <= s.day < end
    ]
    grouped: dict[tuple[str, str], list[date]] = {}
    for c in adaptation.changes:
        if today <= c.day < end:
            grouped.setdefault((c.rule.value, c.reason), []).append(c.day)
    notes = [
        f"{rule} ({', '.join(f'{d:%a}' for d in sorted(set(days)))}): {reason}"
        for (rule, reason), days in grouped.items()
    ]
    heading = f"{plan.race.name} on {plan.race.day:%d %b %Y}, {where}"
    return ComingWeek(heading, sessions, notes)


def export_plan(adaptation: Adaptation, folder: Path, data_dir: Path) -> list[Path]:
    """Write the plan's calendar, FIT workouts (zip) and JSON; returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    plan = adaptation.plan
    calendar = folder / "plan.ics"
    calendar.write_bytes(plan_calendar(plan))
    workouts = folder / "plan-workouts.zip"
    workouts.write_bytes(plan_fit_zip(plan))
    current = data_dir / "plan.json"
    save_plan(plan, current)
    return [calendar, workouts, current]


def scripted_week(today: date, athlete: SimAthlete, folder: Path) -> ComingWeek:
    """The scripted block's next week from ``today``, exported as FIT workouts and ICS."""
    monday = today - timedelta(days=today.weekday())
    outings: list[Outing] = []
    for k in range(2):
        outings.extend(week_outings(monday + timedelta(weeks=k), NEXT_WEEK))
    end = today + timedelta(days=7)
    sessions = [
        PlannedOuting(o.day, o.when.value, o.title or short_name(parse(o.text)), o.text)
        for o in outings
        if today <= o.day < end
    ]
    week = ComingWeek("the scripted block's next week (not a plan)", sessions)
    folder.mkdir(parents=True, exist_ok=True)
    paces = athlete.pace_mapping()
    created = datetime.combine(today, time(0, 0), tzinfo=UTC)
    events = []
    for outing in sessions:
        workout = parse(outing.text)
        events.append(
            ics_event(
                Workout(workout.sessions, title=outing.title),
                outing.day,
                paces=paces,
                stamp=created,
            )
        )
        for suffix, data in encode_workout(workout, time_created=created, paces=paces):
            when = (outing.when or suffix).lower()
            stem = "-".join(p for p in (outing.day.isoformat(), when, _slug(outing.title)) if p)
            path = folder / f"{stem}.fit"
            path.write_bytes(data)
            week.files.append(path)
    calendar = folder / "coming-week.ics"
    calendar.write_bytes(ics_calendar(events))
    week.files.append(calendar)
    return week


def _slug(text: str) -> str:
    kept = "".join(c.lower() if c.isalnum() else "-" for c in text)
    return "-".join(part for part in kept.split("-") if part)[:40]
