"""Weekly running volume: peak, ramp cycles, recovery weeks, caps.

The plan ramps in cycles of ``build_weeks`` build weeks and one recovery week at
``recovery_fraction`` of the build week before it. Every week's running volume is capped
at ``1 + max_weekly_increase`` times the latest build week (measured against the build week
a recovery week interrupts, not the recovery week itself, or every week after a recovery
week would read as a 30 % jump), and at a phase's share of the peak. The peak is scaled to
the athlete: the least of their stated maximum, ``peak_factor`` times their current
volume, and a ceiling for the race distance (Walmsley's ~280 km/175 mi for ultras).

Volumes here are targets; the week builder places sessions and may realise less (never
more). The ramp keeps realised volumes, so a short week never inflates the next.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from lydiard.planning.athlete import Athlete
from lydiard.planning.options import PlanOptions
from lydiard.planning.periodise import Phase
from lydiard.planning.race import Race
from lydiard.units import METRES_PER_KM

__all__ = [
    "PHASE_VOLUME",
    "Ramp",
    "WeekKind",
    "peak_volume",
    "volume_ceiling",
]


class WeekKind(StrEnum):
    """What a week is for."""

    BUILD = "build"
    RECOVERY = "recovery"
    TAPER = "taper"
    RACE = "race"


#: A phase's running volume as a share of the peak, (road, ultra). Lydiard keeps mileage
#: high through hills and eases it as anaerobic and sharpening work grows; ultras keep more
#: of their aerobic volume throughout.
PHASE_VOLUME: dict[Phase, tuple[float, float]] = {
    Phase.AEROBIC: (1.0, 1.0),
    Phase.HILLS: (0.95, 1.0),
    Phase.ANAEROBIC: (0.90, 0.95),
    Phase.COORDINATION: (0.85, 0.90),
    Phase.FRESHEN: (1.0, 1.0),  # the taper has its own rule (taper.py)
}

# Volume above which more running stops paying for a race distance (km): about Lydiard's
# 160 km for 5-10 km runners, more for the marathon, Walmsley's 175 mi for ultras.
_CEILING_KM = ((10.0, 160.0), (21.1, 180.0), (42.2, 220.0), (50.0, 290.0))


def volume_ceiling(race: Race) -> float:
    """The most weekly running worth planning for ``race``, metres."""
    km = race.distance_m / METRES_PER_KM
    for limit, ceiling in _CEILING_KM:
        if km <= limit:
            return ceiling * METRES_PER_KM
    return _CEILING_KM[-1][1] * METRES_PER_KM


def peak_volume(athlete: Athlete, race: Race, options: PlanOptions) -> float:
    """The plan's highest weekly running volume, metres, before the ramp's own limits.

    ``options.peak_m`` when given; else the least of the athlete's maximum (or
    ``peak_factor`` x current volume when they give none) and the race's ceiling, and
    never below the current volume.
    """
    if options.peak_m is not None:
        return options.peak_m
    personal = athlete.weekly_distance_m * options.peak_factor
    if athlete.max_weekly_distance_m is not None:
        personal = min(personal, athlete.max_weekly_distance_m)
    peak = min(personal, volume_ceiling(race))
    cap = athlete.max_weekly_distance_m or math.inf
    return max(peak, min(athlete.weekly_distance_m, cap))


@dataclass(slots=True)
class Ramp:
    """The state of the volume ramp as weeks are realised one by one.

    Attributes:
        options: the plan options.
        peak_m: the plan's peak weekly volume, metres.
        ultra: whether the race is an ultra (phase shares differ).
        last_build_m: the latest build week's realised volume (per 7 days), metres.
        builds_since_recovery: build weeks since the last recovery week.
    """

    options: PlanOptions
    peak_m: float
    ultra: bool
    last_build_m: float
    builds_since_recovery: int = 0

    def next_week(self, phase: Phase, *, next_is_taper: bool) -> tuple[WeekKind, float]:
        """The kind and running-volume target (per 7 days) of the coming week.

        Args:
            phase: the week's phase (not the freshen-up, which taper.py plans).
            next_is_taper: the week after is the taper (no recovery week just before it).
        """
        share = PHASE_VOLUME[phase][1 if self.ultra else 0]
        due = self.builds_since_recovery >= self.options.build_weeks
        if due and not next_is_taper:
            return WeekKind.RECOVERY, self.options.recovery_fraction * self.last_build_m
        ceiling = self.last_build_m * (1 + self.options.max_weekly_increase)
        return WeekKind.BUILD, min(share * self.peak_m, ceiling)

    def record(self, kind: WeekKind, realised_per_week_m: float) -> None:
        """Take note of a realised week (volume scaled to 7 days for a partial week)."""
        if kind is WeekKind.RECOVERY:
            self.builds_since_recovery = 0
        elif kind is WeekKind.BUILD:
            self.builds_since_recovery += 1
            self.last_build_m = realised_per_week_m
