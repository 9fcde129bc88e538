"""Daily readiness from morning ln rMSSD: train as planned, easy, or rest, with reasons.

**Plews rule** (default; Plews et al. 2012, Eur J Appl Physiol 112:3729; 2013, Sports Med
43:773; Javaloyes et al. 2019, IJSPP 14:23): the 7-day rolling mean of ln rMSSD against a
baseline, the mean and SD of the mornings of the ``baseline_days`` (28-60; 60 by default)
before today. The smallest worthwhile change (SWC) band is baseline mean +/- 0.5 SD.

* 7-day mean inside or above the band: train as planned.
* below the band: easy; below it ``rest_after_days`` days running (3 by default): rest.

The 7-day coefficient of variation of ln rMSSD (SD / mean x 100, sample SD) is reported as
context. It takes at least ``min_week_mornings`` valid mornings in the last 7 days (3 by
default: Plews et al. 2014, IJSPP 9:783, found 3 random mornings a week enough) and
``min_baseline_mornings`` in the baseline (14) to say anything; below that the verdict is
"not enough data".

**Kiviniemi rule** (Kiviniemi et al. 2007, Eur J Appl Physiol 101:743), an option: today's
value below the mean - 1 SD of the previous 10 mornings, or falling two days running,
gives an easy day; otherwise train as planned.

Values are keyed by the athlete's local date. None of this is a diagnosis.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import assert_never

import numpy as np

from lydiard.errors import InputError
from lydiard.model.samples import FloatArray

__all__ = ["Readiness", "ReadinessRule", "Verdict", "readiness", "readiness_series"]

_NAN = math.nan


class ReadinessRule(StrEnum):
    """Which published rule turns morning HRV into a verdict."""

    PLEWS = "plews"  # 7-day mean vs the SWC band (default)
    KIVINIEMI = "kiviniemi"  # today vs the 10-day mean - 1 SD, or two days falling


class Verdict(StrEnum):
    """What the morning's HRV suggests for the day's training."""

    TRAIN = "train as planned"
    EASY = "easy"
    REST = "rest"
    NOT_ENOUGH_DATA = "not enough data"


@dataclass(frozen=True, slots=True)
class Readiness:
    """The readiness verdict for one day and the figures behind it (ln ms units).

    Attributes:
        day: the date judged.
        verdict: train as planned, easy, rest, or not enough data.
        reasons: plain-language reasons, most important first.
        rule: the rule used.
        today_ln: today's ln rMSSD (NaN when not measured).
        week_mean_ln: mean ln rMSSD of the last 7 days' mornings.
        week_cv_percent: their coefficient of variation, %.
        baseline_mean_ln, baseline_sd_ln: the baseline (Plews) or 10-day reference.
        band_low_ln, band_high_ln: the SWC band (Plews), or the mean - 1 SD line (Kiviniemi,
            high = NaN).
        week_mornings, baseline_mornings: valid mornings used.
        days_below_band: consecutive days, ending today, with the 7-day mean below the band.
    """

    day: date
    verdict: Verdict
    reasons: tuple[str, ...]
    rule: ReadinessRule
    today_ln: float = _NAN
    week_mean_ln: float = _NAN
    week_cv_percent: float = _NAN
    baseline_mean_ln: float = _NAN
    baseline_sd_ln: float = _NAN
    band_low_ln: float = _NAN
    band_high_ln: float = _NAN
    week_mornings: int = 0
    baseline_mornings: int = 0
    days_below_band: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)


class _Mornings:
    """Morning values as sorted day ordinals and values, for fast window look-ups."""

    __slots__ = ("bands", "days", "values")

    def __init__(self, mornings: Mapping[date, float]) -> None:
        items = sorted(
            (d.toordinal(), float(v))
            for d, v in mornings.items()
            if v is not None and math.isfinite(v)
        )
        self.days = np.array([d for d, _ in items], dtype=np.int64)
        self.values = np.array([v for _, v in items], dtype=np.float64)
        # Plews bands by (day, baseline_days, swc_factor): a series reuses yesterday's.
        self.bands: dict[tuple[int, int, float], _Band] = {}

    def window(self, first: date, last: date) -> FloatArray:
        lo = np.searchsorted(self.days, first.toordinal(), side="left")
        hi = np.searchsorted(self.days, last.toordinal(), side="right")
        return self.values[lo:hi]

    def get(self, day: date) -> float | None:
        found = self.window(day, day)
        return float(found[0]) if found.size else None


# Windows hold at most a few dozen values: plain floats beat numpy's per-call overhead.
def _mean(values: FloatArray) -> float:
    return math.fsum(values.tolist()) / values.size if values.size else _NAN


def _sd(values: FloatArray) -> float:
    """Sample standard deviation (n - 1)."""
    n = values.size
    if n < 2:
        return _NAN
    items = values.tolist()
    mean = math.fsum(items) / n
    return math.sqrt(math.fsum((v - mean) ** 2 for v in items) / (n - 1))


def _check_options(baseline_days: int, min_week: int, min_baseline: int, swc: float) -> None:
    if not 7 <= baseline_days <= 365:
        raise InputError(f"baseline_days must be 7-365 (28-60 usual), got {baseline_days}")
    if not 1 <= min_week <= 7:
        raise InputError(f"min_week_mornings must be 1-7, got {min_week}")
    if not 2 <= min_baseline <= baseline_days:
        raise InputError(f"min_baseline_mornings must be 2-{baseline_days}, got {min_baseline}")
    if not (math.isfinite(swc) and swc > 0):
        raise InputError(f"swc_factor must be positive, got {swc}")


@dataclass(frozen=True, slots=True)
class _Band:
    week: FloatArray
    base: FloatArray
    mean: float
    sd: float
    low: float
    high: float

    @property
    def week_mean(self) -> float:
        return _mean(self.week)


def _plews_band(mornings: _Mornings, on: date, baseline_days: int, swc_factor: float) -> _Band:
    key = (on.toordinal(), baseline_days, swc_factor)
    band = mornings.bands.get(key)
    if band is None:
        week = mornings.window(on - timedelta(days=6), on)
        base = mornings.window(on - timedelta(days=baseline_days), on - timedelta(days=1))
        mean, sd = _mean(base), _sd(base)
        band = _Band(week, base, mean, sd, mean - swc_factor * sd, mean + swc_factor * sd)
        mornings.bands[key] = band
    return band


def _plews(
    mornings: _Mornings,
    on: date,
    *,
    baseline_days: int,
    min_week_mornings: int,
    min_baseline_mornings: int,
    swc_factor: float,
    rest_after_days: int,
) -> Readiness:
    band = _plews_band(mornings, on, baseline_days, swc_factor)
    today = mornings.get(on)
    base = Readiness(
        day=on,
        verdict=Verdict.NOT_ENOUGH_DATA,
        reasons=(),
        rule=ReadinessRule.PLEWS,
        today_ln=today if today is not None else _NAN,
        week_mornings=len(band.week),
        baseline_mornings=len(band.base),
    )
    if len(band.week) < min_week_mornings or len(band.base) < min_baseline_mornings:
        missing: list[str] = []
        if len(band.week) < min_week_mornings:
            missing.append(
                f"{len(band.week)} of the last 7 mornings measured; "
                f"at least {min_week_mornings} needed"
            )
        if len(band.base) < min_baseline_mornings:
            missing.append(
                f"{len(band.base)} mornings in the {baseline_days}-day baseline; "
                f"at least {min_baseline_mornings} needed"
            )
        return replace(base, reasons=tuple(missing))
    week_mean = band.week_mean
    cv = 100.0 * _sd(band.week) / week_mean if band.week.size >= 2 and week_mean else _NAN
    below = 0
    day = on
    while below < 60:
        b = band if day == on else _plews_band(mornings, day, baseline_days, swc_factor)
        if not (len(b.week) >= min_week_mornings and len(b.base) >= 2 and b.week_mean < b.low):
            break
        below += 1
        day -= timedelta(days=1)
    figures = (
        f"7-day mean ln rMSSD {week_mean:.2f} against the band {band.low:.2f}-{band.high:.2f} "
        f"(baseline {band.mean:.2f} +/- {swc_factor:g} SD over {len(band.base)} mornings)"
    )
    notes = (f"7-day CV {cv:.1f} %",) if math.isfinite(cv) else ()
    if week_mean < band.low:
        if below >= rest_after_days:
            verdict = Verdict.REST
            reasons: tuple[str, ...] = (
                f"the 7-day mean has been below the band for {below} days running",
                figures,
            )
        else:
            verdict = Verdict.EASY
            reasons = (f"the 7-day mean is below the band (day {below})", figures)
    elif week_mean > band.high:
        verdict = Verdict.TRAIN
        reasons = (
            "the 7-day mean is above the band: fine when you feel fresh; with heavy "
            "fatigue it can mean parasympathetic saturation (Plews 2012)",
            figures,
        )
    else:
        verdict = Verdict.TRAIN
        reasons = ("the 7-day mean is inside the band", figures)
    return replace(
        base,
        verdict=verdict,
        reasons=reasons,
        week_mean_ln=week_mean,
        week_cv_percent=cv,
        baseline_mean_ln=band.mean,
        baseline_sd_ln=band.sd,
        band_low_ln=band.low,
        band_high_ln=band.high,
        days_below_band=below,
        notes=notes,
    )


def _kiviniemi(mornings: _Mornings, on: date, *, min_reference: int) -> Readiness:
    today = mornings.get(on)
    reference = mornings.window(on - timedelta(days=10), on - timedelta(days=1))
    base = Readiness(
        day=on,
        verdict=Verdict.NOT_ENOUGH_DATA,
        reasons=("no measurement this morning",),
        rule=ReadinessRule.KIVINIEMI,
        baseline_mornings=len(reference),
    )
    if today is None:
        return base
    if len(reference) < min_reference:
        return replace(
            base,
            reasons=(f"{len(reference)} of the previous 10 mornings; {min_reference} needed",),
            today_ln=today,
        )
    mean, sd = _mean(reference), _sd(reference)
    line = mean - sd
    yesterday = mornings.get(on - timedelta(days=1))
    before = mornings.get(on - timedelta(days=2))
    falling = yesterday is not None and before is not None and today < yesterday < before
    reasons: list[str] = []
    if today < line:
        reasons.append(f"today's ln rMSSD {today:.2f} is below the 10-day mean - 1 SD ({line:.2f})")
    if falling:
        reasons.append("ln rMSSD has fallen two days running")
    verdict = Verdict.EASY if reasons else Verdict.TRAIN
    if not reasons:
        reasons.append(f"today's ln rMSSD {today:.2f} is above the 10-day mean - 1 SD ({line:.2f})")
    return replace(
        base,
        verdict=verdict,
        reasons=tuple(reasons),
        today_ln=today,
        baseline_mean_ln=mean,
        baseline_sd_ln=sd,
        band_low_ln=line,
    )


def readiness(
    mornings: Mapping[date, float] | _Mornings,
    on: date,
    *,
    rule: ReadinessRule | str = ReadinessRule.PLEWS,
    baseline_days: int = 60,
    min_week_mornings: int = 3,
    min_baseline_mornings: int = 14,
    swc_factor: float = 0.5,
    rest_after_days: int = 3,
) -> Readiness:
    """Readiness for one day from morning ln rMSSD values.

    Args:
        mornings: ln rMSSD (ln of ms) by the athlete's local date; missing days absent.
        on: the day to judge.
        rule: :class:`ReadinessRule` (Plews by default, Kiviniemi as an option).
        baseline_days: days before ``on`` whose mornings form the baseline (28-60 usual).
        min_week_mornings: fewest mornings in the last 7 days for a verdict.
        min_baseline_mornings: fewest mornings in the baseline (Kiviniemi: of 10 days,
            capped at 7).
        swc_factor: half-width of the SWC band in baseline SDs (0.5).
        rest_after_days: days below the band after which easy becomes rest.

    Raises:
        InputError: for options out of range.
    """
    rule = ReadinessRule(rule)
    _check_options(baseline_days, min_week_mornings, min_baseline_mornings, swc_factor)
    series = mornings if isinstance(mornings, _Mornings) else _Mornings(mornings)
    if rule is ReadinessRule.PLEWS:
        return _plews(
            series,
            on,
            baseline_days=baseline_days,
            min_week_mornings=min_week_mornings,
            min_baseline_mornings=min_baseline_mornings,
            swc_factor=swc_factor,
            rest_after_days=rest_after_days,
        )
    if rule is ReadinessRule.KIVINIEMI:
        return _kiviniemi(series, on, min_reference=min(min_baseline_mornings, 7))
    assert_never(rule)


def readiness_series(
    mornings: Mapping[date, float],
    first_day: date,
    last_day: date,
    **options: object,
) -> list[Readiness]:
    """:func:`readiness` for every day from ``first_day`` to ``last_day`` inclusive."""
    if last_day < first_day:
        raise InputError(f"last day {last_day} is before first day {first_day}")
    series = _Mornings(mornings)
    out = []
    day = first_day
    while day <= last_day:
        out.append(readiness(series, day, **options))  # type: ignore[arg-type]
        day += timedelta(days=1)
    return out
