"""The demo's look ahead: the coming week of training, on a watch and in a calendar.

When the planning module is in this build, the coming week comes from a plan to a goal
race, adapted to what the stored weeks say (see :func:`coming_week`); without it, the
week is the scripted block's next week, and says so. Either way its sessions are exported
as FIT workouts (one file per session, for a watch) and one ICS calendar.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from lydiard.exporters.fit_workout import encode_workout
from lydiard.exporters.ics import ics_calendar, ics_event
from lydiard.simulate.athlete import SimAthlete
from lydiard.simulate.block import NEXT_WEEK, Outing, week_outings
from lydiard.workouts import Workout, parse
from lydiard.workouts.render import short_name

__all__ = ["ComingWeek", "PlannedOuting", "coming_week", "export_week", "planning_available"]


@dataclass(frozen=True, slots=True)
class PlannedOuting:
    """One session of the coming week.

    Attributes:
        day: the date.
        when: "AM", "PM" or "".
        title: what it is ("Fast long run").
        text: the session in the workout language.
    """

    day: date
    when: str
    title: str
    text: str


@dataclass
class ComingWeek:
    """The week ahead and where it came from.

    Attributes:
        source: "plan" or "scripted".
        heading: one line saying what it is.
        sessions: the sessions, in order.
        notes: what the adaptation changed and why, or why there is no plan.
        calendar: the ICS file written.
        workouts: the FIT workout files written.
    """

    source: str
    heading: str
    sessions: list[PlannedOuting]
    notes: list[str] = field(default_factory=list)
    calendar: Path | None = None
    workouts: list[Path] = field(default_factory=list)


def planning_available() -> bool:
    """Whether this build has the planning module's planner."""
    return importlib.util.find_spec("lydiard.planning.planner") is not None


def _scripted(today: date) -> ComingWeek:
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
    return ComingWeek(
        source="scripted",
        heading="the scripted block's next week (no planner in this build)",
        sessions=sessions,
        notes=["planning lands from its own branch; then this week comes from a plan"],
    )


def coming_week(today: date, athlete: SimAthlete) -> ComingWeek:
    """The seven days from ``today``: from a plan when planning is available."""
    del athlete  # the plan is built from the athlete once planning is in this build
    return _scripted(today)


def export_week(week: ComingWeek, folder: Path, athlete: SimAthlete, today: date) -> None:
    """Write the week's sessions as FIT workouts and one ICS calendar into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paces = athlete.pace_mapping()
    created = datetime.combine(today, time(0, 0), tzinfo=UTC)
    events = []
    for outing in week.sessions:
        workout = parse(outing.text)
        named = Workout(workout.sessions, title=outing.title)
        events.append(ics_event(named, outing.day, paces=paces, stamp=created))
        for suffix, data in encode_workout(workout, time_created=created, paces=paces):
            when = (outing.when or suffix or "").lower()
            stem = "-".join(p for p in (outing.day.isoformat(), when, _slug(outing.title)) if p)
            path = folder / f"{stem}.fit"
            path.write_bytes(data)
            week.workouts.append(path)
    week.calendar = folder / "coming-week.ics"
    week.calendar.write_bytes(ics_calendar(events))


def _slug(text: str) -> str:
    kept = "".join(c.lower() if c.isalnum() else "-" for c in text)
    return "-".join(part for part in kept.split("-") if part)[:40]
