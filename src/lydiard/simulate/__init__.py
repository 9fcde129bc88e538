"""A physiological athlete model that turns planned sessions into realistic activities.

``simulate_session(session, athlete, start, seed=...)`` gives an
:class:`~lydiard.model.Activity` at 1 Hz (and the truth behind it); ``simulate_days``
walks a schedule day by day with the body's fitness, fatigue and morning HRV;
``WALMSLEY_BLOCK`` is a scripted 16-week block and ``archive_activities`` a ten-year
archive. Pure and seeded: the same seed gives the same activity. See docs/simulate.md.
"""

from lydiard.simulate.archive import archive_activities, archive_years
from lydiard.simulate.athlete import SimAthlete
from lydiard.simulate.block import (
    KEY_SESSIONS,
    NEXT_WEEK,
    WALMSLEY_BLOCK,
    BlockWeek,
    Outing,
    SimulatedDay,
    scripted_block,
    simulate_days,
    week_outings,
)
from lydiard.simulate.session import SegmentTruth, SimulatedSession, simulate_session
from lydiard.simulate.terrain import Route, RouteKind
from lydiard.simulate.wellness import Body, Morning

__all__ = [
    "KEY_SESSIONS",
    "NEXT_WEEK",
    "WALMSLEY_BLOCK",
    "BlockWeek",
    "Body",
    "Morning",
    "Outing",
    "Route",
    "RouteKind",
    "SegmentTruth",
    "SimAthlete",
    "SimulatedDay",
    "SimulatedSession",
    "archive_activities",
    "archive_years",
    "scripted_block",
    "simulate_days",
    "simulate_session",
    "week_outings",
]
