"""The workout language: sessions written the way coaches write them.

``parse(text)`` reads coaching prose into a :class:`Workout`; ``render(workout)`` writes
its canonical text (``parse(render(w)) == w``); ``workout.totals(paces)`` adds up distance
and time, per intensity and per sport. See docs/workouts.md for the grammar by example.
"""

from __future__ import annotations

from lydiard.errors import WorkoutSyntaxError
from lydiard.workouts.ast import (
    PACE_NAMES,
    Distance,
    Effort,
    EffortWord,
    End,
    HeartRate,
    HrBelow,
    Intensity,
    Item,
    LapButton,
    LengthUnit,
    NamedPace,
    Pace,
    Placement,
    Power,
    Repeat,
    RepShare,
    Role,
    Rpe,
    Session,
    Sport,
    Step,
    Target,
    Time,
    When,
    Workout,
    Zone,
    iter_steps,
)
from lydiard.workouts.library import LIBRARY, named
from lydiard.workouts.parser import parse
from lydiard.workouts.render import render
from lydiard.workouts.totals import Bucket, Totals, totals

__all__ = [
    "LIBRARY",
    "PACE_NAMES",
    "Bucket",
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
    "Totals",
    "When",
    "Workout",
    "WorkoutSyntaxError",
    "Zone",
    "iter_steps",
    "named",
    "parse",
    "render",
    "totals",
]
