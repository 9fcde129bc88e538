"""The summary of one activity, with the figures that fit its sport.

Every summary carries the same numbers (SI, NaN when unknown); :attr:`Summary.metrics`
picks and orders the ones a person of that sport reads, with how each is shown (a
:class:`MetricKind`), so the CLI and the web page print them without knowing sports:

- run: pace, grade-adjusted pace on hilly ground, heart rate, cadence, climb;
- trail run and hike: pace, grade-adjusted pace, climb and descent, vertical speed while
  climbing, effort distance (km + climb/100, the ITRA km-effort), highest point;
- walk: pace and speed, climb; bike: speed in km/h, power, climb, cadence;
- Nordic ski: speed and pace, climb; ski erg and rowing: pace per 500 m, power, stroke
  rate; swim: pace per 100 m;
- multisport (a triathlon): time, heart rate and climb only; each leg is summarised in
  its own sport (:mod:`lydiard.analysis.legs`).

:func:`speed_kind` is the one rule for how a sport reads its speed (pace per km or mile,
per 100 m, per 500 m, or km/h); every table and page showing a speed asks it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from lydiard.analysis.track import Track, as_track
from lydiard.model import Activity, Sport

__all__ = ["Metric", "MetricKind", "Summary", "speed_kind", "summary"]


class MetricKind(StrEnum):
    """How a metric's value (SI) is shown."""

    DISTANCE = "distance"  # metres -> km or mi
    DURATION = "duration"  # seconds -> h:mm:ss
    PACE = "pace"  # m/s -> min/km or min/mi
    PACE_100M = "pace_100m"  # m/s -> min/100 m
    PACE_500M = "pace_500m"  # m/s -> min/500 m
    SPEED = "speed"  # m/s -> km/h or mph
    HEART_RATE = "heart_rate"  # bpm
    POWER = "power"  # W
    ELEVATION = "elevation"  # m
    VERTICAL_SPEED = "vertical_speed"  # m/s -> m/h
    CADENCE = "cadence"  # per minute (steps, revolutions or strokes)


@dataclass(frozen=True, slots=True)
class Metric:
    """One figure of a summary, as a sport shows it.

    Attributes:
        key: a stable name ("pace", "gap_pace", "climb", "pace_100m"...).
        label: English label for people.
        value: the value in SI (m, s, m/s, bpm, W; cadence per minute).
        kind: how to show the value.
    """

    key: str
    label: str
    value: float
    kind: MetricKind


@dataclass(frozen=True, slots=True)
class Summary:
    """Totals and averages of one activity (SI units, NaN when unknown).

    Attributes:
        sport: the sport.
        distance_m: cleaned distance, metres.
        elapsed_s: first to last sample, seconds.
        moving_s: moving time (no pauses, no stops), seconds.
        speed_mps: distance over moving time, m/s.
        max_speed_mps: fastest speed over the speed window (10 s), m/s.
        gap_speed_mps: grade-adjusted distance over moving time, m/s.
        avg_heart_rate_bpm, max_heart_rate_bpm: bpm.
        ascent_m, descent_m: climb and descent after smoothing and hysteresis, metres.
        min_altitude_m, max_altitude_m: of the smoothed profile, metres.
        vertical_speed_mps: climb over the moving time spent climbing, m/s.
        effort_distance_m: ITRA km-effort in metres: km + climb in m / 100, so
            distance + 10 x climb.
        avg_power_w, max_power_w: watts (average over moving time).
        avg_cadence_rpm: as recorded (strides, revolutions or strokes per minute).
        distance_source: where distance came from ("device", "gps", "speed", "none").
        repaired: GPS spikes dropped or distance steps repaired while cleaning.
    """

    sport: Sport
    distance_m: float
    elapsed_s: float
    moving_s: float
    speed_mps: float
    max_speed_mps: float
    gap_speed_mps: float
    avg_heart_rate_bpm: float
    max_heart_rate_bpm: float
    ascent_m: float
    descent_m: float
    min_altitude_m: float
    max_altitude_m: float
    vertical_speed_mps: float
    effort_distance_m: float
    avg_power_w: float
    max_power_w: float
    avg_cadence_rpm: float
    distance_source: str
    repaired: int

    @property
    def metrics(self) -> tuple[Metric, ...]:
        """The figures that fit the sport, in reading order, leaving out unknown ones."""
        return tuple(m for m in _metrics(self) if math.isfinite(m.value))


def speed_kind(sport: Sport) -> MetricKind | None:
    """How a sport reads its speed: the one rule every table and page follows.

    Runs, walks and hikes read a pace per km or mile; swims a pace per 100 m; rowing and
    the ski erg per 500 m (the erg's own display); bikes, Nordic skis and anything else a
    speed in km/h or mph. A multisport activity has no single speed (None): its legs do.
    """
    if sport is Sport.MULTISPORT:
        return None
    if sport.is_run or sport in (Sport.WALK, Sport.HIKE):
        return MetricKind.PACE
    if sport is Sport.SWIM:
        return MetricKind.PACE_100M
    if sport in (Sport.SKI_ERG, Sport.ROW):
        return MetricKind.PACE_500M
    return MetricKind.SPEED


