"""An athlete's training history as daily arrays: load and volume per sport.

Built from the store's per-day totals (one SQL aggregate, no samples). Day ``i`` is
``first_day + i``; a day without activities is a real 0.

Fitness and fatigue are exponentially weighted averages, so a page that shows a window
only needs the training of :data:`WARMUP_DAYS` before it: a load that old weighs
``(1 - 1/42)^730 = 2e-8`` of itself in fitness (TrainingPeaks' 1/N; the other smoothing
conventions forget faster), far below the displayed precision. Pages ask for
:func:`warmup_start` instead of the whole history, which keeps a ten-year log as fast as
a two-year one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from lydiard.model import FloatArray, Sport
from lydiard.store import Store

__all__ = ["WARMUP_DAYS", "History", "SportDays", "load_history", "warmup_start", "week_start"]

#: Days of training read before the first day a page shows (see the module docstring).
WARMUP_DAYS = 730


def warmup_start(first_shown: date) -> date:
    """The first day of training to read for a page showing days from ``first_shown``."""
    return first_shown - timedelta(days=WARMUP_DAYS)


def week_start(day: date) -> date:
    """The Monday of a day's week."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True, slots=True)
class SportDays:
    """One sport's volume per day.

    Attributes:
        distance_m: metres per day.
        moving_s: moving seconds per day.
        ascent_m: climb per day, metres.
        count: activities per day.
    """

    distance_m: FloatArray
    moving_s: FloatArray
    ascent_m: FloatArray
    count: FloatArray


@dataclass(frozen=True, slots=True)
class History:
    """Daily load and volume from ``first_day`` to ``last_day`` inclusive.

    Attributes:
        first_day: the first day (the first activity's, or ``last_day`` without any).
        last_day: the last day.
        load: load per day (activities without a load count 0).
        unscored: activities per day without a load.
        by_sport: volume per sport.
    """

    first_day: date
    last_day: date
    load: FloatArray
    unscored: FloatArray
    by_sport: dict[Sport, SportDays] = field(default_factory=dict)

    @property
    def size(self) -> int:
        """Number of days."""
        return int(self.load.size)

    def index(self, day: date) -> int:
        """Index of a day (may fall outside the arrays)."""
        return (day - self.first_day).days

    def days(self, start: int = 0, stop: int | None = None) -> list[date]:
        """The dates of a slice of the arrays."""
        stop = self.size if stop is None else stop
        return [self.first_day + timedelta(days=i) for i in range(start, stop)]


def load_history(
    store: Store, athlete_id: int, last_day: date, *, first_day: date | None = None
) -> History:
    """Daily load and volume per sport up to ``last_day``.

    From ``first_day``, or the first activity when that is later (or ``first_day`` is None).
    """
    totals = store.activities.daily_totals(athlete_id, start=first_day, end=last_day)
    start = min(t.day for t in totals) if totals else (first_day or last_day)
    start = min(start, last_day)
    n = (last_day - start).days + 1
    load = np.zeros(n)
    unscored = np.zeros(n)
    by_sport: dict[Sport, SportDays] = {}
    if not totals:
        return History(start, last_day, load, unscored, by_sport)
    index = np.array([(row.day - start).days for row in totals], dtype=np.intp)
    inside = (index >= 0) & (index < n)
    counts = np.array([row.count for row in totals], dtype=float)
    loads = np.array([math.nan if row.load is None else row.load for row in totals])
    sports = [row.sport for row in totals]
    scored = inside & np.isfinite(loads)
    np.add.at(load, index[scored], loads[scored])
    np.add.at(unscored, index[inside & ~scored], counts[inside & ~scored])
    columns = {
        "distance_m": np.array([row.distance_m for row in totals]),
        "moving_s": np.array([row.moving_s for row in totals]),
        "ascent_m": np.array([row.ascent_m for row in totals]),
        "count": counts,
    }
    for sport in dict.fromkeys(s for s, ok in zip(sports, inside.tolist(), strict=True) if ok):
        rows = inside & np.array([s is sport for s in sports])
        at = index[rows]
        arrays = {}
        for name, values in columns.items():
            daily = np.zeros(n)
            np.add.at(daily, at, values[rows])
            arrays[name] = daily
        by_sport[sport] = SportDays(**arrays)
    return History(start, last_day, load, unscored, by_sport)
