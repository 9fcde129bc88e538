"""Build a periodised plan: phases, ramp, long runs, weeks, taper, guards.

:func:`build_plan` is pure: the start date (the clock) is an argument. Weeks are built one
at a time so every guard is checked on realised numbers:

* the weekly increase cap and recovery weeks (progression.py);
* the single-session spike guard: every run within ``1 + spike_limit`` of the longest run
  of the 30 days before it (pre-plan long run included; race day exempt);
* the fitness ramp-rate guard: when a week would raise fitness (CTL) by more than
  ``max_ramp_rate`` in 7 days, its volume is cut by 5 % steps until it does not (needs
  session loads, see :mod:`lydiard.planning.estimate`);
* the long run's share of the week, hard days apart, Bosquet's taper (week.py, taper.py).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from lydiard.planning.athlete import Athlete, doubles_now
from lydiard.planning.feasibility import _long_share, check_built, check_feasible
from lydiard.planning.guards import spike_reference
from lydiard.planning.options import PlanOptions
from lydiard.planning.periodise import Phase, phase_weeks, week_spans
from lydiard.planning.plan import Day, Plan, PlannedSession, SessionKind, Week
from lydiard.planning.progression import Ramp, WeekKind, peak_volume
from lydiard.planning.race import Race, race_demands
from lydiard.planning.taper import pre_taper_volume, taper_fractions
from lydiard.planning.week import WeekSpec, fill_week
from lydiard.units import METRES_PER_KM

__all__ = ["Estimator", "LoadGuard", "build_plan"]

#: Fills a session's ``duration_s`` and ``load`` (see :mod:`lydiard.planning.estimate`).
Estimator = Callable[[PlannedSession], PlannedSession]

#: Given daily loads so far and a candidate week's daily loads, the 7-day fitness rise.
LoadGuard = Callable[[list[float], list[float]], float]

# Climbing per week as a share of the race's climb per km times the week's running.
_CLIMB_SHARE = {
    Phase.AEROBIC: 0.5,
    Phase.HILLS: 0.9,
    Phase.ANAEROBIC: 0.7,
    Phase.COORDINATION: 1.0,
    Phase.FRESHEN: 0.5,
}


@dataclass(slots=True)
class _State:
    runs: list[tuple[date, float]]
    build_weeks_m: list[float] = field(default_factory=list)
    daily_loads: list[float] = field(default_factory=list)
    last_long_m: float = 0.0
    peak_long_m: float = 0.0
    prev_day_hard: bool = False
    climb_m: float = 0.0
    doubled: bool = False


def build_plan(
    athlete: Athlete,
    race: Race,
    start: date,
    options: PlanOptions | None = None,
    *,
    paces: Mapping[str, float] | None = None,
    vdot: float = math.nan,
    estimate: Estimator | None = None,
    load_guard: LoadGuard | None = None,
) -> Plan:
    """Build a Lydiard plan from ``start`` to race day.

    Args:
        athlete: who it is for.
        race: the goal race (its ``day`` ends the plan).
        start: the plan's first day (today, usually: the clock is an argument).
        options: ramp, guard and taper settings.
        paces: pace name -> speed (m/s) stored with the plan for exports.
        vdot: the VDOT the paces come from.
        estimate: fills each session's duration and load; without it they stay NaN and
            the ramp-rate guard is off.
        load_guard: the fitness ramp over a candidate week, from daily loads.

    Raises:
        PlanRequestError: when the request cannot be built safely (says what would work).
        InputError: for a race on or before the start.
    """
    options = options or PlanOptions()
    n = check_feasible(athlete, race, start, options)
    spans = week_spans(start, race.day)
    counts = phase_weeks(n, race, taper_weeks=options.taper_weeks)
    phases = [p for p in Phase for _ in range(counts[p])]
    peak = peak_volume(athlete, race, options)
    ramp = Ramp(options, peak, race.is_ultra, athlete.weekly_distance_m)
    state = _State(runs=[(start - timedelta(days=1), athlete.long_run_m)])
    state.last_long_m = athlete.long_run_m
    state.doubled = doubles_now(athlete)
    state.climb_m = (
        athlete.weekly_climb_m
        if math.isfinite(athlete.weekly_climb_m)
        else 10.0 * athlete.weekly_distance_m / METRES_PER_KM
    )
    taper_n = counts[Phase.FRESHEN]
    fractions = taper_fractions(taper_n, options.taper_reduction) if taper_n else ()
    weeks: list[Week] = []
    in_phase = 0
    for i, (first, last) in enumerate(spans):
        phase = phases[i]
        in_phase = in_phase + 1 if i and phases[i - 1] is phase else 0
        dates = tuple(first + timedelta(days=k) for k in range((last - first).days + 1))
        scale = len(dates) / 7
        if phase is Phase.FRESHEN:
            j = i - (n - taper_n)
            kind = WeekKind.RACE if i == n - 1 else WeekKind.TAPER
            pre = pre_taper_volume(state.build_weeks_m or [athlete.weekly_distance_m])
            target7 = fractions[j] * pre
        else:
            kind, target7 = ramp.next_week(
                phase, next_is_taper=i + 1 < n and phases[i + 1] is Phase.FRESHEN
            )
        week = _build_week(
            i,
            dates,
            phase,
            kind,
            target7,
            scale,
            in_phase,
            athlete,
            race,
            options,
            state,
            _taper_run_days(weeks) if phase is Phase.FRESHEN else 0,
            estimate,
            load_guard,
        )
        weeks.append(week)
        if phase is not Phase.FRESHEN and len(dates) == 7:  # a partial first week is a lead-in
            ramp.record(kind, week.training_run_m / scale)
            if kind is WeekKind.BUILD:
                state.build_weeks_m.append(week.training_run_m / scale)
    built = [w for w in weeks if w.phase is not Phase.FRESHEN]
    check_built(
        athlete,
        race,
        start,
        options,
        max((w.training_run_m * 7 / len(w.days) for w in built), default=0.0),
        max((w.longest_run_m for w in built), default=0.0),
    )
    notes = _plan_notes(athlete, race, options, peak, estimate is not None)
    return Plan(athlete, race, start, options, tuple(weeks), dict(paces or {}), vdot, peak, notes)


def _build_week(
    index: int,
    dates: tuple[date, ...],
    phase: Phase,
    kind: WeekKind,
    target7: float,
    scale: float,
    in_phase: int,
    athlete: Athlete,
    race: Race,
    options: PlanOptions,
    state: _State,
    run_days: int,
    estimate: Estimator | None,
    load_guard: LoadGuard | None,
) -> Week:
    reference = spike_reference(state.runs, dates[0], dates[-1])
    share_cap = _long_share(options, race, target7) * target7
    run_cap = reference * (1 + options.spike_limit) if reference > 0 else share_cap
    race_cap = race_demands(race.distance_m).long_run_cap_m
    if kind is WeekKind.BUILD:
        long_m = min(run_cap, share_cap, race_cap)
    elif kind is WeekKind.RECOVERY:
        long_m = min(run_cap, share_cap, race_cap, 0.75 * state.last_long_m)
    else:
        long_m = min(run_cap, share_cap, 0.6 * state.peak_long_m or share_cap)
    climb = 0.0
    if race.off_road and race.climb_per_km >= 5.0:
        wanted = _CLIMB_SHARE[phase] * race.climb_per_km * target7 / METRES_PER_KM
        climb = min(wanted, state.climb_m * (1 + options.climb_increase)) * scale
    taper_fraction = 0.5 if kind in (WeekKind.TAPER, WeekKind.RACE) else 1.0
    if kind in (WeekKind.TAPER, WeekKind.RACE):
        doubles = state.doubled
    else:
        doubles = target7 >= options.doubles_threshold_m
    notes: list[str] = []
    factor = 1.0
    while True:
        spec = WeekSpec(
            dates,
            phase,
            kind,
            target7 * scale * factor,
            long_m,
            run_cap,
            in_phase,
            state.prev_day_hard,
            climb * factor,
            taper_fraction,
            math.inf if kind is WeekKind.RACE else share_cap * scale * factor,
            doubles,
            run_days,
        )
        days, week_notes = fill_week(spec, athlete, race, options)
        if estimate is not None:
            days = tuple(Day(d.day, tuple(estimate(s) for s in d.sessions)) for d in days)
        # The taper only falls, and the race is exempt (as from the spike guard).
        guarded = kind in (WeekKind.BUILD, WeekKind.RECOVERY)
        if load_guard is None or estimate is None or not guarded or factor <= 0.55:
            break
        loads = [sum(s.load for s in d.sessions) for d in days]
        rise = load_guard(state.daily_loads, loads)
        if rise <= options.max_ramp_rate:
            break
        factor -= 0.05
        notes.append(f"volume cut to {factor:.0%}: fitness would rise {rise:.1f} points in a week")
    notes[:] = notes[-1:] + list(week_notes)
    week = Week(index, phase, kind, spec.target_m, days, tuple(notes))
    for d in days:
        for s in d.sessions:
            if s.is_run and s.kind is not SessionKind.RACE:
                state.runs.append((d.day, s.run_m))
    state.daily_loads += [sum(s.load for s in d.sessions) for d in days]
    long_today = max(
        (s.run_m for s in week.sessions if s.kind in (SessionKind.LONG, SessionKind.FAST_LONG)),
        default=0.0,
    )
    if long_today:
        state.last_long_m = long_today
        state.peak_long_m = max(state.peak_long_m, long_today)
    state.prev_day_hard = days[-1].hard
    if phase is not Phase.FRESHEN and len(dates) == 7:
        state.doubled = any(sum(s.is_run for s in d.sessions) > 1 for d in days)
    if climb:
        ramped = sum(s.climb_m for s in week.sessions if s.kind is not SessionKind.HILLS)
        state.climb_m = max(state.climb_m, ramped / scale)
    return week


def _taper_run_days(weeks: list[Week]) -> int:
    """Running days a taper week keeps: 80 % of the last three weeks before the taper.

    Mujika & Padilla 2003: keep training frequency at 80 % or more while volume falls.
    """
    before = [w for w in weeks if w.phase is not Phase.FRESHEN][-3:]
    if not before:
        return 0
    days = sum(sum(1 for d in w.days if d.run_m > 0) for w in before) / len(before)
    return math.floor(0.8 * days + 1e-9)


def _plan_notes(
    athlete: Athlete,
    race: Race,
    options: PlanOptions,
    peak: float,
    estimated: bool,
) -> tuple[str, ...]:
    notes = []
    if options.peak_m is None:
        if athlete.max_weekly_distance_m is not None and peak >= athlete.max_weekly_distance_m:
            notes.append("peak volume set by the athlete's stated maximum")
        elif peak >= athlete.weekly_distance_m * options.peak_factor - 1:
            notes.append(
                f"peak volume limited to {options.peak_factor:g} x the current weekly volume"
            )
        else:
            notes.append(f"peak volume at the ceiling worth running for a {race.name}")
    if not estimated:
        notes.append("durations and loads not estimated (no estimator): ramp-rate guard off")
    return tuple(notes)
