"""Daniels training paces from VDOT, and VDOT from a threshold pace.

Each pace is the speed whose oxygen cost (Daniels & Gilbert 1979) is a fraction of VDOT::

    E (easy) range   0.6304 - 0.7346 x VDOT
    T (threshold)    0.8799 x VDOT
    I (interval)     0.9743 x VDOT
    M (marathon)     the VDOT-equivalent marathon pace
    R (repetition)   I pace minus 15 s/km (VDOT >= 50) or 20 s/km (below)

These fractions reproduce Daniels' printed tables (Daniels' Running Formula) within a few
seconds per km. The workout language asks for paces by name; :meth:`TrainingPaces.as_mapping`
gives exactly the names it knows, in m/s.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from lydiard.errors import InputError
from lydiard.physiology.races import (
    DEFAULT_RATIO_100K,
    MARATHON_M,
    RACE_PACE_DISTANCES_M,
    equivalent_time,
    speed_at_vo2,
    vo2_at_speed,
)

__all__ = [
    "EASY_FRACTIONS",
    "INTERVAL_FRACTION",
    "PACE_NAMES",
    "THRESHOLD_FRACTION",
    "TrainingPaces",
    "training_paces",
    "vdot_from_threshold_speed",
]

EASY_FRACTIONS = (0.6304, 0.7346)
THRESHOLD_FRACTION = 0.8799
INTERVAL_FRACTION = 0.9743
_R_FASTER_S_PER_KM = (15.0, 20.0)  # at VDOT >= 50, below 50

#: The pace names the workout language resolves, in this order.
PACE_NAMES: tuple[str, ...] = ("E", "M", "T", "I", "R", *RACE_PACE_DISTANCES_M)


@dataclass(frozen=True, slots=True)
class TrainingPaces:
    """Training and race paces for one VDOT, as speeds in m/s.

    Attributes:
        vdot: the VDOT they come from.
        easy_slow_mps, easy_fast_mps: the ends of the E range.
        marathon_mps: M pace (VDOT-equivalent marathon speed).
        threshold_mps: T pace.
        interval_mps: I pace.
        repetition_mps: R pace.
        race_mps: equivalent race speeds by name ("800" ... "100 mile").
    """

    vdot: float
    easy_slow_mps: float
    easy_fast_mps: float
    marathon_mps: float
    threshold_mps: float
    interval_mps: float
    repetition_mps: float
    race_mps: dict[str, float] = field(default_factory=dict)

    @property
    def easy_mps(self) -> float:
        """The middle of the E range: the mean of its two speeds."""
        return 0.5 * (self.easy_slow_mps + self.easy_fast_mps)

    def as_mapping(self) -> dict[str, float]:
        """Pace name -> speed in m/s, with exactly the names of :data:`PACE_NAMES`.

        "E" is the middle of the E range; race names are equivalent race speeds.
        """
        out = {
            "E": self.easy_mps,
            "M": self.marathon_mps,
            "T": self.threshold_mps,
            "I": self.interval_mps,
            "R": self.repetition_mps,
        }
        out.update({name: self.race_mps[name] for name in RACE_PACE_DISTANCES_M})
        return out


def _check_vdot(value: float) -> None:
    if not (math.isfinite(value) and 10.0 <= value <= 100.0):
        raise InputError(f"VDOT must be between 10 and 100, got {value!r}")


def training_paces(vdot: float, *, ratio_100k: float = DEFAULT_RATIO_100K) -> TrainingPaces:
    """Daniels training paces and equivalent race speeds for a VDOT.

    Args:
        vdot: VDOT in ml/kg/min (10-100).
        ratio_100k: ultra ratio model parameter for the 50K and 100K race speeds.

    Returns:
        The paces; at VDOT 50, T = 4:15/km and I = 3:55/km.

    Raises:
        InputError: for a VDOT outside 10-100.
    """
    _check_vdot(vdot)
    interval = speed_at_vo2(INTERVAL_FRACTION * vdot)
    faster_s = _R_FASTER_S_PER_KM[0] if vdot >= 50.0 else _R_FASTER_S_PER_KM[1]
    repetition = 1000.0 / (1000.0 / interval - faster_s)
    races = {
        name: d / equivalent_time(vdot, d, ratio_100k=ratio_100k)
        for name, d in RACE_PACE_DISTANCES_M.items()
    }
    return TrainingPaces(
        vdot=vdot,
        easy_slow_mps=speed_at_vo2(EASY_FRACTIONS[0] * vdot),
        easy_fast_mps=speed_at_vo2(EASY_FRACTIONS[1] * vdot),
        marathon_mps=MARATHON_M / equivalent_time(vdot, MARATHON_M),
        threshold_mps=speed_at_vo2(THRESHOLD_FRACTION * vdot),
        interval_mps=interval,
        repetition_mps=repetition,
        race_mps=races,
    )


def vdot_from_threshold_speed(speed_mps: float) -> float:
    """The VDOT whose T pace is ``speed_mps`` (inverts T = 0.8799 x VDOT).

    So ``--threshold-pace 3:05/km`` (5.405 m/s) gives VDOT 74.4.

    Raises:
        InputError: for a speed that is not positive or gives a VDOT outside 10-100.
    """
    if not (math.isfinite(speed_mps) and speed_mps > 0):
        raise InputError(f"threshold speed must be positive, got {speed_mps!r} m/s")
    value = vo2_at_speed(speed_mps) / THRESHOLD_FRACTION
    _check_vdot(value)
    return value
