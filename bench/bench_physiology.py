"""Physiology: fitness/fatigue/form and the guards over 10 years of daily loads (< 20 ms)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import numpy as np

from bench.report import Section, best_time
from lydiard.physiology.fitness import Smoothing, fitness_fatigue
from lydiard.physiology.hrv import morning_hrv
from lydiard.physiology.lactate import analyse_step_test, step_test
from lydiard.physiology.load import banister_trimp, normalised_power
from lydiard.physiology.readiness import readiness_series
from lydiard.physiology.risk import AcwrMethod, acute_chronic_ratio, monotony, strain, weekly_ramp
from lydiard.physiology.trail import predict_course


def _loads(days: int) -> np.ndarray:
    rng = np.random.default_rng(42)
    return rng.gamma(2.0, 45.0, days) * (rng.random(days) > 0.15)


def _fitness_and_guards(loads: np.ndarray) -> None:
    fitness_fatigue(loads)
    weekly_ramp(loads)
    acute_chronic_ratio(loads)
    monotony(loads)
    strain(loads)


def run(quick: bool) -> Section:
    repeat = 5 if quick else 21
    days = 3652
    loads = _loads(days)
    section = Section(
        module="bench_physiology",
        title="Physiology",
        columns=["what", "input", "median", "best", "target"],
    )

    def row(what: str, size: str, fn: Callable[[], object], target: str = "") -> None:
        median, best = best_time(fn, repeat=repeat)
        section.rows.append([what, size, f"{median * 1e3:.2f} ms", f"{best * 1e3:.2f} ms", target])

    row(
        "fitness, fatigue, form, ramp + weekly ramp, ACWR (EWMA), monotony, strain",
        f"{days} daily loads (10 years)",
        lambda: _fitness_and_guards(loads),
        "< 20 ms",
    )
    for smoothing in Smoothing:
        row(
            f"fitness/fatigue/form, k = {smoothing.value}",
            f"{days} days",
            lambda s=smoothing: fitness_fatigue(loads, smoothing=s),
        )
    row("ACWR coupled", f"{days} days", lambda: acute_chronic_ratio(loads, AcwrMethod.COUPLED))

    t = np.arange(3 * 3600, dtype=float)
    rng = np.random.default_rng(1)
    hr = 140 + 15 * np.sin(t / 300) + rng.normal(0, 2, t.size)
    power = 220 + 60 * np.sin(t / 90) + rng.normal(0, 15, t.size)
    row(
        "Banister TRIMP over a stream",
        "3 h at 1 Hz",
        lambda: banister_trimp(t, hr, hr_rest_bpm=45, hr_max_bpm=190),
    )
    row("normalised power", "3 h at 1 Hz", lambda: normalised_power(t, power))

    rr = 1000 + 50 * np.sin(np.arange(400) / 2.0) + rng.normal(0, 15, 400)
    row("morning HRV (filter + RMSSD)", "400 beats", lambda: morning_hrv(rr))
    start = date(2024, 1, 1)
    mornings = {start + timedelta(days=i): 4.0 + 0.1 * np.sin(i / 5) for i in range(365)}
    row(
        "readiness for every day of a year",
        "365 mornings",
        lambda: readiness_series(mornings, start, start + timedelta(days=364)),
    )

    power_steps = np.arange(100.0, 341, 40)
    test = step_test(power_steps, 1 + 5e-7 * (power_steps - 100) ** 3, kind="power")
    row("lactate step test, all thresholds", "7 steps", lambda: analyse_step_test(test))

    d = np.linspace(0, 170000, 11000)
    alt = 1500 + 700 * np.sin(d / 9000) + 300 * np.sin(d / 2100)
    row(
        "course prediction (Minetti, smoothing, checkpoints)",
        "170 km profile, 11,000 points",
        lambda: predict_course(d, alt, from_distance_m=42195, from_time_s=9000),
    )
    section.notes.append(
        "The EWMA recurrences are vectorised: closed form per block with a cumulative sum "
        "on geometric weights (no Python loop over days)."
    )
    return section
