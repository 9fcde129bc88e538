"""Years of synthetic training written straight into a store: the web benchmark's data.

Until the simulator (``lydiard.simulate``) lands, :func:`build_history` writes a runner's
history directly through the store's repositories: Lydiard-style seasons (base, hills,
sharpening, races, a transition), 5-8 sessions a week with a long run, hill circuits,
intervals with laps, some cycling and skiing; samples every few seconds with GPS loops
and out-and-backs, hilly altitude, heart rate that follows speed and grade and drifts;
morning HRV, resting HR and sleep; thresholds that improve year by year; a current plan
with sessions in coaching prose. Loads are computed by the physiology core. Seeded, so
the same call writes the same history.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from lydiard.model import Activity, Lap, Samples, Session, Sport
from lydiard.physiology import Thresholds, activity_loads
from lydiard.physiology.fitness import ewma
from lydiard.store import (
    PlannedSession,
    Store,
    StoredPlan,
    Threshold,
    ThresholdKind,
    WellnessEntry,
)

__all__ = ["HistoryReport", "build_history"]

EARTH_M_PER_DEG = 111_195.0


@dataclass(frozen=True, slots=True)
class HistoryReport:
    """What :func:`build_history` wrote."""

    athlete_id: int
    activities: int
    wellness: int
    planned_sessions: int


@dataclass(frozen=True, slots=True)
class _Session:
    kind: str  # easy, long, recovery, hills, intervals, tempo, race, bike, ski
    sport: Sport
    minutes: float
    title: str


def _phase(day: date) -> str:
    """Lydiard's seasons for a northern-summer racer."""
    m = day.month
    if m in (11, 12, 1, 2):
        return "base"
    if m == 3:
        return "hills"
    if m == 4:
        return "sharpen"
    if m in (5, 6, 9, 10):
        return "race"
    return "transition" if day.day <= 14 and m == 7 else "base"


def _week_plan(phase: str, factor: float, rng: np.random.Generator) -> list[list[_Session]]:
    """Seven days of sessions for a phase, ``factor`` scaling durations (ramp/recovery)."""
    e = lambda mins, t="Easy run": _Session("easy", Sport.RUN, mins * factor, t)  # noqa: E731
    long_run = _Session("long", Sport.TRAIL_RUN, 150 * factor, "Long run")
    if phase == "transition":
        return [
            [],
            [e(40)],
            [_Session("bike", Sport.BIKE, 70, "Easy ride")],
            [],
            [e(45)],
            [_Session("hike", Sport.HIKE, 120, "Hike")],
            [],
        ]
    hard = {
        "base": _Session("tempo", Sport.RUN, 70 * factor, "Steady run"),
        "hills": _Session("hills", Sport.TRAIL_RUN, 75 * factor, "Hill circuits"),
        "sharpen": _Session("intervals", Sport.RUN, 70, "6 x 1 km"),
        "race": _Session("intervals", Sport.RUN, 65, "5 x 1 km"),
    }[phase]
    second = {
        "base": _Session("hills", Sport.TRAIL_RUN, 80 * factor, "Hilly run"),
        "hills": _Session("hills", Sport.TRAIL_RUN, 70 * factor, "Hill springing"),
        "sharpen": _Session("tempo", Sport.RUN, 60 * factor, "Tempo run"),
        "race": _Session("tempo", Sport.RUN, 55, "Tempo run"),
    }[phase]
    cross = (
        _Session("ski", Sport.NORDIC_SKI, 75, "Classic ski")
        if phase == "base" and rng.random() < 0.5
        else _Session("bike", Sport.BIKE, 60, "Easy ride")
    )
    week = [
        [e(60)],
        [hard, e(35, "Easy double")] if factor > 0.9 else [hard],
        [e(75)],
        [second],
        [e(45, "Recovery run")] if rng.random() < 0.7 else [cross],
        [long_run],
        [e(80), cross] if factor > 1.0 else [e(70)],
    ]
    return week


