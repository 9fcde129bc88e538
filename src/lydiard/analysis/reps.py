"""Reps of an interval session: from the laps when they mark them, else found from speed.

A session becomes warm-up, reps, recoveries and cool-down, in order and without gaps:
the warm-up runs from the start to the first rep, recoveries fill the gaps between reps,
the cool-down runs from the last rep to the end. Each part is measured on the cleaned
track (distance, time, speed, grade-adjusted speed, heart rate, climb).

Laps are used when they describe the session: their ``intensity`` says so (a structured
workout marks warm-up, active, rest and cool-down laps), or their speeds split cleanly
into fast and easy laps, each lap being mostly on one side of the session's speed
threshold (manual laps pressed at each rep). Automatic laps (every km or every few
minutes) say nothing about reps, so then, and in files without laps, reps are found from
speed (:mod:`lydiard.analysis.rep_detection`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

from lydiard.analysis.cleaning import fill_gaps
from lydiard.analysis.rep_detection import (
    DetectionOptions,
    SpeedClasses,
    detect_reps,
    speed_classes,
)
from lydiard.analysis.segments import measure
from lydiard.analysis.table import Table
from lydiard.analysis.track import Track, prepare
from lydiard.model import Activity, Lap
from lydiard.units import METRES_PER_MILE

__all__ = ["PartKind", "RepSource", "Reps", "SessionPart", "reps"]


class PartKind(StrEnum):
    """What a part of an interval session is."""

    WARMUP = "warmup"
    REP = "rep"
    RECOVERY = "recovery"
    COOLDOWN = "cooldown"


class RepSource(StrEnum):
    """Where the reps came from."""

    LAPS = "laps"
    SPEED = "speed"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class SessionPart:
    """One part of an interval session (SI units).

    Attributes:
        kind: warm-up, rep, recovery or cool-down.
        number: the rep's number (1-based); for a recovery, the rep it follows; 0 for the
            warm-up and cool-down.
        start_s, end_s: seconds since the activity start.
        elapsed_s: duration, seconds.
        moving_s: moving time inside it, seconds.
        distance_m: distance, metres.
        speed_mps: distance over elapsed time, m/s (0 for a standing rest).
        gap_speed_mps: grade-adjusted distance over elapsed time, m/s (NaN without
            altitude).
        avg_heart_rate_bpm, max_heart_rate_bpm: heart rate over the part, bpm.
        start_heart_rate_bpm, end_heart_rate_bpm: heart rate at its ends, bpm (for a
            recovery, how far heart rate came down).
        ascent_m, descent_m: climb and descent, metres.
        avg_power_w: mean power while moving, watts.
    """

    kind: PartKind
    number: int
    start_s: float
    end_s: float
    elapsed_s: float
    moving_s: float
    distance_m: float
    speed_mps: float
    gap_speed_mps: float
    avg_heart_rate_bpm: float
    max_heart_rate_bpm: float
    start_heart_rate_bpm: float
    end_heart_rate_bpm: float
    ascent_m: float
    descent_m: float
    avg_power_w: float


@dataclass(frozen=True, slots=True)
class Reps(Table[SessionPart]):
    """The parts of an interval session, in time order; empty when it is not one.

    Attributes:
        rows: warm-up, reps and recoveries in turn, cool-down.
        source: laps, speed, or none.
        threshold_mps: speed separating work from easy, m/s (NaN when not used).
        reason: why no reps were found ("" when they were).
        nominal_distance_m: the common rep distance rounded to a usual one (400 m,
            1 km, 1 mile...) when every rep is close to it, else NaN.
        nominal_duration_s: likewise for reps run by time (3 min), else NaN.
    """

    source: RepSource = RepSource.NONE
    threshold_mps: float = math.nan
    reason: str = ""
    nominal_distance_m: float = field(default=math.nan)
    nominal_duration_s: float = field(default=math.nan)

    @property
    def reps(self) -> tuple[SessionPart, ...]:
        """The reps."""
        return tuple(p for p in self.rows if p.kind is PartKind.REP)

    @property
    def recoveries(self) -> tuple[SessionPart, ...]:
        """The recoveries between reps."""
        return tuple(p for p in self.rows if p.kind is PartKind.RECOVERY)

    @property
    def warmup(self) -> SessionPart | None:
        """The warm-up, if the first rep did not start at the first sample."""
        return next((p for p in self.rows if p.kind is PartKind.WARMUP), None)

    @property
    def cooldown(self) -> SessionPart | None:
        """The cool-down, if the last rep did not end at the last sample."""
        return next((p for p in self.rows if p.kind is PartKind.COOLDOWN), None)


# Rep distances coaches write, metres.
_USUAL_DISTANCES_M = (
    100, 150, 200, 250, 300, 400, 500, 600, 800, 1000, 1200, 1500, 1600,
    METRES_PER_MILE, 2000, 2500, 3000, 4000, 5000, 6000, 8000, 10000,
)  # fmt: skip


def _nominal(
    values: list[float], usual: list[float], spread: float, snap: float, widen_below: float = 0
) -> float:
    """A usual value every item is close to, or NaN.

    ``snap`` is the relative distance allowed to the usual value; below ``widen_below``
    it is twice as wide (a few metres of GPS error at each end of a 200 m rep is 5 %).
    """
    if len(values) < 2 or not all(math.isfinite(v) and v > 0 for v in values):
        return math.nan
    median = float(np.median(values))
    short = median < widen_below
    if max(abs(v / median - 1) for v in values) > spread * (1.5 if short else 1):
        return math.nan
    best = min(usual, key=lambda u: abs(u / median - 1))
    allowed = 2 * snap if short else snap
    return float(best) if abs(best / median - 1) <= allowed else math.nan


def _usual_durations() -> list[float]:
    short = [15.0 * k for k in range(1, 9)]  # 15 s steps to 2 min
    mid = [30.0 * k for k in range(5, 21)]  # 30 s steps to 10 min
    long = [60.0 * k for k in range(11, 61)]
    return short + mid + long


_WORK = {"active", "interval"}
_EASY = {"rest", "recovery", "warmup", "cooldown"}
_AUTO_TRIGGERS = {"distance", "time", "position", "position_lap", "position_waypoint"}


def _lap_flags(laps: tuple[Lap, ...], sc: SpeedClasses | None) -> list[bool] | None:
    """Which laps are work, or None when the laps do not describe reps."""
    if len(laps) < 3:
        return None
    starts = np.array([lap.start_s for lap in laps])
    ends = np.array([lap.end_s for lap in laps])
    if (starts[1:] < ends[:-1] - 2.0).any():
        return None  # overlapping laps (a summary lap, a device quirk): not a rep log
    intensities = [(lap.intensity or "").lower() for lap in laps]
    if any(i in _EASY for i in intensities) and sum(i in _WORK for i in intensities) >= 2:
        return [i in _WORK for i in intensities]
    automatic = sum((lap.trigger or "").lower() in _AUTO_TRIGGERS for lap in laps)
    if automatic >= len(laps) / 2:
        return None  # laps every km or every few minutes say nothing about reps
    if sc is None or not math.isfinite(sc.threshold_mps):
        return None
    # Lap speed on the same basis as the classes (grade-adjusted on hilly ground). Laps
    # pressed at every rep and recovery are strong evidence: the classes need not pass
    # all the automatic detection's tests if the laps alternate and split cleanly.
    d0 = np.interp(starts, sc.grid_s, sc.distance_m)
    d1 = np.interp(ends, sc.grid_s, sc.distance_m)
    with np.errstate(invalid="ignore", divide="ignore"):
        speed = (d1 - d0) / np.where(ends > starts, ends - starts, np.nan)
    flags = [bool(v >= sc.threshold_mps) for v in speed]
    if sum(flags) < 2 or all(flags):
        return None
    fast_mean = float(np.mean([v for v, f in zip(speed, flags, strict=True) if f]))
    easy_mean = float(np.mean([v for v, f in zip(speed, flags, strict=True) if not f]))
    if not fast_mean >= 1.2 * easy_mean:
        return None
    # A rep set alternates rep, recovery, rep...; a long run's laps need not.
    first, last = flags.index(True), len(flags) - 1 - flags[::-1].index(True)
    inner = flags[first : last + 1]
    if any(inner[k] == inner[k + 1] for k in range(len(inner) - 1)):
        return None
    if not sc.distinct and sum(flags) < 3:
        return None  # without distinct speed classes, ask for at least three reps
    # Each lap must be mostly on its own side of the threshold (laps pressed at the reps).
    fast = np.concatenate(([0], np.cumsum(sc.speed_mps >= sc.threshold_mps)))
    lo = np.searchsorted(sc.grid_s, starts, side="left")
    hi = np.searchsorted(sc.grid_s, ends, side="right")
    count = hi - lo
    share = np.where(count > 0, (fast[hi] - fast[lo]) / np.maximum(count, 1), np.nan)
    pure = sum(
        bool(s >= 0.6) if work else bool(s <= 0.4)
        for s, work in zip(share, flags, strict=True)
        if math.isfinite(s)
    ) + int(np.isnan(share).sum())
    return flags if pure >= 0.8 * len(laps) else None


def reps(
    activity: Activity,
    *,
    track: Track | None = None,
    use_laps: bool = True,
    options: DetectionOptions | None = None,
) -> Reps:
    """Split an interval session into warm-up, reps, recoveries and cool-down.

    Args:
        activity: the activity (its laps are used when they mark the reps).
        track: its prepared track, when already computed.
        use_laps: False to ignore laps and find reps from speed.
        options: automatic detection settings.

    Returns:
        The parts in time order; an empty table (with ``reason``) when the activity is
        not an interval session.
    """
    track = track if track is not None else prepare(activity)
    if len(track) < 2:
        return Reps(reason="no samples")
    sc = speed_classes(track, options)
    threshold = sc.threshold_mps if sc is not None else math.nan
    starts: list[float] = []
    ends: list[float] = []
    source = RepSource.NONE
    reason = ""
    flags = _lap_flags(activity.laps, sc) if use_laps else None
    if flags is not None:
        source = RepSource.LAPS
        for lap, work in zip(activity.laps, flags, strict=True):
            if work:
                starts.append(max(lap.start_s, float(track.time_s[0])))
                ends.append(min(lap.end_s, float(track.time_s[-1])))
    else:
        found = detect_reps(track, options, sc)
        starts, ends = list(found.starts_s), list(found.ends_s)
        threshold, reason = found.threshold_mps, found.reason
        source = RepSource.SPEED if starts else RepSource.NONE
    if len(starts) < 2:
        return Reps(threshold_mps=threshold, reason=reason or "fewer than two reps")
    return _assemble(track, starts, ends, source, threshold)


def _assemble(
    track: Track, starts: list[float], ends: list[float], source: RepSource, threshold: float
) -> Reps:
    t0, t1 = float(track.time_s[0]), float(track.time_s[-1])
    bounds: list[tuple[PartKind, int, float, float]] = []
    if starts[0] > t0:
        bounds.append((PartKind.WARMUP, 0, t0, starts[0]))
    for k, (a, b) in enumerate(zip(starts, ends, strict=True)):
        bounds.append((PartKind.REP, k + 1, a, b))
        if k + 1 < len(starts) and starts[k + 1] > b:
            bounds.append((PartKind.RECOVERY, k + 1, b, starts[k + 1]))
    if ends[-1] < t1:
        bounds.append((PartKind.COOLDOWN, 0, ends[-1], t1))
    a_s = np.array([b[2] for b in bounds])
    b_s = np.array([b[3] for b in bounds])
    m = measure(track, a_s, b_s)
    speed = m.speed_mps(moving=False)
    gap = m.gap_speed_mps(moving=False)
    hr = fill_gaps(track.time_s, track.heart_rate_bpm)
    hr_a = np.interp(a_s, track.time_s, hr) if np.isfinite(hr).any() else np.full(a_s.size, np.nan)
    hr_b = np.interp(b_s, track.time_s, hr) if np.isfinite(hr).any() else np.full(a_s.size, np.nan)
    parts = tuple(
        SessionPart(
            kind=kind,
            number=number,
            start_s=float(m.start_s[i]),
            end_s=float(m.end_s[i]),
            elapsed_s=float(m.elapsed_s[i]),
            moving_s=float(m.moving_s[i]),
            distance_m=float(m.distance_m[i]),
            speed_mps=float(speed[i]),
            gap_speed_mps=float(gap[i]),
            avg_heart_rate_bpm=float(m.avg_heart_rate_bpm[i]),
            max_heart_rate_bpm=float(m.max_heart_rate_bpm[i]),
            start_heart_rate_bpm=float(hr_a[i]),
            end_heart_rate_bpm=float(hr_b[i]),
            ascent_m=float(m.ascent_m[i]),
            descent_m=float(m.descent_m[i]),
            avg_power_w=float(m.avg_power_w[i]),
        )
        for i, (kind, number, _, _) in enumerate(bounds)
    )
    work = [p for p in parts if p.kind is PartKind.REP]
    return Reps(
        rows=parts,
        source=source,
        threshold_mps=threshold,
        nominal_distance_m=_nominal(
            [p.distance_m for p in work], list(_USUAL_DISTANCES_M), 0.08, 0.04, 500
        ),
        nominal_duration_s=_nominal([p.elapsed_s for p in work], _usual_durations(), 0.05, 0.025),
    )
