"""Summary metrics of an activity, computed once at import from the analysis module.

This is the one place stored summaries are made: :func:`summarise` takes an
:class:`~lydiard.model.Activity` and returns an :class:`ActivitySummary`, built on
:func:`lydiard.analysis.summary` (the same cleaning every analysis uses: GPS spikes
repaired, pauses and stops left out of moving time, altitude smoothed along the distance
before climb is counted). Ingest calls it through a parameter.

Rules (docs/store.md):

* distance: the sessions' total when every session reports one (the device's own
  measure); else the analysis' cleaned distance (the watch's distance channel, else GPS
  positions averaged while moving, else a speed channel);
* moving time: the analysis' (no pauses of the recording, no stops); without any way to
  tell movement (no distance, position or speed), the sessions' timer time, else the
  elapsed time less the pauses of the recording (gaps between samples);
* ascent and descent: the sessions' totals (a barometric device's own count), else the
  laps' when every lap has one, else the analysis' (smoothed profile, 3 m hysteresis);
* heart rate: the analysis' time-weighted mean over the recording and its maximum, else
  the single session's reported values; power: the mean over moving time;
* the richer figures (grade-adjusted speed, maximum speed and power, cadence, vertical
  speed, effort distance, lowest and highest point, where distance came from) go to
  :attr:`ActivitySummary.extra`.

:func:`track_of` keeps the last cleaned track, so that the load computed right after the
summary (:mod:`lydiard.store.scoring`) does not clean the same activity twice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from lydiard.analysis import Track, prepare, summary
from lydiard.model import Activity

__all__ = ["ActivitySummary", "summarise", "track_of"]

_last: tuple[Activity, Track] | None = None


@dataclass(frozen=True, slots=True)
class ActivitySummary:
    """Totals and averages of one activity; None where the file gives no way to know.

    Attributes:
        distance_m: distance in metres.
        elapsed_s: first to last sample, seconds.
        moving_s: time in motion, seconds.
        timer_s: the device's timer time, seconds.
        ascent_m, descent_m: climb and descent, metres.
        avg_heart_rate_bpm, max_heart_rate_bpm: heart rate, bpm.
        avg_speed_mps: distance / moving time, m/s.
        avg_power_w: average power over moving time, watts.
        calories_kcal: energy as the device reported, kcal.
        extra: richer figures by name with their unit in it (``gap_speed_mps``,
            ``max_speed_mps``, ``max_power_w``, ``avg_cadence_rpm``,
            ``vertical_speed_mps``, ``effort_distance_m``, ``min_altitude_m``,
            ``max_altitude_m``), known values only, plus ``distance_source``.
    """

    distance_m: float | None = None
    elapsed_s: float | None = None
    moving_s: float | None = None
    timer_s: float | None = None
    ascent_m: float | None = None
    descent_m: float | None = None
    avg_heart_rate_bpm: float | None = None
    max_heart_rate_bpm: float | None = None
    avg_speed_mps: float | None = None
    avg_power_w: float | None = None
    calories_kcal: float | None = None
    extra: dict[str, float | str] = field(default_factory=dict)


def track_of(activity: Activity) -> Track:
    """The analysis' cleaned track of an activity (the last one is kept for reuse)."""
    global _last
    if _last is not None and _last[0] is activity:
        return _last[1]
    track = prepare(activity)
    _last = (activity, track)
    return track


def _total(values: list[float]) -> float | None:
    """The sum when every value is known, else None."""
    if not values or not all(math.isfinite(v) for v in values):
        return None
    return float(sum(values))


def _known(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


_EXTRA = (
    "gap_speed_mps",
    "max_speed_mps",
    "max_power_w",
    "avg_cadence_rpm",
    "vertical_speed_mps",
    "effort_distance_m",
    "min_altitude_m",
    "max_altitude_m",
)


def summarise(activity: Activity) -> ActivitySummary:
    """Compute the summary metrics stored with an activity (rules in the module docstring)."""
    samples = activity.samples
    sessions = activity.sessions
    if len(samples) == 0:
        return ActivitySummary(
            distance_m=_total([s.distance_m for s in sessions]),
            elapsed_s=activity.elapsed_s if sessions else None,
            timer_s=_total([s.timer_s for s in sessions]),
            ascent_m=_total([s.ascent_m for s in sessions]),
            descent_m=_total([s.descent_m for s in sessions]),
            calories_kcal=_total([s.calories_kcal for s in sessions]),
        )
    track = track_of(activity)
    rich = summary(track)
    distance = _total([s.distance_m for s in sessions])
    if distance is None:
        distance = _known(rich.distance_m)
    timer = _total([s.timer_s for s in sessions])
    moving = _known(rich.moving_s) if track.has_distance else None
    if moving is None:  # no way to tell movement: the timer, else elapsed minus pauses
        moving = timer if timer is not None else _known(rich.moving_s)
    ascent = _total([s.ascent_m for s in sessions])
    descent = _total([s.descent_m for s in sessions])
    if ascent is None:
        ascent = _total([lap.ascent_m for lap in activity.laps])
        descent = _total([lap.descent_m for lap in activity.laps])
    if ascent is None:
        ascent, descent = _known(rich.ascent_m), _known(rich.descent_m)
    avg_hr = _known(rich.avg_heart_rate_bpm)
    max_hr = _known(rich.max_heart_rate_bpm)
    if len(sessions) == 1:
        avg_hr = avg_hr if avg_hr is not None else _known(sessions[0].avg_heart_rate_bpm)
        max_hr = max_hr if max_hr is not None else _known(sessions[0].max_heart_rate_bpm)
    extra: dict[str, float | str] = {
        name: float(getattr(rich, name)) for name in _EXTRA if math.isfinite(getattr(rich, name))
    }
    extra["distance_source"] = rich.distance_source
    return ActivitySummary(
        distance_m=distance,
        elapsed_s=activity.elapsed_s,
        moving_s=moving,
        timer_s=timer,
        ascent_m=ascent,
        descent_m=descent,
        avg_heart_rate_bpm=avg_hr,
        max_heart_rate_bpm=max_hr,
        avg_speed_mps=distance / moving if distance is not None and moving else None,
        avg_power_w=_known(rich.avg_power_w),
        calories_kcal=_total([s.calories_kcal for s in sessions]),
        extra=extra,
    )
