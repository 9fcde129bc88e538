"""The body's state, the morning readings, the scripted block and day-by-day simulation."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest

from lydiard.physiology.paces import training_paces
from lydiard.physiology.risk import SpikeLevel, run_spikes
from lydiard.simulate.athlete import SimAthlete
from lydiard.simulate.block import (
    WALMSLEY_BLOCK,
    BlockWeek,
    Outing,
    scripted_block,
    simulate_days,
    week_outings,
)
from lydiard.simulate.wellness import BODY_FATIGUE_DAYS, Body
from lydiard.workouts import parse

PACES = training_paces(75).as_mapping()
MONDAY = date(2025, 1, 6)
QUIET = SimAthlete(ln_rmssd_sd=0.0, resting_hr_sd_bpm=0.0)


def _run_km(outings: list[Outing]) -> float:
    total = 0.0
    for o in outings:
        w = parse(o.text)
        if w.sessions[0].sport.is_run:
            total += w.totals(PACES).distance_m
    return total / 1000


def test_constant_load_makes_fitness_converge_and_morning_settle():
    body = Body(QUIET, fitness=50.0, fatigue=50.0)
    for _ in range(400):
        body.end_day(150.0)
    assert body.fitness == pytest.approx(150.0, abs=0.01)  # (1 - 1/42)^400 of 100 left
    assert body.fatigue_index() == pytest.approx(0.0, abs=1e-3)
    rng = np.random.default_rng(0)
    morning = body.morning(MONDAY, rng)
    if math.isfinite(morning.ln_rmssd):  # about one morning in twelve is not measured
        # at balance, 150 against the reference 120: 4.4 + 0.10 x (150/120 - 1) = 4.425
        assert morning.ln_rmssd == pytest.approx(4.425, abs=1e-9)
        assert morning.rmssd_ms == pytest.approx(math.exp(4.425))


def test_overload_lowers_hrv_and_raises_resting_hr_then_rest_restores_them():
    body = Body(QUIET, fitness=150.0, fatigue=150.0)
    rng = np.random.default_rng(1)

    def reading() -> tuple[float, float]:
        for _ in range(100):  # skip unmeasured mornings: the state does not change
            m = body.morning(MONDAY, rng)
            if math.isfinite(m.ln_rmssd):
                return m.ln_rmssd, m.resting_hr_bpm
        raise AssertionError("no measured morning")

    base_ln, base_rhr = reading()
    for _ in range(7):
        body.end_day(260.0)  # a camp week: 70 % over the usual 150 a day
    tired_ln, tired_rhr = reading()
    assert body.fatigue_index() > 0.5
    assert tired_ln < base_ln - 0.2
    assert tired_rhr >= base_rhr + 3
    for _ in range(3 * BODY_FATIGUE_DAYS):
        body.end_day(100.0)
    rested_ln, _ = reading()
    assert rested_ln > tired_ln + 0.2


def test_scripted_weeks_hold_their_volume_and_key_sessions():
    outings = week_outings(MONDAY, WALMSLEY_BLOCK[10])  # a 290 km peak week
    assert _run_km(outings) == pytest.approx(271, abs=6)  # easy runs capped at 40 km
    titles = [o.title for o in outings]
    assert "Key session: 5x1600" in titles
    assert "Key session: 4x2mi" in titles
    assert {o.day for o in outings} == {MONDAY + timedelta(days=i) for i in range(7)}
    pm = [o for o in outings if o.when.value == "PM"]
    assert {parse(o.text).sessions[0].sport.value for o in pm} >= {"bike", "nordic_ski", "ski_erg"}
    with pytest.raises(ValueError, match="starts on a Monday"):
        scripted_block(MONDAY + timedelta(days=1))


def test_the_overreaching_week_holds_a_spike_the_guard_flags():
    outings = scripted_block(MONDAY)
    assert len({o.day for o in outings}) == 16 * 7
    runs = [
        (o.day, parse(o.text).totals(PACES).distance_m)
        for o in outings
        if parse(o.text).sessions[0].sport.is_run
    ]
    # judged once a month of runs is behind (the first weeks have no reference)
    flagged = [
        (d, s)
        for d, s in run_spikes(runs)
        if s.level is SpikeLevel.MODERATE and d >= MONDAY + timedelta(days=30)
    ]
    camp = next(k for k, w in enumerate(WALMSLEY_BLOCK) if w.camp)
    assert [d for d, _ in flagged] == [MONDAY + timedelta(weeks=camp, days=5)]
    assert flagged[0][1].distance_m == 68_000
    camp_week = [o for o in outings if MONDAY + timedelta(weeks=camp) <= o.day]
    assert _run_km(camp_week[:20]) > 320


def test_days_are_simulated_in_order_with_rest_days_and_their_own_seeds():
    week = BlockWeek(120, "", "", 20)
    outings = week_outings(MONDAY, week, doubles=False)[:3]
    days = list(simulate_days(QUIET, outings, seed=3, last_day=MONDAY + timedelta(days=3)))
    assert [d.day for d in days] == [MONDAY + timedelta(days=i) for i in range(4)]
    assert days[3].sessions == ()  # nothing planned: a rest day
    assert all(load > 20 for d in days[:2] for load in d.loads)
    # a day's activities depend on its own seed, not on the days simulated before it
    alone = list(simulate_days(QUIET, [o for o in outings if o.day == outings[-1].day], seed=3))
    last = next(d for d in days if d.day == outings[-1].day)
    assert alone[0].sessions[-1].activity.samples.equals(last.sessions[-1].activity.samples)


def test_fitness_tracks_the_days_loads():
    outings = week_outings(MONDAY, BlockWeek(150, "10x1mi", "", 25), doubles=False)
    body = Body(QUIET, fitness=100.0, fatigue=100.0)
    days = list(simulate_days(QUIET, outings, seed=1, body=body))
    expected = 100.0
    for d in days:
        expected += (d.load - expected) / 42
    assert days[-1].fitness == pytest.approx(expected)
    assert replace(days[-1]).fitness == body.fitness
