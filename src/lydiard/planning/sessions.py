"""Runs, cross-training and the race, written in the workout language.

Text is seed-style prose ("12 km Easy at E pace", "50 km Long Run at E pace", "90 Minutes
Bike Easy") with named paces, so the athlete's paces resolve it at export time and a plan
stays valid when fitness changes. Each session knows its running distance from its own
numbers; tests check it against the workout language's totals. The key repetition
sessions are in :mod:`lydiard.planning.keysessions`.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

from lydiard.model.sport import Sport
from lydiard.planning.amounts import (
    UNIT_WORD,
    fit_parts,
    half_unit,
    pace_words,
    round_down,
    unit_step,
    warm_up_length,
    write_distance,
)
from lydiard.planning.plan import PlannedSession, SessionKind, When
from lydiard.units import DistanceUnit

__all__ = [
    "back_to_back",
    "cross_session",
    "easy_run",
    "fast_long_run",
    "long_run",
    "race_day",
    "race_pace_run",
    "steady_run",
]


def easy_run(
    day: date,
    distance_m: float,
    units: DistanceUnit,
    *,
    sport: Sport = Sport.RUN,
    kind: SessionKind = SessionKind.EASY,
    strides: int = 0,
    when: When = When.ANY,
    climb_m: float = 0.0,
    reason: str = "",
) -> PlannedSession:
    """An easy (or recovery, medium-long, back-to-back) run at E pace, maybe with strides."""
    lines = [f"{write_distance(distance_m, units)} Easy at E pace"]
    if strides:
        lines.append(f"{strides} x 100 Meter Strides")
    where = "trail" if sport is Sport.TRAIL_RUN else ""
    title = " ".join(x for x in (kind.label, where and "(trail)") if x)
    return PlannedSession(
        day,
        kind,
        sport,
        title,
        "\n".join(lines),
        distance_m + strides * 100.0,
        climb_m=climb_m,
        when=when,
        reason=reason,
    )


def long_run(
    day: date, distance_m: float, units: DistanceUnit, *, sport: Sport, climb_m: float = 0.0
) -> PlannedSession:
    """The week's long run at E pace (Lydiard: "as long as possible" at an aerobic effort)."""
    where = " on trail" if sport is Sport.TRAIL_RUN else ""
    return PlannedSession(
        day,
        SessionKind.LONG,
        sport,
        f"Long run{where}",
        f"{write_distance(distance_m, units)} Long Run at E pace",
        distance_m,
        climb_m=climb_m,
        key=True,
    )


def back_to_back(
    day: date, distance_m: float, units: DistanceUnit, *, sport: Sport, climb_m: float = 0.0
) -> PlannedSession:
    """The second day of a back-to-back weekend: long and easy on tired legs."""
    return replace(
        easy_run(day, distance_m, units, sport=sport, kind=SessionKind.BACK_TO_BACK),
        text=f"{write_distance(distance_m, units)} Long Run at E pace",
        climb_m=climb_m,
        key=True,
    )


def fast_long_run(
    day: date,
    distance_m: float,
    units: DistanceUnit,
    *,
    sport: Sport,
    pace: str,
    climb_m: float = 0.0,
) -> PlannedSession:
    """A long run whose last third is at race pace (Walmsley's fast trail long runs)."""
    fast = round_down(distance_m / 3, units)
    easy = distance_m - fast
    text = (
        f"{write_distance(easy, units)} Easy at E pace\n"
        f"{write_distance(fast, units)} at {pace_words(pace)}"
    )
    return PlannedSession(
        day,
        SessionKind.FAST_LONG,
        sport,
        f"Fast long run, last {write_distance(fast, units).lower()} at {pace}",
        text,
        distance_m,
        climb_m=climb_m,
        hard=True,
        key=True,
    )


