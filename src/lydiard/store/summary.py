"""Summary metrics of an activity, computed once at import.

This is the one place summaries are made: :func:`summarise` takes an
:class:`~lydiard.model.Activity` and returns an :class:`ActivitySummary`; ingest calls it
through a parameter, so a richer function (from :mod:`lydiard.analysis`) can replace it.

Rules (simple on purpose, documented in docs/store.md):

* distance: the sessions' total when every session reports one; else the last value of the
  cumulative distance channel; else the great-circle length of the GPS track.
* moving time: the sum of sample intervals of at most 30 s during which the athlete moved
  at least 0.5 m/s (from the speed channel, else from distance, else from GPS positions);
  with none of them the timer time, else the elapsed time.
* ascent and descent: the sessions' totals, else the laps', else the altitude channel with
  a 3 m hysteresis.
* heart rate and power: the time-weighted mean over samples (each sample weighs the
  interval to the next, the last one the interval before it, capped at 30 s so a pause
  does not weigh), else the single session's reported value; maximum from samples.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from lydiard.model import Activity, FloatArray

__all__ = [
    "MAX_GAP_S",
    "MOVING_SPEED_MPS",
    "ActivitySummary",
    "climb_with_hysteresis",
    "summarise",
    "track_length_m",
    "track_steps_m",
]

#: Below this speed (m/s) the athlete is standing still.
MOVING_SPEED_MPS = 0.5
#: A gap between samples longer than this (s) is a pause, not movement.
MAX_GAP_S = 30.0
#: Altitude must rise or fall this much (m) to count as climb (filters sensor noise).
CLIMB_HYSTERESIS_M = 3.0
#: Mean Earth radius (m), IUGG.
EARTH_RADIUS_M = 6_371_008.8


@dataclass(frozen=True, slots=True)
class ActivitySummary:
    """Totals and averages of one activity; None where the file gives no way to know.

    Attributes:
        distance_m: distance in metres.
        elapsed_s: first to last sample, seconds.
        moving_s: time in motion, seconds.
        timer_s: the device's timer time, seconds.
        ascent_m, descent_m: climb and descent, metres.
        avg_heart_rate_bpm, max_heart_rate_bpm: heart rate, bpm.
        avg_speed_mps: distance / moving time, m/s.
        avg_power_w: average power, watts.
        calories_kcal: energy as the device reported, kcal.
    """

    distance_m: float | None = None
    elapsed_s: float | None = None
    moving_s: float | None = None
    timer_s: float | None = None
    ascent_m: float | None = None
    descent_m: float | None = None
    avg_heart_rate_bpm: float | None = None
    max_heart_rate_bpm: float | None = None
    avg_speed_mps: float | None = None
    avg_power_w: float | None = None
    calories_kcal: float | None = None


def _total(values: list[float]) -> float | None:
    """The sum when every value is known, else None."""
    if not values or not all(math.isfinite(v) for v in values):
        return None
    return float(sum(values))


def _known(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def track_steps_m(lat_deg: FloatArray, lon_deg: FloatArray) -> FloatArray:
    """Great-circle distance (haversine, spherical Earth) from each point to the next, m.

    NaN where either point has no position; one value fewer than points.
    """
    lat = np.radians(lat_deg)
    lon = np.radians(lon_deg)
    a = (
        np.sin(np.diff(lat) / 2) ** 2
        + np.cos(lat[:-1]) * np.cos(lat[1:]) * np.sin(np.diff(lon) / 2) ** 2
    )
    return np.asarray(2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0))))


def track_length_m(lat_deg: FloatArray, lon_deg: FloatArray) -> float | None:
    """Great-circle length of a track over its points with a position, m; None without GPS."""
    ok = np.isfinite(lat_deg) & np.isfinite(lon_deg)
    if ok.sum() < 2:
        return None
    return float(track_steps_m(lat_deg[ok], lon_deg[ok]).sum())


def climb_with_hysteresis(
    altitude_m: FloatArray, threshold_m: float = CLIMB_HYSTERESIS_M
) -> tuple[float, float] | None:
    """Total ascent and descent (m), counting a change only once it exceeds the threshold.

    Returns None when there are fewer than two altitude values.
    """
    values = altitude_m[np.isfinite(altitude_m)]
    if values.size < 2:
        return None
    ascent = descent = 0.0
    anchor = float(values[0])
    for value in values[1:].tolist():
        change = value - anchor
        if change >= threshold_m:
            ascent += change
            anchor = value
        elif change <= -threshold_m:
            descent -= change
            anchor = value
    return ascent, descent


def _weights(time_s: FloatArray) -> FloatArray:
    """Seconds each sample stands for, capped at :data:`MAX_GAP_S` so a pause does not weigh.

    A sample stands for the interval to the next one; the last for the interval before it.
    """
    if time_s.size < 2:
        return np.ones_like(time_s)
    dt = np.diff(time_s, append=time_s[-1])
    dt[-1] = dt[-2]
    return np.minimum(dt, MAX_GAP_S)


def _weighted_mean(values: FloatArray, weights: FloatArray) -> float | None:
    ok = np.isfinite(values) & (weights > 0)
    if not ok.any():
        return None
    return float(np.average(values[ok], weights=weights[ok]))


def _moving_s(activity: Activity) -> float | None:
    samples = activity.samples
    if len(samples) < 2:
        return None
    dt = np.diff(samples.time_s)
    speed = samples.speed_mps[1:]
    with np.errstate(divide="ignore", invalid="ignore"):
        if not np.isfinite(speed).any() and samples.has("distance_m"):
            speed = np.diff(samples.distance_m) / dt
        if not np.isfinite(speed).any() and samples.has("lat_deg"):
            speed = track_steps_m(samples.lat_deg, samples.lon_deg) / dt
    if not np.isfinite(speed).any():
        return None
    moving = np.isfinite(speed) & (speed >= MOVING_SPEED_MPS) & (dt <= MAX_GAP_S)
    return float(dt[moving].sum())


def summarise(activity: Activity) -> ActivitySummary:
    """Compute the summary metrics stored with an activity (rules in the module docstring)."""
    samples = activity.samples
    sessions = activity.sessions
    distance = _total([s.distance_m for s in sessions])
    if distance is None and samples.has("distance_m"):
        finite = samples.distance_m[np.isfinite(samples.distance_m)]
        distance = float(finite[-1])
    if distance is None:
        distance = track_length_m(samples.lat_deg, samples.lon_deg)
    elapsed = activity.elapsed_s if (len(samples) or sessions) else None
    timer = _total([s.timer_s for s in sessions])
    moving = _moving_s(activity)
    if moving is None:
        moving = timer if timer is not None else elapsed
    ascent = _total([s.ascent_m for s in sessions])
    descent = _total([s.descent_m for s in sessions])
    if ascent is None:
        ascent = _total([lap.ascent_m for lap in activity.laps])
        descent = _total([lap.descent_m for lap in activity.laps])
    if ascent is None:
        climb = climb_with_hysteresis(samples.altitude_m)
        ascent, descent = climb if climb else (None, None)
    weights = _weights(samples.time_s)
    avg_hr = _weighted_mean(samples.heart_rate_bpm, weights)
    max_hr = float(np.nanmax(samples.heart_rate_bpm)) if samples.has("heart_rate_bpm") else None
    if len(sessions) == 1:
        avg_hr = avg_hr if avg_hr is not None else _known(sessions[0].avg_heart_rate_bpm)
        max_hr = max_hr if max_hr is not None else _known(sessions[0].max_heart_rate_bpm)
    avg_speed = distance / moving if distance is not None and moving else None
    return ActivitySummary(
        distance_m=distance,
        elapsed_s=elapsed,
        moving_s=moving,
        timer_s=timer,
        ascent_m=ascent,
        descent_m=descent,
        avg_heart_rate_bpm=avg_hr,
        max_heart_rate_bpm=max_hr,
        avg_speed_mps=avg_speed,
        avg_power_w=_weighted_mean(samples.power_w, weights),
        calories_kcal=_total([s.calories_kcal for s in sessions]),
    )
