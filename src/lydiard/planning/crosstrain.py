"""Cross-training on recovery days, hybrid doubles, and the week's climbing.

Walmsley's recovery days carry long bike rides (30-60 miles) or Nordic skiing; his 2025
hybrid doubles are an AM 20-25 km trail run and a PM tempo ride or ski-erg session. The
recovery day (the day after the long run) is kept to one run and gets a ride or ski
scaled to the week (up to 4 h at 280 km); one easy day of a build week in the first three
phases becomes the hybrid double. Climbing goes on trail runs (see :func:`spread_climb`).
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import timedelta

from lydiard.model.sport import Sport
from lydiard.planning.amounts import quarter_hours, round_down
from lydiard.planning.athlete import Athlete
from lydiard.planning.layout import Layout, WeekSpec
from lydiard.planning.periodise import Phase
from lydiard.planning.plan import SessionKind, When
from lydiard.planning.progression import WeekKind
from lydiard.planning.sessions import cross_session, easy_run
from lydiard.units import METRES_PER_KM

__all__ = ["add_cross_training", "mark_cross_days", "spread_climb"]


def _tempo_sports(athlete: Athlete) -> list[Sport]:
    return sorted(athlete.cross_training & {Sport.BIKE, Sport.SKI_ERG}, key=lambda s: s.value)


def mark_cross_days(lay: Layout, spec: WeekSpec, athlete: Athlete) -> None:
    """Keep the recovery day to one run (a ride or ski joins it) and pick the hybrid day."""
    if not athlete.cross_training or spec.kind is WeekKind.RACE:
        return
    if lay.long_day is not None:
        after = lay.slots.get(lay.long_day + timedelta(days=1))
        if after is not None and after.day in lay.available and after.easy_ok:
            after.single_cap_m, after.role = math.inf, "recovery-cross"
    if not (
        _tempo_sports(athlete)
        and athlete.doubles_per_week > 0
        and spec.doubles
        and spec.kind is WeekKind.BUILD
        and spec.phase in (Phase.AEROBIC, Phase.HILLS, Phase.ANAEROBIC)
    ):
        return
    # Walmsley 2025: AM 20-25 km trail run, PM tempo ride or ski erg; on an easy day that
    # does not follow a hard one.
    for d in reversed(lay.available):
        slot = lay.slots[d]
        if (
            slot.easy_ok
            and not slot.sessions
            and not slot.role
            and not lay.hard_at(d - timedelta(days=1))
        ):
            slot.single_cap_m, slot.role = 25 * METRES_PER_KM, "hybrid"
            return


def add_cross_training(lay: Layout, spec: WeekSpec, athlete: Athlete) -> None:
    """Add the recovery-day ride or ski and the hybrid double's PM tempo piece."""
    sports = sorted(athlete.cross_training, key=lambda s: s.value)
    if not sports or spec.kind is WeekKind.RACE:
        return
    easy_sports = [s for s in sports if s is not Sport.SKI_ERG] or sports
    # Walmsley's recovery-day rides are 30-60 miles (2-4 h); scaled to the week's volume.
    hours = 4.0 * min(1.0, max(0.25, spec.target_m / (280 * METRES_PER_KM)))
    targets = [d for d in lay.available if lay.slots[d].role == "recovery-cross"]
    targets += [d for d in lay.available if not lay.slots[d].sessions and d not in targets]
    count = 3 if spec.kind is WeekKind.RECOVERY else 2
    for i, d in enumerate(targets[:count]):
        sport = easy_sports[(spec.week_in_phase + i) % len(easy_sports)]
        duration = quarter_hours(hours * 3600 * (1.0 if sport is Sport.BIKE else 0.6))
        slot = lay.slots[d]
        when = When.PM if slot.sessions else When.ANY
        slot.sessions.append(
            cross_session(d, sport, duration, when=when, reason="recovery-day cross-training")
        )
    hybrid = [d for d in lay.available if lay.slots[d].role == "hybrid"]
    tempo = _tempo_sports(athlete)
    for d in hybrid:
        slot = lay.slots[d]
        if len(slot.sessions) != 1 or slot.sessions[0].run_m < 15 * METRES_PER_KM:
            continue
        sport = tempo[spec.week_in_phase % len(tempo)]
        minutes = 60 if sport is Sport.BIKE else 40
        slot.sessions = [
            replace(
                easy_run(
                    d,
                    round_down(slot.sessions[0].run_m, athlete.units),
                    athlete.units,
                    sport=Sport.TRAIL_RUN,
                    when=When.AM,
                ),
                reason="hybrid double (AM)",
            ),
            cross_session(
                d, sport, minutes * 60.0, tempo=True, when=When.PM, reason="hybrid double (PM)"
            ),
        ]


def spread_climb(lay: Layout, spec: WeekSpec) -> None:
    """Spread the week's climbing over trail runs.

    Hill sessions keep their own, long runs weigh double, none steeper than 50 m per km on
    average (rounded down to 10 m).
    """
    left = spec.climb_m - sum(s.climb_m for slot in lay.slots.values() for s in slot.sessions)
    runs = [
        (slot, i)
        for slot in lay.slots.values()
        for i, s in enumerate(slot.sessions)
        if s.sport is Sport.TRAIL_RUN and s.kind not in (SessionKind.HILLS, SessionKind.RACE)
    ]
    weight = {
        (id(slot), i): slot.sessions[i].distance_m
        * (2.0 if slot.sessions[i].kind in (SessionKind.LONG, SessionKind.FAST_LONG) else 1.0)
        for slot, i in runs
    }
    total = sum(weight.values())
    if left <= 0 or total <= 0:
        return
    for slot, i in runs:
        s = slot.sessions[i]
        climb = min(left * weight[(id(slot), i)] / total, 0.05 * s.distance_m)
        slot.sessions[i] = replace(s, climb_m=float(10 * (climb // 10)))
