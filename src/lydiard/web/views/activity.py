"""The Activity page: summary, route, laps, and the streams its charts draw.

Splits, reps, best efforts and grade-adjusted pace come from :mod:`lydiard.analysis`
(see :func:`analysis_of`); streams are thinned to about :data:`CHART_POINTS` points.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from lydiard.model import Activity, FloatArray, Lap
from lydiard.store import ActivityRecord, Store
from lydiard.units import DistanceUnit
from lydiard.web.encoding import Series
from lydiard.web.views.route import RouteSvg, route_svg

__all__ = ["CHART_POINTS", "ActivityView", "Streams", "activity_view", "streams_of"]

CHART_POINTS = 1200
_SPEED_WINDOW_S = 20.0


@dataclass(frozen=True, slots=True)
class Streams:
    """Chart streams, thinned, in display-ready SI (the page converts units).

    Attributes:
        time_s: seconds since the start.
        distance_m: distance from the start (None without distance).
        speed_mps: speed smoothed over 20 s (None without distance or speed).
        gap_speed_mps: grade-adjusted speed (None without altitude and distance).
        heart_rate_bpm: heart rate (None without a heart-rate channel).
        altitude_m: altitude (None without one).
        power_w: power (None without one).
    """

    time_s: Series
    distance_m: Series | None
    speed_mps: Series | None
    gap_speed_mps: Series | None
    heart_rate_bpm: Series | None
    altitude_m: Series | None
    power_w: Series | None


@dataclass(frozen=True, slots=True)
class ActivityView:
    """Everything the Activity page shows.

    Attributes:
        record: the stored activity (summary, load).
        units: "km" or "mi".
        laps: the laps as recorded.
        route: the route picture, or None without positions.
        streams: chart streams.
        analysis: splits, reps, best efforts (see :func:`analysis_of`), or None while the
            analysis module is not installed.
    """

    record: ActivityRecord
    units: str
    laps: list[Lap]
    route: RouteSvg | None
    streams: Streams
    analysis: dict[str, Any] | None


def _channel(activity: Activity, name: str) -> FloatArray | None:
    samples = activity.samples
    if not samples.has(name):
        return None
    values = np.asarray(getattr(samples, name), dtype=np.float64)
    return values if np.isfinite(values).any() else None


def _smoothed_speed(time_s: FloatArray, distance_m: FloatArray) -> FloatArray:
    """Speed over a centred window: distance difference / time difference."""
    ok = np.isfinite(distance_m)
    if ok.sum() < 2:
        return np.full(time_s.size, np.nan)
    t, d = time_s[ok], distance_m[ok]
    half = _SPEED_WINDOW_S / 2
    hi = np.interp(np.minimum(time_s + half, t[-1]), t, d)
    lo = np.interp(np.maximum(time_s - half, t[0]), t, d)
    span = np.minimum(time_s + half, t[-1]) - np.maximum(time_s - half, t[0])
    with np.errstate(divide="ignore", invalid="ignore"):
        speed = np.where(span > 0, (hi - lo) / span, np.nan)
    return np.asarray(speed, dtype=np.float64)


def _thin_index(n: int, points: int) -> Any:
    if n <= points:
        return slice(None)
    return np.unique(np.linspace(0, n - 1, points).round().astype(np.int64))


def streams_of(activity: Activity, *, points: int = CHART_POINTS) -> Streams:
    """The chart streams of an activity, thinned to about ``points`` samples."""
    time_s = np.asarray(activity.samples.time_s, dtype=np.float64)
    distance = _channel(activity, "distance_m")
    speed_channel = _channel(activity, "speed_mps")
    if distance is None and speed_channel is not None:
        steps = np.diff(time_s, prepend=time_s[:1])
        distance = np.cumsum(np.nan_to_num(speed_channel) * np.clip(steps, 0, 30))
    speed = _smoothed_speed(time_s, distance) if distance is not None else None
    gap = _grade_adjusted(activity)
    pick = _thin_index(time_s.size, points)

    def thin(values: FloatArray | None) -> FloatArray | None:
        return None if values is None else values[pick]

    return Streams(
        time_s=time_s[pick],
        distance_m=thin(distance),
        speed_mps=thin(speed),
        gap_speed_mps=thin(gap),
        heart_rate_bpm=thin(_channel(activity, "heart_rate_bpm")),
        altitude_m=thin(_channel(activity, "altitude_m")),
        power_w=thin(_channel(activity, "power_w")),
    )


def _grade_adjusted(activity: Activity) -> FloatArray | None:
    """Grade-adjusted speed per sample from the analysis module, when it is installed."""
    return None


def analysis_of(activity: Activity, units: str) -> dict[str, Any] | None:
    """Splits, reps and best efforts from :mod:`lydiard.analysis`, when it is installed."""
    return None


def activity_view(store: Store, record: ActivityRecord, units: str) -> ActivityView:
    """Build the Activity page's data."""
    activity = store.activities.load(record.id)
    lat = _channel(activity, "lat_deg")
    lon = _channel(activity, "lon_deg")
    route = (
        route_svg(lat, lon, label=record.name or "route")
        if lat is not None and lon is not None
        else None
    )
    return ActivityView(
        record=record,
        units=DistanceUnit(units).value,
        laps=list(activity.laps),
        route=route,
        streams=streams_of(activity),
        analysis=analysis_of(activity, units),
    )
