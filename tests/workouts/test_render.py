"""The canonical renderer: parse(render(w)) == w for every workout, nesting included."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from lydiard.workouts import (
    Distance,
    NamedPace,
    Pace,
    Placement,
    Repeat,
    Role,
    Step,
    Time,
    Workout,
    parse,
    render,
)

from .strategies import workouts


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workouts())
def test_parse_render_round_trip(workout: Workout) -> None:
    text = render(workout)
    assert parse(text) == workout, text


def test_render_reads_like_a_coach_writes() -> None:
    workout = Workout.of(
        Step(Role.WARMUP, Distance(3, "mi")),
        Repeat.of(
            8,
            Step(end=Distance(200), target=NamedPace("5K")),
            between=Step(Role.RECOVERY, Distance(400)),
        ),
        Step(
            Role.LONG,
            Distance(22, "mi"),
            inner=(Step(end=Distance(6, "mi"), target=NamedPace("marathon")),),
            placement=Placement.END,
        ),
        Step(Role.COOLDOWN, Time(600), target=Pace(250, "km", 240)),
    )
    assert render(workout) == (
        "3 mi warm-up\n"
        "8 x 200 m @ 5K pace, 400 m jog between\n"
        "22 mi long with (6 mi @ marathon pace) at the end\n"
        "10 min cool-down @ 4:10-4:00/km"
    )


def test_recovery_after_repeats_without_between_is_marked_then() -> None:
    workout = Workout.of(
        Repeat.of(4, Step(end=Distance(1, "km"))),
        Step(Role.REST, Time(180)),
    )
    text = render(workout)
    assert text == "4 x 1 km\nthen 3 min rest"
    assert parse(text) == workout
    # without "then" the rest falls between the reps, as the seed's sessions are written
    attached = parse("4 x 1 km\n3 min rest")
    assert attached.items == (
        Repeat.of(4, Step(end=Distance(1, "km")), between=Step(Role.REST, Time(180))),
    )


def test_exact_numbers_survive() -> None:
    step = Step(Role.EASY, Distance(0.1 + 0.2, "km"), target=Pace(207.123456789, "mi"))
    assert parse(render(Workout.of(step))).items == (step,)
