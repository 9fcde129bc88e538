import math
from datetime import date

import numpy as np
import pytest

from lydiard.model.sport import Sport
from lydiard.physiology.load import pace_load
from lydiard.physiology.paces import training_paces
from lydiard.planning import make_plan
from lydiard.planning.athlete import Athlete, athlete_preset
from lydiard.planning.estimate import SessionEstimator, easy_daily_load
from lydiard.planning.plan import PlannedSession, SessionKind
from lydiard.planning.race import Race
from lydiard.workouts import parse

PACES = training_paces(50.0).as_mapping()
DAY = date(2027, 1, 5)


@pytest.mark.parametrize(
    ("athlete", "race"),
    [
        (athlete_preset("walmsley"), "Western States 100"),
        (
            Athlete(
                90_000.0, 30_000.0, cross_training={Sport.BIKE, Sport.SKI_ERG}, doubles_per_week=3
            ),
            "marathon",
        ),
        (athlete_preset("forty"), "50k"),
    ],
)
def test_every_session_text_parses_to_its_planned_distance(athlete, race):
    plan = make_plan(athlete, Race.from_preset(race, date(2027, 6, 26)), date(2026, 12, 1))
    for s in plan.sessions:
        totals = parse(s.text).totals(plan.paces)
        if s.is_run:
            assert totals.distance_m == pytest.approx(s.distance_m, abs=0.5), s.text
        assert math.isfinite(s.duration_s)
        assert s.duration_s > 0
        assert s.load >= 0


def test_constant_run_load_matches_physiology_pace_load():
    # 10 km at T pace: IF = 1, so the load is the hours x 100; pace_load on a constant
    # 1 Hz stream at T speed must agree (same definition; hand check: 10 km / T speed).
    est = SessionEstimator(PACES, 50.0)
    s = PlannedSession(DAY, SessionKind.STEADY, Sport.RUN, "t", "10 km at T pace", 10_000.0)
    got = est(s)
    seconds = 10_000.0 / PACES["T"]
    assert got.duration_s == pytest.approx(seconds)
    t = np.arange(0.0, round(seconds) + 1)
    stream = pace_load(t, np.full(t.size, PACES["T"]), threshold_speed_mps=PACES["T"])
    assert got.load == pytest.approx(stream, rel=2e-3)
    assert got.load == pytest.approx(seconds / 3600 * 100)


def test_easy_ride_uses_coggans_endurance_factor():
    est = SessionEstimator(PACES, 50.0)
    s = PlannedSession(
        DAY, SessionKind.CROSS, Sport.BIKE, "ride", "120 Minutes Bike Easy", math.nan
    )
    got = est(s)
    assert got.duration_s == 7200.0
    assert got.load == pytest.approx(2 * 0.65**2 * 100)  # 84.5 (hand calculation)


def test_race_time_is_the_vdot_equivalent_of_its_effort_distance():
    from lydiard.physiology.races import equivalent_time

    est = SessionEstimator(PACES, 50.0)
    race = PlannedSession(
        DAY,
        SessionKind.RACE,
        Sport.TRAIL_RUN,
        "50K",
        "# Race: x\n50 km trail run",
        50_000.0,
        climb_m=2000.0,
    )
    got = est(race)
    assert got.duration_s == pytest.approx(equivalent_time(50.0, 70_000.0))  # 50 + 20 effort-km


def test_easy_daily_load():
    # 70 km a week at E pace: 7 x 10 km; IF = E/T.
    load = easy_daily_load(70_000.0, PACES)
    hours = 10_000.0 / PACES["E"] / 3600
    assert load == pytest.approx(hours * (PACES["E"] / PACES["T"]) ** 2 * 100)
