"""The cleaned track of one activity: the streams every analysis reads, computed once.

:func:`prepare` applies :mod:`~lydiard.analysis.cleaning` (spikes, distance, pauses and
stops), :mod:`~lydiard.analysis.elevation` (smoothed altitude and gradient),
:mod:`~lydiard.analysis.grade` (grade-adjusted distance) and
:mod:`~lydiard.analysis.climbing` (climb and descent), and stores the results with
cumulative integrals, so that any segment (a split, a lap, a rep) is measured by
differences at its two ends. Everything stays SI: seconds, metres, m/s, bpm, watts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

import numpy as np

from lydiard.analysis import cleaning, elevation
from lydiard.analysis.cleaning import BoolArray
from lydiard.analysis.climbing import DEFAULT_THRESHOLD_M, climbing
from lydiard.analysis.elevation import Profile
from lydiard.analysis.grade import DEFAULT_EXPONENT, gap_factor
from lydiard.model import Activity, FloatArray, Samples, Sport

__all__ = ["CleaningOptions", "DistanceSource", "Track", "prepare", "sport_limits"]


class DistanceSource(StrEnum):
    """Where the distance stream came from."""

    AUTO = "auto"
    DEVICE = "device"
    GPS = "gps"
    SPEED = "speed"
    NONE = "none"


# (fastest plausible speed, stop speed) in m/s per sport. Ceilings sit above world-record
# speeds (100 m sprint 12.4 m/s peak; downhill bike and ski 25-30 m/s); stop speeds sit
# below the slowest real movement (a steep power-hike can move 0.3 m/s horizontally).
_LIMITS: dict[Sport, tuple[float, float]] = {
    Sport.RUN: (12.5, 0.5),
    Sport.TREADMILL: (12.5, 0.5),
    Sport.TRAIL_RUN: (12.5, 0.2),
    Sport.WALK: (6.0, 0.2),
    Sport.HIKE: (6.0, 0.2),
    Sport.BIKE: (30.0, 1.0),
    Sport.NORDIC_SKI: (30.0, 0.5),
    Sport.SKI_ERG: (10.0, 0.3),
    Sport.ROW: (10.0, 0.3),
    Sport.SWIM: (3.5, 0.1),
}


def sport_limits(sport: Sport) -> tuple[float, float]:
    """Return (fastest plausible speed, stop speed) in m/s for a sport."""
    return _LIMITS.get(sport, (30.0, 0.3))


@dataclass(frozen=True, slots=True)
class CleaningOptions:
    """How :func:`prepare` cleans an activity. None means "the sport's default".

    Attributes:
        max_speed_mps: fastest plausible speed, m/s: faster GPS jumps are spikes.
        stop_speed_mps: below this speed (over ``stop_window_s``) the athlete is stopped.
        stop_window_s: window for the stop test, seconds (60 s for swims, 10 s with a
            device distance, 20 s from GPS positions, whose jitter needs the longer look).
        speed_window_s: window of the speed stream shown and used for maxima, seconds.
        pause_gap_s: a gap between samples longer than this is a pause, seconds
            (default: 5 x the median interval, at least 10 s).
        elevation_step_m: grid step of the smoothed profile, metres.
        elevation_window_m: moving-average width along the distance, metres (applied twice).
        climb_threshold_m: hysteresis of climb and descent, metres.
        gap_exponent: conversion exponent of grade-adjusted pace (1.0; Runalyze 0.83).
        distance_source: "auto" (device, else GPS, else speed) or one of them by force.
    """

    max_speed_mps: float | None = None
    stop_speed_mps: float | None = None
    stop_window_s: float | None = None
    speed_window_s: float = 10.0
    pause_gap_s: float | None = None
    elevation_step_m: float = 5.0
    elevation_window_m: float = 50.0
    climb_threshold_m: float = DEFAULT_THRESHOLD_M
    gap_exponent: float = DEFAULT_EXPONENT
    distance_source: DistanceSource = DistanceSource.AUTO

    def __post_init__(self) -> None:
        for name in ("max_speed_mps", "stop_speed_mps", "stop_window_s", "pause_gap_s"):
            value = getattr(self, name)
            if value is not None and not (np.isfinite(value) and value > 0):
                raise ValueError(f"CleaningOptions.{name} must be positive, got {value!r}")
        for name in ("speed_window_s", "elevation_step_m", "gap_exponent"):
            value = getattr(self, name)
            if not (np.isfinite(value) and value > 0):
                raise ValueError(f"CleaningOptions.{name} must be positive, got {value!r}")
        for name in ("elevation_window_m", "climb_threshold_m"):
            value = getattr(self, name)
            if not (np.isfinite(value) and value >= 0):
                raise ValueError(f"CleaningOptions.{name} must be >= 0, got {value!r}")
        object.__setattr__(self, "distance_source", DistanceSource(self.distance_source))


@dataclass(frozen=True, slots=True, eq=False)
class Track:
    """Cleaned streams of one activity and their cumulative integrals.

    Per-sample arrays have one value per sample; per-interval arrays (``moving``,
    ``recorded``) one per gap between consecutive samples; ``cum_*`` arrays are integrals
    from the first sample (0 there) to each sample. Elevation lives on the smoothed
    ``profile`` (a regular grid along the distance); the per-sample views of it
    (``altitude_m``, ``grade``, ``cum_ascent_m``...) are computed when asked for.

    Attributes:
        sport: the activity's sport.
        time_s: seconds since the start.
        distance_m: cleaned cumulative distance in metres from 0 (NaN when none).
        speed_mps: speed over ``speed_window_s``, m/s (NaN without distance).
        heart_rate_bpm, power_w, cadence_rpm: as recorded.
        recorded: intervals that are not pauses of the recording.
        moving: intervals that count as moving time (recorded and not stopped).
        cum_moving_s: moving time, seconds.
        cum_hr: integral of heart rate over recorded time, bpm x s.
        cum_hr_s: recorded time with a heart rate, seconds.
        cum_power: integral of power over moving time, J.
        cum_power_s: moving time with a power value, seconds.
        profile: the smoothed elevation profile with climb, descent and grade-adjusted
            distance along it; None without altitude.
        climbing_s: moving time spent gaining height, seconds.
        distance_source: where the distance came from.
        spikes_dropped: GPS fixes or distance steps repaired while cleaning.
        pause_gap_s: the pause threshold used, seconds.
        options: the options used, with sport defaults filled in.
    """

    sport: Sport
    time_s: FloatArray
    distance_m: FloatArray
    speed_mps: FloatArray
    heart_rate_bpm: FloatArray
    power_w: FloatArray
    cadence_rpm: FloatArray
    recorded: BoolArray
    moving: BoolArray
    cum_moving_s: FloatArray
    cum_hr: FloatArray
    cum_hr_s: FloatArray
    cum_power: FloatArray
    cum_power_s: FloatArray
    profile: Profile | None
    climbing_s: float
    distance_source: DistanceSource
    spikes_dropped: int
    pause_gap_s: float
    options: CleaningOptions

    def __len__(self) -> int:
        return int(self.time_s.size)

    @property
    def has_distance(self) -> bool:
        """True when there is a distance stream."""
        return self.distance_source is not DistanceSource.NONE and self.time_s.size > 0

    @property
    def has_altitude(self) -> bool:
        """True when climb and descent are available."""
        return self.profile is not None

    @property
    def has_gap(self) -> bool:
        """True when grade-adjusted figures are available (altitude along a distance)."""
        return self.profile is not None and self.profile.gap_m is not None

    def along(self, column: str, *, time_s: FloatArray, distance_m: FloatArray) -> FloatArray:
        """Read a profile column at given instants (and the distances there).

        Args:
            column: "altitude_m", "grade", "ascent_m", "descent_m" or "gap_m".
            time_s: the instants, seconds since the start.
            distance_m: the distance at those instants, metres (the profile runs along
                distance; over time when there is none).

        Returns:
            The values; NaN everywhere without altitude (or for "gap_m" and "grade" over
            time).
        """
        p = self.profile
        values = getattr(p, column) if p is not None else None
        if p is None or values is None:
            return np.full(np.shape(time_s), np.nan)
        return p.read(values, time_s if p.over_time else distance_m)

    def _at_samples(self, column: str) -> FloatArray:
        return self.along(column, time_s=self.time_s, distance_m=self.distance_m)

    @property
    def altitude_m(self) -> FloatArray:
        """Smoothed altitude at each sample, metres (NaN when none)."""
        return self._at_samples("altitude_m")

    @property
    def grade(self) -> FloatArray:
        """Gradient at each sample from the smoothed profile, a fraction (NaN when none)."""
        return self._at_samples("grade")

    @property
    def cum_ascent_m(self) -> FloatArray:
        """Cumulative climb at each sample, metres (NaN without altitude)."""
        return self._at_samples("ascent_m")

    @property
    def cum_descent_m(self) -> FloatArray:
        """Cumulative descent at each sample, metres (NaN without altitude)."""
        return self._at_samples("descent_m")

    @property
    def cum_gap_m(self) -> FloatArray:
        """Cumulative grade-adjusted distance at each sample, metres (NaN without)."""
        return self._at_samples("gap_m")

    def _total(self, values: FloatArray | None) -> float:
        return float(values[-1]) if values is not None and values.size else float("nan")

    @property
    def ascent_total_m(self) -> float:
        """Total climb in metres (NaN without altitude)."""
        return self._total(self.profile.ascent_m if self.profile else None)

    @property
    def descent_total_m(self) -> float:
        """Total descent in metres (NaN without altitude)."""
        return self._total(self.profile.descent_m if self.profile else None)

    @property
    def gap_total_m(self) -> float:
        """Total grade-adjusted distance in metres (NaN without altitude and distance)."""
        return self._total(self.profile.gap_m if self.profile else None)

    @property
    def has_heart_rate(self) -> bool:
        """True when some heart rate was recorded."""
        return bool(self.time_s.size) and float(self.cum_hr_s[-1]) > 0

    @property
    def has_power(self) -> bool:
        """True when some power was recorded while moving."""
        return bool(self.time_s.size) and float(self.cum_power_s[-1]) > 0

    @property
    def distance_total_m(self) -> float:
        """Total distance in metres (NaN without distance)."""
        return float(self.distance_m[-1]) if self.time_s.size else float("nan")

    @property
    def elapsed_s(self) -> float:
        """Elapsed time from the first to the last sample, seconds."""
        return float(self.time_s[-1] - self.time_s[0]) if self.time_s.size else 0.0

    @property
    def moving_s(self) -> float:
        """Moving time in seconds (no pauses, no stops)."""
        return float(self.cum_moving_s[-1]) if self.time_s.size else 0.0


def _cumulative(per_interval: FloatArray) -> FloatArray:
    """Running sum from 0: one more value than intervals."""
    out = np.empty(per_interval.size + 1)
    out[0] = 0.0
    np.cumsum(per_interval, out=out[1:])
    return out


def _interval_mean(values: FloatArray) -> FloatArray:
    """Mean of the two ends of each interval; one end when the other is missing."""
    left, right = values[:-1], values[1:]
    both = (left + right) / 2
    if not np.isnan(both).any():
        return both
    return np.where(np.isnan(left), right, np.where(np.isnan(right), left, both))


def _distance(
    samples: Samples,
    source: DistanceSource,
    max_speed: float,
    stop_speed: float,
    stop_window: float,
    recorded: BoolArray,
) -> tuple[FloatArray, DistanceSource, int, FloatArray]:
    """Pick and clean the distance; also return the speed used for the stop test."""
    t = samples.time_s
    n = t.size
    device_ok = np.isfinite(samples.distance_m).sum() >= max(2, n // 2)
    gps_ok = (np.isfinite(samples.lat_deg) & np.isfinite(samples.lon_deg)).sum() >= 2
    speed_ok = np.isfinite(samples.speed_mps).sum() >= max(2, n // 2)
    if source is DistanceSource.AUTO:
        if device_ok:
            source = DistanceSource.DEVICE
        elif gps_ok:
            source = DistanceSource.GPS
        elif speed_ok:
            source = DistanceSource.SPEED
        else:
            source = DistanceSource.NONE
    if source is DistanceSource.DEVICE:
        distance, fixed = cleaning.device_distance_m(t, samples.distance_m, max_speed)
    elif source is DistanceSource.GPS:
        lat, lon, fixed = cleaning.drop_position_spikes(
            t, samples.lat_deg, samples.lon_deg, max_speed
        )
        net = cleaning.net_speed_mps(t, lat, lon, stop_window)
        moving = cleaning.moving_intervals(
            t, net, stop_speed_mps=stop_speed, pause_gap=float("inf")
        )
        distance = cleaning.geodesic_distance_m(t, lat, lon, moving & recorded)
        return distance, source, fixed, net
    elif source is DistanceSource.SPEED:
        distance, fixed = cleaning.speed_distance_m(t, samples.speed_mps), 0
    else:
        return np.full(n, np.nan), source, 0, np.full(n, np.nan)
    if not np.isfinite(distance).any():
        return np.full(n, np.nan), DistanceSource.NONE, 0, np.full(n, np.nan)
    return distance, source, fixed, cleaning.window_speed_mps(t, distance, stop_window)


def _stop_window(sport: Sport, samples: Samples) -> float:
    """Seconds over which speed is judged for stops.

    Pool lengths need a minute; GPS positions 20 s (their jitter needs the longer look);
    a device's own filtered distance 10 s (sharper stop edges).
    """
    if sport is Sport.SWIM:
        return 60.0
    if np.isfinite(samples.distance_m).sum() >= max(2, len(samples) // 2):
        return 10.0
    return 20.0


def prepare(
    source: Activity | Samples,
    sport: Sport | None = None,
    options: CleaningOptions | None = None,
) -> Track:
    """Clean an activity's streams and integrate them (see the module doc).

    Args:
        source: an activity, or bare samples.
        sport: the sport, which sets the speed limits; the activity's own by default.
        options: cleaning options; sport defaults where None.

    Returns:
        The track.
    """
    samples = source.samples if isinstance(source, Activity) else source
    if sport is None:
        sport = source.sport if isinstance(source, Activity) else Sport.OTHER
    opts = options or CleaningOptions()
    max_speed, stop_speed = sport_limits(sport)
    max_speed = opts.max_speed_mps or max_speed
    stop_speed = opts.stop_speed_mps or stop_speed
    stop_window = opts.stop_window_s or _stop_window(sport, samples)
    opts = replace(
        opts, max_speed_mps=max_speed, stop_speed_mps=stop_speed, stop_window_s=stop_window
    )
    t = samples.time_s
    n = t.size
    gap = opts.pause_gap_s or cleaning.pause_gap_s(t)
    dt = np.diff(t)
    recorded = dt <= gap
    distance, used, fixed, stop_speed_stream = _distance(
        samples,
        opts.distance_source,
        max_speed,
        stop_speed,
        stop_window,
        recorded,
    )
    moving = cleaning.moving_intervals(
        t, stop_speed_stream, stop_speed_mps=stop_speed, pause_gap=gap
    )
    has_distance = used is not DistanceSource.NONE
    speed = (
        stop_speed_stream
        if opts.speed_window_s == stop_window and used is not DistanceSource.GPS
        else cleaning.window_speed_mps(t, distance, opts.speed_window_s)
        if has_distance
        else np.full(n, np.nan)
    )
    moving_dt = np.where(moving, dt, 0.0)

    cum_moving = _cumulative(moving_dt) if n else np.zeros(n)
    profile, climbing_s = _elevation(
        samples, t, distance if has_distance else None, opts, cum_moving
    )
    hr_mid = _interval_mean(samples.heart_rate_bpm) if n > 1 else np.zeros(0)
    hr_ok = recorded & np.isfinite(hr_mid)
    has_power = n > 1 and bool(np.isfinite(samples.power_w).any())
    p_mid = _interval_mean(samples.power_w) if has_power else np.zeros(max(n - 1, 0))
    p_ok = moving & np.isfinite(p_mid) if has_power else np.zeros(max(n - 1, 0), dtype=bool)
    zero = np.zeros(n)
    return Track(
        sport=sport,
        time_s=t,
        distance_m=distance,
        speed_mps=speed,
        heart_rate_bpm=samples.heart_rate_bpm,
        power_w=samples.power_w,
        cadence_rpm=samples.cadence_rpm,
        recorded=recorded,
        moving=moving,
        cum_moving_s=cum_moving,
        cum_hr=_cumulative(np.where(hr_ok, hr_mid * dt, 0.0)) if n else zero,
        cum_hr_s=_cumulative(np.where(hr_ok, dt, 0.0)) if n else zero,
        cum_power=_cumulative(np.where(p_ok, p_mid * dt, 0.0)) if has_power else zero,
        cum_power_s=_cumulative(np.where(p_ok, dt, 0.0)) if has_power else zero,
        profile=profile,
        climbing_s=climbing_s,
        distance_source=used,
        spikes_dropped=fixed,
        pause_gap_s=gap,
        options=opts,
    )


def _elevation(
    samples: Samples,
    t: FloatArray,
    distance: FloatArray | None,
    opts: CleaningOptions,
    cum_moving: FloatArray,
) -> tuple[Profile | None, float]:
    """The smoothed profile with climb, descent and GAP distance; time spent climbing."""
    n = t.size
    if n < 2 or not np.isfinite(samples.altitude_m).any():
        return None, math.nan
    over_time = distance is None or not float(distance[-1]) > 0
    if over_time:
        # No distance (a trainer with a barometer): smooth over time, 1 s steps, over as
        # many seconds as a 2.5 m/s jog takes to cover the distance window.
        axis, step, window = t, 1.0, opts.elevation_window_m / 2.5
    else:
        assert distance is not None
        axis, step, window = distance, opts.elevation_step_m, opts.elevation_window_m
    profile = elevation.smooth_profile(
        axis, samples.altitude_m, step=step, window=window, over_time=over_time
    )
    if profile is None:
        return None, math.nan
    climb = climbing(profile.altitude_m, opts.climb_threshold_m)
    g = profile.axis
    gap = None
    if not over_time:
        # Grade-adjusted distance along the grid: each cell at its mean gradient.
        cell = gap_factor((profile.grade[:-1] + profile.grade[1:]) / 2, opts.gap_exponent)
        gap = _cumulative(np.diff(g) * cell)
    # Moving time spent in the grid cells that gain height (a stop adds nothing).
    moving_at = np.interp(g, axis, cum_moving)
    climbing_s = float(np.diff(moving_at)[np.diff(climb.ascent_m) > 0].sum())
    full = replace(profile, ascent_m=climb.ascent_m, descent_m=climb.descent_m, gap_m=gap)
    return full, climbing_s


def as_track(source: Activity | Samples | Track, **kwargs: Any) -> Track:
    """Return ``source`` when it is already a track, else :func:`prepare` it."""
    if isinstance(source, Track):
        return source
    return prepare(source, **kwargs)
