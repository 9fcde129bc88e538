"""Lactate step test: thresholds by OBLA, baseline + x, Dmax, modified Dmax and log-log.

Blood lactate (mmol/L) against intensity (speed in m/s or power in W) is fitted with a
3rd-order polynomial by least squares, then:

* **OBLA**: the intensity where the curve reaches a fixed lactate, 2.0 and 4.0 mmol/L
  (Heck et al. 1985, Int J Sports Med 6:117). The last upward crossing counts, so an
  early dip below the level does not.
* **Baseline + 0.5 / 1.0 / 1.5 mmol/L** (Berg et al. 1990; Zoladz et al. 1995). lydiard's
  baseline is the mean lactate of the steps before the first rise of >= 0.4 mmol/L (the
  flat part of the curve), unless the caller gives one.
* **Dmax** (Cheng et al. 1992, Int J Sports Med 13:518): the point of the fitted curve
  farthest from the chord joining the curve's first and last points.
* **Modified Dmax** (Bishop et al. 1998, Med Sci Sports Exerc 30:1270): the chord starts
  at the measured point before the first rise of >= 0.4 mmol/L and ends at the last
  measured point.
* **Log-log** (Beaver et al. 1985, J Appl Physiol 59:1936): ln(lactate) against
  ln(intensity) fitted by two joined straight lines; the breakpoint is the threshold.

LT1 (aerobic threshold) is baseline + 0.5 by default and LT2 (anaerobic threshold) the
modified Dmax (falling back to OBLA 4.0, then Dmax). Heart rate at a threshold is
interpolated linearly between steps. Three zones follow (Seiler 2010, IJSPP 5:276):
below LT1, between, above LT2.

A resting sample (intensity 0) is kept as ``rest_lactate_mmol`` and left out of the fit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
from numpy.polynomial import Polynomial

from lydiard.errors import InputError, NotEnoughDataError
from lydiard.model.samples import FloatArray

__all__ = [
    "DEFAULT_LT1",
    "DEFAULT_LT2",
    "IntensityKind",
    "LactateAnalysis",
    "LactateZone",
    "StepTest",
    "Threshold",
    "analyse_step_test",
    "step_test",
]

MIN_STEPS = 5
FIRST_RISE_MMOL = 0.4
MIN_TOTAL_RISE_MMOL = 1.0
DEFAULT_LT1 = ("baseline+0.5",)
DEFAULT_LT2 = ("moddmax", "obla4.0", "dmax")


class IntensityKind(StrEnum):
    """What the steps' intensity measures."""

    SPEED = "speed"  # m/s (running)
    POWER = "power"  # W (bike, ski erg)

    @property
    def unit(self) -> str:
        """The SI unit of the intensity."""
        return "m/s" if self is IntensityKind.SPEED else "W"


@dataclass(frozen=True, slots=True)
class StepTest:
    """A validated incremental step test (build it with :func:`step_test`).

    Attributes:
        intensity: per step, m/s or W, strictly increasing.
        lactate_mmol: blood lactate at the end of each step, mmol/L.
        heart_rate_bpm: heart rate at the end of each step (NaN where not measured).
        kind: speed or power.
        rest_lactate_mmol: a resting value taken before the test, or NaN.
    """

    intensity: FloatArray
    lactate_mmol: FloatArray
    heart_rate_bpm: FloatArray
    kind: IntensityKind
    rest_lactate_mmol: float = math.nan


def step_test(
    intensity: Sequence[float] | Any,
    lactate_mmol: Sequence[float] | Any,
    heart_rate_bpm: Sequence[float] | Any | None = None,
    *,
    kind: IntensityKind | str = IntensityKind.SPEED,
    source: str = "step test",
) -> StepTest:
    """Check a step test and build it; a step at intensity 0 is the resting sample.

    Args:
        intensity: per step, m/s (speed) or W (power).
        lactate_mmol: lactate per step, mmol/L.
        heart_rate_bpm: heart rate per step, bpm, or None.
        kind: speed or power.
        source: name used in messages (a file name).

    Raises:
        NotEnoughDataError: with fewer than 5 exercise steps, or lactate that never rises
            by 1 mmol/L (the test stopped below the thresholds).
        InputError: for unequal columns, missing or impossible values, or intensity that
            does not increase from step to step.
    """
    kind = IntensityKind(kind)
    x = np.asarray(intensity, dtype=np.float64)
    y = np.asarray(lactate_mmol, dtype=np.float64)
    hr = (
        np.full(x.shape, np.nan)
        if heart_rate_bpm is None
        else np.asarray(heart_rate_bpm, dtype=np.float64)
    )
    if x.ndim != 1 or x.shape != y.shape or x.shape != hr.shape:
        raise InputError(f"{source}: intensity, lactate and heart rate need one value per step")
    for i in range(x.size):
        if not math.isfinite(x[i]) or x[i] < 0:
            raise InputError(f"{source}: step {i + 1} has no valid intensity ({x[i]!r})")
        if not math.isfinite(y[i]) or not 0 < y[i] < 30:
            raise InputError(
                f"{source}: step {i + 1} lactate {y[i]!r} is not a blood lactate (0-30 mmol/L)"
            )
    rest = math.nan
    if x.size and x[0] == 0:
        rest = float(y[0])
        x, y, hr = x[1:], y[1:], hr[1:]
        offset = 2
    else:
        offset = 1
    if x.size < MIN_STEPS:
        raise NotEnoughDataError(
            f"{source}: {x.size} exercise steps; a lactate curve needs at least {MIN_STEPS}"
        )
    bad = np.nonzero(np.diff(x) <= 0)[0]
    if bad.size:
        i = int(bad[0])
        raise InputError(
            f"{source}: intensity must increase every step, but step {i + 1 + offset} "
            f"({x[i + 1]:g} {kind.unit}) follows {x[i]:g} {kind.unit}"
        )
    if y[-1] - float(np.min(y)) < MIN_TOTAL_RISE_MMOL:
        raise NotEnoughDataError(
            f"{source}: lactate never rises ({np.min(y):.1f}-{np.max(y):.1f} mmol/L, last "
            f"{y[-1]:.1f}); the test stopped below threshold: add harder steps"
        )
    return StepTest(x, y, hr, kind, rest)


