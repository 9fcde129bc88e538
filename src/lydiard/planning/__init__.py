"""Planning: Lydiard periodised plans toward a goal race, and their adaptation.

:func:`make_plan` is the front door: it resolves the athlete's paces (physiology), builds
the plan week by week under every guard, and estimates each session's duration and load.
The pieces: :mod:`~lydiard.planning.athlete` and :mod:`~lydiard.planning.race` (inputs
and presets), :mod:`~lydiard.planning.periodise` (phases counted back from the race),
:mod:`~lydiard.planning.progression` (ramp and recovery cycles), :mod:`~lydiard.planning.week`
and :mod:`~lydiard.planning.sessions` (filling weeks with sessions in the workout language),
:mod:`~lydiard.planning.taper` (Bosquet 2007), :mod:`~lydiard.planning.invariants` (every
rule, checked), :mod:`~lydiard.planning.adapt` and :mod:`~lydiard.planning.compliance`
(what was done), :mod:`~lydiard.planning.serial` (JSON). See docs/planning.md.
"""

from __future__ import annotations

from datetime import date

from lydiard.planning.adapt import Adaptation, Change, Rule, Status, adapt
from lydiard.planning.athlete import Athlete, RaceResult, Weekday, athlete_preset
from lydiard.planning.compliance import WeekCompliance, compliance
from lydiard.planning.done import DoneRecord
from lydiard.planning.estimate import SessionEstimator, easy_daily_load
from lydiard.planning.guards import RampGuard, athlete_paces
from lydiard.planning.invariants import Violation, check_plan
from lydiard.planning.options import PlanOptions
from lydiard.planning.periodise import Phase
from lydiard.planning.plan import Day, Plan, PlannedSession, SessionKind, Week, When
from lydiard.planning.planner import build_plan
from lydiard.planning.progression import WeekKind
from lydiard.planning.race import RACE_PRESETS, Race, Terrain, race_preset
from lydiard.planning.serial import plan_from_dict, plan_to_dict

__all__ = [
    "RACE_PRESETS",
    "Adaptation",
    "Athlete",
    "Change",
    "Day",
    "DoneRecord",
    "Phase",
    "Plan",
    "PlanOptions",
    "PlannedSession",
    "Race",
    "RaceResult",
    "RampGuard",
    "Rule",
    "SessionEstimator",
    "SessionKind",
    "Status",
    "Terrain",
    "Violation",
    "Week",
    "WeekCompliance",
    "WeekKind",
    "Weekday",
    "When",
    "adapt",
    "athlete_paces",
    "athlete_preset",
    "build_plan",
    "check_plan",
    "compliance",
    "make_plan",
    "plan_from_dict",
    "plan_to_dict",
    "race_preset",
]


def make_plan(
    athlete: Athlete, race: Race, start: date, options: PlanOptions | None = None
) -> Plan:
    """Build a plan with the athlete's paces, estimated durations and loads, all guards on.

    Args:
        athlete: who it is for.
        race: the goal race.
        start: the first day (the clock is an argument).
        options: ramp, guard and taper settings.

    Raises:
        PlanRequestError: when it cannot be built safely (the message says what would work).
    """
    from dataclasses import replace

    paces = athlete_paces(athlete)
    guard = RampGuard(easy_daily_load(athlete.weekly_distance_m, paces.paces))
    plan = build_plan(
        athlete,
        race,
        start,
        options,
        paces=paces.paces,
        vdot=paces.vdot,
        estimate=SessionEstimator(paces.paces, paces.vdot),
        load_guard=guard,
    )
    if paces.source == "assumed":
        note = (
            f"paces assumed from VDOT {paces.vdot:g}: give a recent race, a VDOT or a "
            "threshold pace for your own"
        )
        plan = replace(plan, notes=(*plan.notes, note))
    return plan
