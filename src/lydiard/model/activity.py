"""The canonical Activity every importer produces, with its laps and sessions."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from lydiard.errors import Issue
from lydiard.model.samples import Samples
from lydiard.model.sport import Sport

if TYPE_CHECKING:
    from collections.abc import Sequence

    from lydiard.analysis import (
        ActivityAnalysis,
        BestEffortTable,
        CleaningOptions,
        Decoupling,
        LapTable,
        Pacing,
        Reps,
        SplitTable,
        Summary,
        Track,
        ZoneTimes,
    )

__all__ = ["Activity", "Lap", "Session"]

_NAN = math.nan


def _check_utc(name: str, value: datetime | None) -> None:
    if value is not None and (value.tzinfo is None or value.utcoffset() != timedelta(0)):
        raise ValueError(f"{name} must be a timezone-aware UTC datetime, got {value!r}")


def _check_span(kind: str, start_s: float, end_s: float) -> None:
    if not (math.isfinite(start_s) and math.isfinite(end_s)):
        raise ValueError(f"{kind} start_s and end_s must be finite, got {start_s!r}, {end_s!r}")
    if end_s < start_s:
        raise ValueError(f"{kind} end_s ({end_s}) is before start_s ({start_s})")


@dataclass(frozen=True, slots=True)
class Lap:
    """A lap as the device or file recorded it.

    Times are seconds since the activity start. Totals are what the device reported;
    NaN when the file did not say.

    Attributes:
        start_s: lap start, seconds since the activity start.
        end_s: lap end (start + elapsed time), seconds since the activity start.
        distance_m: lap distance in metres.
        timer_s: timer (moving) time in seconds, excluding pauses.
        trigger: what ended the lap: "manual", "distance", "time", "position", "session_end"...
        intensity: "active", "rest", "warmup", "cooldown", "recovery", "interval" or None.
        sport: sport of the lap in a multisport file, else None.
        avg_heart_rate_bpm, max_heart_rate_bpm: heart rate in bpm.
        ascent_m, descent_m: climb and descent in metres.
        avg_power_w: average power in watts.
    """

    start_s: float
    end_s: float
    distance_m: float = _NAN
    timer_s: float = _NAN
    trigger: str | None = None
    intensity: str | None = None
    sport: Sport | None = None
    avg_heart_rate_bpm: float = _NAN
    max_heart_rate_bpm: float = _NAN
    ascent_m: float = _NAN
    descent_m: float = _NAN
    avg_power_w: float = _NAN

    def __post_init__(self) -> None:
        _check_span("lap", self.start_s, self.end_s)

    @property
    def elapsed_s(self) -> float:
        """Elapsed time of the lap in seconds."""
        return self.end_s - self.start_s


@dataclass(frozen=True, slots=True)
class Session:
    """One sport of a multisport activity (a single-sport file has one session).

    Attributes:
        sport: the sport.
        sub_sport: the file's sub-sport name ("trail", "treadmill", "lap_swimming"...).
        start_s, end_s: span in seconds since the activity start.
        distance_m: total distance in metres as the device reported it (NaN if not).
        timer_s: timer time in seconds (NaN if not reported).
        ascent_m, descent_m: climb and descent in metres (NaN if not reported).
        avg_heart_rate_bpm, max_heart_rate_bpm: heart rate in bpm (NaN if not reported).
        calories_kcal: energy in kilocalories as reported (NaN if not).
    """

    sport: Sport
    start_s: float
    end_s: float
    sub_sport: str | None = None
    distance_m: float = _NAN
    timer_s: float = _NAN
    ascent_m: float = _NAN
    descent_m: float = _NAN
    avg_heart_rate_bpm: float = _NAN
    max_heart_rate_bpm: float = _NAN
    calories_kcal: float = _NAN

    def __post_init__(self) -> None:
        _check_span("session", self.start_s, self.end_s)

    @property
    def elapsed_s(self) -> float:
        """Elapsed time of the session in seconds."""
        return self.end_s - self.start_s


@dataclass(frozen=True, slots=True, eq=False)
class Activity:
    """One recorded activity in lydiard's canonical form.

    Every importer (FIT, GPX, TCX, Strava export) returns this; analysis, physiology and
    the store take it. Sample times are relative to ``start_time``.

    Attributes:
        start_time: the instant of the first sample, timezone-aware UTC.
        samples: the recorded streams.
        sport: the sport; :attr:`Sport.MULTISPORT` when the sessions hold several
            (a triathlon: see :func:`~lydiard.model.sport.main_sport`).
        sub_sport: the file's sub-sport name, if any ("trail", "treadmill"...).
        laps: laps in time order.
        sessions: one per sport of a multisport file; may be empty for a plain track.
        name: a title ("Morning Run"), when the file or export gives one.
        device: the recording device, e.g. "garmin fenix5".
        utc_offset_s: the local time zone's offset from UTC at the start, seconds, if known.
        timezone: an IANA time zone name, if known.
        source_format: "fit", "gpx", "tcx", "strava", "simulated"...
        source_name: the file name it was read from.
        rr_intervals_s: beat-to-beat (RR) intervals in seconds, when the file holds them.
        issues: problems recovered from while reading.
        metadata: other facts from the file (gear, description, Strava id...).
    """

    start_time: datetime
    samples: Samples
    sport: Sport = Sport.OTHER
    sub_sport: str | None = None
    laps: tuple[Lap, ...] = ()
    sessions: tuple[Session, ...] = ()
    name: str | None = None
    device: str | None = None
    utc_offset_s: float | None = None
    timezone: str | None = None
    source_format: str = "unknown"
    source_name: str | None = None
    rr_intervals_s: Any = None
    issues: tuple[Issue, ...] = ()
    metadata: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _check_utc("start_time", self.start_time)
        object.__setattr__(self, "laps", tuple(sorted(self.laps, key=lambda lap: lap.start_s)))
        object.__setattr__(self, "sessions", tuple(self.sessions))
        object.__setattr__(self, "issues", tuple(self.issues))

    @property
    def elapsed_s(self) -> float:
        """Elapsed time from the first to the last sample (or session end), in seconds."""
        ends = [s.end_s for s in self.sessions]
        if len(self.samples):
            ends.append(float(self.samples.time_s[-1]))
        return max(ends) if ends else 0.0

    @property
    def end_time(self) -> datetime:
        """The instant the activity ended (UTC)."""
        return self.start_time + timedelta(seconds=self.elapsed_s)

    @property
    def local_start(self) -> datetime:
        """Start time in the athlete's local time zone, where known, else UTC."""
        if self.timezone:
            from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

            try:
                return self.start_time.astimezone(ZoneInfo(self.timezone))
            except (ZoneInfoNotFoundError, ValueError):
                pass
        if self.utc_offset_s is not None:
            from datetime import timezone

            return self.start_time.astimezone(timezone(timedelta(seconds=self.utc_offset_s)))
        return self.start_time

    # Analysis (lydiard.analysis), imported when called: the model does not need it.

    def track(self, options: CleaningOptions | None = None) -> Track:
        """The cleaned streams every analysis reads (see :func:`lydiard.analysis.prepare`)."""
        from lydiard.analysis import prepare

        return prepare(self, options=options)

    def summary(self) -> Summary:
        """Totals and averages with the sport's metrics (:func:`lydiard.analysis.summary`)."""
        from lydiard.analysis import summary

        return summary(self)

    def splits(self, per: str | float = "km", *, last: str | float | None = None) -> SplitTable:
        """Splits per "km", "mi" or any distance, optionally of the last N km only.

        See :func:`lydiard.analysis.splits`; e.g. ``activity.splits("km", last="23km")``.
        """
        from lydiard.analysis import splits

        return splits(self, per, last=last)

    def best_efforts(self, distances: dict[str, float] | None = None) -> BestEffortTable:
        """Fastest time over the sport's usual distances (:func:`lydiard.analysis.best_efforts`)."""
        from lydiard.analysis import best_efforts

        return best_efforts(self, distances)

    def reps(self, *, use_laps: bool = True) -> Reps:
        """Warm-up, reps, recoveries and cool-down (:func:`lydiard.analysis.reps`)."""
        from lydiard.analysis import reps

        return reps(self, use_laps=use_laps)

    def laps_table(self) -> LapTable:
        """The laps, completed from the track (:func:`lydiard.analysis.laps_table`)."""
        from lydiard.analysis import laps_table

        return laps_table(self)

    def pacing(self) -> Pacing:
        """First half against second half (:func:`lydiard.analysis.pacing`)."""
        from lydiard.analysis import pacing

        return pacing(self)

    def decoupling(self, *, skip_s: float = 0.0) -> Decoupling:
        """Pa:HR or Pw:HR drift between halves (:func:`lydiard.analysis.decoupling`)."""
        from lydiard.analysis import decoupling

        return decoupling(self, skip_s=skip_s)

    def time_in_zones(self, boundaries_bpm: Sequence[float]) -> ZoneTimes:
        """Seconds in each heart-rate zone (:func:`lydiard.analysis.time_in_zones`)."""
        from lydiard.analysis import time_in_zones

        return time_in_zones(self, boundaries_bpm)

    def analyse(self, **options: Any) -> ActivityAnalysis:
        """Every analysis at once, cleaning once (:func:`lydiard.analysis.analyse`)."""
        from lydiard.analysis import analyse

        return analyse(self, **options)
