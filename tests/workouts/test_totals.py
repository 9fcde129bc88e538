"""Totals: hand-calculated distances and times for the conventions in docs/workouts.md."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings

from lydiard.errors import InputError
from lydiard.workouts import PACE_NAMES, Intensity, Sport, Workout, parse, render

from .strategies import workouts

MILE = 1609.344  # m, exact
# An athlete's speeds in m/s (arbitrary but distinct, so a wrong mapping shows).
PACES = {"E": 4.0, "M": 4.8, "marathon": 4.9, "T": 5.3, "I": 5.7, "R": 6.2, "5K": 5.6}


def test_seed_example_distance_and_time() -> None:
    w = parse("3 Mile Warm Up / 8 x 200 Meter Repeats / 400 Meter Jog Recovery / 2 Mile Cool Down")
    t = w.totals(PACES)
    # 3 mi + 8 x 200 m + 7 x 400 m + 2 mi
    assert t.distance_m == pytest.approx(12446.72, abs=1e-9)
    # easy at E (warm-up, jog recoveries, cool-down), reps at I (no target given)
    expected = (5 * MILE + 2800) / 4.0 + 1600 / 5.7
    assert t.duration_s == pytest.approx(expected, rel=1e-12)
    assert t.by_intensity[Intensity.INTERVAL].distance_m == pytest.approx(1600)
    assert t.by_intensity[Intensity.EASY].distance_m == pytest.approx(5 * MILE + 2800)


def test_without_paces_time_is_unknown_not_zero() -> None:
    t = parse("3 mi warm-up / 8 x 200 m / 2 mi cool-down").totals()
    assert math.isnan(t.duration_s)
    assert t.known_duration_s == 0.0
    assert t.distance_m == pytest.approx(5 * MILE + 1600)


def test_standing_rest_has_time_and_no_distance() -> None:
    t = parse("5 x 1600 m, 2 min rest between").totals(PACES)
    assert t.distance_m == pytest.approx(8000)
    assert t.duration_s == pytest.approx(8000 / 5.7 + 4 * 120)
    assert t.by_intensity[Intensity.REST].duration_s == pytest.approx(480)


def test_ranges_give_min_and_max() -> None:
    t = parse("6-8 x 1 mile, 400 m jog between").totals()
    assert t.distance_min_m == pytest.approx(6 * MILE + 5 * 400)
    assert t.distance_max_m == pytest.approx(8 * MILE + 7 * 400)
    assert t.distance_m == pytest.approx((t.distance_min_m + t.distance_max_m) / 2)


def test_progression_of_reps() -> None:
    t = parse("20 x 1 km, last 5 at T pace").totals(PACES)
    assert t.duration_s == pytest.approx(15000 / 5.7 + 5000 / 5.3)
    assert t.by_intensity[Intensity.THRESHOLD].distance_m == pytest.approx(5000)


def test_progression_long_run() -> None:
    t = parse("22 mi long run, last 6 at marathon pace").totals(PACES)
    assert t.distance_m == pytest.approx(22 * MILE)
    assert t.duration_s == pytest.approx(16 * MILE / 4.0 + 6 * MILE / 4.9)
    assert t.by_intensity[Intensity.STEADY].distance_m == pytest.approx(6 * MILE)
    assert t.by_intensity[Intensity.EASY].distance_m == pytest.approx(16 * MILE)


def test_envelope_longer_parts_win() -> None:
    # the parts (2 + 10 x 1 + 2 km = 14 km) exceed the 10 km written: the longer counts
    t = parse("10 km with (2 km warm-up / 10 x 1 km / 2 km cool-down)").totals()
    assert t.distance_m == pytest.approx(14000)


def test_percentages_and_offsets_of_named_paces() -> None:
    t = parse("1 mi @ 108% MP").totals(PACES)
    assert t.duration_s == pytest.approx(MILE / (4.9 * 1.08))
    t = parse("1 mi @ MP - 10s").totals(PACES)
    assert t.duration_s == pytest.approx(MILE / 4.9 - 10)


def test_share_of_rep_time() -> None:
    t = parse("5 x 600 m @ 5K pace, 50-90% of rep time jog between").totals(PACES)
    rep = 600 / 5.6
    assert t.duration_min_s == pytest.approx(5 * rep + 4 * 0.5 * rep)
    assert t.duration_max_s == pytest.approx(5 * rep + 4 * 0.9 * rep)
    assert t.distance_min_m == pytest.approx(3000 + 4 * 0.5 * rep * 4.0)


def test_time_steps_get_distance_from_paces() -> None:
    t = parse("60 min easy").totals(PACES)
    assert t.distance_m == pytest.approx(3600 * 4.0)
    assert parse("10 min @ hard").totals(PACES).distance_m == pytest.approx(600 * 5.7)
    assert parse("10 min @ Z4").totals(PACES).distance_m == pytest.approx(600 * 5.3)
    assert parse("10 min @ 150 bpm").totals(PACES).distance_m == pytest.approx(600 * 4.0)


def test_cross_training_has_no_running_pace() -> None:
    t = parse("AM: 22 km trail run; PM: 60 min tempo ride").totals(PACES)
    assert math.isnan(t.distance_m)
    assert t.known_distance_m == pytest.approx(22000)
    assert t.duration_s == pytest.approx(22000 / 4.0 + 3600)
    assert t.by_sport[Sport.BIKE].duration_s == pytest.approx(3600)
    assert t.by_sport[Sport.TRAIL_RUN].distance_m == pytest.approx(22000)


def test_bad_paces_are_refused() -> None:
    w = parse("1 km")
    with pytest.raises(InputError, match="unknown pace name 'Z'"):
        w.totals({"Z": 4.0})
    with pytest.raises(InputError, match="E must be a speed above zero"):
        w.totals({"E": 0.0})
    assert set(PACE_NAMES) >= set(PACES)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workouts())
def test_buckets_add_up_to_the_total(workout: Workout) -> None:
    t = workout.totals(PACES)
    by_intensity = sum(b.distance_m for b in t.by_intensity.values())
    by_sport = sum(b.distance_m for b in t.by_sport.values())
    assert by_intensity == pytest.approx(t.known_distance_m, rel=1e-9, abs=1e-6)
    assert by_sport == pytest.approx(t.known_distance_m, rel=1e-9, abs=1e-6)
    time_by_sport = sum(b.duration_s for b in t.by_sport.values())
    assert time_by_sport == pytest.approx(t.known_duration_s, rel=1e-9, abs=1e-6)
    if not math.isnan(t.distance_m):
        assert t.distance_min_m <= t.distance_m * (1 + 1e-12) + 1e-9
        assert t.distance_m <= t.distance_max_m * (1 + 1e-12) + 1e-9


@pytest.mark.parametrize(
    ("text", "name", "metres"),
    [
        ("4 x 400 m @ 800 pace", "800", 1600.0),
        ("6 x 1 mi @ 8K pace", "8K", 6 * MILE),
        ("3 x 2 mi at 10 mile pace", "10 mile", 6 * MILE),
        ("20 km at 50 mile pace", "50 mile", 20000.0),
        ("10 mi @ 100 mile race pace", "100 mile", 10 * MILE),
    ],
)
def test_race_paces_of_other_distances(text: str, name: str, metres: float) -> None:
    # the ultra distances matter here: "20 km at 50 mile pace" is an ultra runner's session
    speeds = {name: 3.7}
    t = parse(text).totals(speeds)
    assert t.distance_m == pytest.approx(metres)
    assert t.duration_s == pytest.approx(metres / 3.7)


@pytest.mark.parametrize(
    ("text", "metres", "name"), [("5K race", 5000.0, "5K"), ("50 km race", 50000.0, "50K")]
)
def test_a_race_is_its_distance_at_its_own_pace(text: str, metres: float, name: str) -> None:
    t = parse(text).totals({name: 4.0})
    assert t.distance_m == pytest.approx(metres)
    assert t.duration_s == pytest.approx(metres / 4.0)


@pytest.mark.parametrize(
    ("text", "metres", "seconds"),
    [
        # hand totals: count x the rep time given; a range counts at its middle
        ("8 x 400 m in 68 s", 3200.0, 8 * 68.0),
        ("8 x 400m in 68-70", 3200.0, 8 * 69.0),
        ("5 x 1 mile in 5:00", 5 * MILE, 5 * 300.0),
        ("8.2 km in 32:00", 8200.0, 1920.0),
        ("32:00 8,2km", 8200.0, 1920.0),  # a clock beside a distance; a decimal comma
        ("8 x 400 m @ 1:08/400 m", 3200.0, 8 * 68.0),
    ],
)
def test_rep_times_are_paces_over_the_rep(text: str, metres: float, seconds: float) -> None:
    w = parse(text)
    t = w.totals()  # no athlete paces needed: the text gives the time
    assert t.distance_m == pytest.approx(metres)
    assert t.duration_s == pytest.approx(seconds)
    assert parse(render(w)) == w


def test_in_is_still_a_plain_word_without_a_time() -> None:
    # "in the hills" names no time: the step keeps its distance and gets no pace
    t = parse("10 km in the hills").totals()
    assert t.distance_m == pytest.approx(10000.0)
    assert math.isnan(t.duration_s)
