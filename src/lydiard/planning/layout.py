"""One week's days while it is being filled: the spec, the slots, the hard-day rule.

:class:`WeekSpec` is what the planner asks of a week; :class:`Layout` holds its days as
they fill, and places sessions so hard days are never back to back (the day before the
week, ``prev_day_hard``, counts too). Offsets count from the long run's weekday round the
week, so a Sunday long run puts +2 on Tuesday whichever day the week starts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from lydiard.planning.athlete import Athlete
from lydiard.planning.periodise import Phase
from lydiard.planning.plan import PlannedSession
from lydiard.planning.progression import WeekKind
from lydiard.units import METRES_PER_KM, METRES_PER_MILE, DistanceUnit

__all__ = ["MIN_RUN_M", "Layout", "Slot", "WeekSpec", "taper_min_run"]

#: The shortest run worth scheduling outside the taper, metres.
MIN_RUN_M = 4 * METRES_PER_KM


def taper_min_run(units: DistanceUnit) -> float:
    """The shortest taper run (a shakeout), metres: 3 km, or 2 miles in miles.

    Whole numbers of every rounding step (0.1-1 km, 0.1-0.5 mi), so a run of this length
    is written exactly; the taper's frequency rule counts runs of this length.
    """
    return 3 * METRES_PER_KM if units is DistanceUnit.KM else 2 * METRES_PER_MILE


@dataclass(frozen=True, slots=True)
class WeekSpec:
    """What the planner asks of one week.

    Attributes:
        dates: the week's days, in order.
        phase: its phase.
        kind: build, recovery, taper or race week.
        target_m: running-volume target for these days, metres.
        long_m: the long run wanted (already within the spike, share and race caps), metres.
        run_cap_m: the longest any run may be (spike guard), metres.
        week_in_phase: 0-based position in its phase (rotates key sessions).
        prev_day_hard: the day before the week held a hard session.
        climb_m: climbing to place, metres.
        taper_fraction: share of key-session reps kept (1 outside the taper).
        share_cap_m: the longest a single run may be as a share of the week, metres.
        doubles: whether days may hold two runs (past the threshold; in the taper, when
            the weeks before had doubles: Bosquet's taper keeps frequency).
        run_days: running days a taper week keeps, the race included (0 outside the
            taper): at least 80 % of the weeks before (Mujika & Padilla 2003).
    """

    dates: tuple[date, ...]
    phase: Phase
    kind: WeekKind
    target_m: float
    long_m: float
    run_cap_m: float
    week_in_phase: int
    prev_day_hard: bool = False
    climb_m: float = 0.0
    taper_fraction: float = 1.0
    share_cap_m: float = math.inf
    doubles: bool = False
    run_days: int = 0


@dataclass(slots=True)
class Slot:
    """One day being filled: its sessions and how the easy fill treats it."""

    day: date
    sessions: list[PlannedSession]
    easy_weight: float = 1.0
    easy_ok: bool = True
    single_cap_m: float | None = None  # one run only, at most this long (cross/hybrid days)
    role: str = ""  # "recovery-cross" or "hybrid"

    @property
    def hard(self) -> bool:
        """Whether the day holds a hard session."""
        return any(s.hard for s in self.sessions)


class Layout:
    """Days of one week with the hard-day rule enforced as sessions are placed."""

    def __init__(self, spec: WeekSpec, athlete: Athlete, race_on: date | None) -> None:
        self.spec = spec
        self.slots = {d: Slot(d, []) for d in spec.dates}
        self.available = [
            d for d in spec.dates if d.weekday() in athlete.days_available or d == race_on
        ]
        long_days = [d for d in self.available if d.weekday() == athlete.long_run_day]
        self.long_day = long_days[0] if long_days else None
        self.anchor = self.long_day or spec.dates[0]

    def hard_at(self, day: date) -> bool:
        """Whether ``day`` holds a hard session (the day before the week: ``prev_day_hard``)."""
        if day == self.spec.dates[0] - timedelta(days=1):
            return self.spec.prev_day_hard
        slot = self.slots.get(day)
        return slot is not None and slot.hard

    def can_be_hard(self, day: date) -> bool:
        """Whether a hard session on ``day`` keeps hard days apart."""
        one = timedelta(days=1)
        return not (self.hard_at(day - one) or self.hard_at(day + one))

    def free(self, day: date) -> bool:
        """Whether ``day`` is available and still empty."""
        return day in self.available and not self.slots[day].sessions

    def pick(self, offset: int, *, hard: bool) -> date | None:
        """The free day whose weekday is nearest that of ``anchor + offset``.

        Counted round the week: a Sunday long run puts +2 on Tuesday whichever day the
        week starts. Later days first on ties.
        """
        target = (self.anchor.weekday() + offset) % 7
        options = [d for d in self.available if self.free(d) and (not hard or self.can_be_hard(d))]
        if not options:
            return None

        def distance(d: date) -> tuple[int, int]:
            ahead = (d.weekday() - target) % 7
            return (min(ahead, 7 - ahead), -ahead)

        return min(options, key=distance)
