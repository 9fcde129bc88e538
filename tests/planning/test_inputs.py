from datetime import date

import pytest

from lydiard.errors import InputError
from lydiard.model.sport import Sport
from lydiard.planning.athlete import Athlete, RaceResult, Weekday, athlete_preset
from lydiard.planning.race import Race, Terrain, race_demands, race_preset
from lydiard.units import METRES_PER_MILE


def test_presets_answer_to_their_aliases():
    assert race_preset("wser").name == "Western States 100"
    assert race_preset("  Western   States ").name == "Western States 100"
    assert race_preset("UTMB").terrain is Terrain.MOUNTAIN
    assert race_preset("jfk50").distance_m == pytest.approx(50 * METRES_PER_MILE)
    assert race_preset("marathon").distance_m == 42195.0
    assert race_preset("50k").climb_m == 2000.0
    assert race_preset("100 km").distance_m == 100_000.0


def test_unknown_race_suggests_the_closest():
    with pytest.raises(InputError, match="did you mean 'Western States 100'"):
        race_preset("western state")
    with pytest.raises(InputError, match="Known presets"):
        race_preset("Comrades")


def test_race_properties():
    ws = Race.from_preset("Western States 100", date(2027, 6, 26))
    assert ws.is_ultra
    assert ws.off_road
    assert ws.is_mountain  # 34 m/km
    jfk = Race.from_preset("JFK 50", date(2027, 11, 20))
    assert jfk.is_ultra
    assert not jfk.is_mountain
    m = Race.from_preset("marathon", date(2027, 4, 25))
    assert not m.is_ultra
    assert not m.off_road


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"distance_m": 500.0}, "1-500 km"),
        ({"distance_m": float("nan")}, "number of metres"),
        ({"climb_m": -1.0}, "climb"),
    ],
)
def test_bad_race(kwargs, fragment):
    base = {"name": "x", "distance_m": 10_000.0, "day": date(2027, 1, 1)}
    with pytest.raises(InputError, match=fragment):
        Race(**{**base, **kwargs})


def test_demands_interpolate_between_rows():
    # Halfway between 100 km (70, 35, 50) and 161 km (80, 40, 50): 130.5 km.
    d = race_demands(130_500.0)
    assert d.min_peak_week_m == pytest.approx(75_000.0)
    assert d.min_long_run_m == pytest.approx(37_500.0)
    assert race_demands(1_000.0) == race_demands(5_000.0)
    assert race_demands(400_000.0) == race_demands(176_000.0)


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"weekly_distance_m": -1.0}, "weekly_distance_m must be zero or more"),
        ({"long_run_m": 90_000.0}, "more than the weekly volume"),
        ({"long_run_m": 5_000.0}, "shorter than an average run"),
        ({"vdot": 120.0}, "vdot must be between 10 and 100"),
        ({"days_available": frozenset({Weekday.SUN})}, "at least two days"),
        ({"days_available": frozenset({Weekday.MON, Weekday.TUE})}, "long_run_day Sun"),
        ({"doubles_per_week": 9}, "doubles_per_week must be 0-7"),
        ({"cross_training": frozenset({Sport.HIKE})}, "hike not usable"),
        ({"ftp_w": 0.0}, "ftp_w must be above zero"),
    ],
)
def test_bad_athlete(kwargs, fragment):
    base = {"weekly_distance_m": 60_000.0, "long_run_m": 20_000.0}
    with pytest.raises(InputError, match=fragment):
        Athlete(**{**base, **kwargs})


def test_weekday_parse():
    assert Weekday.parse("sunday") is Weekday.SUN
    assert Weekday.parse("Tu") is Weekday.TUE
    assert Weekday.parse(0) is Weekday.MON
    with pytest.raises(InputError, match="not a day"):
        Weekday.parse("someday")
    with pytest.raises(InputError, match="0 \\(Monday\\) to 6"):
        Weekday.parse(7)


def test_athlete_presets():
    w = athlete_preset("walmsley")
    assert w.max_weekly_distance_m == pytest.approx(175 * METRES_PER_MILE)
    assert {Sport.BIKE, Sport.NORDIC_SKI, Sport.SKI_ERG} <= w.cross_training
    assert athlete_preset("forty").weekly_distance_m == 40_000.0
    with pytest.raises(InputError, match="known: forty, walmsley"):
        athlete_preset("kipchoge")
    with pytest.raises(InputError, match="time must be above zero"):
        RaceResult(5000.0, 0.0)
