"""The laps table: each lap as the device recorded it, completed from the track.

Where the file gives a lap's distance, timer time, heart rate, climb or power, that is what
the watch showed the athlete and is kept; what it leaves out is measured on the cleaned
track over the lap's time span. Grade-adjusted speed always comes from the track: the lap's
speed times the track's ratio of grade-adjusted to actual distance over the lap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from lydiard.analysis.segments import measure
from lydiard.analysis.table import Table
from lydiard.analysis.track import Track, prepare
from lydiard.model import Activity

__all__ = ["LapRow", "LapTable", "laps_table"]


@dataclass(frozen=True, slots=True)
class LapRow:
    """One lap (SI units).

    Attributes:
        index: 1-based lap number.
        start_s, end_s: seconds since the activity start.
        elapsed_s: clock time of the lap, seconds.
        timer_s: timer time (pauses excluded), seconds: the device's, else moving time.
        distance_m: metres.
        speed_mps: distance over timer time, m/s.
        gap_speed_mps: grade-adjusted speed, m/s (NaN without altitude).
        avg_heart_rate_bpm, max_heart_rate_bpm: bpm.
        ascent_m, descent_m: metres.
        avg_power_w: watts.
        intensity: the file's lap intensity ("active", "rest", ...) or None.
        trigger: what ended the lap ("manual", "distance", ...) or None.
    """

    index: int
    start_s: float
    end_s: float
    elapsed_s: float
    timer_s: float
    distance_m: float
    speed_mps: float
    gap_speed_mps: float
    avg_heart_rate_bpm: float
    max_heart_rate_bpm: float
    ascent_m: float
    descent_m: float
    avg_power_w: float
    intensity: str | None
    trigger: str | None


@dataclass(frozen=True, slots=True)
class LapTable(Table[LapRow]):
    """The laps of one activity, in time order."""


def _pick(device: float, measured: float) -> float:
    return device if math.isfinite(device) else measured


def laps_table(activity: Activity, *, track: Track | None = None) -> LapTable:
    """Tabulate an activity's laps (device figures first, completed from the track).

    Args:
        activity: the activity.
        track: its prepared track, when already computed.

    Returns:
        One row per lap; empty when the file has no laps.
    """
    laps = activity.laps
    if not laps:
        return LapTable()
    track = track if track is not None else prepare(activity)
    n = len(laps)
    nan = np.full(n, np.nan)
    if len(track):
        m = measure(
            track, np.array([lap.start_s for lap in laps]), np.array([lap.end_s for lap in laps])
        )
        dist, moving, gap_dist = m.distance_m, m.moving_s, m.gap_distance_m
        hr, hr_max, up, down, power = (
            m.avg_heart_rate_bpm,
            m.max_heart_rate_bpm,
            m.ascent_m,
            m.descent_m,
            m.avg_power_w,
        )
    else:
        dist = moving = gap_dist = hr = hr_max = up = down = power = nan
    with np.errstate(invalid="ignore", divide="ignore"):
        gap_ratio = np.where(dist > 0, gap_dist / np.where(dist > 0, dist, 1.0), np.nan)
    rows = []
    for k, lap in enumerate(laps):
        dist_m = _pick(lap.distance_m, float(dist[k]))
        timer = _pick(lap.timer_s, float(moving[k]))
        if not (math.isfinite(timer) and timer > 0):
            timer = lap.elapsed_s
        speed = dist_m / timer if timer > 0 and math.isfinite(dist_m) else math.nan
        rows.append(
            LapRow(
                index=k + 1,
                start_s=lap.start_s,
                end_s=lap.end_s,
                elapsed_s=lap.elapsed_s,
                timer_s=timer,
                distance_m=dist_m,
                speed_mps=speed,
                gap_speed_mps=speed * float(gap_ratio[k]),
                avg_heart_rate_bpm=_pick(lap.avg_heart_rate_bpm, float(hr[k])),
                max_heart_rate_bpm=_pick(lap.max_heart_rate_bpm, float(hr_max[k])),
                ascent_m=_pick(lap.ascent_m, float(up[k])),
                descent_m=_pick(lap.descent_m, float(down[k])),
                avg_power_w=_pick(lap.avg_power_w, float(power[k])),
                intensity=lap.intensity,
                trigger=lap.trigger,
            )
        )
    return LapTable(rows=tuple(rows))
