"""Lydiard phases counted back from the race.

Lydiard's order is aerobic conditioning, hill resistance, anaerobic (track), co-ordination
(sharpening) and freshen-up. Counting back from race day: freshen-up 1-2 weeks (Bosquet et
al. 2007: about two weeks), co-ordination ~4 weeks, anaerobic ~4, hills ~4; aerobic
conditioning takes all the remaining time ("as long as possible", 10+ weeks). When the race
is closer than the nominal lengths allow, every phase shrinks in proportion (aerobic's share
counted at its ideal 10 weeks); with fewer weeks than phases, phases are kept in priority
order (freshen-up, aerobic, co-ordination, then the others).

Ultras keep a long aerobic emphasis: a shorter, lighter anaerobic block (3 weeks), a race-
specific co-ordination block (3 weeks: back-to-back and fast long runs, short sharpening),
and longer hills (5 weeks for mountain races). Plans are cut into weeks that end on race
day's weekday, so the last week ends with the race; the first week may be shorter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from lydiard.errors import InputError
from lydiard.planning.race import Race

__all__ = ["Phase", "PhaseSpan", "phase_weeks", "week_spans"]


class Phase(StrEnum):
    """A Lydiard training phase, in the order they are run."""

    AEROBIC = "aerobic"
    HILLS = "hills"
    ANAEROBIC = "anaerobic"
    COORDINATION = "coordination"
    FRESHEN = "freshen"

    @property
    def label(self) -> str:
        """Human name: "Aerobic conditioning"."""
        return _LABELS[self]


_LABELS = {
    Phase.AEROBIC: "Aerobic conditioning",
    Phase.HILLS: "Hill resistance",
    Phase.ANAEROBIC: "Anaerobic",
    Phase.COORDINATION: "Co-ordination (sharpening)",
    Phase.FRESHEN: "Freshen-up (taper)",
}

_ORDER = (Phase.AEROBIC, Phase.HILLS, Phase.ANAEROBIC, Phase.COORDINATION, Phase.FRESHEN)
_AEROBIC_IDEAL_WEEKS = 10


@dataclass(frozen=True, slots=True)
class PhaseSpan:
    """A phase's place in the plan.

    Attributes:
        phase: which phase.
        first_week: index of its first week (0-based).
        weeks: how many weeks it lasts.
        start: its first day.
        end: its last day.
    """

    phase: Phase
    first_week: int
    weeks: int
    start: date
    end: date


def _nominal(race: Race, taper_weeks: int | None) -> dict[Phase, int]:
    taper = 2 if taper_weeks is None else taper_weeks
    if race.is_ultra:
        hills = 5 if race.is_mountain else 4
        return {
            Phase.HILLS: hills,
            Phase.ANAEROBIC: 3,
            Phase.COORDINATION: 3,
            Phase.FRESHEN: taper,
        }
    return {Phase.HILLS: 4, Phase.ANAEROBIC: 4, Phase.COORDINATION: 4, Phase.FRESHEN: taper}


def _priority(race: Race) -> tuple[Phase, ...]:
    if race.is_ultra:
        return (Phase.FRESHEN, Phase.AEROBIC, Phase.HILLS, Phase.COORDINATION, Phase.ANAEROBIC)
    return (Phase.FRESHEN, Phase.AEROBIC, Phase.COORDINATION, Phase.ANAEROBIC, Phase.HILLS)


def phase_weeks(n_weeks: int, race: Race, *, taper_weeks: int | None = None) -> dict[Phase, int]:
    """How many weeks each phase gets in a plan of ``n_weeks`` weeks.

    Args:
        n_weeks: weeks in the plan (the first may be partial), 1 or more.
        race: the goal race (ultras get the ultra lengths).
        taper_weeks: freshen-up weeks when given; else 2 (1 when the plan is under 8 weeks).

    Returns:
        Weeks per phase, every phase present (0 when dropped), summing to ``n_weeks``.

    Raises:
        InputError: for fewer than one week.
    """
    if n_weeks < 1:
        raise InputError(f"a plan needs at least one week, got {n_weeks}")
    if taper_weeks is None and n_weeks < 8:
        taper_weeks = 1
    nominal = _nominal(race, taper_weeks)
    fixed = sum(nominal.values())
    if n_weeks >= fixed + _AEROBIC_IDEAL_WEEKS:
        return {Phase.AEROBIC: n_weeks - fixed, **nominal}
    wanted = {Phase.AEROBIC: _AEROBIC_IDEAL_WEEKS, **nominal}
    priority = _priority(race)
    if n_weeks < len(wanted):
        kept = set(priority[:n_weeks])
        return {p: (1 if p in kept else 0) for p in _ORDER}
    # Proportional shares, at least one week each, largest remainders first; the taper
    # never grows past its nominal length.
    total = sum(wanted.values())
    shares = {p: wanted[p] * n_weeks / total for p in _ORDER}
    weeks = {p: max(1, int(shares[p])) for p in _ORDER}
    weeks[Phase.FRESHEN] = min(weeks[Phase.FRESHEN], nominal[Phase.FRESHEN])
    while sum(weeks.values()) > n_weeks:
        # Take from the phase furthest above its share, lowest priority first on ties.
        donor = max(
            (p for p in _ORDER if weeks[p] > 1),
            key=lambda p: (weeks[p] - shares[p], -priority.index(p)),
        )
        weeks[donor] -= 1
    while sum(weeks.values()) < n_weeks:
        growable = [p for p in _ORDER if p is not Phase.FRESHEN or weeks[p] < nominal[p]]
        taker = max(growable, key=lambda p: (shares[p] - weeks[p], -priority.index(p)))
        weeks[taker] += 1
    return weeks


def week_spans(start: date, race_day: date) -> list[tuple[date, date]]:
    """Cut ``start``..``race_day`` into weeks ending on race day's weekday.

    The last week ends on race day; the first may have fewer than seven days.

    Raises:
        InputError: when the race is not after the start.
    """
    if race_day <= start:
        raise InputError(
            f"race day {race_day.isoformat()} must be after the plan start {start.isoformat()}"
        )
    spans: list[tuple[date, date]] = []
    end = race_day
    while end >= start:
        first = max(start, end - timedelta(days=6))
        spans.append((first, end))
        end -= timedelta(days=7)
    spans.reverse()
    return spans


def phase_spans(weeks: list[tuple[date, date]], counts: dict[Phase, int]) -> list[PhaseSpan]:
    """Lay phases over weeks in Lydiard's order; phases with no weeks are left out."""
    out: list[PhaseSpan] = []
    index = 0
    for phase in _ORDER:
        n = counts.get(phase, 0)
        if n <= 0:
            continue
        out.append(PhaseSpan(phase, index, n, weeks[index][0], weeks[index + n - 1][1]))
        index += n
    return out
