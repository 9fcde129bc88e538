"""Training load of one session: TRIMP (Banister, Edwards), session RPE, pace, HR and power load.

Functions take arrays (seconds since the start, bpm, m/s, W) and thresholds; none reads a
file. Three of the loads share one scale, "100 = one hour at threshold", so they add up
across sports: :func:`hr_load` (any sport with heart rate: runs, rides, Nordic ski, ski
erg), :func:`power_load` (bike and ski erg with power) and :func:`pace_load` (runs).
TRIMP, Edwards and session RPE are on their own scales.

Streams are sample-and-hold: each sample's value lasts until the next sample. A gap longer
than ``max_gap_s`` (a paused recording) counts as stopped, and NaN values add nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, assert_never

import numpy as np

from lydiard.errors import InputError, NotEnoughDataError
from lydiard.model.samples import FloatArray

__all__ = [
    "DEFAULT_MAX_GAP_S",
    "Sex",
    "TrimpCoefficients",
    "TrimpConvention",
    "banister_trimp",
    "banister_trimp_average",
    "edwards_trimp",
    "hr_load",
    "normalised_power",
    "normalised_speed",
    "pace_load",
    "power_load",
    "session_rpe",
    "trimp_coefficients",
]

DEFAULT_MAX_GAP_S = 30.0
_ROLLING_S = 30
_EDWARDS_EDGES = (0.5, 0.6, 0.7, 0.8, 0.9)


class Sex(StrEnum):
    """Sex as the TRIMP weighting factors distinguish it."""

    MALE = "male"
    FEMALE = "female"
    UNSPECIFIED = "unspecified"


class TrimpConvention(StrEnum):
    """Whose TRIMP weighting factors ``a exp(b x)`` to use.

    * BANISTER (default): men a = 0.64, b = 1.92; women a = 0.86, b = 1.67 (Banister 1991;
      Morton, Fitz-Clarke & Banister 1990, J Appl Physiol 69:1171).
    * GOLDENCHEETAH: a = 0.64 for both sexes, b as Banister.
    * RUNALYZE: women a = 0.821776; unspecified a = 0.725215, b = 1.795.
    """

    BANISTER = "banister"
    GOLDENCHEETAH = "goldencheetah"
    RUNALYZE = "runalyze"


@dataclass(frozen=True, slots=True)
class TrimpCoefficients:
    """The weighting ``a exp(b x)`` of Banister's TRIMP."""

    a: float
    b: float


def trimp_coefficients(
    sex: Sex | str = Sex.MALE, convention: TrimpConvention | str = TrimpConvention.BANISTER
) -> TrimpCoefficients:
    """The TRIMP weighting factors for a sex under a convention.

    "Unspecified" takes the mean of the male and female factors except under Runalyze,
    which publishes its own.
    """
    sex, convention = Sex(sex), TrimpConvention(convention)
    male = TrimpCoefficients(0.64, 1.92)
    if convention is TrimpConvention.BANISTER:
        female = TrimpCoefficients(0.86, 1.67)
    elif convention is TrimpConvention.GOLDENCHEETAH:
        female = TrimpCoefficients(0.64, 1.67)
    elif convention is TrimpConvention.RUNALYZE:
        female = TrimpCoefficients(0.821776, 1.67)
        if sex is Sex.UNSPECIFIED:
            return TrimpCoefficients(0.725215, 1.795)
    else:
        assert_never(convention)
    if sex is Sex.MALE:
        return male
    if sex is Sex.FEMALE:
        return female
    return TrimpCoefficients((male.a + female.a) / 2, (male.b + female.b) / 2)


def _check_hr_range(hr_rest_bpm: float, hr_max_bpm: float) -> None:
    if not (math.isfinite(hr_rest_bpm) and hr_rest_bpm > 0):
        raise InputError(f"resting HR must be a positive number of bpm, got {hr_rest_bpm!r}")
    if not (math.isfinite(hr_max_bpm) and hr_max_bpm > hr_rest_bpm):
        raise InputError(f"HRmax ({hr_max_bpm!r}) must be above resting HR ({hr_rest_bpm!r})")


def _durations(time_s: Any, values: Any, max_gap_s: float) -> tuple[FloatArray, FloatArray]:
    """Return (seconds each sample lasts, value) with gaps and NaNs given zero weight."""
    t = np.asarray(time_s, dtype=np.float64)
    v = np.asarray(values, dtype=np.float64)
    if t.ndim != 1 or t.shape != v.shape:
        raise InputError("time and value streams must be 1-D arrays of equal length")
    if t.size and (not np.isfinite(t).all() or (np.diff(t) < 0).any()):
        raise InputError("time_s must be finite and non-decreasing")
    if t.size < 2:
        return np.zeros(t.size), v
    dt = np.append(np.diff(t), 0.0)
    dt[dt > max_gap_s] = 0.0
    dt[~np.isfinite(v)] = 0.0
    return dt, np.where(np.isfinite(v), v, 0.0)


