"""read_fit on FIT files built here: channels in SI, laps, sessions, rules, issues."""

from datetime import timedelta

import numpy as np
import pytest

from fit.builder import ENUM, UINT8, UINT16, UINT32, FitBuilder
from fit.files import T0, dev_power_file, file_id, run_file, swim_hr_file
from lydiard.errors import FileFormatError, IssueLevel
from lydiard.fit.profile import FIT_EPOCH
from lydiard.importers import read_bytes
from lydiard.importers.fit import fit_sport, read_fit
from lydiard.model import Sport


def test_a_run_in_si_units():
    activity = read_fit(run_file(10), name="run.fit")
    s = activity.samples
    assert activity.start_time == FIT_EPOCH + timedelta(seconds=T0)
    assert s.time_s.tolist() == list(range(10))
    # 45 + i * 1e-5 degrees went through semicircles: error below 180 / 2**31 degrees
    assert s.lat_deg == pytest.approx([45.0 + i * 1e-5 for i in range(10)], abs=1e-7)
    assert s.lon_deg == pytest.approx([6.0] * 10, abs=1e-7)
    assert s.altitude_m.tolist() == [100.0] * 10
    assert s.distance_m == pytest.approx([3.5 * i for i in range(10)])
    assert s.speed_mps.tolist() == [3.5] * 10
    assert s.heart_rate_bpm.tolist() == [100 + i for i in range(10)]
    assert np.isnan(s.power_w).all()
    assert np.isnan(s.cadence_rpm).all()
    assert activity.sport is Sport.TRAIL_RUN
    assert activity.sub_sport == "trail"
    assert activity.device == "garmin fenix5"
    assert activity.utc_offset_s == 7200
    assert activity.source_format == "fit"
    assert activity.source_name == "run.fit"
    assert activity.issues == ()
    (lap,) = activity.laps
    assert (lap.start_s, lap.end_s, lap.distance_m, lap.trigger) == (0, 9, 31.5, "manual")
    (session,) = activity.sessions
    assert (session.sport, session.start_s, session.end_s) == (Sport.TRAIL_RUN, 0, 9)
    assert session.distance_m == 31.5
    assert session.timer_s == 9


def test_the_registry_reads_fit_by_content():
    activity = read_bytes(run_file(3), "upload.bin")
    assert len(activity.samples) == 3


@pytest.mark.parametrize(
    ("sport", "sub_sport", "expected"),
    [
        ("running", "trail", Sport.TRAIL_RUN),
        ("running", "treadmill", Sport.TREADMILL),
        ("running", "generic", Sport.RUN),
        ("cycling", "road", Sport.BIKE),  # "road" alone would read as a road run
        ("cycling", "track_cycling", Sport.BIKE),
        ("fitness_equipment", "indoor_rowing", Sport.ROW),
        ("fitness_equipment", "elliptical", Sport.OTHER),
        ("walking", None, Sport.WALK),
        ("hiking", None, Sport.HIKE),
        ("cross_country_skiing", "skate_skiing", Sport.NORDIC_SKI),
        ("swimming", "lap_swimming", Sport.SWIM),
        ("transition", None, Sport.TRANSITION),
        ("generic", None, Sport.OTHER),
        (None, None, Sport.OTHER),
    ],
)
def test_fit_sport_names(sport, sub_sport, expected):
    assert fit_sport(sport, sub_sport) is expected


def test_stryd_power_becomes_power_when_the_watch_has_none():
    samples = read_fit(dev_power_file()).samples
    assert samples.power_w.tolist() == [250, 251, 252, 253, 254]
    assert "dev_power_w" not in samples.extra


def test_stryd_power_is_an_extra_channel_next_to_native_power():
    samples = read_fit(dev_power_file(native_power=200)).samples
    assert samples.power_w.tolist() == [200] * 5
    assert samples.extra["dev_power_w"].tolist() == [250, 251, 252, 253, 254]


def test_developer_field_scale_is_applied():
    samples = read_fit(dev_power_file(scale=10)).samples
    assert samples.power_w.tolist() == [25.0, 25.1, 25.2, 25.3, 25.4]


def test_heart_rate_from_hr_messages_is_merged_like_the_sdk():
    # Hand calculation (see files.swim_hr_file): values every 0.25 s from T0, beat k at
    # T0 + 0.5 k with 120 + k bpm, carried forward 0.25 s. A record gets int(mean + 0.5)
    # of the values in (previous record, record]; the first looks back 1 s; the last gets
    # none, as the SDK assigns only once a later value shows the window is complete.
    samples = read_fit(swim_hr_file()).samples
    expected = [120, (120 + 121 + 121 + 122) / 4, 123, 125, np.nan]
    assert np.array_equal(samples.heart_rate_bpm, expected, equal_nan=True)


