import math
from datetime import date

import pytest

from lydiard.errors import InputError
from lydiard.planning.athlete import Athlete
from lydiard.planning.options import PlanOptions
from lydiard.planning.periodise import Phase
from lydiard.planning.progression import Ramp, WeekKind, peak_volume, volume_ceiling
from lydiard.planning.race import Race
from lydiard.planning.taper import BOSQUET_BAND, pre_taper_volume, taper_fractions

MARATHON = Race("M", 42195.0, date(2027, 4, 25))
HUNDRED = Race("100", 161_000.0, date(2027, 6, 26))


def test_three_up_one_down_with_increase_cap():
    ramp = Ramp(PlanOptions(), peak_m=200_000.0, ultra=False, last_build_m=100_000.0)
    got = []
    for _ in range(8):
        kind, target = ramp.next_week(Phase.AEROBIC, next_is_taper=False)
        ramp.record(kind, target)
        got.append((kind, round(target)))
    # Hand calculation: 110, 121, 133.1, recovery 0.75 x 133.1 = 99.825, 146.41, ...
    assert got[:5] == [
        (WeekKind.BUILD, 110_000),
        (WeekKind.BUILD, 121_000),
        (WeekKind.BUILD, 133_100),
        (WeekKind.RECOVERY, 99_825),
        (WeekKind.BUILD, 146_410),
    ]


def test_no_recovery_week_just_before_the_taper():
    ramp = Ramp(PlanOptions(), 200_000.0, False, 100_000.0, builds_since_recovery=3)
    assert ramp.next_week(Phase.AEROBIC, next_is_taper=True)[0] is WeekKind.BUILD
    assert ramp.next_week(Phase.AEROBIC, next_is_taper=False)[0] is WeekKind.RECOVERY


def test_phase_share_of_peak():
    ramp = Ramp(PlanOptions(), 100_000.0, False, 100_000.0)
    # Road co-ordination runs at 85 % of the peak (PHASE_VOLUME).
    assert ramp.next_week(Phase.COORDINATION, next_is_taper=False)[1] == pytest.approx(85_000.0)


def test_peak_is_scaled_to_the_athlete():
    forty = Athlete(40_000.0, 14_000.0)
    assert peak_volume(forty, HUNDRED, PlanOptions()) == pytest.approx(80_000.0)  # 2 x 40
    walms = Athlete(241_000.0, 48_000.0, max_weekly_distance_m=281_635.0)
    assert peak_volume(walms, HUNDRED, PlanOptions()) == pytest.approx(281_635.0)
    capped = Athlete(150_000.0, 35_000.0)
    assert peak_volume(capped, MARATHON, PlanOptions()) == volume_ceiling(MARATHON) == 220_000.0
    assert peak_volume(forty, HUNDRED, PlanOptions(peak_m=60_000.0)) == 60_000.0


def test_taper_fractions_match_bosquet():
    for weeks in (1, 2, 3):
        for reduction in (0.41, 0.5, 0.6):
            fr = taper_fractions(weeks, reduction)
            assert len(fr) == weeks
            assert sum(fr) / weeks == pytest.approx(1 - reduction, abs=1e-6)
            assert list(fr) == sorted(fr, reverse=True)  # progressive
    # Two weeks at 50 %: exp decay with the mean 0.5 gives about 0.68 then 0.32.
    a, b = taper_fractions(2, 0.5)
    assert a == pytest.approx(0.68, abs=0.02)
    assert b == pytest.approx(0.32, abs=0.02)
    assert BOSQUET_BAND == (0.41, 0.60)


def test_taper_input_errors():
    with pytest.raises(InputError, match="1-3 weeks"):
        taper_fractions(4)
    with pytest.raises(InputError, match="reduction"):
        taper_fractions(2, 0.95)
    with pytest.raises(InputError, match="build week"):
        pre_taper_volume([])
    assert pre_taper_volume([10.0, 20.0, 30.0, 40.0]) == 30.0


def test_options_are_validated():
    with pytest.raises(InputError, match="recovery_fraction"):
        PlanOptions(recovery_fraction=0.3)
    with pytest.raises(InputError, match="taper_weeks"):
        PlanOptions(taper_weeks=5)
    with pytest.raises(InputError, match="peak_m"):
        PlanOptions(peak_m=math.nan)


def test_long_run_share_cap_rises_at_low_volume():
    o = PlanOptions()
    assert o.long_run_share_cap(280_000.0) == pytest.approx(0.30)
    assert o.long_run_share_cap(60_000.0) == pytest.approx(0.45)
    assert o.long_run_share_cap(20_000.0) == pytest.approx(0.50)
