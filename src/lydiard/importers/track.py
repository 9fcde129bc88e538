"""Turn the point columns a GPX or TCX reader extracted into checked :class:`Samples`.

Rules, shared by both formats (each repair is reported as an :class:`Issue`):

- Values no sensor can produce become NaN: latitude outside ±90°, longitude outside ±180°,
  heart rate <= 0 or > 300 bpm (0 is how TCX writers say "no strap"), negative cadence,
  power, speed or distance.
- Points without a readable time are dropped when other points have one.
- Points whose time goes backwards are dropped, keeping the longest run of points in time
  order (so one bad clock jump loses one point, not the rest of the run).
- A track with no times at all, or whose points all carry the same time (GPSBabel writes
  1901-12-13T20:45:52Z, the 32-bit minimum, for "unknown"), is a **course**: its samples are
  ordered as in the file and given a synthetic ``time_s`` equal to the distance in metres
  (a nominal 1 m/s), so that ``time_s`` stays finite and non-decreasing; the activity's
  ``metadata["course"]`` is True and its speed channel stays NaN.
- Distance: a recorded distance that steps back (devices wobble by centimetres) is held
  at the distance already reached, so the channel never decreases. When the file has no
  distance channel, the cumulative geodesic distance is computed from positions on the
  WGS84 ellipsoid (Vincenty), adding nothing across a segment break.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from lydiard.analysis.geodesy import cumulative_distance_m
from lydiard.errors import Issue, IssueLevel
from lydiard.model import Samples
from lydiard.model.samples import FloatArray

__all__ = [
    "Assembled",
    "PointColumns",
    "assemble",
    "chain_distances",
    "enforce",
    "instant",
    "time_order",
]

#: Ranges outside which a value cannot be a measurement: (low, high, low inclusive).
_LIMITS: dict[str, tuple[float, float, bool]] = {
    "lat_deg": (-90.0, 90.0, True),
    "lon_deg": (-180.0, 180.0, True),
    "heart_rate_bpm": (0.0, 300.0, False),
    "cadence_rpm": (0.0, math.inf, True),
    "power_w": (0.0, math.inf, True),
    "speed_mps": (0.0, math.inf, True),
    "distance_m": (0.0, math.inf, True),
}
_LABELS = {
    "lat_deg": "latitude",
    "lon_deg": "longitude",
    "heart_rate_bpm": "heart rate",
    "cadence_rpm": "cadence",
    "power_w": "power",
    "speed_mps": "speed",
    "distance_m": "distance",
}
_SAME_TIME_SPAN_S = 1.0


@dataclass(eq=False)
class PointColumns:
    """Points as a reader extracted them, in file order.

    Attributes:
        epoch_s: UTC seconds since 1970 per point, NaN where missing or unreadable.
        columns: channel name -> values (standard :data:`~lydiard.model.CHANNELS` names or
            extra names with their unit).
        segment: segment number per point (a new number marks a recording break).
        naive_times: how many times had no zone (read as UTC).
        utc_offset_s: the zone offset the first timestamp was written with, if any.
    """

    epoch_s: FloatArray
    columns: dict[str, FloatArray]
    segment: npt.NDArray[np.int64]
    naive_times: int = 0
    utc_offset_s: float | None = None

    def __len__(self) -> int:
        return int(self.epoch_s.shape[0])


@dataclass(eq=False)
class Assembled:
    """Checked samples and what was done to get them.

    Attributes:
        samples: the samples, time relative to ``start``.
        start: UTC instant of ``time_s == 0``.
        kept: indices (into the reader's points) of the rows kept, in sample order.
        course: True when the track had no usable times (synthetic ``time_s``).
        issues: what was repaired or dropped.
        metadata: facts worth keeping ("distance_source").
    """

    samples: Samples
    start: datetime
    kept: npt.NDArray[np.int64]
    course: bool
    issues: list[Issue] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)


def instant(epoch_s: float) -> datetime:
    """The UTC datetime of seconds since 1970 (microsecond resolution)."""
    whole = math.floor(epoch_s)
    micros = round((epoch_s - whole) * 1e6)
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=whole, microseconds=micros)


def _longest_ordered(times: FloatArray) -> npt.NDArray[np.int64]:
    """Indices of a longest non-decreasing subsequence (patience sorting, O(n log n))."""
    tails: list[float] = []
    tail_index: list[int] = []
    previous = np.full(times.shape[0], -1, dtype=np.int64)
    for i, value in enumerate(times.tolist()):
        k = bisect_right(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_index.append(i)
        else:
            tails[k] = value
            tail_index[k] = i
        previous[i] = tail_index[k - 1] if k else -1
    out = []
    i = tail_index[-1] if tail_index else -1
    while i >= 0:
        out.append(i)
        i = int(previous[i])
    return np.array(out[::-1], dtype=np.int64)


def _hold_distance(distance: FloatArray, issues: list[Issue]) -> None:
    """Make a recorded cumulative distance non-decreasing, in place (devices wobble)."""
    finite = np.flatnonzero(np.isfinite(distance))
    values = distance[finite]
    held = np.maximum.accumulate(values)
    back = held > values
    if back.any():
        distance[finite] = held
        issues.append(
            Issue(
                f"{int(back.sum())} distance values went backwards; held at the distance "
                f"already reached (largest step back {float((held - values).max()):.2f} m)",
                "",
                IssueLevel.INFO,
            )
        )


def _check_ranges(
    columns: dict[str, FloatArray], locate: Callable[[int], str], issues: list[Issue]
) -> None:
    for name, (low, high, inclusive) in _LIMITS.items():
        values = columns.get(name)
        if values is None:
            continue
        with np.errstate(invalid="ignore"):
            below = values < low if inclusive else values <= low
            wrong = below | (values > high)
        if not wrong.any():
            continue
        count = int(wrong.sum())
        first = int(np.flatnonzero(wrong)[0])
        shown = values[first]
        if name == "heart_rate_bpm" and (values[wrong] == 0).all():
            message = f"{count} heart-rate values of 0 read as missing (no strap)"
            level = IssueLevel.INFO
        else:
            message = (
                f"{count} {_LABELS[name]} values out of range set to missing (first: {shown:g})"
            )
            level = IssueLevel.WARNING
        issues.append(Issue(message, locate(first), level))
        values[wrong] = math.nan


def assemble(
    points: PointColumns,
    locate: Callable[[int], str],
    *,
    fallback_start_s: float | None = None,
    origin_s: float | None = None,
) -> Assembled:
    """Check and order points, fill distance, and build samples.

    Args:
        points: the extracted columns (arrays may be modified in place).
        locate: gives "line N" for a point index, for issues.
        fallback_start_s: UTC epoch seconds to use as the start of a course without times
            (e.g. GPX metadata time); the Unix epoch when None.
        origin_s: UTC epoch seconds of ``time_s == 0`` when it comes before the first
            sample (a TCX lap that starts a second before its first point); else the
            first sample's time.

    Returns:
        The samples, their start, and the issues met.
    """
    issues: list[Issue] = []
    n = len(points)
    columns = points.columns
    _check_ranges(columns, locate, issues)
    epoch = points.epoch_s
    timed = np.isfinite(epoch)
    course = False
    keep = np.arange(n, dtype=np.int64)
    if n and not timed.any():
        course = True
        issues.append(
            Issue(
                f"no times in the {n} points: read as a course (synthetic time)",
                "",
                IssueLevel.INFO,
            )
        )
    elif timed.sum() > 2 and np.ptp(epoch[timed]) < _SAME_TIME_SPAN_S:
        course = True
        shown = instant(float(epoch[timed][0])).isoformat().replace("+00:00", "Z")
        issues.append(
            Issue(
                f"all {int(timed.sum())} points carry the same time ({shown}): "
                "read as a course (synthetic time)",
                "",
                IssueLevel.WARNING,
            )
        )
    elif timed.sum() * 2 < n:
        course = True
        issues.append(
            Issue(
                f"only {int(timed.sum())} of {n} points have a time: read as a course "
                "(synthetic time)",
                "",
                IssueLevel.WARNING,
            )
        )
    elif not timed.all():
        missing = np.flatnonzero(~timed)
        issues.append(
            Issue(f"{missing.size} points without a readable time dropped", locate(int(missing[0])))
        )
        keep = keep[timed]
    if not course and keep.size > 1:
        times = epoch[keep]
        if (np.diff(times) < 0).any():
            ordered = _longest_ordered(times)
            dropped = np.setdiff1d(np.arange(keep.size), ordered)
            issues.append(
                Issue(
                    f"{dropped.size} points dropped: their time goes backwards",
                    locate(int(keep[dropped[0]])),
                )
            )
            keep = keep[ordered]
    picked = {name: values[keep] for name, values in columns.items()}
    segment = points.segment[keep]
    breaks = np.flatnonzero(np.diff(segment) != 0) + 1 if keep.size > 1 else np.empty(0, np.int64)
    metadata: dict[str, Any] = {}
    distance = picked.get("distance_m")
    lat, lon = picked.get("lat_deg"), picked.get("lon_deg")
    has_positions = lat is not None and lon is not None and bool(np.isfinite(lat).any())
    if distance is not None and np.isfinite(distance).any():
        _hold_distance(distance, issues)
    if (distance is None or not np.isfinite(distance).any()) and has_positions:
        assert lat is not None
        assert lon is not None
        picked["distance_m"] = cumulative_distance_m(lat, lon, breaks=breaks)
        metadata["distance_source"] = "positions (WGS84, Vincenty)"
    if course:
        distance = picked.get("distance_m")
        if distance is not None and np.isfinite(distance).all():
            time_s = np.maximum.accumulate(distance - distance[0])
            metadata["synthetic_time"] = "distance at a nominal 1 m/s"
        else:
            time_s = np.arange(keep.size, dtype=np.float64)
            metadata["synthetic_time"] = "one second per point"
        start_s = fallback_start_s if fallback_start_s is not None else 0.0
        metadata["course"] = True
    else:
        start_s = float(epoch[keep[0]]) if keep.size else (origin_s or fallback_start_s or 0.0)
        if origin_s is not None and origin_s < start_s:
            start_s = origin_s
        time_s = epoch[keep] - start_s
        if points.naive_times:
            issues.append(
                Issue(
                    f"{points.naive_times} timestamps have no time zone; read as UTC",
                    "",
                    IssueLevel.INFO,
                )
            )
    picked["time_s"] = time_s
    samples = Samples.from_columns(**cast(dict[str, Any], picked))
    return Assembled(samples, instant(start_s), keep, course, issues, metadata)


def time_order(block: npt.NDArray[np.int64], epoch_s: FloatArray) -> npt.NDArray[np.int64] | None:
    """A permutation putting whole blocks (tracks, activities) in time order, or None.

    Blocks keep their inner order; a block without any time keeps its place after the
    block before it.
    """
    if block.size == 0:
        return None
    ids = np.unique(block)
    if ids.size < 2:
        return None
    firsts = np.full(ids.size, np.nan)
    for k, ident in enumerate(ids):
        times = epoch_s[block == ident]
        times = times[np.isfinite(times)]
        if times.size:
            firsts[k] = times[0]
    # Untimed blocks inherit the previous block's time so they stay where they were.
    filled = firsts.copy()
    for k in range(1, ids.size):
        if np.isnan(filled[k]):
            filled[k] = filled[k - 1]
    if np.isnan(filled).all() or (np.diff(np.nan_to_num(filled, nan=-np.inf)) >= 0).all():
        return None
    rank = np.searchsorted(ids, block)
    key = np.nan_to_num(filled, nan=-np.inf)[rank]
    return np.lexsort((np.arange(block.size), key)).astype(np.int64)


def chain_distances(distance_m: FloatArray, block: npt.NDArray[np.int64]) -> FloatArray:
    """Make a per-block distance (restarting at 0 in each TCX activity) cumulative overall.

    Each block after the first is shifted by the largest distance reached before it,
    when it starts below that.
    """
    out = distance_m.copy()
    reached = 0.0
    _, first_rows = np.unique(block, return_index=True)
    for ident in block[np.sort(first_rows)]:
        rows = np.flatnonzero(block == ident)
        values = out[rows]
        finite = values[np.isfinite(values)]
        if finite.size == 0:
            continue
        if reached > 0 and finite[0] < reached:
            out[rows] = values + reached
            finite = finite + reached
        reached = max(reached, float(finite.max()))
    return out


def enforce(issues: list[Issue], strict: bool, fail: Callable[[Issue], Exception]) -> None:
    """In strict mode, raise for the first issue of warning level or worse.

    Args:
        issues: the issues met.
        strict: whether to raise.
        fail: builds the exception for an issue (names the file).
    """
    if not strict:
        return
    for issue in issues:
        if issue.level is not IssueLevel.INFO:
            raise fail(issue)
