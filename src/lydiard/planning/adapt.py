"""Rewrite the coming days from what was done and how the athlete is.

:func:`adapt` takes the plan, plain records of what was done (:class:`DoneRecord`) and the
day's status (HRV verdict, burnout light, their reasons) and rewrites the days from
``today`` over ``horizon_days``. Every change carries its rule and reason. First what was
done (rules 4-6), then how the athlete is (rules 1-3, which override), then the spike
guard (rule 7):

1. **Red light** (burnout screen): five days of recovery: no hard session, runs at most
   60 % of plan and easy (cross-training instead when the athlete has it).
2. **Amber light**: the next hard session within three days becomes easy.
3. **HRV verdict** (Plews et al. 2012; Javaloyes et al. 2019): "rest" makes today a rest
   day (or 45 min of easy cross-training); "easy" turns today's hard or key session into
   an easy run of at most 60 % (or the same time of easy cross-training).
4. **Missed days**: three or more days in a row with nothing done (illness, travel): the
   next seven days are eased in at 70 %, no hard session in the first three.
   A **missed key session** in the last seven days moves to the first easy day of the
   horizon in the same plan week that keeps hard days apart (a long run: three days from
   another), if any; missed easy running is not made up.
5. **Too little**: under 80 % of the planned running in the last seven days: as many
   coming days are capped at the done volume plus ``max_weekly_increase``.
6. **Too much**: over 110 % of plan in the last seven days: the coming easy running is
   trimmed by the excess.
7. **Spike guard** (Frandsen et al. 2025): no coming run longer than ``1 + spike_limit``
   times the longest run done in the 30 days before it (planned runs do not count, or the
   guard would allow 10 % more every day).

Order: missed days and sessions (4), the spike guard (7), the volume (5-6) against what
was run, then the status (1-3) over all, and the spike guard again for moved sessions.
Rules 4-7 need records from the last 30 days (days before the first of them are unknown,
not missed): with none there is nothing to judge, rather than a month off. Everything is
pure: ``today`` is an argument.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from lydiard.model.sport import Sport
from lydiard.physiology.burnout import BurnoutAssessment, Light
from lydiard.physiology.readiness import Readiness, Verdict
from lydiard.physiology.risk import session_spike
from lydiard.planning.amounts import fine_step, quarter_hours, round_down
from lydiard.planning.done import DoneRecord, runs_by_day
from lydiard.planning.plan import Day, Plan, PlannedSession, SessionKind
from lydiard.planning.sessions import cross_session, easy_run

__all__ = ["Adaptation", "Change", "Rule", "Status", "adapt"]


class Rule(StrEnum):
    """Why a day changed."""

    RED = "red flag"
    AMBER = "amber flag"
    HRV_REST = "hrv rest"
    HRV_EASY = "hrv easy"
    MISSED_DAYS = "missed days"
    MISSED_KEY = "missed key session"
    TOO_LITTLE = "too little"
    TOO_MUCH = "too much"
    SPIKE = "spike guard"


@dataclass(frozen=True, slots=True)
class Status:
    """How the athlete is today.

    Attributes:
        hrv: the morning HRV verdict, if measured.
        light: the burnout screen's light, if assessed.
        reasons: the reasons behind them, shown with the changes.
    """

    hrv: Verdict | None = None
    light: Light | None = None
    reasons: tuple[str, ...] = ()

    @classmethod
    def of(
        cls, readiness: Readiness | None = None, burnout: BurnoutAssessment | None = None
    ) -> Status:
        """From :mod:`lydiard.physiology` results."""
        reasons: list[str] = []
        if readiness is not None:
            reasons += readiness.reasons
        if burnout is not None:
            reasons += [s.reason for s in burnout.signals]
        return cls(
            readiness.verdict if readiness is not None else None,
            burnout.light if burnout is not None else None,
            tuple(reasons),
        )


@dataclass(frozen=True, slots=True)
class Change:
    """One day rewritten.

    Attributes:
        day: the date.
        rule: which rule changed it.
        reason: why, with the figures.
        before: the sessions planned.
        after: the sessions now.
    """

    day: date
    rule: Rule
    reason: str
    before: tuple[PlannedSession, ...]
    after: tuple[PlannedSession, ...]


@dataclass(frozen=True, slots=True)
class Adaptation:
    """The rewritten plan and what changed."""

    plan: Plan
    changes: tuple[Change, ...]


class _Days:
    """The plan's days as a mutable map, recording every change."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.days = {d.day: list(d.sessions) for d in plan.days}
        self.changes: list[Change] = []

    def set(self, day: date, sessions: list[PlannedSession], rule: Rule, reason: str) -> None:
        before = tuple(self.days[day])
        if tuple(sessions) == before:
            return
        after = [replace(s, reason=reason) for s in sessions]
        self.days[day] = after
        self.changes.append(Change(day, rule, reason, before, tuple(after)))

    def hard(self, day: date) -> bool:
        return any(s.hard for s in self.days.get(day, ()))

    def run_m(self, day: date) -> float:
        return sum(s.run_m for s in self.days.get(day, ()))

    def rebuilt(self) -> Plan:
        weeks = tuple(
            replace(w, days=tuple(Day(d.day, tuple(self.days[d.day])) for d in w.days))
            for w in self.plan.weeks
        )
        return replace(self.plan, weeks=weeks)


