import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.synthetic import activity_from, steady
from lydiard.analysis import prepare, splits
from lydiard.errors import InputError
from lydiard.units import METRES_PER_MILE


def test_constant_speed_splits_by_hand():
    # 4 m/s for 2600 s = 10.4 km: ten 250 s km splits and a 400 m one of 100 s.
    s = splits(steady(4.0, 2600), "km")
    assert len(s) == 11
    assert [r.elapsed_s for r in s[:10]] == pytest.approx([250.0] * 10)
    assert s[-1].distance_m == pytest.approx(400.0)
    assert s[-1].elapsed_s == pytest.approx(100.0)
    assert s[-1].partial
    assert not s[0].partial
    assert all(r.speed_mps == pytest.approx(4.0) for r in s)
    assert s.total is not None
    assert s.total.distance_m == pytest.approx(10400.0)
    assert s.unit == "km"
    assert s.split_m == 1000.0


def test_mile_splits_by_hand():
    s = splits(steady(4.0, 2600), "mi")
    # A mile at 4 m/s takes 1609.344 / 4 = 402.336 s.
    assert s[0].elapsed_s == pytest.approx(402.336)
    assert s.unit == "mi"
    assert len(s) == math.ceil(10400 / METRES_PER_MILE)


def test_last_23_km_of_a_48_km_long_run():
    # 48.3 km at 3.5 m/s, faster (4 m/s) over the final 23 km.
    first = 25300 / 3.5
    speeds = np.where(np.arange(0, 13001) < first, 3.5, 4.0)
    a = steady(speeds, 13000)
    total = prepare(a).distance_total_m
    s = splits(a, "km", last="23km")
    assert len(s) == 23
    assert all(not r.partial for r in s)
    assert s[-1].end_m == pytest.approx(total)
    assert s[0].start_m == pytest.approx(total - 23000)
    assert s.total is not None
    assert s.total.distance_m == pytest.approx(23000)
    assert s.total.speed_mps == pytest.approx(4.0, rel=1e-3)
    # A non-whole last: the first split is the partial one.
    s2 = splits(a, "km", last=23500)
    assert len(s2) == 24
    assert s2[0].partial
    assert s2[0].distance_m == pytest.approx(500)


def test_last_longer_than_the_activity_is_the_whole_activity():
    s = splits(steady(4.0, 1000), "km", last="50 km")
    assert s.total is not None
    assert s.total.distance_m == pytest.approx(4000)


def test_splits_with_climb_and_hr():
    t = np.arange(0.0, 1001.0)
    d = t * 3.0
    alt = 100 + np.clip(d - 1000, 0, 1000) * 0.1  # flat km, then 10 % for a km, then flat
    a = activity_from(time_s=t, distance_m=d, altitude_m=alt, heart_rate_bpm=140 + t * 0.01)
    s = splits(a, "km")
    assert s[0].ascent_m == pytest.approx(0, abs=1.0)
    assert s[1].ascent_m == pytest.approx(100, abs=5)
    assert s[1].gap_speed_mps > 1.5 * s[1].speed_mps
    assert s[0].gap_speed_mps == pytest.approx(s[0].speed_mps, rel=0.02)
    assert 140 < s[0].avg_heart_rate_bpm < s[1].avg_heart_rate_bpm
    assert s[2].max_heart_rate_bpm == pytest.approx(150.0)


def test_no_distance_gives_no_splits():
    a = activity_from(time_s=np.arange(10.0), heart_rate_bpm=np.full(10, 120.0))
    assert len(splits(a)) == 0


@pytest.mark.parametrize(
    ("per", "last", "message"),
    [
        ("furlong", None, "split distance 'furlong'"),
        (0.0, None, "above zero"),
        ("km", "-3 km", "last '-3 km'"),
        ("km", 0, "above zero"),
        (0.001, None, "more than"),
    ],
)
def test_bad_split_requests(per, last, message):
    with pytest.raises(InputError, match=message):
        splits(steady(4.0, 2600), per, last=last)


speeds = st.lists(st.floats(0.0, 7.0), min_size=5, max_size=400)


@settings(max_examples=40, deadline=None)
@given(speeds, st.sampled_from(["km", "mi", 400.0, 137.5]), st.integers(1, 3))
def test_splits_sum_to_the_totals(values, per, dt):
    t = np.arange(len(values), dtype=float) * dt
    d = np.concatenate(([0.0], np.cumsum(np.asarray(values[:-1]) * dt)))
    a = activity_from(time_s=t, distance_m=d)
    tr = prepare(a)
    s = splits(tr, per)
    if tr.distance_total_m <= 0:
        assert len(s) == 0
        return
    assert sum(r.distance_m for r in s) == pytest.approx(tr.distance_total_m, abs=1e-6)
    assert sum(r.elapsed_s for r in s) == pytest.approx(tr.elapsed_s, abs=1e-6)
    assert sum(r.moving_s for r in s) == pytest.approx(tr.moving_s, abs=1e-6)
    assert all(r.distance_m > 0 for r in s)
    assert sum(r.partial for r in s) <= 1
