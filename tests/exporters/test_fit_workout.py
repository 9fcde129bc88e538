"""FIT workout files decode (garmin_fit_sdk) back to the same steps, repeats included."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from garmin_fit_sdk import Decoder, Stream

from lydiard.errors import EncodeError
from lydiard.exporters.fit_workout import encode_workout
from lydiard.workouts import Distance, HeartRate, HrBelow, Power, Step, Time, Workout, Zone, parse
from lydiard.workouts.expand import flatten
from lydiard.workouts.library import SEED_SESSIONS
from lydiard.workouts.totals import speed_range

CREATED = datetime(2027, 1, 5, 6, 0, tzinfo=UTC)
PACES = {"E": 4.0, "marathon": 4.9, "T": 5.3, "I": 5.7, "R": 6.2}


def _decode(data: bytes) -> dict:
    assert Decoder(Stream.from_byte_array(bytearray(data))).check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    return messages


def _run(steps: list[dict]) -> list[tuple]:
    """Execute decoded FIT steps as a watch does, following repeat steps."""
    out, counts, i = [], {}, 0
    while i < len(steps):
        s = steps[i]
        assert s["message_index"] == i
        if s["duration_type"] == "repeat_until_steps_cmplt":
            counts[i] = counts.get(i, 0) + 1
            if counts[i] < s["repeat_steps"]:
                for j in [j for j in counts if s["duration_step"] <= j < i]:
                    del counts[j]  # inner loops start again
                i = s["duration_step"]
            else:
                del counts[i]
                i += 1
            continue
        value = {
            "distance": s.get("duration_distance"),
            "time": s.get("duration_time"),
            "hr_less_than": s.get("duration_hr"),
        }.get(s["duration_type"])
        target = s["target_type"]
        if target == "speed":
            extra = (s["custom_target_speed_low"], s["custom_target_speed_high"])
        elif target == "heart_rate":
            extra = (s.get("custom_target_heart_rate_low"), s.get("target_hr_zone"))
        elif target == "power":
            extra = (s["custom_target_power_low"], s["custom_target_power_high"])
        else:
            extra = ()
        out.append((s["duration_type"], value, target, extra, s["intensity"]))
        i += 1
    return out


def _expected(workout: Workout, paces: dict | None) -> list[tuple]:
    from lydiard.exporters.fit_workout import INTENSITY

    steps: list[Step] = []
    for part in flatten(workout.sessions[0].items, paces):
        steps.extend([part] if isinstance(part, Step) else list(part.steps) * part.count)
    out = []
    for s in steps:
        if isinstance(s.end, Distance) and s.end.upper is None:
            kind, value = "distance", s.end.min_m
        elif isinstance(s.end, Time) and s.end.upper is None:
            kind, value = "time", s.end.seconds
        elif isinstance(s.end, HrBelow):
            kind, value = "hr_less_than", s.end.bpm + 100
        else:
            kind, value = "open", None
        speeds = speed_range(s, paces) if s.target is not None else None
        if speeds:
            slow, fast = speeds
            if slow == fast:
                slow, fast = slow * 0.98, fast * 1.02
            target, extra = "speed", (slow, fast)
        elif isinstance(s.target, HeartRate):
            target, extra = "heart_rate", (s.target.bpm + 100, None)
        elif isinstance(s.target, Zone):
            target, extra = "heart_rate", (None, s.target.number)
        elif isinstance(s.target, Power):
            target, extra = (
                "power",
                (s.target.watts + 1000, (s.target.upper or s.target.watts) + 1000),
            )
        else:
            target, extra = "open", ()
        out.append((kind, value, target, extra, INTENSITY[s.role]))
    return out


def _same(actual: list[tuple], expected: list[tuple]) -> None:
    assert len(actual) == len(expected)
    for a, e in zip(actual, expected, strict=True):
        assert (a[0], a[2], a[4]) == (e[0], e[2], e[4])
        if e[1] is not None:
            assert a[1] == pytest.approx(e[1], abs=0.006)  # cm and ms resolution
        assert a[3] == pytest.approx(e[3], abs=0.0006)  # mm/s


CASES = [
    *SEED_SESSIONS.values(),
    "3 x (4 x 400m / 200m jog) with 4 min between sets",
    "2 x (3 x (1 min hard / 1 min easy), 2 min rest between), 5 min jog between",
    "2 km warm-up / 20 x 1 km, last 5 at T pace, 200 m jog between / 2 km cool-down",
    "10 min warm-up / 5 x 3 min @ 150-160 bpm, 2 min jog between / until HR below 120 jog "
    "/ lap button cool-down",
    "22 mi long run, last 6 at marathon pace",
    "60 min bike @ 200-240 W",
    "6 x 1 km @ 3:20-3:10/km, 90 s rest between",
    "8 x 400 m @ Z4, 2-3 min jog between",
    "2 x 1 km, 400 m jog between",
    "1 x 5 km @ T pace, 2 min rest between",
    "3 x (2 x 1 km, last 1 at R pace, 1 min rest between), 3 min jog between",
]


@pytest.mark.parametrize("text", CASES)
def test_fit_decodes_back_to_the_same_steps(text: str) -> None:
    workout = parse(text)
    ((suffix, data),) = encode_workout(workout, time_created=CREATED, paces=PACES)
    assert suffix == ""
    messages = _decode(data)
    assert messages["file_id_mesgs"][0]["type"] == "workout"
    steps = messages["workout_step_mesgs"]
    assert messages["workout_mesgs"][0]["num_valid_steps"] == len(steps)
    _same(_run(steps), _expected(workout, PACES))


def test_nested_repeats_are_nested_in_the_file() -> None:
    workout = parse("3 x (4 x 400m / 200m jog) with 4 min between sets")
    ((_, data),) = encode_workout(workout, time_created=CREATED)
    steps = _decode(data)["workout_step_mesgs"]
    repeats = [
        (s["message_index"], s["duration_step"], s["repeat_steps"])
        for s in steps
        if s["duration_type"] == "repeat_until_steps_cmplt"
    ]
    # inner: 3 x (400, 200 jog) from step 0, then the 4th 400; outer: 2 x (set, 4 min) from 0
    assert repeats[0] == (2, 0, 3)
    assert repeats[1][1] == 0
    assert repeats[1][2] == 2
    assert len(_run(steps)) == 3 * (4 + 3) + 2  # 3 sets of 4 reps and 3 jogs, 2 set breaks


def test_doubles_give_one_file_per_session() -> None:
    files = encode_workout(
        parse("AM: 22 km trail run; PM: 60 min tempo ride"), time_created=CREATED
    )
    assert [suffix for suffix, _ in files] == ["am", "pm"]
    sports = [_decode(data)["workout_mesgs"][0]["sport"] for _, data in files]
    assert sports == ["running", "cycling"]


def test_out_of_range_values_raise() -> None:
    workout = Workout.of(Step(end=Distance(5e7)))  # 50,000 km does not fit uint32 cm
    with pytest.raises(EncodeError, match=r"workout_step\.duration_distance"):
        encode_workout(workout, time_created=CREATED)
