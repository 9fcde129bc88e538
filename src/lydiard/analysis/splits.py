"""Splits per km or mile (or any distance), and the last N km of an activity.

A split's boundaries are the instants the athlete first reached each multiple of the split
distance (linear between samples); the first split starts at the first sample and the last
ends at the last one, so splits add up to the activity's distance, elapsed time and moving
time exactly. The final split is partial when the distance is not a whole number of
splits. ``last=`` keeps the final stretch only, counted back from the finish, so "the last
23 km of a 48 km long run" gives 23 whole 1 km splits ending at the finish.

Pace is moving time over distance (stops and pauses excluded, as a watch with auto-pause
or Strava shows it); elapsed time is given too. Grade-adjusted pace uses Minetti et al.
2002 (see :mod:`lydiard.analysis.grade`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from lydiard.analysis.segments import Measured, measure, time_at_distance
from lydiard.analysis.table import Table
from lydiard.analysis.track import Track, as_track
from lydiard.errors import InputError, UnitError
from lydiard.model import Activity
from lydiard.units import DistanceUnit, parse_distance

__all__ = ["Split", "SplitTable", "split_length", "splits"]

# Below this, a leftover at the end is joined to the previous split (metres).
_TAIL_M = 1.0
_MAX_SPLITS = 200_000


@dataclass(frozen=True, slots=True)
class Split:
    """One split (SI units; pace is derived from speed only when shown).

    Attributes:
        index: 1-based number of the split within its table.
        start_m, end_m: distance from the activity start at the split's ends, metres.
        distance_m: length of the split, metres.
        start_s, end_s: time since the activity start at its ends, seconds.
        elapsed_s: clock time of the split, seconds.
        moving_s: moving time, seconds (no pauses, no stops).
        speed_mps: distance over moving time, m/s (0 when it has no moving time).
        gap_speed_mps: grade-adjusted speed, m/s (NaN without altitude).
        avg_heart_rate_bpm, max_heart_rate_bpm: heart rate, bpm (NaN without HR).
        ascent_m, descent_m: climb and descent, metres (NaN without altitude).
        avg_power_w: mean power while moving, watts (NaN without power).
        partial: True when shorter than the split distance.
    """

    index: int
    start_m: float
    end_m: float
    distance_m: float
    start_s: float
    end_s: float
    elapsed_s: float
    moving_s: float
    speed_mps: float
    gap_speed_mps: float
    avg_heart_rate_bpm: float
    max_heart_rate_bpm: float
    ascent_m: float
    descent_m: float
    avg_power_w: float
    partial: bool = False


@dataclass(frozen=True, slots=True)
class SplitTable(Table[Split]):
    """Splits of one activity, with the stretch they cover as a whole.

    Attributes:
        rows: the splits, in order.
        split_m: the split distance, metres.
        unit: "km", "mi", or the split distance as text ("400 m").
        total: the whole stretch covered (the activity, or its last N km), as one row;
            None when there is no distance.
    """

    split_m: float = 1000.0
    unit: str = "km"
    total: Split | None = None


def split_length(per: str | float | DistanceUnit) -> tuple[float, str]:
    """Return (metres, label) of a split distance: "km", "mi", "400m", or metres.

    Raises:
        InputError: when it is not a positive distance.
    """
    if isinstance(per, str) and per.strip().lower() in ("km", "mi", "mile", "k"):
        unit = DistanceUnit.MI if per.strip().lower() in ("mi", "mile") else DistanceUnit.KM
        return unit.metres, unit.value
    if isinstance(per, DistanceUnit):
        return per.metres, per.value
    metres = _metres(per, "split distance") if isinstance(per, str) else float(per)
    if not (math.isfinite(metres) and metres > 0):
        raise InputError(f"split distance must be above zero, got {per!r}")
    label = f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"
    return metres, label


def _metres(text: str, what: str) -> float:
    try:
        return float(parse_distance(text))
    except UnitError as exc:
        raise UnitError(
            f"{what} {text!r}: use 'km', 'mi' or a distance above zero such as '400 m' ({exc})"
        ) from exc


def _rows(m: Measured, split_m: float, first_index: int = 1) -> tuple[Split, ...]:
    speed = m.speed_mps()
    gap = m.gap_speed_mps()
    return tuple(
        Split(
            index=first_index + k,
            start_m=float(m.start_m[k]),
            end_m=float(m.end_m[k]),
            distance_m=float(m.distance_m[k]),
            start_s=float(m.start_s[k]),
            end_s=float(m.end_s[k]),
            elapsed_s=float(m.elapsed_s[k]),
            moving_s=float(m.moving_s[k]),
            speed_mps=float(speed[k]),
            gap_speed_mps=float(gap[k]),
            avg_heart_rate_bpm=float(m.avg_heart_rate_bpm[k]),
            max_heart_rate_bpm=float(m.max_heart_rate_bpm[k]),
            ascent_m=float(m.ascent_m[k]),
            descent_m=float(m.descent_m[k]),
            avg_power_w=float(m.avg_power_w[k]),
            partial=bool(m.distance_m[k] < split_m - _TAIL_M),
        )
        for k in range(m.start_s.size)
    )


def splits(
    source: Activity | Track,
    per: str | float | DistanceUnit = "km",
    *,
    last: str | float | None = None,
) -> SplitTable:
    """Split an activity every ``per`` (km, mile or any distance).

    Args:
        source: the activity (or its prepared track).
        per: "km", "mi", a distance text ("400 m"), or metres.
        last: keep only the final stretch of this length (metres, or text such as
            "23km"), counted back from the finish; the whole activity when longer.

    Returns:
        The splits; empty when the activity has no distance.

    Raises:
        InputError: on a split or ``last`` distance that is not positive, or that would
            make an absurd number of splits.
    """
    track = as_track(source)
    split_m, label = split_length(per)
    last_m = None
    if last is not None:
        last_m = _metres(last, "last") if isinstance(last, str) else float(last)
        if not (math.isfinite(last_m) and last_m > 0):
            raise InputError(f"last must be a distance above zero, got {last!r}")
    total = track.distance_total_m if track.has_distance else math.nan
    if not (math.isfinite(total) and total > 0):
        return SplitTable(rows=(), split_m=split_m, unit=label)
    span = total if last_m is None else min(last_m, total)
    if span / split_m > _MAX_SPLITS:
        raise InputError(
            f"{label} splits over {span / 1000:.1f} km would make more than "
            f"{_MAX_SPLITS:,} splits; choose a longer split distance"
        )
    start = total - span
    if last_m is None:
        inner = np.arange(1, math.ceil(total / split_m)) * split_m
    else:
        inner = (total - np.arange(1, math.ceil(span / split_m)) * split_m)[::-1]
    inner = inner[(inner > start + _TAIL_M / 2) & (inner < total - _TAIL_M)]
    bounds = np.concatenate(([start], inner, [total]))
    times = time_at_distance(track, bounds)
    times[-1] = track.time_s[-1]
    if start <= 0:
        times[0] = track.time_s[0]
    m = measure(track, times[:-1], times[1:], bounds[:-1], bounds[1:])
    whole = measure(track, times[:1], times[-1:], bounds[:1], bounds[-1:])
    total_row = _rows(whole, span, first_index=0)[0]
    return SplitTable(rows=_rows(m, split_m), split_m=split_m, unit=label, total=total_row)
