from __future__ import annotations

from lydiard.exporters.icu import icu_texts
from lydiard.workouts import parse


def test_seed_session_as_icu_text() -> None:
    workout = parse(
        "3 Mile Warm Up / 8 x 200 Meter Repeats / 400 Meter Jog Recovery / 2 Mile Cool Down"
    )
    ((label, text),) = icu_texts(workout)
    assert label == ""
    # "m" is minutes there: metres are "mtr"; 8 reps with 7 jogs = 7x (rep, jog) + a last rep
    assert text == (
        "- Warm-up 3mi\n\n7x\n- Rep 200mtr\n- Jog 400mtr\n\n- Rep 200mtr\n\n- Cool-down 2mi\n"
    )


def test_nested_repeats_are_flattened() -> None:
    ((_, text),) = icu_texts(parse("2 x (3 x 400m / 200m jog) with 4 min between sets"))
    assert text.count("2x") == 2  # each set: 2x (400, jog) then a last 400
    assert "- Jog 4m" in text
    assert "x\n- Rep 400mtr\n- Jog 200mtr" in text


def test_named_paces_become_absolute_with_paces() -> None:
    ((_, text),) = icu_texts(parse("5 x 1 km @ T pace, 2 min rest between"), {"T": 1000 / 185})
    assert "- Rep @ T pace 1km 3:05/km Pace" in text
    ((_, text),) = icu_texts(parse("5 x 1 km @ T pace"))
    assert "- Rep @ T pace 1km\n" in text


def test_targets_and_open_steps() -> None:
    ((_, text),) = icu_texts(parse("20 min @ Z2 / 1 h bike @ 200-240 W / lap button cool-down"))
    assert text.splitlines() == [
        "- Easy 20m Z2 HR",
        "- Easy 1h 200w-240w",
        "- Cool-down press lap",
    ]


def test_doubles_are_labelled() -> None:
    texts = icu_texts(parse("AM: 22 km trail run; PM: 60 min tempo ride"))
    assert texts == [("AM", "- Easy 22km\n"), ("PM", "- Tempo 1h\n")]