def _block_session(
    day: date,
    units: DistanceUnit,
    week_m: float,
    block_m: float,
    limit_m: float,
    pace: str,
    kind: SessionKind,
    sport: Sport,
    title: str,
) -> PlannedSession:
    half = half_unit(units)
    edge = warm_up_length(1.5, week_m, units)
    block = max(unit_step(units), round_down(block_m, units))
    while block > unit_step(units) and 2 * edge + block > limit_m:
        block -= unit_step(units)
    edge_a, edge_b = fit_parts([edge, edge], limit_m - block, units, [half, half])
    text = (
        f"{write_distance(edge_a, units)} Warm Up\n"
        f"{write_distance(block, units)} at {pace_words(pace)}\n"
        f"{write_distance(edge_b, units)} Cool Down"
    )
    return PlannedSession(
        day,
        kind,
        sport,
        f"{title}, {write_distance(block, units).lower()} at {pace}",
        text,
        edge_a + block + edge_b,
        hard=True,
        key=True,
    )


def steady_run(
    day: date, week_m: float, units: DistanceUnit, *, sport: Sport, limit_m: float = math.inf
) -> PlannedSession:
    """Lydiard's steady ("three-quarter effort") aerobic run: a block at M pace.

    The M block is 10 % of the week (Daniels: M work up to 20 % of the week or 29 km),
    with a warm-up and cool-down either side; ``limit_m`` bounds the whole.
    """
    block = min(0.10 * week_m, 29_000.0)
    return _block_session(
        day, units, week_m, block, limit_m, "M", SessionKind.STEADY, sport, "Steady run"
    )


def race_pace_run(
    day: date,
    week_m: float,
    units: DistanceUnit,
    *,
    sport: Sport,
    pace: str,
    limit_m: float = math.inf,
) -> PlannedSession:
    """A block at goal race pace (co-ordination): 15 % of the week, up to 24 km."""
    block = min(0.15 * week_m, 24_000.0)
    return _block_session(
        day, units, week_m, block, limit_m, pace, SessionKind.RACE_PACE, sport, "Race-pace run"
    )


def cross_session(
    day: date,
    sport: Sport,
    duration_s: float,
    *,
    tempo: bool = False,
    when: When = When.ANY,
    reason: str = "",
) -> PlannedSession:
    """Cross-training: an easy ride or ski on a recovery day, or a tempo piece (hybrid PM).

    Walmsley's recovery-day rides are 30-60 miles; a tempo ride or ski-erg session is the PM
    half of his hybrid doubles. Durations are whole minutes.
    """
    minutes = max(20, int(duration_s // 60))
    name = {Sport.BIKE: "Bike", Sport.NORDIC_SKI: "Nordic Ski", Sport.SKI_ERG: "Ski Erg"}.get(
        sport, sport.label
    )
    if tempo:
        warm = max(10, minutes // 4)
        block = minutes - 2 * warm
        text = (
            f"{warm} Minutes {name} Easy\n"
            f"{block} Minutes {name} at tempo effort\n"
            f"{warm} Minutes {name} Easy"
        )
        kind, title = SessionKind.CROSS_TEMPO, f"Tempo {name.lower()}, {block} of {minutes} min"
    else:
        text = f"{minutes} Minutes {name} Easy"
        kind, title = SessionKind.CROSS, f"Easy {name.lower()}, {_hours(minutes)}"
    return PlannedSession(
        day,
        kind,
        sport,
        title,
        text,
        math.nan,
        duration_s=minutes * 60.0,
        when=when,
        reason=reason,
    )


def _hours(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    return f"{h} h {m:02d}" if h else f"{m} min"


def race_day(
    day: date, name: str, distance_m: float, climb_m: float, sport: Sport, units: DistanceUnit
) -> PlannedSession:
    """The race itself (its text names the race; its distance in the athlete's units)."""
    where = "trail run" if sport is Sport.TRAIL_RUN else "run"
    title = " ".join(name.replace('"', "").split())
    # The race's own distance to the metre (42.195 km), not rounded to a training step.
    value = distance_m / units.metres
    amount = f"{value:.6f}".rstrip("0").rstrip(".")
    text = f'# Race: {title}\n{amount} {UNIT_WORD[units]} {where} "race"'
    return PlannedSession(
        day, SessionKind.RACE, sport, name, text, distance_m, climb_m=climb_m, hard=True, key=True
    )
