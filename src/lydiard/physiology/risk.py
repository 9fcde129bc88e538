"""Guards against doing too much too soon: session spike, weekly ramp, ACWR, monotony.

* **Single-session spike** (primary guard; Frandsen et al. 2025, BJSM 59:1203, 5,205
  runners): a run longer than the longest run of the previous 30 days by more than 10 %
  raised the injury rate: hazard ratio 1.64 for 10-30 %, 1.52 for 30-100 %, 2.28 above
  100 %.
* **Weekly ramp**: this 7 days' load against the 7 before (%). The "10 % rule" has weak
  evidence (Buist et al. 2008; Nielsen et al. 2014: > 30 % over 2 weeks was worse), so the
  cap is the user's.
* **Acute:chronic workload ratio** as context only (its 0.8-1.3 "sweet spot" is disputed:
  Impellizzeri et al. 2020, 2021): rolling 7/28 days coupled, 7 / previous 21 uncoupled,
  or EWMA with lambda = 2/(N+1), N = 7 and 28 (Williams et al. 2017, BJSM 51:209; default).
* **Monotony and strain** (Foster 1998, Med Sci Sports Exerc 30:1164): over 7 calendar
  days with rest days as 0 and the population SD, monotony = mean / SD and strain = weekly
  load x monotony. [0, 20, 10, 10, 10, 10, 10] gives 1.8708 and 130.96.

Series functions take daily values (0 on rest days) and return arrays aligned with them,
NaN where there is too little history.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any, assert_never

import numpy as np

from lydiard.errors import InputError
from lydiard.model.samples import FloatArray
from lydiard.physiology.fitness import ewma

__all__ = [
    "AcwrMethod",
    "Spike",
    "SpikeLevel",
    "acute_chronic_ratio",
    "monotony",
    "run_spikes",
    "session_spike",
    "strain",
    "weekly_ramp",
]

SPIKE_WINDOW_DAYS = 30


class SpikeLevel(StrEnum):
    """How much a run exceeds the longest run of the previous 30 days (Frandsen 2025)."""

    NO_REFERENCE = "no_reference"  # no run in the previous 30 days
    NONE = "none"  # up to 10 % longer
    SMALL = "small"  # 10-30 % longer: hazard ratio 1.64
    MODERATE = "moderate"  # 30-100 % longer: hazard ratio 1.52
    LARGE = "large"  # more than 100 % longer: hazard ratio 2.28

    @property
    def hazard_ratio(self) -> float:
        """The injury hazard ratio Frandsen et al. 2025 report (1.0 for none; NaN unknown)."""
        return _HAZARD[self]


_HAZARD = {
    SpikeLevel.NO_REFERENCE: math.nan,
    SpikeLevel.NONE: 1.0,
    SpikeLevel.SMALL: 1.64,
    SpikeLevel.MODERATE: 1.52,
    SpikeLevel.LARGE: 2.28,
}


@dataclass(frozen=True, slots=True)
class Spike:
    """A run judged against the longest run of the previous 30 days.

    Attributes:
        distance_m: the run's distance.
        reference_m: the longest run in the 30 days before (NaN when none).
        increase: fractional increase over the reference (0.25 = 25 % longer; NaN when none).
        level: the band.
    """

    distance_m: float
    reference_m: float
    increase: float
    level: SpikeLevel


def session_spike(
    day: date,
    distance_m: float,
    history: Iterable[tuple[date, float]],
    *,
    window_days: int = SPIKE_WINDOW_DAYS,
) -> Spike:
    """Judge a run (done or planned) against the longest run of the previous 30 days.

    Args:
        day: the run's local date.
        distance_m: its distance, metres.
        history: (date, distance_m) of earlier runs; runs on ``day`` itself and later
            are ignored, so a plan can pass everything it has.
        window_days: the look-back (30 in Frandsen et al. 2025).

    Raises:
        InputError: for a negative or missing distance.
    """
    if not (math.isfinite(distance_m) and distance_m >= 0):
        raise InputError(f"run distance must be a non-negative number of metres, got {distance_m}")
    start = day - timedelta(days=window_days)
    prior = [d for when, d in history if start <= when < day and math.isfinite(d)]
    reference = max(prior, default=0.0)
    if reference <= 0:
        return Spike(distance_m, math.nan, math.nan, SpikeLevel.NO_REFERENCE)
    increase = distance_m / reference - 1.0
    # Band edges are inclusive ("more than 10 %"); the tolerance absorbs float round-off.
    if increase <= 0.10 + 1e-9:
        level = SpikeLevel.NONE
    elif increase <= 0.30 + 1e-9:
        level = SpikeLevel.SMALL
    elif increase <= 1.00 + 1e-9:
        level = SpikeLevel.MODERATE
    else:
        level = SpikeLevel.LARGE
    return Spike(distance_m, reference, increase, level)


def run_spikes(
    runs: Iterable[tuple[date, float]], *, window_days: int = SPIKE_WINDOW_DAYS
) -> list[tuple[date, Spike]]:
    """Judge every run of a history against the 30 days before it (:func:`session_spike`).

    Args:
        runs: (local date, distance_m) of runs, in any order.
        window_days: the look-back.

    Returns:
        (date, spike) per run, in date order.
    """
    ordered = sorted((d, m) for d, m in runs if math.isfinite(m))
    out = []
    first = 0
    for i, (day, distance) in enumerate(ordered):
        while ordered[first][0] < day - timedelta(days=window_days):
            first += 1
        out.append((day, session_spike(day, distance, ordered[first:i], window_days=window_days)))
    return out


def _daily(values: Any) -> FloatArray:
    x = np.asarray(values, dtype=np.float64)
    if x.ndim != 1:
        raise InputError("daily values must be a one-dimensional series")
    if not np.isfinite(x).all():
        raise InputError("daily loads must be finite (a rest day is 0, not missing)")
    return x


def _rolling_sum(x: FloatArray, days: int) -> FloatArray:
    """Sum of the last ``days`` values ending at each day; NaN until there are that many."""
    csum = np.concatenate(([0.0], np.cumsum(x)))
    out = np.full(x.size, np.nan)
    if x.size >= days:
        out[days - 1 :] = csum[days:] - csum[:-days]
    return out


def weekly_ramp(loads: Any) -> FloatArray:
    """Percent change of the last 7 days' load over the 7 days before (NaN for 13 days).

    Where the previous week's load is 0 the change is undefined (NaN).
    """
    x = _daily(loads)
    week = _rolling_sum(x, 7)
    previous = np.concatenate((np.full(7, np.nan), week[:-7]))[: x.size]
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(previous > 0, 100.0 * (week / previous - 1.0), np.nan)
    return np.asarray(out, dtype=np.float64)


class AcwrMethod(StrEnum):
    """How acute and chronic load are averaged."""

    EWMA = "ewma"  # lambda = 2/(N+1), N = 7 and 28 (Williams et al. 2017; default)
    COUPLED = "coupled"  # 7-day mean / 28-day mean including the acute week
    UNCOUPLED = "uncoupled"  # 7-day mean / mean of the 21 days before it


def acute_chronic_ratio(
    loads: Any,
    method: AcwrMethod | str = AcwrMethod.EWMA,
    *,
    acute_days: int = 7,
    chronic_days: int = 28,
) -> FloatArray:
    """Acute:chronic workload ratio per day, as context (its thresholds are disputed).

    Returns NaN for the first ``chronic_days - 1`` days and where chronic load is 0.
    """
    x = _daily(loads)
    method = AcwrMethod(method)
    if not 1 <= acute_days < chronic_days:
        raise InputError("acute_days must be at least 1 and shorter than chronic_days")
    if method is AcwrMethod.EWMA:
        acute = ewma(x, 2.0 / (acute_days + 1))
        chronic = ewma(x, 2.0 / (chronic_days + 1))
    elif method is AcwrMethod.COUPLED:
        acute = _rolling_sum(x, acute_days) / acute_days
        chronic = _rolling_sum(x, chronic_days) / chronic_days
    elif method is AcwrMethod.UNCOUPLED:
        acute = _rolling_sum(x, acute_days) / acute_days
        rest = chronic_days - acute_days
        chronic = (_rolling_sum(x, chronic_days) - _rolling_sum(x, acute_days)) / rest
    else:
        assert_never(method)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(chronic > 0, acute / chronic, np.nan)
    ratio[: chronic_days - 1] = np.nan
    return np.asarray(ratio, dtype=np.float64)


def _weekly_mean_sd(x: FloatArray) -> tuple[FloatArray, FloatArray]:
    total = _rolling_sum(x, 7)
    total_sq = _rolling_sum(x * x, 7)
    mean = total / 7.0
    var = np.clip(total_sq / 7.0 - mean * mean, 0.0, None)
    # Round-off leaves tiny variances for identical loads; call those exactly 0.
    var[var <= 1e-12 * np.maximum(mean * mean, 1e-300)] = 0.0
    return mean, np.sqrt(var)


def monotony(loads: Any) -> FloatArray:
    """Foster's monotony over the last 7 days: mean / population SD, rest days as 0.

    NaN for the first 6 days and for an all-rest week; infinity when the same positive
    load was done every day (no variation at all).
    """
    mean, sd = _weekly_mean_sd(_daily(loads))
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(sd > 0, mean / sd, np.where(mean > 0, np.inf, np.nan))
    return np.asarray(out, dtype=np.float64)


def strain(loads: Any) -> FloatArray:
    """Foster's strain over the last 7 days: weekly load x monotony (0 for a rest week)."""
    x = _daily(loads)
    week = _rolling_sum(x, 7)
    with np.errstate(invalid="ignore"):
        out = np.where(week == 0, 0.0, week * monotony(x))
    return np.asarray(out, dtype=np.float64)
