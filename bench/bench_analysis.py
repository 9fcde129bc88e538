"""Full analysis of a synthetic 100-mile trail run at 1 Hz (target: under 100 ms).

The activity: 160.9 km over a mountain profile (climbs of 300-1200 m, about 9,700 m of
climb in all), run at a speed set by the gradient (power-hiking the steep climbs), with
twelve aid-station stops of 3-8 minutes, GPS positions with correlated noise, the watch's
distance, barometric altitude, and heart rate drifting upward over the day. About 29.5
hours, ~106,000 samples. "Full analysis" is :func:`lydiard.analysis.analyse`: cleaning, splits per
km and per mile, grade-adjusted pace, best efforts, reps, climb, time in HR zones,
decoupling and pacing.
"""

from __future__ import annotations

import os
import statistics
import time
from datetime import UTC, datetime

import numpy as np

from bench.report import Section, best_time
from lydiard.analysis import analyse, prepare
from lydiard.analysis.best_efforts import best_efforts
from lydiard.analysis.reps import reps
from lydiard.analysis.splits import splits
from lydiard.model import Activity, Samples, Sport
from lydiard.units import METRES_PER_MILE

HR_ZONES = [130.0, 145.0, 158.0, 170.0]


def _profile(rng: np.random.Generator, length_m: float) -> tuple[np.ndarray, np.ndarray]:
    """A mountain profile every 10 m: climbs and descents of 300-1200 m plus rolling."""
    x = np.arange(0.0, length_m + 10.0, 10.0)
    knots_x = [0.0]
    knots_z = [1000.0]
    up = True
    while knots_x[-1] < length_m:
        rise = rng.uniform(300, 1200)
        grade = rng.uniform(0.06, 0.18)
        knots_x.append(knots_x[-1] + rise / grade)
        knots_z.append(knots_z[-1] + (rise if up else -rise))
        up = not up
    z = np.interp(x, knots_x, knots_z)
    rolling = 15 * np.sin(x / 400.0) + 6 * np.sin(x / 97.0 + 1.0)
    return x, z + rolling


def _ar1(rng: np.random.Generator, n: int, sigma: float, rho: float) -> np.ndarray:
    """AR(1) noise, vectorised through a cumulative sum in log-space-free form."""
    # For the benchmark's input only: an exact AR(1) needs a loop; a smoothed random
    # walk with the same scale is close enough for GPS-like wander.
    steps = rng.normal(0, sigma * np.sqrt(1 - rho**2), n)
    walk = np.cumsum(steps)
    width = max(1, int(1 / (1 - rho)))
    kernel = np.ones(width) / width
    trend = np.convolve(walk, kernel, mode="same")
    return np.asarray(walk - trend, dtype=np.float64)


