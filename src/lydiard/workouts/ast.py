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

from lydiard.model.sport import Sport
from lydiard.workouts.values import (
    PACE_NAMES,
    Distance,
    Effort,
    EffortWord,
    End,
    HeartRate,
    HrBelow,
    LapButton,
    LengthUnit,
    NamedPace,
    Pace,
    Power,
    RepShare,
    Rpe,
    Target,
    Time,
    Zone,
    check,
)

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


# --- structure ----------------------------------------------------------------------------


def _check_note(note: str) -> None:
    bad = [c for c in note if c in '"\n\r']
    check(not bad, f"note may not contain quotes or line breaks: {note!r}")
    check(note == " ".join(note.split()), f"note has stray spaces: {note!r}")


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
        check(
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
        check(bool(items), "a repeat needs something to repeat")
        check(isinstance(self.count, int) and self.count >= 1, f"count must be >= 1: {self.count}")
        check(
            self.count_max is None or self.count_max > self.count,
            f"count range must rise: {self.count}-{self.count_max}",
        )
        check(
            (self.last == 0) == (self.last_target is None),
            "last and last_target go together",
        )
        check(0 <= self.last <= self.count, f"last {self.last} exceeds count {self.count}")
        check(
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
        check(bool(self.items), "a session needs at least one step")

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
        check(bool(self.sessions), "a workout needs at least one session")
        check(
            len(self.sessions) == 1 or all(s.when is not When.ANY for s in self.sessions),
            "each session of a double needs a time of day (AM or PM)",
        )
        check(
            self.title == " ".join(self.title.split()) and '"' not in self.title,
            f"title may not contain quotes, line breaks or stray spaces: {self.title!r}",
        )
        for note in self.notes:
            _check_note(note)
            check(note != "", "a workout note may not be empty")

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
