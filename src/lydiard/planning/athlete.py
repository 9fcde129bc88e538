"""The athlete a plan is built for: current training, fitness, days, limits, units.

Everything is SI: distances in metres, speeds in m/s. ``weekly_distance_m`` is the running
volume of a typical recent week and ``long_run_m`` the longest run of the last 30 days (the
reference of the single-session spike guard on the plan's first days).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum

from lydiard.errors import InputError
from lydiard.model.sport import Sport
from lydiard.units import METRES_PER_KM, METRES_PER_MILE, DistanceUnit

__all__ = [
    "ALL_DAYS",
    "ATHLETE_PRESETS",
    "CROSS_TRAINING_SPORTS",
    "Athlete",
    "RaceResult",
    "Weekday",
    "athlete_preset",
    "doubles_now",
]


class Weekday(IntEnum):
    """Days of the week as :meth:`datetime.date.weekday` numbers them (Monday 0)."""

    MON = 0
    TUE = 1
    WED = 2
    THU = 3
    FRI = 4
    SAT = 5
    SUN = 6

    @classmethod
    def parse(cls, text: str | int) -> Weekday:
        """Read "sun", "Sunday", "SU" or 6.

        Raises:
            InputError: for anything that is not a day.
        """
        if isinstance(text, int):
            if 0 <= text <= 6:
                return cls(text)
            raise InputError(f"weekday must be 0 (Monday) to 6 (Sunday), got {text}")
        key = text.strip().lower()[:3]
        for day in cls:
            if day.name.lower() == key or (len(key) == 2 and day.name.lower().startswith(key)):
                return day
        raise InputError(f"{text!r} is not a day of the week; use e.g. 'sun' or 'Sunday'")

    @property
    def label(self) -> str:
        """Short English name: "Mon"."""
        return self.name.capitalize()


ALL_DAYS: frozenset[Weekday] = frozenset(Weekday)

#: Sports a plan can prescribe on recovery days and as the PM half of a hybrid double.
CROSS_TRAINING_SPORTS: frozenset[Sport] = frozenset(
    {Sport.BIKE, Sport.NORDIC_SKI, Sport.SKI_ERG, Sport.ROW, Sport.SWIM}
)


def _finite_positive(name: str, value: float, *, allow_zero: bool = False) -> None:
    ok = math.isfinite(value) and (value >= 0 if allow_zero else value > 0)
    if not ok:
        bound = "zero or more" if allow_zero else "above zero"
        raise InputError(f"athlete {name} must be {bound}, got {value!r}")


@dataclass(frozen=True, slots=True)
class RaceResult:
    """A recent race or time trial, for the athlete's VDOT.

    Attributes:
        distance_m: race distance in metres.
        time_s: finishing time in seconds.
        day: when it was run, if known.
    """

    distance_m: float
    time_s: float
    day: date | None = None

    def __post_init__(self) -> None:
        if not (math.isfinite(self.distance_m) and self.distance_m > 0):
            raise InputError(f"race result distance must be above zero, got {self.distance_m!r}")
        if not (math.isfinite(self.time_s) and self.time_s > 0):
            raise InputError(f"race result time must be above zero, got {self.time_s!r}")


@dataclass(frozen=True, slots=True)
class Athlete:
    """What a plan needs to know about the runner.

    Attributes:
        weekly_distance_m: running volume of a typical recent week, metres.
        long_run_m: longest run of the last 30 days, metres.
        vdot: Daniels VDOT if known; else taken from ``races`` or ``threshold_speed_mps``.
        races: recent race results (the best VDOT among them is used).
        threshold_speed_mps: lactate-threshold (T) running speed, m/s.
        threshold_hr_bpm: lactate-threshold heart rate, bpm (for exports' HR targets).
        ftp_w: cycling functional threshold power, W (for tempo rides).
        days_available: weekdays the athlete can train; the others are rest days.
        doubles_per_week: how many days a week may hold two runs (0: never).
        cross_training: sports available for recovery days and hybrid doubles
            (bike, Nordic ski, ski erg...).
        max_weekly_distance_m: the most running the athlete will do in a week, metres;
            None lets the plan choose (at most ``peak_factor`` times the current volume).
        long_run_day: the weekday of the long run.
        units: km or mi: how distances are written in sessions and shown.
        weekly_climb_m: climbing of a typical recent week, metres (NaN when unknown).
        name: a label for exports.
    """

    weekly_distance_m: float
    long_run_m: float
    vdot: float | None = None
    races: tuple[RaceResult, ...] = ()
    threshold_speed_mps: float | None = None
    threshold_hr_bpm: float | None = None
    ftp_w: float | None = None
    days_available: frozenset[Weekday] = ALL_DAYS
    doubles_per_week: int = 0
    cross_training: frozenset[Sport] = field(default_factory=frozenset)
    max_weekly_distance_m: float | None = None
    long_run_day: Weekday = Weekday.SUN
    units: DistanceUnit = DistanceUnit.KM
    weekly_climb_m: float = math.nan
    name: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "days_available", frozenset(map(Weekday, self.days_available)))
        object.__setattr__(self, "cross_training", frozenset(map(Sport, self.cross_training)))
        object.__setattr__(self, "long_run_day", Weekday(self.long_run_day))
        object.__setattr__(self, "units", DistanceUnit(self.units))
        object.__setattr__(self, "races", tuple(self.races))
        _finite_positive("weekly_distance_m", self.weekly_distance_m, allow_zero=True)
        _finite_positive("long_run_m", self.long_run_m, allow_zero=True)
        if self.long_run_m > self.weekly_distance_m and self.weekly_distance_m > 0:
            raise InputError(
                f"athlete long_run_m ({self.long_run_m / 1000:.1f} km) is more than the weekly "
                f"volume ({self.weekly_distance_m / 1000:.1f} km); give the longest run of the "
                "last 30 days and a typical week's total"
            )
        if self.vdot is not None and not (math.isfinite(self.vdot) and 10 <= self.vdot <= 100):
            raise InputError(f"athlete vdot must be between 10 and 100, got {self.vdot!r}")
        for name in ("threshold_speed_mps", "threshold_hr_bpm", "ftp_w"):
            value = getattr(self, name)
            if value is not None:
                _finite_positive(name, value)
        if len(self.days_available) < 2:
            raise InputError(
                "athlete days_available must hold at least two days a week, got "
                f"{sorted(d.label for d in self.days_available)}"
            )
        if self.long_run_day not in self.days_available:
            raise InputError(
                f"athlete long_run_day {self.long_run_day.label} is not one of the days "
                f"available ({', '.join(d.label for d in sorted(self.days_available))})"
            )
        runs = len(self.days_available) + self.doubles_per_week
        if self.long_run_m < self.weekly_distance_m / runs - 1e-6:
            raise InputError(
                f"athlete long_run_m ({self.long_run_m / 1000:.1f} km) is shorter than an average"
                f" run of the week ({self.weekly_distance_m / 1000:.1f} km over {runs} runs); give"
                " the longest run of the last 30 days"
            )
        if not 0 <= self.doubles_per_week <= len(self.days_available):
            raise InputError(
                f"athlete doubles_per_week must be 0-{len(self.days_available)}, "
                f"got {self.doubles_per_week}"
            )
        unknown = self.cross_training - CROSS_TRAINING_SPORTS
        if unknown:
            names = ", ".join(sorted(s.value for s in unknown))
            allowed = ", ".join(sorted(s.value for s in CROSS_TRAINING_SPORTS))
            raise InputError(f"athlete cross_training: {names} not usable; choose from {allowed}")
        if self.max_weekly_distance_m is not None:
            _finite_positive("max_weekly_distance_m", self.max_weekly_distance_m)
        if not math.isnan(self.weekly_climb_m):
            _finite_positive("weekly_climb_m", self.weekly_climb_m, allow_zero=True)


def doubles_now(athlete: Athlete) -> bool:
    """Whether the athlete doubles now.

    True when their week does not fit one run a day at their longest run; a taper may
    then keep doubles (Bosquet's taper keeps frequency).
    """
    singles = len(athlete.days_available) * max(athlete.long_run_m, 1.0)
    return athlete.doubles_per_week > 0 and athlete.weekly_distance_m > singles


def _walmsley() -> Athlete:
    # The seed article: ~175 mi (just over 280 km) weeks, doubles, 50 km trail long runs,
    # long bike rides and Nordic skiing on recovery days, ski erg in hybrid doubles, and a
    # 3:48 1500 m. A block starts from a solid base rather than from scratch.
    return Athlete(
        weekly_distance_m=150 * METRES_PER_MILE,
        long_run_m=30 * METRES_PER_MILE,
        races=(RaceResult(1500.0, 228.0),),
        doubles_per_week=6,
        cross_training=frozenset({Sport.BIKE, Sport.NORDIC_SKI, Sport.SKI_ERG}),
        max_weekly_distance_m=175 * METRES_PER_MILE,
        units=DistanceUnit.MI,
        weekly_climb_m=4000.0,
        name="Walmsley-style block",
    )


def _forty() -> Athlete:
    return Athlete(
        weekly_distance_m=40 * METRES_PER_KM,
        long_run_m=14 * METRES_PER_KM,
        vdot=42.0,
        days_available=frozenset({Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.SAT, Weekday.SUN}),
        name="40 km a week",
    )


#: Named athletes for demos and tests: "walmsley" (a 175 mi/280 km block) and "forty".
ATHLETE_PRESETS = {"walmsley": _walmsley, "forty": _forty}


def athlete_preset(name: str) -> Athlete:
    """Return a named athlete ("walmsley", "forty").

    Raises:
        InputError: for an unknown name (the message lists the known ones).
    """
    key = name.strip().lower()
    if key not in ATHLETE_PRESETS:
        raise InputError(
            f"unknown athlete preset {name!r}; known: {', '.join(sorted(ATHLETE_PRESETS))}"
        )
    return ATHLETE_PRESETS[key]()