@dataclass(frozen=True, slots=True)
class Threshold:
    """A threshold found on the curve.

    Attributes:
        key: short name ("obla4.0", "baseline+0.5", "dmax", "moddmax", "loglog").
        label: human name ("OBLA 4.0 mmol/L").
        intensity: m/s or W (NaN when not found).
        lactate_mmol: fitted lactate there.
        heart_rate_bpm: interpolated heart rate there (NaN without HR).
        note: why it was not found, or "".
    """

    key: str
    label: str
    intensity: float
    lactate_mmol: float
    heart_rate_bpm: float
    note: str = ""

    @property
    def found(self) -> bool:
        """True when the method gave a threshold inside the test's range."""
        return math.isfinite(self.intensity)


@dataclass(frozen=True, slots=True)
class LactateZone:
    """One zone derived from LT1 and LT2 (Seiler's three-zone model).

    Attributes:
        name: "Z1", "Z2", "Z3".
        low, high: intensity bounds (m/s or W; 0 and infinity for open ends).
        hr_low_bpm, hr_high_bpm: heart-rate bounds (NaN without HR).
    """

    name: str
    low: float
    high: float
    hr_low_bpm: float
    hr_high_bpm: float


@dataclass(frozen=True, slots=True)
class LactateAnalysis:
    """Every threshold of a step test, the chosen LT1 and LT2, and zones.

    Attributes:
        test: the test.
        coefficients: the cubic fit, lowest power first (lactate = sum c_i x^i).
        baseline_mmol: the baseline used by the baseline + x methods.
        thresholds: all methods, in a fixed order.
        lt1, lt2: the chosen aerobic and anaerobic thresholds.
        zones: three zones from LT1 and LT2.
    """

    test: StepTest
    coefficients: tuple[float, ...]
    baseline_mmol: float
    thresholds: tuple[Threshold, ...]
    lt1: Threshold
    lt2: Threshold
    zones: tuple[LactateZone, ...]

    def threshold(self, key: str) -> Threshold:
        """A threshold by key ("obla4.0", "moddmax"...).

        Raises:
            InputError: for an unknown key.
        """
        for t in self.thresholds:
            if t.key == key:
                return t
        keys = ", ".join(t.key for t in self.thresholds)
        raise InputError(f"unknown lactate threshold {key!r}; use one of {keys}")


def _first_rise(y: FloatArray) -> int | None:
    rises = np.nonzero(np.diff(y) >= FIRST_RISE_MMOL - 1e-9)[0]
    return int(rises[0]) if rises.size else None


def _crossing(curve: Polynomial, level: float, lo: float, hi: float) -> float:
    roots = (curve - level).roots()
    real = roots[np.abs(roots.imag) < 1e-9].real
    inside = real[(real >= lo - 1e-9) & (real <= hi + 1e-9)]
    upward = [r for r in inside if curve.deriv()(r) > 0]
    return float(max(upward)) if upward else math.nan


def _farthest_below_chord(curve: Polynomial, x0: float, y0: float, x1: float, y1: float) -> float:
    slope = (y1 - y0) / (x1 - x0)
    roots = (curve.deriv() - slope).roots()
    real = roots[np.abs(roots.imag) < 1e-9].real
    inside = real[(real > x0) & (real < x1)]
    if inside.size == 0:
        return math.nan
    gap = y0 + slope * (inside - x0) - curve(inside)
    best = int(np.argmax(gap))
    return float(inside[best]) if gap[best] > 0 else math.nan


