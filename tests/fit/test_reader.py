"""The fast FIT reader on files built here: values, components, headers, damage."""

import numpy as np
import pytest

from lydiard.errors import FileFormatError, FileTruncatedError, IssueLevel
from lydiard.fit import reader as reader_module
from lydiard.fit.profile import FIT_EPOCH_S
from lydiard.fit.reader import read_messages

from .builder import BYTE, UINT8, UINT16, UINT32, FitBuilder, chain, semicircles
from .files import RECORD, T0, file_id, record, run_file


def test_record_values_follow_the_profile():
    messages = read_messages(run_file(5))
    records = messages["record"]
    assert len(records) == 5
    assert records["timestamp"].tolist() == [T0 + i for i in range(5)]
    # altitude raw 3000 with scale 5 and offset 500: 3000 / 5 - 500 = 100 m
    assert records["altitude"].tolist() == [100.0] * 5
    assert records["enhanced_altitude"].tolist() == [100.0] * 5  # via the component
    assert records["enhanced_speed"].tolist() == [3.5] * 5  # 3500 mm/s, scale 1000
    assert records["distance"].tolist() == pytest.approx([0, 3.5, 7.0, 10.5, 14.0])
    assert records["heart_rate"].tolist() == [100, 101, 102, 103, 104]
    assert records["position_lat"][0] == semicircles(45.0)
    assert records.units("distance") == "m"
    assert records.offsets[0] == 69  # 1 + 21 bytes
    assert np.all(np.diff(records.offsets) == 22)
    assert messages["file_id"].names("type") == ["activity"]
    assert messages["file_id"].names("garmin_product") == ["fenix5"]  # a sub-field
    assert messages.issues == []


def test_invalid_values_are_nan_and_the_mapping_is_read_only():
    fit = FitBuilder()
    fit.define(0, 20, [(253, 4, UINT32), (3, 1, UINT8), (6, 2, UINT16)])
    fit.data(0, T0, None, 1000)
    fit.data(0, T0 + 1, 150, None)
    records = read_messages(fit.build())["record"]
    assert np.isnan(records["heart_rate"][0])
    assert records["heart_rate"][1] == 150
    assert np.isnan(records["speed"][1])
    assert np.isnan(records["enhanced_speed"][1])
    with pytest.raises(ValueError, match="read-only"):
        records["heart_rate"][0] = 1
    with pytest.raises(KeyError, match="no field 'power'"):
        records["power"]


def test_big_endian_definitions_read_the_same():
    little = read_messages(run_file(6))["record"]
    big = read_messages(run_file(6, big_endian=True))["record"]
    for name in ("timestamp", "position_lat", "altitude", "distance", "heart_rate", "speed"):
        assert np.array_equal(little[name], big[name]), name


def test_twelve_byte_header_without_crc_is_read():
    assert len(read_messages(run_file(3, header_size=12))["record"]) == 3


def test_compressed_timestamps():
    fit = FitBuilder()
    fit.define(0, 20, [(253, 4, UINT32), (3, 1, UINT8)])
    fit.define(1, 20, [(3, 1, UINT8)])
    fit.compressed(1, 7, 90)  # before any full timestamp: unknown
    fit.data(0, T0 + 10, 100)  # T0 is a multiple of 32, so the low 5 bits are 10
    for offset in (12, 20, 3, 3, 1):
        fit.compressed(1, offset, 101)
    fit.data(0, T0 + 100, 102)  # low 5 bits 4
    fit.compressed(1, 6, 103)
    messages = read_messages(fit.build())
    times = messages["record"]["timestamp"]
    # Hand calculation, timestamp = last + ((offset - last) mod 32):
    # 12 -> +2, 20 -> +8, 3 -> +15, 3 -> +0, 1 -> +30; after T0 + 100: 6 -> +2.
    expected = [np.nan, 10, 12, 20, 35, 35, 65, 100, 102]
    assert np.array_equal(times - T0, expected, equal_nan=True)
    assert any("compressed timestamp" in i.message for i in messages.issues)


