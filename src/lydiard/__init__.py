"""lydiard: Lydiard-style training for endurance and ultra runners.

Plan periodised training toward a goal race, write sessions the way coaches write them,
log and analyse what was run, monitor the body, and adapt. The public API::

    import lydiard

    activity = lydiard.read_activity("run.fit")        # FIT, GPX, TCX, or gzip of them
    activity.splits(per="km")                          # and reps(), best_efforts(), ...
    session = lydiard.parse_workout("20 x 1km, 60 s jog")
    session.totals(paces=lydiard.training_paces(70).as_mapping())
    plan = lydiard.make_plan(...)                      # see lydiard.planning

Subpackages hold the rest: :mod:`lydiard.workouts`, :mod:`lydiard.analysis`,
:mod:`lydiard.physiology`, :mod:`lydiard.planning`, :mod:`lydiard.simulate`,
:mod:`lydiard.importers`, :mod:`lydiard.exporters`, :mod:`lydiard.store`.
"""

from __future__ import annotations

from lydiard import analysis, physiology, planning, workouts
from lydiard.analysis import analyse
from lydiard.errors import InputError, LydiardError
from lydiard.importers import read_activities, read_activity, read_bytes
from lydiard.model import Activity, Lap, Samples, Session, Sport
from lydiard.physiology import training_paces, vdot
from lydiard.planning import Race, make_plan
from lydiard.workouts import Workout, render

#: Parse workout prose ("3 Mile Warm Up / 12 x 400 Meter Repeats / ...") into a Workout.
parse_workout = workouts.parse

__version__ = "0.1.0"

__all__ = [
    "Activity",
    "InputError",
    "Lap",
    "LydiardError",
    "Race",
    "Samples",
    "Session",
    "Sport",
    "Workout",
    "__version__",
    "analyse",
    "analysis",
    "make_plan",
    "parse_workout",
    "physiology",
    "planning",
    "read_activities",
    "read_activity",
    "read_bytes",
    "render",
    "training_paces",
    "vdot",
    "workouts",
]
