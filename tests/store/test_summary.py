import math
from datetime import UTC, datetime

import numpy as np
import pytest

from lydiard.model import Activity, Lap, Samples, Session, Sport
from lydiard.store.summary import summarise, track_of

START = datetime(2024, 6, 1, 6, 0, tzinfo=UTC)


def activity(samples, **kwargs):
    return Activity(start_time=START, samples=samples, sport=Sport.RUN, **kwargs)


def test_moving_time_skips_standing_and_pauses():
    # Running at 3 m/s for t < 100 s, standing until 160 s, a 301 s gap (a pause of the
    # recording), then running from 461 to 500 s. Hand count of moving time: 99 s + 39 s
    # = 138 s; the analysis judges stops over a 10 s window, so the edges of the stand
    # may count a few seconds either way (tolerance 5 s). The pause never counts.
    time = np.concatenate([np.arange(0, 161.0), np.arange(461.0, 501.0)])
    speed = np.where((time < 100) | (time >= 461), 3.0, 0.0)
    distance = np.concatenate([[0.0], np.cumsum(speed[1:] * np.minimum(np.diff(time), 1.0))])
    summary = summarise(
        activity(Samples.from_columns(time_s=time, speed_mps=speed, distance_m=distance))
    )
    assert summary.moving_s == pytest.approx(138, abs=5)
    assert summary.elapsed_s == 500
    assert summary.distance_m == pytest.approx(distance[-1])
    assert summary.avg_speed_mps == pytest.approx(distance[-1] / summary.moving_s)
    assert summary.extra["distance_source"] == "device"


def test_distance_from_gps_when_no_distance_channel():
    # Due north along a meridian: 0.009 degrees of latitude = 1000.75 m on a sphere of
    # radius 6,371,008.8 m (2 pi R / 360 * 0.009); a straight line loses nothing to the
    # analysis' averaging of positions (tolerance 0.1 %).
    lat = np.linspace(45.0, 45.009, 10)
    samples = Samples.from_columns(
        time_s=np.arange(10.0) * 30, lat_deg=lat, lon_deg=np.full(10, 7.0)
    )
    expected = 2 * math.pi * 6_371_008.8 / 360 * 0.009
    summary = summarise(activity(samples))
    assert summary.distance_m == pytest.approx(expected, rel=1e-3)
    # Every 30 s interval moves 111 m (3.7 m/s): all of it is moving time.
    assert summary.moving_s == 270
    assert summary.extra["distance_source"] == "gps"


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
    assert summary.distance_m == 198.0  # the watch's distance channel
    # A lap without ascent means the laps cannot say: the analysis' climb of the smoothed
    # profile (a steady 99 m rise; smoothing the ends costs under a metre).
    partial = activity(samples, laps=(Lap(0, 50, ascent_m=30.0), Lap(50, 99)))
    assert summarise(partial).ascent_m == pytest.approx(99.0, abs=1.0)
    assert summarise(partial).descent_m == pytest.approx(0.0, abs=0.5)


def test_climb_ignores_altitude_noise():
    # +-1 m noise around a 100 m climb over 1 km and a 40 m descent over 400 m: noise
    # below the analysis' 3 m hysteresis (after smoothing) is not climb (tolerance 4 m).
    base = np.concatenate([np.linspace(0, 100, 101), np.linspace(100, 60, 41)])
    noise = np.tile([0.0, 1.0, -1.0], 48)[: base.size]
    samples = Samples.from_columns(
        time_s=np.arange(base.size) * 3.0,
        altitude_m=base + noise,
        distance_m=np.arange(base.size) * 10.0,
    )
    summary = summarise(activity(samples))
    assert summary.ascent_m == pytest.approx(100, abs=4)
    assert summary.descent_m == pytest.approx(40, abs=4)
    flat = Samples.from_columns(
        time_s=np.arange(100.0),
        altitude_m=np.tile([100.0, 102.0], 50),
        distance_m=np.arange(100.0) * 3,
    )
    assert summarise(activity(flat)).ascent_m == 0.0


def test_heart_rate_is_time_weighted_and_missing_is_none():
    # 60 s at 120 bpm sampled each second, then 60 s at 180 bpm sampled every 10 s. The
    # analysis integrates the mean of each interval's ends over recorded time: 59 s at
    # 120, 1 s at 150 (the step), 50 s at 180, over 110 s = 147.55 (a per-sample mean
    # would say 128.6).
    time = np.concatenate([np.arange(0, 60.0), np.arange(60, 120.0, 10)])
    heart = np.where(time < 60, 120.0, 180.0)
    summary = summarise(activity(Samples.from_columns(time_s=time, heart_rate_bpm=heart)))
    assert summary.avg_heart_rate_bpm == pytest.approx((59 * 120 + 150 + 50 * 180) / 110)
    assert summary.max_heart_rate_bpm == 180
    empty = summarise(activity(Samples.empty()))
    assert empty.distance_m is None
    assert empty.avg_heart_rate_bpm is None
    assert empty.moving_s is None
    assert empty.elapsed_s is None
    no_motion = summarise(activity(Samples.from_columns(time_s=np.arange(30.0))))
    assert (no_motion.moving_s, no_motion.distance_m) == (29.0, None)


def test_session_values_fill_in_without_samples_of_them():
    samples = Samples.from_columns(time_s=np.arange(60.0))
    reported = activity(
        samples,
        sessions=(Session(Sport.RUN, 0, 59, avg_heart_rate_bpm=141.0, max_heart_rate_bpm=160.0),),
    )
    summary = summarise(reported)
    assert (summary.avg_heart_rate_bpm, summary.max_heart_rate_bpm) == (141.0, 160.0)


def test_the_track_is_cleaned_once_for_summary_and_load():
    samples = Samples.from_columns(time_s=np.arange(50.0), distance_m=np.arange(50.0) * 3)
    run = activity(samples)
    first = track_of(run)
    assert track_of(run) is first
    other = activity(samples)
    assert track_of(other) is not first


def _heart_rate_only():
    # Heart rate only (an indoor rower without distance): 1 Hz over 0..1200 s and
    # 1800..3000 s, a 600 s pause of the recording in between.
    time = np.concatenate([np.arange(0.0, 1201.0), np.arange(1800.0, 3001.0)])
    return Samples.from_columns(time_s=time, heart_rate_bpm=np.full(time.size, 128.0))


def test_without_distance_moving_time_is_the_timer_time():
    timer = Session(Sport.ROW, 0.0, 3000.0, timer_s=2395.5)
    summary = summarise(Activity(START, _heart_rate_only(), sport=Sport.ROW, sessions=(timer,)))
    assert summary.moving_s == 2395.5
    assert summary.distance_m is None  # missing, not 0
    assert summary.avg_speed_mps is None
    assert summary.avg_heart_rate_bpm == pytest.approx(128.0)


def test_without_distance_or_timer_moving_time_is_elapsed_less_pauses():
    summary = summarise(Activity(START, _heart_rate_only(), sport=Sport.ROW))
    assert summary.elapsed_s == 3000.0
    assert summary.moving_s == pytest.approx(2400.0)  # hand count: 3000 s - 600 s gap
