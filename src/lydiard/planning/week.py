"""Filling one week: the long run, hard days, easy days, doubles and cross-training.

The week is laid out around the long run (offset 0): quality sessions prefer offsets +2
and +4, so hard days are never back to back (the day before the week, given as
``prev_day_hard``, counts too); the day after the long run is a recovery day, where
cross-training goes when the athlete has any. The rest of the volume is spread over easy
days with weights (recovery day 0.6, the day before the long run 0.8, others 1), each run
capped; once the week passes ``doubles_threshold_m`` and the athlete allows doubles, days
over ``single_run_cap_m`` split into an AM and a PM run, and one easy day may become a
hybrid double (AM trail run of 20-25 km, PM tempo ride or ski erg: Walmsley 2025).

Runs are rounded down to whole km or half miles, so a week never exceeds its target.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from lydiard.model.sport import Sport
from lydiard.planning.athlete import Athlete
from lydiard.planning.options import PlanOptions
from lydiard.planning.periodise import Phase
from lydiard.planning.plan import Day, PlannedSession, SessionKind, When
from lydiard.planning.progression import WeekKind
from lydiard.planning.race import Race
from lydiard.planning.sessions import (
    ANAEROBIC_SESSIONS,
    SHARPENING_SESSIONS,
    ULTRA_ANAEROBIC,
    back_to_back,
    cross_session,
    easy_run,
    fast_long_run,
    fine_step,
    hill_session,
    key_session,
    long_run,
    race_day,
    race_pace_run,
    round_down,
    steady_run,
)
from lydiard.units import METRES_PER_KM, DistanceUnit

__all__ = ["WeekSpec", "fill_week"]

_MIN_RUN_M = 4 * METRES_PER_KM
_QUALITY_TWO_M = 45 * METRES_PER_KM  # below this, one quality session a week


@dataclass(frozen=True, slots=True)
class WeekSpec:
    """What the planner asks of one week.

    Attributes:
        dates: the week's days, in order.
        phase: its phase.
        kind: build, recovery, taper or race week.
        target_m: running-volume target for these days, metres.
        long_m: the long run wanted (already within the spike, share and race caps), metres.
        run_cap_m: the longest any run may be (spike guard), metres.
        week_in_phase: 0-based position in its phase (rotates key sessions).
        prev_day_hard: the day before the week held a hard session.
        climb_m: climbing to place, metres.
        taper_fraction: share of key-session reps kept (1 outside the taper).
        share_cap_m: the longest a single run may be as a share of the week, metres.
        doubles: whether days may hold two runs (past the threshold; in the taper, when
            the weeks before had doubles: Bosquet's taper keeps frequency).
    """

    dates: tuple[date, ...]
    phase: Phase
    kind: WeekKind
    target_m: float
    long_m: float
    run_cap_m: float
    week_in_phase: int
    prev_day_hard: bool = False
    climb_m: float = 0.0
    taper_fraction: float = 1.0
    share_cap_m: float = math.inf
    doubles: bool = False


@dataclass(slots=True)
class _Slot:
    day: date
    sessions: list[PlannedSession]
    easy_weight: float = 1.0
    easy_ok: bool = True
    single_cap_m: float | None = None  # one run only, at most this long (cross/hybrid days)
    role: str = ""  # "recovery-cross" or "hybrid"

    @property
    def hard(self) -> bool:
        return any(s.hard for s in self.sessions)


class _Layout:
    """Days of one week with the hard-day rule enforced as sessions are placed."""

    def __init__(self, spec: WeekSpec, athlete: Athlete, race_on: date | None) -> None:
        self.spec = spec
        self.slots = {d: _Slot(d, []) for d in spec.dates}
        self.available = [
            d for d in spec.dates if d.weekday() in athlete.days_available or d == race_on
        ]
        long_days = [d for d in self.available if d.weekday() == athlete.long_run_day]
        self.long_day = long_days[0] if long_days else None
        self.anchor = self.long_day or spec.dates[0]

    def hard_at(self, day: date) -> bool:
        if day == self.spec.dates[0] - timedelta(days=1):
            return self.spec.prev_day_hard
        slot = self.slots.get(day)
        return slot is not None and slot.hard

    def can_be_hard(self, day: date) -> bool:
        one = timedelta(days=1)
        return not (self.hard_at(day - one) or self.hard_at(day + one))

    def free(self, day: date) -> bool:
        return day in self.available and not self.slots[day].sessions

    def pick(self, offset: int, *, hard: bool) -> date | None:
        """The free day whose weekday is nearest that of ``anchor + offset``.

        Counted round the week: a Sunday long run puts +2 on Tuesday whichever day the
        week starts. Later days first on ties.
        """
        target = (self.anchor.weekday() + offset) % 7
        options = [d for d in self.available if self.free(d) and (not hard or self.can_be_hard(d))]
        if not options:
            return None

        def distance(d: date) -> tuple[int, int]:
            ahead = (d.weekday() - target) % 7
            return (min(ahead, 7 - ahead), -ahead)

        return min(options, key=distance)


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


_Maker = Callable[[date, float], PlannedSession]


def _fallback(spec: WeekSpec, units: DistanceUnit) -> _Maker | None:
    """The lightest key session, kept in the taper when the planned one does not fit."""
    if spec.kind not in (WeekKind.TAPER, WeekKind.RACE):
        return None
    short = SHARPENING_SESSIONS[0]
    return lambda d, lim: key_session(
        short, d, spec.target_m, units, kind=SessionKind.SHARPENING, fraction=0.5, limit_m=lim
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

    def anaerobic(i: int) -> _Maker:
        pool = ULTRA_ANAEROBIC if ultra else ANAEROBIC_SESSIONS
        s = pool[i % len(pool)]
        return lambda d, lim: key_session(
            s, d, week_m, units, kind=SessionKind.ANAEROBIC, fraction=frac, limit_m=lim
        )

    def sharpen(i: int) -> _Maker:
        s = SHARPENING_SESSIONS[i % len(SHARPENING_SESSIONS)]
        return lambda d, lim: key_session(
            s, d, week_m, units, kind=SessionKind.SHARPENING, fraction=frac, limit_m=lim
        )

    def hills(long_hills: bool) -> _Maker:
        return lambda d, lim: hill_session(
            d, week_m, units, long_hills=long_hills, fraction=frac, sport=trail, limit_m=lim
        )

    if spec.kind is WeekKind.RACE:
        return [(-4, sharpen(0))]
    if spec.kind is WeekKind.TAPER:
        return [(2, anaerobic(n) if ultra else sharpen(n))]
    if phase is Phase.AEROBIC:
        if spec.kind is WeekKind.RECOVERY:
            return []
        out.append((2, lambda d, lim: steady_run(d, week_m, units, sport=trail, limit_m=lim)))
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
                    lambda d, lim: race_pace_run(
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


def _water_fill(budget: float, weights: Sequence[float], caps: Sequence[float]) -> list[float]:
    """Share ``budget`` by weight, no share above its cap; what a cap refuses goes elsewhere."""
    alloc = [0.0] * len(weights)
    active = [i for i, w in enumerate(weights) if w > 0 and caps[i] > 0]
    left = budget
    while active and left > 1e-6:
        total = sum(weights[i] for i in active)
        capped = [i for i in active if left * weights[i] / total >= caps[i] - alloc[i]]
        if not capped:
            for i in active:
                alloc[i] += left * weights[i] / total
            break
        for i in capped:
            left -= caps[i] - alloc[i]
            alloc[i] = caps[i]
            active.remove(i)
    return alloc


def _place_long(
    lay: _Layout,
    spec: WeekSpec,
    race: Race,
    units: DistanceUnit,
    budget: float,
    race_on: date | None,
) -> tuple[float, float]:
    """The long run (a fast one, or a back-to-back pair); returns (budget left, its length)."""
    if lay.long_day is None or race_on is not None or not lay.free(lay.long_day):
        return budget, 0.0
    wanted = min(spec.long_m, spec.run_cap_m, 0.5 * spec.target_m, budget)
    length = round_down(wanted, units, step=fine_step(wanted, units))
    if length < _MIN_RUN_M:
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
        if size >= _MIN_RUN_M:
            pair = back_to_back(second, size, units, sport=sport)
            lay.slots[second].sessions.append(pair)
            lay.slots[second].easy_ok = False
            budget -= pair.distance_m
    nxt = lay.slots.get(second)
    if nxt is not None and nxt.easy_ok:
        nxt.easy_weight = 0.6
    return budget, length


def _place_quality(
    lay: _Layout,
    spec: WeekSpec,
    race: Race,
    units: DistanceUnit,
    budget: float,
    longest: float,
    notes: list[str],
) -> float:
    """Quality sessions on days with no hard neighbour; returns the budget left."""
    for offset, make in _quality(spec, race, units):
        if race.day in lay.slots:
            lay.anchor = race.day
        day = lay.pick(offset, hard=True)
        if day is None:
            notes.append("a quality session did not fit the days available")
            continue
        # No quality session longer than the week's long run (when there is one).
        limit = min(budget, spec.run_cap_m, spec.share_cap_m, longest or spec.run_cap_m)
        session = make(day, limit)
        fallback = _fallback(spec, units)
        if session.distance_m > limit + 1e-6 and fallback is not None:
            session = fallback(day, limit)
        if session.distance_m > limit + 1e-6:
            notes.append(f"{session.title} left out: it would pass the week's volume")
            continue
        lay.slots[day].sessions.append(session)
        lay.slots[day].easy_ok = False
        budget -= session.distance_m
        for side in (-1, 1):
            near = lay.slots.get(day + timedelta(days=side))
            if near is not None and near.easy_ok:
                near.easy_weight = min(near.easy_weight, 0.8)
    return budget


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
    lay = _Layout(spec, athlete, race_on)
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
    if spec.kind in (WeekKind.TAPER, WeekKind.RACE):
        budget = _place_quality(lay, spec, race, units, budget, 0.0, notes)
        budget, longest = _place_long(lay, spec, race, units, budget, race_on)
    else:
        budget, longest = _place_long(lay, spec, race, units, budget, race_on)
        budget = _place_quality(lay, spec, race, units, budget, longest, notes)

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
        if day is not None and size >= _MIN_RUN_M:
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
    _mark_cross_days(lay, spec, athlete)
    _easy_days(lay, spec, athlete, race, options, max(0.0, budget), run_cap, notes)

    # 5. Cross-training on recovery days; 6. climbing on trail runs.
    _cross(lay, spec, athlete)
    _climb(lay, spec)

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


def _day_cap(slot: _Slot, single: float, run_cap: float, doubles: bool) -> float:
    """The most easy running a day takes.

    One run on recovery and hybrid days (up to 15 % over the single-run cap: Walmsley's
    25 km AM trail run), two on double days.
    """
    if slot.single_cap_m is not None:
        return min(run_cap, slot.single_cap_m, single * 1.15)
    return single * (2.0 if doubles else 1.0)


def _easy_days(
    lay: _Layout,
    spec: WeekSpec,
    athlete: Athlete,
    race: Race,
    options: PlanOptions,
    budget: float,
    run_cap: float,
    notes: list[str],
) -> None:
    units = athlete.units
    # Half-km steps in small weeks, where whole km lose too much; shakeouts in the taper.
    step = fine_step(spec.target_m / 4, units)
    shortest = 3000.0 if spec.kind in (WeekKind.TAPER, WeekKind.RACE) else _MIN_RUN_M
    doubles_ok = athlete.doubles_per_week > 0 and spec.doubles
    doubles_left = athlete.doubles_per_week if doubles_ok else 0
    single = min(options.single_run_cap_m, run_cap)
    days = [d for d in lay.available if lay.slots[d].easy_ok and not lay.slots[d].sessions]
    # Quality days take an easy PM run when doubles are on.
    no_pm = (SessionKind.LONG, SessionKind.FAST_LONG, SessionKind.BACK_TO_BACK, SessionKind.RACE)
    pm_days = [
        d
        for d in lay.available
        if doubles_ok
        and lay.slots[d].sessions
        and not any(s.kind in no_pm for s in lay.slots[d].sessions)
        and d + timedelta(days=1) != race.day
    ][: max(0, doubles_left - 2)]
    # Fewer, longer easy runs rather than many too short to count: while a day's share is
    # under the shortest run, give up the day with the lowest weight.
    while True:
        weights = [lay.slots[d].easy_weight for d in days] + [0.4] * len(pm_days)
        caps = [_day_cap(lay.slots[d], single, run_cap, doubles_left > 0) for d in days]
        caps += [0.7 * single] * len(pm_days)
        shares = _water_fill(budget, weights, caps)
        short = [i for i in range(len(days)) if shares[i] < shortest]
        if not short or len(days) <= 1:
            break
        days.pop(min(short, key=lambda i: (weights[i], shares[i])))
    placed = 0.0
    easy_sport = Sport.TRAIL_RUN if race.off_road else Sport.RUN
    for i, d in enumerate(days):
        share = shares[i]
        kind = SessionKind.RECOVERY if lay.slots[d].easy_weight <= 0.6 else SessionKind.EASY
        sport = easy_sport if i % 2 == 0 else Sport.RUN
        if share > single and doubles_left > 0 and lay.slots[d].single_cap_m is None:
            am = round_down(min(single, 0.6 * share), units, step=step)
            pm = round_down(min(single, share - am), units, step=step)
            if pm >= shortest:
                lay.slots[d].sessions += [
                    easy_run(d, am, units, sport=sport, kind=kind, when=When.AM),
                    easy_run(
                        d, pm, units, sport=Sport.RUN, kind=kind, when=When.PM, reason="double"
                    ),
                ]
                doubles_left -= 1
                placed += am + pm
                continue
        share = min(share, _day_cap(lay.slots[d], single, run_cap, False))
        strides = (
            6 if kind is SessionKind.EASY and spec.kind is WeekKind.BUILD and share >= 8000 else 0
        )
        size = round_down(share - 100.0 * strides, units, step=step)
        if size < shortest:
            continue
        run = easy_run(d, size, units, sport=sport, kind=kind, strides=strides)
        lay.slots[d].sessions.append(run)
        placed += run.distance_m
    for j, d in enumerate(pm_days):
        size = round_down(shares[len(days) + j], units, step=step)
        if doubles_left <= 0 or size < shortest:
            continue
        lay.slots[d].sessions.append(
            easy_run(d, size, units, sport=Sport.RUN, when=When.PM, reason="double")
        )
        doubles_left -= 1
        placed += size
    if budget - placed > 0.1 * spec.target_m and spec.kind is WeekKind.BUILD:
        notes.append(
            f"{(budget - placed) / METRES_PER_KM:.0f} km of the target did not fit the days "
            "and run caps"
        )


def _tempo_sports(athlete: Athlete) -> list[Sport]:
    return sorted(athlete.cross_training & {Sport.BIKE, Sport.SKI_ERG}, key=lambda s: s.value)


def _mark_cross_days(lay: _Layout, spec: WeekSpec, athlete: Athlete) -> None:
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


def _cross(lay: _Layout, spec: WeekSpec, athlete: Athlete) -> None:
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
        duration = hours * 3600 * (1.0 if sport is Sport.BIKE else 0.6)
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
                slot.sessions[0], sport=Sport.TRAIL_RUN, when=When.AM, reason="hybrid double (AM)"
            ),
            cross_session(
                d, sport, minutes * 60.0, tempo=True, when=When.PM, reason="hybrid double (PM)"
            ),
        ]


def _climb(lay: _Layout, spec: WeekSpec) -> None:
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
