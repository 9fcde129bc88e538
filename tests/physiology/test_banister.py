import math

import numpy as np
import pytest

from lydiard.errors import InputError, NotEnoughDataError
from lydiard.physiology.banister import BanisterParams, banister_performance, fit_banister


def test_single_impulse_by_hand():
    p = banister_performance([1000.0, 0.0, 0.0])
    # day 0: k1 g - k2 h = 1000 - 2000; day 2: 1000 e^{-2/42} - 2000 e^{-2/7}
    assert p[0] == pytest.approx(-1000.0)
    assert p[2] == pytest.approx(1000 * math.exp(-2 / 42) - 2000 * math.exp(-2 / 7))
    late = banister_performance(np.r_[1000.0, np.zeros(60)])
    assert late[40] > 0  # fitness outlasts fatigue: the supercompensation the model is for


def test_fit_recovers_known_parameters():
    rng = np.random.default_rng(7)
    loads = rng.gamma(2.0, 40.0, 300) * (rng.random(300) > 0.15)
    truth = BanisterParams(p0=50.0, k1=0.08, k2=0.25, tau1=38.0, tau2=6.0)
    perf = banister_performance(loads, truth)
    days = list(range(20, 300, 9))
    fit = fit_banister(loads, [(d, perf[d]) for d in days])
    assert (fit.params.tau1, fit.params.tau2) == (38.0, 6.0)
    assert fit.params.p0 == pytest.approx(50.0, rel=1e-6)
    assert fit.params.k1 == pytest.approx(0.08, rel=1e-6)
    assert fit.params.k2 == pytest.approx(0.25, rel=1e-6)
    assert fit.rmse < 1e-6
    assert fit.n == len(days)


def test_fit_needs_enough_and_valid_performances():
    loads = np.ones(50)
    with pytest.raises(NotEnoughDataError, match="at least 5"):
        fit_banister(loads, [(1, 50.0)] * 4)
    with pytest.raises(InputError, match="indexes"):
        fit_banister(loads, [(d, 50.0) for d in (1, 2, 3, 4, 60)])
    with pytest.raises(InputError, match="finite"):
        fit_banister(loads, [(d, math.nan) for d in range(5)])


def test_fit_refuses_performances_that_show_no_training_effect():
    rng = np.random.default_rng(3)
    loads = rng.uniform(0, 100, 200)
    # Performance that falls exactly as fitness builds: the only fit has k1 = -1.
    fitness = banister_performance(loads, BanisterParams(k1=1.0, k2=0.0, tau1=40.0))
    with pytest.raises(NotEnoughDataError, match="positive"):
        fit_banister(
            loads,
            [(d, -fitness[d]) for d in range(30, 200, 10)],
            tau1_days=(40,),
            tau2_days=(5,),
        )


def test_time_constants_are_checked():
    with pytest.raises(InputError, match="tau1"):
        BanisterParams(tau1=0.5)
