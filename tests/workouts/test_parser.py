"""The parser: the seed's seven key sessions, the issue's examples, and the conventions."""

from __future__ import annotations

import pytest

from lydiard.workouts import (
    Distance,
    Effort,
    LapButton,
    NamedPace,
    Pace,
    Placement,
    Repeat,
    Role,
    Session,
    Sport,
    Step,
    Time,
    When,
    Workout,
    Zone,
    parse,
    render,
)
from lydiard.workouts.library import SEED_SESSIONS

MILE = 1609.344  # m, exact by definition

# Hand-calculated distances of the seed's key sessions: warm-up + reps + (n - 1) recoveries
# + cool-down; standing rest covers no distance.
SEED_TOTALS_M = {
    "walmsley-8x200": 3 * MILE + 8 * 200 + 7 * 400 + 2 * MILE,
    "walmsley-12x400-short-rest": 3 * MILE + 12 * 400 + 11 * 100 + 2 * MILE,
    "walmsley-5x1600": 4 * MILE + 5 * 1600 + 2 * MILE,
    "walmsley-12x400-long-rest": 3 * MILE + 12 * 400 + 11 * 600 + 2 * MILE,
    "walmsley-10x800": 3 * MILE + 10 * 800 + 9 * 260 + 1 * MILE,
    "walmsley-4x2mi": 3 * MILE + 4 * 2 * MILE + 1 * MILE,
    "walmsley-10x1mi": 3 * MILE + 10 * MILE + 3 * MILE,
}


def test_seed_sessions_are_the_ones_in_the_seed(shared_data) -> None:
    seed = (shared_data.parent / "seed" / "000_ab932d7c2c676f9c.txt").read_text(encoding="utf-8")
    block = seed.split("key sessions:")[1].split("Hybrid Mode")[0]
    raw = [s.strip() for s in block.split("\n\n") if s.strip()]
    assert [s.replace("\u00a0", " ") for s in raw] == list(SEED_SESSIONS.values())
    # exactly as written there, non-breaking space included
    assert [parse(s) for s in raw] == [parse(s) for s in SEED_SESSIONS.values()]


@pytest.mark.parametrize("name", list(SEED_SESSIONS))
def test_seed_key_sessions_parse_exactly(name: str) -> None:
    workout = parse(SEED_SESSIONS[name])
    warm, reps, cool = workout.items
    assert isinstance(warm, Step)
    assert warm.role is Role.WARMUP
    assert isinstance(warm.end, Distance)
    assert warm.end.unit == "mi"
    assert isinstance(reps, Repeat)
    assert reps.between is not None
    assert isinstance(cool, Step)
    assert cool.role is Role.COOLDOWN
    assert workout.totals().distance_m == pytest.approx(SEED_TOTALS_M[name], abs=1e-6)


def test_seed_session_structure_in_full() -> None:
    workout = parse(
        "3 Mile Warm Up\n8 x 200 Meter Repeats\n400 Meter Jog Recovery\n2 Mile Cool Down"
    )
    assert workout == Workout.of(
        Step(Role.WARMUP, Distance(3, "mi")),
        Repeat.of(8, Step(end=Distance(200)), between=Step(Role.RECOVERY, Distance(400))),
        Step(Role.COOLDOWN, Distance(2, "mi")),
    )
    # standing rest has time and no distance; "2 MInutes" as the seed spells it
    rest = parse(SEED_SESSIONS["walmsley-10x1mi"]).items[1]
    assert isinstance(rest, Repeat)
    assert rest.between == Step(Role.REST, Time(120))


