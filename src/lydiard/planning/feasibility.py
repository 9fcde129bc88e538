"""Can a plan be built safely? A quick model of the ramp, and refusals that say what works.

Before building, the ramp is simulated on volumes alone: build weeks grow by at most
``max_weekly_increase`` toward the peak (with recovery weeks), the long run by at most
``spike_limit`` over the longest run of the previous weeks and within its share of the week;
days available and doubles bound a week's volume. If the volume or the long run cannot
reach what the race needs (:func:`~lydiard.planning.race.race_demands`) before the taper,
the request is refused with :class:`~lydiard.errors.PlanRequestError`, naming the earliest
race date that would work, or a race that fits the time, or the base to build first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from lydiard.errors import PlanRequestError
from lydiard.formatting import format_distance
from lydiard.planning.amounts import fine_step, round_down
from lydiard.planning.athlete import Athlete
from lydiard.planning.options import PlanOptions
from lydiard.planning.periodise import Phase, phase_weeks, week_spans
from lydiard.planning.progression import Ramp, WeekKind, peak_volume
from lydiard.planning.race import Race, RaceDemands, race_demands
from lydiard.units import METRES_PER_KM, METRES_PER_MILE

__all__ = [
    "MAX_WEEKS",
    "MIN_BASE_M",
    "Capacity",
    "capacity",
    "check_built",
    "check_feasible",
    "needs",
]

MAX_WEEKS = 104
MIN_BASE_M = 20 * METRES_PER_KM

_STANDARD = (
    ("5K", 5000.0),
    ("10K", 10000.0),
    ("half marathon", 21097.5),
    ("marathon", 42195.0),
    ("50 km", 50000.0),
    ("50 mile", 50 * METRES_PER_MILE),
    ("100 km", 100000.0),
    ("100 mile", 100 * METRES_PER_MILE),
)


@dataclass(frozen=True, slots=True)
class Capacity:
    """What the ramp can reach before the taper.

    Attributes:
        peak_m: the highest weekly running volume, metres.
        long_run_m: the longest long run, metres.
    """

    peak_m: float
    long_run_m: float


def needs(race: Race, options: PlanOptions) -> RaceDemands:
    """The race's demands, with the peak raised so the long run fits its share of the week."""
    demands = race_demands(race.distance_m)
    peak = demands.min_peak_week_m
    while _long_share(options, race, peak) * peak < demands.min_long_run_m:
        peak += 500.0
    return RaceDemands(peak, demands.min_long_run_m, demands.long_run_cap_m)


def _long_share(options: PlanOptions, race: Race, week_m: float) -> float:
    bonus = 0.05 if race.is_ultra else 0.0
    return min(0.5, options.long_run_share_cap(week_m) + bonus)


def _week_ceiling(athlete: Athlete, options: PlanOptions, long_m: float) -> float:
    """The most running the days available can hold around a long run."""
    days = len(athlete.days_available) - 1
    per_day = options.single_run_cap_m
    doubled = min(athlete.doubles_per_week, days)
    return long_m + days * per_day + doubled * 0.7 * per_day


def capacity(athlete: Athlete, race: Race, n_weeks: int, options: PlanOptions) -> Capacity:
    """Simulate the ramp of an ``n_weeks`` plan on volumes alone.

    Args:
        athlete: current volume, long run, days, doubles.
        race: the goal race (phase shares, long-run cap).
        n_weeks: weeks in the plan, taper included.
        options: ramp, recovery, spike and share settings.
    """
    counts = phase_weeks(n_weeks, race, taper_weeks=options.taper_weeks)
    phases = [p for p in Phase for _ in range(counts[p])]
    build = [p for p in phases if p is not Phase.FRESHEN]
    ramp = Ramp(
        options, peak_volume(athlete, race, options), race.is_ultra, athlete.weekly_distance_m
    )
    cap = race_demands(race.distance_m).long_run_cap_m
    longs = [athlete.long_run_m]
    peak = 0.0
    for i, phase in enumerate(build):
        kind, target = ramp.next_week(phase, next_is_taper=i == len(build) - 1)
        reference = max(longs[-4:])  # about 30 days of weekly long runs
        long_m = min(
            reference * (1 + options.spike_limit), cap, _long_share(options, race, target) * target
        )
        if kind is WeekKind.RECOVERY:
            long_m = min(long_m, 0.75 * longs[-1])
        long_m = round_down(long_m, athlete.units, step=fine_step(long_m, athlete.units))
        target = min(target, _week_ceiling(athlete, options, long_m))
        ramp.record(kind, target)
        longs.append(long_m)
        peak = max(peak, target)
    return Capacity(peak, max(longs[1:], default=0.0))


def _fits(athlete: Athlete, race: Race, n_weeks: int, options: PlanOptions) -> bool:
    got = capacity(athlete, race, n_weeks, options)
    need = needs(race, options)
    # 3 % slack: the simulation ignores rounding to whole km/half miles.
    return got.peak_m >= 0.97 * need.min_peak_week_m and got.long_run_m >= 0.97 * (
        need.min_long_run_m
    )


