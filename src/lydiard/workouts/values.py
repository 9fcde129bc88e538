"""The values a step holds: its end (distance, time...) and its target (pace, zone...).

Ends: :class:`Distance` (as written, with its unit; a range has ``upper``), :class:`Time`
(seconds), :class:`LapButton`, :class:`HrBelow`, :class:`RepShare` (a share of the previous
rep's time). Targets: :class:`Pace`, :class:`NamedPace` (one of :data:`PACE_NAMES`),
:class:`HeartRate`, :class:`Zone`, :class:`Power`, :class:`Rpe`, :class:`Effort`.
Invariants are checked on construction; a violation raises
:class:`~lydiard.errors.InputError` naming the field and the value.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TypeAlias

from lydiard.errors import InputError
from lydiard.units import METRES_PER_KM, METRES_PER_MILE, METRES_PER_YARD, RACE_PACE_DISTANCES_M

__all__ = [
    "PACE_NAMES",
    "Distance",
    "Effort",
    "EffortWord",
    "End",
    "HeartRate",
    "HrBelow",
    "LapButton",
    "LengthUnit",
    "NamedPace",
    "Pace",
    "Power",
    "RepShare",
    "Rpe",
    "Target",
    "Time",
    "Zone",
    "check",
]

#: Canonical pace names, the keys of the ``paces`` mapping that totals take (values are
#: speeds in m/s): Daniels' training paces E, M, T, I, R, then race paces by race name.
PACE_NAMES: tuple[str, ...] = ("E", "M", "T", "I", "R", *RACE_PACE_DISTANCES_M)


class LengthUnit(StrEnum):
    """Units a distance is written in."""

    M = "m"
    KM = "km"
    MI = "mi"
    YD = "yd"

    @property
    def metres(self) -> float:
        """Length of one unit in metres."""
        return _UNIT_METRES[self]


_UNIT_METRES = {
    LengthUnit.M: 1.0,
    LengthUnit.KM: METRES_PER_KM,
    LengthUnit.MI: METRES_PER_MILE,
    LengthUnit.YD: METRES_PER_YARD,
}


class EffortWord(StrEnum):
    """Effort words coaches use instead of a pace; each maps to a Daniels pace for times."""

    EASY = "easy"
    MODERATE = "moderate"
    STEADY = "steady"
    TEMPO = "tempo"
    HARD = "hard"
    VERY_HARD = "very hard"
    MAX = "max"

    @property
    def pace_name(self) -> str:
        """The Daniels pace used for time estimates.

        Easy E, moderate and steady M, tempo T, hard I, very hard and max R.
        """
        return _EFFORT_PACE[self]


_EFFORT_PACE = {
    EffortWord.EASY: "E",
    EffortWord.MODERATE: "M",
    EffortWord.STEADY: "M",
    EffortWord.TEMPO: "T",
    EffortWord.HARD: "I",
    EffortWord.VERY_HARD: "R",
    EffortWord.MAX: "R",
}


def check(ok: bool, message: str) -> None:
    """Raise :class:`InputError` with ``message`` unless ``ok``."""
    if not ok:
        raise InputError(message)


def _positive(name: str, value: float) -> None:
    check(value == value and 0 < value < float("inf"), f"{name} must be above zero, got {value!r}")


def _range(name: str, low: float, high: float | None) -> None:
    _positive(name, low)
    if high is not None:
        _positive(f"{name} (upper)", high)
        check(high > low, f"{name} range must rise: {low!r}-{high!r}")


# --- ends ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Distance:
    """A distance as written: ``value`` (or ``value``-``upper``) in ``unit``."""

    value: float
    unit: LengthUnit = LengthUnit.M
    upper: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "unit", LengthUnit(self.unit))
        _range("distance", self.value, self.upper)

    @property
    def min_m(self) -> float:
        """Shortest distance in metres."""
        return self.value * self.unit.metres

    @property
    def max_m(self) -> float:
        """Longest distance in metres (the same as min_m without a range)."""
        return (self.upper if self.upper is not None else self.value) * self.unit.metres

    @property
    def metres(self) -> float:
        """The distance in metres (the middle of a range)."""
        return (self.min_m + self.max_m) / 2


@dataclass(frozen=True, slots=True)
class Time:
    """A duration in seconds, or a range of durations."""

    seconds: float
    upper: float | None = None

    def __post_init__(self) -> None:
        _range("time", self.seconds, self.upper)

    @property
    def min_s(self) -> float:
        """Shortest duration in seconds."""
        return self.seconds

    @property
    def max_s(self) -> float:
        """Longest duration in seconds."""
        return self.upper if self.upper is not None else self.seconds


@dataclass(frozen=True, slots=True)
class LapButton:
    """An open step: it ends when the athlete presses the lap button."""


@dataclass(frozen=True, slots=True)
class HrBelow:
    """A step that ends when heart rate falls below ``bpm``."""

    bpm: float

    def __post_init__(self) -> None:
        _positive("heart rate", self.bpm)


@dataclass(frozen=True, slots=True)
class RepShare:
    """A recovery as a share of the previous rep's time: 50-90 % is ``RepShare(50, 90)``."""

    percent: float
    upper: float | None = None

    def __post_init__(self) -> None:
        _range("share of rep time", self.percent, self.upper)


