import math
from datetime import date, timedelta

import numpy as np
import pytest

from lydiard.errors import InputError
from lydiard.physiology.risk import (
    AcwrMethod,
    SpikeLevel,
    acute_chronic_ratio,
    monotony,
    run_spikes,
    session_spike,
    strain,
    weekly_ramp,
)

DAY = date(2025, 5, 31)


def history(*pairs):
    return [(DAY - timedelta(days=ago), km * 1000.0) for ago, km in pairs]


def test_monotony_and_strain_match_foster_example():
    # science.md: [0,20,10,10,10,10,10] -> monotony 1.8708, strain 130.96
    week = [0, 20, 10, 10, 10, 10, 10]
    assert monotony(week)[-1] == pytest.approx(1.8708, abs=5e-5)
    assert strain(week)[-1] == pytest.approx(130.96, abs=5e-3)
    assert np.isnan(monotony(week)[:6]).all()


def test_monotony_edge_cases():
    assert monotony(np.full(7, 60.0))[-1] == math.inf  # no variation at all
    assert math.isnan(monotony(np.zeros(7))[-1])  # a rest week
    assert strain(np.zeros(7))[-1] == 0.0


@pytest.mark.parametrize(
    ("km", "level", "hazard"),
    # longest of the previous 30 days is 20 km (Frandsen et al. 2025 bands)
    [
        (19.0, SpikeLevel.NONE, 1.0),
        (22.0, SpikeLevel.NONE, 1.0),
        (22.5, SpikeLevel.SMALL, 1.64),
        (30.0, SpikeLevel.MODERATE, 1.52),
        (40.0, SpikeLevel.MODERATE, 1.52),
        (41.0, SpikeLevel.LARGE, 2.28),
    ],
)
def test_spike_bands(km, level, hazard):
    past = history((3, 12), (10, 20), (25, 16), (31, 60), (0, 90))
    spike = session_spike(DAY, km * 1000, past)
    assert spike.reference_m == 20000.0  # 31 days ago and today are outside the window
    assert spike.level is level
    assert spike.level.hazard_ratio == hazard
    assert spike.increase == pytest.approx(km / 20 - 1)


def test_spike_without_reference():
    spike = session_spike(DAY, 10000, history((31, 20)))
    assert spike.level is SpikeLevel.NO_REFERENCE
    assert math.isnan(spike.reference_m)
    assert math.isnan(spike.level.hazard_ratio)
    with pytest.raises(InputError, match="non-negative"):
        session_spike(DAY, -1, [])


def test_acute_chronic_ratios_by_hand():
    loads = np.r_[np.full(21, 10.0), np.full(7, 20.0)]
    # coupled: 7-day mean 20 / 28-day mean (210 + 140)/28 = 12.5 -> 1.6
    assert acute_chronic_ratio(loads, AcwrMethod.COUPLED)[-1] == pytest.approx(1.6)
    # uncoupled: 20 / mean of the 21 days before = 10 -> 2.0
    assert acute_chronic_ratio(loads, AcwrMethod.UNCOUPLED)[-1] == pytest.approx(2.0)
    ewma = acute_chronic_ratio(loads)
    acute = chronic = 0.0
    for x in loads:  # Williams et al. 2017: lambda = 2/(N+1)
        acute += 2 / 8 * (x - acute)
        chronic += 2 / 29 * (x - chronic)
    assert ewma[-1] == pytest.approx(acute / chronic)
    assert np.isnan(ewma[:27]).all()
    assert np.isfinite(ewma[27])


def test_acwr_bad_options():
    with pytest.raises(InputError, match="shorter"):
        acute_chronic_ratio(np.ones(40), acute_days=28, chronic_days=7)
    with pytest.raises(InputError, match="finite"):
        acute_chronic_ratio([1.0, math.nan])


def test_weekly_ramp_by_hand():
    loads = np.r_[np.full(7, 10.0), np.full(7, 12.0)]
    ramp = weekly_ramp(loads)
    assert ramp[-1] == pytest.approx(20.0)  # 84 against 70
    assert np.isnan(ramp[:13]).all()
    assert np.isnan(weekly_ramp(np.r_[np.zeros(7), np.ones(7)])[-1])  # from nothing


def test_run_spikes_over_a_history():
    runs = [
        (DAY - timedelta(days=ago), km * 1000.0)
        for ago, km in [(40, 30), (20, 20), (10, 24), (0, 50)]
    ]
    judged = run_spikes(reversed(runs))
    assert [d for d, _ in judged] == sorted(d for d, _ in runs)
    levels = [s.level for _, s in judged]
    # 40 days ago: nothing before; 20 ago: the 30 km is 20 days earlier -> none;
    # 10 ago: 24 vs 30 (within 30 days) -> none; today: 50 vs 24 -> > 100 %
    assert levels == [SpikeLevel.NO_REFERENCE, SpikeLevel.NONE, SpikeLevel.NONE, SpikeLevel.LARGE]
