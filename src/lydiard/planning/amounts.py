"""Distances as sessions write them: rounding steps, warm-ups, and workout-language text.

Runs are rounded down (never up: a cap stays a cap) to whole km or half miles, finer for
short runs so a 10 % rise is not lost to rounding. Text is written the way the workout
language reads it ("12 km", "7.5 Mile", "T pace", "50K race pace").
"""

from __future__ import annotations

import math

from lydiard.units import METRES_PER_KM, METRES_PER_MILE, DistanceUnit

__all__ = [
    "SEED_VOLUME_M",
    "UNIT_WORD",
    "fine_step",
    "fit_parts",
    "half_unit",
    "pace_words",
    "quarter_hours",
    "round_down",
    "unit_step",
    "warm_up_length",
    "write_distance",
    "write_number",
]

#: The weekly volume (metres) from which the seed's warm-ups and cool-downs apply in full.
SEED_VOLUME_M = 130 * METRES_PER_KM
#: How a unit is written in session text.
UNIT_WORD = {DistanceUnit.KM: "km", DistanceUnit.MI: "Mile"}


def unit_step(units: DistanceUnit) -> float:
    """The usual rounding step: a whole km or half a mile, metres."""
    return METRES_PER_KM if units is DistanceUnit.KM else 0.5 * METRES_PER_MILE


def round_down(metres: float, units: DistanceUnit, *, step: float | None = None) -> float:
    """Round a distance down to whole km or half miles (never up: caps stay caps)."""
    size = step if step is not None else unit_step(units)
    return math.floor(metres / size + 1e-9) * size


#: Cross-training is written in whole quarter hours, at least half an hour (seconds).
QUARTER_HOUR_S = 900.0
SHORTEST_CROSS_S = 1800.0


def quarter_hours(seconds: float) -> float:
    """A duration as a coach writes one: down to whole quarter hours, at least 30 min (s)."""
    whole = math.floor(seconds / QUARTER_HOUR_S + 1e-9) * QUARTER_HOUR_S
    return max(SHORTEST_CROSS_S, whole)


def write_distance(metres: float, units: DistanceUnit) -> str:
    """A distance as the workout language reads it: "12 km", "7.5 Mile", "800 Meter"."""
    if units is DistanceUnit.MI:
        value = metres / METRES_PER_MILE
        return f"{write_number(value)} Mile"
    return f"{write_number(metres / METRES_PER_KM)} km"


def write_number(value: float) -> str:
    """A number with at most two decimals and no trailing zeros: 7.5, 12, 4.25."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def fine_step(metres: float, units: DistanceUnit) -> float:
    """The rounding step for a run of about ``metres``.

    Whole km or half miles from 20 km, 0.5 km or a quarter mile from 10 km, a tenth below
    (so a 10 % rise of a short long run is not lost to rounding).
    """
    if metres >= 20 * METRES_PER_KM:
        return unit_step(units)
    if metres >= 10 * METRES_PER_KM:
        return 500.0 if units is DistanceUnit.KM else 0.25 * METRES_PER_MILE
    return 100.0 if units is DistanceUnit.KM else 0.1 * METRES_PER_MILE


def half_unit(units: DistanceUnit) -> float:
    """Half a km or half a mile, metres."""
    return 0.5 * (METRES_PER_KM if units is DistanceUnit.KM else METRES_PER_MILE)


def warm_up_length(miles: float, week_m: float, units: DistanceUnit) -> float:
    """A warm-up of the seed's ``miles`` scaled to the week (full from 130 km), metres.

    At least 1 km, rounded down to half units, never below half a unit.
    """
    scale = min(1.0, week_m / SEED_VOLUME_M)
    metres = max(1000.0, miles * METRES_PER_MILE * scale)
    return max(half_unit(units), round_down(metres, units, step=half_unit(units)))


def fit_parts(
    parts: list[float], limit_m: float, units: DistanceUnit, floors: list[float]
) -> list[float]:
    """Shorten parts (warm-up, cool-down) by half units, longest first, to fit a limit.

    No part goes below its floor; the result may still exceed ``limit_m``.
    """
    parts = list(parts)
    step = half_unit(units)
    while sum(parts) > limit_m + 1e-6:
        i = max(range(len(parts)), key=lambda k: parts[k] - floors[k])
        if parts[i] - step < floors[i] - 1e-6:
            break
        parts[i] -= step
    return parts


def pace_words(pace: str) -> str:
    """How a named pace is written: "T pace", "marathon pace", "50K race pace"."""
    if pace in ("E", "M", "T", "I", "R"):
        return f"{pace} pace"
    if pace == "marathon":
        return "marathon pace"
    return f"{pace} race pace"
