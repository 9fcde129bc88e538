"""The workout model: steps, repeats, sessions and days as frozen values.

A :class:`Workout` is one or more :class:`Session` objects (a double day has an AM and a PM
session); a session is a sequence of items, each a :class:`Step` or a :class:`Repeat`, and
repeats nest. A step has a role, a sport, an end (distance, time, lap button, "until HR
below N", or a share of the previous rep's time), an optional target and a note.

Quantities keep the unit they were written in (``Distance(3, "mi")``), so a plan written in
miles renders back in miles; :attr:`Distance.metres` gives SI. Everything is built from
Python with sensible defaults::

    Workout.of(
        Step(Role.WARMUP, Distance(3, "mi")),
        Repeat.of(8, Step(end=Distance(200)), between=Step(Role.RECOVERY, Distance(400))),
        Step(Role.COOLDOWN, Distance(2, "mi")),
    )
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, TypeAlias

from lydiard.errors import InputError
from lydiard.model.sport import Sport
from lydiard.units import METRES_PER_KM, METRES_PER_MILE, METRES_PER_YARD

if TYPE_CHECKING:
    from lydiard.workouts.totals import Totals

__all__ = [
    "PACE_NAMES",
    "Distance",
    "Effort",
    "EffortWord",
    "End",
    "HeartRate",
    "HrBelow",
    "Intensity",
    "Item",
    "LapButton",
    "LengthUnit",
    "NamedPace",
    "Pace",
    "Placement",
    "Power",
    "RepShare",
    "Repeat",
    "Role",
    "Rpe",
    "Session",
    "Sport",
    "Step",
    "Target",
    "Time",
    "When",
    "Workout",
    "Zone",
]

#: Canonical pace names, the keys of the ``paces`` mapping that totals take (values are
#: speeds in m/s): Daniels' training paces E, M, T, I, R, then race paces by race name.
PACE_NAMES: tuple[str, ...] = (
    "E",
    "M",
    "T",
    "I",
    "R",
    "1500",
    "mile",
    "3K",
    "5K",
    "10K",
    "15K",
    "HM",
    "marathon",
    "50K",
    "100K",
)


class Role(StrEnum):
    """What a step is for."""

    WARMUP = "warmup"
    WORK = "work"
    RECOVERY = "recovery"
    REST = "rest"
    COOLDOWN = "cooldown"
    EASY = "easy"
    STEADY = "steady"
    LONG = "long"
    TEMPO = "tempo"
    STRIDES = "strides"
    HILL = "hill"


class Intensity(StrEnum):
    """How hard a step is, in Daniels' terms, for totals per intensity."""

    REST = "rest"
    EASY = "easy"
    STEADY = "steady"
    THRESHOLD = "threshold"
    INTERVAL = "interval"
    REPETITION = "repetition"


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


class When(StrEnum):
    """Time of day of a session; ``ANY`` when a day has one session."""

    ANY = ""
    AM = "AM"
    PM = "PM"


class Placement(StrEnum):
    """Where the parts inside a step (``Step.inner``) fall within it."""

    WITHIN = "within"
    START = "start"
    MIDDLE = "middle"
    END = "end"


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


def _check(ok: bool, message: str) -> None:
    if not ok:
        raise InputError(message)


def _positive(name: str, value: float) -> None:
    _check(value == value and 0 < value < float("inf"), f"{name} must be above zero, got {value!r}")


