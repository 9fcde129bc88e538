import importlib
from datetime import UTC, datetime

import numpy as np
import pytest

from lydiard.errors import FileFormatError, InputError
from lydiard.importers.rr import parse_rr_text, read_rr


def importable(module: str) -> bool:
    """True when a reader from another branch imports with everything it needs."""
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


def test_one_value_per_line():
    rec = parse_rr_text("812\n\n798\n805\n", "morning.txt")
    assert list(rec.rr_ms) == [812, 798, 805]
    assert rec.source_format == "text"
    assert rec.start_time is None


def test_seconds_become_milliseconds():
    rec = parse_rr_text("0.812\n0.798\n0.805\n")
    np.testing.assert_allclose(rec.rr_ms, [812, 798, 805])


def test_csv_with_header_and_timestamp():
    text = "timestamp, rr, since_start \n\n1675835059098,1201,19234\n1675835060089,1147,20381\n"
    rec = parse_rr_text(text, "ot.csv")
    assert list(rec.rr_ms) == [1201, 1147]
    assert rec.start_time == datetime(2023, 2, 8, 5, 44, 19, 98000, tzinfo=UTC)
    assert rec.source_format == "csv"


def test_semicolon_csv_with_other_names_and_empty_cells():
    rec = parse_rr_text("Time;RR (ms)\n0;1000\n1;\n2;1010\n")
    assert rec.rr_ms[0] == 1000
    assert np.isnan(rec.rr_ms[1])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("a,b\n1,2\n", "no RR column among 'a', 'b'"),
        ("1,2\n3,4\n", "2 columns without a header"),
        ("rr\n800\nabc\n", "line 3: 'abc' in column 'rr' is not a number"),
        ("rr\n800\n-5\n", "must be positive"),
        ("rr\n", "a header but no data rows"),
    ],
)
def test_bad_rr_text(text, message):
    with pytest.raises(FileFormatError, match=message):
        parse_rr_text(text, "bad.csv")


def test_read_rr_files(shared_data, tmp_path):
    hrv = shared_data / "hrv"
    assert read_rr(hrv / "hrvanalysis_test_nn_intervals.txt").rr_ms.size == 1000
    systole = read_rr(hrv / "systole_rr.txt")  # ",rr" header with an index column
    assert systole.rr_ms.size == 245
    assert systole.rr_ms[0] == 992.0
    morning = read_rr(hrv / "koplenig_hrv_logger_morning" / "ot_m60_RRIntervals.csv")
    assert morning.rr_ms.size == 338
    assert morning.start_time.date().isoformat() == "2023-02-08"
    with pytest.raises(InputError, match="no such file"):
        read_rr(tmp_path / "missing.csv")
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\x00\x01\x02")
    with pytest.raises(FileFormatError, match="binary"):
        read_rr(binary)


@pytest.mark.skipif(
    not importable("lydiard.importers.fit"),
    reason="the FIT reader (lydiard.importers.fit) is on another branch",
)
def test_read_rr_from_fit_hrv_messages(shared_data):
    rec = read_rr(shared_data / "fit" / "gc__HRV-Data.fit")
    assert rec.source_format == "fit"
    assert rec.rr_ms.size > 1000
    assert 300 < np.nanmedian(rec.rr_ms) < 2000
