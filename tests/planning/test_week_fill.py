"""Filling one week: easy runs kept only at a length they will be written at, rounding
losses given back, and the taper's volume and frequency held when its days are few."""

from datetime import date, timedelta

import pytest

from lydiard.physiology.paces import training_paces
from lydiard.planning.athlete import Athlete, Weekday
from lydiard.planning.keysessions import SHARPENING_SESSIONS, key_session, smallest_taper_key_m
from lydiard.planning.options import PlanOptions
from lydiard.planning.periodise import Phase
from lydiard.planning.plan import SessionKind
from lydiard.planning.progression import WeekKind
from lydiard.planning.race import Race, Terrain
from lydiard.planning.week import WeekSpec, fill_week
from lydiard.units import METRES_PER_MILE, DistanceUnit
from lydiard.workouts import parse

PACES = training_paces(50.0).as_mapping()


def _week(first: date) -> tuple[date, ...]:
    return tuple(first + timedelta(days=k) for k in range(7))


def test_taper_easy_runs_are_not_lost_to_rounding():
    # The first counterexample's first taper week: 33.1 km in miles, a 10 mile long run
    # and a 4.8 km key session leave 12.2 km for Sun, Thu, Fri and Sat: 3.05 km each,
    # which rounds down to 1.8 mi (2.9 km), under the taper's 3 km shortest run, so every
    # one was dropped. Days are now given up on their rounded length: three of 2.5 mi.
    athlete = Athlete(
        32_000.0,
        16_000.0,
        days_available=frozenset(Weekday) - {Weekday.WED},
        long_run_day=Weekday.MON,
        units=DistanceUnit.MI,
    )
    race = Race.from_preset("Road marathon", date(2027, 6, 26))
    spec = WeekSpec(
        _week(date(2027, 6, 13)),
        Phase.FRESHEN,
        WeekKind.TAPER,
        target_m=33_100.0,
        long_m=16_450.0,
        run_cap_m=27_400.0,
        week_in_phase=0,
        taper_fraction=0.5,
        share_cap_m=16_650.0,
    )
    days, _ = fill_week(spec, athlete, race, PlanOptions())
    running = sum(s.run_m for d in days for s in d.sessions)
    easy = [s for d in days for s in d.sessions if s.kind is SessionKind.EASY]
    assert len(easy) == 3
    assert [s.run_m for s in easy] == pytest.approx([2.5 * METRES_PER_MILE] * 3)
    # Rounded down, but by less than one step (0.1 mi) in all.
    assert spec.target_m - 0.1 * METRES_PER_MILE < running <= spec.target_m
    assert sum(1 for d in days if any(s.is_run for s in d.sessions)) == 5


def test_taper_key_session_carries_what_the_free_days_cannot():
    # The second counterexample's race week: runs Mon, Tue, Wed only, a 5 km race on
    # Monday, 36 km to place (half of 72). Tuesday's easy run stops at the 22 km
    # single-run cap; Wednesday's key session keeps its 6 x 200 m and takes the other
    # 36 - 22 - 5.2 = 8.8 km as a longer warm-up and cool-down: 14 km in all.
    athlete = Athlete(
        72_000.0,
        36_000.0,
        days_available=frozenset({Weekday.MON, Weekday.TUE, Weekday.WED}),
        doubles_per_week=1,
        long_run_day=Weekday.MON,
    )
    race = Race("5 km", 5000.0, date(2027, 6, 28), 0.0, Terrain.ROAD)
    spec = WeekSpec(
        _week(date(2027, 6, 22)),
        Phase.FRESHEN,
        WeekKind.RACE,
        target_m=36_000.0,
        long_m=21_600.0,
        run_cap_m=39_600.0,
        week_in_phase=0,
        taper_fraction=0.5,
    )
    days, _ = fill_week(spec, athlete, race, PlanOptions())
    by_day = {d.day.weekday(): list(d.sessions) for d in days}
    (easy,) = by_day[Weekday.TUE]
    (key,) = by_day[Weekday.WED]
    assert easy.run_m == pytest.approx(22_000.0)
    assert key.key
    assert key.title == "6 x 200 m at R"
    assert key.run_m == pytest.approx(14_000.0)
    assert parse(key.text).totals(PACES).distance_m == pytest.approx(14_000.0, abs=0.5)
    assert "longer warm-up" in key.reason


