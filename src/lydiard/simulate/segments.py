"""From a planned session to segments: what the athlete does, step by step, in order.

The session's items are put in the order a device runs them
(:func:`lydiard.workouts.expand.flatten`: repeats unrolled, runs with parts inside split)
and each step becomes a :class:`Segment`: a sport, a distance or a duration, and an effort
as a fraction of VO2max (see :mod:`lydiard.simulate.athlete`):

* running steps: the speed the workout language gives the step with the athlete's paces
  (:func:`lydiard.workouts.totals.speed_range`: an explicit pace, a named pace, an effort
  word, a zone, else the pace of the step's role), a random point of a range; the effort is
  that speed's oxygen cost. A recovery run on its own is run at the slow end of E.
* other sports: a power target (bike, ski erg), a heart-rate target, else the intensity the
  target or role names (:func:`lydiard.workouts.intensity.step_intensity`) as a fraction
  of VO2max from :data:`CROSS_FRACTION`;
* standing rest: effort 0 (the athlete stands);
* an open step (lap button) lasts ``open_s`` (10 min), "until HR below N" 2 min, a share
  of the rep's time that share of the previous work step's time.

Fatigue slows the athlete a little: easy running by up to 3 %, harder work by up to 1.5 %.
Stops are inserted now and then into long easy steps: short ones standing (a road
crossing, a gate), longer ones with the watch paused (a chat, a photo, an aid stop).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from lydiard.model.sport import Sport
from lydiard.simulate.athlete import SimAthlete, speed_at_fraction, vo2_fraction
from lydiard.workouts.ast import (
    Distance,
    HeartRate,
    HrBelow,
    Intensity,
    LapButton,
    Power,
    RepShare,
    Role,
    Session,
    Step,
    Time,
    Workout,
)
from lydiard.workouts.expand import Block, flatten
from lydiard.workouts.intensity import step_intensity
from lydiard.workouts.render import render
from lydiard.workouts.totals import speed_range

__all__ = ["CROSS_FRACTION", "LAP_INTENSITY", "RUN_FRACTION", "Segment", "plan_segments"]

#: Effort (fraction of VO2max) of a running step whose target gives no pace.
RUN_FRACTION: dict[Intensity, float] = {
    Intensity.REST: 0.0,
    Intensity.EASY: 0.68,
    Intensity.STEADY: 0.82,
    Intensity.THRESHOLD: 0.88,
    Intensity.INTERVAL: 0.97,
    Intensity.REPETITION: 1.04,
}
#: Effort of a cross-training step by intensity: runners ride and ski a notch lower.
CROSS_FRACTION: dict[Intensity, float] = {
    Intensity.REST: 0.0,
    Intensity.EASY: 0.60,
    Intensity.STEADY: 0.72,
    Intensity.THRESHOLD: 0.80,
    Intensity.INTERVAL: 0.90,
    Intensity.REPETITION: 0.98,
}
#: FIT lap intensity of each role.
LAP_INTENSITY: dict[Role, str] = {
    Role.WARMUP: "warmup",
    Role.WORK: "interval",
    Role.RECOVERY: "recovery",
    Role.REST: "rest",
    Role.COOLDOWN: "cooldown",
    Role.EASY: "active",
    Role.STEADY: "active",
    Role.LONG: "active",
    Role.TEMPO: "active",
    Role.STRIDES: "interval",
    Role.HILL: "interval",
}
_EASY_ROLES = (Role.EASY, Role.LONG, Role.WARMUP, Role.COOLDOWN, Role.RECOVERY)
_OPEN_S = 600.0
_HR_BELOW_S = 120.0


@dataclass(frozen=True, slots=True)
class Segment:
    """One stretch of a session at one effort.

    Attributes:
        role: the step's role (``REST`` for stops).
        sport: the sport.
        distance_m: how far (NaN when it ends on time).
        duration_s: how long (NaN when it ends on distance).
        fraction: effort as a fraction of VO2max (0 standing).
        speed_mps: flat running speed for running steps (NaN otherwise; 0 standing).
        power_w: target power for bike and ski erg (NaN otherwise).
        lap: a new lap starts here (a step of a structured session).
        lap_intensity: the FIT lap intensity ("warmup", "interval", "rest"...).
        rep: the work rep's number (1, 2, ...) or 0.
        recorded: False while the watch is paused.
        label: the step as the workout language writes it.
    """

    role: Role
    sport: Sport
    distance_m: float
    duration_s: float
    fraction: float
    speed_mps: float
    power_w: float
    lap: bool
    lap_intensity: str
    rep: int = 0
    recorded: bool = True
    label: str = ""

    @property
    def by_distance(self) -> bool:
        """Whether the segment ends after a distance (else after a time)."""
        return math.isfinite(self.distance_m)


def _steps(session: Session, paces: dict[str, float]) -> list[Step]:
    out: list[Step] = []
    for part in flatten(session.items, paces):
        if isinstance(part, Block):
            for _ in range(part.count):
                out.extend(part.steps)
        else:
            out.append(part)
    return out


def _pick(rng: np.random.Generator, low: float, high: float) -> float:
    return low if high <= low else float(rng.uniform(low, high))


def _amount(rng: np.random.Generator, step: Step, last_work_s: float) -> tuple[float, float]:
    """(distance_m, duration_s) of a step, one of them NaN."""
    end = step.end
    nan = math.nan
    if isinstance(end, Distance):
        return _pick(rng, end.min_m, end.max_m), nan
    if isinstance(end, Time):
        return nan, _pick(rng, end.min_s, end.max_s)
    if isinstance(end, RepShare):
        top = end.upper if end.upper is not None else end.percent
        share = _pick(rng, end.percent, top) / 100.0
        return nan, max(10.0, share * (last_work_s if math.isfinite(last_work_s) else 120.0))
    if isinstance(end, HrBelow):
        return nan, _HR_BELOW_S
    assert isinstance(end, LapButton)
    return nan, _OPEN_S


def _running(
    rng: np.random.Generator, step: Step, athlete: SimAthlete, paces: dict[str, float]
) -> tuple[float, float]:
    """(fraction, flat speed) of a running step."""
    if step.role is Role.REST:
        return 0.0, 0.0
    if isinstance(step.target, HeartRate):
        hr = _pick(rng, step.target.bpm, step.target.upper or step.target.bpm)
        fraction = athlete.fraction_at_hr(hr)
        return fraction, float(speed_at_fraction(fraction, athlete.vdot))
    speeds = speed_range(step, paces)
    if step.role is Role.RECOVERY and step.target is None:
        # a jog: the slow end of E, slower still between reps
        speed = athlete.paces.easy_slow_mps * float(rng.uniform(0.88, 1.0))
    elif speeds is None:
        fraction = RUN_FRACTION[step_intensity(step.role, step.target)]
        speed = float(speed_at_fraction(fraction, athlete.vdot))
    else:
        speed = _pick(rng, speeds[0], speeds[1])
        if step.role in _EASY_ROLES and speeds[0] == speeds[1]:
            speed *= float(rng.normal(1.0, 0.025))  # easy days are run by feel
    return float(vo2_fraction(speed, athlete.vdot)), speed


def _cross(rng: np.random.Generator, step: Step, athlete: SimAthlete) -> tuple[float, float]:
    """(fraction, power) of a step of another sport (power NaN without a power meter)."""
    ftp = {Sport.BIKE: athlete.bike_ftp_w, Sport.SKI_ERG: athlete.ski_erg_ftp_w}.get(step.sport)
    target = step.target
    if step.role is Role.REST:
        return 0.0, 0.0 if ftp else math.nan
    if isinstance(target, Power) and ftp:
        watts = _pick(rng, target.watts, target.upper or target.watts)
        return athlete.fraction_at_power(watts, ftp), watts
    if isinstance(target, HeartRate):
        fraction = athlete.fraction_at_hr(_pick(rng, target.bpm, target.upper or target.bpm))
    else:
        fraction = CROSS_FRACTION[step_intensity(step.role, target)] * float(rng.normal(1.0, 0.02))
    power = float(athlete.power_at(fraction, ftp)) if ftp else math.nan
    return fraction, power


def _stops(rng: np.random.Generator, segment: Segment, chance: float) -> list[Segment]:
    """The segment, split by a stop now and then (long easy steps only)."""
    long_enough = segment.by_distance and segment.distance_m >= 3000.0
    if not (long_enough and segment.role in _EASY_ROLES and rng.random() < chance):
        return [segment]
    first = segment.distance_m * float(rng.uniform(0.2, 0.8))
    paused = bool(rng.random() < 0.35)
    stop_s = float(rng.uniform(60.0, 240.0) if paused else rng.uniform(8.0, 40.0))
    nan = math.nan
    head = _replace(segment, distance_m=first)
    stop = Segment(
        Role.REST,
        segment.sport,
        nan,
        stop_s,
        0.0,
        0.0,
        0.0 if math.isfinite(segment.power_w) else nan,
        False,
        segment.lap_intensity,
        recorded=not paused,
        label="stop",
    )
    tail = _replace(segment, distance_m=segment.distance_m - first, lap=False)
    return [head, stop, tail]


def _replace(segment: Segment, **changes: object) -> Segment:
    from dataclasses import replace

    return replace(segment, **changes)  # type: ignore[arg-type]


def plan_segments(
    session: Session,
    athlete: SimAthlete,
    rng: np.random.Generator,
    *,
    fatigue: float = 0.0,
    stop_chance: float = 0.25,
) -> list[Segment]:
    """The segments of one session, in order.

    Args:
        session: the planned session (one outing of a workout).
        athlete: who runs it.
        rng: the random generator.
        fatigue: 0 (fresh) to 1 (very tired): slows the athlete (see the module doc).
        stop_chance: probability that a long easy step holds a stop.
    """
    paces = athlete.pace_mapping()
    steps = _steps(session, paces)
    structured = len(steps) > 1
    fatigue = min(max(fatigue, 0.0), 1.0)
    out: list[Segment] = []
    rep = 0
    last_work_s = math.nan
    for step in steps:
        distance, duration = _amount(rng, step, last_work_s)
        is_work = step.role not in (*_EASY_ROLES, Role.REST)
        if is_work:
            rep += 1
        if step.sport.is_run:
            fraction, speed = _running(rng, step, athlete, paces)
            slow = 1.0 - (0.015 if is_work else 0.03) * fatigue
            speed *= slow
            fraction = float(vo2_fraction(speed, athlete.vdot)) if speed > 0 else 0.0
            power = math.nan
        else:
            fraction, power = _cross(rng, step, athlete)
            speed = math.nan
        if is_work:
            if math.isfinite(duration):
                last_work_s = duration
            elif speed > 0:
                last_work_s = distance / speed
        segment = Segment(
            role=step.role,
            sport=step.sport,
            distance_m=distance,
            duration_s=duration,
            fraction=fraction,
            speed_mps=speed,
            power_w=power,
            lap=structured,
            lap_intensity=LAP_INTENSITY[step.role],
            rep=rep if is_work else 0,
            label=render(Workout.of(step)),
        )
        out.extend(_stops(rng, segment, stop_chance))
    if out and not structured:
        out[0] = _replace(out[0], lap=True)
    return out