def _loglog_breakpoint(x: FloatArray, y: FloatArray) -> float:
    """Best continuous two-line fit of ln y on ln x, over 400 candidate breakpoints at once."""
    lx, ly = np.log(x), np.log(y)
    candidates = np.linspace(lx[1], lx[-2], 400)
    hinge = np.clip(lx[None, :] - candidates[:, None], 0.0, None)  # (k, n)
    design = np.stack((np.ones_like(hinge), np.broadcast_to(lx, hinge.shape), hinge), axis=2)
    gram = np.einsum("kni,knj->kij", design, design)
    rhs = np.einsum("kni,n->ki", design, ly)
    with np.errstate(all="ignore"):
        usable = np.abs(np.linalg.det(gram)) > 1e-12
        coef = np.full((candidates.size, 3), np.nan)
        coef[usable] = np.linalg.solve(gram[usable], rhs[usable][..., None])[..., 0]
        sse = np.sum((np.einsum("kni,ki->kn", design, coef) - ly) ** 2, axis=1)
    sse[~usable | ~(coef[:, 2] > 0)] = np.inf
    best = int(np.argmin(sse))
    return math.exp(float(candidates[best])) if math.isfinite(sse[best]) else math.nan


def _choose(found: dict[str, Threshold], keys: Sequence[str], name: str) -> Threshold:
    for key in keys:
        if key not in found:
            raise InputError(
                f"unknown lactate threshold {key!r} for {name}; use one of " + ", ".join(found)
            )
        if found[key].found:
            return found[key]
    raise NotEnoughDataError(
        f"no {name} found by {', '.join(keys)}: " + "; ".join(found[k].note for k in keys)
    )


def analyse_step_test(
    test: StepTest,
    *,
    obla_mmol: Sequence[float] = (2.0, 4.0),
    baseline_plus_mmol: Sequence[float] = (0.5, 1.0, 1.5),
    baseline_mmol: float | None = None,
    lt1: Sequence[str] = DEFAULT_LT1,
    lt2: Sequence[str] = DEFAULT_LT2,
) -> LactateAnalysis:
    """Find thresholds on a step test, choose LT1 and LT2, and derive zones.

    Args:
        test: the test (:func:`step_test`).
        obla_mmol: fixed lactate levels for OBLA.
        baseline_plus_mmol: increments over the baseline.
        baseline_mmol: the baseline; the mean before the first rise when None.
        lt1: threshold keys for LT1, the first found wins (e.g. ``("loglog",)``).
        lt2: threshold keys for LT2, the first found wins.

    Raises:
        NotEnoughDataError: when none of the chosen methods finds LT1 or LT2.
        InputError: for an unknown threshold key.
    """
    x, y, hr = test.intensity, test.lactate_mmol, test.heart_rate_bpm
    lo, hi = float(x[0]), float(x[-1])
    curve = Polynomial.fit(x, y, 3)
    rise = _first_rise(y)
    if baseline_mmol is None:
        baseline_mmol = float(np.mean(y[: (rise if rise else 0) + 1]))

    def make(key: str, label: str, at: float, note: str) -> Threshold:
        if not math.isfinite(at):
            return Threshold(key, label, math.nan, math.nan, math.nan, note)
        heart = float(np.interp(at, x, hr)) if np.isfinite(hr).all() else math.nan
        return Threshold(key, label, at, float(curve(at)), heart)

    out: list[Threshold] = []
    for level in obla_mmol:
        at = _crossing(curve, level, lo, hi)
        out.append(
            make(
                f"obla{level:.1f}",
                f"OBLA {level:.1f} mmol/L",
                at,
                f"the curve does not reach {level:.1f} mmol/L within the test",
            )
        )
    for plus in baseline_plus_mmol:
        level = baseline_mmol + plus
        at = _crossing(curve, level, lo, hi)
        out.append(
            make(
                f"baseline+{plus:.1f}",
                f"Baseline + {plus:.1f} mmol/L",
                at,
                f"the curve does not reach {level:.2f} mmol/L within the test",
            )
        )
    dmax = _farthest_below_chord(curve, lo, float(curve(lo)), hi, float(curve(hi)))
    out.append(make("dmax", "Dmax", dmax, "the curve never bends below its chord"))
    if rise is None:
        out.append(make("moddmax", "Modified Dmax", math.nan, "no rise of 0.4 mmol/L"))
    else:
        mod = _farthest_below_chord(curve, float(x[rise]), float(y[rise]), hi, float(y[-1]))
        out.append(make("moddmax", "Modified Dmax", mod, "the curve never bends below its chord"))
    out.append(make("loglog", "Log-log", _loglog_breakpoint(x, y), "no breakpoint found"))
    found = {t.key: t for t in out}
    first, second = _choose(found, lt1, "LT1"), _choose(found, lt2, "LT2")
    if first.intensity >= second.intensity:
        raise NotEnoughDataError(
            f"LT1 ({first.label}) is not below LT2 ({second.label}); choose other methods"
        )
    zones = (
        LactateZone("Z1", 0.0, first.intensity, math.nan, first.heart_rate_bpm),
        LactateZone(
            "Z2", first.intensity, second.intensity, first.heart_rate_bpm, second.heart_rate_bpm
        ),
        LactateZone("Z3", second.intensity, math.inf, second.heart_rate_bpm, math.nan),
    )
    coefficients = tuple(float(c) for c in curve.convert().coef)
    return LactateAnalysis(test, coefficients, baseline_mmol, tuple(out), first, second, zones)
