"""One planned session in, one realistic recorded activity out (with the truth behind it).

:func:`simulate_session` plans the segments (:mod:`.segments`), lays out a route
(:mod:`.terrain`), moves the athlete along it (:mod:`.motion`), answers with the heart
(:mod:`.heart`) and records it all as a watch would, at 1 Hz:

* distance and speed from the watch's own filtered measure (a calibration error of about
  0.4 %), positions from GPS with an AR(1) error of 2 m per axis (correlated over ~20 s),
  barometric altitude with a calibration offset (SD 8 m), a slow drift (SD 1 m) and
  0.15 m of noise; indoor sessions have no position or altitude;
* running cadence from speed (steps/min = base + 6 x (speed - 4 m/s), recorded as strides
  per minute as FIT does), bike cadence about 88 rpm (0 when coasting), ski erg stroke rate
  from power; power for bike and ski erg; wrist temperature;
* laps: one per step of a structured session (manual), else an automatic lap every 1 km
  on foot, 5 km on a bike or skis, 1 km on an erg; the totals of each lap and of the
  session as the device computes them (climb from the barometer: the true climb within
  3 %);
* a stop with the watch paused leaves a gap in the recording (the timer stops; elapsed
  time runs on).

Everything comes from the seed: the same seed gives the same activity, bit for bit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np

from lydiard.model import Activity, Lap, Samples, Session, Sport
from lydiard.model.samples import FloatArray
from lydiard.physiology.paces import THRESHOLD_FRACTION
from lydiard.simulate.athlete import SimAthlete, vo2_fraction
from lydiard.simulate.heart import heart_rate, rr_intervals
from lydiard.simulate.motion import Motion, move
from lydiard.simulate.noise import ar1
from lydiard.simulate.segments import Segment, plan_segments
from lydiard.simulate.terrain import Route, RouteKind, make_route
from lydiard.workouts.ast import Session as PlannedSession
from lydiard.workouts.ast import Workout
from lydiard.workouts.render import render

__all__ = ["DEVICE", "SegmentTruth", "SimulatedSession", "simulate_session"]

#: The device simulated activities name.
DEVICE = "lydiard simulator"
_AUTO_LAP_M = {Sport.BIKE: 5000.0, Sport.NORDIC_SKI: 5000.0}
_SUB_SPORT = {
    Sport.TRAIL_RUN: "trail",
    Sport.TREADMILL: "treadmill",
    Sport.SKI_ERG: "indoor_skiing",
}
_TRACK_REP_M = 800.0


@dataclass(frozen=True, slots=True)
class SegmentTruth:
    """What a segment really was, for checking analysis against.

    Attributes:
        role: the step's role ("work", "recovery", "rest", "warmup"...).
        rep: the work rep's number, or 0.
        label: the step in the workout language.
        start_s, end_s: span, seconds since the start (elapsed time).
        start_m, end_m: span along the route, metres (true distance).
        speed_mps: the flat speed aimed at on foot (NaN for other sports).
        power_w: the power aimed at (NaN without power).
        fraction: the effort, fraction of VO2max.
        recorded: False while the watch was paused.
    """

    role: str
    rep: int
    label: str
    start_s: float
    end_s: float
    start_m: float
    end_m: float
    speed_mps: float
    power_w: float
    fraction: float
    recorded: bool


@dataclass(frozen=True, slots=True, eq=False)
class SimulatedSession:
    """A simulated activity and the truth behind it.

    Attributes:
        activity: the activity as a device records it.
        segments: what each segment really was.
        route: the route (true positions and altitude profile).
        distance_m: true distance covered, metres.
        climb_m, descent_m: true climb and descent of the profile over that distance.
        fatigue: the fatigue the athlete carried (0-1).
        truth: other facts (the workout's canonical text, the seed).
    """

    activity: Activity
    segments: tuple[SegmentTruth, ...]
    route: Route
    distance_m: float
    climb_m: float
    descent_m: float
    fatigue: float
    truth: dict[str, Any] = field(default_factory=dict)

    @property
    def reps(self) -> tuple[SegmentTruth, ...]:
        """The work reps, in order."""
        return tuple(s for s in self.segments if s.rep > 0)


def _route_kind(sport: Sport, segments: Sequence[Segment]) -> RouteKind:
    if sport in (Sport.SKI_ERG, Sport.TREADMILL, Sport.ROW, Sport.STRENGTH):
        return RouteKind.INDOOR
    if sport in (Sport.TRAIL_RUN, Sport.HIKE, Sport.NORDIC_SKI):
        return RouteKind.TRAIL
    reps = [s for s in segments if s.rep and s.by_distance]
    if sport is Sport.RUN and reps and max(s.distance_m for s in reps) <= _TRACK_REP_M:
        return RouteKind.TRACK
    return RouteKind.ROAD


def _planned_length(segments: Sequence[Segment]) -> float:
    total = 0.0
    for s in segments:
        if s.by_distance:
            total += s.distance_m
        elif math.isfinite(s.speed_mps):
            total += s.duration_s * s.speed_mps
        else:
            total += s.duration_s * (8.0 if s.sport is Sport.BIKE else 4.5)
    return min(max(total, 1000.0), 60_000.0)


def _efforts(segment: Segment, motion: Motion, athlete: SimAthlete) -> FloatArray:
    """Effort each second (fraction of VO2max) from what the athlete actually did."""
    if segment.fraction <= 0.0:
        return np.zeros(motion.speed_mps.size)
    if segment.sport in (Sport.BIKE, Sport.SKI_ERG):
        ftp = athlete.bike_ftp_w if segment.sport is Sport.BIKE else athlete.ski_erg_ftp_w
        # coasting still costs a little: the legs spin, the body holds the bike
        watts = np.maximum(motion.power_w, 0.25 * segment.power_w)
        return np.asarray(watts / ftp * THRESHOLD_FRACTION)
    if segment.sport.is_run or segment.sport is Sport.NORDIC_SKI:
        return np.asarray(np.maximum(vo2_fraction(motion.flat_speed_mps, athlete.vdot), 0.0))
    return np.full(motion.speed_mps.size, segment.fraction)


def _cadence(
    sport: Sport,
    speed: FloatArray,
    power: FloatArray,
    athlete: SimAthlete,
    rng: np.random.Generator,
) -> FloatArray:
    n = speed.size
    if sport.is_run or sport in (Sport.WALK, Sport.HIKE):
        steps = athlete.cadence_spm + 6.0 * (speed - 4.0) + ar1(rng, n, 1.5, 0.9)
        steps = np.where(speed < 1.8, 110.0 + 10.0 * speed, steps)  # power-hiking
        steps = np.where(speed < 0.3, 0.0, steps)
        return np.asarray(np.round(steps / 2.0))
    if sport is Sport.BIKE:
        rpm = 88.0 + ar1(rng, n, 3.0, 0.95)
        return np.asarray(np.round(np.where(power > 20.0, rpm, 0.0)))
    if sport is Sport.SKI_ERG:
        rate = 22.0 + 0.08 * np.maximum(power, 0.0) + ar1(rng, n, 1.0, 0.7)
        return np.asarray(np.round(np.where(power > 10.0, rate, 0.0)))
    return np.full(n, np.nan)


def _lap_starts(
    segments: Sequence[Segment], first: Sequence[int], distance: FloatArray, sport: Sport, n: int
) -> list[tuple[int, str, str]]:
    """(first sample, trigger of the lap before it ends, intensity) of each lap."""
    structured = sum(s.lap for s in segments) > 1
    if structured:
        return [
            (index, "manual", seg.lap_intensity)
            for index, seg in zip(first, segments, strict=True)
            if seg.lap
        ]
    every = _AUTO_LAP_M.get(sport, 1000.0)
    marks = np.arange(every, distance[-1], every) if n else np.zeros(0)
    starts = np.searchsorted(distance, marks, side="left")
    laps = [(0, "distance", "active")]
    laps += [(int(i), "distance", "active") for i in starts if 0 < i < n]
    return laps


def _mean(values: FloatArray) -> float:
    finite = values[np.isfinite(values)]
    return float(finite.mean()) if finite.size else math.nan


def _max(values: FloatArray) -> float:
    finite = values[np.isfinite(values)]
    return float(finite.max()) if finite.size else math.nan


def simulate_session(
    session: PlannedSession,
    athlete: SimAthlete,
    start_time: datetime,
    *,
    seed: int | Sequence[int] | np.random.SeedSequence = 0,
    fatigue: float = 0.0,
    route_kind: RouteKind | str | None = None,
    climb_per_km: float | None = None,
    title: str | None = None,
    stop_chance: float | None = None,
    rr: bool = False,
) -> SimulatedSession:
    """Simulate one planned session as a recorded activity.

    Args:
        session: the session (one outing of a workout; ``workout.sessions[0]``).
        athlete: who.
        start_time: when it starts (aware UTC).
        seed: the random seed (an int, a sequence of ints, or a SeedSequence).
        fatigue: 0 (fresh) to 1 (very tired).
        route_kind: where; from the sport when None (trail runs on trails, track sessions
            with reps of 800 m or less on a track, erg sessions indoors, else roads).
        climb_per_km: relief of the route, metres of climb per km (the kind's default
            when None).
        title: the activity's name (the workout's short text when None).
        stop_chance: probability of a stop in each long easy step (0.25 on roads, 0.35
            on trails when None).
        rr: also produce beat-to-beat (RR) intervals, as a chest strap with HRV logging.

    Returns:
        The activity and the truth behind it.
    """
    rng = np.random.default_rng(seed)
    sport = session.sport
    trail = sport in (Sport.TRAIL_RUN, Sport.NORDIC_SKI)
    chance = stop_chance if stop_chance is not None else (0.35 if trail else 0.25)
    segments = plan_segments(session, athlete, rng, fatigue=fatigue, stop_chance=chance)
    kind = RouteKind(route_kind) if route_kind is not None else _route_kind(sport, segments)
    if climb_per_km is None and kind is RouteKind.ROAD and any(s.rep for s in segments):
        climb_per_km = 3.0  # reps are run on the flattest roads around
    route = make_route(
        rng,
        kind,
        _planned_length(segments),
        origin=(athlete.home_lat_deg, athlete.home_lon_deg),
        home_altitude_m=athlete.home_altitude_m,
        climb_per_km=climb_per_km,
    )
    motions: list[Motion] = []
    efforts: list[FloatArray] = []
    firsts: list[int] = []
    truths: list[SegmentTruth] = []
    at_m, speed, count = 0.0, 0.0, 0
    for seg in segments:
        motion = move(seg, athlete, route, rng, start_m=at_m, start_speed_mps=speed)
        size = motion.speed_mps.size
        firsts.append(count)
        truths.append(
            SegmentTruth(
                role=seg.role.value,
                rep=seg.rep,
                label=seg.label,
                start_s=float(count),
                end_s=float(count + size),
                start_m=at_m,
                end_m=float(motion.distance_m[-1]),
                speed_mps=seg.speed_mps,
                power_w=seg.power_w,
                fraction=seg.fraction,
                recorded=seg.recorded,
            )
        )
        motions.append(motion)
        efforts.append(_efforts(seg, motion, athlete))
        at_m, speed = float(motion.distance_m[-1]), float(motion.speed_mps[-1])
        count += size
    bounds = [(a, a + m.speed_mps.size) for a, m in zip(firsts, motions, strict=True)]
    true_speed = np.concatenate([m.speed_mps for m in motions])
    # distance at each sample: what was covered before it (the first sample is at 0)
    true_distance = np.concatenate(([0.0], np.concatenate([m.distance_m for m in motions])[:-1]))
    power = np.concatenate([m.power_w for m in motions])
    effort = np.concatenate(efforts)
    hr = heart_rate(athlete, effort, bounds, rng, fatigue=fatigue)
    n = true_speed.size
    recorded = np.concatenate(
        [np.full(m.speed_mps.size, s.recorded) for s, m in zip(segments, motions, strict=True)]
    )
    time_s = np.arange(n, dtype=np.float64)
    calibration = 1.0 + float(rng.normal(0.0, 0.004))
    distance = true_distance * calibration
    columns: dict[str, FloatArray] = {
        "time_s": time_s,
        "distance_m": distance,
        "speed_mps": true_speed * calibration,
        "heart_rate_bpm": hr,
        "cadence_rpm": _cadence(sport, true_speed, power, athlete, rng),
        "power_w": np.where(np.isfinite(power), np.round(power), np.nan),
    }
    if route.outdoor:
        east, north = route.position_at(true_distance)
        east = east + ar1(rng, n, 2.0, 0.95)
        north = north + ar1(rng, n, 2.0, 0.95)
        columns["lat_deg"], columns["lon_deg"] = route.to_degrees(east, north)
        offset = float(rng.normal(0.0, 8.0))
        drift = ar1(rng, n, 1.0, 0.998) + rng.normal(0.0, 0.15, n)
        columns["altitude_m"] = route.altitude_at(true_distance) + offset + drift
        outside = float(rng.uniform(-2.0, 26.0))
        columns["temperature_c"] = np.round(outside + 5.0 + ar1(rng, n, 1.0, 0.999))
    else:
        columns["temperature_c"] = np.round(np.full(n, 21.0) + ar1(rng, n, 0.5, 0.999))
    keep = recorded
    samples = Samples.from_columns(**{k: v[keep] for k, v in columns.items()})
    climb_factor = 1.0 + float(rng.normal(0.0, 0.015))
    laps = _laps(segments, firsts, columns, keep, route, true_distance, climb_factor, sport)
    elapsed = float(time_s[keep][-1]) if keep.any() else 0.0
    climb, descent = route.climb_m(0.0, float(true_distance[-1]))
    kcal = float((effort[keep] * athlete.vdot * athlete.mass_kg * 5.0 / 60_000.0).sum())
    totals = Session(
        sport=sport,
        start_s=0.0,
        end_s=elapsed,
        sub_sport=_SUB_SPORT.get(sport),
        distance_m=float(distance[keep][-1]) if keep.any() else math.nan,
        timer_s=float(keep.sum() - 1) if keep.any() else 0.0,
        ascent_m=round(climb * climb_factor) if route.outdoor else math.nan,
        descent_m=round(descent * climb_factor) if route.outdoor else math.nan,
        avg_heart_rate_bpm=round(_mean(hr[keep])),
        max_heart_rate_bpm=_max(hr[keep]),
        calories_kcal=round(kcal),
    )
    workout = Workout((PlannedSession(session.items),))
    text = render(workout)
    activity = Activity(
        start_time=start_time,
        samples=samples,
        sport=sport,
        sub_sport=_SUB_SPORT.get(sport),
        laps=tuple(laps),
        sessions=(totals,),
        name=title or text.splitlines()[0],
        device=DEVICE,
        utc_offset_s=athlete.utc_offset_s,
        source_format="simulated",
        rr_intervals_s=rr_intervals(time_s[keep], hr[keep], rng) if rr else None,
        metadata={"workout": text},
    )
    return SimulatedSession(
        activity=activity,
        segments=tuple(truths),
        route=route,
        distance_m=float(true_distance[-1]) + float(true_speed[-1]),
        climb_m=climb,
        descent_m=descent,
        fatigue=fatigue,
        truth={"workout": text},
    )


def _laps(
    segments: Sequence[Segment],
    firsts: Sequence[int],
    columns: dict[str, FloatArray],
    keep: Any,
    route: Route,
    true_distance: FloatArray,
    climb_factor: float,
    sport: Sport,
) -> list[Lap]:
    time_s = columns["time_s"]
    n = time_s.size
    starts = _lap_starts(segments, firsts, columns["distance_m"], sport, n)
    # a lap that starts while the watch is paused starts at the next recorded sample
    recorded_index = np.flatnonzero(keep)
    out: list[Lap] = []
    bounds = [(a, b) for (a, *_), (b, *_) in zip(starts, [*starts[1:], (n, "", "")], strict=True)]
    for (first, end), (_, trigger, intensity) in zip(bounds, starts, strict=True):
        span = recorded_index[(recorded_index >= first) & (recorded_index < end)]
        if span.size == 0:
            continue
        a, b = int(span[0]), int(span[-1])
        last = end < n
        stop = int(recorded_index[recorded_index >= end][0]) if last else b
        climb, descent = route.climb_m(float(true_distance[a]), float(true_distance[stop]))
        hr = columns["heart_rate_bpm"][span]
        power = columns["power_w"][span]
        out.append(
            Lap(
                start_s=float(time_s[a]),
                end_s=float(time_s[stop]),
                distance_m=float(columns["distance_m"][stop] - columns["distance_m"][a]),
                timer_s=float(np.count_nonzero(keep[a:stop])) if last else float(span.size - 1),
                trigger=trigger if last else "session_end",
                intensity=intensity,
                avg_heart_rate_bpm=round(_mean(hr)),
                max_heart_rate_bpm=_max(hr),
                ascent_m=round(climb * climb_factor) if route.outdoor else math.nan,
                descent_m=round(descent * climb_factor) if route.outdoor else math.nan,
                avg_power_w=round(_mean(power)) if np.isfinite(power).any() else math.nan,
            )
        )
    return out
