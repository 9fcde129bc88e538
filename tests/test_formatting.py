import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lydiard.formatting import (
    format_clock,
    format_distance,
    format_duration,
    format_pace,
    format_pace_range,
    format_speed,
)
from lydiard.units import METRES_PER_MILE, parse_pace


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0:00"),
        (59.4, "0:59"),
        (59.6, "1:00"),
        (479.6, "8:00"),  # 7:59.6 rounds once to 8:00, never 7:60
        (3599.5, "1:00:00"),
        (6300, "1:45:00"),
        (-65, "-1:05"),
        (math.nan, "--:--"),
        (None, "--:--"),
    ],
)
def test_format_duration(seconds, text):
    assert format_duration(seconds) == text


def test_clock_decimals_and_forced_hours():
    assert format_clock(65.26, decimals=1) == "1:05.3"
    assert format_clock(59.96, decimals=1) == "1:00.0"
    assert format_clock(65, hours=True) == "0:01:05"
    assert format_clock(3700, hours=False) == "61:40"


def test_format_pace_km_and_mile():
    assert format_pace(1000 / 207) == "3:27/km"
    assert format_pace(METRES_PER_MILE / 333, "mi") == "5:33/mi"
    # 1000/479.6 m/s is 7:59.6 per km: one rounding gives 8:00.
    assert format_pace(1000 / 479.6) == "8:00/km"
    assert format_pace(0.0) == "--:--/km"
    assert format_pace(math.nan, "mi", suffix=False) == "--:--"


def test_pace_range_and_speed():
    assert format_pace_range(1000 / 250, 1000 / 235) == "4:10-3:55/km"
    assert format_pace_range(4.0, 4.0) == "4:10/km"
    assert format_speed(10.0) == "36.0 km/h"
    assert format_speed(4.4704, "mi") == "10.0 mph"
    assert format_speed(None) == "-- km/h"


def test_format_distance():
    assert format_distance(12446.72) == "12.45 km"
    assert format_distance(12446.72, "mi") == "7.73 mi"
    assert format_distance(400, decimals=0, suffix=False) == "0"
    assert format_distance(-0.001) == "0.00 km"
    assert format_distance(math.nan) == "-- km"


@given(st.integers(min_value=120, max_value=1200), st.sampled_from(["km", "mi"]))
def test_pace_text_round_trip(seconds, unit):
    """Formatting a whole-second pace and parsing it back gives the same speed."""
    metres = 1000.0 if unit == "km" else METRES_PER_MILE
    text = format_pace(metres / seconds, unit)
    assert parse_pace(text) == pytest.approx(metres / seconds)
