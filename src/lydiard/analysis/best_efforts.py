"""Best efforts: the fastest time over each distance anywhere in an activity.

For a distance ``D`` the fastest stretch is found exactly on the piecewise-linear distance
stream: over stretches ``[s, s + D]`` the time ``T_first(s + D) - T_last(s)`` is linear
between sample distances, so its minimum is at a stretch that starts or ends on a sample.
Times at distances are read with ``numpy.interp`` over sorted queries (O(n) in all); long
tracks are first searched on a 10 m grid, then exactly in the few cells that could hold
the optimum (see :func:`fastest`), so a distance costs well under O(n log n). ``T_last`` (leaving a
stop) and ``T_first`` (arriving) mean a stop at either end is not counted, while a stop
inside the stretch is: best efforts use elapsed time, as race results do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from lydiard.analysis.segments import measure
from lydiard.analysis.table import Table
from lydiard.analysis.track import Track, as_track
from lydiard.errors import InputError
from lydiard.model import Activity, FloatArray, Sport
from lydiard.units import METRES_PER_MILE

__all__ = ["BestEffort", "BestEffortTable", "best_efforts", "default_distances", "fastest"]

#: Running distances (metres) and their names.
RUN_DISTANCES: dict[str, float] = {
    "400 m": 400.0,
    "1 km": 1000.0,
    "1 mile": METRES_PER_MILE,
    "5 km": 5000.0,
    "10 km": 10000.0,
    "Half marathon": 21097.5,
    "Marathon": 42195.0,
    "50 km": 50000.0,
}
BIKE_DISTANCES: dict[str, float] = {
    "5 km": 5000.0,
    "10 km": 10000.0,
    "20 km": 20000.0,
    "40 km": 40000.0,
    "50 km": 50000.0,
    "100 km": 100000.0,
    "160 km": 160000.0,
}
SWIM_DISTANCES: dict[str, float] = {
    "100 m": 100.0,
    "200 m": 200.0,
    "400 m": 400.0,
    "800 m": 800.0,
    "1500 m": 1500.0,
    "3800 m": 3800.0,
}
ERG_DISTANCES: dict[str, float] = {
    "500 m": 500.0,
    "1000 m": 1000.0,
    "2000 m": 2000.0,
    "5000 m": 5000.0,
    "10000 m": 10000.0,
}


def default_distances(sport: Sport) -> dict[str, float]:
    """The distances whose best efforts are worth showing for a sport, by name."""
    if sport in (Sport.BIKE, Sport.NORDIC_SKI):
        return BIKE_DISTANCES
    if sport is Sport.SWIM:
        return SWIM_DISTANCES
    if sport in (Sport.SKI_ERG, Sport.ROW):
        return ERG_DISTANCES
    return RUN_DISTANCES


@dataclass(frozen=True, slots=True)
class BestEffort:
    """The fastest stretch of one distance.

    Attributes:
        name: the distance's name ("5 km", "Half marathon").
        distance_m: the distance, metres.
        elapsed_s: the fastest time over it, seconds.
        speed_mps: distance over that time, m/s.
        start_s, end_s: when the stretch began and ended, seconds since the start.
        start_m: distance from the activity start where it began, metres.
        avg_heart_rate_bpm: mean heart rate over the stretch, bpm (NaN without HR).
        ascent_m: climb within the stretch, metres (NaN without altitude).
    """

    name: str
    distance_m: float
    elapsed_s: float
    speed_mps: float
    start_s: float
    end_s: float
    start_m: float
    avg_heart_rate_bpm: float
    ascent_m: float


@dataclass(frozen=True, slots=True)
class BestEffortTable(Table[BestEffort]):
    """Best efforts of one activity, shortest first; distances beyond its length left out."""


class _Lookup:
    """Time at a distance, first or last, for sorted queries (numpy's interp, O(n + m)).

    ``numpy.interp`` over a non-decreasing ``xp`` returns, on a run of equal distances (a
    stop), the value at its last sample: that is "leaving" (``T_last``). Run backwards on
    the negated distances it returns the first: "arriving" (``T_first``).
    """

    def __init__(self, track: Track) -> None:
        self.d = track.distance_m
        self.t = track.time_s
        self.neg_d = -self.d[::-1]
        self.t_rev = np.ascontiguousarray(self.t[::-1])  # a reversed view is copied per call
        self._grids: dict[float, tuple[FloatArray, FloatArray, FloatArray]] = {}

    def grid(self, step_m: float) -> tuple[FloatArray, FloatArray, FloatArray]:
        """A grid of the whole distance every ``step_m``, with leaving and arriving times.

        Shared by every best-effort distance: a distance that is a whole number of steps
        reads its arriving times off this grid instead of searching again.
        """
        if step_m not in self._grids:
            g = np.arange(float(self.d[0]), float(self.d[-1]), step_m)
            self._grids[step_m] = (g, self.leave(g), self.arrive(g))
        return self._grids[step_m]

    def leave(self, x: FloatArray) -> FloatArray:
        return np.asarray(np.interp(x, self.d, self.t), dtype=np.float64)

    def arrive(self, x: FloatArray) -> FloatArray:
        return np.asarray(np.interp(-x, self.neg_d, self.t_rev), dtype=np.float64)


def _exact(
    look: _Lookup, distance_m: float, starts: FloatArray, ends: FloatArray
) -> tuple[float, float, float]:
    """Best over stretches starting on ``starts`` or ending on ``ends`` (distances)."""
    leave = np.concatenate((look.leave(starts), look.leave(ends - distance_m)))
    arrive = np.concatenate((look.arrive(starts + distance_m), look.arrive(ends)))
    times = arrive - leave
    k = int(np.argmin(times))
    return float(times[k]), float(leave[k]), float(arrive[k])


def fastest(
    track: Track,
    distance_m: float,
    *,
    step_m: float | None = None,
    lookup: _Lookup | None = None,
) -> tuple[float, float, float] | None:
    """The fastest stretch of ``distance_m`` metres: (elapsed seconds, start s, end s).

    Exact on the piecewise-linear distance stream. Long tracks are searched coarse to
    fine: on a grid of ``step_m`` (10 m) every cell's lower bound ``T_first(x_k + D) -
    T_last(x_k+1)`` is compared with the best time found on the grid, and only the
    samples in cells that could hold something faster are evaluated exactly.

    Args:
        track: the prepared track.
        distance_m: the distance, metres.
        step_m: grid step of the coarse search; None picks 10 m for long tracks and an
            exhaustive search for short ones.
        lookup: time-at-distance tables shared between distances.

    Returns:
        None when the track is shorter than the distance or has no distance.

    Raises:
        InputError: when the distance is not positive.
    """
    if not (math.isfinite(distance_m) and distance_m > 0):
        raise InputError(f"best-effort distance must be above zero, got {distance_m!r}")
    if not track.has_distance or track.distance_total_m < distance_m:
        return None
    look = lookup or _Lookup(track)
    d = track.distance_m
    first, total = float(d[0]), float(d[-1])
    last_start = total - distance_m
    # d is sorted: slices (views) instead of masks.
    starts = d[: int(np.searchsorted(d, last_start, side="right"))]
    ends = d[int(np.searchsorted(d, first + distance_m, side="left")) :]
    if step_m is None:
        step_m = 10.0 if d.size > 5000 else 0.0
    if step_m <= 0 or (last_start - first) / step_m < 4:
        return _exact(look, distance_m, starts, ends)
    full, full_leave, full_arrive = look.grid(step_m)
    m = int(np.searchsorted(full, last_start, side="left"))  # grid points below last_start
    grid = np.append(full[:m], last_start)
    leave = np.append(full_leave[:m], look.leave(np.array([last_start])))
    shift = distance_m / step_m
    if shift == round(shift) and round(shift) + m <= full.size:
        # A whole number of steps: the arriving times are already on the grid.
        s = round(shift)
        arrive = np.append(full_arrive[s : s + m], look.arrive(np.array([total])))
    else:
        arrive = look.arrive(grid + distance_m)
    coarse = arrive - leave
    best = int(np.argmin(coarse))
    bound = arrive[:-1] - leave[1:]  # nothing starting in cell k is faster than this
    cells = np.flatnonzero(bound <= coarse[best] + 1e-9)
    # Samples (as stretch starts, and as stretch ends shifted back) inside those cells.
    lo, hi = grid[cells], grid[cells + 1]
    in_cells_s = _inside(starts, lo, hi)
    in_cells_e = _inside(ends, lo + distance_m, hi + distance_m)
    result = (float(coarse[best]), float(leave[best]), float(arrive[best]))
    if in_cells_s.size or in_cells_e.size:
        exact = _exact(look, distance_m, starts[in_cells_s], ends[in_cells_e])
        if exact[0] < result[0]:
            result = exact
    return result


def _inside(values: FloatArray, lo: FloatArray, hi: FloatArray) -> npt.NDArray[np.intp]:
    """Indices of sorted ``values`` lying in any of the sorted, disjoint [lo, hi] cells."""
    a = np.searchsorted(values, lo, side="left")
    b = np.searchsorted(values, hi, side="right")
    counts = b - a
    if counts.sum() == 0:
        return np.zeros(0, dtype=np.intp)
    # Concatenate the ranges a[k]:b[k] without a Python loop.
    offsets = np.repeat(a - np.concatenate(([0], np.cumsum(counts)[:-1])), counts)
    return np.asarray(np.arange(int(counts.sum())) + offsets, dtype=np.intp)


def best_efforts(
    source: Activity | Track, distances: dict[str, float] | None = None
) -> BestEffortTable:
    """Fastest time over each distance (default: the sport's usual ones).

    Args:
        source: the activity (or its prepared track).
        distances: name -> metres; default :func:`default_distances` for the sport.

    Returns:
        One row per distance the activity is long enough for, shortest first.

    Raises:
        InputError: on a distance that is not positive.
    """
    track = as_track(source)
    wanted = default_distances(track.sport) if distances is None else distances
    lookup = _Lookup(track) if track.has_distance else None
    found: list[tuple[str, float, float, float, float]] = []
    for name, metres in sorted(wanted.items(), key=lambda item: item[1]):
        best = fastest(track, float(metres), lookup=lookup)
        if best is not None:
            found.append((name, float(metres), *best))
    if not found:
        return BestEffortTable()
    m = measure(track, np.array([f[3] for f in found]), np.array([f[4] for f in found]))
    rows = [
        BestEffort(
            name=name,
            distance_m=metres,
            elapsed_s=elapsed,
            speed_mps=metres / elapsed if elapsed > 0 else math.nan,
            start_s=start,
            end_s=end,
            start_m=float(m.start_m[k]),
            avg_heart_rate_bpm=float(m.avg_heart_rate_bpm[k]),
            ascent_m=float(m.ascent_m[k]),
        )
        for k, (name, metres, elapsed, start, end) in enumerate(found)
    ]
    return BestEffortTable(rows=tuple(rows))
