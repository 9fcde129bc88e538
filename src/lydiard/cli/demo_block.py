"""The demo's training weeks: simulate them day by day and write what a watch would upload.

Activity files go to ``<data dir>/activities`` through the project's own writers: FIT for
most, GPX for every seventh outdoor run and TCX for every eleventh (as an archive gathered
from several devices and services would be), and the first fast long run also as GPX, the
same run exported twice, which the import recognises. The morning HRV and resting heart
rate go to ``<data dir>/wellness.csv``, the layout ``lydiard wellness import`` reads.
"""

from __future__ import annotations

import csv
import math
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from lydiard.exporters.activity_file import ActivityFormat, write_activity_file
from lydiard.model import Activity, Sport
from lydiard.simulate.athlete import SimAthlete
from lydiard.simulate.block import (
    NEXT_WEEK,
    WALMSLEY_BLOCK,
    Outing,
    SimulatedDay,
    scripted_block,
    simulate_days,
    week_outings,
)
from lydiard.simulate.wellness import Body

__all__ = ["BlockFiles", "block_start", "scripted_outings", "simulate_block"]

Tick = Callable[[int, int], None]


@dataclass
class BlockFiles:
    """What the simulation wrote.

    Attributes:
        first_day: the block's first day (a Monday).
        last_day: its last day (a Sunday).
        today: the day after it whose morning was also simulated.
        activities_dir: where the activity files are.
        wellness_csv: the morning journal.
        formats: files written per format.
        activities: activities simulated.
        duplicates: activities also written in a second format.
        start_fitness: the athlete's true fitness going into the block.
        days: the simulated days (truth: true fitness, fatigue, morning values).
        seconds: time spent simulating and writing.
    """

    first_day: date
    last_day: date
    today: date
    activities_dir: Path
    wellness_csv: Path
    formats: Counter[str] = field(default_factory=Counter)
    activities: int = 0
    duplicates: int = 0
    start_fitness: float = math.nan
    days: list[SimulatedDay] = field(default_factory=list)
    seconds: float = 0.0


def block_start(today: date, weeks: int) -> date:
    """The Monday ``weeks`` weeks before the week of ``today``."""
    return today - timedelta(days=today.weekday()) - timedelta(weeks=weeks)


def _format(activity: Activity, counts: Counter[str]) -> ActivityFormat:
    outdoor = activity.sport.is_run and activity.sport is not Sport.TREADMILL
    if not outdoor:
        return ActivityFormat.FIT
    counts["run"] += 1
    if counts["run"] % 11 == 0:
        return ActivityFormat.TCX
    if counts["run"] % 7 == 0:
        return ActivityFormat.GPX
    return ActivityFormat.FIT


def simulate_block(
    folder: Path,
    athlete: SimAthlete,
    outings: Sequence[Outing],
    first_day: date,
    today: date,
    *,
    seed: int = 1,
    start_fitness: float = 150.0,
    tick: Tick | None = None,
) -> BlockFiles:
    """Simulate a schedule from ``first_day`` to the day before ``today``, and today's morning.

    Args:
        folder: the demo's data directory.
        athlete: who.
        outings: the schedule (outings on or after ``today`` are not simulated).
        first_day: the first day simulated.
        today: the demo's today: only its morning (HRV, resting HR) is simulated.
        seed: the root seed.
        start_fitness: the athlete's fitness going into the first day.
        tick: progress callback ``tick(done_days, total_days)``.
    """
    started = time.perf_counter()
    result = BlockFiles(
        first_day=first_day,
        last_day=today - timedelta(days=1),
        today=today,
        activities_dir=folder / "activities",
        wellness_csv=folder / "wellness.csv",
        start_fitness=start_fitness,
    )
    counts: Counter[str] = Counter()
    total = (today - first_day).days + 1
    body = Body(athlete, fitness=start_fitness)
    twin_done = False
    schedule = [o for o in outings if first_day <= o.day < today]
    days = simulate_days(
        athlete, schedule, seed=seed, body=body, first_day=first_day, last_day=today
    )
    for n, day in enumerate(days, start=1):
        result.days.append(day)
        for sim in day.sessions:
            activity = sim.activity
            fmt = _format(activity, counts)
            month = result.activities_dir / f"{day.day:%Y-%m}"
            write_activity_file(activity, month, fmt)
            result.formats[fmt.value] += 1
            result.activities += 1
            long_run = activity.sport is Sport.TRAIL_RUN and sim.distance_m > 30_000
            if long_run and not twin_done and fmt is ActivityFormat.FIT:
                write_activity_file(activity, month, ActivityFormat.GPX)
                result.formats["gpx"] += 1
                result.duplicates += 1
                twin_done = True
        if tick is not None:
            tick(n, total)
    _write_wellness(result)
    result.seconds = time.perf_counter() - started
    return result


def scripted_outings(today: date, weeks: int) -> tuple[date, list[Outing]]:
    """(first day, outings): the scripted block's last weeks, then its next week to ``today``.

    The block's last ``weeks`` weeks end the Sunday before ``today``.
    """
    first = block_start(today, weeks)
    outings = scripted_block(first, WALMSLEY_BLOCK[len(WALMSLEY_BLOCK) - weeks :])
    this_week = week_outings(first + timedelta(weeks=weeks), NEXT_WEEK)
    return first, outings + [o for o in this_week if o.day < today]


def _write_wellness(result: BlockFiles) -> None:
    result.wellness_csv.parent.mkdir(parents=True, exist_ok=True)
    with result.wellness_csv.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["date", "hrv", "rhr"])
        for day in result.days:
            m = day.morning
            if math.isfinite(m.ln_rmssd):
                writer.writerow([m.day.isoformat(), f"{m.rmssd_ms:.1f}", f"{m.resting_hr_bpm:.0f}"])
