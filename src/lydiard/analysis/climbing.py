"""Climb and descent with a hysteresis threshold, as cumulative streams.

Summing every rise of an altitude stream counts noise as climbing, so climb is taken from
the smoothed profile (:mod:`lydiard.analysis.elevation`) through a hysteresis ("zigzag")
filter: a change of direction counts only once the profile has moved ``threshold_m``
away from the last extreme. Rises and dips smaller than the threshold are ignored; a hill
counts in full (from its foot to its top) once it is taller than the threshold.
GoldenCheetah uses the same idea ("elevation hysteresis", 3 m by default); lydiard's
default is also 3 m, applied after smoothing.

The cumulative streams rise within a climb as the running maximum above its foot, so
climb between any two points (a split, a rep) is a difference of the stream, and the
per-split figures add up to the total exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from lydiard.model import FloatArray

IntArray = npt.NDArray[np.intp]

__all__ = ["DEFAULT_THRESHOLD_M", "Climbing", "climbing", "turning_points"]

#: Hysteresis threshold in metres applied to the smoothed profile.
DEFAULT_THRESHOLD_M = 3.0


@dataclass(frozen=True, slots=True, eq=False)
class Climbing:
    """Cumulative climb and descent along a profile.

    Attributes:
        ascent_m: cumulative climb at each profile point, metres, from 0.
        descent_m: cumulative descent at each profile point, metres (positive), from 0.
        pivots: indices of the confirmed turning points (alternating lows and highs).
    """

    ascent_m: FloatArray
    descent_m: FloatArray
    pivots: IntArray

    @property
    def total_ascent_m(self) -> float:
        """Total climb in metres."""
        return float(self.ascent_m[-1]) if self.ascent_m.size else 0.0

    @property
    def total_descent_m(self) -> float:
        """Total descent in metres."""
        return float(self.descent_m[-1]) if self.descent_m.size else 0.0


def _candidates(profile: FloatArray) -> IntArray:
    """Indices where the profile changes direction, plus both ends (plateaus collapsed)."""
    n = profile.size
    steps = np.diff(profile)
    moving = np.flatnonzero(steps != 0)
    if moving.size == 0:
        return np.array([0, n - 1], dtype=np.intp)
    signs = np.sign(steps[moving])
    turns = moving[1:][signs[1:] != signs[:-1]]  # first step of a new direction
    return np.unique(np.concatenate(([0], turns, [n - 1]))).astype(np.intp)


def turning_points(profile: FloatArray, threshold_m: float) -> IntArray:
    """Indices of the confirmed lows and highs of a profile (hysteresis ``threshold_m``).

    The first point is the first pivot; each further pivot is the most extreme point
    before the profile moved ``threshold_m`` back the other way; the last running
    extreme closes the list.
    """
    if profile.size == 0:
        return np.zeros(0, dtype=np.intp)
    cand = _candidates(profile)
    values = profile[cand].tolist()
    pivots = [0]
    trend = 0
    ext = 0  # position in ``cand`` of the running extreme
    base = values[0]
    for k in range(1, len(values)):
        v = values[k]
        if trend == 0:
            if v - base >= threshold_m:
                trend, ext = 1, k
            elif base - v >= threshold_m:
                trend, ext = -1, k
        elif trend > 0:
            if v > values[ext]:
                ext = k
            elif values[ext] - v >= threshold_m:
                pivots.append(ext)
                trend, ext = -1, k
        else:
            if v < values[ext]:
                ext = k
            elif v - values[ext] >= threshold_m:
                pivots.append(ext)
                trend, ext = 1, k
    if trend != 0:
        pivots.append(ext)
    return cand[np.asarray(pivots, dtype=np.intp)]


def climbing(profile: FloatArray, threshold_m: float = DEFAULT_THRESHOLD_M) -> Climbing:
    """Cumulative climb and descent of a (smoothed) altitude profile, with hysteresis.

    Args:
        profile: altitude in metres along a profile, finite.
        threshold_m: the hysteresis in metres; 0 counts every rise.

    Returns:
        The cumulative streams (same length as ``profile``) and the pivots.

    Raises:
        ValueError: when the threshold is negative or the profile holds NaN.
    """
    if not threshold_m >= 0:
        raise ValueError(f"climb threshold must be >= 0 m, got {threshold_m!r}")
    if not np.isfinite(profile).all():
        raise ValueError("climb profile must be finite (smooth and fill it first)")
    n = profile.size
    if n == 0:
        empty = np.zeros(0)
        return Climbing(empty, empty.copy(), np.zeros(0, dtype=np.intp))
    pivots = turning_points(profile, threshold_m)
    if pivots.size < 2:
        zeros = np.zeros(n)
        return Climbing(zeros, zeros.copy(), pivots)
    heights = profile[pivots]
    change = np.diff(heights)
    rise = np.abs(change)
    up = change > 0
    # Segment s runs from pivots[s] to pivots[s + 1]; after the last pivot nothing changes.
    seg = np.searchsorted(pivots, np.arange(n), side="right") - 1
    last = pivots.size - 1
    inside = seg < last
    seg_c = np.minimum(seg, last - 1)
    sign = np.where(up, 1.0, -1.0)[seg_c]
    progress = np.clip((profile - heights[seg_c]) * sign, 0.0, rise[seg_c])
    progress = np.where(inside, progress, 0.0)
    # A running maximum that restarts in each segment: lift each segment above the last.
    lift = (float(rise.max()) + 1.0) * seg_c.astype(np.float64)
    progress = np.maximum.accumulate(progress + lift) - lift
    done_up = np.concatenate(([0.0], np.cumsum(np.where(up, rise, 0.0))))
    done_down = np.concatenate(([0.0], np.cumsum(np.where(up, 0.0, rise))))
    seg_done = np.minimum(seg, last)
    ascent = done_up[seg_done] + np.where(inside & up[seg_c], progress, 0.0)
    descent = done_down[seg_done] + np.where(inside & ~up[seg_c], progress, 0.0)
    return Climbing(np.asarray(ascent), np.asarray(descent), pivots)