def _metrics(s: Summary) -> list[Metric]:
    K = MetricKind
    base = [
        Metric("distance", "Distance", s.distance_m, K.DISTANCE),
        Metric("moving_time", "Moving time", s.moving_s, K.DURATION),
        Metric("elapsed_time", "Elapsed time", s.elapsed_s, K.DURATION),
    ]
    hr = [
        Metric("avg_heart_rate", "Avg heart rate", s.avg_heart_rate_bpm, K.HEART_RATE),
        Metric("max_heart_rate", "Max heart rate", s.max_heart_rate_bpm, K.HEART_RATE),
    ]
    climb = [
        Metric("climb", "Climb", s.ascent_m, K.ELEVATION),
        Metric("descent", "Descent", s.descent_m, K.ELEVATION),
    ]
    power = [
        Metric("avg_power", "Avg power", s.avg_power_w, K.POWER),
        Metric("max_power", "Max power", s.max_power_w, K.POWER),
    ]
    pace = Metric("pace", "Avg pace", s.speed_mps, K.PACE)
    gap = Metric("gap_pace", "Grade-adjusted pace", s.gap_speed_mps, K.PACE)
    speed = Metric("speed", "Avg speed", s.speed_mps, K.SPEED)
    max_speed = Metric("max_speed", "Max speed", s.max_speed_mps, K.SPEED)
    # Running cadence is recorded per stride (one foot); runners count steps.
    steps = Metric("steps", "Cadence (steps/min)", 2 * s.avg_cadence_rpm, K.CADENCE)
    cadence = Metric("cadence", "Cadence", s.avg_cadence_rpm, K.CADENCE)
    sport = s.sport
    if sport in (Sport.RUN, Sport.TREADMILL):
        hilly = s.distance_m > 0 and s.ascent_m / s.distance_m >= 0.01
        return [*base, pace, *([gap] if hilly else []), *hr, steps, *climb, *power]
    if sport in (Sport.TRAIL_RUN, Sport.HIKE):
        return [
            *base,
            pace,
            gap,
            *climb,
            Metric(
                "vertical_speed",
                "Vertical speed (climbing)",
                s.vertical_speed_mps,
                K.VERTICAL_SPEED,
            ),
            Metric("effort_distance", "Effort distance", s.effort_distance_m, K.DISTANCE),
            Metric("highest_point", "Highest point", s.max_altitude_m, K.ELEVATION),
            *hr,
            *([steps] if sport is Sport.TRAIL_RUN else []),
        ]
    if sport is Sport.WALK:
        return [*base, pace, speed, *climb, *hr]
    if sport is Sport.BIKE:
        return [*base, speed, max_speed, *power, *climb, *hr, cadence]
    if sport is Sport.NORDIC_SKI:
        return [*base, speed, pace, max_speed, *climb, *hr, *power]
    if sport in (Sport.SKI_ERG, Sport.ROW):
        split = Metric("pace_500m", "Avg pace /500 m", s.speed_mps, K.PACE_500M)
        rate = Metric("stroke_rate", "Stroke rate", s.avg_cadence_rpm, K.CADENCE)
        return [*base, split, *power, rate, *hr]
    if sport is Sport.SWIM:
        per100 = Metric("pace_100m", "Avg pace /100 m", s.speed_mps, K.PACE_100M)
        return [*base, per100, *hr]
    if sport is Sport.MULTISPORT:
        return [*base, *hr, *climb]
    return [*base, speed, *hr, *climb, *power]


def _mean_over(track: Track, values: np.ndarray, *, moving: bool) -> float:
    if values.size < 2:
        return math.nan
    mid = (values[:-1] + values[1:]) / 2
    use = (track.moving if moving else track.recorded) & np.isfinite(mid)
    dt = np.diff(track.time_s)[use]
    total = float(dt.sum())
    return float((mid[use] * dt).sum()) / total if total > 0 else math.nan


def _finite_max(values: np.ndarray) -> float:
    finite = values[np.isfinite(values)]
    return float(finite.max()) if finite.size else math.nan


def summary(source: Activity | Track) -> Summary:
    """Summarise an activity (see the module doc for the sport's figures)."""
    track = as_track(source)
    n = len(track)
    distance = track.distance_total_m if track.has_distance else math.nan
    moving = track.moving_s

    def last(values: np.ndarray) -> float:
        return float(values[-1]) if n else math.nan

    profile = track.profile
    ascent = track.ascent_total_m
    climbing_s = track.climbing_s
    # A sample is on the move when an interval next to it is moving.
    on_the_move = np.zeros(n, dtype=bool)
    if n > 1:
        on_the_move[:-1] |= track.moving
        on_the_move[1:] |= track.moving
    return Summary(
        sport=track.sport,
        distance_m=distance,
        elapsed_s=track.elapsed_s,
        moving_s=moving,
        speed_mps=distance / moving if moving > 0 else math.nan,
        max_speed_mps=_finite_max(track.speed_mps[on_the_move]),
        gap_speed_mps=track.gap_total_m / moving if moving > 0 else math.nan,
        avg_heart_rate_bpm=(last(track.cum_hr) / last(track.cum_hr_s))
        if track.has_heart_rate
        else math.nan,
        max_heart_rate_bpm=_finite_max(track.heart_rate_bpm),
        ascent_m=ascent,
        descent_m=track.descent_total_m,
        min_altitude_m=float(profile.altitude_m.min()) if profile is not None else math.nan,
        max_altitude_m=float(profile.altitude_m.max()) if profile is not None else math.nan,
        vertical_speed_mps=ascent / climbing_s if climbing_s > 0 else math.nan,
        effort_distance_m=distance + 10 * ascent,  # km + climb/100 m, in metres
        avg_power_w=_mean_over(track, track.power_w, moving=True),
        max_power_w=_finite_max(track.power_w),
        avg_cadence_rpm=_mean_over(track, track.cadence_rpm, moving=True),
        distance_source=str(track.distance_source),
        repaired=track.spikes_dropped,
    )
