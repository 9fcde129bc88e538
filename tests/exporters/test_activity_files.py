"""FIT, GPX and TCX activity files: decoded by Garmin's SDK, read back through read_bytes."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import numpy as np
import pytest
from garmin_fit_sdk import Decoder, Stream

from lydiard.errors import EncodeError
from lydiard.exporters.activity_file import (
    ActivityFormat,
    activity_file_name,
    encode_activity_file,
    write_activity_file,
)
from lydiard.exporters.fit_activity import encode_activity, pauses
from lydiard.exporters.gpx import TPX_NAMESPACE, encode_gpx
from lydiard.exporters.tcx import encode_tcx
from lydiard.importers import read_bytes
from lydiard.model import Activity, Samples, Sport
from lydiard.simulate.athlete import SimAthlete
from lydiard.simulate.session import simulate_session
from lydiard.workouts import parse

START = datetime(2025, 3, 4, 13, 30, tzinfo=UTC)
ATHLETE = SimAthlete()


def simulated(text: str, seed: int = 1, **options: object) -> Activity:
    session = parse(text).sessions[0]
    return simulate_session(session, ATHLETE, START, seed=seed, **options).activity


def paused_run() -> Activity:
    for seed in range(60):
        activity = simulated("18 km easy", seed=seed, stop_chance=1.0, rr=True)
        if pauses(activity.samples.time_s):
            return activity
    raise AssertionError("no paused stop in 60 seeds")


@pytest.fixture(scope="module")
def run() -> Activity:
    return paused_run()


@pytest.fixture(scope="module")
def trail() -> Activity:
    return simulated("3 km warm-up / 6 x 1 km @ T pace, 1 min rest between / 3 km cool-down")


def sdk(data: bytes) -> dict[str, list[dict[str, object]]]:
    assert Decoder(Stream.from_byte_array(bytearray(data))).check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    return messages  # type: ignore[no-any-return]


def test_fit_file_decodes_with_garmin_sdk(run):
    messages = sdk(encode_activity(run))
    assert messages["file_id_mesgs"][0]["type"] == "activity"
    assert len(messages["record_mesgs"]) == len(run.samples)
    assert len(messages["lap_mesgs"]) == len(run.laps)
    session = messages["session_mesgs"][0]
    assert session["sport"] == "running"
    assert session["total_distance"] == pytest.approx(run.sessions[0].distance_m, abs=0.01)
    assert session["num_laps"] == len(run.laps)
    events = [(e["event"], e["event_type"]) for e in messages["event_mesgs"]]
    # started, paused and resumed once per pause, stopped
    n = len(pauses(run.samples.time_s))
    assert events == [("timer", "start")] + [("timer", "stop_all"), ("timer", "start")] * n + [
        ("timer", "stop_all")
    ]
    # five intervals a message; the last is padded with "no value" (None)
    rr = [v for m in messages["hrv_mesgs"] for v in m["time"] if v is not None]
    assert rr == pytest.approx(list(run.rr_intervals_s), abs=0.0005 + 1e-9)
    activity = messages["activity_mesgs"][0]
    # the local time: end of the activity plus the UTC offset (-7 h), as FIT seconds
    end = START.timestamp() + run.samples.time_s[-1]
    assert activity["local_timestamp"] == end - 7 * 3600 - 631065600


def _close(a: Samples, b: Samples, channel: str, tolerance: float) -> None:
    x, y = getattr(a, channel), getattr(b, channel)
    assert np.array_equal(np.isnan(x), np.isnan(y)), channel
    ok = np.isfinite(x)
    assert np.abs(x[ok] - y[ok]).max(initial=0.0) <= tolerance, channel


def test_fit_reads_back_to_the_same_activity(run):
    back = read_bytes(encode_activity(run), "run.fit")
    assert back.issues == ()
    assert back.start_time == run.start_time
    assert back.utc_offset_s == run.utc_offset_s
    assert (back.sport, back.sub_sport) == (run.sport, run.sub_sport)
    s, r = run.samples, back.samples
    assert np.array_equal(s.time_s, r.time_s)
    # FIT's resolution: positions 1 semicircle (8.4e-8 deg), distance 1 cm, speed 1 mm/s,
    # altitude 0.2 m; heart rate, cadence and temperature are whole numbers already
    for channel, tolerance in (
        ("lat_deg", 5e-8),
        ("lon_deg", 5e-8),
        ("distance_m", 0.005 + 1e-9),
        ("speed_mps", 0.0005 + 1e-9),
        ("altitude_m", 0.1 + 1e-9),
        ("heart_rate_bpm", 0.0),
        ("cadence_rpm", 0.0),
        ("temperature_c", 0.0),
    ):
        _close(s, r, channel, tolerance)
    assert [(lap.start_s, lap.end_s, lap.intensity, lap.trigger) for lap in back.laps] == [
        (lap.start_s, lap.end_s, lap.intensity, lap.trigger) for lap in run.laps
    ]
    assert np.abs(np.asarray(back.rr_intervals_s) - run.rr_intervals_s).max() <= 0.0005 + 1e-9


def test_fit_indoor_and_sub_sports():
    erg = simulated("10 min easy ski erg / 4 x 4 min hard ski erg, 2 min easy between")
    back = read_bytes(encode_activity(erg), "erg.fit")
    assert (back.sport, back.sub_sport) == (Sport.SKI_ERG, "indoor_skiing")
    assert np.isnan(back.samples.lat_deg).all()
    assert np.array_equal(back.samples.power_w, erg.samples.power_w)
    trail_run = simulated("12 km trail run")
    assert read_bytes(encode_activity(trail_run), "t.fit").sub_sport == "trail"
    ride = simulated("1 h bike Z2")
    assert read_bytes(encode_activity(ride), "b.fit").sport is Sport.BIKE


def test_fit_refuses_what_it_cannot_write(run):
    empty = dataclasses.replace(run, samples=Samples.empty(), laps=(), sessions=())
    with pytest.raises(EncodeError, match="no samples"):
        encode_activity(empty)
    hot = run.samples.replace(heart_rate_bpm=np.full(len(run.samples), 300.0))
    with pytest.raises(EncodeError, match=r"record\.heart_rate: 300\.0 \(row 0\) does not fit"):
        encode_activity(dataclasses.replace(run, samples=hot))


def test_gpx_reads_back_within_its_resolution(run):
    data = encode_gpx(run)
    assert TPX_NAMESPACE.encode() in data
    assert data.count(b"<trkseg>") == 1 + len(pauses(run.samples.time_s))
    back = read_bytes(data, "run.gpx")
    s, r = run.samples, back.samples
    assert back.sport is Sport.RUN
    assert back.name == run.name
    assert np.array_equal(s.time_s, r.time_s)
    for channel, tolerance in (
        ("lat_deg", 5e-8 + 1e-12),  # 7 decimals
        ("lon_deg", 5e-8 + 1e-12),
        ("altitude_m", 0.05 + 1e-9),  # 1 decimal
        ("heart_rate_bpm", 0.0),
        ("cadence_rpm", 0.0),
        ("temperature_c", 0.0),
    ):
        _close(s, r, channel, tolerance)
    # GPX has no distance: the reader measures the noisy GPS track, a little longer than
    # the watch's filtered distance (2 m of GPS error at 1 Hz): within 3 %
    assert r.distance_m[-1] == pytest.approx(s.distance_m[-1], rel=0.03)


def test_gpx_escapes_names_and_refuses_indoor_activities(run):
    named = dataclasses.replace(run, name='Hills & "tempo" <fast>')
    assert read_bytes(encode_gpx(named), "n.gpx").name == 'Hills & "tempo" <fast>'
    erg = simulated("20 min easy ski erg")
    with pytest.raises(EncodeError, match="no positions"):
        encode_gpx(erg)


def test_tcx_reads_back_with_laps(trail):
    back = read_bytes(encode_tcx(trail), "reps.tcx")
    assert len(back.laps) == len(trail.laps)
    assert back.laps[1].intensity == "active"  # TCX knows Active and Resting only
    assert [lap.intensity for lap in back.laps[1:3]] == ["active", "rest"]
    _close(trail.samples, back.samples, "distance_m", 0.005 + 1e-9)
    _close(trail.samples, back.samples, "speed_mps", 0.0005 + 1e-9)
    _close(trail.samples, back.samples, "cadence_rpm", 0.0)


def test_activity_file_names_and_formats(tmp_path, run):
    assert activity_file_name(run, "fit") == "2025-03-04-0630-run.fit"  # local time, UTC-7
    path = write_activity_file(run, tmp_path / "2025-03", ActivityFormat.GPX)
    assert path.read_bytes() == encode_activity_file(run, "gpx")
    with pytest.raises(ValueError, match="csv"):
        encode_activity_file(run, "csv")
