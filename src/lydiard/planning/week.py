"""Filling one week: the long run, hard days, easy days, doubles and cross-training.

The week is laid out around the long run (offset 0): quality sessions prefer offsets +2
and +4, so hard days are never back to back (:mod:`~lydiard.planning.layout`); in the
taper the key session is placed first (intensity is what a taper keeps) and the long run
takes what volume is left. Aerobic and hill weeks add a medium-long run. The rest is easy
running (:mod:`~lydiard.planning.easy`: weights, caps, doubles), then cross-training on
the recovery day, the hybrid double and the climbing (:mod:`~lydiard.planning.crosstrain`).

Phase by phase: aerobic weeks hold a steady run at M pace (Lydiard's three-quarter effort
run); hill weeks one or two hill sessions (long hills for ultras); anaerobic weeks the
seed's repetitions (ultras: one, with long hills); co-ordination the seed's 200 m and 400 m
sessions, with a marathon-pace run for the marathon and back-to-back long runs for ultras;
fast long runs (last third at race pace) in co-ordination, and every other hill and
anaerobic week for ultras. Runs are rounded down, so a week never exceeds its target.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, timedelta

from lydiard.model.sport import Sport
from lydiard.planning.amounts import fine_step, round_down
from lydiard.planning.athlete import Athlete
from lydiard.planning.crosstrain import add_cross_training, mark_cross_days, spread_climb
from lydiard.planning.easy import fill_easy_days
from lydiard.planning.keysessions import (
    ANAEROBIC_SESSIONS,
    SHARPENING_SESSIONS,
    ULTRA_ANAEROBIC,
    KeySession,
    hill_session,
    key_session,
)
from lydiard.planning.layout import MIN_RUN_M, Layout, WeekSpec, taper_min_run
from lydiard.planning.options import PlanOptions
from lydiard.planning.periodise import Phase
from lydiard.planning.plan import Day, PlannedSession, SessionKind, When
from lydiard.planning.progression import WeekKind
from lydiard.planning.race import Race
from lydiard.planning.sessions import (
    back_to_back,
    easy_run,
    fast_long_run,
    long_run,
    race_day,
    race_pace_run,
    steady_run,
)
from lydiard.units import METRES_PER_KM, DistanceUnit

__all__ = ["WeekSpec", "fill_week"]

_QUALITY_TWO_M = 45 * METRES_PER_KM  # below this, one quality session a week


def _sport(race: Race, kind: SessionKind) -> Sport:
    if race.off_road and kind in (
        SessionKind.LONG,
        SessionKind.FAST_LONG,
        SessionKind.BACK_TO_BACK,
        SessionKind.MEDIUM_LONG,
        SessionKind.HILLS,
        SessionKind.RACE_PACE,
    ):
        return Sport.TRAIL_RUN
    return Sport.RUN


#: Makes a quality session: (day, longest it may be, easy running to add around it).
_Maker = Callable[[date, float, float], PlannedSession]


def _fallback(spec: WeekSpec, units: DistanceUnit) -> _Maker | None:
    """The lightest key session, kept in the taper when the planned one does not fit."""
    if spec.kind not in (WeekKind.TAPER, WeekKind.RACE):
        return None
    short = SHARPENING_SESSIONS[0]
    return lambda d, lim, extra: key_session(
        short,
        d,
        spec.target_m,
        units,
        kind=SessionKind.SHARPENING,
        fraction=0.5,
        limit_m=lim,
        extra_m=extra,
    )


def _quality(spec: WeekSpec, race: Race, units: DistanceUnit) -> list[tuple[int, _Maker]]:
    """Quality sessions of the week as (preferred offset, maker)."""
    ultra, phase, week_m, n = race.is_ultra, spec.phase, spec.target_m, spec.week_in_phase
    two = week_m >= _QUALITY_TWO_M and spec.kind is WeekKind.BUILD
    out: list[tuple[int, _Maker]] = []
    frac = spec.taper_fraction if spec.kind in (WeekKind.TAPER, WeekKind.RACE) else 1.0
    if spec.kind is WeekKind.RECOVERY:
        frac = 0.6
    trail = Sport.TRAIL_RUN if race.off_road else Sport.RUN

    def keyed(pool: Sequence[KeySession], kind: SessionKind, i: int) -> _Maker:
        s = pool[i % len(pool)]
        return lambda d, lim, extra: key_session(
            s, d, week_m, units, kind=kind, fraction=frac, limit_m=lim, extra_m=extra
        )

    def anaerobic(i: int) -> _Maker:
        pool = ULTRA_ANAEROBIC if ultra else ANAEROBIC_SESSIONS
        return keyed(pool, SessionKind.ANAEROBIC, i)

    def sharpen(i: int) -> _Maker:
        return keyed(SHARPENING_SESSIONS, SessionKind.SHARPENING, i)

    def hills(long_hills: bool) -> _Maker:
        return lambda d, lim, _: hill_session(
            d, week_m, units, long_hills=long_hills, fraction=frac, sport=trail, limit_m=lim
        )

    if spec.kind is WeekKind.RACE:
        return [(-4, sharpen(0))]
    if spec.kind is WeekKind.TAPER:
        return [(2, anaerobic(n) if ultra else sharpen(n))]
    if phase is Phase.AEROBIC:
        if spec.kind is WeekKind.RECOVERY:
            return []
        out.append((2, lambda d, lim, _: steady_run(d, week_m, units, sport=trail, limit_m=lim)))
    elif phase is Phase.HILLS:
        out.append((2, hills(ultra and race.is_mountain)))
        if two:
            out.append((4, hills(ultra or n % 2 == 1)))
    elif phase is Phase.ANAEROBIC:
        out.append((2, anaerobic(n)))
        if two:
            out.append((4, hills(True) if ultra else anaerobic(n + 2)))
    elif phase is Phase.COORDINATION:
        out.append((2, sharpen(n)))
        if two and not ultra and race.distance_m >= 40_000:
            out.append(
                (
                    4,
                    lambda d, lim, _: race_pace_run(
                        d, week_m, units, sport=trail, pace="marathon", limit_m=lim
                    ),
                )
            )
        elif two and not ultra:
            out.append((4, sharpen(n + 1)))
    return out


def _fast_long(spec: WeekSpec, race: Race) -> bool:
    """Fast long runs: ultras in hills/anaerobic on alternate weeks; everyone's coordination."""
    if spec.kind is not WeekKind.BUILD:
        return False
    if spec.phase is Phase.COORDINATION:
        return race.distance_m >= 40_000
    return (
        race.is_ultra
        and spec.phase in (Phase.HILLS, Phase.ANAEROBIC)
        and spec.week_in_phase % 2 == 1
    )


