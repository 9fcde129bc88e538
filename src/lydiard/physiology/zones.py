"""Heart-rate and pace zones: Friel (% of LTHR, % of threshold pace), % HRmax, Karvonen.

* Friel, running, % of lactate-threshold HR: Z1 < 85, Z2 85-89, Z3 90-94, Z4 95-99,
  Z5a 100-102, Z5b 103-106, Z5c > 106. Cycling: Z1 < 81, Z2 81-89, Z3 90-93, Z4 94-99,
  Z5a 100-102, Z5b 103-106, Z5c > 106 (Friel, *The Triathlete's Training Bible*; his
  "Quick guide to setting zones"). Whole percentages, so a zone reaches up to the next
  zone's first percent (Z2 = 85 % to under 90 %).
* Friel, running pace, % of threshold pace (time per km, so larger = slower): Z1 > 129,
  Z2 114-129, Z3 106-113, Z4 101-105, Z5a 97-100, Z5b 90-96, Z5c < 90.
* % HRmax: 50-60, 60-70, 70-80, 80-90, 90-100 (the zones of Edwards' TRIMP, 1993).
* Karvonen (1957): HRrest + p x (HRmax - HRrest), same five fractions of heart-rate reserve.

Bounds are bpm or m/s; an open end is 0 or infinity.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import assert_never

from lydiard.errors import InputError

__all__ = [
    "HrZoneMethod",
    "Zone",
    "ZoneSport",
    "friel_hr_zones",
    "friel_pace_zones",
    "hr_zones",
    "karvonen",
    "karvonen_zones",
    "percent_max_zones",
    "zone_of",
]

_FRIEL_RUN_EDGES = (0.85, 0.90, 0.95, 1.00, 1.03, 1.07)
_FRIEL_BIKE_EDGES = (0.81, 0.90, 0.94, 1.00, 1.03, 1.07)
_FRIEL_NAMES = ("Z1", "Z2", "Z3", "Z4", "Z5a", "Z5b", "Z5c")
# Pace as % of threshold pace (time per distance): the slowest pace of Z2..Z5c.
_FRIEL_PACE_EDGES = (1.29, 1.13, 1.05, 1.00, 0.96, 0.90)
_FIVE_FRACTIONS = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


class ZoneSport(StrEnum):
    """Which of Friel's heart-rate tables to use."""

    RUN = "run"
    BIKE = "bike"


class HrZoneMethod(StrEnum):
    """How heart-rate zones are set."""

    FRIEL = "friel"  # % of LTHR (default)
    PERCENT_MAX = "percent_max"  # % of HRmax
    KARVONEN = "karvonen"  # % of heart-rate reserve


@dataclass(frozen=True, slots=True)
class Zone:
    """One zone: a name and its bounds (bpm, or m/s for pace zones).

    Attributes:
        name: "Z1", "Z5a".
        low: lower bound (included); 0 when open.
        high: upper bound (excluded); infinity when open.
    """

    name: str
    low: float
    high: float

    def contains(self, value: float) -> bool:
        """True when ``low <= value < high``."""
        return self.low <= value < self.high


def _positive(name: str, value: float) -> None:
    if not (math.isfinite(value) and value > 0):
        raise InputError(f"{name} must be a positive number, got {value!r}")


def _zones_from_edges(names: Sequence[str], edges: Sequence[float]) -> tuple[Zone, ...]:
    bounds = [0.0, *edges, math.inf]
    return tuple(Zone(n, bounds[i], bounds[i + 1]) for i, n in enumerate(names))


def friel_hr_zones(lthr_bpm: float, sport: ZoneSport | str = ZoneSport.RUN) -> tuple[Zone, ...]:
    """Friel's seven heart-rate zones from the lactate-threshold heart rate.

    Args:
        lthr_bpm: lactate-threshold heart rate, bpm.
        sport: "run" or "bike" (Friel's two tables).
    """
    _positive("LTHR", lthr_bpm)
    sport = ZoneSport(sport)
    edges = _FRIEL_RUN_EDGES if sport is ZoneSport.RUN else _FRIEL_BIKE_EDGES
    return _zones_from_edges(_FRIEL_NAMES, [lthr_bpm * e for e in edges])


