"""Property tests: every plan built for a random athlete and race satisfies every rule."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from lydiard.errors import PlanRequestError
from lydiard.planning import RampGuard, make_plan
from lydiard.planning.estimate import easy_daily_load
from lydiard.planning.invariants import check_plan

from .strategies import athletes, options, races

_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(athlete=athletes(), race=races(), days_before=st.integers(7, 420), opts=options())
def test_every_plan_keeps_every_rule(athlete, race, days_before, opts):
    try:
        plan = make_plan(athlete, race, race.day - timedelta(days=days_before), opts)
    except PlanRequestError:
        plan = None
    assume(plan is not None)  # refusals are the next test's
    guard = RampGuard(easy_daily_load(athlete.weekly_distance_m, plan.paces))
    assert check_plan(plan, ramp=guard) == []


@_SETTINGS
@given(athlete=athletes(min_km=5.0), race=races(), days_before=st.integers(1, 200))
def test_every_refusal_says_what_would_work(athlete, race, days_before):
    try:
        make_plan(athlete, race, race.day - timedelta(days=days_before))
    except PlanRequestError as exc:
        text = str(exc)
        assert any(hint in text for hint in ("What would work", "base of at least", "add days"))
