import math
from datetime import UTC, datetime

import numpy as np
import pytest

from lydiard.model import Activity, Lap, Samples, Session, Sport
from lydiard.store.summary import climb_with_hysteresis, summarise, track_length_m

START = datetime(2024, 6, 1, 6, 0, tzinfo=UTC)


def activity(samples, **kwargs):
    return Activity(start_time=START, samples=samples, sport=Sport.RUN, **kwargs)


def test_moving_time_skips_standing_and_pauses():
    # Running at 3 m/s for t < 100 s, standing until 160 s, a 301 s gap (auto-pause), then
    # running from 461 to 500 s. An interval counts when the speed at its end is >= 0.5 m/s
    # and it is at most 30 s long. Hand count: intervals ending at 1..99 s (99 s), none
    # over the gap, 461..500 (39 s): 138 s.
    time = np.concatenate([np.arange(0, 161.0), np.arange(461.0, 501.0)])
    speed = np.where((time < 100) | (time >= 461), 3.0, 0.0)
    distance = np.concatenate([[0.0], np.cumsum(speed[1:] * np.minimum(np.diff(time), 1.0))])
    summary = summarise(
        activity(Samples.from_columns(time_s=time, speed_mps=speed, distance_m=distance))
    )
    assert summary.moving_s == 99 + 39
    assert summary.elapsed_s == 500
    assert summary.distance_m == pytest.approx(distance[-1])
    assert summary.avg_speed_mps == pytest.approx(distance[-1] / 138)


def test_distance_from_gps_when_no_distance_channel():
    # Due north along a meridian: 0.009 degrees of latitude = 1000.75 m on a sphere of
    # radius 6,371,008.8 m (2 pi R / 360 * 0.009).
    lat = np.linspace(45.0, 45.009, 10)
    samples = Samples.from_columns(
        time_s=np.arange(10.0) * 30, lat_deg=lat, lon_deg=np.full(10, 7.0)
    )
    expected = 2 * math.pi * 6_371_008.8 / 360 * 0.009
    assert track_length_m(lat, np.full(10, 7.0)) == pytest.approx(expected, rel=1e-9)
    summary = summarise(activity(samples))
    assert summary.distance_m == pytest.approx(expected, rel=1e-9)
    # Every 30 s interval moves 111 m (3.7 m/s): all of it is moving time.
    assert summary.moving_s == 270


def test_sessions_and_laps_win_over_samples():
    samples = Samples.from_columns(
        time_s=np.arange(100.0), altitude_m=np.arange(100.0), distance_m=np.arange(100.0) * 2
    )
    with_session = activity(
        samples,
        sessions=(
            Session(
                Sport.RUN,
                0,
                99,
                distance_m=250.0,
                ascent_m=80.0,
                descent_m=5.0,
                timer_s=95.0,
                calories_kcal=40.0,
            ),
        ),
    )
    summary = summarise(with_session)
    assert (summary.distance_m, summary.ascent_m, summary.descent_m) == (250.0, 80.0, 5.0)
    assert (summary.timer_s, summary.calories_kcal) == (95.0, 40.0)
    with_laps = activity(
        samples,
        laps=(Lap(0, 50, ascent_m=30.0, descent_m=1.0), Lap(50, 99, ascent_m=20.0, descent_m=2.0)),
    )
    summary = summarise(with_laps)
    assert (summary.ascent_m, summary.descent_m) == (50.0, 3.0)
    assert summary.distance_m == 198.0  # the cumulative channel's last value
    # A lap without ascent means the laps cannot say: fall back to altitude (99 m rise).
    partial = activity(samples, laps=(Lap(0, 50, ascent_m=30.0), Lap(50, 99)))
    assert summarise(partial).ascent_m == 99.0


def test_climb_hysteresis_ignores_noise():
    # +-1 m noise around a 100 m climb and 40 m descent: noise below 3 m is not climb.
    base = np.concatenate([np.linspace(0, 100, 101), np.linspace(100, 60, 41)])
    noise = np.tile([0.0, 1.0, -1.0], 48)[: base.size]
    ascent, descent = climb_with_hysteresis(base + noise)
    assert ascent == pytest.approx(100, abs=4)
    assert descent == pytest.approx(40, abs=4)
    flat = climb_with_hysteresis(np.tile([100.0, 102.0], 50))
    assert flat == (0.0, 0.0)
    assert climb_with_hysteresis(np.array([np.nan, 5.0])) is None


def test_heart_rate_is_time_weighted_and_missing_is_none():
    # 60 s at 120 bpm sampled each second, then 60 s at 180 bpm sampled every 10 s:
    # time-weighted mean 150, a per-sample mean would say about 128.6.
    time = np.concatenate([np.arange(0, 60.0), np.arange(60, 120.0, 10)])
    heart = np.where(time < 60, 120.0, 180.0)
    summary = summarise(activity(Samples.from_columns(time_s=time, heart_rate_bpm=heart)))
    assert summary.avg_heart_rate_bpm == pytest.approx(150, abs=0.6)
    assert summary.max_heart_rate_bpm == 180
    empty = summarise(activity(Samples.empty()))
    assert empty.distance_m is None
    assert empty.avg_heart_rate_bpm is None
    assert empty.moving_s is None
    assert empty.elapsed_s is None
    no_motion = summarise(activity(Samples.from_columns(time_s=np.arange(30.0))))
    assert (no_motion.moving_s, no_motion.distance_m) == (29.0, None)