def test_chained_files_are_read_one_after_the_other():
    first = run_file(4)
    fit = FitBuilder()
    fit.assume(1, RECORD)
    fit.data(1, *record(10))  # local type 1 defined in the first file carries over
    second = fit.build()
    messages = read_messages(chain(first, second, run_file(2)))
    assert len(messages.segments) == 3
    assert all(segment.crc_ok for segment in messages.segments)
    assert messages["record"]["timestamp"].tolist() == [
        T0,
        T0 + 1,
        T0 + 2,
        T0 + 3,
        T0 + 10,
        T0,
        T0 + 1,
    ]
    assert len(messages["session"]) == 2


def test_crc_mismatch_is_an_issue_or_an_error():
    data = bytearray(run_file(5))
    data[40] ^= 0x01  # a bit of the first record's payload
    messages = read_messages(bytes(data))
    assert [i.message for i in messages.issues] == [
        "the file CRC does not match its content; values may be damaged"
    ]
    assert messages.issues[0].where == f"byte {len(data) - 2}"
    with pytest.raises(FileFormatError, match=r"run\.fit: the file CRC does not match"):
        read_messages(bytes(data), name="run.fit", strict=True)


def test_truncated_file_keeps_whole_messages():
    data = run_file(10)
    cut = data[: 69 + 22 * 6 + 10]  # ends inside the 7th record
    messages = read_messages(cut)
    assert len(messages["record"]) == 6
    assert any("ends early" in i.message for i in messages.issues)
    assert any(i.message.startswith("the file ends inside a message") for i in messages.issues)
    with pytest.raises(FileTruncatedError, match=r"ride\.fit: the file ends early.*\(byte \d+\)"):
        read_messages(cut, name="ride.fit", strict=True)


def test_missing_crc_only():
    messages = read_messages(run_file(3)[:-2])
    assert len(messages["record"]) == 3
    assert [i.message for i in messages.issues] == ["the file ends before its CRC"]


def test_not_fit_names_the_file_and_byte():
    with pytest.raises(FileFormatError, match=r"x\.fit: not a FIT file.*\(byte 0\)"):
        read_messages(b"<html>nope</html>", name="x.fit")


def test_trailing_junk_is_reported():
    messages = read_messages(run_file(3) + b"junk" * 10)
    assert len(messages["record"]) == 3
    assert messages.issues[0].message.startswith("40 bytes after the end of the FIT data")


def test_huge_declared_size_does_not_hang():
    fit = FitBuilder()
    file_id(fit)
    data = fit.build(data_size=0xFFFFFFFF)
    messages = read_messages(data)
    assert len(messages["file_id"]) == 1
    assert "ends early" in messages.issues[0].message


def test_absurd_field_counts_end_as_truncation():
    fit = FitBuilder()
    fit.define(0, 20, [(n, 255, BYTE) for n in range(255)])  # 65025-byte messages
    fit.data(0, *[b"\x01" * 255] * 255)
    data = fit.build()[:-2][:2000]
    messages = read_messages(data)
    assert "record" not in messages
    assert any("ends inside a message" in i.message for i in messages.issues)


def test_messages_without_fields_still_advance():
    fit = FitBuilder()
    fit.define(0, 20, [])
    for _ in range(1000):
        fit.data(0)
    assert len(read_messages(fit.build())["record"]) == 1000


def test_unknown_messages_and_fields_keep_raw_values():
    fit = FitBuilder()
    fit.define(0, 0xFF10, [(1, 2, UINT16)])
    fit.data(0, 1234)
    fit.define(1, 20, [(253, 4, UINT32), (200, 1, UINT8)])
    fit.data(1, T0, 7)
    messages = read_messages(fit.build())
    assert messages["unknown_65296"]["unknown_1"].tolist() == [1234.0]
    assert messages["record"]["unknown_200"].tolist() == [7.0]


def test_accumulated_distance_from_compressed_speed_distance():
    fit = FitBuilder()
    fit.define(0, 20, [(253, 4, UINT32), (8, 3, BYTE)])
    # 12 bits of speed (1/100 m/s) then 12 bits of distance (1/16 m), rolling over at 4096
    for i, distance in enumerate([4000, 4090, 10, 20]):
        packed = (350 | distance << 12).to_bytes(3, "little")
        fit.data(0, T0 + i, packed)
    records = read_messages(fit.build())["record"]
    assert records["speed"].tolist() == [3.5] * 4
    assert records["enhanced_speed"].tolist() == [3.5] * 4  # a component of a component
    # 4000/16 = 250; +90/16; +(10 - 4090) mod 4096 = 16 -> 4106/16; +10/16 -> 4116/16
    assert records["distance"].tolist() == [250.0, 255.625, 256.625, 257.25]


