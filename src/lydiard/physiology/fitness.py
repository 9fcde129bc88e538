"""Daily loads, fitness, fatigue and form (the performance-management model), ramp rate.

Fitness (CTL) and fatigue (ATL) are exponentially weighted averages of daily load::

    CTL_d = CTL_{d-1} + k (load_d - CTL_{d-1}),   N = 42 days for fitness, 7 for fatigue

with three published conventions for k (:class:`Smoothing`): ``1/N`` (TrainingPeaks;
default), ``1 - exp(-1/N)`` (GoldenCheetah, intervals.icu), ``2/(N+1)`` (Runalyze). A
single load of 1000 on day 0 gives CTL/ATL = 23.81/142.86, 23.53/133.12, 46.51/250.00.

Form (TSB) is "going into the day": ``TSB_d = CTL_{d-1} - ATL_{d-1}`` (TrainingPeaks,
GoldenCheetah), so today's session does not change today's form. Ramp rate is the change
of fitness over 7 days; Friel's guidance: 5-8 points a week is typical, 10 the upper end.

A day belongs to the athlete's local calendar date; a day without a session has load 0
(rest is a real zero, not missing data).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any, assert_never

import numpy as np

from lydiard.errors import InputError
from lydiard.model import Sport
from lydiard.model.samples import FloatArray
from lydiard.physiology.session import SessionLoad

__all__ = [
    "DailyLoads",
    "FitnessSeries",
    "Smoothing",
    "SportVolume",
    "daily_loads",
    "ewma",
    "fitness_fatigue",
    "ramp_rate",
    "smoothing_factor",
]

FITNESS_DAYS = 42
FATIGUE_DAYS = 7


class Smoothing(StrEnum):
    """The weight k given to today's load in fitness and fatigue."""

    RECIPROCAL = "1/N"  # TrainingPeaks (default)
    EXPONENTIAL = "1-exp(-1/N)"  # GoldenCheetah, intervals.icu
    EMA = "2/(N+1)"  # Runalyze; the usual EMA span convention


def smoothing_factor(days: float, smoothing: Smoothing | str = Smoothing.RECIPROCAL) -> float:
    """The weight k of today's value for a time constant of ``days``.

    Raises:
        InputError: for a time constant below one day.
    """
    if not (math.isfinite(days) and days >= 1):
        raise InputError(f"a time constant must be at least 1 day, got {days!r}")
    smoothing = Smoothing(smoothing)
    if smoothing is Smoothing.RECIPROCAL:
        return 1.0 / days
    if smoothing is Smoothing.EXPONENTIAL:
        return 1.0 - math.exp(-1.0 / days)
    if smoothing is Smoothing.EMA:
        return 2.0 / (days + 1.0)
    assert_never(smoothing)


def ewma(values: Any, k: float, initial: float = 0.0) -> FloatArray:
    """Exponentially weighted average ``y_d = y_{d-1} + k (x_d - y_{d-1})``, vectorised.

    Within blocks short enough that ``(1-k)^-B`` cannot overflow, the recurrence has the
    closed form ``y_{s+t} = a^t (y_s + k sum_{j<=t} a^-j x_{s+j})`` with a = 1 - k, a
    cumulative sum; every partial sum is scaled back by ``a^t`` so rounding stays at
    machine precision.

    Args:
        values: the series (NaN is not allowed; use 0 for a rest day).
        k: weight of the new value, 0 < k <= 1.
        initial: the value before the first day.
    """
    x = np.asarray(values, dtype=np.float64)
    if x.ndim != 1:
        raise InputError("ewma needs a one-dimensional series")
    if not (0 < k <= 1):
        raise InputError(f"smoothing weight k must be in (0, 1], got {k!r}")
    if not np.isfinite(x).all():
        raise InputError("loads must be finite numbers (a rest day is 0, not missing)")
    out = np.empty_like(x)
    a = 1.0 - k
    if a == 0.0:
        out[:] = x
        return out
    block = max(1, min(x.size, int(600.0 / -math.log(a))))  # a^-block < e^600
    powers = a ** -np.arange(1, block + 1, dtype=np.float64)
    scale = a ** np.arange(1, block + 1, dtype=np.float64)
    prev = float(initial)
    for start in range(0, x.size, block):
        chunk = x[start : start + block]
        n = chunk.size
        acc = prev + k * np.cumsum(chunk * powers[:n])
        out[start : start + n] = scale[:n] * acc
        prev = float(out[start + n - 1])
    return out


@dataclass(frozen=True, slots=True)
class SportVolume:
    """Daily volume of one sport, aligned with :attr:`DailyLoads.load`.

    Attributes:
        load: load per day (NaN loads counted as 0).
        duration_s: moving time per day, seconds.
        distance_m: distance per day, metres.
        sessions: number of sessions per day.
    """

    load: FloatArray
    duration_s: FloatArray
    distance_m: FloatArray
    sessions: FloatArray