def _fast_pace(race: Race) -> str:
    if race.distance_m <= 25_000:
        return "HM"
    if race.distance_m <= 45_000:
        return "marathon"
    return "50K"


def _place_long(
    lay: Layout,
    spec: WeekSpec,
    race: Race,
    units: DistanceUnit,
    budget: float,
    race_on: date | None,
    reserve: float = 0.0,
) -> tuple[float, float]:
    """The long run (a fast one, or a back-to-back pair); returns (budget left, its length).

    ``reserve`` metres of the budget stay for other runs (the taper's frequency).
    """
    if lay.long_day is None or race_on is not None or not lay.free(lay.long_day):
        return budget, 0.0
    wanted = min(spec.long_m, spec.run_cap_m, 0.5 * spec.target_m, budget - reserve)
    length = round_down(wanted, units, step=fine_step(wanted, units))
    if length < MIN_RUN_M:
        return budget, 0.0
    sport = _sport(race, SessionKind.LONG)
    day = lay.long_day
    if _fast_long(spec, race) and lay.can_be_hard(day):
        session = fast_long_run(day, length, units, sport=sport, pace=_fast_pace(race))
    else:
        session = long_run(day, length, units, sport=sport)
    lay.slots[day].sessions.append(session)
    lay.slots[day].easy_ok = False
    budget -= session.distance_m
    second = day + timedelta(days=1)
    b2b = race.is_ultra and spec.phase is Phase.COORDINATION and spec.kind is WeekKind.BUILD
    if b2b and lay.free(second):
        size = round_down(min(0.6 * length, budget * 0.5), units, step=fine_step(length, units))
        if size >= MIN_RUN_M:
            pair = back_to_back(second, size, units, sport=sport)
            lay.slots[second].sessions.append(pair)
            lay.slots[second].easy_ok = False
            budget -= pair.distance_m
    nxt = lay.slots.get(second)
    if nxt is not None and nxt.easy_ok:
        nxt.easy_weight = 0.6
    return budget, length


