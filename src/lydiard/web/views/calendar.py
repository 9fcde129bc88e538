"""The Calendar page: weeks of the plan against what was done, with volume per sport.

A planned session counts as done when the plan links it to an activity, or else when an
activity of the same kind of sport (running, cycling...) was done that day.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from lydiard.model import Sport
from lydiard.store import ActivityRecord, PlannedSession, Store
from lydiard.web.views.history import week_start

__all__ = ["CalendarDay", "CalendarView", "CalendarWeek", "PlannedItem", "calendar_view"]

MAX_WEEKS = 26


def _family(sport: Sport) -> str:
    """Sports that can stand in for each other in a plan (a trail run for a run)."""
    if sport.is_run:
        return "run"
    if sport in (Sport.WALK, Sport.HIKE):
        return "walk"
    if sport in (Sport.NORDIC_SKI, Sport.SKI_ERG):
        return "ski"
    return sport.value


@dataclass(frozen=True, slots=True)
class PlannedItem:
    """A planned session and what became of it.

    Attributes:
        session: the planned session.
        done_by: the activity that fulfilled it, or None.
        status: "done", "missed" (a past day), "today" or "planned".
    """

    session: PlannedSession
    done_by: ActivityRecord | None
    status: str


@dataclass(frozen=True, slots=True)
class CalendarDay:
    """One day: its planned sessions and its activities.

    Attributes:
        day: the date.
        planned: planned sessions with their status.
        done: activities of the day.
        unplanned: ids of activities no planned session claims.
    """

    day: date
    planned: list[PlannedItem]
    done: list[ActivityRecord]
    unplanned: list[int]


@dataclass(frozen=True, slots=True)
class CalendarWeek:
    """A week from Monday, with planned and done volume per sport.

    Attributes:
        start: the Monday.
        days: seven days.
        planned_m, done_m: distance per sport, metres.
        planned_s, done_s: duration per sport, seconds.
        done_ascent_m: climb done.
    """

    start: date
    days: list[CalendarDay]
    planned_m: dict[Sport, float] = field(default_factory=dict)
    done_m: dict[Sport, float] = field(default_factory=dict)
    planned_s: dict[Sport, float] = field(default_factory=dict)
    done_s: dict[Sport, float] = field(default_factory=dict)
    done_ascent_m: float = 0.0


@dataclass(frozen=True, slots=True)
class CalendarView:
    """Weeks of the calendar.

    Attributes:
        athlete_id: whose.
        units: "km" or "mi".
        today: the athlete's local date.
        start: the first Monday shown.
        weeks: the weeks.
    """

    athlete_id: int
    units: str
    today: date
    start: date
    weeks: list[CalendarWeek]


def _match(
    planned: list[PlannedSession], done: list[ActivityRecord], day: date, today: date
) -> tuple[list[PlannedItem], list[int]]:
    claimed: set[int] = {p.activity_id for p in planned if p.activity_id is not None}
    by_id = {r.id: r for r in done}
    items = []
    for session in planned:
        done_by = by_id.get(session.activity_id) if session.activity_id is not None else None
        if done_by is None:
            family = _family(session.sport)
            for record in done:
                if record.id not in claimed and _family(record.sport) == family:
                    done_by = record
                    claimed.add(record.id)
                    break
        if done_by is not None:
            status = "done"
        elif day < today:
            status = "missed"
        else:
            status = "today" if day == today else "planned"
        items.append(PlannedItem(session, done_by, status))
    return items, [r.id for r in done if r.id not in claimed]


def _add(totals: dict[Sport, float], sport: Sport, value: float | None) -> None:
    if value is not None:
        totals[sport] = totals.get(sport, 0.0) + value


def calendar_view(
    store: Store, athlete_id: int, units: str, today: date, start: date, weeks: int
) -> CalendarView:
    """Weeks from the Monday of ``start`` (at most :data:`MAX_WEEKS`)."""
    weeks = max(1, min(weeks, MAX_WEEKS))
    first = week_start(start)
    last = first + timedelta(days=7 * weeks - 1)
    activities: dict[date, list[ActivityRecord]] = defaultdict(list)
    for record in store.activities.list(
        athlete_id=athlete_id, start=first, end=last, newest_first=False
    ):
        activities[record.local_date].append(record)
    planned: dict[date, list[PlannedSession]] = defaultdict(list)
    for session in store.plans.sessions_between(athlete_id, first, last):
        planned[session.day].append(session)
    out = []
    for w in range(weeks):
        monday = first + timedelta(days=7 * w)
        week = CalendarWeek(start=monday, days=[])
        for d in range(7):
            day = monday + timedelta(days=d)
            items, unplanned = _match(planned[day], activities[day], day, today)
            week.days.append(CalendarDay(day, items, activities[day], unplanned))
            for session in planned[day]:
                _add(week.planned_m, session.sport, session.planned_distance_m)
                _add(week.planned_s, session.sport, session.planned_duration_s)
            for record in activities[day]:
                _add(week.done_m, record.sport, record.distance_m)
                _add(week.done_s, record.sport, record.moving_s or record.elapsed_s)
        ascent = sum(r.ascent_m or 0.0 for d in week.days for r in d.done)
        out.append(
            CalendarWeek(
                week.start,
                week.days,
                week.planned_m,
                week.done_m,
                week.planned_s,
                week.done_s,
                ascent,
            )
        )
    return CalendarView(athlete_id, units, today, first, out)
