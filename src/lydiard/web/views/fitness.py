"""The Fitness page: fitness, fatigue and form, weekly volume, the HRV band, the guards.

Guards: the run spike guard, the ramp rate, the acute:chronic ratio, monotony and strain.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

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
    "WINDOWS",
    "FitnessView",
    "GuardsToday",
    "HrvBand",
    "SpikeRow",
    "WeekVolume",
    "fitness_view",
    "hrv_mornings",
]

#: Chart windows offered, in days (0: the whole history).
WINDOWS = (90, 180, 365, 730, 0)
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
        days: the dates of the window.
        load, fitness, fatigue, form, ramp: per day of the window.
        acwr, monotony: per day of the window.
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
    for sport, days in sorted(history.by_sport.items(), key=lambda kv: kv[0].value):
        offset = history.index(first)
        for w in range(offset, history.size, 7):
            lo, hi = max(w, start, 0), min(w + 7, history.size)
            if hi <= lo:
                continue
            count = int(days.count[lo:hi].sum())
            if count == 0:
                continue
            out.append(
                WeekVolume(
                    week=history.first_day + timedelta(days=w),
                    sport=sport,
                    distance_m=float(days.distance_m[lo:hi].sum()),
                    moving_s=float(days.moving_s[lo:hi].sum()),
                    ascent_m=float(days.ascent_m[lo:hi].sum()),
                    count=count,
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


def fitness_view(store: Store, athlete: Athlete, today: date, window_days: int) -> FitnessView:
    """Build the Fitness page's data for a window of days ending today (0: all history)."""
    shown_from = None if window_days <= 0 else today - timedelta(days=window_days - 1)
    history = load_history(
        store, athlete.id, today, first_day=warmup_start(shown_from) if shown_from else None
    )
    series = fitness_fatigue(history.load)
    acwr = acute_chronic_ratio(history.load)
    mono = monotony(history.load)
    start = 0 if window_days <= 0 else max(0, history.size - window_days)
    first_day = history.first_day + timedelta(days=start)
    window = slice(start, history.size)
    guards = GuardsToday(
        ramp=_last(series.ramp),
        weekly_ramp_pct=_last(weekly_ramp(history.load)),
        acwr=_last(acwr),
        monotony=_last(mono),
        strain=_last(strain(history.load)),
    )
    return FitnessView(
        athlete_id=athlete.id,
        units=athlete.units,
        today=today,
        window_days=window_days,
        days=history.days(start),
        load=history.load[window],
        fitness=series.fitness[window],
        fatigue=series.fatigue[window],
        form=series.form[window],
        ramp=series.ramp[window],
        acwr=acwr[window],
        monotony=np.where(np.isfinite(mono), mono, np.nan)[window],
        weeks=_weeks(history, start),
        hrv=_hrv_band(store, athlete.id, max(first_day, today - timedelta(HRV_DAYS - 1)), today),
        spikes=_spikes(store, athlete.id, max(first_day, today - timedelta(SPIKE_DAYS - 1)), today),
        guards=guards,
        unscored=int(history.unscored.sum()),
    )
