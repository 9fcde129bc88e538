from datetime import UTC, datetime, timedelta, timezone

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lydiard.importers.isotime import parse_iso_times


@pytest.mark.parametrize(
    ("text", "expected", "naive", "offset"),
    [
        (b"2014-01-16T18:48:44.340Z", datetime(2014, 1, 16, 18, 48, 44, 340000, UTC), False, 0),
        (b"2025-07-10T17:01:46+02:00", datetime(2025, 7, 10, 15, 1, 46, tzinfo=UTC), False, 7200),
        (b"2020-01-01T00:00:00-0130", datetime(2020, 1, 1, 1, 30, tzinfo=UTC), False, -5400),
        (b"2020-01-01T00:00:00+05", datetime(2019, 12, 31, 19, tzinfo=UTC), False, 18000),
        (b"2013-01-01T12:00:00", datetime(2013, 1, 1, 12, tzinfo=UTC), True, 0),
        (b"2020-01-01 00:00:00Z", datetime(2020, 1, 1, tzinfo=UTC), False, 0),
        (b"  2016-05-27T10:08:47.8Z\n", datetime(2016, 5, 27, 10, 8, 47, 800000, UTC), False, 0),
        (b"2024-02-29T23:59:59Z", datetime(2024, 2, 29, 23, 59, 59, tzinfo=UTC), False, 0),
        # A leap second reads as the next minute's first second.
        (b"2016-12-31T23:59:60Z", datetime(2017, 1, 1, tzinfo=UTC), False, 0),
    ],
)
def test_one_timestamp(text, expected, naive, offset):
    times = parse_iso_times([text])
    assert not times.bad[0]
    assert times.epoch_s[0] == pytest.approx(expected.timestamp(), abs=1e-6)
    assert bool(times.naive[0]) is naive
    assert times.offset_s[0] == offset


@pytest.mark.parametrize(
    "text",
    [
        b"",
        b"garbage",
        b"2023-02-29T00:00:00Z",
        b"2023-13-01T00:00:00Z",
        b"2023-01-01T24:00:00Z",
        b"2023-01-01T00:60:00Z",
        b"2023-01-01T00:00:00+25:00",
        b"2023-01-1xT00:00:00Z",
    ],
)
def test_bad_timestamps(text):
    times = parse_iso_times([b"2023-01-01T00:00:00Z", text])
    assert times.bad.tolist() == [False, True]
    assert np.isnan(times.epoch_s[1])


def test_a_bad_row_in_a_column_does_not_spoil_the_others():
    texts = [b"2023-01-01T00:00:%02dZ" % i for i in range(50)]
    texts[7] = b"2023-01-01T00:00:7xZ"
    texts[0] = b"2023-01-01Tab:00:00Z"  # the first row, used to find the layout, is bad
    times = parse_iso_times(texts)
    assert np.flatnonzero(times.bad).tolist() == [0, 7]
    assert times.epoch_s[49] - times.epoch_s[1] == 48.0


def test_fraction_digits_beyond_microseconds():
    times = parse_iso_times([b"1901-12-13T20:45:52.2073437Z"])
    assert times.epoch_s[0] == pytest.approx(-(2**31) + 0.2073437, abs=1e-6)


@given(
    # naive bounds are what hypothesis wants; the zone is added in the test
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)),  # noqa: DTZ001
    st.integers(min_value=-14 * 60, max_value=14 * 60),
    st.booleans(),
)
def test_agrees_with_datetime(moment, offset_minutes, fraction):
    zone = timezone(timedelta(minutes=offset_minutes))
    aware = moment.replace(tzinfo=zone, microsecond=moment.microsecond if fraction else 0)
    text = aware.isoformat(timespec="microseconds" if fraction else "seconds").encode()
    times = parse_iso_times([text, text])
    assert not times.bad.any()
    assert times.epoch_s[0] == pytest.approx(aware.timestamp(), abs=1e-5)
