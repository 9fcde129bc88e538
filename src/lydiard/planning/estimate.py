"""Planned duration and load of each session, from the workout language's totals.

The session's text is parsed once (:func:`lydiard.workouts.parse`, cached by text) and
added up with the athlete's paces (:meth:`~lydiard.workouts.Workout.totals`). The planned
load is the pace-load definition, ``hours x IF^2 x 100`` (TrainingPeaks; the one
:func:`lydiard.physiology.load.pace_load` applies to a recorded stream), per intensity
block: a planned block runs at one speed, so its normalised speed is that speed and
``IF = speed / threshold speed``. Cross-training has no pace: its IF is the middle of
Coggan's intensity-factor band for the block's intensity (easy 0.65 endurance, steady 0.75,
tempo/threshold 0.83 tempo, interval 0.98, repetition 1.10; Allen & Coggan, *Training and
Racing with a Power Meter*). The race's time is the VDOT-equivalent time of its effort
distance (ITRA effort-km, Saugy et al. 2013; :mod:`lydiard.physiology.races`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace

from lydiard.physiology.races import equivalent_time
from lydiard.physiology.trail import effort_km
from lydiard.planning.plan import PlannedSession, SessionKind
from lydiard.units import SECONDS_PER_HOUR
from lydiard.workouts import Intensity, Totals, parse

__all__ = ["CROSS_INTENSITY_FACTOR", "SessionEstimator", "easy_daily_load"]

#: Intensity factor of a cross-training block by intensity (Coggan's bands, middles).
CROSS_INTENSITY_FACTOR: dict[Intensity, float] = {
    Intensity.REST: 0.0,
    Intensity.EASY: 0.65,
    Intensity.STEADY: 0.75,
    Intensity.THRESHOLD: 0.83,
    Intensity.INTERVAL: 0.98,
    Intensity.REPETITION: 1.10,
}


def _load(seconds: float, intensity_factor: float) -> float:
    return seconds / SECONDS_PER_HOUR * intensity_factor**2 * 100.0


class SessionEstimator:
    """Fills ``duration_s`` and ``load`` of planned sessions for one athlete's paces.

    Args:
        paces: pace name -> speed in m/s (must hold "T" and "E").
        vdot: the VDOT the paces come from (for the race's time).
    """

    def __init__(self, paces: Mapping[str, float], vdot: float) -> None:
        self.paces = dict(paces)
        self.vdot = vdot
        self.threshold_mps = self.paces["T"]
        self._cache: dict[str, Totals] = {}

    def totals(self, text: str) -> Totals:
        """The totals of a session text (parsed once per text)."""
        found = self._cache.get(text)
        if found is None:
            found = parse(text).totals(self.paces)
            self._cache[text] = found
        return found

    def __call__(self, s: PlannedSession) -> PlannedSession:
        """The session with its estimated duration (s) and load."""
        if s.kind is SessionKind.RACE:
            effort_m = effort_km(s.distance_m, s.climb_m) * 1000.0
            seconds = equivalent_time(self.vdot, effort_m)
            speed = effort_m / seconds
            return replace(s, duration_s=seconds, load=_load(seconds, speed / self.threshold_mps))
        t = self.totals(s.text)
        load = 0.0
        for intensity, bucket in t.by_intensity.items():
            if bucket.duration_s <= 0:
                continue
            if s.is_run and bucket.distance_m > 0:
                factor = bucket.distance_m / bucket.duration_s / self.threshold_mps
            else:
                factor = CROSS_INTENSITY_FACTOR[intensity]
            load += _load(bucket.duration_s, factor)
        seconds = t.duration_s if math.isfinite(t.duration_s) else t.known_duration_s
        return replace(s, duration_s=seconds, load=load)


def easy_daily_load(weekly_distance_m: float, paces: Mapping[str, float]) -> float:
    """The daily load of a week of easy running: the athlete's fitness before the plan.

    All of ``weekly_distance_m`` at E pace, spread over 7 days (load points a day).
    """
    seconds = weekly_distance_m / paces["E"]
    return _load(seconds, paces["E"] / paces["T"]) / 7.0