def _range(name: str, low: float, high: float | None) -> None:
    _positive(name, low)
    if high is not None:
        _positive(f"{name} (upper)", high)
        _check(high > low, f"{name} range must rise: {low!r}-{high!r}")


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
    """An explicit pace, ``seconds`` per ``unit``; a range runs from ``seconds`` to ``to``."""

    seconds: float
    unit: LengthUnit = LengthUnit.KM
    to: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "unit", LengthUnit(self.unit))
        _positive("pace", self.seconds)
        if self.to is not None:
            _positive("pace (range end)", self.to)
            _check(self.to != self.seconds, f"pace range has equal ends: {self.seconds!r}")

    @property
    def speeds_mps(self) -> tuple[float, float]:
        """(slowest, fastest) speed in m/s."""
        a = self.unit.metres / self.seconds
        b = self.unit.metres / (self.to if self.to is not None else self.seconds)
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
        _check(self.name in PACE_NAMES, f"unknown pace name {self.name!r}")
        _check(self.to is None or self.to in PACE_NAMES, f"unknown pace name {self.to!r}")
        _check(self.to != self.name, f"pace range from {self.name!r} to itself")
        if self.percent is not None:
            _range("percent", self.percent, self.percent_to)
        _check(self.percent_to is None or self.percent is not None, "percent_to without percent")
        _check(self.percent is None or self.to is None, "a percentage of a pace range")
        _check(self.offset_s == self.offset_s, "offset must be a number")


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
        _check(self.scale in ("Z", "R"), f"zone scale must be 'Z' or 'R', got {self.scale!r}")
        lowest = 0 if self.scale == "R" else 1
        _check(lowest <= self.number <= 7, f"zone must be {lowest}-7, got {self.number!r}")
        _check(
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
        _check((self.upper or self.value) <= 10, f"RPE is 1-10, got {self.value!r}")


@dataclass(frozen=True, slots=True)
class Effort:
    """An effort word: easy, moderate, steady, tempo, hard, very hard, max."""

    word: EffortWord

    def __post_init__(self) -> None:
        object.__setattr__(self, "word", EffortWord(self.word))


Target: TypeAlias = Pace | NamedPace | HeartRate | Zone | Power | Rpe | Effort

# --- structure ----------------------------------------------------------------------------


def _check_note(note: str) -> None:
    bad = [c for c in note if c in '"\n\r']
    _check(not bad, f"note may not contain quotes or line breaks: {note!r}")
    _check(note == " ".join(note.split()), f"note has stray spaces: {note!r}")


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a workout.

    Attributes:
        role: what the step is for.
        end: when it ends; an open (lap button) step by default.
        target: how hard, or None.
        sport: the sport (running by default).
        note: free text for the athlete.
        inner: parts run inside this step ("8 mi with 10 x 100 m strides"): the step's end
            is the whole, and the rest is run at the step's own target.
        placement: where ``inner`` falls.
    """

    role: Role = Role.WORK
    end: End = field(default_factory=LapButton)
    target: Target | None = None
    sport: Sport = Sport.RUN
    note: str = ""
    inner: tuple[Item, ...] = ()
    placement: Placement = Placement.WITHIN

    def __post_init__(self) -> None:
        object.__setattr__(self, "role", Role(self.role))
        object.__setattr__(self, "sport", Sport(self.sport))
        object.__setattr__(self, "inner", tuple(self.inner))
        # where parts fall means nothing without parts
        placement = Placement(self.placement) if self.inner else Placement.WITHIN
        object.__setattr__(self, "placement", placement)
        _check_note(self.note)
        _check(
            not self.inner or isinstance(self.end, Distance | Time),
            "a step with parts inside needs a distance or time",
        )


@dataclass(frozen=True, slots=True)
class Repeat:
    """``count`` repetitions of ``items``; ``between`` falls between them (count - 1 times).

    Attributes:
        count: repetitions (the lower end of a range such as "6-8 x").
        items: what is repeated (steps or repeats).
        count_max: the upper end of a range of repetitions.
        between: a recovery between repetitions, not after the last.
        last: how many of the final repetitions run at ``last_target`` (a progression).
        last_target: the target of those final repetitions.
    """

    count: int
    items: tuple[Item, ...]
    count_max: int | None = None
    between: Step | None = None
    last: int = 0
    last_target: Target | None = None

    def __post_init__(self) -> None:
        items = tuple(self.items)
        object.__setattr__(self, "items", items)
        _check(bool(items), "a repeat needs something to repeat")
        _check(isinstance(self.count, int) and self.count >= 1, f"count must be >= 1: {self.count}")
        _check(
            self.count_max is None or self.count_max > self.count,
            f"count range must rise: {self.count}-{self.count_max}",
        )
        _check(
            (self.last == 0) == (self.last_target is None),
            "last and last_target go together",
        )
        _check(0 <= self.last <= self.count, f"last {self.last} exceeds count {self.count}")
        _check(
            self.between is None or not self.between.inner,
            "a recovery between reps cannot hold parts of its own",
        )

    @classmethod
    def of(
        cls,
        count: int,
        *items: Item,
        between: Step | None = None,
        count_max: int | None = None,
    ) -> Repeat:
        """``Repeat.of(8, Step(end=Distance(200)), between=...)``: items as arguments."""
        return cls(count, items, count_max=count_max, between=between)


Item: TypeAlias = Step | Repeat


@dataclass(frozen=True, slots=True)
class Session:
    """One outing: a sequence of steps and repeats, at a time of day."""

    items: tuple[Item, ...]
    when: When = When.ANY

    def __post_init__(self) -> None:
        object.__setattr__(self, "items", tuple(self.items))
        object.__setattr__(self, "when", When(self.when))
        _check(bool(self.items), "a session needs at least one step")

    @property
    def sport(self) -> Sport:
        """The sport of the session's first step (a FIT workout has one sport)."""
        return next(iter_steps(self.items)).sport


@dataclass(frozen=True, slots=True)
class Workout:
    """A day's training: one session, or several (a double).

    Attributes:
        sessions: the sessions, in order.
        title: a name such as "Lactate threshold" or "Zone 3 Ladder".
        notes: free-text lines for the athlete ("Stretch.").
    """

    sessions: tuple[Session, ...]
    title: str = ""
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "sessions", tuple(self.sessions))
        object.__setattr__(self, "notes", tuple(self.notes))
        _check(bool(self.sessions), "a workout needs at least one session")
        _check(
            len(self.sessions) == 1 or all(s.when is not When.ANY for s in self.sessions),
            "each session of a double needs a time of day (AM or PM)",
        )
        _check(
            self.title == " ".join(self.title.split()) and '"' not in self.title,
            f"title may not contain quotes, line breaks or stray spaces: {self.title!r}",
        )
        for note in self.notes:
            _check_note(note)
            _check(note != "", "a workout note may not be empty")

    @classmethod
    def of(cls, *items: Item, title: str = "", notes: tuple[str, ...] = ()) -> Workout:
        """A one-session workout from its items."""
        return cls((Session(items),), title=title, notes=notes)

    @property
    def items(self) -> tuple[Item, ...]:
        """The items of every session, in order."""
        return tuple(item for session in self.sessions for item in session.items)

    def totals(self, paces: Mapping[str, float] | None = None) -> Totals:
        """Distance, time and intensity totals; see :func:`lydiard.workouts.totals.totals`."""
        from lydiard.workouts.totals import totals

        return totals(self, paces)


def iter_steps(items: tuple[Item, ...]) -> Iterator[Step]:
    """Every step in ``items`` once, depth first (between-steps and inner parts included)."""
    for item in items:
        if isinstance(item, Step):
            yield item
            yield from iter_steps(item.inner)
        else:
            yield from iter_steps(item.items)
            if item.between is not None:
                yield item.between
