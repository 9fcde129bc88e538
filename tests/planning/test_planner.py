import itertools
from dataclasses import replace
from datetime import date

import pytest

from lydiard.errors import InputError, PlanRequestError
from lydiard.model.sport import Sport
from lydiard.planning.athlete import Athlete, Weekday, athlete_preset
from lydiard.planning.invariants import check_plan
from lydiard.planning.periodise import Phase
from lydiard.planning.plan import Day, SessionKind, When
from lydiard.planning.planner import build_plan
from lydiard.planning.progression import WeekKind
from lydiard.planning.race import RACE_PRESETS, Race
from lydiard.units import METRES_PER_MILE

START = date(2026, 12, 1)


@pytest.fixture(scope="module")
def walmsley():
    race = Race.from_preset("Western States 100", date(2027, 6, 26))
    return build_plan(athlete_preset("walmsley"), race, START)


@pytest.mark.parametrize("preset", sorted({p.name for p in RACE_PRESETS.values()}))
def test_every_preset_builds_a_sound_plan(preset):
    race = Race.from_preset(preset, date(2027, 6, 26))
    for athlete in (Athlete(90_000.0, 30_000.0), athlete_preset("walmsley")):
        plan = build_plan(athlete, race, START)
        assert check_plan(plan) == []
        assert plan.weeks[-1].days[-1].day == race.day


def test_walmsley_reaches_about_175_miles(walmsley):
    peak = max(w.training_run_m for w in walmsley.weeks)
    assert peak == pytest.approx(175 * METRES_PER_MILE, rel=0.03)  # ~280 km
    assert max(w.longest_run_m for w in walmsley.weeks) == pytest.approx(50_000.0, abs=1700)


def test_forty_km_runner_is_never_handed_walmsley_volume():
    race = Race.from_preset("marathon", date(2027, 6, 26))
    plan = build_plan(athlete_preset("forty"), race, START)
    assert max(w.training_run_m for w in plan.weeks) <= 80_000.0 + 1  # 2 x current
    assert check_plan(plan) == []


def test_seed_sessions_by_phase(walmsley):
    titles = {
        p: [s.title for w in walmsley.weeks if w.phase is p for s in w.sessions] for p in Phase
    }
    assert "20 x 1 km at T" in titles[Phase.ANAEROBIC]
    assert "10 x 1 mile at T" in titles[Phase.ANAEROBIC]
    assert any(t.startswith("8 x 200 m at R") for t in titles[Phase.COORDINATION])
    assert any(t.startswith("12 x 400 m") for t in titles[Phase.COORDINATION])
    assert any(t.startswith("Long hills") for t in titles[Phase.HILLS])
    kinds = {s.kind for s in walmsley.sessions}
    assert {SessionKind.FAST_LONG, SessionKind.BACK_TO_BACK, SessionKind.CROSS_TEMPO} <= kinds


def test_walmsley_gets_doubles_hybrids_and_recovery_day_cross_training(walmsley):
    build = next(w for w in walmsley.weeks if w.phase is Phase.AEROBIC and w.index > 2)
    doubles = [d for d in build.days if sum(s.is_run for s in d.sessions) > 1]
    assert 0 < len(doubles) <= 6
    hybrid = [d for d in build.days if any(s.kind is SessionKind.CROSS_TEMPO for s in d.sessions)]
    assert len(hybrid) == 1
    am, pm = hybrid[0].sessions
    assert am.when is When.AM
    assert am.is_run
    assert pm.when is When.PM
    rides = [s for s in build.sessions if s.kind is SessionKind.CROSS]
    assert rides
    assert all(s.sport in (Sport.BIKE, Sport.NORDIC_SKI) for s in rides)
    # Walmsley's recovery rides are 30-60 miles; written as a coach
    # writes them, in whole quarter hours (2-4 h at 280 km for the bike, 0.6 of it on skis)
    assert all(s.duration_s % 900 == 0 for s in rides)
    assert max(s.duration_s for s in rides) <= 4 * 3600