def _records(rows, extra_fields=()):
    fit = FitBuilder()
    file_id(fit)
    fit.define(1, 20, [(253, 4, UINT32), (3, 1, UINT8), *extra_fields])
    for row in rows:
        fit.data(1, *row)
    return fit.build()


def test_records_without_time_are_dropped_with_their_byte():
    activity = read_fit(_records([(T0, 100), (None, 101), (T0 + 1, 102)]))
    assert activity.samples.heart_rate_bpm.tolist() == [100, 102]
    (issue,) = activity.issues
    assert issue.message == "1 records without a timestamp dropped"
    assert issue.where == f"byte {14 + 18 + 10 + 12 + 6}"  # the second record


def test_duplicate_timestamps_merge_into_one_sample():
    rows = [(T0, 100, None), (T0 + 1, None, 200), (T0 + 1, 110, None), (T0 + 2, 120, 210)]
    activity = read_fit(_records(rows, [(7, 2, UINT16)]), strict=True)  # info: no error
    s = activity.samples
    assert s.time_s.tolist() == [0, 1, 2]
    assert s.heart_rate_bpm.tolist() == [100, 110, 120]
    assert np.array_equal(s.power_w, [np.nan, 200, 210], equal_nan=True)
    assert [i.level for i in activity.issues] == [IssueLevel.INFO]


def test_clock_jumps_and_glitches_are_dropped():
    times = [0, 1, 2, 5000, 3, 4, 5, 2, 6]  # a glitch ahead, then a jump back
    activity = read_fit(_records([(T0 + t, 100 + i) for i, t in enumerate(times)]))
    assert activity.samples.time_s.tolist() == [0, 1, 2, 3, 4, 5, 6]
    messages = [i.message for i in activity.issues]
    assert messages == [
        "1 records dropped whose time is ahead of the records around them",
        "1 records dropped whose time is before an earlier record's",
    ]
    with pytest.raises(FileFormatError, match="ahead of the records around them"):
        read_fit(_records([(T0 + t, 100) for t in times]), strict=True)


def test_records_far_outside_the_session_are_dropped():
    fit = FitBuilder()
    fit.define(0, 20, [(253, 4, UINT32)])
    for t in (0, 1, 2, 86_400 * 30):
        fit.data(0, T0 + t)
    fit.define(1, 18, [(2, 4, UINT32), (7, 4, UINT32), (5, 1, ENUM)])
    fit.data(1, T0, 2000, 1)
    activity = read_fit(fit.build())
    assert activity.samples.time_s.tolist() == [0, 1, 2]
    assert "far outside the sessions'" in activity.issues[0].message


def test_rr_intervals_come_from_hrv_messages():
    fit = FitBuilder()
    file_id(fit)
    fit.define(1, 20, [(253, 4, UINT32)])
    fit.data(1, T0)
    fit.define(2, 78, [(0, 10, UINT16)])
    fit.data(2, [812, 790, None, None, None])
    fit.data(2, [805, None, None, None, None])
    activity = read_fit(fit.build())
    assert activity.rr_intervals_s.tolist() == [0.812, 0.79, 0.805]


def test_times_relative_to_power_up_use_the_local_clock():
    fit = FitBuilder()
    fit.define(0, 20, [(253, 4, UINT32)])
    for t in range(3):
        fit.data(0, 5000 + t)  # below 0x10000000: seconds since the device powered up
    fit.define(1, 34, [(253, 4, UINT32), (5, 4, UINT32)])
    fit.data(1, 5002, T0 + 2)
    activity = read_fit(fit.build())
    assert activity.start_time == FIT_EPOCH + timedelta(seconds=T0)
    assert activity.utc_offset_s is None
    assert "power-up" in activity.issues[0].message


def test_a_file_with_sessions_but_no_records():
    fit = FitBuilder()
    file_id(fit)
    fit.define(1, 18, [(2, 4, UINT32), (7, 4, UINT32), (9, 4, UINT32), (5, 1, ENUM)])
    fit.data(1, T0 + 60, 1_800_000, 500_000, 1)  # 30 min, 5 km, running
    activity = read_fit(fit.build())
    assert len(activity.samples) == 0
    assert activity.start_time == FIT_EPOCH + timedelta(seconds=T0 + 60)
    assert activity.sessions[0].distance_m == 5000
    assert activity.elapsed_s == 1800


def test_a_workout_file_is_not_an_activity():
    fit = FitBuilder()
    fit.define(0, 0, [(0, 1, ENUM)])
    fit.data(0, 5)  # file type 5: workout
    with pytest.raises(FileFormatError, match=r"plan\.fit: a FIT workout file with no activity"):
        read_fit(fit.build(), name="plan.fit")


def test_strict_mode_raises_on_damage():
    data = bytearray(run_file(5))
    data[-1] ^= 0xFF
    assert len(read_fit(bytes(data)).samples) == 5
    with pytest.raises(FileFormatError, match="CRC"):
        read_fit(bytes(data), strict=True)
