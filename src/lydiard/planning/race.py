"""The goal race: distance, climb, date, terrain; presets for well-known races.

A :class:`Race` is what a plan counts back from. :func:`race_demands` says what the race
asks of training (the least peak week and long run to start it safely, and the longest
long run worth doing); these are the project's conventions, documented in
docs/planning.md, not published thresholds.
"""

from __future__ import annotations

import bisect
import difflib
import math
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from lydiard.errors import InputError
from lydiard.units import METRES_PER_KM, METRES_PER_MILE

__all__ = [
    "RACE_PRESETS",
    "Race",
    "RaceDemands",
    "RacePreset",
    "Terrain",
    "race_demands",
    "race_preset",
]

MARATHON_M = 42195.0


class Terrain(StrEnum):
    """What the race is run on: it decides trail running, hills and climbing volume."""

    ROAD = "road"
    TRAIL = "trail"
    MOUNTAIN = "mountain"


@dataclass(frozen=True, slots=True)
class RacePreset:
    """A known race without its date.

    Attributes:
        name: the race's name.
        distance_m: distance, metres.
        climb_m: total ascent, metres.
        terrain: road, trail or mountain.
        aliases: other names it answers to (lower case).
        source: where the figures come from.
    """

    name: str
    distance_m: float
    climb_m: float
    terrain: Terrain
    aliases: tuple[str, ...] = ()
    source: str = ""


_PRESETS = (
    RacePreset(
        "Western States 100",
        100.2 * METRES_PER_MILE,
        5500.0,
        Terrain.TRAIL,
        ("western states", "wser", "ws100", "western states 100 mile"),
        "wser.org course description: 100.2 mi, ~18,000 ft (5,500 m) up, ~23,000 ft down",
    ),
    RacePreset(
        "UTMB",
        174_000.0,
        10_000.0,
        Terrain.MOUNTAIN,
        ("ultra-trail du mont-blanc", "ultra trail du mont blanc", "utmb 170"),
        "utmb.world: about 174 km and 10,000 m of ascent (varies by edition)",
    ),
    RacePreset(
        "JFK 50",
        50 * METRES_PER_MILE,
        600.0,
        Terrain.TRAIL,
        ("jfk 50 mile", "jfk50", "jfk"),
        "race course description: 1,172 ft climb in the first 5.5 mi, 13 mi of rolling "
        "Appalachian Trail, 26 mi of flat towpath, 8 mi of road; ~600 m in total (estimate)",
    ),
    RacePreset(
        "Road marathon",
        MARATHON_M,
        0.0,
        Terrain.ROAD,
        ("marathon", "road marathon", "42k", "42.2k"),
        "IAAF/World Athletics marathon distance",
    ),
    RacePreset(
        "50 km trail",
        50_000.0,
        2000.0,
        Terrain.TRAIL,
        ("50k", "50 km", "50k trail", "trail 50k", "50 km trail race"),
        "a typical trail 50 km (climb is a project default; pass the real figure)",
    ),
    RacePreset(
        "100 km",
        100_000.0,
        3000.0,
        Terrain.TRAIL,
        ("100k", "100 km trail", "100k trail"),
        "a typical trail 100 km (climb is a project default; pass the real figure)",
    ),
)

#: Presets by lower-case name and alias.
RACE_PRESETS: dict[str, RacePreset] = {}
for _preset in _PRESETS:
    RACE_PRESETS[_preset.name.lower()] = _preset
    for _alias in _preset.aliases:
        RACE_PRESETS[_alias] = _preset


def race_preset(name: str) -> RacePreset:
    """Return a preset by name or alias ("Western States 100", "wser", "UTMB", "JFK 50").

    Raises:
        InputError: for an unknown name, suggesting the closest known one.
    """
    key = " ".join(name.strip().lower().split())
    if key in RACE_PRESETS:
        return RACE_PRESETS[key]
    close = difflib.get_close_matches(key, list(RACE_PRESETS), n=1, cutoff=0.6)
    hint = f"; did you mean {RACE_PRESETS[close[0]].name!r}?" if close else ""
    known = ", ".join(p.name for p in _PRESETS)
    raise InputError(
        f"unknown race {name!r}{hint} Known presets: {known}; or give --distance and --climb"
    )