def percent_max_zones(hr_max_bpm: float) -> tuple[Zone, ...]:
    """Five zones at 50-60-70-80-90-100 % of HRmax (Z1 starts at 50 %)."""
    _positive("HRmax", hr_max_bpm)
    bounds = [hr_max_bpm * f for f in _FIVE_FRACTIONS]
    return tuple(
        Zone(f"Z{i + 1}", bounds[i], bounds[i + 1] if i < 4 else math.inf) for i in range(5)
    )


def karvonen(hr_rest_bpm: float, hr_max_bpm: float, fraction: float) -> float:
    """Karvonen's target heart rate: HRrest + fraction x (HRmax - HRrest), bpm."""
    _check_rest_max(hr_rest_bpm, hr_max_bpm)
    return hr_rest_bpm + fraction * (hr_max_bpm - hr_rest_bpm)


def _check_rest_max(hr_rest_bpm: float, hr_max_bpm: float) -> None:
    _positive("resting HR", hr_rest_bpm)
    _positive("HRmax", hr_max_bpm)
    if hr_max_bpm <= hr_rest_bpm:
        raise InputError(f"HRmax ({hr_max_bpm:g}) must be above resting HR ({hr_rest_bpm:g})")


def karvonen_zones(hr_rest_bpm: float, hr_max_bpm: float) -> tuple[Zone, ...]:
    """Five zones at 50-60-70-80-90-100 % of heart-rate reserve (Karvonen 1957)."""
    _check_rest_max(hr_rest_bpm, hr_max_bpm)
    bounds = [karvonen(hr_rest_bpm, hr_max_bpm, f) for f in _FIVE_FRACTIONS]
    return tuple(
        Zone(f"Z{i + 1}", bounds[i], bounds[i + 1] if i < 4 else math.inf) for i in range(5)
    )


def hr_zones(
    method: HrZoneMethod | str = HrZoneMethod.FRIEL,
    *,
    lthr_bpm: float | None = None,
    hr_max_bpm: float | None = None,
    hr_rest_bpm: float | None = None,
    sport: ZoneSport | str = ZoneSport.RUN,
) -> tuple[Zone, ...]:
    """Heart-rate zones by a named method, checking the inputs it needs.

    Raises:
        InputError: when the method's inputs are missing.
    """
    method = HrZoneMethod(method)
    if method is HrZoneMethod.FRIEL:
        if lthr_bpm is None:
            raise InputError("Friel zones need the lactate-threshold heart rate (LTHR)")
        return friel_hr_zones(lthr_bpm, sport)
    if method is HrZoneMethod.PERCENT_MAX:
        if hr_max_bpm is None:
            raise InputError("%HRmax zones need HRmax")
        return percent_max_zones(hr_max_bpm)
    if method is HrZoneMethod.KARVONEN:
        if hr_max_bpm is None or hr_rest_bpm is None:
            raise InputError("Karvonen zones need resting HR and HRmax")
        return karvonen_zones(hr_rest_bpm, hr_max_bpm)
    assert_never(method)


def friel_pace_zones(threshold_speed_mps: float) -> tuple[Zone, ...]:
    """Friel's seven running pace zones from the threshold speed, as speed bounds (m/s).

    A pace p% of threshold pace is a speed of threshold / (p/100). Each zone starts at its
    slowest pace (Z2 at 129 %, Z3 113 %, Z4 105 %, Z5a 100 %, Z5b 96 %, Z5c 90 %).
    """
    _positive("threshold speed", threshold_speed_mps)
    speeds = [threshold_speed_mps / e for e in _FRIEL_PACE_EDGES]
    return _zones_from_edges(_FRIEL_NAMES, speeds)


def zone_of(value: float, zones: Sequence[Zone]) -> Zone | None:
    """The zone holding ``value``, or None when it lies below the first or is missing."""
    if not math.isfinite(value):
        return None
    for zone in zones:
        if zone.contains(value):
            return zone
    return None