def test_issue_example_total() -> None:
    text = "3 Mile Warm Up / 8 x 200 Meter Repeats / 400 Meter Jog Recovery / 2 Mile Cool Down"
    assert parse(text).totals().distance_m == pytest.approx(12446.72, abs=1e-9)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20 x 1km", Workout.of(Repeat.of(20, Step(end=Distance(1, "km"))))),
        ("8 x 200m", Workout.of(Repeat.of(8, Step(end=Distance(200))))),
        (
            "50 km trail long run at 3:27/km",
            Workout.of(Step(Role.LONG, Distance(50, "km"), Pace(207, "km"), Sport.TRAIL_RUN)),
        ),
        (
            "30-60 mile bike ride",
            Workout.of(Step(Role.EASY, Distance(30, "mi", 60), sport=Sport.BIKE)),
        ),
        ("60 min ski erg", Workout.of(Step(Role.EASY, Time(3600), sport=Sport.SKI_ERG))),
        (
            "6-8 x 1 mile",
            Workout.of(Repeat(6, (Step(end=Distance(1, "mi")),), count_max=8)),
        ),
    ],
)
def test_issue_examples(text: str, expected: Workout) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    "text",
    ["20-25 km trail run AM, tempo ride PM", "AM: 20-25 km trail run; PM: tempo ride"],
)
def test_doubles(text: str) -> None:
    workout = parse(text)
    assert workout.sessions == (
        Session((Step(Role.EASY, Distance(20, "km", 25), sport=Sport.TRAIL_RUN),), When.AM),
        Session((Step(Role.TEMPO, LapButton(), sport=Sport.BIKE),), When.PM),
    )


def test_hybrid_double_with_times() -> None:
    workout = parse("AM: 22 km trail run; PM: 60 min tempo ride")
    am, pm = workout.sessions
    assert am.items == (Step(Role.EASY, Distance(22, "km"), sport=Sport.TRAIL_RUN),)
    assert pm.items == (Step(Role.TEMPO, Time(3600), sport=Sport.BIKE),)


def test_nested_sets() -> None:
    workout = parse("3 x (4 x 400m / 200m jog) with 4 min between sets")
    assert workout.items == (
        Repeat.of(
            3,
            Repeat.of(4, Step(end=Distance(400)), between=Step(Role.RECOVERY, Distance(200))),
            between=Step(Role.RECOVERY, Time(240)),
        ),
    )


def test_progression_of_repeats() -> None:
    (rep,) = parse("20 x 1 km, last 5 at T pace").items
    assert rep == Repeat(20, (Step(end=Distance(1, "km")),), last=5, last_target=NamedPace("T"))


def test_progression_of_a_long_run() -> None:
    (run,) = parse("22 mi long run, last 6 at marathon pace").items
    assert run == Step(
        Role.LONG,
        Distance(22, "mi"),
        inner=(Step(Role.WORK, Distance(6, "mi"), NamedPace("marathon")),),
        placement=Placement.END,
    )


def test_case_and_spelling_tolerance() -> None:
    a = parse("3 MILE WARM UP / 8 X 200 METER REPEATS / 2 MInutes rest between")
    b = parse("3 mile warm-up, then 8 x 200 meters, 2 min rest between")
    assert a == b


@pytest.mark.parametrize(
    ("text", "metres"),
    [
        ("1 mile easy", MILE),
        ("1600 metres easy", 1600),
        ("1.5 km easy", 1500),
        ("800 yards easy", 800 * 0.9144),
        ("1,200m easy", 1200),
        ("1/2 mile easy", MILE / 2),
    ],
)
def test_units(text: str, metres: float) -> None:
    assert parse(text).totals().distance_m == pytest.approx(metres, rel=1e-12)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90 seconds easy", 90),
        ("2 minutes and 40 seconds easy", 160),
        ("1 h 30 min easy", 5400),
        ("5:00 warm up", 300),
        ("45' R0", 2700),
        ("1'30 R3", 90),
        ("90'' R3", 90),
        ("two min walk", 120),
    ],
)
def test_durations(text: str, seconds: float) -> None:
    (step,) = parse(text).items
    assert isinstance(step, Step)
    assert step.end == Time(seconds)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("1 km @ 3:05/km", Pace(185, "km")),
        ("1 km @ 5:05-4:50", Pace(305, "km", 290)),
        ("1 km at 10k pace", NamedPace("10K")),
        ("1 km @ 5k-10k Pace", NamedPace("5K", to="10K")),
        ("4 mi @ 15K to half marathon pace", NamedPace("15K", to="HM")),
        ("2 km at 108% MP", NamedPace("marathon", percent=108)),
        ("1 mi @ MP - 10s", NamedPace("marathon", offset_s=-10, offset_unit="mi")),
        ("1 km @ Z4", Zone(4)),
        ("10 min zone 2", Zone(2)),
        ("6' R2", Zone(2, scale="R")),
        ("1 km @ hard", Effort("hard")),
    ],
)
def test_targets(text: str, target: object) -> None:
    (step,) = parse(text).items
    assert isinstance(step, Step)
    assert step.target == target