def _route(distance: np.ndarray, shape: str, rng: np.random.Generator, origin: tuple[float, float]):
    total = max(float(distance[-1]), 1.0)
    if shape == "loop":
        heading = 2 * math.pi * distance / total + 0.3 * np.sin(distance / 700.0 + rng.random() * 6)
    else:  # out and back: the second half retraces the first
        half = np.minimum(distance, total - distance)
        heading = rng.random() * 6.28 + 0.5 * np.sin(half / 900.0) + 0.25 * np.sin(half / 230.0)
    step = np.diff(distance, prepend=0.0)
    if shape != "loop":
        step = np.where(distance <= total / 2, step, -step)
    north = np.cumsum(step * np.cos(heading))
    east = np.cumsum(step * np.sin(heading))
    lat = origin[0] + north / EARTH_M_PER_DEG
    lon = origin[1] + east / (EARTH_M_PER_DEG * math.cos(math.radians(origin[0])))
    return lat, lon


def _speed_profile(s: _Session, t: np.ndarray, threshold_mps: float, rng: np.random.Generator):
    """Speed per sample and the laps (start_s, end_s, intensity) of structured sessions."""
    easy = threshold_mps * 0.74
    speed = np.full(t.size, easy)
    laps: list[tuple[float, float, str]] = []
    if s.kind == "intervals":
        reps = 6 if "6" in s.title else 5
        warm = 15 * 60.0
        rep_s = 1000.0 / (threshold_mps * 1.07)
        rest_s = 90.0
        edges = [0.0, warm]
        laps.append((0.0, warm, "warmup"))
        cursor = warm
        for _ in range(reps):
            speed[(t >= cursor) & (t < cursor + rep_s)] = threshold_mps * 1.07
            laps.append((cursor, cursor + rep_s, "active"))
            speed[(t >= cursor + rep_s) & (t < cursor + rep_s + rest_s)] = easy * 0.75
            laps.append((cursor + rep_s, cursor + rep_s + rest_s, "rest"))
            cursor += rep_s + rest_s
            edges.append(cursor)
        laps.append((cursor, float(t[-1]), "cooldown"))
    elif s.kind == "tempo":
        block = (t > 0.25 * t[-1]) & (t < 0.75 * t[-1])
        speed[block] = threshold_mps * (0.93 if "Tempo" in s.title else 0.85)
    elif s.kind == "long":
        speed = easy * (1.0 - 0.06 * t / max(t[-1], 1))
    elif s.kind == "race":
        speed[:] = threshold_mps * 0.95
    elif s.sport is Sport.BIKE:
        speed[:] = 8.0
    elif s.sport is Sport.NORDIC_SKI:
        speed[:] = 4.2
    elif s.sport is Sport.HIKE:
        speed[:] = 1.3
    noise = rng.normal(0.0, 0.05, t.size)
    smooth = np.convolve(noise, np.ones(5) / 5, mode="same")
    return np.clip(speed * (1 + smooth), 0.3, None), laps


