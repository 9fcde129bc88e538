"""Property tests: every plan built for a random athlete and race satisfies every rule."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lydiard.errors import PlanRequestError
from lydiard.planning import RampGuard, make_plan
from lydiard.planning.estimate import easy_daily_load
from lydiard.planning.invariants import check_plan

from .strategies import athletes, options, races


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(athlete=athletes(), race=races(), days_before=st.integers(1, 420), opts=options())
def test_every_plan_keeps_every_rule(athlete, race, days_before, opts):
    from datetime import timedelta

    start = race.day - timedelta(days=days_before)
    try:
        plan = make_plan(athlete, race, start, opts)
    except PlanRequestError as exc:
        refusal = str(exc)
        plan = None
    if plan is None:
        # A refusal always says what would work instead.
        assert any(hint in refusal for hint in ("What would work", "base of at least", "add days"))
    else:
        guard = RampGuard(easy_daily_load(athlete.weekly_distance_m, plan.paces))
        assert check_plan(plan, ramp=guard) == []
