"""Alternation: "alternate between A and B for T" is T / (A + B) reps of (A, B)."""

from __future__ import annotations

import pytest

from lydiard.errors import WorkoutSyntaxError
from lydiard.workouts import Effort, Intensity, Repeat, Role, Sport, Step, Time, parse, render
from lydiard.workouts.ast import EffortWord

# Nike Run Club fartleks from the shared corpus (tests/workouts/test_corpus.py reads them).
NRC_WRAPPED = (
    "5:00 Warm Up\n21:00 Fartlek\nAlternate between 1:00 Hard\n"
    "Running and 2:00 Easy Running\nfor 21:00"
)
NRC_SPEED_RUN = (
    "5K/3.1 Mile Recovery Run\nSPEED RUN:\nNRC Guided Run: One Hard Two Easy\nFartlek\n"
    "5:00 Warm Up\n21:00 Fartlek\nAlternate between 1:00 Hard Running and 2:00 Easy Running\n"
    "for 21:00"
)

HARD = Step(Role.WORK, Time(60.0), Effort(EffortWord.HARD), Sport.RUN)
EASY = Step(Role.EASY, Time(120.0), None, Sport.RUN)
# 21 min / (1 min + 2 min) = 7 cycles
FARTLEK = Repeat(7, (HARD, EASY))


def _items(text: str) -> tuple[object, ...]:
    workout = parse(text)
    assert parse(render(workout)) == workout
    assert len(workout.sessions) == 1
    return workout.sessions[0].items


def test_nrc_wrapped_fartlek_is_warm_up_then_seven_cycles() -> None:
    workout = parse(NRC_WRAPPED)
    assert workout.sessions[0].items == (Step(Role.WARMUP, Time(300.0), None, Sport.RUN), FARTLEK)
    assert render(workout) == "5 min warm-up\n7 x (1 min @ hard / 2 min easy)"
    t = workout.totals()
    # hand check: 5:00 + 7 x (1:00 + 2:00) = 26:00; the "21:00 Fartlek" header adds nothing
    assert t.duration_s == pytest.approx(1560.0, abs=1e-9)
    assert t.by_intensity[Intensity.INTERVAL].duration_s == pytest.approx(7 * 60.0, abs=1e-9)
    assert t.by_intensity[Intensity.EASY].duration_s == pytest.approx(300 + 7 * 120.0, abs=1e-9)


def test_nrc_speed_run_keeps_one_fartlek_block() -> None:
    items = _items(NRC_SPEED_RUN)
    assert FARTLEK in items
    assert Step(Role.WARMUP, Time(300.0), None, Sport.RUN) in items
    # no 21 min step beside the reps
    assert not any(isinstance(i, Step) and i.end == Time(1260.0) for i in items)
    t = parse(NRC_SPEED_RUN).totals()
    # 5:00 warm-up + 7 x 3:00; the 5 km run has no pace, so its time stays unknown
    assert t.known_duration_s == pytest.approx(1560.0, abs=1e-9)
    assert t.known_distance_m == pytest.approx(5000.0, abs=1e-9)


@pytest.mark.parametrize(
    "text",
    [
        "21:00 Fartlek\nAlternate between 1:00 hard and 2:00 easy",
        "21:00 Fartlek\nAlternate between 1:00 hard and 2:00 easy for 21:00",
        "Alternate between 1:00 hard and 2:00 easy for 21:00",
        "Alternate between 1:00 hard and 2:00 easy\nfor 21 min",
        "alternate 7 times between 1 min hard and 2 min easy",
        "alternate 7 times between 1 min hard and 2 min easy for 21 minutes",
    ],
)
def test_ways_of_writing_the_same_fartlek(text: str) -> None:
    assert _items(text) == (FARTLEK,)


def test_seconds_fill_minutes() -> None:
    # 12 min / (30 s + 90 s) = 6 cycles
    fast = Step(Role.WORK, Time(30.0), Effort(EffortWord.HARD), Sport.RUN)
    easy = Step(Role.EASY, Time(90.0), None, Sport.RUN)
    items = _items("alternate between 30 s fast and 90 s easy for 12 min")
    assert items == (Repeat(6, (fast, easy)),)
    assert parse("alternate between 30 s fast and 90 s easy for 12 min").totals().duration_s == (
        pytest.approx(720.0, abs=1e-9)
    )


def test_a_header_with_another_time_stays_a_run_of_its_own() -> None:
    items = _items("30:00 easy\nAlternate between 1:00 hard and 2:00 easy for 21:00")
    assert items == (Step(Role.EASY, Time(1800.0), None, Sport.RUN), FARTLEK)


def test_a_complete_sentence_does_not_swallow_the_next_line() -> None:
    items = _items("Alternate between 1:00 hard and 2:00 easy for 21:00\n5:00 cool down")
    assert items == (FARTLEK, Step(Role.COOLDOWN, Time(300.0), None, Sport.RUN))


@pytest.mark.parametrize(
    ("text", "message", "line", "column"),
    [
        # 20 min / 3 min = 6.67
        ("Alternate between 1:00 hard and 2:00 easy for 20:00", "times do not divide", 1, 1),
        ("20:00 Fartlek\nAlternate between 1:00 hard and 2:00 easy", "times do not divide", 2, 1),
        ("alternate 5 times between 30 s fast and 90 s easy for 12 min", "6 cycles do", 1, 1),
        ("Alternate between 1:00 hard and 2:00 easy", "needs the time it fills", 1, 1),
        ("Alternate between 1:00 hard for 21:00", "two parts joined by 'and'", 1, 1),
        ("alternate between 1 km hard and 2:00 easy for 21:00", "needs a time", 1, 19),
        ("alternate between 1:00 hard and 2:00 easy for 4 km", "one time after it", 1, 43),
    ],
)
def test_pointed_errors(text: str, message: str, line: int, column: int) -> None:
    with pytest.raises(WorkoutSyntaxError, match=message) as err:
        parse(text)
    assert (err.value.line, err.value.column) == (line, column)
    assert "^" in str(err.value)
