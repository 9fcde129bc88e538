import numpy as np
import pytest
from defusedxml import ElementTree
from hypothesis import given, settings
from hypothesis import strategies as st

from lydiard.analysis.climbing import climbing, turning_points
from lydiard.analysis.elevation import moving_average, smooth_profile
from lydiard.analysis.geodesy import haversine_m


def test_climbing_by_hand_with_hysteresis():
    profile = np.array([0, 1, 2, 5, 4, 3, 10, 9.5, 10.5, 2, 2, 2, 8.0])
    c = climbing(profile, 3.0)
    # Lows and highs: 0 -> 10.5 (the dips of 2 m and 1 m are under the threshold),
    # down to 2, up to 8: ascent 10.5 + 6, descent 8.5.
    assert c.total_ascent_m == pytest.approx(16.5)
    assert c.total_descent_m == pytest.approx(8.5)
    assert profile[c.pivots].tolist() == [0.0, 10.5, 2.0, 8.0]
    # The streams rise as running maxima: the 2 m dip (5 -> 3) is not taken back.
    assert c.ascent_m[:7].tolist() == [0, 1, 2, 5, 5, 5, 10]


def test_zero_threshold_counts_every_rise():
    profile = np.array([0.0, 1, 0.5, 2, 2, 1])
    c = climbing(profile, 0.0)
    assert c.total_ascent_m == pytest.approx(1 + 1.5)
    assert c.total_descent_m == pytest.approx(0.5 + 1)


def test_small_wiggles_count_nothing():
    profile = 100 + 1.4 * np.sin(np.arange(500) / 3)
    assert climbing(profile, 3.0).total_ascent_m == 0.0


def test_bad_input():
    with pytest.raises(ValueError, match=">= 0"):
        climbing(np.zeros(3), -1.0)
    with pytest.raises(ValueError, match="finite"):
        climbing(np.array([0.0, np.nan]), 3.0)
    assert climbing(np.zeros(0)).total_ascent_m == 0.0


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(-50, 50, allow_nan=False), min_size=2, max_size=80),
    st.floats(0, 10),
)
def test_climb_invariants(steps, threshold):
    profile = 500 + np.cumsum(steps)
    c = climbing(profile, threshold)
    assert (np.diff(c.ascent_m) >= -1e-9).all()
    assert (np.diff(c.descent_m) >= -1e-9).all()
    # Ascent minus descent is the height gained from the start to the last pivot.
    last = turning_points(profile, threshold)[-1]
    net = c.total_ascent_m - c.total_descent_m
    assert net == pytest.approx(profile[last] - profile[0], abs=1e-6)
    # Hysteresis only ever removes climb.
    raw = np.clip(np.diff(profile), 0, None).sum()
    assert c.total_ascent_m <= raw + 1e-6


@pytest.mark.parametrize("n", [1, 2, 5, 11, 12, 40])
@pytest.mark.parametrize("points", [1, 3, 11])
def test_moving_average_matches_the_definition(n, points):
    values = np.random.default_rng(n).random(n)
    half = points // 2
    # Near the ends the window shrinks on both sides alike.
    radius = [min(half, i, n - 1 - i) for i in range(n)]
    expected = [values[i - r : i + r + 1].mean() for i, r in zip(range(n), radius, strict=True)]
    assert moving_average(values, points) == pytest.approx(expected)


def test_moving_average_keeps_a_ramp():
    ramp = np.arange(100.0) * 0.3
    assert np.allclose(moving_average(ramp, 11), ramp)  # ends included


def test_smooth_profile_gradient_of_a_steady_climb():
    d = np.arange(0.0, 2000.0, 2.5)
    rng = np.random.default_rng(1)
    alt = 300 + 0.08 * d + rng.normal(0, 2.0, d.size)  # 8 % with 2 m of noise
    p = smooth_profile(d, alt, step=5.0, window=50.0)
    assert p is not None
    inner = (p.axis > 200) & (p.axis < 1800)
    error = p.grade[inner] - 0.08
    # Noise of 2 m on every sample leaves about 1 % of gradient noise, no bias.
    assert abs(error.mean()) < 0.003
    assert error.std() < 0.02
    assert np.abs(error).max() < 0.05
    # Raw gradients between 2.5 m samples would be meaningless: +-100 % and more.
    assert np.abs(np.diff(alt) / 2.5).max() > 1.0


def test_smooth_profile_needs_two_points():
    assert smooth_profile(np.array([0.0, np.nan]), np.array([1.0, 2.0]), step=5, window=50) is None
    with pytest.raises(ValueError, match="positive"):
        smooth_profile(np.arange(3.0), np.arange(3.0), step=0.0, window=50)


def _course(path):
    ns = {"g": "http://www.topografix.com/GPX/1/1"}
    root = ElementTree.parse(path).getroot()
    pts = [
        (float(p.get("lat")), float(p.get("lon")), float(p.find("g:ele", ns).text))
        for p in root.iterfind(".//g:trkpt", ns)
    ]
    a = np.array(pts)
    d = np.concatenate(([0.0], np.cumsum(haversine_m(a[:-1, 0], a[:-1, 1], a[1:, 0], a[1:, 1]))))
    return d, a[:, 2]


def test_utmb_course_climb(shared_data):
    # The UTMB course (Chamonix loop): the organisers publish about 10,000 m of climb;
    # summing every rise of this file gives ~11,900 m (the route tool's elevation noise).
    d, z = _course(shared_data / "courses" / "danielissing_utmb-170.gpx")
    p = smooth_profile(d, z, step=5.0, window=50.0)
    c = climbing(p.altitude_m, 3.0)
    assert 9_500 < c.total_ascent_m < 10_700
    # A loop: what goes up comes down, within the hysteresis and the start/finish offset.
    assert abs(c.total_ascent_m - c.total_descent_m - (p.altitude_m[-1] - p.altitude_m[0])) < 6
