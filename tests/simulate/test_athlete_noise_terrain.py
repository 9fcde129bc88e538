"""The athlete model, the noise helpers and the routes."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lydiard.errors import InputError
from lydiard.physiology.paces import THRESHOLD_FRACTION, training_paces
from lydiard.simulate.athlete import SimAthlete, speed_at_fraction, vo2_fraction
from lydiard.simulate.noise import ar1, lag, smooth_random
from lydiard.simulate.terrain import RouteKind, make_route


def test_effort_maps_to_the_athletes_daniels_paces():
    athlete = SimAthlete(vdot=70.0)
    paces = training_paces(70.0)
    # T pace costs 0.8799 of VO2max by Daniels' definition (science.md)
    assert vo2_fraction(paces.threshold_mps, 70.0) == pytest.approx(THRESHOLD_FRACTION, rel=1e-9)
    assert speed_at_fraction(THRESHOLD_FRACTION, 70.0) == pytest.approx(paces.threshold_mps)
    assert athlete.threshold_speed_mps == pytest.approx(paces.threshold_mps)
    # Swain: %HRR = %VO2R. Hand calculation at T for VDOT 70, rest 40, max 190:
    # VO2R = (0.8799 * 70 - 3.5) / (70 - 3.5) = 0.87357; HR = 40 + 150 * 0.87357 = 171.04
    assert athlete.lthr_bpm == pytest.approx(171.04, abs=0.01)
    for fraction in (0.5, 0.7, 0.88, 0.97):
        hr = float(athlete.hr_at(fraction))
        assert athlete.fraction_at_hr(hr) == pytest.approx(fraction, rel=1e-9)
    assert float(athlete.hr_at(1.2)) == athlete.hr_max_bpm  # capped at the maximum
    assert athlete.fraction_at_power(athlete.bike_ftp_w, athlete.bike_ftp_w) == THRESHOLD_FRACTION


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"vdot": 95.0}, "vdot must be 20-90"),
        ({"hr_rest_bpm": 150.0}, "not plausible"),
        ({"bike_ftp_w": 0.0}, "bike_ftp_w must be above zero"),
        ({"home_lat_deg": 95.0}, "is not a latitude"),
    ],
)
def test_bad_athletes_are_refused(fields, message):
    with pytest.raises(InputError, match=message):
        SimAthlete(**fields)


def test_ar1_has_the_asked_spread_and_correlation():
    series = ar1(np.random.default_rng(3), 200_000, 2.0, 0.9)
    assert series.std() == pytest.approx(2.0, rel=0.03)
    lag1 = np.corrcoef(series[:-1], series[1:])[0, 1]
    assert lag1 == pytest.approx(0.9, abs=0.01)
    assert ar1(np.random.default_rng(3), 0, 1.0, 0.5).size == 0


def test_lag_is_a_first_order_response():
    # a unit step seen through a 30 s time constant: 1 - exp(-t/30) at 1 Hz
    response = lag(np.ones(91), 30.0, 0.0)
    assert response[29] == pytest.approx(1 - math.exp(-30 / 30), abs=1e-12)
    assert response[89] == pytest.approx(1 - math.exp(-90 / 30), abs=1e-12)


def test_smooth_random_is_periodic_with_unit_spread():
    grid, values = smooth_random(np.random.default_rng(1), 10_000.0, 10.0, (250.0, 6000.0))
    assert grid[0] == 0.0
    assert grid[-1] == 10_000.0
    assert values.std() == pytest.approx(1.0, rel=1e-9)
    assert values[0] == pytest.approx(values[-1], abs=1e-9)  # whole periods


def test_trail_route_has_the_asked_climb_and_closes():
    rng = np.random.default_rng(5)
    route = make_route(
        rng, "trail", 20_000, origin=(35.2, -111.6), home_altitude_m=2100, climb_per_km=30.0
    )
    climb, descent = route.climb_m(0.0, route.length_m)
    # 30 m/km over 20 km (steep pitches are softened, never steepened: at most 600 m)
    assert 0.85 * 600 <= climb <= 600 + 1e-6
    assert descent == pytest.approx(climb, rel=1e-6)  # a loop comes back down
    assert np.abs(np.diff(route.altitude_m) / np.diff(route.grid_m)).max() <= 0.31
    east, north = route.position_at(np.array([0.0, route.length_m]))
    assert math.hypot(east[1] - east[0], north[1] - north[0]) < 1.0  # ends at home
    # going round again repeats the loop
    assert (
        route.altitude_at(np.array([1234.0]))[0]
        == route.altitude_at(np.array([1234.0 + route.length_m]))[0]
    )


def test_track_is_400_m_and_flat_and_indoor_has_no_position():
    rng = np.random.default_rng(0)
    track = make_route(rng, RouteKind.TRACK, 5000, origin=(45.0, 6.0), home_altitude_m=500)
    assert track.length_m == pytest.approx(400.0, abs=0.01)  # 2 x 84.39 + 2 pi 36.5
    steps = np.hypot(np.diff(track.east_m), np.diff(track.north_m))
    assert steps.sum() == pytest.approx(400.0, rel=0.002)
    assert track.climb_m(0, 4000) == (0.0, 0.0)
    indoor = make_route(rng, "indoor", 3000, origin=(45.0, 6.0), home_altitude_m=500)
    assert not indoor.outdoor
    assert np.isnan(indoor.altitude_m).all()
