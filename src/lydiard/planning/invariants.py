"""Every rule a built plan must satisfy, checked on its realised numbers.

:func:`check_plan` returns the violations (empty for a sound plan); property tests run it
over many random athletes and races, and ``lydiard plan show --check`` prints it. Rules:

* ``phases``: Lydiard's order, the freshen-up last and at most 3 weeks, race on the last day;
* ``increase``: no full week above ``1 + max_weekly_increase`` times the latest build week;
* ``cycle``: at most ``build_weeks`` build weeks in a row (one more straight into the taper);
  recovery weeks at or below ``recovery_fraction`` of the build week before;
* ``peak``: no week above the plan's peak, the athlete's maximum or the race's ceiling;
* ``spike``: no run above ``1 + spike_limit`` times the longest run of the previous 30 days;
* ``long_share``: the long run within its share of the week;
* ``hard_days``: no two days in a row with a hard session;
* ``taper``: mean taper volume 40-59 % of pre-taper (Bosquet 2007), a key session kept
  every taper week (given four days a week or more), running days kept (at most 20 %
  fewer, rounded down; Mujika & Padilla 2003) as far as the week's volume holds them:
  the race, the lightest key session and runs of the shortest taper run (3 km, 2 mi);
* ``days``: sessions only on days available (race day excepted); doubles only past the
  threshold and at most ``doubles_per_week``; cross-training only in the athlete's sports;
* ``climb``: weekly climbing rises at most ``climb_increase`` over the most so far;
* ``ramp``: fitness (CTL) rises at most ``max_ramp_rate`` in any plan week (when loads are
  estimated), see :mod:`lydiard.planning.estimate`.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from datetime import timedelta

from lydiard.physiology.risk import run_spikes
from lydiard.planning.athlete import doubles_now
from lydiard.planning.feasibility import _long_share
from lydiard.planning.guards import RampGuard
from lydiard.planning.keysessions import smallest_taper_key_m
from lydiard.planning.layout import taper_min_run
from lydiard.planning.periodise import Phase
from lydiard.planning.plan import Plan, SessionKind, Week, When
from lydiard.planning.progression import WeekKind, volume_ceiling
from lydiard.planning.race import race_demands
from lydiard.planning.taper import pre_taper_volume
from lydiard.units import DistanceUnit

__all__ = ["Violation", "check_plan"]

_ORDER = list(Phase)
_EPS = 1.0  # metres of slack for float sums


@dataclass(frozen=True, slots=True)
class Violation:
    """A broken rule.

    Attributes:
        rule: the rule's short name ("spike", "hard_days"...).
        where: the week or day it concerns.
        message: what is wrong, with the figures.
    """

    rule: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.rule} ({self.where}): {self.message}"


def check_plan(plan: Plan, *, ramp: RampGuard | None = None) -> list[Violation]:
    """Check every rule on a built plan.

    Args:
        plan: the plan.
        ramp: the fitness ramp guard; when given (and loads are estimated) the ramp-rate
            rule is checked too.

    Returns:
        The violations, in plan order; empty when the plan is sound.
    """
    out: list[Violation] = []
    for check in (_phases, _volume, _spike, _long_share_rule, _hard_days, _taper, _days, _climb):
        out += check(plan)
    if ramp is not None:
        out += _ramp(plan, ramp)
    return out


def _w(i: int) -> str:
    return f"week {i + 1}"


def _phases(plan: Plan) -> list[Violation]:
    out = []
    order = [_ORDER.index(w.phase) for w in plan.weeks]
    if order != sorted(order):
        out.append(Violation("phases", "plan", f"phases out of Lydiard's order: {order}"))
    taper = [w for w in plan.weeks if w.phase is Phase.FRESHEN]
    if not taper or plan.weeks[-1].phase is not Phase.FRESHEN or len(taper) > 3:
        out.append(
            Violation("phases", "plan", f"freshen-up must end the plan, 1-3 weeks: {len(taper)}")
        )
    last = plan.weeks[-1].days[-1]
    if last.day != plan.race.day or not any(s.kind is SessionKind.RACE for s in last.sessions):
        out.append(Violation("phases", "plan", "the plan must end with the race on race day"))
    return out


def _volume(plan: Plan) -> list[Violation]:
    out = []
    opts = plan.options
    latest = plan.athlete.weekly_distance_m
    in_a_row = 0
    ceiling = min(plan.peak_m, volume_ceiling(plan.race))
    if plan.athlete.max_weekly_distance_m is not None:
        ceiling = min(ceiling, max(plan.athlete.max_weekly_distance_m, 0.0))
    ceiling = max(ceiling, min(plan.athlete.weekly_distance_m, plan.peak_m))
    for i, w in enumerate(plan.weeks):
        per7 = w.training_run_m * 7 / len(w.days)
        if w.kind in (WeekKind.TAPER, WeekKind.RACE):
            continue
        if len(w.days) < 7:  # a partial first week: a lead-in at the current rate
            if per7 > latest * (1 + opts.max_weekly_increase) + _EPS:
                out.append(Violation("increase", _w(i), f"lead-in at {per7 / 1000:.1f} km a week"))
            continue
        if per7 > latest * (1 + opts.max_weekly_increase) + _EPS:
            out.append(
                Violation(
                    "increase",
                    _w(i),
                    f"{per7 / 1000:.1f} km after a {latest / 1000:.1f} km build week",
                )
            )
        if per7 > ceiling + _EPS:
            out.append(
                Violation(
                    "peak", _w(i), f"{per7 / 1000:.1f} km above the peak {ceiling / 1000:.1f} km"
                )
            )
        if w.kind is WeekKind.RECOVERY:
            if per7 > opts.recovery_fraction * latest + _EPS:
                out.append(
                    Violation("cycle", _w(i), "recovery week above its share of the build week")
                )
            in_a_row = 0
        else:
            in_a_row += 1
            latest = per7
            nxt = plan.weeks[i + 1].phase if i + 1 < len(plan.weeks) else Phase.FRESHEN
            allowed = opts.build_weeks + (1 if nxt is Phase.FRESHEN else 0)
            if in_a_row > allowed:
                out.append(Violation("cycle", _w(i), f"{in_a_row} build weeks in a row"))
    return out


def _spike(plan: Plan) -> list[Violation]:
    out = []
    pre = (plan.start - timedelta(days=1), plan.athlete.long_run_m)
    runs = [
        (d.day, s)
        for d in plan.days
        for s in d.sessions
        if s.is_run and s.kind is not SessionKind.RACE
    ]
    judged = run_spikes([pre, *((day, s.run_m) for day, s in runs)])
    titles = {(day, s.run_m): s.title for day, s in runs}
    for day, spike in judged:
        if day < plan.start or not spike.increase > plan.options.spike_limit + 1e-9:
            continue
        title = titles.get((day, spike.distance_m), "run")
        out.append(
            Violation(
                "spike",
                day.isoformat(),
                f"{title}: {spike.distance_m / 1000:.1f} km after a longest of "
                f"{spike.reference_m / 1000:.1f} km in the previous 30 days (hazard ratio "
                f"{spike.level.hazard_ratio:g}, Frandsen et al. 2025)",
            )
        )
    return out


def _long_share_rule(plan: Plan) -> list[Violation]:
    out = []
    cap = race_demands(plan.race.distance_m).long_run_cap_m
    for i, w in enumerate(plan.weeks):
        if w.kind is WeekKind.RACE:
            continue
        longest = w.longest_run_m
        if longest > cap + _EPS:
            out.append(
                Violation(
                    "long_share", _w(i), f"long run {longest / 1000:.1f} km above the race's cap"
                )
            )
        per7 = w.target_m * 7 / len(w.days)
        share = _long_share(plan.options, plan.race, per7)
        if longest > share * per7 + _EPS:
            out.append(
                Violation(
                    "long_share",
                    _w(i),
                    f"long run {longest / 1000:.1f} km is {longest / per7:.0%} of the week "
                    f"(cap {share:.0%})",
                )
            )
    return out


def _hard_days(plan: Plan) -> list[Violation]:
    out = []
    days = list(plan.days)
    for a, b in itertools.pairwise(days):
        if a.hard and b.hard:
            out.append(
                Violation("hard_days", b.day.isoformat(), "hard sessions on two days in a row")
            )
    return out


def _taper(plan: Plan) -> list[Violation]:
    out: list[Violation] = []
    weeks = list(plan.weeks)
    taper = [w for w in weeks if w.phase is Phase.FRESHEN]
    before = [w for w in weeks if w.phase is not Phase.FRESHEN]
    builds = [w.training_run_m for w in before if w.kind is WeekKind.BUILD and len(w.days) == 7]
    if not taper:
        return out
    pre = pre_taper_volume(builds or [plan.athlete.weekly_distance_m])
    mean = sum(w.training_run_m * 7 / len(w.days) for w in taper) / len(taper) / pre
    if not 0.40 - 0.02 <= mean <= 0.59 + 0.02:
        out.append(
            Violation(
                "taper",
                "freshen-up",
                f"mean taper volume {mean:.0%} of pre-taper (Bosquet: 40-59 %)",
            )
        )
    # With three days a week or fewer, the only free day may sit next to a hard one.
    for w in taper if len(plan.athlete.days_available) > 3 else []:
        if not any(s.kind in (SessionKind.ANAEROBIC, SessionKind.SHARPENING) for s in w.sessions):
            out.append(Violation("taper", _w(w.index), "no key session kept at race intensity"))
    ref = before[-3:]
    if not ref:
        return out
    run_days_before = sum(sum(1 for d in w.days if d.run_m > 0) for w in ref) / len(ref)
    for w in taper:
        days = sum(1 for d in w.days if d.run_m > 0) * 7 / len(w.days)
        kept = min(math.floor(0.8 * run_days_before + 1e-9), _days_held(w, plan.athlete.units))
        if days < kept - 1e-9:
            out.append(
                Violation(
                    "taper", _w(w.index), f"{days:.0f} running days after {run_days_before:.1f}"
                )
            )
    return out


def _days_held(week: Week, units: DistanceUnit) -> int:
    """The most running days a taper week's volume holds.

    The race, one key session at its lightest and runs of the shortest taper run: a small
    taper cannot be split into as many runs as the weeks before it.
    """
    volume = week.training_run_m + _EPS
    race = sum(1 for s in week.sessions if s.kind is SessionKind.RACE)
    shortest = taper_min_run(units)
    key = smallest_taper_key_m(units)
    runs = 1 + int((volume - key) // shortest) if volume >= key else int(volume // shortest)
    return race + runs


def _days(plan: Plan) -> list[Violation]:
    out = []
    a = plan.athlete
    doubled_before = doubles_now(a)
    for i, w in enumerate(plan.weeks):
        doubles = 0
        for d in w.days:
            runs = [s for s in d.sessions if s.is_run]
            if d.sessions and d.day.weekday() not in a.days_available and d.day != plan.race.day:
                out.append(
                    Violation(
                        "days", d.day.isoformat(), "session on a day the athlete is not available"
                    )
                )
            if len(runs) > 1:
                doubles += 1
                if any(s.when is When.ANY for s in runs):
                    out.append(Violation("days", d.day.isoformat(), "two runs without AM/PM"))
            for s in d.sessions:
                if not s.is_run and s.sport not in a.cross_training:
                    out.append(
                        Violation(
                            "days",
                            d.day.isoformat(),
                            f"{s.sport.label} is not available to the athlete",
                        )
                    )
                if s.is_run and not (s.distance_m > 0 and s.text):
                    out.append(Violation("days", d.day.isoformat(), f"empty session {s.title!r}"))
        # Past the threshold; in the taper, when the last week before it had doubles.
        tapering = w.phase is Phase.FRESHEN
        allowed = (
            doubled_before
            if tapering
            else (w.target_m * 7 / len(w.days) >= plan.options.doubles_threshold_m - _EPS)
        )
        if doubles and (doubles > a.doubles_per_week or not allowed):
            out.append(
                Violation(
                    "days",
                    _w(i),
                    f"{doubles} doubles (allowed {a.doubles_per_week} past the threshold)",
                )
            )
        if not tapering and len(w.days) == 7:
            doubled_before = doubles > 0
    return out


def _climb(plan: Plan) -> list[Violation]:
    out = []
    if not plan.race.off_road:
        return [
            Violation("climb", _w(w.index), "climbing planned for a road race")
            for w in plan.weeks
            if any(s.climb_m > 0 for s in w.sessions if s.kind is not SessionKind.HILLS)
        ]
    a = plan.athlete
    most = (
        a.weekly_climb_m if math.isfinite(a.weekly_climb_m) else 10.0 * a.weekly_distance_m / 1000
    )
    for w in plan.weeks:
        # Hill sessions' climbing is part of their structure; the rest is ramped.
        ramped = sum(
            s.climb_m for s in w.sessions if s.kind not in (SessionKind.HILLS, SessionKind.RACE)
        )
        per7 = ramped * 7 / len(w.days)
        if per7 > most * (1 + plan.options.climb_increase) + 10 * len(list(w.sessions)):
            out.append(Violation("climb", _w(w.index), f"{per7:.0f} m after at most {most:.0f} m"))
        most = max(most, per7)
    return out


def _ramp(plan: Plan, ramp: RampGuard) -> list[Violation]:
    loads = [sum(s.load for s in d.sessions) for d in plan.days]
    if not all(math.isfinite(x) for x in loads):
        return []
    rises = ramp.rises(loads)
    days = list(plan.days)
    out = []
    for w in plan.weeks:
        if w.kind in (WeekKind.TAPER, WeekKind.RACE):
            continue
        i = days.index(w.days[-1])
        if rises[i] > plan.options.max_ramp_rate + 1e-6:
            out.append(
                Violation("ramp", _w(w.index), f"fitness rises {rises[i]:.1f} points in 7 days")
            )
    return out
