"""Banister's impulse-response model of performance, and its fit to an athlete's results.

Banister et al. (1975); Morton, Fitz-Clarke & Banister (1990, J Appl Physiol 69:1171)::

    p_d = p0 + k1 g_d - k2 h_d
    g_d = w_d + exp(-1/tau1) g_{d-1}        (fitness impulse)
    h_d = w_d + exp(-1/tau2) h_{d-1}        (fatigue impulse)

with w_d the load of day d. Defaults: tau1 = 42, tau2 = 7, k1 = 1, k2 = 2. The model can
be fitted by least squares to an athlete's own performances (races or tests, in any unit
where larger is better, e.g. VDOT or speed): for fixed time constants the model is linear in
(p0, k1, k2), so :func:`fit_banister` searches a grid of (tau1, tau2) and solves the linear
least squares at each point, keeping gains that are positive.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from lydiard.errors import InputError, NotEnoughDataError
from lydiard.model.samples import FloatArray
from lydiard.physiology.fitness import ewma

__all__ = ["BanisterFit", "BanisterParams", "banister_performance", "fit_banister"]


@dataclass(frozen=True, slots=True)
class BanisterParams:
    """Parameters of the impulse-response model.

    Attributes:
        p0: baseline performance (the units of the performances).
        k1, k2: fitness and fatigue gains (performance units per load unit).
        tau1, tau2: fitness and fatigue time constants, days.
    """

    p0: float = 0.0
    k1: float = 1.0
    k2: float = 2.0
    tau1: float = 42.0
    tau2: float = 7.0

    def __post_init__(self) -> None:
        for name in ("tau1", "tau2"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value >= 1):
                raise InputError(f"{name} must be at least 1 day, got {value!r}")


def _impulses(loads: FloatArray, tau: float) -> FloatArray:
    # g_d = w_d + a g_{d-1} is an EWMA with weight k = 1 - a, scaled by 1/k.
    k = 1.0 - math.exp(-1.0 / tau)
    return ewma(loads, k) / k


def banister_performance(loads: Any, params: BanisterParams | None = None) -> FloatArray:
    """Modelled performance per day for a series of daily loads.

    Args:
        loads: daily loads, 0 on rest days.
        params: model parameters (defaults: tau1 42, tau2 7, k1 1, k2 2, p0 0).
    """
    p = params or BanisterParams()
    w = np.asarray(loads, dtype=np.float64)
    return p.p0 + p.k1 * _impulses(w, p.tau1) - p.k2 * _impulses(w, p.tau2)


@dataclass(frozen=True, slots=True)
class BanisterFit:
    """A least-squares fit of the model.

    Attributes:
        params: the fitted parameters.
        rmse: root-mean-square error of the fit, in performance units.
        n: number of performances used.
    """

    params: BanisterParams
    rmse: float
    n: int


def fit_banister(
    loads: Any,
    performances: Sequence[tuple[int, float]],
    *,
    tau1_days: Sequence[float] = tuple(range(10, 71)),
    tau2_days: Sequence[float] = tuple(range(1, 21)),
) -> BanisterFit:
    """Fit the model to an athlete's performances by least squares.

    Args:
        loads: daily loads, 0 on rest days.
        performances: (day index into ``loads``, performance) pairs, larger = better; at
            least 5 (the model has 5 parameters), better 10 or more.
        tau1_days: candidate fitness time constants, days.
        tau2_days: candidate fatigue time constants, days (only those below tau1 are tried).

    Returns:
        The best fit with k1 > 0 and k2 > 0.

    Raises:
        NotEnoughDataError: with fewer than 5 performances, or when no candidate gives
            positive gains (the performances do not show the training's effect).
        InputError: for a day index outside the loads.
    """
    w = np.asarray(loads, dtype=np.float64)
    if len(performances) < 5:
        raise NotEnoughDataError(
            f"fitting the Banister model needs at least 5 performances, got {len(performances)}"
        )
    days = np.array([d for d, _ in performances], dtype=np.int64)
    perf = np.array([p for _, p in performances], dtype=np.float64)
    if (days < 0).any() or (days >= w.size).any():
        raise InputError(f"performance days must be indexes 0..{w.size - 1} into the loads")
    if not np.isfinite(perf).all():
        raise InputError("performances must be finite numbers")
    cache = {tau: _impulses(w, tau)[days] for tau in {*tau1_days, *tau2_days}}
    best: tuple[float, BanisterParams] | None = None
    for tau1 in tau1_days:
        g = cache[tau1]
        for tau2 in tau2_days:
            if tau2 >= tau1:
                continue
            design = np.column_stack((np.ones_like(g), g, -cache[tau2]))
            coef, *_ = np.linalg.lstsq(design, perf, rcond=None)
            if coef[1] <= 0 or coef[2] <= 0:
                continue
            sse = float(np.sum((design @ coef - perf) ** 2))
            if best is None or sse < best[0]:
                params = BanisterParams(
                    float(coef[0]), float(coef[1]), float(coef[2]), float(tau1), float(tau2)
                )
                best = (sse, params)
    if best is None:
        raise NotEnoughDataError(
            "no Banister model with positive fitness and fatigue gains fits these "
            "performances; more, better-spread results are needed"
        )
    return BanisterFit(best[1], math.sqrt(best[0] / len(performances)), len(performances))
