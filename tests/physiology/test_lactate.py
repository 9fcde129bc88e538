import math

import numpy as np
import pytest

from lydiard.errors import InputError, NotEnoughDataError
from lydiard.physiology.lactate import IntensityKind, analyse_step_test, step_test

# An exact cubic, so every threshold has a closed form (hand calculations below):
# lactate = 1 + 5e-7 (P - 100)^3 at 100..300 W -> 1.000 1.032 1.256 1.864 3.048 5.000
POWER = np.array([100.0, 140, 180, 220, 260, 300])
LACTATE = 1 + 5e-7 * (POWER - 100) ** 3
HR = 100 + 0.3 * POWER  # linear, so interpolation is exact


def analysis(**options):
    return analyse_step_test(step_test(POWER, LACTATE, HR, kind="power"), **options)


def test_thresholds_on_an_exact_cubic():
    a = analysis()
    cube = lambda level: 100 + ((level - 1) / 5e-7) ** (1 / 3)  # noqa: E731
    # OBLA: the curve reaches 2.0 and 4.0
    assert a.threshold("obla2.0").intensity == pytest.approx(cube(2.0), rel=1e-9)
    assert a.threshold("obla4.0").intensity == pytest.approx(cube(4.0), rel=1e-9)
    # baseline: the steps before the first rise of 0.4 (180 -> 220 W): mean of 3 values
    base = (1.0 + 1.032 + 1.256) / 3
    assert a.baseline_mmol == pytest.approx(base)
    assert a.threshold("baseline+0.5").intensity == pytest.approx(cube(base + 0.5), rel=1e-9)
    # Dmax: slope of the chord 4/200 = 1.5e-6 (P - 100)^2 -> P = 100 + sqrt(0.02/1.5e-6)
    assert a.threshold("dmax").intensity == pytest.approx(100 + math.sqrt(0.02 / 1.5e-6))
    # modified Dmax: chord from the 180 W step (1.256) to 300 W (5.0)
    slope = (5.0 - 1.256) / 120
    assert a.threshold("moddmax").intensity == pytest.approx(100 + math.sqrt(slope / 1.5e-6))
    # heart rate is interpolated between steps
    obla = a.threshold("obla4.0")
    assert obla.heart_rate_bpm == pytest.approx(100 + 0.3 * obla.intensity)
    assert obla.lactate_mmol == pytest.approx(4.0)
    assert (a.lt1.key, a.lt2.key) == ("baseline+0.5", "moddmax")
    assert a.coefficients[0] == pytest.approx(1 - 5e-7 * 100**3)


def test_loglog_finds_the_break_of_a_power_law():
    # Beaver 1985: flat, then lactate proportional to P^4 beyond 200 W
    power = np.arange(120.0, 341, 20)
    lactate = np.where(power <= 200, 1.0, (power / 200) ** 4)
    a = analyse_step_test(step_test(power, lactate, kind="power"))
    assert a.threshold("loglog").intensity == pytest.approx(200, rel=0.01)
    assert math.isnan(a.lt1.heart_rate_bpm)  # no HR in this test


def test_zones_follow_lt1_and_lt2():
    a = analysis(lt1=("obla2.0",), lt2=("obla4.0",))
    z1, z2, z3 = a.zones
    assert z1.high == z2.low == a.lt1.intensity
    assert z2.high == z3.low == a.lt2.intensity
    assert z3.high == math.inf
    assert z2.hr_high_bpm == pytest.approx(a.lt2.heart_rate_bpm)


def test_methods_that_find_nothing_say_why_and_lt2_falls_back():
    # a test that stops at 3.6 mmol/L: no OBLA 4.0
    lactate = LACTATE * 0.72
    a = analyse_step_test(step_test(POWER, lactate, HR, kind="power"), lt2=("obla4.0", "moddmax"))
    obla = a.threshold("obla4.0")
    assert not obla.found
    assert "does not reach 4.0" in obla.note
    assert a.lt2.key == "moddmax"


def test_choosing_methods_checks_keys_and_order():
    with pytest.raises(InputError, match="unknown lactate threshold 'lt9'"):
        analysis(lt2=("lt9",))
    with pytest.raises(NotEnoughDataError, match="not below LT2"):
        analysis(lt1=("obla4.0",), lt2=("obla2.0",))
    with pytest.raises(InputError, match="unknown lactate threshold"):
        analysis().threshold("nope")


def test_resting_sample_is_kept_apart():
    t = step_test([0, *POWER], [0.9, *LACTATE], kind="power")
    assert t.rest_lactate_mmol == 0.9
    assert t.intensity.size == 6
    assert t.kind is IntensityKind.POWER


@pytest.mark.parametrize(
    ("intensity", "lactate", "error", "message"),
    [
        (POWER[:4], LACTATE[:4], NotEnoughDataError, "4 exercise steps"),
        ([100, 140, 130, 220, 260, 300], LACTATE, InputError, r"step 3 \(130 W\) follows 140"),
        (POWER, [1.0, 1.1, 1.0, 1.2, 1.3, 1.5], NotEnoughDataError, "never rises"),
        (POWER, [1.0, 1.1, math.nan, 2, 3, 5], InputError, "step 3 lactate"),
        (POWER, [1.0, 1.1, 0, 2, 3, 5], InputError, "not a blood lactate"),
        ([100, 140, -1, 220, 260, 300], LACTATE, InputError, "step 3 has no valid intensity"),
        (POWER, LACTATE[:5], InputError, "one value per step"),
    ],
)
def test_bad_tests(intensity, lactate, error, message):
    with pytest.raises(error, match=message):
        step_test(intensity, lactate, kind="power", source="test.csv")