def _easier(
    plan: Plan, s: PlannedSession, share: float, *, cross_ok: bool
) -> PlannedSession | None:
    """An easy stand-in for ``s``: a run of at most ``share`` of it, or easy cross-training.

    Cross-training becomes an easy piece of at most ``share`` of its time, whole quarter
    hours, never over an hour (a tempo ride is a hard session too).
    """
    if s.kind in (SessionKind.CROSS, SessionKind.CROSS_TEMPO):
        length = s.duration_s if math.isfinite(s.duration_s) else 3600.0
        eased = quarter_hours(min(3600.0, share * length))
        return cross_session(s.day, s.sport, eased, when=s.when)
    if s.kind is SessionKind.RACE or not s.is_run:
        return s
    units = plan.athlete.units
    sports = sorted(plan.athlete.cross_training - {Sport.SKI_ERG}, key=lambda x: x.value)
    if cross_ok and sports and (s.hard or s.kind in (SessionKind.LONG, SessionKind.FAST_LONG)):
        length = s.duration_s if math.isfinite(s.duration_s) else 3600.0
        cap = 3600.0 if share <= 0.6 else 7200.0  # recovery: an hour; otherwise two
        return cross_session(s.day, sports[0], quarter_hours(min(length, cap)), when=s.when)
    size = round_down(share * s.run_m, units, step=fine_step(share * s.run_m, units))
    if size < 3000.0:
        return None
    kind = SessionKind.RECOVERY if share <= 0.6 else SessionKind.EASY
    return easy_run(s.day, size, units, sport=s.sport, kind=kind, when=s.when)


def _window(start: date, n: int) -> list[date]:
    return [start + timedelta(days=k) for k in range(n)]


def adapt(
    plan: Plan,
    done: Sequence[DoneRecord],
    today: date,
    status: Status | None = None,
    *,
    horizon_days: int = 7,
) -> Adaptation:
    """Rewrite the plan's days from ``today`` for what was done and how the athlete is.

    Args:
        plan: the plan.
        done: what was done (records on or after ``today`` are ignored).
        today: the first day that may change (the clock is an argument).
        status: today's HRV verdict and burnout light.
        horizon_days: how many days ahead may change.

    Returns:
        The new plan and the changes, each with its rule and reason.
    """
    status = status or Status()
    days = _Days(plan)
    horizon = [d for d in _window(today, horizon_days) if d in days.days]
    if not horizon:
        return Adaptation(plan, ())
    history = [r for r in done if r.day < today]
    recent = [r.day for r in history if r.day >= today - timedelta(days=30)]
    if recent:
        # Missed days and sessions, then the spike guard on what was run, then the volume
        # against what was run (so the cap counts the runs the guard already shortened).
        gap = _missed(plan, days, history, today, horizon, min(recent))
        _spikes(plan, days, history, horizon)
        if gap < 3:
            _volume(plan, days, history, today, horizon, min(recent))
    _from_status(plan, days, status, today, horizon)
    if recent:
        _spikes(plan, days, history, horizon)  # a moved session meets the guard too
    return Adaptation(days.rebuilt(), tuple(days.changes))


