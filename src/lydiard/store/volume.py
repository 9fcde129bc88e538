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

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session as OrmSession

from lydiard.model import Sport
from lydiard.store.records import DayTotals
from lydiard.store.rows import sport_of
from lydiard.store.schema import ActivityRow, SessionRow

__all__ = ["daily_totals"]


#: A group's running totals: [count, distance_m, moving_s, ascent_m, load or None].
_Totals = list[Any]


def _add(
    sums: dict[tuple[date, Sport], _Totals],
    key: tuple[date, Sport],
    distance: float,
    moving: float,
    ascent: float,
    load: float | None,
) -> None:
    """Count one more activity (or leg) in a group; an unknown load leaves the sum alone."""
    total = sums.get(key)
    if total is None:
        sums[key] = [1, distance, moving, ascent, load]
        return
    total[0] += 1
    total[1] += distance
    total[2] += moving
    total[3] += ascent
    if load is not None:
        total[4] = load if total[4] is None else total[4] + load


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
    # One row per activity in index order (athlete, day), summed here: SQLite's GROUP BY
    # on (day, sport) sorts through a temporary B-tree and took twice as long, for about
    # as many groups as activities.
    single = select(
        ActivityRow.local_date,
        ActivityRow.sport,
        ActivityRow.distance_m,
        ActivityRow.moving_s,
        ActivityRow.ascent_m,
        ActivityRow.load,
    ).where(*where, ActivityRow.sport != multi)
    sums: dict[tuple[date, Sport], _Totals] = {}
    for day, sport, distance, moving, ascent, load in session.execute(single):
        _add(
            sums,
            (day, sport_of(sport)),
            float(distance or 0.0),
            float(moving or 0.0),
            float(ascent or 0.0),
            None if load is None else float(load),
        )
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
    order = {sport: sport.value for sport in Sport}
    return [
        DayTotals(day, sport, *values)
        for (day, sport), values in sorted(sums.items(), key=lambda kv: (kv[0][0], order[kv[0][1]]))
    ]


def _add_legs(sums: dict[tuple[date, Sport], _Totals], rows: list[tuple]) -> None:  # type: ignore[type-arg]
    """Add one multisport activity's legs (rows of the join, one per session)."""
    _, day, load, distance, moving, ascent = rows[0][:6]
    if rows[0][6] is None:  # no stored sessions: count it whole, as multisport
        _add(
            sums,
            (day, Sport.MULTISPORT),
            float(distance or 0.0),
            float(moving or 0.0),
            float(ascent or 0.0),
            None if load is None else float(load),
        )
        return
    # A leg's time: its timer time, else its span (end - start).
    times = [float(row[8] if row[8] is not None else row[9] or 0.0) for row in rows]
    whole = sum(times)
    for row, time in zip(rows, times, strict=True):
        leg_sport, leg_distance, leg_ascent = row[6], row[7], row[10]
        share = None
        if load is not None:
            share = float(load) * time / whole if whole > 0 else float(load) / len(rows)
        _add(
            sums,
            (day, sport_of(leg_sport)),
            float(leg_distance or 0.0),
            time,
            float(leg_ascent or 0.0),
            share,
        )
