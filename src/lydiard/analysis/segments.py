"""Measuring stretches of a track (splits, laps, reps) from its cumulative streams.

Every figure of a stretch is a difference of a cumulative stream at its two ends, read by
linear interpolation in time, so stretches that tile the activity add up to its totals
exactly, and measuring thousands of them is a handful of vectorised lookups.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from lydiard.analysis.track import Track
from lydiard.model import FloatArray

__all__ = ["Measured", "measure", "time_at_distance"]


@dataclass(frozen=True, slots=True, eq=False)
class Measured:
    """Figures of several stretches, one array element per stretch (SI units).

    Attributes:
        start_s, end_s: time bounds, seconds since the start.
        start_m, end_m: distance bounds, metres (NaN without distance).
        distance_m: distance covered, metres.
        elapsed_s: end minus start, seconds.
        moving_s: moving time inside, seconds.
        gap_distance_m: grade-adjusted distance, metres (NaN without altitude).
        avg_heart_rate_bpm, max_heart_rate_bpm: heart rate over recorded time, bpm.
        ascent_m, descent_m: climb and descent, metres.
        avg_power_w: mean power over moving time, watts.
    """

    start_s: FloatArray
    end_s: FloatArray
    start_m: FloatArray
    end_m: FloatArray
    distance_m: FloatArray
    elapsed_s: FloatArray
    moving_s: FloatArray
    gap_distance_m: FloatArray
    avg_heart_rate_bpm: FloatArray
    max_heart_rate_bpm: FloatArray
    ascent_m: FloatArray
    descent_m: FloatArray
    avg_power_w: FloatArray

    def speed_mps(self, *, moving: bool = True) -> FloatArray:
        """Distance over moving (or elapsed) time, m/s; 0 for a stretch without movement."""
        time = self.moving_s if moving else self.elapsed_s
        return _ratio(self.distance_m, time, zero_when_empty=True)

    def gap_speed_mps(self, *, moving: bool = True) -> FloatArray:
        """Grade-adjusted distance over moving (or elapsed) time, m/s."""
        time = self.moving_s if moving else self.elapsed_s
        return _ratio(self.gap_distance_m, time, zero_when_empty=True)


def _ratio(num: FloatArray, den: FloatArray, *, zero_when_empty: bool = False) -> FloatArray:
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)
    if zero_when_empty:
        out = np.where((den <= 0) & (num == 0), 0.0, out)
    return np.asarray(out, dtype=np.float64)


def time_at_distance(track: Track, distance_m: FloatArray, *, last: bool = False) -> FloatArray:
    """Time in seconds at which the track first (or last) is at each distance.

    Linear between samples. ``last=True`` gives the end of a stop at that distance rather
    than its start. Distances beyond the track clamp to its ends.
    """
    d, t = track.distance_m, track.time_s
    x = np.clip(np.asarray(distance_m, dtype=np.float64), d[0], d[-1])
    n = d.size
    if n < 2:
        return np.full(x.shape, t[0] if n else np.nan)
    if last:
        i = np.clip(np.searchsorted(d, x, side="right") - 1, 0, n - 2)
        j = i + 1
    else:
        j = np.clip(np.searchsorted(d, x, side="left"), 1, n - 1)
        i = j - 1
    span = d[j] - d[i]
    with np.errstate(invalid="ignore", divide="ignore"):
        frac = np.where(span > 0, (x - d[i]) / np.where(span > 0, span, 1.0), 0.0)
    if last:
        # On a plateau ending at i + 1 == x, the last time is that of the plateau's end.
        frac = np.where((span == 0) & (d[j] == x), 1.0, frac)
    else:
        frac = np.where((span == 0) & (d[i] == x), 0.0, frac)
    return np.asarray(t[i] + frac * (t[j] - t[i]), dtype=np.float64)


def measure(
    track: Track,
    start_s: FloatArray,
    end_s: FloatArray,
    start_m: FloatArray | None = None,
    end_m: FloatArray | None = None,
) -> Measured:
    """Measure stretches of a track given by their time bounds.

    Args:
        track: the cleaned track.
        start_s: start of each stretch, seconds since the activity start.
        end_s: end of each stretch, seconds (>= start).
        start_m: distance at each start, metres, when known exactly (splits); else read
            from the track at ``start_s``.
        end_m: distance at each end, metres, likewise.

    Returns:
        Arrays of figures, one element per stretch.
    """
    t = track.time_s
    a = np.atleast_1d(np.asarray(start_s, dtype=np.float64))
    b = np.atleast_1d(np.asarray(end_s, dtype=np.float64))
    # Locate every bound once; each stream is then read by a gather and a lerp.
    ia, fa = _locate(t, a)
    ib, fb = _locate(t, b)

    def between(cum: FloatArray) -> FloatArray:
        return _read(cum, ib, fb) - _read(cum, ia, fa)

    if track.has_distance:
        dist = track.distance_m
        d0 = _read(dist, ia, fa) if start_m is None else np.asarray(start_m, np.float64)
        d1 = _read(dist, ib, fb) if end_m is None else np.asarray(end_m, np.float64)
    else:
        d0 = d1 = np.full(a.shape, np.nan)

    def along(column: str) -> FloatArray:
        # Climb and grade-adjusted distance live on the profile, along the distance.
        end = track.along(column, time_s=b, distance_m=d1)
        return end - track.along(column, time_s=a, distance_m=d0)

    hr_time = between(track.cum_hr_s)
    power_time = between(track.cum_power_s)
    return Measured(
        start_s=a,
        end_s=b,
        start_m=d0,
        end_m=d1,
        distance_m=d1 - d0,
        elapsed_s=b - a,
        moving_s=between(track.cum_moving_s),
        gap_distance_m=along("gap_m"),
        avg_heart_rate_bpm=_ratio(between(track.cum_hr), hr_time),
        max_heart_rate_bpm=_segment_max(t, track.heart_rate_bpm, a, b),
        ascent_m=along("ascent_m"),
        descent_m=along("descent_m"),
        avg_power_w=_ratio(between(track.cum_power), power_time),
    )


def _locate(time_s: FloatArray, when: FloatArray) -> tuple[npt.NDArray[np.intp], FloatArray]:
    """Interval index ``i`` and fraction ``f`` of each instant: t[i] + f (t[i+1] - t[i])."""
    n = time_s.size
    if n < 2:
        return np.zeros(when.shape, dtype=np.intp), np.zeros(when.shape)
    j = np.clip(np.searchsorted(time_s, when, side="right"), 1, n - 1)
    i = j - 1
    span = time_s[j] - time_s[i]
    with np.errstate(invalid="ignore", divide="ignore"):
        f = np.where(span > 0, (when - time_s[i]) / np.where(span > 0, span, 1.0), 1.0)
    return i, np.clip(f, 0.0, 1.0)


def _read(values: FloatArray, i: npt.NDArray[np.intp], f: FloatArray) -> FloatArray:
    """Values at located instants, linear between samples."""
    if values.size < 2:
        return np.full(i.shape, values[0] if values.size else np.nan)
    lo = values[i]
    return np.asarray(lo + f * (values[i + 1] - lo), dtype=np.float64)


def _segment_max(
    time_s: FloatArray, values: FloatArray, start_s: FloatArray, end_s: FloatArray
) -> FloatArray:
    """Largest finite value of the samples inside each [start, end]; NaN when none."""
    n = time_s.size
    out = np.full(start_s.shape, np.nan)
    if n == 0 or not np.isfinite(values).any() or start_s.size == 0:
        return out
    lo = np.searchsorted(time_s, start_s, side="left")
    hi = np.searchsorted(time_s, end_s, side="right")
    full = hi > lo
    if not full.any():
        return out
    bounds = np.empty(2 * int(full.sum()), dtype=np.intp)
    bounds[0::2] = lo[full]
    bounds[1::2] = np.minimum(hi[full], n - 1)
    # Stop the array at the last bound so the final (unused) reduction is short.
    reduced = np.fmax.reduceat(values[: int(bounds.max()) + 1], bounds)[0::2]
    # reduceat stops short of the last sample when a stretch runs to the end.
    tail = hi[full] == n
    reduced = np.where(tail, np.fmax(reduced, values[-1]), reduced)
    out[full] = reduced
    return out
