"""An athlete's training history read from the store, for ``fitness``, ``readiness``, ``demo``.

Everything here is reading and gathering: the numbers come from the physiology core.

* daily loads and volume per sport from the stored activities (their loads were computed
  at import; activities stored before the athlete had thresholds are scored first);
* fitness, fatigue, form and ramp (:func:`lydiard.physiology.fitness_fatigue`), from the
  first stored day, optionally starting from a known fitness (as TrainingPeaks' "starting
  CTL": history imported from the middle of a training life would otherwise start at 0);
* the guards of a day (:mod:`lydiard.physiology.risk`): fitness ramp, weekly load ramp,
  acute:chronic ratio, monotony and strain, run spikes over the last 30 days;
* readiness from the morning HRV journal and the burnout screen
  (:mod:`lydiard.physiology.readiness`, :mod:`lydiard.physiology.burnout`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

import numpy as np

from lydiard.model import Sport
from lydiard.physiology.biomarkers import JournalEntry, Marker, judge_journal
from lydiard.physiology.burnout import BurnoutAssessment, assess_burnout
from lydiard.physiology.fitness import (
    DailyLoads,
    FitnessSeries,
    Smoothing,
    daily_loads,
    fitness_fatigue,
)
from lydiard.physiology.readiness import Readiness, ReadinessRule, readiness
from lydiard.physiology.risk import (
    SPIKE_WINDOW_DAYS,
    Spike,
    SpikeLevel,
    acute_chronic_ratio,
    monotony,
    run_spikes,
    strain,
    weekly_ramp,
)
from lydiard.physiology.session import SessionLoad

if TYPE_CHECKING:
    from lydiard.store import Athlete, Store
    from lydiard.store.scoring import ScoreReport

__all__ = [
    "JOURNAL_MARKERS",
    "Guards",
    "History",
    "WeekRow",
    "assess",
    "guards",
    "read_history",
    "weeks",
]

#: Wellness metrics that are biomarkers for the burnout screen.
JOURNAL_MARKERS: dict[str, Marker] = {
    "resting_hr_bpm": Marker.RESTING_HR,
    "sleep_s": Marker.SLEEP,
    "body_mass_kg": Marker.BODY_MASS,
    "soreness": Marker.SORENESS,
    "mood": Marker.MOOD,
    "rpe": Marker.RPE,
    "cortisol_nmol_l": Marker.CORTISOL,
    "testosterone_nmol_l": Marker.TESTOSTERONE,
    "ferritin_ug_l": Marker.FERRITIN,
}
_JOURNAL_DAYS = 90


@dataclass(frozen=True, slots=True)
class History:
    """What the store knows about an athlete's training up to a day.

    Attributes:
        athlete: whose.
        on: the last day (inclusive).
        loads: daily loads and volume per sport, from the first stored day to ``on``
            (None when nothing is stored).
        series: fitness, fatigue, form and ramp over ``loads`` (None likewise).
        runs: (local date, distance m) of every run, for the spike guard.
        mornings: ln rMSSD by date from the journal.
        journal: the biomarkers of the last 90 days.
        scored: what scoring activities without a load did before reading.
        start_fitness: the fitness assumed before the first day.
    """

    athlete: Athlete
    on: date
    loads: DailyLoads | None
    series: FitnessSeries | None
    runs: tuple[tuple[date, float], ...]
    mornings: dict[date, float]
    journal: tuple[JournalEntry, ...]
    scored: ScoreReport
    start_fitness: float = 0.0

    def index(self, day: date) -> int | None:
        """Index of a day in the series, or None outside it."""
        if self.loads is None:
            return None
        i = (day - self.loads.first_day).days
        return i if 0 <= i < self.loads.load.size else None


def read_history(
    store: Store,
    athlete: Athlete,
    on: date,
    *,
    start_fitness: float = 0.0,
    smoothing: Smoothing | str = Smoothing.RECIPROCAL,
    progress: Callable[[int, int], None] | None = None,
) -> History:
    """Gather an athlete's history up to a day (scoring unscored activities first).

    Args:
        store: the open store.
        athlete: whose history.
        on: the last day (inclusive).
        start_fitness: fitness (and fatigue) before the first stored day.
        smoothing: the fitness/fatigue convention.
        progress: called as ``progress(done, total)`` while scoring activities.
    """
    from lydiard.store.scoring import score_missing

    report = score_missing(store, athlete, progress=progress)
    totals = store.activities.daily_totals(athlete.id, end=on)
    sessions = [
        SessionLoad(
            day=t.day,
            sport=t.sport,
            load=t.load if t.load is not None else math.nan,
            method=None,
            duration_s=t.moving_s,
            distance_m=t.distance_m,
            count=t.count,
        )
        for t in totals
    ]
    loads = series = None
    if sessions:
        loads = daily_loads(sessions, last_day=on)
        series = fitness_fatigue(
            loads.load,
            smoothing=smoothing,
            initial_fitness=start_fitness,
            initial_fatigue=start_fitness,
        )
    runs = tuple(
        (r.local_date, r.distance_m)
        for r in store.activities.list(
            athlete_id=athlete.id,
            sports=(Sport.RUN, Sport.TRAIL_RUN, Sport.TREADMILL),
            end=on,
            newest_first=False,
        )
        if r.distance_m is not None
    )
    first = on - timedelta(days=_JOURNAL_DAYS)
    entries = store.wellness.list(athlete.id, start=min(first, on - timedelta(days=120)), end=on)
    mornings = {
        e.day: math.log(e.value) for e in entries if e.metric == "hrv_rmssd_ms" and e.value > 0
    }
    journal = tuple(
        JournalEntry(e.day, JOURNAL_MARKERS[e.metric], e.value)
        for e in entries
        if e.metric in JOURNAL_MARKERS and e.day >= first and e.value > 0
    )
    return History(athlete, on, loads, series, runs, mornings, journal, report, start_fitness)


@dataclass(frozen=True, slots=True)
class Guards:
    """The guards of one day (NaN where the history is too short).

    Attributes:
        day: the day judged.
        fitness, fatigue, form: at the end of the day (form: going into it).
        ramp: fitness change over the last 7 days (Friel: 5-8 a week typical, 10 high).
        weekly_ramp_pct: load of the last 7 days against the 7 before, %.
        acwr: acute:chronic ratio (EWMA, Williams 2017): context, disputed.
        monotony, strain: Foster's, over the last 7 days.
        spikes: runs of the last 30 days more than 10 % longer than the month before's
            longest (Frandsen 2025), with their day.
    """

    day: date
    fitness: float
    fatigue: float
    form: float
    ramp: float
    weekly_ramp_pct: float
    acwr: float
    monotony: float
    strain: float
    spikes: tuple[tuple[date, Spike], ...]


_NAN = math.nan
_FLAGGED = (SpikeLevel.SMALL, SpikeLevel.MODERATE, SpikeLevel.LARGE)


def guards(history: History, day: date | None = None, *, spike_days: int = 30) -> Guards:
    """The guards of a day (the history's last day by default).

    Runs are judged by the spike guard only once the history holds 30 days of runs
    before them: earlier, every run would be compared with an incomplete month.
    """
    day = day or history.on
    start = day - timedelta(days=spike_days - 1)
    judged_from = history.runs[0][0] + timedelta(days=SPIKE_WINDOW_DAYS) if history.runs else day
    spikes = tuple(
        (d, s)
        for d, s in run_spikes(history.runs)
        if max(start, judged_from) <= d <= day and s.level in _FLAGGED
    )
    i = history.index(day)
    if history.loads is None or history.series is None or i is None:
        return Guards(day, _NAN, _NAN, _NAN, _NAN, _NAN, _NAN, _NAN, _NAN, spikes)
    loads = history.loads.load[: i + 1]
    s = history.series
    with np.errstate(invalid="ignore", divide="ignore"):
        return Guards(
            day=day,
            fitness=float(s.fitness[i]),
            fatigue=float(s.fatigue[i]),
            form=float(s.form[i]),
            ramp=float(s.ramp[i]),
            weekly_ramp_pct=float(weekly_ramp(loads)[-1]),
            acwr=float(acute_chronic_ratio(loads)[-1]),
            monotony=float(monotony(loads)[-1]),
            strain=float(strain(loads)[-1]),
            spikes=spikes,
        )


@dataclass(frozen=True, slots=True)
class WeekRow:
    """One training week (Monday to Sunday).

    Attributes:
        monday: the week's Monday.
        distance_m: distance per sport, metres.
        duration_s: moving time per sport, seconds.
        sessions: activities per sport.
        load: the week's load.
        fitness, fatigue: at the end of the week's last day in the history.
        form: going into the week's last day.
        ramp: fitness change over that last day's 7 days.
    """

    monday: date
    distance_m: dict[Sport, float]
    duration_s: dict[Sport, float]
    sessions: dict[Sport, int]
    load: float
    fitness: float
    fatigue: float
    form: float
    ramp: float

    @property
    def run_m(self) -> float:
        """Running distance (road, trail, treadmill), metres."""
        return sum(d for sport, d in self.distance_m.items() if sport.is_run)


def weeks(history: History, count: int, until: date | None = None) -> list[WeekRow]:
    """The last ``count`` weeks up to ``until`` (the history's last day), oldest first."""
    loads, series = history.loads, history.series
    if loads is None or series is None:
        return []
    end_day = min(until or history.on, history.on)
    last_monday = end_day - timedelta(days=end_day.weekday())
    out = []
    for k in range(count - 1, -1, -1):
        monday = last_monday - timedelta(weeks=k)
        first = max(0, (monday - loads.first_day).days)
        end = min(loads.load.size, (monday - loads.first_day).days + 7)
        if end <= 0:
            continue
        span = slice(first, end)
        last = end - 1
        out.append(
            WeekRow(
                monday=monday,
                distance_m={s: float(v.distance_m[span].sum()) for s, v in loads.by_sport.items()},
                duration_s={s: float(v.duration_s[span].sum()) for s, v in loads.by_sport.items()},
                sessions={s: int(v.sessions[span].sum()) for s, v in loads.by_sport.items()},
                load=float(loads.load[span].sum()),
                fitness=float(series.fitness[last]),
                fatigue=float(series.fatigue[last]),
                form=float(series.form[last]),
                ramp=float(series.ramp[last]),
            )
        )
    return out


def assess(
    history: History,
    day: date | None = None,
    *,
    rule: ReadinessRule | str = ReadinessRule.PLEWS,
) -> tuple[Readiness | None, BurnoutAssessment]:
    """Readiness from the morning HRV and the burnout screen of a day.

    The screen reads form over the last 30 days, monotony, runs of the last 14 days that
    the spike guard flags, and the journal's biomarkers (resting HR...), with HRV.
    """
    day = day or history.on
    hrv = readiness(history.mornings, day, rule=rule) if history.mornings else None
    g = guards(history, day, spike_days=14)
    i = history.index(day)
    form: list[float] = []
    if history.series is not None and i is not None:
        form = history.series.form[max(0, i - 29) : i + 1].tolist()
    journal = [e for e in history.journal if e.day <= day]
    screen = assess_burnout(
        day,
        hrv=hrv,
        biomarkers=judge_journal(journal, day) if journal else [],
        form=form,
        monotony=g.monotony,
        recent_spikes=[s for _, s in g.spikes],
    )
    return hrv, screen
