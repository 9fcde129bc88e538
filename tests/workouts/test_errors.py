"""Bad workout text gets a pointed error: line, column, caret, and a suggestion."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lydiard.errors import InputError, WorkoutSyntaxError
from lydiard.workouts import Distance, NamedPace, Repeat, Step, Workout, parse


def test_unknown_unit_suggests_the_right_one() -> None:
    with pytest.raises(WorkoutSyntaxError) as info:
        parse("3 Mile Warm Up\n8 x 200 Metr Repeats")
    err = info.value
    assert (err.line, err.column) == (2, 9)
    assert err.reason == "unknown unit 'Metr'"
    assert err.suggestion == "did you mean 'Meter'?"
    assert str(err).splitlines() == [
        "line 2, column 9: unknown unit 'Metr'; did you mean 'Meter'?",
        "  8 x 200 Metr Repeats",
        "          ^^^^",
    ]


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"),
    [
        ("", 1, 1, "empty workout"),
        ("Stretch and relax", 1, 1, "no workout steps found"),
        ("3 mi\n4 miles Easy 5", 2, 14, "'5' needs a unit"),
        ("x 400 m", 1, 1, "'x' needs a count"),
        ("8 x (400 m / 200 m jog", 1, 5, "'(' is never closed"),
        ("1 km @", 1, 6, "expected a target after '@'"),
        ("1 km @ 4:00/kx", 1, 13, "unknown pace unit 'kx'"),
        ("5 x 400 m\nlast @MP", 2, 1, "'last' needs an amount"),
        ("3 mi @ 7 km pace", 1, 8, "no pace is named for a 7 km race"),
        ('5 mi "unclosed', 1, 6, "quoted note is never closed"),
        ("2 x 400 m, last 3 at T pace", 1, 12, "last 3 of only 2 reps"),
        ("5-5-5-3-5 mi at 90-92-94-96% MP", 1, 1, "5 lengths but 4 paces"),
        ("10 x 1:75 hard", 1, 6, "not a clock time"),
    ],
)
def test_pointed_errors(text: str, line: int, column: int, fragment: str) -> None:
    with pytest.raises(WorkoutSyntaxError) as info:
        parse(text)
    err = info.value
    assert (err.line, err.column) == (line, column), str(err)
    assert fragment in str(err)
    assert "^" in str(err).splitlines()[-1]


def test_model_invariants_name_the_field_and_value() -> None:
    with pytest.raises(InputError, match="distance must be above zero, got -1"):
        Distance(-1)
    with pytest.raises(InputError, match="count must be >= 1: 0"):
        Repeat.of(0, Step(end=Distance(1)))
    with pytest.raises(InputError, match="unknown pace name 'XC'"):
        NamedPace("XC")
    with pytest.raises(InputError, match="needs a time of day"):
        Workout((parse("1 mi").sessions[0], parse("2 mi").sessions[0]))


@pytest.mark.parametrize(
    "text",
    ["(" * 600 + "1 km" + ")" * 600, "3 x " * 400 + "1 km", "with " * 500 + "1 km"],
)
def test_absurd_nesting_is_an_error_not_a_crash(text: str) -> None:
    with pytest.raises(WorkoutSyntaxError, match="nests too deeply"):
        parse(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789 xX@/:,.-()%'\"amikmnsrepwalkjogZ\n", max_size=40))
def test_any_text_parses_or_fails_with_a_workout_syntax_error(text: str) -> None:
    caught: WorkoutSyntaxError | None = None
    try:
        parse(text)
    except WorkoutSyntaxError as err:
        caught = err
    if caught is not None:
        assert caught.line >= 1
        assert caught.column >= 1
