"""The plan model: Plan, Week, Day, PlannedSession.

A plan is plain frozen values; :mod:`lydiard.planning.serial` turns it into a JSON
document (schema ``lydiard.plan/1``) that a store can keep in one JSON column, and back.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from lydiard.model.sport import Sport
from lydiard.planning.athlete import Athlete
from lydiard.planning.options import PlanOptions
from lydiard.planning.periodise import Phase
from lydiard.planning.progression import WeekKind
from lydiard.planning.race import Race

__all__ = [
    "Day",
    "Plan",
    "PlannedSession",
    "SessionKind",
    "Week",
    "When",
]


class SessionKind(StrEnum):
    """What a planned session is for."""

    EASY = "easy"
    RECOVERY = "recovery"
    LONG = "long"
    MEDIUM_LONG = "medium_long"
    BACK_TO_BACK = "back_to_back"
    FAST_LONG = "fast_long"
    STEADY = "steady"
    HILLS = "hills"
    ANAEROBIC = "anaerobic"
    SHARPENING = "sharpening"
    RACE_PACE = "race_pace"
    CROSS = "cross"
    CROSS_TEMPO = "cross_tempo"
    RACE = "race"

    @property
    def label(self) -> str:
        """Human name: "Fast long run"."""
        return _KIND_LABELS[self]


_KIND_LABELS = {
    SessionKind.EASY: "Easy run",
    SessionKind.RECOVERY: "Recovery run",
    SessionKind.LONG: "Long run",
    SessionKind.MEDIUM_LONG: "Medium-long run",
    SessionKind.BACK_TO_BACK: "Back-to-back long run",
    SessionKind.FAST_LONG: "Fast long run",
    SessionKind.STEADY: "Steady run",
    SessionKind.HILLS: "Hills",
    SessionKind.ANAEROBIC: "Anaerobic repeats",
    SessionKind.SHARPENING: "Sharpening",
    SessionKind.RACE_PACE: "Race-pace run",
    SessionKind.CROSS: "Cross-training",
    SessionKind.CROSS_TEMPO: "Tempo cross-training",
    SessionKind.RACE: "Race",
}


class When(StrEnum):
    """Time of day of a session: a day with two has an AM and a PM one."""

    ANY = ""
    AM = "AM"
    PM = "PM"


@dataclass(frozen=True, slots=True)
class PlannedSession:
    """One planned outing.

    Attributes:
        day: its date.
        kind: what it is for.
        sport: the sport.
        title: a short name ("20 x 1 km at T pace").
        text: the session in the workout language.
        distance_m: its distance in its own sport, metres (runs: running volume; NaN for
            a time-based cross-training session).
        duration_s: estimated duration, seconds (NaN until estimated).
        load: estimated training load, the project's pace-load units (NaN until estimated).
        climb_m: planned climbing, metres.
        when: AM, PM, or any time.
        hard: a hard day's session: no two days in a row hold one.
        key: a key session adaptation tries to keep.
        reason: why it is here (or why adaptation changed it).
    """

    day: date
    kind: SessionKind
    sport: Sport
    title: str
    text: str
    distance_m: float
    duration_s: float = math.nan
    load: float = math.nan
    climb_m: float = 0.0
    when: When = When.ANY
    hard: bool = False
    key: bool = False
    reason: str = ""

    @property
    def is_run(self) -> bool:
        """Counts as running volume (races included)."""
        return self.sport.is_run

    @property
    def run_m(self) -> float:
        """Running distance in metres (0 for other sports)."""
        return self.distance_m if self.sport.is_run and math.isfinite(self.distance_m) else 0.0


@dataclass(frozen=True, slots=True)
class Day:
    """A calendar day of the plan and its sessions (none: a rest day)."""

    day: date
    sessions: tuple[PlannedSession, ...] = ()

    @property
    def run_m(self) -> float:
        """Running distance of the day, metres."""
        return sum(s.run_m for s in self.sessions)

    @property
    def hard(self) -> bool:
        """Whether any session of the day is hard."""
        return any(s.hard for s in self.sessions)

    @property
    def is_rest(self) -> bool:
        """No session planned."""
        return not self.sessions


@dataclass(frozen=True, slots=True)
class Week:
    """One week of the plan.

    Attributes:
        index: 0-based position in the plan.
        phase: the Lydiard phase.
        kind: build, recovery, taper or race week.
        target_m: the running-volume target for its days, metres.
        days: its days, in order (seven, or fewer for a first partial week).
        notes: what shaped the week (caps that bound, guards that trimmed).
    """

    index: int
    phase: Phase
    kind: WeekKind
    target_m: float
    days: tuple[Day, ...]
    notes: tuple[str, ...] = ()

    @property
    def start(self) -> date:
        """First day."""
        return self.days[0].day

    @property
    def end(self) -> date:
        """Last day."""
        return self.days[-1].day

    @property
    def sessions(self) -> Iterator[PlannedSession]:
        """Every session of the week in order."""
        for d in self.days:
            yield from d.sessions

    @property
    def run_m(self) -> float:
        """Running volume, metres (race included)."""
        return sum(d.run_m for d in self.days)

    @property
    def training_run_m(self) -> float:
        """Running volume without the race, metres."""
        return sum(s.run_m for s in self.sessions if s.kind is not SessionKind.RACE)

    @property
    def climb_m(self) -> float:
        """Planned climbing, metres."""
        return sum(s.climb_m for s in self.sessions if s.kind is not SessionKind.RACE)

    @property
    def load(self) -> float:
        """Planned load (NaN when any session is not estimated)."""
        return sum(s.load for s in self.sessions)

    @property
    def longest_run_m(self) -> float:
        """The longest training run, metres (race excluded; 0 when none)."""
        runs = [s.run_m for s in self.sessions if s.is_run and s.kind is not SessionKind.RACE]
        return max(runs, default=0.0)

    def by_sport(self) -> dict[Sport, tuple[float, float]]:
        """(distance_m, duration_s) per sport; NaN parts are left out of the sums."""
        out: dict[Sport, tuple[float, float]] = {}
        for s in self.sessions:
            dist, dur = out.get(s.sport, (0.0, 0.0))
            d = s.distance_m if math.isfinite(s.distance_m) else 0.0
            t = s.duration_s if math.isfinite(s.duration_s) else 0.0
            out[s.sport] = (dist + d, dur + t)
        return out


@dataclass(frozen=True, slots=True)
class Plan:
    """A periodised plan toward one race.

    Attributes:
        athlete: who it is for.
        race: the goal race.
        start: its first day.
        options: the options it was built with.
        weeks: its weeks, in order; the last ends on race day.
        paces: pace name -> speed in m/s used for estimates and exports (empty if none).
        vdot: the VDOT the paces come from (NaN when none).
        peak_m: the peak weekly running volume aimed for, metres.
        notes: plan-wide notes (assumptions, what limited the peak).
    """

    athlete: Athlete
    race: Race
    start: date
    options: PlanOptions
    weeks: tuple[Week, ...]
    paces: Mapping[str, float] = field(default_factory=dict)
    vdot: float = math.nan
    peak_m: float = math.nan
    notes: tuple[str, ...] = ()

    @property
    def days(self) -> Iterator[Day]:
        """Every day of the plan in order."""
        for w in self.weeks:
            yield from w.days

    @property
    def sessions(self) -> Iterator[PlannedSession]:
        """Every session of the plan in order."""
        for w in self.weeks:
            yield from w.sessions

    def week_of(self, day: date) -> Week | None:
        """The week holding ``day``, or None outside the plan."""
        for w in self.weeks:
            if w.start <= day <= w.end:
                return w
        return None

    def phases(self) -> list[tuple[Phase, date, date, int]]:
        """(phase, first day, last day, weeks) for each phase present, in order."""
        out: list[tuple[Phase, date, date, int]] = []
        for w in self.weeks:
            if out and out[-1][0] is w.phase:
                phase, first, _, n = out[-1]
                out[-1] = (phase, first, w.end, n + 1)
            else:
                out.append((w.phase, w.start, w.end, 1))
        return out
