"""Cleaning the recorded streams: GPS spikes, distance, speed, pauses and stops.

Pure functions over numpy arrays (SI units, NaN = missing). The choices, and why:

- **Position spikes.** A GPS fix that jumps away and straight back (implied speed above the
  sport's ceiling on the way out *and* on the way back, while its neighbours agree with each
  other) is dropped; a jump that stays (re-acquiring a fix after a tunnel) is kept, since
  the athlete did get there.
- **Distance.** The device's own distance is preferred when it covers the activity: watches
  filter GPS, and footpods and wheel sensors are better than positions. Backwards steps
  are dropped, and a step faster than the ceiling that falls back again (a glitch) takes
  the local speed. Without a
  device distance it is the great-circle distance between fixes (haversine on a sphere of
  the mean Earth radius, within 0.5 % of the ellipsoid) after a 5-fix average of the
  positions, counted only while moving, because GPS jitter while standing at an aid
  station would otherwise add hundreds of metres; then the integral of a speed channel
  (treadmill, erg).
- **Pauses.** A gap between samples longer than ``pause_gap_s`` is a pause of the recording
  (manual or automatic): it counts in elapsed time, never in moving time.
- **Stops (auto-pause).** An interval is stopped when the speed over a centred window is
  below the sport's stop speed. With GPS only, that speed is the net displacement across
  the window, which jitter cannot inflate.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from lydiard.analysis.elevation import moving_average
from lydiard.analysis.geodesy import haversine_m, step_distances_m
from lydiard.model import FloatArray

__all__ = [
    "BoolArray",
    "device_distance_m",
    "drop_position_spikes",
    "fill_gaps",
    "geodesic_distance_m",
    "moving_intervals",
    "net_speed_mps",
    "pause_gap_s",
    "speed_distance_m",
    "window_speed_mps",
]

BoolArray = npt.NDArray[np.bool_]


def pause_gap_s(time_s: FloatArray, *, minimum_s: float = 10.0, factor: float = 5.0) -> float:
    """The gap between samples above which the recording was paused, in seconds.

    Five times the typical (median) sampling interval, and at least ``minimum_s``: 10 s for
    1 s recording, more for "smart" or 5 s recording, whose normal gaps are not pauses.

    Args:
        time_s: sample times in seconds, non-decreasing.
        minimum_s: the smallest threshold returned, seconds.
        factor: multiple of the median interval.
    """
    steps = np.diff(time_s)
    if steps.size and steps[0] > 0 and steps.min() == steps.max():
        return max(minimum_s, factor * float(steps[0]))  # regular recording: no sort
    steps = steps[steps > 0]
    if steps.size == 0:
        return minimum_s
    return max(minimum_s, factor * float(np.median(steps)))


def fill_gaps(time_s: FloatArray, values: FloatArray) -> FloatArray:
    """Fill NaN values by linear interpolation in time; the ends hold the nearest value.

    Returns an all-NaN array unchanged when there is no finite value at all.
    """
    values = np.asarray(values, dtype=np.float64)
    ok = np.isfinite(values)
    if ok.all() or not ok.any():
        return values.copy()
    return np.interp(time_s, time_s[ok], values[ok])


def _steps_speed(dist_m: FloatArray, dt_s: FloatArray) -> FloatArray:
    # Sub-second or repeated timestamps would make any step look infinitely fast.
    return np.asarray(dist_m / np.maximum(dt_s, 0.5), dtype=np.float64)


def drop_position_spikes(
    time_s: FloatArray, lat_deg: FloatArray, lon_deg: FloatArray, max_speed_mps: float
) -> tuple[FloatArray, FloatArray, int]:
    """Drop GPS fixes that jump out and straight back faster than ``max_speed_mps``.

    Runs of one to three bad fixes are found: the jump into the run and the jump out of it
    both exceed the ceiling while the fixes on either side are consistent with each other.

    Args:
        time_s: sample times in seconds.
        lat_deg: latitudes in degrees; NaN where there is no fix.
        lon_deg: longitudes in degrees; NaN where there is no fix.
        max_speed_mps: the fastest plausible speed for the sport, m/s.

    Returns:
        Latitude and longitude with the spikes set to NaN, and how many fixes were dropped.
    """
    lat = np.array(lat_deg, dtype=np.float64)
    lon = np.array(lon_deg, dtype=np.float64)
    dropped = 0
    for run in (1, 2, 3):
        idx = np.flatnonzero(np.isfinite(lat) & np.isfinite(lon))
        if idx.size < run + 2:
            break
        t, la, lo = time_s[idx], lat[idx], lon[idx]
        first = np.arange(1, idx.size - run)  # first fix of a candidate run
        last = first + run - 1
        before, after = first - 1, last + 1
        v_in = _steps_speed(
            haversine_m(la[before], lo[before], la[first], lo[first]), t[first] - t[before]
        )
        v_out = _steps_speed(
            haversine_m(la[last], lo[last], la[after], lo[after]), t[after] - t[last]
        )
        v_skip = _steps_speed(
            haversine_m(la[before], lo[before], la[after], lo[after]), t[after] - t[before]
        )
        bad = (v_in > max_speed_mps) & (v_out > max_speed_mps) & (v_skip <= max_speed_mps)
        if not bad.any():
            continue
        mask = np.zeros(idx.size, dtype=np.bool_)
        for k in range(run):
            mask[first[bad] + k] = True
        lat[idx[mask]] = np.nan
        lon[idx[mask]] = np.nan
        dropped += int(mask.sum())
    return lat, lon, dropped


def net_speed_mps(
    time_s: FloatArray, lat_deg: FloatArray, lon_deg: FloatArray, window_s: float
) -> FloatArray:
    """Net displacement over a centred time window divided by its length, in m/s.

    Jitter around a standing athlete adds path length but hardly any net displacement,
    so this is the speed to judge stops by. NaN everywhere when there are fewer than two
    fixes.
    """
    ok = np.isfinite(lat_deg) & np.isfinite(lon_deg)
    if ok.sum() < 2:
        return np.full(time_s.shape, np.nan)
    tf, la, lo = time_s[ok], lat_deg[ok], lon_deg[ok]
    lo_t = np.maximum(time_s - window_s / 2, time_s[0])
    hi_t = np.minimum(time_s + window_s / 2, time_s[-1])
    span = hi_t - lo_t
    lat0, lon0 = np.interp(lo_t, tf, la), np.interp(lo_t, tf, lo)
    moved = haversine_m(lat0, lon0, np.interp(hi_t, tf, la), np.interp(hi_t, tf, lo))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(np.where(span > 0, moved / span, np.nan), dtype=np.float64)


def window_speed_mps(time_s: FloatArray, distance_m: FloatArray, window_s: float) -> FloatArray:
    """Speed from a cumulative distance over a centred time window, in m/s.

    Args:
        time_s: sample times in seconds.
        distance_m: cumulative distance in metres, finite and non-decreasing.
        window_s: the window length in seconds (shortened at the ends).
    """
    n = time_s.size
    if n < 2:
        return np.full(time_s.shape, np.nan)
    steps = np.diff(time_s)
    half = window_s / 2 / steps[0] if steps[0] > 0 else 0.0
    if 1 <= half < n / 2 and half == round(half) and bool((steps == steps[0]).all()):
        # Regular sampling (the common 1 s recording): differences of shifted slices.
        k = min(int(half), n - 1)
        d = distance_m
        out = np.empty(n)
        out[k : n - k] = (d[2 * k :] - d[: n - 2 * k]) / (2 * k * steps[0])
        # Near the ends the window is cut short (as below, by clamping to the data).
        for i in (*range(min(k, n)), *range(max(n - k, k), n)):
            lo, hi = max(i - k, 0), min(i + k, n - 1)
            span_s = time_s[hi] - time_s[lo]
            out[i] = (d[hi] - d[lo]) / span_s if span_s > 0 else np.nan
        return out
    lo_t = np.maximum(time_s - window_s / 2, time_s[0])
    hi_t = np.minimum(time_s + window_s / 2, time_s[-1])
    span = hi_t - lo_t
    moved = np.interp(hi_t, time_s, distance_m) - np.interp(lo_t, time_s, distance_m)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(np.where(span > 0, moved / span, np.nan), dtype=np.float64)


def moving_intervals(
    time_s: FloatArray, speed_mps: FloatArray, *, stop_speed_mps: float, pause_gap: float
) -> BoolArray:
    """Which intervals between consecutive samples count as moving time.

    An interval is not moving when it is a pause of the recording (longer than
    ``pause_gap`` seconds) or when the mean speed at its two ends is below
    ``stop_speed_mps``; where speed is unknown (no distance at all) only pauses count.

    Returns:
        A boolean array of length ``len(time_s) - 1``.
    """
    if time_s.size < 2:
        return np.zeros(0, dtype=np.bool_)
    dt = np.diff(time_s)
    mid = (speed_mps[:-1] + speed_mps[1:]) / 2
    fast = np.where(np.isnan(mid), True, mid >= stop_speed_mps)
    return np.asarray((dt <= pause_gap) & fast, dtype=np.bool_)


def geodesic_distance_m(
    time_s: FloatArray,
    lat_deg: FloatArray,
    lon_deg: FloatArray,
    counted: BoolArray,
    *,
    smooth_fixes: int = 5,
) -> FloatArray:
    """Cumulative great-circle distance in metres along the fixes, from 0.

    Positions are first averaged over ``smooth_fixes`` consecutive fixes: GPS error
    wanders by a metre or so from one fix to the next, and summing it adds length (2-4 %
    at a jog with a few metres of error, more at a walk); a 5-fix average takes most of
    that out and cuts the corners of a 400 m track by under 1 %.

    Args:
        time_s: sample times in seconds.
        lat_deg: latitudes in degrees (spikes already dropped); NaN = no fix.
        lon_deg: longitudes in degrees (spikes already dropped); NaN = no fix.
        counted: per interval (length n - 1), whether distance moved in it counts (moving
            and not a pause); a step between fixes counts when its first interval does.
        smooth_fixes: how many fixes the positions are averaged over (1 = none).

    Returns:
        Distance at every sample; samples without a fix are interpolated in time. All
        NaN when there are fewer than two fixes.
    """
    ok = np.flatnonzero(np.isfinite(lat_deg) & np.isfinite(lon_deg))
    if ok.size < 2:
        return np.full(time_s.shape, np.nan)
    la, lo = moving_average(lat_deg[ok], smooth_fixes), moving_average(lon_deg[ok], smooth_fixes)
    steps = step_distances_m(la, lo)
    steps = np.where(counted[ok[:-1]], steps, 0.0)
    at_fixes = np.concatenate(([0.0], np.cumsum(steps)))
    return np.asarray(np.interp(time_s, time_s[ok], at_fixes), dtype=np.float64)


def device_distance_m(
    time_s: FloatArray, distance_m: FloatArray, max_speed_mps: float
) -> tuple[FloatArray, int]:
    """The device's cumulative distance, repaired, from 0 at the first sample.

    Missing values are interpolated in time; backward steps (sensor resets) add nothing;
    a step faster than ``max_speed_mps`` that the distance then falls back from (a glitch)
    is replaced by the speed of the good steps around it, while one that stays (catching
    up after a lost signal, a pool length) is kept.

    Returns:
        The repaired cumulative distance in metres and the number of steps repaired.
    """
    filled = fill_gaps(time_s, distance_m)
    if filled.size == 0 or not np.isfinite(filled).any():
        return np.full(time_s.shape, np.nan), 0
    steps = np.diff(filled)
    dt = np.diff(time_s)
    if steps.size and steps.min() >= 0 and not (steps > max_speed_mps * np.maximum(dt, 0.5)).any():
        return filled - filled[0], 0  # already clean: the common case
    backwards = steps < 0
    speed = _steps_speed(np.where(backwards, 0.0, steps), dt)
    steps = np.where(backwards, 0.0, steps)
    # A step faster than the ceiling that the distance then falls back from is a glitch;
    # one that stays is the device catching up (after losing the signal; a pool length
    # counted at the wall) and is kept.
    glitch = np.zeros(steps.size, dtype=np.bool_)
    for i in np.flatnonzero(speed > max_speed_mps):
        after = filled[i + 2 : i + 7]
        glitch[i] = after.size > 0 and float(after.min()) < float(filled[i + 1]) - 1.0
    if glitch.any():
        good = ~glitch
        mid_t = (time_s[:-1] + time_s[1:]) / 2
        local = np.interp(mid_t[glitch], mid_t[good], speed[good]) if good.any() else 0.0
        steps[glitch] = np.minimum(local, max_speed_mps) * dt[glitch]
    repaired = int(backwards.sum() + glitch.sum())
    return np.concatenate(([0.0], np.cumsum(steps))), repaired


def speed_distance_m(time_s: FloatArray, speed_mps: FloatArray) -> FloatArray:
    """Cumulative distance in metres from a speed channel (trapezoid rule), from 0.

    Missing speeds are interpolated in time; all NaN when there is no speed at all.
    """
    speed = fill_gaps(time_s, speed_mps)
    if speed.size == 0 or not np.isfinite(speed).any():
        return np.full(time_s.shape, np.nan)
    steps = np.diff(time_s) * (speed[:-1] + speed[1:]) / 2
    return np.concatenate(([0.0], np.cumsum(np.maximum(steps, 0.0))))
