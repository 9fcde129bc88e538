"""The load of a recorded activity: which load applies, computed from its streams.

:func:`activity_loads` picks, per sport session of an :class:`~lydiard.model.Activity`,
the first load it can compute on the common "100 = one hour at threshold" scale
(:mod:`lydiard.physiology.load`):

1. heart-rate load, from the HR stream or else the session's average HR - every sport,
   so runs, rides, Nordic ski and ski erg add up in the same units;
2. power load, for bike and ski erg with power and an FTP for that sport;
3. pace load, for runs with speed and a threshold speed (grade-adjusted speed when the
   caller passes it; plain speed otherwise, with a note).

Session RPE is on another scale and is only used when asked for. The sport and the volume
(duration, distance) stay with each load, so volume can be shown per sport.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

import numpy as np

from lydiard.errors import InputError, LydiardError
from lydiard.model import Activity, Samples, Sport
from lydiard.physiology.load import (
    DEFAULT_MAX_GAP_S,
    Sex,
    TrimpConvention,
    banister_trimp,
    banister_trimp_average,
    pace_load,
    power_load,
    session_rpe,
)

__all__ = ["LoadMethod", "SessionLoad", "Thresholds", "activity_loads"]

_NAN = math.nan


class LoadMethod(StrEnum):
    """Which load to compute for a session."""

    AUTO = "auto"  # HR, then power, then pace (the order above)
    HR = "hr"
    POWER = "power"
    PACE = "pace"
    RPE = "rpe"  # session RPE: another scale, never chosen by AUTO


@dataclass(frozen=True, slots=True)
class Thresholds:
    """An athlete's values that loads are relative to; NaN where unknown.

    Attributes:
        hr_rest_bpm, hr_max_bpm, lthr_bpm: resting, maximum and lactate-threshold HR.
        threshold_speed_mps: running threshold speed (T pace or LT2), m/s.
        bike_ftp_w, ski_erg_ftp_w: functional threshold power per sport, W.
        sex: for the TRIMP weighting.
        trimp_convention: whose TRIMP factors.
    """

    hr_rest_bpm: float = _NAN
    hr_max_bpm: float = _NAN
    lthr_bpm: float = _NAN
    threshold_speed_mps: float = _NAN
    bike_ftp_w: float = _NAN
    ski_erg_ftp_w: float = _NAN
    sex: Sex = Sex.MALE
    trimp_convention: TrimpConvention = TrimpConvention.BANISTER

    def __post_init__(self) -> None:
        for name in (
            "hr_rest_bpm",
            "hr_max_bpm",
            "lthr_bpm",
            "threshold_speed_mps",
            "bike_ftp_w",
            "ski_erg_ftp_w",
        ):
            value = getattr(self, name)
            if not (math.isnan(value) or (math.isfinite(value) and value > 0)):
                raise InputError(f"threshold {name} must be positive or NaN, got {value!r}")
        rest, top, lthr = self.hr_rest_bpm, self.hr_max_bpm, self.lthr_bpm
        if top <= rest:  # False when either is NaN
            raise InputError(f"hr_max_bpm ({top:g}) must be above hr_rest_bpm ({rest:g})")
        if lthr <= rest or lthr > top:
            raise InputError(f"lthr_bpm ({lthr:g}) must lie between hr_rest_bpm and hr_max_bpm")

    @property
    def has_hr(self) -> bool:
        """True when resting, maximum and threshold HR are all known."""
        return all(math.isfinite(v) for v in (self.hr_rest_bpm, self.hr_max_bpm, self.lthr_bpm))

    def ftp_w(self, sport: Sport) -> float:
        """FTP for a sport with power (bike, ski erg), else NaN."""
        if sport is Sport.BIKE:
            return self.bike_ftp_w
        if sport is Sport.SKI_ERG:
            return self.ski_erg_ftp_w
        return _NAN


@dataclass(frozen=True, slots=True)
class SessionLoad:
    """The load of one sport session.

    Attributes:
        day: the athlete's local calendar date of the start.
        sport: the session's sport (volume is kept per sport).
        load: the load (NaN when no method applies; see ``note``).
        method: the method used, or None.
        duration_s: moving (timer) time, seconds.
        distance_m: distance, metres (NaN when not recorded).
        trimp: Banister TRIMP (NaN without heart rate or HR thresholds).
        hr_load, power_load, pace_load: each load that applies (NaN where not).
        rpe_load: session RPE load, when an RPE was given (its own scale).
        note: why a method was skipped or a fallback used ("" when none).
        count: sessions this load stands for (1; a day's total of one sport counts each).
    """

    day: date
    sport: Sport
    load: float
    method: LoadMethod | None
    duration_s: float
    distance_m: float
    trimp: float = _NAN
    hr_load: float = _NAN
    power_load: float = _NAN
    pace_load: float = _NAN
    rpe_load: float = _NAN
    note: str = ""
    count: int = 1


def _finite(array: Any) -> bool:
    return bool(np.isfinite(np.asarray(array, dtype=np.float64)).any())


def _distance(samples: Samples, reported_m: float) -> float:
    d = samples.distance_m[np.isfinite(samples.distance_m)]
    if d.size >= 2:
        return float(d[-1] - d[0])
    return reported_m


def _duration(samples: Samples, timer_s: float) -> float:
    if math.isfinite(timer_s):
        return timer_s
    t = samples.time_s
    if t.size < 2:
        return 0.0
    dt = np.diff(t)
    return float(dt[dt <= DEFAULT_MAX_GAP_S].sum())


def _hr_load(
    samples: Samples, th: Thresholds, trimp: float, notes: list[str], has_stream: bool
) -> float:
    if not th.has_hr:
        notes.append("HR load needs resting, maximum and threshold HR")
        return _NAN
    if not math.isfinite(trimp):
        notes.append("no heart rate")
        return _NAN
    hour = banister_trimp_average(
        3600.0,
        th.lthr_bpm,
        hr_rest_bpm=th.hr_rest_bpm,
        hr_max_bpm=th.hr_max_bpm,
        sex=th.sex,
        convention=th.trimp_convention,
    )
    if not has_stream:
        notes.append("HR load from the average heart rate (no HR stream)")
    # Same as load.hr_load: 100 x TRIMP / TRIMP(60 min at LTHR).
    return 100.0 * trimp / hour


def _power_load(samples: Samples, sport: Sport, th: Thresholds, notes: list[str]) -> float:
    ftp = th.ftp_w(sport)
    if sport not in (Sport.BIKE, Sport.SKI_ERG) or not _finite(samples.power_w):
        return _NAN
    if not math.isfinite(ftp):
        notes.append(f"power load needs an FTP for {sport.label}")
        return _NAN
    return power_load(samples.time_s, samples.power_w, ftp_w=ftp)


def _pace_load(samples: Samples, sport: Sport, th: Thresholds, gas: Any, notes: list[str]) -> float:
    speed = samples.speed_mps if gas is None else gas
    if not sport.is_run or not _finite(speed):
        return _NAN
    if not math.isfinite(th.threshold_speed_mps):
        notes.append("pace load needs a threshold speed")
        return _NAN
    if gas is None:
        notes.append("pace load from plain speed (no grade-adjusted speed given)")
    return pace_load(samples.time_s, speed, threshold_speed_mps=th.threshold_speed_mps)


def _one_session(
    samples: Samples,
    sport: Sport,
    day: date,
    th: Thresholds,
    *,
    method: LoadMethod,
    gas: Any,
    rpe: float | None,
    avg_hr: float,
    timer_s: float,
    distance_m: float,
) -> SessionLoad:
    duration = _duration(samples, timer_s)
    distance = _distance(samples, distance_m)
    has_stream = _finite(samples.heart_rate_bpm)
    trimp = _NAN
    if th.has_hr and has_stream:
        trimp = banister_trimp(
            samples.time_s,
            samples.heart_rate_bpm,
            hr_rest_bpm=th.hr_rest_bpm,
            hr_max_bpm=th.hr_max_bpm,
            sex=th.sex,
            convention=th.trimp_convention,
        )
    elif th.has_hr and math.isfinite(avg_hr):
        trimp = banister_trimp_average(
            duration,
            avg_hr,
            hr_rest_bpm=th.hr_rest_bpm,
            hr_max_bpm=th.hr_max_bpm,
            sex=th.sex,
            convention=th.trimp_convention,
        )
    notes: list[str] = []
    loads: dict[LoadMethod, float] = {}
    computers: dict[LoadMethod, Callable[[], float]] = {
        LoadMethod.HR: lambda: _hr_load(samples, th, trimp, notes, has_stream),
        LoadMethod.POWER: lambda: _power_load(samples, sport, th, notes),
        LoadMethod.PACE: lambda: _pace_load(samples, sport, th, gas, notes),
        LoadMethod.RPE: lambda: _NAN if rpe is None else session_rpe(rpe, duration),
    }
    for key, compute in computers.items():
        try:
            loads[key] = compute()
        except LydiardError as exc:
            notes.append(f"{key.value} load failed: {exc}")
            loads[key] = _NAN
    order = (
        [LoadMethod.HR, LoadMethod.POWER, LoadMethod.PACE]
        if method is LoadMethod.AUTO
        else [method]
    )
    used = next((m for m in order if math.isfinite(loads[m])), None)
    if used is None:
        notes.append(f"no {method.value} load could be computed")
    return SessionLoad(
        day=day,
        sport=sport,
        load=loads[used] if used is not None else _NAN,
        method=used,
        duration_s=duration,
        distance_m=distance,
        trimp=trimp,
        hr_load=loads[LoadMethod.HR],
        power_load=loads[LoadMethod.POWER],
        pace_load=loads[LoadMethod.PACE],
        rpe_load=loads[LoadMethod.RPE],
        note="; ".join(notes),
    )


def activity_loads(
    activity: Activity,
    thresholds: Thresholds,
    *,
    method: LoadMethod | str = LoadMethod.AUTO,
    grade_adjusted_speed_mps: Any = None,
    rpe: float | None = None,
) -> list[SessionLoad]:
    """The load of each sport session of an activity (one for a single-sport file).

    Args:
        activity: the recorded activity.
        thresholds: the athlete's thresholds.
        method: :class:`LoadMethod`; AUTO picks HR, then power, then pace.
        grade_adjusted_speed_mps: the activity's grade-adjusted speed per sample (from the
            analysis module), used by pace load instead of plain speed.
        rpe: session RPE (CR-10) for :attr:`LoadMethod.RPE`.

    Returns:
        One :class:`SessionLoad` per session, dated by the athlete's local start date.

    Raises:
        InputError: when the grade-adjusted speed does not match the samples.
    """
    method = LoadMethod(method)
    samples = activity.samples
    gas = None
    if grade_adjusted_speed_mps is not None:
        gas = np.asarray(grade_adjusted_speed_mps, dtype=np.float64)
        if gas.shape != samples.time_s.shape:
            raise InputError(
                f"grade-adjusted speed has {gas.size} values for {len(samples)} samples"
            )
    day = activity.local_start.date()
    sessions = activity.sessions
    if len(sessions) <= 1:
        s = sessions[0] if sessions else None
        return [
            _one_session(
                samples,
                activity.sport,
                day,
                thresholds,
                method=method,
                gas=gas,
                rpe=rpe,
                avg_hr=s.avg_heart_rate_bpm if s else _NAN,
                timer_s=s.timer_s if s else _NAN,
                distance_m=s.distance_m if s else _NAN,
            )
        ]
    out = []
    t = samples.time_s
    for s in sessions:
        mask = (t >= s.start_s) & (t <= s.end_s)
        out.append(
            _one_session(
                samples.select(mask),
                s.sport,
                day,
                thresholds,
                method=method,
                gas=None if gas is None else gas[mask],
                rpe=rpe,
                avg_hr=s.avg_heart_rate_bpm,
                timer_s=s.timer_s,
                distance_m=s.distance_m,
            )
        )
    return out
