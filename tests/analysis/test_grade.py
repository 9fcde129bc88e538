import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lydiard.analysis.grade import (
    RUNALYZE_EXPONENT,
    energy_cost,
    gap_factor,
    grade_adjusted_speed,
)


def test_energy_cost_matches_minetti_polynomial_by_hand():
    # Minetti et al. 2002: Cr(0) = 3.6 J/kg/m.
    assert float(energy_cost(0.0)) == pytest.approx(3.6)
    # By hand at i = 0.1: 155.4e-5 - 30.4e-4 - 43.3e-3 + 46.3e-2 + 1.95 + 3.6 = 5.968214
    assert float(energy_cost(0.1)) == pytest.approx(5.968214, abs=1e-9)
    # At i = -0.2: -0.049728 - 0.04864 + 0.3464 + 1.852 - 3.9 + 3.6 = 1.800032
    assert float(energy_cost(-0.2)) == pytest.approx(1.800032, abs=1e-9)


def test_gap_factor_and_exponent():
    assert float(gap_factor(0.1)) == pytest.approx(5.968214 / 3.6, abs=1e-9)
    damped = float(gap_factor(0.1, RUNALYZE_EXPONENT))
    assert damped == pytest.approx((5.968214 / 3.6) ** 0.83, abs=1e-9)
    # Gentle descents cost less than the flat (factor < 1), uphill more.
    assert float(gap_factor(-0.1)) < 1 < float(gap_factor(0.05))


def test_grades_beyond_the_measured_range_are_clamped():
    assert float(energy_cost(0.8)) == float(energy_cost(0.45))
    assert float(energy_cost(-0.9)) == float(energy_cost(-0.45))


def test_nan_grade_stays_nan_and_bad_exponent_raises():
    assert math.isnan(float(gap_factor(np.nan)))
    with pytest.raises(ValueError, match="exponent"):
        gap_factor(0.1, 0.0)


@given(
    speed=st.floats(0.1, 12.0),
    exponent=st.floats(0.5, 1.5),
)
def test_gap_equals_pace_on_the_flat(speed, exponent):
    assert float(grade_adjusted_speed(speed, 0.0, exponent)) == pytest.approx(speed, rel=1e-12)