def check_feasible(athlete: Athlete, race: Race, start: date, options: PlanOptions) -> int:
    """Check that a plan from ``start`` to the race can be built; return its number of weeks.

    Raises:
        PlanRequestError: when it cannot, with what would work.
        InputError: when the race is not after the start.
    """
    n = len(week_spans(start, race.day))
    units = athlete.units
    if athlete.weekly_distance_m < MIN_BASE_M:
        raise PlanRequestError(
            "a plan starts from a base of at least "
            f"{format_distance(MIN_BASE_M, units, decimals=0)} a week (you run "
            f"{format_distance(athlete.weekly_distance_m, units, decimals=0)});"
            " build up with a run-walk block first, then plan the race"
        )
    room = _week_ceiling(athlete, options, max(athlete.long_run_m, options.single_run_cap_m))
    if athlete.weekly_distance_m > room:
        raise PlanRequestError(
            f"{format_distance(athlete.weekly_distance_m, units, decimals=0)} a week does not "
            f"fit {len(athlete.days_available)} days with {athlete.doubles_per_week} doubles "
            f"(at most about {format_distance(room, units, decimals=0)} with easy runs up to "
            f"{format_distance(options.single_run_cap_m, units, decimals=0)}); add days or "
            "doubles, or give your usual weekly volume"
        )
    if n > MAX_WEEKS:
        latest = race.day - timedelta(weeks=MAX_WEEKS)
        raise PlanRequestError(
            f"{n} weeks to {race.name} is more than the {MAX_WEEKS} weeks a plan covers; "
            f"start on or after {latest.isoformat()}"
        )
    if _fits(athlete, race, n, options):
        return n
    _refuse(athlete, race, start, options, n, capacity(athlete, race, n, options))
    return n  # pragma: no cover (refuse always raises)


def _refuse(
    athlete: Athlete, race: Race, start: date, options: PlanOptions, n: int, got: Capacity
) -> None:
    units = athlete.units
    need = needs(race, options)

    def km(m: float) -> str:
        return format_distance(m, units, decimals=0)

    lines = [
        f"{n} week{'s' if n != 1 else ''} to {race.name} ({km(race.distance_m)}) from "
        f"{km(athlete.weekly_distance_m)} a week cannot be built safely: the ramp reaches "
        f"about {km(got.peak_m)} weeks and a {km(got.long_run_m)} long run, but the race "
        f"needs at least {km(need.min_peak_week_m)} weeks and a {km(need.min_long_run_m)} "
        "long run."
    ]
    works: list[str] = []
    longer = next(
        (w for w in range(n + 1, MAX_WEEKS + 1) if _fits(athlete, race, w, options)), None
    )
    if longer is not None:
        works.append(
            f"a plan of {longer} weeks (a race on or after "
            f"{(start + timedelta(weeks=longer) - timedelta(days=1)).isoformat()})"
        )
    else:
        base = _base_needed(athlete, race, options)
        works.append(
            f"first build your running to about {km(base)} a week"
            + (
                " (or raise your stated maximum)"
                if athlete.max_weekly_distance_m is not None
                else ""
            )
        )
    shorter = [
        name
        for name, dist in _STANDARD
        if dist < race.distance_m
        and _fits(athlete, Race(name, dist, race.day, 0.0, race.terrain), n, options)
    ]
    if shorter:
        works.append(f"a {shorter[-1]} race on {race.day.isoformat()}")
    lines.append("What would work: " + "; or ".join(works) + ".")
    raise PlanRequestError(" ".join(lines))


def check_built(
    athlete: Athlete, race: Race, start: date, options: PlanOptions, peak_m: float, long_m: float
) -> None:
    """Refuse a built plan whose realised peak week or long run falls short of the race.

    Raises:
        PlanRequestError: with the same advice as :func:`check_feasible`.
    """
    need = needs(race, options)
    if peak_m >= 0.97 * need.min_peak_week_m and long_m >= 0.97 * need.min_long_run_m:
        return
    n = len(week_spans(start, race.day))
    _refuse(athlete, race, start, options, n, Capacity(peak_m, long_m))


def _base_needed(athlete: Athlete, race: Race, options: PlanOptions) -> float:
    """The least current weekly volume from which a 26-week plan fits, metres."""
    from dataclasses import replace

    weekly = athlete.weekly_distance_m
    while weekly < 400 * METRES_PER_KM:
        weekly *= 1.1
        runs = len(athlete.days_available) + athlete.doubles_per_week
        long_m = min(weekly, max(athlete.long_run_m, 0.3 * weekly, weekly / runs))
        trial = replace(athlete, weekly_distance_m=weekly, long_run_m=long_m)
        if athlete.max_weekly_distance_m is not None:
            trial = replace(trial, max_weekly_distance_m=max(weekly, athlete.max_weekly_distance_m))
        if _fits(trial, race, 26, options):
            return weekly
    return weekly
