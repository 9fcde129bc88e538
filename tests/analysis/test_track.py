import numpy as np
import pytest

from analysis.synthetic import Block, activity_from, simulate, steady
from lydiard.analysis import CleaningOptions, DistanceSource, prepare
from lydiard.model import Samples, Sport


def test_device_distance_is_preferred_and_totals_are_right():
    a = steady(3.0, 600)
    tr = prepare(a)
    assert tr.distance_source is DistanceSource.DEVICE
    assert tr.distance_total_m == pytest.approx(1800.0)
    assert tr.elapsed_s == 600.0
    assert tr.moving_s == pytest.approx(600.0)
    assert not tr.has_altitude
    assert np.isnan(tr.cum_gap_m).all()


def test_standing_still_is_not_moving_time():
    speeds = np.r_[np.full(300, 3.0), np.zeros(120), np.full(300, 3.0)]
    tr = prepare(steady(speeds, 719))
    # 120 s standing, give or take the stop window's edges.
    assert tr.moving_s == pytest.approx(600.0, abs=12)
    assert tr.elapsed_s == 719.0


def test_a_gap_in_recording_is_a_pause():
    t = np.r_[np.arange(0.0, 300.0), np.arange(900.0, 1200.0)]
    d = np.r_[np.arange(0.0, 300.0) * 3, 900 + np.arange(0.0, 300.0) * 3]
    tr = prepare(activity_from(time_s=t, distance_m=d))
    assert tr.pause_gap_s == 10.0
    assert tr.elapsed_s == 1199.0
    assert tr.moving_s == pytest.approx(598.0)


def test_gps_distance_without_device_distance_and_jitter_at_a_stop():
    blocks = [
        Block("warmup", 3.0, distance_m=1500),
        Block("recovery", 0.0, duration_s=600),
        Block("cooldown", 3.0, distance_m=1500),
    ]
    a, truth = simulate(blocks, gps=True, device_distance=False, seed=4)
    tr = prepare(a)
    assert tr.distance_source is DistanceSource.GPS
    # GPS jitter while running adds a little; while standing 10 min it must add ~nothing.
    assert tr.distance_total_m == pytest.approx(3000.0, rel=0.03)
    at_stop = tr.distance_m[(tr.time_s > truth[1].start_s + 30) & (tr.time_s < truth[1].end_s - 30)]
    assert at_stop[-1] - at_stop[0] < 10.0
    assert tr.moving_s == pytest.approx(a.elapsed_s - 600, abs=30)


def test_speed_channel_when_nothing_else():
    t = np.arange(0.0, 101.0)
    tr = prepare(activity_from(time_s=t, speed_mps=np.full(101, 2.5)))
    assert tr.distance_source is DistanceSource.SPEED
    assert tr.distance_total_m == pytest.approx(250.0)


def test_no_distance_at_all():
    t = np.arange(0.0, 61.0)
    tr = prepare(activity_from(Sport.STRENGTH, time_s=t, heart_rate_bpm=np.full(61, 100.0)))
    assert tr.distance_source is DistanceSource.NONE
    assert not tr.has_distance
    assert tr.moving_s == 60.0
    assert tr.has_heart_rate


def test_altitude_without_distance_is_smoothed_over_time():
    t = np.arange(0.0, 600.0)
    alt = 100 + np.where(t < 300, t * 0.2, 60 - (t - 300) * 0.2)
    tr = prepare(activity_from(Sport.BIKE, time_s=t, altitude_m=alt))
    assert tr.profile is not None
    assert tr.profile.over_time
    assert tr.ascent_total_m == pytest.approx(60, abs=3)
    assert not tr.has_gap


def test_empty_and_single_sample():
    empty = prepare(activity_from(time_s=np.zeros(0)))
    assert len(empty) == 0
    assert empty.elapsed_s == 0.0
    one = prepare(activity_from(time_s=[0.0], distance_m=[0.0]))
    assert one.moving_s == 0.0


def test_forced_source_and_bad_options():
    a, _ = simulate([Block("warmup", 3.0, distance_m=1000)], gps=True, seed=2)
    tr = prepare(a, options=CleaningOptions(distance_source=DistanceSource.GPS))
    assert tr.distance_source is DistanceSource.GPS
    with pytest.raises(ValueError, match="elevation_step_m"):
        CleaningOptions(elevation_step_m=0)
    with pytest.raises(ValueError, match="stop_speed_mps"):
        CleaningOptions(stop_speed_mps=-1)
    with pytest.raises(ValueError, match="wheel"):
        CleaningOptions(distance_source="wheel")  # type: ignore[arg-type]


def test_prepare_accepts_bare_samples():
    s = Samples.from_columns(time_s=np.arange(10.0), distance_m=np.arange(10.0) * 2)
    tr = prepare(s, sport=Sport.WALK)
    assert tr.sport is Sport.WALK
    assert tr.distance_total_m == 18.0
