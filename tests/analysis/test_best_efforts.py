import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.synthetic import activity_from, steady
from lydiard.analysis import best_efforts, prepare, splits
from lydiard.analysis.best_efforts import default_distances, fastest
from lydiard.errors import InputError
from lydiard.model import Sport


def test_constant_speed_best_efforts_by_hand():
    b = best_efforts(steady(4.0, 3000))  # 12 km at 4 m/s
    names = [e.name for e in b]
    assert names == ["400 m", "1 km", "1 mile", "5 km", "10 km"]
    assert b[0].elapsed_s == pytest.approx(100.0)
    assert b[2].elapsed_s == pytest.approx(1609.344 / 4)
    assert b[4].speed_mps == pytest.approx(4.0)


def test_a_fast_km_in_the_middle_is_found_with_interpolation():
    # 3 m/s, except 5 m/s from 1500 m to 2500 m (200 s), then 3 m/s again.
    t = np.arange(0.0, 1401.0)
    v = np.where((t >= 500) & (t < 700), 5.0, 3.0)
    a = steady(v, 1400)
    e = fastest(prepare(a), 1000.0)
    assert e is not None
    assert e[0] == pytest.approx(200.0, abs=1e-6)
    assert e[1] == pytest.approx(500.0, abs=1e-6)
    # 1.2 km: the fast km plus 200 m at 3 m/s (66.67 s).
    e12 = fastest(prepare(a), 1200.0)
    assert e12 is not None
    assert e12[0] == pytest.approx(200 + 200 / 3, abs=1e-6)


def test_stops_at_the_ends_do_not_count_stops_inside_do():
    # Run 600 m, stand 60 s, run 600 m: best 1 km includes the stop (elapsed time),
    # best 500 m does not.
    v = np.r_[np.full(200, 3.0), np.zeros(60), np.full(201, 3.0)]
    tr = prepare(steady(v, 460))
    e500 = fastest(tr, 500.0)
    e1k = fastest(tr, 1000.0)
    assert e500 is not None
    assert e500[0] == pytest.approx(500 / 3, abs=1e-6)
    assert e1k is not None
    assert e1k[0] == pytest.approx(1000 / 3 + 60, abs=1e-6)


def test_sport_defaults_and_custom_distances():
    assert "Marathon" in default_distances(Sport.RUN)
    assert "40 km" in default_distances(Sport.BIKE)
    assert "100 m" in default_distances(Sport.SWIM)
    assert "2000 m" in default_distances(Sport.SKI_ERG)
    b = best_efforts(steady(4.0, 600), {"2 km": 2000.0, "800 m": 800.0, "5 km": 5000.0})
    assert [e.name for e in b] == ["800 m", "2 km"]


def test_bad_distance_and_no_distance():
    tr = prepare(steady(4.0, 600))
    with pytest.raises(InputError, match="above zero"):
        fastest(tr, -5.0)
    assert fastest(tr, 10_000.0) is None
    no_distance = activity_from(time_s=np.arange(5.0))
    assert len(best_efforts(no_distance)) == 0


@st.composite
def tracks(draw):
    n = draw(st.integers(8, 300))
    speeds = draw(st.lists(st.sampled_from([0.0, 1.0, 2.5, 3.3, 4.1, 6.0]), min_size=n, max_size=n))
    t = np.cumsum(draw(st.lists(st.sampled_from([1.0, 1.0, 2.0, 5.0]), min_size=n, max_size=n)))
    d = np.concatenate(([0.0], np.cumsum(np.asarray(speeds[:-1]) * np.diff(t))))
    return prepare(activity_from(time_s=t - t[0], distance_m=d))


@settings(max_examples=60, deadline=None)
@given(tracks(), st.sampled_from([50.0, 100.0, 137.0, 400.0]))
def test_coarse_to_fine_search_is_exact(track, distance):
    exhaustive = fastest(track, distance, step_m=0)
    coarse = fastest(track, distance, step_m=7.0)
    if exhaustive is None:
        assert coarse is None
        return
    assert coarse is not None
    assert coarse[0] == pytest.approx(exhaustive[0], abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(tracks(), st.sampled_from([100.0, 200.0]), st.integers(1, 3))
def test_best_effort_beats_every_split_aligned_stretch(track, split, count):
    # Any run of ``count`` consecutive whole splits is a stretch of count x split metres.
    rows = [r for r in splits(track, split) if not r.partial]
    best = fastest(track, split * count)
    for k in range(len(rows) - count + 1):
        assert best is not None
        stretch = sum(r.elapsed_s for r in rows[k : k + count])
        assert best[0] <= stretch + 1e-9
