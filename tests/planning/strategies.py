"""Hypothesis strategies: random athletes, races and start dates for plan properties."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import assume
from hypothesis import strategies as st

from lydiard.model.sport import Sport
from lydiard.planning.athlete import Athlete, Weekday
from lydiard.planning.options import PlanOptions
from lydiard.planning.race import RACE_PRESETS, Race, Terrain
from lydiard.units import DistanceUnit

RACE_DAY = date(2027, 6, 26)


@st.composite
def athletes(draw: st.DrawFn, min_km: float = 20.0, max_km: float = 250.0) -> Athlete:
    """Athletes whose stated week fits their days (else a plan is refused at once)."""
    weekly_km = draw(st.floats(min_km, max_km))
    days = draw(st.sets(st.sampled_from(list(Weekday)), min_size=3, max_size=7))
    doubles = draw(st.integers(0, len(days)))
    # Room in the week: runs up to 22 km, doubles adding 70 % of one (feasibility.py).
    assume(weekly_km <= 22.0 * len(days) + 15.4 * doubles)
    long_day = draw(st.sampled_from(sorted(days)))
    cross = draw(
        st.sets(st.sampled_from([Sport.BIKE, Sport.NORDIC_SKI, Sport.SKI_ERG]), max_size=3)
    )
    # The longest run is at least an average run and at most half the week.
    long_share = draw(st.floats(1 / (len(days) + doubles), 0.5))
    max_km = draw(st.one_of(st.none(), st.floats(weekly_km, 300)))
    climb = draw(st.one_of(st.just(float("nan")), st.floats(0, 6000)))
    return Athlete(
        weekly_distance_m=weekly_km * 1000,
        long_run_m=weekly_km * long_share * 1000,
        days_available=frozenset(days),
        long_run_day=long_day,
        doubles_per_week=doubles,
        cross_training=frozenset(cross),
        max_weekly_distance_m=None if max_km is None else max_km * 1000,
        units=draw(st.sampled_from(list(DistanceUnit))),
        weekly_climb_m=climb,
    )


@st.composite
def races(draw: st.DrawFn) -> Race:
    day = RACE_DAY + timedelta(days=draw(st.integers(0, 6)))
    if draw(st.booleans()):
        preset = draw(st.sampled_from(sorted({p.name for p in RACE_PRESETS.values()})))
        return Race.from_preset(preset, day)
    km = draw(st.floats(5, 180))
    terrain = draw(st.sampled_from(list(Terrain)))
    climb = 0.0 if terrain is Terrain.ROAD else draw(st.floats(0, 60)) * km
    return Race(f"{km:.0f} km", km * 1000, day, climb, terrain)


@st.composite
def options(draw: st.DrawFn) -> PlanOptions:
    return PlanOptions(
        build_weeks=draw(st.integers(2, 4)),
        recovery_fraction=draw(st.floats(0.7, 0.8)),
        max_weekly_increase=draw(st.floats(0.05, 0.15)),
        taper_reduction=draw(st.floats(0.42, 0.58)),
    )