def test_strings_and_unterminated_strings():
    fit = FitBuilder()
    fit.define(0, 206, [(0, 1, UINT8), (1, 1, UINT8), (3, 8, 0x07)])
    fit.data(0, 0, 1, "Power")
    fit.data(0, 0, 2, "Exactly8")  # fills the field: no terminating zero
    fit.data(0, 0, 3, "")
    names = read_messages(fit.build())["field_description"]["field_name"]
    assert names.tolist() == ["Power", "Exactly8", None]


def test_hrv_intervals_are_columns():
    fit = FitBuilder()
    fit.define(0, 78, [(0, 10, UINT16)])
    fit.data(0, [812, 790, 805, None, None])
    fit.data(0, [799, None, None, None, None])
    rr = read_messages(fit.build())["hrv"]["time"]
    assert rr.shape == (2, 5)
    assert rr[0, :3].tolist() == [0.812, 0.79, 0.805]  # scale 1000: seconds
    assert np.isnan(rr[1, 1:]).all()


def test_undefined_local_type_resynchronises():
    data = bytearray(run_file(200))
    first = 69  # after the header, file_id definition and message, record definition
    bad = first + 22 * 100  # the record header of record 100
    data[bad] = 0x05  # local type 5 has no definition
    messages = read_messages(bytes(data))
    records = messages["record"]
    assert len(records) == 199
    assert T0 + 100 not in records["timestamp"].tolist()
    text = " ".join(i.message for i in messages.issues)
    assert "local type 5, which has no definition" in text
    assert f"reading resumed at byte {bad + 22}" in text


def test_a_header_sent_to_the_wrong_definition_resynchronises():
    data = bytearray(run_file(300))
    bad = 69 + 22 * 150
    data[bad] = 0x00  # record header pointing at file_id (12-byte messages): garbage follows
    messages = read_messages(bytes(data))
    records = messages["record"]
    assert len(records) >= 290  # the corrupted record and a few around it are dropped
    assert np.all(np.diff(records["timestamp"]) > 0)
    assert any("resumed" in i.message for i in messages.issues)


def test_periodic_runs_find_the_same_messages(monkeypatch):
    fit = FitBuilder()
    file_id(fit)
    fit.define(1, 20, [(253, 4, UINT32), (3, 1, UINT8)])
    fit.define(2, 78, [(0, 4, UINT16)])
    rng = np.random.default_rng(7)
    for i in range(3000):
        fit.data(1, T0 + i, 100 + i % 50)
        if i % 7 and rng.random() > 0.02:
            fit.data(2, [800, 810])
    data = fit.build()
    fast = read_messages(data)
    monkeypatch.setattr("lydiard.fit.walker.Walker.run", lambda self, pos, limit: (pos, 0))
    slow = read_messages(data)
    for name in ("record", "hrv"):
        assert np.array_equal(fast[name].offsets, slow[name].offsets)


def test_unsupported_constructs_fall_back_to_fitdecode(monkeypatch):
    data = run_file(5)
    monkeypatch.setattr(reader_module, "unsupported", lambda spec: "cannot do this")
    messages = read_messages(data)
    assert messages.engine == "fitdecode"
    assert messages.issues[0].level is IssueLevel.INFO
    assert messages["record"]["heart_rate"].tolist() == [100, 101, 102, 103, 104]
    with pytest.raises(FileFormatError, match="fast FIT reader cannot do this"):
        read_messages(data, engine="fast")


def test_fitdecode_engine_agrees_with_the_fast_path():
    data = run_file(8)
    fast, slow = read_messages(data), read_messages(data, engine="fitdecode")
    for name in ("timestamp", "position_lat", "distance", "heart_rate", "enhanced_speed"):
        assert np.allclose(fast["record"][name], slow["record"][name]), name
    assert fast["session"]["total_distance"][0] == slow["session"]["total_distance"][0]


def test_timestamps_are_fit_seconds():
    stamp = read_messages(run_file(1))["record"]["timestamp"][0]
    assert stamp + FIT_EPOCH_S == 1_631_065_600  # 2021-09-08T01:46:40Z, by hand
