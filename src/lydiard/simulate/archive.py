"""Years of training, simulated: a large realistic archive for benchmarks and demos.

:func:`archive_weeks` lays out weeks of a runner's training life, season by season (base,
build, a race block, an easy month), with recovery weeks every fourth week and weekly
volumes that differ from year to year; each week is a scripted week
(:func:`lydiard.simulate.block.week_outings`, singles with cross-training on three
evenings). :func:`archive_activities` simulates them, a year at a time, until it has the
number of activities asked for: a ten-year archive of 5,000 activities by default.

Each year starts from its own seed and the athlete's state at its volume, so years can be
simulated in parallel (``years`` picks them) and give the same activities either way.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from lydiard.simulate.athlete import SimAthlete
from lydiard.simulate.block import BlockWeek, simulate_days, week_outings
from lydiard.simulate.session import SimulatedSession
from lydiard.simulate.wellness import Body

__all__ = ["ARCHIVE_START", "ArchiveYear", "archive_activities", "archive_weeks", "archive_years"]

#: The first Monday of the default archive.
ARCHIVE_START = date(2015, 1, 5)
_KEYS = ("10x1mi", "12x400", "20x1km", "5x1600", "4x2mi", "10x800", "8x200")
#: Share of the year's peak volume in each month of its season.
_SEASON = (0.70, 0.80, 0.90, 0.95, 1.00, 1.00, 0.95, 0.90, 1.00, 0.85, 0.60, 0.55)


@dataclass(frozen=True, slots=True)
class ArchiveYear:
    """One year of the archive.

    Attributes:
        index: 0 for the first year.
        first_monday: its first day.
        weeks: its weeks, in order.
        seed: its seed.
    """

    index: int
    first_monday: date
    weeks: tuple[BlockWeek, ...]
    seed: int


def archive_weeks(year: int, seed: int) -> tuple[BlockWeek, ...]:
    """The 52 weeks of one archive year (a peak volume of 110-190 km, seasons as above)."""
    rng = np.random.default_rng([seed, year])
    peak = float(rng.uniform(110.0, 190.0))
    weeks = []
    for n in range(52):
        share = _SEASON[min(n * 12 // 52, 11)]
        recovery = n % 4 == 3
        km = peak * share * (0.75 if recovery else 1.0) * float(rng.uniform(0.95, 1.05))
        quality = share >= 0.8 and not recovery
        key = _KEYS[(n + year) % len(_KEYS)] if quality else ""
        second = _KEYS[(n + year + 3) % len(_KEYS)] if quality and share >= 0.95 else ""
        long_km = round(max(14.0, min(0.22 * km, 45.0)))
        weeks.append(
            BlockWeek(
                round(km),
                key,
                second,
                long_km,
                "4:05/km",
                float(rng.uniform(10.0, 35.0)),
                "recovery" if recovery else "",
            )
        )
    return tuple(weeks)


def archive_years(
    years: int = 10, *, first_monday: date = ARCHIVE_START, seed: int = 1
) -> list[ArchiveYear]:
    """The years of an archive, each of 52 weeks."""
    if first_monday.weekday() != 0:
        raise ValueError(f"an archive starts on a Monday, got {first_monday:%A} {first_monday}")
    return [
        ArchiveYear(k, first_monday + timedelta(weeks=52 * k), archive_weeks(k, seed), seed + k)
        for k in range(years)
    ]


def simulate_year(athlete: SimAthlete, year: ArchiveYear) -> Iterator[SimulatedSession]:
    """Every activity of one archive year, in time order."""
    outings = []
    for n, week in enumerate(year.weeks):
        outings.extend(week_outings(year.first_monday + timedelta(weeks=n), week, doubles=False))
    # Easy running costs about 4.5 load units per km at this level (an hour at E about
    # 55): the year starts in balance with its average week.
    daily_km = float(np.mean([w.running_km for w in year.weeks])) / 7.0
    body = Body(athlete, fitness=4.5 * daily_km)
    for day in simulate_days(athlete, outings, seed=year.seed, body=body):
        yield from day.sessions


def archive_activities(
    athlete: SimAthlete | None = None,
    *,
    count: int = 5000,
    years: Sequence[ArchiveYear] | None = None,
) -> Iterator[SimulatedSession]:
    """Simulated activities of a training archive, oldest first, ``count`` of them at most.

    Args:
        athlete: who (a sub-elite trail runner, VDOT 60, when None).
        count: how many activities.
        years: the years to simulate (ten from :data:`ARCHIVE_START` when None).
    """
    athlete = athlete or SimAthlete(name="archive", vdot=60.0, hr_max_bpm=188.0)
    made = 0
    for year in years if years is not None else archive_years():
        for session in simulate_year(athlete, year):
            if made >= count:
                return
            made += 1
            yield session
    if made == 0 and count > 0:
        raise ValueError("the archive has no activities: give it at least one year")
