"""Finding the reps of an interval session from speed alone (no laps needed).

The method, in order:

1. **Speed on a regular grid.** The cleaned distance is read every ``h`` seconds (1 s, or
   the file's sampling interval when coarser) and speed is its centred difference over
   ``window_s`` (8 s): short enough for 200 m reps, long enough to tame GPS noise. On
   hilly ground (``hilly_m_per_km``, 15 m of climb per km) it is the grade-adjusted
   distance instead, so that terrain is not taken for effort. (Not on the flat: there the
   altitude noise of a GPS-only watch would only add noise to the speed.)
2. **Two speed classes.** Otsu's threshold (Otsu 1979, IEEE Trans SMC 9:62), the split
   of the time-weighted speed histogram that maximises the variance between the two
   classes, taken over moving time only, so standing rests do not drag it down. The
   session counts as intervals only when the classes are far apart: the fast class's
   mean speed at least ``min_contrast`` (1.2) times the slow class's, and Otsu's
   separability (between-class over total variance) at least ``min_separability`` (0.7;
   0.6 when the contrast is 1.45 or more, as with a few short fast reps in a long
   session). Walked recoveries, a jogged warm-up and fast reps are three speeds, not two:
   when the faster class splits again into two such classes, the reps are its fast part;
   when the slower one does, the reps are judged against its faster part if that separates
   better. The easy class must hold at least ``min_easy_share`` (5 %) of the moving time:
   when it is only the slowing and speeding up around a few stops, this is a run with
   stops.
3. **Runs, with hysteresis, de-bounced.** Work starts where speed reaches the threshold
   and lasts until speed falls below a lower exit threshold, halfway (``exit_fraction``)
   from the threshold down to the slow class's mean, so a rep that fades or crosses a
   road stays one rep. Work shorter than ``min_rep_s`` then becomes easy, and an easy
   gap shorter than ``min_recovery_s`` between reps becomes work.
4. **Clear reps only.** A stretch whose mean speed only just exceeds the threshold
   (by less than ``weak_fraction`` of the way to the fast class's mean) is a pick-up in a
   warm-up, not a rep.
5. **The main set.** A short rep (under 40 % of the median) at either end of the set that
   is cut off from it by a longer-than-usual gap is a stride in the warm-up or cool-down,
   not a rep, and is left out; that repeats until the ends are real reps.
6. **A set, not terrain.** Rep durations must be reasonably regular: their coefficient of
   variation at most ``max_spread`` (1.0; a ladder of 200-1600 m is ~0.6; for two reps
   1/3, neither more than twice the other), and at most ``max_spread_hilly`` (0.35) on
   hilly ground, where hill repeats are run on one hill and the climbs of a trail run
   vary. (A perfectly regular rolling course run at steady effort is indistinguishable
   from hill repeats.)
7. **Edges refined.** Each rep's start moves, within a window, to the point where the
   speed over the following seconds most exceeds the speed over the preceding ones (and
   the reverse for its end): the step in speed, not where a smoothed curve crossed a line.

What is before the first rep is the warm-up, after the last the cool-down, and between
reps the recoveries, so reps and recoveries tile the session between them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from lydiard.analysis.cleaning import window_speed_mps
from lydiard.analysis.track import Track
from lydiard.model import FloatArray

__all__ = [
    "Detection",
    "DetectionOptions",
    "SpeedClasses",
    "detect_reps",
    "otsu_threshold",
    "speed_classes",
]

IntArray = npt.NDArray[np.intp]


@dataclass(frozen=True, slots=True)
class DetectionOptions:
    """Settings of automatic rep detection (seconds and m/s).

    Attributes:
        window_s: speed window, seconds.
        min_rep_s: shortest rep, seconds.
        min_recovery_s: shortest recovery between reps, seconds.
        min_contrast: fast-class over slow-class mean speed needed to call it intervals.
        min_separability: Otsu's between-class share of the speed variance needed.
        strong_contrast: from this contrast, ``min_separability_strong`` is enough: a few
            short, clearly faster reps in a long session are a small class, which lowers
            the between-class share although the classes are far apart.
        min_separability_strong: the separability needed at a strong contrast.
        stride_fraction: edge reps shorter than this share of the median rep are strides.
        exit_fraction: where the exit threshold sits, from the threshold (0) down to the
            slow class's mean speed (1).
        hilly_m_per_km: from this much climb per km, grade-adjusted speed is used, so
            that walking up and running down is not taken for reps.
        weak_fraction: a rep's mean speed must exceed the threshold by this share of the
            gap between the threshold and the fast class's mean.
        min_easy_share: the easy class must hold this share of the moving time; when it
            is only the slowing down and speeding up around stops, it is a run with stops.
        max_spread: largest coefficient of variation of rep durations (ladders and
            pyramids reach ~0.6; a run's random surges more).
        max_spread_hilly: the same on hilly ground, where hill repeats are regular and
            the ups and downs of a trail are not.
    """

    window_s: float = 8.0
    min_rep_s: float = 15.0
    min_recovery_s: float = 20.0
    min_contrast: float = 1.2
    min_separability: float = 0.7
    strong_contrast: float = 1.45
    min_separability_strong: float = 0.6
    stride_fraction: float = 0.4
    exit_fraction: float = 0.5
    hilly_m_per_km: float = 15.0
    weak_fraction: float = 0.25
    max_spread: float = 1.0
    min_easy_share: float = 0.05
    max_spread_hilly: float = 0.35


@dataclass(frozen=True, slots=True)
class Detection:
    """Reps found from speed (times in seconds since the start).

    Attributes:
        starts_s, ends_s: start and end of each rep, seconds.
        threshold_mps: the speed separating work from easy, m/s (NaN when not found).
        contrast: fast-class mean speed over slow-class mean speed.
        separability: Otsu's between-class share of the speed variance (0..1).
        reason: why no reps were found, or "" when they were.
    """

    starts_s: tuple[float, ...]
    ends_s: tuple[float, ...]
    threshold_mps: float
    contrast: float
    separability: float
    reason: str = ""


@dataclass(frozen=True, slots=True, eq=False)
class _Histogram:
    """Speeds binned once; every split below is computed on the bins, O(bins)."""

    counts: FloatArray
    centres: FloatArray
    edges: FloatArray


def _histogram(values: FloatArray, bins: int = 256) -> _Histogram | None:
    x = values if not np.isnan(values).any() else values[np.isfinite(values)]
    if x.size < 2:
        return None
    lo, hi = float(x.min()), float(np.quantile(x, 0.995))
    if not hi > lo:
        return None
    # Uniform bins by hand; values above the 99.5th percentile go in the last bin.
    index = np.minimum(((x - lo) * (bins / (hi - lo))).astype(np.intp), bins - 1)
    counts = np.bincount(index, minlength=bins).astype(np.float64)
    edges = lo + (hi - lo) * np.arange(bins + 1) / bins
    return _Histogram(counts, (edges[:-1] + edges[1:]) / 2, edges)


def _otsu_bins(h: _Histogram, a: int, b: int) -> int | None:
    """Otsu's split of the bins [a, b): the first bin of the fast class, or None."""
    counts = h.counts[a:b]
    total = counts.sum()
    if b - a < 2 or total <= 0:
        return None
    p = counts / total
    w0 = np.cumsum(p)[:-1]
    m0 = np.cumsum(p * h.centres[a:b])[:-1]
    mean = float((p * h.centres[a:b]).sum())
    with np.errstate(invalid="ignore", divide="ignore"):
        between = (mean * w0 - m0) ** 2 / (w0 * (1.0 - w0))
    between[~np.isfinite(between)] = -1.0
    k = int(np.argmax(between))
    return a + k + 1 if between[k] > 0 else None


def _split_stats(h: _Histogram, a: int, k: int, b: int) -> tuple[float, float, float]:
    """(slow mean, fast mean, between-class share of the variance) of bins [a, k) | [k, b)."""
    nan = math.nan
    low_w, high_w = h.counts[a:k].sum(), h.counts[k:b].sum()
    if low_w <= 0 or high_w <= 0:
        return nan, nan, nan
    low = float((h.counts[a:k] * h.centres[a:k]).sum() / low_w)
    high = float((h.counts[k:b] * h.centres[k:b]).sum() / high_w)
    total_w = low_w + high_w
    mean = (low * low_w + high * high_w) / total_w
    var = float((h.counts[a:b] * (h.centres[a:b] - mean) ** 2).sum() / total_w)
    between = low_w * high_w / total_w**2 * (high - low) ** 2
    return low, high, between / var if var > 0 else nan


def otsu_threshold(values: FloatArray, bins: int = 256) -> tuple[float, float, float, float]:
    """Otsu's two-class threshold of a sample (Otsu 1979), on a histogram of ``bins``.

    Returns:
        (threshold, low-class mean, high-class mean, separability = between-class
        variance over total variance); NaNs when the sample is constant or empty.
    """
    nan = math.nan
    h = _histogram(values, bins)
    k = _otsu_bins(h, 0, bins) if h is not None else None
    if h is None or k is None:
        return nan, nan, nan, nan
    low, high, sep = _split_stats(h, 0, k, bins)
    return float(h.edges[k]), low, high, sep


def _runs(flags: npt.NDArray[np.bool_]) -> tuple[IntArray, IntArray, npt.NDArray[np.bool_]]:
    """Start, end (exclusive) and value of each run of equal flags."""
    change = np.flatnonzero(np.diff(flags.astype(np.int8))) + 1
    starts = np.concatenate(([0], change)).astype(np.intp)
    ends = np.concatenate((change, [flags.size])).astype(np.intp)
    return starts, ends, flags[starts]


def _hysteresis(values: FloatArray, enter: float, leave: float) -> npt.NDArray[np.bool_]:
    """A Schmitt trigger, vectorised: on from ``>= enter`` until ``< leave``."""
    on = values >= enter
    off = values < leave
    decided = np.where(on | off, np.arange(values.size), -1)
    last = np.maximum.accumulate(decided)
    return np.where(last >= 0, on[np.maximum(last, 0)], False)


def _drop_short(flags: npt.NDArray[np.bool_], value: bool, points: int, inner: bool) -> None:
    """Flip runs of ``value`` shorter than ``points`` (only those between others if inner)."""
    starts, ends, values = _runs(flags)
    short = (values == value) & (ends - starts < points)
    if inner and short.size:
        short[0] = short[-1] = False
    if not short.any():
        return
    # Mark the short runs' spans with a difference array: O(n), no Python loop.
    delta = np.zeros(flags.size + 1, dtype=np.int64)
    np.add.at(delta, starts[short], 1)
    np.add.at(delta, ends[short], -1)
    flags[np.cumsum(delta[:-1]) > 0] = not value


def _refine(dist: FloatArray, index: int, half: int, m: int, rising: bool) -> int:
    """Move an edge to the largest step in speed within ``half`` points of it."""
    n = dist.size
    lo, hi = max(index - half, m), min(index + half, n - 1 - m)
    if hi < lo:
        return index
    p = np.arange(lo, hi + 1)
    after = dist[p + m] - dist[p]
    before = dist[p] - dist[p - m]
    step = after - before if rising else before - after
    return int(p[int(np.argmax(step))])


@dataclass(frozen=True, slots=True, eq=False)
class SpeedClasses:
    """The session's speed on a regular grid, split into a fast and an easy class.

    Attributes:
        grid_s: the grid's instants, seconds since the start.
        step_s: the grid step, seconds.
        distance_m: distance (grade-adjusted when ``hilly``) at the grid's instants.
        speed_mps: speed over the detection window at the grid's instants.
        threshold_mps, low_mps, high_mps: Otsu's threshold and the two class means.
        contrast: high over low.
        separability: Otsu's between-class share of the variance.
        hilly: True when grade-adjusted distance was used.
        reason: why the classes are not distinct ("" when they are).
    """

    grid_s: FloatArray
    step_s: float
    distance_m: FloatArray
    speed_mps: FloatArray
    threshold_mps: float
    low_mps: float
    high_mps: float
    contrast: float
    separability: float
    hilly: bool
    reason: str

    @property
    def distinct(self) -> bool:
        """True when fast and easy running are far enough apart to be intervals."""
        return not self.reason


def _distinct(contrast: float, separability: float, opts: DetectionOptions) -> bool:
    """Whether two speed classes are far enough apart to be reps and recoveries."""
    if not contrast >= opts.min_contrast:
        return False
    strong = contrast >= opts.strong_contrast
    return separability >= (opts.min_separability_strong if strong else opts.min_separability)


def _choose_threshold(h: _Histogram, opts: DetectionOptions) -> tuple[float, ...] | None:
    """Pick the work threshold when there may be three speeds (walk, jog, reps).

    Otsu's split of all moving speeds comes first. If its faster side splits again into
    two distinct classes, the reps are that fast part. Otherwise the reps are the faster
    side of the first split, judged against the whole slower side or, when that splits
    distinctly too, against its faster part if that separates better (a walked recovery
    should not make a jogged warm-up and the reps look alike).

    Returns:
        (threshold, slow mean, fast mean, separability, easy share of the time), or None.
    """
    bins = h.counts.size
    first = _otsu_bins(h, 0, bins)
    if first is None:
        return None
    total = h.counts.sum()
    second = _otsu_bins(h, first, bins)
    if second is not None:
        low2, high2, sep2 = _split_stats(h, first, second, bins)
        if low2 > 0 and _distinct(high2 / low2, sep2, opts):
            easy = float(h.counts[:second].sum() / total)
            return float(h.edges[second]), low2, high2, sep2, easy
    easy = float(h.counts[:first].sum() / total)
    low, high, sep = _split_stats(h, 0, first, bins)
    below = _otsu_bins(h, 0, first)
    if below is not None:
        low_l, high_l, sep_l = _split_stats(h, 0, below, first)
        if low_l > 0 and _distinct(high_l / low_l, sep_l, opts):
            near = _split_stats(h, below, first, bins)
            if near[2] > sep:  # the slower side's faster part is the better comparison
                low, high, sep = near
    return float(h.edges[first]), low, high, sep, easy


def speed_classes(track: Track, options: DetectionOptions | None = None) -> SpeedClasses | None:
    """Steps 1 and 2 of the module doc: speed on a grid and its two classes.

    Returns:
        None without distance or when the activity is too short.
    """
    opts = options or DetectionOptions()
    nan = math.nan
    if not track.has_distance or track.elapsed_s < 2 * opts.min_rep_s:
        return None
    t = track.time_s
    steps = np.diff(t)
    h = max(1.0, float(np.median(steps[steps > 0]))) if (steps > 0).any() else 1.0
    climb_per_m = track.ascent_total_m / max(track.distance_total_m, 1.0)
    hilly = track.has_gap and climb_per_m >= opts.hilly_m_per_km / 1000
    if bool((steps == h).all()):
        grid, dist = t, track.distance_m  # already regular: no resampling
    else:
        grid = np.arange(t[0], t[-1] + h / 2, h)
        dist = np.interp(grid, t, track.distance_m)
    if hilly:
        dist = track.along("gap_m", time_s=grid, distance_m=dist)
    k = max(1, round(opts.window_s / h / 2))
    speed = window_speed_mps(grid, dist, 2 * k * h)
    stop = track.options.stop_speed_mps or 0.5
    hist = _histogram(speed[speed >= stop])
    chosen = _choose_threshold(hist, opts) if hist is not None else None
    if chosen is None:
        return SpeedClasses(
            grid, h, dist, speed, nan, nan, nan, nan, nan, hilly, "speed never changes"
        )
    threshold, low, high, separability, easy_share = chosen
    contrast = high / low if low > 0 else math.inf
    reason = "" if _distinct(contrast, separability, opts) else "no distinct fast and easy running"
    if not reason and easy_share < opts.min_easy_share:
        # Only the slowing and speeding up around a few stops is "easy": a run with stops.
        reason = "no easy running between efforts (a run with stops)"
    return SpeedClasses(
        grid, h, dist, speed, threshold, low, high, contrast, separability, hilly, reason
    )


def detect_reps(
    track: Track,
    options: DetectionOptions | None = None,
    classes: SpeedClasses | None = None,
) -> Detection:
    """Find the reps of an interval session from the track's speed (see the module doc).

    Args:
        track: the cleaned track (needs distance).
        options: detection settings.
        classes: the result of :func:`speed_classes`, when already computed.

    Returns:
        The reps found, or none with the reason.
    """
    opts = options or DetectionOptions()
    nan = math.nan
    sc = classes or speed_classes(track, opts)
    if sc is None:
        return Detection((), (), nan, nan, nan, "no distance to find reps in")
    threshold, low, high = sc.threshold_mps, sc.low_mps, sc.high_mps
    contrast, separability = sc.contrast, sc.separability
    if not sc.distinct:
        return Detection((), (), threshold, contrast, separability, sc.reason)
    grid, dist, speed, h, hilly = sc.grid_s, sc.distance_m, sc.speed_mps, sc.step_s, sc.hilly
    k = max(1, round(opts.window_s / h / 2))
    work = _hysteresis(speed, threshold, threshold - opts.exit_fraction * (threshold - low))
    _drop_short(work, True, math.ceil(opts.min_rep_s / h), inner=False)
    _drop_short(work, False, math.ceil(opts.min_recovery_s / h), inner=True)
    _drop_short(work, True, math.ceil(opts.min_rep_s / h), inner=False)
    starts, ends, values = _runs(work)
    rep_s, rep_e = starts[values], ends[values]
    # A rep is run clearly faster than the threshold, not just across it.
    least = threshold + opts.weak_fraction * (high - threshold)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_speed = (dist[rep_e - 1] - dist[rep_s]) / ((rep_e - 1 - rep_s) * h)
    clear = mean_speed >= least
    pairs = _main_set(list(zip(rep_s[clear].tolist(), rep_e[clear].tolist(), strict=True)), opts)
    if len(pairs) < 2:
        return Detection((), (), threshold, contrast, separability, "fewer than two reps")
    lengths = np.array([b - a for a, b in pairs], dtype=np.float64)
    spread = float(lengths.std() / lengths.mean())
    most = opts.max_spread_hilly if hilly else opts.max_spread
    if len(pairs) == 2:
        # Two values always have a spread of at most 1: ask that neither is more than
        # twice the other (2 x 20 min, not a stride and a tempo run).
        most = min(most, 1 / 3)
    if spread > most:
        reason = "efforts too irregular for a rep set" + (" (terrain)" if hilly else "")
        return Detection((), (), threshold, contrast, separability, reason)
    # Only now (a handful of reps) move each edge to the step in speed.
    m = max(1, round(opts.window_s / h))
    pairs = [
        (_refine(dist, a, k + m, m, rising=True), _refine(dist, b, k + m, m, rising=False))
        for a, b in pairs
    ]
    pairs = [(a, b) for a, b in pairs if b > a]
    if len(pairs) < 2:
        return Detection((), (), threshold, contrast, separability, "fewer than two reps")
    # Refinement may make neighbours touch or cross by a point: keep them in order.
    starts_s = [float(grid[a]) for a, _ in pairs]
    ends_s = [float(grid[b]) for _, b in pairs]
    for j in range(1, len(pairs)):
        starts_s[j] = max(starts_s[j], ends_s[j - 1])
    return Detection(tuple(starts_s), tuple(ends_s), threshold, contrast, separability)


def _main_set(pairs: list[tuple[int, int]], opts: DetectionOptions) -> list[tuple[int, int]]:
    """Leave out strides before and after the set (see the module doc, step 5)."""
    stride_fraction = opts.stride_fraction
    pairs = list(pairs)
    while len(pairs) >= 3:
        lengths = np.array([b - a for a, b in pairs], dtype=np.float64)
        gaps = np.array([pairs[j + 1][0] - pairs[j][1] for j in range(len(pairs) - 1)])
        median = float(np.median(lengths))
        typical_gap = float(np.median(gaps))
        if lengths[0] < stride_fraction * median and gaps[0] > 1.5 * typical_gap:
            pairs.pop(0)
        elif lengths[-1] < stride_fraction * median and gaps[-1] > 1.5 * typical_gap:
            pairs.pop()
        else:
            break
    return pairs