def _missed(
    plan: Plan,
    days: _Days,
    history: list[DoneRecord],
    today: date,
    horizon: list[date],
    known_from: date,
) -> int:
    """Rule 4: days off ease the next week in; a missed key session moves. Returns the gap.

    Days before the first record of the last 30 days are unknown, not missed.
    """
    gap = 0
    for k in range(1, 8):
        d = today - timedelta(days=k)
        if d < max(plan.start, known_from) or any(r.day == d for r in history):
            break
        gap += 1
    if gap < 3:
        _reschedule(plan, days, runs_by_day(history), today, horizon, known_from)
        return gap
    for i, d in enumerate(horizon):
        new = [
            x
            for s in days.days[d]
            if (
                x := _easier(plan, s, 0.7, cross_ok=False)
                if i < 3 and s.hard
                else _scaled(plan, s, 0.7)
            )
        ]
        days.set(d, new, Rule.MISSED_DAYS, f"{gap} days without training: ease back in at 70 %")
    return gap


def _volume(
    plan: Plan,
    days: _Days,
    history: list[DoneRecord],
    today: date,
    horizon: list[date],
    known_from: date,
) -> None:
    """Rules 5-6: the coming days against the running done in the last seven (known) days."""
    done_runs = runs_by_day(history)
    last7 = [d for d in _window(today - timedelta(days=7), 7) if d >= max(plan.start, known_from)]
    planned7 = sum(_planned_run_m(plan, d) for d in last7)
    done7 = sum(done_runs.get(d, 0.0) for d in last7)
    week = horizon[: max(1, len(last7))]
    coming = sum(days.run_m(d) for d in week)
    if planned7 <= 0 or coming <= 0:
        return
    said = (
        f"{done7 / 1000:.0f} km run in the last {len(last7)} days against "
        f"{planned7 / 1000:.0f} planned"
    )
    if done7 < 0.8 * planned7:
        cap = done7 * (1 + plan.options.max_weekly_increase)
        if coming > cap:
            reason = (
                f"{said}: the next {len(week)} days capped at {cap / 1000:.0f} km "
                "(missed running is not made up)"
            )
            _trim(plan, days, week, coming - cap, Rule.TOO_LITTLE, reason)
    elif done7 > 1.1 * planned7:
        reason = f"{said}: easy running trimmed by the excess"
        _trim(plan, days, week, done7 - planned7, Rule.TOO_MUCH, reason)


def _from_status(plan: Plan, days: _Days, status: Status, today: date, horizon: list[date]) -> None:
    """Rules 1-3: the burnout light and the morning HRV verdict override everything."""
    why = f" ({'; '.join(status.reasons)})" if status.reasons else ""
    if status.light is Light.RED:
        for d in horizon[:5]:
            # one run a day at most: the second run of a double goes
            ran = [s for s in days.days[d] if s.is_run and s.kind is not SessionKind.RACE]
            kept = [s for s in days.days[d] if s not in ran[1:]]
            new = [x for s in kept if (x := _easier(plan, s, 0.6, cross_ok=True))]
            days.set(d, new, Rule.RED, "burnout screen red: recovery, easy and short" + why)
    elif status.light is Light.AMBER:
        first = next((d for d in horizon[:3] if days.hard(d)), None)
        if first is not None:
            new = [x for s in days.days[first] if (x := _easier(plan, s, 0.8, cross_ok=False))]
            days.set(first, new, Rule.AMBER, "burnout screen amber: this hard session eased" + why)
    if status.hrv is Verdict.REST and today in days.days:
        sports = sorted(plan.athlete.cross_training - {Sport.SKI_ERG}, key=lambda x: x.value)
        rest = [cross_session(today, sports[0], 45 * 60.0)] if sports else []
        days.set(today, rest, Rule.HRV_REST, "HRV well below its band: rest today" + why)
    elif status.hrv is Verdict.EASY and today in days.days:
        new = [
            x
            for s in days.days[today]
            if (x := _easier(plan, s, 0.6, cross_ok=True) if s.hard or s.key else s)
        ]
        days.set(today, new, Rule.HRV_EASY, "HRV below its band: easy or cross-training" + why)


def _planned_run_m(plan: Plan, day: date) -> float:
    week = plan.week_of(day)
    if week is None:
        return 0.0
    return sum(d.run_m for d in week.days if d.day == day)


def _scaled(plan: Plan, s: PlannedSession, share: float) -> PlannedSession | None:
    if not s.is_run or s.kind is SessionKind.RACE or s.hard:
        return s
    return _easier(plan, s, share, cross_ok=False) if s.run_m > 0 else s


