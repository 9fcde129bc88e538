"""The freshen-up (taper), after Bosquet et al. 2007.

Bosquet, Montpetit, Arvisais & Mujika 2007 (Med Sci Sports Exerc 39:1358), a meta-analysis
of 27 studies: the best taper lasts about two weeks (8-14 days), cuts training volume by
41-60 % progressively (exponentially rather than in one step), and keeps intensity and
frequency. Mujika & Padilla 2003 give a wider window (volume -60-90 %, 4 to 28+ days).

The volume follows ``v(t) = exp(-t / tau)`` of the pre-taper volume, day by day; ``tau`` is
chosen so the mean reduction over the taper equals ``reduction`` (0.50 by default: the middle
of Bosquet's band). Pre-taper volume is the mean of the last three build weeks.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from lydiard.errors import InputError

__all__ = ["BOSQUET_BAND", "pre_taper_volume", "taper_fractions"]

#: The volume reduction band Bosquet et al. 2007 found best, as fractions.
BOSQUET_BAND = (0.41, 0.60)


def _mean_fraction(tau: float, days: int) -> float:
    return sum(math.exp(-t / tau) for t in range(1, days + 1)) / days


def taper_fractions(weeks: int, reduction: float = 0.50) -> tuple[float, ...]:
    """Each taper week's running volume as a fraction of the pre-taper volume.

    Args:
        weeks: taper length in weeks (1-3).
        reduction: the mean reduction over the whole taper (0.2-0.8).

    Returns:
        One fraction per week, decreasing, whose mean is ``1 - reduction`` (to 1e-6).

    Raises:
        InputError: for a length or reduction out of range.

    Example (hand check): 2 weeks at 0.50 gives about (0.68, 0.32); their mean is 0.50.
    """
    if not 1 <= weeks <= 3:
        raise InputError(f"taper must last 1-3 weeks, got {weeks}")
    if not 0.2 <= reduction <= 0.8:
        raise InputError(f"taper reduction must be 0.2-0.8, got {reduction}")
    days = 7 * weeks
    target = 1.0 - reduction
    lo, hi = 0.01, 1000.0
    for _ in range(100):  # bisection: the mean fraction rises with tau
        mid = math.sqrt(lo * hi)
        if _mean_fraction(mid, days) < target:
            lo = mid
        else:
            hi = mid
    tau = math.sqrt(lo * hi)
    return tuple(
        sum(math.exp(-t / tau) for t in range(7 * w + 1, 7 * w + 8)) / 7 for w in range(weeks)
    )


def pre_taper_volume(build_weeks_m: Sequence[float]) -> float:
    """The pre-taper weekly volume: the mean of the last three build weeks, metres.

    Raises:
        InputError: when there is no build week.
    """
    if not build_weeks_m:
        raise InputError("a taper needs at least one build week before it")
    last = list(build_weeks_m)[-3:]
    return sum(last) / len(last)
