"""Zeros a device writes when it measured nothing are read as missing."""

import math
from datetime import UTC, datetime

import numpy as np

from lydiard.importers import read_activity
from lydiard.importers.absent import drop_absent
from lydiard.model import Activity, Lap, Samples, Session, Sport

START = datetime(2024, 3, 2, 9, 0, tzinfo=UTC)


def _activity(*, hr, distance, lat=None, session_distance=0.0, session_hr=0.0, lap_distance=0.0):
    n = len(hr)
    samples = Samples.from_columns(
        time_s=np.arange(n, dtype=float),
        heart_rate_bpm=np.asarray(hr, dtype=float),
        distance_m=np.asarray(distance, dtype=float),
        lat_deg=np.full(n, np.nan) if lat is None else np.asarray(lat, dtype=float),
        lon_deg=np.full(n, np.nan) if lat is None else np.full(n, 6.0),
    )
    session = Session(
        Sport.ROW,
        0.0,
        n - 1.0,
        distance_m=session_distance,
        timer_s=n - 1.0,
        avg_heart_rate_bpm=session_hr,
        max_heart_rate_bpm=session_hr,
    )
    lap = Lap(0.0, n - 1.0, distance_m=lap_distance, avg_heart_rate_bpm=session_hr)
    return Activity(START, samples, sport=Sport.ROW, sessions=(session,), laps=(lap,))


def test_all_zero_heart_rate_and_distance_are_no_readings_with_issues():
    got = drop_absent(_activity(hr=[0, 0, 0, 0], distance=[0, 0, 0, 0]))
    assert not got.samples.has("heart_rate_bpm")
    assert not got.samples.has("distance_m")
    session, lap = got.sessions[0], got.laps[0]
    assert math.isnan(session.distance_m)
    assert math.isnan(session.avg_heart_rate_bpm)
    assert math.isnan(session.max_heart_rate_bpm)
    assert math.isnan(lap.avg_heart_rate_bpm)
    assert math.isnan(lap.distance_m)  # no distance anywhere in the file
    assert session.timer_s == 3.0  # the rest is kept
    messages = " / ".join(issue.message for issue in got.issues)
    assert "heart rate is 0 in every record" in messages
    assert "distance is 0 in every record" in messages


def test_a_dropout_zero_amid_real_heart_rate_is_missing_without_an_issue():
    got = drop_absent(_activity(hr=[120, 0, 124, 126], distance=[0, 3, 6, 9], session_hr=123))
    hr = got.samples.heart_rate_bpm
    assert math.isnan(hr[1])
    assert hr[[0, 2, 3]].tolist() == [120, 124, 126]
    assert got.samples.distance_m.tolist() == [0, 3, 6, 9]  # a distance that rises stays
    assert got.sessions[0].avg_heart_rate_bpm == 123
    assert got.issues == ()


def test_a_zero_lap_keeps_its_zero_when_the_file_has_distance():
    # A pool swim's rest lap really covers 0 m; positions show the file measures distance.
    got = drop_absent(_activity(hr=[120, 121, 122], distance=[0, 0, 0], lat=[45.0, 45.001, 45.002]))
    assert got.laps[0].distance_m == 0.0


def test_nothing_to_change_gives_the_same_activity():
    original = _activity(
        hr=[120, 121, 122],
        distance=[0, 5, 10],
        session_distance=10.0,
        session_hr=121.0,
        lap_distance=10.0,
    )
    assert drop_absent(original) is original


def test_bike_file_without_strap_has_no_heart_rate(shared_data):
    activity = read_activity(shared_data / "fit" / "tormoder__0134902991.fit")
    assert not activity.samples.has("heart_rate_bpm")
    assert math.isnan(activity.sessions[0].avg_heart_rate_bpm)
    assert any("heart rate is 0" in issue.message for issue in activity.issues)
    assert activity.samples.has("distance_m")  # its distance is real


def test_pool_file_with_zero_distance_records_has_none(shared_data):
    activity = read_activity(shared_data / "fit" / "fitdecode__garmin-fr935-cr.fit")
    assert not activity.samples.has("distance_m")
    assert math.isnan(activity.sessions[0].distance_m)
    assert activity.sessions[0].timer_s > 7500
