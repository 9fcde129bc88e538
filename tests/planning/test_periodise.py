from datetime import date

import pytest

from lydiard.errors import InputError
from lydiard.planning.periodise import Phase, phase_spans, phase_weeks, week_spans
from lydiard.planning.race import Race, Terrain

ROAD = Race("Road marathon", 42195.0, date(2027, 4, 25))
ULTRA = Race("UTMB", 174_000.0, date(2027, 8, 27), 10_000.0, Terrain.MOUNTAIN)


def test_long_plan_gives_lydiard_lengths_and_aerobic_takes_the_rest():
    weeks = phase_weeks(30, ROAD)
    # Counting back: freshen 2, co-ordination 4, anaerobic 4, hills 4; aerobic the rest.
    assert weeks == {
        Phase.AEROBIC: 16,
        Phase.HILLS: 4,
        Phase.ANAEROBIC: 4,
        Phase.COORDINATION: 4,
        Phase.FRESHEN: 2,
    }


def test_ultra_keeps_long_aerobic_emphasis_and_longer_hills_for_mountains():
    weeks = phase_weeks(30, ULTRA)
    assert weeks[Phase.HILLS] == 5
    assert weeks[Phase.ANAEROBIC] == 3
    assert weeks[Phase.COORDINATION] == 3
    assert weeks[Phase.AEROBIC] == 30 - 5 - 3 - 3 - 2


@pytest.mark.parametrize("n", range(1, 40))
def test_phases_always_sum_to_the_plan_and_taper_is_at_most_two(n):
    weeks = phase_weeks(n, ROAD)
    assert sum(weeks.values()) == n
    assert 1 <= weeks[Phase.FRESHEN] <= 2
    assert all(v >= 0 for v in weeks.values())


def test_short_plans_shrink_in_proportion():
    # Hand calculation: 13 weeks against 24 nominal (aerobic 10 + 4 + 4 + 4 + taper 2);
    # shares 5.42, 2.17, 2.17, 2.17, 1.08; floors 5+2+2+2+1 = 12; the largest remainder
    # (aerobic, .42) takes the 13th week.
    assert phase_weeks(13, ROAD) == {
        Phase.AEROBIC: 6,
        Phase.HILLS: 2,
        Phase.ANAEROBIC: 2,
        Phase.COORDINATION: 2,
        Phase.FRESHEN: 1,
    }


def test_three_weeks_keep_freshen_aerobic_and_coordination_for_a_road_race():
    weeks = phase_weeks(3, ROAD)
    assert weeks == {
        Phase.AEROBIC: 1,
        Phase.HILLS: 0,
        Phase.ANAEROBIC: 0,
        Phase.COORDINATION: 1,
        Phase.FRESHEN: 1,
    }
    # An ultra keeps hills before co-ordination.
    assert phase_weeks(3, ULTRA)[Phase.HILLS] == 1


def test_week_spans_end_on_race_day_and_the_first_may_be_partial():
    spans = week_spans(date(2027, 4, 1), date(2027, 4, 25))
    assert spans[-1] == (date(2027, 4, 19), date(2027, 4, 25))
    assert spans[0] == (date(2027, 4, 1), date(2027, 4, 4))  # 4 days
    assert all((b - a).days == 6 for a, b in spans[1:])


def test_race_before_start_is_refused():
    with pytest.raises(InputError, match="must be after the plan start"):
        week_spans(date(2027, 4, 25), date(2027, 4, 25))
    with pytest.raises(InputError, match="at least one week"):
        phase_weeks(0, ROAD)


def test_phase_spans_follow_lydiard_order():
    spans = week_spans(date(2027, 1, 1), date(2027, 4, 25))
    counts = phase_weeks(len(spans), ROAD)
    laid = phase_spans(spans, counts)
    assert [s.phase for s in laid] == [p for p in Phase if counts[p]]
    assert laid[-1].end == date(2027, 4, 25)
    assert sum(s.weeks for s in laid) == len(spans)
