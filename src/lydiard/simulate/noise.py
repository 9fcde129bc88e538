"""Seeded noise and smoothing for the simulator: AR(1) series and first-order lags.

Everything takes a :class:`numpy.random.Generator`, so a simulation is reproducible from
its seed. The recurrences are vectorised with the physiology core's exponentially
weighted average (:func:`lydiard.physiology.fitness.ewma`), which computes
``y_t = y_{t-1} + k (x_t - y_{t-1})`` in closed form.
"""

from __future__ import annotations

import math

import numpy as np

from lydiard.model.samples import FloatArray
from lydiard.physiology.fitness import ewma

__all__ = ["ar1", "lag", "smooth_random"]


def ar1(rng: np.random.Generator, n: int, sd: float, correlation: float) -> FloatArray:
    """A stationary AR(1) series ``y_t = a y_{t-1} + e_t`` with standard deviation ``sd``.

    Args:
        rng: the random generator.
        n: number of values.
        sd: the series' standard deviation (stationary).
        correlation: ``a``, the correlation between neighbours (0 <= a < 1).
    """
    if n <= 0:
        return np.zeros(0)
    if sd == 0:
        return np.zeros(n)
    a = min(max(correlation, 0.0), 0.999999)
    k = 1.0 - a
    innovation_sd = sd * math.sqrt(1.0 - a * a)
    shocks = rng.normal(0.0, innovation_sd, n)
    # ewma gives y = (1-k) y + k x: feed x = e / k; start in the stationary distribution.
    return ewma(shocks / k, k, initial=float(rng.normal(0.0, sd)))


def lag(target: FloatArray, tau_s: float, initial: float, dt_s: float = 1.0) -> FloatArray:
    """First-order response to a target sampled every ``dt_s``: time constant ``tau_s``."""
    if target.size == 0:
        return np.zeros(0)
    k = 1.0 - math.exp(-dt_s / tau_s) if tau_s > 0 else 1.0
    return ewma(target, k, initial=initial)


def smooth_random(
    rng: np.random.Generator,
    length: float,
    step: float,
    wavelengths: tuple[float, float],
    *,
    periodic: bool = True,
    components: int = 24,
) -> tuple[FloatArray, FloatArray]:
    """A smooth random function on a grid: a sum of sines with a 1/f amplitude spectrum.

    Args:
        rng: the random generator.
        length: the span of the grid (metres along a route, for instance).
        step: grid step.
        wavelengths: shortest and longest wavelength.
        periodic: use whole periods over ``length`` (the function ends where it starts).
        components: number of sines.

    Returns:
        (grid, values) with values of unit standard deviation.
    """
    n = max(2, math.ceil(length / step) + 1)
    grid = np.linspace(0.0, length, n)
    shortest, longest = wavelengths
    waves = np.exp(rng.uniform(math.log(shortest), math.log(longest), components))
    if periodic:
        cycles = np.maximum(1.0, np.round(length / waves))
        waves = length / cycles
    amplitude = waves / longest  # 1/f spectrum: long waves carry most of the relief
    phase = rng.uniform(0.0, 2 * math.pi, components)
    values = (amplitude[None, :] * np.sin(2 * math.pi * grid[:, None] / waves + phase)).sum(1)
    values -= values.mean()
    sd = float(values.std())
    return grid, values / sd if sd > 0 else values
