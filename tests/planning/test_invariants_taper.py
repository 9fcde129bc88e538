"""The taper rules of check_plan: volume band, key sessions, running days and the one
exception (a taper week too small to split into as many runs as the weeks before)."""

from dataclasses import replace
from datetime import date, timedelta

from lydiard.planning import Athlete, PlanOptions, Race, Terrain, Weekday, make_plan
from lydiard.planning.invariants import check_plan
from lydiard.planning.plan import Day
from lydiard.planning.progression import WeekKind

RACE = Race("5 km", 5000.0, date(2027, 6, 26), 0.0, Terrain.ROAD)


def _run_days(week):
    return sum(1 for d in week.days if d.run_m > 0)


def test_a_small_taper_keeps_the_days_its_volume_holds():
    # 22 km a week on every day, a 58 % cut: the race week holds 9.3 km. With the race,
    # the lightest key session (4.2 km) and runs of 3 km or more it holds at most
    # 1 + 1 + floor((9.3 - 4.2) / 3) = 3 running days, not 4 (80 % of 5 before).
    athlete = Athlete(22_000.0, 22_000.0 / 7 * 1.2)
    plan = make_plan(
        athlete, RACE, RACE.day - timedelta(days=27), PlanOptions(taper_reduction=0.58)
    )
    race_week = plan.weeks[-1]
    assert race_week.kind is WeekKind.RACE
    assert race_week.training_run_m < 4200.0 + 2 * 3000.0
    assert [_run_days(w) for w in plan.weeks[-4:-1]] == [5, 5, 5]
    assert _run_days(race_week) == 3
    assert check_plan(plan) == []


def test_a_taper_week_with_room_must_keep_its_days():
    # 20 km a week on Mon-Fri: the race week (11 km) holds 4 running days and keeps them;
    # folding one easy run into another (same volume, one day fewer) breaks the rule
    # (and the spike guard, the folded run being longer).
    athlete = Athlete(
        20_000.0,
        4375.0,
        days_available=frozenset(Weekday) - {Weekday.SAT, Weekday.SUN},
        long_run_day=Weekday.MON,
    )
    opts = PlanOptions(build_weeks=2, max_weekly_increase=0.125, taper_reduction=0.5625)
    plan = make_plan(athlete, RACE, RACE.day - timedelta(days=27), opts)
    assert check_plan(plan) == []
    week = plan.weeks[-1]
    assert _run_days(week) == 4
    easy = [i for i, d in enumerate(week.days) if d.run_m > 0 and not d.hard]
    first, second = easy[0], easy[1]
    a, b = week.days[first].sessions[0], week.days[second].sessions[0]
    days = list(week.days)
    days[first] = Day(days[first].day, (replace(a, distance_m=a.distance_m + b.distance_m),))
    days[second] = Day(days[second].day, ())
    folded = replace(plan, weeks=(*plan.weeks[:-1], replace(week, days=tuple(days))))
    taper = [str(v) for v in check_plan(folded) if v.rule == "taper"]
    assert taper == ["taper (week 4): 3 running days after 5.0"]