def test_key_session_is_not_lengthened_outside_the_taper_or_past_the_cap():
    # Same athlete in a build week: the key session keeps its own length; and in a taper
    # whose free days hold everything, nothing is carried.
    athlete = Athlete(
        72_000.0,
        36_000.0,
        days_available=frozenset({Weekday.MON, Weekday.TUE, Weekday.WED}),
        long_run_day=Weekday.MON,
    )
    race = Race("5 km", 5000.0, date(2027, 6, 28), 0.0, Terrain.ROAD)
    build = WeekSpec(
        _week(date(2027, 5, 4)),
        Phase.COORDINATION,
        WeekKind.BUILD,
        target_m=80_000.0,
        long_m=22_000.0,
        run_cap_m=39_600.0,
        week_in_phase=0,
    )
    days, _ = fill_week(build, athlete, race, PlanOptions())
    keys = [s for d in days for s in d.sessions if s.key]
    assert keys
    assert all("longer warm-up" not in s.reason for s in keys)
    assert all(s.run_m <= 22_000.0 for d in days for s in d.sessions if s.kind is SessionKind.EASY)


def test_smallest_taper_key_session_is_the_lightest_200s():
    # Hand check: 6 x 200 m with five 400 m jogs = 3200 m, plus half a unit of warm-up and
    # of cool-down: 4200 m in km, 3200 + 1609.344 m in miles; key_session at no room
    # makes exactly that.
    assert smallest_taper_key_m(DistanceUnit.KM) == pytest.approx(4200.0)
    assert smallest_taper_key_m(DistanceUnit.MI) == pytest.approx(3200.0 + METRES_PER_MILE)
    for units in DistanceUnit:
        s = key_session(
            SHARPENING_SESSIONS[0],
            date(2027, 6, 22),
            0.0,
            units,
            kind=SessionKind.SHARPENING,
            fraction=0.5,
            limit_m=0.0,
        )
        assert s.run_m == pytest.approx(smallest_taper_key_m(units))


def test_taper_key_session_shrinks_to_keep_the_running_days():
    # The third counterexample's race week: 20 km a week on Mon-Fri (5 running days a
    # week before the taper, so 4 to keep), a 5 km race on Saturday, 11.1 km to place.
    # The key session wanted 5.2 km, leaving 5.9 km: one easy run, 3 days with the race.
    # It now shrinks to the lightest (4.2 km) so two easy runs of 3 km or more fit.
    athlete = Athlete(
        20_000.0,
        4375.0,
        days_available=frozenset(Weekday) - {Weekday.SAT, Weekday.SUN},
        long_run_day=Weekday.MON,
    )
    race = Race("5 km", 5000.0, date(2027, 6, 26), 0.0, Terrain.ROAD)
    spec = WeekSpec(
        _week(date(2027, 6, 20)),
        Phase.FRESHEN,
        WeekKind.RACE,
        target_m=11_100.0,
        long_m=3400.0,
        run_cap_m=6270.0,
        week_in_phase=0,
        taper_fraction=0.5,
        run_days=4,
    )
    days, _ = fill_week(spec, athlete, race, PlanOptions())
    sessions = [s for d in days for s in d.sessions]
    assert sum(1 for d in days if d.run_m > 0) == 4
    (key,) = [s for s in sessions if s.kind is SessionKind.SHARPENING]
    assert key.run_m == pytest.approx(4200.0)
    easy = [s for s in sessions if s.kind in (SessionKind.EASY, SessionKind.RECOVERY)]
    assert len(easy) == 2
    assert all(s.run_m >= 3000.0 for s in easy)
    training = sum(s.run_m for s in sessions if s.kind is not SessionKind.RACE)
    assert spec.target_m - 100.0 < training <= spec.target_m
