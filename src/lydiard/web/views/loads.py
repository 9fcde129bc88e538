"""Training load of stored activities: the athlete's thresholds, the core's load, the store.

Activities are imported without a load (the store leaves it to the physiology core);
uploads through the web app are scored at once, and :func:`score_missing` scores the rest
(the Fitness page offers it when some are unscored).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date

from lydiard.errors import InputError
from lydiard.physiology import Thresholds, activity_loads
from lydiard.physiology.load import Sex as LoadSex
from lydiard.store import Athlete, Store, ThresholdKind

__all__ = ["ScoreReport", "score_activity", "score_missing", "thresholds_on"]


def _value(athlete: Athlete, kind: ThresholdKind, day: date) -> float:
    value = athlete.threshold_on(kind, day)
    return math.nan if value is None else value


def thresholds_on(athlete: Athlete, day: date) -> Thresholds:
    """The athlete's thresholds in effect on a day, as the load functions take them.

    An inconsistent set (threshold HR above maximum HR) leaves out the heart-rate values
    rather than failing, so the other loads can still be computed.
    """
    # Unknown sex keeps the core's default weighting (Banister's men's factors).
    sex = LoadSex(athlete.sex.value) if athlete.sex is not None else None
    others = Thresholds(
        threshold_speed_mps=_value(athlete, ThresholdKind.THRESHOLD_SPEED_MPS, day),
        bike_ftp_w=_value(athlete, ThresholdKind.FTP_W, day),
    )
    if sex is not None:
        others = replace(others, sex=sex)
    try:
        return replace(
            others,
            hr_rest_bpm=_value(athlete, ThresholdKind.HR_REST_BPM, day),
            hr_max_bpm=_value(athlete, ThresholdKind.HR_MAX_BPM, day),
            lthr_bpm=_value(athlete, ThresholdKind.LTHR_BPM, day),
        )
    except InputError:
        return others


def _sum(values: list[float]) -> float | None:
    finite = [v for v in values if math.isfinite(v)]
    return sum(finite) if finite else None


def score_activity(store: Store, athlete: Athlete, activity_id: int) -> float | None:
    """Compute and store one activity's load; returns it (None when it cannot be scored)."""
    record = store.activities.get(activity_id)
    activity = store.activities.load(activity_id)
    sessions = activity_loads(activity, thresholds_on(athlete, record.local_date), rpe=record.rpe)
    load = _sum([s.load for s in sessions])
    methods = sorted({s.method.value for s in sessions if s.method is not None})
    store.activities.set_load(
        activity_id,
        load=load,
        # "none" marks an activity tried and found unscorable (no HR, power or pace data
        # with thresholds to match), so it is not tried again until thresholds change.
        load_method="+".join(methods) or "none",
        trimp=_sum([s.trimp for s in sessions]),
        hr_load=_sum([s.hr_load for s in sessions]),
        pace_load=_sum([s.pace_load for s in sessions]),
        power_load=_sum([s.power_load for s in sessions]),
    )
    return load


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
    store: Store, athlete: Athlete, *, retry: bool = False, limit: int | None = None
) -> ScoreReport:
    """Score the athlete's activities that have no load yet (oldest first).

    Args:
        store: the store.
        athlete: whose activities.
        retry: also try again those found unscorable before (after thresholds changed).
        limit: at most this many.
    """
    waiting = [
        r
        for r in store.activities.list(athlete_id=athlete.id, newest_first=False)
        if r.load is None and (retry or r.load_method is None)
    ]
    scored = unscorable = 0
    for record in waiting[:limit]:
        if score_activity(store, athlete, record.id) is None:
            unscorable += 1
        else:
            scored += 1
    return ScoreReport(scored, unscorable)