def test_named_paces_and_effort_words_map_to_daniels_intensities() -> None:
    steady = parse("10 min steady").items[0]
    assert isinstance(steady, Step)
    assert steady.role is Role.STEADY
    assert parse("3 mi at LT").items[0] == Step(Role.WORK, Distance(3, "mi"), NamedPace("T"))


def test_ladder_with_float_recoveries() -> None:
    workout = parse("4-3-2-1 min at 96-98-100-102% 5k with 1 min moderate")
    work = [s for s in workout.items if isinstance(s, Step) and s.role is Role.WORK]
    assert [s.end for s in work] == [Time(240), Time(180), Time(120), Time(60)]
    assert [s.target.percent for s in work] == [96, 98, 100, 102]  # type: ignore[union-attr]
    floats = [s for s in workout.items if isinstance(s, Step) and s.role is Role.RECOVERY]
    assert len(floats) == 3
    assert all(s.target == Effort("moderate") for s in floats)


def test_recovery_inside_the_group_happens_every_rep() -> None:
    (rep,) = parse("Run 90 seconds, walk 90 seconds. Repeat 8 times").items
    assert rep == Repeat.of(
        8,
        Step(Role.WORK, Time(90)),
        Step(Role.RECOVERY, Time(90), sport=Sport.WALK),
    )
    assert parse("Run 90 seconds, walk 90 seconds. Repeat 8 times").totals().duration_s == 8 * 180


def test_repeat_line_wraps_back_to_the_warm_up() -> None:
    text = (
        "Warm up, 15 minutes.\n"
        "Run in Z4, 10K pace, 400m. Jog, recovery pace, 30 seconds. Repeat 5 times.\n"
        "Run in Z2, recovery pace, 90 seconds.\n"
        "Repeat 3 times."
    )
    warm, sets = parse(text).items
    assert warm == Step(Role.WARMUP, Time(900))
    assert isinstance(sets, Repeat)
    assert sets.count == 3
    inner, float_ = sets.items
    assert isinstance(inner, Repeat)
    assert inner.count == 5
    assert float_ == Step(Role.EASY, Time(90), Zone(2))


def test_envelope_with_strides_and_title() -> None:
    workout = parse(
        "General aerobic + speed 10 miles w/ 2 sets of 5x150m strides "
        "(jog 250m between intervals and 4 min between sets)"
    )
    assert workout.title == "General aerobic + speed"
    (run,) = workout.items
    assert isinstance(run, Step)
    assert run.end == Distance(10, "mi")
    assert run.role is Role.EASY
    (sets,) = run.inner
    assert sets == Repeat.of(
        2,
        Repeat.of(5, Step(Role.STRIDES, Distance(150)), between=Step(Role.RECOVERY, Distance(250))),
        between=Step(Role.RECOVERY, Time(240)),
    )


def test_notes_kept() -> None:
    workout = parse('5 mi easy "keep it relaxed"\nStretch.')
    assert workout.items == (Step(Role.EASY, Distance(5, "mi"), note="keep it relaxed"),)
    assert workout.notes == ("Stretch",)
    assert render(workout) == '5 mi "keep it relaxed"\n"Stretch"'