def _activity(
    s: _Session,
    start: datetime,
    tz: str,
    th: Thresholds,
    dt: float,
    rng: np.random.Generator,
    origin: tuple[float, float],
) -> Activity:
    duration = max(20.0, s.minutes * 60 * (0.92 + 0.16 * rng.random()))
    t = np.arange(0.0, duration, dt)
    speed, laps = _speed_profile(s, t, th.threshold_speed_mps, rng)
    hilly = s.kind in ("hills", "long") or s.sport in (Sport.TRAIL_RUN, Sport.HIKE)
    distance = np.cumsum(speed * dt) - speed[0] * dt
    phase = rng.random() * 6.28
    amp = 90.0 if hilly else 18.0
    altitude = (
        2100.0
        + amp * np.sin(distance / 1800.0 + phase)
        + amp * 0.4 * np.sin(distance / 520.0 + 2 * phase)
    )
    grade = np.gradient(altitude, np.maximum(distance, 1e-6), edge_order=1)
    grade = np.clip(np.nan_to_num(grade), -0.3, 0.3)
    if s.sport.is_run or s.sport is Sport.HIKE:
        speed = np.clip(speed * (1 - 2.2 * np.clip(grade, 0, None)), 0.4, None)
        distance = np.cumsum(speed * dt) - speed[0] * dt
    effort = speed / th.threshold_speed_mps + 3.0 * grade
    if s.sport is Sport.BIKE:
        effort = speed / 11.0
    target = th.hr_rest_bpm + (th.lthr_bpm - th.hr_rest_bpm) * np.clip(effort, 0.2, 1.2) ** 1.3
    target = target + 0.04 * t / 60.0
    # First-order lag: heart rate follows effort with a time constant of 25 s.
    hr = ewma(target, 1 - math.exp(-dt / 25.0), initial=th.hr_rest_bpm + 30)
    hr = np.round(np.clip(hr + rng.normal(0, 1.2, t.size), 60, th.hr_max_bpm))
    lat, lon = _route(distance, "loop" if rng.random() < 0.6 else "out", rng, origin)
    samples = Samples.from_columns(
        time_s=t,
        distance_m=np.round(distance, 2),
        speed_mps=np.round(speed, 3),
        altitude_m=np.round(altitude, 1),
        heart_rate_bpm=hr,
        lat_deg=np.round(lat, 7),
        lon_deg=np.round(lon, 7),
    )

    def dist_at(x: float) -> float:
        return float(np.interp(x, t, distance))

    lap_values = tuple(
        Lap(
            a,
            b,
            distance_m=dist_at(b) - dist_at(a),
            timer_s=b - a,
            intensity=kind,
            trigger="manual",
            avg_heart_rate_bpm=float(np.mean(hr[(t >= a) & (t < b)]))
            if ((t >= a) & (t < b)).any()
            else math.nan,
        )
        for a, b, kind in laps
        if b > a
    )
    session = Session(
        s.sport,
        0.0,
        float(t[-1]),
        distance_m=float(distance[-1]),
        timer_s=float(t[-1]),
        avg_heart_rate_bpm=float(hr.mean()),
        max_heart_rate_bpm=float(hr.max()),
    )
    return Activity(
        start_time=start,
        samples=samples,
        sport=s.sport,
        laps=lap_values,
        sessions=(session,),
        name=s.title,
        device="synthetic watch",
        timezone=tz,
        source_format="fit",
        source_name=f"{start:%Y-%m-%d-%H%M}.fit",
    )


def _thresholds_for(year_index: int, years: int) -> dict[ThresholdKind, float]:
    gain = year_index / max(1, years - 1)
    return {
        ThresholdKind.HR_REST_BPM: 46 - 4 * gain,
        ThresholdKind.HR_MAX_BPM: 194 - 3 * gain,
        ThresholdKind.LTHR_BPM: 170 - 1 * gain,
        ThresholdKind.THRESHOLD_SPEED_MPS: 1000 / (215 - 27 * gain),  # 3:35 -> 3:08 /km
        ThresholdKind.VDOT: 64 + 10 * gain,
    }


def _plan(start: date, race: date) -> StoredPlan:
    workouts = {
        0: ("Easy run", "60 min easy", 60),
        1: (
            "Hill circuits",
            "15 min easy, 6 x (400 m uphill bounding, 400 m jog), 15 min easy",
            75,
        ),
        2: ("Easy run", "75 min easy", 75),
        3: ("Tempo run", "20 min easy, 30 min at T pace, 10 min easy", 60),
        4: ("Recovery run", "45 min easy", 45),
        5: ("Long run", "2 h 30 min easy on trails with 1200 m climb", 150),
        6: ("Easy run", "80 min easy", 80),
    }
    sessions = []
    day = start
    while day <= race:
        title, text, minutes = workouts[day.weekday()]
        if day == race:
            title, text, minutes = "Race: 50 km trail", "50 km race", 300
        sessions.append(
            PlannedSession(
                day=day,
                sport=Sport.TRAIL_RUN if "Long" in title or "Race" in title else Sport.RUN,
                title=title,
                workout=text,
                planned_duration_s=minutes * 60.0,
                planned_distance_m=minutes * 60.0 * 3.3,
                planned_ascent_m=1200.0 if "Long" in title else None,
            )
        )
        day += timedelta(days=1)
    return StoredPlan(
        name="Spring 50 km block",
        start_date=start,
        end_date=race,
        race_date=race,
        goal="50 km trail race",
        sessions=tuple(sessions),
    )