@dataclass(frozen=True, slots=True)
class DailyLoads:
    """Loads per local calendar day, from ``first_day`` for ``len(load)`` days.

    Attributes:
        first_day: date of index 0.
        load: total load per day (0 on rest days).
        by_sport: volume per sport, same length.
        unscored_sessions: sessions whose load could not be computed (counted as 0).
    """

    first_day: date
    load: FloatArray
    by_sport: dict[Sport, SportVolume] = field(default_factory=dict)
    unscored_sessions: int = 0

    @property
    def days(self) -> list[date]:
        """The calendar dates, one per value."""
        return [self.first_day + timedelta(days=i) for i in range(self.load.size)]

    def index(self, day: date) -> int:
        """Index of a date in the series.

        Raises:
            InputError: when the date is outside the series.
        """
        i = (day - self.first_day).days
        if not 0 <= i < self.load.size:
            raise InputError(f"{day.isoformat()} is outside the series of daily loads")
        return i


def daily_loads(
    sessions: Iterable[SessionLoad | tuple[date, float] | tuple[date, float, Sport]],
    *,
    first_day: date | None = None,
    last_day: date | None = None,
) -> DailyLoads:
    """Sum session loads by the athlete's local date, with volume per sport.

    Args:
        sessions: :class:`SessionLoad` values, or (day, load) / (day, load, sport) tuples.
        first_day: the first day of the series; the earliest session's when None.
        last_day: the last day (inclusive); the latest session's when None.

    Raises:
        InputError: with no sessions and no span, or a span that ends before it starts.
    """
    rows: list[tuple[date, float, Sport, float, float, int]] = []
    for s in sessions:
        if isinstance(s, SessionLoad):
            rows.append((s.day, s.load, s.sport, s.duration_s, s.distance_m, s.count))
        else:
            sport = s[2] if len(s) > 2 else Sport.OTHER
            rows.append((s[0], float(s[1]), sport, math.nan, math.nan, 1))
    if first_day is None or last_day is None:
        if not rows:
            raise InputError("no sessions: give first_day and last_day for an empty series")
        first_day = first_day or min(r[0] for r in rows)
        last_day = last_day or max(r[0] for r in rows)
    if last_day < first_day:
        raise InputError(f"last day {last_day} is before first day {first_day}")
    n = (last_day - first_day).days + 1
    total = np.zeros(n)
    by_sport: dict[Sport, SportVolume] = {}
    unscored = 0
    for day, load, sport, duration, distance, count in rows:
        i = (day - first_day).days
        if not 0 <= i < n:
            continue
        vol = by_sport.get(sport)
        if vol is None:
            vol = SportVolume(np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n))
            by_sport[sport] = vol
        if math.isfinite(load):
            total[i] += load
            vol.load[i] += load
        else:
            unscored += 1
        vol.duration_s[i] += duration if math.isfinite(duration) else 0.0
        vol.distance_m[i] += distance if math.isfinite(distance) else 0.0
        vol.sessions[i] += count
    for vol in by_sport.values():
        for array in (vol.load, vol.duration_s, vol.distance_m, vol.sessions):
            array.flags.writeable = False
    total.flags.writeable = False
    return DailyLoads(first_day, total, by_sport, unscored)


@dataclass(frozen=True, slots=True)
class FitnessSeries:
    """Fitness, fatigue and form per day.

    Attributes:
        fitness: CTL at the end of each day.
        fatigue: ATL at the end of each day.
        form: TSB going into each day (yesterday's fitness minus yesterday's fatigue).
        ramp: fitness change over the last 7 days (CTL_d - CTL_{d-7}).
        smoothing: the convention used.
        fitness_days, fatigue_days: the time constants.
    """

    fitness: FloatArray
    fatigue: FloatArray
    form: FloatArray
    ramp: FloatArray
    smoothing: Smoothing
    fitness_days: float
    fatigue_days: float


def ramp_rate(fitness: Any, *, days: int = 7, initial: float = 0.0) -> FloatArray:
    """Change of fitness over ``days`` days: ``CTL_d - CTL_{d-days}`` (before day 0: initial)."""
    ctl = np.asarray(fitness, dtype=np.float64)
    before = np.concatenate((np.full(days, initial), ctl[:-days] if ctl.size > days else []))
    return np.asarray(ctl - before[: ctl.size], dtype=np.float64)


def fitness_fatigue(
    loads: Any,
    *,
    fitness_days: float = FITNESS_DAYS,
    fatigue_days: float = FATIGUE_DAYS,
    smoothing: Smoothing | str = Smoothing.RECIPROCAL,
    initial_fitness: float = 0.0,
    initial_fatigue: float = 0.0,
) -> FitnessSeries:
    """Fitness (CTL), fatigue (ATL), form (TSB going into the day) and ramp rate.

    Args:
        loads: daily loads (0 on rest days), e.g. ``daily_loads(...).load``.
        fitness_days: time constant N of fitness (42).
        fatigue_days: time constant N of fatigue (7).
        smoothing: the convention for k (:class:`Smoothing`; 1/N by default).
        initial_fitness: fitness before the first day.
        initial_fatigue: fatigue before the first day.
    """
    smoothing = Smoothing(smoothing)
    ctl = ewma(loads, smoothing_factor(fitness_days, smoothing), initial_fitness)
    atl = ewma(loads, smoothing_factor(fatigue_days, smoothing), initial_fatigue)
    form = np.empty_like(ctl)
    if form.size:
        form[0] = initial_fitness - initial_fatigue
        form[1:] = ctl[:-1] - atl[:-1]
    for array in (ctl, atl, form):
        array.flags.writeable = False
    ramp = ramp_rate(ctl, initial=initial_fitness)
    ramp.flags.writeable = False
    return FitnessSeries(ctl, atl, form, ramp, smoothing, fitness_days, fatigue_days)
