"""Trail and mountain races: effort-km and a prediction for a course from its profile.

* **Effort-km** (ITRA's km-effort; Saugy et al. 2013): ``km + climb_m / 100``.
* **Course prediction.** The course (cumulative distance and altitude arrays, as read
  from a GPX elsewhere) is resampled every ``resolution_m`` metres and its altitude smoothed
  over ``smoothing_m`` (raw GPS/DEM altitude makes gradients meaningless). Each step of
  length dx and gradient i counts as ``dx x cost(i)`` flat metres, where, by ``model``:

  - :attr:`TrailModel.MINETTI` (default): ``cost(i) = (Cr(i)/Cr(0))^e`` with Minetti et al.
    (2002, J Appl Physiol 93:1039) ``Cr(i) = 155.4 i^5 - 30.4 i^4 - 43.3 i^3 + 46.3 i^2 +
    19.5 i + 3.6`` J/kg/m, i clamped to +/-0.45, e = 1 (equal metabolic power). Downhill
    the energy saving is not a time saving on a trail (braking, footing, eccentric
    damage), so ``cost`` is not allowed below ``descent_floor`` (1.0 by default: a
    descent counts as flat). At steep grades ``dx x cost`` converges to about 10 m per
    metre climbed, the same as ITRA's rule.
  - :attr:`TrailModel.EFFORT_KM`: ``dx + 10 x climb`` (ITRA), descents count as flat.

  The **fatigue term**: the equivalent flat distance is then raced with the race model
  (VDOT, then lydiard's ultra ratio model beyond the marathon, so speed falls with
  duration faster than Riegel's 1.06), from a performance the runner gives. Split times
  assume an even effort: the share of the time equals the share of equivalent distance.

It does not model altitude, heat, night, aid stations or technical footing beyond the
descent floor; treat it as a starting estimate. From Walmsley's 100 km (6:09:26) it
predicts 18:32 for the UTMB course file (the effort-km model: 21:01); he won UTMB 2023
in 19:37:43.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, assert_never

import numpy as np

from lydiard.analysis.grade import gap_factor
from lydiard.errors import InputError
from lydiard.model.samples import FloatArray
from lydiard.physiology.races import (
    DEFAULT_RATIO_100K,
    RIEGEL_EXPONENT,
    RaceModel,
    predict_time,
)

__all__ = [
    "CourseCheckpoint",
    "CoursePrediction",
    "TrailModel",
    "effort_km",
    "predict_course",
]


class TrailModel(StrEnum):
    """How a course's climbs and descents count as flat distance."""

    MINETTI = "minetti"  # energy cost of running on gradients (default)
    EFFORT_KM = "effort_km"  # ITRA: 100 m of climb = 1 km


def effort_km(distance_m: float, climb_m: float) -> float:
    """ITRA effort-km (Saugy et al. 2013): kilometres plus climb in metres / 100.

    Args:
        distance_m: course length, metres.
        climb_m: total ascent, metres.

    Returns:
        Effort-km; 170 km with 10,000 m of climb is 270 effort-km.
    """
    if not (math.isfinite(distance_m) and distance_m >= 0):
        raise InputError(f"distance must be a non-negative number of metres, got {distance_m!r}")
    if not (math.isfinite(climb_m) and climb_m >= 0):
        raise InputError(f"climb must be a non-negative number of metres, got {climb_m!r}")
    return distance_m / 1000.0 + climb_m / 100.0


@dataclass(frozen=True, slots=True)
class CourseCheckpoint:
    """Predicted arrival at a point of the course.

    Attributes:
        distance_m: metres from the start.
        altitude_m: smoothed altitude there, metres.
        climb_m: ascent so far, metres.
        time_s: predicted elapsed time, seconds.
    """

    distance_m: float
    altitude_m: float
    climb_m: float
    time_s: float


@dataclass(frozen=True, slots=True)
class CoursePrediction:
    """A race prediction for a course.

    Attributes:
        distance_m: course length, metres.
        climb_m, descent_m: total ascent and descent of the smoothed profile, metres.
        effort_km: ITRA effort-km.
        equivalent_flat_m: the flat distance the course is worth under ``model``, metres.
        time_s: predicted finishing time, seconds.
        model: the trail model used.
        checkpoints: predicted arrivals every ``checkpoint_every_m`` and at the finish.
    """

    distance_m: float
    climb_m: float
    descent_m: float
    effort_km: float
    equivalent_flat_m: float
    time_s: float
    model: TrailModel
    checkpoints: tuple[CourseCheckpoint, ...]


