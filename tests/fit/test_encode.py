"""The FIT encoder, checked with Garmin's own decoder (garmin_fit_sdk)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from garmin_fit_sdk import Decoder, Stream

from lydiard.errors import EncodeError
from lydiard.fit.encode import FitWriter, field_spec


def _decode(data: bytes) -> dict:
    checker = Decoder(Stream.from_byte_array(bytearray(data)))
    assert checker.is_fit()
    assert checker.check_integrity()  # header and file CRC (consumes the stream)
    decoder = Decoder(Stream.from_byte_array(bytearray(data)))
    messages, errors = decoder.read(convert_datetimes_to_dates=False)
    assert errors == []
    return messages


def test_messages_round_trip_through_the_reference_decoder() -> None:
    writer = FitWriter()
    created = datetime(2027, 1, 5, 6, 30, tzinfo=UTC)
    writer.message("file_id", type="workout", manufacturer="development", time_created=created)
    writer.message("workout", wkt_name="8 x 200 m", sport="running", num_valid_steps=2)
    writer.message(
        "workout_step",
        message_index=0,
        wkt_step_name="warm-up",
        duration_type="distance",
        duration_distance=4828.032,
        target_type="open",
        intensity="warmup",
    )
    writer.message(
        "workout_step",
        message_index=1,
        duration_type="time",
        duration_time=90.5,
        target_type="heart_rate",
        custom_target_heart_rate_low=240,  # 140 bpm: heart rate values are offset by 100
        custom_target_heart_rate_high=250,
        intensity="active",
        notes="relaxed",
    )
    messages = _decode(writer.to_bytes())
    file_id = messages["file_id_mesgs"][0]
    assert file_id["type"] == "workout"
    # FIT time: seconds since 1989-12-31 UTC
    assert file_id["time_created"] == int(
        (created - datetime(1989, 12, 31, tzinfo=UTC)).total_seconds()
    )
    assert messages["workout_mesgs"][0]["wkt_name"] == "8 x 200 m"
    first, second = messages["workout_step_mesgs"]
    assert first["duration_distance"] == pytest.approx(4828.03)  # stored in cm
    assert first["intensity"] == "warmup"
    assert second["duration_time"] == pytest.approx(90.5)
    assert second["custom_target_heart_rate_low"] == 240
    assert second["notes"] == "relaxed"


@pytest.mark.parametrize(
    ("message", "fields", "fragment"),
    [
        ("record", {"heart_rate": 300}, "record.heart_rate: 300 does not fit uint8 (0..254)"),
        ("record", {"heart_rate": -1}, "record.heart_rate: -1 does not fit"),
        ("record", {"distance": 5e7}, "record.distance: 50000000.0 does not fit uint32"),
        ("workout", {"sport": "quidditch"}, "'quidditch' is not a sport value"),
        ("workout", {"wkt_name": 5}, "text expected"),
        ("record", {"no_such_field": 1}, "no field named 'no_such_field'"),
        ("no_such_message", {}, "no message named 'no_such_message'"),
        ("file_id", {"time_created": datetime(2027, 1, 5)}, "has no time zone"),  # noqa: DTZ001
    ],
)
def test_values_that_do_not_fit_raise_and_never_wrap(
    message: str, fields: dict, fragment: str
) -> None:
    with pytest.raises(
        EncodeError, match=fragment.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")
    ):
        FitWriter().message(message, **fields)


def test_a_damaged_file_fails_the_reference_integrity_check() -> None:
    writer = FitWriter()
    writer.message("file_id", type="workout", manufacturer="development")
    writer.message("workout", wkt_name="x", num_valid_steps=0)
    data = bytearray(writer.to_bytes())
    assert data[8:12] == b".FIT"
    data[20] ^= 0x01
    assert not Decoder(Stream.from_byte_array(data)).check_integrity()


def test_scale_and_offset_follow_the_profile() -> None:
    altitude = field_spec("record", "altitude")  # scale 5, offset 500
    assert altitude.raw(-500) == 0
    assert altitude.raw(100.0) == 3000
    with pytest.raises(EncodeError, match="altitude"):
        altitude.raw(-501)
    assert field_spec("record", "heart_rate").raw(float("nan")) == 0xFF  # invalid uint8


def test_none_and_nan_are_written_as_no_value() -> None:
    writer = FitWriter()
    writer.message("file_id", type="activity")
    writer.message(
        "record", timestamp=1_800_000_000, heart_rate=float("nan"), cadence=None, power=250
    )
    (record,) = _decode(writer.to_bytes())["record_mesgs"]
    assert "heart_rate" not in record
    assert "cadence" not in record
    assert record["power"] == 250


def _activity(n: int) -> tuple[bytes, dict[str, np.ndarray]]:
    """A small activity-like file: the simulator writes these with write_many."""
    start = datetime(2027, 6, 26, 5, 0, tzinfo=UTC)
    rng = np.random.default_rng(7)
    t = np.arange(n, dtype=np.float64) + start.timestamp()
    speed = 3.2 + 0.3 * np.sin(np.arange(n) / 60) + rng.normal(0, 0.05, n)
    distance = np.cumsum(speed)
    hr = np.round(135 + 10 * np.sin(np.arange(n) / 200))
    hr[10:13] = np.nan  # a strap dropout: no value
    lat = 39.1 + np.cumsum(rng.normal(0, 1e-5, n))
    lon = -120.2 + np.cumsum(rng.normal(0, 1e-5, n))
    semicircles = 2**31 / 180
    columns = {
        "timestamp": t,
        "position_lat": lat * semicircles,
        "position_long": lon * semicircles,
        "distance": distance,
        "enhanced_speed": speed,
        "enhanced_altitude": 1800 + 50 * np.sin(np.arange(n) / 300),
        "heart_rate": hr,
        "cadence": np.full(n, 88.0),
    }
    writer = FitWriter()
    writer.message("file_id", type="activity", manufacturer="development", time_created=start)
    writer.message("device_info", timestamp=start, manufacturer="development", product=1)
    writer.message("event", timestamp=start, event="timer", event_type="start")
    assert writer.write_many("record", columns) == n
    hrv = np.full((n // 10, 5), np.nan)
    hrv[:, 0] = 0.45
    hrv[:, 1] = 0.44
    writer.write_many("hrv", {"time": hrv})
    end = start + timedelta(seconds=n - 1)
    writer.write_many(
        "lap",
        {
            "timestamp": np.array([end.timestamp()]),
            "start_time": np.array([start.timestamp()]),
            "total_elapsed_time": np.array([n - 1.0]),
            "total_distance": np.array([distance[-1]]),
            "event": np.array(["lap"]),
            "event_type": np.array(["stop"]),
        },
    )
    writer.message(
        "session",
        timestamp=end,
        start_time=start,
        sport="running",
        sub_sport="trail",
        total_elapsed_time=n - 1.0,
        total_distance=float(distance[-1]),
    )
    writer.message("activity", timestamp=end, num_sessions=1, type="manual")
    return writer.to_bytes(), columns


def test_write_many_activity_file_decodes_with_garmin_sdk() -> None:
    data, columns = _activity(600)
    messages = _decode(data)
    records = messages["record_mesgs"]
    assert len(records) == 600
    from lydiard.fit.profile import FIT_EPOCH_S

    assert records[0]["timestamp"] == int(columns["timestamp"][0] - FIT_EPOCH_S)
    distance = np.array([r["distance"] for r in records])
    np.testing.assert_allclose(distance, columns["distance"], atol=0.005)  # cm resolution
    speed = np.array([r["enhanced_speed"] for r in records])
    np.testing.assert_allclose(speed, columns["enhanced_speed"], atol=0.0005)  # mm/s
    alt = np.array([r["enhanced_altitude"] for r in records])
    np.testing.assert_allclose(alt, columns["enhanced_altitude"], atol=0.1)  # scale 5
    lat = np.array([r["position_lat"] for r in records], dtype=float)
    np.testing.assert_allclose(lat, np.round(columns["position_lat"]), atol=0)
    assert "heart_rate" not in records[11]
    assert records[20]["heart_rate"] == columns["heart_rate"][20]
    assert messages["session_mesgs"][0]["sport"] == "running"
    assert messages["lap_mesgs"][0]["event"] == "lap"
    assert messages["hrv_mesgs"][0]["time"][:2] == [0.45, 0.44]


def test_write_many_refuses_out_of_range_rows_by_index() -> None:
    writer = FitWriter()
    with pytest.raises(EncodeError, match=r"record\.heart_rate: .*\(row 2\) does not fit uint8"):
        writer.write_many("record", {"heart_rate": np.array([120.0, 130.0, 400.0])})
    with pytest.raises(EncodeError, match="different lengths"):
        writer.write_many("record", {"heart_rate": np.ones(3), "cadence": np.ones(4)})


def test_more_than_sixteen_definitions_reuse_local_types() -> None:
    writer = FitWriter()
    writer.message("file_id", type="activity")
    for k in range(40):
        # each field set is a new definition; local types 0-15 are reused in turn
        fields = {"timestamp": 1_800_000_000 + k, "heart_rate": 100 + k}
        if k % 2:
            fields["cadence"] = 80
        if k % 3:
            fields["power"] = 200 + k
        writer.message("record", **fields)
    records = _decode(writer.to_bytes())["record_mesgs"]
    assert [r["heart_rate"] for r in records] == [100 + k for k in range(40)]