def banister_trimp(
    time_s: Any,
    heart_rate_bpm: Any,
    *,
    hr_rest_bpm: float,
    hr_max_bpm: float,
    sex: Sex | str = Sex.MALE,
    convention: TrimpConvention | str = TrimpConvention.BANISTER,
    max_gap_s: float = DEFAULT_MAX_GAP_S,
) -> float:
    """Banister's TRIMP integrated over a heart-rate stream.

    ``x = (HR - HRrest)/(HRmax - HRrest)``; ``TRIMP = sum(dt_min x a exp(b x))``
    (Banister 1991; Morton, Fitz-Clarke & Banister 1990). Heart rate below rest counts as
    rest (x = 0).

    Args:
        time_s: sample times, seconds since the start.
        heart_rate_bpm: heart rate per sample, bpm (NaN = missing).
        hr_rest_bpm: the athlete's resting heart rate, bpm.
        hr_max_bpm: the athlete's maximum heart rate, bpm.
        sex: weighting by sex.
        convention: whose weighting factors (:class:`TrimpConvention`).
        max_gap_s: a longer gap between samples is a pause and adds nothing.

    Returns:
        TRIMP (arbitrary units; 30 min at HR 130, rest 40, max 200, male = 31.80).
    """
    _check_hr_range(hr_rest_bpm, hr_max_bpm)
    k = trimp_coefficients(sex, convention)
    dt, hr = _durations(time_s, heart_rate_bpm, max_gap_s)
    x = np.clip((hr - hr_rest_bpm) / (hr_max_bpm - hr_rest_bpm), 0.0, None)
    return float(np.sum(dt / 60.0 * x * k.a * np.exp(k.b * x)))


def banister_trimp_average(
    duration_s: float,
    average_hr_bpm: float,
    *,
    hr_rest_bpm: float,
    hr_max_bpm: float,
    sex: Sex | str = Sex.MALE,
    convention: TrimpConvention | str = TrimpConvention.BANISTER,
) -> float:
    """Banister's TRIMP from the average heart rate, when there is no stream.

    It is lower than the stream's TRIMP for a varied session (the weighting is convex).
    """
    _check_hr_range(hr_rest_bpm, hr_max_bpm)
    if not (math.isfinite(duration_s) and duration_s >= 0):
        raise InputError(f"duration must be a non-negative number of seconds, got {duration_s!r}")
    if not math.isfinite(average_hr_bpm):
        return math.nan
    k = trimp_coefficients(sex, convention)
    x = max(0.0, (average_hr_bpm - hr_rest_bpm) / (hr_max_bpm - hr_rest_bpm))
    return duration_s / 60.0 * x * k.a * math.exp(k.b * x)


def edwards_trimp(
    time_s: Any, heart_rate_bpm: Any, *, hr_max_bpm: float, max_gap_s: float = DEFAULT_MAX_GAP_S
) -> float:
    """Edwards' TRIMP (1993): minutes in 50-60/60-70/70-80/80-90/90-100 % HRmax x 1..5.

    Heart rate above HRmax counts in the top zone; below 50 % counts nothing.
    """
    if not (math.isfinite(hr_max_bpm) and hr_max_bpm > 0):
        raise InputError(f"HRmax must be a positive number of bpm, got {hr_max_bpm!r}")
    dt, hr = _durations(time_s, heart_rate_bpm, max_gap_s)
    weight = np.searchsorted(np.array(_EDWARDS_EDGES), hr / hr_max_bpm, side="right")
    return float(np.sum(dt / 60.0 * weight))


def session_rpe(rpe: float, duration_s: float) -> float:
    """Session RPE load (Foster et al. 2001, J Strength Cond Res 15:109): CR-10 x minutes.

    Raises:
        InputError: for an RPE outside 0-10 or a negative duration.
    """
    if not (math.isfinite(rpe) and 0 <= rpe <= 10):
        raise InputError(f"RPE must be on the CR-10 scale (0-10), got {rpe!r}")
    if not (math.isfinite(duration_s) and duration_s >= 0):
        raise InputError(f"duration must be a non-negative number of seconds, got {duration_s!r}")
    return rpe * duration_s / 60.0


def hr_load(
    time_s: Any,
    heart_rate_bpm: Any,
    *,
    hr_rest_bpm: float,
    hr_max_bpm: float,
    lthr_bpm: float,
    sex: Sex | str = Sex.MALE,
    convention: TrimpConvention | str = TrimpConvention.BANISTER,
    max_gap_s: float = DEFAULT_MAX_GAP_S,
) -> float:
    """Heart-rate load: ``100 x TRIMP / TRIMP(60 min at LTHR)`` (lydiard's "hrTSS").

    On the same scale as power and pace load (an hour at threshold = 100), and defined
    for every sport with heart rate, so cross-training adds up with running.
    """
    if not (math.isfinite(lthr_bpm) and hr_rest_bpm < lthr_bpm <= hr_max_bpm):
        raise InputError(f"LTHR ({lthr_bpm!r}) must lie between resting HR and HRmax")
    trimp = banister_trimp(
        time_s,
        heart_rate_bpm,
        hr_rest_bpm=hr_rest_bpm,
        hr_max_bpm=hr_max_bpm,
        sex=sex,
        convention=convention,
        max_gap_s=max_gap_s,
    )
    hour = banister_trimp_average(
        3600.0,
        lthr_bpm,
        hr_rest_bpm=hr_rest_bpm,
        hr_max_bpm=hr_max_bpm,
        sex=sex,
        convention=convention,
    )
    return 100.0 * trimp / hour


