"""Elevation smoothing along the distance travelled, and the gradient it gives.

Why: GPS altitude is noisy (errors of several metres that wander over tens of seconds) and
barometric altitude is quantised and drifts; between two 1 s samples a runner covers 3 m,
so a 1 m altitude error is a 33 % "gradient". Raw gradients are meaningless, and summing
every raw rise overstates climb. So altitude is smoothed before either is taken.

How:

1. Altitude is resampled onto a regular grid of the **distance** travelled (``step_m``, 5 m
   by default): each grid point takes the mean of the samples nearest to it (empty ones
   are interpolated). Smoothing over distance, not time, means a stop at an aid station
   is a single point rather than minutes of noise, and the same length of trail is
   averaged whatever the speed.
2. A centred moving average of ``window_m`` is applied twice on that grid (a triangular
   kernel twice as wide, whose frequency response has far smaller side lobes than one pass
   of a box). At the ends the window shrinks to the data.
3. The gradient is the central difference of the smoothed profile on the grid, as a
   fraction.

Without distance (a stationary trainer with a barometer), the same is done over time with
``step_s``. The defaults were chosen on synthetic profiles with GPS-like noise (see
docs/analysis.md): 5 m steps and a 50 m window keep hills longer than ~150 m while taking
the noise to a few tenths of a percent of gradient.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lydiard.model import FloatArray

__all__ = ["Profile", "moving_average", "smooth_profile"]


@dataclass(frozen=True, slots=True, eq=False)
class Profile:
    """A smoothed elevation profile on a regular grid, with what is read off it.

    Attributes:
        axis: grid positions, metres of distance (or seconds when ``over_time``).
        step: the grid step in the axis' unit (the last cell may be shorter).
        altitude_m: smoothed altitude at each grid position, metres.
        grade: gradient (rise over run, a fraction) at each grid position; NaN over time.
        over_time: True when the axis is time because there was no distance.
        ascent_m, descent_m: cumulative climb and descent along the grid, metres (set by
            the track, with its hysteresis; None on a bare profile).
        gap_m: cumulative grade-adjusted distance along the grid, metres (None over time).
    """

    axis: FloatArray
    step: float
    altitude_m: FloatArray
    grade: FloatArray
    over_time: bool = False
    ascent_m: FloatArray | None = None
    descent_m: FloatArray | None = None
    gap_m: FloatArray | None = None

    def read(self, values: FloatArray, at: FloatArray) -> FloatArray:
        """Values on the grid read at axis positions ``at``, linear between grid points."""
        return np.asarray(np.interp(at, self.axis, values), dtype=np.float64)


def moving_average(values: FloatArray, points: int) -> FloatArray:
    """Centred moving average over ``points`` values (odd). O(n).

    Near the ends the window shrinks symmetrically (the first value is its own average),
    so the ends are not pulled towards the inside.
    """
    n = values.size
    if points <= 1 or n == 0:
        return values.copy()
    half = points // 2
    sums = np.empty(n + 1)
    sums[0] = 0.0
    np.cumsum(values, out=sums[1:])
    out = np.empty(n)
    if n > 2 * half:
        # Full windows by slicing (no index arrays).
        out[half : n - half] = (sums[points:] - sums[: n + 1 - points]) / points
        edges = np.r_[0:half, n - half : n]
    else:
        edges = np.arange(n)
    radius = np.minimum(np.minimum(edges, n - 1 - edges), half)
    lo, hi = edges - radius, edges + radius + 1
    out[edges] = (sums[hi] - sums[lo]) / (hi - lo)
    return out


def smooth_profile(
    axis: FloatArray,
    altitude_m: FloatArray,
    *,
    step: float,
    window: float,
    over_time: bool = False,
) -> Profile | None:
    """Resample altitude onto a regular grid of ``axis`` and smooth it (see module doc).

    Args:
        axis: cumulative distance in metres (or time in seconds), non-decreasing; NaN rows
            are ignored.
        altitude_m: altitude in metres; NaN = missing.
        step: grid spacing in the axis' unit.
        window: width of the moving average in the axis' unit (applied twice).
        over_time: the axis is time; gradients are then not defined.

    Returns:
        The profile, or None when fewer than two points have both values.

    Raises:
        ValueError: when ``step`` or ``window`` is not positive.
    """
    if not (step > 0 and window >= 0):
        raise ValueError(f"elevation step and window must be positive, got {step}, {window}")
    x, z = axis, altitude_m
    if np.isnan(x).any() or np.isnan(z).any():
        ok = np.isfinite(x) & np.isfinite(z)
        x, z = x[ok], z[ok]
    # Repeated axis values (a stop) are fine: their altitudes are averaged together.
    if x.size < 2 or not x[-1] > x[0]:
        return None
    count = int(np.floor((x[-1] - x[0]) / step)) + 1
    grid = x[0] + step * np.arange(count, dtype=np.float64)
    if grid[-1] < x[-1]:
        grid = np.append(grid, x[-1])
    # Each grid point takes the mean altitude of the samples nearest to it, so every
    # sample counts; grid points no sample is near are interpolated between neighbours.
    cell = np.minimum(np.rint((x - x[0]) / step).astype(np.intp), grid.size - 1)
    counts = np.bincount(cell, minlength=grid.size)
    sums = np.bincount(cell, weights=z, minlength=grid.size)
    filled = counts > 0
    if filled.all():
        resampled = sums / counts
    else:
        resampled = np.interp(grid, grid[filled], sums[filled] / counts[filled])
    points = max(1, round(window / step) | 1)
    smooth = moving_average(moving_average(resampled, points), points)
    flat = over_time or grid.size < 2
    grade = np.full(grid.shape, np.nan) if flat else np.gradient(smooth, grid)
    return Profile(axis=grid, step=step, altitude_m=smooth, grade=grade, over_time=over_time)
