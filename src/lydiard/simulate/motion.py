"""How fast the athlete moves, second by second, segment by segment, over the terrain.

Each segment is simulated at 1 Hz from where the last one ended (distance along the
route, speed), so the athlete accelerates into a rep and slows out of it (first-order lag,
3 s on foot, 6 s on a bike, 2 s to a standstill) and pacing wobbles (AR(1), 2 % on foot,
5 % power on a bike or erg). Terrain acts per sport:

* **running**: the flat speed is held as equal metabolic power on the gradient
  (Minetti et al. 2002, J Appl Physiol 93:1039), the same model the analysis uses for
  grade-adjusted pace, so the grade-adjusted pace of a hilly run is its target pace.
  Descents are capped at 15 % faster than the flat (technique and braking, not energy,
  limit running downhill), steep climbs fall to a power-hike by themselves (0.29 x flat
  speed at +30 %). Work steps with a pace on roads are run by the watch, not by
  effort: the runner gives in to the gradient only a little (``PACE_HOLD``: the speed
  factor to the power 0.3).
* **bike**: power on a road bike (ridden harder uphill, eased downhill, coasting on steep
  descents) against gravity, rolling resistance (Crr 0.004) and air drag (CdA 0.32 m^2,
  air density 1.0 kg/m^3 at 2,000 m): ``P = v (m g (Crr + i)) + 0.5 rho CdA v^3``,
  drivetrain losses 3 %, solved for v by Newton's method (Martin et al. 1998, J Appl
  Biomech 14:276, simplified).
* **Nordic ski**: skating at 1.3 x the running speed of the same effort on the flat,
  slowed on climbs by ``1 / (1 + 9 i)`` and up to 70 % faster downhill.
* **ski erg**: no terrain; the erg's speed from power as Concept2 computes it,
  ``v = (P / 2.8)^(1/3)`` m/s.

Where the segment ends on distance, its length in time follows from the speed; the
gradient depends on where the athlete is, so speed and position are solved together by
fixed-point iteration (terrain changes over tens of metres, two passes settle it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from lydiard.analysis.grade import energy_cost
from lydiard.model.samples import FloatArray
from lydiard.model.sport import Sport
from lydiard.simulate.athlete import SimAthlete, speed_at_fraction
from lydiard.simulate.noise import ar1, lag
from lydiard.simulate.segments import Segment
from lydiard.simulate.terrain import Route, RouteKind

__all__ = ["PACE_HOLD", "Motion", "move", "run_speed_factor"]

_FLAT_COST = 3.6
_BIKE_CRR = 0.004
_BIKE_CDA_M2 = 0.32
_AIR_DENSITY = 1.0
_BIKE_MASS_KG = 9.0
_G = 9.81
_DRIVETRAIN = 0.97
_MAX_BIKE_MPS = 22.0
_DOWNHILL_CAP = 1.15
#: How much a runner holding a target pace gives in to the gradient (reps on a road).
PACE_HOLD = 0.3


@dataclass(frozen=True, slots=True)
class Motion:
    """One segment as simulated, at 1 Hz.

    Attributes:
        speed_mps: speed each second.
        distance_m: distance along the route at each second (from the session start).
        grade: true gradient under the athlete each second.
        power_w: power each second (NaN for running and skiing).
        flat_speed_mps: the speed's flat equivalent on foot (running and skiing), which
            the heart answers to; NaN for sports with power.
    """

    speed_mps: FloatArray
    distance_m: FloatArray
    grade: FloatArray
    power_w: FloatArray
    flat_speed_mps: FloatArray


def run_speed_factor(grade: FloatArray, hold: float = 1.0) -> FloatArray:
    """Running speed on a gradient over speed on the flat.

    Args:
        grade: the gradient (fraction).
        hold: 1 for running by effort (equal metabolic power, descents capped at 15 %
            faster); 0 for holding the pace whatever the gradient; in between for a
            runner who mostly holds a pace (reps on a road).
    """
    factor = np.clip(_FLAT_COST / energy_cost(grade), 0.2, _DOWNHILL_CAP)
    return np.asarray(factor if hold == 1.0 else factor**hold)


def _ski_factor(grade: FloatArray) -> FloatArray:
    up = 1.0 / (1.0 + 9.0 * np.maximum(grade, 0.0))
    down = 1.0 + np.minimum(5.0 * np.maximum(-grade, 0.0), 0.7)
    return np.asarray(up * down)


def _bike_speed(power_w: FloatArray, grade: FloatArray, mass_kg: float) -> FloatArray:
    a = 0.5 * _AIR_DENSITY * _BIKE_CDA_M2
    b = mass_kg * _G * (_BIKE_CRR + grade)
    p = np.maximum(power_w, 0.0) * _DRIVETRAIN
    v = np.maximum(14.0, np.sqrt(np.maximum(-b, 0.0) / a) + 2.0)
    for _ in range(12):
        f = a * v**3 + b * v - p
        df = 3 * a * v**2 + b
        v = np.where(df > 1e-6, v - f / np.where(df > 1e-6, df, 1.0), v * 0.8)
        v = np.clip(v, 0.5, 40.0)
    return np.asarray(np.minimum(v, _MAX_BIKE_MPS))


def _bike_power(target_w: float, grade: FloatArray, noise: FloatArray) -> FloatArray:
    # Riders push climbs and ease off descents; below -4 % they coast.
    shape = np.clip(1.0 + 6.0 * grade, 0.0, 1.5)
    power = target_w * shape * (1.0 + noise)
    return np.asarray(np.where(grade < -0.04, 0.0, np.maximum(power, 0.0)))


def _length(segment: Segment, speed_guess: float) -> int:
    if segment.by_distance:
        return math.ceil(segment.distance_m / max(speed_guess, 0.3) * 1.3) + 30
    return max(1, round(segment.duration_s))


def move(
    segment: Segment,
    athlete: SimAthlete,
    route: Route,
    rng: np.random.Generator,
    *,
    start_m: float,
    start_speed_mps: float,
) -> Motion:
    """Simulate one segment at 1 Hz, starting at ``start_m`` along the route.

    Args:
        segment: what to do.
        athlete: who does it.
        route: where.
        rng: the random generator.
        start_m: distance along the route where the segment starts.
        start_speed_mps: speed at the start.
    """
    sport = segment.sport
    standing = segment.fraction <= 0.0
    if sport is Sport.NORDIC_SKI:
        flat = 0.0 if standing else 1.3 * float(speed_at_fraction(segment.fraction, athlete.vdot))
    elif sport is Sport.SKI_ERG:
        flat = 0.0 if standing else (max(segment.power_w, 0.0) / 2.8) ** (1 / 3)
    elif sport is Sport.BIKE:
        guess = _bike_speed(np.array([segment.power_w]), np.zeros(1), 72.0)
        flat = 0.0 if standing else float(guess[0])
    else:
        flat = segment.speed_mps if math.isfinite(segment.speed_mps) else 0.0
    n = _length(segment, flat if flat > 0 else 1.0)
    while True:
        motion = _simulate(segment, athlete, route, rng, n, flat, start_m, start_speed_mps)
        if not segment.by_distance or standing:
            return motion
        covered = motion.distance_m - start_m
        done = np.flatnonzero(covered >= segment.distance_m)
        if done.size:
            end = int(done[0]) + 1
            return Motion(
                motion.speed_mps[:end],
                motion.distance_m[:end],
                motion.grade[:end],
                motion.power_w[:end],
                motion.flat_speed_mps[:end],
            )
        n *= 2


def _simulate(
    segment: Segment,
    athlete: SimAthlete,
    route: Route,
    rng: np.random.Generator,
    n: int,
    flat: float,
    start_m: float,
    v0: float,
) -> Motion:
    sport = segment.sport
    nan = np.full(n, np.nan)
    by_pace = segment.rep > 0 and route.kind is not RouteKind.TRAIL
    if flat <= 0.0:
        speed = lag(np.zeros(n), 2.0, v0)
        speed[speed < 0.05] = 0.0
        distance = start_m + np.cumsum(speed)
        grade = route.grade_at(distance) if route.outdoor else np.zeros(n)
        power = np.zeros(n) if sport in (Sport.BIKE, Sport.SKI_ERG) else nan
        return Motion(speed, distance, grade, power, np.zeros(n))
    if sport is Sport.SKI_ERG:
        watts = segment.power_w * (1.0 + ar1(rng, n, 0.05, 0.6))
        speed = lag((np.maximum(watts, 0.0) / 2.8) ** (1 / 3), 3.0, v0)
        distance = start_m + np.cumsum(speed)
        return Motion(speed, distance, np.zeros(n), np.maximum(watts, 0.0), nan)
    wobble = ar1(rng, n, 0.05 if sport is Sport.BIKE else 0.02, 0.95)
    grade = np.zeros(n)
    speed = np.full(n, flat)
    power = nan
    for _ in range(3):
        distance = start_m + np.cumsum(speed)
        grade = route.grade_at(distance) if route.outdoor else np.zeros(n)
        if sport is Sport.BIKE:
            mass = athlete.mass_kg + _BIKE_MASS_KG
            power = _bike_power(segment.power_w, grade, wobble)
            speed = lag(_bike_speed(power, grade, mass), 6.0, v0)
        elif sport is Sport.NORDIC_SKI:
            speed = lag(flat * (1.0 + wobble) * _ski_factor(grade), 3.0, v0)
        else:
            hold = PACE_HOLD if by_pace else 1.0
            speed = lag(flat * (1.0 + wobble) * run_speed_factor(grade, hold), 3.0, v0)
    distance = start_m + np.cumsum(speed)
    if sport is Sport.BIKE:
        flat_speed = nan
    elif sport is Sport.NORDIC_SKI:
        flat_speed = speed / np.maximum(_ski_factor(grade), 1e-3) / 1.3
    else:
        flat_speed = speed * energy_cost(grade) / _FLAT_COST
    return Motion(speed, distance, grade, power, np.asarray(flat_speed))