def synthetic_ultra(seed: int = 100) -> Activity:
    """A 100-mile trail run recorded at 1 Hz (see the module doc)."""
    rng = np.random.default_rng(seed)
    length = 100 * METRES_PER_MILE
    px, pz = _profile(rng, length)
    grade = np.gradient(pz, px)
    # Speed from gradient: ~3.0 m/s on the flat, hiking ~0.9 m/s on steep climbs,
    # careful on steep descents; slowing through the day.
    flat = 3.5
    speed_at = np.where(
        grade > 0.08,
        np.maximum(0.8, flat * np.exp(-9 * grade)),
        np.where(grade < -0.1, flat * (1 + 3 * (grade + 0.1)), flat * (1 - 2.5 * grade)),
    )
    speed_at = np.clip(speed_at, 0.7, 3.6)
    dt_grid = 10.0 / speed_at
    t_grid = np.concatenate(([0.0], np.cumsum(dt_grid[:-1])))
    fatigue = 1 + 0.25 * (t_grid / t_grid[-1])
    t_grid = np.concatenate(([0.0], np.cumsum((dt_grid * fatigue)[:-1])))
    # Aid stations: twelve stops of 3-8 min.
    stops_at = np.sort(rng.uniform(0.05, 0.95, 12)) * length
    for where in stops_at:
        t_grid[px > where] += rng.uniform(180, 480)
    t = np.arange(0.0, t_grid[-1], 1.0)
    true_d = np.interp(t, t_grid, px)
    n = t.size
    alt = np.interp(true_d, px, pz)
    # Course laid out as a wandering line; GPS with a few metres of correlated error.
    heading = np.cumsum(rng.normal(0, 0.02, px.size))
    xs = np.cumsum(10 * np.cos(heading))
    ys = np.cumsum(10 * np.sin(heading))
    x = np.interp(true_d, px, xs) + _ar1(rng, n, 3.0, 0.95)
    y = np.interp(true_d, px, ys) + _ar1(rng, n, 3.0, 0.95)
    lat = 45.9 + y / 111_195.0
    lon = 6.87 + x / (111_195.0 * np.cos(np.radians(45.9)))
    moving = np.gradient(true_d, t) > 0.2
    hr = np.where(moving, 128 + 20 * np.clip(np.gradient(alt, t) * 4, -0.5, 1.0), 105)
    hr = hr + 8 * (t / t[-1]) + rng.normal(0, 1.5, n)
    samples = Samples.from_columns(
        time_s=t,
        lat_deg=lat,
        lon_deg=lon,
        distance_m=np.maximum.accumulate(true_d + rng.normal(0, 0.3, n)),
        altitude_m=np.round((alt + _ar1(rng, n, 1.0, 0.999)) * 5) / 5,
        heart_rate_bpm=np.round(hr),
        cadence_rpm=np.where(moving, 82 + rng.normal(0, 2, n), 0.0),
        temperature_c=18 + 6 * np.sin(t / 86400 * 2 * np.pi),
    )
    return Activity(
        start_time=datetime(2024, 6, 29, 3, 0, tzinfo=UTC),
        samples=samples,
        sport=Sport.TRAIL_RUN,
        name="Synthetic 100 mile",
        source_format="simulated",
    )


def _cpu_time(fn: object, repeat: int) -> float:
    """Median process CPU time of ``fn`` in seconds (what contention for the cores cannot
    inflate, unlike wall-clock time on a shared machine)."""
    assert callable(fn)
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def run(quick: bool = False) -> Section:
    activity = synthetic_ultra()
    n = len(activity.samples)
    repeat = 3 if quick else 9
    track = prepare(activity)
    steps = {
        "full analysis (`analyse`)": lambda: analyse(activity, hr_zones=HR_ZONES),
        "cleaning + integrals (`prepare`)": lambda: prepare(activity),
        "splits km + mi": lambda: (splits(track, "km"), splits(track, "mi")),
        "best efforts (8 distances)": lambda: best_efforts(track),
        "reps (detection)": lambda: reps(activity, track=track),
    }
    result = analyse(activity, hr_zones=HR_ZONES)
    km, mi = len(result.splits_km), len(result.splits_mi)
    notes = {
        "full analysis (`analyse`)": "target < 100 ms",
        "cleaning + integrals (`prepare`)": "spikes, distance, stops, profile, climb, GAP",
        "splits km + mi": f"{km} + {mi} splits",
        "best efforts (8 distances)": "exact; coarse-to-fine search",
        "reps (detection)": f"found: {len(result.reps.reps)} (none expected)",
    }
    section = Section(
        module="bench_analysis",
        title="Analysis of one activity (100-mile trail run, 1 Hz)",
        columns=["step", "wall median ms", "wall min ms", "CPU median ms", "note"],
    )
    for name, fn in steps.items():
        wall, wall_min = best_time(fn, repeat)
        cpu = _cpu_time(fn, repeat)
        section.rows.append(
            [name, f"{wall * 1000:.1f}", f"{wall_min * 1000:.1f}", f"{cpu * 1000:.1f}", notes[name]]
        )
    s = result.summary
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    section.notes = [
        f"Input: {n:,} samples, {s.distance_m / 1000:.1f} km in {s.elapsed_s / 3600:.1f} h, "
        f"{s.ascent_m:,.0f} m climb measured (synthetic profile, barometric-like altitude).",
        "The track is prepared once inside `analyse` and shared by every analysis.",
        f"Load average when measured: {load:.1f} on {os.cpu_count()} logical CPUs. The "
        "machine is shared: when other work holds the cores, wall-clock time stretches "
        "while CPU time does not, so both are given.",
    ]
    return section
