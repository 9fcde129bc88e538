"""Training load of stored activities: the athlete's thresholds, the core's load.

An activity's load is computed at import, in the worker that reads the file, by
:class:`LoadScorer` (the physiology core's :func:`~lydiard.physiology.activity_loads`
with the thresholds in effect on the activity's local date, and the analysis'
grade-adjusted speed for pace load). Activities stored before the athlete had thresholds
are scored later by :func:`score_missing` (``lydiard fitness`` does it, with progress).

An activity that no method can score (no heart rate, power or pace with thresholds to
match) is stored with ``load_method = "none"``, so it is not tried again until asked
(``retry``, after thresholds change).

This module does not load SQLAlchemy: workers import it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np

from lydiard.analysis.grade import gap_factor
from lydiard.errors import InputError
from lydiard.model import Activity
from lydiard.physiology import Thresholds, activity_loads
from lydiard.physiology.load import Sex as LoadSex
from lydiard.physiology.session import SessionLoad
from lydiard.store.records import Athlete, ThresholdKind
from lydiard.store.summary import track_of

if TYPE_CHECKING:
    from lydiard.store.store import Store

__all__ = [
    "UNSCORED",
    "ActivityLoad",
    "LoadScorer",
    "ScoreReport",
    "activity_day",
    "score_activity",
    "score_missing",
    "thresholds_on",
]

#: ``load_method`` of an activity that was tried and could not be scored.
UNSCORED = "none"


def activity_day(activity: Activity, athlete_timezone: str) -> date:
    """The athlete's calendar day of an activity: the file's zone, else the athlete's."""
    if activity.timezone or activity.utc_offset_s is not None:
        return activity.local_start.date()
    try:
        zone = ZoneInfo(athlete_timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return activity.start_time.astimezone(zone).date()


def _value(athlete: Athlete, kind: ThresholdKind, day: date) -> float:
    value = athlete.threshold_on(kind, day)
    return math.nan if value is None else value


def thresholds_on(athlete: Athlete, day: date) -> Thresholds:
    """The athlete's thresholds in effect on a day, as the load functions take them.

    An inconsistent set (threshold HR above maximum HR) leaves out the heart-rate values
    rather than failing, so the other loads can still be computed. The FTP serves the
    bike and the ski erg alike (the store keeps one).
    """
    ftp = _value(athlete, ThresholdKind.FTP_W, day)
    others = Thresholds(
        threshold_speed_mps=_value(athlete, ThresholdKind.THRESHOLD_SPEED_MPS, day),
        bike_ftp_w=ftp,
        ski_erg_ftp_w=ftp,
    )
    if athlete.sex is not None:
        others = replace(others, sex=LoadSex(athlete.sex.value))
    try:
        return replace(
            others,
            hr_rest_bpm=_value(athlete, ThresholdKind.HR_REST_BPM, day),
            hr_max_bpm=_value(athlete, ThresholdKind.HR_MAX_BPM, day),
            lthr_bpm=_value(athlete, ThresholdKind.LTHR_BPM, day),
        )
    except InputError:
        return others


@dataclass(frozen=True, slots=True)
class ActivityLoad:
    """The load of one activity as stored (sums over its sport sessions; None unknown).

    Attributes:
        load: the load on the common scale (100 = an hour at threshold).
        load_method: the methods used ("hr", "power", "pace", joined by "+"), or
            :data:`UNSCORED`.
        trimp, hr_load, pace_load, power_load: each load that applied.
    """

    load: float | None
    load_method: str
    trimp: float | None = None
    hr_load: float | None = None
    pace_load: float | None = None
    power_load: float | None = None

    @classmethod
    def of(cls, sessions: Sequence[SessionLoad]) -> ActivityLoad:
        """Sum the sessions' loads (a multisport file has several)."""

        def total(values: list[float]) -> float | None:
            finite = [v for v in values if math.isfinite(v)]
            return float(sum(finite)) if finite else None

        methods = sorted({s.method.value for s in sessions if s.method is not None})
        return cls(
            load=total([s.load for s in sessions]),
            load_method="+".join(methods) or UNSCORED,
            trimp=total([s.trimp for s in sessions]),
            hr_load=total([s.hr_load for s in sessions]),
            pace_load=total([s.pace_load for s in sessions]),
            power_load=total([s.power_load for s in sessions]),
        )


Scorer = Callable[[Activity], ActivityLoad | None]


@dataclass(frozen=True, slots=True)
class LoadScorer:
    """Computes an activity's load for one athlete (picklable: runs in import workers).

    Attributes:
        athlete: whose thresholds (with their effective dates) and time zone.
    """

    athlete: Athlete

    def __call__(self, activity: Activity, rpe: float | None = None) -> ActivityLoad:
        """The activity's load with the thresholds of its day."""
        day = activity_day(activity, self.athlete.timezone)
        thresholds = thresholds_on(self.athlete, day)
        gas = None
        if len(activity.samples) and activity.sport.is_run:
            track = track_of(activity)
            grade = track.grade
            with np.errstate(invalid="ignore"):
                factor = np.where(np.isfinite(grade), gap_factor(grade), 1.0)
            gas = track.speed_mps * factor
        return ActivityLoad.of(
            activity_loads(activity, thresholds, grade_adjusted_speed_mps=gas, rpe=rpe)
        )


def score_activity(store: Store, athlete: Athlete, activity_id: int) -> ActivityLoad:
    """Compute and store one stored activity's load; returns it."""
    record = store.activities.get(activity_id)
    activity = store.activities.load(activity_id)
    result = LoadScorer(athlete)(activity, rpe=record.rpe)
    store.activities.set_load(
        activity_id,
        load=result.load,
        load_method=result.load_method,
        trimp=result.trimp,
        hr_load=result.hr_load,
        pace_load=result.pace_load,
        power_load=result.power_load,
    )
    return result


@dataclass(frozen=True, slots=True)
class ScoreReport:
    """What :func:`score_missing` did.

    Attributes:
        scored: activities that now have a load.
        unscorable: activities without the data or thresholds for any load.
    """

    scored: int
    unscorable: int


def score_missing(
    store: Store,
    athlete: Athlete,
    *,
    retry: bool = False,
    limit: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ScoreReport:
    """Score the athlete's activities that have no load yet (oldest first).

    Args:
        store: the store.
        athlete: whose activities.
        retry: also try again those found unscorable before (after thresholds changed).
        limit: at most this many.
        progress: called as ``progress(done, total)`` after each activity.
    """
    waiting = [
        r.id
        for r in store.activities.list(athlete_id=athlete.id, newest_first=False)
        if r.load is None and (retry or r.load_method is None)
    ][:limit]
    scored = unscorable = 0
    for done, activity_id in enumerate(waiting, start=1):
        if score_activity(store, athlete, activity_id).load is None:
            unscorable += 1
        else:
            scored += 1
        if progress is not None:
            progress(done, len(waiting))
    return ScoreReport(scored, unscorable)
