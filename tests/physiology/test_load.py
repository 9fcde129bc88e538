import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lydiard.errors import InputError, NotEnoughDataError
from lydiard.physiology.load import (
    Sex,
    TrimpConvention,
    banister_trimp,
    banister_trimp_average,
    edwards_trimp,
    hr_load,
    normalised_power,
    normalised_speed,
    pace_load,
    power_load,
    session_rpe,
    trimp_coefficients,
)

REST, MAX = 40.0, 200.0


def stepped(levels, seconds_each):
    """1 Hz stream holding each level for seconds_each seconds."""
    values = np.repeat(np.asarray(levels, dtype=float), seconds_each)
    return np.arange(values.size, dtype=float), values


def test_banister_average_matches_science_example():
    # science.md: male, 30 min at HR 130, rest 40, max 200 -> 31.80
    value = banister_trimp_average(1800, 130, hr_rest_bpm=REST, hr_max_bpm=MAX)
    assert value == pytest.approx(31.80, abs=0.005)


def test_banister_stream_integrates_each_sample():
    # Hand calculation: 10 min each at 120, 150, 180 bpm; x = 0.5, 0.6875, 0.875;
    # TRIMP = sum 10 x a exp(b x) with a = 0.64, b = 1.92.
    t, hr = stepped([120, 150, 180], 600)
    expected = sum(10 * x * 0.64 * math.exp(1.92 * x) for x in (0.5, 0.6875, 0.875))
    # The last sample has no duration (it starts no interval): 1 s less at 180 bpm.
    last = (1 / 60) * 0.875 * 0.64 * math.exp(1.92 * 0.875)
    value = banister_trimp(t, hr, hr_rest_bpm=REST, hr_max_bpm=MAX)
    assert value == pytest.approx(expected - last, rel=1e-12)
    # A varied session scores more than its average HR (the weighting is convex).
    average = banister_trimp_average(1799, hr[:-1].mean(), hr_rest_bpm=REST, hr_max_bpm=MAX)
    assert value > average


def test_banister_ignores_pauses_missing_and_below_rest():
    t = np.array([0.0, 20.0, 40.0, 3640.0, 3660.0])  # an hour-long pause after 40 s
    hr = np.array([150.0, np.nan, 150.0, 30.0, 150.0])
    value = banister_trimp(t, hr, hr_rest_bpm=REST, hr_max_bpm=MAX)
    x = (150 - REST) / (MAX - REST)
    # Only the first 20 s count: NaN adds nothing, the pause adds nothing, 30 bpm is rest.
    assert value == pytest.approx(20 / 60 * x * 0.64 * math.exp(1.92 * x), rel=1e-12)


@pytest.mark.parametrize(
    ("sex", "convention", "a", "b"),
    [
        (Sex.MALE, TrimpConvention.BANISTER, 0.64, 1.92),
        (Sex.FEMALE, TrimpConvention.BANISTER, 0.86, 1.67),
        (Sex.FEMALE, TrimpConvention.GOLDENCHEETAH, 0.64, 1.67),
        (Sex.FEMALE, TrimpConvention.RUNALYZE, 0.821776, 1.67),
        (Sex.UNSPECIFIED, TrimpConvention.RUNALYZE, 0.725215, 1.795),
        (Sex.UNSPECIFIED, TrimpConvention.BANISTER, 0.75, 1.795),
    ],
)
def test_trimp_conventions(sex, convention, a, b):
    k = trimp_coefficients(sex, convention)
    assert (k.a, k.b) == pytest.approx((a, b))


@settings(max_examples=60, deadline=None)
@given(
    scale=st.floats(0.8, 1.25),
    rest=st.floats(35, 70),
    span=st.floats(90, 150),
    seed=st.integers(0, 2**32 - 1),
)
def test_trimp_is_invariant_to_rescaling_hr_with_hrmax(scale, rest, span, seed):
    # Runalyze's invariance: the same effort on a heart with another range scores the same.
    rng = np.random.default_rng(seed)
    hr = rest + span * rng.uniform(0.3, 1.0, 900)
    t = np.arange(hr.size, dtype=float)
    a = banister_trimp(t, hr, hr_rest_bpm=rest, hr_max_bpm=rest + span)
    b = banister_trimp(t, hr * scale, hr_rest_bpm=rest * scale, hr_max_bpm=(rest + span) * scale)
    assert b == pytest.approx(a, rel=1e-9)