@dataclass(frozen=True, slots=True)
class Race:
    """The goal race.

    Attributes:
        name: a label.
        distance_m: distance, metres.
        day: race day (local date).
        climb_m: total ascent, metres.
        terrain: road, trail or mountain.
    """

    name: str
    distance_m: float
    day: date
    climb_m: float = 0.0
    terrain: Terrain = Terrain.ROAD

    def __post_init__(self) -> None:
        object.__setattr__(self, "terrain", Terrain(self.terrain))
        if not (math.isfinite(self.distance_m) and 1000.0 <= self.distance_m <= 500_000.0):
            raise InputError(
                f"race distance must be 1-500 km, got {self.distance_m / 1000:.3f} km"
                if math.isfinite(self.distance_m)
                else f"race distance must be a number of metres, got {self.distance_m!r}"
            )
        if not (math.isfinite(self.climb_m) and self.climb_m >= 0):
            raise InputError(f"race climb must be zero or more metres, got {self.climb_m!r}")

    @classmethod
    def from_preset(cls, name: str, day: date) -> Race:
        """The preset named ``name``, run on ``day``."""
        preset = race_preset(name)
        return cls(preset.name, preset.distance_m, day, preset.climb_m, preset.terrain)

    @property
    def is_ultra(self) -> bool:
        """Longer than a marathon."""
        return self.distance_m > MARATHON_M + 500.0

    @property
    def climb_per_km(self) -> float:
        """Ascent per kilometre of race, m/km."""
        return self.climb_m / (self.distance_m / METRES_PER_KM)

    @property
    def is_mountain(self) -> bool:
        """A race whose climbing shapes training: mountain terrain, or 25 m/km or more."""
        return self.terrain is Terrain.MOUNTAIN or self.climb_per_km >= 25.0

    @property
    def off_road(self) -> bool:
        """Trail or mountain: long runs go on trails."""
        return self.terrain is not Terrain.ROAD


@dataclass(frozen=True, slots=True)
class RaceDemands:
    """What a race asks of the training before it, in metres.

    Attributes:
        min_peak_week_m: the least peak weekly running volume to start it safely.
        min_long_run_m: the least longest run before it.
        long_run_cap_m: the longest long run worth planning for it.
    """

    min_peak_week_m: float
    min_long_run_m: float
    long_run_cap_m: float


# (race km, min peak week km, min long run km, long-run cap km). Interpolated linearly in
# race distance, flat beyond the ends. Project conventions: the floor a coach would accept
# for finishing (not racing) the distance, and caps after Lydiard (2 h+ runs, ~35 km for
# the marathon) and the seed (Walmsley's 50 km trail long runs for 100-milers).
_DEMANDS_KM = (
    (5.0, 25.0, 5.0, 22.0),
    (10.0, 30.0, 8.0, 24.0),
    (21.1, 35.0, 15.0, 28.0),
    (42.2, 50.0, 25.0, 35.0),
    (50.0, 55.0, 28.0, 40.0),
    (80.5, 65.0, 32.0, 45.0),
    (100.0, 70.0, 35.0, 50.0),
    (161.0, 80.0, 40.0, 50.0),
    (176.0, 85.0, 42.0, 50.0),
)


def race_demands(distance_m: float) -> RaceDemands:
    """The least peak week and long run a race of ``distance_m`` needs, and the long-run cap.

    Args:
        distance_m: race distance, metres.
    """
    km = distance_m / METRES_PER_KM
    xs = [row[0] for row in _DEMANDS_KM]
    i = bisect.bisect_left(xs, km)
    row: tuple[float, ...]
    if i == 0:
        row = _DEMANDS_KM[0][1:]
    elif i >= len(xs):
        row = _DEMANDS_KM[-1][1:]
    else:
        lo, hi = _DEMANDS_KM[i - 1], _DEMANDS_KM[i]
        t = (km - lo[0]) / (hi[0] - lo[0])
        row = tuple(a + t * (b - a) for a, b in zip(lo[1:], hi[1:], strict=True))
    peak, long_run, cap = (v * METRES_PER_KM for v in row)
    return RaceDemands(peak, long_run, cap)