End: TypeAlias = Distance | Time | LapButton | HrBelow | RepShare

# --- targets ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pace:
    """An explicit pace, ``seconds`` per ``length`` ``unit``; a range runs to ``to``.

    ``length`` is 1 for a pace per km or mile ("3:27/km"); a rep time is a pace over the
    rep's own length: "400 m in 68 s" is 68 s per 400 m (``Pace(68, "m", length=400)``).
    """

    seconds: float
    unit: LengthUnit = LengthUnit.KM
    to: float | None = None
    length: float = 1.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "unit", LengthUnit(self.unit))
        _positive("pace", self.seconds)
        _positive("pace length", self.length)
        if self.to is not None:
            _positive("pace (range end)", self.to)
            check(self.to != self.seconds, f"pace range has equal ends: {self.seconds!r}")

    @property
    def speeds_mps(self) -> tuple[float, float]:
        """(slowest, fastest) speed in m/s."""
        metres = self.length * self.unit.metres
        a = metres / self.seconds
        b = metres / (self.to if self.to is not None else self.seconds)
        return (min(a, b), max(a, b))


@dataclass(frozen=True, slots=True)
class NamedPace:
    """A pace by name: Daniels E/M/T/I/R or a race pace ("5K", "marathon").

    Attributes:
        name: one of :data:`PACE_NAMES`.
        to: a second name for a range ("5K" to "10K").
        percent: a share of the named speed, 108 meaning 8 % faster (Marathon Excellence).
        percent_to: the other end of a range of shares.
        offset_s: seconds per ``offset_unit`` added to the pace (negative is faster).
        offset_unit: the unit of the offset.
    """

    name: str
    to: str | None = None
    percent: float | None = None
    percent_to: float | None = None
    offset_s: float = 0.0
    offset_unit: LengthUnit = LengthUnit.MI

    def __post_init__(self) -> None:
        # the unit of an offset means nothing without an offset
        unit = LengthUnit(self.offset_unit) if self.offset_s else LengthUnit.MI
        object.__setattr__(self, "offset_unit", unit)
        check(self.name in PACE_NAMES, f"unknown pace name {self.name!r}")
        check(self.to is None or self.to in PACE_NAMES, f"unknown pace name {self.to!r}")
        check(self.to != self.name, f"pace range from {self.name!r} to itself")
        if self.percent is not None:
            _range("percent", self.percent, self.percent_to)
        check(self.percent_to is None or self.percent is not None, "percent_to without percent")
        check(self.percent is None or self.to is None, "a percentage of a pace range")
        check(self.offset_s == self.offset_s, "offset must be a number")


@dataclass(frozen=True, slots=True)
class HeartRate:
    """A heart-rate target in bpm, or a range."""

    bpm: float
    upper: float | None = None

    def __post_init__(self) -> None:
        _range("heart rate", self.bpm, self.upper)


@dataclass(frozen=True, slots=True)
class Zone:
    """A training zone: ``Zone(2)`` is "Z2"; ``scale="R"`` is the Italian R0-R3 notation."""

    number: int
    upper: int | None = None
    scale: str = "Z"

    def __post_init__(self) -> None:
        check(self.scale in ("Z", "R"), f"zone scale must be 'Z' or 'R', got {self.scale!r}")
        lowest = 0 if self.scale == "R" else 1
        check(lowest <= self.number <= 7, f"zone must be {lowest}-7, got {self.number!r}")
        check(
            self.upper is None or self.number < self.upper <= 7,
            f"zone range must rise: {self.number}-{self.upper}",
        )


@dataclass(frozen=True, slots=True)
class Power:
    """A power target in watts, or a range."""

    watts: float
    upper: float | None = None

    def __post_init__(self) -> None:
        _range("power", self.watts, self.upper)


@dataclass(frozen=True, slots=True)
class Rpe:
    """A rating of perceived exertion (CR-10), or a range."""

    value: float
    upper: float | None = None

    def __post_init__(self) -> None:
        _range("RPE", self.value, self.upper)
        check((self.upper or self.value) <= 10, f"RPE is 1-10, got {self.value!r}")


@dataclass(frozen=True, slots=True)
class Effort:
    """An effort word: easy, moderate, steady, tempo, hard, very hard, max."""

    word: EffortWord

    def __post_init__(self) -> None:
        object.__setattr__(self, "word", EffortWord(self.word))


Target: TypeAlias = Pace | NamedPace | HeartRate | Zone | Power | Rpe | Effort