def test_edwards_trimp_by_hand():
    # 10 min at 55 % (x1), 10 min at 75 % (x3), 10 min at 95 % (x5), 5 min at 40 % (x0)
    t, hr = stepped([0.55 * MAX, 0.75 * MAX, 0.95 * MAX, 0.40 * MAX], [600, 600, 600, 300])
    # The final sample adds no time; it sits in the 0 zone anyway.
    assert edwards_trimp(t, hr, hr_max_bpm=MAX) == pytest.approx(10 * 1 + 10 * 3 + 10 * 5)


def test_session_rpe():
    assert session_rpe(7, 3600) == 420.0
    for bad in (-1, 11, math.nan):
        with pytest.raises(InputError, match="CR-10"):
            session_rpe(bad, 3600)
    with pytest.raises(InputError, match="duration"):
        session_rpe(5, -1)


def test_hr_load_is_100_for_an_hour_at_threshold():
    t = np.arange(3601, dtype=float)
    hr = np.full(t.size, 170.0)
    assert hr_load(t, hr, hr_rest_bpm=45, hr_max_bpm=195, lthr_bpm=170) == pytest.approx(100.0)
    half = hr_load(t[:1801], hr[:1801], hr_rest_bpm=45, hr_max_bpm=195, lthr_bpm=170)
    assert half == pytest.approx(50.0)
    with pytest.raises(InputError, match="LTHR"):
        hr_load(t, hr, hr_rest_bpm=45, hr_max_bpm=195, lthr_bpm=200)


def test_normalised_power_by_hand():
    # 30 min at 300 W then 30 min at 100 W, 1 Hz. Rolling 30 s means: 1771 windows all at
    # 300, 29 mixed windows (300 - 200 j/30, j = 1..29), and 1771 windows all at 100.
    t, p = stepped([300, 100], 1800)
    mixed = [(300 * (30 - j) + 100 * j) / 30 for j in range(1, 30)]
    n = 1771 + 29 + 1771
    expected = ((1771 * 300**4 + sum(m**4 for m in mixed) + 1771 * 100**4) / n) ** 0.25
    assert normalised_power(t, p) == pytest.approx(expected, rel=1e-12)
    assert normalised_power(t, p) > p.mean()


def test_normalisation_leaves_out_windows_across_a_pause():
    t1, p1 = stepped([200], 600)
    t2 = t1 + 600 + 3600  # one hour paused
    t = np.concatenate((t1, t2))
    p = np.concatenate((p1, np.full(600, 200.0)))
    assert normalised_power(t, p) == pytest.approx(200.0)
    # moving time: 1200 s -> 1/3 h at IF 1 -> 33.3
    assert power_load(t, p, ftp_w=200) == pytest.approx(100 * 1201 / 3600, rel=1e-3)


def test_power_and_pace_load():
    t = np.arange(3600, dtype=float)
    assert power_load(t, np.full(3600, 250.0), ftp_w=250) == pytest.approx(100.0)
    speed = np.full(3600, 4.5)
    assert pace_load(t, speed, threshold_speed_mps=5.0) == pytest.approx(81.0)
    assert normalised_speed(t, speed) == pytest.approx(4.5)
    with pytest.raises(NotEnoughDataError, match="30 s"):
        power_load(t[:20], np.full(20, 250.0), ftp_w=250)
    with pytest.raises(InputError, match="FTP"):
        power_load(t, np.full(3600, 250.0), ftp_w=0)
    with pytest.raises(InputError, match="threshold speed"):
        pace_load(t, speed, threshold_speed_mps=math.nan)


@pytest.mark.parametrize(
    ("time", "values", "message"),
    [
        ([0, 2, 1], [100, 100, 100], "non-decreasing"),
        ([0, 1], [100, 100, 100], "equal length"),
        ([0, math.nan, 2], [100, 100, 100], "finite"),
    ],
)
def test_bad_streams(time, values, message):
    with pytest.raises(InputError, match=message):
        banister_trimp(time, values, hr_rest_bpm=REST, hr_max_bpm=MAX)
    with pytest.raises(InputError, match=message):
        normalised_power(time, values)


def test_bad_heart_rate_range():
    with pytest.raises(InputError, match="above resting"):
        banister_trimp([0, 1], [100, 100], hr_rest_bpm=60, hr_max_bpm=50)
    with pytest.raises(InputError, match="resting HR"):
        banister_trimp_average(60, 100, hr_rest_bpm=0, hr_max_bpm=190)
    assert math.isnan(banister_trimp_average(60, math.nan, hr_rest_bpm=50, hr_max_bpm=190))
