"""Planned against done, week by week.

A planned key session counts as done when a run was done that day covering at least 70 %
of its planned distance (cross-training key sessions: any session of that sport). Volumes
are compared per sport; loads when both sides have them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from lydiard.model.sport import Sport
from lydiard.planning.done import DoneRecord, runs_by_day
from lydiard.planning.plan import Plan, Week

__all__ = ["KEY_DONE_SHARE", "WeekCompliance", "compliance"]

#: Share of a key run's planned distance that counts it as done.
KEY_DONE_SHARE = 0.7


@dataclass(frozen=True, slots=True)
class WeekCompliance:
    """One week's plan against what was done (up to ``through``).

    Attributes:
        index: the week's index in the plan.
        start: its first day.
        end: its last day.
        planned_run_m: running planned (to ``through``), metres.
        done_run_m: running done, metres.
        planned_sessions: sessions planned (to ``through``).
        done_sessions: sessions done.
        key_planned: key sessions planned (race excluded).
        key_done: key sessions done (see the module docstring).
        planned_load: planned load (NaN when not estimated).
        done_load: done load (NaN when any record lacks one).
        by_sport: sport -> (planned, done) duration in seconds (NaN parts skipped).
    """

    index: int
    start: date
    end: date
    planned_run_m: float
    done_run_m: float
    planned_sessions: int
    done_sessions: int
    key_planned: int
    key_done: int
    planned_load: float
    done_load: float
    by_sport: dict[Sport, tuple[float, float]] = field(default_factory=dict)

    @property
    def run_ratio(self) -> float:
        """Done over planned running (NaN when nothing was planned)."""
        return self.done_run_m / self.planned_run_m if self.planned_run_m > 0 else math.nan


def _sum(values: Sequence[float]) -> float:
    return float(sum(values)) if all(math.isfinite(v) for v in values) else math.nan


def _week(week: Week, done: Sequence[DoneRecord], through: date) -> WeekCompliance:
    days = [d for d in week.days if d.day <= through]
    planned = [s for d in days for s in d.sessions]
    mine = [r for r in done if week.start <= r.day <= min(week.end, through)]
    runs = runs_by_day(mine)
    keys = [s for s in planned if s.key and s.kind.value != "race"]
    key_done = 0
    for s in keys:
        if s.is_run:
            key_done += runs.get(s.day, 0.0) >= KEY_DONE_SHARE * s.run_m
        else:
            key_done += any(r.day == s.day and r.sport is s.sport for r in mine)
    by_sport: dict[Sport, tuple[float, float]] = {}
    for s in planned:
        p, q = by_sport.get(s.sport, (0.0, 0.0))
        by_sport[s.sport] = (p + (s.duration_s if math.isfinite(s.duration_s) else 0.0), q)
    for r in mine:
        p, q = by_sport.get(r.sport, (0.0, 0.0))
        by_sport[r.sport] = (p, q + (r.duration_s if math.isfinite(r.duration_s) else 0.0))
    return WeekCompliance(
        index=week.index,
        start=week.start,
        end=week.end,
        planned_run_m=float(sum(s.run_m for s in planned)),
        done_run_m=float(sum(runs.values())),
        planned_sessions=len(planned),
        done_sessions=len(mine),
        key_planned=len(keys),
        key_done=key_done,
        planned_load=_sum([s.load for s in planned]),
        done_load=_sum([r.load for r in mine]) if mine else math.nan,
        by_sport=by_sport,
    )


def compliance(plan: Plan, done: Sequence[DoneRecord], through: date) -> list[WeekCompliance]:
    """Planned against done for every week that has started by ``through``.

    Args:
        plan: the plan.
        done: what was done.
        through: the last day to count (usually yesterday or today).
    """
    return [_week(w, done, through) for w in plan.weeks if w.start <= through]
