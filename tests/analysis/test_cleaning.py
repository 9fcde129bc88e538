import numpy as np
import pytest

from lydiard.analysis import cleaning
from lydiard.analysis.geodesy import haversine_m

M_PER_DEG = 6_371_008.8 * np.pi / 180  # 111,195.08 m per degree on the mean sphere


def _line(n: int, speed_mps: float = 3.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Positions running north at a steady speed, one per second."""
    t = np.arange(float(n))
    lat = 45.0 + t * speed_mps / M_PER_DEG
    lon = np.full(n, 6.0)
    return t, lat, lon


def test_haversine_one_degree_of_latitude():
    d = haversine_m(np.array([0.0]), np.array([0.0]), np.array([1.0]), np.array([0.0]))
    assert float(d[0]) == pytest.approx(111_195.08, abs=0.01)


def test_pause_gap_is_five_median_intervals_at_least_ten_seconds():
    assert cleaning.pause_gap_s(np.arange(0.0, 100.0, 1.0)) == 10.0
    assert cleaning.pause_gap_s(np.arange(0.0, 500.0, 5.0)) == 25.0
    assert cleaning.pause_gap_s(np.array([0.0])) == 10.0


def test_fill_gaps_interpolates_in_time_and_holds_the_ends():
    t = np.array([0.0, 1.0, 3.0, 4.0, 5.0])
    v = np.array([np.nan, 10.0, np.nan, 16.0, np.nan])
    assert cleaning.fill_gaps(t, v).tolist() == [10.0, 10.0, 14.0, 16.0, 16.0]
    assert np.isnan(cleaning.fill_gaps(t, np.full(5, np.nan))).all()


@pytest.mark.parametrize("run", [1, 2, 3])
def test_spikes_of_one_to_three_fixes_are_dropped(run):
    t, lat, lon = _line(60)
    lat[20 : 20 + run] += 500 / M_PER_DEG  # 500 m off and straight back
    clean_lat, _clean_lon, dropped = cleaning.drop_position_spikes(t, lat, lon, 12.5)
    assert dropped == run
    assert np.isnan(clean_lat[20 : 20 + run]).all()
    assert np.isfinite(np.delete(clean_lat, range(20, 20 + run))).all()


def test_a_jump_that_stays_is_not_a_spike():
    # Re-acquiring a fix after a tunnel: far away, and the track goes on from there.
    t, lat, lon = _line(60)
    lat[30:] += 300 / M_PER_DEG
    _, _, dropped = cleaning.drop_position_spikes(t, lat, lon, 12.5)
    assert dropped == 0


def test_geodesic_distance_counts_only_counted_intervals():
    t, lat, lon = _line(101, speed_mps=3.0)
    counted = np.ones(100, dtype=bool)
    d = cleaning.geodesic_distance_m(t, lat, lon, counted, smooth_fixes=1)
    # The line is laid out on the mean sphere; distances are measured on the WGS84
    # ellipsoid (Vincenty), which differs by under 0.1 % here.
    assert d[-1] == pytest.approx(300.0, rel=1e-3)
    counted[:50] = False
    d = cleaning.geodesic_distance_m(t, lat, lon, counted, smooth_fixes=1)
    assert d[-1] == pytest.approx(150.0, rel=1e-3)


def test_geodesic_distance_fills_missing_fixes_in_time():
    t, lat, lon = _line(11, speed_mps=2.0)
    lat[4:7] = np.nan
    d = cleaning.geodesic_distance_m(t, lat, lon, np.ones(10, dtype=bool), smooth_fixes=1)
    # Sphere-built line, ellipsoid distances: under 0.1 % apart (see above).
    assert d[5] == pytest.approx(10.0, rel=1e-3)
    assert d[-1] == pytest.approx(20.0, rel=1e-3)


def test_averaging_fixes_takes_out_most_of_the_jitter_length():
    rng = np.random.default_rng(3)
    t, lat, lon = _line(1001, speed_mps=1.5)  # a walk: 1.5 km, where jitter adds most
    lat = lat + rng.normal(0, 1.5, t.size) / M_PER_DEG
    counted = np.ones(1000, dtype=bool)
    raw = cleaning.geodesic_distance_m(t, lat, lon, counted, smooth_fixes=1)[-1]
    averaged = cleaning.geodesic_distance_m(t, lat, lon, counted)[-1]
    assert raw > 1500 * 1.3  # 1.5 m of white noise per fix inflates the walk a lot
    assert averaged == pytest.approx(1500, rel=0.06)


def test_net_speed_ignores_jitter_at_a_standstill():
    rng = np.random.default_rng(5)
    n = 600
    t = np.arange(float(n))
    # Standing still with a couple of metres of wandering error.
    err = np.cumsum(rng.normal(0, 0.5, (n, 2)), axis=0) * 0.2
    lat = 45.0 + err[:, 0] / M_PER_DEG
    lon = 6.0 + err[:, 1] / (M_PER_DEG * np.cos(np.radians(45.0)))
    path = haversine_m(lat[:-1], lon[:-1], lat[1:], lon[1:]).sum()
    net = cleaning.net_speed_mps(t, lat, lon, 20.0)
    assert path > 30  # summing jitter would add tens of metres
    assert np.nanmax(net) < 0.3


def test_device_distance_repairs_backwards_steps_and_spikes():
    t = np.arange(10.0)
    d = np.array([0, 3, 6, 9, 5000, 15, 18, 21, 0, 3], dtype=float)  # spike, then a reset
    fixed, repaired = cleaning.device_distance_m(t, d, 12.5)
    steps = np.diff(fixed)
    assert (steps >= 0).all()
    assert (steps <= 12.5).all()
    assert repaired >= 2
    # The reset adds nothing; the steps after it count again (3 m).
    assert steps[-1] == pytest.approx(3.0)


def test_device_distance_clean_input_is_kept_from_zero():
    t = np.arange(5.0)
    fixed, repaired = cleaning.device_distance_m(t, np.array([100.0, 103, 106, 109, 112]), 12.5)
    assert fixed.tolist() == [0.0, 3.0, 6.0, 9.0, 12.0]
    assert repaired == 0


def test_speed_distance_trapezoid():
    t = np.array([0.0, 10.0, 20.0])
    d = cleaning.speed_distance_m(t, np.array([2.0, 4.0, np.nan]))
    assert d.tolist() == [0.0, 30.0, 70.0]  # NaN held at 4 m/s


def test_window_speed_regular_and_irregular_agree():
    t = np.arange(0.0, 200.0)
    d = 3.0 * t + 0.5 * np.sin(t / 7)
    regular = cleaning.window_speed_mps(t, d, 10.0)
    t2 = t.copy()
    t2[50] += 0.5  # one irregular timestamp: falls back to interpolation
    irregular = cleaning.window_speed_mps(t2, 3.0 * t2 + 0.5 * np.sin(t2 / 7), 10.0)
    assert np.nanmax(np.abs(regular - 3.0)) < 0.2
    assert np.allclose(regular[60:], irregular[60:], atol=1e-9)


def test_moving_intervals_pauses_and_stops():
    t = np.array([0.0, 1, 2, 3, 60, 61, 62])
    speed = np.array([3.0, 3, 0.1, 0.1, 3, 3, 3])
    moving = cleaning.moving_intervals(t, speed, stop_speed_mps=0.5, pause_gap=10.0)
    # Interval speed is the mean of its ends: 1-2 averages 1.55 m/s (moving), 2-3 is
    # stopped, 3-60 is a pause.
    assert moving.tolist() == [True, True, False, False, True, True]
    unknown = cleaning.moving_intervals(t, np.full(7, np.nan), stop_speed_mps=0.5, pause_gap=10)
    assert unknown.tolist() == [True, True, True, False, True, True]


def test_device_distance_keeps_a_catch_up_that_stays():
    # After a tunnel the watch adds the 200 m it missed in one step: real distance.
    t = np.arange(8.0)
    d = np.array([0, 3, 6, 206, 209, 212, 215, 218], dtype=float)
    fixed, repaired = cleaning.device_distance_m(t, d, 12.5)
    assert fixed[-1] == pytest.approx(218.0)
    assert repaired == 0


def test_pool_lengths_counted_at_the_wall_are_kept():
    # A pool swim's distance jumps 25 m at each wall: no glitch, nothing removed.
    t = np.arange(0.0, 300.0)
    d = np.floor(t / 30) * 25
    fixed, _ = cleaning.device_distance_m(t, d, 3.5)
    assert fixed[-1] == pytest.approx(225.0)