def test_mountain_race_plans_climbing(walmsley):
    climbs = [w.climb_m for w in walmsley.weeks]
    assert max(climbs) > 4000
    road = build_plan(
        Athlete(90_000.0, 30_000.0), Race.from_preset("marathon", date(2027, 6, 26)), START
    )
    assert all(s.sport is not Sport.TRAIL_RUN for s in road.sessions)


def test_taper_is_bosquet(walmsley):
    taper = [w for w in walmsley.weeks if w.phase is Phase.FRESHEN]
    assert [w.kind for w in taper] == [WeekKind.TAPER, WeekKind.RACE]
    builds = [w.training_run_m for w in walmsley.weeks if w.kind is WeekKind.BUILD][-3:]
    mean = sum(w.training_run_m for w in taper) / 2 / (sum(builds) / 3)
    assert 0.41 <= mean <= 0.60
    # Intensity kept: a key session at race intensity each taper week.
    for w in taper:
        assert any(s.kind in (SessionKind.ANAEROBIC, SessionKind.SHARPENING) for s in w.sessions)


def test_three_weeks_to_a_hundred_miler_from_twenty_km_is_refused():
    race = Race.from_preset("Western States 100", date(2027, 6, 26))
    with pytest.raises(PlanRequestError) as info:
        build_plan(Athlete(20_000.0, 8_000.0), race, date(2027, 6, 5))
    text = str(info.value)
    assert "cannot be built safely" in text
    assert "What would work" in text
    assert "first build your running to about" in text  # no length of plan fits from 20 km
    assert "a 5K race on 2027-06-26" in text


def test_refusal_names_the_earliest_date_that_works():
    race = Race.from_preset("marathon", date(2027, 3, 1))
    with pytest.raises(PlanRequestError, match=r"a plan of \d+ weeks \(a race on or after 2027-"):
        build_plan(Athlete(30_000.0, 10_000.0), race, date(2027, 1, 1))


def test_other_refusals():
    race = Race.from_preset("marathon", date(2027, 6, 26))
    with pytest.raises(PlanRequestError, match="base of at least 20 km"):
        build_plan(Athlete(15_000.0, 8_000.0), race, START)
    with pytest.raises(PlanRequestError, match="more than the 104 weeks"):
        build_plan(Athlete(50_000.0, 15_000.0), race, date(2024, 1, 1))
    three = frozenset({Weekday.SAT, Weekday.SUN, Weekday.WED})
    with pytest.raises(PlanRequestError, match="add days or doubles"):
        build_plan(Athlete(130_000.0, 45_000.0, days_available=three), race, START)
    with pytest.raises(InputError, match="must be after the plan start"):
        build_plan(Athlete(50_000.0, 15_000.0), race, date(2027, 7, 1))


def test_hard_days_never_back_to_back(walmsley):
    days = list(walmsley.days)
    assert not any(a.hard and b.hard for a, b in itertools.pairwise(days))


def test_checker_catches_broken_plans(walmsley):
    # A spike: double the first long run; two hard days in a row; a rest-day session.
    weeks = list(walmsley.weeks)
    w = weeks[3]
    days = list(w.days)
    i = next(i for i, d in enumerate(days) if any(s.kind is SessionKind.LONG for s in d.sessions))
    long_run = next(s for s in days[i].sessions if s.kind is SessionKind.LONG)
    days[i] = Day(days[i].day, (replace(long_run, distance_m=long_run.distance_m * 2),))
    hard = next(s for s in walmsley.sessions if s.hard)
    days[i + 1] = Day(days[i + 1].day, (replace(hard, day=days[i + 1].day),))
    days[i + 2] = Day(days[i + 2].day, (replace(hard, day=days[i + 2].day),))
    weeks[3] = replace(w, days=tuple(days))
    broken = replace(walmsley, weeks=tuple(weeks))
    rules = {v.rule for v in check_plan(broken)}
    assert {"spike", "hard_days", "long_share"} <= rules
