"""Heart rate during a session: a first-order response to effort, drift, fatigue, beats.

* Steady state: the athlete's heart rate at the effort of the moment
  (:meth:`SimAthlete.hr_at`: %HRR = %VO2R, Swain & Leutholtz 1997); standing still after
  running costs about 16 % of VO2max.
* Response: first order towards the steady state, time constant 30 s when heart rate rises
  and 55 s when it falls (recovery is slower than the rise; heart-rate recovery time
  constants of the order of a minute are usual in trained athletes, Imai et al. 1994,
  J Am Coll Cardiol 24:1529).
* Cardiovascular drift on long efforts: +4.5 bpm per hour-equivalent of effort (the time
  integral of the fraction of VO2max), at most +15 bpm (Coyle & Gonzalez-Alonso 2001,
  Exerc Sport Sci Rev 29:88: 10-15 % over an hour or more of moderate exercise is common;
  this athlete is well trained and drifts less).
* Fatigue (0-1): accumulated training fatigue lowers submaximal heart rate by up to 4 bpm
  and the reachable maximum by up to 6 bpm (Le Meur et al. 2013, Med Sci Sports Exerc
  45:2061: heart-rate suppression in functional overreaching).
* Sensor noise: AR(1), 1 bpm; devices record whole beats per minute.

:func:`rr_intervals` turns a heart-rate stream into beat-to-beat intervals with a little
beat-to-beat variability, for files that carry HRV messages.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from lydiard.model.samples import FloatArray
from lydiard.simulate.athlete import SimAthlete
from lydiard.simulate.noise import ar1, lag

__all__ = ["STANDING_FRACTION", "heart_rate", "rr_intervals"]

#: Effort of standing after exercise, as a fraction of VO2max.
STANDING_FRACTION = 0.16
_TAU_UP_S = 30.0
_TAU_DOWN_S = 55.0
_DRIFT_BPM_PER_H = 4.5
_DRIFT_MAX_BPM = 15.0


def heart_rate(
    athlete: SimAthlete,
    fraction: FloatArray,
    segments: Sequence[tuple[int, int]],
    rng: np.random.Generator,
    *,
    fatigue: float = 0.0,
    start_bpm: float | None = None,
) -> FloatArray:
    """Heart rate (whole bpm) at 1 Hz for an effort stream.

    Args:
        athlete: who.
        fraction: effort each second, fraction of VO2max (0 standing).
        segments: (first, end) sample index of each segment; within one the response keeps
            its direction (rising or falling).
        rng: the random generator.
        fatigue: 0 (fresh) to 1 (very tired).
        start_bpm: heart rate at the first sample (resting + 20 when None).
    """
    n = fraction.size
    if n == 0:
        return np.zeros(0)
    effort = np.maximum(fraction, STANDING_FRACTION)
    drift = np.minimum(_DRIFT_MAX_BPM, _DRIFT_BPM_PER_H * np.cumsum(effort) / 3600.0)
    ceiling = athlete.hr_max_bpm - 6.0 * fatigue
    target = np.minimum(athlete.hr_at(effort) + drift - 4.0 * fatigue, ceiling)
    hr = np.empty(n)
    current = athlete.hr_rest_bpm + 20.0 if start_bpm is None else start_bpm
    for first, end in segments:
        if end <= first:
            continue
        part = target[first:end]
        tau = _TAU_UP_S if float(part.mean()) >= current else _TAU_DOWN_S
        hr[first:end] = lag(part, tau, current)
        current = float(hr[end - 1])
    hr += ar1(rng, n, 1.0, 0.8)
    low = athlete.hr_rest_bpm - 3.0
    return np.asarray(np.clip(np.round(hr), low, athlete.hr_max_bpm))


def rr_intervals(
    time_s: FloatArray, hr_bpm: FloatArray, rng: np.random.Generator, *, rmssd_ms: float = 6.0
) -> FloatArray:
    """Beat-to-beat intervals (s) of a heart-rate stream, with beat-to-beat variability.

    Args:
        time_s: sample times, seconds.
        hr_bpm: heart rate at those times.
        rng: the random generator.
        rmssd_ms: the RMSSD of the added variability (during exercise a few ms).
    """
    ok = np.isfinite(hr_bpm) & (hr_bpm > 0)
    if ok.sum() < 2:
        return np.zeros(0)
    t = time_s[ok]
    beats = np.concatenate(([0.0], np.cumsum(np.diff(t) * hr_bpm[ok][:-1] / 60.0)))
    count = math.floor(beats[-1])
    if count < 2:
        return np.zeros(0)
    times = np.interp(np.arange(count + 1, dtype=np.float64), beats, t)
    rr = np.diff(times)
    # independent jitter e: successive differences have SD sqrt(2) x SD(e)
    jitter = rng.normal(0.0, rmssd_ms / 1000.0 / math.sqrt(2.0), rr.size)
    return np.asarray(np.clip(rr + jitter, 0.25, 2.0))
