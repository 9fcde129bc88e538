"""Race equivalence: Daniels-Gilbert VDOT, Riegel, and an ultra ratio model.

Three models turn one performance into another distance:

* **VDOT** (default up to the marathon): Daniels & Gilbert (1979), *Oxygen Power*.
  With the speed v in m/min and the duration t in minutes::

      VO2(v)  = -4.60 + 0.182258 v + 0.000104 v^2            (ml/kg/min)
      %max(t) = 0.8 + 0.1894393 exp(-0.012778 t) + 0.2989558 exp(-0.1932605 t)
      VDOT    = VO2(v) / %max(t)

  An equivalent time at another distance is the t that gives the same VDOT. The printed
  tables of Daniels' Running Formula differ from this closed form by up to 0.3 %.
* **Riegel** (1981, American Scientist 69:285): ``T2 = T1 (D2/D1)^k`` with k = 1.06, valid
  from about 3.5 to 230 minutes; the exponent can be fitted to an athlete's own results.
* **Ultra ratio** beyond the marathon: Riegel is 9-10 % optimistic there; 100 km takes
  about 2.8-3.0 x the marathon time. lydiard uses ``T(D) = T_M (D / 42195 m)^u`` with u
  chosen so that 100 km = ``ratio_100k`` x T_M (2.9 by default): u = ln 2.9 / ln(100/42.195)
  = 1.2339. It is a fatigue term: speed falls faster with duration than Riegel's 1.06.

All distances are metres, all times seconds; speeds are m/s.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import assert_never

import numpy as np

from lydiard import units
from lydiard.errors import InputError, NotEnoughDataError

__all__ = [
    "DEFAULT_RATIO_100K",
    "MARATHON_M",
    "RACE_PACE_DISTANCES_M",
    "RIEGEL_EXPONENT",
    "STANDARD_DISTANCES_M",
    "Equivalent",
    "RaceModel",
    "RiegelFit",
    "equivalent_time",
    "equivalents",
    "fit_riegel",
    "percent_max",
    "predict_time",
    "riegel_time",
    "speed_at_vo2",
    "ultra_exponent",
    "ultra_time",
    "vdot",
    "vo2_at_speed",
]

MARATHON_M = 42195.0
HALF_MARATHON_M = 21097.5
RIEGEL_EXPONENT = 1.06
DEFAULT_RATIO_100K = 2.9
_SECONDS_PER_MINUTE = 60.0

#: Standard race distances shown in equivalence tables, by the names the workout language
#: uses for race paces.
STANDARD_DISTANCES_M: dict[str, float] = {
    name: units.RACE_PACE_DISTANCES_M[name]
    for name in ("1500", "mile", "3K", "5K", "10K", "15K", "HM", "marathon", "50K", "100K")
}

#: Every race whose pace a session may name (:data:`lydiard.units.RACE_PACE_DISTANCES_M`).
#: Below 1500 m the Daniels-Gilbert curve is extrapolated (Daniels' tables start at 1500 m).
RACE_PACE_DISTANCES_M = units.RACE_PACE_DISTANCES_M


class RaceModel(StrEnum):
    """How to carry a performance to another distance."""

    VDOT = "vdot"  # Daniels-Gilbert up to the marathon, the ultra ratio beyond (default)
    RIEGEL = "riegel"  # T2 = T1 (D2/D1)^k at every distance


def _check_performance(distance_m: float, time_s: float) -> None:
    if not (math.isfinite(distance_m) and distance_m > 0):
        raise InputError(f"race distance must be a positive number of metres, got {distance_m!r}")
    if not (math.isfinite(time_s) and time_s > 0):
        raise InputError(f"race time must be a positive number of seconds, got {time_s!r}")


def vo2_at_speed(speed_mps: float) -> float:
    """Oxygen cost of running at a speed (Daniels & Gilbert 1979), ml/kg/min.

    Args:
        speed_mps: speed in m/s.
    """
    v = speed_mps * _SECONDS_PER_MINUTE
    return -4.60 + 0.182258 * v + 0.000104 * v * v


def speed_at_vo2(vo2_ml_kg_min: float) -> float:
    """The running speed (m/s) whose oxygen cost is ``vo2_ml_kg_min`` (inverse of VO2(v)).

    Raises:
        InputError: when the oxygen uptake is not positive.
    """
    if not (math.isfinite(vo2_ml_kg_min) and vo2_ml_kg_min > 0):
        raise InputError(f"oxygen uptake must be positive, got {vo2_ml_kg_min!r} ml/kg/min")
    a, b, c = 0.000104, 0.182258, -4.60 - vo2_ml_kg_min
    v = (-b + math.sqrt(b * b - 4 * a * c)) / (2 * a)
    return v / _SECONDS_PER_MINUTE


def percent_max(time_s: float) -> float:
    """Fraction of VO2max sustainable for a race lasting ``time_s`` (Daniels & Gilbert 1979)."""
    t = time_s / _SECONDS_PER_MINUTE
    return 0.8 + 0.1894393 * math.exp(-0.012778 * t) + 0.2989558 * math.exp(-0.1932605 * t)


def _vdot_closed_form(distance_m: float, time_s: float) -> float:
    return vo2_at_speed(distance_m / time_s) / percent_max(time_s)


def ultra_exponent(ratio_100k: float = DEFAULT_RATIO_100K) -> float:
    """Exponent u of the ultra ratio model, so that T(100 km) = ratio_100k x T(marathon)."""
    if not (math.isfinite(ratio_100k) and ratio_100k > 100000.0 / MARATHON_M):
        raise InputError(
            f"ratio_100k must exceed {100000.0 / MARATHON_M:.3f} (100 km / marathon), "
            f"got {ratio_100k!r}"
        )
    return math.log(ratio_100k) / math.log(100000.0 / MARATHON_M)


def ultra_time(
    marathon_time_s: float, distance_m: float, *, ratio_100k: float = DEFAULT_RATIO_100K
) -> float:
    """Time for a flat ultra distance from a marathon time (lydiard's ultra ratio model).

    ``T(D) = T_M (D / 42195)^u``, u from :func:`ultra_exponent`; 100 km = 2.9 x T_M by
    default (the science notes: 2.8-3.0).

    Args:
        marathon_time_s: marathon time (actual or equivalent), seconds.
        distance_m: the distance, metres (meant for the marathon and beyond).
        ratio_100k: 100 km time over marathon time.
    """
    _check_performance(distance_m, marathon_time_s)
    return float(marathon_time_s * (distance_m / MARATHON_M) ** ultra_exponent(ratio_100k))


def _equivalent_vdot_time(vdot_value: float, distance_m: float) -> float:
    # VDOT(t) at a fixed distance falls monotonically with t: bisection in log t.
    lo, hi = math.log(distance_m / 12.0), math.log(distance_m / 0.3)
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        if _vdot_closed_form(distance_m, math.exp(mid)) > vdot_value:
            lo = mid
        else:
            hi = mid
    return math.exp(0.5 * (lo + hi))


def vdot(distance_m: float, time_s: float, *, ratio_100k: float = DEFAULT_RATIO_100K) -> float:
    """VDOT of a race (Daniels & Gilbert 1979), in ml/kg/min.

    Beyond the marathon the race is first carried to its marathon equivalent with the
    ultra ratio model (the Daniels-Gilbert curve was fitted to races up to the marathon).

    Args:
        distance_m: race distance in metres.
        time_s: finishing time in seconds.
        ratio_100k: ultra ratio model parameter, used only beyond the marathon.

    Returns:
        VDOT; 10 km in 40:00 gives 51.944.

    Raises:
        InputError: for a non-positive distance or time, or a speed no runner could hold
            (VO2 cost not positive).
    """
    _check_performance(distance_m, time_s)
    if distance_m > MARATHON_M:
        time_s = time_s / (distance_m / MARATHON_M) ** ultra_exponent(ratio_100k)
        distance_m = MARATHON_M
    value = _vdot_closed_form(distance_m, time_s)
    if not value > 0:
        raise InputError(
            f"{distance_m:g} m in {time_s:g} s is too slow for the running model (VDOT <= 0)"
        )
    return value


def equivalent_time(
    vdot_value: float, distance_m: float, *, ratio_100k: float = DEFAULT_RATIO_100K
) -> float:
    """Time (s) a runner of this VDOT would need for ``distance_m``.

    Up to the marathon: solve VDOT(distance, t) = vdot_value (Daniels & Gilbert 1979);
    beyond it: the ultra ratio model on the marathon equivalent.

    Raises:
        InputError: for a non-positive VDOT or distance.
    """
    if not (math.isfinite(vdot_value) and vdot_value > 0):
        raise InputError(f"VDOT must be positive, got {vdot_value!r}")
    if not (math.isfinite(distance_m) and distance_m > 0):
        raise InputError(f"distance must be a positive number of metres, got {distance_m!r}")
    if distance_m > MARATHON_M:
        marathon = _equivalent_vdot_time(vdot_value, MARATHON_M)
        return ultra_time(marathon, distance_m, ratio_100k=ratio_100k)
    return _equivalent_vdot_time(vdot_value, distance_m)


def riegel_time(
    distance_m: float, time_s: float, to_distance_m: float, *, exponent: float = RIEGEL_EXPONENT
) -> float:
    """Riegel (1981): ``T2 = T1 (D2/D1)^exponent``, seconds.

    Riegel fitted 1.06 to world records from about 3.5 to 230 minutes; beyond the
    marathon it is 9-10 % optimistic (see :func:`ultra_time`).
    """
    _check_performance(distance_m, time_s)
    _check_performance(to_distance_m, 1.0)
    if not (math.isfinite(exponent) and exponent > 0):
        raise InputError(f"Riegel exponent must be positive, got {exponent!r}")
    return float(time_s * (to_distance_m / distance_m) ** exponent)


def predict_time(
    distance_m: float,
    time_s: float,
    to_distance_m: float,
    *,
    model: RaceModel = RaceModel.VDOT,
    riegel_exponent: float = RIEGEL_EXPONENT,
    ratio_100k: float = DEFAULT_RATIO_100K,
) -> float:
    """Predict the time (s) for ``to_distance_m`` from one performance.

    Args:
        distance_m: distance of the known performance, metres.
        time_s: its time, seconds.
        to_distance_m: the distance to predict, metres.
        model: :attr:`RaceModel.VDOT` (Daniels-Gilbert, ultra ratio beyond the marathon;
            default) or :attr:`RaceModel.RIEGEL`.
        riegel_exponent: Riegel's exponent (1.06, or one fitted by :func:`fit_riegel`).
        ratio_100k: ultra ratio model parameter.
    """
    model = RaceModel(model)
    if model is RaceModel.VDOT:
        value = vdot(distance_m, time_s, ratio_100k=ratio_100k)
        return equivalent_time(value, to_distance_m, ratio_100k=ratio_100k)
    if model is RaceModel.RIEGEL:
        return riegel_time(distance_m, time_s, to_distance_m, exponent=riegel_exponent)
    assert_never(model)


@dataclass(frozen=True, slots=True)
class Equivalent:
    """One row of an equivalence table.

    Attributes:
        name: the distance's name ("5K", "marathon").
        distance_m: metres.
        time_s: equivalent time, seconds.
        speed_mps: average speed, m/s (pace = 1/speed, made in formatting).
    """

    name: str
    distance_m: float
    time_s: float

    @property
    def speed_mps(self) -> float:
        """Average speed in m/s."""
        return self.distance_m / self.time_s


def equivalents(
    vdot_value: float,
    distances_m: dict[str, float] | None = None,
    *,
    ratio_100k: float = DEFAULT_RATIO_100K,
) -> list[Equivalent]:
    """Equivalent times at standard (or given) distances for a VDOT.

    Args:
        vdot_value: the runner's VDOT.
        distances_m: name -> metres; :data:`STANDARD_DISTANCES_M` when None.
        ratio_100k: ultra ratio model parameter.
    """
    table = STANDARD_DISTANCES_M if distances_m is None else distances_m
    return [
        Equivalent(name, d, equivalent_time(vdot_value, d, ratio_100k=ratio_100k))
        for name, d in table.items()
    ]


@dataclass(frozen=True, slots=True)
class RiegelFit:
    """Riegel's law fitted to an athlete's results: ``T = coefficient x D^exponent``.

    Attributes:
        exponent: the fitted exponent (1.06 for Riegel's world records).
        coefficient_s: seconds for 1 m (the law's constant), so T = coefficient_s D^exponent.
        rms_log_error: root-mean-square residual of ln T (0 for two results).
        n: number of results used.
    """

    exponent: float
    coefficient_s: float
    rms_log_error: float
    n: int

    def time_s(self, distance_m: float) -> float:
        """Predicted time for a distance in metres."""
        return float(self.coefficient_s * distance_m**self.exponent)


def fit_riegel(results: Sequence[tuple[float, float]]) -> RiegelFit:
    """Fit Riegel's exponent to an athlete's own results by least squares on ln T vs ln D.

    Args:
        results: (distance_m, time_s) pairs; at least two different distances.

    Raises:
        NotEnoughDataError: with fewer than two distinct distances.
        InputError: for a non-positive distance or time.
    """
    for d, t in results:
        _check_performance(d, t)
    distances = np.log(np.array([d for d, _ in results], dtype=np.float64))
    times = np.log(np.array([t for _, t in results], dtype=np.float64))
    if len(results) < 2 or np.ptp(distances) == 0:
        raise NotEnoughDataError(
            "fitting Riegel's exponent needs results at two or more different distances"
        )
    slope, intercept = np.polyfit(distances, times, 1)
    residual = times - (intercept + slope * distances)
    return RiegelFit(
        exponent=float(slope),
        coefficient_s=float(math.exp(intercept)),
        rms_log_error=float(np.sqrt(np.mean(residual**2))),
        n=len(results),
    )
