import math

import pytest

from lydiard.errors import InputError, NotEnoughDataError
from lydiard.physiology.paces import (
    PACE_NAMES,
    training_paces,
    vdot_from_threshold_speed,
)
from lydiard.physiology.races import (
    MARATHON_M,
    RaceModel,
    equivalent_time,
    equivalents,
    fit_riegel,
    predict_time,
    riegel_time,
    ultra_exponent,
    ultra_time,
    vdot,
)
from lydiard.physiology.speed_profile import AthleteMark, compare_speed_profiles
from lydiard.workouts import PACE_NAMES as WORKOUT_PACE_NAMES


def test_vdot_matches_science_example():
    assert vdot(10000, 2400) == pytest.approx(51.944, abs=5e-4)


@pytest.mark.parametrize("distance", [1500, 5000, 21097.5, MARATHON_M, 50000, 100000])
def test_equivalent_time_inverts_vdot(distance):
    t = equivalent_time(60.0, distance)
    assert vdot(distance, t) == pytest.approx(60.0, rel=1e-9)


def test_daniels_table_paces_at_vdot_50():
    # Daniels' Running Formula table, VDOT 50: T 4:15/km, I 3:55/km; R = I - 15 s/km.
    p = training_paces(50)
    assert 1000 / p.threshold_mps == pytest.approx(255, abs=1.5)
    assert 1000 / p.interval_mps == pytest.approx(235, abs=1.5)
    assert 1000 / p.repetition_mps == pytest.approx(1000 / p.interval_mps - 15)
    below = training_paces(45)
    assert 1000 / below.repetition_mps == pytest.approx(1000 / below.interval_mps - 20)
    assert p.easy_slow_mps < p.easy_fast_mps < p.marathon_mps < p.threshold_mps


def test_pace_mapping_has_exactly_the_workout_language_names():
    p = training_paces(70)
    mapping = p.as_mapping()
    assert list(mapping) == list(PACE_NAMES)
    assert list(mapping) == list(WORKOUT_PACE_NAMES)  # what the workout language names
    assert {"800", "8K", "10 mile", "30K", "50 mile", "100 mile"} <= set(mapping)
    assert mapping["E"] == pytest.approx((p.easy_slow_mps + p.easy_fast_mps) / 2)
    assert mapping["M"] == pytest.approx(mapping["marathon"])
    assert mapping["10K"] == pytest.approx(10000 / equivalent_time(70, 10000))
    # races in order of distance: each slower than the one before
    speeds = [mapping[k] for k in PACE_NAMES[5:]]
    assert speeds == sorted(speeds, reverse=True)
    # Riegel (T2 = T1 (D2/D1)^1.06) from the 1500 lands within 2 % of the extrapolated 800
    riegel_800_s = 1500 / mapping["1500"] * (800 / 1500) ** 1.06
    assert 800 / mapping["800"] == pytest.approx(riegel_800_s, rel=0.02)


def test_vdot_from_threshold_speed_inverts_t_pace():
    for value in (40.0, 55.5, 74.0):
        t = training_paces(value).threshold_mps
        assert vdot_from_threshold_speed(t) == pytest.approx(value, rel=1e-9)
    assert vdot_from_threshold_speed(1000 / 185) == pytest.approx(74.38, abs=0.01)
    with pytest.raises(InputError, match="between 10 and 100"):
        vdot_from_threshold_speed(0.5)


def test_riegel_by_hand():
    # Riegel 1981: 40:00 for 10 km -> 2400 x 2.10975^1.06 for the half marathon
    assert riegel_time(10000, 2400, 21097.5) == pytest.approx(2400 * 2.10975**1.06)
    assert predict_time(10000, 2400, 21097.5, model=RaceModel.RIEGEL, riegel_exponent=1.1) == (
        pytest.approx(2400 * 2.10975**1.1)
    )


def test_fit_riegel():
    two = fit_riegel([(5000, 900), (10000, 900 * 2**1.08)])
    assert two.exponent == pytest.approx(1.08)
    assert two.rms_log_error == pytest.approx(0, abs=1e-12)
    assert two.time_s(20000) == pytest.approx(900 * 4**1.08)
    three = fit_riegel([(5000, 900), (10000, 1880), (21097.5, 4100)])
    assert 1.05 < three.exponent < 1.12
    assert three.n == 3
    with pytest.raises(NotEnoughDataError, match="two or more"):
        fit_riegel([(5000, 900), (5000, 910)])


def test_ultra_ratio_model():
    assert ultra_exponent(2.9) == pytest.approx(math.log(2.9) / math.log(100 / 42.195))
    assert ultra_time(3 * 3600, 100000) == pytest.approx(2.9 * 3 * 3600)
    marathon = equivalent_time(65, MARATHON_M)
    assert equivalent_time(65, 100000) == pytest.approx(2.9 * marathon)
    assert equivalent_time(65, 100000, ratio_100k=2.8) == pytest.approx(2.8 * marathon)
    with pytest.raises(InputError, match="ratio_100k"):
        ultra_exponent(2.0)


def test_equivalents_table():
    rows = equivalents(51.944)
    ten = next(r for r in rows if r.name == "10K")
    assert ten.time_s == pytest.approx(2400, abs=0.05)
    assert ten.speed_mps == pytest.approx(10000 / ten.time_s)


@pytest.mark.parametrize(("d", "t"), [(0, 100), (-5, 100), (1000, 0), (math.nan, 100)])
def test_bad_performances(d, t):
    with pytest.raises(InputError):
        vdot(d, t)


def test_too_slow_for_the_model():
    with pytest.raises(InputError, match="too slow"):
        vdot(1000, 3600)


def test_seed_speed_profile_comparison():
    marks = [
        AthleteMark("Walmsley", 1500, 228),
        AthleteMark("Robinson", 1500, 218),
        AthleteMark("Bekele", 1500, 212),
    ]
    profile = compare_speed_profiles(marks)
    first = profile.rows[0]
    assert first.distance_name == "1500"
    # at the distance run, the gap is the time difference over 1.5 km
    assert first.gaps_s_per_km == pytest.approx((0, -10 / 1.5, -16 / 1.5))
    assert profile.vdots[0] < profile.vdots[1] < profile.vdots[2]
    marathon = next(r for r in profile.rows if r.distance_name == "marathon")
    assert all(g < 0 for g in marathon.gaps_s_per_km[1:])