def _one_hz(time_s: Any, values: Any, max_gap_s: float) -> FloatArray:
    """Resample a stream to 1 s by sample-and-hold; seconds inside long gaps are NaN."""
    t = np.asarray(time_s, dtype=np.float64)
    v = np.asarray(values, dtype=np.float64)
    if t.ndim != 1 or t.shape != v.shape:
        raise InputError("time and value streams must be 1-D arrays of equal length")
    if t.size == 0:
        return np.empty(0)
    if not np.isfinite(t).all() or (np.diff(t) < 0).any():
        raise InputError("time_s must be finite and non-decreasing")
    grid = np.arange(math.ceil(t[0]), math.floor(t[-1]) + 1, dtype=np.float64)
    idx = np.searchsorted(t, grid, side="right") - 1
    out = v[idx].copy()
    age = grid - t[idx]
    # A second belongs to a pause when the sample holding it starts a long gap.
    gap_after = np.append(np.diff(t), 0.0)[idx]
    out[(gap_after > max_gap_s) & (age > 0)] = np.nan
    return out


def _fourth_power_mean(one_hz: FloatArray) -> tuple[float, float]:
    """(4th root of the mean 4th power of the 30 s rolling mean, valid seconds)."""
    n = one_hz.size
    valid = np.isfinite(one_hz)
    if valid.sum() < _ROLLING_S or n < _ROLLING_S:
        raise NotEnoughDataError(
            f"a normalised value needs at least {_ROLLING_S} s of data, got {int(valid.sum())} s"
        )
    filled = np.where(valid, one_hz, 0.0)
    csum = np.concatenate(([0.0], np.cumsum(filled)))
    bad = np.concatenate(([0], np.cumsum(~valid)))
    window_sum = csum[_ROLLING_S:] - csum[:-_ROLLING_S]
    window_bad = bad[_ROLLING_S:] - bad[:-_ROLLING_S]
    rolling = window_sum[window_bad == 0] / _ROLLING_S
    if rolling.size == 0:
        raise NotEnoughDataError("no 30 s stretch without a pause: cannot normalise")
    return float(np.mean(rolling**4) ** 0.25), float(valid.sum())


def normalised_power(time_s: Any, power_w: Any, *, max_gap_s: float = DEFAULT_MAX_GAP_S) -> float:
    """Normalised power (Allen & Coggan): 4th root of the mean 4th power of 30 s rolling power.

    The stream is resampled to 1 s; windows that touch a pause are left out.

    Raises:
        NotEnoughDataError: with less than 30 s of power.
    """
    return _fourth_power_mean(_one_hz(time_s, power_w, max_gap_s))[0]


def normalised_speed(
    time_s: Any, grade_adjusted_speed_mps: Any, *, max_gap_s: float = DEFAULT_MAX_GAP_S
) -> float:
    """Normalised graded speed (m/s), the same recipe as normalised power.

    TrainingPeaks' NGP algorithm is unpublished; ours is: grade-adjusted speed, 1 s
    sample-and-hold, 30 s rolling mean, 4th-power mean, 4th root.
    """
    return _fourth_power_mean(_one_hz(time_s, grade_adjusted_speed_mps, max_gap_s))[0]


def power_load(
    time_s: Any, power_w: Any, *, ftp_w: float, max_gap_s: float = DEFAULT_MAX_GAP_S
) -> float:
    """Power training stress (Allen & Coggan): ``hours x IF^2 x 100`` with IF = NP/FTP.

    For bike and ski erg with a power meter; hours are the moving (recorded) time.
    """
    if not (math.isfinite(ftp_w) and ftp_w > 0):
        raise InputError(f"FTP must be a positive number of watts, got {ftp_w!r}")
    np_w, seconds = _fourth_power_mean(_one_hz(time_s, power_w, max_gap_s))
    return seconds / 3600.0 * (np_w / ftp_w) ** 2 * 100.0


def pace_load(
    time_s: Any,
    grade_adjusted_speed_mps: Any,
    *,
    threshold_speed_mps: float,
    max_gap_s: float = DEFAULT_MAX_GAP_S,
) -> float:
    """Pace load: ``hours x IF^2 x 100`` with IF = normalised graded speed / threshold speed.

    The TrainingPeaks definition of rTSS with lydiard's own normalised graded speed
    (:func:`normalised_speed`), so it is called pace load, not rTSS. Pass the
    grade-adjusted speed (from the analysis module); plain speed understates hilly runs.
    """
    if not (math.isfinite(threshold_speed_mps) and threshold_speed_mps > 0):
        raise InputError(f"threshold speed must be positive, got {threshold_speed_mps!r} m/s")
    ngs, seconds = _fourth_power_mean(_one_hz(time_s, grade_adjusted_speed_mps, max_gap_s))
    return seconds / 3600.0 * (ngs / threshold_speed_mps) ** 2 * 100.0
