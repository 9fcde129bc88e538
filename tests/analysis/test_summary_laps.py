import math

import numpy as np
import pytest

from analysis.synthetic import activity_from, interval_session, simulate, steady
from lydiard.analysis import MetricKind, laps_table, summary
from lydiard.model import Activity, Lap, Sport


def _kinds(s):
    return {m.key: m.kind for m in s.metrics}


def test_run_summary_by_hand():
    s = summary(steady(4.0, 2500, heart_rate_bpm=150.0))
    assert s.distance_m == pytest.approx(10000)
    assert s.moving_s == pytest.approx(2500)
    assert s.speed_mps == pytest.approx(4.0)
    assert s.avg_heart_rate_bpm == pytest.approx(150.0)
    kinds = _kinds(s)
    assert kinds["pace"] is MetricKind.PACE
    assert "gap_pace" not in kinds  # no altitude: no grade-adjusted pace
    assert "climb" not in kinds


def test_trail_summary_climb_vertical_speed_and_effort_distance():
    # 10 km: 5 km up at 10 % (500 m), then 5 km down, 1 s samples at 2 m/s up, 4 m/s down.
    up_t = 2500
    t = np.arange(0.0, up_t + 1250 + 1)
    v = np.where(t < up_t, 2.0, 4.0)
    d = np.concatenate(([0.0], np.cumsum(v[:-1])))
    alt = 1000 + np.where(d <= 5000, d * 0.1, 500 - (d - 5000) * 0.1)
    a = activity_from(Sport.TRAIL_RUN, time_s=t, distance_m=d, altitude_m=alt)
    s = summary(a)
    assert s.ascent_m == pytest.approx(500, abs=10)
    assert s.descent_m == pytest.approx(500, abs=10)
    # km-effort = 10 + 500/100 = 15 km.
    assert s.effort_distance_m == pytest.approx(15000, abs=150)
    # 500 m climbed in the 2500 s of climbing: 0.2 m/s (720 m/h).
    assert s.vertical_speed_mps == pytest.approx(0.2, rel=0.03)
    assert s.max_altitude_m == pytest.approx(1500, abs=5)
    kinds = _kinds(s)
    assert kinds["vertical_speed"] is MetricKind.VERTICAL_SPEED
    assert kinds["gap_pace"] is MetricKind.PACE
    assert kinds["effort_distance"] is MetricKind.DISTANCE
    assert s.gap_speed_mps > s.speed_mps


@pytest.mark.parametrize(
    ("sport", "key", "kind"),
    [
        (Sport.BIKE, "speed", MetricKind.SPEED),
        (Sport.SWIM, "pace_100m", MetricKind.PACE_100M),
        (Sport.SKI_ERG, "pace_500m", MetricKind.PACE_500M),
        (Sport.ROW, "pace_500m", MetricKind.PACE_500M),
        (Sport.NORDIC_SKI, "speed", MetricKind.SPEED),
        (Sport.WALK, "pace", MetricKind.PACE),
    ],
)
def test_each_sport_gets_its_own_figures(sport, key, kind):
    t = np.arange(0.0, 601.0)
    a = activity_from(sport, time_s=t, distance_m=t * 2.0, power_w=np.full(601, 180.0))
    s = summary(a)
    assert _kinds(s)[key] is kind
    if sport in (Sport.BIKE, Sport.SKI_ERG):
        assert s.avg_power_w == pytest.approx(180.0)
        assert "avg_power" in _kinds(s)
    assert len({m.key for m in s.metrics}) == len(s.metrics)


def test_summary_without_samples_is_all_missing():
    s = summary(activity_from(time_s=np.zeros(0)))
    assert math.isnan(s.distance_m)
    assert s.elapsed_s == 0.0
    assert [m.key for m in s.metrics] == ["moving_time", "elapsed_time"]


def test_laps_table_prefers_the_device_and_fills_the_rest():
    a = steady(4.0, 600, heart_rate_bpm=np.linspace(130, 160, 601))
    laps = (
        Lap(0, 300, distance_m=1190.0, timer_s=290.0, avg_heart_rate_bpm=141.0),
        Lap(300, 600, trigger="manual"),
    )
    lapped = Activity(start_time=a.start_time, samples=a.samples, laps=laps)
    table = laps_table(lapped)
    first, second = table
    assert first.distance_m == 1190.0  # the device's
    assert first.timer_s == 290.0
    assert first.speed_mps == pytest.approx(1190 / 290)
    assert first.avg_heart_rate_bpm == 141.0
    assert second.distance_m == pytest.approx(1200.0)  # measured on the track
    assert second.avg_heart_rate_bpm == pytest.approx(152.5, abs=0.1)
    assert second.max_heart_rate_bpm == pytest.approx(160.0)
    assert second.trigger == "manual"
    assert len(laps_table(a)) == 0


def test_tables_convert_to_pandas():
    pd = pytest.importorskip("pandas")
    blocks = interval_session(1000, 3.3, 4, 400, 5.8, recovery_m=200, recovery_mps=2.0)
    a, _ = simulate(blocks, seed=2)
    frame = a.splits("km").to_pandas()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns)[:3] == ["index", "start_m", "end_m"]
    assert len(frame) == len(a.splits("km"))
    reps_frame = a.reps().to_pandas()
    assert (reps_frame["kind"] == "rep").sum() == 4
    assert a.best_efforts().to_records()[0]["name"] == "400 m"


def test_pool_swim_summary_pace_per_100m():
    # 1,500 m in 30 min of lengths counted at the wall: 2:00 per 100 m.
    t = np.arange(0.0, 1801.0)
    d = np.minimum(np.floor(t / 30) * 25, 1500)
    s = summary(activity_from(Sport.SWIM, time_s=t, distance_m=d))
    assert s.distance_m == pytest.approx(1500)
    assert 100 / s.speed_mps == pytest.approx(120, abs=5)
