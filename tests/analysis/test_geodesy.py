import math

import numpy as np
import pytest

from lydiard.analysis.geodesy import (
    MEAN_EARTH_RADIUS_M,
    DistanceMethod,
    cumulative_distance_m,
    haversine_m,
    step_distances_m,
    vincenty_m,
)


def dms(d: int, m: int, s: float) -> float:
    sign = -1 if d < 0 else 1
    return sign * (abs(d) + m / 60 + s / 3600)


def test_vincenty_geoscience_australia_example():
    # Flinders Peak to Buninyong, Geoscience Australia's worked example of Vincenty's
    # inverse formula: 54 972.271 m (GRS80; WGS84 differs by far less than a millimetre).
    d = vincenty_m(
        dms(-37, 57, 3.72030),
        dms(144, 25, 29.52440),
        dms(-37, 39, 10.15610),
        dms(143, 55, 35.38390),
    )
    assert d[0] == pytest.approx(54972.271, abs=1e-3)


def test_short_steps_on_the_ellipsoid():
    # Hand calculation: along the equator a geodesic follows it, s = a * dlon;
    # along a meridian at the equator, s ~ M(0) * dlat with M(0) = a (1 - e^2).
    a, f = 6378137.0, 1 / 298.257223563
    e2 = f * (2 - f)
    arc = math.radians(1 / 3600)
    assert vincenty_m(0, 0, 0, 1 / 3600)[0] == pytest.approx(a * arc, abs=1e-5)
    assert vincenty_m(0, 0, 1 / 3600, 0)[0] == pytest.approx(a * (1 - e2) * arc, abs=1e-4)


def test_haversine_quarter_meridian_and_method_gap():
    assert haversine_m(0, 0, 90, 0) == pytest.approx(MEAN_EARTH_RADIUS_M * math.pi / 2)
    # The sphere and the ellipsoid disagree by a fraction of a percent on running steps.
    lat = np.array([46.0, 46.001, 46.002])
    lon = np.array([8.0, 8.0, 8.001])
    v = step_distances_m(lat, lon)
    h = step_distances_m(lat, lon, DistanceMethod.HAVERSINE)
    assert np.abs(v / h - 1).max() < 5e-3
    assert not np.allclose(v, h, rtol=1e-5)


def test_antimeridian_and_identical_and_missing_points():
    assert vincenty_m(0, 179.9999, 0, -179.9999)[0] == pytest.approx(22.26, abs=0.01)
    assert vincenty_m(10, 10, 10, 10)[0] == 0.0
    assert np.isnan(vincenty_m(np.nan, 0, 0, 0)[0])
    # Nearly antipodal: Vincenty does not converge and haversine stands in.
    assert vincenty_m(0, 0, 0.5, 179.7)[0] == haversine_m(0, 0, 0.5, 179.7)


def test_cumulative_distance_carries_over_gaps_and_breaks():
    lat = np.array([np.nan, 0.0, 0.0, np.nan, 0.0, 0.0])
    lon = np.array([0.0, 0.0, 0.001, 0.0, 0.002, 0.003])
    step = float(vincenty_m(0, 0, 0, 0.001)[0])
    out = cumulative_distance_m(lat, lon)
    assert np.isnan(out[0])
    assert out[1:].tolist() == pytest.approx([0, step, step, 2 * step, 3 * step])
    broken = cumulative_distance_m(lat, lon, breaks=[4])
    assert broken[1:].tolist() == pytest.approx([0, step, step, step, 2 * step])
    assert np.isnan(cumulative_distance_m([np.nan], [np.nan])).all()


def test_step_distances_matches_pairwise_vincenty():
    rng = np.random.default_rng(7)
    lat = 45 + np.cumsum(rng.normal(0, 1e-4, 500))
    lon = 7 + np.cumsum(rng.normal(0, 1e-4, 500))
    lat[::50] = lat[1::50][: lat[::50].size]  # some repeated positions
    steps = step_distances_m(lat, lon)
    assert np.array_equal(steps, vincenty_m(lat[:-1], lon[:-1], lat[1:], lon[1:]))
    with pytest.raises(ValueError, match="equal length"):
        step_distances_m([1.0, 2.0], [1.0])
