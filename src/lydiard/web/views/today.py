"""The Today page: readiness with its reasons, the overreaching screen, today's sessions.

Also form going into the day and the volume of the last seven days.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from lydiard.model import Sport
from lydiard.physiology import Readiness, fitness_fatigue, readiness
from lydiard.physiology.biomarkers import JournalEntry, Marker
from lydiard.physiology.burnout import BurnoutAssessment, assess_day
from lydiard.physiology.fitness import DailyLoads
from lydiard.store import ActivityRecord, Athlete, PlannedSession, Store, WellnessEntry
from lydiard.web.views.fitness import HRV_METRIC
from lydiard.web.views.history import load_history, warmup_start

__all__ = ["FormToday", "SportWeek", "TodayView", "journal_of", "today_view"]

#: Wellness metrics the burnout screen reads, as its journal markers.
JOURNAL_MARKERS = {
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
_RUNS = (Sport.RUN, Sport.TRAIL_RUN, Sport.TREADMILL)
#: Journal metrics the check-in card shows besides the markers.
SHOWN = ("fatigue",)


@dataclass(frozen=True, slots=True)
class FormToday:
    """Fitness, fatigue and form going into today.

    Attributes:
        fitness: CTL at the end of yesterday.
        fatigue: ATL at the end of yesterday.
        form: TSB going into today (fitness - fatigue of yesterday).
        ramp: fitness change over the last 7 days.
    """

    fitness: float
    fatigue: float
    form: float
    ramp: float


@dataclass(frozen=True, slots=True)
class SportWeek:
    """One sport's volume over the last 7 days (today included).

    Attributes:
        sport: the sport.
        distance_m, moving_s, ascent_m: totals.
        count: activities.
    """

    sport: Sport
    distance_m: float
    moving_s: float
    ascent_m: float
    count: int


@dataclass(frozen=True, slots=True)
class TodayView:
    """Everything the Today page shows.

    Attributes:
        athlete_id: whose.
        units: "km" or "mi".
        today: the athlete's local date.
        readiness: today's HRV readiness, or None without HRV readings.
        burnout: the overreaching screen (a screen, not a diagnosis).
        form: fitness, fatigue and form going into today.
        planned: today's planned sessions.
        done: today's activities.
        upcoming: planned sessions of the next six days.
        week: volume per sport of the last 7 days.
        recent: the latest activities.
        wellness: the latest journal values (last 3 days).
    """

    athlete_id: int
    units: str
    today: date
    readiness: Readiness | None
    burnout: BurnoutAssessment
    form: FormToday
    planned: list[PlannedSession]
    done: list[ActivityRecord]
    upcoming: list[PlannedSession]
    week: list[SportWeek]
    recent: list[ActivityRecord]
    wellness: list[WellnessEntry]


def journal_of(entries: list[WellnessEntry]) -> list[JournalEntry]:
    """Wellness entries as the biomarker journal (zero and unknown metrics left out)."""
    out = []
    for entry in entries:
        marker = JOURNAL_MARKERS.get(entry.metric)
        if marker is None or (entry.value <= 0 and marker is not Marker.SORENESS):
            continue
        out.append(JournalEntry(entry.day, marker, entry.value, entry.note or ""))
    return out


def today_view(store: Store, athlete: Athlete, today: date) -> TodayView:
    """Build the Today page's data."""
    # Warm-up for fitness, plus the 30 days of form the overreaching screen reads.
    history = load_history(
        store, athlete.id, today, first_day=warmup_start(today - timedelta(days=30))
    )
    series = fitness_fatigue(history.load)
    form = FormToday(
        fitness=float(series.fitness[-2]) if history.size > 1 else 0.0,
        fatigue=float(series.fatigue[-2]) if history.size > 1 else 0.0,
        form=float(series.form[-1]),
        ramp=float(series.ramp[-1]),
    )
    # One read of the journal: HRV for readiness (60-day baseline + 7 days), the markers
    # for the screen (60-day baselines), the last three days for the page.
    wellness = store.wellness.list(
        athlete.id,
        metrics=(HRV_METRIC, *JOURNAL_MARKERS, *SHOWN),
        start=today - timedelta(days=70),
        end=today,
    )
    mornings = {e.day: math.log(e.value) for e in wellness if e.metric == HRV_METRIC}
    ready = readiness(mornings, today) if mornings else None
    runs = store.activities.distances(
        athlete_id=athlete.id, sports=_RUNS, start=today - timedelta(days=45), end=today
    )
    burnout = assess_day(
        today,
        loads=DailyLoads(history.first_day, history.load),
        mornings=mornings or None,
        journal=journal_of(wellness),
        runs=[(day, distance) for day, distance in runs if distance],
    )
    planned = store.plans.sessions_between(athlete.id, today, today + timedelta(days=6))
    week_start_index = max(0, history.size - 7)
    week = [
        SportWeek(
            sport=sport,
            distance_m=float(days.distance_m[week_start_index:].sum()),
            moving_s=float(days.moving_s[week_start_index:].sum()),
            ascent_m=float(days.ascent_m[week_start_index:].sum()),
            count=int(days.count[week_start_index:].sum()),
        )
        for sport, days in history.by_sport.items()
        if days.count[week_start_index:].sum() > 0
    ]
    week.sort(key=lambda w: -w.moving_s)
    recent = store.activities.list(athlete_id=athlete.id, limit=6)
    return TodayView(
        athlete_id=athlete.id,
        units=athlete.units,
        today=today,
        readiness=ready,
        burnout=burnout,
        form=form,
        planned=[p for p in planned if p.day == today],
        done=[r for r in recent if r.local_date == today],
        upcoming=[p for p in planned if p.day > today],
        week=week,
        recent=[r for r in recent if r.local_date != today][:5],
        wellness=[e for e in wellness if e.day >= today - timedelta(days=2)],
    )