def _resampled_profile(
    distance_m: Any, altitude_m: Any, resolution_m: float, smoothing_m: float
) -> tuple[FloatArray, FloatArray]:
    d = np.asarray(distance_m, dtype=np.float64)
    h = np.asarray(altitude_m, dtype=np.float64)
    if d.ndim != 1 or d.shape != h.shape:
        raise InputError("course distance and altitude must be 1-D arrays of equal length")
    keep = np.isfinite(d)
    d, h = d[keep], h[keep]
    if d.size < 2 or d[-1] - d[0] <= 0:
        raise InputError("a course needs at least two points with increasing distance")
    if np.any(np.diff(d) < 0):
        raise InputError("course distance must not decrease along the track")
    has_alt = np.isfinite(h)
    if has_alt.sum() < 2:
        raise InputError("the course has no altitude: a profile needs elevation data")
    d_alt, first = np.unique(d[has_alt], return_index=True)
    h_alt = h[has_alt][first]
    n = max(2, math.ceil((d[-1] - d[0]) / resolution_m) + 1)
    grid = np.linspace(d[0], d[-1], n)
    alt = np.interp(grid, d_alt, h_alt)
    width = round(float(smoothing_m / (grid[1] - grid[0])))
    if width > 1 and alt.size > width:
        half = width // 2
        padded = np.concatenate((np.full(half, alt[0]), alt, np.full(width - 1 - half, alt[-1])))
        csum = np.concatenate(([0.0], np.cumsum(padded)))
        alt = (csum[width:] - csum[:-width]) / width
    return grid - d[0], alt


def predict_course(
    distance_m: Any,
    altitude_m: Any,
    *,
    from_distance_m: float,
    from_time_s: float,
    model: TrailModel = TrailModel.MINETTI,
    race_model: RaceModel = RaceModel.VDOT,
    riegel_exponent: float = RIEGEL_EXPONENT,
    ratio_100k: float = DEFAULT_RATIO_100K,
    descent_floor: float = 1.0,
    cost_exponent: float = 1.0,
    resolution_m: float = 10.0,
    smoothing_m: float = 100.0,
    checkpoint_every_m: float = 10000.0,
) -> CoursePrediction:
    """Predict a runner's time on a course from its profile and one flat performance.

    Args:
        distance_m: cumulative distance along the course, metres (non-decreasing).
        altitude_m: altitude at each point, metres (NaN where unknown).
        from_distance_m: distance of a recent flat performance, metres.
        from_time_s: its time, seconds.
        model: how gradients count (:class:`TrailModel`).
        race_model: how the equivalent flat distance is raced (VDOT default, or Riegel).
        riegel_exponent: Riegel exponent when ``race_model`` is Riegel.
        ratio_100k: ultra ratio model parameter (100 km / marathon time).
        descent_floor: lowest cost a descending step may have, relative to flat (Minetti
            model only; 1.0 = descents count as flat, Minetti alone gives about 0.5).
        cost_exponent: e in (Cr(i)/Cr(0))^e; 1 = equal metabolic power.
        resolution_m: resampling step, metres.
        smoothing_m: width of the altitude moving average, metres.
        checkpoint_every_m: spacing of the predicted checkpoints, metres.

    Returns:
        The prediction with checkpoints.

    Raises:
        InputError: for a course without altitude or increasing distance, or bad options.
    """
    model = TrailModel(model)
    for name, value in (
        ("resolution_m", resolution_m),
        ("checkpoint_every_m", checkpoint_every_m),
        ("cost_exponent", cost_exponent),
    ):
        if not (math.isfinite(value) and value > 0):
            raise InputError(f"{name} must be positive, got {value!r}")
    if not (math.isfinite(smoothing_m) and smoothing_m >= 0):
        raise InputError(f"smoothing_m must be zero or more, got {smoothing_m!r}")
    if not (math.isfinite(descent_floor) and 0 < descent_floor <= 1.5):
        raise InputError(f"descent_floor must be in (0, 1.5], got {descent_floor!r}")
    grid, alt = _resampled_profile(distance_m, altitude_m, resolution_m, smoothing_m)
    dx = np.diff(grid)
    dh = np.diff(alt)
    up = np.clip(dh, 0.0, None)
    if model is TrailModel.MINETTI:
        cost = gap_factor(dh / dx, cost_exponent)
        cost = np.where(dh < 0, np.maximum(cost, descent_floor), cost)
        flat_steps = dx * cost
    elif model is TrailModel.EFFORT_KM:
        flat_steps = dx + 10.0 * up
    else:
        assert_never(model)
    cum_flat = np.concatenate(([0.0], np.cumsum(flat_steps)))
    equivalent = float(cum_flat[-1])
    total = predict_time(
        from_distance_m,
        from_time_s,
        equivalent,
        model=race_model,
        riegel_exponent=riegel_exponent,
        ratio_100k=ratio_100k,
    )
    cum_climb = np.concatenate(([0.0], np.cumsum(up)))
    marks = np.arange(checkpoint_every_m, grid[-1], checkpoint_every_m)
    marks = np.append(marks, grid[-1])
    checkpoints = tuple(
        CourseCheckpoint(
            distance_m=float(m),
            altitude_m=float(np.interp(m, grid, alt)),
            climb_m=float(np.interp(m, grid, cum_climb)),
            time_s=float(total * np.interp(m, grid, cum_flat) / equivalent),
        )
        for m in marks
    )
    climb = float(up.sum())
    return CoursePrediction(
        distance_m=float(grid[-1]),
        climb_m=climb,
        descent_m=float(-np.clip(dh, None, 0.0).sum()),
        effort_km=effort_km(float(grid[-1]), climb),
        equivalent_flat_m=equivalent,
        time_s=float(total),
        model=model,
        checkpoints=checkpoints,
    )
