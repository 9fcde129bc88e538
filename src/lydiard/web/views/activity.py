"""The Activity page: summary, route, splits, reps, best efforts, and chart streams.

Everything about the activity itself comes from :mod:`lydiard.analysis` (cleaning once,
then splits, reps, best efforts, grade-adjusted pace, pacing and decoupling); this module
only picks what the page shows, in the athlete's units, and thins the streams for the
charts to about :data:`CHART_POINTS` points.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from lydiard.analysis import ActivityAnalysis, MetricKind, analyse, prepare, speed_kind
from lydiard.analysis.grade import grade_adjusted_speed
from lydiard.analysis.reps import PartKind, Reps
from lydiard.analysis.splits import Split
from lydiard.analysis.track import Track
from lydiard.formatting import (
    format_distance,
    format_duration,
    format_elevation,
    format_speed_as,
)
from lydiard.model import Activity, FloatArray, Lap, Sport
from lydiard.store import ActivityRecord, Store
from lydiard.units import METRES_PER_MILE, DistanceUnit
from lydiard.web.encoding import Series
from lydiard.web.views.route import RouteSvg, route_svg

__all__ = [
    "CHART_POINTS",
    "ActivityView",
    "MetricText",
    "RepRow",
    "Streams",
    "activity_view",
    "metric_text",
    "rep_rows",
    "reps_title",
    "route_of",
    "speed_text",
    "streams_of",
]

CHART_POINTS = 1200


@dataclass(frozen=True, slots=True)
class Streams:
    """Chart streams, thinned, in SI (the page converts units).

    Attributes:
        time_s: seconds since the start.
        distance_m: cleaned distance from the start (None without distance).
        speed_mps: speed over the analysis's speed window (None without distance).
        gap_speed_mps: grade-adjusted speed (None without altitude along a distance).
        heart_rate_bpm: heart rate (None without a heart-rate channel).
        altitude_m: smoothed altitude (None without altitude).
        power_w: power (None without power).
    """

    time_s: Series
    distance_m: Series | None
    speed_mps: Series | None
    gap_speed_mps: Series | None
    heart_rate_bpm: Series | None
    altitude_m: Series | None
    power_w: Series | None


@dataclass(frozen=True, slots=True)
class MetricText:
    """One summary figure as shown.

    Attributes:
        key: a stable name ("pace", "gap_pace", "climb"...).
        label: what the page calls it.
        text: the value in the athlete's units.
    """

    key: str
    label: str
    text: str


@dataclass(frozen=True, slots=True)
class RepRow:
    """One part of an interval session as the Reps table shows it.

    Attributes:
        label: "Warm-up", "Rep 3", "Recovery", "Cool-down".
        kind: warmup, rep, recovery or cooldown.
        distance_m, elapsed_s: the part's distance and clock time.
        speed_mps, gap_speed_mps: speed and grade-adjusted speed (elapsed time).
        avg_heart_rate_bpm, end_heart_rate_bpm: heart rate over it and at its end.
        standing: a rest spent mostly standing (no pace worth showing).
    """

    label: str
    kind: str
    distance_m: float
    elapsed_s: float
    speed_mps: float
    gap_speed_mps: float
    avg_heart_rate_bpm: float
    end_heart_rate_bpm: float
    standing: bool


@dataclass(frozen=True, slots=True)
class ActivityView:
    """Everything the Activity page shows.

    Attributes:
        record: the stored activity (names, load, RPE, notes).
        units: "km" or "mi".
        metrics: the sport's summary figures, formatted.
        laps: the laps as recorded.
        route: the route picture, or None without positions.
        streams: chart streams.
        splits: splits per km or mile (the athlete's unit).
        reps_title: "Reps: 6 x 1 km (from laps)", or "" when not an interval session.
        reps: warm-up, reps, recoveries, cool-down.
        analysis: the full analysis (both split tables, laps, best efforts, pacing,
            decoupling, notes), as :mod:`lydiard.analysis` returns it.
    """

    record: ActivityRecord
    units: str
    metrics: list[MetricText]
    laps: list[Lap]
    route: RouteSvg | None
    streams: Streams
    splits: list[Split]
    reps_title: str
    reps: list[RepRow]
    analysis: ActivityAnalysis


def speed_text(speed_mps: float, sport: Sport, units: str) -> str:
    """Speed as the sport reads it: pace, km/h, /100 m or /500 m (``speed_kind``)."""
    return format_speed_as(speed_mps, speed_kind(sport), units)


def metric_text(kind: MetricKind, value: float, units: str) -> str:
    """A summary figure in the athlete's units (metres as feet for mile users)."""
    if kind is MetricKind.DISTANCE:
        return format_distance(value, units)
    if kind is MetricKind.DURATION:
        return format_duration(value)
    if kind in (MetricKind.PACE, MetricKind.PACE_100M, MetricKind.PACE_500M, MetricKind.SPEED):
        return format_speed_as(value, kind, units)
    if kind is MetricKind.ELEVATION:
        return format_elevation(value, units)
    if kind is MetricKind.VERTICAL_SPEED:
        per_hour = value * 3600 / (1.0 if units == "km" else 0.3048)
        return f"{per_hour:.0f} {'m' if units == 'km' else 'ft'}/h"
    suffix = {MetricKind.HEART_RATE: " bpm", MetricKind.POWER: " W", MetricKind.CADENCE: "/min"}
    return f"{value:.0f}{suffix[kind]}"


def reps_title(reps: Reps) -> str:
    """A heading for the reps: "6 x 1 km (from laps)"; "" when there are none."""
    count = len(reps.reps)
    if not count:
        return ""
    source = "from laps" if reps.source == "laps" else "found from speed"
    nominal = reps.nominal_distance_m
    if math.isfinite(nominal):
        if abs(nominal - METRES_PER_MILE) < 1:
            shape = f"{count} x 1 mile"
        elif nominal >= 1000 and nominal % 1000 == 0:
            shape = f"{count} x {nominal / 1000:g} km"
        else:
            shape = f"{count} x {nominal:g} m"
    elif math.isfinite(reps.nominal_duration_s):
        shape = f"{count} x {format_duration(reps.nominal_duration_s)}"
    else:
        shape = f"{count} reps"
    return f"{shape} ({source})"


def rep_rows(reps: Reps) -> list[RepRow]:
    """The parts of an interval session, labelled for the table."""
    labels = {PartKind.WARMUP: "Warm-up", PartKind.COOLDOWN: "Cool-down"}
    return [
        RepRow(
            label=labels.get(p.kind)
            or (f"Rep {p.number}" if p.kind is PartKind.REP else "Recovery"),
            kind=p.kind.value,
            distance_m=p.distance_m,
            elapsed_s=p.elapsed_s,
            speed_mps=p.speed_mps,
            gap_speed_mps=p.gap_speed_mps,
            avg_heart_rate_bpm=p.avg_heart_rate_bpm,
            end_heart_rate_bpm=p.end_heart_rate_bpm,
            standing=p.moving_s < 0.2 * p.elapsed_s,
        )
        for p in reps
    ]


def _thin_index(n: int, points: int) -> Any:
    if n <= points:
        return slice(None)
    return np.unique(np.linspace(0, n - 1, points).round().astype(np.int64))


def _present(values: FloatArray) -> FloatArray | None:
    return values if values.size and np.isfinite(values).any() else None


def streams_of(track: Track, *, points: int = CHART_POINTS) -> Streams:
    """The chart streams of a cleaned track, thinned to about ``points`` samples."""
    pick = _thin_index(len(track), points)
    speed = track.speed_mps if track.has_distance else None
    gap = None
    if speed is not None and track.has_gap:
        gap = grade_adjusted_speed(speed, track.grade, track.options.gap_exponent)

    def thin(values: FloatArray | None) -> FloatArray | None:
        present = None if values is None else _present(values)
        return None if present is None else present[pick]

    return Streams(
        time_s=track.time_s[pick],
        distance_m=thin(track.distance_m if track.has_distance else None),
        speed_mps=thin(speed),
        gap_speed_mps=thin(gap),
        heart_rate_bpm=thin(track.heart_rate_bpm),
        altitude_m=thin(track.altitude_m if track.has_altitude else None),
        power_w=thin(track.power_w),
    )


def route_of(activity: Activity, label: str) -> RouteSvg | None:
    """The route picture of an activity, or None without positions."""
    samples = activity.samples
    if not (samples.has("lat_deg") and samples.has("lon_deg")):
        return None
    return route_svg(
        np.asarray(samples.lat_deg, dtype=np.float64),
        np.asarray(samples.lon_deg, dtype=np.float64),
        label=label,
    )


def activity_view(store: Store, record: ActivityRecord, units: str) -> ActivityView:
    """Build the Activity page's data."""
    unit = DistanceUnit(units)
    activity = store.activities.load(record.id)
    track = prepare(activity)
    analysis = analyse(activity, track=track)
    splits = analysis.splits_mi if unit is DistanceUnit.MI else analysis.splits_km
    return ActivityView(
        record=record,
        units=unit.value,
        metrics=[
            MetricText(m.key, m.label, metric_text(m.kind, m.value, unit.value))
            for m in analysis.summary.metrics
        ],
        laps=list(activity.laps),
        route=route_of(activity, record.name or record.sport.label),
        streams=streams_of(track),
        splits=list(splits),
        reps_title=reps_title(analysis.reps),
        reps=rep_rows(analysis.reps),
        analysis=analysis,
    )