def _place_quality(
    lay: Layout,
    spec: WeekSpec,
    race: Race,
    units: DistanceUnit,
    budget: float,
    longest: float,
    notes: list[str],
    placed: list[tuple[date, _Maker, float, float]],
    reserve: float = 0.0,
) -> float:
    """Quality sessions on days with no hard neighbour; returns the budget left.

    Each session placed is noted in ``placed`` as (day, maker, the limit it was made
    with, the most it may be), so the taper can lengthen it (:func:`_carry_to_key`). In
    the taper, ``reserve`` metres are kept for the other runs the week needs (frequency):
    the key session shrinks to leave them, down to the lightest one, which is kept even
    when they then do not all fit.
    """
    for offset, make in _quality(spec, race, units):
        if race.day in lay.slots:
            lay.anchor = race.day
        day = lay.pick(offset, hard=True)
        if day is None:
            notes.append("a quality session did not fit the days available")
            continue
        # No quality session longer than the week's long run (when there is one).
        limit = min(budget, spec.run_cap_m, spec.share_cap_m, longest or spec.run_cap_m)
        room = max(0.0, limit - reserve)
        session = make(day, room, 0.0)
        fallback = _fallback(spec, units)
        if session.distance_m > room + 1e-6 and fallback is not None:
            make = fallback
            session = make(day, room, 0.0)
        if session.distance_m > limit + 1e-6:
            notes.append(f"{session.title} left out: it would pass the week's volume")
            continue
        lay.slots[day].sessions.append(session)
        lay.slots[day].easy_ok = False
        placed.append((day, make, room, limit))
        budget -= session.distance_m
        for side in (-1, 1):
            near = lay.slots.get(day + timedelta(days=side))
            if near is not None and near.easy_ok:
                near.easy_weight = min(near.easy_weight, 0.8)
    return budget


def _carry_to_key(
    lay: Layout,
    spec: WeekSpec,
    placed: list[tuple[date, _Maker, float, float]],
    single_m: float,
) -> None:
    """In the taper, give the volume the free days could not hold to the key sessions.

    Bosquet's taper cuts volume by a set share, keeping frequency and intensity; when the
    free days are too few for the rest under the per-run caps (two or three days a week, a
    race day taking one), the key session's warm-up and cool-down lengthen with easy
    running, each session at most ``single_m`` and its own limit.
    """
    left = spec.target_m - sum(
        s.run_m
        for slot in lay.slots.values()
        for s in slot.sessions
        if s.kind is not SessionKind.RACE
    )
    for day, make, made_with, limit in placed:
        sessions = lay.slots[day].sessions
        i = next((k for k, s in enumerate(sessions) if s.key), None)
        if i is None:
            continue
        old = sessions[i]
        extra = min(left, min(limit, single_m) - old.distance_m)
        if extra < 100.0:
            continue
        new = make(day, made_with, extra)
        sessions[i] = new
        left -= new.distance_m - old.distance_m


