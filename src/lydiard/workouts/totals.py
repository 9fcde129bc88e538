"""Totals of a workout: distance, time, and both per intensity and per sport.

Rules (also in docs/workouts.md):

* A distance step counts its distance; a time step counts its time. The other quantity
  comes from a speed when one is known: the step's explicit pace, else the athlete's pace
  for the named pace, effort word, zone or RPE, else the pace of its role (warm-up,
  cool-down, easy, long and recovery at E; steady M; tempo T; work and hills I; strides R).
  Effort words map to Daniels paces: easy E, moderate and steady M, tempo T, hard I, very
  hard and max R. Paces apply to running (road, trail, treadmill) only.
* Standing rest covers no distance. A recovery given as a share of the rep's time
  ("50-90 % of rep time") takes that share of the previous rep's time.
* ``n`` reps with a recovery between them have ``n - 1`` recoveries; "last N at X" runs the
  final N reps at X. A range of reps ("6-8 x") gives the minimum and maximum.
* A run with parts inside ("8 mi with 10 x 100 m strides") is as long as the longer of the
  run and its parts; what the parts leave is run at the run's own target.
* ``distance_m`` / ``duration_s`` are the middle of the range, NaN when any step's amount is
  unknown (an open step, a time without a pace); ``known_distance_m`` / ``known_duration_s``
  add what is known. Intensity and sport buckets add what is known.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from lydiard.errors import InputError
from lydiard.model.sport import Sport
from lydiard.workouts.ast import (
    PACE_NAMES,
    Distance,
    Effort,
    HeartRate,
    Intensity,
    Item,
    NamedPace,
    Pace,
    Power,
    Repeat,
    RepShare,
    Role,
    Step,
    Target,
    Time,
    Workout,
)
from lydiard.workouts.intensity import ROLE_PACE, step_intensity, target_intensity

__all__ = ["Bucket", "Totals", "speed_range", "totals"]

_RUNNING = (Sport.RUN, Sport.TRAIL_RUN, Sport.TREADMILL)
_INTENSITY_PACE = {
    Intensity.EASY: "E",
    Intensity.STEADY: "M",
    Intensity.THRESHOLD: "T",
    Intensity.INTERVAL: "I",
    Intensity.REPETITION: "R",
}
_NAN = math.nan


@dataclass(frozen=True, slots=True)
class Bucket:
    """Known distance (m) and time (s) in one intensity or sport (middle of ranges)."""

    distance_m: float = 0.0
    duration_s: float = 0.0


@dataclass(slots=True)
class _Tally:
    d_lo: float = 0.0
    d_hi: float = 0.0
    t_lo: float = 0.0
    t_hi: float = 0.0
    d_unknown: bool = False
    t_unknown: bool = False
    by_intensity: dict[Intensity, list[float]] = field(default_factory=dict)
    by_sport: dict[Sport, list[float]] = field(default_factory=dict)

    def add(self, other: _Tally, times: float = 1.0, times_hi: float | None = None) -> None:
        hi = times if times_hi is None else times_hi
        self.d_lo += other.d_lo * times
        self.d_hi += other.d_hi * hi
        self.t_lo += other.t_lo * times
        self.t_hi += other.t_hi * hi
        if hi > 0:
            self.d_unknown |= other.d_unknown
            self.t_unknown |= other.t_unknown
        # buckets keep (distance lo, hi, time lo, hi) so they add up exactly as the totals do
        for key, (d_lo, d_hi, t_lo, t_hi) in other.by_intensity.items():
            acc = self.by_intensity.setdefault(key, [0.0, 0.0, 0.0, 0.0])
            acc[0] += d_lo * times
            acc[1] += d_hi * hi
            acc[2] += t_lo * times
            acc[3] += t_hi * hi
        for sport, (d_lo, d_hi, t_lo, t_hi) in other.by_sport.items():
            acc = self.by_sport.setdefault(sport, [0.0, 0.0, 0.0, 0.0])
            acc[0] += d_lo * times
            acc[1] += d_hi * hi
            acc[2] += t_lo * times
            acc[3] += t_hi * hi

    def leaf(
        self,
        intensity: Intensity,
        sport: Sport,
        dist: tuple[float, float] | None,
        time: tuple[float, float] | None,
    ) -> None:
        if dist is None:
            self.d_unknown = True
        else:
            self.d_lo += dist[0]
            self.d_hi += dist[1]
        if time is None:
            self.t_unknown = True
        else:
            self.t_lo += time[0]
            self.t_hi += time[1]
        d = dist or (0.0, 0.0)
        t = time or (0.0, 0.0)
        for acc in (
            self.by_intensity.setdefault(intensity, [0.0, 0.0, 0.0, 0.0]),
            self.by_sport.setdefault(sport, [0.0, 0.0, 0.0, 0.0]),
        ):
            acc[0] += d[0]
            acc[1] += d[1]
            acc[2] += t[0]
            acc[3] += t[1]


@dataclass(frozen=True, slots=True)
class Totals:
    """Totals of a workout; see the module docstring for the rules.

    Attributes:
        distance_m: middle of the distance range, NaN when some distance is unknown.
        distance_min_m: shortest total distance (NaN when unknown).
        distance_max_m: longest total distance (NaN when unknown).
        duration_s: middle of the time range, NaN when some time is unknown.
        duration_min_s: shortest total time (NaN when unknown).
        duration_max_s: longest total time (NaN when unknown).
        known_distance_m: distance of the steps whose distance is known.
        known_duration_s: time of the steps whose time is known.
        by_intensity: known distance and time per intensity.
        by_sport: known distance and time per sport.
    """

    distance_m: float
    distance_min_m: float
    distance_max_m: float
    duration_s: float
    duration_min_s: float
    duration_max_s: float
    known_distance_m: float
    known_duration_s: float
    by_intensity: Mapping[Intensity, Bucket]
    by_sport: Mapping[Sport, Bucket]


def _bucket(acc: list[float]) -> Bucket:
    return Bucket((acc[0] + acc[1]) / 2, (acc[2] + acc[3]) / 2)


def _check_paces(paces: Mapping[str, float]) -> None:
    for name, speed in paces.items():
        if name not in PACE_NAMES:
            raise InputError(
                f"paces: unknown pace name {name!r}; use one of {', '.join(PACE_NAMES)}"
            )
        if not (isinstance(speed, int | float) and math.isfinite(speed) and speed > 0):
            raise InputError(f"paces: {name} must be a speed above zero in m/s, got {speed!r}")


def totals(workout: Workout, paces: Mapping[str, float] | None = None) -> Totals:
    """Totals of a workout.

    Args:
        workout: the workout.
        paces: speeds in m/s by pace name (:data:`~lydiard.workouts.ast.PACE_NAMES`), e.g.
            ``{"E": 4.0, "T": 5.4}``; without them only written paces give times.

    Raises:
        InputError: for an unknown pace name or a speed that is not above zero.
    """
    paces = dict(paces or {})
    _check_paces(paces)
    tally = _Tally()
    for session in workout.sessions:
        tally.add(_Walker(paces).items(session.items))
    lo, hi = tally.d_lo, tally.d_hi
    t_lo, t_hi = tally.t_lo, tally.t_hi
    d_nan = tally.d_unknown
    t_nan = tally.t_unknown
    return Totals(
        distance_m=_NAN if d_nan else (lo + hi) / 2,
        distance_min_m=_NAN if d_nan else lo,
        distance_max_m=_NAN if d_nan else hi,
        duration_s=_NAN if t_nan else (t_lo + t_hi) / 2,
        duration_min_s=_NAN if t_nan else t_lo,
        duration_max_s=_NAN if t_nan else t_hi,
        known_distance_m=(lo + hi) / 2,
        known_duration_s=(t_lo + t_hi) / 2,
        by_intensity={k: _bucket(v) for k, v in tally.by_intensity.items()},
        by_sport={k: _bucket(v) for k, v in tally.by_sport.items()},
    )


def speed_range(step: Step, paces: Mapping[str, float] | None = None) -> tuple[float, float] | None:
    """The (slowest, fastest) speed in m/s a running step targets, or None when unknown.

    Uses the same rules as :func:`totals` (explicit pace, named pace, effort word, zone,
    else the pace of the step's role).
    """
    paces = dict(paces or {})
    _check_paces(paces)
    return _Walker(paces).speed(step, step.target)


class _Walker:
    """Walks items in order; remembers the last rep's time for "% of rep time"."""

    def __init__(self, paces: dict[str, float]) -> None:
        self.paces = paces
        self.last_rep_s: tuple[float, float] | None = None

    def items(self, items: tuple[Item, ...], override: Target | None = None) -> _Tally:
        tally = _Tally()
        for item in items:
            if isinstance(item, Step):
                tally.add(self.step(item, override))
            else:
                tally.add(self.repeat(item, override))
        return tally

    def repeat(self, rep: Repeat, override: Target | None) -> _Tally:
        tally = _Tally()
        hi = rep.count_max if rep.count_max is not None else rep.count
        plain_lo, plain_hi = rep.count - rep.last, hi - rep.last
        body = self.items(rep.items, override)
        between = self.step(rep.between, None) if rep.between is not None else None
        tally.add(body, plain_lo, plain_hi)
        if rep.last:
            tally.add(self.items(rep.items, rep.last_target), rep.last)
        if between is not None:
            tally.add(between, rep.count - 1, hi - 1)
        return tally

    def speed(self, step: Step, target: Target | None) -> tuple[float, float] | None:
        """(slow, fast) speed in m/s, or None."""
        if step.sport not in _RUNNING or step.role is Role.REST:
            return None
        if isinstance(target, Pace):
            return target.speeds_mps
        if isinstance(target, NamedPace):
            return self._named(target)
        name: str | None = None
        if isinstance(target, Effort):
            name = target.word.pace_name
        elif target is not None and not isinstance(target, HeartRate | Power):
            level = target_intensity(target)
            name = _INTENSITY_PACE.get(level) if level is not None else None
        if name is None:
            name = ROLE_PACE[step.role]
        speed = self.paces.get(name) if name else None
        return (speed, speed) if speed else None

    def _named(self, target: NamedPace) -> tuple[float, float] | None:
        speeds = []
        for name in (target.name, target.to):
            if name is None:
                continue
            base = self.paces.get(name)
            if base is None:
                return None
            speeds.append(base)
        if target.percent is not None:
            top = target.percent_to if target.percent_to is not None else target.percent
            speeds = [speeds[0] * target.percent / 100, speeds[0] * top / 100]
        if target.offset_s:
            per = target.offset_unit.metres
            speeds = [per / (per / s + target.offset_s) for s in speeds]
            if any(s <= 0 or not math.isfinite(s) for s in speeds):
                return None
        return (min(speeds), max(speeds))

    def step(self, step: Step, override: Target | None) -> _Tally:
        target = step.target
        if override is not None and step.role not in (Role.RECOVERY, Role.REST, Role.EASY):
            target = override
        intensity = step_intensity(step.role, target)
        speed = self.speed(step, target)
        dist, time = self._amounts(step, speed)
        if step.role not in (Role.RECOVERY, Role.REST) and time is not None:
            self.last_rep_s = time
        if not step.inner:
            tally = _Tally()
            tally.leaf(intensity, step.sport, dist, time)
            return tally
        return self._envelope(step, intensity, speed, dist, time)

    def _amounts(
        self, step: Step, speed: tuple[float, float] | None
    ) -> tuple[tuple[float, float] | None, tuple[float, float] | None]:
        end = step.end
        rest = step.role is Role.REST
        if isinstance(end, Distance):
            dist = (end.min_m, end.max_m)
            time = (end.min_m / speed[1], end.max_m / speed[0]) if speed else None
            return dist, time
        if isinstance(end, Time):
            time = (end.min_s, end.max_s)
        elif isinstance(end, RepShare) and self.last_rep_s is not None:
            top = end.upper if end.upper is not None else end.percent
            time = (self.last_rep_s[0] * end.percent / 100, self.last_rep_s[1] * top / 100)
        else:
            return ((0.0, 0.0) if rest else None), None
        if rest:
            return (0.0, 0.0), time
        moved = (time[0] * speed[0], time[1] * speed[1]) if speed else None
        return moved, time

    def _envelope(
        self,
        step: Step,
        intensity: Intensity,
        speed: tuple[float, float] | None,
        dist: tuple[float, float] | None,
        time: tuple[float, float] | None,
    ) -> _Tally:
        inner = self.items(step.inner)
        by_distance = isinstance(step.end, Distance)
        whole = dist if by_distance else time
        assert whole is not None
        part = (inner.d_lo, inner.d_hi) if by_distance else (inner.t_lo, inner.t_hi)
        filler = (max(0.0, whole[0] - part[0]), max(0.0, whole[1] - part[1]))
        filler_step = dataclasses.replace(
            step,
            end=Distance(1.0) if by_distance else Time(1.0),
            inner=(),
        )
        unit = self._amounts(filler_step, speed)
        other = unit[1] if by_distance else unit[0]
        tally = _Tally()
        tally.add(inner)
        fill_other = (other[0] * filler[0], other[1] * filler[1]) if other else None
        if by_distance:
            tally.leaf(intensity, step.sport, filler, fill_other)
            tally.d_unknown = False
        else:
            tally.leaf(intensity, step.sport, fill_other, filler)
            tally.t_unknown = False
        return tally
