"""The easy running of a week: spread by weight over the free days, doubles past a threshold.

Easy volume goes to the days left free by the long run and the quality sessions, by
weight (recovery day 0.6, next to a hard day 0.8, others 1), each run capped (the spike
guard, the long run, ``single_run_cap_m``). Fewer, longer runs beat many too short to
count: a day whose share is under the shortest run gives its share to the others. Once
the week passes ``doubles_threshold_m`` and the athlete allows doubles, a day over the
single-run cap splits into an AM and a PM run, and quality days take an easy PM run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from lydiard.model.sport import Sport
from lydiard.planning.amounts import fine_step, round_down
from lydiard.planning.athlete import Athlete
from lydiard.planning.layout import MIN_RUN_M, Layout, Slot, WeekSpec, taper_min_run
from lydiard.planning.options import PlanOptions
from lydiard.planning.plan import SessionKind, When
from lydiard.planning.progression import WeekKind
from lydiard.planning.race import Race
from lydiard.planning.sessions import easy_run
from lydiard.units import METRES_PER_KM

__all__ = ["day_cap", "fill_easy_days", "water_fill"]


def water_fill(budget: float, weights: Sequence[float], caps: Sequence[float]) -> list[float]:
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


def day_cap(slot: Slot, single: float, run_cap: float, doubles: bool) -> float:
    """The most easy running a day takes.

    One run on recovery and hybrid days (up to 15 % over the single-run cap: Walmsley's
    25 km AM trail run), two on double days.
    """
    if slot.single_cap_m is not None:
        return min(run_cap, slot.single_cap_m, single * 1.15)
    return single * (2.0 if doubles else 1.0)


@dataclass(slots=True)
class _Run:
    """An easy run being sized: its day, length, the most it may take (metres), and kind."""

    day: date
    size_m: float
    cap_m: float
    sport: Sport
    kind: SessionKind
    when: When = When.ANY
    reason: str = ""
    strides: int = 0


def _top_up(runs: list[_Run], budget: float, step: float) -> float:
    """Give what rounding down left of ``budget`` back, a step at a time, to runs under their cap.

    The shortest run with room takes each step, so runs stay even; returns the total placed
    (with strides), never above ``budget``.
    """
    placed = sum(r.size_m + 100.0 * r.strides for r in runs)
    while budget - placed >= step - 1e-6:
        room = [r for r in runs if r.size_m + step <= r.cap_m + 1e-6]
        if not room:
            break
        r = min(room, key=lambda r: r.size_m)
        r.size_m += step
        placed += step
    return placed


def fill_easy_days(
    lay: Layout,
    spec: WeekSpec,
    athlete: Athlete,
    race: Race,
    options: PlanOptions,
    budget: float,
    run_cap: float,
    notes: list[str],
) -> None:
    """Spread ``budget`` metres of easy running over the free days (see the module)."""
    units = athlete.units
    # Half-km steps in small weeks, where whole km lose too much; shakeouts in the taper.
    step = fine_step(spec.target_m / 4, units)
    tapering = spec.kind in (WeekKind.TAPER, WeekKind.RACE)
    shortest = taper_min_run(units) if tapering else MIN_RUN_M
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
    # Fewer, longer easy runs rather than many too short to count: while a day's share
    # (as it will be written, rounded down) is under the shortest run, give up the day with
    # the lowest weight. The taper keeps frequency: every day kept gets the shortest run
    # first, and only what is left is shared by weight.
    while True:
        weights = [lay.slots[d].easy_weight for d in days] + [0.4] * len(pm_days)
        caps = [day_cap(lay.slots[d], single, run_cap, doubles_left > 0) for d in days]
        caps += [0.7 * single] * len(pm_days)
        floor = shortest if tapering and len(days) * shortest <= budget + 1e-6 else 0.0
        floors = [min(floor, c) for c in caps[: len(days)]] + [0.0] * len(pm_days)
        rest = water_fill(
            budget - sum(floors), weights, [c - f for c, f in zip(caps, floors, strict=True)]
        )
        shares = [f + r for f, r in zip(floors, rest, strict=True)]
        short = [
            i for i in range(len(days)) if round_down(shares[i], units, step=step) < shortest - 1e-6
        ]
        if not short or len(days) <= 1:
            break
        days.pop(min(short, key=lambda i: (weights[i], shares[i])))
    easy_sport = Sport.TRAIL_RUN if race.off_road else Sport.RUN
    runs: list[_Run] = []
    for i, d in enumerate(days):
        share = shares[i]
        kind = SessionKind.RECOVERY if lay.slots[d].easy_weight <= 0.6 else SessionKind.EASY
        sport = easy_sport if i % 2 == 0 else Sport.RUN
        if share > single and doubles_left > 0 and lay.slots[d].single_cap_m is None:
            am = round_down(min(single, 0.6 * share), units, step=step)
            pm = round_down(min(single, share - am), units, step=step)
            if pm >= shortest:
                runs.append(_Run(d, am, single, sport, kind, When.AM))
                runs.append(_Run(d, pm, single, Sport.RUN, kind, When.PM, reason="double"))
                doubles_left -= 1
                continue
        cap = day_cap(lay.slots[d], single, run_cap, False)
        share = min(share, cap)
        strides = (
            6 if kind is SessionKind.EASY and spec.kind is WeekKind.BUILD and share >= 8000 else 0
        )
        size = round_down(share - 100.0 * strides, units, step=step)
        if size >= shortest:
            runs.append(_Run(d, size, cap - 100.0 * strides, sport, kind, strides=strides))
    for j, d in enumerate(pm_days):
        size = round_down(shares[len(days) + j], units, step=step)
        if doubles_left <= 0 or size < shortest:
            continue
        runs.append(_Run(d, size, 0.7 * single, Sport.RUN, SessionKind.EASY, When.PM, "double"))
        doubles_left -= 1
    placed = _top_up(runs, budget, step)
    for r in runs:
        lay.slots[r.day].sessions.append(
            easy_run(
                r.day,
                r.size_m,
                units,
                sport=r.sport,
                kind=r.kind,
                strides=r.strides,
                when=r.when,
                reason=r.reason,
            )
        )
    if budget - placed > 0.1 * spec.target_m and spec.kind is WeekKind.BUILD:
        notes.append(
            f"{(budget - placed) / METRES_PER_KM:.0f} km of the target did not fit the days "
            "and run caps"
        )
