"""The legs of a multisport activity (a triathlon: swim, transition, bike, transition, run).

A multisport file holds one session per sport. Summed as one activity it makes no sense:
218 km "swum" at 3:50/km, per-km splits with swim paces across the bike and the run.
Each leg is therefore cleaned and summarised on its own, in its own sport (its speed
limits and stop test, its pace unit, its splits), from the samples inside its session's
span.

Rules for a leg's figures:

* distance: the device's session total when the file gives one (what the watch showed
  at the end of the leg), else the leg's cleaned distance;
* time: the session's timer time (a leg's split as the race clock and the athlete read
  it), else the leg's moving time;
* speed: distance over time, shown as the sport reads it (:func:`speed_kind`);
* heart rate: time-weighted over the leg's samples, else the device's session values;
* climb: the device's session total, else the leg's cleaned climb.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from lydiard.analysis.splits import SplitTable, splits
from lydiard.analysis.summary import MetricKind, Summary, speed_kind, summary
from lydiard.analysis.track import CleaningOptions, prepare
from lydiard.model import Activity, Session, Sport
from lydiard.units import DistanceUnit

__all__ = ["Leg", "legs"]


def _first_known(*values: float) -> float:
    return next((v for v in values if math.isfinite(v)), math.nan)


@dataclass(frozen=True, slots=True)
class Leg:
    """One sport session of a multisport activity, summarised in its own sport (SI).

    Attributes:
        index: 1-based number of the leg.
        sport: the leg's sport.
        start_s, end_s: the session's span, seconds since the activity start.
        distance_m: the device's session total, else the cleaned distance (NaN: none).
        time_s: the session's timer time, else the leg's moving time, seconds.
        speed_mps: distance over time, m/s (NaN without distance or time).
        avg_heart_rate_bpm, max_heart_rate_bpm: bpm (NaN without heart rate).
        ascent_m: climb, metres (NaN unknown).
        summary: the leg's own summary (cleaned in its sport).
        splits_km, splits_mi: the leg's splits per kilometre and per mile.
    """

    index: int
    sport: Sport
    start_s: float
    end_s: float
    distance_m: float
    time_s: float
    speed_mps: float
    avg_heart_rate_bpm: float
    max_heart_rate_bpm: float
    ascent_m: float
    summary: Summary
    splits_km: SplitTable
    splits_mi: SplitTable

    @property
    def speed_kind(self) -> MetricKind | None:
        """How the leg's sport reads its speed (pace per km, per 100 m, km/h...)."""
        return speed_kind(self.sport)


def _leg(activity: Activity, index: int, session: Session, options: CleaningOptions | None) -> Leg:
    t = activity.samples.time_s
    inside = (t >= session.start_s) & (t <= session.end_s)
    track = prepare(activity.samples.select(inside), sport=session.sport, options=options)
    own = summary(track)
    distance = _first_known(session.distance_m, own.distance_m)
    time = _first_known(session.timer_s, own.moving_s if track.has_distance else math.nan)
    if not math.isfinite(time):
        time = own.elapsed_s if len(track) else session.elapsed_s
    return Leg(
        index=index,
        sport=session.sport,
        start_s=session.start_s,
        end_s=session.end_s,
        distance_m=distance,
        time_s=time,
        speed_mps=distance / time if time > 0 else math.nan,
        avg_heart_rate_bpm=_first_known(own.avg_heart_rate_bpm, session.avg_heart_rate_bpm),
        max_heart_rate_bpm=_first_known(own.max_heart_rate_bpm, session.max_heart_rate_bpm),
        ascent_m=_first_known(session.ascent_m, own.ascent_m),
        summary=own,
        splits_km=splits(track, DistanceUnit.KM),
        splits_mi=splits(track, DistanceUnit.MI),
    )


def legs(activity: Activity, options: CleaningOptions | None = None) -> tuple[Leg, ...]:
    """The legs of a multisport activity, in order; () for any other activity.

    Args:
        activity: the activity; legs only when its sport is :attr:`Sport.MULTISPORT`.
        options: cleaning options (each leg's sport sets the defaults left as None).
    """
    if activity.sport is not Sport.MULTISPORT:
        return ()
    return tuple(
        _leg(activity, index, session, options)
        for index, session in enumerate(activity.sessions, start=1)
    )
