"""Pacing: negative or positive split, and how much the pace faded.

The activity is cut at half its distance. Each half's pace is its moving time over its
distance; the second half's time minus the first's is the split difference (negative
is a negative split). The fade is the drop in speed from the first half to the second as
a percentage of the first (positive = slowed), both as run and grade-adjusted, because on
a course that climbs in its second half a slower pace is not a fade.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from lydiard.analysis.segments import measure, time_at_distance
from lydiard.analysis.track import Track, as_track
from lydiard.errors import NotEnoughDataError
from lydiard.model import Activity

__all__ = ["Pacing", "pacing"]


@dataclass(frozen=True, slots=True)
class Pacing:
    """How the pace held from the first half (by distance) to the second.

    Attributes:
        half_m: distance of each half, metres.
        first_moving_s, second_moving_s: moving time of each half, seconds.
        first_speed_mps, second_speed_mps: speed of each half, m/s.
        first_gap_speed_mps, second_gap_speed_mps: grade-adjusted, m/s (NaN without
            altitude).
        difference_s: second half's moving time minus the first's, seconds.
        negative_split: True when the second half was faster.
        fade_pct: speed lost from the first half to the second, % of the first
            (negative when the athlete sped up).
        gap_fade_pct: the same on grade-adjusted speed (NaN without altitude).
    """

    half_m: float
    first_moving_s: float
    second_moving_s: float
    first_speed_mps: float
    second_speed_mps: float
    first_gap_speed_mps: float
    second_gap_speed_mps: float
    difference_s: float
    negative_split: bool
    fade_pct: float
    gap_fade_pct: float


def pacing(source: Activity | Track) -> Pacing:
    """Compare the two halves of an activity by distance.

    Raises:
        NotEnoughDataError: without distance, or when a half has no moving time.
    """
    track = as_track(source)
    total = track.distance_total_m if track.has_distance else math.nan
    if not (math.isfinite(total) and total > 0):
        raise NotEnoughDataError("pacing needs a distance, and this activity has none")
    half = total / 2
    bounds = np.array([0.0, half, total])
    times = time_at_distance(track, bounds)
    times[0], times[-1] = track.time_s[0], track.time_s[-1]
    m = measure(track, times[:-1], times[1:], bounds[:-1], bounds[1:])
    if not (m.moving_s > 0).all():
        raise NotEnoughDataError("pacing needs moving time in both halves")
    speed = m.speed_mps()
    gap = m.gap_speed_mps()

    def fade(v: np.ndarray) -> float:
        return float((v[0] - v[1]) / v[0] * 100) if v[0] > 0 else math.nan

    return Pacing(
        half_m=half,
        first_moving_s=float(m.moving_s[0]),
        second_moving_s=float(m.moving_s[1]),
        first_speed_mps=float(speed[0]),
        second_speed_mps=float(speed[1]),
        first_gap_speed_mps=float(gap[0]),
        second_gap_speed_mps=float(gap[1]),
        difference_s=float(m.moving_s[1] - m.moving_s[0]),
        negative_split=bool(m.moving_s[1] < m.moving_s[0]),
        fade_pct=fade(speed),
        gap_fade_pct=fade(gap),
    )
