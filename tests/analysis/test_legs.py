"""Multisport activities: each leg in its own sport; one rule for how a sport reads speed."""

import math

import numpy as np
import pytest

from analysis.synthetic import PLAN, triathlon
from lydiard.analysis import MetricKind, analyse, legs, speed_kind, summary
from lydiard.model import Activity, Samples, Sport

START = triathlon().start_time


def test_each_leg_is_summarised_in_its_own_sport():
    got = legs(triathlon())
    assert [leg.sport for leg in got] == [s for s, _, _ in PLAN]
    swim, _, bike, _, run = got
    # Hand check: distance and timer time from the sessions, speed their ratio.
    assert (swim.distance_m, swim.time_s) == pytest.approx((1000.0, 1000.0))
    assert swim.speed_mps == pytest.approx(1.0)
    assert bike.speed_mps == pytest.approx(10.0)
    assert run.speed_mps == pytest.approx(10 / 3)
    assert [leg.speed_kind for leg in (swim, bike, run)] == [
        MetricKind.PACE_100M,
        MetricKind.SPEED,
        MetricKind.PACE,
    ]
    assert bike.avg_heart_rate_bpm == pytest.approx(140.0, abs=0.1)
    assert run.avg_heart_rate_bpm == pytest.approx(150.0, abs=0.1)


def test_legs_without_device_totals_use_the_cleaned_leg():
    swim, _, bike, _, run = legs(triathlon(device_totals=False))
    assert bike.distance_m == pytest.approx(20_000.0, rel=1e-3)
    assert bike.time_s == pytest.approx(2000.0, rel=1e-2)
    assert run.distance_m == pytest.approx(5000.0, rel=1e-3)
    assert swim.speed_mps == pytest.approx(1.0, rel=1e-2)


def test_leg_splits_are_per_km_of_the_leg_itself():
    bike = legs(triathlon())[2]
    rows = bike.splits_km.rows
    assert len(rows) == 20  # 20 km leg, not 26 km counted from the swim start
    assert all(row.speed_mps == pytest.approx(10.0, rel=1e-3) for row in rows)
    assert len(bike.splits_mi.rows) == math.ceil(20_000 / 1609.344)


def test_analysis_of_a_multisport_activity_has_legs_and_no_whole_splits():
    result = analyse(triathlon())
    assert len(result.legs) == 5
    assert not result.splits_km.rows
    assert not result.splits_mi.rows
    assert not result.best_efforts.rows
    assert not result.reps.rows
    assert result.pacing is None
    assert result.decoupling is None
    keys = [m.key for m in result.summary.metrics]
    assert "distance" in keys
    assert "avg_heart_rate" in keys
    assert not {"pace", "speed", "pace_100m"} & set(keys)  # no single speed


def test_a_single_sport_activity_has_no_legs():
    activity = triathlon()
    run = Activity(START, activity.samples, sport=Sport.RUN, sessions=activity.sessions[:1])
    assert legs(run) == ()
    assert analyse(run).legs == ()


@pytest.mark.parametrize(
    ("sport", "kind"),
    [
        (Sport.RUN, MetricKind.PACE),
        (Sport.TRAIL_RUN, MetricKind.PACE),
        (Sport.TREADMILL, MetricKind.PACE),
        (Sport.WALK, MetricKind.PACE),
        (Sport.HIKE, MetricKind.PACE),
        (Sport.SWIM, MetricKind.PACE_100M),
        (Sport.ROW, MetricKind.PACE_500M),
        (Sport.SKI_ERG, MetricKind.PACE_500M),
        (Sport.BIKE, MetricKind.SPEED),
        (Sport.NORDIC_SKI, MetricKind.SPEED),
        (Sport.OTHER, MetricKind.SPEED),
        (Sport.MULTISPORT, None),
    ],
)
def test_speed_kind_per_sport(sport, kind):
    assert speed_kind(sport) is kind


def test_no_distance_moving_time_is_elapsed_less_pauses():
    # Heart rate only, 1 Hz for 0..1200 s and 1800..3000 s: a 600 s pause in between.
    t = np.concatenate([np.arange(0.0, 1201.0), np.arange(1800.0, 3001.0)])
    samples = Samples.from_columns(time_s=t, heart_rate_bpm=np.full(t.size, 130.0))
    got = summary(Activity(START, samples, sport=Sport.STRENGTH))
    assert math.isnan(got.distance_m)
    assert got.elapsed_s == 3000.0
    assert got.moving_s == pytest.approx(2400.0)  # 3000 s less the 600 s gap


def test_multisport_legs_of_the_shared_triathlon(shared_data):
    from lydiard.importers import read_activity

    activity = read_activity(shared_data / "fit" / "gc__MultiSport-2019-11-24.fit")
    assert activity.sport is Sport.MULTISPORT
    swim, t1, bike, t2, run = legs(activity)
    # The device's own session totals (read with fitdecode by hand).
    assert swim.distance_m == pytest.approx(3879.38)
    assert bike.distance_m == pytest.approx(179381.7)
    assert run.time_s == pytest.approx(19839.616)
    assert 1.0 < (100 / swim.speed_mps) / 60 < 3.0  # between 1 and 3 min per 100 m
    assert 20 < bike.speed_mps * 3.6 < 35
    assert (t1.sport, t2.sport) == (Sport.TRANSITION, Sport.TRANSITION)


def test_a_leg_without_samples_has_unknown_distance_not_an_error():
    import dataclasses

    from lydiard.model import Session

    race = triathlon()
    late = Session(Sport.TRANSITION, 4590.5, 4590.9, timer_s=0.4)  # after the last sample
    extra = legs(dataclasses.replace(race, sessions=(*race.sessions, late)))[-1]
    assert math.isnan(extra.distance_m)
    assert extra.time_s == pytest.approx(0.4)
    assert math.isnan(extra.speed_mps)
