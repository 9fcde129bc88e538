"""Synthetic sessions built from Samples directly: seeded, with realistic noise.

A session is a list of blocks (warm-up, reps, recoveries, cool-down), each run at a target
speed for a distance or a duration. The athlete accelerates and slows over a few seconds,
speed wobbles (AR(1), a few percent), GPS positions wander (AR(1), metres), heart rate
follows effort with a lag. The true block boundaries come back as ground truth.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from lydiard.model import Activity, Samples, Session, Sport

START = datetime(2024, 5, 4, 7, 0, tzinfo=UTC)
_LAT0, _LON0 = 45.0, 6.0
_M_PER_DEG_LAT = 111_195.0


@dataclass(frozen=True)
class Block:
    kind: str  # "warmup", "rep", "recovery", "cooldown"
    speed_mps: float
    distance_m: float | None = None
    duration_s: float | None = None


@dataclass(frozen=True)
class Truth:
    kind: str
    start_s: float
    end_s: float
    start_m: float
    end_m: float

    @property
    def distance_m(self) -> float:
        return self.end_m - self.start_m

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s


def interval_session(
    warmup_m: float,
    easy_mps: float,
    reps: int,
    rep_m: float,
    rep_mps: float,
    recovery_s: float | tuple[float, float] | None = None,
    recovery_m: float | None = None,
    recovery_mps: float = 2.6,
    cooldown_m: float = 2000.0,
    seed: int = 0,
) -> list[Block]:
    """Warm-up, reps x (rep + recovery), cool-down; recovery by time (range) or distance."""
    rng = np.random.default_rng(seed)
    blocks = [Block("warmup", easy_mps, distance_m=warmup_m)]
    for k in range(reps):
        blocks.append(Block("rep", rep_mps * rng.uniform(0.98, 1.02), distance_m=rep_m))
        if k == reps - 1:
            break
        if recovery_m is not None:
            blocks.append(Block("recovery", recovery_mps, distance_m=recovery_m))
        else:
            assert recovery_s is not None
            dur = recovery_s if isinstance(recovery_s, float | int) else rng.uniform(*recovery_s)
            blocks.append(Block("recovery", recovery_mps, duration_s=float(dur)))
    blocks.append(Block("cooldown", easy_mps, distance_m=cooldown_m))
    return blocks


def simulate(
    blocks: list[Block],
    *,
    seed: int = 1,
    dt_s: float = 1.0,
    gps: bool = False,
    device_distance: bool = True,
    gps_noise_m: float = 2.5,
    altitude: bool = False,
    speed_wobble: float = 0.03,
    sport: Sport = Sport.RUN,
) -> tuple[Activity, list[Truth]]:
    """Run the blocks and record them every ``dt_s`` seconds."""
    rng = np.random.default_rng(seed)
    h = 0.1  # integration step, s
    times: list[np.ndarray] = [np.zeros(1)]
    dists: list[np.ndarray] = [np.zeros(1)]
    truth: list[Truth] = []
    t, d, v = 0.0, 0.0, 0.0
    for block in blocks:
        if block.duration_s is not None:
            n = max(1, round(block.duration_s / h))
        else:
            assert block.distance_m is not None
            n = int(block.distance_m / max(block.speed_mps * 0.7, 0.1) / h) + 200
        # Speed wobbles a few percent over ~20 s; the athlete ramps from the previous
        # speed at up to 2 m/s^2.
        width = 200
        noise = rng.normal(0, 1, n + width - 1)
        wobble = np.convolve(noise, np.ones(width) / np.sqrt(width), mode="valid")
        target = block.speed_mps * (1 + speed_wobble * wobble)
        k = np.arange(1, n + 1)
        gap = v - block.speed_mps
        ramp = np.clip(1 - k * h * 2.0 / max(abs(gap), 1e-9), 0.0, 1.0)
        speed = np.maximum(target + gap * ramp, 0.0)
        steps = speed * h
        covered = np.cumsum(steps)
        if block.distance_m is not None:
            end = int(np.searchsorted(covered, block.distance_m))
            end = min(end, n - 1)
            before = covered[end - 1] if end > 0 else 0.0
            frac = (block.distance_m - before) / steps[end] if steps[end] > 0 else 1.0
            bt = t + h * (np.arange(1, end + 1))
            bd = d + covered[:end]
            bt = np.append(bt, t + h * (end + frac))
            bd = np.append(bd, d + block.distance_m)
            v = float(speed[end])
        else:
            bt = t + h * k
            bd = d + covered
            v = float(speed[-1])
        truth.append(Truth(block.kind, t, float(bt[-1]), d, float(bd[-1])))
        times.append(bt)
        dists.append(bd)
        t, d = float(bt[-1]), float(bd[-1])
    fine_t = np.concatenate(times)
    fine_d = np.concatenate(dists)
    rec_t = np.arange(0.0, fine_t[-1], dt_s)
    true_d = np.interp(rec_t, fine_t, fine_d)
    n = rec_t.size
    columns: dict[str, np.ndarray] = {"time_s": rec_t}
    if device_distance:
        # Devices filter GPS well: small noise that never runs backwards.
        columns["distance_m"] = np.maximum.accumulate(true_d + rng.normal(0, 0.3, n))
    if gps:
        # Lay the course along a 400 m-wide square loop; add correlated GPS error.
        x, y = _course_xy(true_d)
        ex = _ar1(rng, n, gps_noise_m, 0.95)
        ey = _ar1(rng, n, gps_noise_m, 0.95)
        columns["lat_deg"] = _LAT0 + (y + ey) / _M_PER_DEG_LAT
        columns["lon_deg"] = _LON0 + (x + ex) / (_M_PER_DEG_LAT * np.cos(np.radians(_LAT0)))
    if altitude:
        columns["altitude_m"] = 200.0 + _ar1(rng, n, 3.0, 0.98)
    # Heart rate: first-order lag towards a speed-driven target, plus noise.
    speed_true = np.gradient(true_d, rec_t)
    target = 95 + 16 * np.clip(speed_true, 0, 7)
    hr = np.empty(n)
    hr[0] = 90.0
    for i in range(1, n):
        tau = 25.0 if target[i] > hr[i - 1] else 50.0
        hr[i] = hr[i - 1] + (target[i] - hr[i - 1]) * (1 - np.exp(-dt_s / tau))
    columns["heart_rate_bpm"] = np.round(hr + rng.normal(0, 1.0, n))
    samples = Samples.from_columns(**columns)
    activity = Activity(start_time=START, samples=samples, sport=sport, source_format="simulated")
    return activity, truth


def _ar1(rng: np.random.Generator, n: int, sigma: float, rho: float) -> np.ndarray:
    noise = rng.normal(0, sigma * np.sqrt(1 - rho**2), n)
    out = np.empty(n)
    out[0] = rng.normal(0, sigma)
    for i in range(1, n):
        out[i] = rho * out[i - 1] + noise[i]
    return out


def _course_xy(d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    side = 400.0
    s = np.mod(d, 4 * side)
    leg = (s // side).astype(int)
    r = s - leg * side
    x = np.select([leg == 0, leg == 1, leg == 2, leg == 3], [r, side, side - r, 0.0])
    y = np.select([leg == 0, leg == 1, leg == 2, leg == 3], [0.0, r, side, side - r])
    return x, y


def activity_from(sport: Sport = Sport.RUN, laps: tuple = (), **columns: object) -> Activity:
    """An activity from bare columns (time_s, distance_m, altitude_m...)."""
    samples = Samples.from_columns(**columns)
    return Activity(start_time=START, samples=samples, sport=sport, laps=laps)


def steady(
    speed_mps: float | list[float],
    seconds: int,
    *,
    dt_s: float = 1.0,
    altitude_m: np.ndarray | None = None,
    heart_rate_bpm: np.ndarray | float | None = None,
    sport: Sport = Sport.RUN,
) -> Activity:
    """Running at a speed (or a speed per second) with exact device distance."""
    t = np.arange(0.0, seconds + dt_s / 2, dt_s)
    v = np.broadcast_to(np.asarray(speed_mps, dtype=float), t.shape)
    d = np.concatenate(([0.0], np.cumsum(v[:-1] * np.diff(t))))
    columns: dict[str, object] = {"time_s": t, "distance_m": d}
    if altitude_m is not None:
        columns["altitude_m"] = altitude_m
    if heart_rate_bpm is not None:
        columns["heart_rate_bpm"] = np.broadcast_to(heart_rate_bpm, t.shape)
    return activity_from(sport, **columns)


TRIATHLON_START = datetime(2024, 6, 2, 7, 0, tzinfo=UTC)

# (sport, seconds, m/s): a small triathlon at 1 Hz, constant speed in each leg.
PLAN = [
    (Sport.SWIM, 1000, 1.0),  # 1000 m in 1000 s: 1:40/100m
    (Sport.TRANSITION, 60, 1.0),
    (Sport.BIKE, 2000, 10.0),  # 20 km in 2000 s: 36.0 km/h
    (Sport.TRANSITION, 30, 1.0),
    (Sport.RUN, 1500, 10 / 3),  # 5 km in 1500 s: 5:00/km
]


def triathlon(*, device_totals: bool = True) -> Activity:
    """A small triathlon at 1 Hz (:data:`PLAN`), with the sessions' totals or without."""
    speeds = np.concatenate([np.full(seconds, speed) for _, seconds, speed in PLAN])
    n = speeds.size + 1
    distance = np.concatenate([[0.0], np.cumsum(speeds)])
    hr = np.concatenate([[130.0], np.where(speeds > 5, 140.0, 150.0)])
    samples = Samples.from_columns(
        time_s=np.arange(n, dtype=float), distance_m=distance, heart_rate_bpm=hr
    )
    sessions, t = [], 0.0
    for sport, seconds, speed in PLAN:
        sessions.append(
            Session(
                sport,
                t,
                t + seconds,
                distance_m=seconds * speed if device_totals else math.nan,
                timer_s=float(seconds) if device_totals else math.nan,
            )
        )
        t += seconds
    return Activity(TRIATHLON_START, samples, sport=Sport.MULTISPORT, sessions=tuple(sessions))
