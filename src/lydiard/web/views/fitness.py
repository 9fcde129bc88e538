"""The Fitness page: fitness, fatigue and form, weekly volume, the HRV band, the guards.

Guards: the run spike guard, the ramp rate, the acute:chronic ratio, monotony and strain.

Windows longer than :data:`DAILY_LIMIT_DAYS` are drawn with one point a week (the chart
cannot show 3,650 daily bars anyway, and a ten-year page was 700 kB): each point is the
last day of a 7-day step ending today, with that day's fitness, fatigue, form, ramp,
ACWR and monotony (they are already smoothed), and the mean daily load of its 7 days, so
the load axis keeps its "per day" meaning. Everything is computed on daily values first;
only what is sent is thinned. ``step_days`` says which (1 or 7).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from lydiard.model import FloatArray, Sport
from lydiard.physiology import fitness_fatigue
from lydiard.physiology.readiness import readiness_series
from lydiard.physiology.risk import (
    SpikeLevel,
    acute_chronic_ratio,
    monotony,
    run_spikes,
    strain,
    weekly_ramp,
)
from lydiard.store import Athlete, Store
from lydiard.web.encoding import Series
from lydiard.web.views.history import History, load_history, warmup_start, week_start

__all__ = [
    "DAILY_LIMIT_DAYS",
    "WINDOWS",
    "FitnessView",
    "GuardsToday",
    "HrvBand",
    "SpikeRow",
    "WeekVolume",
    "chart_data",
    "fitness_view",
    "hrv_mornings",
]

#: Chart windows offered, in days (0: the whole history).
WINDOWS = (90, 180, 365, 730, 0)
#: Longest window sent with one point a day; longer ones get one point a week.
DAILY_LIMIT_DAYS = 730
#: Days per point of a thinned series.
WEEK = 7
#: Run spikes are listed for at most this many days (the newest matter).
SPIKE_DAYS = 365
#: The HRV band covers at most this many days: a readiness verdict per day is the
#: costliest part of the page, and the band's use is the recent months.
HRV_DAYS = 182
HRV_METRIC = "hrv_rmssd_ms"


@dataclass(frozen=True, slots=True)
class WeekVolume:
    """One week's volume of one sport.

    Attributes:
        week: the Monday.
        sport: the sport.
        distance_m, moving_s, ascent_m: totals of the week.
        count: activities.
    """

    week: date
    sport: Sport
    distance_m: float
    moving_s: float
    ascent_m: float
    count: int


@dataclass(frozen=True, slots=True)
class HrvBand:
    """Morning HRV against the Plews band, per day of the window.

    Attributes:
        days: the dates.
        ln_rmssd: that morning's ln rMSSD (NaN without a reading).
        week_mean: the 7-day mean of ln rMSSD.
        band_low, band_high: the smallest-worthwhile-change band.
        verdict: the day's readiness verdict.
    """

    days: list[date]
    ln_rmssd: Series
    week_mean: Series
    band_low: Series
    band_high: Series
    verdict: list[str]


@dataclass(frozen=True, slots=True)
class SpikeRow:
    """A run much longer than the longest of the 30 days before (Frandsen et al. 2025).

    Attributes:
        day: the run's date.
        distance_m: its distance.
        reference_m: the longest run of the 30 days before.
        increase: fraction longer (0.4 = 40 %).
        level: small, moderate or large.
    """

    day: date
    distance_m: float
    reference_m: float
    increase: float
    level: str


@dataclass(frozen=True, slots=True)
class GuardsToday:
    """Today's guard values (NaN where not enough history).

    Attributes:
        ramp: fitness change over 7 days (Friel: 5-8 typical, 10 the upper end).
        weekly_ramp_pct: last 7 days' load against the 7 before, %.
        acwr: acute:chronic load ratio (EWMA 7/28), as context.
        monotony: Foster's 7-day monotony (above 2.0 is high).
        strain: Foster's 7-day strain.
    """

    ramp: float
    weekly_ramp_pct: float
    acwr: float
    monotony: float
    strain: float


@dataclass(frozen=True, slots=True)
class FitnessView:
    """Everything the Fitness page draws.

    Attributes:
        athlete_id: whose.
        units: "km" or "mi".
        today: the athlete's local today (the last day of the series).
        window_days: the window shown (0: all).
        step_days: days per point of the series: 1, or 7 for windows over two years.
        days: the dates of the points (the window's days, or every 7th ending today).
        load: load per day (with 7-day steps: the mean daily load of the 7 days ending
            on the point's day).
        fitness, fatigue, form, ramp, acwr, monotony: on each point's day.
        weeks: volume per week and sport in the window.
        hrv: the HRV band, or None without HRV readings.
        spikes: spike-guard flags of the window's last year at most (newest first).
        guards: today's guard values.
        unscored: activities in the whole history without a load.
    """

    athlete_id: int
    units: str
    today: date
    window_days: int
    step_days: int
    days: list[date]
    load: Series
    fitness: Series
    fatigue: Series
    form: Series
    ramp: Series
    acwr: Series
    monotony: Series
    weeks: list[WeekVolume]
    hrv: HrvBand | None
    spikes: list[SpikeRow]
    guards: GuardsToday
    unscored: int


def _weeks(history: History, start: int) -> list[WeekVolume]:
    out: list[WeekVolume] = []
    if history.size == 0:
        return out
    first = week_start(history.first_day + timedelta(days=start))
    edges = np.arange(history.index(first), history.size, WEEK)
    # Segment k runs from lo[k] to lo[k + 1] (the last to the end); only the first week
    # may start before the window (or the history), so lo stays strictly increasing.
    lo = np.maximum(edges, max(start, 0))
    mondays = [history.first_day + timedelta(days=int(w)) for w in edges]
    for sport, days in sorted(history.by_sport.items(), key=lambda kv: kv[0].value):
        counts = np.add.reduceat(days.count, lo)
        distance = np.add.reduceat(days.distance_m, lo)
        moving = np.add.reduceat(days.moving_s, lo)
        ascent = np.add.reduceat(days.ascent_m, lo)
        for k in np.flatnonzero(counts > 0).tolist():
            out.append(
                WeekVolume(
                    week=mondays[k],
                    sport=sport,
                    distance_m=float(distance[k]),
                    moving_s=float(moving[k]),
                    ascent_m=float(ascent[k]),
                    count=int(counts[k]),
                )
            )
    out.sort(key=lambda v: (v.week, v.sport.value))
    return out


def hrv_mornings(store: Store, athlete_id: int, start: date, end: date) -> dict[date, float]:
    """Ln rMSSD by day from the wellness journal (mornings for the readiness rules)."""
    entries = store.wellness.list(athlete_id, metrics=[HRV_METRIC], start=start, end=end)
    return {e.day: math.log(e.value) for e in entries if e.value > 0}


def _hrv_band(store: Store, athlete_id: int, first: date, last: date) -> HrvBand | None:
    mornings = hrv_mornings(store, athlete_id, first - timedelta(days=70), last)
    if not any(first <= d <= last for d in mornings):
        return None
    series = readiness_series(mornings, first, last)
    return HrvBand(
        days=[r.day for r in series],
        ln_rmssd=np.array([mornings.get(r.day, np.nan) for r in series]),
        week_mean=np.array([r.week_mean_ln for r in series]),
        band_low=np.array([r.band_low_ln for r in series]),
        band_high=np.array([r.band_high_ln for r in series]),
        verdict=[r.verdict.value for r in series],
    )


def _spikes(store: Store, athlete_id: int, first: date, last: date) -> list[SpikeRow]:
    runs = store.activities.distances(
        athlete_id=athlete_id,
        sports=(Sport.RUN, Sport.TRAIL_RUN, Sport.TREADMILL),
        start=first - timedelta(days=30),
        end=last,
    )
    history = [(day, distance) for day, distance in runs if distance]
    rows = []
    for day, spike in run_spikes(history):
        if day < first or spike.level in (SpikeLevel.NONE, SpikeLevel.NO_REFERENCE):
            continue
        rows.append(
            SpikeRow(day, spike.distance_m, spike.reference_m, spike.increase, spike.level.value)
        )
    rows.reverse()
    return rows


def _last(values: FloatArray) -> float:
    return float(values[-1]) if values.size else math.nan


def _points(start: int, size: int, weekly: bool) -> npt.NDArray[np.intp]:
    """Indices of the points sent: every day of the window, or every 7th ending today."""
    if not weekly:
        return np.arange(start, size)
    return np.arange(size - 1, start - 1, -WEEK)[::-1]


def _step_mean(values: FloatArray, points: npt.NDArray[np.intp], start: int) -> FloatArray:
    """The mean of the (up to) 7 days ending on each point, within the window."""
    sums = np.concatenate(([0.0], np.cumsum(values)))
    lo = np.maximum(points - WEEK + 1, start)
    out: FloatArray = (sums[points + 1] - sums[lo]) / (points + 1 - lo)
    return out


def fitness_view(
    store: Store,
    athlete: Athlete,
    today: date,
    window_days: int,
    *,
    weekly: bool | None = None,
) -> FitnessView:
    """Build the Fitness page's data for a window of days ending today (0: all history).

    Args:
        store: the store.
        athlete: whose training.
        today: the athlete's local today (the last day shown).
        window_days: days shown (0: the whole history).
        weekly: one point a week; None decides from the span (over
            :data:`DAILY_LIMIT_DAYS`).
    """
    shown_from = None if window_days <= 0 else today - timedelta(days=window_days - 1)
    history = load_history(
        store, athlete.id, today, first_day=warmup_start(shown_from) if shown_from else None
    )
    series = fitness_fatigue(history.load)
    acwr = acute_chronic_ratio(history.load)
    mono = monotony(history.load)
    start = 0 if window_days <= 0 else max(0, history.size - window_days)
    first_day = history.first_day + timedelta(days=start)
    if weekly is None:
        weekly = history.size - start > DAILY_LIMIT_DAYS
    points = _points(start, history.size, weekly)
    guards = GuardsToday(
        ramp=_last(series.ramp),
        weekly_ramp_pct=_last(weekly_ramp(history.load)),
        acwr=_last(acwr),
        monotony=_last(mono),
        strain=_last(strain(history.load)),
    )
    load = _step_mean(history.load, points, start) if weekly else history.load[points]
    return FitnessView(
        athlete_id=athlete.id,
        units=athlete.units,
        today=today,
        window_days=window_days,
        step_days=WEEK if weekly else 1,
        days=[history.first_day + timedelta(days=i) for i in points.tolist()],
        load=load,
        fitness=series.fitness[points],
        fatigue=series.fatigue[points],
        form=series.form[points],
        ramp=series.ramp[points],
        acwr=acwr[points],
        monotony=np.where(np.isfinite(mono), mono, np.nan)[points],
        weeks=_weeks(history, start),
        hrv=_hrv_band(store, athlete.id, max(first_day, today - timedelta(HRV_DAYS - 1)), today),
        spikes=_spikes(store, athlete.id, max(first_day, today - timedelta(SPIKE_DAYS - 1)), today),
        guards=guards,
        unscored=int(history.unscored.sum()),
    )


def chart_data(view: FitnessView) -> dict[str, object]:
    """What the page's charts draw (the rest of the view is rendered on the server)."""
    return {
        "units": view.units,
        "step_days": view.step_days,
        "days": view.days,
        "load": view.load,
        "fitness": view.fitness,
        "fatigue": view.fatigue,
        "form": view.form,
        "weeks": view.weeks,
        "hrv": view.hrv,
    }
