import importlib

import numpy as np
import pytest

from lydiard.analysis.geodesy import cumulative_distance_m
from lydiard.analysis.grade import energy_cost
from lydiard.errors import InputError
from lydiard.physiology.races import predict_time
from lydiard.physiology.trail import (
    TrailModel,
    effort_km,
    predict_course,
)

FROM = {"from_distance_m": 42195.0, "from_time_s": 3 * 3600.0}


def importable(module: str) -> bool:
    """True when a reader from another branch imports with everything it needs."""
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


def hill(n=2001):
    """10 km up at 10 %, then 10 km down at 10 %: 20 km, +1000 m."""
    d = np.linspace(0, 20000, n)
    alt = 500 + np.where(d <= 10000, 0.1 * d, 0.1 * (20000 - d))
    return d, alt


def test_effort_km():
    assert effort_km(170000, 10000) == pytest.approx(270.0)
    with pytest.raises(InputError, match="climb"):
        effort_km(1000, -5)


def test_minetti_cost_by_hand():
    # Minetti et al. 2002 at 0 and +/-10 %, and clamped beyond 45 %
    assert energy_cost(0.0) == pytest.approx(3.6)
    up = 155.4e-5 - 30.4e-4 - 43.3e-3 + 46.3e-2 + 1.95 + 3.6
    down = -155.4e-5 - 30.4e-4 + 43.3e-3 + 46.3e-2 - 1.95 + 3.6
    assert energy_cost([0.1, -0.1]) == pytest.approx([up, down])
    assert energy_cost(0.6) == pytest.approx(energy_cost(0.45))


def test_flat_course_is_the_race_model():
    d = np.linspace(0, 50000, 501)
    p = predict_course(d, np.full(d.size, 200.0), **FROM)
    assert p.equivalent_flat_m == pytest.approx(50000)
    assert p.time_s == pytest.approx(predict_time(42195, 3 * 3600, 50000))
    assert p.climb_m == 0
    assert p.effort_km == pytest.approx(50)


def test_synthetic_hill_by_hand():
    d, alt = hill()
    p = predict_course(d, alt, smoothing_m=0, **FROM)
    up = float(energy_cost(0.1)) / 3.6
    # the climb costs up x 10 km; the descent counts as flat (descent floor 1.0)
    assert p.equivalent_flat_m == pytest.approx(10000 * up + 10000, rel=1e-9)
    assert p.climb_m == pytest.approx(1000)
    assert p.descent_m == pytest.approx(1000)
    assert p.time_s == pytest.approx(predict_time(42195, 3 * 3600, p.equivalent_flat_m))
    itra = predict_course(d, alt, smoothing_m=0, model=TrailModel.EFFORT_KM, **FROM)
    assert itra.equivalent_flat_m == pytest.approx(30000)
    pure = predict_course(d, alt, smoothing_m=0, descent_floor=0.1, **FROM)
    down = float(energy_cost(-0.1)) / 3.6
    assert pure.equivalent_flat_m == pytest.approx(10000 * (up + down), rel=1e-9)


def test_checkpoints_split_the_time_by_equivalent_distance():
    d, alt = hill()
    p = predict_course(d, alt, checkpoint_every_m=5000, smoothing_m=0, **FROM)
    assert [c.distance_m for c in p.checkpoints] == [5000, 10000, 15000, 20000]
    assert p.checkpoints[-1].time_s == pytest.approx(p.time_s)
    up_share = 10000 * float(energy_cost(0.1)) / 3.6 / p.equivalent_flat_m
    assert p.checkpoints[1].time_s == pytest.approx(p.time_s * up_share)
    assert p.checkpoints[1].altitude_m == pytest.approx(1500)
    assert p.checkpoints[1].climb_m == pytest.approx(1000)


def test_smoothing_removes_gps_noise_from_the_climb():
    d = np.linspace(0, 10000, 2001)
    noisy = 300 + np.random.default_rng(0).normal(0, 3, d.size)
    raw_climb = np.clip(np.diff(noisy), 0, None).sum()
    p = predict_course(d, noisy, **FROM)
    assert p.climb_m < raw_climb / 5


@pytest.mark.parametrize(
    ("dist", "alt", "message"),
    [
        ([0, 100, 200], [np.nan, np.nan, np.nan], "no altitude"),
        ([0, 200, 100], [1, 2, 3], "must not decrease"),
        ([0], [1], "at least two points"),
        ([0, 1, 2], [1, 2], "equal length"),
    ],
)
def test_bad_courses(dist, alt, message):
    with pytest.raises(InputError, match=message):
        predict_course(dist, alt, **FROM)


@pytest.mark.skipif(
    not importable("lydiard.importers.gpx"),
    reason="the GPX reader (lydiard.importers.gpx) is on another branch",
)
@pytest.mark.parametrize(
    # climb as SOURCES.md gives it, and the flat result of a fast ultra runner
    ("name", "climb"),
    [
        ("danielissing_utmb-170.gpx", 10692),
        ("danielissing_lake-sonoma-55k.gpx", 1933),
        ("danielissing_eiger_ultra_trail_250.gpx", 17226),
    ],
)
def test_real_courses(shared_data, name, climb):
    from lydiard.importers import read_activity

    course = read_activity(shared_data / "courses" / name)
    s = course.samples
    d = (
        s.distance_m
        if np.isfinite(s.distance_m).sum() > 1
        else cumulative_distance_m(s.lat_deg, s.lon_deg)
    )
    p = predict_course(d, s.altitude_m, from_distance_m=100000, from_time_s=6 * 3600 + 9 * 60)
    assert 0.75 * climb < p.climb_m < 1.1 * climb
    assert p.time_s > predict_time(100000, 6 * 3600 + 9 * 60, p.distance_m)
