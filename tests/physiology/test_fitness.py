import math
from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lydiard.errors import InputError
from lydiard.model import Sport
from lydiard.physiology.fitness import (
    Smoothing,
    daily_loads,
    ewma,
    fitness_fatigue,
    ramp_rate,
    smoothing_factor,
)
from lydiard.physiology.session import SessionLoad


def naive(values, k, initial=0.0):
    out, y = [], initial
    for x in values:
        y += k * (x - y)
        out.append(y)
    return np.array(out)


@pytest.mark.parametrize(
    ("smoothing", "ctl", "atl"),
    # science.md: a single load of 1000 on day 0
    [
        (Smoothing.RECIPROCAL, 23.81, 142.86),
        (Smoothing.EXPONENTIAL, 23.53, 133.12),
        (Smoothing.EMA, 46.51, 250.00),
    ],
)
def test_single_load_example(smoothing, ctl, atl):
    series = fitness_fatigue([1000, 0, 0, 50], smoothing=smoothing)
    assert series.fitness[0] == pytest.approx(ctl, abs=0.005)
    assert series.fatigue[0] == pytest.approx(atl, abs=0.005)


def test_form_is_going_into_the_day():
    loads = [100, 0, 80, 120, 0]
    s = fitness_fatigue(loads, initial_fitness=50, initial_fatigue=60)
    assert s.form[0] == -10  # the values before day 0
    np.testing.assert_allclose(s.form[1:], s.fitness[:-1] - s.fatigue[:-1])
    # today's session does not change today's form
    other = fitness_fatigue([100, 0, 80, 500, 0], initial_fitness=50, initial_fatigue=60)
    assert other.form[3] == s.form[3]
    assert other.form[4] != s.form[4]


def test_ramp_rate_by_hand():
    ctl = np.arange(10, dtype=float) * 2.0  # rises 2 a day -> 14 a week
    assert ramp_rate(ctl, initial=0.0)[-1] == 14.0
    assert ramp_rate(ctl, initial=0.0)[3] == 6.0  # CTL_3 - initial
    s = fitness_fatigue(np.full(60, 100.0))
    assert s.ramp[10] == pytest.approx(s.fitness[10] - s.fitness[3])


@settings(max_examples=50, deadline=None)
@given(load=st.floats(1.0, 400.0), smoothing=st.sampled_from(list(Smoothing)))
def test_constant_load_makes_fitness_converge_to_it(load, smoothing):
    s = fitness_fatigue(np.full(2000, load), smoothing=smoothing)
    assert s.fitness[-1] == pytest.approx(load, rel=1e-9)
    assert s.fatigue[-1] == pytest.approx(load, rel=1e-9)
    assert s.form[-1] == pytest.approx(0.0, abs=1e-6 * load)


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 4000),
    days=st.floats(1.0, 60.0),
    initial=st.floats(0.0, 200.0),
)
def test_vectorised_ewma_matches_the_recurrence(seed, n, days, initial):
    rng = np.random.default_rng(seed)
    x = rng.gamma(2.0, 50.0, n) * (rng.random(n) > 0.2)  # rest days are 0
    for smoothing in Smoothing:
        k = smoothing_factor(days, smoothing)
        np.testing.assert_allclose(ewma(x, k, initial), naive(x, k, initial), rtol=1e-10, atol=1e-9)


def test_ewma_with_short_blocks_over_ten_years():
    # k = 2/3 (N = 2, EMA) forces many blocks: a^-block must not overflow.
    x = np.random.default_rng(1).uniform(0, 300, 3650)
    np.testing.assert_allclose(ewma(x, 2 / 3), naive(x, 2 / 3), rtol=1e-10)
    np.testing.assert_allclose(ewma(x, 1.0), x)


def test_bad_inputs():
    with pytest.raises(InputError, match="rest day is 0"):
        ewma([1.0, math.nan], 0.1)
    with pytest.raises(InputError, match="at least 1 day"):
        smoothing_factor(0.5)
    with pytest.raises(InputError, match=r"\(0, 1\]"):
        ewma([1.0], 0.0)


def test_daily_loads_by_local_date_and_sport():
    d1, d3 = date(2025, 3, 1), date(2025, 3, 3)
    sessions = [
        SessionLoad(d1, Sport.RUN, 80.0, None, 3600, 14000),
        SessionLoad(d1, Sport.BIKE, 40.0, None, 5400, 40000),
        SessionLoad(d3, Sport.RUN, math.nan, None, 1800, 6000),
        (d3, 25.0, Sport.SKI_ERG),
    ]
    days = daily_loads(sessions)
    assert days.first_day == d1
    assert days.days[-1] == d3
    np.testing.assert_array_equal(days.load, [120.0, 0.0, 25.0])
    run = days.by_sport[Sport.RUN]
    np.testing.assert_array_equal(run.distance_m, [14000, 0, 6000])
    np.testing.assert_array_equal(run.load, [80, 0, 0])
    np.testing.assert_array_equal(days.by_sport[Sport.BIKE].duration_s, [5400, 0, 0])
    assert days.unscored_sessions == 1
    assert days.index(d3) == 2
    with pytest.raises(InputError, match="outside"):
        days.index(date(2025, 4, 1))


def test_daily_loads_span_and_errors():
    d = date(2025, 1, 10)
    padded = daily_loads([(d, 50.0)], first_day=date(2025, 1, 8), last_day=date(2025, 1, 12))
    np.testing.assert_array_equal(padded.load, [0, 0, 50, 0, 0])
    with pytest.raises(InputError, match="no sessions"):
        daily_loads([])
    with pytest.raises(InputError, match="before first day"):
        daily_loads([], first_day=d, last_day=date(2025, 1, 1))
