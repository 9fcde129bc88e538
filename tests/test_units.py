import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lydiard.errors import UnitError
from lydiard.units import (
    METRES_PER_MILE,
    lookup_unit,
    parse_distance,
    parse_duration,
    parse_pace,
    parse_race_distance,
    parse_speed_or_pace,
    suggest_unit,
)


@pytest.mark.parametrize(
    ("text", "metres"),
    [
        ("3 Mile", 3 * 1609.344),
        ("400 Meter", 400.0),
        ("400 Meters", 400.0),
        ("400 metres", 400.0),
        ("400m", 400.0),
        ("1 km", 1000.0),
        ("1.5 mi", 1.5 * 1609.344),
        ("800 yd", 800 * 0.9144),
        ("1,200m", 1200.0),
        ("5K", 5000.0),
        ("10 Miles", 16093.44),
        (".5 mile", 804.672),
    ],
)
def test_parse_distance(text, metres):
    assert parse_distance(text) == pytest.approx(metres, abs=1e-9)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("2 Minutes", 120.0),
        ("2 MInutes", 120.0),
        ("90 s", 90.0),
        ('90"', 90.0),
        ("45'", 2700.0),
        ("1:45:00", 6300.0),
        ("3:30", 210.0),
        ("1h30", 5400.0),
        ("1 h 30 min", 5400.0),
        ("1.5 hours", 5400.0),
        ("60 min", 3600.0),
    ],
)
def test_parse_duration(text, seconds):
    assert parse_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize(
    ("text", "speed"),
    [
        # 3:27/km = 207 s per 1000 m
        ("3:27/km", 1000 / 207),
        # 5:33/mi = 333 s per mile
        ("5:33/mi", METRES_PER_MILE / 333),
        ("5:33 min/mile", METRES_PER_MILE / 333),
        ("7 min per mile", METRES_PER_MILE / 420),
        ("4:00 per km", 1000 / 240),
    ],
)
def test_parse_pace(text, speed):
    assert parse_pace(text) == pytest.approx(speed)


def test_parse_speed():
    assert parse_speed_or_pace("36 km/h") == pytest.approx(10.0)
    assert parse_speed_or_pace("10 mph") == pytest.approx(4.4704)
    assert parse_speed_or_pace("3:20/km") == pytest.approx(5.0)


@pytest.mark.parametrize(
    ("text", "metres"),
    [
        ("10K", 10000.0),
        ("10k pace", 10000.0),
        ("5K", 5000.0),
        ("half marathon", 21097.5),
        ("Marathon", 42195.0),
        ("50 km", 50000.0),
        ("100 mile", 160934.4),
        ("100 miles", 160934.4),
    ],
)
def test_parse_race_distance(text, metres):
    assert parse_race_distance(text) == pytest.approx(metres)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("400 Metr", "did you mean 'Meter'"),
        ("400", "needs a unit"),
        ("fast", "expected a number"),
        ("3 minutes", "duration, not a distance"),
    ],
)
def test_parse_distance_errors(text, fragment):
    with pytest.raises(UnitError, match=fragment):
        parse_distance(text)


@pytest.mark.parametrize("text", ["3:75", "1:60:00", "soon", "12 miles"])
def test_bad_durations(text):
    with pytest.raises(UnitError):
        parse_duration(text)


@pytest.mark.parametrize("text", ["0:00/km", "3:27/furlongs", "fast", "3:27"])
def test_bad_paces(text):
    with pytest.raises(UnitError):
        parse_pace(text)


def test_unknown_race_distance():
    with pytest.raises(UnitError, match="unknown race distance"):
        parse_race_distance("parkrun-ish")


def test_lookup_and_suggest():
    unit = lookup_unit("MInutes")
    assert unit is not None
    assert unit.si == 60.0
    assert lookup_unit("furlong") is None
    assert suggest_unit("Metr") == "Meter"
    assert suggest_unit("kilomter") == "kilometer"
    assert suggest_unit("zz") is None


@given(st.integers(min_value=1, max_value=20000), st.sampled_from(["m", "km", "mi", "yd"]))
def test_distance_scales_linearly(value, unit):
    one = parse_distance(f"1 {unit}")
    assert parse_distance(f"{value} {unit}") == pytest.approx(value * one)
    assert math.isfinite(one)
