"""What was done: plain per-session records, so adaptation and compliance stay pure.

The edge (CLI, store, importers) turns activities into :class:`DoneRecord` values: a date,
a sport, and the distance, duration, load and climb it knows (NaN where it does not).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from lydiard.errors import InputError
from lydiard.model.sport import Sport

__all__ = ["DoneRecord", "runs_by_day"]


@dataclass(frozen=True, slots=True)
class DoneRecord:
    """One session that was done.

    Attributes:
        day: the athlete's local date.
        sport: the sport.
        distance_m: distance, metres (NaN when unknown).
        duration_s: moving time, seconds (NaN when unknown).
        load: training load in the project's load units (NaN when unknown).
        climb_m: ascent, metres (NaN when unknown).
    """

    day: date
    sport: Sport
    distance_m: float = math.nan
    duration_s: float = math.nan
    load: float = math.nan
    climb_m: float = math.nan

    def __post_init__(self) -> None:
        object.__setattr__(self, "sport", Sport(self.sport))
        for name in ("distance_m", "duration_s", "load", "climb_m"):
            value = getattr(self, name)
            if not (math.isnan(value) or (math.isfinite(value) and value >= 0)):
                raise InputError(
                    f"done record {self.day.isoformat()} {name} must be zero or more, got {value!r}"
                )

    @property
    def run_m(self) -> float:
        """Running distance, metres (0 for other sports or an unknown distance)."""
        return self.distance_m if self.sport.is_run and math.isfinite(self.distance_m) else 0.0


def runs_by_day(done: Iterable[DoneRecord]) -> dict[date, float]:
    """Running distance per date, metres."""
    out: dict[date, float] = {}
    for r in done:
        if r.sport.is_run:
            out[r.day] = out.get(r.day, 0.0) + r.run_m
    return out