def _reschedule(
    plan: Plan,
    days: _Days,
    done_runs: dict[date, float],
    today: date,
    horizon: list[date],
    known_from: date,
) -> None:
    """Move a missed key session of the last 7 days to a free easy day of the horizon.

    The day must be in the same plan week, hold an easy session, keep hard days apart, and
    (for a long run) sit at least three days before the next long run.
    """
    longs = (SessionKind.LONG, SessionKind.FAST_LONG, SessionKind.BACK_TO_BACK)
    one = timedelta(days=1)
    for k in range(7, 0, -1):
        d = today - timedelta(days=k)
        week = plan.week_of(d)
        if week is None or d < known_from or done_runs.get(d, 0.0) > 0:
            continue
        for s in (x for x in days.days[d] if x.key and x.is_run and x.kind is not SessionKind.RACE):

            def fits(t: date, s: PlannedSession = s, week_index: int = week.index) -> bool:
                w = plan.week_of(t)
                if w is None or w.index != week_index or not days.days[t] or days.hard(t):
                    return False
                if any(x.key for x in days.days[t]):
                    return False
                if s.hard and (days.hard(t - one) or days.hard(t + one)):
                    return False
                if s.kind in longs:
                    near = [t + timedelta(days=j) for j in range(-2, 3)]
                    return not any(x.kind in longs for n in near for x in days.days.get(n, ()))
                return True

            target = next((t for t in horizon if fits(t)), None)
            if target is None:
                continue
            moved = replace(s, day=target, when=days.days[target][0].when)
            reason = f"{s.title} missed on {d.isoformat()}: moved here, hard days kept apart"
            days.set(target, [moved], Rule.MISSED_KEY, reason)


def _trim(
    plan: Plan, days: _Days, week: list[date], excess: float, rule: Rule, reason: str
) -> None:
    """Cut ``excess`` metres from ``week``.

    Easy runs first, all by the same share (the week keeps its shape), then the long runs;
    hard sessions stay. Runs under 3 km go.
    """
    units = plan.athlete.units
    longs = (SessionKind.LONG, SessionKind.BACK_TO_BACK, SessionKind.MEDIUM_LONG)
    for stage in ("easy", "long"):

        def wanted(s: PlannedSession, stage: str = stage) -> bool:
            if not s.is_run or s.hard or s.kind is SessionKind.RACE:
                return False
            is_long = s.kind in longs
            return is_long if stage == "long" else not is_long

        total = sum(s.run_m for d in week for s in days.days[d] if wanted(s))
        if excess <= 0 or total <= 0:
            continue
        share = max(0.0, 1 - excess / total)
        for d in week:
            new: list[PlannedSession] = []
            for s in days.days[d]:
                if not wanted(s):
                    new.append(s)
                    continue
                size = round_down(share * s.run_m, units, step=fine_step(share * s.run_m, units))
                excess -= s.run_m - (size if size >= 3000.0 else 0.0)
                if size >= 3000.0:
                    new.append(easy_run(d, size, units, sport=s.sport, kind=s.kind, when=s.when))
            days.set(d, new, rule, reason)


def _spikes(plan: Plan, days: _Days, history: list[DoneRecord], horizon: list[date]) -> None:
    """Rule 7: no coming run over ``1 + spike_limit`` times the longest run done before it.

    Only runs done in the 30 days count: runs merely planned would let the guard allow
    10 % more every day.
    """
    runs = [(r.day, r.run_m) for r in history if r.sport.is_run]
    limit = 1 + plan.options.spike_limit
    units = plan.athlete.units
    longs = (SessionKind.LONG, SessionKind.FAST_LONG, SessionKind.BACK_TO_BACK)
    for d in horizon:
        new = list(days.days[d])
        changed = ""
        for i, s in enumerate(new):
            if not s.is_run or s.kind is SessionKind.RACE:
                continue
            ref = session_spike(d, s.run_m, runs).reference_m
            if math.isfinite(ref) and s.run_m > ref * limit + 1.0:
                size = round_down(ref * limit, units, step=fine_step(ref * limit, units))
                kind = SessionKind.LONG if s.kind in longs else SessionKind.EASY
                new[i] = easy_run(d, size, units, sport=s.sport, kind=kind, when=s.when)
                changed = (
                    f"{s.title} cut to {size / 1000:.1f} km: the longest run done in the 30 "
                    f"days before is {ref / 1000:.1f} km (spike guard, Frandsen et al. 2025)"
                )
        if changed:
            days.set(d, new, Rule.SPIKE, changed)
