"""Volume per local day and sport, the one source of weekly volume and daily load.

Single-sport activities count under their sport with their stored summary. A multisport
activity (a triathlon) counts each leg in the leg's own sport, from its stored session
row: the device's distance and climb for the leg (unknown counts as 0 in a sum) and its
timer time (else its span) as moving time; each leg counts as one activity of its sport.
The activity's load (heart rate over the whole file is fine) is shared among its legs in
proportion to their time, so the day's total load is unchanged and each sport's share
follows the time spent in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session as OrmSession

from lydiard.model import Sport
from lydiard.store.records import DayTotals
from lydiard.store.rows import sport_of
from lydiard.store.schema import ActivityRow, SessionRow

__all__ = ["daily_totals"]


@dataclass(slots=True)
class _Sum:
    count: int = 0
    distance_m: float = 0.0
    moving_s: float = 0.0
    ascent_m: float = 0.0
    load: float | None = None

    def add(self, count: int, distance: float, moving: float, ascent: float) -> None:
        self.count += count
        self.distance_m += distance
        self.moving_s += moving
        self.ascent_m += ascent

    def add_load(self, load: float | None) -> None:
        if load is not None:
            self.load = load if self.load is None else self.load + load


def _dated(athlete_id: int, start: date | None, end: date | None) -> list[ColumnElement[bool]]:
    """The conditions: this athlete's activities, between the days given."""
    where = [ActivityRow.athlete_id == athlete_id]
    if start is not None:
        where.append(ActivityRow.local_date >= start)
    if end is not None:
        where.append(ActivityRow.local_date <= end)
    return where


def daily_totals(
    session: OrmSession, athlete_id: int, start: date | None = None, end: date | None = None
) -> list[DayTotals]:
    """Per local day and sport: count, distance, moving time, climb and load (see above)."""
    multi = Sport.MULTISPORT.value
    where = _dated(athlete_id, start, end)
    single = (
        select(
            ActivityRow.local_date,
            ActivityRow.sport,
            func.count(),
            func.coalesce(func.sum(ActivityRow.distance_m), 0.0),
            func.coalesce(func.sum(ActivityRow.moving_s), 0.0),
            func.coalesce(func.sum(ActivityRow.ascent_m), 0.0),
            func.sum(ActivityRow.load),
        )
        .where(*where, ActivityRow.sport != multi)
        .group_by(ActivityRow.local_date, ActivityRow.sport)
    )
    sums: dict[tuple[date, Sport], _Sum] = {}
    for day, sport, count, distance, moving, ascent, load in session.execute(single):
        total = sums.setdefault((day, sport_of(sport)), _Sum())
        total.add(int(count), float(distance or 0.0), float(moving or 0.0), float(ascent or 0.0))
        total.add_load(None if load is None else float(load))
    legs = (
        select(
            ActivityRow.id,
            ActivityRow.local_date,
            ActivityRow.load,
            ActivityRow.distance_m,
            ActivityRow.moving_s,
            ActivityRow.ascent_m,
            SessionRow.sport,
            SessionRow.distance_m,
            SessionRow.timer_s,
            SessionRow.end_s - SessionRow.start_s,
            SessionRow.ascent_m,
        )
        .outerjoin(SessionRow, SessionRow.activity_id == ActivityRow.id)
        .where(*where, ActivityRow.sport == multi)
        .order_by(ActivityRow.id, SessionRow.position)
    )
    by_activity: dict[int, list[tuple]] = {}  # type: ignore[type-arg]
    for row in session.execute(legs):
        by_activity.setdefault(row[0], []).append(tuple(row))
    for rows in by_activity.values():
        _add_legs(sums, rows)
    return [
        DayTotals(day, sport, s.count, s.distance_m, s.moving_s, s.ascent_m, s.load)
        for (day, sport), s in sorted(sums.items(), key=lambda kv: (kv[0][0], kv[0][1].value))
    ]


def _add_legs(sums: dict[tuple[date, Sport], _Sum], rows: list[tuple]) -> None:  # type: ignore[type-arg]
    """Add one multisport activity's legs (rows of the join, one per session)."""
    _, day, load, distance, moving, ascent = rows[0][:6]
    if rows[0][6] is None:  # no stored sessions: count it whole, as multisport
        total = sums.setdefault((day, Sport.MULTISPORT), _Sum())
        total.add(1, float(distance or 0.0), float(moving or 0.0), float(ascent or 0.0))
        total.add_load(load)
        return
    # A leg's time: its timer time, else its span (end - start).
    times = [float(row[8] if row[8] is not None else row[9] or 0.0) for row in rows]
    whole = sum(times)
    for row, time in zip(rows, times, strict=True):
        leg_sport, leg_distance, leg_ascent = row[6], row[7], row[10]
        total = sums.setdefault((day, sport_of(leg_sport)), _Sum())
        total.add(1, float(leg_distance or 0.0), time, float(leg_ascent or 0.0))
        if load is not None:
            total.add_load(load * time / whole if whole > 0 else load / len(rows))
