"""The open training log: what an athlete publishes at a share link or as a static site.

Walmsley "posts all of his training on Strava... open with his mileage, splits and
recovery". The log shows weeks with volume per sport, the key sessions (long runs and
workouts) with their splits and reps, and the long runs; the wellness journal and blood
markers only when the athlete turns them on. Never shown: notes, file names, routes
(a route shows where someone lives), thresholds, anything of another athlete.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from lydiard.errors import NotFoundError
from lydiard.model import Sport
from lydiard.store import ActivityRecord, Athlete, PublicLog, Store
from lydiard.web.views.activity import ActivityView, activity_view
from lydiard.web.views.history import week_start

__all__ = [
    "PublicActivity",
    "PublicLogView",
    "PublicWeek",
    "WellnessDay",
    "public_activity",
    "public_log_view",
]

WEEKS_SHOWN = 16
#: Blood markers: shown only with ``show_biomarkers``.
BIOMARKERS = ("ferritin_ug_l", "haemoglobin_g_dl", "cortisol_nmol_l", "testosterone_nmol_l")
#: Wellness: shown only with ``show_wellness``.
WELLNESS = ("hrv_rmssd_ms", "resting_hr_bpm", "sleep_s", "body_mass_kg")
_WORKOUT_NAME = re.compile(r"\d\s*[x×]\s*\d|interval|tempo|threshold|hill|fartlek|race", re.I)
#: Load per hour above which a session counts as a workout (100 = an hour at threshold).
WORKOUT_LOAD_PER_HOUR = 80.0
LONG_RUN_S = 90 * 60.0


@dataclass(frozen=True, slots=True)
class PublicActivity:
    """An activity as the public log shows it (no notes, file names or routes).

    Attributes:
        id: the activity's id (links to its page in the log).
        day: the local date.
        sport: the sport.
        name: its title.
        distance_m, moving_s, ascent_m: totals.
        avg_speed_mps, avg_heart_rate_bpm: averages.
        key: "long run", "workout" or "" for an ordinary session.
    """

    id: int
    day: date
    sport: Sport
    name: str
    distance_m: float | None
    moving_s: float | None
    ascent_m: float | None
    avg_speed_mps: float | None
    avg_heart_rate_bpm: float | None
    key: str = ""


@dataclass(frozen=True, slots=True)
class PublicWeek:
    """One week of the log.

    Attributes:
        start: the Monday.
        distance_m, moving_s: per sport.
        ascent_m: climb of the week.
        sessions: the week's activities, oldest first.
    """

    start: date
    distance_m: dict[Sport, float] = field(default_factory=dict)
    moving_s: dict[Sport, float] = field(default_factory=dict)
    ascent_m: float = 0.0
    sessions: list[PublicActivity] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class WellnessDay:
    """The published journal values of one day (metric name -> value, canonical units)."""

    day: date
    values: dict[str, float]


@dataclass(frozen=True, slots=True)
class PublicLogView:
    """The public log.

    Attributes:
        title: the heading.
        athlete: the athlete's name.
        units: "km" or "mi".
        today: the last day shown.
        weeks: the last weeks, newest first.
        key_sessions: long runs and workouts of those weeks, newest first.
        long_runs: the long runs, newest first.
        wellness: journal values by day (empty unless published).
        biomarkers: blood markers by day (empty unless published).
    """

    title: str
    athlete: str
    units: str
    today: date
    weeks: list[PublicWeek]
    key_sessions: list[PublicActivity]
    long_runs: list[PublicActivity]
    wellness: list[WellnessDay]
    biomarkers: list[WellnessDay]


def _public(record: ActivityRecord, key: str) -> PublicActivity:
    return PublicActivity(
        id=record.id,
        day=record.local_date,
        sport=record.sport,
        name=record.name or record.sport.label,
        distance_m=record.distance_m,
        moving_s=record.moving_s or record.elapsed_s,
        ascent_m=record.ascent_m,
        avg_speed_mps=record.avg_speed_mps,
        avg_heart_rate_bpm=record.avg_heart_rate_bpm,
        key=key,
    )


def _is_workout(record: ActivityRecord) -> bool:
    if record.name and _WORKOUT_NAME.search(record.name):
        return True
    hours = (record.moving_s or 0.0) / 3600
    return bool(record.load and hours > 0 and record.load / hours >= WORKOUT_LOAD_PER_HOUR)


def _keys(records: list[ActivityRecord]) -> dict[int, str]:
    """Long runs (the longest run of a week, 90 min or more) and workouts."""
    keys: dict[int, str] = {}
    by_week: dict[date, list[ActivityRecord]] = {}
    for r in records:
        by_week.setdefault(week_start(r.local_date), []).append(r)
    for rows in by_week.values():
        runs = [r for r in rows if r.sport.is_run and r.distance_m]
        if runs:
            longest = max(runs, key=lambda r: r.distance_m or 0.0)
            if (longest.moving_s or 0.0) >= LONG_RUN_S:
                keys[longest.id] = "long run"
        for r in rows:
            if r.id not in keys and r.sport.is_run and _is_workout(r):
                keys[r.id] = "workout"
    return keys


def _journal(
    store: Store, athlete_id: int, metrics: tuple[str, ...], start: date, end: date
) -> list[WellnessDay]:
    days: dict[date, dict[str, float]] = {}
    for entry in store.wellness.list(athlete_id, metrics=metrics, start=start, end=end):
        days.setdefault(entry.day, {})[entry.metric] = entry.value
    return [WellnessDay(day, values) for day, values in sorted(days.items(), reverse=True)]


def public_log_view(store: Store, athlete: Athlete, log: PublicLog, today: date) -> PublicLogView:
    """The log of the last :data:`WEEKS_SHOWN` weeks up to ``today``."""
    first = week_start(today) - timedelta(weeks=WEEKS_SHOWN - 1)
    records = store.activities.list(
        athlete_id=athlete.id, start=first, end=today, newest_first=False
    )
    keys = _keys(records)
    weeks: dict[date, PublicWeek] = {}
    for r in records:
        week = weeks.setdefault(week_start(r.local_date), PublicWeek(week_start(r.local_date)))
        week.sessions.append(_public(r, keys.get(r.id, "")))
        week.distance_m[r.sport] = week.distance_m.get(r.sport, 0.0) + (r.distance_m or 0.0)
        week.moving_s[r.sport] = week.moving_s.get(r.sport, 0.0) + (
            r.moving_s or r.elapsed_s or 0.0
        )
    ordered = []
    for i in range(WEEKS_SHOWN):
        monday = first + timedelta(weeks=i)
        week = weeks.get(monday, PublicWeek(monday))
        ascent = sum(s.ascent_m or 0.0 for s in week.sessions)
        ordered.append(
            PublicWeek(week.start, week.distance_m, week.moving_s, ascent, week.sessions)
        )
    ordered.reverse()
    key_sessions = [_public(r, keys[r.id]) for r in reversed(records) if r.id in keys]
    window = (today - timedelta(weeks=8), today)
    return PublicLogView(
        title=log.title or f"{athlete.name}'s training log",
        athlete=athlete.name,
        units=athlete.units,
        today=today,
        weeks=ordered,
        key_sessions=key_sessions,
        long_runs=[s for s in key_sessions if s.key == "long run"],
        wellness=_journal(store, athlete.id, WELLNESS, *window) if log.show_wellness else [],
        biomarkers=(
            _journal(store, athlete.id, BIOMARKERS, today - timedelta(days=365), today)
            if log.show_biomarkers
            else []
        ),
    )


def public_activity(
    store: Store, athlete: Athlete, activity_id: int
) -> tuple[PublicActivity, ActivityView] | None:
    """One activity of the log with its splits and reps; None when not this athlete's."""
    try:
        record = store.activities.get(activity_id)
    except NotFoundError:
        return None
    if record.athlete_id != athlete.id:
        return None
    keys = _keys([record])
    view = activity_view(store, record, athlete.units)
    return _public(record, keys.get(record.id, "")), view