def fill_week(
    spec: WeekSpec,
    athlete: Athlete,
    race: Race,
    options: PlanOptions,
) -> tuple[tuple[Day, ...], tuple[str, ...]]:
    """Place the week's sessions.

    Args:
        spec: what the planner asks of the week.
        athlete: the athlete (days, doubles, cross-training, units).
        race: the goal race (its day ends the race week).
        options: the plan options.

    Returns:
        The week's days and notes on what bound it.
    """
    units = athlete.units
    notes: list[str] = []
    race_on = race.day if race.day in spec.dates else None
    lay = Layout(spec, athlete, race_on)
    budget = spec.target_m

    if race_on is not None:
        lay.slots[race_on].sessions.append(
            race_day(
                race_on,
                race.name,
                race.distance_m,
                race.climb_m,
                _sport(race, SessionKind.LONG),
                units,
            )
        )
        lay.slots[race_on].easy_ok = False
        eve = race_on - timedelta(days=1)
        if eve in lay.slots:
            lay.slots[eve].easy_weight = 0.3

    # 1-2. The long run and the quality sessions; in the taper the key session comes first
    # (intensity is what a taper keeps) and the long run takes what volume is left.
    longest = 0.0
    placed: list[tuple[date, _Maker, float, float]] = []
    if spec.kind in (WeekKind.TAPER, WeekKind.RACE):
        # Frequency is kept (Mujika & Padilla 2003): room for the week's other runs at the
        # shortest taper run, besides the race and the key session.
        others = max(0, spec.run_days - (race_on is not None) - 1)
        shortest = taper_min_run(units)
        budget = _place_quality(
            lay, spec, race, units, budget, 0.0, notes, placed, others * shortest
        )
        budget, longest = _place_long(
            lay, spec, race, units, budget, race_on, max(0, others - 1) * shortest
        )
    else:
        budget, longest = _place_long(lay, spec, race, units, budget, race_on)
        budget = _place_quality(lay, spec, race, units, budget, longest, notes, placed)

    # 3. Medium-long run in aerobic and hill weeks (Lydiard's mid-week long aerobic run).
    # Easy runs stay shorter than the long run, except in the taper (its long run shrinks).
    tapering = spec.kind in (WeekKind.TAPER, WeekKind.RACE)
    run_cap = min(spec.run_cap_m, spec.share_cap_m if tapering else longest or spec.long_m)
    if (
        spec.phase in (Phase.AEROBIC, Phase.HILLS)
        and spec.kind is WeekKind.BUILD
        and longest > 0
        and spec.target_m >= 50 * METRES_PER_KM
    ):
        day = lay.pick(3, hard=False)
        size = round_down(min(0.7 * longest, 0.35 * budget), units)
        if day is not None and size >= MIN_RUN_M:
            ml = easy_run(
                day,
                size,
                units,
                sport=_sport(race, SessionKind.MEDIUM_LONG),
                kind=SessionKind.MEDIUM_LONG,
            )
            lay.slots[day].sessions.append(ml)
            lay.slots[day].easy_ok = False
            budget -= ml.distance_m

    # 4. Easy running over the remaining days (and PM doubles on big weeks), with the
    # recovery day and the hybrid day kept to one run.
    mark_cross_days(lay, spec, athlete)
    fill_easy_days(lay, spec, athlete, race, options, max(0.0, budget), run_cap, notes)
    if tapering:
        _carry_to_key(lay, spec, placed, min(options.single_run_cap_m, run_cap))

    # 5. Cross-training on recovery days; 6. climbing on trail runs.
    add_cross_training(lay, spec, athlete)
    spread_climb(lay, spec)

    days = tuple(_label_day(d, lay.slots[d].sessions) for d in spec.dates)
    return days, tuple(notes)


def _label_day(day: date, sessions: list[PlannedSession]) -> Day:
    """Order a day's sessions AM first and label a day of two or more as AM and PM."""
    ordered = sorted(sessions, key=lambda s: (s.when is When.PM, s.when is When.ANY))
    if len(ordered) > 1:
        ordered = [
            s if s.when is not When.ANY else replace(s, when=When.AM if i == 0 else When.PM)
            for i, s in enumerate(ordered)
        ]
    return Day(day, tuple(ordered))
