"""A scripted training block, and the day-by-day simulation of any schedule.

:data:`WALMSLEY_BLOCK` is a 16-week table in the spirit of the seed article: big mileage
(peak weeks near 280 km), doubles, key sessions from his list written in the workout
language (20 x 1 km, 10 x 1 mile, 5 x 1600 m, 4 x 2 miles...), a fast long trail run every
Saturday, a bike ride, Nordic skiing and the ski erg on recovery days and as the evening
half of hybrid doubles, recovery weeks every fourth week, and **one overreaching week**
(week 12: 340 km with a 68 km long run, 36 % longer than anything in the month before).
It is a scripted table for demos, tests and benchmarks, not a planner
(:mod:`lydiard.planning` makes plans); any schedule of :class:`Outing` values can be
simulated, a plan's sessions included.

:func:`simulate_days` walks a schedule day by day: the morning's HRV and resting HR from
the body's state, each outing simulated with the fatigue the athlete carries, each
activity's load computed by the physiology core (:func:`lydiard.physiology.activity_loads`
with the athlete's thresholds), the day's load added to fitness and fatigue.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone

import numpy as np

from lydiard.physiology.session import activity_loads
from lydiard.simulate.athlete import SimAthlete
from lydiard.simulate.session import SimulatedSession, simulate_session
from lydiard.simulate.terrain import RouteKind
from lydiard.simulate.wellness import Body, Morning
from lydiard.workouts.ast import Session, When
from lydiard.workouts.parser import parse

__all__ = [
    "KEY_SESSIONS",
    "NEXT_WEEK",
    "WALMSLEY_BLOCK",
    "BlockWeek",
    "Outing",
    "SimulatedDay",
    "scripted_block",
    "simulate_days",
    "week_outings",
]

#: Key sessions of the block, in the workout language (Walmsley's list, with paces).
KEY_SESSIONS: dict[str, str] = {
    "20x1km": "3 km warm-up / 20 x 1 km @ T pace, 200 m jog between / 3 km cool-down",
    "10x1mi": "3 mi warm-up / 10 x 1 mi @ T pace, 2 min rest between / 3 mi cool-down",
    "5x1600": "4 mi warm-up / 5 x 1600 m @ I pace, 2 min rest between / 2 mi cool-down",
    "4x2mi": "3 mi warm-up / 4 x 2 mi @ T pace, 2 min rest between / 1 mi cool-down",
    "10x800": "3 mi warm-up / 10 x 800 m @ I pace, 260 m jog between / 1 mi cool-down",
    "12x400": "3 mi warm-up / 12 x 400 m @ R pace, 600 m jog between / 2 mi cool-down",
    "8x200": "3 mi warm-up / 8 x 200 m @ R pace, 400 m jog between / 2 mi cool-down",
    "steady": "5 km warm-up / 16 km @ M pace / 5 km cool-down",
}
_CROSS = {
    "nordic": "80 min Nordic ski easy",
    "bike": "2 h 30 min easy ride",
    "skierg": "10 min easy ski erg / 6 x 4 min hard ski erg, 2 min easy between / "
    "10 min easy ski erg",
    "tempo-ride": "15 min easy ride / 60 min tempo ride / 15 min easy ride",
}


@dataclass(frozen=True, slots=True)
class BlockWeek:
    """One week of a scripted block.

    Attributes:
        running_km: planned running volume, km.
        tuesday: the key session on Tuesday (a :data:`KEY_SESSIONS` name), or "".
        thursday: the key session on Thursday, or "".
        long_km: Saturday's fast long trail run, km.
        long_pace: its pace ("3:30/km").
        long_climb_per_km: its climb, metres per km.
        note: what the week is ("recovery", "overreaching").
        friday: a third key session on Friday morning instead of the easy run, or "".
        camp: a training-camp week: an evening run on every weekday as well.
    """

    running_km: float
    tuesday: str
    thursday: str
    long_km: float
    long_pace: str = "3:35/km"
    long_climb_per_km: float = 25.0
    note: str = ""
    friday: str = ""
    camp: bool = False


#: Sixteen weeks: build, recovery every fourth week, an overreaching week 12, a lighter 16th.
WALMSLEY_BLOCK: tuple[BlockWeek, ...] = (
    BlockWeek(200, "10x1mi", "steady", 35, "3:40/km"),
    BlockWeek(215, "12x400", "4x2mi", 38, "3:38/km"),
    BlockWeek(235, "20x1km", "steady", 41, "3:36/km"),
    BlockWeek(175, "8x200", "", 34, "3:45/km", note="recovery"),
    BlockWeek(230, "5x1600", "4x2mi", 40, "3:35/km"),
    BlockWeek(250, "20x1km", "steady", 45, "3:33/km"),
    BlockWeek(265, "10x800", "4x2mi", 48, "3:32/km"),
    BlockWeek(185, "8x200", "", 36, "3:45/km", note="recovery"),
    BlockWeek(255, "10x1mi", "steady", 45, "3:30/km"),
    BlockWeek(270, "20x1km", "12x400", 50, "3:30/km"),
    BlockWeek(290, "5x1600", "4x2mi", 50, "3:27/km"),
    BlockWeek(350, "20x1km", "10x1mi", 68, "3:25/km", 30.0, "overreaching", "4x2mi", True),
    BlockWeek(165, "", "", 34, "3:50/km", note="recovery"),
    BlockWeek(260, "20x1km", "steady", 45, "3:30/km"),
    BlockWeek(280, "10x1mi", "4x2mi", 50, "3:27/km"),
    BlockWeek(215, "12x400", "", 40, "3:35/km", note="lighter"),
)
_EASY_MAX_KM = 42.0
#: The week after the block, when a schedule must go on (a demo's current week).
NEXT_WEEK = BlockWeek(250, "20x1km", "steady", 42, "3:30/km")


@dataclass(frozen=True, slots=True)
class Outing:
    """One planned outing of a schedule.

    Attributes:
        day: the athlete's local date.
        text: the session in the workout language (one session).
        when: AM, PM, or any time (morning).
        title: a name for the activity ("" for the workout's own short text).
        climb_per_km: relief of the route, metres per km (the sport's default when None).
        route_kind: where (from the sport and session when None).
        start: local start time; from ``when`` when None.
    """

    day: date
    text: str
    when: When = When.ANY
    title: str = ""
    climb_per_km: float | None = None
    route_kind: RouteKind | None = None
    start: time | None = None

    def session(self) -> Session:
        """The planned session (the first of the text's sessions)."""
        return parse(self.text).sessions[0]


@dataclass(frozen=True, slots=True, eq=False)
class SimulatedDay:
    """One simulated day.

    Attributes:
        day: the date.
        morning: the morning's HRV and resting HR (before training).
        sessions: the day's simulated activities, in time order.
        loads: each activity's total load (physiology core, HR first).
        fitness, fatigue: the true state at the end of the day.
        fatigue_index: the fatigue the athlete carried into the day's sessions (0-1).
    """

    day: date
    morning: Morning
    sessions: tuple[SimulatedSession, ...] = ()
    loads: tuple[float, ...] = ()
    fitness: float = math.nan
    fatigue: float = math.nan
    fatigue_index: float = 0.0

    @property
    def load(self) -> float:
        """The day's total load."""
        return float(sum(x for x in self.loads if math.isfinite(x)))


def _easy(km: float, kind: str) -> str:
    km = max(6.0, round(km))
    if kind == "trail":
        return f"{km:g} km trail run"
    if kind == "strides":
        return f"{km:g} km easy with 8 x 100 m strides at the end"
    return f"{km:g} km easy"


def week_outings(monday: date, week: BlockWeek, *, doubles: bool = True) -> list[Outing]:
    """The outings of one week of a scripted block (Monday first).

    Easy running fills the volume the key sessions and the long run leave, shared evenly
    over Monday, Wednesday, Friday (unless it holds a third key session) and Sunday, each
    at most 80 % of the long run and 42 km (so the long run stays the week's longest).
    With ``doubles``, an evening easy run (10-12 km) follows each key session, Nordic
    skiing (Monday), a long ride (Wednesday) and the ski erg (Friday) are the evening
    halves of the other weekdays, and a tempo ride follows Sunday's trail run in build
    weeks. A ``camp`` week adds an evening run to every weekday (three sessions on the
    cross-training days), with easy runs up to 70 % of the long run.
    """
    am, pm = When.AM, When.PM
    day = [monday + timedelta(days=i) for i in range(7)]
    out: list[Outing] = []
    fixed = week.long_km
    keys = {1: week.tuesday, 3: week.thursday, 4: week.friday}
    for i, name in keys.items():
        if name:
            text = KEY_SESSIONS[name]
            out.append(Outing(day[i], text, am, title=f"Key session: {name}"))
            fixed += _key_km(text)
        elif i != 4 and not doubles:
            out.append(Outing(day[i], _easy(14, "road"), am, title="Easy run"))
            fixed += 14
    evenings = [0, 1, 2, 3, 4] if week.camp else [1, 3]
    if doubles:
        for i in evenings:
            km = 14.0 if week.camp else 12.0 if keys.get(i) else 10.0
            out.append(Outing(day[i], _easy(km, "road"), pm, title="Evening easy run"))
            fixed += km
    long_text = f"{week.long_km:g} km trail long run @ {week.long_pace}"
    out.append(
        Outing(
            day[5],
            long_text,
            am,
            title="Fast long trail run",
            climb_per_km=week.long_climb_per_km,
            start=time(6, 0),
        )
    )
    left = max(week.running_km - fixed, 24.0)
    slots = {0: "road", 2: "trail", 4: "strides", 6: "trail"}
    if week.friday:
        del slots[4]
    cap = 0.7 * week.long_km if week.camp else min(0.8 * week.long_km, _EASY_MAX_KM)
    for i, km in zip(slots, _fill(left, len(slots), cap), strict=True):
        kind = slots[i]
        title = "Easy trail run" if kind == "trail" else "Easy run"
        out.append(Outing(day[i], _easy(km, kind), am, title=title))
    cross = [(0, "nordic", "Nordic ski"), (2, "bike", "Recovery ride"), (4, "skierg", "Ski erg")]
    if week.note != "recovery" and doubles:
        cross.append((6, "tempo-ride", "Tempo ride"))
    for i, name, title in cross:
        out.append(Outing(day[i], _CROSS[name], pm, title=title))
    return sorted(out, key=lambda o: (o.day, o.when != am))


def _fill(total_km: float, slots: int, cap_km: float) -> list[float]:
    """Share ``total_km`` over easy runs, none longer than ``cap_km`` (the rest is dropped)."""
    even = total_km / slots
    return [min(even, cap_km)] * slots


def _key_km(text: str) -> float:
    from lydiard.physiology.paces import training_paces

    total = parse(text).totals(training_paces(75).as_mapping()).distance_m
    return total / 1000.0 if math.isfinite(total) else 20.0


def scripted_block(
    first_monday: date, weeks: Sequence[BlockWeek] = WALMSLEY_BLOCK, *, doubles: bool = True
) -> list[Outing]:
    """Every outing of a scripted block starting on a Monday.

    Raises:
        ValueError: when ``first_monday`` is not a Monday.
    """
    if first_monday.weekday() != 0:
        raise ValueError(f"a block starts on a Monday, got {first_monday:%A} {first_monday}")
    out: list[Outing] = []
    for n, week in enumerate(weeks):
        out.extend(week_outings(first_monday + timedelta(weeks=n), week, doubles=doubles))
    return out


def _start(outing: Outing, athlete: SimAthlete, rng: np.random.Generator) -> datetime:
    if outing.start is not None:
        local = outing.start
        minutes = local.hour * 60 + local.minute
    elif outing.when is When.PM:
        minutes = 16 * 60 + int(rng.integers(0, 90))
    else:
        minutes = 6 * 60 + 20 + int(rng.integers(0, 50))
    zone = timezone(timedelta(seconds=athlete.utc_offset_s))
    naive = datetime.combine(outing.day, time(minutes // 60, minutes % 60))
    return naive.replace(tzinfo=zone).astimezone(UTC)


def simulate_days(
    athlete: SimAthlete,
    outings: Iterable[Outing],
    *,
    seed: int = 0,
    body: Body | None = None,
    first_day: date | None = None,
    last_day: date | None = None,
    rr: bool = False,
) -> Iterator[SimulatedDay]:
    """Simulate a schedule day by day, rest days included.

    Args:
        athlete: who.
        outings: the schedule (any order).
        seed: the root seed; each day and outing gets its own stream from it, so a day's
            activities do not change when other days are added or removed.
        body: the starting state (fit and fresh at the athlete's reference fitness when
            None); it is updated as the days go by.
        first_day: the first day (the schedule's first when None).
        last_day: the last day, inclusive (the schedule's last when None).
        rr: record beat-to-beat intervals in every activity.

    Yields:
        One :class:`SimulatedDay` per calendar day, in order.
    """
    by_day: dict[date, list[Outing]] = {}
    for outing in outings:
        by_day.setdefault(outing.day, []).append(outing)
    if not by_day and (first_day is None or last_day is None):
        return
    first = first_day or min(by_day)
    last = last_day or max(by_day)
    state = body or Body(athlete)
    thresholds = athlete.thresholds()
    day = first
    while day <= last:
        day_rng = np.random.default_rng([seed, day.toordinal()])
        morning = state.morning(day, day_rng)
        tiredness = state.fatigue_index()
        sims: list[SimulatedSession] = []
        loads: list[float] = []
        planned = sorted(by_day.get(day, []), key=lambda o: (o.when is When.PM, o.start or time()))
        for k, outing in enumerate(planned):
            start = _start(outing, athlete, day_rng)
            sim = simulate_session(
                outing.session(),
                athlete,
                start,
                seed=[seed, day.toordinal(), k + 1],
                fatigue=tiredness,
                route_kind=outing.route_kind,
                climb_per_km=outing.climb_per_km,
                title=outing.title or None,
                rr=rr,
            )
            sims.append(sim)
            load = sum(s.load for s in activity_loads(sim.activity, thresholds) if s.load == s.load)
            loads.append(float(load))
        total = float(sum(loads))
        state.end_day(total)
        yield SimulatedDay(
            day=day,
            morning=morning,
            sessions=tuple(sims),
            loads=tuple(loads),
            fitness=state.fitness,
            fatigue=state.fatigue,
            fatigue_index=tiredness,
        )
        day += timedelta(days=1)
