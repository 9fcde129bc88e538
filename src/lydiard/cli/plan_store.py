"""What ``lydiard plan adapt --from-store`` reads from the store: activities and mornings.

Activities of the last 42 days become :class:`~lydiard.planning.done.DoneRecord` values
(date, sport, distance, moving time, load, ascent); the morning HRV journal gives today's
readiness (Plews rule) and, with the runs, the burnout screen (both from
:mod:`lydiard.physiology`). The planning core stays pure: it only sees the records.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from lydiard.physiology.burnout import assess_day
from lydiard.physiology.readiness import Readiness, Verdict, readiness
from lydiard.planning.adapt import Status
from lydiard.planning.done import DoneRecord

__all__ = ["LOOKBACK_DAYS", "from_store"]

LOOKBACK_DAYS = 42


def _num(value: float | None) -> float:
    return math.nan if value is None else float(value)


def from_store(athlete_name: str | None, today: date) -> tuple[list[DoneRecord], Status]:
    """The done records of the last :data:`LOOKBACK_DAYS` days and today's status.

    Args:
        athlete_name: whose records (the settings' athlete when the CLI gives none).
        today: the first day the adaptation may change.
    """
    from lydiard.cli.store_access import open_cli_store, read_settings
    from lydiard.store import ActivityFilter

    settings = read_settings()
    first = today - timedelta(days=LOOKBACK_DAYS)
    with open_cli_store(settings) as store:
        person = store.athletes.ensure(athlete_name or settings.athlete)
        rows = store.activities.list(
            ActivityFilter(athlete_id=person.id, start=first, end=today - timedelta(days=1))
        )
        entries = store.wellness.list(
            person.id, metrics=("hrv_rmssd_ms",), start=today - timedelta(days=90), end=today
        )
    done = [
        DoneRecord(
            r.local_date,
            r.sport,
            distance_m=_num(r.distance_m),
            duration_s=_num(r.moving_s if r.moving_s is not None else r.timer_s),
            load=_num(r.load),
            climb_m=_num(r.ascent_m),
        )
        for r in rows
    ]
    mornings = {e.day: math.log(e.value) for e in entries if e.value > 0}
    hrv: Readiness | None = readiness(mornings, today) if mornings else None
    runs = [(r.day, r.run_m) for r in done if r.sport.is_run]
    screen = assess_day(today, mornings=mornings or None, runs=runs)
    known = hrv if hrv is not None and hrv.verdict is not Verdict.NOT_ENOUGH_DATA else None
    status = Status.of(known, screen)
    return done, status
