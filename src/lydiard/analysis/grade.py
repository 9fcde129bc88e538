"""Grade-adjusted pace from the energy cost of running on a gradient (Minetti et al. 2002).

Minetti, Moia, Roi, Susta & Ferretti (2002), "Energy cost of walking and running at
extreme uphill and downhill slopes", J Appl Physiol 93:1039-1046, measured the energy cost
of running per metre at gradients from -45 % to +45 % and fitted

    Cr(i) = 155.4 i^5 - 30.4 i^4 - 43.3 i^3 + 46.3 i^2 + 19.5 i + 3.6   (J/kg/m)

with ``i`` the gradient as a fraction (rise over horizontal run). The flat-equivalent speed
of running at speed ``v`` on gradient ``i`` is ``v * (Cr(i) / Cr(0)) ** e``: with ``e = 1``
(the default) it is the flat speed that costs the same metabolic power; Runalyze damps
the correction with ``e = 0.83`` (:data:`RUNALYZE_EXPONENT`). Gradients outside the
measured range are clamped to it, and altitude must be smoothed before gradients are
taken (see :mod:`lydiard.analysis.elevation`): raw GPS altitude makes them meaningless.
"""

from __future__ import annotations

import numpy as np

from lydiard.model import FloatArray

__all__ = [
    "DEFAULT_EXPONENT",
    "MAX_GRADE",
    "RUNALYZE_EXPONENT",
    "energy_cost",
    "gap_factor",
    "grade_adjusted_speed",
]

#: Gradient range of Minetti et al.'s measurements, as a fraction.
MAX_GRADE = 0.45
#: Equal metabolic power (the plain Minetti ratio).
DEFAULT_EXPONENT = 1.0
#: Runalyze's damped correction.
RUNALYZE_EXPONENT = 0.83

# Minetti et al. 2002, eq. for running, highest power first (J/kg/m).
_COEFFICIENTS = (155.4, -30.4, -43.3, 46.3, 19.5, 3.6)
_FLAT_COST = 3.6


def energy_cost(grade: FloatArray | float) -> FloatArray:
    """Energy cost of running in J/kg/m at a gradient (Minetti et al. 2002).

    Args:
        grade: gradient as a fraction (0.1 = 10 % up), clamped to -0.45..+0.45.

    Returns:
        Cr(i) in joules per kilogram per metre; 3.6 on the flat.
    """
    i = np.clip(np.asarray(grade, dtype=np.float64), -MAX_GRADE, MAX_GRADE)
    return np.asarray(np.polyval(_COEFFICIENTS, i), dtype=np.float64)


def gap_factor(grade: FloatArray | float, exponent: float = DEFAULT_EXPONENT) -> FloatArray:
    """Ratio of flat-equivalent speed to actual speed at a gradient: ``(Cr(i)/Cr(0))**e``.

    Args:
        grade: gradient as a fraction; NaN stays NaN.
        exponent: the conversion exponent ``e``: 1.0 equal metabolic power (default),
            0.83 as in Runalyze.

    Returns:
        The dimensionless factor: 1 on the flat, above 1 uphill, below 1 on gentle
        descents (about 0.48 at -20 %), rising again on steep descents.

    Raises:
        ValueError: when the exponent is not a positive finite number.
    """
    if not (np.isfinite(exponent) and exponent > 0):
        raise ValueError(f"GAP exponent must be a positive number, got {exponent!r}")
    ratio = energy_cost(grade) / _FLAT_COST
    return np.asarray(ratio if exponent == 1.0 else ratio**exponent, dtype=np.float64)


def grade_adjusted_speed(
    speed_mps: FloatArray | float,
    grade: FloatArray | float,
    exponent: float = DEFAULT_EXPONENT,
) -> FloatArray:
    """Flat-equivalent speed in m/s (Minetti et al. 2002; see :func:`gap_factor`).

    Args:
        speed_mps: actual speed along the ground in m/s.
        grade: gradient as a fraction.
        exponent: conversion exponent (1.0 default, 0.83 Runalyze).

    Returns:
        Grade-adjusted speed in m/s; equal to ``speed_mps`` where the grade is 0.
    """
    return np.asarray(speed_mps, dtype=np.float64) * gap_factor(grade, exponent)
