"""Heart-rate variability from RR intervals: artefact filtering, RMSSD, a morning value.

RR intervals are in milliseconds (``Activity.rr_intervals_s`` holds seconds: multiply by
1000). Artefacts are removed before RMSSD: an RR outside ``min_ms``-``max_ms`` (300-2000 ms
by default), or differing by more than ``max_deviation`` (20 %) from the median of the
``median_window`` beats around it. Successive differences are only taken between two
accepted beats that were next to each other, so a removed beat never makes a difference.

RMSSD (Task Force of the ESC and NASPE 1996, Circulation 93:1043) is the root mean square
of successive differences. Two denominators are in use (:class:`RmssdConvention`): the
mean over the n differences (Task Force; hrv-analysis, Kubios; default), and n - 1 (the
HRV Logger app, whose published values this reproduces exactly). Readiness uses
ln(RMSSD) (Plews et al. 2012).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, assert_never

import numpy as np

from lydiard.errors import InputError, NotEnoughDataError
from lydiard.model.samples import FloatArray

__all__ = [
    "MorningHrv",
    "RmssdConvention",
    "RrCleaning",
    "clean_rr",
    "morning_hrv",
    "rmssd",
    "successive_differences",
]

MIN_VALID_DIFFERENCES = 30
MIN_DURATION_S = 60.0


class RmssdConvention(StrEnum):
    """Denominator of the RMSSD mean."""

    MEAN = "mean"  # sqrt(sum d^2 / n): Task Force 1996, hrv-analysis, Kubios (default)
    SAMPLE = "n-1"  # sqrt(sum d^2 / (n - 1)): HRV Logger


@dataclass(frozen=True, slots=True)
class RrCleaning:
    """RR intervals with the beats accepted by the artefact filter.

    Attributes:
        rr_ms: all RR intervals, ms.
        valid: True for each accepted interval.
    """

    rr_ms: FloatArray
    valid: Any

    @property
    def n_beats(self) -> int:
        """Number of RR intervals in the input."""
        return int(self.rr_ms.size)

    @property
    def n_artefacts(self) -> int:
        """Number of intervals rejected."""
        return int(self.rr_ms.size - np.count_nonzero(self.valid))

    @property
    def artefact_fraction(self) -> float:
        """Share of intervals rejected (NaN for no input)."""
        return self.n_artefacts / self.n_beats if self.n_beats else math.nan


def _rr_array(rr_ms: Any) -> FloatArray:
    rr = np.asarray(rr_ms, dtype=np.float64)
    if rr.ndim != 1:
        raise InputError("RR intervals must be a one-dimensional series (ms)")
    return rr


def clean_rr(
    rr_ms: Any,
    *,
    min_ms: float = 300.0,
    max_ms: float = 2000.0,
    max_deviation: float = 0.2,
    median_window: int = 11,
) -> RrCleaning:
    """Mark artefacts in a series of RR intervals.

    Args:
        rr_ms: RR intervals, ms (NaN = missing beat).
        min_ms: shortest plausible interval, ms (300 ms = 200 bpm).
        max_ms: longest plausible interval, ms (2000 ms = 30 bpm).
        max_deviation: largest accepted relative difference from the local median.
        median_window: beats in the centred window of the local median (odd).

    Returns:
        The intervals and a mask of those accepted.
    """
    rr = _rr_array(rr_ms)
    if median_window < 3 or median_window % 2 == 0:
        raise InputError(f"median_window must be an odd number of at least 3, got {median_window}")
    in_range = np.isfinite(rr) & (rr >= min_ms) & (rr <= max_ms)
    if rr.size == 0:
        return RrCleaning(rr, in_range)
    half = median_window // 2
    candidates = np.where(in_range, rr, np.nan)
    padded = np.concatenate((np.full(half, np.nan), candidates, np.full(half, np.nan)))
    windows = np.lib.stride_tricks.sliding_window_view(padded, median_window)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # windows with no accepted beat
        local = np.nanmedian(windows, axis=1)
        deviation = np.abs(rr - local) / local
    valid = in_range & (deviation <= max_deviation)
    return RrCleaning(rr, valid)


def successive_differences(rr_ms: Any, valid: Any | None = None) -> FloatArray:
    """Differences between consecutive accepted RR intervals, ms.

    A difference is kept only when both intervals are accepted and adjacent in the input.
    """
    rr = _rr_array(rr_ms)
    ok = np.isfinite(rr) if valid is None else np.asarray(valid, dtype=bool) & np.isfinite(rr)
    pair = ok[1:] & ok[:-1]
    return np.asarray(np.diff(rr)[pair], dtype=np.float64)


def rmssd(
    rr_ms: Any,
    *,
    convention: RmssdConvention | str = RmssdConvention.MEAN,
    filter_artefacts: bool = True,
    min_differences: int = 2,
) -> float:
    """RMSSD of RR intervals, ms.

    Args:
        rr_ms: RR intervals, ms.
        convention: the denominator (:class:`RmssdConvention`).
        filter_artefacts: run :func:`clean_rr` with its defaults first.
        min_differences: fewest successive differences accepted.

    Raises:
        NotEnoughDataError: with fewer successive differences than ``min_differences``.
    """
    rr = _rr_array(rr_ms)
    valid = clean_rr(rr).valid if filter_artefacts else None
    diffs = successive_differences(rr, valid)
    if diffs.size < max(2, min_differences):
        raise NotEnoughDataError(
            f"RMSSD needs at least {max(2, min_differences)} successive differences, "
            f"got {diffs.size}"
        )
    return _rmssd_of(diffs, RmssdConvention(convention))


def _rmssd_of(diffs: FloatArray, convention: RmssdConvention) -> float:
    n = diffs.size
    if convention is RmssdConvention.MEAN:
        denominator = n
    elif convention is RmssdConvention.SAMPLE:
        denominator = n - 1
    else:
        assert_never(convention)
    return float(math.sqrt(float(np.sum(diffs * diffs)) / denominator))


@dataclass(frozen=True, slots=True)
class MorningHrv:
    """One morning's HRV measurement.

    Attributes:
        rmssd_ms: RMSSD, ms.
        ln_rmssd: natural log of RMSSD in ms.
        mean_rr_ms: mean accepted RR interval, ms.
        heart_rate_bpm: mean heart rate from the accepted intervals.
        n_beats: intervals in the analysed segment.
        n_artefacts: intervals rejected.
        duration_s: length of the analysed segment, seconds.
    """

    rmssd_ms: float
    ln_rmssd: float
    mean_rr_ms: float
    heart_rate_bpm: float
    n_beats: int
    n_artefacts: int
    duration_s: float

    @property
    def artefact_fraction(self) -> float:
        """Share of intervals rejected."""
        return self.n_artefacts / self.n_beats if self.n_beats else math.nan


def morning_hrv(
    rr_ms: Any,
    *,
    start_s: float = 0.0,
    duration_s: float | None = None,
    convention: RmssdConvention | str = RmssdConvention.MEAN,
    max_artefact_fraction: float = 0.2,
    min_duration_s: float = MIN_DURATION_S,
) -> MorningHrv:
    """A morning HRV value from a recording, after artefact filtering.

    A segment can be chosen by time from the start of the recording (e.g. the first
    150 s lying down of an orthostatic test). Short recordings work: ln rMSSD over 1 min
    agrees closely with 5 min (Esco & Flatt 2014, J Sports Sci Med 13:535), hence the 60 s
    minimum.

    Args:
        rr_ms: RR intervals, ms, in recording order.
        start_s: skip this much of the recording first, seconds.
        duration_s: analyse this long, seconds (to the end when None).
        convention: the RMSSD denominator.
        max_artefact_fraction: reject a recording with more artefacts than this.
        min_duration_s: shortest segment accepted, seconds.

    Raises:
        NotEnoughDataError: for a segment shorter than ``min_duration_s``, with too few
            clean differences, or with too many artefacts.
    """
    rr = _rr_array(rr_ms)
    clock = np.cumsum(np.where(np.isfinite(rr), rr, 0.0)) / 1000.0
    end = math.inf if duration_s is None else start_s + duration_s
    segment = rr[(clock > start_s) & (clock <= end)]
    seg_duration = float(np.nansum(segment)) / 1000.0
    if seg_duration < min_duration_s:
        raise NotEnoughDataError(
            f"an HRV reading needs at least {min_duration_s:g} s of beats, got {seg_duration:.0f} s"
        )
    cleaning = clean_rr(segment)
    if cleaning.artefact_fraction > max_artefact_fraction:
        raise NotEnoughDataError(
            f"{cleaning.n_artefacts} of {cleaning.n_beats} beats are artefacts "
            f"({cleaning.artefact_fraction:.0%} > {max_artefact_fraction:.0%}); "
            "record again, lying still, with a chest strap"
        )
    diffs = successive_differences(segment, cleaning.valid)
    if diffs.size < MIN_VALID_DIFFERENCES:
        raise NotEnoughDataError(
            f"an HRV reading needs {MIN_VALID_DIFFERENCES} clean successive differences, "
            f"got {diffs.size}"
        )
    value = _rmssd_of(diffs, RmssdConvention(convention))
    mean_rr = float(np.mean(segment[cleaning.valid]))
    return MorningHrv(
        rmssd_ms=value,
        ln_rmssd=math.log(value),
        mean_rr_ms=mean_rr,
        heart_rate_bpm=60000.0 / mean_rr,
        n_beats=cleaning.n_beats,
        n_artefacts=cleaning.n_artefacts,
        duration_s=seg_duration,
    )