def _planner_plan(end: date) -> StoredPlan | None:
    """A plan by lydiard's planner toward a 50 km trail race 16 weeks on, when installed."""
    try:
        from lydiard.cli.plan_store import stored_plan
        from lydiard.planning import Athlete as PlanAthlete
        from lydiard.planning import Race, make_plan
    except ImportError:
        return None
    start = end - timedelta(days=end.weekday()) - timedelta(weeks=6)
    plan = make_plan(
        PlanAthlete(weekly_distance_m=100_000, long_run_m=30_000, vdot=72, doubles_per_week=2),
        Race.from_preset("50 km trail", start + timedelta(weeks=20, days=5)),
        start,
    )
    return stored_plan(plan)


def build_history(
    store: Store,
    *,
    name: str = "jim",
    years: float = 10.0,
    end: date = date(2025, 3, 2),
    seed: int = 1,
    sample_interval_s: float = 5.0,
    timezone: str = "America/Denver",
    units: str = "km",
) -> HistoryReport:
    """Write ``years`` of training ending on ``end`` for a new athlete called ``name``."""
    rng = np.random.default_rng(seed)
    athlete = store.athletes.ensure(name, timezone=timezone)
    store.athletes.update(athlete.id, units=units, sex="male")
    first = end - timedelta(days=round(365.25 * years))
    n_years = max(1, math.ceil(years))
    for y in range(n_years):
        for kind, value in _thresholds_for(y, n_years).items():
            store.athletes.set_threshold(
                athlete.id, Threshold(kind, value, first + timedelta(days=365 * y), "synthetic")
            )
    zone = ZoneInfo(timezone)
    origin = (35.198, -111.651)
    count = 0
    day = first - timedelta(days=first.weekday())
    week_index = 0
    while day <= end:
        phase = _phase(day)
        factor = (0.95, 1.05, 1.15, 0.75)[week_index % 4] * (
            0.85 + 0.15 * math.sin(week_index / 26)
        )
        th_values = _thresholds_for(min(n_years - 1, (day - first).days // 365), n_years)
        th = Thresholds(
            hr_rest_bpm=th_values[ThresholdKind.HR_REST_BPM],
            hr_max_bpm=th_values[ThresholdKind.HR_MAX_BPM],
            lthr_bpm=th_values[ThresholdKind.LTHR_BPM],
            threshold_speed_mps=th_values[ThresholdKind.THRESHOLD_SPEED_MPS],
        )
        for offset, sessions in enumerate(_week_plan(phase, factor, rng)):
            when = day + timedelta(days=offset)
            if when < first or when > end:
                continue
            for i, s in enumerate(sessions):
                hour = 6 if i == 0 else 17
                start = datetime.combine(when, time(hour, int(rng.integers(0, 50))), zone)
                activity = _activity(
                    s, start.astimezone(UTC), timezone, th, sample_interval_s, rng, origin
                )
                result = store.activities.add(athlete.id, activity)
                loads = activity_loads(activity, th)
                total = sum(x.load for x in loads if math.isfinite(x.load))
                store.activities.set_load(
                    result.activity_id,
                    load=total,
                    load_method="hr",
                    trimp=sum(x.trimp for x in loads if math.isfinite(x.trimp)),
                    hr_load=total,
                )
                count += 1
        day += timedelta(days=7)
        week_index += 1
    entries = []
    fatigue = 0.0
    when = first
    while when <= end:
        fatigue = 0.85 * fatigue + (0.4 if when.weekday() in (1, 5) else 0.0)
        ln = 4.25 - 0.05 * fatigue + rng.normal(0, 0.07)
        entries.append(
            WellnessEntry(when, "hrv_rmssd_ms", round(math.exp(ln), 1), source="synthetic")
        )
        entries.append(
            WellnessEntry(
                when,
                "resting_hr_bpm",
                round(44 + 2 * fatigue + rng.normal(0, 1)),
                source="synthetic",
            )
        )
        entries.append(
            WellnessEntry(
                when, "sleep_s", round((7.6 + rng.normal(0, 0.5)) * 3600), source="synthetic"
            )
        )
        when += timedelta(days=1)
    store.wellness.put_many(athlete.id, entries)
    stored = store.plans.add(
        athlete.id, _planner_plan(end) or _plan(end - timedelta(weeks=6), end + timedelta(weeks=6))
    )
    return HistoryReport(athlete.id, count, len(entries), len(stored.sessions))
